"""syraq benchmarks (`make bench`): throughput of each stage and of the whole pipeline, one run.

Prints one JSON object and writes it to bench/results.json. Texts: the LGL corpus and ACLED
notes from ../shared/data when that folder exists (read in place, deterministic subsets whose
sizes are printed), otherwise the project's own fixture reports under tests/data.

Measured in one process, one run, so ratios compare like with like:

* pipeline: documents/s and words/s of default_pipeline() in this process, and its ratio to
  bare spaCy (nlp.pipe over the same texts);
* workers=2 (process pool): bare spaCy, one process and two workers are timed in turn,
  ``--repeat`` times, and each figure is the median of its runs, so a burst of load from
  another program hits all three alike. The pool is started inside each timed run (with
  ``fork`` from this already loaded process: start-up included). Once more with the
  ``forkserver`` fallback, whose workers load the model themselves;
* cold runs: ``syraq``'s ``annotate()`` with 1 and with 2 workers in a fresh Python process
  each, timed from outside (interpreter, imports, model loading and all), as a command
  line ingest would run;
* Dask local (2 worker processes): documents/s with start-up included and excluded, and
  its ratio to the pool;
* memory: every worker's own peak RSS (getrusage in the worker, reported with each task),
  its private and proportional memory (/proc/self/smaps_rollup), and this process's peak;
* store: documents/s and events/s saved into a fresh SQLite file;
* gazetteer lookups/s (cold and cached), temporal expressions/s (find_times),
  geoparse documents/s and toponyms/s on LGL vs bare spaCy;
* API latency p50/p95 of a filtered page on 100,000 and 1,000,000 generated events
  (SQLite files built once and kept under bench/.cache/, see syraq.api.bench).

    python bench/run.py [--docs 120] [--notes 300] [--repeat 3] [--skip-dask] [--skip-cold]
                        [--api-events 100000,1000000]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class CpuWatch:
    """CPU time other programs used while a figure was timed, in cores (Linux; None elsewhere).

    The machine's busy time (/proc/stat) minus this process's and its reaped children's
    (pool workers are joined before a run returns): a run with ``other_cores`` near 0 had
    the machine to itself; 1.0 means another program kept one core busy throughout.
    """

    def __init__(self, pids: list[int] | None = None) -> None:
        self._pids = list(pids or [])  # long-lived processes of ours that are not reaped children
        self._start = self._sample()

    def _sample(self) -> tuple[float, float, float] | None:
        try:
            fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:9]
        except OSError:
            return None
        ticks = [int(x) for x in fields]
        busy = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # minus idle and iowait
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        mine = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
        if self._pids:
            import psutil

            for pid in self._pids:
                try:
                    cpu = psutil.Process(pid).cpu_times()
                except psutil.Error:
                    continue
                mine += cpu.user + cpu.system + cpu.children_user + cpu.children_system
        return busy, mine, time.perf_counter()

    def other_cores(self) -> float | None:
        end = self._sample()
        if self._start is None or end is None or end[2] <= self._start[2]:
            return None
        other = (end[0] - self._start[0]) - (end[1] - self._start[1])
        return round(max(0.0, other) / (end[2] - self._start[2]), 2)


def _memory(stats: Any) -> dict[str, Any]:
    """Each worker's own memory, as its tasks reported it (MB)."""
    workers = list(stats.workers.values())
    return {
        "workers": len(workers),
        "peak_rss_mb_largest_worker": max((w.peak_rss_mb for w in workers), default=None),
        "private_mb_largest_worker": max((w.private_mb or 0.0 for w in workers), default=None),
        "pss_mb_largest_worker": max((w.pss_mb or 0.0 for w in workers), default=None),
        "per_worker": [
            {"peak_rss_mb": w.peak_rss_mb, "private_mb": w.private_mb, "pss_mb": w.pss_mb, "documents": w.documents}
            for w in workers
        ],
    }


def _events(docs: list[Document]) -> list[dict]:
    return [e.to_dict() for d in docs for e in d.events]


