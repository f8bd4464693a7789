"""Reported speech: the content span and its speaker, wherever the speaker stands."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extraction import extract
from extraction.types import QuoteSpan


def reported(text: str) -> list[QuoteSpan]:
    return [quote for quote in extract(text).quotes if quote.kind == "indirect"]


def reported_pairs(text: str) -> list[tuple[str, str | None]]:
    return [(quote.text, quote.speaker) for quote in reported(text)]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Mara Quill said the ward had run out of beds by noon.",
            "the ward had run out of beds by noon",
            "Mara Quill",
        ),
        (
            "Mara Quill said on Monday that the ward had run out of beds.",
            "that the ward had run out of beds",
            "Mara Quill",
        ),
        (
            "On Monday, Mara Quill said the ward had run out of beds.",
            "the ward had run out of beds",
            "Mara Quill",
        ),
        (
            "Mara Quill, the clinic's director, said the ward had run out of beds.",
            "the ward had run out of beds",
            "Mara Quill",
        ),
        (
            "Mara Quill told reporters in a statement that the ward had run out of beds.",
            "that the ward had run out of beds",
            "Mara Quill",
        ),
        (
            "The ward had run out of beds by noon, Mara Quill said.",
            "The ward had run out of beds by noon",
            "Mara Quill",
        ),
        (
            "The ward had run out of beds by noon, said Mara Quill, the clinic's director.",
            "The ward had run out of beds by noon",
            "Mara Quill",
        ),
        (
            "The ward, Mara Quill said, had run out of beds by noon.",
            "The ward, Mara Quill said, had run out of beds by noon",
            "Mara Quill",
        ),
        (
            "According to the Health Ministry, the ward had run out of beds.",
            "the ward had run out of beds",
            "Health Ministry",
        ),
        (
            "According to the Health Ministry the ward had run out of beds.",
            "the ward had run out of beds",
            "Health Ministry",
        ),
        (
            "The ward had run out of beds by noon, according to the Health Ministry.",
            "The ward had run out of beds by noon",
            "Health Ministry",
        ),
        (
            "In the words of Mara Quill, the ward had run out of beds by noon.",
            "the ward had run out of beds by noon",
            "Mara Quill",
        ),
        (
            "Mara Quill has also repeatedly warned that the ward would run out of beds.",
            "that the ward would run out of beds",
            "Mara Quill",
        ),
        (
            "Mara Quill asked whether the ward could take more patients.",
            "whether the ward could take more patients",
            "Mara Quill",
        ),
    ],
)
def test_reported_speech_is_found_wherever_the_speaker_stands(
    text: str, content: str, speaker: str
) -> None:
    assert reported_pairs(text) == [(content, speaker)]


def test_plural_subjects_say_too() -> None:
    (quote,) = reported("Hospital officials say the ward had run out of beds by noon.")
    assert quote.text == "the ward had run out of beds by noon"
    assert quote.mention == "Hospital officials"


def test_a_participle_reports_for_the_main_clause_subject() -> None:
    text = "Mara Quill denied the claim, saying she hopes to reopen the ward next year."
    assert reported_pairs(text) == [("she hopes to reopen the ward next year", "Mara Quill")]


def test_a_participle_after_a_direct_quote_reports_for_its_speaker() -> None:
    text = "“We cannot cope,” Mara Quill said, warning that the ward had run out of beds."
    assert reported_pairs(text) == [("that the ward had run out of beds", "Mara Quill")]


def test_coordinated_reports_are_split_at_the_second_speaker() -> None:
    text = (
        "Mara Quill said the ward had run out of beds, and Tom Okafor said the staff "
        "had worked for twenty hours."
    )
    assert reported_pairs(text) == [
        ("the ward had run out of beds", "Mara Quill"),
        ("the staff had worked for twenty hours", "Tom Okafor"),
    ]


def test_a_second_verb_of_the_same_speaker_reports_on_its_own() -> None:
    text = "Mara Quill said the ward was full and added that the staff were exhausted."
    assert reported_pairs(text) == [
        ("the ward was full", "Mara Quill"),
        ("that the staff were exhausted", "Mara Quill"),
    ]


def test_reported_clause_before_a_direct_quote_in_the_same_sentence() -> None:
    text = "Mara Quill said the ward had run out of beds, adding: “We cannot cope.”"
    assert reported_pairs(text) == [("the ward had run out of beds", "Mara Quill")]


def test_a_partial_quote_leaves_the_clause_to_the_direct_quote() -> None:
    text = "Mara Quill said the ward was “completely overwhelmed” by the flu season."
    assert reported(text) == []


def test_the_verb_of_a_direct_quote_reports_nothing_more() -> None:
    assert reported("“The ward is full,” Mara Quill said on Monday in a statement.") == []
    assert reported("“The ward is full,” said Mara Quill, the clinic's director.") == []


def test_surname_and_pronoun_resolve_to_the_full_name() -> None:
    text = (
        "Mara Quill said the ward had run out of beds by noon.\n\n"
        "Quill said the staff had worked for twenty hours.\n\n"
        "She said the clinic would ask the city for money."
    )
    assert [quote.speaker for quote in reported(text)] == ["Mara Quill"] * 3


def test_a_described_speaker_is_resolved_as_a_direct_quotes_frame_resolves_it() -> None:
    text = (
        "The Westfield Tenants Association met on Monday.\n\n"
        "“We are ready,” the association said.\n\n"
        "The association said the vote would come on Friday.\n\n"
        "A senior adviser said the budget would pass."
    )
    association = "Westfield Tenants Association"
    assert [q.speaker for q in extract(text).quotes] == [association, association, "senior adviser"]


def test_critics_stay_without_a_speaker() -> None:
    assert reported_pairs("Critics said the budget would fail.") == [
        ("the budget would fail", None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "According to Mara Quill, the ward had run out of beds by noon.",
        "Mara Quill\tsaid the ward had run out of beds by noon.",
        "Mara Quill\nsaid the ward had run out of beds by noon.",
        "Mara Quill\xa0said the ward had run out of beds by noon.",
    ],
)
def test_a_reporting_verb_is_read_after_any_character_that_ends_a_word(text: str) -> None:
    assert reported_pairs(text) == [("the ward had run out of beds by noon", "Mara Quill")]


@pytest.mark.parametrize("glued", ["é", "ø", "ß", "٣"])
def test_a_verb_form_inside_a_longer_word_reports_nothing(glued: str) -> None:
    # The word runs on past ASCII: "ésaid" is not "said".
    assert reported(f"Mara Quill {glued}said the ward had run out of beds by noon.") == []
    assert reported(f"The ward had run out of beds by noon, Mara Quill {glued}said.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The report said nothing about the ward.",
        "State media showed the ward on Monday night.",
        "She was told that the ward had run out of beds.",
        "That said, the ward had run out of beds by noon.",
        "The clinic's director praised the nurses for their work through the night.",
        "Mara Quill said in 2015.",
    ],
)
def test_no_reported_speech_where_nobody_reports_anything(text: str) -> None:
    assert reported(text) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Quill",
                "said",
                "says",
                "told",
                "that",
                "the ward",
                "was full",
                "according to",
                "the Ministry",
                ",",
                ".",
                "“",
                "”",
                '"',
                "''",
                "saying",
                "and",
                "who",
                "(",
                ")",
                "\n\n",
                "she",
                "On Monday",
            ]
        )
        | st.text(max_size=12),
        max_size=40,
    ).map(" ".join)
)
def test_reported_speech_offsets_are_valid_on_any_text(text: str) -> None:
    for quote in reported(text):
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
