"""The learned speaker ranker: quotes the reporting frames leave without a speaker.

Every sentence here is invented for the test.
"""

from extraction import extract


def direct(text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.method) for q in extract(text).quotes if q.kind == "direct"]


def test_an_unframed_quote_after_narrative_about_a_person_is_theirs() -> None:
    text = (
        "Mara Quill, the director of the clinic, walked the ward on Monday and counted "
        "the empty beds.\n\n“We are ready for the winter.”"
    )
    assert direct(text) == [("Mara Quill", "ranked")]


def test_the_person_named_in_the_quotes_own_paragraph_is_preferred() -> None:
    text = (
        "Ivo Brandt ran the port for a decade.\n\n"
        "On Tuesday, Mara Quill, his successor, toured the docks with reporters. "
        "“The cranes are older than the town.”"
    )
    assert direct(text) == [("Mara Quill", "ranked")]


def test_a_quote_with_nobody_named_near_it_stays_without_a_speaker() -> None:
    text = "The ward reopened on Monday after a month of repairs.\n\n“We are ready for the winter.”"
    assert direct(text) == [(None, "unattributed")]


def test_a_ranked_speaker_is_listed_among_the_speakers() -> None:
    text = "Mara Quill walked the ward on Monday.\n\n“We are ready for the winter.”"
    assert [speaker.name for speaker in extract(text).speakers] == ["Mara Quill"]


def test_a_frame_without_a_named_speaker_goes_to_the_person_opening_the_sentence() -> None:
    text = (
        "In Westfield, Mayor Ana Ruiz released a statement on Thursday condemning "
        "“a cowardly attack.”"
    )
    # The participle's frame is the sentence subject's: the rules decide before the ranker.
    assert direct(text) == [("Ana Ruiz", "partial-quote")]
