import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Self, TypeVar, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import OperationalError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from claims.match_terms import match_terms
from claims.models.audit import AuditEvent
from claims.models.quotes import Quote
from claims.models.ratings import RatingLabel
from claims.models.reviews import (
    Evidence,
    EvidenceLink,
    NoClaimant,
    NoClaimantReason,
    Review,
    Verdict,
)
from claims.models.speakers import Speaker
from claims.models.visibility import reads_everything
from claims.models.workflow import (
    ACTIONS,
    CORRECT,
    MATCH_CLAIMS,
    OPEN_STATES,
    PUBLISH,
    PUBLISH_CORRECTION,
    PUBLISH_VERDICTS,
    PUBLISHED_STATES,
    RATE,
    RATE_CLAIMS,
    RETRACT,
    START_REVIEW,
    Action,
    ClaimState,
    WorkflowError,
)
from extraction.names import normalize
from sources.models import Article
from sources.weblinks import validate_web_urls


class ClaimChanged(WorkflowError):
    """The claim was saved by someone else since the version the caller read."""

    def __init__(self, seen: int, current: int) -> None:
        super().__init__(
            f"The claim changed since you read it (version {seen}, now {current}); read it again."
        )
        self.current = current


# A deadlock with another writer (an import updating the same claim) or a
# serialisation failure aborts one transaction; the action then runs again from the
# lock. SQLSTATE 40P01 is deadlock_detected, 40001 serialization_failure.
ACTION_ATTEMPTS = 3
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
# What a workflow action reads from the locked row before deciding anything.
_LOCKED_FIELDS = (
    "state",
    "rating_id",
    "assignee_id",
    "claimant_id",
    "published_at",
    "text",
    "version",
)
NO_CLAIMANT_RULE = (
    "This claim has no claimant: say why no one is named (the “no claimant” reason), or "
    "set the claimant first."
)

_Action = TypeVar("_Action", bound=Callable[..., Any])


def _is_retryable(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) in _RETRYABLE_SQLSTATES


