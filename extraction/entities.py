"""The people and organisations an article names, and every later short form of them.

One pass over the whole text collects each capitalised name with the title or role
written before it ("Dr. Mara Quill", "House Speaker Paul Ryan"); full names become
entities, and surnames, first names, "Mr. Quill" and acronyms are linked to the
fullest form the article writes. Attribution then resolves a speaker mention (a
name, a pronoun, "the group") against these entities by evidence: kind, gender
and how recently they were mentioned.
"""

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import NamedTuple

from extraction.lexicon import (
    CAPITALISED_FUNCTION_WORDS,
    FEMALE_FIRST_NAMES,
    FEMALE_HONORIFICS,
    HONORIFICS,
    MALE_FIRST_NAMES,
    MALE_HONORIFICS,
    NON_NAME_WORDS,
    ORGANIZATION_WORDS,
    OUTLET_WORDS,
    TITLE_WORDS,
)
from extraction.text import Span
from extraction.types import SpeakerInfo, SpeakerKind

# How many earlier mentions a pronoun or a description is resolved against: far more
# than an article needs, and a bound that keeps any text linear.
LOOK_BACK = 200
_PREPOSITIONS = frozenset(
    [
        "to",
        "in",
        "at",
        "on",
        "from",
        "of",
        "with",
        "by",
        "for",
        "into",
        "near",
        "about",
        "over",
        "across",
        "through",
        "toward",
        "towards",
    ]
)
_ABBREVIATION = (
    r"(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Lt|Gen|Col|Sgt|Capt|Rev|Fr|St|Jr|Sr|Adm|Maj|Pres|"
    r"Amb|Atty|Supt|Det|Cmdr|Gens|Reps|Sens)\.|(?:[A-Z]\.)+"
)
_TOKEN = rf"(?:{_ABBREVIATION}|[A-Z][\w’'\-]*\w|[A-Z])"
_PARTICLE = r"(?:de|van|von|bin|al|el|da|di|du|la|le|del|der|den|dos|das|of|of\s+the)"
NAME_RUN = rf"{_TOKEN}(?:[ \xa0]+(?:{_PARTICLE}[ \xa0]+)?{_TOKEN})*"
# The look-ahead for a capital, tried before the look-behind, fails fast wherever no
# name starts.
_NAME_RUN = re.compile(rf"(?=[A-Z])(?<![\w’'])(?:{NAME_RUN})")
_POSSESSIVE = re.compile(r"[’']s?$")
_PRONOUN = re.compile(r"\b(?:[Hh](?:e|im|is|er|ers)|[Ss]he)\b")
_INITIAL = re.compile(r"[A-Z]\.")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,7}$")
_PARENTHESISED_ACRONYM = re.compile(r"\s*\(([A-Z][A-Z&.]{1,7})\)")
# After a one-word name, what shows it is a person's: an age, or a role in apposition
# ("Okafor, 61,", "Okafor, the former mayor,", "Okafor, a city councilwoman,").
_PERSON_APPOSITIVE = re.compile(
    r",\s+(?:\d{1,3},|(?:the|a|an)\s+(?:[a-z][\w-]*\s+){0,3}?(?:"
    + "|".join(sorted(TITLE_WORDS, key=len, reverse=True))
    + r")\b)"
)
# Each word starts with its own letter and the word boundary is checked after it, so
# that the scanner skips in C to the next "c" or "a".
_ORG_HEAD = re.compile(r"(?:c(?<!\wc)ampaign|a(?<!\wa)dministration)\b")
_START = attrgetter("start")
_ORG_OWNER = re.compile(r"(?<![\w’'])(?P<owner>[A-Z][\w’'\-]*?)(?:[’']s)?\s+$")


