"""The engine's time grows linearly with its input, whatever shape the input takes."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SHAPES = {
    "straight_quotes": (
        '(\'He said "we will win" and she said "no way" on Monday. \' * (n // 55 + 1))[:n]'
    ),
    "semicolon_sentence": (
        "('the council approved the new budget of 2024 after a long debate; ' * (n // 66 + 1))[:n]"
    ),
    "unbalanced": "('\u201cHe said it ' * (n // 12 + 1))[:n]",
}

# Measured in a fresh interpreter: what a long test session leaves in memory (the
# collector's generations, fragmented arenas) must not weigh on the larger input.
MEASURE = """
import gc, statistics, time
from extraction import extract

def seconds(n, runs):
    text = {shape}
    extract(text)  # once untimed: the first call also warms caches and the allocator
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.process_time()
        extract(text)
        times.append(time.process_time() - started)
    # The median, for both sizes alike: the fastest of many short runs is luckier
    # than the fastest of a few long ones, which would inflate the ratio.
    return statistics.median(times)

print(seconds(100_000, 7), seconds(1_000_000, 5))
"""


@pytest.mark.parametrize("shape", SHAPES)
def test_ten_times_the_input_takes_at_most_fifteen_times_as_long(shape: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE.format(shape=SHAPES[shape])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    small, large = (float(value) for value in result.stdout.split())
    assert large / max(small, 1e-3) <= 15
