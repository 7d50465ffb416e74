"""Rule family of session 12: an entity the NER runs on from a name into the clause after it ("the countryside
of [Idleb after HTS] withdrawal", one ORG) ends at a lower-case conjunction or preposition
(``guards.clause_after``): the name is a place of its own, not a jurisdiction opening an organisation's name,
and an event there is located by it. The gazetteer slice is written for these tests."""

from __future__ import annotations

import pytest

from syraq.geo import Gazetteer
from syraq.geo.recognize import _entity_end_at_name, load_rules
from syraq_testkit import mentions, slice_gazetteer

SLICE = [
    ("775001", "Idlib Governorate", "Idleb,Idlib", "35.80", "36.60", "SY", "1500000", "ADM1", "07"),
    ("775002", "Idlib", "Idleb", "35.93", "36.63", "SY", "165000", "PPLA", "07"),
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return slice_gazetteer(tmp_path_factory.mktemp("s12"), SLICE)


@pytest.mark.parametrize(
    ("text", "cut"),
    [("Idleb after HTS", True), ("Idleb following the", True), ("Aleppo while regime", True),
     ("Idleb Department of Health", False), ("Idleb After Hours", False), ("Idleb province council", False)],
)
def test_a_lower_case_clause_word_ends_the_entity(text: str, cut: bool) -> None:
    end = text.index(" ")
    assert (_entity_end_at_name(text, 0, len(text), end, load_rules()) == end) is cut


def test_a_province_the_ner_ran_into_the_next_clause_is_a_place(gaz: Gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Syrian army managed to control Mardakhana village in the south eastern countryside of Idleb after "
        "HTS withdrawal from the village due to the intensive shelling. No fatalities reported."
    )
    found = mentions(text, gaz, nlp)
    assert "Idleb" in found and found["Idleb"].place is not None
    assert not found["Idleb"].how.startswith("in-org:")  # the events stage would ignore it as an event's place
