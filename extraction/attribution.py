"""Who said each quote: the reporting frame around it, and the speaker it names.

A quote's frame is the rest of its sentence: "“…,” said X", "“…,” X told Y",
"X said: “…”", "X called the plan a “…” on Tuesday", "according to X", a label
("X, Daily Ledger: “…”"), a dash byline, or a paragraph ending in a colon before a
block quote. The speaker phrase is split into name, title and role, and resolved
against the document's entities (a surname to the full name, a pronoun by gender
and recency, "the group" to the organisation). A quote with no frame of its own
continues the previous speaker only when nobody else is named in between.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extraction.entities import NAME_RUN, Entities, Entity, split_name
from extraction.lexicon import (
    CAPITALISED_FUNCTION_WORDS,
    FEMALE_HONORIFICS,
    ORGANIZATION_WORDS,
    TITLE_WORDS,
)
from extraction.quotes import RawQuote
from extraction.text import Span
from extraction.types import QuoteSpan
from extraction.verbs import NOUN_LIKE_FORMS, REPORTING_VERBS

_WORD_AT = re.compile(r"[A-Za-z]+")
_NAME_AT_END = re.compile(rf"(?<![\w’'.])(?:{NAME_RUN})$")
_NAME_AT_START = re.compile(rf"^(?:{NAME_RUN})")
_WORD = re.compile(r"[\w’'\-.]+")
# Words whose period does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "St",
        "Dr",
        "Mr",
        "Ms",
        "Mrs",
        "Jr",
        "Sr",
        "Co",
        "Mt",
        "Ft",
        "Lt",
        "Rep",
        "Sen",
        "Gov",
        "Gen",
        "Inc",
        "No",
        "Sept",
        "Jan",
        "Feb",
        "Aug",
        "Oct",
        "Nov",
        "Dec",
        "Prof",
        "Capt",
        "Col",
        "Sgt",
        "Rev",
        "vs",
        "U.S",
        "U.N",
        "U.K",
        "D.C",
    ]
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9]|$)")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_LEAD_PUNCTUATION = re.compile(r"^[\s,.;:!?—–-]*")
# Words that may stand between a subject and its reporting verb.
_ADVERBS = frozenset(
    [
        "also",
        "later",
        "then",
        "further",
        "previously",
        "once",
        "again",
        "recently",
        "has",
        "had",
        "have",
        "would",
        "will",
        "could",
        "did",
        "does",
        "do",
        "is",
        "was",
        "simply",
        "flatly",
        "quickly",
        "repeatedly",
        "publicly",
        "privately",
        "bluntly",
        "angrily",
        "finally",
        "often",
        "frequently",
        "reportedly",
        "never",
        "even",
        "subsequently",
        "only",
        "just",
        "still",
        "always",
        "first",
        "initially",
        "yesterday",
        "today",
        "tonight",
        "immediately",
        "proudly",
        "openly",
        "sharply",
        "strongly",
        "directly",
        "famously",
        "memorably",
    ]
)
_PARTY_TAG = re.compile(
    r"\s*\((?:[RDI]|[A-Z][a-z]+)-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\)$|,\s*[RDI]-[A-Z][\w.]{0,8},?$"
)
_PRONOUNS = {"he": "m", "she": "f", "i": "", "we": "", "they": "", "it": "", "who": ""}
_DETERMINER_PHRASE = re.compile(
    r"(?:^|\s)(?P<det>the|a|an|one|another|this|that|his|her|its|their)\s+"
    r"(?P<words>(?:[\w’'\-]+\s+){0,5}?[\w’'\-]+)$",
    re.I,
)
_LEADING_DETERMINER_PHRASE = re.compile(
    r"^(?P<det>the|a|an|one|another|this|his|her|its|their)\s+"
    r"(?P<words>(?:[\w’'\-.]+\s+){0,5}?[\w’'\-]+?)(?=\s*(?:[,.;:!?(]|$|\s+(?:who|which|in|on|at|"
    r"during|after|before|when|while|last|this|and|but|told|said|says)\b))",
    re.I,
)
_POSSESSIVE_ORGANIZATION = re.compile(
    r"(?P<owner>[A-Z][\w’'\-]*?)[’']s?\s+"
    r"(?P<head>campaign|administration|office|team|spokesman|spokeswoman|spokesperson)$"
)
_OF_ORGANIZATION = re.compile(rf"\b(?:for|of|at|with)\s+(?:the\s+)?(?P<org>{NAME_RUN})$")
_ROLE_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "to",
        "that",
        "with",
        "by",
        "in",
        "on",
        "at",
        "as",
        "when",
        "while",
        "said",
        "says",
        "told",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "who",
        "which",
        "this",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "after",
        "before",
        "from",
        "than",
        "then",
        "also",
        "about",
        "over",
        "under",
        "into",
        "says",
        "saying",
        "according",
        "he",
        "she",
        "they",
        "we",
        "it",
        "i",
        "not",
        "no",
        "if",
        "for",
        "of",
    ]
)
_TERM_LEAD = re.compile(
    r"(?:\b(?:the|a|an|phrase|term|word|words|slogan|so-called|dubbed|called|named|titled|"
    r"nicknamed|known as|label|labelled|labeled|branded|hashtag|headline|book|film|show)\s*)$",
    re.I,
)
_ROLE_AND_NAME_AT_START = re.compile(
    rf"(?P<role>(?:[a-z][\w’'\-]*\s+){{0,4}}?)(?P<name>{NAME_RUN})"
)
_PARTY_TAG_AT_START = re.compile(
    r"\s*\((?:[RDI]|[A-Z][a-z]+)-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\)|,\s*[RDI]-[A-Z][\w.]{0,8}(?=,)"
)
_TERM_WORD = re.compile(
    r"\b(?:phrase|term|word|words|slogan|so-called|dubbed|named|titled|nicknamed|known as|"
    r"hashtag|headline)\s*$",
    re.I,
)
_LABEL = re.compile(rf"^(?P<who>{NAME_RUN}),\s+(?P<org>{NAME_RUN}):\s*$")
_DASH_BYLINE = re.compile(rf"^\s*[-—–]+\s*(?P<who>{NAME_RUN})\s*$")
_ANONYMOUS = frozenset(
    [
        "source",
        "sources",
        "official",
        "officials",
        "person",
        "people",
        "aide",
        "aides",
        "observer",
        "critic",
        "critics",
        "supporter",
        "supporters",
        "resident",
        "residents",
        "voter",
        "voters",
        "member",
        "members",
        "crowd",
        "audience",
        "protester",
        "protesters",
        "witness",
        "witnesses",
        "insider",
        "insiders",
        "staffer",
        "staffers",
    ]
)
_CONTEXT = 400
_NEW_CLAUSE = re.compile(r",\s+(?:while|whereas|but|although|though)\s")
# First word of each form → the multi-word forms starting with it (longest first) and
# None for the one-word form: "point" → [point out], "said" → [None].
_FORMS_BY_FIRST_WORD: dict[str, list[re.Pattern[str] | None]] = {}
for _form in sorted(REPORTING_VERBS | {"according to", "in the words of"}, key=len, reverse=True):
    _FORMS_BY_FIRST_WORD.setdefault(_form.split()[0], []).append(
        re.compile(r"\s+".join(_form.split()) + r"\b", re.I) if " " in _form else None
    )
# "When Trump suggested that …, Rubio fired back:": the lead clause is not the frame.
_SUBORDINATE_LEAD = re.compile(
    r"^\s*(?:When|After|Before|While|As|Although|Though|Because|If|Since|Until|Once|Whether|"
    r"Asked|Pressed)\b[^,]{0,200},\s+(?=\S)"
)


@dataclass(frozen=True)
class Subject:
    """Who a frame names: a name, a pronoun, or a description ("the group")."""

    mention: str
    name: str = ""  # a name phrase, title included
    pronoun: str = ""
    description: str = ""  # the head noun of a description
    role: str = ""
    organization: str = ""


@dataclass
class _Found:
    subject: Subject | None
    cue: str
    method: str
    confidence: float


def attribute(
    body: str, paragraph_spans: list[Span], raws: list[RawQuote], entities: Entities
) -> list[QuoteSpan]:
    """A direct QuoteSpan for every quote that is speech, in document order."""
    frames = [_frame_of(body, raws, index, paragraph_spans) for index in range(len(raws))]
    # “a great deal of weight” and the “grass-roots firepower” …, X said: the frame that
    # closes a sentence holds for every quote of it.
    for index in range(len(raws) - 2, -1, -1):
        found, frame_end, _ = frames[index]
        following = frames[index + 1][0]
        if (
            found is None
            and following is not None
            and following.method.startswith("cue-after")
            and _same_sentence(body, raws[index], raws[index + 1])
        ):
            shared = _Found(following.subject, following.cue, "shared-frame", 0.7)
            frames[index] = (shared, frame_end, False)
    quotes: list[QuoteSpan] = []
    last: tuple[QuoteSpan, int, int] | None = None  # quote, paragraph, end of its frame
    pending_run: list[int] = []  # quotes of a multi-paragraph quote still without speaker
    for index, raw in enumerate(raws):
        previous = raws[index - 1] if index else None
        text = body[raw.inner.start : raw.inner.end]
        if not text.strip():
            continue
        found, frame_end, is_term = frames[index]
        if found is None and not is_term and last is not None and not raw.continued:
            found = _previous_sentence_subject(body, raw, paragraph_spans, last)
        if is_term and (
            previous is None
            or last is None
            or last[0].start != previous.inner.start
            or not _same_sentence(body, previous, raw)
        ):
            continue
        speaker: Entity | None = None
        if found is not None and found.subject is not None:
            speaker = _resolve(found.subject, entities, raw.open, last, paragraph_spans, raw)
        quote = QuoteSpan(
            kind="direct",
            text=text,
            start=raw.inner.start,
            end=raw.inner.end,
            speaker=speaker.name if speaker else None,
            mention=found.subject.mention if found and found.subject else "",
            cue=found.cue.lower() if found else "",
            confidence=found.confidence if found else 0.4,
            method=found.method if found else "unattributed",
        )
        if (
            found is None
            and last is not None
            and (raw.continued or _continues(body, raw, last, entities, paragraph_spans))
        ):
            quote = _with_speaker(quote, last[0], "continuation", 0.7)
        if speaker is not None:
            speaker.spoke = True
        quotes.append(quote)
        if raw.runs_on or raw.continued:
            pending_run.append(len(quotes) - 1)
        if quote.speaker is not None:
            for pending in pending_run:
                if quotes[pending].speaker is None:
                    quotes[pending] = _with_speaker(quotes[pending], quote, "continuation", 0.7)
            last = (quote, raw.paragraph, max(frame_end, raw.close))
        if not raw.runs_on:
            pending_run = []
    return quotes


def _frame_of(
    body: str, raws: list[RawQuote], index: int, paragraph_spans: list[Span]
) -> tuple[_Found | None, int, bool]:
    raw = raws[index]
    following = raws[index + 1] if index + 1 < len(raws) else None
    earlier = [q for q in raws[max(index - 4, 0) : index] if q.paragraph == raw.paragraph]
    return _frame(body, raw, earlier, following, paragraph_spans[raw.paragraph], paragraph_spans)


def _previous_sentence_subject(
    body: str, raw: RawQuote, paragraph_spans: list[Span], last: tuple[QuoteSpan, int, int]
) -> _Found | None:
    """ "Jones, however, disagreed. “We will appeal.”": an unframed quote that opens a
    sentence right after narrative about a person is that person's."""
    paragraph = paragraph_spans[raw.paragraph]
    if raw.open > paragraph.start:
        lead = body[max(paragraph.start, raw.open - _CONTEXT) : raw.open]
    elif raw.paragraph > 0:
        previous = paragraph_spans[raw.paragraph - 1]
        lead = body[max(previous.start, previous.end - _CONTEXT) : previous.end] + " "
    else:
        return None
    if lead.strip() and not lead.rstrip().endswith((".", "!", "?")):
        return None
    lead = lead.rstrip()
    sentence = lead[_last_break(lead[:-1] + " ") :] if lead else ""
    if not sentence or any(mark in sentence for mark in '“”"«»') or "''" in sentence:
        return None
    if last[2] > raw.open - len(lead) + lead.rfind(sentence):
        return None  # the sentence is the previous quote's own frame
    subject = _sentence_subject(sentence)
    if subject is None or subject.description or subject.pronoun not in ("", "he", "she"):
        return None
    return _Found(subject, "", "previous-sentence", 0.55)


