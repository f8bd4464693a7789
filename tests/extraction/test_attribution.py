"""Who said what: direct quotes and their speakers on the shapes news copy takes.

Every sentence here is invented for the test.
"""

import pytest

from extraction import extract


def speakers_of(text: str) -> dict[str, str | None]:
    return {q.text.strip(" ,."): q.speaker for q in extract(text).quotes if q.kind == "direct"}


def only_speaker(text: str) -> str | None:
    (speaker,) = set(speakers_of(text).values())
    return speaker


# -- names given in narrative, short forms later ------------------------------------------


def test_surname_links_to_the_full_name_given_in_narrative() -> None:
    text = (
        "Dr. Mara Quill, head of the clinic, opened the ward on Monday.\n\n"
        '"We are ready," Quill said.'
    )
    assert only_speaker(text) == "Mara Quill"


def test_title_and_surname_link_to_the_full_name() -> None:
    text = (
        "Senator Olive Brandt toured the harbour.\n\n"
        "“The locks are older than the town,” Ms. Brandt said."
    )
    assert only_speaker(text) == "Olive Brandt"


def test_the_fullest_form_written_is_the_canonical_name() -> None:
    text = (
        "“We will rebuild,” Pell said.\n\n"
        "Mayor Anton J. Pell spoke after the flood.\n\n"
        "“The river won this time,” Mr. Pell said."
    )
    assert set(speakers_of(text).values()) == {"Anton J. Pell"}


def test_acronym_links_to_the_organisation() -> None:
    text = (
        "The Coastal Fisheries Board (CFB) met in the spring.\n\n"
        "“Stocks are recovering,” the CFB said in a statement."
    )
    assert only_speaker(text) == "Coastal Fisheries Board"


# -- titles and roles around names --------------------------------------------------------


def test_long_role_before_the_name_is_not_the_name() -> None:
    text = "“The branch will stay open,” said Afghan-born deputy director Rosa Diaz."
    assert only_speaker(text) == "Rosa Diaz"


def test_lower_case_role_before_the_name() -> None:
    assert only_speaker("“Sugar is the problem,” nutritionist Vera Nunn says.") == "Vera Nunn"


def test_appositive_role_is_not_the_speaker() -> None:
    text = "“Cargo is down,” Ivo Brandt, the Port Authority spokesperson, said."
    assert only_speaker(text) == "Ivo Brandt"


def test_place_after_the_affiliation_is_not_the_speaker() -> None:
    text = "“The collection doubled,” Jo Reyes, curator at the Museum of Ruston, Westfield, said."
    assert only_speaker(text) == "Jo Reyes"


def test_party_tag_after_the_name() -> None:
    assert only_speaker("“This bill is dead,” Rep. Carl Mott (D-Ore.) said.") == "Carl Mott"


def test_role_and_organisation_are_kept_on_the_speaker() -> None:
    result = extract("“Visitors are back,” said Jo Reyes, curator at the Museum of Ruston.")
    (speaker,) = result.speakers
    assert (speaker.name, speaker.role, speaker.organization) == (
        "Jo Reyes",
        "curator",
        "Museum of Ruston",
    )


# -- organisations, outlets, descriptions -------------------------------------------------


def test_organisation_named_by_its_own_words_is_an_organisation() -> None:
    text = "“Wetlands are vanishing,” the Marsh Heron Conservancy said."
    result = extract(text)
    assert result.quotes[0].speaker == "Marsh Heron Conservancy"
    assert result.speakers[0].kind == "organization"


def test_the_group_resolves_to_the_organisation_just_named() -> None:
    text = (
        "Friends of the Delta filed the lawsuit on Friday.\n\n"
        "“The permit ignores the law,” the group said."
    )
    assert only_speaker(text) == "Friends of the Delta"


def test_the_newspaper_wrote_is_the_outlet_not_the_last_person() -> None:
    text = (
        "Gil Ferro spoke to the Harbor Ledger on Monday. "
        "“The mayor knew about the leak,” the newspaper wrote."
    )
    assert only_speaker(text) == "Harbor Ledger"


