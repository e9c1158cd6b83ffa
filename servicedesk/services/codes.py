"""Random public codes for tickets, bookings and applications.

Codes are random rather than sequential so that one code tells nothing about the next.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

ATTEMPTS = 20


def new_code(session: Session, column, prefix: str, digits: int = 6) -> str:  # type: ignore[no-untyped-def]
    """Return ``PREFIX-NNNNNN`` not yet used in ``column``."""
    for _ in range(ATTEMPTS):
        number = secrets.randbelow(10**digits - 10 ** (digits - 1)) + 10 ** (digits - 1)
        code = f"{prefix}-{number:0{digits}d}" if prefix else f"{number:0{digits}d}"
        taken = session.execute(select(column).where(column == code)).first()
        if taken is None:
            return code
    raise RuntimeError(f"No free {prefix or 'numeric'} code after {ATTEMPTS} attempts")
