"""Run a benchmark command in smoke mode as a user would, with its own app database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

from scripts.trained_model import ROOT

SMOKE_TIMEOUT_SECONDS = 170


def run_benchmark(module: str, arguments: List[str], folder: Path, extra_environment: Dict[str, str] = None) -> Dict:
    """Run ``python -m module --smoke --output folder`` and return the JSON result it wrote."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SERVICEDESK_DATABASE_URL": f"sqlite:///{folder / 'servicedesk.db'}",
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **(extra_environment or {}),
    }
    command = [sys.executable, "-m", module, "--smoke", "--output", str(folder), *arguments]
    completed = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=SMOKE_TIMEOUT_SECONDS
    )
    assert completed.returncode == 0, f"{module} failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"

    results = sorted(folder.glob("*.json"))
    assert results, f"{module} wrote no JSON result into {folder}"
    return json.loads(results[-1].read_text(encoding="utf-8"))
