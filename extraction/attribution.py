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
from dataclasses import dataclass, replace

from extraction.entities import NAME_RUN, Entities, Entity, split_name
from extraction.lexicon import DESCRIPTION_NOUNS, TITLE_WORDS
from extraction.quotes import RawQuote
from extraction.ranker import Features, candidates, choose
from extraction.subjects import (
    ADVERBS,
    NAME_AT_END,
    Subject,
    resolve_description,
    sentence_subject,
    subject_at_end,
    subject_at_start,
    subject_from_name,
)
from extraction.text import Span
from extraction.types import QuoteSpan
from extraction.verbs import NOUN_LIKE_FORMS, REPORTING_VERBS, lemma, lookup, takes_clause

_WORD_AT = re.compile(r"[A-Za-z]+")
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
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")  # "J", "J.M", "U.S": not a sentence's end
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_LEAD_PUNCTUATION = re.compile(r"^[\s,.;:!?—–-]*")
_TERM_WORD = re.compile(
    r"\b(?:phrase|term|word|words|slogan|so-called|dubbed|named|titled|nicknamed|known as|"
    r"hashtag|headline)\s*$",
    re.I,
)
# _TERM_WORD's words are at most nine characters long: only the end of a text can hold
# a match, and only the end is searched.
_TERM_WORD_REACH = 20
_LABEL = re.compile(rf"^(?P<who>{NAME_RUN}),\s+(?P<org>{NAME_RUN}):\s*$")
_DASH_BYLINE = re.compile(rf"^\s*[-—–]+\s*(?P<who>{NAME_RUN})\s*$")
_CONTEXT = 400
# "As Tom Ridge, a former secretary, put it: “…”"
_AS_PUT_IT = re.compile(r"\b[Aa]s\s+(?P<who>[^“”\"]{2,200}?)\s+puts?\s+it[,:]?\s*$")
_PUT_IT_ENDS = ("it", "it,", "it:")  # how a text _AS_PUT_IT matches ends, spaces aside
_DOCUMENT_READS = re.compile(
    r"(?:(?P<before>(?:the|a|an|his|her|its|their)\s+[^,.;:“”\"]{1,60}?)\s+(?P<verb>reads?)"
    r"|(?P<verb2>reads?)\s+(?P<after>(?:the|a|an|his|her|its|their)\s+[^,.;:“”\"]{1,60}))"
    r"\s*[.,;]",
    re.I,
)
_NAME_THEN_VERB = re.compile(rf"(?P<who>{NAME_RUN})\s+(?P<verb>[a-z]{{2,}}ed)\b(?!\s+(?:by|to)\b)")
_VERB_THEN_NAME = re.compile(rf"(?P<verb>[a-z]{{2,}}ed)\s+(?P<who>{NAME_RUN})(?=[\s,.;]|$)")
# What a quote with no speech frame is: a term (a title, a scare quote, markup) is never
# reported; a short unframed quote is, when a quote before it in its sentence has a frame.
_TERM = "term"
_UNFRAMED = "unframed"
# "is labeling", "was saying": an -ing form after these is the clause's own verb.
_AUXILIARIES = frozenset(["is", "was", "are", "were", "be", "been", "am", "keeps", "kept"])
_NEW_CLAUSE_AFTER = re.compile(r",\s+(?:and|but|while|whereas|although|though)\s")
_PARTICIPLE_LEAD = re.compile(r"[A-Z][a-z]+ing(?:\s+to)?")
_WITH_AT_END = re.compile(r"\bwith\s+(?:the\s+)?$")
# Lower-case words that open a clause of their own right after a quote: a conjunction,
# a subordinator or a preposition ("as" is left out: "“…,” as Marsh said").
_CLAUSE_OPENERS = frozenset(
    [
        *("and", "but", "or", "nor", "until", "unless", "when", "while", "whereas", "because"),
        *("although", "though", "if", "since", "before", "after", "once", "whether", "for"),
        *("to", "with", "by", "from", "of", "about", "against", "than", "that", "which"),
    ]
)
_RELATIVE = re.compile(r"\s(?:that|which|whose)\s")
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
    r"Asked|Pressed|Despite|Amid|Unlike|Following|Without|During|Throughout|Upon|In|On|At|"
    r"For|From|With|Under|Over|Across|Outside|Inside|Beyond|Unless|Whereas)\b[^,]{0,200},\s+(?=\S)"
)


