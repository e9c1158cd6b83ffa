"""Smoke run of the ClinicSlot race on SQLite and PostgreSQL."""

import pytest

from benchmarks.databases import postgres_problem
from tests.benchmarks.conftest import run_benchmark
from tests.conftest import services_required


def check_race(result):
    assert result["rounds"], "no round ran"
    for round_ in result["rounds"]:
        assert round_["booked"] == 1, round_
        assert round_["active_bookings"] == 1, round_
        assert round_["booked"] + round_["taken"] + round_["none_free"] + round_["errors"] == result["racers"]
    assert result["passed"] is True
    assert result["attempt_latency"]["count"] == result["racers"] * len(result["rounds"])


def test_slot_race_on_sqlite_books_once_per_round(tmp_path):
    result = run_benchmark("benchmarks.slot_race", ["--databases", "sqlite"], tmp_path)
    check_race(result["figures"]["databases"]["sqlite"])


def test_slot_race_on_postgresql_books_once_per_round(tmp_path):
    problem = postgres_problem()
    if problem:
        if services_required():
            pytest.fail(f"{problem} (REQUIRE_SERVICES=1 makes this mandatory)")
        pytest.skip(problem)

    result = run_benchmark("benchmarks.slot_race", ["--databases", "postgresql"], tmp_path)
    check_race(result["figures"]["databases"]["postgresql"])
