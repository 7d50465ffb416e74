"""The data model: typed dataclasses whose dicts round-trip through JSON."""

import json
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syraq.model import (
    Actor,
    Claim,
    Document,
    Event,
    Place,
    PlaceMention,
    Review,
    Span,
    TimeExpression,
    content_id,
)

QARYATAYN = Place(
    id="geonames:173361",
    name="Al Qaryatayn",
    lat=34.22956,
    lon=37.24066,
    feature_class="P",
    feature_code="PPL",
    country_code="SY",
    country="Syria",
    admin1="Homs",
    population=31748,
    alternate_names=("Qaryatayn", "القريتين"),
    source="embedded",
)


def _json_round_trip(obj):
    return type(obj).from_dict(json.loads(json.dumps(obj.to_dict(), ensure_ascii=False)))


def _document() -> Document:
    text = "IS fighters captured Qaryatayn in late September 2017. Three weeks later the army retook it."
    doc = Document(text=text, url="file:///r.txt", source="Wire", title="T", published=date(2018, 2, 15))
    sent = Span(0, 54, "sentence")
    doc.sentences = [sent, Span(55, len(text), "sentence")]
    doc.entities = [Span(21, 30, "GPE")]
    mention = PlaceMention(Span(21, 30, "place"), QARYATAYN, 0.93, 1, [("geonames:1", 0.1)], "ner+gazetteer")
    doc.places = [mention]
    doc.times = [
        TimeExpression(Span(34, 53, "time"), date(2017, 9, 16), date(2017, 9, 30), "month", "absolute", None, "late")
    ]
    doc.events = [
        Event(
            id=Event.make_id(doc.id, sent, Span(12, 20), "Non-state actor overtakes territory"),
            document_id=doc.id,
            event_type="Battles",
            sub_event_type="Non-state actor overtakes territory",
            evidence=[sent, Span(12, 20, "trigger")],
            rule="codebook:v1:capture",
            actor1="Islamic State (Syria)",
            inter1=2,
            place=mention,
            date_start=date(2017, 9, 16),
            date_end=date(2017, 9, 30),
            date_precision="month",
            confidence=0.9,
        )
    ]
    doc.claims = [Claim("c1", doc.id, "forecast", Span(55, 70), cue="could", places=[mention])]
    return doc


def test_document_round_trip_keeps_every_annotation():
    doc = _document()
    back = _json_round_trip(doc)
    assert back == doc
    assert back.events[0].place.place.alternate_names == ("Qaryatayn", "القريتين")
    assert back.span_text(back.places[0].span) == "Qaryatayn"


def test_document_id_is_the_content_hash_and_ignores_whitespace_noise():
    a = Document(text="Clashes in Raqqa.\r\n")
    b = Document(text="Clashes  in Raqqa.")
    assert a.id == b.id == content_id("Clashes in Raqqa.")
    assert Document(text="Clashes in Homs.").id != a.id


def test_every_class_round_trips():
    for obj in (
        QARYATAYN,
        Actor("Military Forces of Syria (2000-)", 1, "state forces", "SY", ("SAA", "the regime"), date(2000, 7, 17)),
        Review("r1", "e1", "edit", "analyst", datetime(2026, 1, 2, 3, 4, 5), {"fatalities": 0}, {"fatalities": 3}),
        _document().events[0],
        _document().claims[0],
    ):
        assert _json_round_trip(obj) == obj


def test_event_without_evidence_cannot_exist():
    with pytest.raises(ValueError, match="evidence"):
        Event(id="x", document_id="d", event_type="Battles", sub_event_type="Armed clash", evidence=[], rule="r")


def test_event_ids_are_stable_and_depend_on_evidence():
    s = Span(0, 10)
    a = Event.make_id("doc", s, Span(2, 4), "Armed clash")
    assert a == Event.make_id("doc", s, Span(2, 4), "Armed clash")
    assert a != Event.make_id("doc", s, Span(5, 7), "Armed clash")
    assert a != Event.make_id("doc2", s, Span(2, 4), "Armed clash")


def test_acled_time_precision_codes():
    ev = _document().events[0]
    for precision, code in (("day", 1), ("week", 2), ("month", 3), ("year", 3), ("multi-year", 3)):
        ev.date_precision = precision
        assert ev.time_precision == code


def test_time_expression_rejects_inverted_ranges_and_unknown_precisions():
    with pytest.raises(ValueError):
        TimeExpression(Span(0, 1), date(2017, 10, 1), date(2017, 9, 1))
    with pytest.raises(ValueError):
        TimeExpression(Span(0, 1), date(2017, 9, 1), date(2017, 9, 1), precision="fortnight")


@given(st.text(min_size=1, max_size=200), st.data())
def test_span_offsets_survive_a_round_trip(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    doc = Document(text=text, entities=[Span(start, end, "X")])
    back = Document.from_dict(json.loads(json.dumps(doc.to_dict())))
    assert back.span_text(back.entities[0]) == text[start:end]


def test_sentence_of_finds_the_containing_sentence():
    doc = _document()
    assert doc.sentence_of(Span(60, 62)) == doc.sentences[1]
    assert doc.sentence_of(Span(500, 501)) is None
