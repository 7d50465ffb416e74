"""The events stage on short reports written for these tests: one test per rule family."""

from __future__ import annotations

from datetime import date

import pytest

from syraq.errors import PipelineError
from syraq.events import EventStage
from syraq.model import Document
from syraq.pipeline import Pipeline

pytestmark = pytest.mark.slow

D = date(2018, 2, 12)


def only(doc: Document):  # type: ignore[no-untyped-def]
    assert len(doc.events) == 1, [(e.sub_event_type, e.actor1, e.place) for e in doc.events]
    return doc.events[0]


def labels(doc: Document, event) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {s.label: doc.span_text(s) for s in event.evidence[1:]}


# -- Battles -------------------------------------------------------------------------------

def test_capture_by_government_forces_is_government_regains_territory(code) -> None:
    doc = code("Syrian government forces recaptured the town of Hajin on Monday.", [("on Monday", D, D, "day")])
    e = only(doc)
    assert (e.event_type, e.sub_event_type) == ("Battles", "Government regains territory")
    assert e.actor1 == "Military Forces of Syria (2000-)" and e.inter1 == 1
    assert e.place.place.name == "Hajin" and e.date_start == D and not e.date_from_publication
    assert e.rule == "codebook:v1:capture-government"
    assert labels(doc, e) == {"trigger": "recaptured", "actor1": "Syrian government forces", "place": "Hajin",
                              "time": "on Monday"}


def test_capture_by_anyone_else_is_non_state_overtakes_territory(code) -> None:
    e = only(code("IS fighters seized the village of Hajin after a surprise attack."))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 == "Islamic State (Syria)"
    e = only(code("Turkish forces took control of Afrin."))
    assert e.sub_event_type == "Non-state actor overtakes territory"  # a foreign state's forces
    assert e.inter1 == 8


def test_passive_capture_names_the_captor(code) -> None:
    e = only(code("Hajin was captured by the SDF."))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 == "QSD: Syrian Democratic Forces" and e.place.place.name == "Hajin"


def test_withdrawal_without_a_fight_is_non_violent_transfer(code) -> None:
    e = only(code("IS withdrew from Hajin overnight."))
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Non-violent transfer of territory")
    assert e.actor1 == "Islamic State (Syria)"


def test_clashes_between_two_actors(code) -> None:
    doc = code("Clashes broke out between the SDF and IS in Hajin, leaving 5 fighters dead.")
    e = only(doc)
    assert e.sub_event_type == "Armed clash"
    assert {e.actor1, e.actor2} == {"QSD: Syrian Democratic Forces", "Islamic State (Syria)"}
    assert e.fatalities == 5 and e.place.place.name == "Hajin"


def test_capture_of_a_person_is_not_territory(code) -> None:
    e = only(code("Iraqi police arrested two IS members in Mosul."))
    assert e.sub_event_type == "Arrests"
    assert e.actor1 == "Police Forces of Iraq (2014-)"


# -- Explosions / remote violence ----------------------------------------------------------

def test_one_sided_shelling(code) -> None:
    e = only(code("Regime forces shelled the countryside of Kafr Nabl."))
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert e.actor1 == "Military Forces of Syria (2000-)"
    assert e.geo_precision == 2  # the countryside of a town


def test_airstrike_outranks_shelling_and_civilians_killed_stay_remote_violence(code) -> None:
    e = only(code("Sukhna was shelled by Russian warplanes, killing two civilians."))
    assert e.sub_event_type == "Air/drone strike"
    assert e.actor1 == "Military Forces of Russia" and e.actor2 == "Civilians (Syria)"
    assert e.civilian_targeting and e.fatalities == 2


def test_suicide_bomb_and_ied(code) -> None:
    e = only(code("A suicide bomber blew himself up at a checkpoint in Tikrit, killing at least 12 people."))
    assert e.sub_event_type == "Suicide bomb" and e.fatalities == 12
    e = only(code("A roadside bomb planted by IS exploded in Mosul, killing a policeman."))
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert e.actor1 == "Islamic State (Iraq)" and e.fatalities == 1


def test_disrupted_weapons_use(code) -> None:
    e = only(code("Iraqi forces defused an IED near Mosul."))
    assert e.sub_event_type == "Disrupted weapons use"
    e = only(code("Iraqi forces shot down a drone near Mosul."))
    assert e.sub_event_type == "Disrupted weapons use"


# -- Violence against civilians, protests ---------------------------------------------------

def test_civilians_targeted_by_an_armed_actor(code) -> None:
    e = only(code("IS fighters executed three civilians in Hajin."))
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert e.actor1 == "Islamic State (Syria)" and e.actor2 == "Civilians (Syria)" and e.inter2 == 7
    assert e.fatalities == 3 and e.civilian_targeting
    e = only(code("Unknown gunmen kidnapped a shepherd near Tikrit."))
    assert e.sub_event_type == "Abduction/forced disappearance"
    assert e.actor1 == "Unidentified Armed Group (Iraq)" and e.actor2 == "Civilians (Iraq)"


def test_protests(code) -> None:
    e = only(code("Hundreds of protesters demonstrated in Mosul against corruption."))
    assert e.sub_event_type == "Peaceful protest" and e.actor1 == "Protesters (Iraq)"
    e = only(code("Police dispersed protesters with tear gas in Mosul."))
    assert e.sub_event_type == "Protest with intervention"
    assert e.actor1 == "Protesters (Iraq)" and e.actor2 == "Police Forces of Iraq (2014-)"


