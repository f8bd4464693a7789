"""Has this been checked before? Rank the claims that most likely verify a text.

Claims here are this desk's own and the ones imported with other fact-checkers'
verdicts (ClaimReview), so a match answers with whoever checked it.

Lexical matching in three steps, over the term lists claims and verdicts store
(`match_terms`, read from their texts by claims/match_terms.py when they are saved):

1. Candidates. On PostgreSQL, by the GIN-indexed `match_vector` of claims and of
   their verdicts' titles, the claims holding one of the text's rare terms (in at most
   `ALONE_ROWS` claims each), or two of its next rarer ones (the `MAX_PAIRED` rarest
   of those in at most `COMMON_SHARE` of all claims): a claim that verifies a text
   shares more than one word with it, and a claim sharing one common word is no
   candidate. Of each such pair one term is among the rarer, leading ones, so that
   the index reads the claims of those alone and looks the others up. How many claims
   hold a term comes from PostgreSQL's own statistics of the vector columns
   (`pg_stats.most_common_elems`, kept by ANALYZE). Where the text has no term rare
   enough, the `POOL_SIZE` claims holding its rarest one that `ts_rank` likes best;
   before ANALYZE ever ran, the `POOL_SIZE` best holding any of its terms.
   Elsewhere (SQLite), every claim whose text or verdict title contains one of the words.
2. Okapi BM25 over each candidate's stored terms and its verdicts' title terms, terms
   weighed by those statistics or, without them, by the candidates themselves.
3. Re-ranking of the `RERANKED` best: BM25 plus the trigram similarity (pg_trgm's
   `similarity()`, computed the same way in Python) of the text with the claim and
   with its closest verdict title, weighed as fitted on the CheckThat! 2020 training
   tweets; with the optional semantic stage (claims/semantic.py), also the closeness in
   meaning of the text with that title. Equal scores go to the older claim: fact-check
   collections repeat texts, and the first one is the one others cite.
"""

import math
import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from claims import semantic
from claims.match_terms import stem, words
from claims.models import Claim, Review

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "ClaimMatch", "match_claims", "words"]

MAX_LIMIT = 50
DEFAULT_LIMIT = 5
# Where a text has no term rare enough: the candidates taken by claim text and as many
# by verdict title, the best by ts_rank.
POOL_SIZE = 200
# Terms in more claims than this share are not used to find candidates (they still
# count in the ranking), unless no rarer term is left.
COMMON_SHARE = 0.05
# A term in at most this many claims finds candidates alone.
ALONE_ROWS = 50
# ...until those found alone are this many.
MAX_ALONE_READ = 300
# The next rarer terms, at most this many, find the claims holding two of them.
MAX_PAIRED = 24
# A claim found by two of them holds one of the rarer ones, the leading ones: fewer once
# those are in this many claims (the index reads their claims and looks the others up).
MAX_LEADING_READ = 6000
# At most this many distinct words of a text are used (a matched text is a claim or a
# post, not an article).
MAX_TERMS = 64
# Okapi BM25 parameters, the usual ones (others did no better on the training tweets).
K1 = 1.2
B = 0.75
# Re-ranking: how many of the best by BM25 (more change nothing on the training
# tweets), and the weight of the trigram similarity (0 to 1) of the text with the claim
# and with its closest verdict title.
RERANKED = 50
CLAIM_SIMILARITY_WEIGHT = 15.0
TITLE_SIMILARITY_WEIGHT = 20.0
# With the semantic stage (claims/semantic.py), the weight of the closeness in meaning
# (cosine, -1 to 1) of the text with the claim's closest verdict title, fitted on the
# same tweets. (The closeness with the claim's own text made the ranking worse there.)
TITLE_MEANING_WEIGHT = 30.0
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


class _Candidate(NamedTuple):
    """A claim as BM25 scores it: its terms and its verdicts' title terms."""

    pk: int
    terms: list[str]


def match_claims(
    text: str, *, user: "User | AnonymousUser", limit: int = DEFAULT_LIMIT, meaning: bool = True
) -> list[ClaimMatch]:
    """The claims `user` may read that most likely verify `text`, best first; with
    `meaning` False, by the lexical stages only (even where the semantic stage is
    installed)."""
    query_words = list(dict.fromkeys(words(text)))[:MAX_TERMS]
    if not query_words:
        return []
    query_terms = list(dict.fromkeys(stem(word) for word in query_words))
    # A claim merged into another is answered by the one it was merged into.
    claims = Claim.objects.unmerged().visible_to(user)
    reviews = Review.objects.visible_to(user)
    if connection.vendor == "postgresql":
        total, shares, rarest = _postgres_statistics()
        total = total or claims.count()
        candidates = _postgres_candidates(
            _search_plan(query_terms, total, shares, rarest), claims, reviews
        )
    else:
        total, shares, rarest = claims.count(), {}, 0.0
        candidates = _sqlite_candidates(query_words, claims, reviews)
    best = _rank(query_terms, candidates, total, shares, rarest)[:RERANKED]
    ranked = _rerank(text, best, claims, reviews, meaning=meaning)[:limit]
    if not ranked:
        return []
    verdicts = Prefetch(
        "reviews", queryset=reviews.select_related("rating"), to_attr="visible_reviews"
    )
    found = claims.filter(pk__in=[pk for pk, _ in ranked]).select_related("rating")
    by_pk = {claim.pk: claim for claim in found.prefetch_related(verdicts)}
    return [ClaimMatch(claim=by_pk[pk], score=round(score, 4)) for pk, score in ranked]


