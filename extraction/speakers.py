"""Speaker mentions: parse a subject phrase, and resolve mentions to canonical speakers."""

import re
from dataclasses import dataclass

from extraction.entities import Entities, Entity, split_name
from extraction.lexicon import (
    GENERIC_SUBJECTS,
    ORGANIZATION_DESCRIPTIONS,
    ORGANIZATION_WORDS,
    PERSON_DESCRIPTIONS,
    PRONOUNS,
    ROLE_WORDS,
)
from extraction.types import SpeakerKind

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
    """Resolves the speaker phrases of reported speech against the document's entities,
    as seen from `position` (the sentence being read): pronouns by gender and recency,
    names to the fullest form the article writes."""

    def __init__(self, entities: Entities) -> None:
        self._entities = entities
        self.position = 0

    def resolve(self, subject: Subject) -> str | None:
        """Canonical name for a mention; None when it cannot be resolved."""
        entity = self._entity(subject)
        if entity is None:
            return None
        entity.spoke = True
        entity.role = entity.role or subject.role
        entity.organization = entity.organization or subject.organization
        return entity.name

    def enrich(self, name: str, role: str, organization: str) -> None:
        entity = self._entities.by_name(name)
        if entity is not None:
            entity.role = entity.role or role
            entity.organization = entity.organization or organization

    def _entity(self, subject: Subject) -> Entity | None:
        lowered = subject.name.casefold()
        if subject.pronoun:
            if lowered in ("he", "she"):
                gender = "m" if lowered == "he" else "f"
                return self._entities.person_before(self.position, gender, 0)
            if lowered == "it" or subject.kind == "organization":
                return self._entities.organization_before(self.position, "")
            return None
        phrase = split_name(subject.name)
        if phrase is None:
            return None
        return self._entities.link(phrase, self.position)
