"""Reporting verbs: the words news copy uses to say that someone said something.

Every lemma is listed once with what it takes after it; the inflected forms
(-s, -ed, -ing and the irregular ones) are derived here, so callers look words up
instead of writing their own lists:

    lemma("insisted") == "insist"
    takes_clause("warned")          # "warned that …", "warned the ward was full"
    is_noun_like("report")          # "the report" far more often than "they report"
    VERB_RE.search(sentence)        # any form, whole words, case-insensitive

Self-contained on purpose: direct-quote attribution and reported speech both read it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Complement(Enum):
    """What follows the verb when it reports speech."""

    CLAUSE = "clause"  # a finite clause, with or without "that": "said (that) the ward was full"
    QUESTION = "question"  # "asked whether …", "wondered why …"
    OBJECT = "object"  # a noun phrase about what was said: "praised the plan", "denied it"


@dataclass(frozen=True)
class ReportingVerb:
    lemma: str
    forms: tuple[str, ...]
    complement: Complement
    # Base and -s forms that in news copy are mostly nouns ("the report", "state media").
    noun_like: bool = False


_CLAUSE = Complement.CLAUSE
_QUESTION = Complement.QUESTION
_OBJECT = Complement.OBJECT

# Verbs whose final consonant doubles before -ed and -ing.
_DOUBLING = frozenset(["admit", "quip", "rebut", "concur", "regret", "blog", "slam", "snap"])
# Past tense and participles that do not follow the rules: lemma -> forms beyond base/-s/-ing.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "swear": ("swore", "sworn"),
    "speak": ("spoke", "spoken"),
    "forecast": ("forecast", "forecasted"),
    "broadcast": ("broadcast",),
    "foresee": ("foresaw", "foreseen"),
    "hit back": ("hit back",),
    "shoot back": ("shot back",),
    "think aloud": ("thought aloud",),
    "lay out": ("laid out",),
    "make clear": ("made clear",),
    "plead": ("pleaded", "pled"),
}
# British spellings that double a final l: "signalled", "labelling".
_BRITISH_DOUBLE_L = frozenset(["signal", "label", "counsel"])
# lemma, what it takes after it, whether its bare forms are mostly nouns in news copy.
_LEXICON: tuple[tuple[str, Complement, bool], ...] = (
    ("say", _CLAUSE, False),
    ("tell", _CLAUSE, False),
    ("add", _CLAUSE, False),
    ("state", _CLAUSE, True),
    ("announce", _CLAUSE, False),
    ("comment", _CLAUSE, True),
    ("conclude", _CLAUSE, False),
    ("declare", _CLAUSE, False),
    ("acknowledge", _CLAUSE, False),
    ("gush", _CLAUSE, False),
    ("boast", _CLAUSE, False),
    ("brag", _CLAUSE, False),
    ("argue", _CLAUSE, False),
    ("warn", _CLAUSE, False),
    ("insist", _CLAUSE, False),
    ("claim", _CLAUSE, True),
    ("explain", _CLAUSE, False),
    ("note", _CLAUSE, True),
    ("predict", _CLAUSE, False),
    ("estimate", _CLAUSE, True),
    ("suggest", _CLAUSE, False),
    ("admit", _CLAUSE, False),
    ("deny", _CLAUSE, False),
    ("confirm", _CLAUSE, False),
    ("report", _CLAUSE, True),
    ("write", _CLAUSE, False),
    ("tweet", _CLAUSE, True),
    ("post", _CLAUSE, True),
    ("blog", _CLAUSE, True),
    ("testify", _CLAUSE, False),
    ("reply", _CLAUSE, True),
    ("respond", _CLAUSE, False),
    ("answer", _CLAUSE, True),
    ("repeat", _CLAUSE, False),
    ("reiterate", _CLAUSE, False),
    ("recall", _CLAUSE, True),
    ("recount", _CLAUSE, False),
    ("complain", _CLAUSE, False),
    ("concede", _CLAUSE, False),
    ("contend", _CLAUSE, False),
    ("maintain", _CLAUSE, False),
    ("assert", _CLAUSE, False),
    ("allege", _CLAUSE, False),
    ("promise", _CLAUSE, True),
    ("vow", _CLAUSE, True),
    ("pledge", _CLAUSE, True),
    ("swear", _CLAUSE, False),
    ("threaten", _CLAUSE, False),
    ("urge", _CLAUSE, True),
    ("caution", _CLAUSE, True),
    ("stress", _CLAUSE, True),
    ("emphasize", _CLAUSE, False),
    ("emphasise", _CLAUSE, False),
    ("point out", _CLAUSE, False),
    ("spell out", _CLAUSE, False),
    ("lay out", _CLAUSE, False),
    ("make clear", _CLAUSE, False),
    ("reveal", _CLAUSE, False),
    ("disclose", _CLAUSE, False),
    ("indicate", _CLAUSE, False),
    ("signal", _CLAUSE, True),
    ("forecast", _CLAUSE, True),
    ("project", _CLAUSE, True),
    ("calculate", _CLAUSE, False),
    ("counter", _CLAUSE, True),
    ("retort", _CLAUSE, True),
    ("rebut", _CLAUSE, False),
    ("quip", _CLAUSE, True),
    ("joke", _CLAUSE, True),
    ("muse", _CLAUSE, True),
    ("remark", _CLAUSE, True),
    ("mention", _CLAUSE, True),
    ("observe", _CLAUSE, False),
    ("hint", _CLAUSE, True),
    ("imply", _CLAUSE, False),
    ("assure", _CLAUSE, False),
    ("inform", _CLAUSE, False),
    ("advise", _CLAUSE, False),
    ("notify", _CLAUSE, False),
    ("proclaim", _CLAUSE, False),
    ("affirm", _CLAUSE, False),
    ("reaffirm", _CLAUSE, False),
    ("agree", _CLAUSE, False),
    ("concur", _CLAUSE, False),
    ("object", _CLAUSE, True),
    ("protest", _CLAUSE, True),
    ("lament", _CLAUSE, True),
    ("regret", _CLAUSE, True),
    ("demand", _CLAUSE, True),
    ("propose", _CLAUSE, False),
    ("recommend", _CLAUSE, False),
    ("speculate", _CLAUSE, False),
    ("surmise", _CLAUSE, False),
    ("theorize", _CLAUSE, False),
    ("theorise", _CLAUSE, False),
    ("hypothesize", _CLAUSE, False),
    ("guess", _CLAUSE, True),
    ("reckon", _CLAUSE, False),
    ("figure", _CLAUSE, True),
    ("charge", _CLAUSE, True),
    ("grumble", _CLAUSE, False),
    ("exclaim", _CLAUSE, False),
    ("shout", _CLAUSE, True),
    ("yell", _CLAUSE, True),
    ("scream", _CLAUSE, True),
    ("whisper", _CLAUSE, True),
    ("mutter", _CLAUSE, False),
    ("murmur", _CLAUSE, True),
    ("cry", _CLAUSE, True),
    ("sigh", _CLAUSE, True),
    ("snap", _CLAUSE, True),
    ("scoff", _CLAUSE, False),
    ("sneer", _CLAUSE, False),
    ("chide", _CLAUSE, False),
    ("scold", _CLAUSE, False),
    ("clarify", _CLAUSE, False),
    ("specify", _CLAUSE, False),
    ("elaborate", _CLAUSE, False),
    ("continue", _CLAUSE, False),
    ("hit back", _CLAUSE, False),
    ("fire back", _CLAUSE, False),
    ("shoot back", _CLAUSE, False),
    ("chime in", _CLAUSE, False),
    ("weigh in", _CLAUSE, False),
    ("think aloud", _CLAUSE, False),
    ("broadcast", _CLAUSE, True),
    ("publish", _CLAUSE, False),
    ("foresee", _CLAUSE, False),
    ("confide", _CLAUSE, False),
    ("confess", _CLAUSE, False),
    ("plead", _CLAUSE, False),
    ("opine", _CLAUSE, False),
    ("posit", _CLAUSE, False),
    ("aver", _CLAUSE, False),
    ("attest", _CLAUSE, False),
    ("certify", _CLAUSE, False),
    ("relay", _CLAUSE, False),
    ("convey", _CLAUSE, False),
    ("reassure", _CLAUSE, False),
    ("guarantee", _CLAUSE, True),
    ("bemoan", _CLAUSE, False),
    ("moan", _CLAUSE, False),
    ("summarize", _CLAUSE, False),
    ("summarise", _CLAUSE, False),
    ("speak", _OBJECT, False),
    ("ask", _QUESTION, False),
    ("question", _QUESTION, True),
    ("wonder", _QUESTION, True),
    ("inquire", _QUESTION, False),
    ("enquire", _QUESTION, False),
    ("query", _QUESTION, True),
    ("praise", _OBJECT, True),
    ("criticize", _OBJECT, False),
    ("criticise", _OBJECT, False),
    ("condemn", _OBJECT, False),
    ("denounce", _OBJECT, False),
    ("decry", _OBJECT, False),
    ("blast", _OBJECT, True),
    ("slam", _OBJECT, True),
    ("blame", _OBJECT, True),
    ("accuse", _OBJECT, False),
    ("describe", _OBJECT, False),
    ("call", _OBJECT, True),
    ("label", _OBJECT, True),
    ("brand", _OBJECT, True),
    ("dismiss", _OBJECT, False),
    ("reject", _OBJECT, False),
    ("tout", _OBJECT, True),
    ("hail", _OBJECT, True),
    ("applaud", _OBJECT, False),
    ("welcome", _OBJECT, True),
    ("cite", _OBJECT, False),
    ("quote", _OBJECT, True),
    ("defend", _OBJECT, False),
    ("attack", _OBJECT, True),
    ("mock", _OBJECT, True),
    ("ridicule", _OBJECT, True),
    ("endorse", _OBJECT, False),
    ("discuss", _OBJECT, False),
    ("dispute", _OBJECT, True),
    ("refute", _OBJECT, False),
    ("outline", _OBJECT, True),
)


def _inflections(lemma: str) -> tuple[str, ...]:
    """base, -s, -ed, -ing and any irregular forms; for "point out" the verb is inflected."""
    verb, _, particle = lemma.partition(" ")
    tail = f" {particle}" if particle else ""
    if verb.endswith(("s", "x", "z", "ch", "sh")):
        third = verb + "es"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    if verb in _DOUBLING:
        past, present = verb + verb[-1] + "ed", verb + verb[-1] + "ing"
    elif verb.endswith("e"):
        past, present = verb + "d", verb[:-1] + "ing"
        if verb.endswith(("ee", "ye", "oe")):
            present = verb + "ing"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        past, present = verb[:-1] + "ied", verb + "ing"
    else:
        past, present = verb + "ed", verb + "ing"
    if lemma in _IRREGULAR:
        derived = (verb, third, present, *(form.partition(" ")[0] for form in _IRREGULAR[lemma]))
    else:
        derived = (verb, third, past, present)
    if verb in _BRITISH_DOUBLE_L:
        derived = (*derived, verb + "led", verb + "ling")
    return tuple(dict.fromkeys(form + tail for form in derived))


def _build() -> dict[str, ReportingVerb]:
    verbs: dict[str, ReportingVerb] = {}
    for lemma_, complement, noun_like in _LEXICON:
        verbs.setdefault(lemma_, ReportingVerb(lemma_, _inflections(lemma_), complement, noun_like))
    return verbs


VERBS: dict[str, ReportingVerb] = _build()
_BY_FORM: dict[str, ReportingVerb] = {form: verb for verb in VERBS.values() for form in verb.forms}

REPORTING_VERBS: frozenset[str] = frozenset(_BY_FORM)
"""Every form of every reporting verb, lower case; phrasal verbs contain one space."""

CLAUSE_VERBS: frozenset[str] = frozenset(
    form for form, verb in _BY_FORM.items() if verb.complement is Complement.CLAUSE
)
"""Forms that introduce reported content as a clause: "said (that) …"."""

NOUN_LIKE_FORMS: frozenset[str] = frozenset(
    form
    for verb in VERBS.values()
    if verb.noun_like
    for form in verb.forms[:2]  # base and -s: "the report(s)"; "reported" is a verb
)
"""Bare forms that news copy mostly uses as nouns; trust them only next to a subject."""

_Trie = dict[str, "_Trie"]


def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of the words that shares prefixes
    ("sa(?:id|ys?|ying)"): with hundreds of words a flat alternation makes the regex engine
    try every word at every position. A space in a word matches any white space."""
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: _Trie) -> str:
        alternatives = [
            (r"\s+" if char == " " else re.escape(char)) + branch(node[char])
            for char in sorted(node)
            if char
        ]
        if not alternatives:
            return ""
        if len(alternatives) == 1 and "" not in node:
            return alternatives[0]
        return f"(?:{'|'.join(alternatives)}){'?' if '' in node else ''}"

    return branch(root)


