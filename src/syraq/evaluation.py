"""`make eval`: every evaluation against ../shared/data, printed as one JSON object.

    python -m syraq.evaluation --shared ../shared/data [--only geoparse,time,events] [--limit N]

Each part reads the real gold data where it lies (nothing is copied) and is skipped, with
the reason in the JSON, when its files are absent. The event evaluation follows the
protocol of the issue: tune on ACLED's January 2018 rows, measure on February's, with the
places of the January rows learned into a gazetteer layer (and once without it, and once with
the places of UCDP's events of 2016 and 2017 learned as well).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TextIO

GEOPARSING_CORPORA: tuple[str, ...] = ("lgl", "tr_news", "geowebnews", "geovirus", "wiktor")
ACLED_FILE = "events/acled_2018_jan_feb_syria_iraq.csv"
UCDP_FILE = "events/ucdp_ged_syria_2016_2019.csv"
#: the UCDP events learned besides January's ACLED rows are those that started before this day (2016 and 2017)
UCDP_BEFORE = "2018-01-01"
TIME_GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "gold" / "time.jsonl"


def open_output(path: Path) -> TextIO:
    """``path`` opened for writing an evaluation's output (UTF-8 text), or error E702 that says why it cannot be."""
    from .errors import EvaluationError

    try:
        return Path(path).open("w", encoding="utf-8")
    except OSError as exc:
        raise EvaluationError("E702", path=path, reason=exc.strerror or str(exc)) from exc


def _timed(fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        out = fn()
    except Exception as exc:  # one failing part must not hide the others' figures
        return {"error": f"{type(exc).__name__}: {exc}"}
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def geoparse_part(shared: Path, limit: int | None) -> dict[str, Any]:
    from .geo.evaluate import evaluate_geoparse
    from .geo.gazetteer import load_gazetteer

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="syraq-eval-") as tmpdir:
        # the embedded gazetteer alone: the user's own layers (and the area they imply) stay out of the figures
        gazetteer = load_gazetteer(_home_with_embedded_index(Path(tmpdir)))
        for name in GEOPARSING_CORPORA:
            path = shared / "geoparsing" / f"{name}.jsonl"
            if not path.is_file():
                results[name] = {"skipped": f"{path} not found"}
                continue
            results[name] = {
                "gold_spans": _timed(partial(evaluate_geoparse, path, True, gazetteer=gazetteer, limit=limit)),
                "end_to_end": _timed(partial(evaluate_geoparse, path, False, gazetteer=gazetteer, limit=limit)),
            }
    return results


def time_part(shared: Path) -> dict[str, Any]:
    from .temporal.evaluate import evaluate_event_dates, evaluate_time

    out: dict[str, Any] = {}
    out["gold"] = (
        _timed(lambda: evaluate_time(TIME_GOLD)) if TIME_GOLD.is_file() else {"skipped": f"{TIME_GOLD} not found"}
    )
    events_dir = shared / "events"
    out["event_dates"] = (
        _timed(lambda: evaluate_event_dates(events_dir)) if events_dir.is_dir() else {"skipped": "no events folder"}
    )
    return out


def _rows_file(src: Path, target: Path, keep: Callable[[dict[str, str]], bool]) -> Path:
    """The rows of a CSV export that ``keep`` accepts, written to a temporary file (outside the repository)."""
    with src.open(newline="", encoding="utf-8") as fh, target.open("w", newline="", encoding="utf-8") as out:
        reader = csv.DictReader(fh)
        writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or []))
        writer.writeheader()
        writer.writerows(row for row in reader if keep(row))
    return target


def _acled_month_file(src: Path, month: int, target: Path) -> Path:
    """The rows of one month of the ACLED file."""
    abbrev = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[month - 1]
    return _rows_file(src, target, lambda row: f"-{abbrev}-" in row.get("event_date", ""))


def _ucdp_before_file(src: Path, day: str, target: Path) -> Path:
    """The rows of the UCDP GED file whose events started before ``day`` (ISO date)."""
    return _rows_file(src, target, lambda row: row.get("date_start", "") < day)


