"""Extraction throughput: words per second on one core, news-like and pathological text.

python bench/extraction.py [--megabytes N] [--gold PATH] [--repeat N]

With --gold (a factbase-gold/1 file whose articles carry `text`, e.g. the PolNeAR dev
conversion), the engine runs over those texts beside a plain quotation-mark regex pass
over the same texts in the same run, and the ratio between the two is printed. Without
it, generated news-like text and the seed article are used. Both passes run --repeat
times (5 by default) and the fastest counts, as the CPU time of a pass moves with what
else the machine runs; the first pass is printed beside the fastest. The pathological
inputs (one long paragraph of straight quotes, one long sentence of semicolon-joined
clauses, a 2 MB article, unbalanced marks) run once each and show that the time stays
linear in the input.
"""

import argparse
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extraction import extract  # noqa: E402
from sources.parsing import parse_plain_text  # noqa: E402

NAMES = ["Daniel Pinkston", "Kim Sung Kyung", "Maria Gonzalez", "Wang Xiaoming", "Ana Ruiz"]
TEMPLATES = [
    "“The economy grew by {n} percent in {year}, faster than expected,” said {name}, "
    "a professor of economics at the University of {place}.",
    "“We will not accept these terms,” {surname} said. “Nobody in {place} will.”",
    "{place} sent a delegation of {n} officials to the capital in {month}, its first since {year}.",
    "The ministry said that exports to {place} had fallen by {n} percent since {month}.",
    "Critics dismissed the plan as a “{place} gimmick” that would cost {n} million dollars.",
    "Prices in {place} will keep rising for at least {n} months, {surname} said.",
]
PLACES = ["Seoul", "Tehran", "Brazil", "Lagos", "Oslo", "Hanoi"]
MONTHS = ["January", "April", "July", "October"]
# The baseline every engine run is compared with: find the quotation marks, nothing more.
QUOTE_MARKS = re.compile(r"[“”\"«»]|''")


def news_corpus(target_bytes: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    sample = parse_plain_text(
        (ROOT / "seeds" / "000_938ddf950460c247.txt").read_text(encoding="utf-8")
    ).body
    articles: list[str] = []
    size = 0
    while size < target_bytes:
        paragraphs = [sample] if rng.random() < 0.2 else []
        for _ in range(rng.randint(8, 20)):
            name = rng.choice(NAMES)
            paragraphs.append(
                rng.choice(TEMPLATES).format(
                    n=rng.randint(2, 90),
                    year=rng.randint(1990, 2025),
                    name=name,
                    surname=name.split()[-1],
                    place=rng.choice(PLACES),
                    month=rng.choice(MONTHS),
                )
            )
        article = "\n\n".join(paragraphs)
        articles.append(article)
        size += len(article.encode())
    return articles


def gold_texts(path: Path) -> list[str]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return [article["text"] for article in document["articles"] if "text" in article]


def straight_quotes(n: int) -> str:
    """One paragraph of straight double quotes, each opening and closing the same way."""
    return ('He said "we will win" and she said "no way" on Monday. ' * (n // 55 + 1))[:n]


def semicolon_sentence(n: int) -> str:
    """One sentence of clauses joined by semicolons, the shape claim scoring splits."""
    clause = "the council approved the new budget of 2024 after a long debate; "
    return (clause * (n // len(clause) + 1))[:n]


def pathological(megabytes: float) -> dict[str, str]:
    n = int(megabytes * 1_000_000)
    sentence = "The council approved the budget after a long debate. "
    return {
        "unbalanced quotes": ("“He said it " * (n // 12))[:n],
        "one 1 MB paragraph": (sentence * (n // len(sentence) + 1))[:n],
        "straight quotes 100 KB": straight_quotes(100_000),
        "straight quotes 1 MB": straight_quotes(n),
        "semicolons 200 KB": semicolon_sentence(200_000),
        "semicolons 2 MB": semicolon_sentence(2 * n),
        "2 MB article": "\n\n".join(news_corpus(2 * n, seed=11))[: 2 * n],
        "no punctuation": ("word another Capital thing said he " * (n // 35 + 1))[:n],
        "only quote marks": ('"“”' * (n // 3))[:n],
        "apostrophes and single marks": ("‘a’b ‘it’s’ ‘x " * (n // 16 + 1))[:n],
    }


def measure(label: str, texts: list[str], run: Callable[[str], object], repeat: int = 1) -> float:
    """Run over the texts `repeat` times, print the figures of the fastest pass (and of
    the first, when there are several) and return its words per second."""
    words = sum(len(t.split()) for t in texts)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    passes: list[float] = []
    for _ in range(max(repeat, 1)):
        started = time.process_time()
        for text in texts:
            run(text)
        passes.append(max(time.process_time() - started, 1e-9))
    seconds = min(passes)
    first = f", first pass {words / passes[0]:,.0f}" if len(passes) > 1 else ""
    print(
        f"{label:<30} {megabytes:6.2f} MB {words:>9,} words {seconds:7.2f} s CPU "
        f"{words / seconds:>11,.0f} words/s {megabytes / seconds:7.2f} MB/s{first}"
    )
    return words / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--gold", type=Path, help="a factbase-gold/1 file with article texts")
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="passes over the articles and over the regex baseline; the fastest is printed",
    )
    args = parser.parse_args()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Extraction throughput on one core (CPU time of this process; load average {load})")
    if args.gold:
        texts = gold_texts(args.gold)
        label = args.gold.name
    else:
        texts = news_corpus(int(args.megabytes * 1_000_000))
        label = "news-like articles"
    engine = measure(label, texts, extract, args.repeat)
    marks = measure("quote-mark regex pass", texts, QUOTE_MARKS.findall, args.repeat)
    print(f"engine / regex pass: {engine / marks:.4f} (the regex pass is {marks / engine:,.0f}x)")
    for name, text in pathological(args.megabytes).items():
        measure(name, [text], extract)


if __name__ == "__main__":
    main()
