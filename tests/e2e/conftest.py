"""Start the real action server and Rasa server on loopback with the trained model."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

from scripts.trained_model import ROOT, ensure_model
from tests.e2e.gateway_process import GatewayProcess
from servicedesk.migrate import upgrade
from servicedesk.seed import seed_database

STARTUP_SECONDS = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early; log:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"{url} did not come up within {STARTUP_SECONDS} s; log:\n{log.read_text()[-3000:]}")


class ActionServer:
    """The action server process, which a test may stop and start again."""

    def __init__(self, command: List[str], environment: Dict[str, str], log: Path) -> None:
        self.command = command
        self.environment = environment
        self.log = log
        self.process: subprocess.Popen = None  # type: ignore[assignment]
        self.health_url = f"http://127.0.0.1:{command[-1]}/health"

    def start(self) -> None:
        with open(self.log, "a") as output:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.environment, stdout=output, stderr=subprocess.STDOUT)
        wait_until_up(self.health_url, self.process, self.log)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Assistant:
    """The running assistant, reached over Rasa's REST channel and HTTP API."""

    def __init__(self, rasa_url: str, database_url: str, action_url: str = "") -> None:
        self.rasa_url = rasa_url
        self.database_url = database_url
        self.action_url = action_url

    def say(self, sender: str, text: str) -> List[Dict]:
        """Send one user message and return the bot's replies."""
        return self._post("/webhooks/rest/webhook", {"sender": sender, "message": text})

    def texts(self, sender: str, text: str) -> List[str]:
        """Send one user message and return the text of each reply that has text."""
        return [reply["text"] for reply in self.say(sender, text) if reply.get("text")]

    def tracker(self, sender: str) -> Dict:
        """Return the tracker of a conversation from Rasa's HTTP API."""
        with urllib.request.urlopen(f"{self.rasa_url}/conversations/{sender}/tracker", timeout=30) as response:
            return json.load(response)

    def parse(self, text: str) -> Dict:
        """Run only the NLU pipeline on ``text``."""
        return self._post("/model/parse", {"text": text})

    def _post(self, path: str, body: Dict):  # type: ignore[no-untyped-def]
        request = urllib.request.Request(
            self.rasa_url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Iterator[Assistant]:  # type: ignore[no-untyped-def]
    """Run both servers for the whole session on a fresh SQLite database."""
    model = ensure_model()
    folder = tmp_path_factory.mktemp("assistant")
    database_url = f"sqlite:///{folder / 'servicedesk.db'}"
    upgrade(database_url)
    seed_database(database_url)

    rasa_port, action_port = free_port(), free_port()
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SERVICEDESK_DATABASE_URL": database_url,
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_DB_DIALECT": "sqlite",
        "TRACKER_DB_HOST": "",
        "TRACKER_DB_NAME": str(folder / "tracker.db"),
        "TRACKER_DB_USER": "",
        "TRACKER_DB_PASSWORD": "",
        "LOCK_STORE_TYPE": "in_memory",
        "LOCK_STORE_HOST": "127.0.0.1",
        "LOCK_STORE_PORT": "6379",
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        # Staff are in at every hour, so escalations join the queue whenever tests run.
        "SERVICEDESK_WORKING_DAYS": "sat,sun,mon,tue,wed,thu,fri",
        "SERVICEDESK_WORKING_HOURS": "00:00-23:59",
    }
    rasa = str(Path(sys.executable).parent / "rasa")
    action_log, rasa_log = folder / "actions.log", folder / "rasa.log"
    action_command = [rasa, "run", "actions", "--actions", "actions", "--port", str(action_port)]
    with open(rasa_log, "w") as rasa_output:
        server = subprocess.Popen(
            [
                rasa, "run", "--enable-api", "--model", str(model),
                "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
                "--interface", "127.0.0.1", "--port", str(rasa_port),
            ],
            cwd=ROOT, env=environment, stdout=rasa_output, stderr=subprocess.STDOUT,
        )
    assistant = Assistant(f"http://127.0.0.1:{rasa_port}", database_url, f"http://127.0.0.1:{action_port}")
    assistant.action_server = ActionServer(action_command, environment, action_log)
    try:
        assistant.action_server.start()
        wait_until_up(f"http://127.0.0.1:{rasa_port}/status", server, rasa_log)
        yield assistant
    finally:
        server.terminate()
        assistant.action_server.stop()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def gateway(assistant, tmp_path) -> Iterator["GatewayProcess"]:  # type: ignore[no-untyped-def]
    """The gateway (``python -m bot``) on a free port, talking to the running assistant."""
    process = GatewayProcess(assistant, tmp_path / "gateway.log")
    process.start()
    try:
        yield process
    finally:
        process.stop()
