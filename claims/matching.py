"""Has this been checked before? Rank the claims that most likely verify a text.

Claims here are this desk's own and the ones imported with other fact-checkers'
verdicts (ClaimReview), so a match answers with whoever checked it.

Lexical matching in two steps:

1. Candidates. On PostgreSQL, the claims whose full-text vector holds any of the
   text's words (an OR query on the trigger-maintained `search_vector`, GIN-indexed),
   the best `POOL_SIZE` by `ts_rank`, and as many whose verdicts' titles hold them.
   Words in more than `COMMON_SHARE` of all claims are left out of this step when
   rarer ones remain: they would make it rank half the table. Elsewhere (SQLite),
   every claim whose text or verdict title contains one of the words.
2. Ranking. Okapi BM25 over each candidate's text and the titles of its verdicts,
   with stemmed words. How rare a word is comes from PostgreSQL's own statistics of
   the vector columns (`pg_stats.most_common_elems`, kept by ANALYZE; see migration
   0011), or, without them, from the candidates themselves. Equal scores go to the
   older claim: fact-check collections repeat texts, and the first one is the one
   others cite.

Texts are read the way they are posted: links dropped, `#hashtags` and `@handles`
kept whole and split at capitals (#DefundTheCBC: defundthecbc defund the cbc),
thousands separators removed (1,000,000: 1000000), "%" read as percent and "n't" as
not, and negations kept when other common words are dropped.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Prefetch, Q

from claims.models import Claim, Review

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

MAX_LIMIT = 50
DEFAULT_LIMIT = 5
# Candidates ranked by BM25 after the database's first cut. Larger finds more of the
# claims worded differently from the text, at the cost of reading more rows per query.
POOL_SIZE = 200
# Words in more claims than this share are not used to find candidates (they still
# count in the ranking), unless no rarer word is left.
COMMON_SHARE = 0.05
# At most this many distinct words of a text are used (a matched text is a claim or a
# post, not an article).
MAX_TERMS = 64
# Longer "words" are no words (PostgreSQL refuses lexemes over 2 KB).
MAX_WORD_CHARS = 60
# Okapi BM25 parameters, the usual ones.
K1 = 1.2
B = 0.75

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


@dataclass(frozen=True)
class ClaimMatch:
    """A claim that may verify the text, with its BM25 score (higher is closer)."""

    claim: Claim
    score: float

    def verdicts(self) -> list[Review]:
        """The claim's verdicts the asking user may read, newest first (prefetched)."""
        return sorted(self.claim.visible_reviews, key=_newest_first)  # type: ignore[attr-defined]


def _newest_first(review: Review) -> tuple[float, int]:
    published = review.published_at.timestamp() if review.published_at else 0.0
    return (-published, -review.pk)


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The English Snowball stem of `word`; remembered, since candidates repeat words."""
    return str(_STEMMER.stemWord(word))


def words(text: str) -> list[str]:
    """The words of `text` that matching compares, lower case and unstemmed."""
    text = _NEGATED.sub(" not", _LINK.sub(" ", text)).replace("cannot", "can not")
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


def match_claims(
    text: str, *, user: "User | AnonymousUser", limit: int = DEFAULT_LIMIT
) -> list[ClaimMatch]:
    """The claims `user` may read that most likely verify `text`, best first."""
    query_words = list(dict.fromkeys(words(text)))[:MAX_TERMS]
    if not query_words:
        return []
    query_terms = list(dict.fromkeys(stem(word) for word in query_words))
    claims = Claim.objects.visible_to(user).select_related("rating")
    reviews = Review.objects.visible_to(user).select_related("rating")
    if connection.vendor == "postgresql":
        total, shares = _postgres_statistics()
        total = total or claims.count()
        searched = [
            word for word in query_words if shares.get(stem(word), 0.0) <= COMMON_SHARE
        ] or query_words
        query = SearchQuery(
            " | ".join(_quoted(word) for word in searched), search_type="raw", config="english"
        )
        by_text = (
            claims.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "id")
            .values("pk")[:POOL_SIZE]
        )
        by_title = (
            reviews.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "id")
            .values("claim_id")[:POOL_SIZE]
        )
        pool = claims.filter(Q(pk__in=by_text) | Q(pk__in=by_title))
    else:
        total, shares = claims.count(), {}
        in_text, in_title = Q(), Q()
        for word in query_words:
            in_text |= Q(text__icontains=word)
            in_title |= Q(summary__icontains=word)
        pool = claims.filter(in_text | Q(pk__in=reviews.filter(in_title).values("claim_id")))
    candidates = list(
        pool.prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="visible_reviews"))
    )
    ranked = _bm25(query_terms, candidates, total, shares)
    return [ClaimMatch(claim=claim, score=round(score, 4)) for claim, score in ranked[:limit]]


def _quoted(word: str) -> str:
    # A tsquery operand in quotes is taken as one word whatever it holds.
    return "'" + word.replace("\\", " ").replace("'", " ") + "'"


def _document(claim: Claim) -> list[str]:
    titles = " ".join(review.summary for review in claim.visible_reviews)  # type: ignore[attr-defined]
    return terms(f"{claim.text} {titles}")


def _bm25(
    query: list[str], candidates: Iterable[Claim], total: int, shares: dict[str, float]
) -> list[tuple[Claim, float]]:
    documents = [(claim, Counter(_document(claim))) for claim in candidates]
    if not documents:
        return []
    average = sum(sum(counts.values()) for _, counts in documents) / len(documents) or 1.0
    in_pool = Counter(term for _, counts in documents for term in counts if term in query)
    rarest = min(shares.values(), default=0.0)
    total = max(total, len(documents))
    weights = {}
    for term in query:
        if term in shares:
            containing = shares[term] * total
        elif shares:
            # Not among the most common words: rarer than the rarest of those.
            containing = min(in_pool[term], rarest * total)
        else:
            containing = in_pool[term]
        weights[term] = math.log(1 + (total - containing + 0.5) / (containing + 0.5))
    scored = []
    for claim, counts in documents:
        length = sum(counts.values())
        score = 0.0
        for term in query:
            frequency = counts.get(term, 0)
            if frequency:
                score += (
                    weights[term]
                    * frequency
                    * (K1 + 1)
                    / (frequency + K1 * (1 - B + B * length / average))
                )
        if score > 0:
            scored.append((claim, score))
    scored.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return scored


def _postgres_statistics() -> tuple[int, dict[str, float]]:
    """The estimated number of claims and the share of claims holding each common
    word (in their text or their verdicts' titles), from what ANALYZE last gathered;
    (0, {}) before it ever ran."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.reltuples::bigint, s.most_common_elems::text::text[],
                   s.most_common_elem_freqs
              FROM pg_class c
              JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'search_vector'
                   AND s.schemaname = current_schema()
             WHERE c.relname IN ('claims_claim', 'claims_review')
                   AND c.relnamespace = current_schema()::regnamespace
            """
        )
        rows = {name: (estimated, elements, freqs) for name, estimated, elements, freqs in cursor}
    claims = rows.get("claims_claim")
    if claims is None or claims[0] <= 0 or claims[1] is None:
        return 0, {}
    shares: dict[str, float] = {}
    for estimated, elements, frequencies in rows.values():
        if elements is None or estimated <= 0:
            continue
        # A share of verdicts is about the same share of claims: most have one.
        for element, frequency in zip(elements, frequencies, strict=False):
            shares[element] = max(shares.get(element, 0.0), frequency)
    return int(claims[0]), shares
