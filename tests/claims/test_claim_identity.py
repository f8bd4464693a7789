"""A claim keeps its id across re-imports of its article and re-extraction; a claim a
reviewer has touched is never orphaned or duplicated."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from claims.models import AttributionStatus, Claim, ClaimAppearance, Speaker
from sources.models import Article

pytestmark = pytest.mark.django_db

URL = "https://wire.example.org/ports"
STRIKE = "The ports reopened on Monday after a nine-day strike that cost exporters $2 billion."
JOBS = "Unemployment in the region rose to 7 percent in March, the highest level since 2019."
PAY = "Dock workers won a pay rise of 12 percent over three years, the union said."
STORY = "\n\n".join(
    [
        STRIKE,
        JOBS,
        "“We are relieved that the ships are moving again,” said Ana Ruiz, a trade official.",
        PAY,
        "The city council meets again on Friday.",
    ]
)


def import_story(tmp_path: Path, body: str) -> None:
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps({"title": "Ports reopen", "body": body, "url": URL}) + "\n")
    call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())


def claim_ids() -> dict[int, str]:
    return dict(Claim.objects.values_list("id", "text"))


def assert_spans_match_the_text() -> None:
    for appearance in ClaimAppearance.objects.filter(missing_since__isnull=True):
        body = appearance.article.body
        assert body[appearance.start : appearance.end] == appearance.claim.text


def test_a_one_word_change_keeps_every_claim_id(tmp_path: Path, reviewer: User) -> None:
    import_story(tmp_path, STORY)
    before = claim_ids()
    assert len(before) == 3
    assigned = Claim.objects.get(text__startswith="Dock workers won")
    assigned.assign(reviewer, by=reviewer)

    # One word changes in a claim's sentence, and a paragraph before it moves the rest.
    changed = "Update: talks continue.\n\n" + STORY.replace("nine-day strike", "ten-day strike")
    import_story(tmp_path, changed)

    after = claim_ids()
    assert after.keys() == before.keys()
    assert after[Claim.objects.get(text__startswith="The ports").pk] == STRIKE.replace(
        "nine-day", "ten-day"
    )
    assert ClaimAppearance.objects.count() == 3
    assert_spans_match_the_text()
    assigned.refresh_from_db()
    assert assigned.assignee == reviewer and assigned.appearances.count() == 1


def test_reextract_after_an_edit_keeps_the_claim_and_its_appearance(
    tmp_path: Path, reviewer_client: Client
) -> None:
    import_story(tmp_path, STORY)
    before = claim_ids()
    claim = Claim.objects.get(text=JOBS)
    page = reviewer_client.get(f"/admin/claims/claim/{claim.pk}/change/")
    assert page.status_code == 200
    edited = "Unemployment in the region rose to 7 percent in March."
    response = reviewer_client.post(
        f"/admin/claims/claim/{claim.pk}/change/",
        {
            "text": edited,
            "claimant": "",
            "assignee": "",
            "seen_version": claim.version,
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    call_command("reextract", stdout=StringIO())

    assert claim_ids() == {**before, claim.pk: edited}
    appearance = ClaimAppearance.objects.get(claim=claim)
    assert appearance.article.body[appearance.start : appearance.end] == JOBS


def test_an_assigned_claim_whose_sentence_is_removed_is_kept_and_flagged(
    tmp_path: Path, reviewer: User, reviewer_client: Client
) -> None:
    import_story(tmp_path, STORY)
    kept = Claim.objects.get(text=JOBS)
    kept.assign(reviewer, by=reviewer)
    machine = Claim.objects.get(text__startswith="Dock workers won")

    import_story(tmp_path, STORY.replace(JOBS + "\n\n", "").replace(PAY + "\n\n", ""))

    assert Article.objects.get().body.count("Unemployment") == 0
    appearance = ClaimAppearance.objects.get(claim=kept)
    assert appearance.missing_since is not None
    assert appearance.old_context == JOBS
    assert not Claim.objects.filter(pk=machine.pk).exists()  # nobody had touched it
    assert Claim.objects.filter(text=JOBS).count() == 1

    page = reviewer_client.get(f"/admin/claims/claim/{kept.pk}/change/").content.decode()
    assert "No longer in the article" in page and JOBS in page
    queue = reviewer_client.get("/admin/claims/claim/?missing=yes").content.decode()
    assert "No longer in the article" in queue and f"/admin/claims/claim/{kept.pk}/change/" in queue

    # The sentence comes back: the claim is in the article again, at its new place.
    import_story(tmp_path, STORY)
    appearance.refresh_from_db()
    assert appearance.missing_since is None and appearance.old_context == ""
    assert_spans_match_the_text()


def test_claims_follow_a_reviewed_speaker_on_reextract(tmp_path: Path, reviewer: User) -> None:
    quoted = "“Exports rose 40 percent in 2023, the highest rise since 1990.”"
    import_story(tmp_path, STORY + "\n\n" + quoted)
    claim = Claim.objects.get(text__startswith="Exports rose")
    assert claim.claimant is None
    ministry = Speaker.objects.create(name="Trade Ministry", kind="organization")
    quote = claim.appearances.get().quote
    assert quote is not None and quote.speaker is None
    quote.set_attribution(AttributionStatus.MISATTRIBUTED, by=reviewer, speaker=ministry)

    call_command("reextract", stdout=StringIO())

    assert Claim.objects.get(pk=claim.pk).claimant == ministry
