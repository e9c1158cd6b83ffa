"""Measure intent accuracy and entity F1 on a held-out part of the training data.

Splits data/nlu (80 % train, 20 % test, fixed seed), trains the NLU pipeline of a config
on the training part only, parses every held-out example and compares:

- intent accuracy and macro F1;
- entities from all extractors together: exact span and label (precision, recall, F1),
  and, for annotated canonical values, how often the extracted value equals it. Entity
  types that the training data never annotates (``ordinal``, ``course_attribute``) are
  left out, since no annotation could confirm them.

The catalogue extractor reads the configured database, so it is migrated and seeded first.

    .venv/bin/python -m scripts.evaluate_nlu [--config config.yml]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Set, Tuple

from scripts.trained_model import ROOT
from servicedesk.migrate import upgrade
from servicedesk.seed import seed_database

OUTPUT = ROOT / "results" / "nlu-holdout"
SEED = "7"
Entity = Tuple[int, int, str]


def rasa(*arguments: str) -> None:
    """Run a Rasa command from the repository root, failing on a non-zero exit."""
    subprocess.run([str(Path(sys.executable).parent / "rasa"), *arguments], cwd=ROOT, check=True)


def split_and_train(config: Path) -> Tuple[Path, Path]:
    """Split the data and train the NLU model on the training part."""
    split = OUTPUT / "split"
    rasa("data", "split", "nlu", "--nlu", "data/nlu", "--training-fraction", "0.8",
         "--random-seed", SEED, "--out", str(split))
    rasa("train", "nlu", "--config", str(config), "--nlu", str(split / "training_data.yml"),
         "--out", str(OUTPUT / "model"), "--fixed-model-name", "holdout")
    return OUTPUT / "model" / "holdout.tar.gz", split / "test_data.yml"


async def parse_all(model: Path, texts: List[str]) -> List[Dict]:
    """Parse every text with the trained model, in this process."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class HoldoutScores:
    """Intent and entity figures of one model on one held-out set."""

    examples: int
    intent_accuracy: float
    intent_macro_f1: float
    entity_precision: float
    entity_recall: float
    entity_f1: float
    entity_annotations: int
    values_checked: int
    values_right: int


def score_parses(examples: List, parsed: List[Dict], annotated_types: Set[str]) -> HoldoutScores:
    """Compare parse results with the annotated examples they came from.

    ``examples`` are Rasa ``Message`` objects and ``parsed`` the parse results in the same
    order. Only entities of ``annotated_types`` count, since no annotation could confirm
    other types.
    """
    correct = Counter()
    predicted = Counter()
    expected = Counter()
    gold_spans: Set[Tuple[int, Entity]] = set()
    predicted_spans: Set[Tuple[int, Entity]] = set()
    values_checked = values_right = 0

    for index, (example, result) in enumerate(zip(examples, parsed)):
        gold_intent, predicted_intent = example.get("intent"), result["intent"]["name"]
        expected[gold_intent] += 1
        predicted[predicted_intent] += 1
        correct[gold_intent] += gold_intent == predicted_intent

        found = {
            (entity["start"], entity["end"], entity["entity"]): entity["value"]
            for entity in result["entities"]
            if entity["entity"] in annotated_types
        }
        predicted_spans |= {(index, span) for span in found}
        for entity in example.get("entities", []):
            span = (entity["start"], entity["end"], entity["entity"])
            gold_spans.add((index, span))
            typed = example.get("text")[entity["start"] : entity["end"]]
            if entity["value"] != typed and span in found:
                values_checked += 1
                values_right += str(found[span]) == str(entity["value"])

    total = sum(expected.values())
    per_intent_f1 = [
        f1(correct[intent] / predicted[intent] if predicted[intent] else 0.0, correct[intent] / expected[intent])
        for intent in expected
    ]
    matched = len(gold_spans & predicted_spans)
    precision = matched / len(predicted_spans) if predicted_spans else 0.0
    recall = matched / len(gold_spans) if gold_spans else 0.0
    return HoldoutScores(
        examples=total,
        intent_accuracy=sum(correct.values()) / total if total else 0.0,
        intent_macro_f1=sum(per_intent_f1) / len(per_intent_f1) if per_intent_f1 else 0.0,
        entity_precision=precision,
        entity_recall=recall,
        entity_f1=f1(precision, recall),
        entity_annotations=len(gold_spans),
        values_checked=values_checked,
        values_right=values_right,
    )


def main() -> None:
    """Split, train, parse the held-out part and print the figures."""
    from rasa.shared.nlu.training_data.loading import load_data

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="config.yml", type=Path, help="Rasa config to evaluate")
    arguments = parser.parse_args()

    upgrade()
    seed_database()
    model, test_file = split_and_train(arguments.config)
    examples = load_data(str(test_file)).intent_examples
    annotated_types = set(load_data("data/nlu").entities)
    parsed = asyncio.run(parse_all(model, [example.get("text") for example in examples]))
    scores = score_parses(examples, parsed, annotated_types)

    print(f"held-out examples: {scores.examples} (config {arguments.config})")
    print(f"intent accuracy: {scores.intent_accuracy:.3f}")
    print(f"intent macro F1: {scores.intent_macro_f1:.3f}")
    print(f"entities (exact span and label): precision {scores.entity_precision:.3f}, "
          f"recall {scores.entity_recall:.3f}, F1 {scores.entity_f1:.3f} "
          f"over {scores.entity_annotations} annotations")
    if scores.values_checked:
        print(f"canonical values equal to the annotation: {scores.values_right}/{scores.values_checked}")


if __name__ == "__main__":
    main()
