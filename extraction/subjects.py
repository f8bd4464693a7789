"""Speaker phrases: the noun phrase a reporting frame names, read into its parts.

"Afghan-born deputy director Rosa Diaz", "Ivo Brandt, the Port Authority
spokesperson,", "Rep. Carl Mott (D-Ore.)", "she", "a company spokeswoman": the
name (title included), the role and organisation around it, a pronoun, or the head
noun of a description. Resolution to an entity happens elsewhere; this module only
reads the words.
"""

import re
from dataclasses import dataclass

from extraction.entities import NAME_RUN, TITLE_MODIFIERS, Entities, Entity, split_name
from extraction.lexicon import (
    DESCRIPTION_NOUNS,
    DOCUMENT_WORDS,
    FEMALE_HONORIFICS,
    HONORIFICS,
    ORGANIZATION_WORDS,
    TITLE_WORDS,
)
from extraction.verbs import lookup

NAME_AT_END = re.compile(rf"(?<![\w’'.])(?:{NAME_RUN})$")
_FULL_NAME = re.compile(NAME_RUN)
_NAME_AT_START = re.compile(rf"^(?:{NAME_RUN})")

# Words that may stand between a subject and its reporting verb.
ADVERBS = frozenset(
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
    r"\s*\((?:[RDI]|[A-Z][a-z]+)-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\),?$|,\s*[RDI]-[A-Z][\w.]{0,8},?$"
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

_ROLE_AND_NAME_AT_START = re.compile(
    rf"(?P<role>(?:[a-z][\w’'\-]*\s+){{0,4}}?)(?P<name>{NAME_RUN})"
)
_PARTY_TAG_AT_START = re.compile(
    r"\s*\((?:[RDI]|[A-Z][a-z]+)-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\)|,\s*[RDI]-[A-Z][\w.]{0,8}(?=,)"
)

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


@dataclass(frozen=True)
class Subject:
    """Who a frame names: a name, a pronoun, or a description ("the group")."""

    mention: str
    name: str = ""  # a name phrase, title included
    pronoun: str = ""
    description: str = ""  # the head noun of a description
    role: str = ""
    organization: str = ""


def strip_verb_company(text: str) -> str:
    """Drop what stands between a subject and its verb: adverbs and auxiliaries ("has
    also"), a first coordinated verb ("paused and then"), a verb before an infinitive
    ("went on to", "interjected to")."""
    words = text.split(" ")
    while words and words[-1].casefold() in ADVERBS:
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
    while words and words[-1].casefold() in ADVERBS:
        words.pop()
    return " ".join(words).rstrip()


# "another source speaking to the Ledger said": the participle phrase is not the subject.
_PARTICIPLE_TAIL = re.compile(
    r"(?<=\w)\s+(?:speaking|talking|writing|appearing)\s+(?:to|with|on|in|at|before)\s+[^,]{1,60}$"
)
# "X on Tuesday called", "X, in a statement, said": when and where, not who.
_TIME_TAIL = re.compile(
    r"(?:,?\s+(?:on|last|this|early|late|late on|earlier|later)?\s*"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|night|"
    r"morning|evening|afternoon|weekend)(?:\s+(?:night|morning|evening|afternoon))?"
    r"|,?\s+in\s+(?:a|an|the|his|her|their|its)\s+(?:[a-z]+\s+){0,2}"
    r"(?:statement|interview|speech|letter|email|post|tweet|release|video|op-ed|memo)),?$"
)


_AGENT_TAIL = re.compile(rf"\s+[a-z]+ed\s+by\s+(?:the\s+)?(?:{NAME_RUN}),?$")


def _appositive_name_last(text: str) -> Subject | None:
    """ "the previous Republican nominee, Mitt Romney," : a description, then the name."""
    if not text.endswith(","):
        return None
    chunks = text.rstrip(",").split(",")
    if len(chunks) < 2:
        return None
    last = chunks[-1].strip()
    described = chunks[-2].strip()
    if not _FULL_NAME.fullmatch(last) or len(last.split()) < 2:
        return None
    phrase = split_name(last)
    if phrase is None or phrase.kind != "person":
        return None
    if not _DESCRIBED_BEFORE_NAME.search(described):
        return None
    role = re.sub(r"^.*\b(?:the|a|an|his|her|their)\s+", "", described, flags=re.I)
    return subject_from_name(last, "", role)


# "the previous Republican nominee", "the mayor of Ruston", "a spokesman for the Port
# Authority": a description that a name in apposition follows.
_DESCRIBED_BEFORE_NAME = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w’'\-]+\s+){0,5}[a-z][\w\-]*"
    r"(?:\s+(?:of|for|at|in|with|from)\s+(?:the\s+)?[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,4})?$"
)


