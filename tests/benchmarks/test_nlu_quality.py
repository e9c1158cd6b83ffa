"""Smoke run of the NLU quality benchmark: both pipelines trained and scored."""

import pytest

from benchmarks.nlu.rewrites import REWRITES
from tests.benchmarks.conftest import run_benchmark


@pytest.fixture(scope="module")
def smoke_result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nlu-quality")
    return folder, run_benchmark("benchmarks.nlu_quality", [], folder)


def test_result_names_command_and_machine(smoke_result):
    folder, result = smoke_result
    assert result["benchmark"] == "nlu-quality-data-nlu"
    assert result["command"] == f"python -m benchmarks.nlu_quality --smoke --output {folder}"
    assert result["machine"]["cores"]
    assert result["machine"]["cpu_model"]


def test_both_pipelines_are_scored(smoke_result):
    _, result = smoke_result
    figures = result["figures"]
    assert figures["smoke"] is True
    assert figures["held_out_examples"] > 0
    assert set(figures["pipelines"]) == {"ours", "stock"}

    for pipeline in figures["pipelines"].values():
        clean = pipeline["clean"]
        assert clean["examples"] == figures["held_out_examples"]
        assert 0.0 <= clean["intent_accuracy"] <= 1.0
        assert 0.0 <= clean["entity_f1"] <= 1.0
        assert clean["entity_annotations"] > 0
        assert pipeline["training_seconds"] > 0
        assert pipeline["model_bytes"] > 0


def test_parse_latency_is_timed_per_message(smoke_result):
    _, result = smoke_result
    figures = result["figures"]
    for pipeline in figures["pipelines"].values():
        latency = pipeline["parse_latency"]
        assert latency["count"] == figures["held_out_examples"]
        assert 0 < latency["p50_ms"] <= latency["p95_ms"]


def test_every_rewrite_is_scored(smoke_result):
    _, result = smoke_result
    for pipeline in result["figures"]["pipelines"].values():
        assert set(pipeline["rewrites"]) == set(REWRITES)
        for name, rewrite in pipeline["rewrites"].items():
            assert 0.0 <= rewrite["intent_accuracy"] <= 1.0
            if "digits" not in name:
                assert rewrite["changed"] > 0, name


def test_our_extractors_set_canonical_values(smoke_result):
    _, result = smoke_result
    ours = result["figures"]["pipelines"]["ours"]["clean"]
    assert ours["values_checked"] > 0
    assert ours["values_right"] == ours["values_checked"]
