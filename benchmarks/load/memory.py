"""Resident memory of services, read from /proc (Linux only).

Memory is the proportional set size (PSS): resident pages, with each page shared between
processes divided among them. Summing PSS over a service's processes (a PostgreSQL server
and its backends, Rasa and its workers) counts shared memory once, which summing RSS
would not.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Dict, Iterable, List


def process_tree(pid: int) -> List[int]:
    """Return ``pid`` and all its descendants that are still running."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending += [int(child) for child in children.read_text().split()]
            except OSError:
                continue
    return found


def pids_named(name: str) -> List[int]:
    """Return the ids of processes whose command name is ``name`` (``postgres``, ``redis-server``)."""
    pids = []
    for status in Path("/proc").glob("[0-9]*/comm"):
        try:
            if status.read_text().strip() == name:
                pids.append(int(status.parent.name))
        except OSError:
            continue
    return pids


def proportional_set_size(pids: Iterable[int]) -> int:
    """Return the summed PSS of ``pids`` in bytes; processes gone meanwhile count 0."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
    return total


class MemorySampler:
    """Samples the PSS of named services every ``interval`` seconds and keeps each peak."""

    def __init__(self, services: Dict[str, List[int]], system_services: List[str], interval: float = 2.0) -> None:
        """``services`` maps a name to root process ids; ``system_services`` are command names."""
        self.services = services
        self.system_services = system_services
        self.interval = interval
        self.peaks: Dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-sampler", daemon=True)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> Dict[str, int]:
        """Read every service's PSS now and update the peaks."""
        current = {}
        for name, roots in self.services.items():
            current[name] = proportional_set_size(pid for root in roots for pid in process_tree(root))
        for name in self.system_services:
            current[name] = proportional_set_size(pids_named(name))
        for name, value in current.items():
            self.peaks[name] = max(self.peaks.get(name, 0), value)
        return current

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)
