"""Claim candidates: who claims them, and where they start and stop.

Every sentence here is invented for the test.
"""

from extraction import extract


def claims_of(text: str) -> dict[str, str | None]:
    return {claim.text: claim.speaker for claim in extract(text).claims}


def test_a_claim_inside_an_attributed_quote_has_the_speaker_as_claimant() -> None:
    text = (
        "“The city spent $4 million on 12 new buses from Volvo in 2023,” "
        "said Ana Ruiz, the transport director."
    )
    result = extract(text)
    (claim,) = result.claims
    assert claim.speaker == "Ana Ruiz"
    assert claim.quote_index is not None
    assert result.quotes[claim.quote_index].speaker == "Ana Ruiz"


def test_a_claim_never_keeps_the_attribution_tail() -> None:
    text = (
        "“Exports to Brazil fell by 40 percent in 2022 after the Lagos port closed,” "
        "Osei told reporters."
    )
    (claim,) = extract(text).claims
    assert claim.text.endswith("closed")
    assert "Osei" not in claim.text


def test_a_claim_never_crosses_into_a_quote() -> None:
    text = (
        "In 2021 the Westfield council approved 300 new homes near the river, and Mayor "
        "Ilse Kramer called the vote “a mistake we will pay for until 2040 at least.”"
    )
    for claim in extract(text).claims:
        inside = "mistake" in claim.text
        assert not inside or "council" not in claim.text


def test_a_claim_never_starts_with_an_unresolved_pronoun() -> None:
    text = (
        "Westfield Water raised prices in March 2024.\n\n"
        "It cut 300 jobs at the Ruston plant in 2023, after losing $40 million."
    )
    assert not [c for c in extract(text).claims if c.text.startswith("It ")]


def test_a_thousand_clause_sentence_is_scored_clause_by_clause() -> None:
    clause = "the council approved 12 new buses for Westfield in 2024 after a vote"
    text = "; ".join([clause] * 1_000) + "."
    claims = extract(text).claims
    assert len(claims) >= 900
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
