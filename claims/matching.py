"""Has this been checked before? Rank the claims that most likely verify a text.

Claims here are this desk's own and the ones imported with other fact-checkers'
verdicts (ClaimReview), so a match answers with whoever checked it.

Lexical matching in three steps, over the term lists claims and verdicts store
(`match_terms`, read from their texts by claims/match_terms.py when they are saved):

1. Candidates. On PostgreSQL, the claims whose terms, or whose verdicts' title terms,
   hold any of the text's rarer terms (an OR query on the GIN-indexed `match_vector`),
   the best `POOL_SIZE` of each by `ts_rank`. A term is left out of this step when it is
   in more than `COMMON_SHARE` of all claims, and so are the more common terms once the
   rarer ones reach `MAX_SEARCHED_ROWS` claims between them: common words would make the
   query rank half the table, and the rare ones are what a matching claim shares.
   Elsewhere (SQLite), every claim whose text or verdict title contains one of the words.
2. Okapi BM25 over each candidate's stored terms and its verdicts' title terms. How
   rare a term is comes from PostgreSQL's own statistics of the vector columns
   (`pg_stats.most_common_elems`, kept by ANALYZE), or, without them, from the
   candidates themselves.
3. Re-ranking of the `RERANKED` best: BM25 plus the trigram similarity (pg_trgm's
   `similarity()`, computed the same way in Python on SQLite) of the text with the
   claim and with its closest verdict title, weighed as fitted on the CheckThat! 2020
   training tweets. Equal scores go to the older claim: fact-check collections repeat
   texts, and the first one is the one others cite.
"""

import math
import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet

from claims.match_terms import stem, words
from claims.models import Claim, Review

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "ClaimMatch", "match_claims", "words"]

MAX_LIMIT = 50
DEFAULT_LIMIT = 5
# Candidates taken from the database by claim text and as many by verdict title.
# Larger finds more of the claims worded differently from the text, at the cost of
# reading more rows per query.
POOL_SIZE = 200
# Terms in more claims than this share are not used to find candidates (they still
# count in the ranking), unless no rarer term is left.
COMMON_SHARE = 0.05
# Terms are used to find candidates, rarest first, until they are in this many claims
# together (the rows PostgreSQL ranks by ts_rank, the bulk of a query's time).
MAX_SEARCHED_ROWS = 4000
# At most this many distinct words of a text are used (a matched text is a claim or a
# post, not an article).
MAX_TERMS = 64
# Okapi BM25 parameters, the usual ones (others did no better on the training tweets).
K1 = 1.2
B = 0.75
# Re-ranking: how many of the best by BM25, and the weight of the trigram similarity
# (0 to 1) of the text with the claim and with its closest verdict title.
RERANKED = 100
CLAIM_SIMILARITY_WEIGHT = 15.0
TITLE_SIMILARITY_WEIGHT = 20.0
# How long a process trusts the term statistics it read from pg_stats.
STATISTICS_SECONDS = 600.0


@dataclass(frozen=True)
class ClaimMatch:
    """A claim that may verify the text, with its score (higher is closer)."""

    claim: Claim
    score: float

    def verdicts(self) -> list[Review]:
        """The claim's verdicts the asking user may read, newest first (prefetched)."""
        return sorted(self.claim.visible_reviews, key=_newest_first)  # type: ignore[attr-defined]


def _newest_first(review: Review) -> tuple[float, int]:
    published = review.published_at.timestamp() if review.published_at else 0.0
    return (-published, -review.pk)


@dataclass
class _Candidate:
    """A claim as matching scores it: its terms, its verdicts' title terms, and the
    trigram similarity of the text with it and with its closest verdict title."""

    pk: int
    terms: Counter[str]
    claim_similarity: float
    title_similarity: float = 0.0