def _strip_tail(pattern: re.Pattern[str], text: str, window: int = 160) -> str:
    """text without the end that `pattern` (anchored with $) matches; looks only at the tail."""
    match = pattern.search(text, max(0, len(text) - window))
    return text[: match.start()] if match else text


# -- subject phrases ---------------------------------------------------------------------


def subject_at_end(head: str, whole: bool) -> Subject | None:
    """The noun phrase that ends `head` and is the subject of the verb after it.
    `whole`: head is only the subject phrase (it stood between a quote and its verb)."""
    text = strip_verb_company(head.rstrip())
    parenthetical = text.endswith(",")
    text = _strip_tail(_TIME_TAIL, text, 60).rstrip()
    text = _strip_tail(_PARTICIPLE_TAIL, text, 80).rstrip()
    text = strip_verb_company(text)
    text = _strip_tail(_PARTY_TAG, text, 40).rstrip()
    if not text:
        return None
    agent = _AGENT_TAIL.search(text, max(0, len(text) - 120))
    if agent is not None and agent.start() > 0:
        # "A letter from the Legion obtained by the Ledger warns": the Ledger obtained it.
        text = text[: agent.start()].rstrip()
        parenthetical = False
    if parenthetical and not text.endswith(","):
        # "Quill, speaking to the Ledger on Monday, said": what the time ended is still
        # an aside between commas.
        text += ","
    appositive = ""
    named_last = _appositive_name_last(text)
    if named_last is not None:
        return named_last
    if text.endswith(","):
        text, appositive = _split_appositive(text.rstrip(","))
        if not text:
            return None
        text = _strip_tail(_PARTY_TAG, text, 40).rstrip()
        # "Jeb Bush, the former Florida governor, …": the name, then what describes it.
        described_name = _NAME_THEN_DESCRIPTION.search(text, max(0, len(text) - 160))
        if described_name is not None and is_name(described_name.group("name")):
            words = described_name.group("words")
            if _plain_description(words) or len(words.split()) <= 5:
                return subject_from_name(described_name.group("name"), described_name.group(2))
    words = text.split()
    last = words[-1].casefold() if words else ""
    if last in _PRONOUNS:
        if last == "who":
            antecedent = re.search(rf"({NAME_RUN}),?\s+who$", text)
            if antecedent:
                return subject_from_name(antecedent.group(1), appositive)
            return None
        if whole and len(words) > 2:
            return None
        return Subject(mention=words[-1], pronoun=last)
    name = NAME_AT_END.search(text, max(0, len(text) - 120))
    if name is not None and is_name(name.group()):
        prefix = text[: name.start()]
        if whole and has_clause_words(prefix):
            return None
        role = _role_before(prefix)
        subject = subject_from_name(name.group(), appositive, role)
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
            return subject_at_end(text[: preposition.start()], whole)
        if whole and has_clause_words(text[: described.start()]):
            return None
        before = text[: described.start()].split()
        if (
            before
            and before[-1].islower()
            and before[-1] not in _CLAUSE_JOINTS
            and not before[-1].endswith(",")  # "In a statement, a State Department official"
        ):
            # The object of a verb or a preposition: the frame stands, its speaker is unknown.
            return Subject(mention=described.group().strip())
        return _description(described.group().strip(), described.group("words"), appositive)
    if whole and _OPENING_DETERMINER.match(text):
        # “…,” a spokesman for the buyer said: a description and what qualifies it.
        return _subject_opening(text)
    return None


_NAME_THEN_DESCRIPTION = re.compile(
    rf"(?<![\w’'.])(?P<name>{NAME_RUN}),\s+((?:the|a|an)\s+(?P<words>[^,]+))$"
)
_OPENING_DETERMINER = re.compile(r"(?:the|a|an|one|another)\s", re.I)


