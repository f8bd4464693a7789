"""Extraction throughput: words per second on one core, news-like and pathological text.

python bench/extraction.py [--megabytes N]
"""

from __future__ import annotations

import argparse
import random
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


def pathological(megabytes: float) -> dict[str, str]:
    n = int(megabytes * 1_000_000)
    sentence = "The council approved the budget after a long debate. "
    return {
        "unbalanced quotes": ("“He said it " * (n // 12))[:n],
        "one 1 MB paragraph": (sentence * (n // len(sentence) + 1))[:n],
        "no punctuation": ("word another Capital thing said he " * (n // 35 + 1))[:n],
        "only quote marks": ('"“”' * (n // 3))[:n],
        "apostrophes and single marks": ("‘a’b ‘it’s’ ‘x " * (n // 16 + 1))[:n],
    }


def measure(label: str, texts: list[str], run: Callable[[str], object]) -> None:
    words = sum(len(t.split()) for t in texts)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    started = time.process_time()
    for text in texts:
        run(text)
    seconds = time.process_time() - started
    print(
        f"{label:<22} {megabytes:6.2f} MB {words:>9,} words {seconds:7.2f} s CPU "
        f"{words / seconds:>11,.0f} words/s {megabytes / seconds:7.2f} MB/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=2.0)
    args = parser.parse_args()
    print("Extraction throughput on one core (CPU time of this process)")
    measure("news-like articles", news_corpus(int(args.megabytes * 1_000_000)), extract)
    for label, text in pathological(1.0).items():
        measure(label, [text], extract)


if __name__ == "__main__":
    main()
