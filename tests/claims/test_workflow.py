import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from rest_framework.test import APIClient

from claims.models import (
    AuditEvent,
    Claim,
    ClaimState,
    EvidenceLink,
    NoClaimant,
    NoClaimantReason,
    RatingLabel,
    Speaker,
    Wording,
    WorkflowError,
)
from claims.models.workflow import ACTIONS
from claims.roles import setup_roles
from tests.conftest import UNATTRIBUTED

pytestmark = pytest.mark.django_db

EVIDENCE = [EvidenceLink("https://example.org/source", "Primary source", "supports")]


def rate(claim: Claim, by: User, slug: str = "true") -> None:
    claim.rate(
        by=by,
        rating=RatingLabel.objects.get(slug=slug),
        summary="Checked.",
        explanation="Against the primary source.",
        evidence=EVIDENCE,
    )


def test_claim_moves_through_review_to_publication(
    claim: Claim, reviewer: User, editor: User
) -> None:
    claim.start_review(by=reviewer)
    rate(claim, reviewer)
    claim.publish(by=editor, no_claimant=UNATTRIBUTED)

    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLISHED and claim.is_published()
    assert claim.rating is not None and claim.rating.slug == "true"
    review = claim.current_review()
    assert review is not None and review.published_by == editor
    states = AuditEvent.objects.for_object(claim).filter(action="claim.state")
    assert sorted((e.from_value, e.to_value) for e in states) == sorted(
        [("new", "in_review"), ("in_review", "rated"), ("rated", "published")]
    )


def test_illegal_transition_is_refused(claim: Claim, editor: User) -> None:
    with pytest.raises(WorkflowError, match="cannot become published"):
        claim.publish(by=editor)
    claim.refresh_from_db()
    assert claim.state == ClaimState.NEW


def test_rating_needs_evidence(claim: Claim, reviewer: User) -> None:
    claim.start_review(by=reviewer)
    with pytest.raises(WorkflowError, match="evidence"):
        claim.rate(
            by=reviewer,
            rating=RatingLabel.objects.get(slug="false"),
            summary="x",
            explanation="y",
            evidence=[],
        )
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.IN_REVIEW


def test_second_reviewer_rule(claim: Claim, reviewer: User) -> None:
    claim.start_review(by=reviewer)
    rate(claim, reviewer)
    with pytest.raises(WorkflowError, match="someone other than its reviewer"):
        claim.publish(by=reviewer)
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.RATED


@override_settings(FACTBASE_SECOND_REVIEWER_REQUIRED=False)
def test_one_person_desk_can_publish_own_rating(claim: Claim, reviewer: User) -> None:
    claim.start_review(by=reviewer)
    rate(claim, reviewer)
    claim.publish(by=reviewer, no_claimant=UNATTRIBUTED)
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.PUBLISHED


def correct(claim: Claim, editor: User, wording: Wording | None = None) -> None:
    claim.correct(
        by=editor,
        rating=RatingLabel.objects.get(slug="mostly-true"),
        summary="Nearly.",
        explanation="The visit lasted eight days.",
        evidence=EVIDENCE,
        note="Duration fixed.",
        wording=wording,
    )


def test_correction_keeps_the_earlier_verdict(
    published_claim: Claim, editor: User, second_editor: User
) -> None:
    correct(published_claim, editor)
    published_claim.publish_correction(by=second_editor)

    reviews = list(published_claim.reviews.order_by("created_at", "id"))
    assert [r.rating.slug for r in reviews] == ["true", "mostly-true"]
    assert all(r.is_published() for r in reviews)
    claim = Claim.objects.get(pk=published_claim.pk)
    assert claim.state == ClaimState.CORRECTED and claim.rating == reviews[1].rating
    assert reviews[1].published_by == second_editor


def test_a_correction_waits_for_a_second_editor(published_claim: Claim, editor: User) -> None:
    correct(published_claim, editor)

    claim = Claim.objects.get(pk=published_claim.pk)
    assert claim.state == ClaimState.CORRECTING and claim.is_published()
    assert claim.rating is not None and claim.rating.slug == "true"  # what the public sees
    assert claim.reviews.published().count() == 1
    with pytest.raises(WorkflowError, match="someone other than whoever wrote it"):
        claim.publish_correction(by=editor)
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.CORRECTING


