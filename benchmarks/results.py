"""Benchmark results as JSON files: one file per benchmark and input, newest run wins."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

from benchmarks.machine import describe_machine

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESULTS = Path("results") / "benchmarks"


def command_line(placeholders: Optional[Dict[str, str]] = None) -> str:
    """Return the command that started this process, as a user would type it.

    Each argument found in ``placeholders`` is replaced by its placeholder, so that a path
    of this machine (a dataset folder) never reaches the committed page.
    """
    placeholders = placeholders or {}
    program = Path(sys.argv[0]).resolve()
    if program.is_relative_to(ROOT) and program.suffix == ".py":
        module = ".".join(program.with_suffix("").relative_to(ROOT).parts)
        program_text = f"python -m {module}"
    else:
        program_text = program.name

    arguments = [placeholders.get(argument, argument) for argument in sys.argv[1:]]
    return " ".join([program_text, *(shlex.quote(argument) for argument in arguments)])


def write_result(
    folder: Path, name: str, figures: Dict[str, Any], placeholders: Optional[Dict[str, str]] = None
) -> Path:
    """Write ``figures`` with the machine, date and command to ``folder/name.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": name,
        "finished_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": command_line(placeholders),
        "machine": describe_machine(),
        "figures": figures,
    }
    path = folder / f"{name}.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_results(folder: Path) -> List[Dict[str, Any]]:
    """Read every result in ``folder``, sorted by benchmark name."""
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]
    return sorted(documents, key=lambda document: document["benchmark"])
