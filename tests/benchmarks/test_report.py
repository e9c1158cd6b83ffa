"""Rendering results into docs/benchmarks.md: tables, targets, plots, kept hand-written text."""

import json

import pytest

from benchmarks.load.scenarios import saturation
from benchmarks.nlu.rewrites import REWRITES
from benchmarks.report import END_MARKER, START_MARKER, render
from benchmarks.report_targets import check_targets

MACHINE = {"cpu_model": "Test CPU", "cores": "2", "memory_gib": "24.0", "system": "Linux", "python": "3.10", "rasa": "3.6.21", "load_average_before": "0.10 0.10 0.10"}


def latency(p95):
    return {"count": 10, "mean_ms": p95 / 2, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 1.2}


def pipeline(accuracy, rewritten):
    clean = {
        "examples": 10, "intent_accuracy": accuracy, "intent_macro_f1": accuracy, "entity_precision": 0.8,
        "entity_recall": 0.9, "entity_f1": 0.85, "entity_annotations": 5, "values_checked": 2, "values_right": 2,
        "classifier_intent_accuracy": accuracy, "fallback_share": 0.0,
    }
    rewrites = {
        name: {"changed": 3, "intent_accuracy": rewritten, "intent_accuracy_on_changed": rewritten,
               "classifier_intent_accuracy": rewritten, "fallback_share": 0.0}
        for name in REWRITES
    }
    return {"training_seconds": 100.0, "model_bytes": 2**20, "load_seconds": 5.0, "clean": clean,
            "parse_latency": latency(9.0), "rewrites": rewrites}


def level(mode, users, rate, p95):
    return {"mode": mode, "users": users, "seconds": 10.0, "turns": 100, "answered": 100, "lost": 0, "errors": 0,
            "wrong_replies": 0, "late_replies": 0, "throughput_per_second": rate, "latency": latency(p95),
            "conversations": {}, "problems": [], "wrong_reply_examples": []}


def scenario(rate):
    levels = [level("open", 50, 9.0, 200.0), level("closed", 1, rate / 2, 100.0), level("closed", 2, rate, 900.0), level("closed", 4, rate, 1500.0)]
    return {"model": "m", "levels": levels, "profile": None, "saturation": saturation(levels[1:], 1000.0),
            "peak_memory_bytes": {"rasa 1": 10**9}, "peak_memory_total_bytes": 10**9}


def wrap(name, figures):
    return {"benchmark": name, "finished_at": "2026-12-05T01:00:00+00:00", "command": f"python -m benchmarks.{name}",
            "machine": MACHINE, "figures": figures}


@pytest.fixture
def documents():
    nlu = {"dataset": "data/nlu", "training_examples": 40, "held_out_examples": 10, "entity_types": ["mobile"],
           "diet_epochs": 50, "smoke": False, "rewrite_seed": 7,
           "pipelines": {"ours": pipeline(0.9, 0.9), "stock": pipeline(0.85, 0.8)},
           "full_model": {"training_seconds": 200.0, "model_bytes": 2**21}}
    load = {"settings": {"open_seconds": 30, "think_seconds": 5, "closed_seconds": 15, "p95_limit_ms": 1000,
                         "turn_timeout_seconds": 10, "via": "gateway"},
            "scenarios": {"ours-sqlite-1rasa-via-gateway": scenario(10.0), "stock-sqlite-1rasa-via-rasa": scenario(20.0)}}
    race = {"processes": 2, "threads_per_process": 2, "rounds": 1, "databases": {"sqlite": {
        "racers": 4, "rounds": [{"booked": 1, "taken": 3, "none_free": 0, "errors": 0, "error_messages": [], "active_bookings": 1, "passed": True}],
        "passed": True, "bookings": 1, "taken": 3, "errors": 0, "attempt_latency": latency(50.0)}}}
    return {
        "nlu-quality-data-nlu": wrap("nlu-quality-data-nlu", nlu),
        "conversation-load": wrap("conversation-load", load),
        "slot-race": wrap("slot-race", race),
    }


def test_saturation_stops_at_the_p95_limit():
    levels = [level("closed", 1, 5.0, 100.0), level("closed", 2, 9.0, 800.0), level("closed", 4, 11.0, 1500.0)]
    result = saturation(levels, 1000.0)
    assert result["throughput_per_second"] == 9.0
    assert result["users"] == 2
    assert result["first_users_over_limit"] == 4
    assert result["peak_throughput_per_second"] == 11.0


def test_saturation_ignores_levels_with_lost_turns():
    lossy = level("closed", 2, 9.0, 800.0)
    lossy["lost"] = 1
    result = saturation([level("closed", 1, 5.0, 100.0), lossy], 1000.0)
    assert result["throughput_per_second"] == 5.0


def test_targets_report_met_and_missed(documents):
    checks = {check.target: check for check in check_targets(documents)}
    robustness = next(check for target, check in checks.items() if "typing rewrites" in target)
    assert robustness.met is True
    saturation_check = next(check for target, check in checks.items() if "80%" in target)
    assert saturation_check.met is False
    assert "50%" in saturation_check.measured
    memory = next(check for target, check in checks.items() if "3 GB" in target)
    assert memory.met is True


def test_render_writes_tables_and_plots(documents, tmp_path):
    markdown = render(documents, tmp_path / "benchmarks", tmp_path)
    assert "## Targets" in markdown
    assert "| intent accuracy | 0.900 | 0.850 |" in markdown
    assert "## ClinicSlot race" in markdown
    assert "ours-sqlite-1rasa-via-gateway" in markdown
    assert "Test CPU, 2 cores" in markdown
    for plot in ("nlu-quality-data-nlu-robustness.png", "load-open-loop.png", "load-closed-loop.png"):
        assert (tmp_path / "benchmarks" / plot).stat().st_size > 1000
        assert f"(benchmarks/{plot})" in markdown


def test_report_command_keeps_hand_written_text(documents, tmp_path, monkeypatch):
    from benchmarks import report

    results = tmp_path / "results"
    results.mkdir()
    for name, document in documents.items():
        (results / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# Benchmarks\n\nintro\n\n{START_MARKER}\nold\n{END_MARKER}\n\nanalysis\n", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["report", "--results", str(results), "--page", str(page)])

    report.main()

    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nintro\n")
    assert text.endswith("\n\nanalysis\n")
    assert "old" not in text
    assert "## Targets" in text
