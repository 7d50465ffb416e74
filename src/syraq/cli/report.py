"""`syraq report`: a self-contained HTML brief of a period (map, charts, control, fragility)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .common import EXIT_OK, add_db_option, iso_date, open_store


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="write a self-contained HTML brief of a period",
        description="Write one HTML file that opens with no server and no internet: a map of the "
        "period's events, charts by type and by week, the control changes, the most fragile places "
        "with their explanations, and the top events with their source sentences (reviewed values).",
    )
    p.add_argument("--since", type=iso_date, required=True, metavar="DATE", help="first day (YYYY-MM-DD)")
    p.add_argument("--until", type=iso_date, required=True, metavar="DATE", help="last day (YYYY-MM-DD)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the HTML file to write")
    add_db_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .. import config
    from ..web.report import write_report

    url = config.db_url(args.db)
    store = open_store(args.db)
    try:
        data = write_report(store, args.since, args.until, args.output, store_label=_safe_label(url))
    finally:
        store.close()
    print(f"wrote {args.output}: {len(data.events)} events, {len(data.control_changes)} control changes, "
          f"{len(data.fragile)} fragile places ({args.since} to {args.until})")
    return EXIT_OK


def _safe_label(url: str) -> str:
    """The database URL without a password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return ""
