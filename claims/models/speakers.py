import json
from collections.abc import Iterable
from typing import Self

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection, models, transaction
from django.db.models import Count, Max, Min, Q

from claims.models.audit import AuditEvent
from claims.models.reviews import Review
from claims.models.visibility import reads_everything
from claims.models.workflow import (
    MERGE_SPEAKERS,
    PUBLISHED_STATES,
    VERIFIED_ATTRIBUTIONS,
    WorkflowError,
)
from extraction.names import normalize

SCORECARD_NOTE = (
    "Counts of published verdicts on the claims of this speaker that this desk chose to "
    "check, over the dates shown. The choice of claims is not random: this is not a "
    "measure of honesty."
)


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"


class SpeakerQuerySet(models.QuerySet["Speaker"]):
    def named(self, name: str, kind: str) -> Self:
        """The speaker of this kind whose canonical name normalises to the same form."""
        return self.filter(kind=kind, normalized_name=normalize(name))

    def with_any_alias(self, names: Iterable[tuple[str, str]]) -> Self:
        """Speakers that list one of these (name, kind) pairs, normalised, as an alias."""
        condition = Q(pk__in=[])
        for name, kind in names:
            normalized = normalize(name)
            if connection.vendor == "postgresql":
                condition |= Q(kind=kind, aliases__contains=[normalized])
            else:
                # SQLite stores the list as JSON text: look for the quoted element.
                condition |= Q(kind=kind, aliases__icontains=json.dumps(normalized))
        return self.filter(condition)

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The desk sees every speaker, others those with a verified quote or a published
        claim (claims.models.visibility)."""
        if reads_everything(user):
            return self
        verified = Q(quotes__attribution_status__in=VERIFIED_ATTRIBUTIONS)
        published = Q(claims__state__in=PUBLISHED_STATES)
        return self.filter(pk__in=Speaker.objects.filter(verified | published).values("pk"))

    def with_quote_count(self, user: User | AnonymousUser) -> Self:
        """Annotate `quote_count`: how many of the speaker's quotes `user` may see."""
        if reads_everything(user):
            return self.annotate(quote_count=Count("quotes"))
        verified = Q(quotes__attribution_status__in=VERIFIED_ATTRIBUTIONS)
        return self.annotate(quote_count=Count("quotes", filter=verified))


class Speaker(models.Model):
    name = models.CharField(max_length=300, help_text="Canonical full name.")
    # Indexed for the import, which matches extracted speakers by this name.
    normalized_name = models.CharField(max_length=300, editable=False, db_index=True)
    kind = models.CharField(max_length=16, choices=SpeakerKind.choices, default=SpeakerKind.PERSON)
    role = models.CharField(max_length=300, blank=True, default="", help_text="Role as stated.")
    organization = models.CharField(max_length=300, blank=True, default="")
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names this speaker is known by (normalised)."
    )
    wikidata_id = models.CharField(
        "Wikidata ID", max_length=20, blank=True, default="", help_text="For example Q42."
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [MERGE_SPEAKERS.as_meta()]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_name", "kind"], name="speaker_unique_normalized_name_kind"
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="speaker_wikidata_id_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.normalized_name = normalize(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def scorecard(self) -> dict[str, object]:
        """Published verdicts on this speaker's claims, with the sample size and window."""
        rows = (
            self.claims.published()
            .order_by("rating__position")
            .values_list("rating__name", "rating__value")
            .annotate(count=Count("id"), first=Min("published_at"), last=Max("published_at"))
        )
        by_rating = [{"rating": n, "value": v, "count": c} for n, v, c, _, _ in rows]
        firsts = [first for *_, first, _ in rows if first is not None]
        lasts = [last for *_, last in rows if last is not None]
        return {
            "published_claims": sum(row["count"] for row in by_rating),
            "by_rating": by_rating,
            "first_published": min(firsts, default=None),
            "last_published": max(lasts, default=None),
            "note": SCORECARD_NOTE,
        }

    @transaction.atomic
    def merge_into(self, target: "Speaker", *, by: User | None, note: str = "") -> None:
        """Fold this duplicate into `target`: its quotes and claims move, its names
        become aliases of `target`, and the merge is recorded on `target`."""
        if target.pk == self.pk:
            raise WorkflowError("A speaker cannot be merged into itself.")
        if target.kind != self.kind:
            raise WorkflowError("Only speakers of the same kind can be merged.")

        moved_quotes = self.quotes.update(speaker=target)
        moved_claims = self.claims.update(claimant=target)
        # A pending correction that names the duplicate names the speaker it becomes.
        Review.objects.filter(corrected_claimant=self).update(corrected_claimant=target)
        target.add_alias(self.name)
        for alias in self.aliases:
            target.add_alias(alias)
        target.role = target.role or self.role
        target.organization = target.organization or self.organization
        target.wikidata_id = target.wikidata_id or self.wikidata_id
        AuditEvent.record(
            target,
            "speaker.merge",
            by=by,
            from_value=f"{self.name} (#{self.pk})",
            to_value=f"{target.name} (#{target.pk})",
            note=note or f"{moved_quotes} quote(s) and {moved_claims} claim(s) moved",
        )
        self.delete()
        target.save()

    def add_alias(self, alias: str) -> bool:
        """Remember another name for this speaker; True when it was new."""
        normalized = normalize(alias)
        if not normalized or normalized == self.normalized_name or normalized in self.aliases:
            return False
        self.aliases = [*self.aliases, normalized]
        return True