_CLAUSE_JOINTS = frozenset(
    ["and", "but", "while", "as", "when", "because", "that", "so", "then", "yet"]
)


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
        if token[:1].isupper():
            continue  # "economist Jared Bernstein": a name, not a participle
        if position and folded.endswith("ed") and position == len(tokens) - 1:
            return False
        if position < len(tokens) - 1 and folded.endswith("ed") and position > 0:
            return False
    return True


def subject_at_start(rest: str) -> Subject | None:
    """The subject after an inverted verb: "said Dr. Mara Quill, head of the clinic"."""
    rest = rest.lstrip()
    if rest.startswith("by "):
        rest = rest[3:]  # "as described by FBI Director James Comey"
    pronoun = re.match(r"(he|she|they|it|we)\b", rest, re.I)
    if pronoun:
        return Subject(mention=pronoun.group(), pronoun=pronoun.group().casefold())
    named = _ROLE_AND_NAME_AT_START.match(rest)
    if named is not None and (
        not is_name(named.group("name"))
        or len(named.group("name").split()) == 1
        or _is_organization(named.group("name"))
    ):
        # "Democratic strategist Simon Rosenberg", "Afghan-born deputy director Rosa Diaz":
        # a capitalised modifier and a role, then the name.
        gap = named.end() + len(rest[named.end() :]) - len(rest[named.end() :].lstrip(" "))
        later = _ROLE_AND_NAME_AT_START.match(rest, gap)
        if (
            later is not None
            and later.group("role").strip()
            and not has_clause_words(rest[: later.start("name")])
            and is_name(later.group("name"))
        ):
            named = _ROLE_AND_NAME_AT_START.match(rest[: later.end()]) or named
            if named.group("name") != later.group("name"):
                role = rest[: later.start("name")].strip()
                return subject_from_name(later.group("name"), "", role)
    if named is not None and is_name(named.group("name")):
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
            subject = subject_from_name(named.group("name"), appositive, role)
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
        return subject_at_end(clause, whole=True)
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


def sentence_subject(head: str) -> Subject | None:
    """ "X criticized the plan on Tuesday, saying": the subject at the start of the clause."""
    text = _LEADING_CONJUNCTION.sub("", _DATELINE.sub("", head.strip()))
    found = _subject_opening(text)
    if found is not None:
        return found
    # "On the eve of the vote, Netanyahu rallied supporters", "Moreover, as part of the
    # exchange, Gowdy cited …": adverbials come first, one or two of them.
    for _ in range(2):
        intro = _INTRO.match(text)
        text = text[intro.end() :] if intro else ""
        if not text.strip():
            return None
        found = _subject_opening(text)
        if found is not None:
            return found
    return None


_INTRO = re.compile(r"^[^,]{0,120},\s+")


# "WASHINGTON —", "NEW YORK (AP) -", "Washington (AFP) –": where the story was filed, not
# who speaks.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.,’' ]*[A-Z.]\s*(?:\([^()]{1,20}\)\s*)?"
    r"|[A-Z][\w.,’' ]{0,40}\([A-Z][^()]{0,20}\)\s*)[—–-]+\s*"
)
# "In Washington, …": a capitalised preposition opens an adverbial, not a name.
_OPENING_PREPOSITIONS = frozenset(
    [
        *("in", "at", "on", "from", "for", "during", "after", "before", "with", "by", "since"),
        *("under", "outside", "inside", "across", "among", "amid", "despite", "unlike"),
        *("without", "within", "throughout", "beyond", "against", "toward", "towards"),
        *("through", "near", "behind", "around", "along", "following", "back", "unless"),
        *("until", "when", "while", "whereas", "although", "though", "because", "if", "once"),
    ]
)
_TIME_LEAD = re.compile(r"(?:[\w’'\-]+\s+){0,4}(?:later|earlier|ago),", re.I)
# "A few days later, …", "The next morning, …": a time, not the subject.
_TIME_WORDS = frozenset(
    [
        *("later", "earlier", "ago", "day", "days", "week", "weeks", "month", "months", "year"),
        *("years", "night", "nights", "morning", "evening", "afternoon", "weekend", "time"),
        *("moment", "hour", "hours", "minute", "minutes", "decade", "decades", "summer"),
        *("winter", "spring", "fall", "autumn", "season"),
    ]
)
_LEADING_CONJUNCTION = re.compile(r"^(?:(?:And|But|So|Yet|Then|Also|Still|and|but|then)\s+)+")


