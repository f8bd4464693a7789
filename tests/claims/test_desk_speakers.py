"""Reviewers add the real speaker of a misattributed quote on the spot, without
duplicates; starting a review takes the claim."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from claims.models import AttributionStatus, AuditEvent, Claim, Quote, Speaker
from sources.models import Article
from tests.claims.test_review_desk import action

pytestmark = pytest.mark.django_db

NEW_SPEAKER = {"name": "James Whitfield", "kind": "person", "role": "analyst", "aliases": "[]"}


def add_speaker(client: Client, **fields: str) -> tuple[int, str]:
    response = client.post("/admin/claims/speaker/add/", {**NEW_SPEAKER, **fields})
    return response.status_code, response.content.decode()


def test_reviewer_adds_the_real_speaker_and_marks_the_quote_misattributed(
    seed_article: Article, reviewer_client: Client
) -> None:
    quote = Quote.objects.get(text__startswith="Just like in the Cold War")
    page = reviewer_client.get(f"/admin/claims/quote/{quote.pk}/change/").content.decode()
    assert 'id="add_id_speaker"' in page  # the "+" beside the speaker box

    status, _ = add_speaker(reviewer_client, organization="Chatham House")
    assert status == 302
    whitfield = Speaker.objects.get(name="James Whitfield")
    response = reviewer_client.post(
        f"/admin/claims/quote/{quote.pk}/change/",
        {"speaker": whitfield.pk, "verdict": "misattributed", "note": "his op-ed"},
    )

    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.attribution_status, quote.speaker) == (
        AttributionStatus.MISATTRIBUTED,
        whitfield,
    )


@pytest.mark.parametrize(
    "name", ["james  WHITFIELD", "J. Whitfield"], ids=["same name", "known alias"]
)
def test_a_speaker_named_like_another_is_refused(reviewer_client: Client, name: str) -> None:
    existing = Speaker.objects.create(name="James Whitfield", aliases=["j. whitfield"])
    status, html = add_speaker(reviewer_client, name=name)
    assert status == 200
    assert "already has this name or alias" in html and f"speaker {existing.pk}" in html
    assert Speaker.objects.count() == 1


def test_renaming_a_speaker_to_another_speakers_name_is_a_form_error(
    seed_article: Article, editor_client: Client
) -> None:
    pinkston = Speaker.objects.get(name="Daniel Pinkston")
    kim = Speaker.objects.get(name="Kim Sung Kyung")
    response = editor_client.post(
        f"/admin/claims/speaker/{kim.pk}/change/",
        {"name": "Daniel Pinkston", "kind": kim.kind, "aliases": "[]"},
    )
    assert response.status_code == 200
    assert f"speaker {pinkston.pk}" in response.content.decode()
    assert Speaker.objects.get(pk=kim.pk).name == "Kim Sung Kyung"


def test_start_review_assigns_the_claim_to_whoever_starts_it(
    claim: Claim, reviewer: User, editor: User, reviewer_client: Client, editor_client: Client
) -> None:
    action(reviewer_client, claim, "start_review")
    claim.refresh_from_db()
    assert claim.assignee == reviewer
    event = AuditEvent.objects.for_object(claim).get(action="claim.assignee")
    assert (event.actor, event.to_value) == (reviewer, str(reviewer))

    other = Claim.objects.exclude(pk=claim.pk).filter(state="new").first()
    assert other is not None
    other.assign(editor, by=editor)
    action(reviewer_client, other, "start_review")
    other.refresh_from_db()
    assert other.state == "in_review" and other.assignee == editor