@dataclass
class _Found:
    subject: Subject | None
    cue: str
    method: str
    confidence: float


def attribute(
    body: str,
    paragraph_spans: list[Span],
    raws: list[RawQuote],
    entities: Entities,
    rank: bool = True,
) -> list[QuoteSpan]:
    """A direct QuoteSpan for every quote that is speech, in document order. With `rank`,
    a quote the rules leave without a speaker gets the one the learned ranker prefers."""
    frames = [_frame_of(body, raws, index, paragraph_spans) for index in range(len(raws))]
    # “a great deal of weight” and the “grass-roots firepower” …, X said: the frame that
    # closes a sentence holds for every quote of it.
    for index in range(len(raws) - 2, -1, -1):
        found, frame_end, term = frames[index]
        following = frames[index + 1][0]
        if (
            found is None
            and term != _TERM
            and following is not None
            and following.method.startswith("cue-after")
            and _same_sentence(body, raws[index], raws[index + 1])
        ):
            shared = _Found(following.subject, following.cue, "shared-frame", 0.7)
            frames[index] = (shared, frame_end, "")
    quotes: list[QuoteSpan] = []
    kept: list[RawQuote] = []  # the raw quote of each QuoteSpan
    last: tuple[QuoteSpan, int, int] | None = None  # quote, paragraph, end of its frame
    pending_run: list[int] = []  # quotes of a multi-paragraph quote still without speaker
    for index, raw in enumerate(raws):
        previous = raws[index - 1] if index else None
        text = body[raw.inner.start : raw.inner.end]
        if not text.strip():
            continue
        found, frame_end, term = frames[index]
        if found is None and not term and last is not None and not raw.continued:
            found = _previous_sentence_subject(body, raw, paragraph_spans, last)
        if term == _TERM:
            continue
        if term == _UNFRAMED and (
            previous is None
            or last is None
            or last[0].start != previous.inner.start
            or not _same_sentence(body, previous, raw)
        ):
            continue
        speaker: Entity | None = None
        if found is not None and found.subject is not None:
            speaker = _resolve(body, found.subject, entities, raw.open, last, paragraph_spans, raw)
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
        kept.append(raw)
        if raw.runs_on or raw.continued:
            pending_run.append(len(quotes) - 1)
        if quote.speaker is not None:
            for pending in pending_run:
                if quotes[pending].speaker is None:
                    quotes[pending] = _with_speaker(quotes[pending], quote, "continuation", 0.7)
            last = (quote, raw.paragraph, max(frame_end, raw.close))
        if not raw.runs_on:
            pending_run = []
    if rank:
        quotes = _rank_unattributed(
            body, paragraph_spans, list(zip(kept, quotes, strict=True)), entities
        )
    return quotes


def unattributed(
    body: str,
    paragraph_spans: list[Span],
    pairs: list[tuple[RawQuote, QuoteSpan]],
    entities: Entities,
) -> Iterator[tuple[int, list[tuple[Entity | None, Features]]]]:
    """Each quote the rules left without a speaker, with its ranker candidates; the
    previous speaker is the last one the rules found."""
    previous: Entity | None = None
    for index, (raw, quote) in enumerate(pairs):
        if quote.speaker is not None:
            previous = entities.by_name(quote.speaker)
            continue
        yield index, candidates(body, paragraph_spans, raw, quote, entities, previous)


def _rank_unattributed(
    body: str,
    paragraph_spans: list[Span],
    pairs: list[tuple[RawQuote, QuoteSpan]],
    entities: Entities,
) -> list[QuoteSpan]:
    chosen = [
        (index, entity)
        for index, found in unattributed(body, paragraph_spans, pairs, entities)
        if (entity := choose(found)) is not None
    ]
    quotes = [quote for _, quote in pairs]
    for index, entity in chosen:
        entity.spoke = True
        quotes[index] = replace(
            quotes[index], speaker=entity.name, method="ranked", confidence=0.45
        )
    return quotes


def _frame_of(
    body: str, raws: list[RawQuote], index: int, paragraph_spans: list[Span]
) -> tuple[_Found | None, int, str]:
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
    subject = sentence_subject(sentence)
    if subject is None or subject.description or subject.pronoun not in ("", "he", "she"):
        return None
    return _Found(subject, "", "previous-sentence", 0.55)