def test_company_spokeswoman_speaks_for_the_company() -> None:
    text = (
        "Norvale Foods recalled the cereal.\n\n"
        "“No illnesses have been reported,” a company spokeswoman said."
    )
    assert only_speaker(text) == "Norvale Foods"


def test_the_reporting_outlet_is_not_the_speaker() -> None:
    text = "“I will not run again,” Ada Lind told the Harbor Ledger."
    assert only_speaker(text) == "Ada Lind"


# -- pronouns and continuation ------------------------------------------------------------


def test_pronoun_follows_gender_not_just_the_last_speaker() -> None:
    text = (
        "“We lost the vote,” said Tom Hale.\n\n"
        "Mrs. Ines Varga, the treasurer, disagreed with him.\n\n"
        "“The vote can be taken again,” she said."
    )
    assert speakers_of(text)["The vote can be taken again"] == "Ines Varga"


def test_pronoun_goes_to_the_person_just_introduced() -> None:
    text = (
        "“The fares will rise,” said Ada Lind.\n\n"
        "Karl Ostrow, who runs the ferry, was blunter. “The boats are too old,” he said."
    )
    assert speakers_of(text)["The boats are too old"] == "Karl Ostrow"


def test_unframed_quote_after_another_person_is_named_is_not_a_continuation() -> None:
    text = (
        "“The dam is safe,” said engineer Lena Forsythe.\n\n"
        "Residents, led by Omar Quist, are unconvinced.\n\n"
        "“Nobody has inspected it since 1990.”"
    )
    assert speakers_of(text)["Nobody has inspected it since 1990"] != "Lena Forsythe"


def test_unframed_quote_right_after_continues_the_speaker() -> None:
    text = "“First point,” said Ana Ruiz, the mayor.\n\n“And a second point about the budget.”"
    assert list(speakers_of(text).values()) == ["Ana Ruiz", "Ana Ruiz"]


# -- reporting verbs and frames -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“The numbers are final,” Uma Pasko commented.",
        "“The numbers are final,” Uma Pasko concluded.",
        "“The numbers are final,” Uma Pasko stated.",
        "“The numbers are final,” Uma Pasko announced on Friday.",
        "“The numbers are final,” Uma Pasko gushed.",
        "“The numbers are final,” Uma Pasko boasted.",
        "“The numbers are final,” Uma Pasko declared.",
        "“The numbers are final,” Uma Pasko acknowledged.",
        "Uma Pasko paused and then declared: “The numbers are final.”",
        "Uma Pasko wrote to the board, stating: “The numbers are final.”",
        "In the words of Uma Pasko, “the numbers are final.”",
        "Uma Pasko told the committee that, after months of delay, “the numbers are final.”",
        "Uma Pasko, Daily Ledger: “The numbers are final.”",
        "“The numbers are final.” - Uma Pasko",
    ],
)
def test_reporting_frames(text: str) -> None:
    assert only_speaker(text) == "Uma Pasko"


def test_plural_say_names_a_group() -> None:
    text = "“We want the school kept open,” parents at Hillside Academy say."
    assert only_speaker(text) is not None


def test_participle_frame_goes_to_the_main_subject() -> None:
    text = "Nadia Oyelaran criticised the plan on Tuesday, saying “it will fail the poor.”"
    assert only_speaker(text) == "Nadia Oyelaran"


def test_colon_paragraph_before_a_block_quote() -> None:
    text = (
        "Judge Petra Holm read the ruling aloud:\n\n"
        "“The contract was void from the day it was signed.”"
    )
    assert only_speaker(text) == "Petra Holm"


# -- quotation marks ----------------------------------------------------------------------


def test_comma_outside_the_closing_mark() -> None:
    text = '"The bridge is closed", said Tomas Ferro.'
    assert speakers_of(text) == {"The bridge is closed": "Tomas Ferro"}


def test_doubled_apostrophes_as_quotation_marks() -> None:
    text = "''We will appeal,'' Mr. Dorn said. ''The judge was wrong.''"
    quotes = extract(text).quotes
    assert [q.text for q in quotes] == ["We will appeal,", "The judge was wrong."]
    assert {q.speaker for q in quotes} == {"Dorn"}


def test_guillemets() -> None:
    assert speakers_of("«Le pont est fermé», said Tomas Ferro.") == {
        "Le pont est fermé": "Tomas Ferro"
    }


