"""The gateway's own Persian texts, sent when the reply does not come from Rasa."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

import yaml

MESSAGES: Dict[str, str] = yaml.safe_load((Path(__file__).parent / "messages.yml").read_text(encoding="utf-8"))
