"""CPU profiles of the services under load, summarized from py-spy's sampled stacks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

# Source files (as py-spy names them, relative to their sys.path entry) that mark what a
# sample was doing. A sample belongs to the category of the frame nearest the top of its
# stack that matches one of these prefixes.
CATEGORIES = [
    ("TensorFlow", ("tensorflow/", "keras/")),
    ("Rasa policies and NLU", ("rasa/core/policies/", "rasa/nlu/", "rasa/engine/", "rasa/utils/tensorflow/")),
    ("tracker store and SQL", ("sqlalchemy/", "psycopg2/", "sqlite3/", "rasa/core/tracker_store")),
    ("lock store", ("rasa/core/lock_store", "redis/")),
    ("our actions and services", ("actions/", "servicedesk/", "knowledge_base/", "rasa_sdk/")),
    ("our NLU components", ("nlu/", "hazm/")),
    ("events and serialization", ("rasa/shared/core/", "json/", "ujson", "copy.py", "jsonpickle/", "jsonschema/")),
    ("HTTP and socket.io", ("aiohttp/", "sanic/", "socketio/", "engineio/", "httptools/", "uvloop/", "httpx/",
                            "httpcore/", "asyncio/selector_events.py", "asyncio/streams.py", "ssl.py", "socket.py")),
    ("Rasa message processing", ("rasa/", "bot/")),
]
# Top frames of a thread waiting in the event loop or for work. py-spy cannot tell such a
# wait from running code when it happens in C (uvloop's serve), so these are left out.
IDLE_TOP_FRAMES = ("serve (sanic/server/runners.py", "select (selectors.py", "poll (selectors.py", "wait (threading.py", "_worker (concurrent/futures/thread.py")
TOP_FUNCTIONS = 8


def start_recording(pid: int, seconds: float, output: Path) -> subprocess.Popen:
    """Start py-spy sampling ``pid`` and its subprocesses for ``seconds`` into ``output``."""
    command = [
        str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid), "--duration", str(int(seconds)),
        "--rate", "50", "--format", "raw", "--subprocesses", "--nonblocking", "--output", str(output),
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def summarize_stacks(path: Path) -> Dict[str, Any]:
    """Return the share of busy samples in each category and the functions most often on top."""
    categories: Counter = Counter()
    leaves: Counter = Counter()
    total = idle = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        if frames[-1].startswith(IDLE_TOP_FRAMES):
            idle += count
            continue
        total += count
        categories[_category(frames)] += count
        leaves[frames[-1]] += count

    shares = {name: round(count / total, 3) for name, count in categories.most_common()} if total else {}
    top = [{"function": name, "share": round(count / total, 3)} for name, count in leaves.most_common(TOP_FUNCTIONS)] if total else []
    return {"samples": total, "idle_samples": idle, "categories": shares, "top_functions": top}


def _category(frames: List[str]) -> str:
    """Return the category of the frame nearest the top of the stack that has one."""
    for frame in reversed(frames):
        source = frame.rpartition("(")[2]
        for name, prefixes in CATEGORIES:
            if source.startswith(prefixes):
                return name
    return "other Python"


def cpu_seconds(pids: List[int]) -> float:
    """Return the user and system CPU time ``pids`` have used so far, in seconds."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime and stime are the 14th and 15th fields of /proc/PID/stat (proc(5)).
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def profile_services(pids: Dict[str, int], seconds: float, folder: Path) -> List[subprocess.Popen]:
    """Start one recording per service; the caller waits for them to end."""
    folder.mkdir(parents=True, exist_ok=True)
    return [start_recording(pid, seconds, folder / f"{name.replace(' ', '-')}.txt") for name, pid in pids.items()]
