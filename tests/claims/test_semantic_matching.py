"""Claim matching's semantic stage (claims/semantic.py), installed with the
`semantic` extra."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from claims import matching, semantic

pytest.importorskip("wordllama", reason='needs pip install "factbase[semantic]"')

URL = "/api/v1/claims/match"


def import_fact_checks(path: Path, checks: list[tuple[str, str]]) -> None:
    reviews = [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"https://factcheck.example.org/{number}",
            "datePublished": "2024-05-03",
            "name": title,
            "author": {"@type": "Organization", "name": "Example Fact"},
            "claimReviewed": claim,
            "itemReviewed": {"@type": "Claim"},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
        }
        for number, (claim, title) in enumerate(checks)
    ]
    path.write_text(json.dumps(reviews))
    call_command("import_claimreview", str(path), stdout=StringIO(), stderr=StringIO())


def matched(client: APIClient, text: str) -> list[tuple[str, float]]:
    response = client.get(URL, {"text": text})
    assert response.status_code == 200, response.content
    return [(found["verdicts"][0]["url"], found["score"]) for found in response.json()["matches"]]


def test_a_title_saying_the_same_in_other_words_is_closer_than_another() -> None:
    closeness = semantic.title_closeness(
        "The vaccine makes children ill",
        ["Do jabs harm kids?", "Old photo shows a different stadium", "  "],
    )

    assert closeness[0] > closeness[1] + 0.2
    assert closeness[2] == 0.0
    assert all(-1.0 <= value <= 1.0 for value in closeness)


def test_links_and_a_pasted_posts_byline_are_not_read() -> None:
    titles = ["Do jabs harm kids?", "Old photo shows a different stadium"]

    posted = semantic.title_closeness(
        "The vaccine makes children ill https://t.co/abc pic.twitter.com/xyz "
        "— Health Tips (@healthtips) March 3, 2020",
        titles,
    )

    assert posted == semantic.title_closeness("The vaccine makes children ill", titles)


def test_a_title_close_in_meaning_ranks_its_claim_first(
    api_client: APIClient, tmp_path: Path, db: None
) -> None:
    # Two claims with the same words, their titles as many words none of the post's:
    # lexically tied, so the older claim comes first unless the meaning decides.
    import_fact_checks(
        tmp_path / "reviews.json",
        [
            ("Unsafe: the new vaccine.", "Old stadium photo"),
            ("The new vaccine is unsafe.", "Do jabs harm kids?"),
        ],
    )
    stadium, jabs = "https://factcheck.example.org/0", "https://factcheck.example.org/1"
    post = "the vaccine makes children sick"

    with override_settings(FACTBASE_SEMANTIC_MATCHING=False):
        lexical = matched(api_client, post)
    with override_settings(FACTBASE_SEMANTIC_MATCHING=True):
        with_meaning = matched(api_client, post)

    assert [url for url, _ in lexical] == [stadium, jabs]
    assert [url for url, _ in with_meaning] == [jabs, stadium]
    closeness = semantic.title_closeness(post, ["Old stadium photo", "Do jabs harm kids?"])
    pairs = zip(lexical, reversed(with_meaning), closeness, strict=True)
    for (_, before), (_, after), close in pairs:
        assert after == pytest.approx(before + matching.TITLE_MEANING_WEIGHT * close, abs=1e-3)


def test_turned_off_or_not_installed_the_stage_is_not_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert semantic.enabled()
    with override_settings(FACTBASE_SEMANTIC_MATCHING=False):
        assert not semantic.enabled()

    monkeypatch.setattr(semantic, "_model", lambda: None)
    assert not semantic.enabled()
    with pytest.raises(RuntimeError, match=r"factbase\[semantic\]"):
        semantic.title_closeness("a text", ["a title"])
