"""Knowledge-base articles and their BM25 search over normalized Persian."""

import shutil
from pathlib import Path

import pytest

from knowledge_base.articles import InvalidArticle, load_article, load_articles
from knowledge_base.search import KnowledgeBase, search_terms

ARTICLES = Path(__file__).resolve().parents[2] / "knowledge_base" / "articles"


def test_every_article_loads_with_unique_ids():
    articles = load_articles(ARTICLES)
    assert len(articles) >= 20
    assert len({article.id for article in articles}) == len(articles)


def test_article_without_answer_is_invalid(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("id: broken\ntitle: عنوان\ncategory: loans\nreviewed: '1405-09-01'\nquestions: [سؤال]\n")
    with pytest.raises(InvalidArticle, match="answer"):
        load_article(broken)


def test_search_terms_drop_stop_words_and_fold_letters():
    assert search_terms("وام‌هاي من") == search_terms("وام ها")


@pytest.mark.parametrize(
    "question, article_id",
    [
        ("وام سرمایه در گردش چطوری میدن؟", "working-capital-loans"),
        ("شرکت دانش بنیان چیه", "knowledge-based-companies"),
        ("دوره آنلاین بهتره یا حضوری", "online-vs-in-person-courses"),
        ("میز خدمت چیه", "service-desk-overview"),
    ],
)
def test_question_finds_its_article(question, article_id):
    assert KnowledgeBase(ARTICLES).search(question)[0].article.id == article_id


def test_unrelated_question_finds_nothing():
    assert KnowledgeBase(ARTICLES).search("هوا فردا بارانی است؟") == []


def test_edited_article_is_searched_without_restart(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    knowledge_base = KnowledgeBase(folder)
    assert knowledge_base.search("زعفران") == []

    (folder / "saffron-export.yml").write_text(
        "id: saffron-export\n"
        "title: صادرات زعفران\n"
        "category: exhibitions_export\n"
        "reviewed: '1405-09-12'\n"
        "questions: [چطور زعفران صادر کنم؟]\n"
        "answer: برای صادرات زعفران ابتدا کارت بازرگانی و استانداردهای بسته‌بندی را بررسی کنید.\n",
        encoding="utf-8",
    )
    assert knowledge_base.search("زعفران")[0].article.id == "saffron-export"
