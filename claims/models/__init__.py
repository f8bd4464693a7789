from claims.models.audit import AuditEvent
from claims.models.claims import (
    Claim,
    ClaimAppearance,
    ClaimState,
    Evidence,
    EvidenceStance,
    Review,
    WorkflowError,
)
from claims.models.quotes import AttributionStatus, Quote, QuoteKind
from claims.models.ratings import RatingLabel, RatingScale
from claims.models.speakers import Speaker, SpeakerKind

__all__ = [
    "AttributionStatus",
    "AuditEvent",
    "Claim",
    "ClaimAppearance",
    "ClaimState",
    "Evidence",
    "EvidenceStance",
    "Quote",
    "QuoteKind",
    "RatingLabel",
    "RatingScale",
    "Review",
    "Speaker",
    "SpeakerKind",
    "WorkflowError",
]
