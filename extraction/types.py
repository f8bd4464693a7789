"""What the engine returns: plain, immutable, typed values with character offsets."""

from dataclasses import dataclass, field
from typing import Literal

QuoteKind = Literal["direct", "indirect"]
SpeakerKind = Literal["person", "organization"]


@dataclass(frozen=True)
class SpeakerInfo:
    name: str
    kind: SpeakerKind = "person"
    role: str = ""
    organization: str = ""
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuoteSpan:
    kind: QuoteKind
    text: str
    start: int
    end: int
    speaker: str | None
    mention: str = ""
    cue: str = ""
    confidence: float = 0.0
    method: str = ""


@dataclass(frozen=True)
class ClaimCandidate:
    text: str
    start: int
    end: int
    score: float
    reasons: tuple[str, ...]
    speaker: str | None = None
    quote_index: int | None = None


@dataclass(frozen=True)
class Extraction:
    quotes: tuple[QuoteSpan, ...] = ()
    speakers: tuple[SpeakerInfo, ...] = ()
    claims: tuple[ClaimCandidate, ...] = field(default=())
