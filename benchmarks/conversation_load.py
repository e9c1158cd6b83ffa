"""Simulated users hold scripted Persian conversations with the assistant, on loopback only.

For each scenario (bot, database kind, number of Rasa processes) the services start on
fresh databases, one warm-up pass runs every script once, and then:

- open-loop levels: each user sends a message every ``--think-seconds`` on average;
- closed-loop levels: users send the next message as soon as a turn ends, doubling the
  users until the turn p95 passes ``--p95-limit-ms``, to find the saturation throughput.

Rasa's starter bot (``rasa init``) runs through the same scenarios for comparison. In the
first scenario of our assistant, py-spy then samples every service during one more
closed-loop level, to show where a turn's CPU time goes. Every
level is bounded by ``--open-seconds`` or ``--closed-seconds``, and a turn by
``--turn-timeout``. Results go to ``results/benchmarks/conversation-load.json``.

    python -m benchmarks.conversation_load [--bots ours,stock] [--smoke]
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from benchmarks.results import DEFAULT_RESULTS, write_result

logger = logging.getLogger("benchmarks.conversation_load")


def integers(text: str):  # type: ignore[no-untyped-def]
    return [int(part) for part in text.split(",") if part]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bots", default="ours,stock", help="ours (our assistant), stock (Rasa's starter bot); default: both")
    parser.add_argument("--databases", default="sqlite,postgresql", help="tracker store and app database kinds (default: sqlite,postgresql)")
    parser.add_argument("--rasa-processes", default="1,2", type=integers, help="Rasa processes behind the entry point; 2 or more only with PostgreSQL (default: 1,2)")
    parser.add_argument("--via", choices=["auto", "gateway", "rasa"], default="auto", help="entry point of our assistant: the gateway's web widget, Rasa's socketio channel, or auto: the gateway when bot/web exists (default: auto)")
    parser.add_argument("--open-users", default="1,10,25,50", type=integers, help="users of each open-loop level (default: 1,10,25,50)")
    parser.add_argument("--open-seconds", type=float, default=30, help="duration of each open-loop level in seconds (default: 30)")
    parser.add_argument("--think-seconds", type=float, default=5, help="mean time between an open-loop user's messages in seconds (default: 5)")
    parser.add_argument("--closed-users", default="1,2,4,8,16,32", type=integers, help="users of each closed-loop level, tried in order (default: 1,2,4,8,16,32)")
    parser.add_argument("--closed-seconds", type=float, default=15, help="duration of each closed-loop level in seconds (default: 15)")
    parser.add_argument("--p95-limit-ms", type=float, default=1000, help="turn p95 at which the closed-loop ramp stops, in milliseconds (default: 1000)")
    parser.add_argument("--turn-timeout", type=float, default=10, help="seconds after which a turn without its end counts as lost (default: 10)")
    parser.add_argument("--warm-up-seconds", type=float, default=10, help="one closed-loop user runs the scripts this long before measuring (default: 10)")
    parser.add_argument("--profile-users", type=int, default=8, help="closed-loop users while py-spy samples the services (default: 8)")
    parser.add_argument("--profile-seconds", type=float, default=30, help="length of the py-spy recording in seconds; 0 skips it (default: 30)")
    parser.add_argument("--result-name", default="conversation-load", help="name of the JSON result (default: conversation-load)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the users' choices and think times (default: 7)")
    parser.add_argument("--smoke", action="store_true", help="our assistant on SQLite only, 2 users for a few seconds")
    parser.add_argument("--output", type=Path, help="folder for the JSON result (default: results/benchmarks, or results/benchmarks/smoke with --smoke)")
    arguments = parser.parse_args()

    if arguments.smoke:
        arguments.bots, arguments.databases, arguments.rasa_processes = "ours", "sqlite", [1]
        arguments.open_users, arguments.open_seconds, arguments.think_seconds = [2], 5, 1
        arguments.closed_users, arguments.closed_seconds = [1, 2], 3
        arguments.warm_up_seconds = 3
        arguments.profile_users, arguments.profile_seconds = 2, 3
        # A cold first turn may pass one second; the smoke run keeps every level anyway.
        arguments.p95_limit_ms = arguments.turn_timeout * 1000
    if arguments.via == "auto":
        arguments.via = "gateway" if Path("bot/web/widget_channel.py").exists() else "rasa"
    return arguments


def main() -> None:
    """Run every scenario and write the result."""
    arguments = parse_arguments()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

    from benchmarks.load.scenarios import plan_scenarios, run_scenario

    output = arguments.output or (DEFAULT_RESULTS / "smoke" if arguments.smoke else DEFAULT_RESULTS)
    figures = {
        "settings": {
            "open_users": arguments.open_users,
            "open_seconds": arguments.open_seconds,
            "think_seconds": arguments.think_seconds,
            "closed_users": arguments.closed_users,
            "closed_seconds": arguments.closed_seconds,
            "p95_limit_ms": arguments.p95_limit_ms,
            "turn_timeout_seconds": arguments.turn_timeout,
            "warm_up_seconds": arguments.warm_up_seconds,
            "profile_users": arguments.profile_users,
            "profile_seconds": arguments.profile_seconds,
            "via": arguments.via,
            "smoke": arguments.smoke,
        },
        "scenarios": {},
    }
    profile_seconds = arguments.profile_seconds
    for scenario, skipped in plan_scenarios(arguments):
        if skipped:
            logger.warning("Skipping %s: %s", scenario.name, skipped)
            figures["scenarios"][scenario.name] = {"skipped": skipped}
            continue
        profiled = profile_seconds if scenario.bot == "ours" else 0
        figures["scenarios"][scenario.name] = run_scenario(scenario, arguments, output / "work", profiled)
        profile_seconds = 0 if profiled else profile_seconds

    path = write_result(output, arguments.result_name, figures)
    print(f"Wrote {path}")


if __name__ == "__main__":
    main()
