"""Measure intent accuracy and entity F1 on a held-out part of the training data.

Splits data/nlu (80 % train, 20 % test, fixed seed), trains the NLU pipeline of
config.yml on the training part only, and evaluates on the held-out part. The catalogue
extractor reads the configured database, so it is migrated and seeded first.

    .venv/bin/python -m scripts.evaluate_nlu
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scripts.trained_model import ROOT
from servicedesk.migrate import upgrade
from servicedesk.seed import seed_database

OUTPUT = ROOT / "results" / "nlu-holdout"
SEED = "7"


def rasa(*arguments: str) -> None:
    """Run a Rasa command from the repository root, failing on a non-zero exit."""
    subprocess.run([str(Path(sys.executable).parent / "rasa"), *arguments], cwd=ROOT, check=True)


def main() -> None:
    """Split, train, test and print the figures."""
    upgrade()
    seed_database()
    split = OUTPUT / "split"
    rasa("data", "split", "nlu", "--nlu", "data/nlu", "--training-fraction", "0.8",
         "--random-seed", SEED, "--out", str(split))
    rasa("train", "nlu", "--config", "config.yml", "--nlu", str(split / "training_data.yml"),
         "--out", str(OUTPUT / "model"), "--fixed-model-name", "holdout")
    rasa("test", "nlu", "--model", str(OUTPUT / "model" / "holdout.tar.gz"),
         "--nlu", str(split / "test_data.yml"), "--out", str(OUTPUT / "report"))

    intents = json.loads((OUTPUT / "report" / "intent_report.json").read_text())
    print(f"intent accuracy: {intents['accuracy']:.3f}")
    print(f"intent macro F1: {intents['macro avg']['f1-score']:.3f}")
    for report in sorted((OUTPUT / "report").glob("*Extractor_report.json")):
        entities = json.loads(report.read_text())
        summary = entities.get("micro avg") or entities.get("weighted avg")
        print(f"{report.stem}: entity micro F1 {summary['f1-score']:.3f}, "
              f"precision {summary['precision']:.3f}, recall {summary['recall']:.3f}")


if __name__ == "__main__":
    main()
