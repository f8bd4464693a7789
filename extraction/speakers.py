"""Speaker mentions: parse a subject phrase, and resolve mentions to canonical speakers."""

import re
from dataclasses import dataclass

from extraction.entities import Entities, Entity, split_name
from extraction.lexicon import (
    GENERIC_SUBJECTS,
    ORGANIZATION_DESCRIPTIONS,
    ORGANIZATION_WORDS,
    PERSON_DESCRIPTIONS,
    POSTNOMINAL_LETTERS,
    POSTNOMINAL_ROLES,
    PRONOUNS,
    ROLE_WORDS,
)
from extraction.subjects import resolve_description, subject_at_end
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


_APPOSITIVE_START = re.compile(r"^(?:a|an|the|[a-z][\w\-]*)\b")


def speaker_from_name(phrase: str, *, kind: SpeakerKind | None = None) -> SpeakerInfo | None:
    """A speaker named on its own, outside any sentence (a fact-check's claimant), read
    as a frame's subject is: "Mayor Lena Ortiz" is Lena Ortiz with the role Mayor,
    "Priya Raman MP" Priya Raman with the role MP, "Lena Ortiz, mayor of Westfield" has
    the organisation Westfield, "Ministry of Health" and "WHO" are organisations.

    `kind` is what the source declares: a declared organisation is taken as written,
    a declared person is still an organisation when the words name one. A phrase that
    reads as no name ("viral posts") is kept as written. None for a pronoun or nothing.
    """
    text = " ".join(phrase.split()).strip(" ,;:")
    if not text or text.casefold() in PRONOUNS:
        return None
    if kind == "organization":
        return SpeakerInfo(text, "organization")
    head, appositive = _name_and_appositive(text)
    words = head.split()
    postnominal = ""
    while len(words) > 2 and words[-1].casefold().strip(".") in (
        POSTNOMINAL_ROLES | POSTNOMINAL_LETTERS
    ):
        last = words.pop()
        if last.casefold().strip(".") in POSTNOMINAL_ROLES:
            postnominal = postnominal or last
    head = " ".join(words).rstrip(",")
    subject = parse_subject(head)
    if subject is None:
        return SpeakerInfo(text, kind or "person")
    if subject.pronoun:
        return None
    phrase_name = split_name(subject.name)
    if subject.kind == "organization" or (
        phrase_name is not None and phrase_name.kind == "organization"
    ):
        return SpeakerInfo(subject.name, "organization", mentions=_other(text, subject.name))
    role, organization = parse_appositive(appositive) if appositive else ("", "")
    written = split_name(head)  # keeps the honorific ("Sen.") that parse_subject drops
    title = subject.role or (written.title if written is not None else "")
    return SpeakerInfo(
        subject.name,
        "person",
        role=" ".join(filter(None, (title, postnominal))) or role,
        organization=subject.organization or organization,
        mentions=_other(text, subject.name),
    )


def _name_and_appositive(text: str) -> tuple[str, str]:
    """ "Lena Ortiz, mayor of Westfield" → the name and what describes it; "Acme, Inc." and
    "Ortiz, Lena" stay whole."""
    head, comma, rest = text.partition(",")
    rest = rest.strip()
    if not comma or not rest:
        return text, ""
    if rest.casefold().strip(".") in POSTNOMINAL_ROLES:
        return f"{head} {rest}", ""
    if _APPOSITIVE_START.match(rest):
        return head, rest
    return text, ""


def _other(text: str, name: str) -> tuple[str, ...]:
    return (text,) if text != name else ()


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

    def describe(self, phrase: str) -> str | None:
        """A subject phrase that describes its speaker ("the senator", "a company
        spokeswoman", "the report"), resolved as a direct quote's frame resolves it."""
        subject = subject_at_end(phrase, whole=True)
        if subject is None or not subject.description:
            return None
        entity = resolve_description(subject, self._entities, self.position)
        if entity is None:
            return None
        entity.spoke = True
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
