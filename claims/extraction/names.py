"""Name normalisation shared by speaker matching and evaluation."""

import re
import unicodedata

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "′": "'"})
_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = "\"'.,;:!?()[]{}-–—…*"


def normalize_name(name: str) -> str:
    """Comparable form of a speaker name: NFKC, straight quotes, one space, casefolded."""
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES)
    text = _SPACE.sub(" ", text).strip().strip(_EDGE_PUNCT).strip()
    return text.casefold()
