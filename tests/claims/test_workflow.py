import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from rest_framework.test import APIClient

from claims.models import AuditEvent, Claim, ClaimState, EvidenceLink, RatingLabel, WorkflowError
from claims.models.workflow import ACTIONS
from claims.roles import setup_roles

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
    claim.publish(by=editor)

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
    claim.publish(by=reviewer)
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.PUBLISHED


def test_correction_keeps_the_earlier_verdict(published_claim: Claim, editor: User) -> None:
    published_claim.correct(
        by=editor,
        rating=RatingLabel.objects.get(slug="mostly-true"),
        summary="Nearly.",
        explanation="The visit lasted eight days.",
        evidence=EVIDENCE,
        note="Duration fixed.",
    )
    reviews = list(published_claim.reviews.order_by("created_at", "id"))
    assert [r.rating.slug for r in reviews] == ["true", "mostly-true"]
    assert all(r.is_published() for r in reviews)
    assert Claim.objects.get(pk=published_claim.pk).state == ClaimState.CORRECTED


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


def test_buttons_are_the_actions_that_apply(published_claim: Claim) -> None:
    assert [action.name for action in published_claim.allowed_actions()] == ["correct", "retract"]
