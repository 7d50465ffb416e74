"""`syraq eval ...` and `syraq geoparse`: score each stage against gold data; print JSON."""

from __future__ import annotations

import argparse
import contextlib
import json
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from .common import EXIT_OK


def add_parser(sub: Any) -> None:
    p = sub.add_parser("eval", help="evaluate a stage against a gold file and print JSON")
    ev = p.add_subparsers(dest="what", metavar="STAGE", required=True)

    g = ev.add_parser("geoparse", help="toponym recognition and resolution on a geoparsing corpus")
    g.add_argument("--corpus", type=Path, required=True, help="JSON Lines corpus ({id, text, toponyms})")
    g.add_argument("--gold-spans", action="store_true", help="resolve the gold spans (resolution only)")
    g.add_argument("--limit", type=int, default=None, help="first N documents only")
    g.add_argument("--json", action="store_true", help="print JSON (the default; kept for symmetry)")
    g.set_defaults(func=run_geoparse_eval)

    t = ev.add_parser("time", help="time expressions against a gold file")
    t.add_argument("--gold", type=Path, required=True)
    t.add_argument("--json", action="store_true", help="print JSON (the default)")
    t.set_defaults(func=run_time_eval)

    e = ev.add_parser("events", help="coded events against ACLED or UCDP rows")
    e.add_argument("--gold", type=Path, required=True)
    e.add_argument("--format", choices=("acled", "ucdp"), required=True, dest="fmt")
    e.add_argument("--limit", type=int, default=None, help="first N documents only (a deterministic subset)")
    e.add_argument(
        "--rows", type=Path, default=None, metavar="FILE",
        help="also write one JSON line per gold row (the event paired with it and what matched) to FILE",
    )
    e.add_argument("--json", action="store_true", help="print JSON (the default)")
    e.set_defaults(func=run_events_eval)

    gp = sub.add_parser("geoparse", help="find and resolve toponyms in a JSON Lines corpus")
    gp.add_argument("--input", type=Path, required=True, help="JSON Lines: {id, text, ...} per line")
    gp.add_argument("--output", type=Path, required=True, help="predictions, one JSON line per document")
    gp.add_argument("--gold-spans", action="store_true", help="resolve the input's gold toponym spans instead")
    gp.set_defaults(func=run_geoparse)


def _need(path: Path) -> Path:
    if not path.is_file():
        raise EvaluationError("E700", path=path)
    return path


def _print(result: dict[str, Any]) -> int:
    print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    return EXIT_OK


def run_geoparse_eval(args: argparse.Namespace) -> int:
    from ..geo.evaluate import evaluate_geoparse

    return _print(evaluate_geoparse(_need(args.corpus), args.gold_spans, limit=args.limit))


def run_time_eval(args: argparse.Namespace) -> int:
    from ..temporal.evaluate import evaluate_time

    return _print(evaluate_time(_need(args.gold)))


def run_events_eval(args: argparse.Namespace) -> int:
    from ..build import default_pipeline
    from ..evaluation import open_output
    from ..events.evaluate import evaluate_events
    from ..geo import load_gazetteer

    gold = _need(args.gold)
    with contextlib.ExitStack() as stack:
        # opened first: an unwritable file fails before the run
        rows = None if args.rows is None else stack.enter_context(open_output(args.rows))
        gazetteer = load_gazetteer()
        pipeline = default_pipeline(gazetteer=gazetteer)
        return _print(
            evaluate_events(gold, args.fmt, pipeline, limit=args.limit, rows=rows, place_of=gazetteer.get)
        )


def run_geoparse(args: argparse.Namespace) -> int:
    from ..geo.evaluate import geoparse_corpus

    n = geoparse_corpus(_need(args.input), args.output, args.gold_spans)
    print(f"{n} documents written to {args.output}")
    return EXIT_OK