def _sentence_subject(before: str) -> _Found | None:
    if any(mark in before for mark in '“”"«»') or "''" in before or len(before.split()) < 3:
        return None
    subject = sentence_subject(before)
    if subject is None or not subject.name:
        return None
    return _Found(subject, "", "sentence-subject", 0.5)


def _same_sentence(body: str, previous: RawQuote, raw: RawQuote) -> bool:
    """ "a “new low” and a “bizarre attempt”": two quotes of one sentence and one frame."""
    if previous.paragraph != raw.paragraph or raw.open - previous.close > 80:
        return False
    # Up to the quote's first word: a sentence break is seen only before a capital.
    between = body[previous.close : raw.inner.start + 1]
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
    # Another person named in between takes the floor; an organisation named as an
    # object ("the JCPOA") does not.
    return all(
        mention.entity.name == quote.speaker or mention.entity.kind != "person"
        for mention in between
    )


def _frame(
    body: str,
    raw: RawQuote,
    earlier: list[RawQuote],
    following: RawQuote | None,
    paragraph: Span,
    paragraph_spans: list[Span],
) -> tuple[_Found | None, int, str]:
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
    line_end = after.find("\n")
    if line_end >= 0:
        after = after[:line_end]  # a frame never runs on past a line break
    if not after.strip() and raw.paragraph + 1 < len(paragraph_spans):
        # “…” ¶ — Sanders.  A byline standing in the next paragraph.
        following_paragraph = paragraph_spans[raw.paragraph + 1]
        if following_paragraph.end - following_paragraph.start < 60:
            line = body[following_paragraph.start : following_paragraph.end].rstrip(" .")
            if _DASH_BYLINE.match(line):
                after = " " + line
    after_sentence = after[: _first_end(after)]
    stripped_before = before.rstrip()
    embedded = bool(stripped_before) and not stripped_before.endswith((":", ","))
    text = body[raw.inner.start : raw.inner.end]
    short = len(text.split()) <= 4
    if raw.open > 0 and body[raw.open - 1] == "=":
        return None, raw.open, _TERM  # an attribute value of markup: <tweet date="…">
    if embedded and (
        (len(text.split()) <= 8 and _is_title(text))
        or _TERM_WORD.search(stripped_before, max(0, len(stripped_before) - _TERM_WORD_REACH))
    ):
        return None, raw.open, _TERM  # CBS's “Face the Nation,” a book, a show, a slogan

    # “Not us!” Murphy, the head of the group, said: after ! or ? the frame may go on.
    found = _after(after_sentence, embedded, ends_sentence=text.endswith("."))
    if found is not None and _leads_into(after_sentence, close_end, following):
        # “Why now?” Mills writes back, “You look cute.”: a frame that ends in a comma or
        # a colon before the next quote introduces that quote; a frame before this one,
        # when there is one, is its own ("Quill replied to Mills with, “Why now?”").
        own = _before(before, stripped_before, embedded) if stripped_before else None
        subject = own.subject if own is not None and not embedded else None
        if own is not None and subject is not None and (subject.name or subject.description):
            return own, raw.open, ""
    if found is not None:
        return found, close_end + len(after_sentence), ""
    found = _before(before, stripped_before, embedded)
    if found is None and near_start > before_start:
        # "X said on “This Week” that he would “take a look”": read across earlier quotes.
        wide = _masked(body, before_start, raw.open, earlier)
        wide = wide[_last_break(wide) :]
        if len(wide) > len(before):
            found = _before(wide, stripped_before, embedded)
    if found is not None:
        return found, raw.open, ""
    if not stripped_before and raw.open == paragraph.start:
        found = _colon_paragraph(body, raw, paragraph_spans) or _reported_paragraph(
            body, raw, paragraph_spans
        )
        if found is not None:
            return found, raw.open, ""
    if stripped_before.endswith((":", ",")) or (embedded and not short):
        # "Pence, who is running again, praised Cruz for showing “…”": no reporting verb,
        # but a sentence about a named person that carries a quote carries that person's words.
        found = _sentence_subject(before)
        if found is not None:
            return found, raw.open, ""
    if embedded and short:
        # A short quote in narrative with no reporting frame is a term or a scare quote,
        # unless its sentence reports speech before it ("most voters say he is “not at
        # all responsible”") or a quote before it in the same sentence has a frame.
        reporting = None if _modifies_noun(stripped_before, after) else _reporting_sentence(before)
        if reporting is None:
            reporting = _participle_after(before, after_sentence, text)
        if reporting is not None:
            return reporting, raw.open, ""
        return None, raw.open, _UNFRAMED
    if len(text.split()) <= 8 and _is_title(text):
        return None, raw.open, _TERM  # “Orange Is the New Black” star Selenis Leyva
    return None, raw.open, ""


