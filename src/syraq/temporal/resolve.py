"""Find time expressions in a text and resolve each to a date range with an honest precision.

How a text is read (the words come from ``data/temporal/lexicon.toml``):

1. Scan: patterns for absolute dates ("15 February 2018", "March 2008", "2013"),
   modified ones ("late September 2017", "the end of 2016"), seasons, quarters,
   decades, day and year ranges, dates relative to publication ("yesterday", "on
   Saturday", "last week", "two days ago", "the past year") and narrative ones
   ("three weeks later", "one month prior", "the next day"). Overlapping matches:
   the longest wins. Things that only look like dates are dropped here: counts
   ("2000 fighters"), addresses ("1935 Orchard St."), labels ("Resolution 2042"),
   period boundaries ("pre-2014"), bare month words without a cue ("they may").
2. Combine: "from X to Y" / "between X and Y" become one range; a weekday before a
   date joins it; "a week after 3 March" anchors on the date it names.
3. Resolve in text order. A year-less date takes the year that puts it before the
   publication date (after it when the clause is in the future tense). A narrative
   expression is anchored on the latest earlier expression that moved the story
   forward: a flashback ("one month prior") never becomes an anchor itself. For
   past-tense clauses a range is cut at the publication date; a date the text gives in
   full is never moved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..errors import InputError
from ..model import Span, TimeExpression
from .calendar import (
    add_months,
    apply_modifier,
    coarser,
    duration_precision,
    month_range,
    months_range,
    shift_range,
    step_up,
    week_of,
    year_range,
)
from .lexicon import Lexicon, Modifier, Unit, load_lexicon

Resolved = tuple[date, date, str]
#: a calendar date whose year may be missing: year -> (start, end, precision), or None if invalid
Builder = Callable[[int], Resolved | None]

_RANGE_GAP = re.compile(
    r"^\s*(?:-|–|—|to|until|till|through|thru|and|(?:all\s+the\s+way|right|up)\s+(?:to|until|through|till))\s*$",
    re.IGNORECASE,
)
_RANGE_PRE = re.compile(r"(?:\b(?P<w>from|between|since)\s+)$", re.IGNORECASE)
_WEEKDAY_GAP = re.compile(r"^\s*,?\s*(?:the\s+)?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n\s*\n|\n")
_CLAUSE_CUT = re.compile(
    r"[;:]\s|,\s+(?:and|but|while|whereas|although|though|as|after|before|when)\s|\s(?:but|whereas)\s", re.IGNORECASE
)
_ED = re.compile(r"\b\w{3,}ed\b", re.IGNORECASE)
_WORD = re.compile(r"[\w.'’%#-]+")
#: pattern order: on equal length, the earlier pattern wins
_ORDER: tuple[str, ...] = (
    "iso",
    "numeric",
    "day_range_dm",
    "day_range_md",
    "dmy",
    "mdy",
    "my",
    "quarter",
    "season_year",
    "decade",
    "year_range",
    "deictic",
    "calendar_rel",
    "mod_current",
    "narrative_next",
    "narrative_dayafter",
    "narrative_same",
    "narrative",
    "ago",
    "past_period",
    "weekday",
    "season_rel",
    "month",
    "year",
)


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    kind: str  # "cal", "rel", "nar", "range"
    pattern: str
    build: Builder | None = None  # cal: year -> range
    year: int | None = None  # cal: the year the text gives
    needs_day: bool = False  # cal: names a day (a weekday can join it)
    rel: Callable[[date, bool], Resolved | None] | None = None  # rel: (published, future) -> range
    nar: Callable[[TimeExpression], Resolved | None] | None = None  # nar: anchor -> range
    backward: bool = False  # nar: a flashback
    modifier: str = ""
    parts: tuple[_Cand, ...] = ()  # range: (from, to); nar: (explicit anchor,)
    weekday: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def find_times(
    text: str,
    published: date | None,
    nlp_doc: Any = None,
    *,
    sentences: Sequence[Span] | None = None,
) -> list[TimeExpression]:
    """Every time expression in ``text``, resolved, sorted by offset.

    ``published`` anchors relative expressions and year inference; when it is None,
    expressions that need it are skipped (a year-less date then borrows the year of
    the expression before it, anchored "narrative"). ``nlp_doc`` (a spaCy Doc over
    exactly ``text``) is used for tense when given; otherwise tense comes from modal
    cues in the sentence.
    """
    if not isinstance(text, str):
        raise InputError("E501", what=f"text of type {type(text).__name__}")
    if published is not None and not isinstance(published, date):
        raise InputError("E501", what=f"published of type {type(published).__name__}")
    lex = load_lexicon()
    cands = _combine(text, _scan(text, lex), lex)
    bounds = _sentence_bounds(text, nlp_doc, sentences)
    out: list[TimeExpression] = []
    anchor: TimeExpression | None = None
    for cand in cands:
        future = bool(cand.extra.get("future")) or _is_future(text, cand.start, cand.end, bounds, nlp_doc, lex)
        te = _resolve(cand, published, future, anchor, text, bounds, nlp_doc, lex)
        if te is None:
            continue
        out.append(te)
        if not (cand.kind == "nar" and cand.backward):
            anchor = te
    return out


# --------------------------------------------------------------------------- scan


def _scan(text: str, lex: Lexicon) -> list[_Cand]:
    found: list[tuple[int, int, int, _Cand]] = []
    for prio, name in enumerate(_ORDER):
        handler = _HANDLERS[name]
        for m in lex.patterns[name].finditer(text):
            cand = handler(m, text, lex)
            if cand is not None:
                found.append((-(cand.end - cand.start), prio, cand.start, cand))
    found.sort(key=lambda t: t[:3])
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for _, _, _, cand in found:
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    chosen.sort(key=lambda c: c.start)
    return chosen


def _words_before(text: str, pos: int, n: int = 2) -> list[str]:
    words = _WORD.findall(text[max(0, pos - 60) : pos])
    return [w.lower().strip(".'’-").strip() or w.lower() for w in words[-n:]]


def _words_after(text: str, pos: int, n: int = 2) -> list[str]:
    words = _WORD.findall(text[pos : pos + 60])
    return [w.lower().rstrip(".,;:'’") or w.lower() for w in words[:n]]


def _prev_word(text: str, pos: int) -> str:
    words = _words_before(text, pos, 1)
    return words[0] if words else ""


def _mod(m: re.Match[str], lex: Lexicon) -> Modifier | None:
    raw = m.groupdict().get("mod")
    if not raw:
        return None
    return lex.modifiers.get(" ".join(raw.lower().split()))


def _cal(
    m: re.Match[str],
    build: Builder,
    year: int | None,
    name: str,
    mod: Modifier | None = None,
    needs_day: bool = False,
    start: int | None = None,
) -> _Cand:
    def with_mod(y: int) -> Resolved | None:
        base = build(y)
        if base is None:
            return None
        (lo, hi), prec = apply_modifier((base[0], base[1]), base[2], mod)
        return lo, hi, prec

    return _Cand(
        start=m.start() if start is None else start,
        end=m.end(),
        kind="cal",
        pattern=name,
        build=with_mod,
        year=year,
        needs_day=needs_day,
        modifier=mod.name if mod else "",
    )


def _day_builder(month: int, day: int) -> Builder:
    def build(y: int) -> Resolved | None:
        try:
            d = date(y, month, day)
        except ValueError:
            return None
        return d, d, "day"

    return build


def _year_of(m: re.Match[str], *groups: str) -> int | None:
    for g in groups:
        v = m.groupdict().get(g)
        if v:
            return int(v)
    return None


def _h_iso(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    build = _day_builder(mo, d)
    return _cal(m, build, y, "iso", needs_day=True) if build(y) else None


def _h_numeric(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if a == b:
        mo, d = a, a
    elif a > 12 >= b:
        d, mo = a, b
    elif b > 12 >= a:
        mo, d = a, b
    else:  # 3/5/2018: 3 May or 5 March? skipped, never guessed
        return None
    if not 1 <= mo <= 12:
        return None
    build = _day_builder(mo, d)
    return _cal(m, build, y, "numeric", needs_day=True) if build(y) else None


def _h_day_range(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    mo = lex.month_number(m["m"])
    d1, d2 = int(m["d"]), int(m["d2"])
    if not 1 <= d1 < d2 <= 31:
        return None
    gap = text[m.end("d") : m.start("d2")].strip().lower()
    if gap == "and" and (m["pre"] or "").lower() != "between":
        return None  # "3 and 5 March" without "between" is a list of two days, not a range

    def build(y: int) -> Resolved | None:
        try:
            lo, hi = date(y, mo, d1), date(y, mo, d2)
        except ValueError:
            return None
        return lo, hi, duration_precision((lo, hi))

    return _cal(m, build, _year_of(m, "y", "y2"), "day_range", needs_day=True)


def _h_dmy(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    mo, d = lex.month_number(m["m"]), int(m["d"])
    year = _year_of(m, "y")
    build = _day_builder(mo, d)
    if build(year or 2000) is None:  # 2000 is a leap year: 29 February stays possible
        return None
    return _cal(m, build, year, "dmy", needs_day=True)


def _h_mdy(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    mo, d = lex.month_number(m["m"]), int(m["d"])
    year = _year_of(m, "y", "y2")
    after = _words_after(text, m.end(), 1)
    if year is None and after and after[0] in lex.count_nouns:
        return None  # "May 5 people ..."
    pronouns = {"they", "we", "it", "he", "she", "you", "i", "could", "will"}
    if m["m"].lower() in {"may", "march"} and _prev_word(text, m.start()) in pronouns:
        return None  # "they may 5 ..." is a verb
    build = _day_builder(mo, d)
    if build(year or 2000) is None:
        return None
    return _cal(m, build, year, "mdy", needs_day=True)


def _h_my(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    mo = lex.month_number(m["m"])
    return _cal(m, lambda y: (*month_range(y, mo), "month"), int(m["y"]), "my", _mod(m, lex))


def _h_month(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    mod = _mod(m, lex)
    if mod is None and _prev_word(text, m.start()) not in lex.month_cues:
        return None  # "they may", "a march": a month word standing alone needs a cue
    mo = lex.month_number(m["m"])
    return _cal(m, lambda y: (*month_range(y, mo), "month"), None, "month", mod)


def _season_builder(lex: Lexicon, word: str) -> Builder:
    first, length = lex.seasons[word.lower()]
    return lambda y: (*months_range(y, first, length), "season")


def _h_season_year(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    return _cal(m, _season_builder(lex, m["season"]), int(m["y"]), "season_year", _mod(m, lex))


def _h_season_rel(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    word = m["season"].lower()
    rel = (m["rel"] or "").lower()
    mod = _mod(m, lex)
    if word in lex.ambiguous_seasons and not rel:
        return None  # "the fall", "fall" alone: a verb or a noun
    if not rel and not m["the"] and mod is None and _prev_word(text, m.start()) not in lex.month_cues:
        return None  # "the Arab Spring", "spring water"
    build = _season_builder(lex, word)

    def resolve(pub: date, future: bool) -> Resolved | None:
        years = range(pub.year - 2, pub.year + 2)
        ranges = [r for r in (build(y) for y in years) if r]
        if rel == "last" or rel == "past":
            picks = [r for r in ranges if r[1] < pub]
            chosen = picks[-1] if picks else None
        elif rel == "next":
            picks = [r for r in ranges if r[0] > pub]
            chosen = picks[0] if picks else None
        elif future:
            picks = [r for r in ranges if r[1] >= pub]
            chosen = picks[0] if picks else None
        else:
            picks = [r for r in ranges if r[0] <= pub]
            chosen = picks[-1] if picks else None
        if chosen is None:
            return None
        (lo, hi), prec = apply_modifier((chosen[0], chosen[1]), chosen[2], mod)
        return lo, hi, prec

    return _Cand(m.start(), m.end(), "rel", "season_rel", rel=resolve, modifier=mod.name if mod else "")


def _h_quarter(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    q = lex.quarters[m["q"].lower()] if m["q"] else int(m["qn"])
    return _cal(m, lambda y: (*months_range(y, 3 * q - 2, 3), "quarter"), int(m["y"]), "quarter")


def _h_decade(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    start = int(m["dec"])
    mod = lex.modifiers.get((m["dmod"] or "").lower())

    def build(_: int) -> Resolved:
        (lo, hi), prec = apply_modifier((date(start, 1, 1), date(start + 9, 12, 31)), "multi-year", mod)
        return lo, hi, prec

    return _Cand(m.start(), m.end(), "cal", "decade", build=build, year=start, modifier=mod.name if mod else "")


def _not_a_year(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Counts, labels, addresses and period boundaries that look like years."""
    head = text[max(0, start - 5) : start].lower()
    if any(head.endswith(p) for p in lex.year_prefixes):
        return True
    if start > 0 and (text[start - 1].isdigit() or text[start - 1] in "$€£#/.,:"):
        return True
    if start > 1 and text[start - 1] == "-" and text[start - 2].isdigit():
        return True  # "1-800-2013": part of a longer number
    before = _words_before(text, start, 2)
    prev = before[-1] if before else ""
    if prev in lex.label_cues or prev in lex.count_cues or " ".join(before) in lex.count_cues:
        return True
    tail = text[end : end + 40]
    chain = re.match(r"\s*(?:-|–|to|and|or)\s*\d[\d,.]*\s+([\w%]+)", tail, re.IGNORECASE)
    if chain and chain.group(1).lower() in lex.count_nouns:
        return True  # "between 2000 and 2500 fighters"
    if re.match(r"\s*(?::|h\b|%)", tail, re.IGNORECASE):
        return True  # 2000h, 1930:, 2000%
    after = _words_after(text, end, 2)
    if not after:
        return False
    nxt = after[0]
    if nxt in lex.street_words or (len(after) > 1 and after[1] in lex.street_words and tail.lstrip()[:1].isupper()):
        return True
    if nxt in lex.count_nouns:
        return prev not in lex.year_prepositions  # "the 1500 families" but "in 2014 civilians fled"
    plural = nxt.endswith("s") and len(nxt) > 3 and nxt.isalpha() and not nxt.endswith(("ss", "us", "is"))
    return plural and prev not in lex.year_cues


