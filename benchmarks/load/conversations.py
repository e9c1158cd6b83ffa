"""Scripted conversations the simulated users hold, for our assistant and Rasa's starter bot.

A step is the text a user sends, or a function that chooses it from the previous replies
(a button's payload), and optionally a fragment the replies must contain. A conversation
whose replies lack that fragment counts a wrong reply, which shows a misbehaving service
under load even when every turn is answered.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Union

Replies = List[Dict]
Chooser = Callable[[Replies, random.Random], Optional[str]]


@dataclass(frozen=True)
class Step:
    """One user message of a script, and what its replies must contain."""

    message: Union[str, Chooser]
    expect: str = ""


@dataclass(frozen=True)
class Conversation:
    """A named script that starts a fresh session."""

    name: str
    steps: List[Step]


def any_quick_reply(replies: Replies, random_generator: random.Random) -> Optional[str]:
    """Pick one of the buttons of the last reply that has any, as a user taps one."""
    for reply in reversed(replies):
        if reply.get("quick_replies"):
            return random_generator.choice(reply["quick_replies"])["payload"]
    return None


def mobile_for(number: int) -> str:
    """Return a distinct, valid Iranian mobile number for conversation ``number``."""
    return f"0912{number % 10_000_000:07d}"


# Requests for a clinic session on different topics, so that users spread over the calendar.
CLINIC_REQUESTS = [
    "سلام، وقت مشاورهٔ صادرات میخوام",
    "وقت مشاوره مالیاتی میخوام",
    "وقت مشاوره حقوقی میخوام",
    "نوبت مشاوره بازاریابی می‌خوام",
    "یه جلسه با مشاور منابع انسانی رزرو کن",
]


def our_conversations(number: int, random_generator: random.Random) -> List[Conversation]:
    """Return the four scripts of our assistant; ``number`` makes the mobile distinct."""
    mobile = mobile_for(number)
    return [
        Conversation("question", [
            Step("سلام"),
            Step("شرکت دانش بنیان چه مزایایی داره؟", expect="دانش‌بنیان"),
            Step("ممنون"),
        ]),
        Conversation("ticket", [
            Step("میخوام یه تیکت ثبت کنم", expect="موضوع"),
            Step('/inform{"ticket_category":"loan"}'),
            Step("درخواست وام سرمایه در گردش دادم ولی هنوز جوابی نگرفتم"),
            Step(mobile),
            Step("بله", expect="TK-"),
        ]),
        Conversation("clinic_booking", [
            Step(random_generator.choice(CLINIC_REQUESTS)),
            Step(any_quick_reply),
            Step(mobile),
            Step("بله، رزرو کن", expect="BK-"),
        ]),
        Conversation("admission_lookup", [
            Step("كد رهگيري من ۴۰۵۱۲۳۴۸ است"),
            Step("٥٢٦٠١٨١٥٩١", expect="پذیرفته"),
        ]),
    ]


def starter_bot_conversations(number: int, random_generator: random.Random) -> List[Conversation]:
    """Return the scripts of the bot that ``rasa init`` creates (the mood bot)."""
    return [
        Conversation("sad_then_helped", [
            Step("hello", expect="How are you"),
            Step("I am sad"),
            Step("yes", expect="Great"),
        ]),
        Conversation("happy_and_bot_question", [
            Step("hi", expect="How are you"),
            Step("I am great"),
            Step("are you a bot?", expect="bot"),
            Step("bye", expect="Bye"),
        ]),
    ]


SCRIPTS = {"ours": our_conversations, "stock": starter_bot_conversations}
