"""Possible matches between claims, and what the desk decides about each pair.

The matcher (claims.matching) suggests claims worded like another; the suggestions are
stored as `ClaimPair` rows (claims.possible_matches) so that the queue and the claim
page read them without matching again. A reviewer marks each pair:

- same claim: two claims of the desk are merged. The one further in review survives
  (a claim with a published verdict always does; the older one when neither is
  further), takes the other's appearances, and the other is kept, in the state
  *merged*, with its verdicts and history, its pages leading to the survivor. Two
  claims that both have a published verdict are never merged: they are related.
  A claim imported with another fact-checker's verdict is not merged either: it is
  linked, and the desk's claim shows it as checked before by that publisher.
- related: linked both ways, shown on both claim pages.
- different: the pair is never suggested again.
"""

from typing import Self

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from claims.models.audit import AuditEvent
from claims.models.claims import Claim, ClaimAppearance
from claims.models.workflow import ClaimState, WorkflowError

# How far along a claim is, for choosing which of two merged claims survives.
_PROGRESS = {ClaimState.NEW: 0, ClaimState.IN_REVIEW: 1, ClaimState.RATED: 2}
_PUBLISHED_PROGRESS = 3


class MatchDecision(models.TextChoices):
    POSSIBLE = "possible", "Possible match"
    SAME = "same", "Same claim"
    RELATED = "related", "Related"
    DIFFERENT = "different", "Different"


class ClaimPairQuerySet(models.QuerySet["ClaimPair"]):
    def involving(self, claim: Claim | int) -> Self:
        pk = claim if isinstance(claim, int) else claim.pk
        return self.filter(Q(first_id=pk) | Q(second_id=pk))

    def possible(self) -> Self:
        """Suggestions nobody has decided on, between claims that stand on their own."""
        return self.filter(decision=MatchDecision.POSSIBLE).exclude(
            Q(first__state=ClaimState.MERGED) | Q(second__state=ClaimState.MERGED)
        )


class ClaimPair(models.Model):
    """Two claims the matcher found alike, and what the desk made of them.

    Stored once per pair, the older claim (lower id) first, whichever was matched
    against which: the suggestion, and the decision, hold for both claims.
    """

    first = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="pairs_as_first")
    second = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="pairs_as_second")
    closeness = models.FloatField(
        default=0.0,
        help_text="The matcher's score of one against the other, over its score of the "
        "claim against itself: 1 is the same words.",
    )
    decision = models.CharField(
        max_length=16, choices=MatchDecision.choices, default=MatchDecision.POSSIBLE
    )
    merged = models.BooleanField(
        default=False, help_text="Marked the same claim, and one claim merged into the other."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClaimPairQuerySet.as_manager()

    class Meta:
        ordering = ["-closeness", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="claimpair_unique_pair"),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="claimpair_first_is_older"
            ),
        ]
        # The unique constraint's index finds a claim's pairs as `first`; this one as
        # `second`, for the claim page and the queue's count.
        indexes = [models.Index(fields=["second", "decision"])]

    def __str__(self) -> str:
        return f"#{self.first_id} and #{self.second_id}: {self.get_decision_display()}"

    @classmethod
    def ordered(cls, one: int, other: int) -> tuple[int, int]:
        """The pair's (first, second) ids."""
        return (one, other) if one < other else (other, one)

    def other_id(self, claim: Claim) -> int:
        return self.second_id if self.first_id == claim.pk else self.first_id

    def other(self, claim: Claim) -> Claim:
        """The claim of the pair that is not `claim`."""
        return self.second if self.first_id == claim.pk else self.first

    # --- decisions: each writes its audit rows on both claims -----------------------

    def mark_related(self, *, by: User, note: str = "") -> None:
        """Link the two claims both ways."""
        with transaction.atomic():
            self._lock_undecided()
            self._decide(MatchDecision.RELATED, by=by)
            for claim, other in ((self.first, self.second), (self.second, self.first)):
                AuditEvent.record(claim, "claim.related", by=by, to_value=_named(other), note=note)

    def mark_different(self, *, by: User, note: str = "") -> None:
        """Never suggest the pair again."""
        with transaction.atomic():
            self._lock_undecided()
            self._decide(MatchDecision.DIFFERENT, by=by)
            for claim, other in ((self.first, self.second), (self.second, self.first)):
                AuditEvent.record(
                    claim, "claim.different", by=by, to_value=_named(other), note=note
                )

    def mark_same(self, *, by: User, note: str = "") -> Claim:
        """The same claim: merge the two, or link the desk's claim to an imported one.
        Returns the claim that stands for both."""
        with transaction.atomic():
            self._lock_undecided()
            # Both claims locked, the older first, as every merge takes them: two merges
            # never wait on each other's second lock.
            self.first.lock()
            self.second.lock()
            for claim in (self.first, self.second):
                if claim.is_merged():
                    raise WorkflowError(f"Claim #{claim.pk} is already merged into another.")
            imported = [
                claim
                for claim in Claim.objects.filter(pk__in=[self.first_id, self.second_id])
                .prefetch_related("reviews")
                .order_by("pk")
                if claim.is_imported()
            ]
            if imported:
                return self._link_imported(imported, by=by, note=note)
            if self.first.published_at is not None and self.second.published_at is not None:
                raise WorkflowError(
                    "Both claims have a published verdict, and a published verdict is never "
                    "merged away: mark them related instead."
                )
            survivor, merged = _survivor_of(self.first, self.second)
            _merge(merged, into=survivor, by=by, note=note)
            self._decide(MatchDecision.SAME, by=by, merged=True)
            return survivor

    def _link_imported(self, imported: list[Claim], *, by: User, note: str) -> Claim:
        own = self.first if len(imported) == 2 or imported[0] == self.second else self.second
        self._decide(MatchDecision.SAME, by=by)
        for claim, other in ((self.first, self.second), (self.second, self.first)):
            AuditEvent.record(
                claim, "claim.checked_before", by=by, to_value=_named(other), note=note
            )
        return own

    def _lock_undecided(self) -> None:
        current = ClaimPair.objects.select_for_update().filter(pk=self.pk).values("decision").get()
        if current["decision"] == MatchDecision.SAME:
            raise WorkflowError("These claims are already marked the same claim.")

    def _decide(self, decision: MatchDecision, *, by: User, merged: bool = False) -> None:
        self.decision, self.merged = decision, merged
        self.decided_by, self.decided_at = by, timezone.now()
        self.save(update_fields=["decision", "merged", "decided_by", "decided_at"])


