"""Split a long reply into messages that fit a messenger's length limit.

Telegram counts a message's length in UTF-16 code units (4,096 at most), so an emoji
outside the Basic Multilingual Plane counts twice. Pieces break at a line break or a
space where possible, never inside a word, a grapheme made of a zero-width joiner
sequence, or a surrogate pair.
"""

from __future__ import annotations

from typing import List

TELEGRAM_LIMIT = 4096
ZERO_WIDTH_JOINER = "\u200d"


def utf16_length(text: str) -> int:
    """Return the length of ``text`` as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> List[str]:
    """Split ``text`` into pieces of at most ``limit`` UTF-16 units, in order.

    Each piece ends at the last line break, or else the last space, that keeps it under
    the limit. A single word longer than the limit is cut between two characters that are
    not joined by a zero-width joiner.
    """
    pieces: List[str] = []
    rest = text.strip()
    while rest:
        if utf16_length(rest) <= limit:
            pieces.append(rest)
            break

        fitting = _longest_prefix_within(rest, limit)
        cut = max(rest.rfind("\n", 0, fitting + 1), rest.rfind(" ", 0, fitting + 1))
        if cut <= 0:
            cut = _safe_cut(rest, fitting)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [piece for piece in pieces if piece]


def _longest_prefix_within(text: str, limit: int) -> int:
    """Return how many characters of ``text`` fit in ``limit`` UTF-16 units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def _safe_cut(text: str, position: int) -> int:
    """Move a cut left until it does not split a zero-width-joiner sequence."""
    while position > 1 and (text[position - 1] == ZERO_WIDTH_JOINER or text[position] == ZERO_WIDTH_JOINER):
        position -= 1
    return position
