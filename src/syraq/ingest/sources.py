"""Sources to :class:`~syraq.model.Document` objects: files, folders, globs, JSON Lines, feeds, URLs.

:func:`iter_documents` yields one Document per report, or the catalogued
:class:`~syraq.errors.InputError` of an input that failed, and goes on with the rest.

Document fields:

* ``text``: normalised (:func:`syraq.ingest.text.normalise`); ``id``: its content hash;
* ``url``: the URL given; for files their ``file://`` URI; a JSON Lines record's "url",
  else the file URI with ``#line=N``; a feed item's link;
* ``source``: the outlet: the HTML site name, the feed title, the JSON Lines "source",
  else the URL's host;
* ``published``: from the report's metadata (HTML meta, feed item date, JSON Lines
  "published", a standalone date line at the top of a plain-text file); else the
  ``published`` argument; else None. ``meta["published_from"]`` says which;
* ``language``: "en" (other languages are refused with E117);
* ``meta``: ``input`` (the path or URL), ``fetched_at``, ``content_type``, ``extraction``
  (plain, trafilatura, jsonl, feed-content, feed-summary), ``encoding`` and details.

JSON Lines files are streamed, so the size cap applies to each line, not to the file.
"""

from __future__ import annotations

import glob
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from .. import config
from ..errors import ConfigError, InputError, SyraqError
from ..model import Document, content_id
from .fetch import FEED_TYPES, HTML_TYPES, TEXT_TYPES, Fetched, Fetcher
from .html import declared_charset, extract_page, fragment_to_text, looks_like_feed, looks_like_html
from .language import check_language
from .text import bytes_to_text, check_text, find_dateline, find_title, normalise, sniff_binary

if TYPE_CHECKING:
    import httpx

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
#: files a folder walk picks up (an explicit path or glob match is read whatever its name)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES

#: a feed item's ``content`` with at least this many words is taken as the article itself
FEED_CONTENT_MIN_WORDS = 40
#: a feed item's ``summary`` is taken as the article only when this long and not cut off
FEED_SUMMARY_MIN_WORDS = 100
_CUT_OFF = ("…", "...", "[…]", "[...]", "read more", "continue reading")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class _Options:
    published: date | None
    max_bytes: int


def _setting_float(name: str, value: float | None) -> float:
    raw = config.get(name, None if value is None else str(value))
    try:
        number = float(raw)
    except ValueError:
        raise ConfigError("E002", name=name, value=raw, reason="expected a number of seconds") from None
    if number <= 0:
        raise ConfigError("E002", name=name, value=raw, reason="must be positive")
    return number


def iter_documents(
    sources: Sequence[str],
    *,
    published: date | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
    allow_private: bool = False,
    client: httpx.Client | None = None,
) -> Iterator[Document | InputError]:
    """Yield a Document per report in ``sources``, or the InputError of an input that failed.

    ``published`` dates reports whose metadata has no date. ``max_bytes``, ``timeout``
    default to the settings of :mod:`syraq.config` (as does the redirect limit).
    URLs on private, loopback or link-local addresses are refused (E115) unless
    ``allow_private``. ``client`` is an httpx client to use for every fetch (it must not
    follow redirects by itself; each hop is checked here). Bad settings raise ConfigError.
    """
    if isinstance(sources, str):
        sources = [sources]
    opts = _Options(published=published, max_bytes=config.get_int("max_bytes", max_bytes))
    fetcher = Fetcher(
        max_bytes=opts.max_bytes,
        timeout=_setting_float("timeout", timeout),
        max_redirects=config.get_int("max_redirects"),
        allow_private=allow_private,
        client=client,
    )
    try:
        for source in sources:
            yield from _guarded(_iter_source(str(source), opts, fetcher), str(source))
    finally:
        fetcher.close()


def _guarded(items: Iterator[Document | InputError], source: str) -> Iterator[Document | InputError]:
    """Turn anything uncatalogued that escapes one source into E120, so the batch goes on."""
    try:
        yield from items
    except InputError as err:
        yield err
    except SyraqError:
        raise
    except (MemoryError, RecursionError) as exc:
        yield InputError("E120", source=source, reason=type(exc).__name__)
    except Exception as exc:  # the safety net of a batch tool: one bad input never stops the rest
        yield InputError("E120", source=source, reason=f"{type(exc).__name__}: {exc}")


# --- dispatch ----------------------------------------------------------------------------


def _is_url(source: str) -> bool:
    return "://" in source[:12] or source.lower().startswith(("http:", "https:"))


