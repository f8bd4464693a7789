"""Check-worthiness: which statements of an article are worth a fact-checker's time."""

import bisect
import re

from extraction.lexicon import MONTHS, NUMBER_WORDS
from extraction.text import Span, sentences
from extraction.types import ClaimCandidate, QuoteSpan

THRESHOLD = 0.5
MIN_WORDS = 7

# Where one sentence holds two checkable statements: ", and Iran also launched …".
_CLAUSE_SPLIT = re.compile(
    r",\s+(?:and|but|while|whereas)\s+(?=[A-Z]|(?:it|they|he|she|we|there)\s)"
    r"|;\s+"
    r"|,\s+(?:[\w’'-]+\s+){0,3}(?:warn|warns|warned|say|says|said|argue|argues|argued|believe|"
    r"believes|believed|note|notes|noted)\s+that\s+"
)
_OPEN_QUOTE = re.compile(r"\s*[“\"]")
# Case-insensitive signals are matched against the lower-cased text, which is faster
# than re.IGNORECASE; months are matched case-sensitively so that "may" is not May.
_NUMBER = re.compile(rf"\d|\b(?:{NUMBER_WORDS.lower()})\b")
_MONTH = re.compile(rf"\b(?:{MONTHS})\b")
_DATE = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\b(?:last|next|this|previous)\s+(?:year|month|week|decade|century)"
    r"|\byesterday\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\bin the past\b"
)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]+")
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|most|least|than|largest|biggest|highest|lowest|smallest|fastest|"
    r"worst|best|record|first|only|increase[ds]?|decrease[ds]?|doubled|tripled|rose|fell)\b"
)
_PAST_EVENT = re.compile(
    r"\b(?:was|were|had|sent|launched|closed|imposed|provided|signed|killed|attacked|voted|"
    r"passed|approved|banned|built|spent|paid|won|lost|announced|opened|tested|fired|seized|"
    r"arrested|invaded|sold|bought|agreed|rejected|raised|cut|visited|held|led|received|"
    r"delivered|supplied|angered|coined|conducted|developed)\b"
)
_HEDGE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:believed|thought|said|reported|alleged|estimated)\s+to\b|"
    r"\b(?:reportedly|allegedly|according to|claimed|alleged)\b"
)
_SPECULATIVE = re.compile(
    r"\b(?:may|might|could|would|should|likely|possibly|probably|perhaps|appears? to|seems? to|"
    r"expected to|will)\b"
)
_PERSONAL = re.compile(r"\b(?:I|we|you|my|our|your)\b")
_OPINION = re.compile(
    r"\b(?:paradoxical|hatred|intolerant|good opportunity|great interest|desperately|"
    r"best practices|common component|i think|we think|in my view)\b"
)


def claim_candidates(
    body: str, paragraph_spans: list[Span], quotes: list[QuoteSpan]
) -> tuple[ClaimCandidate, ...]:
    """Score every sentence (and clause of a compound sentence) and keep the check-worthy."""
    found: list[ClaimCandidate] = []
    quote_starts = {q.start for q in quotes if q.kind == "direct"}
    for paragraph in paragraph_spans:
        for sentence in sentences(body, paragraph):
            for unit in _units(body, sentence, quote_starts):
                candidate = _score(body, unit, quotes)
                if candidate is not None and candidate.score >= THRESHOLD:
                    found.append(candidate)
    return tuple(found)


def _units(body: str, sentence: Span, quote_starts: set[int]) -> list[Span]:
    text = body[sentence.start : sentence.end]
    # A partial quote embedded in narrative ends the checkable part of the sentence.
    for opening in _OPEN_QUOTE.finditer(text):
        if (
            opening.start() > 0
            and sentence.start + opening.end() in quote_starts
            and len(text[: opening.start()].split()) >= MIN_WORDS
        ):
            text = text[: opening.start()]
            break
    units: list[Span] = []
    position = 0
    for match in _CLAUSE_SPLIT.finditer(text):
        left = text[position : match.start()]
        if len(left.split()) >= MIN_WORDS and len(text[match.end() :].split()) >= MIN_WORDS - 2:
            units.append(_strip(body, sentence.start + position, sentence.start + match.start()))
            position = match.end()
    units.append(_strip(body, sentence.start + position, sentence.start + len(text)))
    return [unit for unit in units if unit.end > unit.start]


def _strip(body: str, start: int, end: int) -> Span:
    while start < end and (body[start].isspace() or body[start] in "“”\"‘’'"):
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] in "“”\"‘’',"):
        end -= 1
    return Span(start, end)


def _enclosing_quote(quotes: list[QuoteSpan], unit: Span) -> int | None:
    """Index of the quote holding this unit (quotes are sorted by start), if any."""
    index = bisect.bisect_right(quotes, unit.start, key=lambda q: q.start) - 1
    if index >= 0 and unit.end <= quotes[index].end + 1:
        return index
    return None


def _score(body: str, unit: Span, quotes: list[QuoteSpan]) -> ClaimCandidate | None:
    text = body[unit.start : unit.end]
    words = text.split()
    if len(words) < MIN_WORDS or text.endswith("?") or len(text) > 1_000:
        return None
    score = 0.1
    reasons: list[str] = []
    lowered = text.lower()
    if _NUMBER.search(lowered):
        score += 0.25
        reasons.append("contains a number or quantity")
    if _MONTH.search(text) or _DATE.search(lowered):
        score += 0.2
        reasons.append("mentions a date or time")
    entities = len(_CAPITALISED.findall(text, 1))
    if entities >= 2:
        score += 0.2
        reasons.append(f"names {entities} entities")
    if _PAST_EVENT.search(text):
        score += 0.15
        reasons.append("reports a concrete past event")
    if _COMPARISON.search(lowered):
        score += 0.1
        reasons.append("makes a comparison")
    if _HEDGE.search(lowered):
        score += 0.15
        reasons.append("hedged attribution")
    if _SPECULATIVE.search(lowered):
        score -= 0.2
        reasons.append("speculative (lowers the score)")
    if _PERSONAL.search(text):
        score -= 0.1
        reasons.append("personal voice (lowers the score)")
    if _OPINION.search(lowered):
        score -= 0.25
        reasons.append("opinion or characterisation (lowers the score)")
    source = _enclosing_quote(quotes, unit)
    return ClaimCandidate(
        text=text,
        start=unit.start,
        end=unit.end,
        score=round(max(0.0, min(1.0, score)), 3),
        reasons=tuple(reasons),
        speaker=quotes[source].speaker if source is not None else None,
        quote_index=source,
    )
