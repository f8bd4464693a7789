"""Check-worthiness: which statements of an article are worth a fact-checker's time.

Sentences are cut into units at quote boundaries (a claim never runs from narrative
into a quote, and never keeps the attribution tail "…,” Osei told reporters") and at
the joints of compound sentences; each unit is scored from the words it holds. Every
unit is read once, so the time is linear in the length of the text.
"""

import bisect
import itertools
import re
from operator import itemgetter

from extraction.lexicon import MONTHS, NUMBER_WORDS
from extraction.text import Span
from extraction.types import ClaimCandidate, QuoteSpan

THRESHOLD = 0.5
MIN_WORDS = 7
MAX_UNIT_CHARS = 1_000

# Where one sentence holds two checkable statements: ", and Iran also launched …".
_CLAUSE_SPLIT = re.compile(
    r",\s+(?:and|but|while|whereas)\s+(?=[A-Z]|(?:it|they|he|she|we|there)\s)"
    r"|;\s+"
    r"|,\s+(?:[\w’'-]+\s+){0,3}(?:warn|warns|warned|say|says|said|argue|argues|argued|believe|"
    r"believes|believed|note|notes|noted)\s+that\s+"
)
_DIGIT = re.compile("[0-9]")
# The tokens (white-space separated, as str.split cuts them) that may be years.
_NUMERAL_FROM_1800 = re.compile(r"(?<!\S)(?:18|19|20)\S*")
# One regex substitution deletes them faster than str.translate, which looks every
# character of a non-ASCII string up in a table.
_PUNCTUATION = re.compile(r'["“”‘’()\[\]{}.,;:!?—–…*]')
_HEDGE_VERBS = frozenset(["believed", "thought", "said", "reported", "alleged", "estimated"])
_SPECULATIVE_VERBS = frozenset(["appear", "appears", "seem", "seems", "expected"])
_HEDGE_PHRASE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:believed|thought|said|reported|alleged|estimated)\s+to\b"
)
_SPECULATIVE_PHRASE = re.compile(r"\b(?:appears?|seems?|expected)\s+to\b")
_NUMBER_WORDS = frozenset(NUMBER_WORDS.lower().split("|")) - {"per cent"}
_MONTHS = frozenset(MONTHS.split("|"))
_DATE_WORDS = frozenset(
    ["yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
_PERIODS = frozenset(["year", "month", "week", "decade", "century"])
_RELATIVE = frozenset(["last", "next", "this", "previous"])
_COMPARISON = frozenset(
    [
        "more",
        "less",
        "fewer",
        "most",
        "least",
        "than",
        "largest",
        "biggest",
        "highest",
        "lowest",
        "smallest",
        "fastest",
        "worst",
        "best",
        "record",
        "first",
        "only",
        "increase",
        "increased",
        "increases",
        "decrease",
        "decreased",
        "decreases",
        "doubled",
        "tripled",
        "rose",
        "fell",
    ]
)
_PAST_EVENT = frozenset(
    [
        "was",
        "were",
        "had",
        "sent",
        "launched",
        "closed",
        "imposed",
        "provided",
        "signed",
        "killed",
        "attacked",
        "voted",
        "passed",
        "approved",
        "banned",
        "built",
        "spent",
        "paid",
        "won",
        "lost",
        "announced",
        "opened",
        "tested",
        "fired",
        "seized",
        "arrested",
        "invaded",
        "sold",
        "bought",
        "agreed",
        "rejected",
        "raised",
        "cut",
        "visited",
        "held",
        "led",
        "received",
        "delivered",
        "supplied",
        "angered",
        "coined",
        "conducted",
        "developed",
    ]
)
_HEDGE = frozenset(["reportedly", "allegedly", "claimed", "alleged"])
_SPECULATIVE = frozenset(
    [
        "may",
        "might",
        "could",
        "would",
        "should",
        "likely",
        "possibly",
        "probably",
        "perhaps",
        "will",
    ]
)
_PERSONAL = frozenset(["I", "we", "you", "my", "our", "your"])
_OPINION_PHRASES = (
    "paradoxical",
    "hatred",
    "intolerant",
    "good opportunity",
    "great interest",
    "desperately",
    "best practices",
    "common component",
    "i think",
    "we think",
    "in my view",
)
# A claim that starts with one of these leans on a sentence it is not part of.
_UNRESOLVED_START = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "this",
        "these",
        "those",
        "that",
        "his",
        "her",
        "their",
        "its",
        "them",
        "him",
    ]
)
_FIRST = itemgetter(0)
_QUOTE_EDGE = "“”\"‘’'«»"
_TRAILING_EDGE = _QUOTE_EDGE + ","


def claim_candidates(
    body: str, sentence_spans: list[Span], quotes: list[QuoteSpan]
) -> tuple[ClaimCandidate, ...]:
    """Score every sentence (and clause of a compound sentence) and keep the check-worthy.
    `quotes` are sorted by start; a unit inside a quote takes its speaker as claimant."""
    starts = [q.start for q in quotes]
    found: list[ClaimCandidate] = []
    for sentence in sentence_spans:
        for start, end, source in _segments(sentence, quotes, starts):
            for unit_start, unit_end in _units(body, start, end):
                candidate = _score(body, unit_start, unit_end, quotes, source)
                if candidate is not None:
                    found.append(candidate)
    return tuple(found)


