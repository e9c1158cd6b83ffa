"""Start and stop the services under test as child processes on loopback."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

from scripts.trained_model import ROOT

STARTUP_SECONDS = 300
STOP_SECONDS = 30

logger = logging.getLogger(__name__)


@dataclass
class Service:
    """A started service: its name, process, log file and health URL."""

    name: str
    process: subprocess.Popen
    log: Path
    health_url: str


def rasa_executable() -> str:
    """Return the ``rasa`` command of this virtual environment."""
    return str(Path(sys.executable).parent / "rasa")


def start(name: str, command: List[str], environment: Dict[str, str], log: Path, health_url: str) -> Service:
    """Start ``command`` from the repository root, its output going to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    logger.info("Started %s (pid %d, log %s)", name, process.pid, log)
    return Service(name, process, log, health_url)


def wait_until_up(services: List[Service]) -> None:
    """Wait until every service responds on its health URL; raise if one exits or times out."""
    deadline = time.monotonic() + STARTUP_SECONDS
    for service in services:
        while True:
            if service.process.poll() is not None:
                raise RuntimeError(f"{service.name} exited with {service.process.returncode}; log:\n{_tail(service.log)}")
            try:
                with urllib.request.urlopen(service.health_url, timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{service.name} did not respond on {service.health_url} within {STARTUP_SECONDS} s; log:\n{_tail(service.log)}")
                time.sleep(1)
        logger.info("%s is up", service.name)


def stop(services: List[Service]) -> None:
    """Terminate the services, killing those that do not exit within STOP_SECONDS."""
    for service in services:
        if service.process.poll() is None:
            service.process.terminate()
    for service in services:
        try:
            service.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            logger.warning("%s did not stop within %d s; killing it", service.name, STOP_SECONDS)
            service.process.kill()
            service.process.wait()
        logger.info("Stopped %s", service.name)


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"
