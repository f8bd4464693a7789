"""Speaker mentions: parse a subject phrase, and resolve mentions to canonical speakers."""

import re
from dataclasses import dataclass, field

from extraction.lexicon import (
    GENERIC_SUBJECTS,
    ORGANIZATION_DESCRIPTIONS,
    ORGANIZATION_WORDS,
    PERSON_DESCRIPTIONS,
    PRONOUNS,
    ROLE_WORDS,
)
from extraction.types import SpeakerInfo, SpeakerKind

_LEADING_CONNECTIVES = frozenset(
    ["as", "but", "and", "so", "yet", "then", "still", "also", "meanwhile"]
)
_HONORIFICS = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "sir",
        "dame",
        "sen",
        "sen.",
        "rep",
        "rep.",
        "gov",
        "gov.",
        "gen",
        "gen.",
        "lt",
        "lt.",
        "col",
        "col.",
        "sgt",
        "sgt.",
        "capt",
        "capt.",
        "amb",
        "amb.",
        "supt",
        "supt.",
        "pres",
        "pres.",
        "rev",
        "rev.",
        "fr",
        "fr.",
    ]
)
_DESCRIPTION = re.compile(r"the\s+(?:[a-z\-]+\s+){0,2}([a-z]+)")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE_TAIL = re.compile(r"[’']s\s+[a-z].*$")
_AGE = re.compile(r"^\s*,?\s*\d{1,3}\s*,")  # "Maria Lopez, 62, a farmer"
_ORIGIN_TAIL = re.compile(r"\s+(?:from|in|near)\s+.*$")  # "a farmer from the valley"
_LOCATION_TAIL = re.compile(r"\s+(?:in|based in|near)\s+[A-Z].*$")


@dataclass
class _Entity:
    name: str
    kind: SpeakerKind
    role: str = ""
    organization: str = ""
    mentions: list[str] = field(default_factory=list)

    def tokens(self) -> list[str]:
        return self.name.casefold().split()


@dataclass(frozen=True)
class Subject:
    """A phrase that names who spoke, split into its parts."""

    mention: str
    name: str
    kind: SpeakerKind
    role: str = ""
    organization: str = ""
    pronoun: bool = False


def parse_subject(phrase: str) -> Subject | None:
    """Understand "Iranian Foreign Ministry spokesman Nasser Kanaani", "he", "The KCNA"."""
    mention = phrase.strip(" ,;:")
    if not mention:
        return None
    lowered = mention.casefold()
    if lowered in PRONOUNS:
        kind: SpeakerKind = "organization" if PRONOUNS[lowered] == "organization" else "person"
        return Subject(mention=mention, name=mention, kind=kind, pronoun=True)
    description = _DESCRIPTION.fullmatch(mention)
    if description and description.group(1) in ORGANIZATION_DESCRIPTIONS:
        return Subject(mention=mention, name="it", kind="organization", pronoun=True)
    if description and description.group(1) in PERSON_DESCRIPTIONS:
        return Subject(mention=mention, name="he", kind="person", pronoun=True)
    words = _LEADING_ARTICLE.sub("", mention).split()
    while len(words) > 1 and words[0].casefold() in _LEADING_CONNECTIVES:
        words = words[1:]  # "As Ahmed Farouk says", "But Pinkston said"
    while words and words[0].casefold() in _HONORIFICS:
        words = words[1:]
    if not words or words[-1].casefold() in GENERIC_SUBJECTS or len(words) > 9:
        return None
    role_end = max((i for i, w in enumerate(words[:-1]) if w.casefold() in ROLE_WORDS), default=-1)
    if not words[0][0].isupper() and role_end < 0 and not _is_organization(words):
        return None
    if role_end >= 0:
        name_words = words[role_end + 1 :]
        if all(w[0].isupper() for w in name_words) and not _is_organization(name_words):
            role_words = words[: role_end + 1]
            organization = " ".join(w for w in role_words[:-1] if w[0].isupper())
            return Subject(
                mention=mention,
                name=" ".join(name_words),
                kind="person",
                role=" ".join(role_words),
                organization=organization,
            )
    if _is_organization(words):
        return Subject(mention=mention, name=" ".join(words), kind="organization")
    if not all(w[0].isupper() or w.casefold() in _NAME_PARTICLES for w in words):
        return None
    return Subject(mention=mention, name=" ".join(words), kind="person")


