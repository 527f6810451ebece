"""Events: CAMEO type, actors, and what the article asserts about it, on sentences written for these tests."""

import pytest

from newsgraph.cameo import load_cameo
from newsgraph.cameo.export import rows


def events(a):
    """(source name, root, target name, status, attributed name) for every event."""
    name = lambda eid: a.entity(eid).name if a.entity(eid) else None  # noqa: E731
    return [(name(v.source), v.code[:2], name(v.target), v.status, name(v.attributed_to)) for v in a.events]


def has(a, source, root, target, status, attributed=None):
    found = events(a)
    assert any(
        s == source and r == root and t == target and st == status and (attributed is None or at == attributed)
        for s, r, t, st, at in found
    ), found


def test_events_codebook_is_complete():
    cameo = load_cameo()
    roots = {c for c in cameo.codes if len(c) == 2}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    for code, info in cameo.codes.items():
        assert info.quad_class == (1 if code[:2] <= "05" else 2 if code[:2] <= "08" else 3 if code[:2] <= "13" else 4)
        assert -10 <= info.goldstein <= 10
    assert cameo.code("042").label == "Make a visit"
    assert cameo.intent_of("042") == "036" and cameo.intent_of("163") == "1312"


def test_events_planned_visit_and_past_visit(analyze):
    a = analyze(
        "Turkish President Recep Tayyip Erdogan will visit Azerbaijan next week. He last visited "
        "Azerbaijan in March 2023.",
        published="2025-06-01",
    )
    has(a, "Recep Tayyip Erdoğan", "04", "Azerbaijan", "planned")
    has(a, "Recep Tayyip Erdoğan", "04", "Azerbaijan", "occurred")


def test_events_passive_with_agent(analyze):
    a = analyze("A Ukrainian drone factory was attacked by Russia on Sunday, officials said.", published="2025-03-03")
    assert any(s == "Russia" and r == "19" for s, r, *_ in events(a)), events(a)


def test_events_compound_subject_gives_one_event_per_actor(analyze):
    a = analyze("Kenya and Ethiopia condemned the coup in Sudan on Monday.", published="2025-03-03")
    sources = {s for s, r, t, *_ in events(a) if r == "11"}
    assert {"Kenya", "Ethiopia"} <= sources


def test_events_joint_action_is_coded_once(analyze):
    a = analyze("Armenia and Azerbaijan signed a peace agreement in Washington on Friday.", published="2025-08-09")
    has(a, "Armenia", "05", "Azerbaijan", "occurred")
    assert not [e for e in events(a) if e[0] == "Azerbaijan" and e[2] == "Armenia"]


def test_events_each_other_goes_both_ways(analyze):
    a = analyze("India and Pakistan accused each other of violating the ceasefire.", published="2025-05-10")
    has(a, "India", "11", "Pakistan", "occurred")
    has(a, "Pakistan", "11", "India", "occurred")


def test_events_nominal_with_possessive_and_preposition(analyze):
    a = analyze("Putin's meeting with Xi Jinping in Beijing drew wide attention.", published="2024-05-20")
    assert any(s == "Putin" and r == "04" and t == "Xi Jinping" for s, r, t, *_ in events(a)), events(a)


def test_events_denial_of_a_gerund(analyze):
    a = analyze("Iran denied supplying drones to Russia.", published="2024-10-10")
    has(a, "Iran", "07", "Russia", "denied", "Iran")


def test_events_claim_by_third_party(analyze):
    a = analyze(
        "Tehran can supply missiles to Moscow. Western experts claim that such deliveries are already underway.",
        published="2024-10-10",
    )
    has(a, "Tehran", "07", "Moscow", "claimed")
    has(a, "Tehran", "07", "Moscow", "possible")


def test_events_denial_of_a_reported_possibility(analyze):
    a = analyze(
        "Egypt was said to be arming the Rapid Support Forces. Egypt's foreign minister rejected this possibility.",
        published="2024-10-10",
    )
    assert any(r == "07" and st == "denied" and at == "Badr Abdelatty" for s, r, t, st, at in events(a)), events(a)


def test_events_conditional_is_possible(analyze):
    a = analyze("If talks fail, the European Union could impose new sanctions on Belarus.", published="2025-01-10")
    has(a, "European Union", "16", "Belarus", "possible")


def test_events_negation_and_failure(analyze):
    a = analyze(
        "Japan did not sign the agreement with China. The European Union failed to impose sanctions on Iran.",
        published="2025-01-10",
    )
    has(a, "Japan", "05", "China", "negated")
    has(a, "European Union", "16", "Iran", "negated")


def test_events_according_to_attributes(analyze):
    a = analyze(
        "Israeli aircraft struck Gaza City overnight, according to the Gaza health ministry.", published="2024-02-21"
    )
    assert any(
        r in ("18", "19") and st == "claimed" and at and "ministry" in at.lower() for s, r, t, st, at in events(a)
    ), events(a)


def test_events_expected_is_planned(analyze):
    a = analyze(
        "Indian Prime Minister Narendra Modi is expected to meet Chinese President Xi Jinping in Kazan.",
        published="2024-10-20",
    )
    has(a, "Narendra Modi", "04", "Xi Jinping", "planned")


def test_events_offsets_and_fields(analyze):
    a = analyze("Russia will host talks with Ukraine in Istanbul next month.", published="2025-05-01")
    text = a.document.text
    assert a.events
    for v in a.events:
        assert text[v.trigger.start : v.trigger.end] == v.trigger.text
        assert 0 <= v.evidence["start"] < v.evidence["end"] <= len(text)
        assert v.quad_class in (1, 2, 3, 4) and 0 < v.confidence <= 1
        assert v.label and v.status in ("occurred", "planned", "possible", "claimed", "denied", "negated")


def test_events_cameo_rows_map_planned_to_intents(analyze):
    a = analyze(
        "Erdogan will visit Baku next week. Azerbaijan did not sign the deal with Armenia.", published="2025-06-01"
    )
    out = rows(a)
    planned = [r for r in out if r[17] == "planned"]
    assert planned and all(r[8].startswith("03") for r in planned)
    assert not [r for r in out if r[17] in ("negated", "denied")]


@pytest.mark.parametrize("text", ["", "he", "The the the.", "Russia and", "deny deny deny", "“Such deliveries”"])
def test_events_odd_input_never_raises(analyze, text):
    analyze(text)


def test_events_seed_article(seed_analysis):
    evs = events(seed_analysis)
    has(seed_analysis, "Vladimir Putin", "04", "Turkmenistan", "planned")
    has(seed_analysis, "Vladimir Putin", "04", "Masoud Pezeshkian", "planned")
    has(seed_analysis, "Vladimir Putin", "04", "Turkmenistan", "occurred")
    claimed = [e for e in evs if e[1] == "07" and e[3] == "claimed"]
    assert claimed and claimed[0][4] == "Western", evs
    denied = [e for e in evs if e[1] == "07" and e[3] == "denied"]
    assert denied and denied[0][4] == "Masoud Pezeshkian", evs
    june = [v for v in seed_analysis.events if v.code[:2] == "04" and v.status == "occurred" and v.time]
    assert any(v.time.value == "2022-06" for v in june)


def test_events_reported_words_as_speech_acts(analyze):
    a = analyze(
        "Israeli Defence Minister Israel Katz said Lebanon was responsible for the "
        'rocket fire. "We stand with the Philippines," US Secretary of State Marco Rubio said.',
        published="2025-03-23",
    )
    has(a, "Israel Katz", "11", "Lebanon", "occurred")
    has(a, "Marco Rubio", "05", "Philippines", "occurred")
