"""BM25 search over knowledge-base articles, on normalized and lemmatized Persian.

Queries and articles go through the same normalizer, hazm tokenizer and lemmatizer as the
NLU, and hazm's stop words are dropped, so «وام میخوام» and «وام‌ها را می‌خواهم» meet.
The index is rebuilt when an article file changes, so edits are live without retraining.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

from rank_bm25 import BM25Okapi

from knowledge_base.articles import Article, load_articles
from nlu.hazm_words import shared_words

if TYPE_CHECKING:
    from servicedesk.config import Settings

# Field weights: how many times a field's words count in an article's document.
TITLE_WEIGHT = 2
QUESTIONS_WEIGHT = 1
ANSWER_WEIGHT = 1


@dataclass(frozen=True)
class SearchHit:
    """An article, its BM25 score for one query, and the share of query terms it contains.

    BM25 scores grow with the rarity of a matched word, so one rare shared word can score
    high. ``coverage`` shows whether the article also matches the rest of the question.
    """

    article: Article
    score: float
    coverage: float


QUESTION_WORDS = Path(__file__).parent / "question_words.txt"


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    """hazm's stop words and our question words, as typed and as lemmas."""
    from hazm import stopwords_list

    lines = QUESTION_WORDS.read_text(encoding="utf-8").splitlines()
    words = list(stopwords_list()) + [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    hazm_words = shared_words()
    return frozenset(words) | frozenset(hazm_words.lemma(word) for word in words)


def search_terms(text: str) -> List[str]:
    """Return the lemmas of ``text`` that carry meaning: no stop words, no punctuation."""
    stopwords = _stopwords()
    return [lemma for lemma in shared_words().lemmas_of(text) if lemma not in stopwords]


class KnowledgeBase:
    """The articles of one folder and a BM25 index over them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._signature: Optional[Tuple] = None
        self.articles: List[Article] = []
        self._index: Optional[BM25Okapi] = None
        self._vocabularies: List[frozenset] = []

    def search(self, query: str, limit: int = 3) -> List[SearchHit]:
        """Return the best ``limit`` articles for ``query``, best first."""
        self._refresh()
        terms = search_terms(query)
        if not terms or self._index is None:
            return []

        scores = self._index.get_scores(terms)
        query_terms = set(terms)
        ranked = sorted(range(len(self.articles)), key=lambda index: scores[index], reverse=True)
        return [
            SearchHit(
                self.articles[index],
                float(scores[index]),
                len(query_terms & self._vocabularies[index]) / len(query_terms),
            )
            for index in ranked[:limit]
            if scores[index] > 0
        ]

    def article(self, article_id: str) -> Optional[Article]:
        """Return the article with ``article_id``, or None."""
        self._refresh()
        return next((article for article in self.articles if article.id == article_id), None)

    def _refresh(self) -> None:
        with self._lock:
            signature = tuple(
                (path.name, path.stat().st_mtime_ns) for path in sorted(self.folder.glob("*.yml"))
            )
            if signature == self._signature:
                return

            self.articles = load_articles(self.folder)
            documents = [_document_terms(article) for article in self.articles]
            self._index = BM25Okapi(documents) if documents else None
            self._vocabularies = [frozenset(document) for document in documents]
            self._signature = signature


def _document_terms(article: Article) -> List[str]:
    return (
        search_terms(article.title) * TITLE_WEIGHT
        + search_terms(" ".join(article.questions)) * QUESTIONS_WEIGHT
        + search_terms(article.answer) * ANSWER_WEIGHT
    )


@dataclass(frozen=True)
class Decision:
    """What the assistant does with a question: ``answer``, ``choose`` or ``unknown``.

    ``hits`` contains the article to reply with, the two articles to choose between, or
    nothing.
    """

    kind: str
    hits: Tuple[SearchHit, ...]


def decide(
    hits: List[SearchHit],
    min_score: float,
    min_coverage: float,
    close_call_ratio: float,
) -> Decision:
    """Answer with the best hit, offer the two best on a close call, or admit not knowing.

    A hit counts only with a BM25 score of at least ``min_score`` and at least
    ``min_coverage`` of the question's terms. The runner-up is offered beside the best when
    it scores at least ``close_call_ratio`` of the best score.
    """
    usable = [hit for hit in hits if hit.score >= min_score and hit.coverage >= min_coverage]
    if not usable:
        return Decision("unknown", ())
    if len(usable) > 1 and usable[1].score >= close_call_ratio * usable[0].score:
        return Decision("choose", tuple(usable[:2]))
    return Decision("answer", (usable[0],))


def decide_with_settings(hits: List[SearchHit], settings: "Settings") -> Decision:
    """Apply ``decide`` with the thresholds of the service-desk settings."""
    return decide(
        hits,
        min_score=settings.knowledge_base_min_score,
        min_coverage=settings.knowledge_base_min_coverage,
        close_call_ratio=settings.knowledge_base_close_call_ratio,
    )


_knowledge_bases: Dict[Path, KnowledgeBase] = {}


def knowledge_base_at(folder: Path) -> KnowledgeBase:
    """Return the process-wide knowledge base for ``folder``."""
    if folder not in _knowledge_bases:
        _knowledge_bases[folder] = KnowledgeBase(folder)
    return _knowledge_bases[folder]