def _subject_opening(text: str) -> Subject | None:
    """The subject that opens a clause: a pronoun, a name, a description."""
    pronoun = re.match(r"(he|she|they|it|we)\b", text, re.I)
    if pronoun:
        return Subject(mention=pronoun.group(), pronoun=pronoun.group().casefold())
    if _TIME_LEAD.match(text):
        return None  # "Four hours earlier, …", "Minutes later, …": when, not who
    name = _NAME_AT_START.match(text)
    if name is not None and name.group().split()[0].casefold() in TITLE_MODIFIERS:
        # "Former Ohio governor Ed Rendell, …": the name ends the phrase the role opens.
        head = text.split(",", 1)[0].strip()
        named = NAME_AT_END.search(head) if len(head.split()) <= 10 else None
        if named is not None and named.start() > 0 and is_name(named.group()):
            return subject_from_name(named.group(), "", _role_before(head[: named.start()]))
    if name is not None and name.group().split()[0].casefold() in _OPENING_PREPOSITIONS:
        return None  # "In Westfield on Thursday, …": an adverbial, not the subject
    if name is not None and _adverb_opening(text, name.group()):
        return None
    if name is not None:
        described_name = _described_name_opening(text, name.group())
        if described_name is not None:
            return described_name
    if name is not None and is_name(name.group()) and not _participle_opening(text, name.group()):
        word = name.group().casefold()
        if " " not in word and (word in _ANONYMOUS or word.rstrip("s") in DESCRIPTION_NOUNS):
            return Subject(mention=name.group(), description=word.rstrip("s"))  # "Pollsters"
        return subject_from_name(name.group())
    described = _LEADING_DETERMINER_PHRASE.match(text)
    if described is not None:
        words = _noun_phrase_words(described.group("words"))
        if words and words[-1].casefold() in _TIME_WORDS and text[described.end() :][:1] == ",":
            return None
    else:
        # "One operative inside the tower tried …", "The mayor left no doubt …": the
        # phrase runs on into its verb; it ends before a preposition or where the verb begins.
        described = _LOOSE_DETERMINER_PHRASE.match(text)
        if described is None:
            return None
        kept: list[str] = []
        for word in described.group("words").split():
            if word.casefold() in _PHRASE_STOPS:
                break
            kept.append(word)
        words = _noun_phrase_words(" ".join(kept))
        stopped = len(kept) < len(described.group("words").split())
        if (len(words) == len(kept) and not stopped) or not words or not words[-1].isalpha():
            return None  # no verb or preposition seen: not a subject that ends here
    if not words:
        return None
    mention = f"{described.group('det')} {' '.join(words)}"
    return _description(mention, " ".join(words), "")


# "Minnesota state delegate Ida Marsh said", "The Florida senator told": lower-case role
# words after a capitalised opening, then a name or the verb.
_LOWER_WORDS = re.compile(r"(?:\s+[a-z][\w\-]*){1,4}")


def _described_name_opening(text: str, opening: str) -> Subject | None:
    """ "Minnesota state delegate Ida Marsh said": the person the role words describe, not
    the place or party that qualifies them; "The Florida senator told": a description."""
    run = _LOWER_WORDS.match(text, len(opening))
    if run is None:
        return None
    words = run.group().split()
    for size in range(len(words), 0, -1):
        role = words[:size]
        if role[-1] not in TITLE_WORDS | DESCRIPTION_NOUNS:
            continue
        if any(_inflected_verb(word) for word in role):
            return None  # "Brandt reported …": a verb, not a role ("state delegate" is one)
        role_text = " ".join(role)
        if opening.startswith("The ") and " " in opening:
            # "The Florida senator told …": the description, its verb after it.
            following = words[size] if size < len(words) else ""
            if following and not _verb_like(following):
                return None
            return _description(f"{opening} {role_text}", f"{opening[4:]} {role_text}", "")
        if opening.split()[0].casefold() in _OBJECT_DETERMINERS | {"one", "another", "this"}:
            return None  # "A campaign TV ad …"
        rest = text[run.end() :].lstrip()
        named = _NAME_AT_START.match(rest) if size == len(words) else None
        if named is not None and is_name(named.group()):
            return subject_from_name(named.group(), "", f"{opening} {role_text}")
        return None
    return None


