"""Bytes to normalised text: binary sniffing, decoding, normalisation, datelines and titles.

Decoding policy (E104 when all fail), in this order:

1. a byte-order mark: UTF-8 (``utf-8-sig``), UTF-32 or UTF-16 with BOM;
2. strict UTF-8;
3. the declared charset, when there is one (an HTTP ``charset=`` or an HTML ``<meta charset>``);
4. Windows-1252 (a superset of Latin-1 for printable text), but only when it decodes
   without an undefined byte *and* the result looks like Western text: at most 10%
   of the characters are non-ASCII, and every non-ASCII character is a Latin letter,
   a space or common typographic punctuation. English reports saved on Windows pass;
   a Cyrillic or Arabic legacy encoding (cp1251, cp1256) read as cp1252 becomes a
   soup of accented letters and is refused rather than stored as mojibake.
"""

from __future__ import annotations

import codecs
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from ..errors import InputError

#: file signatures of formats that are certainly not text reports
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/ODT)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (DOC/XLS)"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an audio/video file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"RIFF", "a RIFF media file (WAV/AVI/WEBP)"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: share of control characters above which decoded text is treated as binary
MAX_CONTROL_SHARE = 0.02
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
#: typographic characters a Western text in cp1252 may contain
_CP1252_OK = frozenset("\u00a0«»‘’‚“”„–—…•·°§©®™€£¥¢×÷±¶†‡‰′″¹²³¼½¾¡¿ªº")


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def sniff_binary(data: bytes) -> str | None:
    """Why ``data`` is binary, or None when it may be text (checked before decoding)."""
    head = data[:64]
    for magic, what in MAGIC:
        if head.startswith(magic):
            return what
    if bom_encoding(data) in ("utf-16", "utf-32"):
        return None  # UTF-16/32 text is full of NUL bytes
    if b"\x00" in data[:65536]:
        return "it contains NUL bytes"
    return None


def _looks_western(text: str) -> bool:
    if not text:
        return True
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if len(non_ascii) > 0.10 * len(text):
        return False
    for ch in non_ascii:
        if ch in _CP1252_OK:
            continue
        if unicodedata.category(ch).startswith("L") and "LATIN" in unicodedata.name(ch, ""):
            continue
        return False
    return True


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding used)``. Raises E104 when no rule fits."""
    tried: list[str] = []
    bom = bom_encoding(data)
    if bom:
        try:
            return data.decode(bom), bom
        except UnicodeDecodeError as exc:
            reason = f"it starts with a {bom} byte-order mark but {exc.reason}"
            raise InputError("E104", source=source, reason=reason) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        tried.append(f"utf-8: {exc.reason} at byte {exc.start}")
    codec = _known_codec(declared)
    if codec and codec != "utf-8":
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            tried.append(f"declared {declared}: {exc.reason}")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        tried.append(f"cp1252: {exc.reason}")
    else:
        if _looks_western(text):
            return text, "cp1252"
        tried.append("cp1252 gives non-Western characters")
    raise InputError("E104", source=source, reason="; ".join(tried))


def control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:65536]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    return controls / len(sample)


def check_text(text: str, source: str) -> None:
    """E102 for blank text, E103 for text full of control characters."""
    if not text.strip():
        raise InputError("E102", source=source)
    share = control_share(text)
    if share > MAX_CONTROL_SHARE:
        raise InputError("E103", source=source, reason=f"{share:.0%} control characters")


def bytes_to_text(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Sniff, decode and check raw bytes: ``(text, encoding)``, or E102/E103/E104."""
    if not data.strip():
        raise InputError("E102", source=source)
    why = sniff_binary(data)
    if why:
        raise InputError("E103", source=source, reason=why)
    text, encoding = decode(data, source, declared)
    check_text(text, source)
    return text, encoding


_BLANK_RUN = re.compile(r"\n{4,}")


