"""Behaviour of the pure extraction engine on its own (no database)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from extraction import extract
from sources.parsing import normalize_text


def speakers_of(text: str) -> dict[str, str | None]:
    return {q.text: q.speaker for q in extract(text).quotes}


def test_surname_and_pronoun_resolve_to_the_full_name() -> None:
    text = (
        "“Rates will stay high,” said Maria Gonzalez, chief economist at Banco Norte.\n\n"
        "“Inflation is sticky,” Gonzalez said. “We see no cuts this year,” she added."
    )
    assert set(speakers_of(text).values()) == {"Maria Gonzalez"}


def test_role_and_organisation_are_kept_on_the_speaker() -> None:
    result = extract(
        "Iranian Foreign Ministry spokesman Nasser Kanaani criticized the report as "
        "“biased speculation by publishing false news.”"
    )
    (speaker,) = result.speakers
    assert (speaker.name, speaker.role, speaker.organization) == (
        "Nasser Kanaani",
        "Iranian Foreign Ministry spokesman",
        "Iranian Foreign Ministry",
    )


def test_family_name_first_survives_intact() -> None:
    result = extract("“We are ready,” said Kim Sung Kyung, a professor in Seoul.")
    assert result.quotes[0].speaker == "Kim Sung Kyung"


def test_scare_quotes_are_not_speaker_quotes() -> None:
    text = "Officials called it the “Great Reset,” while critics mocked the “axis of evil” line."
    assert extract(text).quotes == ()


def test_unattributed_quote_after_a_quote_continues_its_speaker() -> None:
    text = "“First point,” said Ana Ruiz, the mayor.\n\n“And a second point about the budget.”"
    assert list(speakers_of(text).values()) == ["Ana Ruiz", "Ana Ruiz"]


def test_unbalanced_quotes_do_not_raise_or_invent_spans() -> None:
    text = "He said “this never closes and goes on. Another sentence here."
    for quote in extract(text).quotes:
        assert text[quote.start : quote.end] == quote.text


def test_claims_carry_score_and_reasons() -> None:
    result = extract("In 2023, the city spent $4 million on 12 new buses from Volvo and Scania.")
    (claim,) = result.claims
    assert claim.score >= 0.5
    assert "contains a number or quantity" in claim.reasons


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises_and_spans_are_exact(text: str) -> None:
    body = normalize_text(text)
    result = extract(body)
    for quote in result.quotes:
        assert body[quote.start : quote.end] == quote.text
    for claim in result.claims:
        assert body[claim.start : claim.end] == claim.text
    assert extract(body) == result


news_words = st.sampled_from(
    [
        "said",
        "he",
        "she",
        "“",
        "”",
        '"',
        "‘",
        "’",
        "’s",
        ",",
        ".",
        "Pinkston",
        "Kim",
        "the",
        "according",
        "to",
        "told",
        "DW",
        "\n\n",
        "Ministry",
        "spokesman",
        "claimed",
        "2019",
        "a",
        "of",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(news_words, max_size=80))
def test_news_like_token_soup_keeps_spans_exact(words: list[str]) -> None:
    body = " ".join(words)
    result = extract(body)
    for quote in result.quotes:
        assert body[quote.start : quote.end] == quote.text


quote_soup = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "''",
        "'",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "``",
        ",",
        ".",
        ":",
        " - ",
        "\n\n",
        "said",
        "Quill",
        "Dr. Mara Quill",
        "she",
        "the group",
        "according to",
        "We are ready",
        "(D-Ore.)",
        "the",
        "told",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(quote_soup, max_size=60), st.sampled_from([" ", "", "\n"]))
def test_every_kind_of_quotation_mark_keeps_spans_exact(words: list[str], joiner: str) -> None:
    body = joiner.join(words)
    result = extract(body)
    for quote in result.quotes:
        assert body[quote.start : quote.end] == quote.text
        assert 0 <= quote.start <= quote.end <= len(body)
    for claim in result.claims:
        assert body[claim.start : claim.end] == claim.text