def _verb_like(word: str) -> bool:
    return (
        lookup(word) is not None
        or word in _VERB_COMPANY
        or word in _IRREGULAR_PAST
        or word.endswith("ed")
        or (word.endswith("s") and not word.endswith("ss"))
    )


_IRREGULAR_PAST = frozenset(["sought", "thought", "felt", "knew", "led", "fought", "taught"])


def _inflected_verb(word: str) -> bool:
    verb = lookup(word)
    return verb is not None and word != verb.lemma


_LOOSE_DETERMINER_PHRASE = re.compile(
    r"^(?P<det>the|a|an|one|another|his|her|its|their)\s+(?P<words>(?:[\w’'\-]+\s+){1,6})",
    re.I,
)
# Words that end a noun phrase opening a clause: prepositions and relative words.
_PHRASE_STOPS = frozenset(
    [
        *("in", "inside", "at", "on", "of", "for", "from", "with", "near", "outside"),
        *("who", "which", "that", "to", "by", "about", "within", "being"),
    ]
)


# Words after which a capitalised -ing or -ed word opening a clause is a participle:
# "Reprising one of her lines, …", "Challenged by a reporter, …".
_PARTICIPLE_COMPANY = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "one",
        "on",
        "in",
        "at",
        "to",
        "by",
        "with",
        "for",
        "from",
        "up",
        "out",
        "about",
        "over",
        "back",
        "off",
        "into",
        "that",
    ]
)


def _adverb_opening(text: str, name: str) -> bool:
    """ "Shortly after the call, …": a capitalised -ly word, then no verb, is an adverb;
    "Kelly said", "Kelly, the host," open with a name."""
    if " " in name or not name.endswith("ly"):
        return False
    following = text[len(name) :].split(maxsplit=1)
    if not following:
        return False
    word = following[0]
    return (
        word.isalpha()
        and word.islower()
        and word not in _VERB_COMPANY
        and word not in ADVERBS
        and lookup(word) is None
        and not word.endswith(("ed", "s"))
    )


def _participle_opening(text: str, name: str) -> bool:
    """ "Reprising one of her lines, …", "Holding signs that read …, the crowd": an -ing or
    -ed word, then its object or adverbial, then a comma before the clause's subject.
    "Manning said …", "Golding, the mayor, …" open with a name."""
    if " " in name or not name.endswith(("ing", "ed")):
        return False
    following = text[len(name) :].split(maxsplit=1)
    if not following:
        return False
    word = following[0]
    if word in _PARTICIPLE_COMPANY:
        return True
    if not word.isalpha() or not word.islower() or word in _VERB_COMPANY or word in ADVERBS:
        return False
    if lookup(word) is not None:
        return False
    # "Holding signs, …" or "Manning wants …": a word that may be a verb needs the comma.
    return not word.endswith(("s", "ed")) or "," in text[len(name) : len(name) + 120]


# Words that end a description at the start of a clause: its verb has begun (auxiliaries,
# and common irregular past tenses: "the first incident came when …").
_VERB_COMPANY = frozenset(
    [
        *("has", "have", "had", "is", "was", "are", "were", "will", "would", "goes", "went"),
        *("could", "should", "can", "may", "might", "must", "does", "did", "then"),
        *("also", "came", "took", "made", "got", "gave", "held", "began", "left", "found"),
        *("kept", "saw", "became", "brought", "put", "ran", "sent", "stood", "won", "lost"),
        *("met", "paid", "spoke"),
    ]
)


_OBJECT_DETERMINERS = frozenset(["a", "an", "the", "his", "her", "their", "its"])


