"""Fatalities as ACLED counts them (killed only, lowest figure, vague words from the codebook)."""

from __future__ import annotations

import pytest

from syraq.events import load_codebook
from syraq.events.fatalities import count_fatalities, parse_number

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12), ("1,200", 1200), ("two", 2), ("twenty-five", 25), ("a dozen", 12), ("three hundred", 300),
     ("several", None)],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Regime shelling killed 5 people in Hajin.", 5),
        ("Two fighters were killed in the clashes.", 2),
        ("The blast left at least 12 dead.", 12),
        ("Gunmen killed a civilian near Mosul.", 1),
        ("The strike killed two civilians and wounded seven.", 2),  # injuries are not counted
        ("Several fighters were killed.", 3),
        ("Many civilians were killed.", 10),
        ("Dozens of civilians were killed.", 12),
        ("Hundreds of people died.", 100),
        ("The airstrike killed between 5 and 7 civilians.", 5),  # the lowest figure
        ("The attack killed 2 civilians and 3 soldiers.", 5),
        ("Three people were wounded in the shelling.", 0),
        ("No casualties were reported.", 0),
        ("No one was killed in the attack.", 0),
    ],
)
def test_count_fatalities(nlp_stage, sentence: str, expected: int) -> None:
    nlp = nlp_stage.spacy
    sent = next(iter(nlp(sentence).sents))
    counts = count_fatalities(sent, load_codebook())
    assert sum(c.count for c in counts) == expected
    for c in counts:
        assert 0 <= c.start < c.end <= len(sentence)
