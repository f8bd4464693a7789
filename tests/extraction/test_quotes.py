"""Quote spans on the mark shapes real news types: mixed, mistyped and partial quotes."""

from extraction import extract


def direct_quotes(text: str) -> list[str]:
    found = [quote for quote in extract(text).quotes if quote.kind == "direct"]
    for quote in found:
        assert text[quote.start : quote.end] == quote.text
    return [quote.text for quote in found]


def test_straight_mark_closes_a_curly_quote_around_its_attribution() -> None:
    text = (
        '“We will rebuild the pier by spring," said Lena Ortiz, the harbour master. '
        '"The money is already in the budget.”'
    )
    assert direct_quotes(text) == [
        "We will rebuild the pier by spring,",
        "The money is already in the budget.",
    ]


def test_straight_marks_inside_curly_ones_stay_a_nested_quote() -> None:
    text = '“He told me "never again" and walked out,” said Pia Holm.'
    assert direct_quotes(text) == ['He told me "never again" and walked out,']


def test_an_opening_mark_typed_for_a_closing_one_after_a_comma() -> None:
    text = "“Not this year,“ said Omar Vidal, the club treasurer. “Maybe the next one.”"
    assert direct_quotes(text) == ["Not this year,", "Maybe the next one."]


def test_an_opening_mark_typed_for_a_closing_one_after_a_word() -> None:
    text = "Mayor Ruth Abel called the new toll “unfair“ in a radio interview on Friday."
    assert direct_quotes(text) == ["unfair"]


def test_a_closing_mark_typed_for_an_opening_one() -> None:
    text = "Councillor Tom Hale said the vote ”was rushed and badly explained.”"
    assert direct_quotes(text) == ["was rushed and badly explained."]


def test_partial_quote_in_a_reporting_sentence_is_speech() -> None:
    text = "Most of the parents surveyed say the new timetable is “far too early” for young pupils."
    assert direct_quotes(text) == ["far too early"]


def test_partial_quote_takes_the_subject_of_its_reporting_sentence() -> None:
    text = (
        "Nora Blake, the head of the tenants' union, met the landlords on Monday.\n\n"
        "Blake argues the rent rise is “simply not affordable” for most families."
    )
    (quote,) = extract(text).quotes
    assert (quote.text, quote.speaker) == ("simply not affordable", "Nora Blake")


def test_scare_quote_without_a_reporting_verb_stays_a_term() -> None:
    text = "The town's “summer festival” drew a large crowd to the river bank this year."
    assert direct_quotes(text) == []
