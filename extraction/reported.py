"""Reported (indirect) speech: what someone said, told in the writer's words.

Each reporting verb of a sentence is read with what stands around it:

    Quill said (that) the ward was full.              subject, verb, content
    On Monday, Quill, the clinic's director, said …   adverbial and appositive first
    The ward was full, Quill said. / …, said Quill.   content first
    The ward, Quill said, was full.                   attribution inside the content
    According to the Health Ministry(,) the ward …    and "…, according to X."
    Quill denied it, saying she hopes to …            a participle after the main clause

A content span starts at "that" when there is one and ends before the full
stop, before a direct quote the sentence goes on with, or where a new clause
with its own reporting verb begins. A reported clause that a direct quote
interrupts is left to the direct-quote rules. Everything is a precompiled
regex or a scan of a bounded window, so the cost stays linear in the text.
"""

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from operator import attrgetter
from typing import NamedTuple

from extraction.speakers import SpeakerRegistry, parse_appositive, parse_subject
from extraction.text import Span
from extraction.types import QuoteSpan
from extraction.verbs import (
    VERBS,
    Complement,
    ReportingVerb,
    alternation,
    is_noun_like,
    lookup,
)

MIN_CONTENT_WORDS = 4
MAX_SUBJECT_WORDS = 10
MAX_APPOSITIVE_WORDS = 25
MAX_SENTENCE_CHARS = 1_500
_WINDOW = 300  # characters before a verb searched for its subject