class _Plan(NamedTuple):
    """How candidates are looked for: the claims holding any of `alone`, and those
    holding one of the first `leading` terms of `paired` and another one of them."""

    alone: list[str]
    paired: list[str]
    leading: int = 0
    # Set when the text has no term rare enough, or a single one (then its rarest term
    # alone), or there are no statistics: only the candidates ts_rank likes best.
    common: bool = False


def _search_plan(
    query_terms: list[str], total: int, shares: dict[str, float], rarest: float
) -> _Plan:
    """The terms candidates are looked for by (see the module's doc), rarest first; how
    many claims hold a term is estimated from its share (a term not among the most
    common ones is taken to be as common as the rarest of those)."""
    if not shares:
        # No statistics (ANALYZE never ran): every term alone, and only the candidates
        # ts_rank likes best.
        return _Plan(query_terms, [], common=True)
    holding = {term: shares.get(term, rarest) * total for term in query_terms}
    by_rarity = sorted(query_terms, key=lambda term: holding[term])
    usable = [term for term in by_rarity if holding[term] <= COMMON_SHARE * total]
    if not usable:
        return _Plan([by_rarity[0]], [], common=True)
    alone: list[str] = []
    read = 0.0
    for term in usable:
        if holding[term] > ALONE_ROWS or read > MAX_ALONE_READ:
            break
        alone.append(term)
        read += holding[term]
    paired = usable[len(alone) :][:MAX_PAIRED]
    if len(paired) == 1 and not alone:
        # The one term left: the claims holding it that ts_rank likes best.
        return _Plan(paired, [], common=True)
    if len(paired) == 1:
        # A single term makes no pair: the rare ones find the claims holding two.
        return _Plan(alone, [])
    # The index reads the claims holding a leading term, and looks the others up.
    leading, read = 0, 0.0
    while leading < len(paired) - 1 and (
        leading < 2 or read + holding[paired[leading]] <= MAX_LEADING_READ
    ):
        read += holding[paired[leading]]
        leading += 1
    return _Plan(alone, paired, leading)


def _tsquery(plan: _Plan) -> str:
    """The plan as a tsquery: `'a' | 'b' | 'c' & ('d' | 'e' | 'f') | 'd' & ('e' | 'f')`
    (alone a and b, paired c to f, two leading); a claim without `c` costs one look at
    the first pair."""
    alone = [_quoted(term) for term in plan.alone]
    paired = [_quoted(term) for term in plan.paired]
    pairs = [
        f"{first} & ({' | '.join(paired[i + 1 :])})"
        for i, first in enumerate(paired[: plan.leading])
    ]
    return " | ".join(dict.fromkeys([*alone, *pairs]))


class _Lexemes(SearchQuery):
    """A tsquery of stored terms taken as they are: `to_tsquery` would parse them, stem
    them again and drop those it takes for stop words ("now", "not")."""

    template = "%(expressions)s::tsquery"


def _postgres_candidates(
    plan: _Plan, claims: QuerySet[Claim], reviews: QuerySet[Review]
) -> list[_Candidate]:
    """Each claim the plan finds by its text or a verdict's title, with its terms and
    its verdicts' title terms, in three queries."""
    with _by_index():
        return _found_by(_Lexemes(_tsquery(plan)), plan.common, claims, reviews)


@contextmanager
def _by_index() -> Iterator[None]:
    """Within, PostgreSQL reads no table whole where an index serves. Its planner takes
    a long tsquery for as cheap to test on each row as a short one, and reads a table
    of ten thousand claims or verdicts whole where their index answers ten times
    faster. The setting is restored at the end (or with the transaction rolled back)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
        )
        (before, _) = cursor.fetchone()
        yield
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])


def _found_by(
    query: SearchQuery, common: bool, claims: QuerySet[Claim], reviews: QuerySet[Review]
) -> list[_Candidate]:
    """The claims `query` finds (the best `POOL_SIZE` by ts_rank if `common`) by their
    text and by their verdicts' titles, among those the querysets hold."""
    by_title = reviews.filter(match_vector=query).order_by().values_list("claim_id", flat=True)
    if common:
        by_title = by_title.annotate(rank=SearchRank(F("match_vector"), query))
        by_title = by_title.order_by("-rank", "id")[:POOL_SIZE]
    titled = list(set(by_title))
    if common:
        found = claims.filter(match_vector=query)
        found = found.annotate(rank=SearchRank(F("match_vector"), query))
        best = found.order_by("-rank", "id").values_list("pk", flat=True)[:POOL_SIZE]
        found = claims.filter(pk__in=[*best, *titled])
    else:
        # Found on the whole table by its index, then filtered: on the claims the user
        # may read, or joined with those found by title, the planner would rather test
        # the tsquery on each row another index gives.
        hits = Claim.objects.filter(match_vector=query).values_list("pk", flat=True)
        # One array parameter: a thousand placeholders take longer to build than to run.
        found = claims.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [[*{*hits, *titled}]]))
    title_terms = (
        reviews.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(terms=StringAgg("match_terms", " "))
        .values("terms")
    )
    rows = found.annotate(title_terms=Subquery(title_terms)).order_by()
    return [
        _Candidate(pk, f"{terms} {titles or ''}".split())
        for pk, terms, titles in rows.values_list("pk", "match_terms", "title_terms")
    ]


