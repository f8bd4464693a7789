"""The engine's time grows linearly with its input, whatever shape the input takes."""

import time
from collections.abc import Callable

import pytest

from extraction import extract


def straight_quotes(n: int) -> str:
    return ('He said "we will win" and she said "no way" on Monday. ' * (n // 55 + 1))[:n]


def semicolon_sentence(n: int) -> str:
    clause = "the council approved the new budget of 2024 after a long debate; "
    return (clause * (n // len(clause) + 1))[:n]


def unbalanced(n: int) -> str:
    return ("“He said it " * (n // 12 + 1))[:n]


def cpu_seconds(text: str, runs: int) -> float:
    """The best of a few runs: the least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        extract(text)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("make", [straight_quotes, semicolon_sentence, unbalanced])
def test_ten_times_the_input_takes_at_most_fifteen_times_as_long(
    make: Callable[[int], str],
) -> None:
    # Sizes large enough that fixed costs and timer noise do not weigh on the ratio.
    small = cpu_seconds(make(100_000), runs=5)
    large = cpu_seconds(make(1_000_000), runs=2)
    assert large / max(small, 1e-3) <= 15