@override_settings(FACTBASE_SECOND_REVIEWER_REQUIRED=False)
def test_a_one_person_desk_publishes_its_own_correction(
    published_claim: Claim, editor: User
) -> None:
    correct(published_claim, editor)
    published_claim.publish_correction(by=editor)
    assert Claim.objects.get(pk=published_claim.pk).state == ClaimState.CORRECTED


def test_a_correction_changes_wording_and_claimant_once_published(
    published_claim: Claim, editor: User, second_editor: User
) -> None:
    speaker = Speaker.objects.create(name="Ilse Marten")
    correct(published_claim, editor, Wording("North Korea sent a delegation in May.", speaker))
    assert Claim.objects.get(pk=published_claim.pk).claimant is None  # not public yet

    published_claim.publish_correction(by=second_editor)

    claim = Claim.objects.get(pk=published_claim.pk)
    assert (claim.text, claim.claimant) == ("North Korea sent a delegation in May.", speaker)
    changes = AuditEvent.objects.for_object(claim).filter(actor=second_editor)
    assert {e.action for e in changes} >= {"claim.text", "claim.claimant", "claim.rating"}
    assert claim.reviews.published().last().corrected_text == claim.text  # type: ignore[union-attr]


def test_a_published_claims_wording_changes_only_through_a_correction(
    published_claim: Claim, editor: User
) -> None:
    with pytest.raises(WorkflowError, match="only through a correction"):
        published_claim.edit(by=editor, text="Reworded.", claimant=None, assignee=None)
    speaker = Speaker.objects.create(name="Ilse Marten")
    with pytest.raises(WorkflowError, match="only through a correction"):
        published_claim.edit(by=editor, text=published_claim.text, claimant=speaker, assignee=None)
    assert Claim.objects.get(pk=published_claim.pk).text == published_claim.text


def test_publishing_without_a_claimant_needs_the_reason(
    claim: Claim, reviewer: User, editor: User
) -> None:
    claim.start_review(by=reviewer)
    rate(claim, reviewer)
    with pytest.raises(WorkflowError, match="no claimant"):
        claim.publish(by=editor)
    with pytest.raises(WorkflowError, match="why no claimant"):
        claim.publish(by=editor, no_claimant=NoClaimant(NoClaimantReason.OTHER))
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.RATED

    claim.publish(by=editor, no_claimant=NoClaimant(NoClaimantReason.INSTITUTIONAL))

    review = claim.reviews.published().get()
    assert review.no_claimant() == NoClaimant(NoClaimantReason.INSTITUTIONAL)
    event = AuditEvent.objects.for_object(claim).get(action="claim.no_claimant")
    assert (event.actor, event.to_value) == (editor, "Institutional statement, no person named")


def test_a_claim_with_a_claimant_is_published_without_a_reason(
    claim: Claim, reviewer: User, editor: User
) -> None:
    claim.edit(by=reviewer, text=claim.text, claimant=Speaker.objects.first(), assignee=None)
    claim.start_review(by=reviewer)
    rate(claim, reviewer)
    claim.publish(by=editor)
    assert claim.reviews.published().get().no_claimant() is None


def test_every_workflow_action_is_an_api_endpoint_documented_by_the_table(
    api_client: APIClient,
) -> None:
    paths = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for action in ACTIONS:
        operation = paths[f"/api/v1/claims/{{id}}/{action.url_path}/"]["post"]
        assert operation["summary"] == action.label
        assert operation["description"].startswith(action.description)


def test_the_editor_role_holds_every_workflow_permission() -> None:
    editor = set(setup_roles()["Editor"].permissions.values_list("codename", flat=True))
    assert {action.permission.codename for action in ACTIONS} <= editor


def test_buttons_are_the_actions_that_apply(published_claim: Claim, editor: User) -> None:
    assert [action.name for action in published_claim.allowed_actions()] == ["correct", "retract"]
    correct(published_claim, editor)
    assert [action.name for action in published_claim.allowed_actions()] == [
        "correct",
        "publish_correction",
        "retract",
    ]
