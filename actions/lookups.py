"""Status lookups that need two facts and slow down repeated failures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import ActionStopped, with_database
from servicedesk.persian_format import persian_digits
from servicedesk.services import lookup_guard

Found = TypeVar("Found")


class LookupRefused(ActionStopped):
    """Too many failed lookups; the user got a message with the seconds to wait."""


@dataclass(frozen=True)
class _Wait:
    seconds: int


def guarded_lookup(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    kind: str,
    code: str,
    find: Callable[[Session], Optional[Found]],
) -> Optional[Found]:
    """Run ``find`` unless this conversation or this code failed too often lately.

    A miss counts against both the conversation and the code, so switching either one
    does not reset the delay. ``find`` returns plain data (the session closes after it),
    or None when the two facts do not match.
    """

    def lookup(session: Session):  # type: ignore[no-untyped-def]
        subjects = lookup_guard.subjects(kind, tracker.sender_id, code)
        wait = lookup_guard.seconds_to_wait(session, subjects)
        if wait > 0:
            return _Wait(wait)

        found = find(session)
        if found is None:
            lookup_guard.record_failure(session, subjects)
        else:
            lookup_guard.forget_failures(session, subjects[:1])
        return found

    outcome = with_database(dispatcher, tracker, lookup)
    if isinstance(outcome, _Wait):
        dispatcher.utter_message(response="utter_lookup_slowed_down", wait=persian_digits(outcome.seconds))
        raise LookupRefused()
    return outcome
