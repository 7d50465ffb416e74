"""Geoparsing evaluation on gold JSONL corpora (LGL, TR-News, GeoWebNews, ... as in ../shared/data).

Corpus format, one document per line::

    {"id": ..., "text": ..., "toponyms": [{"start", "end", "name", "lat", "lon", "geonameid"}, ...]}

Scores (printed as JSON by ``python -m syraq.geo.evaluate CORPUS [--gold-spans]``):

* recognition: precision, recall and F1 of predicted spans against the gold toponyms; a
  predicted span matches a gold one when they overlap (one to one, in text order). With
  ``gold_spans`` recognition is skipped (the gold spans are given).
* resolution: over the gold toponyms that were matched (end to end) or all of them (gold
  spans): ``acc161`` the share resolved within 161 km, median and mean error in km over the
  resolved ones, and ``auc``, the area under the curve of log(1 + error_km) / log(20039)
  (Gritta et al. 2018; 0 is perfect). A toponym left unresolved counts as wrong, with the
  largest error (20,039 km), in acc161 and AUC.
* with gold spans, ``candidate_ceiling``: the share of gold toponyms for which the gazetteer offers at least
  one candidate within 161 km, the acc161 a perfect choice among its candidates would reach. What lies
  between it and ``acc161`` is lost to disambiguation; what lies above it, to the gazetteer's coverage.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..model import Place, PlaceMention, Span
from .context import country_hints
from .gazetteer import Gazetteer, haversine_km, load_gazetteer
from .recognize import toponyms_from_spans
from .stage import _mentions, place_mentions, recognize

MAX_KM = 20039.0


def _read(corpus: Path) -> Iterator[dict[str, Any]]:
    if not corpus.is_file():
        raise EvaluationError("E700", path=corpus)
    with corpus.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                doc["text"], doc.setdefault("toponyms", [])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise EvaluationError("E701", path=corpus, line=number, reason=str(exc)) from exc
            yield doc


#: the candidates of each given span, by (start, end): what the resolver chose among (gold spans only)
Offered = dict[tuple[int, int], tuple[Place, ...]]


def _parse(
    docs: list[dict[str, Any]], gazetteer: Gazetteer, nlp: Any, gold_spans: bool
) -> Iterator[tuple[list[PlaceMention], Offered]]:
    """Each document's place mentions, and with ``gold_spans`` the candidates each gold span was offered."""
    for doc, parsed in zip(docs, nlp.pipe([d["text"] for d in docs], batch_size=16), strict=True):
        text = doc["text"]
        entities = [(e.start_char, e.end_char, e.label_) for e in parsed.ents]
        sentences = [(s.start_char, s.end_char) for s in parsed.sents]
        if not gold_spans:
            yield place_mentions(text, gazetteer, entities, parsed, sentences), {}
            continue
        found = recognize(text, gazetteer, entities, parsed, sentences)
        # resolution only: the gold spans are resolved, with the places the recogniser finds
        # elsewhere in the text as their context ("Santa Maria ... in Santa Barbara County"),
        # exactly as in a real run; only the gold spans are returned and scored
        spans = [(int(t["start"]), int(t["end"])) for t in doc["toponyms"]]
        tops = toponyms_from_spans(text, spans, gazetteer, entities)
        offered = {(t.start, t.end): tuple(c.place for c in t.candidates) for t in tops}
        context = [
            replace(t, container=None, container_role=False, anchor=None)
            for t in found
            if not any(t.start < e and s < t.end for s, e in spans)
        ]
        wanted = set(spans)
        mentions = _mentions(tops + context, country_hints(text, gazetteer), keep_all=True, text=text)
        yield [m for m in mentions if (m.span.start, m.span.end) in wanted], offered


def _reachable(gold: list[dict[str, Any]], offered: Offered) -> list[bool]:
    """For each gold toponym, whether a candidate its span was offered lies within 161 km of the gold point."""
    return [
        any(
            haversine_km(place.lat, place.lon, float(g["lat"]), float(g["lon"])) < 161
            for place in offered.get((int(g["start"]), int(g["end"])), ())
        )
        for g in gold
    ]


def _split(docs: list[dict[str, Any]], split: str | None) -> list[dict[str, Any]]:
    if split in (None, "", "all"):
        return docs
    if split not in ("even", "odd"):
        raise EvaluationError("E701", path="(split)", line=0, reason=f"split must be even, odd or all, not {split!r}")
    return docs[0 if split == "even" else 1 :: 2]


