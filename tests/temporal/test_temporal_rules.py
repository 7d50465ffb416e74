"""One test per rule family of the temporal resolver (words from data/temporal/lexicon.toml)."""

from datetime import date

import pytest

from syraq.errors import InputError
from syraq.temporal import acled_event_date, find_times

PUB = date(2018, 2, 15)  # a Thursday


def resolve(text: str, published: date | None = PUB) -> dict[str, tuple[str, str, str]]:
    times = find_times(text, published)
    return {text[t.span.start : t.span.end]: (str(t.start), str(t.end), t.precision) for t in times}


def one(text: str, published: date | None = PUB) -> tuple[str, str, str]:
    got = resolve(text, published)
    assert len(got) == 1, got
    return next(iter(got.values()))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The town fell on 15 February 2018.", ("2018-02-15", "2018-02-15", "day")),
        ("Talks were held on February 3, 2016 in Geneva.", ("2016-02-03", "2016-02-03", "day")),
        ("The army moved in October 2016.", ("2016-10-01", "2016-10-31", "month")),
        ("IS changed tactics in March 2008.", ("2008-03-01", "2008-03-31", "month")),
        ("The group was founded in 2013.", ("2013-01-01", "2013-12-31", "year")),
        ("Incident logged 2018-02-14 by the monitor.", ("2018-02-14", "2018-02-14", "day")),
        ("A report dated 30/01/2018 was filed.", ("2018-01-30", "2018-01-30", "day")),
        ("Oil output fell in the first quarter of 2017.", ("2017-01-01", "2017-03-31", "quarter")),
        ("Sanctions bit hard in the 1990s.", ("1990-01-01", "1999-12-31", "multi-year")),
    ],
)
def test_absolute(text: str, expected: tuple[str, str, str]) -> None:
    assert one(text) == expected


def test_ambiguous_numeric_dates_are_skipped() -> None:
    assert resolve("A report dated 3/5/2018 was filed.") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The SAA captured Mayadeen on October 14.", ("2017-10-14", "2017-10-14", "day")),
        ("The attack came on Feb. 3.", ("2018-02-03", "2018-02-03", "day")),
        ("Forces entered Raqqa city in June.", ("2017-06-01", "2017-06-30", "month")),
        ("Clashes broke out in February.", ("2018-02-01", "2018-02-15", "month")),  # cut at publication
        ("Elections will be held in September.", ("2018-09-01", "2018-09-30", "month")),
        ("The army will launch an offensive in January.", ("2019-01-01", "2019-01-31", "month")),
        ("Talks are scheduled for 3 March.", ("2018-03-03", "2018-03-03", "day")),
    ],
)
def test_year_inference_from_publication_and_tense(text: str, expected: tuple[str, str, str]) -> None:
    assert one(text) == expected


def test_clause_tense_beats_sentence_tense() -> None:
    got = resolve("Aid reached the town on January 7, and another convoy is expected on 20 February.")
    assert got["January 7"] == ("2018-01-07", "2018-01-07", "day")
    assert got["20 February"] == ("2018-02-20", "2018-02-20", "day")


@pytest.mark.parametrize(
    ("text", "expected", "modifier"),
    [
        ("IS retook the town in late September 2017.", ("2017-09-16", "2017-09-30", "month"), "late"),
        ("Soldiers were in Sukhna in early August 2017.", ("2017-08-01", "2017-08-15", "month"), "early"),
        ("The SDF took Manbij in mid-2016.", ("2016-05-01", "2016-08-31", "year"), "mid"),
        ("By the end of 2016, Turkey was in al-Bab.", ("2016-09-01", "2016-12-31", "year"), "end"),
        ("At the beginning of March 2017 Marines deployed.", ("2017-03-01", "2017-03-10", "month"), "start"),
        ("In the second half of 2017 Raqqa fell.", ("2017-07-01", "2017-12-31", "year"), "second-half"),
        ("It began in the first week of February.", ("2018-02-01", "2018-02-07", "week"), "first-week"),
        ("Fighting ended in late February 2017.", ("2017-02-16", "2017-02-28", "month"), "late"),
    ],
)
def test_modifiers(text: str, expected: tuple[str, str, str], modifier: str) -> None:
    (te,) = find_times(text, PUB)
    assert (str(te.start), str(te.end), te.precision) == expected
    assert te.modifier == modifier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In spring 2013, al-Baghdadi announced the merger.", ("2013-03-01", "2013-05-31", "season")),
        (
            "That's what they did from the spring of 2008 all the way to 2013.",
            ("2008-03-01", "2013-12-31", "multi-year"),
        ),
        ("Shelling between 3 and 5 March 2017 killed 40.", ("2017-03-03", "2017-03-05", "week")),
        ("Strikes on 1-5 March hit the town.", ("2017-03-01", "2017-03-05", "week")),
        ("From March to May 2016 the siege held.", ("2016-03-01", "2016-05-31", "season")),
        ("Between 2014 and 2016 IS ruled Raqqa.", ("2014-01-01", "2016-12-31", "multi-year")),
        ("The 2007-2008 surge changed Anbar.", ("2007-01-01", "2008-12-31", "multi-year")),
        ("Last summer, strikes hit Raqqa daily.", ("2017-06-01", "2017-08-31", "season")),
        ("Troops came home in the fall of 2017.", ("2017-09-01", "2017-11-30", "season")),
    ],
)
def test_seasons_and_ranges(text: str, expected: tuple[str, str, str]) -> None:
    assert one(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels shelled the town yesterday.", ("2018-02-14", "2018-02-14", "day")),
        ("They have to do the same today.", ("2018-02-15", "2018-02-15", "day")),
        ("Jets struck Afrin on Saturday.", ("2018-02-10", "2018-02-10", "day")),
        ("Clashes resumed on Monday night.", ("2018-02-12", "2018-02-12", "day")),
        ("Officials spoke on Thursday.", ("2018-02-15", "2018-02-15", "day")),  # the publication's weekday
        ("The delegation will arrive on Monday.", ("2018-02-19", "2018-02-19", "day")),
        ("Last week, 12 were killed.", ("2018-02-05", "2018-02-11", "week")),
        ("Two days ago, rebels shelled the town.", ("2018-02-13", "2018-02-13", "day")),
        ("IS lost its territory over the past year.", ("2017-02-15", "2018-02-15", "year")),
        ("This month, they retreated.", ("2018-02-01", "2018-02-15", "month")),
        ("Last month, five died.", ("2018-01-01", "2018-01-31", "month")),
        ("Earlier this week the SDF advanced.", ("2018-02-12", "2018-02-14", "week")),
        ("Talks resume next month.", ("2018-03-01", "2018-03-31", "month")),
        ("Officials hope to finish by the end of the month.", ("2018-02-21", "2018-02-28", "month")),
    ],
)
def test_relative_to_publication(text: str, expected: tuple[str, str, str]) -> None:
    assert one(text) == expected


