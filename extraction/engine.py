"""The extraction pipeline: paragraphs, quotes, entities, attribution, reported speech, claims."""

import bisect
import re

from extraction.attribution import attribute
from extraction.checkworthiness import claim_candidates
from extraction.entities import Entities, split_name
from extraction.lexicon import DESCRIPTION_NOUNS, ROLE_WORDS
from extraction.quotes import find_quotes
from extraction.speakers import Subject, parse_subject
from extraction.text import Span, paragraphs, sentences
from extraction.types import Extraction, QuoteSpan


def extract(body: str) -> Extraction:
    """Find quotes, speakers and claim candidates in a cleaned article body."""
    paragraph_spans = list(paragraphs(body))
    raws = find_quotes(body, paragraph_spans)
    quoted = [Span(raw.open, min(raw.close + 1, len(body))) for raw in raws]
    entities = Entities(body, quoted)
    quotes = attribute(body, paragraph_spans, raws, entities)
    sentence_spans = [s for paragraph in paragraph_spans for s in sentences(body, paragraph)]
    speakers = _ReportedSpeakers(entities)
    for sentence in sentence_spans:
        if _inside(sentence, quoted):
            continue
        found = reported_speech(body, sentence, speakers)
        if found is not None:
            quotes.append(found)
    quotes.sort(key=lambda quote: quote.start)
    claims = claim_candidates(body, sentence_spans, quotes)
    return Extraction(quotes=tuple(quotes), speakers=entities.speakers(), claims=claims)


def _inside(sentence: Span, ranges: list[Span]) -> bool:
    """Whether the sentence overlaps a quoted range (ranges are sorted by start)."""
    index = bisect.bisect_right(ranges, sentence.start, key=lambda r: r.start) - 1
    for candidate in ranges[max(index, 0) : index + 2]:
        if candidate.start < sentence.end and sentence.start < candidate.end:
            return True
    return False


class _ReportedSpeakers:
    """Resolves the subject of reported speech against the document's entities."""

    def __init__(self, entities: Entities) -> None:
        self._entities = entities
        self.position = 0

    def resolve(self, subject: Subject) -> str | None:
        if subject.pronoun:
            lowered = subject.name.casefold()
            if lowered in ("he", "she"):
                gender = "m" if lowered == "he" else "f"
                entity = self._entities.person_before(self.position, gender, 0)
                return entity.name if entity else None
            return None
        phrase = split_name(subject.name)
        entity = self._entities.link(phrase, self.position) if phrase else None
        if entity is None:
            return None
        entity.spoke = True
        entity.role = entity.role or subject.role
        entity.organization = entity.organization or subject.organization
        return entity.name


# -- reported (indirect) speech ------------------------------------------------------------
# A capitalised word, or an abbreviation with its period (initials, "Dr.", "St.").
_WORD = r"(?:(?:Mrs|[A-Z][a-z]?)\.|[A-Z][\w’'\-]*)"
_NAME = rf"(?:{_WORD}(?:\s+(?:(?:de|van|von|bin|al|el|da|di|du|la|le)\s+)?{_WORD}){{0,5}})"
_PRONOUN = r"(?:he|she|they|it|we|He|She|They|It|We|I)"
_DESCRIPTION = rf"(?:the\s+(?:[a-z\-]+\s+){{0,2}}(?:{'|'.join(sorted(DESCRIPTION_NOUNS))}))"
_ROLE_PREFIX = rf"(?:(?:[a-z\-]+\s+){{0,2}}(?:{'|'.join(sorted(ROLE_WORDS))})\s+)"
_WHO = rf"(?:(?:the\s+|The\s+)?{_ROLE_PREFIX}?{_NAME}|{_PRONOUN}|{_DESCRIPTION})"
_ADVERB = r"(?:(?:also|later|then|further|previously|once|again|recently|has|had|have|would)\s+)?"
_INDIRECT_AFTER = re.compile(
    rf"^(?P<content>.{{20,}}?),\s+(?P<who>{_WHO})\s+{_ADVERB}(?P<cue>said|says|added|adds|told \w+"
    rf"|warned|argued|noted|explained|claimed|insisted|believes|predicted|estimated)"
    rf"(?:\s+(?:on|in|at|last|this)\s+[\w’' ]{{1,30}})?\.?$"
)
_INDIRECT_BEFORE = re.compile(
    rf"^(?P<who>{_WHO})\s+{_ADVERB}(?P<cue>said|says|told \w+|added|warned|argued|noted|explained|"
    rf"claimed|insisted|believes|predicted|estimated)"
    # "said in a statement that …", "said on Monday that …", "said that …", "said …"
    rf"(?:(?:\s+(?:on|in|at|last|this|during)(?:\s+[\w’']+){{1,3}}?)?\s+that|)"
    rf"\s+(?P<content>[\w$].{{20,}}?)\.?$"
)
_INDIRECT_ACCORDING = re.compile(
    rf"^(?P<content>.{{20,}}?),\s+(?P<cue>according to) (?P<who>{_WHO})\.?$"
)
_INDIRECT_ACCORDING_FIRST = re.compile(
    rf"^(?P<cue>According to) (?P<who>{_WHO}),\s+(?P<content>.{{20,}}?)\.?$"
)


def reported_speech(body: str, sentence: Span, speakers: _ReportedSpeakers) -> QuoteSpan | None:
    """Reported speech in one sentence outside quotes: "…, X said." / "X said that …"."""
    text = body[sentence.start : sentence.end]
    if "“" in text or "”" in text or '"' in text or len(text) > 2_000:
        return None
    speakers.position = sentence.start
    for pattern in (
        _INDIRECT_AFTER,
        _INDIRECT_ACCORDING,
        _INDIRECT_ACCORDING_FIRST,
        _INDIRECT_BEFORE,
    ):
        match = pattern.match(text)
        if match is None:
            continue
        subject = parse_subject(match.group("who"))
        if subject is None:
            continue
        content_start = sentence.start + match.start("content")
        content_end = sentence.start + match.end("content")
        content = body[content_start:content_end].rstrip(" ,.")
        if len(content.split()) < 5:
            continue
        speaker = speakers.resolve(subject)
        return QuoteSpan(
            kind="indirect",
            text=content,
            start=content_start,
            end=content_start + len(content),
            speaker=speaker,
            mention=subject.mention,
            cue=_cue_word(match.group("cue")),
            confidence=0.6,
            method="reported-speech",
        )
    return None


def _cue_word(cue: str) -> str:
    """ "told Reuters" → "told"; "according to" stays whole."""
    cue = cue.lower()
    return cue if cue.startswith("according") else cue.split()[0]
