"""Looking for possible matches of claims, and storing them for the desk.

Matching a text costs a database search and a ranking (claims.matching), too much to
run for every row of the queue; so each claim is matched once and its possible
matches stored as `ClaimPair` rows, which the queue counts and the claim page lists.
A claim is matched when its page is first opened, when its wording changes, when it
survives a merge, and in batches: `manage.py seek_matches`, and every minute on the
queue's workers (CELERY_BEAT_SCHEDULE), for the claims never matched yet.
"""

from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from claims.matching import match_claims
from claims.models import Claim, ClaimPair, MatchDecision
from claims.models.visibility import DESK_PERMISSION
from claims.models.workflow import OPEN_STATES

# At most this many possible matches are kept per claim.
SUGGESTIONS = 5
# A claim is a possible match when the matcher scores it at least this share of what
# the claim scores against itself: below, two claims share a few words and no more.
MIN_CLOSENESS = 0.4
# The batch the periodic task matches each time.
BATCH_SIZE = 100


class _Desk(AnonymousUser):
    """Whom stored matches are sought for: the desk, which reads every claim; each
    page then shows the user what they may read."""

    @property
    def is_authenticated(self) -> Literal[True]:  # type: ignore[override]
        return True

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return perm == DESK_PERMISSION


def seek_matches(claim: Claim) -> list[ClaimPair]:
    """Match `claim` against every claim and store what comes close as possible
    matches; pairs the desk has decided on stay as they are. Returns the claim's
    possible matches, closest first."""
    # By the lexical stages: MIN_CLOSENESS is a share of their scores, and the semantic
    # stage, which lifts every candidate with a verdict title, made twice as many weak
    # suggestions.
    found = match_claims(claim.text, user=_Desk(), limit=2 * SUGGESTIONS + 1, meaning=False)
    own_score = next((m.score for m in found if m.claim.pk == claim.pk), None)
    own_score = own_score or max((m.score for m in found), default=0.0)
    closeness = {
        match.claim.pk: round(match.score / own_score, 4)
        for match in found
        if match.claim.pk != claim.pk
        and not match.claim.is_merged()
        and own_score
        and match.score >= MIN_CLOSENESS * own_score
    }
    closeness = dict(list(closeness.items())[:SUGGESTIONS])
    with transaction.atomic():
        pairs = {pair.other_id(claim): pair for pair in ClaimPair.objects.involving(claim)}
        stale = [
            pair.pk
            for other, pair in pairs.items()
            if pair.decision == MatchDecision.POSSIBLE and other not in closeness
        ]
        ClaimPair.objects.filter(pk__in=stale).delete()
        for other, share in closeness.items():
            pair = pairs.get(other)
            if pair is not None and pair.decision == MatchDecision.POSSIBLE:
                ClaimPair.objects.filter(pk=pair.pk).update(closeness=share)
        new = []
        for other, share in closeness.items():
            if other not in pairs:
                first, second = ClaimPair.ordered(claim.pk, other)
                new.append(ClaimPair(first_id=first, second_id=second, closeness=share))
        # A concurrent search may store the same pair first; it holds the same suggestion.
        ClaimPair.objects.bulk_create(new, ignore_conflicts=True)
        # An update, not a save: a search is no edit, and raises no version.
        claim.matches_sought_at = timezone.now()
        Claim.objects.filter(pk=claim.pk).update(matches_sought_at=claim.matches_sought_at)
    return list(ClaimPair.objects.involving(claim).possible().select_related("first", "second"))


def seek_pending_matches(*, limit: int | None = BATCH_SIZE) -> int:
    """Match the claims never matched yet, open work first; returns how many."""
    pending = (
        Claim.objects.unmerged()
        .filter(matches_sought_at__isnull=True)
        .annotate(
            open_first=Case(
                When(state__in=OPEN_STATES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("open_first", "-check_worthiness", "id")
    )
    claims = list(pending[:limit] if limit is not None else pending)
    for claim in claims:
        seek_matches(claim)
    return len(claims)