def _same_sentence(body: str, previous: RawQuote, raw: RawQuote) -> bool:
    """ "a “new low” and a “bizarre attempt”": two quotes of one sentence and one frame."""
    if previous.paragraph != raw.paragraph or raw.open - previous.close > 80:
        return False
    between = body[previous.close : raw.open + 1]
    return _last_break(between) == 0


def _with_speaker(quote: QuoteSpan, source: QuoteSpan, method: str, confidence: float) -> QuoteSpan:
    return QuoteSpan(
        kind=quote.kind,
        text=quote.text,
        start=quote.start,
        end=quote.end,
        speaker=source.speaker,
        mention=quote.mention,
        cue=quote.cue,
        confidence=confidence,
        method=method,
    )


def _continues(
    body: str,
    raw: RawQuote,
    last: tuple[QuoteSpan, int, int],
    entities: Entities,
    paragraph_spans: list[Span],
) -> bool:
    """An unframed quote continues the previous speaker's words when it follows in the
    same or the next paragraph and nobody else is named in between."""
    quote, paragraph, frame_end = last
    if raw.paragraph - paragraph > 1:
        return False
    if raw.paragraph != paragraph and raw.open != paragraph_spans[raw.paragraph].start:
        # A quote inside a later paragraph of narrative needs its own frame.
        lead = body[paragraph_spans[raw.paragraph].start : raw.open]
        if lead.strip():
            return False
    between = entities.mentions_between(frame_end, raw.open)
    return all(mention.entity.name == quote.speaker for mention in between)


