"""`syraq control`, `syraq fragility`, `syraq hotspots` and `syraq resurgence`: who held which place
when, how fragile it is, where events cluster and where an actor's activity is rising."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import EXIT_OK, add_db_option, add_filter_options, filter_kwargs, iso_date, open_store


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

    p = sub.add_parser("hotspots", help="events per H3 hexagon (incidents counted once), most first")
    add_filter_options(p)
    p.add_argument("--resolution", type=int, default=5, help="H3 resolution 0-15 (default 5, about 250 km2)")
    p.add_argument("--top", type=int, default=20, help="show this many hexagons (default 20)")
    p.add_argument("--json", action="store_true", help="print JSON (every hexagon, with its corners)")
    add_db_option(p)
    p.set_defaults(func=run_hotspots)

    p = sub.add_parser("resurgence", help="where an actor's activity rises against its baseline")
    p.add_argument("--actor", required=True, help="actor name; without a country suffix it matches every country's")
    p.add_argument("--period-days", type=int, default=30, help="days in a period (default 30)")
    p.add_argument("--baseline-periods", type=int, default=3, help="periods before the latest one (default 3)")
    p.add_argument("--as-of", type=iso_date, default=None, help="last day of the latest period (default: latest event)")
    p.add_argument("--resolution", type=int, default=5, help="H3 resolution 0-15 (default 5)")
    p.add_argument("--by", choices=("h3", "admin2"), default="h3", help="areas: H3 hexagons or admin2 divisions")
    p.add_argument("--all", action="store_true", help="list every area the actor was active in, not only rising ones")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(p)
    p.set_defaults(func=run_resurgence)


def _load(db: str | None) -> tuple[list[Any], dict[str, str]]:
    """Reviewed events (see :func:`_reviewed`) and the texts of their documents."""
    from ..export.review import reviewed_events

    store = open_store(db)
    try:
        events = reviewed_events(store)
        documents = {k: d.text for k, d in store.documents_by_id({e.document_id for e in events}).items()}
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


def _reviewed(db: str | None, **filters: Any) -> list[Any]:
    """Events with their reviews applied; rejected events and merged duplicates left out."""
    from ..export.review import reviewed_events

    store = open_store(db)
    try:
        return reviewed_events(store, **{k: v for k, v in filters.items() if v not in (None, "")})
    finally:
        store.close()


def run_hotspots(args: argparse.Namespace) -> int:
    from ..analysis import hotspots

    kw = filter_kwargs(args)
    cells = hotspots(_reviewed(args.db, **kw), resolution=args.resolution, since=args.since, until=args.until)
    if args.json:
        print(json.dumps([c.to_dict() for c in cells], ensure_ascii=False, indent=1))
        return EXIT_OK
    for c in cells[: args.top]:
        actors = ", ".join(f"{a} ({n})" for a, n in c.top_actors)
        print(f"{c.count:>5}  {c.cell}  {', '.join(c.places[:3])}  ({c.lat:.3f}, {c.lon:.3f})")
        print(f"       {c.fatalities} fatalities; {actors}")
    if not cells:
        print("no placed events match")
    return EXIT_OK


def run_resurgence(args: argparse.Namespace) -> int:
    from ..analysis import resurgence

    areas = resurgence(
        _reviewed(args.db),
        actor=args.actor,
        resolution=args.resolution,
        period_days=args.period_days,
        baseline_periods=args.baseline_periods,
        as_of=args.as_of,
        by=args.by,
    )
    shown = areas if args.all else [a for a in areas if a.rising]
    if args.json:
        print(json.dumps([a.to_dict() for a in shown], ensure_ascii=False, indent=1))
        return EXIT_OK
    for a in shown:
        flag = "RISING" if a.rising else "      "
        print(f"{flag}  {a.label or a.area}  counts {a.counts}  trend {a.trend:+.2f}  ({a.area})")
        for line in a.explanation:
            print(f"      {line}")
    if not shown:
        print(f"no area where {args.actor} is rising" if areas and not args.all else f"no activity of {args.actor}")
    return EXIT_OK
