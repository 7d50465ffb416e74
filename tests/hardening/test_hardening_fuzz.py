"""Property-based fuzzing of the entry points that read untrusted input.

Each property states what must hold for *any* input: ingest yields Documents or
catalogued InputErrors (never E120, the "unexpected error" safety net, which would
mean an uncatalogued exception escaped a reader); the temporal resolver returns
well-formed ranges; the transliteration keys are total and stable; the HTTP API
answers every query string with a non-5xx status and the one JSON error shape.
Every example has a deadline, so a hang or a catastrophic regex fails the test.
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.parse
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syraq.errors import InputError
from syraq.geo.normalize import name_key, name_keys, surface
from syraq.ingest import iter_documents
from syraq.model import Document
from syraq.temporal import find_times

#: SYRAQ_FUZZ_EXAMPLES=5000 runs a long random campaign; CI runs a short reproducible one
_CAMPAIGN = int(os.environ.get("SYRAQ_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=_CAMPAIGN or 60,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=not _CAMPAIGN,  # CI failures must be reproducible
    database=None,
)

# --- shared vocabularies: random text that still reaches the interesting code paths ------

REPORT_WORDS = [
    "Syrian", "army", "forces", "shelled", "the", "town", "of", "al-Bab", "Raqqa", "on", "Sunday",
    "killing", "three", "civilians", "clashes", "near", "Deir ez-Zor", "Islamic", "State", "fighters",
    "seized", "village", "monitor", "said", "airstrike", "hit", "market", "in", "Idlib", "province",
    "SDF", "withdrew", "from", "checkpoint", "\n\n", ".", ",", "'", '"', "–", "…",
]
TIME_WORDS = [
    "Monday", "last", "next", "week", "month", "year", "ago", "two", "days", "early", "mid", "late",
    "January", "February", "March", "2017", "2018", "1999", "3000", "0", "31", "29", "30", "1/2/2018",
    "2018-02-30", "13/13/2018", "Feb.", "the", "previous", "following", "day", "since", "until", "between",
    "and", "-", "summer", "winter", "Q3", "1990s", "on", "in", "of", "yesterday", "today", "tomorrow",
    "earlier", "this", "that", "same", "after", "before", "hours", "decades", "999999", "weeks",
]


def _words(vocab: list[str]) -> st.SearchStrategy[str]:
    token = st.one_of(st.sampled_from(vocab), st.text(min_size=1, max_size=8))
    return st.lists(token, max_size=80).map(" ".join)


report_text = st.one_of(st.text(max_size=2000), _words(REPORT_WORDS))


def _jsonl_line() -> st.SearchStrategy[str]:
    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40))
    value = st.recursive(scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
    record = st.fixed_dictionaries(
        {},
        optional={
            "text": st.one_of(report_text, value),
            "published": st.one_of(st.dates().map(date.isoformat), st.text(max_size=25), value),
            "url": st.one_of(st.text(max_size=60), value),
            "title": value,
            "source": value,
            "id": value,
            "extra": value,
        },
    )
    as_json = record.map(lambda obj: json.dumps(obj, ensure_ascii=False, allow_nan=True))
    return st.one_of(as_json, value.map(json.dumps), st.text(max_size=200))


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="syraq-fuzz-") as folder:
        yield Path(folder)


def _ingest_one(path: Path, data: bytes) -> list[Document | InputError]:
    path.write_bytes(data)
    items = list(iter_documents([str(path)], max_bytes=200_000))
    assert items, "every input yields at least one Document or error"
    for item in items:
        assert isinstance(item, Document | InputError), item
        if isinstance(item, InputError):
            assert item.code != "E120", f"uncatalogued exception escaped a reader: {item.message}"
            assert item.code in {f"E{n}" for n in range(100, 200)}, item.code
        else:
            assert item.text.strip() and item.language == "en"
            assert item.id
    return items


SUFFIXES = [".txt", ".md", ".html", ".xml", ".rss", ".atom", ".jsonl", ".json", ".csv", ""]


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(SUFFIXES))
def test_ingest_random_bytes(scratch: Path, data: bytes, suffix: str) -> None:
    _ingest_one(scratch / f"random{suffix}", data)


@FUZZ
@given(
    text=report_text,
    encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1256", "utf-8-sig"]),
    suffix=st.sampled_from(SUFFIXES),
)
def test_ingest_random_text(scratch: Path, text: str, encoding: str, suffix: str) -> None:
    data = text.encode(encoding, errors="replace")
    _ingest_one(scratch / f"text{suffix}", data)


MARKUP = st.lists(
    st.sampled_from([
        "<html>", "<head>", "<title>", "</title>", "<meta property='article:published_time' content='2018-02-3'>",
        "<meta charset='x-unknown'>", "<body>", "<p>", "</p>", "<script>", "</script>", "<rss version='2.0'>",
        "<channel>", "<item>", "<link>", "</link>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>",
        "<description>", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;", "<?xml version='1.0'?>",
        "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>]>", "&a;", "<pubDate>", "Sun, 99 Feb 2018", "</pubDate>",
    ]) | _words(REPORT_WORDS),
    max_size=40,
).map("".join)


@pytest.mark.parametrize("ref", [b"&#xD800;", b"&#55296;", b"&#x110000;", b"&#0;", b"&#99999999999999999999;"])
def test_feed_with_impossible_character_reference(scratch: Path, ref: bytes) -> None:
    """Found by fuzzing: feedparser's loose parser raised UnicodeEncodeError on ``&#xD800;`` (E120)."""
    (err,) = _ingest_one(scratch / "broken.xml", b"<rss version='2.0'><html>" + ref)
    assert isinstance(err, InputError) and err.code in ("E116", "E105")
    item = (
        b"<rss version='2.0'><channel><title>Wire</title><item><title>Clashes</title><description>"
        + b" ".join([b"Clashes were reported near the town of Saraqib" + ref + b" on Monday."] * 12)
        + b"</description></item></channel></rss>"
    )
    (doc,) = _ingest_one(scratch / "item.xml", item)
    assert isinstance(doc, Document) and "Saraqib" in doc.text


