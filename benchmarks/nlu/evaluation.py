"""Train one NLU pipeline, then score and time it on the held-out set and its rewrites."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from pathlib import Path
from typing import Any, Dict, List

from rasa.shared.nlu.training_data.message import Message

from benchmarks.nlu.datasets import Dataset
from benchmarks.nlu.pipelines import write_config
from benchmarks.nlu.rewrites import REWRITES, rewrite_all
from benchmarks.stats import latency_summary
from scripts.evaluate_nlu import score_parses

logger = logging.getLogger(__name__)

FALLBACK_INTENT = "nlu_fallback"
WARM_UP_PARSES = 20


def train(config: Dict[str, Any], training_file: Path, folder: Path, name: str) -> Dict[str, Any]:
    """Train the NLU model of ``config`` and return its path, training time and size."""
    from rasa.model_training import train_nlu

    config_file = write_config(config, folder / f"{name}-config.yml")
    started = time.perf_counter()
    model = train_nlu(str(config_file), str(training_file), str(folder), fixed_model_name=name)
    seconds = time.perf_counter() - started
    if model is None:
        raise RuntimeError(f"Training the {name} pipeline failed; see Rasa's log above")

    return {"model": model, "training_seconds": round(seconds, 1), "model_bytes": Path(model).stat().st_size}


def evaluate(model: str, dataset: Dataset, seed: int) -> Dict[str, Any]:
    """Score ``model`` on the held-out set and on each rewrite of it, and time its parses."""
    return asyncio.run(_evaluate(model, dataset, seed))


async def _evaluate(model: str, dataset: Dataset, seed: int) -> Dict[str, Any]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    started = time.perf_counter()
    agent = Agent.load(model)
    load_seconds = time.perf_counter() - started
    texts = [example.get("text") for example in dataset.held_out]

    for text in texts[:WARM_UP_PARSES]:
        await agent.parse_message(text)
    parsed, seconds = [], []
    for text in texts:
        started = time.perf_counter()
        parsed.append(await agent.parse_message(text))
        seconds.append(time.perf_counter() - started)

    figures: Dict[str, Any] = {
        "clean": _scores(dataset.held_out, parsed, dataset),
        "parse_latency": latency_summary(seconds),
        "load_seconds": round(load_seconds, 1),
        "rewrites": {},
    }
    for name in REWRITES:
        rewritten = rewrite_all(texts, name, seed)
        changed = [index for index, (before, after) in enumerate(zip(texts, rewritten)) if before != after]
        results = [await agent.parse_message(text) for text in rewritten]
        figures["rewrites"][name] = _rewrite_scores(dataset.held_out, results, changed)
    return figures


def _scores(examples: List[Message], parsed: List[Dict], dataset: Dataset) -> Dict[str, Any]:
    scores = dataclasses.asdict(score_parses(examples, parsed, dataset.annotated_types))
    scores["classifier_intent_accuracy"] = _classifier_accuracy(examples, parsed)
    scores["fallback_share"] = _fallback_share(parsed)
    return scores


def _rewrite_scores(examples: List[Message], parsed: List[Dict], changed: List[int]) -> Dict[str, Any]:
    """Intent accuracy on the whole rewritten set and on the examples the rewrite changed."""
    changed_examples = [examples[index] for index in changed]
    changed_parses = [parsed[index] for index in changed]
    return {
        "changed": len(changed),
        "intent_accuracy": _accuracy(examples, parsed),
        "intent_accuracy_on_changed": _accuracy(changed_examples, changed_parses) if changed else None,
        "classifier_intent_accuracy": _classifier_accuracy(examples, parsed),
        "fallback_share": _fallback_share(parsed),
    }


def _accuracy(examples: List[Message], parsed: List[Dict]) -> float:
    right = sum(example.get("intent") == result["intent"]["name"] for example, result in zip(examples, parsed))
    return right / len(examples) if examples else 0.0


def _classifier_accuracy(examples: List[Message], parsed: List[Dict]) -> float:
    """Accuracy of the best intent other than the FallbackClassifier's ``nlu_fallback``."""
    right = 0
    for example, result in zip(examples, parsed):
        ranking = [entry["name"] for entry in result.get("intent_ranking", []) if entry["name"] != FALLBACK_INTENT]
        best = ranking[0] if ranking else result["intent"]["name"]
        right += example.get("intent") == best
    return right / len(examples) if examples else 0.0


def _fallback_share(parsed: List[Dict]) -> float:
    fallbacks = sum(result["intent"]["name"] == FALLBACK_INTENT for result in parsed)
    return fallbacks / len(parsed) if parsed else 0.0