@dataclass
class Entity:
    name: str
    kind: SpeakerKind
    gender: str = ""  # "m", "f" or unknown
    role: str = ""
    organization: str = ""
    acronym: str = ""
    mentions: Counter[str] = field(default_factory=Counter)
    person_evidence: bool = False
    spoke: bool = False

    @property
    def surname(self) -> str:
        return self.name.split()[-1].casefold()

    @property
    def first_name(self) -> str:
        return self.name.split()[0].casefold()

    def info(self) -> SpeakerInfo:
        others = tuple(m for m, _ in self.mentions.most_common() if m != self.name)
        return SpeakerInfo(self.name, self.kind, self.role, self.organization, others)


class NamePhrase(NamedTuple):
    """A capitalised phrase split into its title or role and the name itself (a tuple:
    hashed in C, as every name of a document is looked up by it)."""

    name: str
    title: str = ""
    gender: str = ""
    kind: SpeakerKind | None = None  # None: no evidence either way
    affiliation: str = ""  # "of the University of Texas" after the name


# "the senator" is the "Sen." named before.
_ROLE_ABBREVIATIONS = {
    "senator": "sen.",
    "governor": "gov.",
    "representative": "rep.",
    "congressman": "rep.",
    "congresswoman": "rep.",
    "general": "gen.",
    "lieutenant": "lt.",
    "professor": "prof.",
    "president": "pres.",
}


class Mention(NamedTuple):
    start: int
    end: int
    entity: Entity
    possessive: bool = False
    # After "to", "in", "at" …: a place or an object, seldom who a later pronoun means.
    prepositional: bool = False


@functools.lru_cache(maxsize=8192)
def split_name(phrase: str) -> NamePhrase | None:
    """ "Sen. Rand Paul" → (Rand Paul, Sen.); "Secretary of State John Kerry" → (John Kerry,
    Secretary of State); "The American Bird Conservancy" → an organisation."""
    tokens = phrase.split()
    while tokens and (
        tokens[0] in CAPITALISED_FUNCTION_WORDS or tokens[0].casefold() in TITLE_MODIFIERS
    ):
        tokens = tokens[1:]
    if not tokens:
        return None
    if len(tokens) == 1 and (
        _CONTRACTION.search(tokens[0]) or tokens[0].casefold() in _SENTENCE_OPENERS
    ):
        return None  # "I'm", "There’s", "Here": a sentence's first word, not a name
    if len(tokens[-1]) > 2:
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1])
    folded = [t.casefold().rstrip(".") for t in tokens]
    gender = ""
    title_end = -1
    index = 0
    while index < len(tokens) - 1:
        word = folded[index]
        if (word in HONORIFICS or word in TITLE_WORDS) and not all(
            f in _SUFFIXES for f in folded[index + 1 :]
        ):
            title_end = index
            gender = gender or _honorific_gender(word)
            # "Secretary of State John Kerry": the title runs through its "of" phrase.
            if index + 2 < len(tokens) - 1 and folded[index + 1] in ("of", "for"):
                step = 3 if folded[index + 2] == "the" and index + 3 < len(tokens) - 1 else 2
                title_end = index + step
                index += step
        index += 1
    # "Harbor Forum’s Ida Marsh": the owner before a possessive is her affiliation.
    for position in range(len(tokens) - 2, title_end, -1):
        if tokens[position].endswith(("’s", "'s")) and len(tokens) - position >= 3:
            title_end = position
            break
    # "Democrat Hillary Clinton", "Republican Tom Ridge": the party is a title.
    while (
        title_end + 3 < len(tokens)
        and folded[title_end + 1] in _AFFILIATIONS
        and _NOT_AFTER_AFFILIATION.isdisjoint(folded[title_end + 2 :])
    ):
        title_end += 1
    title = " ".join(tokens[: title_end + 1])
    name_tokens = tokens[title_end + 1 :]
    while name_tokens and name_tokens[0].casefold() in ("of", "the", "and"):
        name_tokens = name_tokens[1:]
    if not name_tokens:
        return None
    name_folded = [t.casefold().rstrip(".") for t in name_tokens]
    affiliation = ""
    if "of" in name_folded[2:]:
        # "Stephen Vladeck of the University of Texas": a person, then where they work.
        cut = name_folded.index("of")
        if (name_folded[0] in MALE_FIRST_NAMES or name_folded[0] in FEMALE_FIRST_NAMES) and not any(
            f in ORGANIZATION_WORDS or f in OUTLET_WORDS for f in name_folded[:cut]
        ):
            rest = name_tokens[cut + 1 :]
            affiliation = " ".join(rest[1:] if rest and rest[0] == "the" else rest)
            name_tokens, name_folded = name_tokens[:cut], name_folded[:cut]
    # "Friends of the Delta", "Harbor Ledger", "Norvale Foods": organisations by their words.
    if (
        not _ORGANIZATION_OR_OUTLET.isdisjoint(name_folded)
        or "of" in name_folded
        or (len(name_tokens) == 1 and _ACRONYM.match(name_tokens[0]))
    ):
        return NamePhrase(" ".join(name_tokens), kind="organization")
    # "Marty West", "Mr. North": a compass word ends a surname; "West Bank" is no one.
    surname_direction = name_folded[-1] in _DIRECTIONS and not _DIRECTIONS.intersection(
        name_folded[:-1]
    )
    if not NON_NAME_WORDS.isdisjoint(name_folded[:-1] if surname_direction else name_folded) or (
        len(name_tokens) == 1
        and (
            name_folded[0] in TITLE_WORDS
            or name_folded[0] in HONORIFICS
            or _INITIAL.fullmatch(name_tokens[0])  # "J." alone names nobody
        )
    ):
        return None
    kind: SpeakerKind | None = "person" if title or len(name_tokens) >= 2 else None
    if len(name_tokens) >= 2 and not gender:
        first = name_folded[0]
        gender = "m" if first in MALE_FIRST_NAMES else "f" if first in FEMALE_FIRST_NAMES else ""
    return NamePhrase(" ".join(name_tokens), title, gender, kind, affiliation)