def _frame(
    body: str,
    raw: RawQuote,
    earlier: list[RawQuote],
    following: RawQuote | None,
    paragraph: Span,
    paragraph_spans: list[Span],
) -> tuple[_Found | None, int, bool]:
    """The attribution frame of a quote, where the frame ends, and whether the quote is a
    term (a scare quote or title) rather than speech."""
    before_start = max(paragraph.start, raw.open - _CONTEXT)
    near_start = max(before_start, earlier[-1].close + 1) if earlier else before_start
    before = body[near_start : raw.open]
    before = before[_last_break(before) :]
    close_end = raw.close + _mark_length(body, raw.close)
    after_end = min(paragraph.end, close_end + _CONTEXT)
    if following is not None and following.paragraph == raw.paragraph:
        after_end = min(after_end, following.open)
    after = body[close_end:after_end] if not raw.runs_on else ""
    after_sentence = after[: _first_end(after)]
    stripped_before = before.rstrip()
    embedded = bool(stripped_before) and not stripped_before.endswith((":", ","))
    text = body[raw.inner.start : raw.inner.end]
    short = len(text.split()) <= 4
    if raw.open > 0 and body[raw.open - 1] == "=":
        return None, raw.open, True  # an attribute value of markup: <tweet date="…">
    if embedded and len(text.split()) <= 8 and _is_title(text):
        return None, raw.open, True  # CBS's “Face the Nation,” a book, a show, a slogan

    found = _after(after_sentence, embedded, ends_sentence=text.endswith((".", "!", "?")))
    if found is not None:
        return found, close_end + len(after_sentence), False
    found = _before(before, stripped_before, embedded)
    if found is None and near_start > before_start:
        # "X said on “This Week” that he would “take a look”": read across earlier quotes.
        wide = _masked(body, before_start, raw.open, earlier)
        wide = wide[_last_break(wide) :]
        if len(wide) > len(before):
            found = _before(wide, stripped_before, embedded)
    if found is not None:
        return found, raw.open, False
    if not stripped_before and raw.open == paragraph.start:
        found = _colon_paragraph(body, raw, paragraph_spans) or _reported_paragraph(
            body, raw, paragraph_spans
        )
        if found is not None:
            return found, raw.open, False
    if embedded and short:
        # A short quote in narrative with no reporting frame is a term or a scare quote.
        return None, raw.open, True
    if embedded and (_TERM_WORD.search(stripped_before) or _is_title(text)):
        return None, raw.open, True
    return None, raw.open, False