def _leads_into(after: str, start: int, following: RawQuote | None) -> bool:
    """Whether the words after a quote end with a comma or a colon right before the next
    quote of the paragraph."""
    if following is None or start + len(after) < following.open - 2:
        return False
    return after.rstrip().endswith((",", ":"))


def _is_break(text: str, position: int) -> bool:
    """Whether the . ! or ? at `position` ends a sentence (not "Dr." or "U.S.")."""
    if text[position] != ".":
        return True
    word = text[max(0, position - 6) : position].split()[-1:]
    if not word:
        return True
    bare = word[0].lstrip("(“\"'‘")
    return not (bare in _ABBREVIATIONS or _INITIALS.fullmatch(bare))


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
        if forms is None or (match.start() > 0 and text[match.start() - 1] in "-‐"):
            continue  # "so-called" is not a verb
        if match.group()[0].isupper() and text[max(0, match.start() - 2) : match.start()].strip(
            " “\"'‘("
        ):
            continue  # "the New York State Republican Party": a name, not a verb
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
    byline = _DASH_BYLINE.match(after)
    if byline and not embedded:
        subject = subject_from_name(byline.group("who"))
        if subject is not None:
            return _Found(subject, "", "dash-byline", 0.75)
    if (ends_sentence or after[:offset].strip() == ".") and rest[:1].isupper():
        # “… .” Then a new sentence: only a bare "X said." still belongs to the quote.
        words = rest.split()
        long_name = len(words) <= 10 and all(w[:1].isupper() for w in words[:-1])
        if (len(words) > 6 and not long_name) or not rest.rstrip().endswith((".", "!", "?")):
            return None  # "New York City Public Advocate Trish James said." is still bare
        if rest.split()[0].casefold() in ("the", "a", "an", "but", "and"):
            return None
    byline = _DASH_BYLINE.match(after)
    if byline and not embedded:
        subject = subject_from_name(byline.group("who"))
        if subject is not None:
            return _Found(subject, "", "dash-byline", 0.75)
    # “…” until Marsh said …, “…” for Marsh to criticise …, “…” and Marsh calling it …:
    # the words after the quote open another clause, whose subject did not say it; only
    # a frame after a comma closes the sentence (“…” for the city, Marsh said).
    opens_clause = rest.split(None, 1)[0] in _CLAUSE_OPENERS
    for cue_start, cue_end, cue_text in _cues(rest, 0, 240):
        word = cue_text.casefold()
        head = rest[:cue_start]
        if not head.strip() or word in ("according to", "in the words of"):
            extra = [w for w in head.split() if w.casefold() not in ADVERBS]
            if extra and word not in ("according to", "in the words of"):
                continue
            if word.endswith("ing") and " " not in word:
                # “…,” adding that Marsh …: a participle's subject is the sentence's, and
                # the name after it is its object.
                return None
            subject = subject_at_start(rest[cue_end:])
            if subject is not None:
                return _Found(subject, cue_text, "cue-after-inverted", 0.9)
            continue
        if (
            head.rstrip().endswith(",")
            and head.lstrip()[:1].islower()
            and not word.endswith("ing")
            and lemma(word) not in ("tell", "ask")
            and rest[cue_end:].lstrip()[:1].isupper()
        ):
            # “…” that the plan can pass, said Ida Marsh: the frame closes the sentence.
            subject = subject_at_start(rest[cue_end:])
            if subject is not None and subject.name:
                return _Found(subject, cue_text, "cue-after-inverted", 0.8)
        if word in NOUN_LIKE_FORMS and _noun_here(head):
            continue
        if embedded and _NEW_CLAUSE_AFTER.search(head):
            continue  # “rigged” in a tweet, and a few lawmakers have called …: another clause
        if embedded and (word.endswith("ing") or _RELATIVE.search(head)):
            # call him “very flexible,” a nod to the mayor acknowledging …; “rigged,” a
            # charge that the leaders denied: the words after the quote describe it.
            continue
        subject = None
        if len(head.split()) <= 16 and not opens_clause:
            subject = subject_at_end(head.rstrip(), whole=True)
        if subject is None and ", " in head:
            # “excesses” are sickening, Hollande said: the frame closes the sentence.
            last = head.rsplit(", ", 1)[1].rstrip()
            if len(last.split()) <= 16:
                subject = subject_at_end(last, whole=True)
        if subject is not None:
            return _Found(subject, cue_text, "cue-after", 0.9)
    if not embedded:
        return _speech_verb_after(rest)
    return None