# Verbs whose object says what was said: "accused the mayor of lying".
_OBJECT_REPORTS = frozenset(["accuse", "cite", "criticize", "criticise", "describe", "dismiss"])
# Forms whose complement can be reported content; "praised the plan" reports no words.
_CONTENT_VERBS = frozenset(
    form
    for verb in VERBS.values()
    if verb.complement is not Complement.OBJECT or verb.lemma in _OBJECT_REPORTS
    for form in verb.forms
)
_CUE_WORDS = alternation(_CONTENT_VERBS | {form.capitalize() for form in _CONTENT_VERBS})
_CUE = re.compile(
    rf"\b(?:(?P<verb>{_CUE_WORDS})|(?P<according>[Aa]ccording\s+to|[Ii]n\s+the\s+words\s+of))\b"
)
_LOWER_CUE_WORDS = alternation(_CONTENT_VERBS | {"according to", "in the words of"})
_LOWER_CUE = re.compile(rf"\b(?:{_LOWER_CUE_WORDS})\b")
# The same words after a space, and after any other character that is neither an ASCII
# letter, digit or underscore nor a space: patterns that start with a literal or a small
# character class, which the regex engine skips to without trying every position.
_SPACED_CUE = re.compile(rf" ((?:{_LOWER_CUE_WORDS})\b)")
_MARKED_CUE = re.compile(rf"[^a-z0-9_ ]((?:{_LOWER_CUE_WORDS})\b)")
_QUOTE_MARK = re.compile(r"[“”\"]|''")
# Auxiliaries and adverbs between a subject and its verb: "has also said", "he’s long argued".
# Auxiliaries and adverbs between a subject and its verb: "has also said", "he’s long argued".
_AUXILIARIES = frozenset(
    [
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "might",
        "may",
        "can",
        "did",
        "does",
        "do",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "get",
        "gets",
        "got",
        "not",
        "never",
        "also",
        "then",
        "once",
        "again",
        "further",
        "first",
        "even",
        "since",
        "still",
        "now",
        "only",
        "just",
        "long",
        "already",
        "always",
        "often",
        "later",
        "earlier",
        "wo",
        "ca",
    ]
)
_PASSIVE_AUXILIARIES = frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "get", "gets", "got"]
)
_CONTRACTIONS = ("’s", "'s", "’ve", "'ve", "’d", "'d", "’ll", "'ll", "’re", "'re")
_NEGATIONS = ("n’t", "n't")
_SUBJECT_BREAK = re.compile(r'[,;:()“”"—–]')
_SUBORDINATORS = frozenset(
    [
        "if",
        "while",
        "when",
        "as",
        "because",
        "although",
        "though",
        "after",
        "before",
        "since",
        "once",
        "unless",
        "despite",
        "whether",
        "until",
    ]
)
_RELATIVES = frozenset(["that", "which", "who"])
_PREPOSITIONS = frozenset(
    ["in", "on", "at", "for", "with", "by", "from", "of", "to", "about", "under", "during", "into"]
)
_CLAUSE_OPENERS = frozenset(
    [
        "that",
        "which",
        "while",
        "as",
        "because",
        "although",
        "though",
        "when",
        "whether",
        "if",
        "after",
        "before",
        "since",
        "and",
        "but",
        "or",
        "so",
        "where",
        "whereas",
        "until",
        "once",
        "than",
        "what",
        "how",
        "why",
        "nor",
        "yet",
        "unless",
        "whom",
        "whose",
        "who",
        "despite",
    ]
)
_ARTICLES = frozenset(["the", "a", "an", "his", "her", "their", "its", "our", "my", "your"])
_DEMONSTRATIVES = frozenset(["that", "this", "these", "those", "there", "here", "which", "what"])
_PRONOUNS = frozenset(["he", "she", "they", "we", "i", "you", "it"])
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "some",
        "many",
        "most",
        "several",
        "few",
        "both",
        "all",
        "each",
        "none",
        "no",
        "every",
        "everyone",
        "nobody",
        "others",
        "another",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "half",
        "nearly",
        "about",
        "more",
        "less",
        "fewer",
        "one",
    ]
)
# Words that never sit inside a subject noun phrase.
_NOT_IN_SUBJECT = frozenset(
    [
        "to",
        "by",
        "having",
        "that’s",
        "that's",
        "it’s",
        "it's",
        "there’s",
        "there's",
        "what’s",
        "what's",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "might",
        "may",
        "not",
        "took",
        "made",
        "got",
        "went",
        "came",
        "feel",
        "felt",
        "think",
        "thought",
        "believe",
        "know",
        "knew",
        "want",
        "wanted",
        "get",
        "says",
        "said",
        "there",
        "here",
        "what",
        "this",
        "when",
        "then",
    ]
)
_NOT_IN_SUBJECT_OR_PRONOUN = _NOT_IN_SUBJECT | _PRONOUNS
# Time, medium and place after the verb: "said Monday in a statement", "told CNN on Sunday".
_ADJUNCT = (
    r"(?:(?:on\s+|late\s+|early\s+|last\s+|this\s+|next\s+)?(?:Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?|"
    r"yesterday|today|tonight|recently|earlier|later|again|also|repeatedly|publicly|"
    r"privately|then|previously|once|separately|flatly|simply|bluntly|"
    r"(?:last|this|earlier\s+this|late\s+last|early\s+last)\s+(?:week|month|year|night|"
    r"morning|afternoon|evening|fall|spring|summer|winter|weekend)|"
    r"(?:on|in|at|during|via|through|over)\s+(?:(?:a|an|the|his|her|their|its|[A-Z][\w’'.-]*[’']s)\s+)?"
    r"(?:[\w’'.-]+\s+){0,4}?(?:statement|interview|speech|letter|post|tweet|op-ed|email|"
    r"e-mail|memo|news\s+conference|press\s+conference|conference|briefing|call|rally|debate|"
    r"event|meeting|hearing|appearance|session|town\s+hall|forum|release|filing|testimony|"
    r"address|message|video|broadcast|program|show|remarks|Twitter|Facebook|Instagram|"
    r"television|radio|court|week|weekend|month|year|day|morning|afternoon|evening|night)"
    r"(?:\s+(?:with|on|in|at|to|for|of|from)\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})?|"
    r"(?:in|at)\s+(?:[A-Z][\w’'.-]*)(?:,?\s+[A-Z][\w’'.-]*){0,3}|"
    r"on\s+(?:[A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*){0,3}|"
    r"(?:on\s+)?(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})"
    r"(?![\w’'-])"
)
_AUDIENCE = (
    r"(?:him|her|them|us|me|you|(?:(?:the|a|an|his|her|their|its|our)\s+)?(?:[a-z-]+\s+){0,2}"
    r"(?:reporters?|journalists?|crowds?|audiences?|supporters|voters|lawmakers|committee|"
    r"members|panel|gathering|group|newspaper|paper|station|network|magazine|court|jury|"
    r"judge|senators|delegates|students|nation|country|world|conference|advisers|advisors|"
    r"aides|staff|allies|colleagues|donors|friends|followers|viewers|listeners|readers|"
    r"interviewer|host|guests|officials|leaders|executives|employees|workers|people|rally|"
    r"town\s+hall|hall|room|radio\s+host|anchor|moderator|congregation|church|press)|"
    r"(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+(?:of\s+)?[A-Z][\w’'.&-]*){0,5})"
)
_AFTER_VERB = re.compile(rf"(?:\s*,?\s+{_ADJUNCT})*,?")
_AFTER_TELLING = re.compile(rf"(?:\s*,?\s+{_ADJUNCT})*(?:\s+{_AUDIENCE})?(?:\s*,?\s+{_ADJUNCT})*,?")
_TELLING = frozenset(
    ["tell", "inform", "assure", "remind", "warn", "advise", "notify", "reassure", "brief"]
)
# After the verb and its adjuncts, text that is not a reported clause.
_NOT_CONTENT = re.compile(
    r"(?:to|by|of|for|about|with|at|on|in|into|from|so|that\s+(?:is|was|way)|yes|no|"
    r"nothing|something|anything|little|much|otherwise|goodbye|hello|thanks|sorry|as|"
    r"when|while|after|before|during|than|then|there|here|and|but|or|out|up|down|off|back)\b"
    r"[\s.,;:!?]*",
    re.IGNORECASE,
)
# Verbs after which the content is a clause whatever it looks like.
_CLAUSE_CERTAIN = frozenset(["say"])
_FIRST_WORDS = re.compile(r"(?:\S+\s+){1,7}\S+")
_CLAUSE_START = re.compile(r"(?:that|whether|if|why|how|what|when|where|who|to)\b", re.IGNORECASE)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|has|have|had|will|would|can|could|should|may|might|must|do|does|"
    r"did|won[’']t|can[’']t|cannot)\b|n[’']t\b|[’'](?:s|re|ll|d|ve|m)\b|\b[a-z]{3,}ed\b",
    re.IGNORECASE,
)
_THAT_AHEAD = re.compile(r"(?:[^\s,.;:!?“”\"]+\s+){1,12}?(?P<that>that)\s")
_QUESTION_START = re.compile(r"(?:whether|if|why|how|what|when|where|who|which)\b", re.IGNORECASE)
_VERB = alternation(_CONTENT_VERBS)
_NEW_SPEAKER = (
    rf"(?:(?:then|also|later)\s+)?(?:{_VERB})|"
    r"(?:the\s+)?[A-Z][\w’'.-]*\s+(?:[A-Z][\w’'.-]*\s+){0,3}"
    rf"(?:[a-z]+\s+)?(?:{_VERB})|"
    rf"(?:he|she|they|we|I)\s+(?:[a-z]+\s+)?(?:{_VERB})"
)
# Every alternative starts with one literal character, so the regex engine skips ahead
# to those characters instead of trying each alternative at every position.
_CLAUSE_STOP = re.compile(
    r";|“|”|\"|''|"
    r",\s+(?:while|whereas|although|though|according\s+to|which|who|"
    rf"(?:(?:and|but)\s+)?(?:also\s+)?(?:{_VERB})|"
    rf"(?:and|but)\s+(?:{_NEW_SPEAKER}))\b|"
    rf" (?:and|but)\s+(?:{_NEW_SPEAKER})\b"
)
# A direct quote closes right before the attribution: "“…,” Quill said".
_AFTER_QUOTE = re.compile(r"(?:[,.!?]\s*[”\"]|[”\"]\s*,|[,.!?]\s*'')\s*$")
# Words that open an appositive or a relative clause rather than the rest of the content.
_APPOSITIVE_START = re.compile(
    r"\s*(?:a|an|which|who|whose|where|adding|saying|citing|noting|pointing|referring|"
    r"calling|arguing|explaining|in\s+a\s+statement|in\s+an\s+interview)\b"
)
_INVERTED_SUBJECT = re.compile(
    r"\s+(?P<who>(?:(?:the|a|an)\s+)?(?:[a-z-]+\s+){0,3}?[A-Z][\w’'.-]*"
    r"(?:\s+(?:(?:de|van|von|bin|al|el|da|di|du|la|le|of|for|the)\s+)?[A-Z][\w’'.-]*){0,6}"
    r"|(?:a|an|the)\s+[\w’'-]+(?:\s+[\w’'-]+){0,3}|he|she|they|we|I)"
    r"(?P<rest>(?:\s*\([^()]{1,40}\))?(?:,\s+[^,]{1,140}?){0,3})\s*(?:[,.!?]\s*)*$"
)
_ACCORDING_SOURCE = re.compile(
    r"\s+(?P<who>(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+(?:of\s+|for\s+|the\s+|and\s+)?[A-Z][\w’'.&-]*){0,6})"
    r"\s+(?=[a-z0-9])"
)
# Capitalised words that describe someone without naming them: "the Ohio Democrat".
_AFFILIATIONS = frozenset(
    [
        "Republican",
        "Republicans",
        "Democrat",
        "Democrats",
        "Democratic",
        "Independent",
        "Independents",
        "Conservative",
        "Conservatives",
        "Liberal",
        "Liberals",
        "American",
        "Americans",
    ]
)
_NAME_AT_END = re.compile(r"(?<![\w’'.-])[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}$")
_NAME_AFTER = re.compile(r"\s+(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})")
_WORD = re.compile(r"\w[\w’'.&-]*")
_EDGE = " \t\n,.;:!?—–-"
_START = attrgetter("start")