def _sqlite_candidates(
    query_words: list[str], claims: QuerySet[Claim], reviews: QuerySet[Review]
) -> list[_Candidate]:
    in_text, in_title = Q(), Q()
    for word in query_words:
        in_text |= Q(text__icontains=word)
        in_title |= Q(summary__icontains=word)
    pool = claims.filter(in_text | Q(pk__in=reviews.filter(in_title).values("claim_id")))
    candidates = {
        pk: _Candidate(pk, terms.split())
        for pk, terms in pool.order_by().values_list("pk", "match_terms")
    }
    titles = reviews.filter(claim__in=list(candidates)).order_by()
    for claim_id, terms in titles.values_list("claim_id", "match_terms"):
        candidates[claim_id].terms.extend(terms.split())
    return list(candidates.values())


def _rerank(
    text: str,
    best: list[tuple[int, float]],
    claims: QuerySet[Claim],
    reviews: QuerySet[Review],
    *,
    meaning: bool,
) -> list[tuple[int, float]]:
    """The best claims by BM25 re-ranked with the trigram similarity of the text with
    each claim and with its closest verdict title (and, with `meaning` and the semantic
    stage, its closeness in meaning with that title), best first."""
    if not best:
        return []
    text_trigrams = trigrams(text)
    pks = [pk for pk, _ in best]
    claim_similarity = {
        pk: similarity(text_trigrams, trigrams(claim))
        for pk, claim in claims.filter(pk__in=pks).order_by().values_list("pk", "text")
    }
    titles = list(reviews.filter(claim__in=pks).order_by().values_list("claim_id", "summary"))
    title_similarity: dict[int, float] = {}
    for pk, title in titles:
        closeness = similarity(text_trigrams, trigrams(title))
        title_similarity[pk] = max(title_similarity.get(pk, 0.0), closeness)
    title_meaning: dict[int, float] = {}
    if meaning and semantic.enabled():
        meanings = semantic.title_closeness(text, [title for _, title in titles])
        for (pk, _), closeness in zip(titles, meanings, strict=True):
            title_meaning[pk] = max(title_meaning.get(pk, -1.0), closeness)
    reranked = [
        (
            pk,
            score
            + CLAIM_SIMILARITY_WEIGHT * claim_similarity.get(pk, 0.0)
            + TITLE_SIMILARITY_WEIGHT * title_similarity.get(pk, 0.0)
            + TITLE_MEANING_WEIGHT * title_meaning.get(pk, 0.0),
        )
        for pk, score in best
    ]
    reranked.sort(key=lambda pair: (-pair[1], pair[0]))
    return reranked


_ALPHANUMERIC = re.compile(r"[^\W_]+")


def trigrams(text: str) -> set[str]:
    """The trigrams pg_trgm compares: each lower-case word padded with two spaces in
    front and one behind."""
    found: set[str] = set()
    for word in _ALPHANUMERIC.findall(text.lower()):
        padded = f"  {word} "
        found.update([padded[i : i + 3] for i in range(len(padded) - 2)])
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
    average = sum(len(c.terms) for c in candidates) / len(candidates) or 1.0
    wanted = set(query)
    # Each candidate's terms of the query, with repeats.
    matched = [(c, [term for term in c.terms if term in wanted]) for c in candidates]
    in_pool: Counter[str] = Counter()
    for _, terms in matched:
        in_pool.update(set(terms))
    total = max(total, len(candidates))
    weights = {}
    for term in wanted:
        if term in shares:
            containing = shares[term] * total
        elif shares:
            # Not among the most common terms: rarer than the rarest of those.
            containing = min(in_pool[term], rarest * total)
        else:
            containing = in_pool[term]
        weights[term] = math.log(1 + (total - containing + 0.5) / (containing + 0.5))
    scored = []
    for candidate, terms in matched:
        if not terms:
            continue
        norm = K1 * (1 - B + B * len(candidate.terms) / average)
        score = 0.0
        for term in set(terms):
            frequency = terms.count(term)
            score += weights[term] * frequency * (K1 + 1) / (frequency + norm)
        scored.append((candidate.pk, score))
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored


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
