"""Compare our Persian NLU pipeline with Rasa's stock pipeline: quality, robustness, speed.

Trains both pipelines on the same training part, then parses the held-out part and each
typing rewrite of it: Arabic letters and digits, half-spaces, kashida, repeated letters
and spoken forms. Intent and entity figures, training time, model size and parse latency
go to ``results/benchmarks/nlu-quality-DATASET.json``.

    python -m benchmarks.nlu_quality                           # data/nlu, fixed 80/20 split
    python -m benchmarks.nlu_quality --dataset DATASET_DIR     # train|dev|test/seq.in layout
    python -m benchmarks.nlu_quality --smoke                   # tiny subset, 1 epoch

On our own data it also times training the whole product model (NLU and dialogue, as
``rasa train`` does) from scratch, except in smoke runs. Every training starts from scratch: Rasa's training
cache is switched off for this process.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
from pathlib import Path
from typing import Any, Dict

from benchmarks.results import DEFAULT_RESULTS, write_result

SMOKE_EXAMPLES = 40
SMOKE_EPOCHS = 1
REWRITE_SEED = 7

logger = logging.getLogger("benchmarks.nlu_quality")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, help="folder with train/ and test/ in the seq.in, seq.out, label layout (default: data/nlu split 80/20)")
    parser.add_argument("--epochs", type=int, default=50, help="DIET epochs of both pipelines (default: 50, as config.yml)")
    parser.add_argument("--smoke", action="store_true", help=f"train on about {SMOKE_EXAMPLES} examples for {SMOKE_EPOCHS} epoch and score half as many, to check the benchmark runs")
    parser.add_argument("--skip-full-model", action="store_true", help="do not time training the whole product model (NLU and dialogue) from scratch")
    parser.add_argument("--output", type=Path, help="folder for the JSON result (default: results/benchmarks, or results/benchmarks/smoke with --smoke)")
    return parser.parse_args()


def main() -> None:
    """Train, score and time both pipelines and write the result."""
    arguments = parse_arguments()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Rasa reads the cache size when training starts; 0 turns the cache off.
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"

    from benchmarks.nlu.datasets import folder_dataset, our_dataset
    from benchmarks.nlu.evaluation import evaluate, train
    from benchmarks.nlu.full_training import train_full_model
    from benchmarks.nlu.pipelines import our_pipeline, stock_pipeline
    from servicedesk.migrate import upgrade
    from servicedesk.seed import seed_database

    limit = SMOKE_EXAMPLES if arguments.smoke else None
    epochs = SMOKE_EPOCHS if arguments.smoke else arguments.epochs
    output = arguments.output or (DEFAULT_RESULTS / "smoke" if arguments.smoke else DEFAULT_RESULTS)

    # The catalogue extractor of our pipeline reads courses, provinces and clinic topics.
    upgrade()
    seed_database()

    dataset = folder_dataset(arguments.dataset, limit) if arguments.dataset else our_dataset(limit)
    name = "nlu-quality-" + re.sub(r"[^a-z0-9]+", "-", dataset.name.lower()).strip("-")
    work = output / "work" / name
    training_file = work / "training_data.yml"
    work.mkdir(parents=True, exist_ok=True)
    dataset.training.persist(str(work), filename=training_file.name)
    logger.info("Dataset %s: %d training and %d held-out examples", dataset.name,
                len(dataset.training.intent_examples), len(dataset.held_out))

    figures: Dict[str, Any] = {
        "dataset": dataset.name,
        "training_examples": len(dataset.training.intent_examples),
        "held_out_examples": len(dataset.held_out),
        "entity_types": sorted(dataset.annotated_types),
        "diet_epochs": epochs,
        "smoke": arguments.smoke,
        "rewrite_seed": REWRITE_SEED,
        "pipelines": {},
    }
    for pipeline, config in (("ours", our_pipeline(epochs)), ("stock", stock_pipeline(epochs))):
        logger.info("Training the %s pipeline (%d DIET epochs)", pipeline, epochs)
        trained = train(config, training_file, work, pipeline)
        logger.info("Trained the %s pipeline in %.1f s; scoring it", pipeline, trained["training_seconds"])
        figures["pipelines"][pipeline] = {
            "training_seconds": trained["training_seconds"],
            "model_bytes": trained["model_bytes"],
            **evaluate(trained["model"], dataset, REWRITE_SEED),
        }

    # NOTE: smoke runs skip this step (about 30 s even at one epoch), so the tests do not run it.
    if not (arguments.dataset or arguments.skip_full_model or arguments.smoke):
        logger.info("Training the whole product model (config.yml, domain.yml, data/) from scratch")
        figures["full_model"] = train_full_model(work)
        logger.info("Trained the whole product model in %.1f s", figures["full_model"]["training_seconds"])

    placeholders = {str(arguments.dataset): "DATASET_DIR"} if arguments.dataset else None
    path = write_result(output, name, figures, placeholders)
    print_summary(figures)
    print(f"Wrote {path}")


def print_summary(figures: Dict[str, Any]) -> None:
    """Print the headline figures of both pipelines."""
    for pipeline, result in figures["pipelines"].items():
        clean, latency = result["clean"], result["parse_latency"]
        rewrites = " ".join(f"{name}={scores['intent_accuracy']:.3f}" for name, scores in result["rewrites"].items())
        print(
            f"{pipeline}: intent accuracy {clean['intent_accuracy']:.3f}, macro F1 {clean['intent_macro_f1']:.3f}, "
            f"entity F1 {clean['entity_f1']:.3f}, training {result['training_seconds']} s, "
            f"parse p95 {latency['p95_ms']} ms; rewrites: {rewrites}"
        )


if __name__ == "__main__":
    main()