def _iter_source(source: str, opts: _Options, fetcher: Fetcher) -> Iterator[Document | InputError]:
    if _is_url(source):
        scheme = source.split(":", 1)[0].lower()
        if scheme == "file":
            path = Path(urlsplit(source).path)
            yield from _iter_path(path, source, opts, fetcher)
            return
        if scheme not in ("http", "https"):
            yield InputError("E118", source=source)
            return
        yield from _iter_url(source, opts, fetcher)
        return
    path = Path(source).expanduser()
    if path.exists():
        yield from _iter_path(path, source, opts, fetcher)
        return
    if _GLOB_CHARS & set(source):
        pattern = str(Path(source).expanduser())
        matches = sorted(glob.glob(pattern, recursive=True))  # noqa: PTH207 - Path.glob takes no absolute patterns
        if not matches:
            yield InputError("E100", source=source)
            return
        for match in matches:
            yield from _guarded(_iter_path(Path(match), match, opts, fetcher), match)
        return
    yield InputError("E100", source=source)


def _iter_path(path: Path, label: str, opts: _Options, fetcher: Fetcher) -> Iterator[Document | InputError]:
    if path.is_dir():
        files = sorted(
            (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
             and not any(part.startswith(".") for part in p.relative_to(path).parts)),
            key=lambda p: p.relative_to(path).as_posix(),
        )
        if not files:
            yield InputError("E108", source=label, reason="the folder holds no .txt, .html, .jsonl or feed files")
            return
        for file in files:
            yield from _guarded(_iter_file(file, str(file), opts, fetcher), str(file))
        return
    if not path.exists():
        yield InputError("E100", source=label)
        return
    if not path.is_file():
        yield InputError("E108", source=label, reason="not a regular file")
        return
    yield from _iter_file(path, label, opts, fetcher)


# --- files -------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iter_file(path: Path, label: str, opts: _Options, fetcher: Fetcher) -> Iterator[Document | InputError]:
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield InputError("E119", source=label, reason=exc.strerror or str(exc))
        return
    if suffix in JSONL_SUFFIXES:
        yield from _iter_jsonl(path, label, opts)
        return
    if suffix == ".json":
        yield InputError("E108", source=label, reason="a JSON file; give JSON Lines (.jsonl), one report per line")
        return
    if size > opts.max_bytes:
        yield InputError("E101", source=label, size=size, cap=opts.max_bytes)
        return
    if size == 0:
        yield InputError("E102", source=label)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError("E119", source=label, reason=exc.strerror or str(exc))
        return
    why = sniff_binary(data)
    if why:
        yield InputError("E103", source=label, reason=why)
        return
    uri = path.resolve().as_uri()
    meta: dict[str, Any] = {"input": str(path), "fetched_at": _now()}
    if suffix in FEED_SUFFIXES or (suffix not in HTML_SUFFIXES and looks_like_feed(data)):
        if not looks_like_feed(data):
            if suffix == ".xml" and looks_like_html(data):
                yield _html_document(data, label, uri, None, opts, {**meta, "content_type": "text/html"})
                return
            kind = "an XML file that is not RSS or Atom" if suffix == ".xml" else "no <rss> or <feed> element"
            yield InputError("E116" if suffix != ".xml" else "E108", source=label, reason=kind)
            return
        yield from _iter_feed(data, label, None, opts, fetcher, {**meta, "content_type": "application/xml"}, base=uri)
        return
    if suffix in HTML_SUFFIXES or looks_like_html(data):
        yield _html_document(data, label, uri, None, opts, {**meta, "content_type": "text/html"})
        return
    yield _text_document(data, label, uri, None, opts, {**meta, "content_type": "text/plain"})


def _build(
    text: str,
    label: str,
    opts: _Options,
    *,
    url: str,
    outlet: str,
    title: str,
    published: date | None,
    published_from: str,
    meta: dict[str, Any],
) -> Document:
    """Normalise, check the language, date the document; E102/E117 on failure."""
    text = normalise(text)
    check_text(text, label)
    lang = check_language(text)
    if not lang.is_english:
        raise InputError("E117", source=label, language=lang.language or "unknown")
    meta = {**meta, "language_check": lang.reason}
    if published is not None:
        meta["published_from"] = published_from
    elif opts.published is not None:
        published = opts.published
        meta["published_from"] = "argument"
    else:
        meta["published_from"] = None
    return Document(
        text=text,
        id=content_id(text),
        url=url,
        source=outlet,
        title=" ".join(title.split()),
        published=published,
        language="en",
        meta=meta,
    )


def _text_document(
    data: bytes, label: str, url: str, outlet: str | None, opts: _Options, meta: dict[str, Any]
) -> Document | InputError:
    try:
        raw, encoding = bytes_to_text(data, label, meta.pop("charset", None))
        text = normalise(raw)
        dated, found = find_dateline(text)
        extra: dict[str, Any] = {"extraction": "plain", "encoding": encoding}
        if len(found) > 1:
            extra["dateline_candidates"] = [d.isoformat() for d in found]
        title = find_title(text)
        if title:
            extra["title_from"] = "first-line"
        return _build(
            text, label, opts, url=url, outlet=outlet or "", title=title,
            published=dated, published_from="dateline", meta={**meta, **extra},
        )
    except InputError as err:
        return err


