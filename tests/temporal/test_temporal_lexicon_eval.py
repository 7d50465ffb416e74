"""The lexicon data file and the evaluation against the gold file."""

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from syraq.errors import ConfigError, EvaluationError
from syraq.temporal.evaluate import evaluate_time
from syraq.temporal.lexicon import load_lexicon, parse_lexicon

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold" / "time.jsonl"


def _data() -> dict:
    return tomllib.loads(resources.files("syraq").joinpath("data/temporal/lexicon.toml").read_text("utf-8"))


def test_lexicon_loads_and_covers_the_calendar() -> None:
    lex = load_lexicon()
    assert lex.month_number("Sept.") == 9 and lex.month_number("october") == 10
    assert lex.modifiers["late"].fraction == (0.5, 1.0)
    assert lex.units["weeks"].precision == "week"


def test_an_analyst_can_extend_the_lexicon(tmp_path: Path) -> None:
    data = _data()
    data["seasons"]["harvest"] = {"words": ["harvest"], "start_month": 10, "months": 2}
    lex = parse_lexicon(data, tmp_path / "lexicon.toml")
    assert lex.seasons["harvest"] == (10, 2)
    assert lex.patterns["season_year"].search("during the harvest of 2016")


@pytest.mark.parametrize(
    ("section", "bad"),
    [("seasons", {"spring": {"words": ["spring"], "start_month": 13, "months": 3}}), ("months", {"january": 1})],
)
def test_malformed_lexicon_is_a_catalogued_error(section: str, bad: dict) -> None:
    data = _data()
    data[section] = bad
    with pytest.raises(ConfigError, match="E006"):
        parse_lexicon(data)


def test_gold_file_is_big_enough_and_well_formed() -> None:
    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    expressions = [e for r in rows for e in r["expressions"]]
    assert len(expressions) >= 150
    assert sum(1 for r in rows if not r["expressions"]) >= 4  # negatives
    for r in rows:
        for e in r["expressions"]:
            assert e["value_start"] <= e["value_end"]


def test_evaluate_time_meets_its_targets() -> None:
    scores = evaluate_time(GOLD)
    assert set(scores) == {"expressions", "found_precision", "found_recall", "exact_range_accuracy",
                           "precision_accuracy"}
    assert scores["exact_range_accuracy"] >= 0.9
    assert scores["precision_accuracy"] >= 0.95
    assert scores["found_recall"] >= 0.9 and scores["found_precision"] >= 0.9


def test_evaluate_time_counts_misses(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    text = "IS took the town on 3 March 2017 and lost it within weeks."
    row = {"text": text, "published": "2017-06-01", "expressions": [
        {"start": 20, "end": 32, "value_start": "2017-03-03", "value_end": "2017-03-03", "precision": "day"},
        {"start": text.index("within"), "end": text.index("within") + 12,
         "value_start": "2017-03-10", "value_end": "2017-03-31", "precision": "month"},
    ]}
    gold.write_text(json.dumps(row) + "\n")
    details: list = []
    scores = evaluate_time(gold, details=details)
    assert scores["found_recall"] == 0.5 and scores["exact_range_accuracy"] == 1.0
    assert details == [{"kind": "missed", "text": "within weeks"}]


def test_evaluate_time_bad_gold(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="E700"):
        evaluate_time(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "published": "2018-02-15", "expressions": [{"start": 0}]}\n')
    with pytest.raises(EvaluationError, match="E701"):
        evaluate_time(bad)