def _pair(pred: list[PlaceMention], gold: list[dict[str, Any]]) -> list[tuple[PlaceMention, dict[str, Any]]]:
    """One-to-one overlap matching in text order."""
    pairs = []
    used: set[int] = set()
    for g in sorted(gold, key=lambda t: t["start"]):
        gspan = Span(int(g["start"]), int(g["end"]))
        for i, m in enumerate(pred):
            if i not in used and m.span.overlaps(gspan):
                used.add(i)
                pairs.append((m, g))
                break
    return pairs


def evaluate_geoparse(
    corpus: Path,
    gold_spans: bool,
    *,
    gazetteer: Gazetteer | None = None,
    nlp: Any = None,
    limit: int | None = None,
    split: str | None = None,
) -> dict[str, Any]:
    """Score recognition and resolution on a gold corpus; returns the JSON-ready report.

    ``split`` "even" or "odd" keeps the documents at even or odd 0-based positions in file
    order (the first document is position 0, so "even" holds the first), for tuning on one
    half and measuring on the other; ``limit`` applies before the split.
    """
    from ..nlp.stage import load_spacy

    gazetteer = gazetteer or load_gazetteer()
    nlp = nlp or load_spacy()
    docs = _split(list(_read(Path(corpus)))[: limit or None], split)
    started = time.perf_counter()
    tp = n_pred = n_gold = 0
    errors: list[float] = []
    linked: list[float] = []  # errors on the gold toponyms linked to a GeoNames id
    unresolved = 0
    reachable: list[bool] = []  # with gold spans: a candidate lies within 161 km of the gold point
    reachable_linked: list[bool] = []
    for doc, (pred, offered) in zip(docs, _parse(docs, gazetteer, nlp, gold_spans), strict=True):
        gold = [t for t in doc["toponyms"] if t.get("lat") is not None and t.get("lon") is not None]
        if gold_spans:
            flags = _reachable(gold, offered)
            reachable.extend(flags)
            reachable_linked.extend(f for f, g in zip(flags, gold, strict=True) if g.get("geonameid") is not None)
        pairs = _pair(pred, gold)
        n_pred += len(pred)
        n_gold += len(gold)
        tp += len(pairs)
        for m, g in pairs:
            if m.place is None:
                unresolved += 1
                errors.append(MAX_KM)
            else:
                errors.append(haversine_km(m.place.lat, m.place.lon, float(g["lat"]), float(g["lon"])))
            if g.get("geonameid") is not None:
                linked.append(errors[-1])
    elapsed = time.perf_counter() - started
    resolved = [e for e in errors if e < MAX_KM] or [0.0]
    report: dict[str, Any] = {
        "corpus": str(corpus),
        "split": split or "all",
        "documents": len(docs),
        "gold_toponyms": n_gold,
    }
    if gold_spans:
        report["recognition"] = None
    else:
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report["recognition"] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    n = len(errors)
    report["resolution"] = {
        "n": n,
        "unresolved": unresolved,
        "acc161": round(sum(e < 161 for e in errors) / n, 4) if n else 0.0,
        "median_km": round(statistics.median(resolved), 1),
        "mean_km": round(statistics.fmean(resolved), 1),
        "auc": round(statistics.fmean(math.log1p(e) / math.log(MAX_KM) for e in errors), 4) if n else 0.0,
    }
    if reachable:
        report["resolution"]["candidate_ceiling"] = round(sum(reachable) / len(reachable), 4)
    if linked and len(linked) < n:
        # GeoWebNews: the standard geocoding gold (Gritta; EUPEG; Mordecai 3's figures) is the GeoNames-linked
        # subset; the other spans carry only coordinates (streets, buildings, regions GeoNames lacks)
        report["resolution_geonames_linked"] = {
            "n": len(linked),
            "acc161": round(sum(e < 161 for e in linked) / len(linked), 4),
            "auc": round(statistics.fmean(math.log1p(e) / math.log(MAX_KM) for e in linked), 4),
        }
        if reachable_linked:
            report["resolution_geonames_linked"]["candidate_ceiling"] = round(
                sum(reachable_linked) / len(reachable_linked), 4
            )
    report["docs_per_second"] = round(len(docs) / elapsed, 2) if elapsed else 0.0
    return report


