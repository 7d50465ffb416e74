"""The temporal lexicon: words read from ``data/temporal/lexicon.toml``, patterns built from them.

Loaded once per process, on first use; nothing is read at import.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError

PRECISION_RANK: dict[str, int] = {
    "day": 0,
    "week": 1,
    "month": 2,
    "season": 3,
    "quarter": 4,
    "year": 5,
    "multi-year": 6,
}


@dataclass(frozen=True, slots=True)
class Modifier:
    name: str
    phrases: tuple[str, ...]
    fraction: tuple[float, float] = (0.0, 1.0)
    first_days: int = 0
    last_days: int = 0
    precision: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    words: tuple[str, ...]
    days: float = 0.0
    months: int = 0
    precision: str = "day"


@dataclass(slots=True)
class Lexicon:
    months: dict[str, int]
    month_abbreviations: dict[str, int]
    month_cues: frozenset[str]
    weekdays: dict[str, int]
    seasons: dict[str, tuple[int, int]]  # word -> (start month, length in months)
    season_names: dict[str, str]  # word -> canonical season
    ambiguous_seasons: frozenset[str]
    quarters: dict[str, int]
    modifiers: dict[str, Modifier]  # phrase -> modifier
    acled_start: frozenset[str]
    acled_end: frozenset[str]
    numbers: dict[str, int]
    vague_counts: dict[str, tuple[int, int]]
    units: dict[str, Unit]  # word -> unit
    forward: frozenset[str]
    backward: frozenset[str]
    future_cues: tuple[str, ...]
    future_lemmas: frozenset[str]
    past_cues: frozenset[str]
    count_cues: frozenset[str]
    label_cues: frozenset[str]
    count_nouns: frozenset[str]
    year_cues: frozenset[str]
    year_prepositions: frozenset[str]
    street_words: frozenset[str]
    year_prefixes: tuple[str, ...]
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def month_number(self, word: str) -> int:
        key = word.lower().rstrip(".")
        return self.months.get(key) or self.month_abbreviations[key]


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest first; spaces match any whitespace run."""
    ordered = sorted({w.lower() for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _check(cond: bool, path: Path | str, reason: str) -> None:
    if not cond:
        raise ConfigError("E006", path=path, reason=reason)


def parse_lexicon(data: dict[str, Any], path: Path | str = "lexicon.toml") -> Lexicon:
    """Build a :class:`Lexicon` from the parsed TOML (raises E006 on a malformed file)."""
    try:
        seasons: dict[str, tuple[int, int]] = {}
        season_names: dict[str, str] = {}
        for name, spec in data["seasons"].items():
            start, length = int(spec["start_month"]), int(spec["months"])
            _check(1 <= start <= 12 and 1 <= length <= 12, path, f"season {name!r} has a bad month range")
            for word in spec["words"]:
                seasons[word.lower()] = (start, length)
                season_names[word.lower()] = name
        modifiers: dict[str, Modifier] = {}
        for spec in data["modifiers"]:
            frac = tuple(float(x) for x in spec.get("fraction", (0.0, 1.0)))
            _check(len(frac) == 2 and 0.0 <= frac[0] < frac[1] <= 1.0, path, f"modifier {spec['name']!r}: bad fraction")
            precision = str(spec.get("precision", ""))
            _check(not precision or precision in PRECISION_RANK, path, f"modifier {spec['name']!r}: bad precision")
            mod = Modifier(
                name=str(spec["name"]),
                phrases=tuple(str(p).lower() for p in spec["phrases"]),
                fraction=(frac[0], frac[1]),
                first_days=int(spec.get("first_days", 0)),
                last_days=int(spec.get("last_days", 0)),
                precision=precision,
            )
            for phrase in mod.phrases:
                modifiers[phrase] = mod
        units: dict[str, Unit] = {}
        for name, spec in data["units"].items():
            precision = str(spec["precision"])
            _check(precision in PRECISION_RANK, path, f"unit {name!r}: bad precision {precision!r}")
            unit = Unit(
                name=name,
                words=tuple(spec["words"]),
                days=float(spec.get("days", 0.0)),
                months=int(spec.get("months", 0)),
                precision=precision,
            )
            _check(bool(unit.days) != bool(unit.months), path, f"unit {name!r} needs days or months")
            for word in unit.words:
                units[word.lower()] = unit
        vague = {}
        for word, pair in data["vague_counts"].items():
            _check(len(pair) == 2 and 0 < pair[0] <= pair[1], path, f"vague count {word!r}: bad range")
            vague[word.lower()] = (int(pair[0]), int(pair[1]))
        ny = data["not_year"]
        lex = Lexicon(
            months={k.lower(): int(v) for k, v in data["months"].items()},
            month_abbreviations={k.lower(): int(v) for k, v in data["month_abbreviations"].items()},
            month_cues=frozenset(w.lower() for w in data["month_cues"]["words"]),
            weekdays={k.lower(): int(v) for k, v in data["weekdays"].items()},
            seasons=seasons,
            season_names=season_names,
            ambiguous_seasons=frozenset(w.lower() for w in data["ambiguous_seasons"]["words"]),
            quarters={k.lower(): int(v) for k, v in data["quarters"].items()},
            modifiers=modifiers,
            acled_start=frozenset(data["acled"]["start_modifiers"]),
            acled_end=frozenset(data["acled"]["end_modifiers"]),
            numbers={k.lower(): int(v) for k, v in data["numbers"].items()},
            vague_counts=vague,
            units=units,
            forward=frozenset(w.lower() for w in data["narrative"]["forward"]),
            backward=frozenset(w.lower() for w in data["narrative"]["backward"]),
            future_cues=tuple(w.lower() for w in data["tense"]["future_cues"]),
            future_lemmas=frozenset(w.lower() for w in data["tense"]["future_lemmas"]),
            past_cues=frozenset(w.lower() for w in data["tense"]["past_cues"]),
            count_cues=frozenset(w.lower() for w in ny["count_cues"]),
            label_cues=frozenset(w.lower() for w in ny["label_cues"]),
            count_nouns=frozenset(w.lower() for w in ny["count_nouns"]),
            year_cues=frozenset(w.lower() for w in ny["year_cues"]),
            year_prepositions=frozenset(w.lower() for w in ny["year_prepositions"]),
            street_words=frozenset(w.lower() for w in ny["street_words"]),
            year_prefixes=tuple(w.lower() for w in ny["prefixes"]),
        )
        _check(sorted(set(lex.months.values())) == list(range(1, 13)), path, "months must name all 12 months")
        _check(sorted(lex.weekdays.values()) == list(range(7)), path, "weekdays must name all 7 days")
    except ConfigError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError("E006", path=path, reason=f"{type(exc).__name__}: {exc}") from exc
    lex.patterns = build_patterns(lex)
    return lex


@lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon (cached per process); ``path`` overrides the bundled file."""
    if path is None:
        ref = resources.files("syraq").joinpath("data/temporal/lexicon.toml")
        where: Path | str = str(ref)
        raw = ref.read_text(encoding="utf-8")
    else:
        where = path
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError("E006", path=path, reason=str(exc)) from exc
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("E006", path=where, reason=str(exc)) from exc
    return parse_lexicon(data, where)


def build_patterns(lex: Lexicon) -> dict[str, re.Pattern[str]]:
    """Compile every pattern the scanner uses from the lexicon's words."""
    full = _alt(lex.months)
    abbr = _alt(lex.month_abbreviations)

    def month(g: str) -> str:
        return rf"(?P<{g}>(?:{full})\b|(?:{abbr})(?:\.|\b))"

    def day(g: str) -> str:
        return rf"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"

    def year(g: str) -> str:
        return rf"(?P<{g}>(?:1[89]|20)\d\d)(?![\d])(?!,\d)"

    mod = rf"(?:(?P<mod>{_alt(lex.modifiers)})(?:\s+|\s*-\s*|(?<=mid)(?=\w)))?"
    season = rf"(?P<season>{_alt(lex.seasons)})"
    weekday = rf"(?P<wd>{_alt(lex.weekdays)})"
    units = _alt(lex.units)
    numbers = _alt(lex.numbers)
    vague = _alt(k for k in lex.vague_counts if k != "bare")
    count = rf"(?:(?P<n>\d{{1,3}}|{numbers})|(?P<vague>{vague}))"
    direction = _alt(lex.forward | lex.backward)
    dash = r"(?:\s*[-–—]\s*|\s+(?:to|until|till|through|thru|and)\s+)"
    quarters = _alt(lex.quarters)
    p: dict[str, str] = {
        # 2018-02-15; 15/02/2018 (only when unambiguous, checked in code)
        "iso": rf"\b{year('y')}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b",
        "numeric": r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>(?:19|20)\d\d)\b",
        # between 3 and 5 March 2018; 1-5 March
        "day_range_dm": rf"\b(?:(?P<pre>between|from)\s+)?{day('d')}{dash}{day('d2')}\s+(?:of\s+)?{month('m')}"
        rf"(?:\s*,?\s*{year('y')})?",
        # March 1-5, 2018
        "day_range_md": rf"\b(?:(?P<pre>between|from)\s+)?{month('m')}\s+{day('d')}{dash}{day('d2')}\b"
        rf"(?:\s*,\s*{year('y')}|\s+{year('y2')})?",
        # 15 February 2018; the 15th of February; 15 Feb.
        "dmy": rf"\b(?:the\s+)?{day('d')}(?:\s+of)?\s+{month('m')}(?:\s*,?\s*{year('y')})?",
        # February 15, 2018; October 14; Feb. 3
        "mdy": rf"\b{month('m')}\s+{day('d')}\b(?:\s*,\s*{year('y')}|\s+{year('y2')})?",
        # late September 2017; March 2008; September, 2017
        "my": rf"\b{mod}(?:the\s+month\s+of\s+)?{month('m')}\s*,?\s+(?:of\s+)?{year('y')}",
        # in June; late September (cue word checked in code)
        "month": rf"\b{mod}(?:the\s+month\s+of\s+)?(?P<m>{full})\b",
        # the spring of 2008; spring 2013; early summer 2016
        "season_year": rf"\b{mod}(?:the\s+)?{season}\s+(?:of\s+)?{year('y')}",
        # last spring; this summer; in the spring (resolved from publication)
        "season_rel": rf"\b{mod}(?:(?P<rel>last|this|next|past)\s+|(?P<the>the\s+))?{season}\b(?!\s+of\b)",
        # the first quarter of 2017; Q3 2016
        "quarter": rf"\b(?:(?:the\s+)?(?P<q>{quarters})\s+quarter\s+(?:of\s+)?|Q(?P<qn>[1-4])\s+){year('y')}",
        # the 1990s; the early 2000s
        "decade": r"\b(?:the\s+)?(?:(?P<dmod>early|mid|late)[\s-]+)?(?P<dec>(?:1[89]|20)\d0)['’]?s\b",
        # 2017-18; 2014-2016
        "year_range": rf"\b(?:(?P<pre>between|from)\s+)?{year('y')}\s*[-–/]\s*(?P<y2>(?:1[89]|20)?\d\d)(?![\d])",
        # 2013; mid-2017; the end of 2016
        "year": rf"\b{mod}(?:the\s+year\s+)?{year('y')}",
        # yesterday, today, last night, tonight
        "deictic": r"\b(?P<deictic>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|"
        r"tonight|tomorrow|last\s+night|overnight|this\s+(?:morning|afternoon|evening))\b",
        # on Saturday; last Monday; Monday night
        "weekday": rf"\b(?:(?P<wrel>last|this|next|past|early|late|early\s+on|late\s+on)\s+)?{weekday}"
        r"(?:\s+(?:night|morning|afternoon|evening))?\b",
        # last week; this month; earlier this year; the previous week is narrative (below)
        "calendar_rel": r"\b(?:(?P<when>earlier|later)\s+)?(?P<rel>last|this|next|past|the)\s+"
        r"(?P<cu>week(?:end)?|month|year)\b",
        # two days ago; a few weeks ago
        "ago": rf"\b(?:{count}\s+)?(?P<u>{units})\s+ago\b",
        # in the past year; over the last two weeks; the past 24 hours
        "past_period": rf"\b(?:the\s+(?:past|last|previous|preceding)|past|recent)\s+(?:{count}\s+)?(?P<u>{units})\b",
        # the end of the month; the beginning of this year (the current one, or the anchor's)
        "mod_current": rf"\b{mod}(?:the|this)\s+(?P<cu>week|month|year)\b",
        # three weeks later; one month prior; days later; a week after
        "narrative": rf"\b(?:{count}\s+)?(?P<u>{units})\s+(?P<dir>{direction})\b",
        # the next day; the following week; the previous month
        "narrative_next": r"\b(?:the\s+)?(?P<nx>next|following|previous|preceding|prior)\s+"
        r"(?P<u>day|morning|evening|night|afternoon|week|month|year)\b",
        # the day after; the day before
        "narrative_dayafter": r"\bthe\s+(?P<u>day|week|month|year)\s+(?P<dir>after|before)\b",
        # that day; the same day; later that month
        "narrative_same": r"\b(?:(?P<when>earlier|later)\s+)?(?:that|the\s+same)\s+(?P<u>day|night|morning|evening|"
        r"afternoon|week|month|year)\b",
    }
    return {name: re.compile(rx, re.IGNORECASE) for name, rx in p.items()}
