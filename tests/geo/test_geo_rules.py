"""The recognition rule file: every rule family is present and acts as written."""

from __future__ import annotations

import pytest

from syraq.geo import Gazetteer, geoparse_text
from syraq.geo.recognize import load_rules

pytestmark = pytest.mark.slow


def test_rule_file_has_every_family() -> None:
    rules = load_rules()
    for family in (
        "admin1",
        "admin2",
        "settlement",
        "feature",
        "settlement_of",
        "near_before",
        "near_after",
        "outskirts",
        "org_after",
        "person_before",
        "inner_words",
        "common_words",
        "never_alone",
    ):
        assert getattr(rules, family), family
    assert "province" in rules.admin1 and "countryside" in rules.near_after and "institute" in rules.org_after


def test_common_word_guard(mini_gazetteer: Gazetteer, nlp) -> None:
    # "Remember" starts a sentence and is no place; "Terror" (a book title) only folds onto a town's name
    text = "Remember, the regime lost Palmyra twice. He co-wrote ISIS: Inside the Army of Terror."
    names = {text[m.span.start : m.span.end] for m in geoparse_text(text, mini_gazetteer, nlp)}
    assert names == {"Palmyra"}


def test_person_title_guard(mini_gazetteer: Gazetteer, nlp) -> None:
    text = "Analyst Hassan spoke as President Assad visited Homs."
    names = {text[m.span.start : m.span.end] for m in geoparse_text(text, mini_gazetteer, nlp)}
    assert "Hassan" not in names and "Homs" in names


def test_org_after_guard(mini_gazetteer: Gazetteer, nlp) -> None:
    text = "Damascus University reopened, Syria Direct reported from Amman."
    names = {text[m.span.start : m.span.end] for m in geoparse_text(text, mini_gazetteer, nlp)}
    assert "Damascus" not in names and "Syria" not in names


def test_inner_words_join_a_name(mini_gazetteer: Gazetteer, nlp) -> None:
    text = "Clashes broke out near Dayr az Zawr and in al-Bukamal."
    found = {text[m.span.start : m.span.end]: m for m in geoparse_text(text, mini_gazetteer, nlp)}
    assert found["Dayr az Zawr"].place is not None and found["al-Bukamal"].place is not None