def test_nested_quote_of_the_same_kind_stays_inside() -> None:
    text = "“He told me “never again” and left,” said Lia Moss."
    assert speakers_of(text) == {"He told me “never again” and left": "Lia Moss"}


def test_straight_marks_nested_in_curly_ones() -> None:
    text = '“The sign said "closed" all week,” said Lia Moss.'
    assert speakers_of(text) == {'The sign said "closed" all week': "Lia Moss"}


def test_quote_running_over_paragraphs_without_reopening() -> None:
    text = "“The first part of the plan is simple.\n\nThe second part is harder,” said Lia Moss."
    result = speakers_of(text)
    assert set(result.values()) == {"Lia Moss"}
    assert len(result) == 2


def test_quote_reopened_in_each_paragraph_shares_the_speaker() -> None:
    text = "“The first part of the plan is simple.\n\n“The second part is harder,” said Lia Moss."
    assert set(speakers_of(text).values()) == {"Lia Moss"}


def test_offsets_point_at_the_quoted_words() -> None:
    text = "''We will appeal,'' Mr. Dorn said. «Non», said Ana Ruiz. \"Yes\", he said."
    for quote in extract(text).quotes:
        assert text[quote.start : quote.end] == quote.text


# -- partial quotes and terms -------------------------------------------------------------


def test_partial_quote_in_an_attribution_is_a_direct_quote() -> None:
    text = (
        "Mayor Ilse Kramer spoke on Monday.\n\n"
        "The mayor called the plan a “reckless gamble” on Tuesday."
    )
    assert speakers_of(text) == {"reckless gamble": "Ilse Kramer"}


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = (
        "The so-called “smart” meters arrived in May. "
        "The council watched “The Long Winter” before the vote."
    )
    assert extract(text).quotes == ()


# -- frames without a lexicon verb, and phrases that only look like speakers --------------


def test_quote_in_a_sentence_about_a_named_person_is_theirs() -> None:
    text = (
        "The council met on Tuesday.\n\n"
        "Ida Marsh, who chairs the harbour board, ripped the ministry for acting as "
        "“a landlord who never visits his tenants” during the storm."
    )
    assert only_speaker(text) == "Ida Marsh"


def test_inverted_frame_after_a_clause_closes_the_sentence() -> None:
    text = (
        "Analysts are cautious.\n\n"
        "“The ferry line will not pay for itself” before the bridge opens, said Tomas Ferro, "
        "an economist at the Westfield Institute."
    )
    assert only_speaker(text) == "Tomas Ferro"


def test_told_with_a_capitalised_object_keeps_the_speaker_before_it() -> None:
    text = (
        "The mayor spoke after the vote.\n\n"
        "“We will not give up the harbour,” Rosa Diaz, the deputy mayor, told Harbor Radio."
    )
    assert only_speaker(text) == "Rosa Diaz"


def test_name_and_a_past_tense_verb_outside_the_lexicon_frame_a_quote() -> None:
    text = "The bill failed again.\n\n“That would have been a sign of good faith,” Pell fumed."
    assert only_speaker(text) == "Pell"


def test_as_someone_put_it_frames_the_quote() -> None:
    text = (
        "The vote was close.\n\n"
        "Or, as Vera Nunn, a former harbour master, put it, “The tide does not wait for a "
        "committee.”"
    )
    assert only_speaker(text) == "Vera Nunn"


def test_participle_opening_a_sentence_is_not_a_speaker() -> None:
    text = (
        "Olive Brandt toured the harbour on Monday.\n\n"
        "Reprising a line from her campaign, the senator talked about the port, saying it "
        "needed “a quiet kind of strength to get through the winter.”"
    )
    assert only_speaker(text) == "senator"


def test_participle_before_the_verb_does_not_take_the_frame() -> None:
    text = (
        "Speaking on the cable channel HBN on Monday, Mr. Pell called the plan "
        "“a reckless gamble with the town’s money.”"
    )
    assert only_speaker(text) == "Pell"


def test_description_after_an_introductory_phrase_is_the_speaker() -> None:
    text = (
        "The port reopened on Friday.\n\n"
        "In a statement, a port authority official said, “The channel is safe again.”"
    )
    assert only_speaker(text) == "port authority official"


