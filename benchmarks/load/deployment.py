"""One deployment under test: databases, action server, Rasa processes and the entry point.

Our assistant runs with its action server and app database; Rasa's starter bot runs
alone. Both use the same tracker store (SQL on SQLite or PostgreSQL) and, with two Rasa
processes, the Redis lock store, so that only the bot differs. When ``via`` is
``gateway``, users reach our assistant through the gateway's web widget. Otherwise they
connect to Rasa's own socketio channel, spread over the Rasa processes.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List

import yaml
from sqlalchemy.engine import make_url

from benchmarks.databases import scratch_database
from benchmarks.load.levels import Target
from benchmarks.load.services import Service, rasa_executable, start, stop, wait_until_up
from scripts.trained_model import ROOT
from servicedesk.migrate import upgrade
from servicedesk.seed import seed_database

# Rasa 3.6.21 joins the session's room without awaiting python-socketio 5's coroutine
# ``enter_room``, so with ``session_persistence: true`` no reply reaches the client. Without
# it the socket is the session, and replies go to the socket's own room.
SOCKETIO_CREDENTIALS = {
    "rest": None,
    "socketio": {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "session_persistence": False},
}


@dataclass(frozen=True)
class Scenario:
    """A deployment to measure: bot, database kind, number of Rasa processes, entry point."""

    bot: str
    database: str
    rasa_processes: int
    via: str

    @property
    def name(self) -> str:
        return f"{self.bot}-{self.database}-{self.rasa_processes}rasa-via-{self.via}"


@dataclass
class Deployment:
    """The running services of a scenario and where users connect."""

    target: Target
    services: List[Service]


@dataclass(frozen=True)
class Ports:
    """Loopback ports for the services, from the benchmark's reserved ranges."""

    rasa: List[int]
    action: int
    gateway: int


@contextlib.contextmanager
def deploy(scenario: Scenario, model: Path, ports: Ports, work: Path) -> Iterator[Deployment]:
    """Start the scenario's services on fresh databases and stop them afterwards."""
    folder = work / scenario.name
    folder.mkdir(parents=True, exist_ok=True)
    credentials = folder / "credentials.yml"
    credentials.write_text(yaml.safe_dump(SOCKETIO_CREDENTIALS), encoding="utf-8")

    with contextlib.ExitStack() as stack:
        tracker_url = stack.enter_context(scratch_database(scenario.database, folder, "tracker"))
        app_url = stack.enter_context(scratch_database(scenario.database, folder, "app"))
        environment = service_environment(scenario, tracker_url, app_url, ports)
        if scenario.bot == "ours":
            upgrade(app_url)
            seed_database(app_url)

        services: List[Service] = []
        stack.callback(stop, services)
        if scenario.bot == "ours":
            services.append(start(
                "action server", [rasa_executable(), "run", "actions", "--actions", "actions", "--port", str(ports.action)],
                environment, folder / "actions.log", f"http://127.0.0.1:{ports.action}/health",
            ))
        for index in range(scenario.rasa_processes):
            port = ports.rasa[index]
            services.append(start(
                f"rasa {index + 1}",
                [rasa_executable(), "run", "--enable-api", "--model", str(model), "--endpoints", "endpoints.yml",
                 "--credentials", str(credentials), "--interface", "127.0.0.1", "--port", str(port)],
                environment, folder / f"rasa-{index + 1}.log", f"http://127.0.0.1:{port}/status",
            ))
        rasa_urls = [f"http://127.0.0.1:{ports.rasa[index]}" for index in range(scenario.rasa_processes)]
        if scenario.via == "gateway":
            gateway_environment = {**environment, "RASA_URL": ",".join(rasa_urls), "GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": str(ports.gateway)}
            gateway_environment.pop("TELEGRAM_BOT_TOKEN", None)
            services.append(start(
                "gateway", [str(Path(rasa_executable()).parent / "python"), "-m", "bot"],
                gateway_environment, folder / "gateway.log", f"http://127.0.0.1:{ports.gateway}/health",
            ))
        wait_until_up(services)

        if scenario.via == "gateway":
            target = Target([f"http://127.0.0.1:{ports.gateway}"], "socket.io")
        else:
            target = Target(rasa_urls, "socket.io", connection_per_conversation=True)
        yield Deployment(target, services)


def service_environment(scenario: Scenario, tracker_url: str, app_url: str, ports: Ports) -> Dict[str, str]:
    """Return the environment of every service: stores, app database and endpoints."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SERVICEDESK_DATABASE_URL": app_url,
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports.action}/webhook",
        "LOCK_STORE_TYPE": "redis" if scenario.rasa_processes > 1 else "in_memory",
        "LOCK_STORE_HOST": "127.0.0.1",
        "LOCK_STORE_PORT": "6379",
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_WARN_20": "0",
    }
    if scenario.database == "sqlite":
        environment.update({
            "TRACKER_DB_DIALECT": "sqlite", "TRACKER_DB_HOST": "", "TRACKER_DB_NAME": tracker_url[len("sqlite:///"):],
            "TRACKER_DB_USER": "", "TRACKER_DB_PASSWORD": "",
        })
    else:
        url = make_url(tracker_url)
        environment.update({
            "TRACKER_DB_DIALECT": "postgresql", "TRACKER_DB_HOST": url.host or "127.0.0.1",
            "TRACKER_DB_NAME": url.database, "TRACKER_DB_USER": url.username or "",
            "TRACKER_DB_PASSWORD": url.password or "",
        })
    return environment
