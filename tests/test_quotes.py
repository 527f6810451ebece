"""Quotes: direct quotes in every placement, indirect and mixed speech, speakers through names,
pronouns and organisations, and robustness to unbalanced quotation marks."""

import pytest

from newsgraph.stages.quotes import find_marked

PUBLISHED = "2025-03-01"


def run(analyze, text):
    a = analyze(text, published=PUBLISHED)
    for q in a.quotes:
        assert text[q.start : q.end] == q.text
    return a


def speaker_name(a, q):
    e = a.entity(q.speaker)
    return e.name if e is not None else None


def only(a, text, kind=None):
    """The one quote whose text is `text` (and of `kind`, when given)."""
    found = [q for q in a.quotes if q.text == text and (kind is None or q.kind == kind)]
    assert len(found) == 1, [(q.kind, q.text) for q in a.quotes]
    return found[0]


# ----------------------------------------------------------------------------- direct quotes, by placement
def test_quotes_direct_cue_after_with_pronoun_speaker(analyze):
    a = run(
        analyze,
        'Chilean President Gabriel Boric met farmers in Temuco on Friday. "We will not abandon the south," he said.',
    )
    q = only(a, "We will not abandon the south")
    assert (q.kind, q.cue, q.speaker_text) == ("direct", "said", "he")
    assert speaker_name(a, q) == "Gabriel Boric"


def test_quotes_direct_cue_before_with_colon(analyze):
    a = run(
        analyze,
        "New Zealand Prime Minister Christopher Luxon spoke after the vote. "
        'He said: "This is a good day for our exporters."',
    )
    q = only(a, "This is a good day for our exporters.")
    assert q.kind == "direct" and q.cue == "said"
    assert speaker_name(a, q) == "Christopher Luxon"


def test_quotes_direct_organisation_speaker_adding_that(analyze):
    a = run(
        analyze,
        '"The border will stay open," the Polish interior ministry said in a statement, '
        "adding that extra guards would be sent to the crossing.",
    )
    direct = only(a, "The border will stay open")
    added = only(a, "extra guards would be sent to the crossing")
    assert direct.kind == "direct" and added.kind == "indirect"
    assert added.cue == "adding"
    assert direct.speaker is not None and direct.speaker == added.speaker
    assert "interior ministry" in direct.speaker_text


def test_quotes_partial_quotes_inside_a_sentence(analyze):
    a = run(
        analyze,
        "Brazilian President Luiz Inácio Lula da Silva called the tariff "
        '"an act of economic aggression" and dismissed the threats as "noise".',
    )
    called = only(a, "an act of economic aggression")
    noise = only(a, "noise")
    assert (called.kind, called.cue) == ("direct", "called")
    assert (noise.kind, noise.cue) == ("direct", "dismissed")
    assert speaker_name(a, called) == speaker_name(a, noise) == "Luiz Inácio Lula da Silva"


def test_quotes_quotation_over_several_paragraphs(analyze):
    text = (
        "Polish Prime Minister Donald Tusk addressed lawmakers on Tuesday.\n\n"
        '"We have waited long enough. The funds must be released this month.\n\n'
        '"Nobody in Brussels can tell Poland to wait another year," Tusk said.'
    )
    a = run(analyze, text)
    assert len(a.quotes) == 1
    q = a.quotes[0]
    assert q.text.startswith("We have waited long enough") and q.text.endswith("wait another year")
    assert speaker_name(a, q) == "Donald Tusk"


def test_quotes_next_quotation_takes_the_speaker_of_the_previous_one(analyze):
    a = run(
        analyze,
        '"Our doors remain open," Norwegian Prime Minister Jonas Gahr Støre said. "Talks can resume tomorrow."',
    )
    first = only(a, "Our doors remain open")
    second = only(a, "Talks can resume tomorrow.")
    assert second.kind == "direct" and second.cue is None
    assert second.speaker == first.speaker is not None


@pytest.mark.parametrize("open_,close", [('"', '"'), ("“", "”")])
def test_quotes_straight_and_curly_marks_agree(analyze, open_, close):
    text = f"{open_}We expect an answer by Friday,{close} Finnish President Alexander Stubb told reporters."
    a = run(analyze, text)
    q = only(a, "We expect an answer by Friday")
    assert (q.kind, q.cue) == ("direct", "told")
    assert speaker_name(a, q) == "Alexander Stubb"