VERB_PATTERN: str = alternation(REPORTING_VERBS)
"""A regular-expression alternation of every form (prefixes shared); wrap it in a group."""

CASED_VERB_PATTERN: str = alternation(
    REPORTING_VERBS | {form[:1].upper() + form[1:] for form in REPORTING_VERBS}
)
"""The same alternation for case-sensitive matching, which is several times faster: every
form in lower case and capitalised ("said", "Said"), not in capitals ("SAID")."""

VERB_RE: re.Pattern[str] = re.compile(rf"\b(?:{VERB_PATTERN})\b", re.IGNORECASE)
"""Any reporting-verb form as a whole word (or words), whatever its case."""

_SPACES = re.compile(r"\s+")


def lookup(word: str) -> ReportingVerb | None:
    """The reporting verb a form belongs to: "Warned" → warn; None for other words."""
    verb = _BY_FORM.get(word)  # the common case, a lower-case form as it stands
    return verb if verb is not None else _BY_FORM.get(_normalized(word))


def lemma(word: str) -> str | None:
    """The dictionary form of a reporting-verb form: "insisted" → "insist"."""
    verb = lookup(word)
    return verb.lemma if verb is not None else None


def takes_clause(word: str) -> bool:
    """Whether the form reports content as a clause ("said that …", "warned the …")."""
    verb = lookup(word)
    return verb is not None and verb.complement is Complement.CLAUSE


def is_noun_like(word: str) -> bool:
    """Whether the bare form is mostly a noun in news copy ("report", "claims", "call")."""
    if word in _BY_FORM:  # the common case, a lower-case form as it stands
        return word in NOUN_LIKE_FORMS
    return _normalized(word) in NOUN_LIKE_FORMS


def _normalized(word: str) -> str:
    return _SPACES.sub(" ", word.strip()).casefold()
