"""A speaker named on its own (a fact-check's claimant), read as extraction reads speakers."""

import pytest

from extraction.speakers import speaker_from_name
from extraction.types import SpeakerInfo


@pytest.mark.parametrize(
    ("phrase", "name", "kind", "role", "organization"),
    [
        ("Mayor Lena Ortiz", "Lena Ortiz", "person", "Mayor", ""),
        ("Priya Raman MP", "Priya Raman", "person", "MP", ""),
        ("Priya Raman, MP", "Priya Raman", "person", "MP", ""),
        ("Sen. Carl Mott", "Carl Mott", "person", "Sen.", ""),
        ("Jo Reyes PhD", "Jo Reyes", "person", "", ""),
        (
            "Lena Ortiz, a professor at Westfield University",
            "Lena Ortiz",
            "person",
            "professor",
            "Westfield University",
        ),
        ("  Lena   Ortiz ", "Lena Ortiz", "person", "", ""),
        ("Ministry of Health", "Ministry of Health", "organization", "", ""),
        ("Acme Corp", "Acme Corp", "organization", "", ""),
        ("Acme, Inc.", "Acme, Inc.", "organization", "", ""),
        ("WHO", "WHO", "organization", "", ""),
        ("Viral posts", "Viral posts", "person", "", ""),  # no name: kept as written
    ],
)
def test_a_speaker_phrase_is_read_into_name_role_and_kind(
    phrase: str, name: str, kind: str, role: str, organization: str
) -> None:
    speaker = speaker_from_name(phrase)
    assert speaker is not None
    assert (speaker.name, speaker.kind, speaker.role, speaker.organization) == (
        name,
        kind,
        role,
        organization,
    )


def test_the_phrase_as_written_is_kept_as_a_mention() -> None:
    assert speaker_from_name("Mayor Lena Ortiz") == SpeakerInfo(
        "Lena Ortiz", "person", role="Mayor", mentions=("Mayor Lena Ortiz",)
    )
    assert speaker_from_name("Lena Ortiz") == SpeakerInfo("Lena Ortiz", "person")


def test_a_declared_organisation_is_taken_as_written_and_a_declared_person_is_not() -> None:
    assert speaker_from_name("Mayor's Office", kind="organization") == SpeakerInfo(
        "Mayor's Office", "organization"
    )
    declared_person = speaker_from_name("Ministry of Health", kind="person")
    assert declared_person is not None and declared_person.kind == "organization"


@pytest.mark.parametrize("phrase", ["", "  ", "she", "They"])
def test_no_speaker_in_a_pronoun_or_nothing(phrase: str) -> None:
    assert speaker_from_name(phrase) is None
