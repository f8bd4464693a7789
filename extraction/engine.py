"""Rule-based quote, speaker and claim extraction for English news text."""

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from extraction.claims import claim_candidates
from extraction.lexicon import CUE_PATTERN, DESCRIPTION_NOUNS, PRONOUNS, ROLE_WORDS
from extraction.reported import ReportedSpeech
from extraction.speakers import SpeakerRegistry, Subject, parse_appositive, parse_subject
from extraction.text import Span, paragraphs, sentences
from extraction.types import Extraction, QuoteSpan

MAX_QUOTE_CHARS = 5_000
# A capitalised word, or an abbreviation with its period (initials, "Dr.", "St.").
_WORD = r"(?:(?:Mrs|[A-Z][a-z]?)\.|[A-Z][\w’'\-]*)"
_NAME = rf"(?:{_WORD}(?:\s+(?:(?:de|van|von|bin|al|el|da|di|du|la|le)\s+)?{_WORD}){{0,5}})"
_PRONOUN = r"(?:he|she|they|it|we|He|She|They|It|We|I)"
_DESCRIPTION = rf"(?:the\s+(?:[a-z\-]+\s+){{0,2}}(?:{'|'.join(sorted(DESCRIPTION_NOUNS))}))"
# "press secretary Karine Jean-Pierre": lower-case words ending in a role noun.
_ROLE_PREFIX = rf"(?:(?:[a-z\-]+\s+){{0,2}}(?:{'|'.join(sorted(ROLE_WORDS))})\s+)"
_WHO = rf"(?:(?:the\s+|The\s+)?{_ROLE_PREFIX}?{_NAME}|{_PRONOUN}|{_DESCRIPTION})"
_CUE = rf"(?:{CUE_PATTERN})"
_ADVERB = r"(?:(?:also|later|then|further|previously|once|again|recently|has|had|have|would)\s+)?"

# The rest of an attribution up to the sentence end; abbreviations do not end it.
_REST = r"(?:[^.;!?]|(?<=St|Dr|Mr|Ms|Jr|Co|Mt|Ft)\.)*"
# “…,” said Kim Sung Kyung, a professor of …
_AFTER_INVERTED = re.compile(rf"^\s*(?P<cue>{_CUE})\s+(?P<who>{_WHO})(?P<rest>{_REST})")
# “…,” he said. / “…,” Pinkston said. / “…,” he told DW.
_AFTER_NORMAL = re.compile(rf"^\s*(?P<who>{_WHO}),?\s+{_ADVERB}(?P<cue>{_CUE})\b(?P<rest>{_REST})")
_AFTER_ACCORDING = re.compile(rf"^\s*,?\s*(?P<cue>according to)\s+(?P<who>{_WHO})(?P<rest>{_REST})")
# X said: “…” / X told reporters, “…”
_BEFORE = re.compile(
    rf"(?P<who>{_WHO}),?\s+{_ADVERB}(?P<cue>{_CUE})(?:\s+[\w’']+){{0,4}}\s*[:,]\s*$"
)
_BEFORE_ACCORDING = re.compile(rf"(?P<cue>According to|according to)\s+(?P<who>{_WHO}),\s*$")
_CLAUSE_BREAK = re.compile(
    r"(?:[.;!?]\s|,\s+(?:while|whereas|but|although|though)\s|[”\"]\s*,?\s+\w+\s+\w+,)"
)
_SENTENCE_BREAK = re.compile(r"(?<!\b[A-Z])(?<!\bSt|\bDr|\bMr|\bMs)[.!?][\"”’')]*\s+")
_CUE_IN_CLAUSE = re.compile(rf"\b(?P<cue>{_CUE})\b")
_TERM_LEAD = re.compile(
    r"(?:\b(?:the|a|an|phrase|term|word|words|slogan|so-called|dubbed|called|named|titled|"
    r"nicknamed|known as|label|labelled|labeled|branded)\s*)$",
    re.IGNORECASE,
)
_APPOSITIVE_SUBJECT = re.compile(
    rf"^(?:.*,\s+)?(?P<who>{_NAME}),(?P<rest>\s+(?:a|an|the)\s+[^,]+)$"
)
# "Sen. Rand Paul, R-Ky., called …": the party-and-state tag of US politicians.
_PARTY_TAG = re.compile(r",\s*[RDI]-[A-Z][A-Za-z.]{0,6},?")
_SUBJECT_TRIM = re.compile(
    r"\s+(?:also|later|then|has|have|had|had\s+also|repeatedly|publicly|again|recently|"
    r"reportedly|once|further|previously|quickly|sharply|strongly|openly)$"
)
_QUOTE_CHARS = re.compile(r"[“”\"]")
_NEXT_OPENING = re.compile(r"“|(?<![\w])‘")
_SINGLE_OPEN = re.compile(r"(?<![^\s(\[—–-])‘")
_SINGLE_CLOSE = re.compile(r"’(?!\w)")


