"""The quantities stage: numbers, scale words, units, currencies, change, period, attribution, exclusions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.model import Timex

PUBLISHED = "2024-05-01"


def figures(analyze, text, published=PUBLISHED):
    analysis = analyze(text, published=published)
    for q in analysis.quantities:
        assert text[q.start : q.end] == q.text
    return analysis.quantities


def one(analyze, text, value, unit=None):
    """The one quantity with this value (and unit, if given)."""
    found = [q for q in figures(analyze, text) if abs(q.value - value) <= 1e-6 * max(1, abs(value))]
    if unit is not None:
        found = [q for q in found if q.unit == unit]
    assert len(found) == 1, f"{value} {unit}: {[(q.text, q.value, q.unit) for q in figures(analyze, text)]}"
    return found[0]


def values(analyze, text):
    return sorted((q.value, q.unit) for q in figures(analyze, text))


# ---------- numbers and scale words


def test_quantities_scale_words_multiply(analyze):
    text = "The fund holds 4.2 billion dollars, 730 thousand shares and 3 trillion yen, and lent 12 mln roubles."
    assert values(analyze, text) == [(730000, "count"), (12e6, "RUB"), (4.2e9, "USD"), (3e12, "JPY")]


def test_quantities_glued_scale_suffixes(analyze):
    text = "Exporters earned $7bn this spring, up from €800m, and the club paid £25k for each player."
    assert values(analyze, text) == [(25000, "GBP"), (8e8, "EUR"), (7e9, "USD")]


def test_quantities_numbers_in_words(analyze):
    text = "Fourteen villagers fled. Two dozen boats and twenty-seven tractors were seized, and half a million people left."
    assert values(analyze, text) == [(14, "count"), (24, "count"), (27, "count"), (500000, "count")]


def test_quantities_vague_amounts_are_not_figures(analyze):
    text = "Hundreds of protesters, dozens of police officers and several thousand soldiers gathered, and one of them spoke."
    assert figures(analyze, text) == []


# ---------- units


def test_quantities_currency_symbols_and_codes(analyze):
    text = "Grants of US$40 million, USD 12 million, ₹900 crore and ¥75 billion were announced for the port."
    assert values(analyze, text) == [(1.2e7, "USD"), (4e7, "USD"), (9e9, "INR"), (7.5e10, "JPY")]


def test_quantities_currency_names(analyze):
    text = "Kyiv borrowed 40 billion hryvnias, Riyadh lent 3 billion riyals and Rabat spent 900 million dirhams."
    assert values(analyze, text) == [(9e8, "MAD"), (3e9, "SAR"), (4e10, "UAH")]


def test_quantities_cfa_francs_follow_the_region(analyze):
    west = one(analyze, "Traders in Mali and Niger pay levies of 80,000 CFA francs a month.", 80000)
    central = one(analyze, "Cameroon and Chad agreed to spend 12 billion CFA francs on the road.", 12e9)
    assert (west.unit, central.unit) == ("XOF", "XAF")


def test_quantities_pesos_follow_the_country_word(analyze):
    q = one(analyze, "Farmers in the north lost about 300 million Philippine pesos to the typhoon.", 3e8)
    assert q.unit == "PHP" and q.approximate


def test_quantities_percentages_and_points(analyze):
    text = (
        "Support fell to 41 percent, or 6.5 percentage points below the 12.5% it lost in a year, and 3 per cent more."
    )
    units = {q.value: q.unit for q in figures(analyze, text)}
    assert units == {41: "%", 6.5: "pp", 12.5: "%", 3: "%"}


def test_quantities_measures(analyze):
    text = (
        "The mill ships 2.5 million tonnes of steel, the field pumps 90,000 barrels per day and 4 bcm of gas, "
        "and the 800-km railway ends 15 nautical miles from the reef."
    )
    assert values(analyze, text) == [(15, "nmi"), (800, "km"), (90000, "bbl"), (2.5e6, "t"), (4e9, "m3")]


def test_quantities_counted_things(analyze):
    qs = figures(analyze, "Rebels freed 43 hostages and burned 7 police stations, officials said.")
    assert [(q.text, q.unit, q.measure) for q in qs] == [
        ("43 hostages", "count", "hostages"),
        ("7 police stations", "count", "police stations"),
    ]


def test_quantities_bare_count_after_a_participle(analyze):
    q = one(analyze, "The blast killed nine people, with 31 injured, the governor said.", 31)
    assert q.text == "31 injured" and q.unit == "count"


# ---------- ranges and approximations


def test_quantities_ranges_share_unit_and_scale(analyze):
    text = "Between 20 and 30 million people need help, and the lake is 8-12 km wide."
    qs = figures(analyze, text)
    assert sorted((q.value, q.unit) for q in qs) == [(8, "km"), (12, "km"), (2e7, "count"), (3e7, "count")]
    assert all(q.approximate for q in qs)


def test_quantities_approximators(analyze):
    text = "Roughly 90 migrants drowned, more than 1,000 were rescued, at least 12 boats sank and up to $3 million was lost."
    qs = figures(analyze, text)
    assert [q.approximate for q in qs] == [True, True, True, True]
    assert figures(analyze, "Exactly 90 migrants drowned.")[0].approximate is False


# ---------- change


def test_quantities_change_and_level(analyze):
    text = "Rice imports rose by 14% to 2.1 million tonnes, while wheat imports fell 6% and maize - by 3%."
    changes = {q.value: q.change for q in figures(analyze, text)}
    assert changes == {14: "increase", 2.1e6: None, 6: "decrease", 3: "decrease"}


def test_quantities_change_down_from_is_a_level(analyze):
    text = "Coal made up 22% of the power mix last year, down from about 40% a decade earlier."
    assert {q.value: q.change for q in figures(analyze, text)} == {22: None, 40: None}


def test_quantities_change_adverbs_and_nouns(analyze):
    text = "The index closed up 2.4%, after a 5% drop on Monday."
    assert {q.value: q.change for q in figures(analyze, text)} == {2.4: "increase", 5: "decrease"}


def test_quantities_change_in_apposition(analyze):
    text = "Gold rose $30, or 1.4%, to $2,180 an ounce."
    assert {q.value: q.change for q in figures(analyze, text)} == {30: None, 1.4: "increase", 2180: None}


def test_quantities_passive_by_is_no_change(analyze):
    q = one(analyze, "The depot was hit by eleven rockets overnight.", 11)
    assert q.change is None


# ---------- measure, attribution, period


def test_quantities_measure_is_the_subject_of_the_change(analyze):
    q = one(analyze, "Cotton exports from the region grew by 9% this year.", 9)
    assert q.measure == "Cotton exports from the region"


def test_quantities_measure_after_of(analyze):
    q = one(analyze, "The island supplies 60% of the world's vanilla.", 60)
    assert q.measure == "world's vanilla"


def test_quantities_attribution_according_to(analyze):
    analysis = analyze("According to the World Bank, the economy shrank by 4% in 2023.", published=PUBLISHED)
    q = analysis.quantities[0]
    assert analysis.entity(q.attributed_to).name == "World Bank"


def test_quantities_attribution_said(analyze):
    analysis = analyze("Ukraine's air force said it shot down 38 drones.", published=PUBLISHED)
    q = analysis.quantities[0]
    assert q.attributed_to is not None and "air force" in analysis.entity(q.attributed_to).name.lower()


def _run(text, timexes, published=PUBLISHED):
    from newsgraph.pipeline import get_nlp
    from newsgraph.stages.index import EntityIndex
    from newsgraph.stages.quantities import find_quantities

    doc = get_nlp()(text)
    return find_quantities(doc, EntityIndex(doc, []), timexes, published)


def _timex(text, part, value):
    start = text.index(part)
    return Timex(text=part, value=value, type="DATE", start=start, end=start + len(part))


def test_quantities_period_from_to_is_an_interval(analyze):
    text = "From March to August 2022, sugar output increased by 11%."
    tx = [_timex(text, "March", "2022-03"), _timex(text, "August 2022", "2022-08")]
    (q,) = _run(text, tx)
    assert (q.period.text, q.period.value) == ("From March to August 2022", "2022-03/2022-08")


def test_quantities_period_since_runs_to_publication(analyze):
    text = "Since June, 4,500 families have returned."
    (q,) = _run(text, [_timex(text, "June", "2023-06")])
    assert q.period.value == "2023-06/2024-05-01"


def test_quantities_period_is_the_nearest_timex_of_the_sentence(analyze):
    text = "Wind supplied 9% of power in 2019 and 17% in 2023. Nothing else changed."
    tx = [_timex(text, "2019", "2019"), _timex(text, "2023", "2023")]
    assert [q.period.value for q in _run(text, tx)] == ["2019", "2023"]
    assert _run(text, [])[0].period is None


# ---------- what is not a quantity


def test_quantities_skip_dates_years_and_times(analyze):
    text = "On May 14, 2021, at 6:30 p.m. and again at 7 am on 3 June, the 1998 accord was cited."
    assert figures(analyze, text) == []


def test_quantities_skip_names_and_labels(analyze):
    text = "The F-16 and the Airbus A320 flew over Hill 112 under Article 51 as the G20 met; Route 9 stayed shut."
    assert figures(analyze, text) == []


def test_quantities_skip_durations_and_ages(analyze):
    text = (
        "The 34-year-old spent six months in jail during a three-day trial, two weeks after the raid; "
        "visits run for 5-10 days between 2 and 4 p.m."
    )
    assert figures(analyze, text) == []


def test_quantities_skip_phone_numbers_and_scores(analyze):
    text = "Call 0800 555 0199 for tickets; the hosts won 4-1 and the vote passed 9-3."
    assert figures(analyze, text) == []


def test_quantities_skip_definite_references(analyze):
    text = "Leaders of the three nations met, and the two sides agreed to talk."
    assert figures(analyze, text) == []


def test_quantities_definite_digits_are_figures(analyze):
    assert values(analyze, "Rebels hold 12 of the 40 districts.") == [(12, "count"), (40, "count")]


def test_quantities_skip_ordinals(analyze):
    assert figures(analyze, "The third round and the 21st summit followed the first one.") == []


@pytest.mark.parametrize(
    "text",
    ["1,2,3", "5.5.5", "a lone $", "2,5 billion", "€", "10-", "1e309", "$ €", "9" * 400, "٣٤ ألف", "5.5.5bn", "$-"],
)
def test_quantities_malformed_numbers_never_raise(analyze, text):
    for q in figures(analyze, f"Figures: {text} and then {text}."):
        assert q.value == q.value and abs(q.value) < float("inf")


def test_quantities_decimal_comma(analyze):
    assert values(analyze, "The deal was worth 2,5 billion euros.") == [(2.5e9, "EUR")]


# ---------- the seed article


def test_quantities_seed_article_figures(seed_analysis):
    got = {(q.text, q.value, q.unit, q.change, q.approximate) for q in seed_analysis.quantities}
    expected = {
        ("8%", 8, "%", "increase", False),
        ("535 thousand tons", 535000, "t", None, False),
        ("5.5%", 5.5, "%", "increase", False),
        ("21%", 21, "%", "increase", False),
        ("33%", 33, "%", "increase", False),
        ("57%", 57, "%", "increase", False),
        ("36 projects", 36, "count", None, False),
        ("about 255 billion rubles", 255e9, "RUB", None, True),
    }
    assert got == expected


NUMBERY = st.sampled_from(
    [
        "1,500",
        "2,5",
        "5.5.5",
        "$",
        "US$",
        "€",
        "£",
        "₹",
        "m",
        "bn",
        "k",
        "million",
        "thousand",
        "two",
        "dozen",
        "half",
        "a",
        "-",
        "–",
        "%",
        "per cent",
        "to",
        "from",
        "between",
        "and",
        "by",
        "rose",
        "fell",
        "CFA francs",
        "pesos",
        "the",
        "about",
        "more than",
        "up to",
        "km",
        "tonnes",
        "June",
        "2024",
        "8:30",
        "a.m.",
        "F-16",
        "1e309",
        " ",
        ", ",
        ".",
        "(",
        ")",
        "\n",
        "people",
        "Russia",
        "said",
        "according to",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(NUMBERY, st.text(max_size=4)), max_size=30).map(" ".join))
def test_quantities_number_fragments_never_raise(analyze, text):
    for q in analyze(text, published=PUBLISHED).quantities:
        assert text[q.start : q.end] == q.text
        assert q.unit and abs(q.value) < float("inf")


# ----------------------------------------------------------------------------- generalisation
def test_quantities_range_gives_both_ends_the_counted_noun(analyze):
    qs = figures(
        analyze, "Senegal will send a company of 150 to 200 engineers, and Ghana between 3,000 and 4,500 troops."
    )
    got = {(q.value, q.unit, q.measure) for q in qs}
    assert (150, "count", "engineers") in got and (200, "count", "engineers") in got
    assert (3000, "count", "troops") in got and (4500, "count", "troops") in got


def test_quantities_range_after_a_change_verb_is_not_joined(analyze):
    q = one(analyze, "The index rose 12 to 4,100 points on Monday.", 12)
    assert q.measure != "points"  # a change and a level, not a range of points


def test_quantities_elided_currency_after_a_sum(analyze):
    text = "The fund will spend 4 billion euros on ports, 1.5 billion on rail and 700 million on roads."
    assert one(analyze, text, 1.5e9).unit == "EUR"
    assert one(analyze, text, 7e8).unit == "EUR"
    text = "Mexico will tax 20 billion pesos of imports, rising to 45 billion next year."
    assert one(analyze, text, 45e9).unit == "MXN"


def test_quantities_ages_are_not_counts(analyze):
    text = "Angela Merkel, 69, attended the launch. The scheme hires workers aged between 18 and 30, or aged 50."
    assert not figures(analyze, text), [(q.text, q.value) for q in figures(analyze, text)]


def test_quantities_references_back_are_not_figures(analyze):
    text = "Our two nations agree on this. Envoys met in all three capitals, and the region's four ports stayed shut."
    assert not figures(analyze, text), [(q.text, q.value) for q in figures(analyze, text)]


def test_quantities_seasons_are_durations(analyze):
    assert not figures(analyze, "The contract covers olive harvests over two seasons.")


def test_quantities_currency_words_and_falls(analyze):
    text = "The levy raised 3.2 billion rupees, fees were 500 CFA francs per bag, and exports fell 4%."
    assert one(analyze, text, 3.2e9).unit == "INR"
    assert one(analyze, text, 500).unit == "XOF"
    assert one(analyze, text, 4, "%").change == "decrease"
