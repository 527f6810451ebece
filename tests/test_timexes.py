"""Time expressions: TIMEX3 values for dates, times, durations and sets, resolved against the
publication date (here Thursday 14 March 2024, ISO week 11, unless a test says otherwise)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PUBLISHED = "2024-03-14"


def timexes(analyze, text, published=PUBLISHED):
    found = analyze(text, published=published).timexes
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
    return found


def value_of(analyze, text, phrase, published=PUBLISHED):
    found = [t for t in timexes(analyze, text, published) if t.text == phrase]
    assert len(found) == 1, f"{phrase!r} in {[(t.text, t.value) for t in timexes(analyze, text, published)]}"
    return found[0].value


# ----------------------------------------------------------------------------- absolute dates
def test_timexes_absolute_dates(analyze):
    text = (
        "PARIS, March 14 (Example Wire) - The accord was signed on 5 March 2019 and expires on "
        "December 31, 2030. Talks on it first began in June 2022."
    )
    got = {t.text: t.value for t in timexes(analyze, text)}
    assert got == {
        "March 14": "2024-03-14",
        "5 March 2019": "2019-03-05",
        "December 31, 2030": "2030-12-31",
        "June 2022": "2022-06",
    }


def test_timexes_years_but_not_counts(analyze):
    text = "The 2018 election was disputed, and in 2020 some 2,000 troops and 1500 police officers were sent."
    assert [(t.text, t.value) for t in timexes(analyze, text)] == [("2018", "2018"), ("2020", "2020")]


def test_timexes_decades_seasons_quarters_and_mid_year(analyze):
    text = (
        "Output peaked in the 1990s, dipped in the summer of 2022 and in the third quarter of 2023, "
        "and should recover by mid-2025."
    )
    got = {t.text: t.value for t in timexes(analyze, text)}
    assert got["1990s"] == "199"
    assert got["summer of 2022"] == "2022-SU"
    assert got["the third quarter of 2023"] == "2023-Q3"
    assert got["mid-2025"] == "2025"


# ----------------------------------------------------------------------------- weekdays
@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("Rebels attacked the base on Friday.", "Friday", "2024-03-08"),
        ("The envoy will travel to Cairo on Friday.", "Friday", "2024-03-15"),
        ("The council is expected to vote on Monday.", "Monday", "2024-03-18"),
        ("Officials said on Thursday that the border was closed.", "Thursday", "2024-03-14"),
        ("The vote was held last Thursday.", "last Thursday", "2024-03-07"),
        ("The vote will be held next Thursday.", "next Thursday", "2024-03-21"),
    ],
)
def test_timexes_weekday_follows_the_tense(analyze, text, phrase, value):
    assert value_of(analyze, text, phrase) == value


def test_timexes_weekdays_in_one_sentence_take_their_own_clause(analyze):
    text = "The minister arrived on Monday and said that talks would resume on Tuesday."
    got = {t.text: t.value for t in timexes(analyze, text)}
    assert got == {"Monday": "2024-03-11", "Tuesday": "2024-03-19"}


# ----------------------------------------------------------------------------- relative expressions
@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("The company reported losses last week.", "last week", "2024-W10"),
        ("The summit ends this week.", "this week", "2024-W11"),
        ("The report is due next month.", "next month", "2024-04"),
        ("Exports have doubled this year.", "this year", "2024"),
        ("Exports fell last year.", "last year", "2023"),
        ("The minister resigned two weeks ago.", "two weeks ago", "2024-02-29"),
        ("The plant will reopen early next year.", "early next year", "2025"),
        ("The ban will take effect by the end of 2027.", "the end of 2027", "2027"),
        ("Inflation eased earlier this month.", "earlier this month", "2024-03"),
        ("The envoy left last September.", "last September", "2023-09"),
        ("Trade fell in 2022, and a year earlier it had risen.", "a year earlier", "2021"),
        ("A few weeks ago, the mayor resigned.", "A few weeks ago", "PAST_REF"),
        ("More talks are planned in the coming weeks.", "in the coming weeks", "FUTURE_REF"),
        ("Today, the port handles most of the grain.", "Today", "2024-03-14"),
    ],
)
def test_timexes_relative_expressions(analyze, text, phrase, value):
    assert value_of(analyze, text, phrase) == value


@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("The ceasefire collapsed in November.", "November", "2023-11"),
        ("Elections will be held in November.", "November", "2024-11"),
        ("The rebels have held the town since April.", "April", "2023-04"),
        ("Parliament will reconvene on April 2.", "April 2", "2024-04-02"),
    ],
)
def test_timexes_month_without_year_follows_the_tense(analyze, text, phrase, value):
    assert value_of(analyze, text, phrase) == value


def test_timexes_without_published_date_keep_references(analyze):
    text = "Exports fell last week, will rise next year, and the minister spoke on Monday about June 2022."
    got = {t.text: t.value for t in timexes(analyze, text, published=None)}
    assert got == {"last week": "PAST_REF", "next year": "FUTURE_REF", "Monday": "XXXX-WXX-1", "June 2022": "2022-06"}


# ----------------------------------------------------------------------------- durations
@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("The six-week truce ended.", "six-week", "P6W"),
        ("The talks lasted two days.", "two days", "P2D"),
        ("Diplomats have 48 hours to leave.", "48 hours", "PT48H"),
        ("Repairs could take up to two months.", "up to two months", "P2M"),
        ("The flight lasted 73 minutes.", "73 minutes", "PT73M"),
        ("His rule lasted almost half a century.", "almost half a century", "P50Y"),
    ],
)
def test_timexes_durations(analyze, text, phrase, value):
    assert value_of(analyze, text, phrase) == value
    assert [t.type for t in timexes(analyze, text) if t.text == phrase] == ["DURATION"]


def test_timexes_rates_and_ages_are_not_durations(analyze):
    text = "The pipeline carries 1.5 million barrels a day, and a 25-year-old driver was hurt."
    assert [t.text for t in timexes(analyze, text)] == []


# ----------------------------------------------------------------------------- ranges and sets
def test_timexes_ranges_give_both_ends(analyze):
    got = {t.text: t.value for t in timexes(analyze, "From January to October 2023, exports rose by 8%.")}
    assert got == {"January": "2023-01", "October 2023": "2023-10"}
    got = {t.text: t.value for t in timexes(analyze, "The juntas seized power between 2020 and 2023.")}
    assert got == {"2020": "2020", "2023": "2023"}


def test_timexes_sets(analyze):
    text = "Inspectors visit the site every week, and the council meets each Monday."
    got = {t.text: (t.value, t.type) for t in timexes(analyze, text)}
    assert got == {"every week": ("P1W", "SET"), "each Monday": ("XXXX-WXX-1", "SET")}


# ----------------------------------------------------------------------------- parts of day, clock times
@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("Protesters gathered on Tuesday evening.", "Tuesday evening", "2024-03-12TEV"),
        ("The missile was fired at 6 a.m. on Wednesday.", "6 a.m. on Wednesday", "2024-03-13T06:00"),
        ("Air raid sirens will sound tonight.", "tonight", "2024-03-14TNI"),
        ("Drones struck the city overnight.", "overnight", "2024-03-14"),
        ("The strike came late on Sunday.", "late on Sunday", "2024-03-10"),
    ],
)
def test_timexes_parts_of_day_and_clock_times(analyze, text, phrase, value):
    assert value_of(analyze, text, phrase) == value


def test_timexes_clock_time_takes_the_day_last_mentioned(analyze):
    text = "The rocket was launched on Monday. It was fired at 8:15 a.m. and flew for 40 minutes."
    got = {t.text: t.value for t in timexes(analyze, text)}
    assert got["8:15 a.m."] == "2024-03-11T08:15"
    assert got["40 minutes"] == "PT40M"


# ----------------------------------------------------------------------------- the seed article
def test_timexes_seed_article(seed_analysis):
    got = {t.text: t.value for t in seed_analysis.timexes}
    assert got["June 2022"] == "2022-06"
    assert got["January"] == "2023-01" and got["October 2023"] == "2023-10"
    assert got["Today"] in ("2024-10-10", "PRESENT_REF")
    assert got["A few weeks ago"] == "PAST_REF"


# ----------------------------------------------------------------------------- odd input
TIMEY = st.sampled_from(
    [
        "on",
        "Monday",
        "June",
        "24",
        "2025",
        ",",
        "-",
        "last",
        "week",
        "a",
        "few",
        "ago",
        "the",
        "end",
        "of",
        "every",
        "6",
        "a.m.",
        ":",
        "mid-",
        "'",
        "90s",
        "half",
        "year",
        "from",
        "to",
        "early",
        "31",
        "February",
        " ",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.one_of(TIMEY, st.text(max_size=5)), max_size=25).map(" ".join),
    st.sampled_from([None, "2024-02-29", "2024", "2024-12", "9000-12-31", "not a date"]),
)
def test_timexes_odd_input_never_raises(analyze, text, published):
    from newsgraph.pipeline import get_nlp
    from newsgraph.stages.timexes import find_timexes

    for t in find_timexes(get_nlp()(text), published):
        assert text[t.start : t.end] == t.text and t.value


# ----------------------------------------------------------------------------- generalisation
def test_timexes_month_with_a_relative_year(analyze):
    text = "Talks stalled in August last year and resume on June 3 next year."
    assert value_of(analyze, text, "August last year") == "2023-08"
    assert value_of(analyze, text, "June 3 next year") == "2025-06-03"


def test_timexes_schedule_told_in_the_past_takes_the_nearest_day(analyze):
    # published Thursday 14 March 2024
    assert value_of(analyze, "The envoy was due to meet rebels later on Wednesday.", "Wednesday") == "2024-03-13"
    assert value_of(analyze, "Markets were expected to reopen on Friday.", "Friday") == "2024-03-15"


def test_timexes_plan_in_the_present_looks_ahead(analyze):
    assert value_of(analyze, "The two unions plan a joint congress in October.", "October") == "2024-10"


def test_timexes_fractions_of_long_durations(analyze):
    text = "The border reopened a quarter of a century after the war and half a century after independence."
    assert value_of(analyze, text, "a quarter of a century") == "P25Y"
    assert value_of(analyze, text, "half a century") == "P50Y"


def test_timexes_future_as_an_adjective_is_no_time(analyze):
    found = timexes(analyze, "Exiles may have a seat in the future parliament, and talks may resume in the future.")
    assert [(t.text, t.value) for t in found] == [("in the future", "FUTURE_REF")]


def test_timexes_the_weekend_and_the_summer(analyze):
    assert value_of(analyze, "Vandals damaged the station over the weekend.", "the weekend") == "2024-W10-WE"
    assert value_of(analyze, "The minister will visit Lima in the summer.", "the summer") == "2024-SU"
    assert value_of(analyze, "Output should double by the end of the decade.", "the end of the decade") == "202"


def test_timexes_brief_checklist(analyze):
    text = "Ministers met last Tuesday. Prices rose over the past two weeks. A vote is expected early next year."
    assert value_of(analyze, text, "last Tuesday") == "2024-03-12"
    assert value_of(analyze, text, "the past two weeks") == "P2W"
    assert value_of(analyze, text, "early next year") == "2025"
