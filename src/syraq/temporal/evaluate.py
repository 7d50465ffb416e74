"""Scoring the temporal stage against gold files, and against human-coded event dates."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..model import TIME_PRECISIONS, TimeExpression
from .resolve import find_times


def _load_gold(gold: Path) -> list[dict[str, Any]]:
    path = Path(gold)
    if not path.is_file():
        raise EvaluationError("E700", path=path)
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["text"]
                published = date.fromisoformat(row["published"]) if row.get("published") else None
                exprs = []
                for e in row.get("expressions", []):
                    start, end = int(e["start"]), int(e["end"])
                    if not 0 <= start < end <= len(text):
                        raise ValueError(f"span [{start}, {end}) is outside the text")
                    if e["precision"] not in TIME_PRECISIONS:
                        raise ValueError(f"unknown precision {e['precision']!r}")
                    exprs.append(
                        {
                            "start": start,
                            "end": end,
                            "value_start": date.fromisoformat(e["value_start"]),
                            "value_end": date.fromisoformat(e["value_end"]),
                            "precision": e["precision"],
                        }
                    )
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise EvaluationError("E701", path=path, line=lineno, reason=f"{type(exc).__name__}: {exc}") from exc
            rows.append({"text": text, "published": published, "expressions": exprs})
    return rows


def match_expressions(
    gold: list[dict[str, Any]], found: list[TimeExpression]
) -> list[tuple[dict[str, Any], TimeExpression]]:
    """Pair gold and found expressions whose spans overlap (each used once, largest overlap first)."""
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for fi, f in enumerate(found):
            overlap = min(g["end"], f.span.end) - max(g["start"], f.span.start)
            if overlap > 0:
                pairs.append((-overlap, gi, fi))
    pairs.sort()
    used_g: set[int] = set()
    used_f: set[int] = set()
    out = []
    for _, gi, fi in pairs:
        if gi in used_g or fi in used_f:
            continue
        used_g.add(gi)
        used_f.add(fi)
        out.append((gold[gi], found[fi]))
    return out


def evaluate_time(gold: Path, *, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Score :func:`find_times` on a gold file (JSON Lines).

    Each line: ``{"text", "published", "expressions": [{"start", "end", "value_start",
    "value_end", "precision"}]}``; a line without expressions is a negative (its text
    holds nothing that is a time). A found expression matches a gold one when their
    spans overlap (one to one). ``found_precision`` is matched found / all found,
    ``found_recall`` matched gold / all gold; ``exact_range_accuracy`` (both ends
    equal) and ``precision_accuracy`` (same precision) are over the **matched** gold
    expressions only. Pass a list as ``details`` to receive every miss and error.
    """
    rows = _load_gold(gold)
    n_gold = n_found = n_matched = exact = same_precision = 0
    for row in rows:
        found = find_times(row["text"], row["published"])
        pairs = match_expressions(row["expressions"], found)
        n_gold += len(row["expressions"])
        n_found += len(found)
        n_matched += len(pairs)
        matched_found = {id(f) for _, f in pairs}
        matched_gold = {id(g) for g, _ in pairs}
        for g, f in pairs:
            ok_range = (f.start, f.end) == (g["value_start"], g["value_end"])
            ok_prec = f.precision == g["precision"]
            exact += ok_range
            same_precision += ok_prec
            if details is not None and not (ok_range and ok_prec):
                details.append(
                    {
                        "kind": "wrong",
                        "text": row["text"][g["start"] : g["end"]],
                        "gold": [str(g["value_start"]), str(g["value_end"]), g["precision"]],
                        "found": [str(f.start), str(f.end), f.precision],
                    }
                )
        if details is not None:
            for g in row["expressions"]:
                if id(g) not in matched_gold:
                    details.append({"kind": "missed", "text": row["text"][g["start"] : g["end"]]})
            for f in found:
                if id(f) not in matched_found:
                    details.append({"kind": "spurious", "text": row["text"][f.span.start : f.span.end]})
    return {
        "expressions": n_gold,
        "found_precision": round(n_matched / n_found, 4) if n_found else 0.0,
        "found_recall": round(n_matched / n_gold, 4) if n_gold else 0.0,
        "exact_range_accuracy": round(exact / n_matched, 4) if n_matched else 0.0,
        "precision_accuracy": round(same_precision / n_matched, 4) if n_matched else 0.0,
    }


def _acled_date(value: str) -> date:
    return datetime.strptime(value.strip(), "%d-%b-%y").date()


def evaluate_event_dates(events_dir: Path) -> dict[str, Any]:
    """How often the date of the first time expression equals the human-coded event date.

    Reads, in place, ACLED ``notes`` (publication date = ``event_date``, gold =
    ``event_date``) and UCDP GED ``source_headline`` (publication = ``source_date``,
    gold = ``date_start``). The system date is the start of the first resolved time
    expression, or the publication date when the text has none. Reports, per dataset:
    rows scored, the share with any expression, and the share whose date equals the gold
    date, overall and for "publication date only" (the baseline every automated coder
    falls back to).
    """
    root = Path(events_dir)
    specs = (
        ("acled", "acled_2018_jan_feb_syria_iraq.csv", "notes", "event_date", "event_date", _acled_date),
        ("ucdp", "ucdp_ged_syria_2016_2019.csv", "source_headline", "source_date", "date_start", date.fromisoformat),
    )
    out: dict[str, Any] = {}
    for name, filename, text_col, pub_col, gold_col, parse in specs:
        path = root / filename
        if not path.is_file():
            raise EvaluationError("E700", path=path)
        n = with_expr = correct = baseline = 0
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                text = row.get(text_col) or ""
                try:
                    published = parse(row[pub_col])
                    gold_date = parse(row[gold_col])
                except (KeyError, ValueError):
                    continue
                found = find_times(text, published)
                n += 1
                if found:
                    with_expr += 1
                predicted = found[0].start if found else published
                correct += predicted == gold_date
                baseline += published == gold_date
        out[name] = {
            "rows": n,
            "with_expression": round(with_expr / n, 4) if n else 0.0,
            "date_accuracy": round(correct / n, 4) if n else 0.0,
            "publication_date_baseline": round(baseline / n, 4) if n else 0.0,
        }
    return out
