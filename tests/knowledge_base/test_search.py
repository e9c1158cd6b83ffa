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


def test_staff_import_is_live_and_atomic(tmp_path):
    from knowledge_base.staff_import import import_folder

    live = tmp_path / "live"
    shutil.copytree(ARTICLES, live)
    knowledge_base = KnowledgeBase(live)
    assert knowledge_base.search("پسته") == []

    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "pistachio-export.yml").write_text(
        "id: pistachio-export\ntitle: صادرات پسته\ncategory: exhibitions_export\nreviewed: '1405-09-12'\n"
        "questions: [پسته رو چطور صادر کنم؟]\nanswer: برای صادرات پسته استاندارد بسته‌بندی را بررسی کنید.\n",
        encoding="utf-8",
    )
    import_folder(drafts, live)
    assert knowledge_base.search("پسته")[0].article.id == "pistachio-export"


def test_staff_import_rejects_a_broken_folder(tmp_path):
    from knowledge_base.staff_import import import_folder

    live = tmp_path / "live"
    live.mkdir()
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "good.yml").write_text(
        "id: good\ntitle: عنوان\ncategory: loans\nreviewed: '1405-09-12'\nquestions: [سؤال]\nanswer: پاسخ\n",
        encoding="utf-8",
    )
    (drafts / "bad.yml").write_text("id: other\ntitle: عنوان\n", encoding="utf-8")
    with pytest.raises(InvalidArticle):
        import_folder(drafts, live)
    assert list(live.iterdir()) == []