def _html_document(
    data: bytes, label: str, url: str, page_url: str | None, opts: _Options, meta: dict[str, Any], outlet: str = ""
) -> Document | InputError:
    try:
        header_charset = meta.pop("charset", None)
        html, encoding = bytes_to_text(data, label, header_charset or declared_charset(data))
        page = extract_page(html, label, page_url)
        extra: dict[str, Any] = {"extraction": "trafilatura", "encoding": encoding}
        if page.raw_date:
            extra["metadata_date"] = page.raw_date
        return _build(
            page.text, label, opts, url=url, outlet=page.site_name or outlet, title=page.title,
            published=page.published, published_from="metadata", meta={**meta, **extra},
        )
    except InputError as err:
        if err.code == "E102":  # markup without words
            return InputError("E105", source=label, reason="the page has no text")
        return err


# --- JSON Lines ----------------------------------------------------------------------------


def _parse_iso(value: str) -> date:
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return date.fromisoformat(value.strip())


def _iter_jsonl(path: Path, label: str, opts: _Options) -> Iterator[Document | InputError]:
    uri = path.resolve().as_uri()
    records = 0
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError("E119", source=label, reason=exc.strerror or str(exc))
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            records += 1
            if len(raw) > opts.max_bytes:
                yield InputError("E101", source=f"{label}, line {number}", size=len(raw), cap=opts.max_bytes)
                continue
            item = _jsonl_record(raw, number, label, uri, path, opts)
            yield item
    if records == 0:
        yield InputError("E102", source=label)


def _jsonl_record(raw: bytes, number: int, label: str, uri: str, path: Path, opts: _Options) -> Document | InputError:
    where = f"{label}, line {number}"
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return InputError("E104", source=where, reason=f"JSON Lines must be UTF-8: {exc.reason}")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError("E106", source=label, line=number, reason=f"{exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        reason = f"the line is a JSON {type(obj).__name__}, not an object"
        return InputError("E107", source=label, line=number, reason=reason)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError("E107", source=label, line=number, reason='"text" is missing or empty')
    for key in ("url", "title", "source", "id", "published"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str | int):
            return InputError("E107", source=label, line=number, reason=f'"{key}" must be a string')
    published: date | None = None
    raw_date = obj.get("published")
    if raw_date not in (None, ""):
        try:
            published = _parse_iso(str(raw_date))
        except ValueError:
            return InputError("E109", source=where, value=raw_date)
    meta: dict[str, Any] = {
        "input": str(path),
        "line": number,
        "fetched_at": _now(),
        "content_type": "application/jsonl",
        "extraction": "jsonl",
    }
    if obj.get("id") not in (None, ""):
        meta["external_id"] = str(obj["id"])
    extra = {k: v for k, v in obj.items() if k not in ("id", "text", "url", "title", "published", "source")}
    if extra:
        meta["fields"] = extra
    try:
        return _build(
            text, where, opts,
            url=str(obj.get("url") or f"{uri}#line={number}"),
            outlet=str(obj.get("source") or _host(str(obj.get("url") or ""))),
            title=str(obj.get("title") or ""),
            published=published, published_from="metadata", meta=meta,
        )
    except InputError as err:
        return err


# --- URLs and feeds ------------------------------------------------------------------------


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def _fetched_meta(fetched: Fetched) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "input": fetched.requested,
        "final_url": fetched.url,
        "fetched_at": fetched.fetched_at,
        "content_type": fetched.content_type,
        "status": fetched.status,
    }
    if fetched.redirects:
        meta["redirects"] = fetched.redirects
    if fetched.charset:
        meta["charset"] = fetched.charset
    return meta


def _kind(fetched: Fetched) -> str:
    ctype, body = fetched.content_type, fetched.body
    if ctype in HTML_TYPES:
        return "html"
    if ctype in TEXT_TYPES:
        return "text"
    if looks_like_feed(body):
        return "feed"
    if looks_like_html(body):
        return "html"
    if ctype in FEED_TYPES or ctype.endswith("+xml"):
        return "feed"
    return "text"


