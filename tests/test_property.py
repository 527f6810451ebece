"""Property test: any Unicode text is analysed without an exception, with offsets that slice."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NEWSY = st.sampled_from(
    [
        "Putin",
        "Iran's president",
        "the Kremlin",
        "he",
        "she",
        "it",
        " ",
        ", ",
        ".",
        "\n",
        "(",
        ")",
        '"',
        "“",
        "’s",
        "Secretary-General",
        "the head of the republic",
        "NATO",
        "Ministry of Energy of",
        "Kazakhstan",
        "the bloc",
        "Foreign Minister",
        "of the",
    ]
)


def check(analysis, text):
    assert analysis.document.text == text
    for e in analysis.entities:
        assert e.mentions
        for m in e.mentions:
            assert 0 <= m.start <= m.end <= len(text)
            assert text[m.start : m.end] == m.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_property_random_unicode_never_raises(analyze, text):
    check(analyze(text, published="2024-10-10"), text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(NEWSY, st.text(max_size=8)), max_size=40).map("".join))
def test_property_news_fragments_never_raise(analyze, text):
    check(analyze(text), text)
