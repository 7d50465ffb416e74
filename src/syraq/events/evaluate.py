"""Score the events stage against human-coded events (ACLED notes, UCDP GED headlines).

The gold files are read in place (``../shared/data/events``); nothing is copied.

Documents. ACLED: each distinct ``notes`` text is one Document, published on its row's
``event_date`` (the latest, when one text was coded on several days). UCDP: each distinct
``source_headline`` is one Document, published on its ``date_start``.

Pairing. Each gold row is compared with the event of its document that lies closest to the
gold coordinates (events without coordinates come last, in document order). A row whose
document yields no event is not *detected*; it counts against ``detected`` and shows up as
``"(none)"`` in the confusion table, and the per-field scores are computed over the detected
rows (so that a field's score says how well that field is coded, ``detected`` how often
anything is).

Keys of the result (all shares are in [0, 1], rounded to 4 places, None when undefined):

* ``rows``, ``documents``: gold rows and distinct texts scored;
* ``detected``: share of gold rows whose document yields at least one event;
* ``event_type_accuracy``: ACLED's pre-2019 types mapped to today's (``OLD_ACLED_TYPES``,
  after ../shared/data/README.md); UCDP's type of violence to the ACLED types it allows;
* ``sub_event_type_accuracy``: only on rows whose old type fixes the sub-type;
* ``actor_recall``: share of the gold's non-empty actor1/actor2 found among the event's
  actors (actor1, actor2 and their associates); an ACLED name with a unit suffix
  ("Military Forces of Syria (2000-) Syrian Arab Air Force") matches its base name;
  UCDP side_a/side_b are mapped with ``UCDP_ACTORS`` (names not in the table are skipped);
* ``actor1_accuracy``: the event's actor1 is the gold actor1 (base names; ACLED only);
* ``location_within_5km``, ``location_within_25km``: the event's place against the gold point;
* ``location_ceiling_25km``: share of the detected rows for which some place the stages considered for the
  document lies within 25 km of the gold point: an event's place, a place mention's chosen place, the part or
  heart of a province it names, or one of its five runner-up candidates (with ``place_of`` given). The 25 km
  score a perfect choice among them would reach: what lies between the two is lost to choosing, what lies
  above the ceiling to what the gazetteer knows;
* ``admin1_accuracy``: the event place's admin1 against the gold admin1 (spelling-normalised);
* ``date_exact``: the event's date range is exactly the gold day;
* ``fatalities_exact``: ACLED ``fatalities``, UCDP ``best``;
* ``extra_events_per_document``: events beyond the number of gold rows, per document;
* ``confidence_08_precision``: among all events with confidence >= 0.8, the share whose
  type matches a gold row of their document whose point lies within 25 km of the event;
* ``docs_per_second``: pipeline throughput over the run;
* ``event_type_confusion``: {gold type: {predicted type or "(none)": rows}}.
"""

from __future__ import annotations

import csv
import json
import math
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from ..errors import EvaluationError
from ..geodesy import haversine_km
from ..model import Document, Event, Place