def _noun_phrase_words(words: str) -> list[str]:
    """ "piece goes on" → ["piece"]; "chief aide doubled down" → ["chief", "aide"]."""
    kept: list[str] = []
    for word in words.split():
        if kept and (word in _VERB_COMPANY or (word.islower() and word.endswith("ed"))):
            break
        if len(kept) >= 2 and word in _OBJECT_DETERMINERS:
            kept.pop()  # "actor held a fake audition": a verb and its object follow the noun
            break
        kept.append(word)
    if len(kept) == 1 and kept[0].islower() and kept[0].endswith("ed"):
        return []  # "Another featured …": the determiner stands alone
    return kept


def _split_appositive(text: str) -> tuple[str, str]:
    """ "Jo Reyes, curator at the Museum of Ruston, Westfield" → ("Jo Reyes", "curator at …").
    The last chunk stands between commas before the verb, so it is an appositive; the
    name is the nearest earlier chunk that ends with one and is not itself lower case."""
    chunks = text.split(",")
    last = len(chunks) - 2
    for index, chunk in enumerate(chunks[1:], 1):
        if chunk.split()[:1] and chunk.split()[0] in ("who", "whose", "which", "where"):
            last = min(last, index - 1)  # "Mr. Slinker, whose start-up, Paradata, …": not it
            break
    for index in range(last, -1, -1):
        chunk = chunks[index].strip()
        if not chunk or chunk[0].isdigit():
            continue
        # "an intelligence source, who …,": a description may head the phrase too.
        # "Sen. Ida Marsh (D-Mo.), who …,": the party tag closes the name.
        bare = _strip_tail(_PARTY_TAG, chunk, 40).rstrip()
        name = NAME_AT_END.search(bare) if not chunk[0].islower() else None
        described = _LEADING_DETERMINER_PHRASE.fullmatch(chunk)
        if (name is not None and is_name(name.group())) or (
            described is not None and _plain_description(described.group("words"))
        ):
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


# "Gov.", "Sen.", "Former": titles and their qualifiers, not organisations
_TITLE_OR_HONORIFIC = TITLE_WORDS | HONORIFICS | TITLE_MODIFIERS


def subject_from_name(name: str, appositive: str = "", role: str = "") -> Subject | None:
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
            if w[:1].isupper() and w.casefold().rstrip(".") not in _TITLE_OR_HONORIFIC
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
        name = NAME_AT_END.search(words)
        if name is not None and head in ORGANIZATION_WORDS:
            return Subject(mention=mention, name=name.group())
    if head.endswith("s") and head not in ORGANIZATION_WORDS and head[:-1] in _ANONYMOUS:
        return Subject(mention=mention, description=head[:-1])
    organization = ""
    if len(tokens) >= 2 and tokens[-2].casefold() in ORGANIZATION_WORDS:
        organization = tokens[-2].casefold()  # "a company spokeswoman"
    return Subject(mention=mention, description=head, organization=organization)


def _is_organization(run: str) -> bool:
    phrase = split_name(run)
    return phrase is not None and phrase.kind == "organization"


def is_name(run: str) -> bool:
    return split_name(run) is not None


def has_clause_words(prefix: str) -> bool:
    """Whether the words before a subject make it part of a longer clause."""
    return any(
        w.islower() and w in _ROLE_STOP - {"of", "for", "at", "the", "a", "an", "and"}
        for w in prefix.split()
    )


_INDEFINITE = re.compile(r"(?:a|an|one|another|some)\s", re.I)


def resolve_description(subject: Subject, entities: Entities, at: int) -> Entity | None:
    """ "the senator", "the group", "a company spokeswoman", "the statement": the person or
    organisation a description at `at` stands for, or the described speaker itself."""
    head = subject.description
    if _INDEFINITE.match(subject.mention) and not subject.organization:
        # "a senior official", "one Republican strategist": someone the article does
        # not name, never a person it named before ("a company spokeswoman" still
        # speaks for the company).
        return entities.described(subject.mention, head)
    if head in DOCUMENT_WORDS:
        # "the statement said": whose statement the text does not say here.
        return entities.described(subject.mention, head)
    if "editorial" in subject.mention.casefold():
        head = "newspaper"  # "the editorial board wrote": the outlet
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