def test_description_opening_a_clause_stops_at_its_verb() -> None:
    text = (
        "The clinic answered the critics.\n\n"
        "His chief aide doubled down on the attacks, saying the report was "
        "“a work of fiction from start to finish.”"
    )
    assert only_speaker(text) == "His chief aide"


def test_statement_is_not_the_outlet_that_asked() -> None:
    text = (
        "The Ledger Post asked the campaign about the donation on Monday.\n\n"
        "“We never asked for a donation,” the statement said."
    )
    assert only_speaker(text) == "statement"


def test_cue_word_after_a_possessive_is_a_noun() -> None:
    text = (
        "Ida Marsh tried to play down Pell’s comments, saying they were “not worth "
        "the paper they are printed on.”"
    )
    assert only_speaker(text) == "Ida Marsh"


def test_initials_stay_in_the_name() -> None:
    text = "“The plan will fail,” says J.J. Nolan, an expert on ports in the region."
    assert only_speaker(text) == "J.J. Nolan"


def test_party_before_a_name_is_not_part_of_it() -> None:
    text = "“The harbour is ours,” Democrat Elias Cumming said on Friday."
    assert only_speaker(text) == "Elias Cumming"


def test_owner_before_a_possessive_is_an_affiliation() -> None:
    text = "“Growth will slow,” Harbor Action Forum’s Douglas Wren said at the event."
    assert only_speaker(text) == "Douglas Wren"


# -- unnamed and affiliated speakers ------------------------------------------------------


def test_an_unnamed_strategist_is_not_the_strategist_named_before() -> None:
    text = (
        "“The polls are wrong,” said Lena Vask, a Republican strategist.\n\n"
        "“Nobody here believes them,” said one Westfield Republican strategist."
    )
    speakers = speakers_of(text)
    assert speakers["The polls are wrong"] == "Lena Vask"
    assert speakers["Nobody here believes them"] == "Westfield Republican strategist"


def test_a_described_speaker_ends_with_the_noun_not_the_verb_after_it() -> None:
    text = "The actor held a mock hearing and told the panel to act “more humble” in the clip."
    assert only_speaker(text) == "actor"


def test_a_name_followed_by_of_and_a_place_is_the_person() -> None:
    text = "“The ruling sets a new bar,” said Helen Marsh of the University of Ruston Law School."
    (found,) = extract(text).speakers
    assert (found.name, found.organization) == ("Helen Marsh", "University of Ruston Law School")


def test_a_dateline_is_not_the_speaker() -> None:
    text = (
        "WESTFIELD (AP) — Ada Lind rallied supporters on Monday, saying: “We will not back down.”"
    )
    assert only_speaker(text) == "Ada Lind"


def test_a_description_stops_before_an_irregular_past_verb() -> None:
    text = "The lead organiser came to the podium and called the plan “a gift to landlords.”"
    assert only_speaker(text) == "lead organiser"


def test_a_frame_after_the_quote_names_a_new_speaker_not_a_continuation() -> None:
    text = (
        "“We need to act,” Jo Soto said.\n\n"
        "“He was desperate,” his wife, Gabriela Maria Lind, wrote in a letter to the court.\n\n"
        "“It is a felony,” an intelligence source, who was not authorized to speak on the "
        "record, told reporters.\n\n"
        "“Nobody is above it,” New Haven Public Advocate Ana Ruiz said.\n\n"
        "“We will appeal,” Pastor Ivo Brandt said."
    )
    assert list(speakers_of(text).values()) == [
        "Jo Soto",
        "Gabriela Maria Lind",
        "intelligence source",
        "Ana Ruiz",
        "Ivo Brandt",
    ]


def test_a_long_title_and_name_after_a_full_stop_still_frame_the_quote() -> None:
    text = (
        "“We need to act,” Jo Soto said.\n\n"
        "“Guns are marketed to young men.” Westfield City Council Speaker Ana Ruiz said."
    )
    assert list(speakers_of(text).values()) == ["Jo Soto", "Ana Ruiz"]


