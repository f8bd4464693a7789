"""API and public-page latency and throughput on a large PostgreSQL dataset, under gunicorn.

    python bench/api.py [--claims 200000] [--articles 20000] [--speakers 2000] [--keep]

Creates a scratch database `factbase_apibench` on 127.0.0.1:5432, fills it with
generated published claims (one appearance and one published verdict each), starts
gunicorn with 2 workers, and prints for each endpoint the p50/p95 latency of
sequential requests and the requests per second under concurrency (the median of
--rounds runs of wrk when it is installed, else of Python clients). Every endpoint
must answer with claims, and any error response under load stops the run. As a
reference it prints the same claim-list page produced by one raw SQL query plus JSON
encoding, and the ratio. The latencies are taken in rounds of one request to each
endpoint and one floor query, so that the ratios compare like with like.
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import psycopg

from claims.links import slug_of
from claims.match_terms import match_terms

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "factbase_apibench"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PORT = 8831
WORDS = [
    "exports",
    "imports",
    "drones",
    "oil",
    "sanctions",
    "delegation",
    "missile",
    "budget",
    "election",
    "tariffs",
    "inflation",
    "wheat",
    "harvest",
    "vaccine",
    "ports",
    "strike",
    "bridge",
    "taxes",
    "pension",
    "unemployment",
]


def create_database() -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        db.execute(f"CREATE DATABASE {DB_NAME}")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=server_env(), check=True)


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": DB_URL,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "FACTBASE_SITE_URL": "https://factbase.example.org",
        "FACTBASE_THROTTLE_ANON": "100000000/minute",
        "FACTBASE_THROTTLE_USER": "100000000/minute",
        "CONN_MAX_AGE": "600",
    }


def fill(claims: int, articles: int, speakers: int) -> None:
    words = "(ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "])"
    # The claims' and verdicts' matching terms, as save() would store them: the
    # generated texts vary only in numbers and in these words' stems.
    stems = "(ARRAY[" + ",".join(f"'{match_terms(w)}'" for w in WORDS) + "])"
    with psycopg.connect(DB_URL.replace("postgres://", "postgresql://"), autocommit=True) as db:
        rating: dict[str, int] = dict(
            db.execute("SELECT slug, id FROM claims_ratinglabel").fetchall()
        )
        db.execute(
            "INSERT INTO sources_outlet (name, domain) SELECT 'Outlet ' || i, "
            "'outlet' || i || '.example' FROM generate_series(1, 50) i"
        )
        db.execute(f"""
            INSERT INTO claims_speaker
                (name, normalized_name, kind, role, organization, aliases, wikidata_id)
            SELECT 'Speaker ' || i, 'speaker ' || i, 'person', 'minister', '', '[]', ''
            FROM generate_series(1, {speakers}) i""")
        db.execute(f"""
            INSERT INTO sources_article
                (outlet_id, url, title, byline, published_at, language, tags,
                body, raw, content_hash, source_file, imported_at, updated_at, metadata)
            SELECT (SELECT min(id) FROM sources_outlet) + i % 50, 'https://news.example/' || i,
                'Story ' || i, '', now() - (i || ' minutes')::interval, 'en',
                jsonb_build_array({words}[1 + i % 20]),
                'Body of story ' || i, 'Body of story ' || i,
                md5(i::text), '', now(), now(), '{{}}'
            FROM generate_series(1, {articles}) i""")
        labels = ",".join(
            str(rating[s])
            for s in ("true", "mostly-true", "half-true", "mostly-false", "false", "misleading")
        )
        first_speaker = db.execute("SELECT min(id) FROM claims_speaker").fetchone()[0]  # type: ignore[index]
        first_article = db.execute("SELECT min(id) FROM sources_article").fetchone()[0]  # type: ignore[index]
        db.execute(f"""
            INSERT INTO claims_claim (text, fingerprint, claimant_id, state, rating_id,
                check_worthiness, reasons, created_at, updated_at, version, published_at,
                language, external_appearances, match_terms)
            SELECT 'Claim ' || i || ': ' || {words}[1 + i % 20] || ' rose by ' || (i % 97)
                || ' percent while ' || {words}[1 + (i / 20) % 20]
                || ' fell in ' || (1990 + i % 35),
                md5('claim' || i), {first_speaker} + i % {speakers}, 'published',
                (ARRAY[{labels}])[1 + i % 6], (i % 100) / 100.0, '[]', now(), now(), 1,
                now() - (i || ' seconds')::interval, 'en', '[]',
                'claim ' || i || ' ' || {stems}[1 + i % 20] || ' rose ' || (i % 97)
                || ' percent ' || {stems}[1 + (i / 20) % 20] || ' fell ' || (1990 + i % 35)
            FROM generate_series(1, {claims}) i""")
        db.execute(f"""
            INSERT INTO claims_claimappearance (claim_id, article_id, start, "end", old_context)
            SELECT id, {first_article} + id % {articles}, 0, 10, '' FROM claims_claim""")
        db.execute("""
            INSERT INTO claims_review (claim_id, rating_id, summary, explanation, created_at,
                published_at, correction_note, publisher_name, publisher_site, url,
                original_rating, language, match_terms, corrected_text, no_claimant_reason,
                no_claimant_detail)
            SELECT id, rating_id, 'Verdict on claim ' || id, 'Because the statistics say so.',
                published_at, published_at, '', '', '', '', '', 'en', 'verdict claim ' || id,
                '', '', ''
            FROM claims_claim""")
        for table, column in (("claims_claim", "text"), ("claims_review", "summary")):
            sample = db.execute(f"SELECT {column}, match_terms FROM {table} LIMIT 50").fetchall()
            if any(match_terms(text) != terms for text, terms in sample):
                raise RuntimeError(f"{table}: generated match_terms differ from match_terms()")
        db.execute("VACUUM ANALYZE")  # as autovacuum would have by now
        db.execute("CHECKPOINT")  # write the load out now, not while measuring


def get(connection: http.client.HTTPConnection, path: str) -> float:
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept": "application/json"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status} {body[:200]!r}")
    return (time.perf_counter() - started) * 1000


def require_results(path: str) -> None:
    """A benchmark of an empty page would measure nothing."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT)
    connection.request("GET", path, headers={"Accept": "application/json"})
    response = connection.getresponse()
    content = response.read()
    if response.getheader("Content-Type", "").startswith("text/html"):
        if response.status != 200 or b'class="rating"' not in content:
            raise RuntimeError(f"{path} shows no verdict (HTTP {response.status})")
        return
    body = json.loads(content)
    if not (body.get("id") or body.get("results") or body.get("claims")):
        raise RuntimeError(f"{path} returned no claims")


