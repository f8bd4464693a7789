"""Claim matching on CLEF 2020 CheckThat! Task 2 (tweets → the fact-check verifying them).

    python bench/matching.py CORPUS_DIR [--split dev] [--generated N] [--sqlite] [--keep]
                              [--repeat N]

CORPUS_DIR holds `verified_claims.docs.tsv` and the split folders (`train/`, `dev/`)
with `tweets.queries.tsv` and `tweet-vclaim-pairs.qrels`. The bench creates a scratch
PostgreSQL database `factbase_matchbench` (another name with MATCHBENCH_DB=…) on
127.0.0.1:5432 (or an SQLite file in $FACTBASE_DATA_DIR with --sqlite), imports
every verified claim as a published claim with an imported verdict titled with its
fact-check's title, adds N generated claims (sentences drawn from the
verified claims' words) with --generated, runs ANALYZE, asks `match_claims` with each
tweet of the split and prints MAP@5, P@1 and R@5 (the task's definitions: average
precision over the top 5 divided by the number of relevant claims; a relevant claim
first; any relevant claim in the top 5), the p50/p95 latency of one match (each the
least of --repeat runs, where other work shares the machine), all twice when the
semantic stage is installed (without it, then with it), and the
same figures for a plain BM25 over claim text and title (lower-case words, no
stemming) in memory, the baseline the task reports.

The claims' GIN indexes are dropped while the claims are loaded and built again after
(one build instead of 200,000 index updates). With --keep a PostgreSQL database left by
an earlier run with the same claims is used as it is (migrated, not loaded again).
"""

import argparse
import csv
import math
import os
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("MATCHBENCH_DB", "factbase_matchbench")
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TOP = 5