def quiet_rounds(
    runs: dict[str, Any], repeat: int, max_other: float, max_rounds: int, pids: list[int] | None = None
) -> dict[str, Any]:
    """Time every callable of ``runs`` in turn, round after round, until ``repeat`` rounds ran
    while other programs used at most ``max_other`` cores in every run of the round (or
    ``max_rounds`` rounds ran). Each figure is the median over the accepted rounds; if too few
    were quiet, over the quietest ``repeat`` rounds, and ``quiet`` says so.
    """
    rounds: list[dict[str, tuple[float, float | None]]] = []
    for i in range(max_rounds):
        this: dict[str, tuple[float, float | None]] = {}
        for name, run in runs.items():
            watch, t = CpuWatch(pids), time.perf_counter()
            run()
            this[name] = (time.perf_counter() - t, watch.other_cores())
        rounds.append(this)
        worst = max((o or 0.0) for _, o in this.values())
        print(f"bench:   round {i + 1}: " + ", ".join(f"{k} {v[0]:.2f} s" for k, v in this.items())
              + f"; other programs {worst:.2f} cores", file=sys.stderr)
        if sum(1 for r in rounds if max((o or 0.0) for _, o in r.values()) <= max_other) >= repeat:
            break

    def worst(r: dict[str, tuple[float, float | None]]) -> float:
        return max((o or 0.0) for _, o in r.values())

    accepted = [r for r in rounds if worst(r) <= max_other]
    quiet = len(accepted) >= repeat
    used = accepted[:repeat] if quiet else sorted(rounds, key=worst)[:repeat]
    return {
        "seconds": {name: _median([r[name][0] for r in used]) for name in runs},
        "runs_seconds": {name: [round(r[name][0], 2) for r in used] for name in runs},
        "other_programs_cores": [round(worst(r), 2) for r in used],
        "rounds": len(rounds),
        "quiet": quiet,
    }


def cold_child(docs_path: Path, workers: int) -> int:
    """Child of a cold run: annotate the pickled documents with ``workers`` processes, as ingest would."""
    from syraq.model import Document
    from syraq.scale import annotate

    rows = [json.loads(line) for line in docs_path.read_text(encoding="utf-8").splitlines()]
    docs = [Document(text=r["text"], published=date.fromisoformat(r["published"]), source=r["source"]) for r in rows]
    n = sum(1 for _ in annotate(docs, workers=workers, batch_size=8))
    print(n)
    return 0