class _Report(NamedTuple):
    start: int
    end: int
    subject: str
    cue: str
    shape: str
    appositive: str = ""


class ReportedSpeech:
    """The reported speech of one document, read a sentence at a time in document order
    (so that pronouns resolve against the speakers named so far). The reporting verbs of
    the whole document are found in one pass."""

    def __init__(self, body: str, quoted: Sequence[Span], registry: SpeakerRegistry) -> None:
        self._body = body
        self._quoted = quoted  # the direct quotes' spans, by start
        self._registry = registry
        self._cues = [cue for cue in _find_cues(body) if not _is_quoted(cue.start(), quoted)]
        self._cue_starts = [cue.start() for cue in self._cues]

    def in_sentence(self, sentence: Span) -> list[QuoteSpan]:
        found: list[QuoteSpan] = []
        if sentence.end - sentence.start > MAX_SENTENCE_CHARS:
            return found  # not a sentence but unpunctuated text: no clauses to read
        first = bisect.bisect_left(self._cue_starts, sentence.start)
        last = bisect.bisect_left(self._cue_starts, sentence.end, first)
        if first == last:
            return found
        for report in self._reports(sentence, self._cues[first:last]):
            if any(_overlap_without_nesting(report, quote) for quote in found):
                continue
            found.append(self._quote(report))
        return found

    def _reports(self, sentence: Span, cues: list[re.Match[str]]) -> Iterator[_Report]:
        previous_subject = ""
        for index, cue in enumerate(cues):
            if cue.group("according"):
                reports = _according(self._body, sentence, cue, self._quoted)
            else:
                if not previous_subject and index > 0 and _is_participle(cue.group("verb")):
                    # "“…,” Quill said, warning that …": the subject of the verb before.
                    previous_subject = _subject_of(self._body, sentence, cues[index - 1])
                reports = _verb(self._body, sentence, cue, self._quoted, previous_subject)
            for report in reports:
                previous_subject = report.subject
                yield report

    def _quote(self, report: _Report) -> QuoteSpan:
        subject = parse_subject(report.subject)
        name = _NAME_AT_END.search(report.subject) if subject is None else None
        if name and name.group().split()[-1] not in _AFFILIATIONS:
            subject = parse_subject(name.group())  # "The veteran Quill" → "Quill"
        # "the senator", "the association": a description resolves as a direct quote's
        # frame resolves it; a name or a pronoun through the registry.
        speaker = self._registry.describe(report.subject)
        if speaker is None and subject is not None:
            speaker = self._registry.resolve(subject)
        if speaker and report.appositive and subject is not None and subject.kind == "person":
            self._registry.enrich(speaker, *parse_appositive(report.appositive))
        return QuoteSpan(
            kind="indirect",
            text=self._body[report.start : report.end],
            start=report.start,
            end=report.end,
            speaker=speaker,
            mention=subject.mention if subject is not None else report.subject,
            cue=report.cue,
            confidence=0.6,
            method=f"reported-{report.shape}",
        )