@dataclass
class _RawQuote:
    open: int  # index of the opening mark
    close: int  # index of the closing mark, or the paragraph end for a run-on quote
    paragraph: int


def extract(body: str) -> Extraction:
    """Find quotes, speakers and claim candidates in a cleaned article body."""
    registry = SpeakerRegistry()
    paragraph_spans = list(paragraphs(body))
    raw_quotes = _find_quotes(body, paragraph_spans)
    by_paragraph: dict[int, list[int]] = {}
    for index, raw in enumerate(raw_quotes):
        by_paragraph.setdefault(raw.paragraph, []).append(index)
    quoted_ranges = [Span(raw.open, min(raw.close + 1, len(body))) for raw in raw_quotes]
    reported = ReportedSpeech(body, quoted_ranges, registry)
    quotes: list[QuoteSpan] = []
    previous: QuoteSpan | None = None
    previous_paragraph = -10
    # Paragraphs, and the quotes and sentences within them, are visited in document
    # order so that pronouns and continued quotes resolve against the speaker
    # mentioned most recently.
    for number, span in enumerate(paragraph_spans):
        indexes = by_paragraph.get(number, [])
        events: list[tuple[int, int, Span | None]] = [
            (raw_quotes[i].open, i, None) for i in indexes
        ]
        events += [(s.start, -1, s) for s in sentences(body, span)]
        events.sort(key=lambda event: event[0])
        for _, index, sentence in events:
            if sentence is not None:
                for indirect in reported.in_sentence(sentence):
                    quotes.append(indirect)
                    if indirect.speaker is not None:
                        previous, previous_paragraph = indirect, number
                continue
            else:
                raw = raw_quotes[index]
                found = _attribute(
                    body, raw, raw_quotes[index - 1] if index else None, span, registry
                )
                if (
                    found is not None
                    and found.method == "unattributed"
                    and previous is not None
                    and number - previous_paragraph <= 1
                ):
                    found = _continued(found, previous)
            if found is None:
                continue
            quotes.append(found)
            if found.speaker is not None:
                previous, previous_paragraph = found, number
    quotes.sort(key=lambda quote: quote.start)
    claims = claim_candidates(body, paragraph_spans, quotes)
    return Extraction(quotes=tuple(quotes), speakers=registry.speakers(), claims=claims)


def _find_quotes(body: str, paragraph_spans: list[Span]) -> list[_RawQuote]:
    found: list[_RawQuote] = []
    for number, span in enumerate(paragraph_spans):
        if not _QUOTE_CHARS.search(body, span.start, span.end):
            # British style quotes with single marks; inside double quotes they are
            # nested quotes, so only paragraphs without double marks are read this way.
            found.extend(_single_quotes(body, span, number))
            continue
        opening: int | None = None
        for match in _QUOTE_CHARS.finditer(body, span.start, span.end):
            mark, position = match.group(), match.start()
            if opening is None:
                if mark != "”":
                    opening = position
            elif mark != "“":
                if position - opening <= MAX_QUOTE_CHARS:
                    found.append(_RawQuote(opening, position, number))
                opening = None
            else:
                opening = position  # a new opening mark: the earlier one was stray
        if opening is not None and _continues_in_next(body, paragraph_spans, number):
            found.append(_RawQuote(opening, span.end, number))
    return found


def _single_quotes(body: str, span: Span, number: int) -> Iterator[_RawQuote]:
    """‘…’ quotes. The closing mark doubles as the apostrophe (“Iran’s”, “countries’”):
    a close is a ’ not followed by a letter; one right after , . ! or ? is certain, any
    other ends only a short (partial or scare) quote. A quote never runs past the next
    opening mark. Each opening costs two binary searches, so any text stays linear."""
    openings = [m.start() for m in _SINGLE_OPEN.finditer(body, span.start, span.end)]
    certain: list[int] = []
    weak: list[int] = []
    for match in _SINGLE_CLOSE.finditer(body, span.start, span.end):
        close = match.start()
        (certain if body[close - 1] in ",.!?" else weak).append(close)
    position = span.start
    for index, opening in enumerate(openings):
        if opening < position:
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
            yield _RawQuote(opening, found, number)
            position = found + 1


def _first_after(positions: list[int], start: int, limit: int) -> int | None:
    index = bisect.bisect_right(positions, start)
    return positions[index] if index < len(positions) and positions[index] < limit else None


def _continues_in_next(body: str, spans: list[Span], number: int) -> bool:
    """News style: a quote running on into the next paragraph leaves its mark unclosed."""
    return number + 1 < len(spans) and body[spans[number + 1].start] in '“"'