#: ACLED's pre-2019 event types -> (event_type, sub_event_type or "" when the old type does not fix it)
OLD_ACLED_TYPES: dict[str, tuple[str, str]] = {
    "Battle-Government regains territory": ("Battles", "Government regains territory"),
    "Battle-Non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "Battle-No change of territory": ("Battles", "Armed clash"),
    "Remote violence": ("Explosions/Remote violence", ""),
    "Violence against civilians": ("Violence against civilians", ""),
    "Riots/Protests": ("Protests|Riots", ""),
    "Non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "Headquarters or base established": ("Strategic developments", "Headquarters or base established"),
    "Strategic development": ("Strategic developments", ""),
}
#: UCDP type_of_violence -> the ACLED event types it can be (1 state-based, 2 non-state, 3 one-sided)
UCDP_TYPES: dict[str, str] = {
    "1": "Battles|Explosions/Remote violence",
    "2": "Battles|Explosions/Remote violence",
    "3": "Violence against civilians|Explosions/Remote violence",
}
#: UCDP actor names -> the canonical (ACLED-style) names of our actor dictionary that count as a match.
#: UCDP names a government for all its forces; "Syrian insurgents" is UCDP's umbrella for the armed opposition.
UCDP_ACTORS: dict[str, tuple[str, ...]] = {
    "Government of Syria": (
        "Military Forces of Syria (2000-)", "Allied Syrian and/or Russian Forces", "Militia (Pro-Government)",
    ),
    "Government of Russia (Soviet Union)": ("Military Forces of Russia", "Allied Syrian and/or Russian Forces"),
    "Government of Turkey": ("Military Forces of Turkey (2016-)", "Operation Olive Branch"),
    "Government of Iraq": ("Military Forces of Iraq (2014-)", "Police Forces of Iraq (2014-)"),
    "Government of Israel": ("Military Forces of Israel (2009-)",),
    "Government of Iran": ("Military Forces of Iran (1989-)",),
    "Government of United States of America": ("Global Coalition Against Daesh",),
    "IS": ("Islamic State (Syria)", "Islamic State (Iraq)"),
    "Syrian insurgents": ("Opposition Rebels (Syria)", "HTS: Hayat Tahrir al-Sham", "Jabhat al Nusra",
                          "AAS: Ahrar al-Sham", "Jaysh al-Islam", "Operation Euphrates Shield"),
    "HTS": ("HTS: Hayat Tahrir al-Sham", "Jabhat al Nusra"),
    "Jabhat Fateh al-Sham": ("Jabhat al Nusra", "HTS: Hayat Tahrir al-Sham"),
    "Ahrar al-Sham": ("AAS: Ahrar al-Sham",),
    "Jaysh al-Islam": ("Jaysh al-Islam",),
    "SDF": ("QSD: Syrian Democratic Forces", "YPG: Peoples Protection Units"),
    "PYD": ("YPG: Peoples Protection Units", "QSD: Syrian Democratic Forces"),
    "SNA": ("Opposition Rebels (Syria)", "Operation Olive Branch", "Operation Euphrates Shield"),
    "Civilians": ("Civilians (Syria)", "Civilians (Iraq)", "Civilians (International)"),
}
#: admin1 spellings that the skeleton key below cannot reconcile (ACLED/UCDP spelling -> GeoNames-style)
ADMIN1_ALIASES: dict[str, str] = {
    "ninewa": "nineveh", "ninawa": "nineveh", "babylon": "babil", "sala al-din": "salah ad din",
    "salah al-din": "salah ad din", "saladin": "salah ad din", "thi-qar": "dhi qar", "missan": "maysan",
    "qadissiya": "al qadisiyah", "rural damascus": "rif dimashq", "damascus countryside": "rif dimashq",
    "quneitra": "al qunaytirah", "as-sweida": "as suwayda", "sweida": "as suwayda", "dar'a": "daraa",
    "deir-ez-zor": "deir ez zor", "dayr az zawr": "deir ez zor", "ar-raqqa": "raqqa", "al-hasakeh": "hasakah",
    "al?hasakeh": "hasakah", "kerbala": "karbala", "erbil": "arbil", "dahuk": "duhok",
    # GeoNames' transliterations of the Syrian governorates
    "halab": "aleppo", "hamah": "hama", "hims": "homs", "dimashq": "damascus",
    "al ladhiqiyah": "latakia", "lattakia": "latakia", "tartus": "tartous", "al hasakah": "hasakah",
    "ar raqqah": "raqqa", "idleb": "idlib",
}
FORMATS = ("acled", "ucdp")
_NONE = "(none)"


@dataclass(slots=True)
class GoldEvent:
    """One gold row, in the fields we score."""

    event_type: str  # "A|B" when several fit
    sub_event_type: str
    actors: tuple[str, ...]  # non-empty actor1/actor2 (ACLED names; UCDP names mapped to alternatives)
    actor1: str
    lat: float
    lon: float
    admin1: str
    day: date
    fatalities: int
    ucdp_actor_options: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