def _find_cues(body: str) -> list[re.Match[str]]:
    """_CUE's matches, in order. Scanning the lower-cased text with lower-case forms only
    and matching _CUE where they start is faster than scanning with _CUE, whose
    alternatives are twice as many."""
    lowered = body.lower()
    if len(lowered) != len(body):  # a few characters lower-case to two ("İ")
        return list(_CUE.finditer(body))
    found = (_CUE.match(body, start) for start in _lower_cue_starts(lowered))
    return [match for match in found if match is not None]


def _lower_cue_starts(lowered: str) -> list[int]:
    """Where _LOWER_CUE's matches start, in order. A word starts the text or follows a
    space or another character outside words, so _SPACED_CUE and _MARKED_CUE together
    find every match. _MARKED_CUE's class also holds the letters and digits outside
    ASCII, after which no word starts: if it matched after one, or if two matches of the
    two scans overlap (which one scan never yields), the text is scanned again as one."""
    at_start = _LOWER_CUE.match(lowered)
    spans = [at_start.span()] if at_start else []
    spans.extend(match.span(1) for match in _SPACED_CUE.finditer(lowered))
    marked = [match.span(1) for match in _MARKED_CUE.finditer(lowered)]
    if marked:
        if any(lowered[start - 1].isalnum() for start, _ in marked):
            return [match.start() for match in _LOWER_CUE.finditer(lowered)]
        spans.extend(marked)
        spans.sort()
    if any(start < end for (_, end), (start, _) in itertools.pairwise(spans)):
        return [match.start() for match in _LOWER_CUE.finditer(lowered)]
    return [start for start, _ in spans]


