"""The two NLU pipelines compared: ours from config.yml and Rasa's stock pipeline."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Dict, List

import yaml

from scripts.trained_model import ROOT

PRODUCT_CONFIG = ROOT / "config.yml"
# The seed of our DIETClassifier, also given to the stock one so both runs repeat exactly.
DIET_RANDOM_SEED = 42


def our_pipeline(epochs: int) -> Dict[str, Any]:
    """Return config.yml's NLU part with DIET trained for ``epochs``."""
    config = yaml.safe_load(PRODUCT_CONFIG.read_text(encoding="utf-8"))
    pipeline = copy.deepcopy(config["pipeline"])
    for component in pipeline:
        if component["name"] == "DIETClassifier":
            component["epochs"] = epochs
    return {"recipe": "default.v1", "assistant_id": "benchmark-ours", "language": config["language"], "pipeline": pipeline}


def stock_pipeline(epochs: int, language: str = "fa") -> Dict[str, Any]:
    """Return Rasa's stock pipeline with DIET trained for ``epochs``.

    These are the components of Rasa 3.6's default config
    (``rasa/engine/recipes/config_files/default_config.yml``) up to DIET, which classifies
    intents and tags entities. The EntitySynonymMapper, ResponseSelector and
    FallbackClassifier that follow it there are left out.
    """
    pipeline: List[Dict[str, Any]] = [
        {"name": "WhitespaceTokenizer"},
        {"name": "RegexFeaturizer"},
        {"name": "LexicalSyntacticFeaturizer"},
        {"name": "CountVectorsFeaturizer"},
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
        {
            "name": "DIETClassifier",
            "epochs": epochs,
            "constrain_similarities": True,
            "random_seed": DIET_RANDOM_SEED,
        },
    ]
    return {"recipe": "default.v1", "assistant_id": "benchmark-stock", "language": language, "pipeline": pipeline}


def write_config(config: Dict[str, Any], path: Path) -> Path:
    """Write a Rasa config file and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