def test_quotes_scare_quotes_and_names_are_not_quotes(analyze):
    a = run(analyze, "Russia’s so-called “shadow fleet” has grown. The tankers sail under the “Gabon” flag.")
    assert a.quotes == []


# ----------------------------------------------------------------------------- indirect and mixed speech
@pytest.mark.parametrize("that", ["that ", ""])
def test_quotes_indirect_with_and_without_that(analyze, that):
    a = run(analyze, f"Spanish Prime Minister Pedro Sánchez said {that}the budget would be approved before summer.")
    q = only(a, "the budget would be approved before summer")
    assert (q.kind, q.cue) == ("indirect", "said")
    assert speaker_name(a, q) == "Pedro Sánchez"


def test_quotes_indirect_told_reporters(analyze):
    a = run(analyze, "Dutch Prime Minister Dick Schoof told reporters the cabinet would meet again on Monday.")
    q = only(a, "the cabinet would meet again on Monday")
    assert (q.kind, q.cue) == ("indirect", "told")
    assert speaker_name(a, q) == "Dick Schoof"


@pytest.mark.parametrize(
    "text",
    [
        "According to Sudanese army officers, the ceasefire collapsed within hours.",
        "The ceasefire collapsed within hours, according to Sudanese army officers.",
    ],
)
def test_quotes_according_to_either_side(analyze, text):
    a = run(analyze, text)
    assert len(a.quotes) == 1
    q = a.quotes[0]
    assert q.kind == "indirect" and q.cue == "according to"
    assert q.text.lower() == "the ceasefire collapsed within hours"
    assert q.speaker is None and q.speaker_text == "Sudanese army officers"


def test_quotes_according_to_figures_is_not_a_quote(analyze):
    assert run(analyze, "Unemployment rose to 7%, according to official figures.").quotes == []


@pytest.mark.parametrize(
    "text,cue,clause",
    [
        (
            "Turkish President Recep Tayyip Erdogan warned that Ankara would respond to any attack.",
            "warned",
            "Ankara would respond to any attack",
        ),
        (
            "Finnish President Alexander Stubb claimed the cable had been cut deliberately.",
            "claimed",
            "the cable had been cut deliberately",
        ),
        ("The Kremlin denied that its troops had crossed the border.", "denied", "its troops had crossed the border"),
    ],
)
def test_quotes_indirect_reporting_verbs(analyze, text, cue, clause):
    a = run(analyze, text)
    q = only(a, clause)
    assert (q.kind, q.cue) == ("indirect", cue)
    assert q.speaker is not None


def test_quotes_pronoun_speaker_of_indirect_speech(analyze):
    a = run(
        analyze,
        "Danish Prime Minister Mette Frederiksen arrived in Nuuk. She said the island was not for sale.",
    )
    q = only(a, "the island was not for sale")
    assert q.speaker_text == "She"
    assert speaker_name(a, q) == "Mette Frederiksen"


def test_quotes_organisation_speaker_of_indirect_speech(analyze):
    a = run(analyze, "The World Health Organization said the outbreak had spread to three provinces.")
    q = only(a, "the outbreak had spread to three provinces")
    assert speaker_name(a, q) == "World Health Organization"


def test_quotes_anonymous_speaker_keeps_its_words(analyze):
    a = run(analyze, "Two EU diplomats familiar with the talks said the draft would be circulated on Friday.")
    q = only(a, "the draft would be circulated on Friday")
    assert q.speaker is None
    assert q.speaker_text.startswith("Two EU diplomats")


def test_quotes_mixed_speech_and_its_quoted_fragment(analyze):
    a = run(
        analyze,
        'Estonian Prime Minister Kristen Michal said the vessel had been "operating like a pirate ship" in the Baltic.',
    )
    mixed = only(a, 'the vessel had been "operating like a pirate ship" in the Baltic', kind="mixed")
    part = only(a, "operating like a pirate ship", kind="direct")
    assert speaker_name(a, mixed) == speaker_name(a, part) == "Kristen Michal"