def _named(claim: Claim) -> str:
    return f"#{claim.pk} {claim}"


def _progress(claim: Claim) -> int:
    if claim.published_at is not None:
        return _PUBLISHED_PROGRESS
    return _PROGRESS.get(ClaimState(claim.state), _PUBLISHED_PROGRESS)


def _survivor_of(one: Claim, other: Claim) -> tuple[Claim, Claim]:
    """(survivor, merged): the claim further in review survives, else the older one."""
    one_first = (_progress(one), -one.pk) >= (_progress(other), -other.pk)
    return (one, other) if one_first else (other, one)


def _merge(merged: Claim, *, into: Claim, by: User, note: str) -> None:
    """Move `merged`'s appearances to `into` and leave `merged` pointing at it; its
    verdicts and audit rows stay where they are. Call with both claims locked."""
    taken = set(into.appearances.values_list("article_id", "start"))
    # The same spot of the same article as one of the survivor's stays with the merged
    # claim: the survivor already has it.
    moving = [
        appearance.pk
        for appearance in merged.appearances.all()
        if (appearance.article_id, appearance.start) not in taken
    ]
    ClaimAppearance.objects.filter(pk__in=moving).update(claim=into)
    Claim.objects.filter(merged_into=merged).update(merged_into=into)
    # What the merged claim was related to, the survivor is related to, unless the
    # desk decided otherwise about that pair.
    linked = {
        pair.other_id(into)
        for pair in ClaimPair.objects.involving(into).exclude(decision=MatchDecision.POSSIBLE)
    }
    related = {
        pair.other_id(merged)
        for pair in ClaimPair.objects.involving(merged).filter(decision=MatchDecision.RELATED)
    }
    for other in related - linked - {into.pk}:
        first, second = ClaimPair.ordered(into.pk, other)
        ClaimPair.objects.update_or_create(
            first_id=first,
            second_id=second,
            defaults={
                "decision": MatchDecision.RELATED,
                "decided_by": by,
                "decided_at": timezone.now(),
            },
        )
    AuditEvent.record(
        merged, "claim.state", by=by, from_value=merged.state, to_value=ClaimState.MERGED, note=note
    )
    AuditEvent.record(merged, "claim.merged_into", by=by, to_value=_named(into), note=note)
    AuditEvent.record(
        into,
        "claim.merge",
        by=by,
        from_value=_named(merged),
        to_value=f"{len(moving)} appearance(s)",
        note=note,
    )
    merged.state, merged.merged_into = ClaimState.MERGED, into
    merged.save(update_fields=["state", "merged_into", "updated_at"])
    # The survivor is worded like both: it looks for matches again.
    into.matches_sought_at = None
    into.save(update_fields=["matches_sought_at", "updated_at"])
