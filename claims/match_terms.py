"""How claim matching reads a text: its words, their stems, and the term list stored
with each claim and verdict so that a match never re-reads the candidates' texts.

Texts are read the way they are posted: links dropped, `#hashtags` and `@handles`
kept whole and split at capitals (#DefundTheCBC: defundthecbc defund the cbc),
thousands separators removed (1,000,000: 1000000), "%" read as percent and "n't" as
not, common English words dropped but negations kept, words stemmed (Snowball).
"""

import re
from functools import lru_cache

import snowballstemmer

# Longer "words" are no words (PostgreSQL refuses lexemes over 2 KB).
MAX_WORD_CHARS = 60

_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
_TOKEN = re.compile(r"[#@]?\w+(?:[.,]\d+)*%?")
_CAPITALISED = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_NEGATED = re.compile(r"n['’]t\b", re.IGNORECASE)
NEGATIONS = frozenset({"not", "no", "never", "nor", "none", "nothing", "nobody", "neither"})
# Common English words left out of matching (negations are kept: see NEGATIONS).
# fmt: off
STOPWORDS = frozenset({
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each",
    "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
    "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it",
    "its", "itself", "just", "me", "more", "most", "my", "myself", "of", "off", "on", "once",
    "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
    "yourself", "yourselves", "s", "t", "ca", "wo"
})
# fmt: on

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The English Snowball stem of `word`; remembered, since texts repeat words."""
    return str(_STEMMER.stemWord(word))


def without_links(text: str) -> str:
    """`text` with its links (web addresses, a post's picture links) blanked out."""
    return _LINK.sub(" ", text)


def words(text: str) -> list[str]:
    """The words of `text` that matching compares, lower case and unstemmed."""
    text = _NEGATED.sub(" not", without_links(text)).replace("cannot", "can not")
    found: list[str] = []
    for token in _TOKEN.findall(text):
        if token[0] in "#@":
            tag = token[1:]
            found.append(tag.lower())
            parts = _CAPITALISED.findall(tag)
            if len(parts) > 1:
                found.extend(part.lower() for part in parts)
            continue
        if token.endswith("%"):
            found.extend([token[:-1], "percent"])
            continue
        if _THOUSANDS.fullmatch(token):
            token = token.replace(",", "")
        found.extend(token.lower().split(",") if not token[:1].isdigit() else [token.lower()])
    return [
        word
        for word in found
        if 0 < len(word) <= MAX_WORD_CHARS and (word not in STOPWORDS or word in NEGATIONS)
    ]


def terms(text: str) -> list[str]:
    """The stemmed words of `text`, in order, repeats kept."""
    return [stem(word) for word in words(text)]


def match_terms(text: str) -> str:
    """What a claim or a verdict stores for matching: its terms, separated by spaces."""
    return " ".join(terms(text))