def _home_with_embedded_index(tmp: Path) -> Path:
    """A throwaway SYRAQ_HOME that shares the user's compiled embedded index (no rebuild)."""
    from . import config
    from .geo import load_gazetteer
    from .geo.gazetteer import gazetteer_dir
    from .geo.index import INDEX_NAME

    load_gazetteer()  # make sure the embedded index exists where it normally lives
    home = tmp / "home"
    (gazetteer_dir(home)).mkdir(parents=True, exist_ok=True)
    (gazetteer_dir(home) / INDEX_NAME).symlink_to(gazetteer_dir(config.home()) / INDEX_NAME)
    return home


def _evaluate_events(
    gold: Path, fmt: str, home: Path | None, limit: int | None, months: set[int] | None = None
) -> dict[str, Any]:
    from .build import default_pipeline
    from .events.evaluate import evaluate_events
    from .geo import load_gazetteer

    gazetteer = load_gazetteer(home)
    return evaluate_events(
        gold, fmt, default_pipeline(gazetteer=gazetteer), limit=limit, months=months, place_of=gazetteer.get
    )


def events_part(shared: Path, limit: int | None) -> dict[str, Any]:
    from .geo.layers import learn_places

    acled = shared / ACLED_FILE
    ucdp = shared / UCDP_FILE
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="syraq-eval-") as tmpdir:
        tmp = Path(tmpdir)
        if acled.is_file():
            january = _acled_month_file(acled, 1, tmp / "acled-jan.csv")
            home = _home_with_embedded_index(tmp)
            learn_places(january, "acled", name="acled-2018-01", home=home)
            out["acled_february_with_january_places"] = _timed(
                lambda: _evaluate_events(acled, "acled", home, limit, {2})
            )
            if ucdp.is_file():
                # an analyst who also has UCDP's coded events of the years before (none of 2018): its villages too
                both = _home_with_embedded_index(tmp / "both")
                learn_places(january, "acled", name="acled-2018-01", home=both)
                learn_places(_ucdp_before_file(ucdp, UCDP_BEFORE, tmp / "ucdp-before.csv"), "ucdp", name="ucdp", home=both)
                out["acled_february_with_january_and_ucdp_2016_2017_places"] = _timed(
                    lambda: _evaluate_events(acled, "acled", both, limit, {2})
                )
        else:
            out["acled"] = {"skipped": f"{acled} not found"}
        # the embedded gazetteer alone, whatever layers the user has installed
        bare = _home_with_embedded_index(tmp / "bare")
        if acled.is_file():
            out["acled_february_embedded_only"] = _timed(lambda: _evaluate_events(acled, "acled", bare, limit, {2}))
            out["acled_january_tuning_set"] = _timed(lambda: _evaluate_events(acled, "acled", bare, limit, {1}))
        if ucdp.is_file():
            out["ucdp_first_2000"] = _timed(lambda: _evaluate_events(ucdp, "ucdp", bare, limit or 2000))
        else:
            out["ucdp"] = {"skipped": f"{ucdp} not found"}
    return out


def run_all(shared: Path, *, only: set[str] | None = None, limit: int | None = None) -> dict[str, Any]:
    parts: dict[str, Callable[[], dict[str, Any]]] = {
        "time": lambda: time_part(shared),
        "geoparse": lambda: geoparse_part(shared, limit),
        "events": lambda: events_part(shared, limit),
    }
    if not shared.is_dir():
        return {"skipped": f"{shared} not found: the evaluations read the gold data in ../shared/data"}
    results: dict[str, Any] = {"shared": str(shared), "limit": limit}
    for name, part in parts.items():
        if only and name not in only:
            continue
        results[name] = part()
        print(f"[eval] {name} done", file=sys.stderr, flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m syraq.evaluation", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--only", default="", help="comma-separated parts: time, geoparse, events")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each file (a quick run)")
    parser.add_argument("-o", "--output", type=Path, default=None, help="also write the JSON to this file")
    from .errors import SyraqError

    args = parser.parse_args(argv)
    only = {p.strip() for p in args.only.split(",") if p.strip()} or None
    try:
        out = open_output(args.output) if args.output else None  # before the long run: an unwritable file fails now
        results = run_all(args.shared, only=only, limit=args.limit)
    except SyraqError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code or 1
    text = json.dumps(results, indent=1, default=str)
    print(text)
    if out is not None:
        with out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