def base_actor(name: str) -> str:
    """ACLED's unit-suffixed names reduce to their force: "Military Forces of Syria (2000-) X" -> "... (2000-)"."""
    name = name.strip()
    m = re.match(r"^(.*?\(\d{4}-\d{0,4}\))\s+\S.*$", name)
    return m.group(1) if m else name


def admin1_key(name: str) -> str:
    """A spelling-tolerant key for a province name ("Idleb" = "Idlib", "Lattakia" = "Latakia")."""
    t = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().strip()
    t = re.sub(r"\s+(governorate|province|muhafazat)$", "", t)
    t = ADMIN1_ALIASES.get(t, t)
    t = re.sub(r"^(al|ar|as|ad|an|ash|at|az|el)[\s\-]+", "", t)
    t = re.sub(r"[^a-z]", "", t)
    t = re.sub(r"[aeiouyw]", "", t)
    return re.sub(r"(.)\1+", r"\1", t)


def _ucdp_options(side: str) -> list[tuple[str, ...]]:
    """One gold actor per UCDP side: any of the mapped names of its members ("HTS, Southern Front") matches."""
    names = UCDP_ACTORS.get(side.strip()) or tuple(
        name for part in side.split(",") for name in UCDP_ACTORS.get(part.strip(), ())
    )
    return [tuple(dict.fromkeys(names))] if names else []


