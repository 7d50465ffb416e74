"""Whose toll a count is, and which deaths a sentence reports at all.

Rule families (src/syraq/events/fatalities.py, the `[fatalities]` section of the codebook, and the fatality and
actor steps of src/syraq/events/stage.py):
* deaths that are not the event's: the reason given for a deed ("executed on charges of killing ..."), a part of
  victims already counted ("including 3 that were killed by ..."), the subject of a split ("fatalities spread over
  the three events"), the harm named beside the victims ("the killing of 4 civilians and the injury of others");
* deaths the parse hides: "were confirmed killed", "which led to his death" (once per sentence), "killing a woman,
  a child, and one other civilian", "destroying the vehicle and killing 3 people" (a verb tagged as a noun), a
  figure "coded as an additional 10" added to the known dead;
* whose toll: a killing coded as its own candidate goes to the happening told before it; a count goes to a violent
  event before a strategic one; a figure the report states for itself ("Unknown number of fatalities coded as 10")
  is the main happening's and replaces what the report counted before; an uneven split over events the report
  does not name by place gives the remainder to the first;
* actors: an author named as the subject of the verb a weapon hangs from; an earlier mention of a victim is no
  author.

The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

import pytest
from rulekit import PUB_MAR_06, events, one

from syraq.events.codebook import load_codebook
from syraq.events.fatalities import FatalitySplit, count_fatalities

pytestmark = pytest.mark.slow


def _killed(nlp_stage, text: str) -> int:  # type: ignore[no-untyped-def]
    from syraq.model import Document

    doc = Document(text=text, published=PUB_MAR_06)
    nlp_stage(doc)
    cb = load_codebook()
    return sum(c.count for sent in doc.nlp.sents for c in count_fatalities(sent, cb))


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("HTS executed three men in Sarmada on charges of killing HTS fighters.", 3),
        ("Regime forces clashed with IS fighters near Sukhnah. 7 regime and allied militia fighters were killed, "
         "including 3 that were killed by IS shelling.", 7),
        ("Turkish warplanes struck Jindires, killing 8 civilians. Fatalities spread over the two events.", 8),
        ("Shelling on Kafr Zita led to the killing of 7 civilians and the injury of several others.", 7),
    ],
)
def test_deaths_that_are_not_the_events(nlp_stage, text: str, killed: int) -> None:  # type: ignore[no-untyped-def]
    assert _killed(nlp_stage, text) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Four PKK fighters were confirmed killed by Turkish airstrikes on Sinat.", 4),
        ("Turkish border guards shot a smuggler near Khirbet al-Joz, which led to his death.", 1),
        ("A man was found dead in Jasim, with no information on the reasons of his death.", 1),
        ("Regime forces shelled Kafr Zita, killing a woman, a child, and at least one other civilian.", 3),
        ("A roadside bomb hit a truck, destroying the vehicle and killing as many as 4 people.", 4),
        ("At least 12 regime soldiers were killed in addition to an unknown number of rebel fatalities, "
         "coded as an additional 10.", 22),
    ],
)
def test_deaths_the_parse_hides(nlp_stage, text: str, killed: int) -> None:  # type: ignore[no-untyped-def]
    assert _killed(nlp_stage, text) == killed


@pytest.mark.parametrize(
    "text",
    [
        # a killing coded on its own is the toll of the happening told before it
        "Turkish warplanes carried out several air strikes on YPG positions in the villages of Jindires district "
        "which killed 4 civilians and 2 YPG fighters.",
        # both sides of a clash count
        "Iranian revolutionary guards clashed with Islamic State militants near the town of Baiji, three "
        "revolutionary guards and three Islamic State militants were killed in the clashes.",
    ],
)
def test_the_toll_goes_to_the_happening_told_first(code, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = code(text)
    first = min(doc.events, key=lambda e: e.evidence[1].start)
    assert first.fatalities == 6, events(doc)


def test_a_stated_figure_is_the_main_happenings_and_replaces_the_counts_before(code) -> None:  # type: ignore[no-untyped-def]
    doc = code(
        "Regime forces shelled the town of Kafr Batna, killing 2 people, while Syrian or Russian warplanes "
        "carried out raids on the town, which resulted in casualties. Unknown number of fatalities coded as 10."
    )
    assert sorted(e.fatalities for e in doc.events)[-1] == 10, events(doc)
    assert sum(e.fatalities for e in doc.events) == 10, events(doc)


def test_an_uneven_split_over_unnamed_events_gives_the_remainder_to_the_first() -> None:
    split = FatalitySplit(parts=2)
    assert split.share(5, ["Jindires"], events=2, order=0) == 3
    assert split.share(5, ["Rajo"], events=2, order=1) == 2
    # fewer events coded than the report split over: which one this is, nobody knows; the even share
    assert FatalitySplit(parts=3).share(10, ["Rajo"], events=1, order=0) == 3
    # places named: the order of events does not stand for them
    assert FatalitySplit(parts=3, listed=("Kafr Zita", "Latamina", "Morek")).share(10, ["Morek"], events=3, order=0) == 3


def test_the_author_is_the_subject_of_the_verb_the_weapon_hangs_from(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Islamic State militants targeted a patrol of the Iraqi army by IED detonation near Tarmiyah."))
    assert e.actor1 == "Islamic State (Iraq)"
    assert e.actor2 == "Military Forces of Iraq (2014-)"


def test_an_earlier_mention_of_a_victim_is_no_author(code) -> None:  # type: ignore[no-untyped-def]
    doc = code(
        "Iranian revolutionary guards clashed with Islamic State militants near the town of Baiji, three "
        "revolutionary guards and three Islamic State militants were killed in the clashes."
    )
    assert len(doc.events) == 1, events(doc)
    e = doc.events[0]
    assert e.actor1 == "Military Forces of Iran (1989-)"
    assert e.actor2.startswith("Islamic State (")