def read_tsv(path: Path) -> list[list[str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t"))


def load_split(corpus: Path, split: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    tweets = {row[0]: row[1] for row in read_tsv(corpus / split / "tweets.queries.tsv")[1:]}
    relevant: dict[str, set[str]] = defaultdict(set)
    for line in (corpus / split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        tweet, _, vclaim, label = line.split("\t")
        if label == "1":
            relevant[tweet].add(vclaim)
    return tweets, relevant


def scores(ranked: dict[str, list[str]], relevant: dict[str, set[str]]) -> tuple[float, ...]:
    average_precisions, first, found = [], 0, 0
    for tweet, gold in relevant.items():
        top = ranked.get(tweet, [])[:TOP]
        hits, precision_sum = 0, 0.0
        for position, vclaim in enumerate(top, start=1):
            if vclaim in gold:
                hits += 1
                precision_sum += hits / position
        average_precisions.append(precision_sum / len(gold))
        first += bool(top) and top[0] in gold
        found += any(vclaim in gold for vclaim in top)
    count = len(relevant)
    return sum(average_precisions) / count, first / count, found / count


def baseline(documents: dict[str, str], queries: dict[str, str]) -> dict[str, list[str]]:
    """Plain Okapi BM25 (k1 1.2, b 0.75) over lower-case alphanumeric words."""
    words = re.compile(r"[a-z0-9]+")
    bags = {key: Counter(words.findall(text.lower())) for key, text in documents.items()}
    lengths = {key: sum(bag.values()) for key, bag in bags.items()}
    average = sum(lengths.values()) / len(lengths)
    containing: Counter[str] = Counter(word for bag in bags.values() for word in bag)
    postings: dict[str, list[str]] = defaultdict(list)
    for key, bag in bags.items():
        for word in bag:
            postings[word].append(key)
    total = len(bags)
    ranked = {}
    for tweet, text in queries.items():
        totals: defaultdict[str, float] = defaultdict(float)
        for word in set(words.findall(text.lower())):
            weight = math.log(1 + (total - containing[word] + 0.5) / (containing[word] + 0.5))
            for key in postings.get(word, []):
                tf = bags[key][word]
                norm = tf + 1.2 * (1 - 0.75 + 0.75 * lengths[key] / average)
                totals[key] += weight * tf * 2.2 / norm
        ranked[tweet] = [k for k, _ in sorted(totals.items(), key=lambda p: (-p[1], int(p[0])))]
    return ranked


def setup_django(sqlite: bool, keep: bool) -> bool:
    """Set Django up on the scratch database; True if it is kept from an earlier run."""
    kept = False
    if sqlite:
        os.environ.pop("DATABASE_URL", None)
        os.environ["FACTBASE_DATA_DIR"] = os.environ.get("FACTBASE_DATA_DIR", "/tmp/matchbench")
        Path(os.environ["FACTBASE_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["FACTBASE_DATA_DIR"]) / "factbase.sqlite3").unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
            kept = keep and found.fetchone() is not None
            if not kept:
                admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
                admin.execute(f"CREATE DATABASE {DB_NAME}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return kept


# The GIN indexes on claims, dropped while loading and built again after.
CLAIM_INDEXES = ["claims_claim_search_gin", "claims_claim_match_gin"]


def kept_claims(verified: list[list[str]], generated: int) -> dict[int, str] | None:
    """Claim pk → verified claim id of a kept database holding the same claims (the
    verified ones loaded first), or None if it holds others."""
    from claims.models import Claim

    pks = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    if len(pks) != len(verified) + generated:
        return None
    first = Claim.objects.filter(pk__in=pks[: len(verified)]).order_by("pk")
    texts = list(first.values_list("text", flat=True))
    if texts != [text for _, text, _ in verified]:
        return None
    return {pk: vclaim for pk, (vclaim, _, _) in zip(pks, verified, strict=False)}


def load_claims(verified: list[list[str]], generated: int) -> dict[int, str]:
    """Store the verified claims (and generated ones); claim pk → verified claim id."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from claims.match_terms import match_terms
    from claims.models import Claim, RatingLabel, Review
    from claims.models.claims import claim_fingerprint
    from claims.models.workflow import ClaimState

    rating = RatingLabel.objects.get(
        scale__is_default=True, slug=settings.FACTBASE_CLAIMREVIEW_FALLBACK_RATING
    )
    published = timezone.now()
    definitions = {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
                [CLAIM_INDEXES],
            )
            definitions = dict(cursor.fetchall())
            for name in definitions:
                cursor.execute(f"DROP INDEX {name}")
    with transaction.atomic():
        claims = Claim.objects.bulk_create(
            (
                Claim(
                    text=text,
                    fingerprint=claim_fingerprint(text),
                    match_terms=match_terms(text),
                    state=ClaimState.PUBLISHED,
                    rating=rating,
                )
                for _, text, _ in verified
            ),
            batch_size=2000,
        )
        Review.objects.bulk_create(
            (
                Review(
                    claim=claim,
                    rating=rating,
                    summary=title[:500],
                    match_terms=match_terms(title[:500]),
                    publisher_name="CheckThat",
                    original_rating=rating.name,
                    published_at=published,
                )
                for claim, (_, _, title) in zip(claims, verified, strict=True)
            ),
            batch_size=2000,
        )
        vocabulary = [w for _, text, title in verified for w in f"{text} {title}".split()]
        chooser = random.Random(15)
        batch: list[Claim] = []
        for number in range(generated):
            text = " ".join(chooser.choices(vocabulary, k=chooser.randint(8, 30)))
            batch.append(
                Claim(
                    text=text,
                    fingerprint=claim_fingerprint(text),
                    match_terms=match_terms(text),
                    state=ClaimState.PUBLISHED,
                    rating=rating,
                )
            )
            if len(batch) == 5000 or number == generated - 1:
                Claim.objects.bulk_create(batch, batch_size=2000)
                batch = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for definition in definitions.values():
                cursor.execute(definition)
            cursor.execute("ANALYZE claims_claim")
            cursor.execute("ANALYZE claims_review")
    return {claim.pk: vclaim for claim, (vclaim, _, _) in zip(claims, verified, strict=True)}


def run_matcher(
    tweets: dict[str, str], vclaim_of: dict[int, str], repeat: int
) -> tuple[dict[str, list[str]], list[float]]:
    """Each tweet's top verified claim ids by `match_claims`, and the sorted latencies
    of one match (each the least of `repeat` runs), in ms."""
    from django.contrib.auth.models import AnonymousUser

    from claims.matching import match_claims

    anonymous = AnonymousUser()
    for text in list(tweets.values())[:20]:  # warm-up: connections, caches, the model
        match_claims(text, user=anonymous, limit=TOP)
    ranked, latencies = {}, []
    for tweet, text in tweets.items():
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            matches = match_claims(text, user=anonymous, limit=TOP)
            timings.append((time.perf_counter() - started) * 1000)
        latencies.append(min(timings))
        ranked[tweet] = [vclaim_of.get(match.claim.pk, "generated") for match in matches]
    return ranked, sorted(latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--generated", type=int, default=0, help="Generated claims to add.")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL.")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="Match each tweet this many times; its latency is the least (on a shared machine).",
    )
    parser.add_argument(
        "--keep", action="store_true", help="Use the claims an earlier run left in the database."
    )
    args = parser.parse_args()

    verified = [row for row in read_tsv(args.corpus / "verified_claims.docs.tsv")[1:] if row]
    tweets, relevant = load_split(args.corpus, args.split)
    kept = setup_django(args.sqlite, args.keep)
    from django.conf import settings
    from django.db import connection

    started = time.perf_counter()
    vclaim_of = kept_claims(verified, args.generated) if kept else None
    if vclaim_of is None:
        if kept:
            print(f"{DB_NAME} holds other claims: loading them again")
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE claims_claim RESTART IDENTITY CASCADE")
            kept = False
        vclaim_of = load_claims(verified, args.generated)
    print(
        f"{connection.vendor}: {len(verified):,} verified claims + {args.generated:,} "
        f"generated {'kept' if kept else 'loaded'} in {time.perf_counter() - started:.0f} s; "
        f"{len(relevant)} {args.split} tweets"
    )

    from claims import semantic

    stages = [("factbase (claims.matching)", False)]
    if semantic.enabled():
        stages = [("factbase, lexical stages only", False), ("factbase, with semantic stage", True)]
    print(f"{'matcher':34} {'MAP@5':>6} {'P@1':>6} {'R@5':>6}")
    figures = "{:6.3f} {:6.3f} {:6.3f}"
    for name, meaning in stages:
        settings.FACTBASE_SEMANTIC_MATCHING = meaning
        ranked, latencies = run_matcher(tweets, vclaim_of, args.repeat)
        p50 = statistics.median(latencies)
        p95 = latencies[min(len(latencies) - 1, math.ceil(0.95 * len(latencies)) - 1)]
        print(
            f"{name:34} {figures.format(*scores(ranked, relevant))}"
            f"   p50 {p50:.1f} ms, p95 {p95:.1f} ms"
        )
    plain = baseline({vclaim: f"{text} {title}" for vclaim, text, title in verified}, tweets)
    print(f"{'plain BM25, claim + title':34} {figures.format(*scores(plain, relevant))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