def test_an_abbreviated_title_is_not_the_speakers_organisation() -> None:
    found = extract('At the fair, Gov. Ada Pellow said, "The roads come first."')
    (speaker,) = found.speakers
    assert (speaker.name, speaker.role, speaker.organization) == ("Ada Pellow", "Gov.", "")
    found = extract('Ohio Sen. Ada Pellow said, "The roads come first."')
    (speaker,) = found.speakers
    assert speaker.organization == "Ohio"


def test_a_compass_word_can_end_a_surname() -> None:
    text = (
        "Corin West, a historian at Dunmore College, toured the archive.\n\n"
        '"The records were never sorted," West said.'
    )
    assert only_speaker(text) == "Corin West"


def test_a_surname_does_not_link_to_a_phrase_it_merely_starts() -> None:
    text = (
        "Fans waved flags for the Halloran Express as the bus rolled in.\n\n"
        '"We expected more people," Halloran said.'
    )
    assert only_speaker(text) == "Halloran"


def test_a_participle_opening_the_sentence_is_not_the_speaker() -> None:
    text = "Facing questions about the dam, Mr. Orsk said the repairs were “nearly done.”"
    assert only_speaker(text) == "Orsk"
    text = "Waving papers at the crowd, the treasurer called the audit “a formality.”"
    assert only_speaker(text) != "Waving"


def test_a_dateline_with_an_agency_in_title_case_is_not_the_speaker() -> None:
    text = (
        "Dunmore (AFP) – Mayor Ada Pellow has criticised the budget, saying that "
        "“quiet cuts” hurt the poorest streets."
    )
    assert only_speaker(text) == "Ada Pellow"


def test_a_party_tag_before_the_comma_is_not_the_speaker() -> None:
    text = (
        "On Tuesday at Dunmore College in Berea, OH, after winning the county, "
        "Gov. Ada Pellow (R-OH), said, “We are ready for the spring.”"
    )
    assert only_speaker(text) == "Ada Pellow"


def test_a_pronoun_in_a_sentence_a_person_opens_means_that_person() -> None:
    text = (
        "Sen. Tom Rubin spoke in Westfield.\n\n"
        "Rubin said that over the last week he has begun “to show the real record” of "
        "Mayor Dan Trask, whom he called “a fraud.”"
    )
    assert set(speakers_of(text).values()) == {"Tom Rubin"}


def test_a_qualifier_before_a_title_is_neither_name_nor_organisation() -> None:
    found = extract(
        "Former Westfield mayor Ivo Brandt, a supporter of the bill, praised it, "
        "calling it “a fine piece of work.”"
    )
    assert [q.speaker for q in found.quotes] == ["Ivo Brandt"]
    (speaker,) = found.speakers
    assert speaker.organization == "Westfield"
    found = extract('Former Gov. Ivo Brandt said the bill was "a fine piece of work."')
    (speaker,) = found.speakers
    assert (speaker.name, speaker.organization) == ("Ivo Brandt", "")


def test_a_subject_after_two_adverbials_frames_a_partial_quote() -> None:
    text = (
        "Moreover, as part of the exchange with Mayor Carl Mott, Ortiz pointed to an auditor's "
        "finding that "
        "“less than one percent of the files” were kept."
    )
    assert only_speaker(text) == "Ortiz"


def test_a_participle_frame_belongs_to_the_subject_of_its_sentence() -> None:
    text = (
        "The council released a statement on Friday saying Dorn’s claims “rest on "
        "opinion, not on the record.”"
    )
    assert only_speaker(text) == "council"
    text = (
        "One aide inside the campaign office tried to play down the poll, saying it was "
        "“not a big deal around here.”"
    )
    assert only_speaker(text) == "aide"


def test_a_participle_after_with_has_its_own_subject() -> None:
    text = "The report came out on Monday, with Ada Pellow noting “a few hundred troops here.”"
    assert only_speaker(text) == "Ada Pellow"


def test_a_participle_in_an_opening_phrase_does_not_frame_the_main_clause() -> None:
    text = (
        "Ada Pellow met Tom Rubin.\n\n"
        "Pressed by Tom Rubin on her speaking fees, Pellow said that her family "
        "“came out of office in debt.”"
    )
    assert only_speaker(text) == "Ada Pellow"