@pytest.mark.parametrize(
    "text",
    [
        "The ministry did not say whether the talks would continue.",
        "Iran denied supplying drones to Russia.",
    ],
)
def test_quotes_negated_or_clauseless_verbs_report_nothing(analyze, text):
    assert run(analyze, text).quotes == []


# ----------------------------------------------------------------------------- the seed article
def test_quotes_seed_peskov_and_pezeshkian(seed_analysis):
    a = seed_analysis
    pos = only(a, "the sovereign position of Iran")
    assert (pos.kind, pos.cue, speaker_name(a, pos)) == ("direct", "called", "Dmitry Peskov")
    explain = [q for q in a.quotes if q.text.startswith("We will continue to explain")]
    assert len(explain) == 1 and explain[0].cue == "added" and speaker_name(a, explain[0]) == "Dmitry Peskov"
    goal = only(a, "establishing a meaningful partnership")
    assert speaker_name(a, goal) == "Masoud Pezeshkian"


# ----------------------------------------------------------------------------- robustness
@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "“”",
        'He said "',
        '"Hello," he said, "and',
        "She said: “We are ready.",
        "“We are ready,” she said. ”",
        "‘ ’ ’ ‘",
        '"A" "B" "C," she said.',
        '\n\n"\n"\n',
        'The minister said "yes" and "no" and "',
    ],
)
def test_quotes_unbalanced_marks_never_raise(analyze, text):
    run(analyze, text)


def test_quotes_marks_pair_within_paragraphs():
    text = 'He said "one" and "two.\nShe said "three".'
    pairs = [text[m.start : m.end] for m in find_marked(text)]
    assert pairs == ["one", "three"]  # the unclosed "two. does not swallow the next paragraph


def test_quotes_random_mixtures_of_marks_keep_valid_offsets(analyze):
    import random

    pieces = [
        '"',
        "“",
        "”",
        "‘",
        "’",
        "'",
        "\n",
        "\n\n",
        ", ",
        ". ",
        ": ",
        " said",
        " he",
        " She told reporters",
        " the ministry",
        " according to",
        " officials",
        " that",
        " We are ready",
        " Peskov",
        " added",
        " so-called",
    ]
    rng = random.Random(4)
    for _ in range(30):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        a = run(analyze, text)
        for q in a.quotes:
            assert 0 <= q.start < q.end <= len(text) and q.kind in ("direct", "indirect", "mixed")
            assert q.id.startswith("q")


# ----------------------------------------------------------------------------- generalisation: speaker phrases
def test_quotes_direct_survives_relative_clause_in_speaker(analyze):
    a = run(
        analyze,
        '"We will keep every border crossing open, whatever happens," Chilean President Gabriel Boric, '
        "who hosts the forum this year, told fellow delegates.",
    )
    q = only(a, "We will keep every border crossing open, whatever happens")
    assert (q.kind, q.cue) == ("direct", "told")
    assert speaker_name(a, q) == "Gabriel Boric"
    assert all('"' not in x.text for x in a.quotes)


def test_quotes_direct_survives_hyphenated_participle_in_speaker(analyze):
    a = run(analyze, '"The harbour will not reopen before spring," a Lisbon-based shipping consultant said.')
    q = only(a, "The harbour will not reopen before spring")
    assert (q.kind, q.speaker_text) == ("direct", "a Lisbon-based shipping consultant")


def test_quotes_speaker_text_drops_the_dateline(analyze):
    a = run(
        analyze,
        "QUITO, May 2 (Example Wire) - Andean finance ministers approved a joint bond on Friday, while "
        "insisting that they still wanted lower borrowing costs.",
    )
    q = only(a, "they still wanted lower borrowing costs")
    assert q.speaker_text == "Andean finance ministers"


def test_quotes_speaker_of_a_listed_subject_is_the_whole_phrase(analyze):
    a = run(
        analyze,
        "The coastal authorities of Ghana, Togo and Benin announced on Monday that they would share patrol boats.",
    )
    q = only(a, "they would share patrol boats")
    assert q.speaker_text == "The coastal authorities of Ghana, Togo and Benin"


