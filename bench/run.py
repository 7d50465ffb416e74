"""syraq benchmarks (`make bench`): throughput of each stage and of the whole pipeline, one run.

Prints one JSON object and writes it to bench/results.json. Texts: the LGL corpus and ACLED
notes from ../shared/data when that folder exists (read in place, deterministic subsets whose
sizes are printed), otherwise the project's own fixture reports under tests/data.

Measured in one process, one run, so ratios compare like with like:

* pipeline: documents/s and words/s of default_pipeline() in this process, and its ratio to
  bare spaCy (nlp.pipe over the same texts);
* workers=2 (process pool) and Dask local (2 worker processes): documents/s with start-up
  included and excluded, and scaling efficiency = speed-up over one process / workers;
* peak RSS of this process and of the largest pool worker;
* store: documents/s and events/s saved into a fresh SQLite file;
* gazetteer lookups/s (cold and cached), temporal expressions/s (find_times),
  geoparse documents/s and toponyms/s on LGL vs bare spaCy.

    python bench/run.py [--docs 120] [--notes 300] [--skip-dask]
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from syraq.model import Document

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux reports KiB


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _rate(n: float, seconds: float) -> float:
    return round(n / seconds, 2) if seconds > 0 else float("nan")


def load_texts(data: Path, n_docs: int, n_notes: int) -> tuple[list[dict], list[str], str]:
    """LGL articles (with gold toponyms) and ACLED notes, or our fixtures when the data is absent."""
    lgl_path = data / "geoparsing" / "lgl.jsonl"
    acled_path = data / "events" / "acled_2018_jan_feb_syria_iraq.csv"
    if lgl_path.exists() and acled_path.exists():
        import csv

        with lgl_path.open(encoding="utf-8") as fh:
            lgl = [json.loads(line) for _, line in zip(range(n_docs), fh, strict=False)]
        with acled_path.open(encoding="utf-8", newline="") as fh:
            notes = list(dict.fromkeys(r["notes"] for r in csv.DictReader(fh) if r["notes"].strip()))[:n_notes]
        return lgl, notes, f"../shared/data: LGL first {len(lgl)} articles, first {len(notes)} distinct ACLED notes"
    from syraq.ingest import iter_documents

    docs = [d for d in iter_documents([str(ROOT / "tests" / "data" / "reports")]) if not isinstance(d, Exception)]
    texts = [d.text for d in docs]
    return (
        [{"text": t, "toponyms": []} for t in texts],
        texts,
        f"fixtures: {len(texts)} reports under tests/data/reports",
    )


def make_docs(lgl: list[dict], notes: list[str]) -> list[Document]:
    from syraq.model import Document

    docs = [Document(text=r["text"], published=date(2018, 2, 15), source="LGL") for r in lgl]
    docs += [Document(text=t, published=date(2018, 2, 28), source="ACLED note") for t in notes]
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--docs", type=int, default=120, help="LGL articles (default 120)")
    ap.add_argument("--notes", type=int, default=300, help="ACLED notes (default 300)")
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()

    from syraq.build import default_pipeline
    from syraq.geo import load_gazetteer
    from syraq.nlp.stage import load_spacy
    from syraq.scale.workers import cpu_count, run_parallel
    from syraq.store import Store
    from syraq.temporal import find_times

    out: dict = {"machine": {"cores": cpu_count(), "python": platform.python_version()}}
    lgl, notes, described = load_texts(args.data, args.docs, args.notes)
    docs = make_docs(lgl, notes)
    texts = [d.text for d in docs]
    n, words = len(texts), _words(texts)
    out["texts"] = {"source": described, "documents": n, "words": words}
    print(f"bench: {described}; {n} documents, {words} words", file=sys.stderr)

    t = time.perf_counter()
    nlp = load_spacy()
    gazetteer = load_gazetteer()
    pipeline = default_pipeline(gazetteer=gazetteer, nlp=nlp)
    list(pipeline.pipe([copy.deepcopy(docs[0])]))  # warm: codebook, actors, lexicons
    out["startup_seconds_one_process"] = round(time.perf_counter() - t, 2)

    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - t
    t = time.perf_counter()
    annotated = list(pipeline.pipe(copy.deepcopy(docs), batch_size=8))
    full = time.perf_counter() - t
    n_events = sum(len(d.events) for d in annotated)
    out["spacy_bare"] = {"docs_per_s": _rate(n, bare), "words_per_s": _rate(words, bare)}
    out["pipeline_one_process"] = {
        "docs_per_s": _rate(n, full),
        "words_per_s": _rate(words, full),
        "events": n_events,
        "ratio_to_bare_spacy": round(bare / full, 3),
    }
    print(f"bench: pipeline {out['pipeline_one_process']}", file=sys.stderr)

    # each stage's share of the pipeline's time: the same documents, stage by stage
    staged = copy.deepcopy(docs)
    shares: dict[str, float] = {}
    for stage in pipeline.stages:
        t = time.perf_counter()
        staged = list(stage.pipe(staged, batch_size=8))
        shares[stage.name] = time.perf_counter() - t
    total = sum(shares.values()) or 1e-9
    out["stage_seconds"] = {name: round(sec, 2) for name, sec in shares.items()}
    out["stage_share"] = {name: round(sec / total, 3) for name, sec in shares.items()}
    n_times = sum(len(d.times) for d in staged)
    temporal_s = shares.get("syraq.temporal.v1", 0.0)
    out["temporal_stage"] = {
        "expressions": n_times,
        "expressions_per_s": _rate(n_times, temporal_s),
        "share_of_pipeline": out["stage_share"].get("syraq.temporal.v1"),
    }
    print(f"bench: stage shares {out['stage_share']}", file=sys.stderr)

    t = time.perf_counter()
    par = list(run_parallel(copy.deepcopy(docs), workers=2, batch_size=8))
    par_s = time.perf_counter() - t
    t = time.perf_counter()
    par_warm = list(run_parallel(copy.deepcopy(docs[:2]), workers=2, batch_size=1))
    startup = time.perf_counter() - t  # a pool on two documents: mostly start-up
    steady = max(par_s - startup, 1e-9)
    out["pipeline_workers_2"] = {
        "docs_per_s": _rate(n, par_s),
        "docs_per_s_without_startup": _rate(n, steady),
        "startup_seconds": round(startup, 2),
        "scaling_efficiency": round((full / par_s) / 2, 3),
        "scaling_efficiency_without_startup": round((full / steady) / 2, 3),
        "same_events_as_one_process": [e.to_dict() for d in par for e in d.events]
        == [e.to_dict() for d in annotated for e in d.events],
        # forkserver workers are not our direct children: RUSAGE_CHILDREN cannot see them (None when 0)
        "peak_rss_mb_largest_worker": _rss_mb(resource.RUSAGE_CHILDREN) or None,
    }
    del par_warm
    print(f"bench: workers=2 {out['pipeline_workers_2']}", file=sys.stderr)

    if not args.skip_dask:
        try:
            from syraq.scale.dask import open_client, run_dask
        except ImportError as exc:  # pragma: no cover
            out["pipeline_dask_local_2"] = {"skipped": str(exc)}
        else:
            from contextlib import ExitStack

            with ExitStack() as stack:
                t = time.perf_counter()
                client = open_client("local", n_workers=2, stack=stack)
                list(run_dask(copy.deepcopy(docs[:2]), "local", client=client, batch_size=1))
                startup = time.perf_counter() - t
                t = time.perf_counter()
                dk = list(run_dask(copy.deepcopy(docs), "local", client=client, batch_size=8))
                dk_s = time.perf_counter() - t
                out["pipeline_dask_local_2"] = {
                    "docs_per_s_without_startup": _rate(n, dk_s),
                    "startup_seconds": round(startup, 2),
                    "scaling_efficiency_without_startup": round((full / dk_s) / 2, 3),
                    "same_events_as_one_process": [e.to_dict() for d in dk for e in d.events]
                    == [e.to_dict() for d in annotated for e in d.events],
                }
            print(f"bench: dask {out['pipeline_dask_local_2']}", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        for d in annotated:
            d.nlp = None
        t = time.perf_counter()
        for d in annotated:
            store.save_document(d)
        st = time.perf_counter() - t
        store.close()
    out["store_sqlite"] = {"docs_per_s": _rate(n, st), "events_per_s": _rate(n_events, st), "events": n_events}

    names = list(dict.fromkeys(tp["name"] for r in lgl for tp in r.get("toponyms", [])))
    names += list(dict.fromkeys(d.span_text(p.span) for d in annotated for p in d.places))
    names = list(dict.fromkeys(names))
    if names:
        t = time.perf_counter()
        for name in names:
            gazetteer.lookup(name)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(3):
            for name in names:
                gazetteer.lookup(name)
        warm = time.perf_counter() - t
        out["gazetteer_lookup"] = {
            "names": len(names),
            "cold_per_s": _rate(len(names), cold),
            "cached_per_s": _rate(3 * len(names), warm),
        }

    t = time.perf_counter()
    n_times = sum(len(find_times(d.text, d.published)) for d in docs)
    tt = time.perf_counter() - t
    out["temporal_find_times"] = {
        "expressions": n_times,
        "expressions_per_s": _rate(n_times, tt),
        "docs_per_s": _rate(n, tt),
    }

    from syraq.geo import geoparse_text

    lgl_texts = [r["text"] for r in lgl]
    t = time.perf_counter()
    for _ in nlp.pipe(lgl_texts, batch_size=32):
        pass
    bare_lgl = time.perf_counter() - t
    t = time.perf_counter()
    n_top = sum(len(geoparse_text(text, gazetteer, nlp)) for text in lgl_texts)
    geo_s = time.perf_counter() - t
    out["geoparse_lgl"] = {
        "documents": len(lgl_texts),
        "docs_per_s": _rate(len(lgl_texts), geo_s),
        "toponyms_per_s": _rate(n_top, geo_s),
        "bare_spacy_docs_per_s": _rate(len(lgl_texts), bare_lgl),
        "ratio_to_bare_spacy": round(bare_lgl / geo_s, 3),
    }
    out["peak_rss_mb_main_process"] = _rss_mb()
    text = json.dumps(out, indent=2)
    (HERE / "results.json").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