def test_relative_needs_publication() -> None:
    assert resolve("Rebels shelled the town yesterday and on Saturday.", None) == {}
    assert one("The town fell in March 2008.", None) == ("2008-03-01", "2008-03-31", "month")


def test_narrative_anchors_on_the_story_not_the_publication() -> None:
    text = (
        "IS briefly retook Qaryatayn in late September 2017. Three weeks later, the army returned. "
        "In September 2017, IS captured a hill near Sukhna, a town captured one month prior by the army. "
        "Pro-government forces retook the area days later."
    )
    times = find_times(text, PUB)
    got = {text[t.span.start : t.span.end]: t for t in times}
    later = got["Three weeks later"]
    assert (str(later.start), str(later.end), later.precision) == ("2017-10-07", "2017-10-21", "month")
    assert later.anchor == "narrative" and later.anchor_span == got["late September 2017"].span
    prior = got["one month prior"]
    assert (str(prior.start), str(prior.end)) == ("2017-08-01", "2017-08-31")
    # a flashback never becomes an anchor: "days later" follows September, not August
    days = got["days later"]
    assert days.anchor_span == got["September 2017"].span
    assert days.start > date(2017, 9, 1) and days.end < date(2017, 10, 31)


def test_narrative_next_previous_and_explicit_anchor() -> None:
    text = "Mosul fell on 10 June 2014. The previous day, commanders fled. The next morning, militants seized Tikrit."
    got = resolve(text)
    assert got["The previous day"] == ("2014-06-09", "2014-06-09", "day")
    assert got["The next morning"] == ("2014-06-11", "2014-06-11", "day")
    assert resolve("Strikes began a week after 3 March 2017.")["a week after 3 March 2017"][:2] == (
        "2017-03-10",
        "2017-03-10",
    )
    assert resolve("Aleppo fell on 22 December 2016. 48 hours later, buses left.")["48 hours later"][0] == "2016-12-24"


def test_narrative_without_anchor_is_skipped() -> None:
    assert resolve("Three weeks later, the army returned.") == {}


@pytest.mark.parametrize(
    "text",
    [
        "7 min read",
        "A 19-year-old fighter, aged 30 by now, fought for three years.",
        "Some 2000 fighters gathered at 1935 Orchard St. for months.",
        "Resolution 2254 calls for a ceasefire; the convoy left at 2000 GMT with 1500 families.",
        "They may march on the capital. The fall of Raqqa ended the Arab Spring.",
        "The brigade operates along Route 2014; call 1-800-2013. Section 2018 applies.",
        "IS shifted to a pre-2014 mode and expected the battle to last several weeks.",
        "The clashes lasted for days on end, and at 10:30 the shelling stopped.",
    ],
)
def test_not_times(text: str) -> None:
    assert resolve(text) == {}


def test_year_as_attribute_is_a_year() -> None:
    assert one("The 2013 unification failed.") == ("2013-01-01", "2013-12-31", "year")
    assert one("In 2014 civilians fled Mosul.", date(2016, 1, 1)) == ("2014-01-01", "2014-12-31", "year")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((date(2017, 10, 14), date(2017, 10, 14), "day"), (date(2017, 10, 14), 1)),
        ((date(2018, 2, 5), date(2018, 2, 11), "week"), (date(2018, 2, 8), 2)),
        ((date(2017, 9, 1), date(2017, 9, 30), "month"), (date(2017, 9, 15), 3)),
        ((date(2017, 9, 16), date(2017, 9, 30), "month", "late"), (date(2017, 9, 30), 3)),
        ((date(2017, 3, 1), date(2017, 3, 10), "month", "start"), (date(2017, 3, 1), 3)),
        ((date(2016, 1, 1), date(2016, 12, 31), "year"), (date(2016, 7, 15), 3)),
    ],
)
def test_acled_event_date(args: tuple, expected: tuple[date, int]) -> None:
    assert acled_event_date(*args) == expected


def test_bad_input_is_a_catalogued_error() -> None:
    with pytest.raises(InputError, match="E501"):
        find_times(b"bytes", PUB)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="E501"):
        find_times("text", "2018-02-15")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="E502"):
        acled_event_date(PUB, PUB, "fortnight")