# "Former Gov. Ed Rendell", "Acting Director …": words that qualify a title, never a name.
TITLE_MODIFIERS = frozenset(["former", "then", "late", "acting", "outgoing", "incoming", "retired"])
_CONTRACTION = re.compile(r"[’'](?:m|re|ve|ll|d)$")
_SENTENCE_OPENERS = frozenset(["there", "there’s", "there's", "here", "here’s", "here's"])
_DIRECTIONS = frozenset(["north", "south", "east", "west"])
_AFFILIATIONS = frozenset(
    ["democrat", "democratic", "republican", "gop", "independent", "libertarian", "american"]
)
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
_ORGANIZATION_OR_OUTLET = ORGANIZATION_WORDS | OUTLET_WORDS
# Words after a party that show it is part of an organisation's name, not a title.
_NOT_AFTER_AFFILIATION = NON_NAME_WORDS | _ORGANIZATION_OR_OUTLET | {"of"}


def _honorific_gender(word: str) -> str:
    return "m" if word in MALE_HONORIFICS else "f" if word in FEMALE_HONORIFICS else ""


class Entities:
    """Every person and organisation of one document, with their mentions in order."""

    def __init__(self, body: str, quoted: list[Span]) -> None:
        self._entities: list[Entity] = []
        self._by_surname: dict[str, list[Entity]] = {}
        self._by_first: dict[str, list[Entity]] = {}
        self._by_name: dict[str, Entity] = {}
        self._by_acronym: dict[str, Entity] = {}
        self.mentions: list[Mention] = []
        self._starts: list[int] = []
        self._quoted = quoted
        self._collect(body)

    # -- building ---------------------------------------------------------------------

    def _collect(self, body: str) -> None:
        found: list[tuple[int, int, NamePhrase, bool]] = []
        for match in _NAME_RUN.finditer(body):
            text = match.group()
            phrase = split_name(text)
            if phrase is None:
                continue
            end = match.end()
            if phrase.kind is None and _PERSON_APPOSITIVE.match(body, end):
                # "Okafor, the former mayor," "Lund, 52,": a surname before its role or age.
                phrase = phrase._replace(kind="person")
            found.append((match.start(), end, phrase, text.endswith(("’s", "'s"))))
            acronym = (
                _PARENTHESISED_ACRONYM.match(body, end)
                if phrase.kind == "organization" and "(" in body[end : end + 2]
                else None
            )
            if acronym:
                self._by_acronym.setdefault(acronym.group(1).replace(".", ""), self._add(phrase))
        for match in _ORG_HEAD.finditer(body):
            # "the Clinton campaign", "Trump's campaign", "the Obama administration"
            owner = _ORG_OWNER.search(body, max(0, match.start() - 40), match.start())
            if owner is not None:
                name = f"{owner.group('owner')} {match.group()}"
                phrase = NamePhrase(name, kind="organization")
                found.append((owner.start(), match.end(), phrase, False))
        found.sort(key=itemgetter(0))
        # Full names first, so that a surname used before the full name still links; each
        # distinct phrase once, in the order of its first mention.
        for phrase in dict.fromkeys([item[2] for item in found]):
            if phrase.kind == "organization" or " " in phrase.name:
                self._add(phrase)
        linked: dict[NamePhrase, Entity | None] = {}  # a name repeats; link it once
        for start, end, phrase, possessive in found:
            if phrase in linked:
                entity = linked[phrase]
            else:
                entity = self.link(phrase, start, register=phrase.kind is not None)
                linked[phrase] = entity
            if entity is None:
                continue
            entity.mentions[phrase.name] += 1
            if phrase.title:
                entity.role = entity.role or phrase.title
            before = body[max(0, start - 12) : start].split()
            prepositional = bool(before) and before[-1] in _PREPOSITIONS
            self.mentions.append(Mention(start, end, entity, possessive, prepositional))
        self._starts = [mention.start for mention in self.mentions]
        self._learn_gender_from_pronouns(body)

    def _add(self, phrase: NamePhrase) -> Entity:
        key = phrase.name.casefold()
        known = self._by_name.get(key)
        if known is None and _ACRONYM.match(phrase.name):
            known = self._by_acronym.get(phrase.name.replace(".", ""))
            if known is not None:
                return known
        if known is None and phrase.kind != "organization":
            tokens = key.split()
            for candidate in self._by_surname.get(tokens[-1], []):
                if _same_person(candidate, phrase):
                    known = candidate
                    break
        if known is not None:
            if len(phrase.name.split()) > len(known.name.split()) and phrase.kind != "organization":
                known.name = phrase.name  # the fullest form the article writes
            known.gender = known.gender or phrase.gender
            known.person_evidence = known.person_evidence or bool(phrase.title or phrase.gender)
            self._by_name[key] = known
            return known
        entity = Entity(
            phrase.name,
            phrase.kind or "person",
            gender=phrase.gender,
            person_evidence=bool(phrase.title or phrase.gender),
        )
        if entity.kind == "organization":
            entity.acronym = _initials(phrase.name)
            if entity.acronym:
                self._by_acronym.setdefault(entity.acronym, entity)
        self._entities.append(entity)
        self._by_name[key] = entity
        if entity.kind == "person" and len(phrase.name.split()) >= 2:
            self._by_surname.setdefault(entity.surname, []).append(entity)
            self._by_first.setdefault(entity.first_name, []).append(entity)
        return entity

    def link(self, phrase: NamePhrase, at: int = 0, register: bool = True) -> Entity | None:
        """The entity a name phrase refers to, registering it when it is new."""
        key = phrase.name.casefold()
        tokens = key.split()
        known = self._by_name.get(key)
        if known is not None and (phrase.kind is None or known.kind == phrase.kind):
            if phrase.title:
                known.person_evidence = True
            known.gender = known.gender or phrase.gender
            return known
        if len(tokens) == 1 and phrase.kind != "organization":
            for index in (self._by_surname, self._by_first):
                candidates = [
                    e
                    for e in index.get(tokens[0], [])
                    if _compatible(e.gender, phrase.gender)
                    and (index is self._by_surname or _first_name_evidence(e))
                ]
                if candidates:
                    entity = max(candidates, key=lambda e: (sum(e.mentions.values()), -at))
                    entity.gender = entity.gender or phrase.gender
                    return entity
        if phrase.kind == "organization" or _ACRONYM.match(phrase.name):
            acronym = self._by_acronym.get(phrase.name.replace(".", ""))
            if acronym is not None:
                return acronym
        if len(tokens) >= 2 and phrase.kind != "organization":
            for candidate in self._by_surname.get(tokens[-1], []):
                if _same_person(candidate, phrase):
                    return candidate
        return self._add(phrase) if register else None

    def _learn_gender_from_pronouns(self, body: str) -> None:
        """A he/his or she/her right after someone is named, with nobody else named in
        between, tells that person's gender; the majority of such cues decides. Only a
        short window after each mention of a person of unknown gender is read."""
        votes: dict[int, Counter[str]] = {}
        for index, mention in enumerate(self.mentions):
            entity = mention.entity
            if entity.kind != "person" or entity.gender or mention.prepositional:
                continue
            limit = mention.end + 120
            if index + 1 < len(self.mentions):
                limit = min(limit, self.mentions[index + 1].start)
            newline = body.find("\n", mention.end, limit)
            if newline >= 0:
                limit = newline
            found = _PRONOUN.search(body, mention.end, limit)
            if found is not None:
                word = found.group().casefold()
                gender = "m" if word in ("he", "him", "his") else "f"
                votes.setdefault(id(entity), Counter())[gender] += 1
        for entity in self._entities:
            if not entity.gender and id(entity) in votes:
                (gender, count), *rest = votes[id(entity)].most_common()
                if not rest or count > rest[0][1]:
                    entity.gender = gender

    # -- resolving --------------------------------------------------------------------

    def person_before(self, position: int, gender: str, floor: int) -> Entity | None:
        """The person a pronoun at `position` most likely means: the nearest earlier
        mention outside quotes, of compatible gender, no earlier than `floor`."""
        index = bisect.bisect_left(self._starts, position) - 1
        stop = max(index - LOOK_BACK, -1)
        fallback: Entity | None = None
        while index > stop and self.mentions[index].start >= floor:
            mention = self.mentions[index]
            entity = mention.entity
            index -= 1
            if entity.kind != "person" or self._in_quote(mention.start):
                continue
            if not _compatible(entity.gender, gender):
                continue
            if entity.person_evidence or entity.spoke:
                return entity
            if entity.gender and not mention.prepositional:
                return entity
            if not mention.prepositional:
                fallback = fallback or entity
        return fallback

    def first_mention(self, start: int, end: int) -> Mention | None:
        """The first mention outside quotes that starts in [start, end), among the first
        few there (a bound that keeps any text linear)."""
        index = bisect.bisect_left(self._starts, start)
        stop = min(len(self.mentions), index + 20)
        while index < stop and self.mentions[index].start < end:
            mention = self.mentions[index]
            if not self._in_quote(mention.start):
                return mention
            index += 1
        return None

    def organization_before(self, position: int, head: str) -> Entity | None:
        """ "the group", "the newspaper": the nearest earlier organisation of that kind."""
        index = bisect.bisect_left(self._starts, position) - 1
        stop = max(index - LOOK_BACK, -1)
        outlet = head in OUTLET_WORDS
        nearest: Entity | None = None
        while index > stop:
            mention = self.mentions[index]
            entity = mention.entity
            index -= 1
            if entity.kind != "organization":
                continue
            words = entity.name.casefold().split()
            if head in words or (outlet and any(w in OUTLET_WORDS for w in words)):
                return entity
            if nearest is None and not outlet and position - mention.end < 300:
                nearest = entity  # "The World Health Organization warned … the agency said"
        return nearest

    def person_with_role(self, position: int, role: str) -> Entity | None:
        """ "the senator": the nearest earlier person whose title holds that word."""
        index = bisect.bisect_left(self._starts, position) - 1
        stop = max(index - LOOK_BACK, -1)
        short = _ROLE_ABBREVIATIONS.get(role)
        while index > stop:
            entity = self.mentions[index].entity
            index -= 1
            if entity.kind != "person":
                continue
            held = entity.role.casefold()
            if role in held or (short is not None and short in held.split()):
                return entity
        return None

    def described(self, mention: str, head: str) -> Entity:
        """An unnamed speaker, known by the description the article gives."""
        name = re.sub(r"^(?:the|a|an|one|another)\s+", "", mention.strip(" ,"), flags=re.I)
        words = name.split()
        folded = [word.casefold() for word in words]
        if head in folded[:-1]:
            # "the actor held a fake audition": the description ends with its head noun,
            # unless what follows qualifies it ("a spokesman for the group").
            end = folded.index(head) + 1
            if folded[end] not in _PREPOSITIONS:
                name = " ".join(words[:end])
        key = f"described:{name.casefold()}"
        entity = self._by_name.get(key)
        if entity is None:
            kind: SpeakerKind = "organization" if head in ORGANIZATION_WORDS else "person"
            entity = Entity(name, kind)
            self._entities.append(entity)
            self._by_name[key] = entity
        return entity

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """Mentions outside quotes that start in [start, end)."""
        low = bisect.bisect_left(self._starts, start)
        high = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[low:high] if not self._in_quote(m.start)]

    @property
    def starts(self) -> list[int]:
        """Where each mention starts, in document order (parallel to `mentions`)."""
        return self._starts

    def in_quote(self, position: int) -> bool:
        return self._in_quote(position)

    def by_name(self, name: str | None) -> Entity | None:
        return self._by_name.get(name.casefold()) if name else None

    def _in_quote(self, position: int) -> bool:
        index = bisect.bisect_right(self._quoted, position, key=_START) - 1
        return index >= 0 and position < self._quoted[index].end

    def speakers(self) -> tuple[SpeakerInfo, ...]:
        return tuple(entity.info() for entity in self._entities if entity.spoke)


def _same_person(entity: Entity, phrase: NamePhrase) -> bool:
    """ "Donald J. Trump" and "Donald Trump"; "H. Clinton" and "Hillary Clinton"."""
    if entity.kind != "person" or not _compatible(entity.gender, phrase.gender):
        return False
    mine, theirs = entity.name.casefold().split(), phrase.name.casefold().split()
    if len(mine) < 2 or len(theirs) < 2:
        return False
    return mine[0] == theirs[0] or (mine[0][0] == theirs[0][0] and theirs[0].endswith("."))


def _first_name_evidence(entity: Entity) -> bool:
    """Whether a person may be called by the first word of their name: a known first name,
    a gender the article shows, or a quote already theirs ("Wang" for Wang Xiaoming who
    spoke); "Trump" is not the "Trump Train"."""
    first = entity.first_name
    return (
        entity.spoke
        or bool(entity.gender)
        or first in MALE_FIRST_NAMES
        or first in FEMALE_FIRST_NAMES
    )


def _compatible(known: str, wanted: str) -> bool:
    return not known or not wanted or known == wanted


def _initials(name: str) -> str:
    initials = [word[0] for word in name.split() if word[:1].isupper()]
    return "".join(initials) if len(initials) >= 2 else ""