def match_claims(
    text: str, *, user: "User | AnonymousUser", limit: int = DEFAULT_LIMIT
) -> list[ClaimMatch]:
    """The claims `user` may read that most likely verify `text`, best first."""
    query_words = list(dict.fromkeys(words(text)))[:MAX_TERMS]
    if not query_words:
        return []
    query_terms = list(dict.fromkeys(stem(word) for word in query_words))
    claims = Claim.objects.visible_to(user)
    reviews = Review.objects.visible_to(user)
    if connection.vendor == "postgresql":
        total, shares, rarest = _postgres_statistics()
        total = total or claims.count()
        searched = _searched_terms(query_terms, total, shares, rarest)
        candidates = _postgres_candidates(text, searched, claims, reviews)
    else:
        total, shares, rarest = claims.count(), {}, 0.0
        candidates = _sqlite_candidates(text, query_words, claims, reviews)
    ranked = _rank(query_terms, candidates, total, shares, rarest)[:limit]
    if not ranked:
        return []
    verdicts = Prefetch(
        "reviews", queryset=reviews.select_related("rating"), to_attr="visible_reviews"
    )
    found = claims.filter(pk__in=[pk for pk, _ in ranked]).select_related("rating")
    by_pk = {claim.pk: claim for claim in found.prefetch_related(verdicts)}
    return [ClaimMatch(claim=by_pk[pk], score=round(score, 4)) for pk, score in ranked]


def _searched_terms(
    query_terms: list[str], total: int, shares: dict[str, float], rarest: float
) -> list[str]:
    """The terms candidates are looked for by: the rarer ones, see the module's doc."""
    searched: list[str] = []
    rows = 0.0
    # A term not among the most common ones is taken to be as common as the rarest.
    for term in sorted(query_terms, key=lambda term: shares.get(term, rarest)):
        share = shares.get(term, rarest)
        if searched and (share > COMMON_SHARE or rows + share * total > MAX_SEARCHED_ROWS):
            break
        searched.append(term)
        rows += share * total
    return searched


def _postgres_candidates(
    text: str,
    searched: list[str],
    claims: QuerySet[Claim],
    reviews: QuerySet[Review],
) -> list[_Candidate]:
    query = SearchQuery(" | ".join(_quoted(term) for term in searched), search_type="raw")
    by_claim = (
        claims.filter(match_vector=query)
        .annotate(rank=SearchRank(F("match_vector"), query))
        .order_by("-rank", "id")
        .values("pk")[:POOL_SIZE]
    )
    by_title = (
        reviews.filter(match_vector=query)
        .annotate(rank=SearchRank(F("match_vector"), query))
        .order_by("-rank", "id")
        .values("claim_id")[:POOL_SIZE]
    )
    candidates: dict[int, _Candidate] = {}
    # One query each: `pk IN (a) OR pk IN (b)` would make PostgreSQL read every claim.
    for found in (by_claim, by_title):
        rows = (
            claims.filter(pk__in=found)
            .annotate(similarity=TrigramSimilarity("text", text))
            .order_by()
            .values_list("pk", "match_terms", "similarity")
        )
        for pk, terms, similarity in rows:
            candidates[pk] = _Candidate(pk, Counter(terms.split()), similarity)
    titles = (
        reviews.filter(claim__in=list(candidates))
        .annotate(similarity=TrigramSimilarity("summary", text))
        .order_by()
        .values_list("claim_id", "match_terms", "similarity")
    )
    for claim_id, terms, similarity in titles:
        candidate = candidates[claim_id]
        candidate.terms.update(terms.split())
        candidate.title_similarity = max(candidate.title_similarity, similarity)
    return list(candidates.values())


def _sqlite_candidates(
    text: str,
    query_words: list[str],
    claims: QuerySet[Claim],
    reviews: QuerySet[Review],
) -> list[_Candidate]:
    in_text, in_title = Q(), Q()
    for word in query_words:
        in_text |= Q(text__icontains=word)
        in_title |= Q(summary__icontains=word)
    pool = claims.filter(in_text | Q(pk__in=reviews.filter(in_title).values("claim_id")))
    text_trigrams = trigrams(text)
    candidates = {
        pk: _Candidate(pk, Counter(terms.split()), similarity(text_trigrams, trigrams(claim)))
        for pk, terms, claim in pool.order_by().values_list("pk", "match_terms", "text")
    }
    titles = (
        reviews.filter(claim__in=list(candidates))
        .order_by()
        .values_list("claim_id", "match_terms", "summary")
    )
    for claim_id, terms, title in titles:
        candidate = candidates[claim_id]
        candidate.terms.update(terms.split())
        candidate.title_similarity = max(
            candidate.title_similarity, similarity(text_trigrams, trigrams(title))
        )
    return list(candidates.values())


