"""The comparable form of names and statements, shared by matching and evaluation."""

import re
import unicodedata

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "′": "'"})
_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = "\"'.,;:!?()[]{}-–—…*"


def normalize(text: str) -> str:
    """NFKC, straight quotes, one space, casefolded, edge punctuation and quotes stripped."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).casefold().strip().strip(_EDGE_PUNCT).strip()
