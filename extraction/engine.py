"""The extraction pipeline: paragraphs, quotes, entities, attribution, reported speech, claims."""

from extraction.attribution import attribute
from extraction.checkworthiness import claim_candidates
from extraction.entities import Entities
from extraction.quotes import find_quotes
from extraction.reported import ReportedSpeech
from extraction.speakers import SpeakerRegistry
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
    quotes.extend(reported_speech(body, sentence_spans, quoted, entities))
    quotes.sort(key=lambda quote: quote.start)
    claims = claim_candidates(body, sentence_spans, quotes)
    return Extraction(quotes=tuple(quotes), speakers=entities.speakers(), claims=claims)


def reported_speech(
    body: str, sentence_spans: list[Span], quoted: list[Span], entities: Entities
) -> list[QuoteSpan]:
    """Indirect quotes, sentence by sentence, their speakers resolved as seen from there."""
    registry = SpeakerRegistry(entities)
    reported = ReportedSpeech(body, quoted, registry)
    found: list[QuoteSpan] = []
    for sentence in sentence_spans:
        registry.position = sentence.start
        found.extend(reported.in_sentence(sentence))
    return found