_ALPHANUMERIC = re.compile(r"[^\W_]+")


def trigrams(text: str) -> set[str]:
    """The trigrams pg_trgm compares: each lower-case word padded with two spaces in
    front and one behind."""
    found: set[str] = set()
    for word in _ALPHANUMERIC.findall(text.lower()):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def similarity(first: set[str], second: set[str]) -> float:
    """pg_trgm's `similarity()`: the share of their trigrams two texts have in common."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _quoted(term: str) -> str:
    # A tsquery operand in quotes is taken as one lexeme whatever it holds.
    return "'" + term.replace("\\", " ").replace("'", " ") + "'"


def _rank(
    query: list[str],
    candidates: list[_Candidate],
    total: int,
    shares: dict[str, float],
    rarest: float,
) -> list[tuple[int, float]]:
    """(claim pk, score) of the candidates holding a term of the query, best first."""
    if not candidates:
        return []
    average = sum(sum(c.terms.values()) for c in candidates) / len(candidates) or 1.0
    in_pool = Counter(term for c in candidates for term in c.terms if term in query)
    total = max(total, len(candidates))
    weights = {}
    for term in query:
        if term in shares:
            containing = shares[term] * total
        elif shares:
            # Not among the most common terms: rarer than the rarest of those.
            containing = min(in_pool[term], rarest * total)
        else:
            containing = in_pool[term]
        weights[term] = math.log(1 + (total - containing + 0.5) / (containing + 0.5))
    scored = []
    for candidate in candidates:
        norm = K1 * (1 - B + B * sum(candidate.terms.values()) / average)
        score = 0.0
        for term in query:
            frequency = candidate.terms.get(term, 0)
            if frequency:
                score += weights[term] * frequency * (K1 + 1) / (frequency + norm)
        if score > 0:
            scored.append((candidate, score))
    scored.sort(key=lambda pair: (-pair[1], pair[0].pk))
    reranked = [
        (
            candidate.pk,
            score
            + CLAIM_SIMILARITY_WEIGHT * candidate.claim_similarity
            + TITLE_SIMILARITY_WEIGHT * candidate.title_similarity,
        )
        for candidate, score in scored[:RERANKED]
    ]
    reranked.sort(key=lambda pair: (-pair[1], pair[0]))
    return reranked


class _Statistics(NamedTuple):
    claims: int  # estimated
    shares: dict[str, float]  # share of claims holding each of the most common terms
    rarest: float  # share of the rarest of those
    read_at: float


_statistics: _Statistics | None = None


def _postgres_statistics() -> tuple[int, dict[str, float], float]:
    """The estimated number of claims, the share of claims holding each of the most
    common terms (in their text or their verdicts' titles) and the share of the rarest
    of those, from what ANALYZE last gathered; (0, {}, 0.0) before it ever ran.

    Read again at most every `STATISTICS_SECONDS`: reading them costs more than a
    match, and they change only when ANALYZE runs."""
    global _statistics
    if _statistics is not None and time.monotonic() - _statistics.read_at < STATISTICS_SECONDS:
        return _statistics.claims, _statistics.shares, _statistics.rarest
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.reltuples::bigint, s.most_common_elems::text::text[],
                   s.most_common_elem_freqs
              FROM pg_class c
              JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'match_vector'
                   AND s.schemaname = current_schema()
             WHERE c.relname IN ('claims_claim', 'claims_review')
                   AND c.relnamespace = current_schema()::regnamespace
            """
        )
        rows = {name: (estimated, terms, shares) for name, estimated, terms, shares in cursor}
    claims = rows.get("claims_claim")
    if claims is None or claims[0] <= 0 or claims[1] is None:
        return 0, {}, 0.0
    shares: dict[str, float] = {}
    rarest = 1.0
    for estimated, terms, frequencies in rows.values():
        if terms is None or estimated <= 0:
            continue
        # After the terms' frequencies come the least and the greatest of them.
        rarest = min(rarest, frequencies[len(terms)])
        # A share of verdicts is about the same share of claims: most have one.
        for term, share in zip(terms, frequencies, strict=False):
            shares[term] = max(shares.get(term, 0.0), share)
    _statistics = _Statistics(int(claims[0]), shares, rarest, time.monotonic())
    return _statistics.claims, shares, rarest
