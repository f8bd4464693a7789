from claims.models.audit import AuditEvent
from claims.models.claims import Claim, ClaimAppearance, ClaimChanged, ClaimState, WorkflowError
from claims.models.quotes import AttributionStatus, Quote, QuoteKind
from claims.models.ratings import RatingLabel, RatingMapping, RatingScale
from claims.models.reviews import Evidence, EvidenceLink, EvidenceStance, Review
from claims.models.speakers import Speaker, SpeakerKind

__all__ = [
    "AttributionStatus",
    "AuditEvent",
    "Claim",
    "ClaimAppearance",
    "ClaimChanged",
    "ClaimState",
    "Evidence",
    "EvidenceLink",
    "EvidenceStance",
    "Quote",
    "QuoteKind",
    "RatingLabel",
    "RatingMapping",
    "RatingScale",
    "Review",
    "Speaker",
    "SpeakerKind",
    "WorkflowError",
]