def _speech_verb_after(rest: str) -> _Found | None:
    """ "“…,” Toomey fumed.", "“…,” remembered Roy Verley, …": right after a quote that
    opens its sentence, a name and a past-tense verb outside the lexicon still frame it."""
    reads = _DOCUMENT_READS.match(rest)
    if reads is not None:
        # “…,” the statement read. / “…,” read the email.: a text that reads as it says.
        if reads.group("before"):
            subject = subject_at_end(reads.group("before"), whole=True)
        else:
            subject = subject_at_start(reads.group("after"))
        if subject is not None and subject.description:
            return _Found(subject, reads.group("verb") or reads.group("verb2"), "speech-verb", 0.6)
    match = _NAME_THEN_VERB.match(rest) or _VERB_THEN_NAME.match(rest)
    if match is None:
        return None
    subject = subject_from_name(match.group("who"))
    if subject is None:
        return None
    return _Found(subject, match.group("verb"), "speech-verb", 0.6)


def _before(before: str, stripped: str, embedded: bool) -> _Found | None:
    """ "X said: “…”", "X told the committee that, after months, “…”", "X called it a “…”"."""
    label = _LABEL.match(before.strip()) if stripped.endswith(":") else None
    if label is not None:
        subject = subject_from_name(label.group("who"))
        if subject is not None:
            return _Found(subject, "", "label", 0.8)
    put_it = _AS_PUT_IT.search(before) if before.rstrip().endswith(_PUT_IT_ENDS) else None
    if put_it is not None:
        subject = subject_at_end(put_it.group("who"), whole=True)
        if subject is not None:
            return _Found(subject, "put it", "cue-before", 0.8)
    unknown: _Found | None = None
    lead = _SUBORDINATE_LEAD.match(before)
    clause = before[lead.end() :] if lead else before
    cues = list(_cues(clause))
    if stripped.endswith((",", ":")):
        # "a woman asked for a photo and Clinton said, “…”": the nearest finite verb, then
        # the participles ("X said, adding, “…”" is X's).
        cues.reverse()
        cues.sort(key=lambda cue: cue[2].casefold().endswith("ing"))
    for cue_start, cue_end, cue_text in cues:
        word = cue_text.casefold()
        head = clause[max(0, cue_start - 240) : cue_start]
        if not head.strip() and word.endswith("ing"):
            continue  # "Speaking on CNBC, X called …": a participle opens the clause, X frames it
        if _PARTICIPLE_LEAD.fullmatch(head.strip()):
            continue  # "Continuing to explain his view, Carson …": Carson frames it
        if word in ("according to", "in the words of") or not head.strip():
            # "According to X, “…”", "Said Dorothy Poynter, who grew up there, “…”"
            subject = subject_at_start(clause[cue_end:])
            if subject is not None:
                method = "according-to" if " " in word else "cue-before-inverted"
                return _Found(subject, cue_text, method, 0.85)
            continue
        if word in NOUN_LIKE_FORMS and _noun_here(head):
            continue
        if word == lemma(word) and _ROLE_AFTER.match(clause, cue_end) is not None:
            continue  # "Minnesota state delegate Ida Marsh said": a noun before a role
        if word.endswith("ing") and _later_main_cue(clause, cue_end):
            continue  # "Challenged on her speaking fees, Clinton said …": the main verb frames
        if _NEW_CLAUSE.search(clause, cue_end):
            continue  # "he said, while the propaganda focuses on “…”": another clause's words
        if clause[cue_end : cue_end + 4] == " by ":
            subject = subject_at_start(clause[cue_end:])
            if subject is not None:
                return _Found(subject, cue_text, "partial-quote", 0.7)
            continue
        trimmed = head.rstrip()
        if (
            trimmed.endswith(",")
            and not word.endswith("ing")
            and takes_clause(word)
            and lemma(word) not in _TAKES_OBJECT_FIRST
            and _INVERTED_ASIDE.match(clause, cue_end)
        ):
            # "The paradox of the mayor, says Ida Marsh, a historian, is that …": the
            # inverted aside names who says it.
            subject = subject_at_start(clause[cue_end:])
            if subject is not None and subject.name:
                return _Found(subject, cue_text, "cue-before-inverted", 0.75)
        if trimmed.endswith((" and", " but")):
            subject = sentence_subject(trimmed.rsplit(" ", 1)[0])  # "X caucused and says"
        elif word.endswith("ing") and trimmed.rsplit(" ", 1)[-1] not in _AUXILIARIES:
            # "X released a statement Wednesday saying …": the sentence's subject speaks;
            # the name right before the participle only when the sentence has no subject.
            named = NAME_AT_END.search(trimmed, max(0, len(trimmed) - 120))
            absolute = named is not None and _WITH_AT_END.search(trimmed, 0, named.start())
            # "…, with Gorka noting …": the name before the participle is its own subject.
            subject = None if absolute else sentence_subject(head)
            if subject is None and not trimmed.endswith(","):
                subject = subject_at_end(trimmed, whole=False)
        else:
            subject = subject_at_end(head.rstrip(), whole=False)
        if subject is not None:
            method = "partial-quote" if embedded else "cue-before"
            found = _Found(subject, cue_text, method, 0.75 if embedded else 0.85)
            if subject.name or subject.pronoun or subject.description:
                return found
            unknown = unknown or found  # a frame whose speaker is not named; read on
    if stripped.endswith((":", ",")):
        return _speech_verb_lead(stripped[:-1].rstrip()) or unknown
    return unknown


