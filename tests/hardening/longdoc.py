"""Run the full pipeline on one generated long report and print JSON figures (used by test_hardening_long.py).

Usage: python longdoc.py CHARS [DB_URL]. Prints {"chars", "seconds", "stages", "peak_rss_mb", "events", ...}.
Peak RSS is the process's own maximum resident set (ru_maxrss), model and gazetteer included.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from hardkit import report


def long_text(chars: int) -> str:
    """Report-like paragraphs (a dated section heading every ten reports) up to ``chars`` characters."""
    parts: list[str] = []
    size, i = 0, 0
    while size < chars:
        if i % 10 == 0:
            heading = f"Section {i // 10 + 1}: events of the week"
            parts.append(heading)
            size += len(heading) + 2
        body = report(i, paragraphs=2).strip()
        parts.append(body)
        size += len(body) + 2
        i += 1
    return "\n\n".join(parts)[:chars]


def main() -> None:
    chars = int(sys.argv[1])
    db_url = sys.argv[2] if len(sys.argv) > 2 else None
    from syraq.build import default_pipeline
    from syraq.model import Document, content_id

    pipeline = default_pipeline()
    warm = Document(text=report(0), id="warm", published=date(2018, 3, 12), language="en")
    pipeline(warm)  # load the model and gazetteer outside the timing
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = long_text(chars)
    doc = Document(text=text, id=content_id(text), published=date(2018, 3, 12), language="en", title="Long report")
    started = time.perf_counter()
    stages: dict[str, float] = {}
    for stage in pipeline.stages:
        t0 = time.perf_counter()
        doc = stage(doc)
        stages[stage.name] = round(time.perf_counter() - t0, 2)
    seconds = time.perf_counter() - started
    saved = None
    if db_url:
        from syraq.store import Store

        t0 = time.perf_counter()
        with Store(db_url) as store:
            saved = store.save_document(doc).events
        stages["store"] = round(time.perf_counter() - t0, 2)
    print(json.dumps({
        "chars": len(text),
        "words": len(text.split()),
        "seconds": round(seconds, 2),
        "stages": stages,
        "warm_rss_mb": round(base_rss),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "sentences": len(doc.sentences),
        "places": len(doc.places),
        "times": len(doc.times),
        "events": len(doc.events),
        "saved_events": saved,
    }))


if __name__ == "__main__":
    main()
