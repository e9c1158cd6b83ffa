"""Description of the machine a benchmark ran on: CPU model, cores, memory, software."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Dict

LOAD_AVERAGE_BEFORE = os.getloadavg()


def describe_machine() -> Dict[str, str]:
    """Return the CPU model, cores, memory, load average, and the Python and Rasa versions.

    The load average (1, 5 and 15 minutes) is the one when this module was first imported,
    before the benchmark ran, and shows whether other work shared the cores.
    """
    from importlib.metadata import version

    return {
        "cpu_model": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory_gib": f"{_total_memory_bytes() / 2**30:.1f}",
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "rasa": version("rasa"),
        "load_average_before": " ".join(f"{value:.2f}" for value in LOAD_AVERAGE_BEFORE),
    }


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _total_memory_bytes() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