def _iter_url(source: str, opts: _Options, fetcher: Fetcher) -> Iterator[Document | InputError]:
    try:
        fetched = fetcher.fetch(source)
    except InputError as err:
        yield err
        return
    meta = _fetched_meta(fetched)
    kind = _kind(fetched)
    if kind == "feed":
        meta.pop("charset", None)
        yield from _iter_feed(fetched.body, source, fetched.url, opts, fetcher, meta, base=fetched.url)
    elif kind == "html":
        yield _html_document(fetched.body, source, source, fetched.url, opts, meta, outlet=_host(fetched.url))
    else:
        yield _text_document(fetched.body, source, source, _host(fetched.url), opts, meta)


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def _entry_body(entry: Any) -> tuple[str, str]:
    """``(text, how)``: the item's own article text when it carries one, else ``("", "")``."""
    content = "\n".join(c.get("value", "") for c in entry.get("content", []) if c.get("value"))
    content_text = fragment_to_text(content) if content else ""
    if len(content_text.split()) >= FEED_CONTENT_MIN_WORDS:
        return content_text, "feed-content"
    summary_text = fragment_to_text(entry.get("summary", "") or "")
    if len(summary_text.split()) >= FEED_SUMMARY_MIN_WORDS and not summary_text.lower().rstrip().endswith(_CUT_OFF):
        return summary_text, "feed-summary"
    return "", ""


#: numeric character references; feedparser's loose parser crashes on surrogates and out-of-range ones
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));?")


def _safe_charref(m: re.Match[bytes]) -> bytes:
    """A reference to a code point no text can hold (NUL, a surrogate, past U+10FFFF) becomes U+FFFD."""
    number = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if number == 0 or 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        return b"&#xFFFD;"
    return m.group(0)


def _iter_feed(
    data: bytes,
    label: str,
    feed_url: str | None,
    opts: _Options,
    fetcher: Fetcher,
    meta: dict[str, Any],
    base: str = "",
) -> Iterator[Document | InputError]:
    """Documents of a feed's items. ``feed_url``: where it was fetched from; ``base``: its URL or file URI."""
    import feedparser

    headers = {"content-location": feed_url} if feed_url else None
    try:
        parsed = feedparser.parse(io.BytesIO(_CHARREF.sub(_safe_charref, data)), response_headers=headers)
    except (UnicodeError, ValueError, OverflowError) as exc:  # feedparser's loose parser on broken markup
        yield InputError("E116", source=label, reason=f"{type(exc).__name__}: {exc}")
        return
    if not parsed.entries:
        if parsed.get("bozo") or not parsed.get("version"):
            reason = str(parsed.get("bozo_exception") or "no RSS or Atom element")
            yield InputError("E116", source=label, reason=" ".join(reason.split()))
        else:
            yield InputError("E105", source=label, reason="the feed has no items")
        return
    outlet = str(parsed.feed.get("title") or "") or (_host(feed_url) if feed_url else "")
    for index, entry in enumerate(parsed.entries, start=1):
        item_label = f"{label} item {index}"
        link = str(entry.get("link") or "")
        if link and feed_url:
            link = urljoin(feed_url, link)
        if not link.lower().startswith(("http://", "https://")):
            link = ""  # an Atom id such as urn:... is no address to fetch
        item_meta = {**meta, "feed": label, "feed_item": index}
        if entry.get("id"):
            item_meta["feed_item_id"] = str(entry["id"])
        item_date = _entry_date(entry)
        title = str(entry.get("title") or "")
        text, how = _entry_body(entry)
        if not text and not link:
            # no article to fetch: the item's own text is all there is
            text = fragment_to_text(str(entry.get("summary") or "")) or fragment_to_text(
                "\n".join(c.get("value", "") for c in entry.get("content", []))
            )
            how = "feed-summary"
            if not text:
                yield InputError("E105", source=item_label, reason="the feed item has no text and no link")
                continue
        if text:
            try:
                yield _build(
                    text, item_label, opts, url=link or f"{base or feed_url or label}#item-{index}", outlet=outlet,
                    title=title, published=item_date, published_from="feed", meta={**item_meta, "extraction": how},
                )
            except InputError as err:
                yield err
            continue
        yield from _iter_feed_link(link, title, outlet, item_date, opts, fetcher, item_meta)


def _iter_feed_link(
    link: str,
    title: str,
    outlet: str,
    item_date: date | None,
    opts: _Options,
    fetcher: Fetcher,
    item_meta: dict[str, Any],
) -> Iterator[Document | InputError]:
    """Fetch the page a feed item links to; the item's title, date and feed outlet win over the page's."""
    try:
        fetched = fetcher.fetch(link)
    except InputError as err:
        yield err
        return
    meta = {**item_meta, **_fetched_meta(fetched), "input": link}
    kind = _kind(fetched)
    if kind == "feed":
        yield InputError("E108", source=link, reason="a feed item links to another feed")
        return
    if kind == "html":
        doc = _html_document(fetched.body, link, link, fetched.url, opts, meta, outlet=outlet)
    else:
        doc = _text_document(fetched.body, link, link, outlet, opts, meta)
    if isinstance(doc, Document):
        doc.source = outlet or doc.source
        doc.title = " ".join(title.split()) or doc.title
        if item_date is not None:
            doc.published = item_date
            doc.meta["published_from"] = "feed"
    yield doc