def test_an_opening_place_and_time_are_not_the_subject() -> None:
    text = "In Westfield on Thursday, Mayor Ana Ruiz gave her verdict: “a cowardly act.”"
    assert only_speaker(text) == "Ana Ruiz"


def test_a_described_speaker_qualified_by_a_phrase_after_the_quote() -> None:
    assert only_speaker("“They know she is strong,” a voice-over in the ad states.") == (
        "voice-over"
    )
    assert only_speaker("“The deal is done,” a spokesman for the buyer said.") == "spokesman"


def test_a_name_before_its_description_and_a_relative_clause_is_the_speaker() -> None:
    text = (
        "Governor Tom Rubin spoke first.\n\n"
        "Ada Pellow, the former Westfield mayor, who has resented the rise of her rival, "
        "called him “scripted and robotic.”"
    )
    assert only_speaker(text) == "Ada Pellow"


def test_a_text_that_reads_frames_the_quote_before_it() -> None:
    assert only_speaker("“The meeting took place this morning,” the statement read.") == (
        "statement"
    )
    assert only_speaker('"Our campaign has already changed the race," read the email.') == ("email")
    assert only_speaker('"Books are good," the boy read aloud to the class.') is None


def test_the_verb_nearest_a_quote_after_a_comma_frames_it() -> None:
    text = (
        "Tom Rubin met voters at the school.\n\n"
        "At one point, a woman asked for a photo and Rubin said, “as long as it is allowed.”"
    )
    assert only_speaker(text) == "Tom Rubin"
    text = "Nefzi Dorn said the hall was full, adding, “He was not very religious.”"
    assert only_speaker(text) == "Nefzi Dorn"


def test_a_description_ends_before_a_modal_or_an_adverb() -> None:
    text = "The ad then closes with a warning, saying, “Vote on Tuesday or lose the park.”"
    assert [q.speaker for q in extract(text).quotes] == ["ad"]
    text = "A reporter can be heard asking, “Will you stay in the race?”"
    assert [q.speaker for q in extract(text).quotes] == ["reporter"]


def test_a_participle_phrase_after_the_subject_is_not_the_speaker() -> None:
    text = "Another intelligence source speaking to the Ledger said, “The files are sealed.”"
    assert only_speaker(text) == "intelligence source"


def test_an_adverb_a_contraction_or_a_participle_lead_is_not_the_speaker() -> None:
    text = (
        "Shortly after the call ended, the Rubin campaign sent out a release saying "
        "Trask owes “the city an explanation.”"
    )
    assert only_speaker(text) == "Rubin campaign"
    text = (
        "Continuing to explain his view, Tom Rubin rejected the claim, saying that "
        "“a rotten plank gets fixed.”"
    )
    assert only_speaker(text) == "Tom Rubin"
    assert only_speaker("I'm sure the mayor called it “a disgrace.”") != "I'm"


# -- what follows a partial quote --------------------------------------------------------


def test_a_clause_after_a_partial_quote_does_not_name_its_speaker() -> None:
    text = (
        "Lena Sims says she was “still weighing both ferry plans” until Ida Marsh said "
        "she backed the bridge."
    )
    assert only_speaker(text) == "Lena Sims"
    text = "Tom Okafor said it was “plainly improper” for Ida Marsh to question the auditors."
    assert only_speaker(text) == "Tom Okafor"
    text = "Rosa Diaz said she was “quite hopeful” and Ivo Brandt calling it a stunt."
    assert speakers_of(text)["quite hopeful"] == "Rosa Diaz"


def test_a_frame_after_a_comma_still_closes_the_sentence() -> None:
    text = "“The tolls will sink us” for the fishermen, said Ida Marsh, a former harbour master."
    assert only_speaker(text) == "Ida Marsh"
    text = "“It looks hopeless” that the mill reopens, Tom Okafor said."
    assert only_speaker(text) == "Tom Okafor"


def test_a_participle_after_a_quote_does_not_introduce_its_speaker() -> None:
    text = (
        "Ivo Brandt said that there is “just one crew able to finish the pier in time,” "
        "adding that this is why Mara Quill keeps sniping at him."
    )
    assert only_speaker(text) == "Ivo Brandt"
    text = "The toll, which Mr. Okafor called “a swindle,” blaming Rosa Diaz, was lifted."
    assert only_speaker(text) == "Okafor"