def _overlap_without_nesting(report: _Report, quote: QuoteSpan) -> bool:
    """Reports may nest ("The campaign said X, CNN reported") but not cross."""
    if report.end <= quote.start or quote.end <= report.start:
        return False
    nested = (quote.start <= report.start and report.end <= quote.end) or (
        report.start <= quote.start and quote.end <= report.end
    )
    return not nested or (report.start, report.end) == (quote.start, quote.end)


def _is_participle(word: str) -> bool:
    return word.endswith("ing")


def _subject_of(body: str, sentence: Span, cue: re.Match[str]) -> str:
    """Who speaks through a cue, in either order: "Quill said", "said Quill"."""
    if cue.group("according"):
        return ""
    before = body[max(sentence.start, cue.start() - _WINDOW) : cue.start()]
    subject = _subject_before(_without_auxiliaries(before)[0]).text
    if subject:
        return subject
    inverted = _NAME_AFTER.match(body, cue.end(), sentence.end)
    return inverted.group("who") if inverted else ""


def _verb(
    body: str, sentence: Span, cue: re.Match[str], quoted: Sequence[Span], previous_subject: str
) -> Iterator[_Report]:
    word = cue.group("verb")
    word = word.casefold() if " " not in word else " ".join(word.casefold().split())
    verb = lookup(word)
    if verb is None:
        return
    if cue.group()[:1].isupper() and cue.start() != sentence.start:
        return  # part of a name: "the United States", "The Washington Post"
    if is_noun_like(word) and not body.startswith(" that ", cue.end()):
        previous_word = body[max(sentence.start, cue.start() - 8) : cue.start()].split()[-1:]
        if not previous_word or previous_word[0].casefold() not in _PRONOUNS:
            return  # "the report", "state media": a noun unless a pronoun precedes it
    before = body[max(sentence.start, cue.start() - _WINDOW) : cue.start()]
    offset = cue.start() - len(before)
    if _ends_after_quote(before):
        return  # it attributes a direct quote
    head, passive = _without_auxiliaries(before)
    if passive and not word.endswith("ing"):
        return  # "was told that …": the subject heard it

    if _is_participle(word) and head.endswith(","):
        # "Quill denied it, saying she hopes to …": the main clause's subject.
        subject = previous_subject or _main_subject(body[sentence.start : cue.start()])
        span = _content_after(body, cue, sentence, quoted, verb)
        if subject and span:
            yield _Report(*span, subject=subject, cue=word, shape="participle")
        return
    pattern = _AFTER_TELLING if verb.lemma in _TELLING else _AFTER_VERB
    after_verb = pattern.match(body, cue.end(), sentence.end)
    rest = after_verb.end() if after_verb else cue.end()
    tail = body[rest : sentence.end]
    content_first = None
    if (
        tail.strip(_EDGE)
        and not head.endswith(",")
        and not body[cue.end() : rest].rstrip().endswith(",")
    ):
        # Only "Quill said (that) …" remains possible: reading the content is cheaper
        # than looking for the subject, and most verbs without content end here.
        content_first = _content_after(body, cue, sentence, quoted, verb, rest)
        if content_first is None:
            return
    found = _subject_before(head)
    if head.endswith(",") and not found.text:
        # "The ward was full, said Quill, the clinic's director."
        inverted = _INVERTED_SUBJECT.match(body, cue.end(), sentence.end)
        if inverted and not is_noun_like(word):
            span = _trimmed(body, sentence.start, offset + len(head) - 1, quoted)
            if span:
                who, title = inverted.group("who", "rest")
                yield _Report(*span, subject=who, cue=word, shape="inverted", appositive=title)
            return
    subject_start = -1
    if head.endswith((" and", " but")):
        # "Quill said the ward was full and added that …", "Quill denied it but said …"
        subject = previous_subject or _main_subject(body[sentence.start : offset + len(head)])
        if not subject:
            return
        found = _Subject(subject, -1)
    elif head.endswith(", who"):
        # "…, Quill, who said the ward was full, …"
        found = _subject_before(head[: head.rfind(",")])
        if not found.text:
            return
    else:
        if not found.text:
            return
        subject_start = found.start + offset
        if _ends_after_quote(body[max(sentence.start, subject_start - 8) : subject_start]):
            return  # "“…?” Quill told the radio in an interview": the verb attributes the quote
    subject, appositive = found.text, found.appositive
    comma = _comma_before(body, subject_start) if subject_start >= 0 else None
    if not tail.strip(_EDGE):
        # "The ward was full, Quill said (on Monday)."
        if comma is not None:
            span = _trimmed(body, sentence.start, comma, quoted)
            if span:
                yield _Report(
                    *span, subject=subject, cue=word, shape="trailing", appositive=appositive
                )
        return
    if comma is not None and body[cue.end() : rest].rstrip().endswith(","):
        if _APPOSITIVE_START.match(tail):
            span = _trimmed(body, sentence.start, comma, quoted)
            if span:
                yield _Report(
                    *span, subject=subject, cue=word, shape="trailing", appositive=appositive
                )
        else:
            # "The ward, Quill said, was full": the attribution interrupts the content.
            span = _trimmed(body, sentence.start, sentence.end, quoted)
            if span:
                yield _Report(
                    *span, subject=subject, cue=word, shape="interpolated", appositive=appositive
                )
        return
    span = content_first or _content_after(body, cue, sentence, quoted, verb, rest)
    if (
        span
        and found.opener in _SUBORDINATORS
        and not body[cue.end() : span[0]].rstrip().endswith(",")
    ):
        # "If Quill said that X, Y" and "…, when Quill said that X, Y": the reported clause
        # ends with the subordinate one (but in "As Quill said, X" it is the main clause).
        comma = body.find(", ", span[0], span[1])
        span = _trimmed(body, span[0], comma, quoted) if comma > 0 else span
    if (
        span
        and found.opener in _RELATIVES
        and not body.startswith("that ", span[0])
        and _preceding_word(body, found.opener_start + offset) not in _PREPOSITIONS
    ):
        # "a rule that he said would make it harder": the relative pronoun is the subject
        # of the reported clause.
        span = (found.opener_start + offset, span[1])
    if span:
        yield _Report(*span, subject=subject, cue=word, shape="subject-verb", appositive=appositive)


