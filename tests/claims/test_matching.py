"""Has this been checked before? `GET /api/v1/claims/match` and the matcher behind it,
on both databases."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims import matching
from claims.matching import similarity, trigrams, words
from claims.models import Claim, ClaimPair

URL = "/api/v1/claims/match"

FACT_CHECKS = [
    (
        "Drinking hot water every fifteen minutes kills the coronavirus.",
        "No, hot water does not kill the coronavirus",
        "False",
    ),
    (
        "The city council spent 1,200,000 dollars on a new fountain in the park.",
        "Council fountain cost checked",
        "Mostly True",
    ),
    (
        "Wind turbines cause more bird deaths than cats.",
        "Cats kill far more birds than wind turbines",
        "False",
    ),
    (
        "The governor cut teacher salaries by 10% last year.",
        "Did the governor cut teacher pay?",
        "Half True",
    ),
]


def claim_review(number: int, claim: str, title: str, rating: str) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example.org/{number}",
        "datePublished": "2024-05-03",
        "name": title,
        "author": {
            "@type": "Organization",
            "name": "Example Fact",
            "url": "https://factcheck.example.org",
        },
        "claimReviewed": claim,
        "itemReviewed": {"@type": "Claim"},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }


@pytest.fixture
def fact_checks(tmp_path: Path, db: None) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([claim_review(n, *fields) for n, fields in enumerate(FACT_CHECKS)]))
    call_command("import_claimreview", str(path), stdout=StringIO(), stderr=StringIO())


def match(client: APIClient, text: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(URL, {"text": text, **params})
    assert response.status_code == 200, response.content
    return response.json()["matches"]


def test_a_reworded_post_finds_the_fact_check_with_its_verdict(
    api_client: APIClient, fact_checks: None
) -> None:
    matches = match(
        api_client,
        "Doctors say sipping HOT WATER every 15 minutes will kill #CoronaVirus!! "
        "https://t.co/abc123 pic.twitter.com/xyz — Health Tips (@healthtips) March 3, 2020",
    )

    best = matches[0]
    assert best["text"] == FACT_CHECKS[0][0]
    assert best["state"] == "published"
    assert best["rating"]["slug"] == "false"
    assert best["score"] > 0
    verdict = best["verdicts"][0]
    assert (verdict["publisher"], verdict["site"]) == ("Example Fact", "factcheck.example.org")
    assert (verdict["original_rating"], verdict["url"]) == (
        "False",
        "https://factcheck.example.org/0",
    )
    assert [m["score"] for m in matches] == sorted((m["score"] for m in matches), reverse=True)


def test_numbers_and_hashtags_are_matched_as_written_elsewhere(
    api_client: APIClient, fact_checks: None
) -> None:
    assert (
        match(api_client, "Council blew $1200000 on a #NewFountain")[0]["text"]
        == (FACT_CHECKS[1][0])
    )
    assert match(api_client, "#WindTurbines kill birds")[0]["text"] == FACT_CHECKS[2][0]


def test_a_fact_checks_title_finds_its_claim(api_client: APIClient, fact_checks: None) -> None:
    # "pay" is only in the title of the governor's fact-check, not in the claim.
    assert [m["text"] for m in match(api_client, "pay")] == [FACT_CHECKS[3][0]]


def test_text_read_as_posted() -> None:
    assert words("#DefundTheCBC now https://t.co/x") == ["defundthecbc", "defund", "cbc", "now"]
    assert words("It isn't 1,000,000 but 10%") == ["not", "1000000", "10", "percent"]
    assert words("the of and") == []
    assert words("ok " + "é" * 1000) == ["ok"]


def test_limit_and_no_match(api_client: APIClient, fact_checks: None) -> None:
    assert len(match(api_client, "kills birds water teacher council", limit=2)) == 2
    assert match(api_client, "zebra xylophone") == []
    assert match(api_client, "the of and") == []


def test_equal_texts_rank_the_older_claim_first(api_client: APIClient, db: None) -> None:
    first = Claim.objects.create(text="Tap water contains fluoride.", state="published")
    Claim.objects.create(text="Tap water contains fluoride.", state="published")

    matches = match(api_client, "fluoride in tap water")

    assert matches[0]["id"] == first.pk
    assert matches[0]["score"] == matches[1]["score"]


def test_unpublished_claims_match_for_the_desk_only(
    api_client: APIClient, reviewer_api_client: APIClient, reviewer: User, db: None
) -> None:
    Claim.objects.create(text="Ferries to the island stopped running in March.")

    assert match(api_client, "island ferries stopped") == []
    found = match(reviewer_api_client, "island ferries stopped")
    assert [(m["state"], m["rating"], m["verdicts"]) for m in found] == [("new", None, [])]


def test_the_desk_is_answered_with_the_claim_a_match_was_merged_into(
    reviewer_api_client: APIClient, reviewer: User, db: None
) -> None:
    older = Claim.objects.create(text="Ferries to the island stopped in March.")
    newer = Claim.objects.create(text="Island ferries stopped running in March.")
    pair = ClaimPair.objects.create(first=older, second=newer, closeness=0.9)

    pair.mark_same(by=reviewer)

    assert [m["id"] for m in match(reviewer_api_client, "island ferries stopped")] == [older.pk]


def test_a_reworded_claim_is_matched_by_its_new_words(api_client: APIClient, db: None) -> None:
    claim = Claim.objects.create(text="The ferry timetable doubled.", state="published")
    claim.text = "Harbour tolls doubled."
    claim.save()

    assert [m["id"] for m in match(api_client, "harbour tolls")] == [claim.pk]
    assert match(api_client, "ferry timetable") == []


def test_the_closer_wording_ranks_first_among_claims_with_the_same_words(
    api_client: APIClient, db: None
) -> None:
    Claim.objects.create(text="County closed bridges.", state="published")
    closer = Claim.objects.create(text="Bridges in the county were closed.", state="published")

    matches = match(api_client, "Bridges in the county were closed!")

    assert matches[0]["id"] == closer.pk
    assert matches[0]["score"] > matches[1]["score"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite takes every claim sharing a word"
)
def test_a_claim_sharing_one_word_that_others_hold_too_is_no_candidate(
    api_client: APIClient, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Here every word of the text is in two claims: too many to find claims by alone.
    monkeypatch.setattr(matching, "ALONE_ROWS", 0)
    both = Claim.objects.create(text="Ferry tolls doubled in the harbour.", state="published")
    for text in ["Ferry timetable changed.", "Bridge tolls rose.", "Harbour lights went off."]:
        Claim.objects.create(text=text, state="published")
    for number in range(40):
        Claim.objects.create(text=f"Weather report {number} for the coast.", state="published")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
        cursor.execute("ANALYZE claims_review")
    monkeypatch.setattr(matching, "_statistics", None)

    assert [m["id"] for m in match(api_client, "ferry tolls harbour")] == [both.pk]
    assert match(api_client, "harbour lights tonight")[0]["text"] == "Harbour lights went off."
    # Words in three claims or fewer find claims alone.
    monkeypatch.setattr(matching, "ALONE_ROWS", 3)
    assert len(match(api_client, "ferry tolls harbour")) == 4


@pytest.mark.parametrize(
    ("first", "second"),
    [("word", "words"), ("Harbour tolls doubled", "harbour TOLLS double!"), ("", "x")],
)
def test_trigram_similarity_is_pg_trgms(first: str, second: str, db: None) -> None:
    found = similarity(trigrams(first), trigrams(second))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT similarity(%s, %s)", [first, second])
            assert found == pytest.approx(cursor.fetchone()[0], abs=1e-6)
    if (first, second) == ("word", "words"):
        assert found == pytest.approx(4 / 7)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"text": ""},
        {"text": "water", "limit": "0"},
        {"text": "water", "limit": "51"},
        {"text": "water", "limit": "five"},
        {"text": "wa\x00ter"},
        {"text": "x" * 2001},
    ],
)
def test_bad_arguments_are_a_400(api_client: APIClient, params: dict[str, str], db: None) -> None:
    assert api_client.get(URL, params).status_code == 400


def test_query_count_is_constant(api_client: APIClient, fact_checks: None) -> None:
    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as context:
            match(api_client, "water birds teacher council fountain coronavirus", limit=limit)
        return len(context.captured_queries)

    # The number of claims, the candidates with their terms and their verdicts' terms
    # (on PostgreSQL: the claims found by title, those found by text, then the terms of
    # both, in a savepoint whose planner settings are set and restored; on SQLite: the
    # candidates, then their verdicts' terms), the texts and titles of the best by BM25,
    # then the best claims with their ratings and their verdicts with theirs; on
    # PostgreSQL first its term statistics (read again each time where ANALYZE never
    # ran, as in a test database, and then the number of claims is counted).
    expected = 13 if connection.vendor == "postgresql" else 7
    assert queries(1) == queries(50) == expected
