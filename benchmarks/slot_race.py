"""Many users race for the last free ClinicSlot of a topic: exactly one booking may succeed.

For each database kind, a scratch database is migrated and seeded, and every free
ClinicSlot of one topic but the last is booked. Then, in each round, all racers (threads
in several processes) wait at one barrier, ask ``free_clinic_slots`` for the topic and call
``book`` on the ClinicSlot they were offered, as the booking form does. The round passes
when exactly one racer booked it, the others got ``ClinicSlotTaken``, and the database contains
one active booking for it. The winner's booking is cancelled before the next round.

    python -m benchmarks.slot_race [--databases sqlite,postgresql] [--processes 8]
                                   [--threads 8] [--rounds 20] [--smoke]
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
from pathlib import Path
from typing import Any, Dict, List

from benchmarks.databases import DATABASE_KINDS, postgres_problem, scratch_database
from benchmarks.results import DEFAULT_RESULTS, write_result
from benchmarks.stats import latency_summary

BARRIER_TIMEOUT_SECONDS = 120
MOBILE = "09120000000"

logger = logging.getLogger("benchmarks.slot_race")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default=",".join(DATABASE_KINDS), help="comma-separated database kinds (default: sqlite,postgresql)")
    parser.add_argument("--processes", type=int, default=8, help="racing processes (default: 8)")
    parser.add_argument("--threads", type=int, default=8, help="racing threads in each process (default: 8)")
    parser.add_argument("--rounds", type=int, default=20, help="races, each for the last free ClinicSlot (default: 20)")
    parser.add_argument("--smoke", action="store_true", help="2 processes of 3 threads, 2 rounds")
    parser.add_argument("--output", type=Path, help="folder for the JSON result (default: results/benchmarks, or results/benchmarks/smoke with --smoke)")
    arguments = parser.parse_args()
    if arguments.smoke:
        arguments.processes, arguments.threads, arguments.rounds = 2, 3, 2
    return arguments


def main() -> None:
    """Race on each database kind and write the result."""
    arguments = parse_arguments()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    output = arguments.output or (DEFAULT_RESULTS / "smoke" if arguments.smoke else DEFAULT_RESULTS)

    figures: Dict[str, Any] = {
        "processes": arguments.processes,
        "threads_per_process": arguments.threads,
        "rounds": arguments.rounds,
        "databases": {},
    }
    for kind in arguments.databases.split(","):
        problem = postgres_problem() if kind == "postgresql" else ""
        if problem:
            logger.error("Skipping %s: %s", kind, problem)
            figures["databases"][kind] = {"skipped": problem}
            continue
        with scratch_database(kind, output / "work", "slot_race") as database_url:
            figures["databases"][kind] = race_on(database_url, arguments)
        logger.info("%s: %s", kind, _headline(figures["databases"][kind]))

    path = write_result(output, "slot-race", figures)
    print(f"Wrote {path}")
    failed = [kind for kind, result in figures["databases"].items() if not result.get("skipped") and not result["passed"]]
    if failed:
        sys.exit(f"More or fewer than one booking per round on: {', '.join(failed)}")


def race_on(database_url: str, arguments: argparse.Namespace) -> Dict[str, Any]:
    """Prepare one database, run every round and return the counts."""
    from benchmarks.slot_race_rounds import keep_one_free_clinic_slot, reopen, settle

    topic_id, clinic_slot_id = keep_one_free_clinic_slot(database_url)
    context = multiprocessing.get_context("spawn")
    racers = arguments.processes * arguments.threads
    barrier = context.Barrier(racers + 1)
    results: "multiprocessing.Queue" = context.Queue()
    workers = [
        context.Process(
            target=_race_in_process,
            args=(index, arguments.threads, arguments.rounds, barrier, results, database_url, topic_id),
        )
        for index in range(arguments.processes)
    ]
    for worker in workers:
        worker.start()

    rounds: List[Dict[str, Any]] = []
    latencies: List[float] = []
    try:
        for number in range(arguments.rounds):
            barrier.wait(timeout=BARRIER_TIMEOUT_SECONDS)
            attempts = [results.get(timeout=BARRIER_TIMEOUT_SECONDS) for _ in range(racers)]
            latencies += [attempt["seconds"] for attempt in attempts]
            rounds.append(settle(database_url, clinic_slot_id, attempts))
            reopen(database_url, clinic_slot_id)
    finally:
        for worker in workers:
            worker.join(timeout=BARRIER_TIMEOUT_SECONDS)
            if worker.is_alive():
                worker.terminate()

    return {
        "racers": racers,
        "rounds": rounds,
        "passed": all(round_["passed"] for round_ in rounds),
        "bookings": sum(round_["booked"] for round_ in rounds),
        "taken": sum(round_["taken"] for round_ in rounds),
        "errors": sum(round_["errors"] for round_ in rounds),
        "attempt_latency": latency_summary(latencies),
    }


def _race_in_process(index, threads, rounds, barrier, results, database_url, topic_id) -> None:  # type: ignore[no-untyped-def]
    """Run ``threads`` racers in this process, one attempt each per round."""
    import threading

    from benchmarks.slot_race_rounds import attempt_booking

    def racer(number: int) -> None:
        for round_number in range(rounds):
            barrier.wait(timeout=BARRIER_TIMEOUT_SECONDS)
            sender_id = f"bench-racer-{round_number}-{index}-{number}"
            results.put(attempt_booking(database_url, topic_id, sender_id, MOBILE))

    racers = [threading.Thread(target=racer, args=(number,)) for number in range(threads)]
    for thread in racers:
        thread.start()
    for thread in racers:
        thread.join()


def _headline(result: Dict[str, Any]) -> str:
    if result.get("skipped"):
        return f"skipped ({result['skipped']})"
    return (
        f"{len(result['rounds'])} rounds of {result['racers']} racers: {result['bookings']} bookings, "
        f"{result['taken']} taken, {result['errors']} errors, passed={result['passed']}, "
        f"attempt p95 {result['attempt_latency']['p95_ms']} ms"
    )


if __name__ == "__main__":
    main()