def _read_gold(
    path: Path, fmt: str, months: Collection[int] | None
) -> tuple[dict[str, list[GoldEvent]], dict[str, date]]:
    if fmt not in FORMATS:
        raise EvaluationError("E701", path=path, line=0, reason=f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if not path.is_file():
        raise EvaluationError("E700", path=path)
    by_text: dict[str, list[GoldEvent]] = defaultdict(list)
    published: dict[str, date] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                if fmt == "acled":
                    text = row["notes"].strip()
                    etype, sub = OLD_ACLED_TYPES.get(row["event_type"], ("", ""))
                    actors = tuple(a.strip() for a in (row["actor1"], row["actor2"]) if a.strip())
                    gold = GoldEvent(
                        etype, sub, actors, row["actor1"].strip(), float(row["latitude"]), float(row["longitude"]),
                        row.get("admin1", ""), datetime.strptime(row["event_date"], "%d-%b-%y").date(),
                        int(row["fatalities"] or 0),
                    )
                else:
                    text = row["source_headline"].strip()
                    options = tuple(o for side in (row["side_a"], row["side_b"]) for o in _ucdp_options(side))
                    gold = GoldEvent(
                        UCDP_TYPES.get(row["type_of_violence"], ""), "", (), "", float(row["latitude"]),
                        float(row["longitude"]), row.get("adm_1", ""), date.fromisoformat(row["date_start"]),
                        int(row["best"] or 0), options,
                    )
            except (KeyError, ValueError) as exc:
                raise EvaluationError("E701", path=path, line=line, reason=str(exc)) from exc
            if not text or (months is not None and gold.day.month not in months):
                continue
            by_text[text].append(gold)
            published[text] = max(published.get(text, gold.day), gold.day)
    return by_text, published


def _coords(event: Event) -> tuple[float, float] | None:
    if event.place is not None and event.place.place is not None:
        return event.place.place.lat, event.place.place.lon
    return None


def _distance(event: Event, gold: GoldEvent) -> float:
    c = _coords(event)
    return haversine_km(c[0], c[1], gold.lat, gold.lon) if c else math.inf


def _type_ok(event: Event, gold: GoldEvent) -> bool:
    return event.event_type in gold.event_type.split("|")


def _event_actors(event: Event) -> set[str]:
    names = [event.actor1, event.actor2, *event.assoc_actor_1.split(";"), *event.assoc_actor_2.split(";")]
    return {base_actor(n) for n in names if n.strip()}


def _admin1(event: Event) -> str:
    return event.place.place.admin1 if event.place is not None and event.place.place is not None else ""


def _compare(event: Event, gold: GoldEvent, fmt: str) -> dict[str, Any]:
    """How ``event`` compares with ``gold`` on each scored field (None where the gold row does not score it): the
    one comparison both the scores and the ``rows`` lines are made of."""
    have = _event_actors(event)
    if fmt == "acled":
        actors = [base_actor(a) in have for a in gold.actors]
    else:
        actors = [bool(have & set(options)) for options in gold.ucdp_actor_options]
    admin1 = _admin1(event)
    return {
        "km": _distance(event, gold),
        "event_type": _type_ok(event, gold),
        "sub_event_type": event.sub_event_type == gold.sub_event_type if gold.sub_event_type else None,
        "actors": actors,
        "actor1": base_actor(event.actor1) == base_actor(gold.actor1) if fmt == "acled" and gold.actor1 else None,
        "admin1": bool(admin1) and admin1_key(admin1) == admin1_key(gold.admin1) if gold.admin1 else None,
        "date": event.date_start == gold.day and event.date_end == gold.day,
        "fatalities": event.fatalities == gold.fatalities,
    }


def _considered(doc: Document, place_of: Callable[[str], Place | None] | None) -> list[tuple[float, float]]:
    """The points of every place the stages considered for ``doc``: its events' places, its place mentions'
    chosen places, areas and cores, and (with ``place_of``, a lookup by place id) their runner-up candidates."""
    places: list[Place | None] = [e.place.place for e in doc.events if e.place is not None]
    for m in doc.places:
        places.extend((m.place, m.area, m.core))
        if place_of is not None:
            places.extend(place_of(pid) for pid, _ in m.alternatives)
    return [(p.lat, p.lon) for p in places if p is not None]


def _row_record(
    text: str, gold: GoldEvent, event: Event | None, n_events: int, ok: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One gold row, the event of its document paired with it (None when the document yields none) and ``ok``, how
    they compare (:func:`_compare`): the line ``rows`` receives."""
    record: dict[str, Any] = {
        "text": text,
        "events_in_document": n_events,
        "gold": {
            "event_type": gold.event_type, "sub_event_type": gold.sub_event_type, "actors": list(gold.actors),
            "lat": gold.lat, "lon": gold.lon, "admin1": gold.admin1, "date": gold.day.isoformat(),
            "fatalities": gold.fatalities,
        },
        "event": None,
    }
    if event is None or ok is None:
        return record
    mention = event.place
    record["event"] = {
        "id": event.id, "rule": event.rule, "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "actor1": event.actor1, "actor2": event.actor2, "actors": sorted(_event_actors(event)),
        "place": None if mention is None or mention.place is None else {
            "id": mention.place.id, "name": mention.place.name, "admin1": mention.place.admin1,
            "lat": mention.place.lat, "lon": mention.place.lon, "geo_precision": mention.geo_precision,
            "how": mention.how,
        },
        "date_start": event.date_start.isoformat() if event.date_start else None,
        "date_end": event.date_end.isoformat() if event.date_end else None,
        "fatalities": event.fatalities, "confidence": event.confidence,
    }
    km = ok["km"]
    record["km"] = None if math.isinf(km) else round(km, 2)
    record["ok"] = {**{k: v for k, v in ok.items() if k != "km"}, "within_25km": km <= 25.0}
    return record


def evaluate_events(
    gold: Path,
    fmt: str,
    pipeline: Callable[[Document], Document],
    *,
    limit: int | None = None,
    months: Collection[int] | None = None,
    rows: TextIO | None = None,
    place_of: Callable[[str], Place | None] | None = None,
) -> dict[str, Any]:
    """Run ``pipeline`` over the gold texts and score the events (see the module docstring).

    ``limit`` takes the first N distinct texts in file order; ``months`` keeps only rows whose
    event date (ACLED ``event_date``, UCDP ``date_start``) falls in those months (e.g. ``{2}``).
    ``rows``, when given, receives one JSON line per gold row (:func:`_row_record`): the row, the event it was
    paired with and what matched, for reading the errors one by one. ``place_of`` looks a place up by its id
    (``Gazetteer.get``), for the ceiling to count the runner-up candidates of each place mention.
    """
    by_text, published = _read_gold(Path(gold), fmt, months)
    texts = list(by_text)
    if limit is not None:
        texts = texts[:limit]
    n = Counter[str]()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    started = time.perf_counter()
    for text in texts:
        golds = by_text[text]
        doc = pipeline(Document(text=text, published=published[text]))
        events = list(doc.events)
        n["documents"] += 1
        n["rows"] += len(golds)
        n["extra"] += max(0, len(events) - len(golds))
        considered = _considered(doc, place_of) if events else []
        for g in golds:
            gold_type = g.event_type or "(unmapped)"
            if not events:
                confusion[gold_type][_NONE] += 1
                if rows is not None:
                    rows.write(json.dumps(_row_record(text, g, None, 0), ensure_ascii=False) + "\n")
                continue
            e = min(events, key=lambda ev: _distance(ev, g))
            ok = _compare(e, g, fmt)
            if rows is not None:
                rows.write(json.dumps(_row_record(text, g, e, len(events), ok), ensure_ascii=False) + "\n")
            confusion[gold_type][e.event_type] += 1
            n["detected"] += 1
            n["type_ok"] += ok["event_type"]
            if ok["sub_event_type"] is not None:
                n["sub_total"] += 1
                n["sub_ok"] += ok["sub_event_type"]
            n["actor_total"] += len(ok["actors"])
            n["actor_ok"] += sum(ok["actors"])
            if ok["actor1"] is not None:
                n["actor1_total"] += 1
                n["actor1_ok"] += ok["actor1"]
            n["km5"] += ok["km"] <= 5.0
            n["km25"] += ok["km"] <= 25.0
            n["reach25"] += any(haversine_km(lat, lon, g.lat, g.lon) <= 25.0 for lat, lon in considered)
            if ok["admin1"] is not None:
                n["admin1_total"] += 1
                n["admin1_ok"] += ok["admin1"]
            n["date_ok"] += ok["date"]
            n["fat_ok"] += ok["fatalities"]
        for e in events:
            if e.confidence >= 0.8:
                n["conf_total"] += 1
                n["conf_ok"] += any(_type_ok(e, g) and _distance(e, g) <= 25.0 for g in golds)
    elapsed = time.perf_counter() - started

    def ratio(a: str, b: str) -> float | None:
        return round(n[a] / n[b], 4) if n[b] else None

    return {
        "rows": n["rows"],
        "documents": n["documents"],
        "detected": ratio("detected", "rows"),
        "event_type_accuracy": ratio("type_ok", "detected"),
        "sub_event_type_accuracy": ratio("sub_ok", "sub_total"),
        "actor_recall": ratio("actor_ok", "actor_total"),
        "actor1_accuracy": ratio("actor1_ok", "actor1_total"),
        "location_within_5km": ratio("km5", "detected"),
        "location_within_25km": ratio("km25", "detected"),
        "location_ceiling_25km": ratio("reach25", "detected"),
        "admin1_accuracy": ratio("admin1_ok", "admin1_total"),
        "date_exact": ratio("date_ok", "detected"),
        "fatalities_exact": ratio("fat_ok", "detected"),
        "extra_events_per_document": ratio("extra", "documents"),
        "confidence_08_precision": ratio("conf_ok", "conf_total"),
        "docs_per_second": round(n["documents"] / elapsed, 2) if elapsed > 0 else None,
        "event_type_confusion": {k: dict(v.most_common()) for k, v in sorted(confusion.items())},
    }