_ROLE_AFTER = re.compile(
    r"\s+(?:" + "|".join(sorted(TITLE_WORDS | DESCRIPTION_NOUNS, key=len, reverse=True)) + r")\b"
)


# "X told the Ledger, “…”": verbs whose first object is who was told, not who speaks.
_TAKES_OBJECT_FIRST = frozenset(
    ["tell", "ask", "inform", "assure", "remind", "warn", "urge", "advise", "notify", "promise"]
)
_INVERTED_ASIDE = re.compile(rf"\s+(?:{NAME_RUN}),")


def _later_main_cue(clause: str, position: int) -> bool:
    """A comma after `position`, then a reporting verb that is not a participle."""
    comma = clause.find(",", position)
    if comma < 0:
        return False
    return any(not cue.casefold().endswith("ing") for _, _, cue in _cues(clause, comma))


def _reporting_sentence(before: str) -> _Found | None:
    """A reporting verb earlier in the quote's sentence: the quote is a partial quote of
    speech, said by the sentence's subject when it has one."""
    for cue_start, cue_end, cue_text in _cues(before):
        head = before[:cue_start]
        if cue_text.casefold() in NOUN_LIKE_FORMS and _noun_here(head):
            continue
        if _NEW_CLAUSE.search(before, cue_end):
            continue  # "he said, while the propaganda focuses on “…”": another clause
        if not head.strip() and cue_text.casefold().endswith("ing"):
            # "Speaking to the Ledger, Brandt called Quill “…”": the participle opens the
            # sentence; its subject is the subject of the clause after it.
            return _Found(sentence_subject(before), cue_text, "partial-quote", 0.5)
        subject = sentence_subject(head) if head.strip() else None
        return _Found(subject, cue_text, "partial-quote", 0.5)
    return None


_PARTICIPLE_AFTER = re.compile(r",?\s+(?P<cue>[a-z]+ing)\b")


def _participle_after(before: str, after: str, text: str) -> _Found | None:
    """ "Quill talked up her “harbour plan,” promising to …": a reporting participle after
    the quote reports the sentence's subject speaking, and the quote is what was said."""
    match = _PARTICIPLE_AFTER.match(after)
    if match is None or lookup(match.group("cue")) is None:
        return None
    if not (text.endswith(",") or after.startswith(",")):
        return None  # the participle opens a clause of its own only after a comma
    subject = sentence_subject(before) if len(before.split()) >= 2 else None
    if subject is None or not subject.name:
        return None
    return _Found(subject, match.group("cue"), "partial-quote", 0.5)


def _modifies_noun(before: str, after: str) -> bool:
    """ "mocked the “axis of evil” line": a quote standing between a determiner and a
    noun names a thing; it is not a partial quote of speech."""
    words = before.rsplit(None, 1)
    return (
        bool(words)
        and words[-1].casefold() in _DETERMINERS
        and _NOUN_AFTER.match(after) is not None
    )


