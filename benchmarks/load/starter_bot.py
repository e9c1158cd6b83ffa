"""Rasa's own starter bot, created by ``rasa init`` and trained once per Rasa version."""

from __future__ import annotations

import logging
import subprocess
from importlib.metadata import version
from pathlib import Path

from benchmarks.load.services import rasa_executable
from scripts.trained_model import ROOT

logger = logging.getLogger(__name__)


def starter_bot_model(work: Path) -> Path:
    """Return the trained starter bot's model, creating and training it when missing."""
    project = work / f"starter-bot-rasa-{version('rasa')}"
    models = sorted((project / "models").glob("*.tar.gz"))
    if models:
        return models[-1]

    logger.info("Creating and training Rasa's starter bot in %s (a few minutes)", project)
    project.mkdir(parents=True, exist_ok=True)
    subprocess.run([rasa_executable(), "init", "--no-prompt", "--init-dir", str(project)], cwd=ROOT, check=True)
    models = sorted((project / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError(f"rasa init trained no model into {project / 'models'}")
    return models[-1]