def _inner(body: str, raw: _RawQuote) -> Span:
    start, end = raw.open + 1, raw.close
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _attribute(
    body: str,
    raw: _RawQuote,
    before_quote: _RawQuote | None,
    paragraph: Span,
    registry: SpeakerRegistry,
) -> QuoteSpan | None:
    inner = _inner(body, raw)
    if inner.end - inner.start < 2:
        return None
    text = body[inner.start : inner.end]
    context_start = paragraph.start
    if before_quote is not None and before_quote.paragraph == raw.paragraph:
        context_start = before_quote.close + 1
    before = body[context_start : raw.open]
    sentence_ends = [match.end() for match in _SENTENCE_BREAK.finditer(before)]
    if sentence_ends:
        before = before[sentence_ends[-1] :]
    after_end = paragraph.end
    next_open = _NEXT_OPENING.search(body, raw.close + 1, paragraph.end)
    if next_open is not None:
        after_end = next_open.start()
    after = body[min(raw.close + 1, paragraph.end) : after_end]
    words = len(text.split())
    embedded = bool(before.strip()) and not before.rstrip().endswith((":", ","))

    def make(subject: Subject | None, cue: str, method: str, confidence: float) -> QuoteSpan:
        speaker = registry.resolve(subject) if subject is not None else None
        return QuoteSpan(
            kind="direct",
            text=text,
            start=inner.start,
            end=inner.end,
            speaker=speaker,
            mention=subject.mention if subject else "",
            cue=cue.lower(),
            confidence=confidence,
            method=method,
        )

    if embedded and words <= 4:
        clause = _last_clause(before)
        if _TERM_LEAD.search(before) or _is_title(text) or not _CUE_IN_CLAUSE.search(clause):
            return None
    for pattern, method in (
        (_AFTER_INVERTED, "cue-after-inverted"),
        (_AFTER_NORMAL, "cue-after"),
        (_AFTER_ACCORDING, "according-to"),
    ):
        if embedded and words <= 4:
            break
        match = pattern.match(after)
        if match and _sentence_ends_in(after, match.end()):
            subject = parse_subject(match.group("who"))
            if subject is not None:
                quote = make(subject, match.group("cue"), method, 0.9)
                rest = match.groupdict().get("rest") or ""
                if quote.speaker and rest.startswith(", ") and subject.kind == "person":
                    role, organization = parse_appositive(rest)
                    registry.enrich(quote.speaker, role, organization)
                return quote
    if not embedded or before.rstrip().endswith((":", ",")):
        for pattern in (_BEFORE, _BEFORE_ACCORDING):
            match = pattern.search(before[-300:])
            if match:
                subject = parse_subject(match.group("who"))
                if subject is not None:
                    return make(subject, match.group("cue"), "cue-before", 0.85)
    if embedded:
        clause = _last_clause(before)
        # The first reporting verb whose subject names someone: in "X criticized the
        # report as “…”", the verb is "criticized", not the noun "report".
        for cue_match in _CUE_IN_CLAUSE.finditer(clause):
            subject_text = _PARTY_TAG.sub("", clause[: cue_match.start()])
            subject_text = _SUBJECT_TRIM.sub("", subject_text.rstrip(" ,"))
            appositive = _APPOSITIVE_SUBJECT.match(subject_text)
            if appositive:
                subject_text = appositive.group("who")
            subject_text = subject_text.rsplit(",", 1)[-1].strip()
            subject = parse_subject(subject_text) or _trailing_name(subject_text)
            if subject is not None:
                quote = make(subject, cue_match.group("cue"), "partial-quote", 0.75)
                if quote.speaker and appositive and subject.kind == "person":
                    registry.enrich(quote.speaker, *parse_appositive(appositive.group("rest")))
                return quote
    return make(None, "", "unattributed", 0.4)


def _inside(sentence: Span, ranges: list[Span]) -> bool:
    """Whether the sentence overlaps a quoted range (ranges are sorted by start)."""
    index = bisect.bisect_right(ranges, sentence.start, key=lambda r: r.start) - 1
    for candidate in ranges[max(index, 0) : index + 2]:
        if candidate.start < sentence.end and sentence.start < candidate.end:
            return True
    return False


def _continued(quote: QuoteSpan, previous: QuoteSpan) -> QuoteSpan:
    return QuoteSpan(
        kind=quote.kind,
        text=quote.text,
        start=quote.start,
        end=quote.end,
        speaker=previous.speaker,
        mention="",
        cue="",
        confidence=0.7,
        method="continuation",
    )


def _sentence_ends_in(after: str, position: int) -> bool:
    rest = after[position:].lstrip()
    return not rest or rest[0] in ".;!?,—–-(" or rest[0].islower()


def _last_clause(before: str) -> str:
    breaks = [match.end() for match in _CLAUSE_BREAK.finditer(before)]
    return before[breaks[-1] :] if breaks else before


def _is_title(text: str) -> bool:
    words = [w for w in re.findall(r"[\w’']+", text) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


def _trailing_name(phrase: str) -> Subject | None:
    """The capitalised run that ends a phrase: "after talks, Iran's President X" → X."""
    match = re.search(rf"({_NAME})$", phrase)
    if match is None:
        last = phrase.split()[-1:] if phrase.split() else []
        if last and last[0].casefold() in PRONOUNS:
            return parse_subject(last[0])
        return None
    return parse_subject(match.group(1))