def geoparse_corpus(
    input: Path, output: Path, gold_spans: bool, *, gazetteer: Gazetteer | None = None, nlp: Any = None
) -> int:
    """Geoparse a JSONL corpus; write ``{"id", "toponyms": [{start, end, name, lat, lon, geonameid, score}]}`` lines."""
    from ..evaluation import open_output
    from ..nlp.stage import load_spacy

    gazetteer = gazetteer or load_gazetteer()
    nlp = nlp or load_spacy()
    docs = list(_read(Path(input)))
    count = 0
    with open_output(output) as out:
        for doc, (pred, _) in zip(docs, _parse(docs, gazetteer, nlp, gold_spans), strict=True):
            tops = [
                {
                    "start": m.span.start,
                    "end": m.span.end,
                    "name": doc["text"][m.span.start : m.span.end],
                    "lat": m.place.lat if m.place else None,
                    "lon": m.place.lon if m.place else None,
                    "geonameid": m.place.geonameid if m.place else None,
                    "score": m.score,
                }
                for m in pred
            ]
            out.write(json.dumps({"id": doc.get("id", ""), "toponyms": tops}, ensure_ascii=False) + "\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m syraq.geo.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a gold JSONL corpus, or an ACLED CSV export with --acled")
    parser.add_argument(
        "--acled", action="store_true", help="score ACLED notes: learn January's places, test on February"
    )
    parser.add_argument("--gold-spans", action="store_true", help="resolve the gold spans (resolution only)")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument(
        "--split", choices=("all", "even", "odd"), default="all", help="documents at even/odd positions (0-based)"
    )
    parser.add_argument("--speed", action="store_true", help="throughput against bare spaCy on the same texts")
    args = parser.parse_args(argv)
    if args.speed:
        print(json.dumps(measure_speed(args.corpus, limit=args.limit), indent=2))
        return 0
    if args.acled:
        print(json.dumps(evaluate_acled_places(args.corpus), indent=2))
        return 0
    report = evaluate_geoparse(args.corpus, args.gold_spans, limit=args.limit, split=args.split)
    print(json.dumps(report, indent=2))
    return 0


def measure_speed(
    corpus: Path, *, limit: int | None = None, gazetteer: Gazetteer | None = None, nlp: Any = None
) -> dict[str, Any]:
    """Throughput of the geoparser against bare spaCy on the same texts, in one process.

    First ``nlp.pipe`` alone over the texts, then the full geoparse (``nlp.pipe`` plus
    recognition and resolution, end to end) over the same texts; the gazetteer cache is warm
    from neither run before (a fresh lookup cache). Returns docs/s and toponyms/s of both and
    the ratio of the geoparser's time to spaCy's.
    """
    from ..nlp.stage import load_spacy

    gazetteer = gazetteer or load_gazetteer()
    nlp = nlp or load_spacy()
    docs = list(_read(Path(corpus)))[: limit or None]
    texts = [d["text"] for d in docs]
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    spacy_s = time.perf_counter() - started
    started = time.perf_counter()
    toponyms = sum(len(p) for p, _ in _parse(docs, gazetteer, nlp, False))
    full_s = time.perf_counter() - started
    return {
        "corpus": str(corpus),
        "documents": len(docs),
        "characters": sum(len(t) for t in texts),
        "toponyms_found": toponyms,
        "spacy_seconds": round(spacy_s, 2),
        "geoparse_seconds": round(full_s, 2),
        "spacy_docs_per_second": round(len(docs) / spacy_s, 2) if spacy_s else 0.0,
        "geoparse_docs_per_second": round(len(docs) / full_s, 2) if full_s else 0.0,
        "geoparse_toponyms_per_second": round(toponyms / full_s, 1) if full_s else 0.0,
        "time_ratio_to_spacy": round(full_s / spacy_s, 3) if spacy_s else 0.0,
    }


# ---------------------------------------------------------------------- ACLED notes


