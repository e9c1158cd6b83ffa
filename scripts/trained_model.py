"""Train the Rasa model only when its inputs changed.

The model file is named after a hash of everything that shapes it (config, domain,
training data and the NLU components' code and tables), so the run command and the tests
reuse one trained model until one of those files changes.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
MODEL_PREFIX = "persian-service-desk"

logger = logging.getLogger(__name__)


def model_inputs() -> List[Path]:
    """Return every file whose content changes what training produces."""
    files = [ROOT / "config.yml", ROOT / "domain.yml", ROOT / "requirements.txt"]
    files += sorted((ROOT / "data").rglob("*.yml"))
    files += sorted((ROOT / "nlu").rglob("*.py"))
    files += sorted((ROOT / "nlu" / "tables").glob("*"))
    return files


# Pinned packages whose versions change what training produces; other pins (browser
# drivers, HTTP clients) leave the model alone and must not force a retraining.
TRAINING_PACKAGES = ("rasa", "rasa-sdk", "tensorflow", "numpy", "scikit-learn", "scipy", "spacy", "hazm")


def training_pins(requirements: Path) -> bytes:
    """Return the lines of a requirements file that pin a training package."""
    lines = requirements.read_text().splitlines()
    return "\n".join(line for line in lines if line.split("==")[0].strip().lower() in TRAINING_PACKAGES).encode()


def inputs_hash(files: Iterable[Path]) -> str:
    """Hash the names and contents of ``files`` (only training pins of requirements)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(training_pins(path) if path.name == "requirements.txt" else path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    """Return where the model for the current inputs lives, trained or not."""
    return MODELS / f"{MODEL_PREFIX}-{inputs_hash(model_inputs())}.tar.gz"


def ensure_model() -> Path:
    """Train the model unless one for the current inputs exists; return its path."""
    path = model_path()
    if path.exists():
        logger.info("Reusing trained model %s", path.name)
        return path

    logger.info("Training %s (config, domain, data or NLU code changed)", path.name)
    command = [
        str(Path(sys.executable).parent / "rasa"),
        "train",
        "--config", "config.yml",
        "--domain", "domain.yml",
        "--data", "data",
        "--out", str(MODELS),
        "--fixed-model-name", path.name[: -len(".tar.gz")],
    ]
    subprocess.run(command, cwd=ROOT, check=True)
    return path


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    print(ensure_model())
