"""Paragraphs and sentences with character offsets."""

import re
from collections.abc import Iterator
from typing import NamedTuple

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? (and any closing quotes or brackets) followed by space and
# something that can start a sentence. Common abbreviations are not sentence ends.
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+(?:[\"“‘(\[]|'')?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|Inc|Ltd|Co|Corp|"
    r"vs|No|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.K|U\.N|e\.g|i\.e)|\b[A-Z])\.$"
)


class Span(NamedTuple):
    """A stretch of the text, [start, end): a tuple, as thousands are made per article."""

    start: int
    end: int


def paragraphs(text: str) -> Iterator[Span]:
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > position:
            yield Span(position, match.start())
        position = match.end()
    if position < len(text):
        yield Span(position, len(text))


def sentences(text: str, span: Span) -> Iterator[Span]:
    """Sentences of one paragraph, trimmed of surrounding white space."""
    start = span.start
    for match in _SENTENCE_END.finditer(text, span.start, span.end):
        if _ABBREVIATION.search(text, max(start, match.start() - 6), match.start() + 1):
            continue
        yield _trimmed(text, start, match.end())
        start = match.end()
    if start < span.end:
        yield _trimmed(text, start, span.end)


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
