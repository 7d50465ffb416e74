"""Coverage-guided fuzzing with atheris (libFuzzer) of the untrusted-input entry points.

    python tests/hardening/atheris_harness.py -runs=3000        # a bounded run (what the test does)
    python tests/hardening/atheris_harness.py -max_total_time=600 corpus/   # a longer campaign

The first byte picks the target: the transliteration key, the temporal resolver, or a file
read by iter_documents (text, HTML, feed or JSON Lines). Anything but a Document or a
catalogued InputError (other than E120, the uncatalogued-exception net) is a crash.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["syraq"]):
    from syraq.errors import InputError
    from syraq.geo.normalize import name_keys
    from syraq.ingest import iter_documents
    from syraq.model import Document
    from syraq.temporal import find_times

SCRATCH = Path(tempfile.mkdtemp(prefix="syraq-atheris-"))
SUFFIXES = [".txt", ".html", ".xml", ".jsonl"]


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    target = fdp.ConsumeIntInRange(0, 2)
    if target == 0:
        full, bare = name_keys(fdp.ConsumeUnicodeNoSurrogates(64))
        if (full == "") != (bare == ""):
            raise AssertionError((full, bare))
    elif target == 1:
        published = None if fdp.ConsumeBool() else date(1990, 1, 1) + timedelta(days=fdp.ConsumeIntInRange(0, 20000))
        for te in find_times(fdp.ConsumeUnicodeNoSurrogates(400), published):
            if te.start > te.end:
                raise AssertionError(te)
    else:
        path = SCRATCH / f"input{SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]}"
        path.write_bytes(fdp.ConsumeBytes(4000))
        for item in iter_documents([str(path)], max_bytes=100_000):
            if isinstance(item, InputError):
                if item.code == "E120":
                    raise AssertionError(item.message)
            elif not isinstance(item, Document):
                raise AssertionError(item)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
