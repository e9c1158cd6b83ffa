"""Knowledge-base articles, one YAML file each, as staff write them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

import yaml

REQUIRED_FIELDS = ("id", "title", "category", "reviewed", "questions", "answer")


@dataclass(frozen=True)
class Article:
    """An article: a title, the questions it answers, the answer and its review date."""

    id: str
    title: str
    category: str
    reviewed: str
    questions: Tuple[str, ...]
    answer: str


class InvalidArticle(ValueError):
    """An article file is missing a field or has the wrong shape."""


def load_article(path: Path) -> Article:
    """Read one article file, checking that every field is present."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InvalidArticle(f"{path.name}: expected a mapping of article fields")

    missing = [field for field in REQUIRED_FIELDS if not data.get(field)]
    if missing:
        raise InvalidArticle(f"{path.name}: missing field(s) {', '.join(missing)}")

    return Article(
        id=str(data["id"]),
        title=str(data["title"]).strip(),
        category=str(data["category"]),
        reviewed=str(data["reviewed"]),
        questions=tuple(str(question).strip() for question in data["questions"]),
        answer=str(data["answer"]).strip(),
    )


def load_articles(folder: Path) -> List[Article]:
    """Read every ``*.yml`` article in ``folder``, sorted by file name."""
    return [load_article(path) for path in sorted(folder.glob("*.yml"))]