def test_a_time_or_an_adverbial_opening_the_sentence_is_not_the_speaker() -> None:
    text = (
        "Yet a couple of weeks later, Tom Okafor changed course once more, telling the "
        "Gazette that the quotas “stay as they are, and that is final.”"
    )
    assert only_speaker(text) == "Tom Okafor"
    text = (
        "Back in 2004, Tom Okafor admired the mayor's knack for crowds, telling the "
        "Gazette: “I could never do what she does.”"
    )
    assert only_speaker(text) == "Tom Okafor"
    text = (
        "Ida Marsh, who advised two mayors, thinks the contest is settled. Unless the "
        "others drop out soon, “nobody will catch him before the spring.”"
    )
    assert only_speaker(text) == "Ida Marsh"


def test_a_participle_opening_the_sentence_leaves_its_subject_to_the_clause() -> None:
    text = (
        "Speaking on Harbor Radio after the regatta in Ruston, which elects its council in "
        "May, Jo Brandt likened Ida Marsh to “a steady, tireless organiser” but faulted "
        "her budget."
    )
    assert only_speaker(text) == "Jo Brandt"


def test_a_prepositional_lead_before_the_frame_is_not_its_subject() -> None:
    text = (
        "Despite the fierce attacks in the press, Ida Marsh said that “the people who "
        "elected me still trust me.”"
    )
    assert only_speaker(text) == "Ida Marsh"
    text = (
        "In a follow-up post, Tom Okafor said he was delaying the ballot “until the "
        "auditors report back.”"
    )
    assert only_speaker(text) == "Tom Okafor"


def test_a_place_before_a_role_and_a_name_is_not_the_speaker() -> None:
    text = "Ohio state delegate Ida Marsh said the count was “a sham” and walked out."
    assert only_speaker(text) == "Ida Marsh"
    text = "Republican presidential candidate Tom Okafor said the plan was “a disaster.”"
    assert only_speaker(text) == "Tom Okafor"


def test_a_description_that_a_place_qualifies_is_not_the_place() -> None:
    text = (
        "The council met in Vermont on Monday.\n\n"
        "The Vermont senator fought to keep the seat, saying voters would “never forget "
        "the mill.”"
    )
    assert only_speaker(text) == "Vermont senator"


def test_the_senator_is_the_sen_named_before() -> None:
    text = (
        "Sen. Ida Marsh (R-Fla.) left the race on Tuesday.\n\n"
        "The Florida senator fought back tears, saying her backers would “keep the mill "
        "open.”"
    )
    assert only_speaker(text) == "Ida Marsh"
    text = "Gov. Tom Okafor toured the dam.\n\n“It will hold,” the governor said."
    assert only_speaker(text) == "Tom Okafor"


def test_a_sentence_between_two_quotes_keeps_the_frames_apart() -> None:
    text = (
        "“Nobody thought we could carry the east ward,” Rosa Diaz said on Monday. "
        "“We carried it by forty votes.” Her deputy, Ivo Brandt, sounded the same note. "
        "“Tonight belongs to the volunteers,” Brandt said."
    )
    assert speakers_of(text) == {
        "Nobody thought we could carry the east ward": "Rosa Diaz",
        "We carried it by forty votes": "Rosa Diaz",
        "Tonight belongs to the volunteers": "Ivo Brandt",
    }


def test_a_reporting_participle_after_a_short_quote_makes_it_speech() -> None:
    text = "Ida Marsh played up her “ferry-first budget,” pledging to visit every island."
    assert only_speaker(text) == "Ida Marsh"
    text = "Ida Marsh opened the “harbour plan” exhibit in every ward."
    assert speakers_of(text) == {}


def test_an_aside_that_ends_with_a_time_is_still_an_aside() -> None:
    text = "Tom Okafor, speaking to the Ledger on Monday, said the vote was “a farce.”"
    assert only_speaker(text) == "Tom Okafor"
    text = (
        "Ida Marsh, during a call with Harbor Radio Tuesday evening, urged the mayor once "
        "more to step down over the “reckless pier contract.”"
    )
    assert only_speaker(text) == "Ida Marsh"


