"""Run the extraction engine over a factbase-gold/1 file and write predictions for a scorer.

    python bench/predict_gold.py GOLD.json PREDICTIONS.json

GOLD.json articles need a `text` field. PREDICTIONS.json maps each article id to
{"quotes": [...], "claims": [...]}, the shape the gold scorer reads. Pure Python: no Django.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction import extract
from extraction.evaluation import load_gold


def _no_files(path: Path) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    raise SystemExit(f"{path}: this script reads gold files whose articles carry `text`")


def predictions(gold: Path) -> tuple[dict[str, dict[str, list[object]]], int, float]:
    """Predictions per article id, the number of words read and the seconds spent extracting."""
    result: dict[str, dict[str, list[object]]] = {}
    words = 0
    seconds = 0.0
    for article in load_gold(gold, _no_files):
        started = time.perf_counter()
        found = extract(article.body)
        seconds += time.perf_counter() - started
        words += len(article.body.split())
        result[article.id] = {
            "quotes": [
                {
                    "kind": quote.kind,
                    "text": quote.text,
                    "speaker": quote.speaker,
                    "start": quote.start,
                    "end": quote.end,
                }
                for quote in found.quotes
            ],
            "claims": [claim.text for claim in found.claims],
        }
    return result, words, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    result, words, seconds = predictions(args.gold)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    rate = words / seconds if seconds else 0.0
    print(f"{len(result)} articles, {words:,} words in {seconds:.2f} s ({rate:,.0f} words/s)")


if __name__ == "__main__":
    main()
