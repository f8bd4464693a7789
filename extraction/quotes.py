"""Quote spans: where quotation marks open and close, paragraph by paragraph.

Every mark is looked at once and every paragraph is scanned once, so the time is
linear in the length of the text whatever its marks.
"""

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

from extraction.text import Span

MAX_QUOTE_CHARS = 5_000

# Double quotation marks: curly, straight, guillemets, low-9, and the doubled
# apostrophes and backticks that some newsrooms type for “ and ”.
# A character class first, the rest checked after it, lets the scanner skip in C from
# one candidate mark to the next.
_DOUBLE_MARK = re.compile(r"[“”\"«»„'`](?:(?<=[“”\"«»„])|(?<=')''?|(?<=`)`)")
_DEFINITE_OPEN = frozenset(["“", "«", "„", "``"])
_DEFINITE_CLOSE = frozenset(["”", "»"])
_CURLY_OPEN = frozenset(["“", "«", "„"])
# What may stand before an opening mark and after a closing one.
_BEFORE_OPEN = frozenset(" \t\n\xa0([{—–-/:;,")
_SINGLE_OPEN = re.compile(r"[‘'](?<![^\s(\[—–-].)")
_SINGLE_CLOSE = re.compile(r"[’'](?!\w)")


class RawQuote(NamedTuple):
    """One quoted stretch of one paragraph: marks at `open` and `close`, words in `inner`
    (a tuple: one is made for every pair of marks)."""

    open: int
    close: int  # index of the closing mark, or the paragraph end when the quote runs on
    inner: Span  # the quoted words, trimmed of white space
    paragraph: int
    runs_on: bool = False  # left open at the paragraph end and continued in the next
    continued: bool = False  # the rest of a quote opened in an earlier paragraph


def find_quotes(body: str, paragraph_spans: list[Span]) -> list[RawQuote]:
    """Every quote of the text in document order."""
    found: list[RawQuote] = []
    carried = False  # a quote was left open at the end of the previous paragraph
    for number, span in enumerate(paragraph_spans):
        marks = [(m.start(), m.group()) for m in _DOUBLE_MARK.finditer(body, span.start, span.end)]
        if not marks:
            found.extend(_single_quotes(body, span, number))
            carried = False
            continue
        pairs, left_open, closed_first = _pair(body, span, marks, carried)
        if closed_first is not None:
            found.append(_raw(body, span.start, closed_first, number, continued=True))
        for opening, closing in pairs:
            found.append(_raw(body, opening, closing, number))
        carried = False
        if left_open is not None and _continues_after(body, paragraph_spans, number, left_open):
            found.append(_raw(body, left_open, span.end, number, runs_on=True))
            carried = True
    return [quote for quote in found if quote.inner.end - quote.inner.start >= 1]


def _pair(
    body: str, span: Span, marks: list[tuple[int, str]], carried: bool
) -> tuple[list[tuple[int, int]], int | None, int | None]:
    """(open, close) pairs of the outermost quotes, the opening left unclosed at the
    paragraph end, and the close of a quote carried over from the previous paragraph."""
    pairs: list[tuple[int, int]] = []
    nested: list[tuple[int, int, int]] = []  # (outermost opening, open, close)
    stack: list[tuple[int, str]] = []
    closed_first: int | None = None
    # For each mark, whether a curly closing mark comes before the next curly opening one:
    # a straight mark inside curly quotes is a nested quote only when it does.
    curly_close_ahead = [False] * len(marks)
    ahead = False
    for index in range(len(marks) - 1, -1, -1):
        curly_close_ahead[index] = ahead
        if marks[index][1] in _DEFINITE_CLOSE:
            ahead = True
        elif marks[index][1] in _CURLY_OPEN:
            ahead = False
    for index, (position, mark) in enumerate(marks):
        end = position + len(mark)
        can_open, can_close = _roles(body, span, position, end, mark)
        if carried and index == 0 and can_close and not can_open:
            closed_first = position  # “… ¶ … ,” she said: the quote ends here
            continue
        if not stack:
            if can_open:
                stack.append((position, mark))
            continue
        top_position, top_mark = stack[-1]
        if (
            mark in ('"', "''", "'''")
            and stack[0][1] in _CURLY_OPEN
            and top_mark in _CURLY_OPEN
            and (curly_close_ahead[index] or not can_close)
        ):
            # Straight marks inside curly ones are nested quotes of their own. A straight
            # closing mark with no straight opening before it ends the curly quote:
            # “We will win," he said. "It is done.”
            if can_open and not can_close:
                stack.append((position, mark))
                continue
            if len(stack) > 1 or can_open:
                continue
        if can_open and (not can_close or mark in _DEFINITE_OPEN):
            stack.append((position, mark))  # nested (or the earlier opening was stray)
            continue
        if not can_close:
            continue
        stack.pop()
        opening = top_position + (1 if top_mark == "'''" else 0)
        if stack:
            nested.append((stack[0][0], opening, position + (1 if mark == "'''" else 0)))
        elif position - opening <= MAX_QUOTE_CHARS:
            pairs.append((opening, position))
    left_open: int | None = None
    if stack:
        # The outermost opening never closed: its inner quotes stand on their own.
        stray = stack[0][0]
        left_open = stray
        pairs.extend((o, c) for bottom, o, c in nested if bottom == stray)
        pairs.sort()
        pairs = _outermost(pairs)
    return pairs, left_open, closed_first