def _h_year(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    mod = _mod(m, lex)
    if mod is None and _not_a_year(text, m.start("y"), m.end("y"), lex):
        return None
    return _cal(m, lambda y: (*year_range(y), "year"), int(m["y"]), "year", mod)


def _h_year_range(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    y1 = int(m["y"])
    raw = m["y2"]
    y2 = int(raw) if len(raw) == 4 else (y1 // 100) * 100 + int(raw)
    if len(raw) not in (2, 4) or not y1 < y2 <= y1 + 30:
        return None
    if _not_a_year(text, m.start("y"), m.end("y2"), lex):
        return None

    def build(_: int) -> Resolved:
        rng = (date(y1, 1, 1), date(y2, 12, 31))
        return rng[0], rng[1], duration_precision(rng)

    return _Cand(m.start(), m.end(), "cal", "year_range", build=build, year=y1)


def _rel(m: re.Match[str], name: str, fn: Callable[[date, bool], Resolved | None], modifier: str = "") -> _Cand:
    return _Cand(m.start(), m.end(), "rel", name, rel=fn, modifier=modifier)


def _h_deictic(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    word = " ".join(m["deictic"].lower().split())
    offset = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "last night": -1,
        "overnight": -1,
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "tomorrow": 1,
        "the day after tomorrow": 2,
    }[word]

    def fn(pub: date, future: bool) -> Resolved:
        d = pub + timedelta(days=offset)
        return (d, pub, "day") if word == "overnight" else (d, d, "day")

    cand = _rel(m, "deictic", fn)
    cand.extra["future"] = offset > 0
    return cand


def _h_weekday(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    wd = lex.weekdays[m["wd"].lower()]
    rel = " ".join((m["wrel"] or "").lower().split())

    def fn(pub: date, future: bool) -> Resolved:
        if rel == "next" or (future and rel not in ("last", "past")):
            ahead = (wd - pub.weekday()) % 7 or 7
            d = pub + timedelta(days=ahead)
        else:
            back = (pub.weekday() - wd) % 7
            if rel in ("last", "past") and back == 0:
                back = 7  # "last Tuesday" on a Tuesday: a week ago; "on Tuesday": that day
            d = pub - timedelta(days=back)
        return d, d, "day"

    cand = _rel(m, "weekday", fn)
    cand.weekday = wd
    cand.extra["future"] = rel == "next"
    return cand


def _h_calendar_rel(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    rel, unit = " ".join(m["rel"].lower().split()), m["cu"].lower()
    if rel == "the":
        if unit != "weekend":
            return None  # "the month" alone is the narrative's, not the publication's
        rel = "this"
    when = (m["when"] or "").lower()
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]

    def fn(pub: date, future: bool) -> Resolved | None:
        if unit == "week":
            lo, hi = week_of(pub + timedelta(days=7 * step))
            prec = "week"
        elif unit == "weekend":
            sat = week_of(pub)[0] + timedelta(days=5)
            if step < 0 or (step == 0 and not future and sat > pub):
                sat -= timedelta(days=7)
            elif step > 0 and sat <= pub:
                sat += timedelta(days=7)
            lo, hi, prec = sat, sat + timedelta(days=1), "week"
        elif unit == "month":
            lo, hi = month_range(*_ym(add_months(pub.replace(day=1), step)))
            prec = "month"
        else:
            lo, hi = year_range(pub.year + step)
            prec = "year"
        if when == "earlier":
            hi = max(lo, min(hi, pub - timedelta(days=1)))
        elif when == "later":
            lo = min(hi, max(lo, pub + timedelta(days=1)))
        return lo, hi, prec

    cand = _rel(m, "calendar_rel", fn, modifier=when)
    cand.extra["future"] = rel == "next" or when == "later"
    return cand


def _h_mod_current(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    mod = _mod(m, lex)
    if mod is None:
        return None  # "the month" alone: see narrative_same
    unit = m["cu"].lower()

    def fn(pub: date, future: bool) -> Resolved:
        lo, hi, prec = _unit_period(pub, unit, 0)
        (lo, hi), prec = apply_modifier((lo, hi), prec, mod)
        return lo, hi, prec

    return _rel(m, "mod_current", fn, modifier=mod.name)


def _ym(d: date) -> tuple[int, int]:
    return d.year, d.month


def _count(m: re.Match[str], lex: Lexicon, unit_word: str) -> tuple[int, int, bool] | None:
    """(least, most, vague) units a count names; a bare plural is vague."""
    n, vague = m.groupdict().get("n"), m.groupdict().get("vague")
    if n:
        value = int(n) if n.isdigit() else lex.numbers[" ".join(n.lower().split())]
        return (value, value, False) if value > 0 else None
    if vague:
        lo, hi = lex.vague_counts[" ".join(vague.lower().split())]
        return lo, hi, True
    if unit_word.lower().endswith("s"):
        lo, hi = lex.vague_counts["bare"]
        return lo, hi, True
    return 1, 1, False


def _unit_shift(unit: Unit, n: int) -> tuple[int, int]:
    """(days, months) for n units; hours round to whole days."""
    if unit.months:
        return 0, unit.months * n
    return round(unit.days * n), 0


def _h_ago(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    unit = lex.units[m["u"].lower()]
    counted = _count(m, lex, m["u"])
    if counted is None:
        return None
    least, most, vague = counted

    def fn(pub: date, future: bool) -> Resolved:
        if vague:
            d_hi, m_hi = _unit_shift(unit, least)
            d_lo, m_lo = _unit_shift(unit, most)
            lo = add_months(pub, -m_lo) - timedelta(days=d_lo)
            hi = add_months(pub, -m_hi) - timedelta(days=d_hi)
            if unit.months:
                lo = lo.replace(day=1)
            return lo, hi, coarser(step_up(unit.precision), duration_precision((lo, hi)))
        days, months = _unit_shift(unit, least)
        point = add_months(pub, -months) - timedelta(days=days)
        if unit.precision == "day":
            return point, point, "day"
        if unit.precision == "week":
            return point - timedelta(days=3), min(pub, point + timedelta(days=3)), "week"
        if unit.precision == "month":
            lo, hi = month_range(point.year, point.month)
            return lo, hi, "month"
        if unit.precision == "year":
            lo, hi = year_range(point.year)
            return lo, hi, "year"
        lo, hi = year_range(point.year - 2)[0], year_range(point.year + 2)[1]
        return lo, hi, "multi-year"

    return _rel(m, "ago", fn)


def _h_past_period(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    unit = lex.units[m["u"].lower()]
    counted = _count(m, lex, m["u"])
    if counted is None:
        return None
    most = counted[1]
    lead = m.group(0).split()[0].lower()
    if not m.groupdict().get("n") and not m.groupdict().get("vague") and m["u"].lower().endswith("s"):
        # "recent days": the bare plural's most; "the past months": a few
        most = lex.vague_counts["bare" if lead == "recent" else "few"][1]
    if lead == "recent" and not m["u"].lower().endswith("s"):
        return None

    def fn(pub: date, future: bool) -> Resolved:
        days, months = _unit_shift(unit, most)
        lo = add_months(pub, -months) - timedelta(days=days)
        return lo, pub, duration_precision((lo, pub))

    return _rel(m, "past_period", fn)


def _nar(
    m: re.Match[str],
    fn: Callable[[TimeExpression], Resolved | None],
    backward: bool,
    name: str,
) -> _Cand:
    return _Cand(m.start(), m.end(), "nar", name, nar=fn, backward=backward, extra={"dir": m.groupdict().get("dir")})


def _h_narrative(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    unit = lex.units[m["u"].lower()]
    direction = m["dir"].lower()
    counted = _count(m, lex, m["u"])
    if counted is None:
        return None
    least, most, vague = counted
    backward = direction in lex.backward
    if direction == "on" and not (m.groupdict().get("n") or m.groupdict().get("vague")):
        return None  # "days on end"
    counted_explicitly = m.groupdict().get("n") or m.groupdict().get("vague")
    if direction in ("after", "before") and not counted_explicitly and not m["u"].lower().endswith("s"):
        return None  # "day after day"

    def fn(anchor: TimeExpression) -> Resolved:
        near = _unit_shift(unit, least)
        far = _unit_shift(unit, most)
        if backward:
            lo = shift_range((anchor.start, anchor.start), -far[0], -far[1])[0]
            hi = shift_range((anchor.start, anchor.end), -near[0], -near[1])[1]
        else:
            lo = shift_range((anchor.start, anchor.start), near[0], near[1])[0]
            hi = shift_range((anchor.start, anchor.end), far[0], far[1])[1]
        prec = step_up(unit.precision) if vague else unit.precision
        return lo, hi, coarser(prec, anchor.precision)

    return _nar(m, fn, backward, "narrative")


def _unit_period(d: date, unit: str, step: int) -> Resolved:
    """The day, week, month or year ``step`` units from the one holding ``d``."""
    if unit in ("day", "morning", "evening", "night", "afternoon"):
        x = d + timedelta(days=step)
        return x, x, "day"
    if unit == "week":
        lo, hi = week_of(d + timedelta(days=7 * step))
        return lo, hi, "week"
    if unit == "month":
        lo, hi = month_range(*_ym(add_months(d.replace(day=1), step)))
        return lo, hi, "month"
    lo, hi = year_range(d.year + step)
    return lo, hi, "year"


def _h_narrative_next(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    step = 1 if m["nx"].lower() in ("next", "following") else -1
    unit = m["u"].lower()

    def fn(anchor: TimeExpression) -> Resolved:
        if unit in ("day", "morning", "evening", "night", "afternoon"):
            lo, hi = shift_range((anchor.start, anchor.end), days=step)
            return lo, hi, anchor.precision
        base = anchor.end if step > 0 else anchor.start
        lo, hi, prec = _unit_period(base, unit, step)
        return lo, hi, coarser(prec, anchor.precision) if prec != "day" else prec

    return _nar(m, fn, step < 0, "narrative_next")


def _h_narrative_dayafter(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    step = 1 if m["dir"].lower() == "after" else -1
    unit = m["u"].lower()

    def fn(anchor: TimeExpression) -> Resolved:
        if unit == "day":
            lo, hi = shift_range((anchor.start, anchor.end), days=step)
            return lo, hi, anchor.precision
        lo, hi, prec = _unit_period(anchor.end if step > 0 else anchor.start, unit, step)
        return lo, hi, coarser(prec, anchor.precision)

    return _nar(m, fn, step < 0, "narrative_dayafter")


def _h_narrative_same(m: re.Match[str], text: str, lex: Lexicon) -> _Cand | None:
    unit = m["u"].lower()

    def fn(anchor: TimeExpression) -> Resolved:
        if unit in ("day", "night", "morning", "evening", "afternoon"):
            return anchor.start, anchor.end, anchor.precision
        lo, hi, prec = _unit_period(anchor.start, unit, 0)
        if PRECISION_ORDER.index(anchor.precision) > PRECISION_ORDER.index(prec):
            return anchor.start, anchor.end, anchor.precision
        return lo, hi, prec

    return _nar(m, fn, False, "narrative_same")


def _same_as_anchor(anchor: TimeExpression) -> Resolved:
    return anchor.start, anchor.end, anchor.precision


PRECISION_ORDER: tuple[str, ...] = ("day", "week", "month", "season", "quarter", "year", "multi-year")

_HANDLERS: dict[str, Callable[[re.Match[str], str, Lexicon], _Cand | None]] = {
    "iso": _h_iso,
    "numeric": _h_numeric,
    "day_range_dm": _h_day_range,
    "day_range_md": _h_day_range,
    "dmy": _h_dmy,
    "mdy": _h_mdy,
    "my": _h_my,
    "month": _h_month,
    "season_year": _h_season_year,
    "season_rel": _h_season_rel,
    "quarter": _h_quarter,
    "decade": _h_decade,
    "year_range": _h_year_range,
    "year": _h_year,
    "deictic": _h_deictic,
    "weekday": _h_weekday,
    "calendar_rel": _h_calendar_rel,
    "mod_current": _h_mod_current,
    "ago": _h_ago,
    "past_period": _h_past_period,
    "narrative": _h_narrative,
    "narrative_next": _h_narrative_next,
    "narrative_dayafter": _h_narrative_dayafter,
    "narrative_same": _h_narrative_same,
}


# ------------------------------------------------------------------------ combine


def _combine(text: str, cands: list[_Cand], lex: Lexicon) -> list[_Cand]:
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None:
            gap = text[a.end : b.start]
            # from X to Y; between X and Y; X-Y
            if a.kind == "cal" and b.kind == "cal" and _RANGE_GAP.match(gap):
                pre = _RANGE_PRE.search(text[max(0, a.start - 12) : a.start])
                word = pre.group("w").lower() if pre else ""
                dash = gap.strip() in ("-", "–", "—")
                connector = gap.strip().lower()
                ok = (word == "from" and connector != "and") or (word == "between" and connector in ("and", "-", "–"))
                if (ok or (dash and not word)) and word != "since":
                    start = a.start - len(pre.group(0)) if pre else a.start
                    out.append(_Cand(start, b.end, "range", "range", parts=(a, b), needs_day=b.needs_day))
                    i += 2
                    continue
            # Saturday, 3 March 2018
            joins = b.kind == "cal" and b.needs_day and _WEEKDAY_GAP.match(gap)
            if a.kind == "rel" and a.weekday is not None and joins:
                b.start = a.start
                out.append(b)
                i += 2
                continue
            # on Sunday, four months after the offensive began: the same time, restated
            if b.kind == "nar" and b.extra.get("dir") in ("after", "before") and re.fullmatch(r"\s*,\s*", gap):
                out.append(a)
                out.append(_Cand(b.start, b.end, "nar", "apposition", nar=_same_as_anchor, backward=True))
                i += 2
                continue
            # a week after 3 March
            relational = a.kind == "nar" and a.extra.get("dir") in ("after", "before")
            if relational and b.kind in ("cal", "range", "rel") and gap.strip().lower() in ("", "the"):
                out.append(_Cand(a.start, b.end, "nar", a.pattern, nar=a.nar, backward=a.backward, parts=(b,)))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


# ------------------------------------------------------------------------- tense


def _sentence_bounds(text: str, nlp_doc: Any, sentences: Sequence[Span] | None) -> list[tuple[int, int]]:
    if sentences:
        return [(s.start, s.end) for s in sentences]
    if nlp_doc is not None:
        try:
            return [(s.start_char, s.end_char) for s in nlp_doc.sents]
        except (AttributeError, ValueError):
            pass
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    return bounds


def _sentence_of(bounds: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    for s, e in bounds:
        if s <= start < max(e, s + 1):
            return s, max(e, end)
    return start, end


def _future_regex(lex: Lexicon) -> re.Pattern[str]:
    cached = lex.patterns.get("_future")
    if cached is None:
        parts = []
        for cue in sorted(lex.future_cues, key=len, reverse=True):
            body = re.escape(cue).replace(r"\ ", r"\s+")
            parts.append(body + r"\b" if cue[0] in "'’" else r"\b" + body + r"\b")
        cached = re.compile("|".join(parts), re.IGNORECASE)
        lex.patterns["_future"] = cached
    return cached


def _is_future(
    text: str, start: int, end: int, bounds: list[tuple[int, int]], nlp_doc: Any, lex: Lexicon
) -> bool:
    """Is the clause holding ``text[start:end]`` about the future?"""
    if nlp_doc is not None:
        verdict = _spacy_future(nlp_doc, start, end, lex)
        if verdict is not None:
            return verdict
    s, e = _sentence_of(bounds, start, end)
    cuts = [c.end() for c in _CLAUSE_CUT.finditer(text, s, start)]
    c_start = cuts[-1] if cuts else s
    nxt = _CLAUSE_CUT.search(text, end, e)
    c_end = nxt.start() if nxt else e
    clause = text[c_start:start] + " " + text[end:c_end]
    future = _future_regex(lex)
    if future.search(clause):
        return True
    if _ED.search(clause) or any(w in lex.past_cues for w in re.findall(r"[\w']+", clause.lower())):
        return False  # "..., but he said IS had attacked in January"
    return bool(future.search(text[s:start] + " " + text[end:e]))


def _spacy_future(nlp_doc: Any, start: int, end: int, lex: Lexicon) -> bool | None:
    try:
        span = nlp_doc.char_span(start, end, alignment_mode="expand")
    except (AttributeError, IndexError, ValueError):
        return None
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(10):
        if tok.pos_ in ("VERB", "AUX"):
            verb = tok
            for _ in range(3):
                for child in verb.children:
                    if child.dep_ in ("aux", "auxpass") and child.lower_ in ("will", "shall", "'ll", "’ll", "wo"):
                        return True
                    if child.dep_ == "aux" and child.lower_ == "going":
                        return True
                if verb.lemma_.lower() in lex.future_lemmas:
                    return True
                if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head is not verb:
                    verb = verb.head
                else:
                    break
            return False
        if tok.head is tok:
            break
        tok = tok.head
    return None


# ----------------------------------------------------------------------- resolve


def _cal_resolve(cand: _Cand, ref: date | None, future: bool) -> tuple[Resolved, bool] | None:
    """Resolve a calendar candidate; (range, inferred-year?)."""
    if cand.build is None:
        return None
    if cand.year is not None:
        got = cand.build(cand.year)
        return (got, False) if got else None
    if ref is None:
        return None
    picks = [r for r in (cand.build(y) for y in (ref.year - 1, ref.year, ref.year + 1)) if r]
    if not picks:
        return None
    if future:
        ahead = [r for r in picks if r[1] >= ref]
        return (ahead[0], True) if ahead else None
    behind = [r for r in picks if r[0] <= ref]
    return (behind[-1], True) if behind else None


def _clip(res: Resolved, pub: date | None, future: bool, explicit: bool) -> Resolved:
    """Past-tense clauses end no later than the publication date (explicit dates wholly after it stay)."""
    lo, hi, prec = res
    if pub is None or future or hi <= pub:
        return res
    if explicit and lo > pub:
        return res
    return min(lo, pub), pub, prec


def _resolve(
    cand: _Cand,
    pub: date | None,
    future: bool,
    anchor: TimeExpression | None,
    text: str,
    bounds: list[tuple[int, int]],
    nlp_doc: Any,
    lex: Lexicon,
) -> TimeExpression | None:
    span = Span(cand.start, cand.end, "time")
    ref = pub if pub is not None else (anchor.end if anchor is not None else None)
    how = "publication" if pub is not None else "narrative"
    if cand.kind == "cal":
        got = _cal_resolve(cand, ref, future)
        if got is None:
            return None
        res, inferred = got
        res = _clip(res, pub, future, explicit=not inferred)
        kind = how if inferred else "absolute"
        return _te(span, res, kind, anchor if kind == "narrative" else None, cand.modifier)
    if cand.kind == "range":
        a, b = cand.parts
        got_b = _cal_resolve(b, ref, future)
        if got_b is None:
            return None
        res_b, inferred_b = got_b
        if a.year is None:
            got_a = _cal_resolve(a, res_b[1], False)
            inferred_a = True
        else:
            got_a = _cal_resolve(a, ref, future)
            inferred_a = False
        if got_a is None:
            return None
        res_a = got_a[0]
        if res_a[0] > res_b[1]:
            return None
        rng = (res_a[0], res_b[1])
        prec = coarser(res_a[2], res_b[2], duration_precision(rng))
        inferred = inferred_a or inferred_b
        res = _clip((rng[0], rng[1], prec), pub, future, explicit=not inferred)
        kind = how if inferred else "absolute"
        if inferred and a.year is None and b.year is not None:
            kind = "absolute"
        return _te(span, res, kind, anchor if kind == "narrative" else None, "")
    if cand.kind == "rel":
        if pub is None or cand.rel is None:
            return None
        res_rel = cand.rel(pub, future)
        if res_rel is None:
            return None
        return _te(span, _clip(res_rel, pub, future, explicit=False), "publication", None, cand.modifier)
    if cand.kind == "nar":
        if cand.nar is None:
            return None
        base = anchor
        if cand.parts:
            inner = cand.parts[0]
            inner_future = _is_future(text, inner.start, inner.end, bounds, nlp_doc, lex)
            base = _resolve(inner, pub, inner_future, anchor, text, bounds, nlp_doc, lex)
        if base is None:
            return None
        res_nar = cand.nar(base)
        if res_nar is None:
            return None
        return _te(span, _clip(res_nar, pub, future, explicit=False), "narrative", base, "")
    return None


def _te(span: Span, res: Resolved, anchor: str, anchor_te: TimeExpression | None, modifier: str) -> TimeExpression:
    lo, hi, prec = res
    if hi < lo:
        lo, hi = hi, lo
    return TimeExpression(
        span=span,
        start=lo,
        end=hi,
        precision=prec,
        anchor=anchor,
        anchor_span=anchor_te.span if anchor_te is not None else None,
        modifier=modifier,
    )
