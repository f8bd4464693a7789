"""Import throughput into PostgreSQL: a generated corpus, imported, then imported again.

    python bench/importing.py [--articles 5000] [--database-url postgres://...]

Without --database-url a scratch database `factbase_bench` on 127.0.0.1:5432 is
dropped and created. Prints articles per second for the first import (with
extraction) and for the re-import (every article unchanged).
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FIRST = ["Daniel", "Maria", "Ana", "Bo", "Kim Sung", "Nasser", "Jane", "Carlos", "Amara", "Luis"]
LAST = [
    "Pinkston",
    "Gonzalez",
    "Ruiz",
    "Chen",
    "Kyung",
    "Kanaani",
    "Holloway",
    "Mendes",
    "Okafor",
    "Ortega",
    "Lind",
    "Novak",
]
PLACES = ["Seoul", "Tehran", "Brazil", "Lagos", "Oslo", "Hanoi", "Lima", "Accra"]
ORGS = ["Troy University", "the Central Bank", "Acme Corp", "the Farm Ministry"]


PARAGRAPHS = [
    "“Exports to {place} rose by {n} percent last year, and we expect the same again "
    "because demand keeps growing,” said {person}, a professor of economics at {org}.",
    "“Nobody in {place} expected the decision to come so quickly,” {surname} said. "
    "“The government had promised months of consultation with the industry.”",
    "Officials in {place} sent a delegation of {n} experts to the capital in April, its "
    "first such mission since {year}, according to state media.",
    "Prices for fuel and food in {place} will keep rising for at least {n} months, "
    "{surname} said, pointing to the weak currency.",
    "The council approved a budget of {n} million dollars after a long debate, while "
    "critics called the plan a “giveaway” to large companies.",
    "He told reporters the talks had been constructive, but added that no agreement was "
    "possible before the elections in {year}.",
]


def article(rng: random.Random, number: int) -> str:
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]
    place = rng.choice(PLACES)
    paragraphs = [
        f"{place} reported growth of {rng.randint(1, 9)}.{rng.randint(0, 9)} percent in "
        f"{rng.randint(2015, 2024)}, the statistics office said on Tuesday, the fastest pace "
        f"since {rng.randint(1990, 2014)}.",
    ]
    for _ in range(rng.randint(22, 34)):
        person = rng.choice(people)
        paragraphs.append(
            rng.choice(PARAGRAPHS).format(
                place=place,
                person=person,
                surname=person.split()[-1],
                org=rng.choice(ORGS),
                n=rng.randint(2, 90),
                year=rng.randint(2000, 2027),
            )
        )
    title = f"Story {number}: {place} weighs its options"
    return f"{title}\n\n#{place} #economy\n\n" + "\n\n".join(paragraphs) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = args.database_url or scratch_database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "benchmark")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from claims.importing import ImportOptions, Outcome, import_articles

    call_command("migrate", verbosity=0)
    rng = random.Random(2024)
    with tempfile.TemporaryDirectory() as directory:
        paths = []
        words = 0
        for number in range(args.articles):
            text = article(rng, number)
            words += len(text.split())
            path = Path(directory) / f"{number:05}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        print(f"corpus: {args.articles:,} articles, {words / args.articles:,.0f} words each")
        print(f"workers: {args.workers}")
        for label in ("first import (with extraction)", "re-import (all unchanged)"):
            started = time.perf_counter()
            report = import_articles([directory], options=ImportOptions(), workers=args.workers)
            seconds = time.perf_counter() - started
            print(
                f"{label:<32} {len(report.items):>6,} articles {seconds:7.2f} s "
                f"{len(report.items) / seconds:8.1f} articles/s  "
                f"(created {report.count(Outcome.CREATED)}, "
                f"unchanged {report.count(Outcome.UNCHANGED)}, "
                f"failed {len(report.failures)})"
            )


def scratch_database() -> str:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute("DROP DATABASE IF EXISTS factbase_bench")
        db.execute("CREATE DATABASE factbase_bench")
    return "postgres://postgres@127.0.0.1:5432/factbase_bench"


if __name__ == "__main__":
    main()
