"""The reporting-verb lexicon: forms, lemmas and what each verb takes."""

import pytest

from extraction.verbs import (
    REPORTING_VERBS,
    VERB_RE,
    VERBS,
    Complement,
    is_noun_like,
    lemma,
    takes_clause,
)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("said", "say"),
        ("Told", "tell"),
        ("wrote", "write"),
        ("written", "write"),
        ("denies", "deny"),
        ("testified", "testify"),
        ("admitted", "admit"),
        ("quipping", "quip"),
        ("emphasising", "emphasise"),
        ("signalled", "signal"),
        ("swore", "swear"),
        ("pointed  out", "point out"),
        ("forecast", "forecast"),
    ],
)
def test_inflected_forms_lead_back_to_their_lemma(form: str, expected: str) -> None:
    assert lemma(form) == expected


def test_words_that_are_not_reporting_verbs_have_no_lemma() -> None:
    assert lemma("was") is None
    assert lemma("") is None


def test_the_lexicon_covers_hundreds_of_forms() -> None:
    assert len(VERBS) > 150
    assert len(REPORTING_VERBS) > 600
    assert all(form == form.lower() for form in REPORTING_VERBS)


def test_clause_verbs_are_told_apart_from_object_and_question_verbs() -> None:
    assert takes_clause("warned")
    assert not takes_clause("praised")
    assert VERBS["ask"].complement is Complement.QUESTION


def test_bare_forms_that_are_mostly_nouns_are_flagged_but_their_past_is_not() -> None:
    assert is_noun_like("report") and is_noun_like("claims")
    assert not is_noun_like("reported")
    assert not is_noun_like("said")


def test_pattern_finds_whole_words_and_phrasal_verbs_in_any_case() -> None:
    found = VERB_RE.findall("Sayings aside, she Pointed out that he said so.")
    assert found == ["Pointed out", "said"]


def test_pattern_matches_every_form_and_nothing_longer() -> None:
    assert all(VERB_RE.fullmatch(form) for form in REPORTING_VERBS)
    assert VERB_RE.search("saidx toldly") is None
