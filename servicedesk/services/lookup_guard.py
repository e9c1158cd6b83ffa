"""Slow down repeated failed status lookups, so codes cannot be guessed.

A failure is recorded under two subjects: the conversation and the code that was asked
about. After ``lookup_max_failures`` failures within the window, each further attempt on
either subject must wait ``lookup_base_delay_seconds``, doubled for every extra failure.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from servicedesk.config import Settings, load_settings
from servicedesk.models import LookupFailure, utc_now


def subjects(kind: str, sender_id: str, code: str) -> list:
    """Return the subjects a lookup counts against: the sender and the code."""
    return [f"{kind}:sender:{sender_id}", f"{kind}:code:{code}"]


def seconds_to_wait(session: Session, subject_keys: Iterable[str], settings: Settings = None) -> int:
    """Return how long the caller must wait before the next lookup, 0 if it may go ahead."""
    settings = settings or load_settings()
    now = utc_now()
    window_start = now - dt.timedelta(minutes=settings.lookup_window_minutes)
    longest = 0
    for subject in subject_keys:
        count, last = session.execute(
            select(func.count(LookupFailure.id), func.max(LookupFailure.failed_at)).where(
                LookupFailure.subject == subject, LookupFailure.failed_at >= window_start
            )
        ).one()
        extra = count - settings.lookup_max_failures
        if extra < 0 or last is None:
            continue
        delay = dt.timedelta(seconds=settings.lookup_base_delay_seconds * 2**extra)
        remaining = (last + delay - now).total_seconds()
        longest = max(longest, int(remaining) + 1 if remaining > 0 else 0)
    return longest


def record_failure(session: Session, subject_keys: Iterable[str]) -> None:
    """Count one failed lookup against each subject."""
    for subject in subject_keys:
        session.add(LookupFailure(subject=subject))


def forget_failures(session: Session, subject_keys: Iterable[str]) -> None:
    """Clear the failures of the conversation after a successful lookup."""
    for subject in subject_keys:
        session.execute(delete(LookupFailure).where(LookupFailure.subject == subject))