def _outermost(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for opening, closing in pairs:
        if kept and opening < kept[-1][1]:
            continue
        kept.append((opening, closing))
    return kept


def _roles(body: str, span: Span, position: int, end: int, mark: str) -> tuple[bool, bool]:
    """Whether a mark can open and whether it can close a quote, read from its neighbours."""
    if mark in "“”":
        before = body[position - 1] if position > span.start else " "
        after = body[end] if end < span.end else " "
        if (
            mark == "“"
            and not before.isspace()
            and (before in ",.!?—–" or before not in _BEFORE_OPEN)
        ):
            if after.isspace() or after in ",.;:!?)—–":
                return False, True  # “Apparently not,“ he said; the KKK “abhorrent“ in: mistyped
        elif mark == "”" and (before.isspace() or before in "([{—–") and after.isalnum():
            return True, False  # policy aides ”get close to Ben”: a mistyped opening mark
    if mark in _DEFINITE_OPEN:
        return True, False
    if mark in _DEFINITE_CLOSE:
        return False, True
    before = body[position - 1] if position > span.start else " "
    after = body[end] if end < span.end else " "
    opens = (before in _BEFORE_OPEN or before in "“‘'") and not after.isspace()
    closes = not before.isspace() and (not after.isalnum() or after in "’")
    if not opens and not closes:
        # Spaced on both sides, or wedged between letters: let the state decide.
        return True, True
    return opens, closes


def _continues_after(body: str, spans: list[Span], number: int, opening: int) -> bool:
    """News style: a quote running on into the next paragraph leaves its mark unclosed,
    and the next paragraph opens again (or closes the quote without reopening it)."""
    if number + 1 >= len(spans):
        return False
    if spans[number].end - opening > MAX_QUOTE_CHARS:
        return False
    following = spans[number + 1]
    first = body[following.start : following.start + 3]
    if first.startswith(("“", '"', "''", "«", "``", "„")):
        return True
    closing = _DOUBLE_MARK.search(body, following.start, following.end)
    return closing is not None and closing.group() in _DEFINITE_CLOSE | {'"', "''"}


def _raw(
    body: str,
    opening: int,
    closing: int,
    paragraph: int,
    runs_on: bool = False,
    continued: bool = False,
) -> RawQuote:
    mark = None if continued else _DOUBLE_MARK.match(body, opening)
    start = opening + (len(mark.group()) if mark else 0 if continued else 1)
    end = closing
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return RawQuote(opening, closing, Span(start, end), paragraph, runs_on, continued)


def _single_quotes(body: str, span: Span, number: int) -> Iterator[RawQuote]:
    """‘…’ quotes. The closing mark doubles as the apostrophe (“Iran’s”, “countries’”):
    a close is a ’ not followed by a letter; one right after , . ! or ? is certain, any
    other ends only a short (partial or scare) quote. A quote never runs past the next
    opening mark. Each opening costs two binary searches, so any text stays linear."""
    openings = [m.start() for m in _SINGLE_OPEN.finditer(body, span.start, span.end)]
    if not openings:
        return
    certain: list[int] = []
    weak: list[int] = []
    for match in _SINGLE_CLOSE.finditer(body, span.start, span.end):
        close = match.start()
        if close > span.start:
            (certain if body[close - 1] in ",.!?" else weak).append(close)
    position = span.start
    for index, opening in enumerate(openings):
        if opening < position or (body[opening] == "'" and _is_apostrophe(body, opening)):
            continue
        limit = min(
            openings[index + 1] if index + 1 < len(openings) else span.end,
            opening + MAX_QUOTE_CHARS,
        )
        found = _first_after(certain, opening, limit)
        if found is None:
            found = _first_after(weak, opening, limit)
            if found is not None and len(body[opening:found].split()) > 8:
                found = None
        if found is not None:
            yield _raw(body, opening, found, number)
            position = found + 1


def _is_apostrophe(body: str, position: int) -> bool:
    """'90s, 'em, 'til: a straight apostrophe standing for left-out letters."""
    return body[position + 1 : position + 3].isdigit() or body[position + 1 : position + 4] in (
        "em ",
        "til",
        "n' ",
    )


def _first_after(positions: list[int], start: int, limit: int) -> int | None:
    index = bisect.bisect_right(positions, start)
    return positions[index] if index < len(positions) and positions[index] < limit else None
