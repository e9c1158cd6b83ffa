"""Import articles that staff wrote into the live knowledge-base folder.

Every file is checked before any is copied, so one broken article leaves the live folder
untouched. Each copy is written beside its target and renamed over it, so the search never
reads a half-written file; the search notices the new files on its next query, without a
restart and without retraining Rasa.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import List

from knowledge_base.articles import Article, InvalidArticle, load_article

logger = logging.getLogger(__name__)


def check_folder(source: Path) -> List[Article]:
    """Load every article in ``source``; raise ``InvalidArticle`` naming the first bad file."""
    articles = []
    for path in sorted(source.glob("*.yml")):
        article = load_article(path)
        if path.stem != article.id:
            raise InvalidArticle(f"{path.name}: id {article.id!r} must equal the file name {path.stem!r}")
        articles.append(article)
    return articles


def import_folder(source: Path, target: Path) -> List[Article]:
    """Copy the checked articles of ``source`` into ``target``, replacing same-id files."""
    articles = check_folder(source)
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.yml")):
        staging = target / f".{path.name}.importing"
        shutil.copyfile(path, staging)
        os.replace(staging, target / path.name)
    logger.info("Imported %d articles from %s into %s", len(articles), source, target)
    return articles
