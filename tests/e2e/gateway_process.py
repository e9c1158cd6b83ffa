"""Run the real gateway (``python -m bot``) as a process the tests can stop and restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, Optional

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GatewayProcess:
    """The gateway on one loopback port, kept across restarts so pages can reconnect."""

    def __init__(self, assistant: Any, log: Path, extra_environment: Optional[Dict[str, str]] = None) -> None:
        self.assistant = assistant
        self.log = log
        self.extra_environment = extra_environment or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        environment = {
            **os.environ,
            "RASA_URL": self.assistant.rasa_url,
            "ACTION_HEALTH_URL": f"{self.assistant.action_url}/health",
            "SERVICEDESK_DATABASE_URL": self.assistant.database_url,
            "GATEWAY_HOST": "127.0.0.1",
            "GATEWAY_PORT": str(self.port),
            "TELEGRAM_BOT_TOKEN": "",
            **self.extra_environment,
        }
        root = Path(__file__).resolve().parents[2]
        with open(self.log, "a") as output:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "bot"], cwd=root, env=environment, stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the gateway exited early; log:\n{self.log.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/health", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the gateway did not come up; log:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._process = None