def _according(
    body: str, sentence: Span, cue: re.Match[str], quoted: Sequence[Span]
) -> Iterator[_Report]:
    word = " ".join(cue.group("according").casefold().split())
    before = body[sentence.start : cue.start()].rstrip()
    after = body[cue.end() : sentence.end]
    if before.endswith(","):
        # "The ward was full, according to Quill." / "The ward, according to Quill, was full."
        source, separator, rest = after.partition(",")
        if separator and rest.strip(_EDGE) and not _APPOSITIVE_START.match(rest):
            span = _trimmed(body, sentence.start, sentence.end, quoted)
        else:
            span = _trimmed(body, sentence.start, sentence.start + len(before) - 1, quoted)
        if span:
            yield _Report(*span, subject=source.strip(_EDGE), cue=word, shape="according-to")
        return
    if before.strip(_EDGE):
        return
    comma = after.find(",")
    if comma >= 0 and len(after[:comma].split()) <= MAX_SUBJECT_WORDS + 2:
        source, start = after[:comma], cue.end() + comma + 1
    else:
        # "According to the Health Ministry the ward was full": the source is a name.
        match = _ACCORDING_SOURCE.match(body, cue.end(), sentence.end)
        if match is None:
            return
        source, start = match.group("who"), match.end()
    span = _trimmed(body, start, sentence.end, quoted)
    if span:
        yield _Report(*span, subject=source.strip(_EDGE), cue=word, shape="according-to")


class _Subject(NamedTuple):
    text: str
    start: int  # in the text searched
    appositive: str = ""
    opener: str = ""  # the word opening the clause: "if", "which", …
    opener_start: int = -1


_NO_SUBJECT = _Subject("", -1)


