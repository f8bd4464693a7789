from claims.models.audit import AuditEvent
from claims.models.claims import Claim, ClaimAppearance, ClaimChanged, Wording
from claims.models.matches import ClaimPair, MatchDecision
from claims.models.quotes import Quote, QuoteKind
from claims.models.ratings import RatingLabel, RatingMapping, RatingScale
from claims.models.reviews import (
    Evidence,
    EvidenceLink,
    EvidenceStance,
    NoClaimant,
    NoClaimantReason,
    Review,
    Verdict,
)
from claims.models.speakers import Speaker, SpeakerKind
from claims.models.variants import QuoteVariant, QuoteWord, VariantVerdict
from claims.models.workflow import AttributionStatus, ClaimState, WorkflowError

__all__ = [
    "AttributionStatus",
    "AuditEvent",
    "Claim",
    "ClaimAppearance",
    "ClaimChanged",
    "ClaimPair",
    "ClaimState",
    "Evidence",
    "EvidenceLink",
    "EvidenceStance",
    "MatchDecision",
    "NoClaimant",
    "NoClaimantReason",
    "Quote",
    "QuoteKind",
    "QuoteVariant",
    "QuoteWord",
    "RatingLabel",
    "RatingMapping",
    "RatingScale",
    "Review",
    "Speaker",
    "SpeakerKind",
    "VariantVerdict",
    "Verdict",
    "Wording",
    "WorkflowError",
]
