"""Two wordings of one quote compared word by word: how alike they are, what changed
("'will' → 'might'", a word dropped or added), and the words worth looking a quote up by.

Pure functions of text; `claims.variants` stores and links what they find.
"""

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from extraction.names import normalize

_WORD = re.compile(r"[\w’'-]+")

# Words too common to find a quote by: the function words of English and the
# reporting vocabulary every quote shares.
COMMON_WORDS = frozenset(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "also",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "could",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "even",
        "every",
        "from",
        "further",
        "have",
        "having",
        "here",
        "into",
        "just",
        "more",
        "most",
        "much",
        "must",
        "never",
        "only",
        "other",
        "ought",
        "over",
        "same",
        "should",
        "some",
        "such",
        "than",
        "that",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "whom",
        "with",
        "would",
        "your",
        "yours",
        "will",
        "shall",
        "said",
        "says",
        "told",
        "going",
        "people",
        "think",
        "know",
        "really",
        "want",
        "make",
        "made",
        "like",
        "well",
    ]
)

# A quote of fewer words is too short to tell a variant from a coincidence.
MIN_WORDS = 5
# How alike two wordings must be (difflib's ratio over their words) to be variants:
# one word in ten may differ.
VARIANT_SIMILARITY = 0.8


def words(text: str) -> list[str]:
    """The words of a text as written."""
    return _WORD.findall(text)


def comparable(text: str) -> list[str]:
    """The words of a text, case and quote marks folded, for comparison."""
    return [normalize(word) for word in words(text)]


def content_words(text: str) -> set[str]:
    """The words to look a quote up by: numbers, and words of four letters or more that
    are not common."""
    return {
        word
        for word in comparable(text)
        if any(c.isdigit() for c in word) or (len(word) >= 4 and word not in COMMON_WORDS)
    }


def similarity(first: str, second: str) -> float:
    """0 to 1: the share of words the two wordings have in the same order."""
    return difflib.SequenceMatcher(None, comparable(first), comparable(second), False).ratio()


def is_variant(first: str, second: str) -> bool:
    """Nearly the same words, but not the same: a quote reported differently."""
    a, b = comparable(first), comparable(second)
    if a == b or min(len(a), len(b)) < MIN_WORDS:
        return False
    return difflib.SequenceMatcher(None, a, b, False).ratio() >= VARIANT_SIMILARITY


@dataclass(frozen=True)
class WordChange:
    """One difference between two wordings: words replaced, dropped or added."""

    kind: Literal["replaced", "dropped", "added"]
    before: str = ""
    after: str = ""

    def __str__(self) -> str:
        match self.kind:
            case "replaced":
                return f"‘{self.before}’ → ‘{self.after}’"
            case "dropped":
                return f"‘{self.before}’ dropped"
        return f"‘{self.after}’ added"


def aligned(before: str, after: str) -> list[tuple[str, str, str]]:
    """Both wordings in aligned runs of words as written: ("equal", words, words), or
    ("replace" | "delete" | "insert", what `before` has, what `after` has)."""
    old, new = words(before), words(after)
    matcher = difflib.SequenceMatcher(
        None, [normalize(w) for w in old], [normalize(w) for w in new], False
    )
    return [
        (tag, " ".join(old[i1:i2]), " ".join(new[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def word_changes(before: str, after: str) -> list[WordChange]:
    """What changed from `before` to `after`, word by word, in the words as written."""
    kinds: dict[str, Literal["replaced", "dropped", "added"]] = {
        "replace": "replaced",
        "delete": "dropped",
        "insert": "added",
    }
    return [
        WordChange(kinds[tag], old, new) for tag, old, new in aligned(before, after) if tag in kinds
    ]