def _subject_before(head: str) -> _Subject:
    """The subject ending `head` (the text before the verb) with the appositive between it
    and the verb and the word opening its clause; _NO_SUBJECT when there is none."""
    appositive = ""
    text = head.rstrip()
    if text.endswith(")"):
        # "Sen. Sean Duffy (R-Wisc.) said"
        opening = text.rfind("(")
        if opening < 0:
            return _NO_SUBJECT
        appositive, text = text[opening:], text[:opening].rstrip()
    elif text.endswith(","):
        # "Quill, the clinic's director, said", "Cole, 62, said"
        opening = text.rfind(",", 0, len(text) - 1)
        if opening < 0 or len(text[opening:].split()) > MAX_APPOSITIVE_WORDS:
            return _NO_SUBJECT
        appositive, text = text[opening + 1 : -1], text[:opening]
    # The subject lies after the last punctuation mark, and after the last clause opener.
    # The subject lies after the last punctuation mark, and after the last clause opener.
    start = len(text) - len(_SUBJECT_BREAK.split(text[-100:])[-1])
    words = _WORD.findall(text, start)
    begin = len(words)
    while begin > 0:
        lowered = words[begin - 1].casefold()
        if (
            lowered in _CLAUSE_OPENERS
            and words[begin - 1] not in ("That", "This")  # determiners: "That person said"
            and not (lowered == "and" and begin < len(words) and words[begin][:1].isupper())
        ):
            break
        begin -= 1
        if len(words) - begin > MAX_SUBJECT_WORDS:
            return _NO_SUBJECT
    if begin < len(words) and words[begin] == "and":
        begin += 1  # ", and Tom Okafor said": a new clause, not "Quill and Okafor"
    chosen = words[begin:]
    if not chosen or not _is_subject(chosen):
        return _NO_SUBJECT
    # Offsets, found back from the end: each word is the last one before the next.
    offsets: list[int] = []
    position = len(text)
    for word in reversed(words[max(begin - 1, 0) :]):
        position = text.rfind(word, 0, position)
        offsets.append(position)
    offsets.reverse()
    opener_start, subject_offsets = (offsets[0], offsets[1:]) if begin else (-1, offsets)
    return _Subject(
        text=text[subject_offsets[0] : subject_offsets[-1] + len(chosen[-1])],
        start=subject_offsets[0],
        appositive=appositive.strip(),
        opener=words[begin - 1].casefold() if begin else "",
        opener_start=opener_start,
    )


def _is_subject(words: list[str]) -> bool:
    """Whether the words can be a noun phrase naming who spoke."""
    lowered = [word.casefold() for word in words]
    if lowered[0] in _PRONOUNS:
        return len(words) == 1
    if not _NOT_IN_SUBJECT_OR_PRONOUN.isdisjoint(lowered):
        return False
    if lowered[-1] == "and" or (lowered[-1].endswith("ed") and not words[-1][:1].isupper()):
        return False
    if len(words) == 1 and lowered[0] in _DEMONSTRATIVES:
        return False  # "That said, …"
    if lowered[-1] in _ARTICLES or lowered[-1] in _PREPOSITIONS:
        return False  # "the estimated 40 beds", "In her proposed budget"
    if lowered[-1].endswith(("’s", "'s")) or any(
        word.endswith("ing") and word.islower() for word in words
    ):
        return False  # "Quill's continued insistence", "by using a count of pledged"
    first = words[0]
    if first[:1].isupper() or first[:1].isdigit() or lowered[0] in _DETERMINERS:
        return True
    # A bare plural: "officials", "election officials", "proponents of stricter rules".
    return lowered[0].endswith("s") or (len(words) <= 3 and lowered[-1].endswith("s"))


def _main_subject(text: str) -> str:
    """The subject opening a sentence's main clause: "On Monday, Quill denied it" → "Quill"."""
    start = 0
    comma = text.find(",")
    first = text[: max(comma, 0)].split()[:1]
    if first and first[0].casefold() in _INTRODUCERS and len(text[:comma].split()) <= 8:
        start = comma + 1  # "On Monday, …", "In a statement, …"
    chosen: list[str] = []
    lowered_run = 0
    for word in _WORD.finditer(text, start):
        token = word.group()
        lowered = token.casefold()
        if not chosen and (lowered in _CONNECTIVES or lowered.endswith("ly")):
            continue
        if (
            token[:1].isupper()
            or (chosen and lowered in _NAME_LINKS)
            or (not chosen and lowered in _DETERMINERS)
        ):
            chosen.append(token)
        elif chosen and chosen[0].casefold() in _DETERMINERS and lowered_run < 3:
            chosen.append(token)  # "the clinic's director", "a spokesman for …"
            lowered_run += 1
            continue
        else:
            break
        lowered_run = 0
    while chosen and chosen[-1].casefold() in _NAME_LINKS | _DETERMINERS:
        chosen.pop()
    return " ".join(chosen) if chosen and _is_subject(chosen) else ""


_INTRODUCERS = frozenset(
    [
        "on",
        "in",
        "at",
        "during",
        "after",
        "before",
        "later",
        "earlier",
        "last",
        "since",
        "while",
        "when",
        "as",
        "for",
        "with",
        "despite",
        "speaking",
        "asked",
    ]
)
_CONNECTIVES = frozenset(
    ["but", "and", "still", "yet", "meanwhile", "so", "also", "instead", "however"]
)
_NAME_LINKS = frozenset(["of", "for", "de", "van", "von", "al", "bin"])