def matches(query: str) -> int:
    with psycopg.connect(DB_URL.replace("postgres://", "postgresql://")) as db:
        row = db.execute(
            "SELECT count(*) FROM claims_claim "
            "WHERE search_vector @@ websearch_to_tsquery('english', %s)",
            [query],
        ).fetchone()
    return int(row[0]) if row else 0


def _client(args: tuple[str, float]) -> int:
    path, seconds = args
    connection = http.client.HTTPConnection("127.0.0.1", PORT)
    done, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        get(connection, path)
        done += 1
    return done


def throughput(path: str, seconds: float) -> float:
    if shutil.which("wrk"):
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                "-c8",
                f"-d{int(seconds)}s",
                "-H",
                "Accept: application/json",
                f"http://127.0.0.1:{PORT}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if "Non-2xx" in out:
            raise RuntimeError(f"{path}: error responses under load\n{out}")
        for line in out.splitlines():
            if line.startswith("Requests/sec:"):
                return float(line.split()[1])
        raise RuntimeError(out)
    with Pool(4) as pool:
        return sum(pool.map(_client, [(path, seconds)] * 4)) / seconds


RAW_LIST = """
    SELECT c.id, c.text, c.state, c.published_at, r.name, r.slug, r.value,
           s.id, s.name, s.kind, a.article_id, ar.url, ar.title, o.name, ar.published_at,
           v.summary, v.published_at
    FROM claims_claim c
    LEFT JOIN claims_ratinglabel r ON r.id = c.rating_id
    LEFT JOIN claims_speaker s ON s.id = c.claimant_id
    LEFT JOIN claims_claimappearance a ON a.claim_id = c.id
    LEFT JOIN sources_article ar ON ar.id = a.article_id
    LEFT JOIN sources_outlet o ON o.id = ar.outlet_id
    LEFT JOIN LATERAL (SELECT summary, published_at FROM claims_review
                       WHERE claim_id = c.id AND published_at IS NOT NULL
                       ORDER BY created_at DESC LIMIT 1) v ON true
    WHERE c.state IN ('published', 'corrected', 'correcting') ORDER BY c.id DESC LIMIT 50"""