def test_quotes_speaker_does_not_come_from_the_paragraph_above(analyze):
    a = run(
        analyze,
        "A union spokesman said that around 300 dockers had walked out at the port.\n\n"
        "A spokesman for the port operator denied that any shipments had been delayed. "
        '"Every crane is working," he told local radio.',
    )
    q = only(a, "any shipments had been delayed")
    assert q.speaker_text == "A spokesman for the port operator"
    q = only(a, "Every crane is working")
    assert q.speaker_text == "A spokesman for the port operator"  # "he": the same unnamed spokesman


# ----------------------------------------------------------------------------- generalisation: false reports
def test_quotes_reporter_label_after_a_clause_is_no_quote(analyze):
    a = run(
        analyze,
        "The senator accused the governor of hiding the audit, a charge the governor strongly denied. "
        "Farmers expect the ministry to cut fuel duties within weeks, a step growers have long demanded.",
    )
    assert not [q for q in a.quotes if q.cue in ("denied", "demanded")], [(q.cue, q.text) for q in a.quotes]
    only(a, "the governor of hiding the audit", "indirect")


def test_quotes_question_put_to_the_speaker_is_not_his(analyze):
    a = run(
        analyze,
        "Asked whether the tariffs were aimed at Ottawa, the trade minister told reporters that no country was targeted.",
    )
    assert [q.text for q in a.quotes] == ["no country was targeted"]


def test_quotes_clause_before_a_verb_with_its_own_object_is_not_reported(analyze):
    a = run(
        analyze,
        "In a charter they named the Lagos Accord, the ministers pledged to double rail freight by 2030.",
    )
    assert not a.quotes, [(q.cue, q.text) for q in a.quotes]


# ----------------------------------------------------------------------------- generalisation: extent of a report
def test_quotes_indirect_ends_before_another_partys_view(analyze):
    a = run(
        analyze,
        "The navy said the trawlers had entered closed waters, which the fishing company denied. "
        "Customs officials say smugglers moved 40 tonnes of copper last month, a claim both firms have rejected.",
    )
    only(a, "the trawlers had entered closed waters", "indirect")
    only(a, "smugglers moved 40 tonnes of copper last month", "indirect")


def test_quotes_indirect_ends_before_a_second_report(analyze):
    a = run(
        analyze,
        "Kenyan officials told reporters the pipeline had not been damaged, while a Ugandan engineer said it "
        "would need repairs. The regulator said prices would stay flat and warned that supplies could tighten.",
    )
    only(a, "the pipeline had not been damaged")
    only(a, "it would need repairs")
    only(a, "prices would stay flat")
    only(a, "supplies could tighten")


def test_quotes_second_that_clause_after_the_verb(analyze):
    a = run(
        analyze,
        "The mayor said that she had invited the bus operators to discuss fares, and that talks with the drivers' "
        "union were planned for next month.",
    )
    only(a, "she had invited the bus operators to discuss fares")
    only(a, "talks with the drivers' union were planned for next month")


def test_quotes_inverted_report_with_addressee_and_apposition(analyze):
    a = run(
        analyze,
        "About 40 engineers who worked on the dam left the site on Sunday, a project official told reporters. "
        "Heavy rain had flooded two tunnels, the agency, known locally as HidroSur, said in a statement.",
    )
    q = only(a, "About 40 engineers who worked on the dam left the site on Sunday")
    assert q.speaker_text == "a project official"
    only(a, "Heavy rain had flooded two tunnels")


def test_quotes_accusation_with_of_on_the_object(analyze):
    a = run(analyze, "The president rejected the report and accused the opposition of inventing the figures.")
    q = only(a, "the opposition of inventing the figures")
    assert (q.kind, q.cue) == ("indirect", "accused")


def test_quotes_report_said_in_a_statement_that(analyze):
    a = run(
        analyze,
        "The rebels claimed in a statement that government drones had struck a market on Tuesday, "
        "an accusation the army rejected.",
    )
    q = only(a, "government drones had struck a market on Tuesday")
    assert q.cue == "claimed"
    assert not [q for q in a.quotes if q.cue == "rejected"]