# -- Modality, negation, questions, unmatched -------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("IS could reclaim Hajin in a short time.", "hypothesis"),
        ("The regime will attack Hajin next month.", "forecast"),
        ("If the army withdraws from Hajin, IS will return.", "hypothesis"),
        ("IS threatened to attack Mosul.", "threat"),
        ("The SDF plans to capture Hajin.", "forecast"),
    ],
)
def test_forecasts_threats_and_hypotheses_are_claims(code, text: str, kind: str) -> None:
    doc = code(text)
    assert doc.events == []
    assert len(doc.claims) == 1
    claim = doc.claims[0]
    assert claim.kind == kind
    assert claim.places and claim.places[0].place.name in ("Hajin", "Mosul")


@pytest.mark.parametrize(
    "text",
    [
        "The army did not capture Hajin.",
        "Did IS capture Hajin?",
        "The weather in Hajin was cold and markets opened.",
        "No clashes were reported in Hajin.",
    ],
)
def test_negation_questions_and_unmatched_sentences_yield_nothing(code, text: str) -> None:
    assert code(text).events == []


# -- Several events, merging, stable ids ------------------------------------------------------

def test_one_event_per_place_in_a_sentence(code) -> None:
    doc = code("Regime forces shelled Kafr Nabl and Maarat al-Numan.")
    assert sorted(e.place.place.name for e in doc.events) == ["Kafr Nabl", "Maarat al-Numan"]
    assert len({e.id for e in doc.events}) == 2


def test_different_actors_in_one_sentence_are_separate_events(code) -> None:
    doc = code("IS fighters captured a hilltop near Sukhna, a town captured one month prior by SAA forces.")
    subs = sorted((e.sub_event_type, e.actor1) for e in doc.events)
    assert subs == [
        ("Government regains territory", "Military Forces of Syria (2000-)"),
        ("Non-state actor overtakes territory", "Islamic State (Syria)"),
    ]


def test_same_actors_place_and_day_merge_into_one_event(code) -> None:
    text = "Regime forces shelled Hajin on Monday. Hajin was shelled again by regime forces on Monday, killing 2."
    doc = code(text, [("on Monday", D, D, "day", 0), ("on Monday", D, D, "day", 1)])
    e = only(doc)
    assert e.fatalities == 2 and e.date_start == D
    tuesday = date(2018, 2, 13)
    other_day = code(text, [("on Monday", D, D, "day", 0), ("on Monday", tuesday, tuesday, "day", 1)])
    assert len(other_day.events) == 2  # a different day is a different event


def test_event_ids_are_stable_and_evidence_is_first_the_sentence(code) -> None:
    text = "Regime forces shelled Kafr Nabl."
    a, b = code(text), code(text)
    assert [e.id for e in a.events] == [e.id for e in b.events] and a.events
    e = a.events[0]
    assert e.evidence[0].label == "sentence" and a.span_text(e.evidence[0]) == text
    assert e.to_dict()["id"] == e.id


# -- Place and date linking --------------------------------------------------------------------

def test_place_and_date_fall_back_through_the_paragraph(code) -> None:
    text = "On Monday, IS fighters entered Hajin. Regime forces later shelled the area heavily."
    doc = code(text, [("On Monday", D, D, "day")])
    shelling = [e for e in doc.events if e.sub_event_type.startswith("Shelling")]
    assert shelling, [(e.sub_event_type, e.actor1) for e in doc.events]
    e = shelling[0]
    assert e.place.place.name == "Hajin"  # the last place in the paragraph
    assert e.date_start == D and not e.date_from_publication  # the narrative anchor, past tense


def test_date_falls_back_to_publication_with_week_precision(code) -> None:
    # a longer report (more sentences than [brief_report] allows) may narrate days or weeks: the week before
    filler = " ".join(f"Residents described the situation in the area as tense for the {n}th time." for n in range(5))
    doc = code(filler + " Regime forces shelled Kafr Nabl.", published=date(2018, 2, 15))
    e = only(doc)
    assert e.date_from_publication and e.date_precision == "week"
    assert e.date_end == date(2018, 2, 15) and e.date_start < e.date_end
    assert "time" not in {s.label for s in e.evidence}


def test_brief_report_takes_the_publication_day(code) -> None:
    e = only(code("Regime forces shelled Kafr Nabl. No fatalities reported.", published=date(2018, 2, 15)))
    assert e.date_from_publication and e.date_precision == "day"
    assert e.date_start == e.date_end == date(2018, 2, 15)


def test_undated_without_publication_date(code) -> None:
    e = only(code("Regime forces shelled Kafr Nabl.", published=None))
    assert e.date_start is None and not e.date_from_publication


def test_confidence_reflects_evidence(code) -> None:
    text = "Syrian government forces recaptured the town of Hajin on Monday."
    strong = only(code(text, [("on Monday", D, D, "day")]))
    weak = only(code("Regime forces shelled Kafr Nabl.", published=date(2018, 2, 15)))
    assert 0.8 <= strong.confidence <= 1.0
    assert 0 < weak.confidence < strong.confidence


def test_stage_contract_and_missing_parse_error() -> None:
    stage = EventStage()
    assert stage.name == "syraq.events.v1"
    assert stage.requires == ("nlp", "sentences", "places", "times")
    assert stage.assigns == ("events", "claims")
    with pytest.raises(PipelineError) as err:
        stage(Document(text="Regime forces shelled Kafr Nabl."))
    assert err.value.code == "E602"
    from syraq.nlp.stage import NlpStage

    class _Stub:
        name, requires, assigns = "stub.v1", ("nlp",), ("places", "times")

        def __call__(self, doc: Document) -> Document:
            return doc

        def pipe(self, docs, batch_size=32):  # type: ignore[no-untyped-def]
            return (self(d) for d in docs)

    Pipeline([NlpStage(), _Stub(), stage])  # the order checks out
