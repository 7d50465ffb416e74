"""`syraq incidents`: happenings reported by one or several documents, and why they were grouped."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import EXIT_OK, EXIT_USAGE, add_db_option, add_filter_options, filter_kwargs, open_store


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "incidents",
        help="list incidents (events from different reports of one happening), or show one",
        description="`syraq incidents [filters]` lists incidents, each counted once however many reports "
        "describe it; `syraq incidents show ID` lists its sources, their evidence sentences and why each "
        "was grouped (distance, days apart, actors) or who moved it there.",
    )
    p.add_argument("command", nargs="*", metavar="show ID", help="show one incident with its sources")
    p.add_argument("--json", action="store_true", help="print JSON (one object per incident)")
    p.add_argument("--min-sources", type=int, default=None, metavar="N", help="reported by at least N documents")
    p.add_argument("--limit", type=int, default=100, help="at most this many incidents (default 100)")
    add_filter_options(p)
    add_db_option(p)
    p.set_defaults(func=run)


def _summary(inc: Any) -> dict[str, Any]:
    out: dict[str, Any] = inc.to_dict()
    mention = inc.place
    if mention is not None and mention.place is not None:
        out["lat"], out["lon"] = mention.place.lat, mention.place.lon
    return out


def run(args: argparse.Namespace) -> int:
    if args.command and (args.command[0] != "show" or len(args.command) != 2):
        print("usage: syraq incidents [filters] | syraq incidents show ID")
        return EXIT_USAGE
    store = open_store(args.db)
    try:
        if args.command:
            return _show(store, args.command[1], args.json)
        kwargs = filter_kwargs(args)
        if args.min_sources:
            kwargs["min_sources"] = args.min_sources
        items = store.incidents(limit=max(1, args.limit), **kwargs)
        total = store.count_incidents(**kwargs)
    finally:
        store.close()
    if args.json:
        for inc in items:
            print(json.dumps(_summary(inc), ensure_ascii=False))
        return EXIT_OK
    for inc in items:
        d = inc.to_dict()
        when = d["date_start"] or "undated"
        if d["date_end"] and d["date_end"] != d["date_start"]:
            when += f"..{d['date_end']}"
        print(f"{inc.id}  {when}  {d['sub_event_type']}  {d['place'] or '?'}  "
              f"{len(inc.sources)} source(s)  {d['fatalities']} killed")
    print(f"{len(items)} of {total} incidents")
    return EXIT_OK


def _show(store: Any, incident_id: str, as_json: bool) -> int:
    inc = store.get_incident(incident_id)
    members = store.incident_members(incident_id)
    if as_json:
        out = _summary(inc)
        out["members"] = [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in m.items()} for m in members
        ]
        print(json.dumps(out, ensure_ascii=False))
        return EXIT_OK
    d = inc.to_dict()
    print(f"{inc.id}: {d['sub_event_type']} at {d['place'] or '?'}, {d['date_start']}..{d['date_end']}, "
          f"{d['fatalities']} killed, {len(inc.sources)} source(s)")
    for m in members:
        print(f"- event {m['event_id']} from {m['source'] or '?'} ({m['published'] or 'undated'}) {m['title']}")
        print(f"  \"{m['sentence']}\"")
        print(f"  why: {m['why'].get('why', '')}  [added by {m['added_by']}]")
    return EXIT_OK
