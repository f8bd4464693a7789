"""The same claim said in several articles is one claim with one appearance per article,
whichever outlet ran it and whoever said it there; a verdict covers every appearance."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from claims.links import slug_of
from claims.models import Claim, EvidenceLink, RatingLabel
from sources.models import Article
from tests.conftest import UNATTRIBUTED

pytestmark = pytest.mark.django_db

CLAIM = "The ports reopened on Monday after a nine-day strike that cost exporters $2 billion."
FIRST = {
    "title": "Ports reopen",
    "url": "https://wire.example.org/ports",
    "outlet": "Harbour Wire",
    "body": f"{CLAIM}\n\nThe city council meets again on Friday.",
}
SECOND = {
    "title": "Strike over at the docks",
    "url": "https://coast.example.net/docks",
    "outlet": "Coast Daily",
    "body": f"Trucks queued at the gates before dawn.\n\n{CLAIM}",
}


def import_story(tmp_path: Path, record: dict[str, str]) -> None:
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps(record) + "\n")
    call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())


def publish(claim: Claim, reviewer: User, editor: User) -> None:
    claim.start_review(by=reviewer)
    claim.rate(
        by=reviewer,
        rating=RatingLabel.objects.get(slug="false"),
        summary="The strike lasted six days.",
        explanation="The port authority's log shows six days.",
        evidence=[EvidenceLink("https://example.org/port-log", "Port log", "refutes")],
    )
    claim.publish(by=editor, no_claimant=UNATTRIBUTED)


def test_the_same_sentence_in_two_articles_is_one_claim_with_two_appearances(
    tmp_path: Path,
) -> None:
    import_story(tmp_path, FIRST)
    import_story(tmp_path, SECOND)

    claim = Claim.objects.get(text=CLAIM)
    outlets = sorted(str(a.article.outlet) for a in claim.appearances.all())
    assert outlets == ["Coast Daily", "Harbour Wire"]
    for appearance in claim.appearances.all():
        assert appearance.article.body[appearance.start : appearance.end] == CLAIM


def test_a_published_claim_keeps_its_verdict_and_gains_the_new_appearance(
    tmp_path: Path, reviewer: User, editor: User
) -> None:
    import_story(tmp_path, FIRST)
    claim = Claim.objects.get(text=CLAIM)
    publish(claim, reviewer, editor)
    verdict = (claim.state, claim.rating_id, list(claim.reviews.values_list("pk", "summary")))

    import_story(tmp_path, SECOND)
    call_command("reextract", stdout=StringIO(), stderr=StringIO())

    assert Claim.objects.filter(text=CLAIM).count() == 1
    claim.refresh_from_db()
    assert (
        claim.state,
        claim.rating_id,
        list(claim.reviews.values_list("pk", "summary")),
    ) == verdict
    assert claim.appearances.count() == 2

    page = Client().get(f"/fact-checks/{claim.pk}-{slug_of(claim.text)}/")
    assert page.status_code == 200
    html = page.content.decode()
    for record in (FIRST, SECOND):
        assert record["title"] in html and record["outlet"] in html

    review = Client().get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    urls = {item["url"] for item in review["itemReviewed"]["appearance"]}
    assert urls == {FIRST["url"], SECOND["url"]}
    assert Article.objects.count() == 2


def test_each_appearance_keeps_who_said_it_there(tmp_path: Path) -> None:
    said = "“The ports reopened on Monday after a nine-day strike that cost exporters $2 billion,”"
    import_story(tmp_path, {**FIRST, "body": f"{said} said Ana Ruiz, a trade official."})
    import_story(tmp_path, {**SECOND, "body": f"{said} said Tom Okafor, a union leader."})

    claim = Claim.objects.get()
    speakers = sorted(claim.appearances.values_list("quote__speaker__name", flat=True))
    assert speakers == ["Ana Ruiz", "Tom Okafor"]