def cold_run(docs: list[Document], workers: int, tmp: Path) -> float:
    """Seconds for a fresh Python process to import syraq, load everything and annotate ``docs``."""
    path = tmp / "docs.jsonl"
    if not path.exists():
        rows = ({"text": d.text, "published": d.published.isoformat(), "source": d.source} for d in docs)
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    t = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - this script, run by this interpreter
        [sys.executable, str(Path(__file__).resolve()), "--cold-child", str(path), "--workers", str(workers)],
        capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - t
    if done.returncode != 0 or done.stdout.strip() != str(len(docs)):
        raise RuntimeError(f"cold run with {workers} workers failed: {done.stderr[-2000:]}")
    return seconds


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
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each configuration (median taken)")
    ap.add_argument("--max-other", type=float, default=0.15,
                    help="a timed round counts only if other programs used at most this many cores")
    ap.add_argument("--max-rounds", type=int, default=8, help="give up waiting for quiet rounds after this many")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-cold", action="store_true", help="skip the cold runs in fresh processes")
    ap.add_argument("--api-events", default="100000,1000000", help="store sizes for the API latency ('' to skip)")
    ap.add_argument("--cold-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.cold_child:
        return cold_child(args.cold_child, args.workers)

    from syraq.geo import load_gazetteer
    from syraq.nlp.stage import NlpStage
    from syraq.scale.workers import RunStats, cpu_count, run_parallel, worker_pipeline
    from syraq.store import Store
    from syraq.temporal import find_times

    out: dict = {
        "machine": {"cores": cpu_count(), "python": platform.python_version(), "load_at_start": _load()},
    }
    lgl, notes, described = load_texts(args.data, args.docs, args.notes)
    docs = make_docs(lgl, notes)
    texts = [d.text for d in docs]
    n, words = len(texts), _words(texts)
    out["texts"] = {"source": described, "documents": n, "words": words}
    print(f"bench: {described}; {n} documents, {words} words", file=sys.stderr)

    t = time.perf_counter()
    # the process's own pipeline (model, gazetteer, codebook, lexicons loaded and warmed): what
    # a one-process run uses, and what forked pool workers inherit
    pipeline = worker_pipeline(None)
    nlp = next(s for s in pipeline.stages if isinstance(s, NlpStage)).spacy
    gazetteer = load_gazetteer()
    out["startup_seconds_one_process"] = round(time.perf_counter() - t, 2)

    # bare spaCy, the pipeline in this process, and a 2-worker pool started inside the timed
    # run, in turn, until --repeat rounds ran with the machine to themselves: medians count
    result: dict[str, Any] = {}
    pool_stats: list[Any] = []

    def run_bare() -> None:
        for _ in nlp.pipe(texts, batch_size=32):
            pass

    def run_one() -> None:
        result["one"] = list(pipeline.pipe(copy.deepcopy(docs), batch_size=8))

    def run_two() -> None:
        stats = RunStats()
        result["two"] = list(run_parallel(copy.deepcopy(docs), workers=2, batch_size=8, stats=stats))
        pool_stats.append(stats)

    timed = quiet_rounds({"bare": run_bare, "one": run_one, "two": run_two}, args.repeat, args.max_other,
                         args.max_rounds)
    bare, full, par_s = (timed["seconds"][k] for k in ("bare", "one", "two"))
    annotated, par = result["one"], result["two"]
    for d in annotated:
        d.nlp = None
    out["machine"]["timed_rounds"] = {k: timed[k] for k in ("rounds", "quiet", "other_programs_cores")}
    n_events = sum(len(d.events) for d in annotated)
    out["spacy_bare"] = {"docs_per_s": _rate(n, bare), "words_per_s": _rate(words, bare)}
    out["pipeline_one_process"] = {
        "docs_per_s": _rate(n, full),
        "words_per_s": _rate(words, full),
        "events": n_events,
        "ratio_to_bare_spacy": round(bare / full, 3),
        "runs_seconds": timed["runs_seconds"]["one"],
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

    last = pool_stats[-1]
    startup = _median([st.startup_seconds for st in pool_stats])
    out["pipeline_workers_2"] = {
        "start_method": last.start_method,
        "docs_per_s": _rate(n, par_s),
        "speedup_over_one_process": round(full / par_s, 3),
        "scaling_efficiency": round((full / par_s) / 2, 3),
        "startup_seconds": round(startup, 3),
        "docs_per_s_without_startup": _rate(n, par_s - startup),
        "runs_seconds": timed["runs_seconds"]["two"],
        "same_events_as_one_process": _events(par) == _events(annotated),
        "memory": _memory(last),
    }
    print(f"bench: workers=2 {out['pipeline_workers_2']}", file=sys.stderr)

    # the fallback when fork is not allowed (other platforms, a parent with threads)
    stats = RunStats()
    watch, t = CpuWatch(), time.perf_counter()
    fs = list(run_parallel(copy.deepcopy(docs), workers=2, batch_size=8, method="forkserver", stats=stats))
    fs_s = time.perf_counter() - t
    fs_other = watch.other_cores()  # the forkserver's workers are not our children: counted as "other" here
    out["pipeline_workers_2_forkserver"] = {
        "docs_per_s": _rate(n, fs_s),
        "speedup_over_one_process": round(full / fs_s, 3),
        "first_result_seconds": round(stats.first_result_seconds or 0.0, 2),
        "same_events_as_one_process": _events(fs) == _events(annotated),
        "memory": _memory(stats),
        "other_programs_cores_upper_bound": fs_other,
    }
    print(f"bench: workers=2 forkserver {out['pipeline_workers_2_forkserver']}", file=sys.stderr)

    if not args.skip_cold:
        # a command line run: a fresh interpreter that imports syraq, loads the model and the
        # gazetteer, then annotates; 1 and 2 workers in turn
        with tempfile.TemporaryDirectory(prefix="syraq-bench-") as tmp:
            cold = quiet_rounds(
                {"1": lambda: cold_run(docs, 1, Path(tmp)), "2": lambda: cold_run(docs, 2, Path(tmp))},
                max(1, args.repeat - 1), args.max_other, args.max_rounds,
            )
        c1, c2 = cold["seconds"]["1"], cold["seconds"]["2"]
        out["cold_runs"] = {
            "one_process_seconds": round(c1, 2),
            "workers_2_seconds": round(c2, 2),
            "speedup_with_startup": round(c1 / c2, 3),
            "one_process_docs_per_s": _rate(n, c1),
            "workers_2_docs_per_s": _rate(n, c2),
            **{k: cold[k] for k in ("runs_seconds", "other_programs_cores", "rounds", "quiet")},
        }
        print(f"bench: cold runs {out['cold_runs']}", file=sys.stderr)

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
                dask_stats = RunStats()
                list(run_dask([copy.deepcopy(docs[0])], "local", client=client, batch_size=1, stats=dask_stats))
                startup = time.perf_counter() - t  # the cluster, the model in every worker, one document
                pids = list(client.run(os.getpid).values())
                dk_out: dict[str, list[Document]] = {}

                def run_dk() -> None:
                    dk_out["docs"] = list(run_dask(copy.deepcopy(docs), "local", client=client, batch_size=8,
                                                   stats=dask_stats))

                dk_timed = quiet_rounds({"dask": run_dk}, args.repeat, args.max_other, args.max_rounds, pids)
                runs = dk_timed["runs_seconds"]["dask"]
                dk = dk_out["docs"]
                dk_s = dk_timed["seconds"]["dask"]
                out["pipeline_dask_local_2"] = {
                    "docs_per_s_without_startup": _rate(n, dk_s),
                    "docs_per_s_with_startup": _rate(n, dk_s + startup),
                    "startup_seconds": round(startup, 2),
                    "speedup_over_one_process": round(full / dk_s, 3),
                    "scaling_efficiency_without_startup": round((full / dk_s) / 2, 3),
                    "ratio_to_workers_2": round(par_s / dk_s, 3),
                    "runs_seconds": runs,
                    **{k: dk_timed[k] for k in ("other_programs_cores", "rounds", "quiet")},
                    "same_events_as_one_process": _events(dk) == _events(annotated),
                    "memory": _memory(dask_stats),
                }
            print(f"bench: dask {out['pipeline_dask_local_2']}", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
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
    if args.api_events.strip():
        from syraq.api.bench import cached_sqlite, measure

        api: dict[str, Any] = {}
        for size in (int(x) for x in args.api_events.split(",") if x.strip()):
            path, built = cached_sqlite(size, HERE / ".cache")
            result = measure(f"sqlite:///{path}", requests=200 if size <= 100_000 else 100)
            api[str(size)] = {
                "events": result.events,
                "requests": result.requests,
                "p50_ms": round(result.p50_ms, 1),
                "p95_ms": round(result.p95_ms, 1),
                "max_ms": round(result.max_ms, 1),
                "store_built_seconds": round(built, 1),
                "file_mb": round(path.stat().st_size / 1e6, 1),
            }
            print(f"bench: API on {size} events: {api[str(size)]}", file=sys.stderr)
        out["api_latency_sqlite"] = {"page": 100, "query": "bbox + since + event_type", **api}

    out["peak_rss_mb_main_process"] = _rss_mb()
    out["machine"]["load_at_end"] = _load()
    text = json.dumps(out, indent=2)
    (HERE / "results.json").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
