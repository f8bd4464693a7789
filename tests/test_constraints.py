"""Invariants the database itself enforces, on SQLite and PostgreSQL alike."""

import pytest
from django.db import IntegrityError, transaction

from claims.models import Quote, Speaker
from sources.models import Article

pytestmark = pytest.mark.django_db


def refused(create: object) -> bool:
    try:
        with transaction.atomic():
            create()  # type: ignore[operator]
    except IntegrityError:
        return True
    return False


def test_wikidata_id_must_look_like_a_q_number() -> None:
    assert refused(lambda: Speaker.objects.create(name="A", wikidata_id="42"))
    assert refused(lambda: Speaker.objects.create(name="B", wikidata_id="Q0"))
    Speaker.objects.create(name="C", wikidata_id="Q42")
    Speaker.objects.create(name="D", wikidata_id="")


def test_one_speaker_per_normalised_name_and_kind() -> None:
    Speaker.objects.create(name="Daniel Pinkston")
    assert refused(lambda: Speaker.objects.create(name="  daniel   PINKSTON "))
    Speaker.objects.create(name="Daniel Pinkston", kind="organization")


def test_article_url_unique_when_present_and_hash_unique() -> None:
    Article.objects.create(title="a", body="x", raw="x", content_hash="1", url="")
    Article.objects.create(title="b", body="y", raw="y", content_hash="2", url="")
    Article.objects.create(title="c", body="z", raw="z", content_hash="3", url="https://e.org/1")
    assert refused(
        lambda: Article.objects.create(
            title="d", body="w", raw="w", content_hash="4", url="https://e.org/1"
        )
    )
    assert refused(lambda: Article.objects.create(title="e", body="v", raw="v", content_hash="1"))


def test_quote_span_must_be_non_empty() -> None:
    article = Article.objects.create(title="a", body="hello", raw="hello", content_hash="1")
    assert refused(lambda: Quote.objects.create(article=article, text="", start=3, end=3))
    assert refused(lambda: Quote.objects.create(article=article, text="", start=4, end=2))
