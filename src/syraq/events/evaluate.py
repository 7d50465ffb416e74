"""Score the events stage against human-coded events (ACLED notes, UCDP GED headlines).

The gold files are read in place (``../shared/data/events``); nothing is copied. Each distinct
text (an ACLED ``notes`` field, a UCDP ``source_headline``) becomes one Document, run through
the caller's pipeline (nlp, geo, temporal, events); its gold rows are the events coded from it.

Reported (JSON-ready dict):

* ``documents``, ``gold_events``, ``predicted_events``;
* ``recall``: share of gold rows matched by a predicted event of the same event type
  (ACLED's pre-2019 types are mapped to today's; UCDP's type of violence to the ACLED types
  it allows); ``precision``: share of predicted events that match a gold row of their text;
* ``sub_event_accuracy`` on the territorial and clash rows whose old type fixes the sub-type;
* ``actor1_accuracy`` (ACLED: the name without a unit suffix; UCDP: not scored), ``place_within_25km``,
  ``fatalities_exact``, ``date_within_precision`` over matched pairs;
* ``calibration``: for confidence bands, how often an event was right on type and place.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..model import Document, Event

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
#: UCDP type_of_violence -> the ACLED event types it can be
UCDP_TYPES: dict[str, str] = {
    "1": "Battles|Explosions/Remote violence",
    "2": "Battles|Explosions/Remote violence",
    "3": "Violence against civilians|Explosions/Remote violence",
}
FORMATS = ("acled", "ucdp")
CONFIDENCE_BANDS = ((0.0, 0.5), (0.5, 0.65), (0.65, 0.8), (0.8, 1.01))


@dataclass(slots=True)
class GoldEvent:
    event_type: str  # "A|B" when several fit
    sub_event_type: str
    actor1: str
    lat: float
    lon: float
    day: date
    fatalities: int


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _read_gold(path: Path, fmt: str) -> dict[str, list[GoldEvent]]:
    if fmt not in FORMATS:
        raise EvaluationError("E701", path=path, line=0, reason=f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if not path.is_file():
        raise EvaluationError("E700", path=path)
    by_text: dict[str, list[GoldEvent]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                if fmt == "acled":
                    text = row["notes"].strip()
                    etype, sub = OLD_ACLED_TYPES.get(row["event_type"], ("", ""))
                    gold = GoldEvent(
                        etype, sub, row["actor1"], float(row["latitude"]), float(row["longitude"]),
                        datetime.strptime(row["event_date"], "%d-%b-%y").date(), int(row["fatalities"] or 0),
                    )
                else:
                    text = row["source_headline"].strip()
                    gold = GoldEvent(
                        UCDP_TYPES.get(row["type_of_violence"], ""), "", "", float(row["latitude"]),
                        float(row["longitude"]), date.fromisoformat(row["date_start"]), int(row["best"] or 0),
                    )
            except (KeyError, ValueError) as exc:
                raise EvaluationError("E701", path=path, line=line, reason=str(exc)) from exc
            if text:
                by_text[text].append(gold)
    return by_text


def _type_ok(event: Event, gold: GoldEvent) -> bool:
    return event.event_type in gold.event_type.split("|")


def _place_ok(event: Event, gold: GoldEvent, km: float = 25.0) -> bool:
    return bool(event.place and event.place.place) and _km(
        event.place.place.lat, event.place.place.lon, gold.lat, gold.lon  # type: ignore[union-attr]
    ) <= km


def _base_actor(name: str) -> str:
    for suffix in (" Syrian Arab Air Force", " Popular Mobilization Forces", " Rapid Reaction Force"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def evaluate_events(gold: Path, fmt: str, pipeline: Any, limit: int | None = None) -> dict[str, Any]:
    """Run ``pipeline`` over the gold texts and score the events (see the module docstring).

    ``limit`` takes the first N distinct texts in file order (a deterministic subset).
    """
    by_text = _read_gold(Path(gold), fmt)
    texts: Iterable[str] = list(by_text)
    if limit is not None:
        texts = list(texts)[:limit]
    n_docs = n_gold = n_pred = matched_gold = matched_pred = 0
    sub_total = sub_ok = actor_total = actor_ok = place_ok = fat_ok = date_ok = pairs = 0
    bands: dict[tuple[float, float], list[int]] = {b: [0, 0] for b in CONFIDENCE_BANDS}
    for text in texts:
        golds = by_text[text]
        # ACLED notes carry no publication date: the latest gold date stands in for it
        published = max(g.day for g in golds)
        doc = pipeline(Document(text=text, published=published))
        events = list(doc.events)
        n_docs += 1
        n_gold += len(golds)
        n_pred += len(events)
        for g in golds:
            cands = [e for e in events if _type_ok(e, g)]
            if not cands:
                continue
            matched_gold += 1
            e = min(cands, key=lambda ev: _km(ev.place.place.lat, ev.place.place.lon, g.lat, g.lon)
                    if ev.place and ev.place.place else 1e9)
            pairs += 1
            if g.sub_event_type:
                sub_total += 1
                sub_ok += e.sub_event_type == g.sub_event_type
            if fmt == "acled":
                actor_total += 1
                actor_ok += _base_actor(e.actor1) == _base_actor(g.actor1)
            place_ok += _place_ok(e, g)
            fat_ok += e.fatalities == g.fatalities
            if e.date_start is not None and e.date_end is not None:
                date_ok += e.date_start - timedelta(days=1) <= g.day <= e.date_end + timedelta(days=1)
        for e in events:
            right = any(_type_ok(e, g) for g in golds)
            matched_pred += right
            for lo, hi in CONFIDENCE_BANDS:
                if lo <= e.confidence < hi:
                    bands[(lo, hi)][0] += 1
                    bands[(lo, hi)][1] += any(_type_ok(e, g) and _place_ok(e, g) for g in golds)

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    precision, recall = ratio(matched_pred, n_pred), ratio(matched_gold, n_gold)
    f1 = None
    if precision and recall:
        f1 = round(2 * precision * recall / (precision + recall), 4)
    return {
        "format": fmt,
        "gold": str(gold),
        "documents": n_docs,
        "gold_events": n_gold,
        "predicted_events": n_pred,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "sub_event_accuracy": ratio(sub_ok, sub_total),
        "actor1_accuracy": ratio(actor_ok, actor_total),
        "place_within_25km": ratio(place_ok, pairs),
        "fatalities_exact": ratio(fat_ok, pairs),
        "date_within_precision": ratio(date_ok, pairs),
        "calibration": [
            {"confidence": f"[{lo}, {min(hi, 1.0)})", "events": n, "right_type_and_place": ratio(ok, n)}
            for (lo, hi), (n, ok) in bands.items()
        ],
    }