def normalise(text: str) -> str:
    """NFC, line endings to ``\\n``, trailing spaces per line stripped, 3+ blank lines to 2.

    Leading and trailing blank lines of the whole text are dropped; nothing else
    changes, so offsets into the result mean what a reader sees.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.lstrip("\ufeff")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _BLANK_RUN.sub("\n\n\n", text)
    return text.strip("\n")


# --- datelines and titles of plain text -------------------------------------------------


@dataclass(frozen=True)
class _DatelineRules:
    scan_lines: int
    min_year: int
    months: dict[str, int]
    line: re.Pattern[str]
    title: dict[str, int]


@cache
def _rules() -> _DatelineRules:
    path = resources.files("syraq").joinpath("data", "ingest", "dateline.toml")
    raw: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    dl = raw["dateline"]
    months = {str(k).lower(): int(v) for k, v in dl["months"].items()}
    month = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    weekday = "|".join(sorted((re.escape(w) for w in dl["weekdays"]["names"]), key=len, reverse=True))
    prefix = "|".join(sorted((re.escape(p) for p in dl["prefixes"]), key=len, reverse=True))
    pattern = rf"""
        ^\s*
        (?:(?:{prefix})\s*(?::|\s+on)?\s*)?
        (?:(?:{weekday})\.?,?\s+)?
        (?:
            (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{month})\.?,?\s+(?P<y1>\d{{4}})
          | (?P<m2>{month})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})
          | (?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})
        )
        (?:\s*(?:[,|·•–—-]|at)?\s*\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?\s*
           (?:[A-Z]{{2,5}}|UTC|GMT)?(?:\s*[+-]\d{{1,2}}(?::?\d{{2}})?)?)?
        \s*$
    """
    return _DatelineRules(
        scan_lines=int(dl["scan_lines"]),
        min_year=int(dl["min_year"]),
        months=months,
        line=re.compile(pattern, re.IGNORECASE | re.VERBOSE),
        title={k: int(v) for k, v in raw["title"].items()},
    )


def parse_dateline(line: str, today: date | None = None) -> date | None:
    """The date on a line that holds nothing but a date, else None."""
    rules = _rules()
    m = rules.line.match(line)
    if not m:
        return None
    try:
        if m["y1"]:
            value = date(int(m["y1"]), rules.months[m["m1"].lower()], int(m["d1"]))
        elif m["y2"]:
            value = date(int(m["y2"]), rules.months[m["m2"].lower()], int(m["d2"]))
        else:
            value = date(int(m["y3"]), int(m["m3"]), int(m["d3"]))
    except ValueError:  # 31 February and the like
        return None
    latest = (today or date.today()) + timedelta(days=1)
    if value.year < rules.min_year or value > latest:
        return None
    return value


def _head_lines(text: str, limit: int) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            out.append(line.strip())
            if len(out) >= limit:
                break
    return out


def find_dateline(text: str, today: date | None = None) -> tuple[date | None, list[date]]:
    """``(date, found)``: the publication date from standalone date lines near the top.

    ``date`` is set only when every date line found gives the same day; ``found``
    lists the distinct dates seen (several means ambiguous).
    """
    found: list[date] = []
    for line in _head_lines(text, _rules().scan_lines):
        value = parse_dateline(line, today)
        if value is not None and value not in found:
            found.append(value)
    return (found[0] if len(found) == 1 else None), found


_SENTENCE_END = tuple(".!?:\"”’»")


def find_title(text: str) -> str:
    """The headline of a plain-text report (see dateline.toml), or ''."""
    rules = _rules().title
    for line in _head_lines(text, rules["scan_lines"]):
        words = line.split()
        if parse_dateline(line) is not None:
            continue
        if len(words) > rules["max_words"] or len(line) > rules["max_chars"]:
            return ""  # the body has started
        if len(words) >= rules["min_words"] and not line.endswith(_SENTENCE_END):
            return line
    return ""