@FUZZ
@given(markup=MARKUP, suffix=st.sampled_from([".html", ".xml", ".rss", ".txt"]))
def test_ingest_random_markup(scratch: Path, markup: str, suffix: str) -> None:
    _ingest_one(scratch / f"page{suffix}", markup.encode("utf-8"))


@FUZZ
@given(lines=st.lists(_jsonl_line(), min_size=0, max_size=6), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_ingest_random_jsonl(scratch: Path, lines: list[str], newline: str) -> None:
    data = newline.join(lines).encode("utf-8", errors="surrogatepass")
    items = _ingest_one(scratch / "records.jsonl", data)
    non_blank = sum(1 for line in data.split(b"\n") if line.strip())  # only LF ends a JSON Lines record
    assert len(items) == max(non_blank, 1)  # one Document or one error per record, nothing dropped


# --- temporal ----------------------------------------------------------------------------

time_text = st.one_of(st.text(max_size=600), _words(TIME_WORDS))


@FUZZ
@given(text=time_text, published=st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))))
def test_find_times_ranges_are_well_formed(text: str, published: date | None) -> None:
    found = find_times(text, published)
    for te in found:
        assert te.start <= te.end
        assert 0 <= te.span.start < te.span.end <= len(text)
        assert te.span.text(text).strip(), "a time expression covers some text"
    assert [te.span.start for te in found] == sorted(te.span.start for te in found)


@FUZZ
@given(
    text=_words(TIME_WORDS),
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
)
def test_past_tense_relative_days_never_pass_the_publication_date(text: str, published: date) -> None:
    """'yesterday', 'last Monday', 'two days ago' resolved against the publication date never land after it."""
    for phrase in ("yesterday", "last Monday", "two days ago", "last week"):
        sentence = f"Clashes erupted {phrase}. {text}"
        for te in find_times(sentence, published):
            if te.span.start < len("Clashes erupted ") + len(phrase) and te.anchor == "publication":
                assert te.end <= published, (phrase, te)


# --- transliteration keys ------------------------------------------------------------------

place_names = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(categories=["Lu", "Ll", "Mn", "Pd", "Zs", "Lo"]), max_size=30),
    st.lists(st.sampled_from(["al", "Al-", "el", "ad-", "Abu", "Deir", "ez-", "Zor", "Raqqah", "Qamishli", "الرقة", "Ḥimṣ", "ʿ", "'", "-"]), max_size=6).map(" ".join),
)


@FUZZ
@given(name=place_names)
def test_name_key_is_total_and_stable(name: str) -> None:
    full, bare = name_keys(name)
    assert isinstance(full, str) and isinstance(bare, str)
    assert name_key(name) == full
    assert " " not in full and full == full.lower()
    assert (full == "") == (bare == "")
    assert surface(surface(name)) == surface(name)  # light normalisation is idempotent
    assert name_key(surface(name)) == full  # the key does not depend on case, marks or spacing
    assert name_key(name.upper()) == name_key(name.lower()) or not name.isascii()


# --- API filters -----------------------------------------------------------------------------

PARAMS = ["bbox", "since", "until", "event_type", "sub_event_type", "actor", "place", "country", "admin1", "q",
          "review_status", "min_confidence", "limit", "cursor", "junk"]
param_value = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["35.5,32.3,42.4,37.4", "1,2,3", "nan,nan,nan,nan", "inf,0,0,0", "-181,0,0,91", "2018-02-30",
                     "2018-02-15", "0", "-1", "1e309", "Battles", "battles", "%", "_", "' OR 1=1 --", "\x00"]),
)


@pytest.fixture(scope="module")
def api_client() -> Iterator[object]:
    from fastapi.testclient import TestClient

    from syraq.api import create_app

    with tempfile.TemporaryDirectory(prefix="syraq-fuzz-api-") as folder:
        app = create_app(f"sqlite:///{folder}/empty.db", static_dir=False)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client


@FUZZ
@given(query=st.lists(st.tuples(st.sampled_from(PARAMS), param_value), max_size=6))
def test_api_event_filters_never_fail(api_client, query: list[tuple[str, str]]) -> None:
    qs = urllib.parse.urlencode(query, encoding="utf-8", errors="surrogatepass")
    response = api_client.get(f"/api/events?{qs}")
    assert response.status_code < 500, (qs, response.text)
    body = response.json()
    if response.status_code >= 400:
        assert response.status_code in (400, 422), (qs, response.status_code)
        assert body["ok"] is False and body["status"] == response.status_code
        assert body["code"].startswith("E") and isinstance(body["error"], str) and body["error"]
        assert isinstance(body["errors"], list)
    else:
        assert body["items"] == [] and body["next_cursor"] is None


@FUZZ
@given(raw=st.binary(max_size=200))
def test_api_raw_query_bytes_never_fail(api_client, raw: bytes) -> None:
    """Percent-encoded garbage, invalid UTF-8 and stray separators in the query string."""
    qs = urllib.parse.quote_from_bytes(raw, safe="=&%+")
    response = api_client.get(f"/api/events?{qs}")
    assert response.status_code < 500, (qs, response.text)
    if response.status_code >= 400:
        assert set(response.json()) >= {"ok", "error", "code", "errors", "status"}