def serialised(action: _Action) -> _Action:
    """Run a claim's workflow action in its own transaction, holding the claim's row lock.

    The lock is taken before anything is read, so two actions on one claim (a publish
    and a re-rate, say) run one after the other against the committed state: neither
    decides on a state the other has already changed, and a draft verdict that the
    other just published is never deleted. Every action locks the claim row first, so
    two actions never deadlock on each other. The action's `version` keyword, when
    given, must equal the locked row's version, or `ClaimChanged` is raised.
    """

    @functools.wraps(action)
    def run(claim: "Claim", *args: Any, **kwargs: Any) -> Any:
        nested = connection.in_atomic_block
        for attempt in range(1, ACTION_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    claim.lock(version=kwargs.get("version"))
                    return action(claim, *args, **kwargs)
            except OperationalError as error:
                # Inside a caller's transaction the whole transaction is lost: only the
                # caller can run it again.
                if nested or attempt == ACTION_ATTEMPTS or not _is_retryable(error):
                    raise
        raise AssertionError("unreachable")

    return cast(_Action, run)


@dataclass(frozen=True)
class Wording:
    """What a verdict is about: the claim's words and who made it (None: no one named)."""

    text: str
    claimant: Speaker | None


def claim_fingerprint(text: str) -> str:
    """Identity of a claim's wording, so the same statement in two articles is one claim."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


class ClaimQuerySet(models.QuerySet["Claim"]):
    def published(self) -> Self:
        return self.filter(state__in=PUBLISHED_STATES)

    def needs_review(self) -> Self:
        return self.filter(state__in=[ClaimState.NEW, ClaimState.IN_REVIEW])

    def open_work(self) -> Self:
        """What the desk still has to do: claims to review, and rated ones to publish.
        The queue's default view."""
        return self.filter(state__in=OPEN_STATES)

    def untouched(self) -> Self:
        """Machine output no reviewer has handled: new, unassigned, wording and claimant
        never edited. Only these may be reworded or dropped by a new extraction."""
        edits = AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Claim),
            object_id=models.OuterRef("pk"),
            action__in=["claim.text", "claim.claimant"],
        )
        return self.filter(state=ClaimState.NEW, assignee__isnull=True).exclude(
            models.Exists(edits)
        )

    def unmerged(self) -> Self:
        """Claims that stand on their own: not merged into another (claims.models.matches)."""
        return self.exclude(state=ClaimState.MERGED)

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The desk sees every claim, others the published ones (claims.models.visibility)."""
        return self if reads_everything(user) else self.published()

    def for_api(self) -> Self:
        return self.select_related("claimant", "rating")

    def search(self, query: str) -> Self:
        """Claims matching `query`, annotated with `rank` (higher is more relevant).

        PostgreSQL ranks with full-text search on the trigger-maintained vector
        (web-search syntax: quotes, OR, -term); elsewhere every word must appear and
        the rank counts nothing. Every match is ranked, so the time grows with the
        number of matches, not with the size of the database.
        """
        if connection.vendor == "postgresql":
            parsed = SearchQuery(query, search_type="websearch", config="english")
            return self.filter(search_vector=parsed).annotate(
                rank=SearchRank(models.F("search_vector"), parsed)
            )
        matches = self
        for word in query.split():
            matches = matches.filter(text__icontains=word.strip("\"'"))
        return matches.annotate(rank=models.Value(0.0, output_field=models.FloatField()))


class Claim(models.Model):
    """A checkable statement and its review.

    Workflow actions (`take()`, and so `start_review`, `rate`, `publish`, `correct`,
    `retract`; also `assign` and `edit`) are `@serialised`: each takes the claim's row
    lock, acts on the committed state and writes its audit rows; their `version`
    argument is the version the caller read, refused with `ClaimChanged` when the
    claim has moved on.
    """

    text = models.TextField()
    # Indexed for the import, which finds the existing claim of each candidate's wording.
    fingerprint = models.CharField(
        max_length=64, db_index=True, editable=False, help_text="Hash of the normalised text."
    )
    claimant = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    state = models.CharField(
        max_length=16,
        choices=ClaimState.choices,
        default=ClaimState.NEW,
        editable=False,
        help_text="Where the claim stands in review: new, in review, rated, published; a "
        "published verdict can be corrected (a correction waits for a second editor to "
        "publish it) or retracted; a claim found to be the same as another is merged into "
        "it. It changes only through the action buttons, and only published claims "
        "(corrected or with a correction pending included) are public.",
    )
    rating = models.ForeignKey(
        RatingLabel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        help_text="The current verdict's rating; set by rating or correcting the claim.",
    )
    check_worthiness = models.FloatField(default=0.0, help_text="0 to 1, from the extractor.")
    reasons = models.JSONField(default=list, blank=True, help_text="Why it is worth checking.")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        help_text="Who is checking this claim. Re-importing an article never changes an "
        "assigned claim.",
    )
    articles: models.ManyToManyField[Article, "ClaimAppearance"] = models.ManyToManyField(
        Article, through="ClaimAppearance", related_name="claims"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Indexed for the API's published_after/published_before filters and ordering.
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="When the current verdict was published.",
    )
    language = models.CharField(max_length=16, default="en")
    claim_date = models.DateField(null=True, blank=True, help_text="When the claim was made.")
    external_appearances = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_web_urls],
        help_text="URLs (http or https) where an imported claim appeared.",
    )
    # Maintained by a PostgreSQL trigger (see migrations); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="merged_claims",
        help_text="The claim this one was found to be, which took its appearances.",
    )
    matches_sought_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the matcher last looked for claims like this one; empty until it has.",
    )
    # The text's terms as claim matching reads them (claims/match_terms.py), set by
    # save(), so that matching never re-reads candidates; match_vector holds them for
    # PostgreSQL's GIN index (a trigger keeps it).
    match_terms = models.TextField(blank=True, default="", editable=False)
    match_vector = SearchVectorField(null=True, editable=False)
    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised by every save. A save or action made on an older version is "
        "refused, so nobody overwrites a colleague's change unseen.",
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-check_worthiness", "created_at"]
        # For the review queue and the public lists, which select claims by state.
        indexes = [models.Index(fields=["state"])]
        permissions = [
            RATE_CLAIMS.as_meta(),
            PUBLISH_VERDICTS.as_meta(),
            MATCH_CLAIMS.as_meta(),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(check_worthiness__gte=0) & Q(check_worthiness__lte=1),
                name="claim_check_worthiness_0_to_1",
            )
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fingerprint = claim_fingerprint(self.text)
        self.match_terms = match_terms(self.text)
        if self._state.adding:
            self.version = 1
            super().save(*args, **kwargs)
            return
        # Raised by the database, so that two saves never write the same version.
        self.version = models.F("version") + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "fingerprint", "match_terms", "version"}
        super().save(*args, **kwargs)
        self.refresh_from_db(fields=["version"])

    def is_stale(self, version: int) -> bool:
        """Whether someone saved this claim since `version` was read (locks the row)."""
        current = (
            Claim.objects.select_for_update().filter(pk=self.pk).values_list("version", flat=True)
        )
        return current.first() != version

    def lock(self, *, version: int | None = None) -> None:
        """Lock the claim's row until the transaction ends and reload what actions read.

        With `version`, refuses (`ClaimChanged`) when the row holds another version.
        """
        current = Claim.objects.select_for_update().filter(pk=self.pk).values(*_LOCKED_FIELDS).get()
        if version is not None and current["version"] != version:
            raise ClaimChanged(version, current["version"])
        for name, value in current.items():
            setattr(self, name, value)

    @serialised
    def assign(
        self, to: User | None, *, by: User | None, note: str = "", version: int | None = None
    ) -> None:
        if to == self.assignee:
            return
        AuditEvent.record(
            self,
            "claim.assignee",
            by=by,
            from_value=self.assignee or "",
            to_value=to or "",
            note=note,
        )
        self.assignee = to
        self.save(update_fields=["assignee", "updated_at"])

    @serialised
    def edit(
        self,
        *,
        by: User | None,
        text: str,
        claimant: Speaker | None,
        assignee: User | None,
        version: int | None = None,
    ) -> None:
        """Save a desk edit of the wording, claimant or assignee, with an audit row for
        each change. State, rating and verdict dates change only through `take()`.
        A published claim's wording and claimant change only through a correction."""
        changed = []
        for field, value in (("text", text), ("claimant", claimant), ("assignee", assignee)):
            old = getattr(self, field)
            if old != value and field != "assignee" and self.is_published():
                raise WorkflowError(
                    "A published claim's wording and claimant change only through a "
                    "correction (Correct the verdict)."
                )
            if old != value:
                AuditEvent.record(
                    self, f"claim.{field}", by=by, from_value=old or "", to_value=value or ""
                )
                setattr(self, field, value)
                changed.append(field)
        if "text" in changed:
            # Worded anew, it may match other claims (claims.possible_matches).
            self.matches_sought_at = None
            changed.append("matches_sought_at")
        if changed:
            self.save(update_fields=[*changed, "updated_at"])

    def allowed_actions(self) -> list[Action]:
        """The workflow actions that apply in the claim's state, for buttons and checks."""
        return [action for action in ACTIONS if action.applies_to(self.state)]

    def is_published(self) -> bool:
        return self.state in PUBLISHED_STATES

    def is_merged(self) -> bool:
        return self.state == ClaimState.MERGED

    def is_imported(self) -> bool:
        """Whether the claim came with another fact-checker's verdicts and the desk has
        given it none of its own (reads prefetched `reviews`)."""
        reviews = list(self.reviews.all())
        return bool(reviews) and all(review.is_imported() for review in reviews)

    def current_review(self) -> Review | None:
        return self.reviews.order_by("-created_at", "-id").first()

    def wording_to_publish(self, review: Review | None) -> Wording:
        """What the public will read once `review` (a draft or a pending correction) is
        published: a correction's wording and claimant, otherwise the claim's own."""
        if review is not None and review.corrects_wording():
            return Wording(review.corrected_text, review.corrected_claimant)
        return Wording(self.text, self.claimant)

    def waits_for_another_publisher(self, user: User | AnonymousUser) -> bool:
        """Whether `user` wrote the verdict or correction waiting to be published, which
        the second-reviewer rule leaves to someone else."""
        review = self.current_review()
        return (
            settings.FACTBASE_SECOND_REVIEWER_REQUIRED
            and review is not None
            and not review.is_published()
            and review.reviewer_id == user.pk
        )

    def needs_no_claimant_reason(self, review: Review | None) -> bool:
        """Whether publishing `review` needs the reason no claimant is named: it would
        go out with no claimant and it carries no reason yet."""
        return self.wording_to_publish(review).claimant is None and (
            review is None or review.no_claimant() is None
        )

    # --- the workflow: one method per action of the table, all through take() -------

    def start_review(self, *, by: User | None, note: str = "", version: int | None = None) -> None:
        self.take(START_REVIEW, by=by, note=note, version=version)

    def rate(
        self,
        *,
        by: User,
        rating: RatingLabel,
        summary: str,
        explanation: str,
        evidence: Iterable[EvidenceLink],
        url: str = "",
        note: str = "",
        version: int | None = None,
    ) -> None:
        """Give the claim a verdict (`url`: the organisation's own article about it, if
        any). Re-rating before publication replaces the draft verdict."""
        verdict = Verdict(rating, summary, explanation, tuple(evidence), url)
        self.take(RATE, by=by, note=note, verdict=verdict, version=version)

    def publish(
        self,
        *,
        by: User,
        note: str = "",
        no_claimant: NoClaimant | None = None,
        version: int | None = None,
    ) -> None:
        """Publish the draft verdict; a claim with no claimant needs `no_claimant`."""
        self.take(PUBLISH, by=by, note=note, no_claimant=no_claimant, version=version)

    def correct(
        self,
        *,
        by: User,
        rating: RatingLabel,
        summary: str,
        explanation: str,
        evidence: Iterable[EvidenceLink],
        note: str,
        url: str = "",
        wording: Wording | None = None,
        no_claimant: NoClaimant | None = None,
        version: int | None = None,
    ) -> None:
        """Write a correction of the published verdict and, with `wording`, of the
        claim's words and claimant. Someone else publishes it (`publish_correction`)."""
        verdict = Verdict(rating, summary, explanation, tuple(evidence), url)
        self.take(
            CORRECT,
            by=by,
            note=note,
            verdict=verdict,
            wording=wording,
            no_claimant=no_claimant,
            version=version,
        )

    def publish_correction(
        self,
        *,
        by: User,
        note: str = "",
        no_claimant: NoClaimant | None = None,
        version: int | None = None,
    ) -> None:
        """Publish the pending correction; the earlier verdict stays in the corrections log."""
        self.take(PUBLISH_CORRECTION, by=by, note=note, no_claimant=no_claimant, version=version)

    def retract(self, *, by: User, note: str, version: int | None = None) -> None:
        self.take(RETRACT, by=by, note=note, version=version)

    @serialised
    def take(
        self,
        action: Action,
        *,
        by: User | None,
        note: str = "",
        verdict: Verdict | None = None,
        wording: Wording | None = None,
        no_claimant: NoClaimant | None = None,
        version: int | None = None,
    ) -> None:
        """Take one workflow action (a row of the table in `claims.models.workflow`).

        Refused with WorkflowError when the action does not apply in the claim's state
        or what it needs is missing; with `version`, refused with ClaimChanged when the
        claim was saved since that version was read. `wording` is a correction's;
        `no_claimant` says why a verdict published with no claimant names no one.
        """
        if not action.applies_to(self.state):
            raise WorkflowError(
                f"A claim that is {self.get_state_display().lower()} cannot become "
                f"{action.target.label.lower()}."
            )
        if action.note_rule and not note.strip():
            raise WorkflowError(action.note_rule)
        review = None
        if action.inputs.gives_verdict:
            _check(verdict)
        elif action.publishes:
            review = self._verdict_to_publish(by=by, no_claimant=no_claimant)
        if action.target != self.state:
            AuditEvent.record(
                self, "claim.state", by=by, from_value=self.state, to_value=action.target, note=note
            )
        self.state = action.target
        fields = ["state", "updated_at"]
        if action is START_REVIEW and self.assignee_id is None and getattr(by, "pk", None):
            # Whoever starts the review of an unassigned claim takes it.
            AuditEvent.record(self, "claim.assignee", by=by, to_value=by, note=note)
            self.assignee = by
            fields.append("assignee")
        if verdict is not None and action.inputs.gives_verdict:
            fields += self._give_verdict(
                action, verdict, by=by, note=note, wording=wording, no_claimant=no_claimant
            )
        elif review is not None:
            fields += self._publish(review, by=by, note=note, no_claimant=no_claimant)
        if action is RETRACT:
            self._withdraw_pending_correction(by=by, note=note)
        self.save(update_fields=fields)

    def _withdraw_pending_correction(self, *, by: User | None, note: str) -> None:
        """A retraction is final: a correction waiting to be published never will be,
        so it goes, with a line in the history saying what it would have rated."""
        for pending in self.reviews.filter(published_at__isnull=True).select_related("rating"):
            AuditEvent.record(
                self, "claim.correction_withdrawn", by=by, from_value=pending.rating, note=note
            )
            pending.delete()

    def _give_verdict(
        self,
        action: Action,
        verdict: Verdict,
        *,
        by: User | None,
        note: str,
        wording: Wording | None,
        no_claimant: NoClaimant | None,
    ) -> list[str]:
        """Write the draft verdict of `rate`, or the pending correction of `correct`
        (the rating the public sees changes when it is published)."""
        correction = action is CORRECT
        if not correction and verdict.rating != self.rating:
            AuditEvent.record(
                self,
                "claim.rating",
                by=by,
                from_value=self.rating or "",
                to_value=verdict.rating,
                note=note,
            )
        # An unpublished draft verdict (or pending correction) is replaced, not kept:
        # only published verdicts belong in the public corrections log.
        self.reviews.filter(published_at__isnull=True).delete()
        review = Review(
            claim=self,
            rating=verdict.rating,
            summary=verdict.summary,
            explanation=verdict.explanation,
            url=verdict.url,
            reviewer=by,
        )
        if correction:
            wording = wording or Wording(self.text, self.claimant)
            if not wording.text.strip():
                raise WorkflowError("A correction needs the claim's wording.")
            review.correction_note = note
            review.corrected_text = wording.text.strip()
            review.corrected_claimant = wording.claimant
            if wording.claimant is None and no_claimant is not None:
                self._give_no_claimant_reason(review, no_claimant, by=by)
            elif wording.claimant is None:
                # Still no one named: the reason the published verdict gave holds.
                published = self.reviews.published().order_by("published_at", "id").last()
                if published is not None:
                    review.no_claimant_reason = published.no_claimant_reason
                    review.no_claimant_detail = published.no_claimant_detail
        review.save()
        Evidence.objects.bulk_create(
            Evidence(
                review=review, url=link.url, title=link.title, stance=link.stance, note=link.note
            )
            for link in verdict.evidence
        )
        if correction:
            return []
        self.rating = verdict.rating
        return ["rating"]

    def _verdict_to_publish(self, *, by: User | None, no_claimant: NoClaimant | None) -> Review:
        """The draft verdict or pending correction that `by` may publish."""
        review = self.current_review()
        if review is None or review.is_published():
            raise WorkflowError("There is no verdict to publish.")
        if settings.FACTBASE_SECOND_REVIEWER_REQUIRED and review.reviewer_id == getattr(
            by, "pk", None
        ):
            if review.corrects_wording():
                raise WorkflowError(
                    "The correction must be published by someone other than whoever wrote it."
                )
            raise WorkflowError("The verdict must be published by someone other than its reviewer.")
        if no_claimant is None and self.needs_no_claimant_reason(review):
            raise WorkflowError(NO_CLAIMANT_RULE)
        return review

    def _publish(
        self, review: Review, *, by: User | None, note: str, no_claimant: NoClaimant | None
    ) -> list[str]:
        """Make `review` the public verdict; a correction brings its wording and claimant."""
        fields = ["published_at"]
        wording = self.wording_to_publish(review)
        if wording.claimant is not None:
            review.no_claimant_reason, review.no_claimant_detail = "", ""
        elif no_claimant is not None:
            self._give_no_claimant_reason(review, no_claimant, by=by)
        if review.corrects_wording():
            for field, value in (("text", wording.text), ("claimant", wording.claimant)):
                old = getattr(self, field)
                if old != value:
                    AuditEvent.record(
                        self, f"claim.{field}", by=by, from_value=old or "", to_value=value or ""
                    )
                    setattr(self, field, value)
                    fields.append(field)
        if review.rating_id != self.rating_id:
            AuditEvent.record(
                self,
                "claim.rating",
                by=by,
                from_value=self.rating or "",
                to_value=review.rating,
                note=note,
            )
            self.rating = review.rating
            fields.append("rating")
        review.published_at = self.published_at = timezone.now()
        review.published_by = by
        review.save(
            update_fields=[
                "published_at",
                "published_by",
                "no_claimant_reason",
                "no_claimant_detail",
            ]
        )
        return fields

    def _give_no_claimant_reason(
        self, review: Review, no_claimant: NoClaimant, *, by: User | None
    ) -> None:
        """Store on `review` why its verdict names no claimant, with an audit row."""
        if no_claimant.reason == NoClaimantReason.OTHER and not no_claimant.detail.strip():
            raise WorkflowError("Say in a few words why no claimant is named.")
        review.no_claimant_reason = no_claimant.reason
        review.no_claimant_detail = no_claimant.detail
        AuditEvent.record(self, "claim.no_claimant", by=by, to_value=no_claimant)