def _is_break(text: str, position: int) -> bool:
    """Whether the . ! or ? at `position` ends a sentence (not "Dr." or "U.S.")."""
    if text[position] != ".":
        return True
    word = text[max(0, position - 6) : position].split()[-1:]
    if not word:
        return True
    bare = word[0].lstrip("(“\"'‘")
    return not (bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isupper()))


def _last_break(text: str) -> int:
    """Where the last sentence of `text` starts."""
    last = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if _is_break(text, match.start()):
            last = match.end()
    return last


def _first_end(text: str) -> int:
    """Where the first sentence of `text` ends (all of it when it does not end)."""
    for match in _SENTENCE_END.finditer(text, 1):
        if _is_break(text, match.start()):
            return match.end()
    return len(text)


def _cues(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """Reporting-verb forms (and "according to", "in the words of") as (start, end, form).
    Words are looked up in the lexicon, which is much faster than one big alternation."""
    stop = len(text) if end is None else end
    for match in _WORD_AT.finditer(text, start, stop):
        forms = _FORMS_BY_FIRST_WORD.get(match.group().casefold())
        if forms is None:
            continue
        for phrase in forms:
            if phrase is None:
                found_end = match.end()
            else:
                phrasal = phrase.match(text, match.start())
                if phrasal is None:
                    continue
                found_end = phrasal.end()
            if found_end < len(text) and text[found_end] in "’'-":
                continue
            yield match.start(), found_end, text[match.start() : found_end]
            break


def _strip_verb_company(text: str) -> str:
    """Drop what stands between a subject and its verb: adverbs and auxiliaries ("has
    also"), a first coordinated verb ("paused and then"), a verb before an infinitive
    ("went on to", "interjected to")."""
    words = text.split(" ")
    while words and words[-1].casefold() in _ADVERBS:
        words.pop()
    if len(words) >= 2 and words[-1] == "to":
        words.pop()
        for _ in range(2):
            if len(words) >= 2 and words[-1].isalpha() and words[-1].islower():
                words.pop()
    if words and words[-1] == "then":
        words.pop()
    if (
        len(words) >= 3
        and words[-1] in ("and", "but")
        and words[-2].endswith(("ed", "s"))
        and words[-2].isalpha()
        and words[-2].islower()
    ):
        words = words[:-2]
    while words and words[-1].casefold() in _ADVERBS:
        words.pop()
    return " ".join(words).rstrip()


def _strip_tail(pattern: re.Pattern[str], text: str, window: int = 160) -> str:
    """text without the end that `pattern` (anchored with $) matches; looks only at the tail."""
    match = pattern.search(text, max(0, len(text) - window))
    return text[: match.start()] if match else text


def _masked(body: str, start: int, end: int, earlier: list[RawQuote]) -> str:
    """body[start:end] with the words of earlier quotes blanked out (a final . ! or ? kept),
    so that a frame is read across them but never inside them."""
    pieces: list[str] = []
    position = start
    for quote in earlier:
        if quote.inner.end <= position or quote.inner.start >= end:
            continue
        inner_start, inner_end = max(quote.inner.start, position), min(quote.inner.end, end)
        pieces.append(body[position:inner_start])
        kept = body[inner_end - 1] if body[inner_end - 1] in ".!?" else ""
        pieces.append(" " * (inner_end - inner_start - len(kept)) + kept)
        position = inner_end
    pieces.append(body[position:end])
    return "".join(pieces)


def _mark_length(body: str, position: int) -> int:
    if body.startswith("'''", position):
        return 3
    return 2 if body.startswith(("''", "``"), position) else 1


def _after(after: str, embedded: bool, ends_sentence: bool) -> _Found | None:
    """ "“…,” said X" / "“…,” X said" / "“…” — X" / "“…,” according to X"."""
    lead = _LEAD_PUNCTUATION.match(after)
    offset = lead.end() if lead else 0
    rest = after[offset:]
    if not rest:
        return None
    if (ends_sentence or after[:offset].strip() == ".") and rest[:1].isupper():
        # “… .” Then a new sentence: only a bare "X said." still belongs to the quote.
        if len(rest.split()) > 6 or not rest.rstrip().endswith((".", "!", "?")):
            return None
        if rest.split()[0].casefold() in ("the", "a", "an", "but", "and"):
            return None
    byline = _DASH_BYLINE.match(after)
    if byline and not embedded:
        subject = _subject_from_name(byline.group("who"))
        if subject is not None:
            return _Found(subject, "", "dash-byline", 0.75)
    for cue_start, cue_end, cue_text in _cues(rest, 0, 240):
        word = cue_text.casefold()
        head = rest[:cue_start]
        if not head.strip() or word in ("according to", "in the words of"):
            extra = [w for w in head.split() if w.casefold() not in _ADVERBS]
            if extra and word not in ("according to", "in the words of"):
                continue
            subject = _subject_at_start(rest[cue_end:])
            if subject is not None:
                return _Found(subject, cue_text, "cue-after-inverted", 0.9)
            continue
        if word in NOUN_LIKE_FORMS and _determined(head):
            continue
        subject = None
        if len(head.split()) <= 16:
            subject = _subject_at_end(head.rstrip(), whole=True)
        if subject is None and ", " in head:
            # “excesses” are sickening, Hollande said: the frame closes the sentence.
            last = head.rsplit(", ", 1)[1].rstrip()
            if len(last.split()) <= 16:
                subject = _subject_at_end(last, whole=True)
        if subject is not None:
            return _Found(subject, cue_text, "cue-after", 0.9)
    return None


def _before(before: str, stripped: str, embedded: bool) -> _Found | None:
    """ "X said: “…”", "X told the committee that, after months, “…”", "X called it a “…”"."""
    label = _LABEL.match(before.strip()) if stripped.endswith(":") else None
    if label is not None:
        subject = _subject_from_name(label.group("who"))
        if subject is not None:
            return _Found(subject, "", "label", 0.8)
    lead = _SUBORDINATE_LEAD.match(before)
    clause = before[lead.end() :] if lead else before
    for cue_start, cue_end, cue_text in _cues(clause):
        word = cue_text.casefold()
        head = clause[max(0, cue_start - 240) : cue_start]
        if word in ("according to", "in the words of"):
            subject = _subject_at_start(clause[cue_end:])
            if subject is not None:
                return _Found(subject, cue_text, "according-to", 0.85)
            continue
        if word in NOUN_LIKE_FORMS and _determined(head):
            continue
        if _NEW_CLAUSE.search(clause, cue_end):
            continue  # "he said, while the propaganda focuses on “…”": another clause's words
        if clause[cue_end : cue_end + 4] == " by ":
            subject = _subject_at_start(clause[cue_end:])
            if subject is not None:
                return _Found(subject, cue_text, "partial-quote", 0.7)
            continue
        trimmed = head.rstrip()
        if trimmed.endswith((" and", " but")):
            subject = _sentence_subject(trimmed.rsplit(" ", 1)[0])  # "X caucused and says"
        elif word.endswith("ing") and (
            trimmed.endswith(",") or not _NAME_AT_END.search(trimmed, max(0, len(trimmed) - 120))
        ):
            subject = _sentence_subject(head)
        else:
            subject = _subject_at_end(head.rstrip(), whole=False)
        if subject is not None:
            method = "partial-quote" if embedded else "cue-before"
            return _Found(subject, cue_text, method, 0.75 if embedded else 0.85)
    if stripped.endswith((":", ",")):
        return _speech_verb_lead(stripped[:-1].rstrip())
    return None


def _speech_verb_lead(clause: str) -> _Found | None:
    """ "Silverman interjected, “…”", "Continued Stone: “…”", "Kaine has adopted the
    stance: “…”": a verb outside the lexicon still frames a quote it introduces."""
    head, _, verb = clause.rpartition(" ")
    if verb.isalpha() and verb.islower() and verb.endswith(("ed", "s")) and head:
        subject = _subject_at_end(head, whole=True)
        if subject is not None and not subject.description:
            return _Found(subject, verb, "speech-verb", 0.6)
    if clause.endswith(tuple("abcdefghijklmnopqrstuvwxyz")):
        subject = _sentence_subject(clause)
        if subject is not None and not subject.description and subject.pronoun in ("", "he", "she"):
            return _Found(subject, "", "colon-lead", 0.5)
    return None


def _colon_paragraph(body: str, raw: RawQuote, paragraph_spans: list[Span]) -> _Found | None:
    """A block quote after a paragraph that ends "… X said:"."""
    if raw.paragraph == 0:
        return None
    previous = paragraph_spans[raw.paragraph - 1]
    tail = body[max(previous.start, previous.end - _CONTEXT) : previous.end].rstrip()
    if not tail.endswith(":"):
        return None
    tail = tail[_last_break(tail) :]
    found = _before(tail, tail, False)
    if found is not None:
        found.method = "colon-paragraph"
    return found


def _reported_paragraph(body: str, raw: RawQuote, paragraph_spans: list[Span]) -> _Found | None:
    """A quote opening the paragraph after narrative that ends "…, Pinkston said." goes on
    with that speaker's words."""
    if raw.paragraph == 0 or raw.continued:
        return None
    previous = paragraph_spans[raw.paragraph - 1]
    tail = body[max(previous.start, previous.end - _CONTEXT) : previous.end].rstrip()
    tail = tail[_last_break(tail) :]
    if not tail.endswith(".") or any(mark in tail for mark in '“”"«»') or "''" in tail:
        return None
    frame = tail.rsplit(", ", 1)[-1] if ", " in tail else tail
    if len(frame.split()) > 8:
        return None
    found = _after(frame, embedded=False, ends_sentence=False)
    if found is not None:
        found.method = "previous-paragraph"
        found.confidence = 0.65
    return found


def _determined(head: str) -> bool:
    """ "the report", "his call": the cue word is a noun here."""
    words = head.split()
    return bool(words) and words[-1].casefold() in (
        "the",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "this",
        "that",
    )


def _is_title(text: str) -> bool:
    words = [w for w in re.findall(r"[\w’']+", text) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


# -- subject phrases ---------------------------------------------------------------------


def _subject_at_end(head: str, whole: bool) -> Subject | None:
    """The noun phrase that ends `head` and is the subject of the verb after it.
    `whole`: head is only the subject phrase (it stood between a quote and its verb)."""
    text = _strip_verb_company(head.rstrip())
    text = _strip_tail(_PARTY_TAG, text, 40).rstrip()
    if not text:
        return None
    appositive = ""
    if text.endswith(","):
        text, appositive = _split_appositive(text.rstrip(","))
        if not text:
            return None
        text = _strip_tail(_PARTY_TAG, text, 40).rstrip()
    words = text.split()
    last = words[-1].casefold() if words else ""
    if last in _PRONOUNS:
        if last == "who":
            antecedent = re.search(rf"({NAME_RUN}),?\s+who$", text)
            if antecedent:
                return _subject_from_name(antecedent.group(1), appositive)
            return None
        if whole and len(words) > 2:
            return None
        return Subject(mention=words[-1], pronoun=last)
    name = _NAME_AT_END.search(text, max(0, len(text) - 120))
    if name is not None and _is_name(name.group()):
        prefix = text[: name.start()]
        if whole and _has_clause_words(prefix):
            return None
        role = _role_before(prefix)
        subject = _subject_from_name(name.group(), appositive, role)
        if subject is not None:
            return subject
    possessive = _POSSESSIVE_ORGANIZATION.search(text, max(0, len(text) - 80))
    if possessive is not None:
        organization = f"{possessive.group('owner')} {possessive.group('head')}"
        if possessive.group("head") in ("campaign", "administration", "office", "team"):
            return Subject(mention=possessive.group(), name=organization)
        return Subject(
            mention=possessive.group(),
            description=possessive.group("head"),
            organization=possessive.group("owner"),
        )
    of_organization = _OF_ORGANIZATION.search(text, max(0, len(text) - 160))
    if of_organization is not None:
        lead_text = text[: of_organization.start()].rstrip()
        described = _DETERMINER_PHRASE.search(lead_text, max(0, len(lead_text) - 80))
        if described is not None:
            return Subject(
                mention=text[described.start() :].strip(),
                description=described.group("words").split()[-1].casefold(),
                organization=of_organization.group("org"),
            )
    named = _NAMED_ORGANIZATION_AT_END.search(text, max(0, len(text) - 80))
    if named is not None:
        return Subject(mention=named.group(), name=named.group())
    described = _DETERMINER_PHRASE.search(text, max(0, len(text) - 80))
    if described is not None and _plain_description(described.group("words")):
        preposition = _TRAILING_PREPOSITION.search(text[: described.start()])
        if preposition is not None:
            # "Trump in his announcement speech called": the subject is before the phrase.
            return _subject_at_end(text[: preposition.start()], whole)
        if whole and _has_clause_words(text[: described.start()]):
            return None
        return _description(described.group().strip(), described.group("words"), appositive)
    return None


# "North Korean state media", "Westfield police": a name and an organisation noun.
_NAMED_ORGANIZATION_AT_END = re.compile(
    rf"(?<![\w’'.])(?:{NAME_RUN})(?:\s+[a-z]+)?\s+(?:media|police|officials|government|"
    r"authorities|military|army|prosecutors|regulators|lawmakers)$"
)
_TRAILING_PREPOSITION = re.compile(
    r"\s+(?:in|at|on|during|with|from|after|before|over|through|via|to)$", re.I
)


def _plain_description(words: str) -> bool:
    """ "senior Cruz adviser" is a description; "reporter whether", "host was fired" are not."""
    tokens = words.split()
    if len(tokens) > 4:
        return False
    for position, token in enumerate(tokens):
        folded = token.casefold().strip("’'.,")
        if folded in _ROLE_STOP and folded not in ("of",):
            return False
        if position and folded.endswith("ed") and position == len(tokens) - 1:
            return False
        if position < len(tokens) - 1 and folded.endswith("ed") and position > 0:
            return False
    return True


def _subject_at_start(rest: str) -> Subject | None:
    """The subject after an inverted verb: "said Dr. Mara Quill, head of the clinic"."""
    rest = rest.lstrip()
    if rest.startswith("by "):
        rest = rest[3:]  # "as described by FBI Director James Comey"
    pronoun = re.match(r"(he|she|they|it|we)\b", rest, re.I)
    if pronoun:
        return Subject(mention=pronoun.group(), pronoun=pronoun.group().casefold())
    named = _ROLE_AND_NAME_AT_START.match(rest)
    if named is not None and not _is_name(named.group("name")):
        # "Democratic strategist Simon Rosenberg": a capitalised modifier, then the name.
        later = _ROLE_AND_NAME_AT_START.match(rest, named.end())
        if later is not None and not _has_clause_words(rest[: later.start("name")]):
            named = later
    if named is not None and _is_name(named.group("name")):
        after = rest[named.end() :]
        tag = _PARTY_TAG_AT_START.match(after)
        if tag:
            after = after[tag.end() :]
        appositive = ""
        if after.startswith(","):
            appositive = re.split(
                r"(?<!\b[A-Z])[.;!?](?:\s|$)|,\s+(?:who|which)\s", after[1:], maxsplit=1
            )[0]
        role = named.group("role").strip()
        if role and not _role_before(role + " "):
            role = ""
        if not named.group("role") or role:
            subject = _subject_from_name(named.group("name"), appositive, role)
            if subject is not None:
                return subject
    clause = re.split(
        r"[,;:!?]|\.(?:\s|$)|\s[—–-]\s|\s+(?:who|in|on|at|during|after|before|when|while|last|as)\s",
        rest,
        maxsplit=1,
    )[0]
    clause = clause.rstrip()
    if not clause or len(clause.split()) > 12:
        return None
    possessive = _POSSESSIVE_ORGANIZATION.search(clause)
    if possessive is not None:
        return _subject_at_end(clause, whole=True)
    described = _LEADING_DETERMINER_PHRASE.match(clause + " ")
    if described is not None:
        of_organization = _OF_ORGANIZATION.search(clause)
        if of_organization is not None:
            return Subject(
                mention=clause,
                description=described.group("words").split()[-1].casefold(),
                organization=of_organization.group("org"),
            )
        return _description(described.group().strip(), described.group("words"), "")
    return None


def _sentence_subject(head: str) -> Subject | None:
    """ "X criticized the plan on Tuesday, saying": the subject at the start of the clause."""
    text = head.strip()
    intro = re.match(r"^[^,]{0,60},\s+", text)
    if intro and (
        intro.group().split()[0] in CAPITALISED_FUNCTION_WORDS
        or not _NAME_AT_START.match(intro.group())
    ):
        text = text[intro.end() :]
    pronoun = re.match(r"(he|she|they|it|we)\b", text, re.I)
    if pronoun:
        return Subject(mention=pronoun.group(), pronoun=pronoun.group().casefold())
    name = _NAME_AT_START.match(text)
    if name is not None and _is_name(name.group()):
        return _subject_from_name(name.group())
    described = _LEADING_DETERMINER_PHRASE.match(text)
    if described is not None:
        return _description(described.group().strip(), described.group("words"), "")
    return None


def _split_appositive(text: str) -> tuple[str, str]:
    """ "Jo Reyes, curator at the Museum of Ruston, Westfield" → ("Jo Reyes", "curator at …").
    The last chunk stands between commas before the verb, so it is an appositive; the
    name is the nearest earlier chunk that ends with one and is not itself lower case."""
    chunks = text.split(",")
    for index in range(len(chunks) - 2, -1, -1):
        chunk = chunks[index].strip()
        if not chunk or chunk[0].islower() or chunk[0].isdigit():
            continue
        name = _NAME_AT_END.search(chunk)
        if name is not None and _is_name(name.group()):
            return ",".join(chunks[: index + 1]), ",".join(chunks[index + 1 :]).strip()
    return text, ""


def _role_before(prefix: str) -> str:
    """ "Republican strategist ", "White House press secretary ": the role right before a name."""
    words = prefix.split()
    taken: list[str] = []
    for word in reversed(words[-7:]):
        bare = word.casefold().strip("’'")
        if word.endswith((",", ".", ";", ":", ")")) or word.startswith(("“", '"', "(")):
            break
        if bare in _ROLE_STOP and bare not in ("of", "for", "at"):
            break
        taken.append(word)
    while taken and taken[-1].casefold() in ("of", "for", "at"):
        taken.pop()
    role = " ".join(reversed(taken))
    return role if any(w[:1].islower() for w in taken) else ""


def _subject_from_name(name: str, appositive: str = "", role: str = "") -> Subject | None:
    phrase = split_name(name)
    if phrase is None:
        return None
    title = " ".join(part for part in (role, phrase.title) if part)
    organization = ""
    appositive_role = appositive.strip(" ,.")
    if appositive_role:
        appositive_role, organization = _role_and_organization(appositive_role)
    title = title or appositive_role
    if not organization:
        organization = " ".join(
            w
            for w in title.split()
            if w[:1].isupper() and w.casefold().rstrip(".") not in TITLE_WORDS
        )
    return Subject(mention=name.strip(), name=name.strip(), role=title, organization=organization)


def _role_and_organization(appositive: str) -> tuple[str, str]:
    """ "a professor of law at Westfield University" → ("professor of law", "Westfield
    University")."""
    text = re.sub(r"^(?:\d{1,3},\s*)?(?:a|an|the)\s+", "", appositive, flags=re.I)
    for separator in (" at ", " with ", " for ", " of the ", " of "):
        if separator in text:
            role, _, organization = text.partition(separator)
            organization = re.sub(r"^the\s+", "", organization.strip(), flags=re.I)
            organization = re.split(r",|[’']s\s|\s+(?:in|near|based)\s", organization)[0].strip(
                " ."
            )
            if organization[:1].isupper():
                return role.strip(), organization
    return text.strip(), ""


def _description(mention: str, words: str, appositive: str) -> Subject | None:
    tokens = words.split()
    head = tokens[-1].casefold().strip("’'.")
    if any(w[:1].isupper() for w in tokens) and not all(w[:1].isupper() for w in tokens):
        name = _NAME_AT_END.search(words)
        if name is not None and head in ORGANIZATION_WORDS:
            return Subject(mention=mention, name=name.group())
    if head.endswith("s") and head not in ORGANIZATION_WORDS and head[:-1] in _ANONYMOUS:
        return Subject(mention=mention, description=head[:-1])
    organization = ""
    if len(tokens) >= 2 and tokens[-2].casefold() in ORGANIZATION_WORDS:
        organization = tokens[-2].casefold()  # "a company spokeswoman"
    return Subject(mention=mention, description=head, organization=organization)


def _is_name(run: str) -> bool:
    return split_name(run) is not None


def _has_clause_words(prefix: str) -> bool:
    """Whether the words before a subject make it part of a longer clause."""
    return any(
        w.casefold() in _ROLE_STOP - {"of", "for", "at", "the", "a", "an", "and"}
        for w in prefix.split()
    )


# -- resolution ---------------------------------------------------------------------------


def _resolve(
    subject: Subject,
    entities: Entities,
    at: int,
    last: tuple[QuoteSpan, int, int] | None,
    paragraph_spans: list[Span],
    raw: RawQuote,
) -> Entity | None:
    if subject.name:
        phrase = split_name(subject.name)
        if phrase is None:
            return None
        entity = entities.link(phrase, at)
        if entity is not None:
            if subject.role and not entity.role:
                entity.role = subject.role
            if subject.organization and not entity.organization:
                entity.organization = subject.organization
            entity.mentions[subject.mention] += 0
        return entity
    if subject.pronoun:
        floor = paragraph_spans[max(raw.paragraph - 2, 0)].start
        if subject.pronoun in ("he", "she"):
            gender = "m" if subject.pronoun == "he" else "f"
            entity = entities.person_before(at, gender, floor)
            if entity is None and last is not None:
                entity = entities.by_name(last[0].speaker)
                if entity is not None and entity.gender and entity.gender != gender:
                    entity = None
            return entity
        if subject.pronoun in ("it", "they", "we") and last is not None:
            entity = entities.by_name(last[0].speaker)
            if entity is not None and (entity.kind == "organization" or subject.pronoun != "it"):
                return entity
        return None
    if subject.description:
        head = subject.description
        if subject.organization and subject.organization[:1].isupper():
            phrase = split_name(subject.organization)
            return entities.link(phrase, at) if phrase is not None else None
        if subject.organization:
            found = entities.organization_before(at, subject.organization)
            if found is not None:
                return found
        elif head in ORGANIZATION_WORDS or head in (
            "group",
            "paper",
            "outlet",
            "website",
            "site",
            "publication",
        ):
            found = entities.organization_before(at, head)
            if found is not None:
                return found
        if head in TITLE_WORDS or head in FEMALE_HONORIFICS:
            found = entities.person_with_role(at, head)
            if found is not None:
                return found
        # Nobody named: the speaker is who the article says it is ("a senior adviser").
        return entities.described(subject.mention, head)
    return None
