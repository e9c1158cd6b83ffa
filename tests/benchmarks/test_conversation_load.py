"""Smoke run of the conversation load benchmark: our assistant through the gateway."""

import pytest

from tests.benchmarks.conftest import run_benchmark


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    folder = tmp_path_factory.mktemp("conversation-load")
    result = run_benchmark("benchmarks.conversation_load", [], folder)
    [(name, figures)] = result["figures"]["scenarios"].items()
    return name, figures


def test_smoke_runs_our_assistant_on_sqlite(scenario):
    name, _ = scenario
    assert name.startswith("ours-sqlite-1rasa-")


def test_every_level_answers_turns(scenario):
    _, figures = scenario
    levels = figures["levels"]
    assert [level["mode"] for level in levels] == ["open", "closed", "closed"]
    for level in levels:
        assert level["answered"] > 0, level
        assert level["lost"] == 0, level["problems"]
        assert level["errors"] == 0, level["problems"]
        assert level["wrong_replies"] == 0, level["wrong_reply_examples"]
        assert level["throughput_per_second"] > 0
        assert 0 < level["latency"]["p50_ms"] <= level["latency"]["p95_ms"] <= level["latency"]["p99_ms"]


def test_saturation_is_computed(scenario):
    _, figures = scenario
    saturation = figures["saturation"]
    assert saturation["peak_throughput_per_second"] > 0


def test_profile_samples_every_service(scenario):
    _, figures = scenario
    profile = figures["profile"]
    assert profile["level"]["answered"] > 0
    assert set(profile["services"]) == {"action server", "rasa 1", "gateway"}
    for summary in profile["services"].values():
        assert summary["samples"] > 0, profile["services"]
        assert abs(sum(summary["categories"].values()) - 1) < 0.01


def test_memory_of_each_service_is_sampled(scenario):
    _, figures = scenario
    memory = figures["peak_memory_bytes"]
    assert set(memory) == {"action server", "rasa 1", "gateway"}
    assert all(value > 10 * 2**20 for value in memory.values()), memory
    assert figures["peak_memory_total_bytes"] == sum(memory.values())
