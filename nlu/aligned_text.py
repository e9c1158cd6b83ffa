"""Text that remembers, for every character, where it came from in the user's text.

Normalization inserts, deletes and replaces characters. Every component downstream works
on the normalized text but must report entity offsets into the text the user typed, so
each normalization step returns a new ``AlignedText`` instead of a bare string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Sequence, Tuple


@dataclass(frozen=True)
class AlignedText:
    """A normalized text with, for each of its characters, an index into ``original``.

    ``origins[i]`` is the index in ``original`` of the character that produced ``text[i]``.
    A character inserted by normalization (a zero-width non-joiner, say) takes the origin
    of the character after it. ``protected[i]`` marks characters inside codes, e-mail
    addresses and URLs, which normalization steps leave as typed.
    """

    original: str
    text: str
    origins: Tuple[int, ...]
    protected: Tuple[bool, ...] = field(default=())

    @classmethod
    def identity(cls, original: str) -> AlignedText:
        """Wrap a text that has not been normalized yet."""
        return cls(
            original=original,
            text=original,
            origins=tuple(range(len(original))),
            protected=(False,) * len(original),
        )

    @classmethod
    def from_parts(
        cls,
        original: str,
        chars: Sequence[str],
        origins: Sequence[int],
        protected: Sequence[bool],
    ) -> AlignedText:
        """Build a text from per-character lists produced by a normalization step."""
        return cls(
            original=original,
            text="".join(chars),
            origins=tuple(origins),
            protected=tuple(protected),
        )

    def original_span(self, start: int, end: int) -> Tuple[int, int]:
        """Map the span ``text[start:end]`` to the span of ``original`` it came from."""
        if start >= end:
            position = self._origin_at(start)
            return position, position

        first = self.origins[start]
        last = self.origins[end - 1]
        return first, last + 1

    def original_slice(self, start: int, end: int) -> str:
        """Return the part of the user's text behind ``text[start:end]``."""
        original_start, original_end = self.original_span(start, end)
        return self.original[original_start:original_end]

    def _origin_at(self, position: int) -> int:
        if position < len(self.origins):
            return self.origins[position]
        return len(self.original)


def rebuild(
    source: AlignedText,
    pieces: List[Tuple[str, int, bool]],
) -> AlignedText:
    """Build the next ``AlignedText`` from ``(char, origin, protected)`` triples."""
    chars = [piece[0] for piece in pieces]
    origins = [piece[1] for piece in pieces]
    protected = [piece[2] for piece in pieces]
    return AlignedText.from_parts(source.original, chars, origins, protected)


def replace_spans(source: AlignedText, replacements: List[Tuple[int, int, str]]) -> AlignedText:
    """Replace non-overlapping spans of ``source.text`` by new strings.

    The replacement's characters take origins spread evenly over the replaced span, so
    its first and last characters map to the span's first and last characters.
    """
    pieces: List[Tuple[str, int, bool]] = []
    position = 0
    for start, end, new in sorted(replacements):
        pieces += zip(source.text[position:start], source.origins[position:start], source.protected[position:start])
        stretch = (end - start - 1) / max(len(new) - 1, 1)
        for index, char in enumerate(new):
            origin_index = start + round(index * stretch)
            pieces.append((char, source.origins[origin_index], False))
        position = end
    pieces += zip(source.text[position:], source.origins[position:], source.protected[position:])
    return rebuild(source, pieces)