def _acled_month(value: str) -> int | None:
    from datetime import datetime

    for fmt in ("%d-%b-%y", "%d %B %Y", "%Y-%m-%d", "%d-%b-%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).month
        except ValueError:
            continue
    return None


def best_place(mentions: list[PlaceMention]) -> PlaceMention | None:
    """The mention that best places a short report: the finest resolved place, then the surest, then the first.

    Finest: a populated place, site or place an analyst coded (geo_precision 1-2) before a
    province, country or natural feature (geo_precision 3).
    """
    resolved = [m for m in mentions if m.place is not None]
    if not resolved:
        return None
    return min(resolved, key=lambda m: (m.geo_precision >= 3, -m.score, m.span.start))


def evaluate_acled_places(
    acled_csv: Path,
    *,
    learn_months: tuple[int, ...] = (1,),
    test_months: tuple[int, ...] = (2,),
    nlp: Any = None,
    home: Path | None = None,
) -> dict[str, Any]:
    """Geoparse the notes of ACLED events and score the best place against the coded point.

    The rows of ``learn_months`` are learned as a layer (:func:`~syraq.geo.layers.learn_places`)
    in a temporary SYRAQ home whose embedded index is a symlink to ``home``'s (so nothing is
    rebuilt); the notes of the rows of ``test_months`` are geoparsed with and without that layer.
    For each setting: how many notes got a place, and the share of all test notes whose best
    place (:func:`best_place`) lies within 5 km and 25 km of the event's coordinates, also by the
    event's ACLED geo_precision, and the share where *any* resolved place in the note is within 5 km.
    """
    import csv
    import shutil
    import tempfile

    from ..nlp.stage import load_spacy
    from .gazetteer import gazetteer_dir
    from .index import INDEX_NAME
    from .layers import learn_places

    path = Path(acled_csv)
    if not path.is_file():
        raise EvaluationError("E700", path=path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            rows = list(reader)
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise EvaluationError("E701", path=path, line=0, reason=str(exc)) from exc
    needed = {"event_date", "notes", "latitude", "longitude", "geo_precision", "location"}
    if not needed <= set(header):
        raise EvaluationError(
            "E701", path=path, line=1, reason=f"not an ACLED export: needs {', '.join(sorted(needed))}"
        )
    learn = [r for r in rows if _acled_month(r["event_date"]) in learn_months]
    test = [r for r in rows if _acled_month(r["event_date"]) in test_months and (r.get("notes") or "").strip()]
    base_index = gazetteer_dir(home) / INDEX_NAME
    load_gazetteer(home)  # builds the embedded index if it is missing
    nlp = nlp or load_spacy()
    started = time.perf_counter()
    parsed = list(nlp.pipe([r["notes"] for r in test], batch_size=64))
    parse_seconds = time.perf_counter() - started
    report: dict[str, Any] = {
        "corpus": str(path),
        "learn_months": list(learn_months),
        "test_months": list(test_months),
        "learned_rows": len(learn),
        "test_notes": len(test),
        "spacy_seconds": round(parse_seconds, 1),
    }
    tmp = Path(tempfile.mkdtemp(prefix="syraq-acled-eval-"))
    try:
        tmp_home = tmp / "home"
        (tmp_home / "gazetteer").mkdir(parents=True)
        (tmp_home / "gazetteer" / INDEX_NAME).symlink_to(base_index.resolve())
        settings: dict[str, Gazetteer] = {"embedded": Gazetteer([("embedded", base_index)])}
        if learn:
            learn_csv = tmp / "learn.csv"
            with learn_csv.open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=header)
                writer.writeheader()
                writer.writerows(learn)
            layer = learn_places(learn_csv, "acled", name="acled-learned", home=tmp_home)
            report["learned_places"] = next(
                (entry["places"] for entry in _list_layers(tmp_home) if entry["name"] == "acled-learned"), 0
            )
            settings["embedded+learned"] = Gazetteer([("acled-learned", layer), ("embedded", base_index)])
        for label, gazetteer in settings.items():
            report[label] = _score_notes(test, parsed, gazetteer)
            gazetteer.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report


def _list_layers(home: Path) -> list[dict[str, Any]]:
    from .layers import list_layers

    return list_layers(home)


def _score_notes(rows: list[dict[str, str]], parsed: list[Any], gazetteer: Gazetteer) -> dict[str, Any]:
    started = time.perf_counter()
    placed = within5 = within25 = any5 = 0
    by_precision: dict[str, list[int]] = {}
    for row, doc in zip(rows, parsed, strict=True):
        text = row["notes"]
        entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        mentions = place_mentions(text, gazetteer, entities, doc, sentences)
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            continue
        best = best_place(mentions)
        counts = by_precision.setdefault(str(row.get("geo_precision", "")).strip() or "?", [0, 0, 0])
        counts[0] += 1
        if best is None:
            continue
        placed += 1
        d = haversine_km(best.place.lat, best.place.lon, lat, lon)  # type: ignore[union-attr]
        within5 += d <= 5
        within25 += d <= 25
        counts[1] += d <= 5
        counts[2] += d <= 25
        any5 += any(m.place and haversine_km(m.place.lat, m.place.lon, lat, lon) <= 5 for m in mentions)
    n = len(rows) or 1
    return {
        "notes_with_place": round(placed / n, 4),
        "within_5km": round(within5 / n, 4),
        "within_25km": round(within25 / n, 4),
        "any_place_within_5km": round(any5 / n, 4),
        "by_geo_precision": {
            k: {"n": v[0], "within_5km": round(v[1] / v[0], 4), "within_25km": round(v[2] / v[0], 4)}
            for k, v in sorted(by_precision.items())
            if v[0]
        },
        "seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    raise SystemExit(main())
