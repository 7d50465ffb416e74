"""Fatalities as ACLED counts them in notes.

Codebook sections (src/syraq/data/codebook/acled-v1.toml): `[fatalities]` death words (killed only, never the
injured; idioms "leading to the death of", "which led to the killing of", "assassinated", "succumbed to wounds",
"was shot and killed"; stated figures "coded as 10"; follow-up sentences), the lowest of alternative figures counted
once ("between 4 and 6", "4, possibly 5", "120-130", "3 or 4") while separate groups of victims add up,
`[fatalities.vague]` ("several"), and `[fatalities.split]` (a total split between locations, listed places, figures
allocated by name or "each"; a town "divided between" two forces is no split). Exercised through rules `air-strike`,
`air-strike-by-aircraft`, `shelling`, `clash`, `attack-armed` and `civilians-attacked`.

The notes are written for these tests in the style of ACLED's notes."""

from __future__ import annotations

import pytest
from rulekit import PUB_MAR_06, PUB_MAR_09, one

from syraq.events.codebook import load_codebook
from syraq.events.fatalities import count_fatalities, find_split

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Regime forces shelled Kafr Nabl with neither injuries nor fatalities reported.", 0),
        ("Russian warplanes bombed Kafr Nabl, killing between 4 and 6 civilians and injuring others.", 4),
        ("Unknown gunmen shot dead a shop owner in Mosul.", 1),
        ("Regime forces shelled Kafr Nabl. Two people were killed and five injured.", 2),
        ("Clashes took place between regime forces and rebels in Kafr Nabl. An unknown number of fatalities, "
         "coded as 10, were reported.", 10),
        ("Regime forces shelled Kafr Nabl. No deaths were reported.", 0),
    ],
)
def test_fatalities_as_acled_counts_them(code, text: str, killed: int) -> None:  # type: ignore[no-untyped-def]
    assert one(code(text, published=PUB_MAR_06)).fatalities == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Warplanes carried out strikes on Kafr Nabl, leading to the death of a man.", 1),
        ("Turkish warplanes targeted YPG positions in Afrin, which led to the killing of 5 YPG fighters.", 5),
        ("Unknown gunmen assassinated a tribal elder in Mosul.", 1),
        ("HTS fighters attacked a regime position near Kafr Nabl, killing several pro-regime fighters. "
         "Unknown number of fatalities coded as 10.", 10),
    ],
)
def test_fatality_idioms(code, text: str, killed: int) -> None:  # type: ignore[no-untyped-def]
    assert one(code(text, published=PUB_MAR_06)).fatalities == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("A man was shot and killed by unknown gunmen.", 1),
        ("Later, two civilians succumbed to wounds they received from shelling the day before.", 2),
        ("A child succumbed to wounds received in the shelling.", 1),
    ],
)
def test_deaths_by_coordinated_participle_or_succumbing(nlp_stage, text, killed) -> None:  # type: ignore[no-untyped-def]
    from syraq.model import Document

    doc = nlp_stage(Document(text=text, published=PUB_MAR_09))
    sent = next(iter(doc.nlp.sents))
    assert sum(c.count for c in count_fatalities(sent, load_codebook())) == killed


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("Turkish warplanes struck the Afrin countryside, killing 7, possibly 8, civilians.", 7),
        ("Turkish forces shelled Jandaris town, killing 4, possibly 5, children and women and injuring 20 others.", 4),
        ("Coalition strikes on the Hajin area killed an estimated 120-130 IS fighters.", 120),
        ("Regime forces shelled Kafr Nabl, killing 3 or 4 civilians.", 3),
    ],
)
def test_alternative_figures_count_the_lowest_once(code, text, fatalities) -> None:  # type: ignore[no-untyped-def]
    assert one(code(text, published=PUB_MAR_09)).fatalities == fatalities


def test_separate_groups_of_victims_still_add_up(code) -> None:  # type: ignore[no-untyped-def]
    e = one(code("Regime forces shelled Kafr Nabl, killing 2 civilians and 3 fighters.", published=PUB_MAR_09))
    assert e.fatalities == 5


def test_split_between_a_number_of_locations() -> None:
    s = find_split("Clashes caused deaths on both sides, coded as 9 and split between the 4 locations.", load_codebook())
    assert s is not None and (s.parts, s.total) == (4, 9)
    assert s.share(9, ["Hajin"]) == 2


def test_split_over_listed_places_gives_the_remainder_to_the_first() -> None:
    s = find_split("Fatalities were distributed over the activities in Hajin, Afrin and Raqqa.", load_codebook())
    assert s is not None and s.listed == ("Hajin", "Afrin", "Raqqa")
    assert [s.share(7, [n]) for n in ("Hajin", "Afrin", "Raqqa")] == [3, 2, 2]


def test_split_figures_allocated_by_name_and_each() -> None:
    cb = load_codebook()
    s = find_split("The 11 fatalities are split between 3 locations, with Hajin allocated 5 and Afrin and Raqqa "
                   "each allocated 3.", cb)
    assert s is not None and [s.share(0, [n]) for n in ("Hajin", "Afrin", "Raqqa")] == [5, 3, 3]
    s = find_split("Unknown fatalities coded as 8 and split, 4 each, between Hajin and Afrin.", cb)
    assert s is not None and s.share(8, ["Afrin"]) == 4
    s = find_split("Shelling killed 3 people. 2 fatalities allocated to Hajin and 1 to Afrin.", cb)
    assert s is not None and (s.share(3, ["Hajin"]), s.share(3, ["Afrin"])) == (2, 1)


def test_a_town_divided_between_two_forces_is_no_split() -> None:
    assert find_split("The town was divided between IS and the army; 3 people were killed.", load_codebook()) is None


def test_each_event_of_a_split_report_gets_its_share(code) -> None:  # type: ignore[no-untyped-def]
    doc = code("Turkish forces clashed with YPG fighters in Afrin. An unknown number of fatalities are coded as 10 "
               "and split between the 4 locations.", published=PUB_MAR_09)
    assert [e.fatalities for e in doc.events] == [2]
