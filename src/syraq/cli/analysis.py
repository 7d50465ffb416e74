"""`syraq control` and `syraq fragility`: who held which place when, and how fragile it is."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import EXIT_OK, add_db_option, iso_date, open_store


def add_parser(sub: Any) -> None:
    p = sub.add_parser("control", help="control timelines per place, from territorial events")
    p.add_argument("--place", help="only places whose name contains this text")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(p)
    p.set_defaults(func=run_control)

    p = sub.add_parser("fragility", help="places whose control is fragile, with the reasons")
    p.add_argument("--as-of", type=iso_date, default=None, help="the day to measure from (default: the latest event)")
    p.add_argument("--window", type=int, default=90, help="days within which a reversal or attack counts (default 90)")
    p.add_argument("--top", type=int, default=20, help="show this many places (default 20)")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(p)
    p.set_defaults(func=run_fragility)


def _load(db: str | None) -> tuple[list[Any], dict[str, str]]:
    store = open_store(db)
    try:
        events = store.events()
        documents = {d: store.get_document(d).text for d in {e.document_id for e in events}}
    finally:
        store.close()
    return events, documents


def run_control(args: argparse.Namespace) -> int:
    from ..analysis import control_timeline

    events, documents = _load(args.db)
    timelines = control_timeline(events, documents=documents)
    wanted = [t for t in timelines.values() if not args.place or args.place.casefold() in t.place.name.casefold()]
    wanted.sort(key=lambda t: t.place.name)
    if args.json:
        print(json.dumps([t.to_dict() for t in wanted], ensure_ascii=False, indent=1, default=str))
        return EXIT_OK
    for t in wanted:
        print(f"{t.place.name} ({t.place.admin1 or t.place.country_code})")
        for period in t.periods:
            start = period.start.isoformat() if period.start else "…"
            end = period.end.isoformat() if period.end else "now"
            brief = " (brief)" if period.brief else ""
            print(f"  {start:>10} – {end:<10} {period.actor} [{period.how}]{brief}")
        for change in t.changes:
            print(
                f"    change {change.start}: {change.from_actor or '?'} -> {change.to_actor}: \u201c{change.evidence_text}\u201d"
            )
        for note in t.notes:
            print(f"    note: {note}")
    if not wanted:
        print("no territorial events stored")
    return EXIT_OK


def run_fragility(args: argparse.Namespace) -> int:
    from ..analysis import fragility

    events, documents = _load(args.db)
    places = fragility(events, as_of=args.as_of, window_days=args.window, documents=documents)[: args.top]
    if args.json:
        print(json.dumps([p.to_dict() for p in places], ensure_ascii=False, indent=1, default=str))
        return EXIT_OK
    for p in places:
        print(f"{p.score:.2f}  {p.place.name} ({p.place.admin1 or p.place.country_code})")
        for line in p.explanation:
            print(f"      {line}")
    if not places:
        print("no places with territorial events stored")
    return EXIT_OK
