"""The review workflow, declared once.

Each claim action (its name, the states it starts from, the state it leads to, the
desk permission it needs, its label and what it asks for) is one row of `ACTIONS`.
`Claim` takes them (`Claim.take()`), the admin draws its buttons and action pages
from them, the API makes one endpoint per row with the row's permission and OpenAPI
summary, and `setup_roles()` hands out the permissions declared here.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models


class WorkflowError(Exception):
    """A change the review rules do not allow: a transition from the wrong state, a
    verdict without evidence, a misattribution without the real speaker, …"""


class ClaimState(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    RATED = "rated", "Rated"
    PUBLISHED = "published", "Published"
    CORRECTED = "corrected", "Corrected"
    # A correction written and waiting for a second person to publish it; the public
    # still sees the verdict it corrects.
    CORRECTING = "correcting", "Correction pending"
    RETRACTED = "retracted", "Retracted"
    # Found to be the same claim as another, which took its appearances: the desk's
    # links to it lead there (claims.models.matches).
    MERGED = "merged", "Merged"


# The states whose verdict the public sees.
PUBLISHED_STATES = (ClaimState.PUBLISHED, ClaimState.CORRECTED, ClaimState.CORRECTING)
# The states the desk still has work in: the review queue's default view.
OPEN_STATES = (
    ClaimState.NEW,
    ClaimState.IN_REVIEW,
    ClaimState.RATED,
    ClaimState.CORRECTING,
)


class AttributionStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    CONFIRMED = "confirmed", "Confirmed"
    MISATTRIBUTED = "misattributed", "Misattributed"
    REJECTED = "rejected", "Rejected"


# The attributions a reviewer vouches for (a misattribution names the real speaker):
# the quotes the public sees.
VERIFIED_ATTRIBUTIONS = (AttributionStatus.CONFIRMED, AttributionStatus.MISATTRIBUTED)


@dataclass(frozen=True)
class DeskPermission:
    """A permission of the review desk beyond Django's add/change/delete/view."""

    model: str
    codename: str
    description: str

    @property
    def name(self) -> str:
        """The form `User.has_perm()` takes."""
        return f"claims.{self.codename}"

    def as_meta(self) -> tuple[str, str]:
        """The form a model's `Meta.permissions` takes."""
        return self.codename, self.description


RATE_CLAIMS = DeskPermission("claim", "rate_claim", "Can review and rate claims")
PUBLISH_VERDICTS = DeskPermission(
    "claim", "publish_claim", "Can publish, correct and retract verdicts"
)
REVIEW_ATTRIBUTION = DeskPermission(
    "quote", "review_attribution", "Can confirm, correct or reject attributions"
)
MERGE_SPEAKERS = DeskPermission("speaker", "merge_speakers", "Can merge duplicate speakers")
MATCH_CLAIMS = DeskPermission(
    "claim", "match_claims", "Can mark possible matches: same claim (merge), related or different"
)


class Inputs(StrEnum):
    """What an action asks of the person taking it. Each has one admin form
    (`claims.forms.ACTION_FORMS`) and one API serializer (`ACTION_SERIALIZERS`)."""

    NOTE = "note"  # an optional note
    REASON = "reason"  # a note saying why, required
    VERDICT = "verdict"  # rating, summary, explanation and evidence; an optional note
    # An optional note, and why no claimant is named when the claim has none.
    PUBLICATION = "publication"
    # A verdict, the claim's wording and claimant, a note saying what changed (required),
    # and why no claimant is named when there is none.
    CORRECTION = "correction"

    @property
    def gives_verdict(self) -> bool:
        return self in (Inputs.VERDICT, Inputs.CORRECTION)

    @property
    def asks_why_no_claimant(self) -> bool:
        return self in (Inputs.PUBLICATION, Inputs.CORRECTION)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[ClaimState]
    target: ClaimState
    permission: DeskPermission
    inputs: Inputs
    description: str
    # Why the action is refused without a note; empty when the note is optional.
    note_rule: str = ""

    @property
    def url_path(self) -> str:
        return self.name.replace("_", "-")

    def applies_to(self, state: str) -> bool:
        return state in self.sources

    @property
    def publishes(self) -> bool:
        """Whether taking it makes the draft verdict (or correction) public."""
        return self.inputs is Inputs.PUBLICATION


START_REVIEW = Action(
    "start_review",
    "Start review",
    frozenset({ClaimState.NEW}),
    ClaimState.IN_REVIEW,
    RATE_CLAIMS,
    Inputs.NOTE,
    "Take a new claim into review.",
)
RATE = Action(
    "rate",
    "Rate",
    frozenset({ClaimState.IN_REVIEW, ClaimState.RATED}),
    ClaimState.RATED,
    RATE_CLAIMS,
    Inputs.VERDICT,
    "Give the claim a verdict: a rating from the default scale, a one-line summary, an "
    "explanation and at least one evidence link. Rating again before publication "
    "replaces the draft verdict.",
)
PUBLISH = Action(
    "publish",
    "Publish",
    frozenset({ClaimState.RATED}),
    ClaimState.PUBLISHED,
    PUBLISH_VERDICTS,
    Inputs.PUBLICATION,
    "Publish the draft verdict. Whoever publishes must differ from whoever rated "
    "(unless FACTBASE_SECOND_REVIEWER_REQUIRED is off). A claim with no claimant needs "
    "the reason no one is named.",
)
CORRECT = Action(
    "correct",
    "Correct the verdict",
    frozenset({ClaimState.PUBLISHED, ClaimState.CORRECTED, ClaimState.CORRECTING}),
    ClaimState.CORRECTING,
    PUBLISH_VERDICTS,
    Inputs.CORRECTION,
    "Write a correction of the published verdict, and of the claim's wording and "
    "claimant if they were wrong. It waits for someone else to publish it; until then "
    "the public sees the published verdict. Correcting again replaces the pending "
    "correction. The note says what changed and why.",
    note_rule="A correction needs a note saying what changed and why.",
)
PUBLISH_CORRECTION = Action(
    "publish_correction",
    "Publish the correction",
    frozenset({ClaimState.CORRECTING}),
    ClaimState.CORRECTED,
    PUBLISH_VERDICTS,
    Inputs.PUBLICATION,
    "Publish the pending correction: its verdict, wording and claimant replace the "
    "public ones and the earlier verdict stays in the corrections log. Whoever publishes "
    "must differ from whoever wrote the correction (unless "
    "FACTBASE_SECOND_REVIEWER_REQUIRED is off).",
)
RETRACT = Action(
    "retract",
    "Retract",
    frozenset({ClaimState.PUBLISHED, ClaimState.CORRECTED, ClaimState.CORRECTING}),
    ClaimState.RETRACTED,
    PUBLISH_VERDICTS,
    Inputs.REASON,
    "Withdraw the published verdict for good. The note says why.",
    note_rule="A retraction needs a note saying why.",
)
ACTIONS = (START_REVIEW, RATE, PUBLISH, CORRECT, PUBLISH_CORRECTION, RETRACT)
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}