def test_a_time_with_a_number_opening_the_sentence_is_not_the_speaker() -> None:
    text = (
        "Three hours earlier, a council memo had been circulated saying the defeat was "
        "“fully expected.”"
    )
    assert only_speaker(text) == "council memo"


def test_a_name_in_apposition_after_a_description_is_the_speaker() -> None:
    text = "The mayor of Ruston, Ida Marsh, said Monday that the plan was “dead and buried.”"
    assert only_speaker(text) == "Ida Marsh"
    text = "A spokesman for Ida Marsh, Tom Okafor, said the plan was “dead and buried.”"
    assert only_speaker(text) == "Tom Okafor"
    text = "Her chief of staff, Rosa Diaz, hinted that the leak “may breach the charter.”"
    assert only_speaker(text) == "Rosa Diaz"


def test_a_frame_leading_into_the_next_quote_is_that_quotes_own() -> None:
    text = (
        "Ida Marsh answers Tom Okafor with, “Tonight? I was on the ferry to Ruston then?” "
        "Okafor then replies, “You looked tired.”"
    )
    assert speakers_of(text) == {
        "Tonight? I was on the ferry to Ruston then?": "Ida Marsh",
        "You looked tired": "Tom Okafor",
    }
    text = "“We lost,” Ida Marsh said, “but we will be back.”"
    assert set(speakers_of(text).values()) == {"Ida Marsh"}


def test_words_that_describe_a_partial_quote_do_not_frame_it() -> None:
    text = (
        "Ida Marsh joked about the regatta and called Okafor “remarkably nimble,” a jab at "
        "the mayor suggesting he had switched sides on the levy."
    )
    assert only_speaker(text) == "Ida Marsh"
    text = (
        "The mayor protested that the count had been “fixed” against him, a claim that "
        "Ruston officials flatly denied."
    )
    assert only_speaker(text) == "mayor"


def test_a_reporting_noun_after_an_adjective_is_not_a_verb() -> None:
    text = (
        "Ida Marsh spoke on Monday.\n\n"
        "In an evident counter to the “harbour first” agenda, the council voted."
    )
    assert speakers_of(text) == {}


def test_a_party_tag_before_a_relative_clause_still_closes_the_name() -> None:
    text = (
        "Interviewed afterwards on Harbor Radio, Sen. Ida Marsh (D-Mo.), who has backed "
        "Tom Okafor, said the mayor had grown “tougher” this year."
    )
    assert only_speaker(text) == "Ida Marsh"


def test_the_agent_of_a_participle_is_not_the_speaker() -> None:
    text = (
        "A memo from the Harbor Fund acquired by the Ruston Gazette states that “all "
        "future requests must go to our counsel.”"
    )
    assert only_speaker(text) == "Harbor Fund"


def test_an_inverted_aside_names_the_speaker() -> None:
    text = (
        "The puzzle of Okafor, argues Ida Marsh, a curator at the Harbor Library, is that "
        "he stayed “the most feared man on the waterfront.”"
    )
    assert only_speaker(text) == "Ida Marsh"
    text = "Ida Marsh, who was on the shortlist, told the Gazette, “Of the four, I prefer Okafor.”"
    assert only_speaker(text) == "Ida Marsh"


def test_a_first_name_ending_in_ed_is_part_of_the_name() -> None:
    text = (
        "“Wages may finally be climbing,” the economist Jared Okafor, a former aide in "
        "the Ruston City Hall, wrote on his blog."
    )
    assert only_speaker(text) == "Jared Okafor"


@pytest.mark.parametrize(
    "introduction",
    [
        "Okafor, the former mayor, disagreed with the plan.",
        "Okafor, a retired city councilman, disagreed with the plan.",
        "Okafor, 61, disagreed with the plan.",
    ],
)
def test_a_surname_alone_before_a_role_or_an_age_is_a_person(introduction: str) -> None:
    assert only_speaker(f'{introduction} "It will fail," he said.') == "Okafor"


def test_a_place_before_a_description_is_no_person() -> None:
    text = 'Ruston, the county seat, voted on Monday. "It will fail," he said.'
    assert only_speaker(text) is None
