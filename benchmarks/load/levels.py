"""Run one load level: a number of simulated users holding conversations for a fixed time.

Open-loop users think between messages: each sends its next message an exponentially
distributed time (mean ``think_seconds``) after it sent the previous one, or as soon as the
previous turn ends when that takes longer. Closed-loop users send the next message the
moment a turn ends, which finds the throughput a deployment saturates at.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Dict, List

import socketio

from benchmarks.load.client import SimulatedUser, Turn
from benchmarks.load.conversations import Conversation
from benchmarks.stats import latency_summary

ScriptFactory = Callable[[int, random.Random], List[Conversation]]
WRONG_REPLY_EXAMPLES = 3


@dataclass(frozen=True)
class Target:
    """Where the users connect: socket.io URLs and path, one URL per user in turn.

    ``connection_per_conversation`` opens a new connection for each conversation, because
    some servers tie the session to the connection (Rasa's socketio channel without session
    persistence). Otherwise one connection requests a new session for each conversation.
    """

    urls: List[str]
    socketio_path: str
    connection_per_conversation: bool = False


@dataclass(frozen=True)
class Level:
    """How many users, open or closed loop, for how long."""

    mode: str
    users: int
    seconds: float


class LevelRecorder:
    """Collects the turns and wrong replies of one level."""

    def __init__(self) -> None:
        self.turns: List[Turn] = []
        self.wrong_replies = 0
        self.wrong_examples: List[Dict[str, Any]] = []
        self.late_replies = 0
        # Connections of finished conversations, closed in the background.
        self.closing: List[asyncio.Task] = []

    def wrong(self, conversation: str, message: str, replies: List[Dict]) -> None:
        self.wrong_replies += 1
        if len(self.wrong_examples) < WRONG_REPLY_EXAMPLES:
            texts = [reply.get("text", "") for reply in replies]
            self.wrong_examples.append({"conversation": conversation, "message": message, "replies": texts})


async def run_level(target: Target, level: Level, scripts: ScriptFactory, think_seconds: float,
                    turn_timeout: float, seed: int, numbers: "itertools.count[int]") -> Dict[str, Any]:
    """Run ``level`` against ``target`` and return its figures."""
    recorder = LevelRecorder()
    started = time.perf_counter()
    deadline = started + level.seconds
    users = [
        _simulate_user(target.urls[index % len(target.urls)], target, level, scripts, think_seconds,
                       turn_timeout, random.Random(f"{seed}:{level.mode}:{level.users}:{index}"),
                       numbers, deadline, recorder)
        for index in range(level.users)
    ]
    await asyncio.gather(*users)
    elapsed = time.perf_counter() - started
    await asyncio.gather(*recorder.closing)
    return summarize(level, recorder, elapsed)


async def _simulate_user(url: str, target: Target, level: Level, scripts: ScriptFactory, think_seconds: float,
                         turn_timeout: float, random_generator: random.Random, numbers: "itertools.count[int]",
                         deadline: float, recorder: LevelRecorder) -> None:
    """Hold conversations until the deadline, each in a new session, as new visitors do."""
    # Open-loop users start at random moments, as people arrive, not all at once.
    next_send = time.perf_counter() + (random_generator.uniform(0, think_seconds) if level.mode == "open" else 0)
    user = None
    try:
        while time.perf_counter() < deadline:
            conversation = random_generator.choice(scripts(next(numbers), random_generator))
            if user is None or target.connection_per_conversation:
                if user is not None:
                    recorder.late_replies += user.late_replies
                    recorder.closing.append(asyncio.create_task(user.close()))
                user = SimulatedUser(url, target.socketio_path, turn_timeout)
                await user.connect()
            await user.start_session(uuid.uuid4().hex)
            next_send = await _hold(user, conversation, level, think_seconds, random_generator, next_send, deadline, recorder)
    except (asyncio.TimeoutError, OSError, socketio.exceptions.SocketIOError) as error:
        recorder.turns.append(Turn("session", time.perf_counter(), outcome="error", detail=f"{type(error).__name__}: {error}"))
    finally:
        if user is not None:
            recorder.late_replies += user.late_replies
            await user.close()


async def _hold(user: SimulatedUser, conversation: Conversation, level: Level, think_seconds: float,
                random_generator: random.Random, next_send: float, deadline: float, recorder: LevelRecorder) -> float:
    """Hold one conversation until it ends, fails or the level's time is up."""
    replies: List[Dict] = []
    for step in conversation.steps:
        if level.mode == "open":
            # Waking at the deadline, not after it, keeps the level's measured time its own.
            await asyncio.sleep(max(0.0, min(next_send, deadline) - time.perf_counter()))
        if time.perf_counter() >= deadline:
            break

        message = step.message if isinstance(step.message, str) else step.message(replies, random_generator)
        if message is None:
            recorder.wrong(conversation.name, "(no button to tap)", replies)
            break
        turn = await user.turn(conversation.name, message)
        recorder.turns.append(turn)
        if level.mode == "open":
            next_send = max(turn.sent_at + random_generator.expovariate(1 / think_seconds), time.perf_counter())

        if turn.outcome != "answered":
            break
        replies = turn.replies
        if step.expect and not any(step.expect in reply.get("text", "") for reply in replies):
            recorder.wrong(conversation.name, message, replies)
            break
    return next_send


def summarize(level: Level, recorder: LevelRecorder, elapsed: float) -> Dict[str, Any]:
    """Return throughput, latency percentiles and error counts of one level."""
    outcomes = Counter(turn.outcome for turn in recorder.turns)
    answered = [turn.seconds for turn in recorder.turns if turn.outcome == "answered"]
    details = sorted({turn.detail for turn in recorder.turns if turn.detail})
    return {
        "mode": level.mode,
        "users": level.users,
        "seconds": round(elapsed, 1),
        "turns": len(recorder.turns),
        "answered": outcomes["answered"],
        "lost": outcomes["lost"],
        "errors": outcomes["error"],
        "wrong_replies": recorder.wrong_replies,
        "late_replies": recorder.late_replies,
        "throughput_per_second": round(len(answered) / elapsed, 2) if elapsed else 0.0,
        "latency": latency_summary(answered),
        "conversations": dict(Counter(turn.conversation for turn in recorder.turns)),
        "problems": details[:5],
        "wrong_reply_examples": recorder.wrong_examples,
    }
