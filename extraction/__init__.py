"""Pure-Python extraction engine: article text in, quotes, speakers and claim candidates out.

Nothing in this package imports Django; every offset is a character offset into the
text that was passed in.
"""

from extraction.engine import extract
from extraction.types import ClaimCandidate, Extraction, QuoteSpan, SpeakerInfo

__all__ = ["ClaimCandidate", "Extraction", "QuoteSpan", "SpeakerInfo", "extract"]