_NAME_PARTICLES = frozenset(
    [
        "de",
        "van",
        "von",
        "bin",
        "al",
        "el",
        "da",
        "di",
        "du",
        "la",
        "le",
        "der",
        "den",
        "del",
        "dos",
        "das",
    ]
)


def _is_organization(words: list[str]) -> bool:
    return any(w.casefold().strip("’'") in ORGANIZATION_WORDS for w in words)


def parse_appositive(text: str) -> tuple[str, str]:
    """Role and organisation from ", a professor of X at Y University’s campus in Seoul"."""
    text = _LEADING_ARTICLE.sub("", _AGE.sub("", text).strip(" ,.;"))
    for separator in (" at ", " with ", " for ", " of the "):
        if separator in text:
            role, _, organization = text.partition(separator)
            if separator == " of the ":
                role = role.strip()
            organization = _LEADING_ARTICLE.sub("", organization.strip())
            organization = _LOCATION_TAIL.sub("", _POSSESSIVE_TAIL.sub("", organization))
            if organization[:1].isupper():
                return role.strip(), organization.strip(" ,.")
            return text, ""
    return _ORIGIN_TAIL.sub("", _LOCATION_TAIL.sub("", text)), ""


class SpeakerRegistry:
    """The speakers of one document, in order of appearance, with mention resolution."""

    def __init__(self) -> None:
        self._entities: list[_Entity] = []
        self._last_person: _Entity | None = None
        self._last_organization: _Entity | None = None
        self._last_speaker: _Entity | None = None

    def resolve(self, subject: Subject) -> str | None:
        """Canonical name for a mention, registering new speakers; None when unresolvable."""
        entity = self._find(subject)
        if entity is None:
            if subject.pronoun:
                return None
            entity = _Entity(subject.name, subject.kind, subject.role, subject.organization)
            self._entities.append(entity)
        else:
            entity.role = entity.role or subject.role
            entity.organization = entity.organization or subject.organization
        if subject.mention != entity.name and subject.mention not in entity.mentions:
            entity.mentions.append(subject.mention)
        self._last_speaker = entity
        if entity.kind == "person":
            self._last_person = entity
        else:
            self._last_organization = entity
        return entity.name

    def enrich(self, name: str, role: str, organization: str) -> None:
        for entity in self._entities:
            if entity.name == name:
                entity.role = entity.role or role
                entity.organization = entity.organization or organization

    def _find(self, subject: Subject) -> _Entity | None:
        lowered = subject.name.casefold()
        if subject.pronoun:
            if lowered in ("he", "she", "i"):
                return self._last_person
            if lowered == "it":
                return self._last_organization
            return self._last_speaker
        tokens = lowered.split()
        for entity in reversed(self._entities):
            if entity.kind == subject.kind and entity.name.casefold() == lowered:
                return entity
        if subject.kind == "person" and len(tokens) == 1:
            for entity in reversed(self._entities):
                if entity.kind == "person" and tokens[0] in entity.tokens():
                    return entity
        if subject.name.isupper() and len(tokens) == 1:
            for entity in reversed(self._entities):
                if entity.kind == "organization" and _initials(entity.name) == subject.name:
                    return entity
        return None

    def speakers(self) -> tuple[SpeakerInfo, ...]:
        return tuple(
            SpeakerInfo(e.name, e.kind, e.role, e.organization, tuple(e.mentions))
            for e in self._entities
        )


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())