FLOOR = "raw SQL + JSON"


def latencies(paths: dict[str, str], count: int) -> dict[str, list[float]]:
    """Sequential latencies of each endpoint and of the claim list's floor (the same
    page as one SQL query plus JSON encoding), taken in turns, one of each per round,
    so that every figure meets the same machine load and the ratios between them hold
    even on a busy machine."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT)
    times: dict[str, list[float]] = {name: [] for name in [*paths, FLOOR]}
    with psycopg.connect(DB_URL.replace("postgres://", "postgresql://")) as db:
        for round_number in range(count + 5):
            measured = {name: get(connection, path) for name, path in paths.items()}
            started = time.perf_counter()
            rows = db.execute(RAW_LIST).fetchall()
            json.dumps([[str(v) if v is not None else None for v in row] for row in rows])
            measured[FLOOR] = (time.perf_counter() - started) * 1000
            if round_number >= 5:  # the first rounds warm up
                for name, milliseconds in measured.items():
                    times[name].append(milliseconds)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--speakers", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10, help="Length of one load run.")
    parser.add_argument("--rounds", type=int, default=3, help="Load runs; the median counts.")
    parser.add_argument("--keep", action="store_true", help="Reuse the existing database.")
    args = parser.parse_args()
    if not args.keep:
        started = time.perf_counter()
        create_database()
        manage("migrate", "--verbosity", "0")
        fill(args.claims, args.articles, args.speakers)
        print(
            f"dataset: {args.claims:,} claims, {args.articles:,} articles, "
            f"{args.speakers:,} speakers in {time.perf_counter() - started:.0f} s"
        )
    with psycopg.connect(DB_URL.replace("postgres://", "postgresql://")) as db:
        some_id, some_text = db.execute(  # type: ignore[misc]
            "SELECT id, text FROM claims_claim WHERE id = (SELECT max(id) - 7 FROM claims_claim)"
        ).fetchone()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factbase.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env(),
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT).request("GET", "/api/v1/")
                break
            except OSError:
                time.sleep(0.1)
        endpoints = {
            "claim list": "/api/v1/claims/",
            "filtered list": "/api/v1/claims/?rating=false&language=en&ordering=-published_at",
            "search, 2 words": "/api/v1/claims/?q=drones%20ports",
            "search, 1 word": "/api/v1/claims/?q=drones",
            "claim detail": f"/api/v1/claims/{some_id}/",
            "claims:search": "/api/v1/claims:search?query=drones%20ports&pageSize=10",
            "verdict page": f"/fact-checks/{some_id}-{slug_of(some_text)}/",
            "home page": "/",
        }
        for path in endpoints.values():
            require_results(path)
        print(
            f"search matches: 'drones ports' {matches('drones ports'):,}, "
            f"'drones' {matches('drones'):,} of {args.claims:,} claims"
        )
        print(
            f"{'endpoint':<18}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}   "
            f"(gunicorn, 2 workers; req/s: median of {args.rounds} runs)"
        )
        times = latencies(endpoints, args.requests)
        p50s = {name: statistics.median(values) for name, values in times.items()}
        for name, path in endpoints.items():
            p95 = statistics.quantiles(times[name], n=20)[-1]
            rps = statistics.median(throughput(path, args.seconds) for _ in range(args.rounds))
            print(f"{name:<18}{p50s[name]:>9.2f}{p95:>9.2f}{rps:>9.0f}")
        print(
            f"{FLOOR:<18}{p50s[FLOOR]:>9.2f}{statistics.quantiles(times[FLOOR], n=20)[-1]:>9.2f}"
            f"{'':>9}   claim list is {p50s['claim list'] / p50s[FLOOR]:.1f}x the floor"
        )
        for page in ("verdict page", "home page"):
            print(f"{page} p50 is {p50s[page] / p50s['claim detail']:.2f}x the API claim detail")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