def _check(verdict: Verdict | None) -> None:
    """Refuse a verdict that lacks what every verdict needs."""
    if verdict is None:
        raise WorkflowError("A rating from the scale is required.")
    if not verdict.evidence:
        raise WorkflowError("A rating needs at least one evidence link.")
    if not verdict.summary.strip() or not verdict.explanation.strip():
        raise WorkflowError("A rating needs a verdict summary and an explanation.")


class ClaimAppearance(models.Model):
    """One place a claim was made: an article, and the quote or sentence span in its body."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="appearances")
    quote = models.ForeignKey(
        Quote, null=True, blank=True, on_delete=models.SET_NULL, related_name="appearances"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # Set when a new text of the article no longer has the words of a claim a reviewer
    # had touched: the claim is kept, and the desk shows where it stood.
    missing_since = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the article's text stopped containing the claim's words.",
    )
    old_context = models.TextField(
        blank=True, default="", editable=False, help_text="The paragraph it stood in."
    )

    class Meta:
        ordering = ["article__published_at", "article__imported_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "article", "start"], name="appearance_unique_claim_article_start"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="appearance_span_start_lt_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} in {self.article}"

    def is_missing(self) -> bool:
        """Whether the article's current text no longer contains the claim's words."""
        return self.missing_since is not None
