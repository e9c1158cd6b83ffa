"""Measure knowledge-base retrieval on the question set in knowledge_base/evaluation.

For questions labelled with an article it reports:
- top-1 accuracy of the ranking (the best-scoring article is the labelled one);
- mean reciprocal rank (MRR) of the labelled article among the top 10;
- what the assistant would do: answer with the right article, offer it among two on a
  close call, answer wrongly, or say it does not know.
For questions labelled ``none`` it reports how often the assistant says it does not know.

    .venv/bin/python -m scripts.evaluate_knowledge_base [--questions FILE] [--articles DIR]
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import List

import yaml

from knowledge_base.search import KnowledgeBase, decide_with_settings
from scripts.trained_model import ROOT
from servicedesk.config import load_settings

QUESTIONS = ROOT / "knowledge_base" / "evaluation" / "questions.yml"
RANKED = 10


@dataclass(frozen=True)
class RetrievalReport:
    """Figures of one evaluation run."""

    answerable: int
    top1_accuracy: float
    mean_reciprocal_rank: float
    outcomes: Counter
    unanswerable: int
    unknown_rate: float


def evaluate(questions_file: Path, articles_dir: Path) -> RetrievalReport:
    """Run every question of ``questions_file`` against the articles in ``articles_dir``."""
    questions = yaml.safe_load(questions_file.read_text(encoding="utf-8"))["questions"]
    knowledge_base = KnowledgeBase(articles_dir)
    settings = load_settings()

    reciprocal_ranks: List[float] = []
    top1 = 0
    outcomes: Counter = Counter()
    unanswerable = unknown_for_unanswerable = 0

    for question in questions:
        hits = knowledge_base.search(question["text"], limit=RANKED)
        decision = decide_with_settings(hits[:2], settings)
        expected = question["article"]

        if expected == "none":
            unanswerable += 1
            unknown_for_unanswerable += decision.kind == "unknown"
            continue

        ranked_ids = [hit.article.id for hit in hits]
        rank = ranked_ids.index(expected) + 1 if expected in ranked_ids else None
        reciprocal_ranks.append(1 / rank if rank else 0.0)
        top1 += rank == 1
        offered = [hit.article.id for hit in decision.hits]
        if decision.kind == "unknown":
            outcomes["unknown"] += 1
        elif expected not in offered:
            outcomes["wrong"] += 1
        else:
            outcomes["answered" if decision.kind == "answer" else "offered among two"] += 1

    answerable = len(reciprocal_ranks)
    return RetrievalReport(
        answerable=answerable,
        top1_accuracy=top1 / answerable,
        mean_reciprocal_rank=sum(reciprocal_ranks) / answerable,
        outcomes=outcomes,
        unanswerable=unanswerable,
        unknown_rate=unknown_for_unanswerable / unanswerable if unanswerable else 0.0,
    )


def main() -> None:
    """Print the retrieval figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS, help="question set (YAML)")
    parser.add_argument("--articles", type=Path, default=load_settings().knowledge_base_dir, help="article folder")
    arguments = parser.parse_args()

    report = evaluate(arguments.questions, arguments.articles)
    print(f"answerable questions: {report.answerable}")
    print(f"top-1 accuracy: {report.top1_accuracy:.3f}")
    print(f"MRR@{RANKED}: {report.mean_reciprocal_rank:.3f}")
    for outcome in ("answered", "offered among two", "wrong", "unknown"):
        print(f"  {outcome}: {report.outcomes[outcome]}")
    print(f"questions no article answers: {report.unanswerable}, "
          f"told 'I do not know': {report.unknown_rate:.3f}")


if __name__ == "__main__":
    main()