def _content_after(
    body: str,
    cue: re.Match[str],
    sentence: Span,
    quoted: Sequence[Span],
    verb: ReportingVerb,
    rest: int | None = None,
) -> tuple[int, int] | None:
    """The reported content after a verb. `rest`: where the adjuncts and audience after
    the verb end, when the caller has read them already."""
    if rest is None:
        pattern = _AFTER_TELLING if verb.lemma in _TELLING else _AFTER_VERB
        after_verb = pattern.match(body, cue.end(), sentence.end)
        rest = after_verb.end() if after_verb else cue.end()
    start = rest
    while start < sentence.end and body[start].isspace():
        start += 1
    if start < sentence.end and not _CLAUSE_START.match(body, start, sentence.end):
        # "told a crowded hall at a hotel in Baltimore that …": skip to the "that".
        that = _THAT_AHEAD.match(body, start, sentence.end)
        if that is not None and not _FINITE.search(body, start, that.start("that")):
            start = that.start("that")
    if start >= sentence.end or _NOT_CONTENT.match(body, start, sentence.end):
        return None
    if body[start] in "‘'":
        return None  # a quote in single marks
    if verb.complement is Complement.QUESTION and not _QUESTION_START.match(body, start):
        return None
    stop = _CLAUSE_STOP.search(body, start, sentence.end)
    end = sentence.end
    if stop is not None:
        end = stop.start()
        if _QUOTE_MARK.search(stop.group()):
            return None  # a direct quote inside the clause takes it along: "said it was “full”"
    span = _trimmed(body, start, end, quoted)
    if span is None or (
        verb.lemma not in _CLAUSE_CERTAIN
        and verb.complement is not Complement.OBJECT
        and not _is_clause(body, *span)
    ):
        return None
    return span


def _is_clause(body: str, start: int, end: int) -> bool:
    """Whether reported content reads as a clause ("the ward was full", "that …", "whether …")
    rather than an object ("his observations of the rally")."""
    if _CLAUSE_START.match(body, start, end):
        return True
    # The verb comes early in a clause: within its first few words.
    early = _FIRST_WORDS.match(body, start, end)
    return bool(_FINITE.search(body, start, early.end() if early else end))


def _preceding_word(body: str, position: int) -> str:
    words = body[max(0, position - 16) : position].split()
    return words[-1].casefold() if words else ""


def _without_auxiliaries(before: str) -> tuple[str, bool]:
    """The text before a verb without the auxiliaries and adverbs that end it ("Quill has
    also" → "Quill"), and whether they make the verb passive ("was told")."""
    end = len(before.rstrip())
    passive = False
    while end > 0:
        space = before.rfind(" ", 0, end)
        word = before[space + 1 : end]
        lowered = word.casefold()
        if lowered.endswith(_NEGATIONS):
            lowered = lowered[:-3]
        if lowered.endswith(_CONTRACTIONS):
            # "he’s said", "they’ve argued": the subject is "he"
            end -= len(lowered) - max(lowered.rfind("’"), lowered.rfind("'"))
            break
        if lowered in _AUXILIARIES or (lowered.endswith("ly") and word.islower()):
            passive = passive or lowered in _PASSIVE_AUXILIARIES
            end = len(before[: max(space, 0)].rstrip())
            continue
        break
    return before[:end].rstrip(), passive


def _ends_after_quote(text: str) -> bool:
    return bool(_AFTER_QUOTE.search(text.rstrip()[-4:]))


def _comma_before(body: str, position: int) -> int | None:
    index = position - 1
    while index >= 0 and body[index].isspace():
        index -= 1
    return index if index >= 0 and body[index] == "," else None


def _trimmed(body: str, start: int, end: int, quoted: Sequence[Span]) -> tuple[int, int] | None:
    """start..end without edge white space and punctuation; None when that is too short or
    contains a direct quote."""
    while start < end and body[start] in _EDGE:
        start += 1
    while end > start and body[end - 1] in _EDGE:
        end -= 1
    if end - start < 10 or _is_quoted(start, quoted) or _QUOTE_MARK.search(body, start, end):
        return None
    if len(body[start:end].split()) < MIN_CONTENT_WORDS:
        return None
    return start, end


def _is_quoted(position: int, quoted: Sequence[Span]) -> bool:
    index = bisect.bisect_right(quoted, position, key=_START) - 1
    return index >= 0 and quoted[index].start <= position < quoted[index].end
