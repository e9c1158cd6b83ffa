"""Plan the scenarios of a load run and run one: warm-up, open-loop and closed-loop levels."""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import socket
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from benchmarks.databases import postgres_problem
from benchmarks.load.conversations import SCRIPTS
from benchmarks.load.deployment import Deployment, Ports, Scenario, deploy
from benchmarks.load.levels import Level, Target, run_level
from benchmarks.load.memory import MemorySampler, pids_named, process_tree
from benchmarks.load.profiling import cpu_seconds, profile_services, summarize_stacks

# Ports reserved for benchmark services, away from 5005/5055/8080 and the test suite's.
RASA_PORTS = range(5105, 5150)
ACTION_PORTS = range(5150, 5200)
GATEWAY_PORTS = range(8180, 8200)

logger = logging.getLogger(__name__)


def plan_scenarios(arguments: argparse.Namespace) -> List[Tuple[Scenario, str]]:
    """Return each scenario with the reason it must be skipped, or an empty string."""
    postgres = postgres_problem() if "postgresql" in arguments.databases else ""
    redis = _redis_problem() if any(count > 1 for count in arguments.rasa_processes) else ""
    planned = []
    for bot in arguments.bots.split(","):
        via = arguments.via if bot == "ours" else "rasa"
        for database in arguments.databases.split(","):
            for processes in arguments.rasa_processes:
                scenario = Scenario(bot, database, processes, via)
                if processes > 1 and database == "sqlite":
                    continue
                skipped = postgres if database == "postgresql" else ""
                skipped = skipped or (redis if processes > 1 else "")
                planned.append((scenario, skipped))
    return planned


def run_scenario(scenario: Scenario, arguments: argparse.Namespace, work: Path, profile_seconds: float) -> Dict[str, Any]:
    """Deploy the scenario, run its levels and return their figures and peak memory.

    With ``profile_seconds``, one more closed-loop level runs while py-spy samples the services.
    """
    from benchmarks.load.starter_bot import starter_bot_model
    from scripts.trained_model import ensure_model

    model = ensure_model() if scenario.bot == "ours" else starter_bot_model(work)
    ports = Ports(free_ports(RASA_PORTS, scenario.rasa_processes), free_ports(ACTION_PORTS, 1)[0], free_ports(GATEWAY_PORTS, 1)[0])
    logger.info("Scenario %s with %s", scenario.name, model.name)

    with deploy(scenario, model, ports, work) as deployment:
        roots = {service.name: [service.process.pid] for service in deployment.services}
        system_services = ["postgres"] if scenario.database == "postgresql" else []
        system_services += ["redis-server"] if scenario.rasa_processes > 1 else []
        with MemorySampler(roots, system_services) as sampler:
            levels = asyncio.run(_run_levels(deployment.target, scenario, arguments))
            sampler.sample()
        profile = None
        if profile_seconds:
            profile = profile_level(deployment, scenario, arguments, profile_seconds, work / "profile" / scenario.name)

    memory = {name: peak for name, peak in sampler.peaks.items()}
    closed = [level for level in levels if level["mode"] == "closed"]
    return {
        "model": model.name,
        "levels": levels,
        "profile": profile,
        "saturation": saturation(closed, arguments.p95_limit_ms),
        "peak_memory_bytes": memory,
        "peak_memory_total_bytes": sum(memory.values()),
    }


async def _run_levels(target: Target, scenario: Scenario, arguments: argparse.Namespace) -> List[Dict[str, Any]]:
    scripts = SCRIPTS[scenario.bot]
    numbers = itertools.count(1)
    timeout = arguments.turn_timeout

    warm_up = await run_level(target, Level("closed", 1, arguments.warm_up_seconds), scripts, 0.0, timeout, arguments.seed, numbers)
    logger.info("%s warm-up: %d turns, p50 %s ms", scenario.name, warm_up["answered"], warm_up["latency"]["p50_ms"])

    levels = []
    for users in arguments.open_users:
        level = Level("open", users, arguments.open_seconds)
        levels.append(await run_level(target, level, scripts, arguments.think_seconds, timeout, arguments.seed, numbers))
        _log_level(scenario, levels[-1])
    for users in arguments.closed_users:
        level = Level("closed", users, arguments.closed_seconds)
        levels.append(await run_level(target, level, scripts, 0.0, timeout, arguments.seed, numbers))
        _log_level(scenario, levels[-1])
        if levels[-1]["latency"]["p95_ms"] > arguments.p95_limit_ms:
            break
    return levels


def profile_level(deployment: Deployment, scenario: Scenario, arguments: argparse.Namespace,
                  seconds: float, folder: Path) -> Dict[str, Any]:
    """Run one closed-loop level while py-spy samples each service; summarize the samples."""
    pids = {service.name: service.process.pid for service in deployment.services}
    trees = {name: process_tree(pid) for name, pid in pids.items()}
    trees["load client"] = [os.getpid()]
    if scenario.database == "postgresql":
        trees["postgres"] = pids_named("postgres")
    used_before = {name: cpu_seconds(tree) for name, tree in trees.items()}

    recorders = profile_services(pids, seconds, folder)
    level = Level("closed", arguments.profile_users, seconds)
    figures = asyncio.run(run_level(deployment.target, level, SCRIPTS[scenario.bot], 0.0, arguments.turn_timeout,
                                    arguments.seed, itertools.count(1_000_000)))
    cores = {name: round((cpu_seconds(tree) - used_before[name]) / figures["seconds"], 2) for name, tree in trees.items()}
    for recorder in recorders:
        recorder.wait(timeout=seconds + 60)

    services = {}
    for name in pids:
        stacks = folder / f"{name.replace(' ', '-')}.txt"
        services[name] = summarize_stacks(stacks) if stacks.exists() else {"samples": 0, "categories": {}, "top_functions": []}
    _log_level(scenario, figures)
    logger.info("%s cores used while profiling: %s", scenario.name, cores)
    return {"level": figures, "services": services, "cores_used": cores}


def saturation(closed: List[Dict[str, Any]], p95_limit_ms: float) -> Dict[str, Optional[float]]:
    """Return the best closed-loop throughput whose turn p95 stayed within the limit.

    A level with lost turns or errors does not count as within the limit.
    """
    within = [
        level for level in closed
        if level["latency"]["p95_ms"] <= p95_limit_ms and not level["lost"] and not level["errors"]
    ]
    over = [level["users"] for level in closed if level not in within]
    return {
        "throughput_per_second": max((level["throughput_per_second"] for level in within), default=None),
        "users": max(within, key=lambda level: level["throughput_per_second"])["users"] if within else None,
        "first_users_over_limit": over[0] if over else None,
        "peak_throughput_per_second": max((level["throughput_per_second"] for level in closed), default=None),
    }


def _log_level(scenario: Scenario, level: Dict[str, Any]) -> None:
    latency = level["latency"]
    logger.info(
        "%s %s-loop %d users: %.1f turns/s, p50 %s ms, p95 %s ms, p99 %s ms, lost %d, errors %d, wrong %d",
        scenario.name, level["mode"], level["users"], level["throughput_per_second"], latency["p50_ms"],
        latency["p95_ms"], latency["p99_ms"], level["lost"], level["errors"], level["wrong_replies"],
    )


def free_ports(candidates: range, count: int) -> List[int]:
    """Return ``count`` ports of ``candidates`` that nothing listens on now."""
    found = []
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"No {count} free ports in {candidates.start}-{candidates.stop - 1}")


def _redis_problem() -> str:
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping()
        return ""
    except redis.exceptions.RedisError as error:
        return f"Redis is not reachable at 127.0.0.1:6379: {error}"