_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "its", "their", "our", "this", "that"])
# A lower-case word after the quote, unless it goes on with the sentence (a preposition,
# a conjunction, an auxiliary): the noun the quote modifies.
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:in|on|at|for|to|from|with|by|of|and|or|but|nor|that|which|who|as|than|because|"
    r"when|while|after|before|during|over|about|into|is|was|are|were|has|had|have|will|would|"
    r"could|should|can|may|might|do|does|did|be|been|so|if|since|until|though|although|yet|"
    r"then)(?![A-Za-z]))[a-z]+(?![A-Za-z])"
)


def _speech_verb_lead(clause: str) -> _Found | None:
    """ "Silverman interjected, “…”", "Continued Stone: “…”", "Kaine has adopted the
    stance: “…”": a verb outside the lexicon still frames a quote it introduces."""
    head, _, verb = clause.rpartition(" ")
    if verb.isalpha() and verb.islower() and verb.endswith(("ed", "s")) and head:
        subject = subject_at_end(head, whole=True)
        if subject is not None and not subject.description:
            return _Found(subject, verb, "speech-verb", 0.6)
    if clause.endswith(tuple("abcdefghijklmnopqrstuvwxyz")):
        subject = sentence_subject(clause)
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


def _noun_here(head: str) -> bool:
    """ "the report", "interviews and tweets", "his call": the cue word is a noun here."""
    words = head.split()
    if len(words) == 1 and words[0][:1].isupper() and words[0].endswith("ing"):
        return True  # "Facing questions about …,": the object of a participle opening
    if (
        len(words) >= 2
        and words[-2].casefold() in ("a", "an")
        and words[-1].endswith(_ADJECTIVE_ENDINGS)
        and words[-1] not in TITLE_WORDS | DESCRIPTION_NOUNS
    ):
        return True  # "In an apparent counter to …", "a sharp retort": an adjective, a noun
    # "Ryan’s comments", "FiveThirtyEight’s forecasts": after a possessive, a noun.
    return bool(words) and (
        words[-1].casefold() in _NOUN_CONTEXT or words[-1].endswith(("’s", "'s", "s’", "s'"))
    )


_ADJECTIVE_ENDINGS = ("ent", "ant", "al", "ive", "ous", "ic", "ful", "able", "ible", "ary", "rp")
_NOUN_CONTEXT = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "this",
        "that",
        "these",
        "those",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "to",
        "new",
        "recent",
        "latest",
        "first",
        "last",
    ]
)


def _is_title(text: str) -> bool:
    words = [w for w in re.findall(r"[\w’']+", text) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


# -- resolution ---------------------------------------------------------------------------


# Words that open a subordinate clause or an adverbial: a name after them is not the
# subject of the sentence's main verb.
_SUBORDINATORS = frozenset(
    [
        *("when", "while", "if", "although", "though", "because", "as", "after", "before"),
        *("since", "until", "once", "unlike", "like", "despite", "without", "whether"),
    ]
)


def _sentence_subject_person(
    body: str, paragraph: Span, at: int, entities: Entities
) -> Entity | None:
    """ "Rubio said that over the last days he has begun “…”", "Perez hammered Trump,
    calling him …, whom he described as “…”": a he or she inside a sentence that a named
    person opens means that person, not the nearest name before the pronoun."""
    window = max(paragraph.start, at - _CONTEXT)
    start = window + _last_break(body[window:at])
    mention = entities.first_mention(start, at)
    if mention is None or mention.possessive or mention.prepositional:
        return None
    if mention.entity.kind != "person":
        return None
    words = body[start : mention.start].split()
    if len(words) > 6 or any(w.casefold().strip(",") in _SUBORDINATORS for w in words):
        return None
    return mention.entity


def _resolve(
    body: str,
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
            entity.organization = entity.organization or phrase.affiliation
            entity.mentions[subject.mention] += 0
        return entity
    if subject.pronoun:
        floor = paragraph_spans[max(raw.paragraph - 2, 0)].start
        if subject.pronoun in ("he", "she"):
            gender = "m" if subject.pronoun == "he" else "f"
            entity = _sentence_subject_person(body, paragraph_spans[raw.paragraph], at, entities)
            if entity is not None and entity.gender in ("", gender):
                return entity
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
        return resolve_description(subject, entities, at)
    return None
