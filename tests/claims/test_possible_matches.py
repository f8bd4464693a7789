"""Has this been checked before? The desk's side: possible matches on the claim page and
in the queue, and a reviewer's decision on each (same claim, related, different), on
both databases."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from claims import semantic
from claims.links import verdict_path
from claims.matching import match_claims
from claims.models import (
    AuditEvent,
    Claim,
    ClaimAppearance,
    ClaimPair,
    ClaimState,
    EvidenceLink,
    MatchDecision,
    RatingLabel,
    Review,
)
from claims.possible_matches import seek_matches
from sources.models import Article, Outlet
from tests.conftest import UNATTRIBUTED, browser_client, queries_for_get

pytestmark = pytest.mark.django_db

TRAM = "The new tram line carried 40,000 riders in its first week, the mayor's office said."
TRAM_AGAIN = "The mayor's office says the new tram line carried 40,000 riders in its first week."
TRAM_CHECKED = "The new tram line carried 40,000 passengers in its first week."
BAKERIES = "Bakeries in the old town will close on Sundays from next spring."
QUEUE = "/admin/claims/claim/"


def page(claim: Claim) -> str:
    return f"/admin/claims/claim/{claim.pk}/change/"


def said_in(text: str, outlet: str, number: int) -> Claim:
    """A claim of the desk, made in one article of `outlet`."""
    domain = outlet.lower().replace(" ", "") + ".example.org"
    source, _ = Outlet.objects.get_or_create(name=outlet, domain=domain)
    body = f"City news.\n\n{text}\n\nMore on Friday."
    article = Article.objects.create(
        outlet=source,
        url=f"https://{source.domain}/story-{number}",
        title=f"{outlet} story {number}",
        body=body,
        raw=body,
        content_hash=f"{number:064d}",
    )
    claim = Claim.objects.create(text=text, check_worthiness=0.8)
    start = body.index(text)
    ClaimAppearance.objects.create(claim=claim, article=article, start=start, end=start + len(text))
    return claim


def rate(claim: Claim, by: User, summary: str = "The count was 31,000.") -> None:
    claim.start_review(by=by)
    claim.rate(
        by=by,
        rating=RatingLabel.objects.get(slug="false"),
        summary=summary,
        explanation="The operator's ticket data shows 31,000 riders.",
        evidence=[EvidenceLink("https://transit.example.org/data", "Ticket data", "refutes")],
    )


@pytest.fixture
def tram(reviewer: User) -> Claim:
    return said_in(TRAM, "Harbour Wire", 1)


@pytest.fixture
def tram_again(tram: Claim) -> Claim:
    return said_in(TRAM_AGAIN, "Coast Daily", 2)


@pytest.fixture
def bakeries(tram: Claim) -> Claim:
    return said_in(BAKERIES, "Coast Daily", 3)


def claim_review() -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://tramcheck.example.org/riders",
        "datePublished": "2024-05-03",
        "name": "No, the tram did not carry 40,000 passengers",
        "author": {"@type": "Organization", "name": "Tram Check"},
        "claimReviewed": TRAM_CHECKED,
        "itemReviewed": {"@type": "Claim"},
        "reviewRating": {"@type": "Rating", "alternateName": "Pants on Fire"},
    }


@pytest.fixture
def checked_before(tmp_path: Path, tram: Claim) -> Claim:
    """The same claim, checked by another fact-checker and imported with its verdict."""
    path = tmp_path / "review.json"
    path.write_text(json.dumps(claim_review()))
    call_command("import_claimreview", str(path), stdout=StringIO(), stderr=StringIO())
    return Claim.objects.get(text=TRAM_CHECKED)


def pair_of(one: Claim, other: Claim) -> ClaimPair:
    first, second = ClaimPair.ordered(one.pk, other.pk)
    return ClaimPair.objects.get(first_id=first, second_id=second)


def decide(client: Client, claim: Claim, other: Claim, decision: str) -> Any:
    pair = pair_of(claim, other)
    return client.post(
        f"/admin/claims/claim/{claim.pk}/match/{pair.pk}/", {"decision": decision}, follow=True
    )


def events(claim: Claim) -> list[tuple[str, str]]:
    return [(e.action, e.to_value) for e in AuditEvent.objects.for_object(claim)]


# --- what the desk sees -------------------------------------------------------------


def test_the_claim_page_shows_possible_matches_with_their_foreign_verdicts(
    reviewer_client: Client, tram_again: Claim, bakeries: Claim, checked_before: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    response = reviewer_client.get(page(tram))
    html = response.content.decode()
    section = html[html.index('id="fb-matches"') :]
    assert TRAM_AGAIN.replace("'", "&#x27;") in section
    assert TRAM_CHECKED in section
    assert "Tram Check" in section and "Pants on Fire" in section
    assert "https://tramcheck.example.org/riders" in section
    assert BAKERIES not in section
    assert 'value="same"' in section and 'value="different"' in section


def test_a_claim_is_matched_once_and_the_queue_counts_its_stored_matches(
    reviewer_client: Client, tram_again: Claim, bakeries: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    assert tram.matches_sought_at is None
    reviewer_client.get(page(tram))
    tram.refresh_from_db()
    assert tram.matches_sought_at is not None
    assert pair_of(tram, tram_again).decision == MatchDecision.POSSIBLE
    assert not ClaimPair.objects.involving(bakeries).exists()

    queue = reviewer_client.get(QUEUE, {"matches": "yes"}).content.decode()
    assert f'href="{page(tram)}#fb-matches">1</a>' in queue
    assert f'href="{page(tram_again)}#fb-matches">1</a>' in queue  # both ways
    assert BAKERIES not in queue


def test_possible_matches_are_sought_by_the_words_not_by_the_titles_meaning(
    tmp_path: Path, tram: Claim, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A verdict on another claim about the tram, sharing a word or two with it.
    review = claim_review() | {
        "url": "https://tramcheck.example.org/depot",
        "name": "The depot is not closing",
        "claimReviewed": "The tram depot will close on Sundays.",
    }
    path = tmp_path / "review.json"
    path.write_text(json.dumps(review))
    call_command("import_claimreview", str(path), stdout=StringIO(), stderr=StringIO())
    depot = Claim.objects.get(text="The tram depot will close on Sundays.")
    # As if every verdict title said what the claim says, in other words.
    monkeypatch.setattr(semantic, "title_closeness", lambda text, titles: [1.0] * len(titles))
    assert depot.pk in [m.claim.pk for m in match_claims(TRAM, user=AnonymousUser())]

    assert seek_matches(tram) == []


def test_seek_matches_command_matches_the_claims_never_matched(
    tram_again: Claim, bakeries: Claim
) -> None:
    out = StringIO()
    call_command("seek_matches", stdout=out)
    assert "3 claim(s)" in out.getvalue()
    assert Claim.objects.filter(matches_sought_at__isnull=True).count() == 0
    assert ClaimPair.objects.count() == 1
    call_command("seek_matches", stdout=out)
    assert "0 claim(s)" in out.getvalue()


def test_a_reworded_claim_is_matched_again(
    reviewer: User, tram_again: Claim, bakeries: Claim
) -> None:
    seek_matches(bakeries)
    bakeries.edit(
        by=reviewer, text=TRAM_AGAIN + " Ridership is growing.", claimant=None, assignee=None
    )
    bakeries.refresh_from_db()
    assert bakeries.matches_sought_at is None


# --- same claim -----------------------------------------------------------------------


def test_same_claim_merges_appearances_and_keeps_every_verdict_and_event(
    reviewer: User, reviewer_client: Client, tram_again: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    rate(tram, reviewer)
    rate(tram_again, reviewer, summary="Not 40,000.")
    seek_matches(tram_again)
    tram_events, again_events = events(tram), events(tram_again)
    reviews = set(Review.objects.values_list("pk", "claim_id"))

    response = decide(reviewer_client, tram_again, tram, "same")

    # Both rated: the older claim survives, and the desk lands on it.
    assert response.redirect_chain[-1][0] == page(tram)
    assert f"merged into #{tram.pk}" in response.content.decode()
    tram.refresh_from_db()
    tram_again.refresh_from_db()
    assert sorted(a.article.title for a in tram.appearances.all()) == [
        "Coast Daily story 2",
        "Harbour Wire story 1",
    ]
    assert tram_again.state == ClaimState.MERGED and tram_again.merged_into == tram
    assert not tram_again.appearances.exists()
    assert set(Review.objects.values_list("pk", "claim_id")) == reviews
    assert events(tram)[1:] == tram_events
    assert events(tram)[0] == ("claim.merge", "1 appearance(s)")
    assert events(tram_again)[2:] == again_events
    assert ("claim.merged_into", f"#{tram.pk} {tram}") in events(tram_again)
    assert pair_of(tram, tram_again).merged


def test_a_merged_claims_page_leads_to_the_claim_it_was_merged_into(
    reviewer: User, reviewer_client: Client, tram_again: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    seek_matches(tram)
    pair_of(tram, tram_again).mark_same(by=reviewer)

    response = reviewer_client.get(page(tram_again))
    assert response.status_code == 302 and response["Location"] == page(tram)
    kept = reviewer_client.get(page(tram_again), {"merged": "show"}).content.decode()
    assert "Merged into <a" in kept and "Found to be the same claim as" in kept
    assert f"#{tram_again.pk}" in reviewer_client.get(page(tram)).content.decode()


def test_a_published_claim_survives_and_its_verdict_lists_every_appearance(
    reviewer: User, editor: User, client: Client, tram_again: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    rate(tram_again, reviewer)
    tram_again.publish(by=editor, no_claimant=UNATTRIBUTED)
    seek_matches(tram)
    merged_path = verdict_path(tram)  # the older claim, still new: merged away

    survivor = pair_of(tram, tram_again).mark_same(by=reviewer)

    assert survivor == tram_again
    tram_again.refresh_from_db()
    assert tram_again.state == ClaimState.PUBLISHED
    assert tram_again.rating is not None and tram_again.rating.slug == "false"
    public = client.get(verdict_path(tram_again)).content.decode()
    assert "Harbour Wire story 1" in public and "Coast Daily story 2" in public
    document = json.loads(public.split('type="application/ld+json">', 1)[1].split("</script>")[0])
    assert sorted(a["url"] for a in document["itemReviewed"]["appearance"]) == [
        "https://coastdaily.example.org/story-2",
        "https://harbourwire.example.org/story-1",
    ]
    moved = client.get(merged_path)
    assert moved.status_code == 301 and moved["Location"] == verdict_path(tram_again)


def test_two_published_verdicts_are_never_merged(
    reviewer: User, editor: User, reviewer_client: Client, tram_again: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    for claim in (tram, tram_again):
        rate(claim, reviewer)
        claim.publish(by=editor, no_claimant=UNATTRIBUTED)
    seek_matches(tram)

    response = decide(reviewer_client, tram, tram_again, "same")

    assert "mark them related instead" in response.content.decode()
    assert pair_of(tram, tram_again).decision == MatchDecision.POSSIBLE
    assert Claim.objects.published().count() == 2
    assert tram.appearances.count() == tram_again.appearances.count() == 1


def test_same_claim_as_a_foreign_verdict_shows_it_as_checked_before(
    reviewer_client: Client, tram_again: Claim, bakeries: Claim, checked_before: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    seek_matches(tram)

    response = decide(reviewer_client, tram, checked_before, "same")

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == page(tram)
    checked = html[html.index('class="fb-checked-before"') :]
    assert "Tram Check" in checked.split("</div>")[0]
    checked_before.refresh_from_db()
    assert checked_before.state == ClaimState.PUBLISHED  # the imported verdict stands
    assert checked_before.reviews.get().publisher_name == "Tram Check"
    assert ("claim.checked_before", f"#{checked_before.pk} {checked_before}") in events(tram)


# --- related and different ----------------------------------------------------------


def test_related_claims_show_on_both_claim_pages(
    reviewer_client: Client, tram_again: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    seek_matches(tram)

    decide(reviewer_client, tram, tram_again, "related")

    for claim, other in ((tram, tram_again), (tram_again, tram)):
        html = reviewer_client.get(page(claim)).content.decode()
        related = html[html.index('class="fb-related"') :].split("</div>")[0]
        assert f'href="{page(other)}">#{other.pk}</a>' in related
        assert ("claim.related", f"#{other.pk} {other}") in events(claim)
    assert tram.appearances.count() == tram_again.appearances.count() == 1


def test_different_is_remembered_and_never_suggested_again(
    reviewer_client: Client, tram_again: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    seek_matches(tram)

    decide(reviewer_client, tram, tram_again, "different")
    reviewer_client.post(f"/admin/claims/claim/{tram.pk}/seek-matches/")
    seek_matches(tram_again)

    assert pair_of(tram, tram_again).decision == MatchDecision.DIFFERENT
    html = reviewer_client.get(page(tram)).content.decode()
    assert TRAM_AGAIN.replace("'", "&#x27;") not in html[html.index('id="fb-matches"') :]
    assert "No possible matches found." in html
    queue = reviewer_client.get(QUEUE).content.decode()
    assert "#fb-matches" not in queue


# --- who may decide ------------------------------------------------------------------


@pytest.fixture
def reader_client(roles: dict[str, Group]) -> Client:
    """Someone on the desk who reads every claim but holds no decision on matches."""
    user = User.objects.create_user("rea", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_claim", "view_claimpair", "view_review"])
    )
    return browser_client(user)


def test_a_user_without_the_permission_cannot_merge(
    reader_client: Client, tram_again: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    seek_matches(tram)
    html = reader_client.get(page(tram)).content.decode()
    assert TRAM_AGAIN.replace("'", "&#x27;") in html and 'value="same"' not in html

    response = decide(reader_client, tram, tram_again, "same")

    assert "You do not have permission to decide on matches." in response.content.decode()
    assert pair_of(tram, tram_again).decision == MatchDecision.POSSIBLE
    assert tram_again.appearances.count() == 1
    assert not Claim.objects.filter(state=ClaimState.MERGED).exists()


def test_reviewers_hold_the_permission_to_decide(reviewer: User) -> None:
    assert reviewer.has_perm("claims.match_claims")


# --- query counts ----------------------------------------------------------------------


def test_claim_page_query_count_is_constant(
    reviewer_client: Client, tram_again: Claim, checked_before: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    seek_matches(tram)
    reviewer_client.get(page(tram))  # the first view fills caches (content types, …)
    one = pair_of(tram, tram_again)
    ClaimPair.objects.exclude(pk=one.pk).delete()
    few = queries_for_get(reviewer_client, page(tram))
    for number in range(4, 8):
        other = said_in(f"{TRAM_AGAIN} Count {number}.", "Coast Daily", number)
        ClaimPair.objects.create(first=tram, second=other, closeness=0.9)
    assert ClaimPair.objects.involving(tram).possible().count() >= 3
    assert queries_for_get(reviewer_client, page(tram)) == few


def test_queue_query_count_is_constant(reviewer_client: Client, tram_again: Claim) -> None:
    call_command("seek_matches", stdout=StringIO())
    reviewer_client.get(QUEUE)
    few = queries_for_get(reviewer_client, QUEUE)
    tram = Claim.objects.get(text=TRAM)
    for number in range(4, 10):
        other = said_in(f"{TRAM} Again {number}.", "Coast Daily", number)
        ClaimPair.objects.create(first=tram, second=other, closeness=0.9)
        ClaimPair.objects.create(first=tram_again, second=other, closeness=0.8)
    Claim.objects.update(matches_sought_at=timezone.now())
    assert ClaimPair.objects.possible().count() > 10
    assert queries_for_get(reviewer_client, QUEUE) == few


def test_a_merged_claims_related_claims_are_related_to_the_survivor(
    reviewer: User, reviewer_client: Client, tram_again: Claim, bakeries: Claim
) -> None:
    tram = Claim.objects.get(text=TRAM)
    ClaimPair.objects.create(first=tram_again, second=bakeries).mark_related(by=reviewer)
    seek_matches(tram)

    pair_of(tram, tram_again).mark_same(by=reviewer)

    assert pair_of(tram, bakeries).decision == MatchDecision.RELATED
    html = reviewer_client.get(page(bakeries)).content.decode()
    assert f'href="{page(tram)}">#{tram.pk}</a>' in html[html.index('class="fb-related"') :]
