"""Masking of personal values (mobiles, national codes, codes) before they reach a log."""

from __future__ import annotations


def masked(value: object, visible: int = 3) -> str:
    """Hide all but the last ``visible`` characters: ``09123456789`` becomes ``********789``."""
    text = str(value)
    if len(text) <= visible:
        return "*" * len(text)
    return "*" * (len(text) - visible) + text[-visible:]
