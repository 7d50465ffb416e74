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
"""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..model import PlaceMention, Span
from .gazetteer import Gazetteer, haversine_km, load_gazetteer
from .recognize import toponyms_from_spans
from .stage import _mentions, recognize

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


def _parse(
    docs: list[dict[str, Any]], gazetteer: Gazetteer, nlp: Any, gold_spans: bool
) -> Iterator[list[PlaceMention]]:
    for doc, parsed in zip(docs, nlp.pipe([d["text"] for d in docs], batch_size=16), strict=True):
        text = doc["text"]
        entities = [(e.start_char, e.end_char, e.label_) for e in parsed.ents]
        if gold_spans:
            spans = [(int(t["start"]), int(t["end"])) for t in doc["toponyms"]]
            tops = toponyms_from_spans(text, spans, gazetteer, entities)
        else:
            sentences = [(s.start_char, s.end_char) for s in parsed.sents]
            tops = recognize(text, gazetteer, entities, parsed, sentences)
        yield _mentions(tops, keep_all=gold_spans)


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
) -> dict[str, Any]:
    """Score recognition and resolution on a gold corpus; returns the JSON-ready report."""
    from ..nlp.stage import load_spacy

    gazetteer = gazetteer or load_gazetteer()
    nlp = nlp or load_spacy()
    docs = list(_read(Path(corpus)))[: limit or None]
    started = time.perf_counter()
    tp = n_pred = n_gold = 0
    errors: list[float] = []
    unresolved = 0
    for doc, pred in zip(docs, _parse(docs, gazetteer, nlp, gold_spans), strict=True):
        gold = [t for t in doc["toponyms"] if t.get("lat") is not None and t.get("lon") is not None]
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
    elapsed = time.perf_counter() - started
    resolved = [e for e in errors if e < MAX_KM] or [0.0]
    report: dict[str, Any] = {
        "corpus": str(corpus),
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
    report["docs_per_second"] = round(len(docs) / elapsed, 2) if elapsed else 0.0
    return report


def geoparse_corpus(
    input: Path, output: Path, gold_spans: bool, *, gazetteer: Gazetteer | None = None, nlp: Any = None
) -> int:
    """Geoparse a JSONL corpus; write ``{"id", "toponyms": [{start, end, name, lat, lon, geonameid, score}]}`` lines."""
    from ..nlp.stage import load_spacy

    gazetteer = gazetteer or load_gazetteer()
    nlp = nlp or load_spacy()
    docs = list(_read(Path(input)))
    count = 0
    with Path(output).open("w", encoding="utf-8") as out:
        for doc, pred in zip(docs, _parse(docs, gazetteer, nlp, gold_spans), strict=True):
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
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--gold-spans", action="store_true", help="resolve the gold spans (resolution only)")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    args = parser.parse_args(argv)
    print(json.dumps(evaluate_geoparse(args.corpus, args.gold_spans, limit=args.limit), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
