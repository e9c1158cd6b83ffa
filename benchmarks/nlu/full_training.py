"""Train the whole product model (NLU and dialogue policies) from scratch and time it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Dict

from benchmarks.nlu.pipelines import PRODUCT_CONFIG
from scripts.trained_model import ROOT


def train_full_model(folder: Path) -> Dict[str, Any]:
    """Train config.yml, domain.yml and data/ as ``rasa train`` does; return time and size.

    Rasa's training cache must be off for a time from scratch.
    """
    from rasa.model_training import train

    started = time.perf_counter()
    result = train(
        domain=str(ROOT / "domain.yml"),
        config=str(PRODUCT_CONFIG),
        training_files=[str(ROOT / "data")],
        output=str(folder),
        fixed_model_name="full",
        force_training=True,
    )
    seconds = time.perf_counter() - started
    if result.code != 0 or not result.model:
        raise RuntimeError(f"Training the full model failed with code {result.code}; see Rasa's log above")
    return {"training_seconds": round(seconds, 1), "model_bytes": Path(result.model).stat().st_size}
