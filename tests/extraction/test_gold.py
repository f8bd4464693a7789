"""Extraction quality measured against annotated gold files (no database needed)."""

from pathlib import Path

import pytest

from extraction.evaluation import evaluate, load_gold, overlap
from sources.importing import read_article

GOLD_DIR = Path(__file__).resolve().parent.parent / "gold"


def load_file(path: Path) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    article = read_article(path)
    return article.title, article.body, article.tags, article.removed


@pytest.fixture(scope="module")
def seed_scores() -> dict:
    return evaluate(load_gold(GOLD_DIR / "seed-article.json", load_file)).as_dict()


def test_seed_direct_quotes_all_found_with_right_speaker(seed_scores: dict) -> None:
    assert seed_scores["direct"]["end_to_end"]["f1"] == 1.0


def test_seed_indirect_quotes_mostly_found(seed_scores: dict) -> None:
    assert seed_scores["indirect"]["matched"] >= 2
    assert seed_scores["indirect"]["attribution_accuracy"] == 1.0


def test_seed_claims_recall(seed_scores: dict) -> None:
    assert seed_scores["claims"]["matched"] >= 6


def test_seed_title_tags_and_boilerplate(seed_scores: dict) -> None:
    article = seed_scores["articles"][0]
    assert article["title_ok"] and article["tags_ok"]
    assert article["boilerplate_left"] == []


def test_seed_terms_are_not_reported_as_quotes() -> None:
    import json

    from extraction import extract

    gold = json.loads((GOLD_DIR / "seed-article.json").read_text())["articles"][0]
    body = load_file(GOLD_DIR.parent.parent / gold["file"])[1]
    terms = [q["text"] for q in gold["quotes"] if q["kind"] == "term"]
    predicted = [q.text for q in extract(body).quotes]
    assert not [p for p in predicted for t in terms if overlap(p, t) >= 0.8]


def test_common_news_patterns() -> None:
    scores = evaluate(load_gold(GOLD_DIR / "patterns.json", load_file)).as_dict()
    assert scores["direct"]["end_to_end"]["f1"] >= 0.9
    assert scores["direct"]["attribution_accuracy"] >= 0.9
    assert scores["indirect"]["end_to_end"]["f1"] >= 0.8