# Segments and units are (start, end) pairs: plain tuples, as every sentence makes some.
def _segments(
    sentence: Span, quotes: list[QuoteSpan], starts: list[int]
) -> list[tuple[int, int, int | None]]:
    """The sentence cut at the edges of the quotes it overlaps: (start, end, quote index
    or None)."""
    position, sentence_end = sentence
    index = max(bisect.bisect_right(starts, position) - 1, 0)
    pieces: list[tuple[int, int, int | None]] = []
    while index < len(quotes) and quotes[index].start < sentence_end:
        quote = quotes[index]
        if quote.end > position:
            if quote.start > position:
                pieces.append((position, quote.start, None))
            inner_start = max(quote.start, position)
            inner_end = min(quote.end, sentence_end)
            pieces.append((inner_start, inner_end, index))
            position = inner_end
        index += 1
    if position < sentence_end:
        pieces.append((position, sentence_end, None))
    return pieces


def _units(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """A segment split at the joints of a compound sentence. Word counts are kept
    incrementally so that a sentence of a thousand clauses costs no more than its length."""
    text = body[start:end]
    if ("," not in text and ";" not in text) or _CLAUSE_SPLIT.search(text) is None:
        return [_strip(body, start, end)]  # nothing to split at
    total = len(text.split())
    units: list[tuple[int, int]] = []
    position = 0
    consumed = 0  # words in text[:position]
    for match in _CLAUSE_SPLIT.finditer(text):
        left = len(text[position : match.start()].split())
        right = total - consumed - len(text[position : match.end()].split())
        if left >= MIN_WORDS and right >= MIN_WORDS - 2:
            units.append(_strip(body, start + position, start + match.start()))
            consumed += len(text[position : match.end()].split())
            position = match.end()
    units.append(_strip(body, start + position, end))
    return [unit for unit in units if unit[1] > unit[0]]


def _strip(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (body[start].isspace() or body[start] in _QUOTE_EDGE):
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in _TRAILING_EDGE):
        end -= 1
    return start, end


def _score(
    body: str, start: int, end: int, quotes: list[QuoteSpan], source: int | None
) -> ClaimCandidate | None:
    text = body[start:end]
    if len(text) > MAX_UNIT_CHARS or text.endswith("?"):
        return None
    # Punctuation deleted in one pass: the words, as they are cased and in lower case.
    bare = _PUNCTUATION.sub("", text)
    tokens = bare.split()
    # A mark standing alone is a word of the text but not a token: count the text's
    # words only when the tokens are too few.
    if len(tokens) < MIN_WORDS and len(text.split()) < MIN_WORDS:
        return None
    if not tokens or tokens[0].casefold() in _UNRESOLVED_START:
        return None
    lowered = text.lower()
    words = set(bare.lower().split())  # the deleted marks have no case: same as lowered
    digits = _DIGIT.search(text) is not None
    score = 0.1
    reasons: list[str] = []
    if digits or not _NUMBER_WORDS.isdisjoint(words) or "per cent" in lowered:
        score += 0.25
        reasons.append("contains a number or quantity")
    if (
        not _MONTHS.isdisjoint(tokens)
        or not _DATE_WORDS.isdisjoint(words)
        or "in the past" in lowered
        or (
            not _RELATIVE.isdisjoint(words)
            and not _PERIODS.isdisjoint(words)
            and _relative_date(tokens)
        )
        or (digits and any(_is_year(m.group()) for m in _NUMERAL_FROM_1800.finditer(bare)))
    ):
        score += 0.2
        reasons.append("mentions a date or time")
    entities = sum(map(str.isupper, map(_FIRST, tokens[1:])))  # split: no empty token
    if entities >= 2:
        score += 0.2
        reasons.append(f"names {entities} entities")
    if not _PAST_EVENT.isdisjoint(tokens):
        score += 0.15
        reasons.append("reports a concrete past event")
    if not _COMPARISON.isdisjoint(words):
        score += 0.1
        reasons.append("makes a comparison")
    if (
        not _HEDGE.isdisjoint(words)
        or "according to" in lowered
        or (not _HEDGE_VERBS.isdisjoint(words) and _HEDGE_PHRASE.search(lowered))
    ):
        score += 0.15
        reasons.append("hedged attribution")
    if round(min(1.0, score), 3) < THRESHOLD:
        return None  # what follows only lowers the score: most sentences stop here
    if not _SPECULATIVE.isdisjoint(words) or (
        not _SPECULATIVE_VERBS.isdisjoint(words) and _SPECULATIVE_PHRASE.search(lowered)
    ):
        score -= 0.2
        reasons.append("speculative (lowers the score)")
    if not _PERSONAL.isdisjoint(tokens):
        score -= 0.1
        reasons.append("personal voice (lowers the score)")
    if any(phrase in lowered for phrase in _OPINION_PHRASES):
        score -= 0.25
        reasons.append("opinion or characterisation (lowers the score)")
    score = round(max(0.0, min(1.0, score)), 3)
    if score < THRESHOLD:
        return None  # most sentences: no candidate object to build
    return ClaimCandidate(
        text=text,
        start=start,
        end=end,
        score=score,
        reasons=tuple(reasons),
        speaker=quotes[source].speaker if source is not None else None,
        quote_index=source,
    )


def _is_year(token: str) -> bool:
    """1800–2099 standing alone ("2019", "2019’s")."""
    return (
        len(token) >= 4
        and token[:4].isdigit()
        and token[:2] in ("18", "19", "20")
        and (len(token) == 4 or not token[4].isdigit())
    )


def _relative_date(tokens: list[str]) -> bool:
    """ "last year", "next month": a relative word right before a period word."""
    for first, second in itertools.pairwise(tokens):
        if first.lower() in _RELATIVE and second.lower() in _PERIODS:
            return True
    return False
