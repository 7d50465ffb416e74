"""Invariants of the resolver, checked with hypothesis."""

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from syraq.temporal import find_times

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

expression = st.one_of(
    st.builds(lambda m: f"in {m}", st.sampled_from(MONTHS)),
    st.builds(lambda m, d: f"on {m} {d}", st.sampled_from(MONTHS), st.integers(1, 28)),
    st.builds(lambda d, m: f"on {d} {m}", st.integers(1, 28), st.sampled_from(MONTHS)),
    st.builds(lambda w: f"on {w}", st.sampled_from(WEEKDAYS)),
    st.builds(lambda w: f"last {w} night", st.sampled_from(WEEKDAYS)),
    st.builds(lambda mod, m: f"in {mod} {m}", st.sampled_from(["early", "mid", "late"]), st.sampled_from(MONTHS)),
    st.builds(lambda n, u: f"{n} {u} ago", st.sampled_from(["two", "three", "a few", "several"]),
              st.sampled_from(["days", "weeks", "months", "years"])),
    st.builds(lambda u: f"over the past {u}", st.sampled_from(["year", "week", "month", "two weeks"])),
    st.sampled_from(["yesterday", "today", "last week", "this month", "earlier this week", "last month",
                     "this year", "last spring", "in the summer", "the past year", "over the weekend"]),
)
publication = st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(expression, publication, st.sampled_from(["IS fighters attacked the town", "The army retook Raqqa"]))
def test_past_tense_never_ends_after_publication(expr: str, pub: date, clause: str) -> None:
    text = f"{clause} {expr}, the monitor said. Three weeks later, the army withdrew."
    times = find_times(text, pub)
    assert times, text
    for t in times:
        assert t.start <= t.end
        assert t.end <= pub, (text, pub, t)


@settings(max_examples=200, deadline=None)
@given(expression, publication)
def test_start_never_after_end_in_any_tense(expr: str, pub: date) -> None:
    for text in (f"The army will attack {expr}.", f"Talks are scheduled {expr}.", f"It happened {expr}."):
        for t in find_times(text, pub):
            assert t.start <= t.end


def _respace(text: str, spaces: list[str]) -> str:
    parts = text.split(" ")
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        out += spaces[i % len(spaces)] + part
    return out


@settings(max_examples=200, deadline=None)
@given(
    expression,
    publication,
    st.lists(st.sampled_from([" ", "  ", "\t", " \n", "   "]), min_size=1, max_size=5),
    st.sampled_from([str.upper, str.lower, str.title, str.swapcase]),
)
def test_stable_under_whitespace_and_case(expr: str, pub: date, spaces: list[str], recase) -> None:
    text = f"IS fighters attacked the town {expr}, the monitor said. Two days later, the army withdrew."
    base = [(t.start, t.end, t.precision) for t in find_times(text, pub)]
    changed = recase(_respace(text, spaces))
    assert [(t.start, t.end, t.precision) for t in find_times(changed, pub)] == base
    assert base


@settings(max_examples=100, deadline=None)
@given(st.integers(1900, 2090), st.sampled_from(["fighters", "families", "people", "km"]))
def test_counts_are_never_years(n: int, noun: str) -> None:
    assert find_times(f"Some {n} {noun} were reported near the border.", date(2018, 2, 15)) == []


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31)))
def test_explicit_day_round_trip(day: date) -> None:
    text = f"The town fell on {day.day} {day.strftime('%B')} {day.year}."
    (t,) = find_times(text, day + timedelta(days=30))
    assert (t.start, t.end, t.precision, t.anchor) == (day, day, "day", "absolute")
    assert re.fullmatch(r"\d+ \w+ \d{4}", text[t.span.start : t.span.end])
