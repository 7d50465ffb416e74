"""Country hints from words that are not place names: demonyms and named armed groups.

A short report often names one small place and nothing else ("Turkish warplanes targeted YPG
positions south of Ras al-Ain"). Its places alone cannot tell the Syrian Ras al-Ain from the
Israeli namesake; an analyst reads "YPG" and knows. :func:`country_hints` gives the resolver
that knowledge as country weights that join the countries of the document's places:

* demonyms the gazetteer knows ("Syrian", "Iraqi", "Turkish-backed"), each mention
  :data:`DEMONYM_WEIGHT`;
* cues of ``data/gazetteer/country_cues.tsv`` (armed groups, forces, institutions), each
  mention the weight written in its row.

A country's hint is capped at :data:`MAX_HINT` (a place named in the text weighs 1.0 times
its first-pass confidence), so hints tip ambiguous names without overruling the places a
report actually names.

A report that names no armed group or institution of any country ("Security forces dismantled two IEDs in
the Tabaj basin") still comes from somewhere: from the analyst's own stream of reports. The analyst's layers
(places learned from their coded events, the GeoNames country files they added) say where that is, so such a
report gets the countries of those layers as its cues (:func:`analyst_area`, at most :data:`AREA_WEIGHT`):
"Mandali district" is then the Iraqi town, not Mandalay, and a small Venezuelan namesake is left unresolved
rather than guessed. With no layer of their own, nothing changes.
"""

from __future__ import annotations

import csv
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import ConfigError
from .gazetteer import Gazetteer
from .index import KIND_DEMONYM, data_dir

DEMONYM_WEIGHT = 0.5
MAX_HINT = 1.0
#: each country of the analyst's area weighs this much: a country that holds at least AREA_SHARE of the places of
#: one of their layers
AREA_WEIGHT = 0.5
AREA_SHARE = 0.05
#: the layer of the embedded index, which says nothing of where the analyst works
EMBEDDED_LAYER = "embedded"
#: capitalised words that may be demonyms: "Syrian(s)", "Iraqi(s)", "Turkish", "Lebanese", "Kurdish"
_DEMONYM_SHAPE = re.compile(r"\b[A-Z][a-z]+(?:ians?|ans?|is?|ish|ese|ic)\b")


@lru_cache(maxsize=1)
def load_cues() -> tuple[re.Pattern[str] | None, dict[str, list[tuple[str, float]]]]:
    """The cue table as one regular expression and cue -> [(country code, weight)]: a group active in several
    countries ("Islamic State": Syria and Iraq) has a row for each."""
    path = data_dir() / "country_cues.tsv"
    table: dict[str, list[tuple[str, float]]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
            for row in rows:
                cue, country = (row.get("cue") or "").strip(), (row.get("country") or "").strip().upper()
                if not cue or len(country) != 2:
                    raise ValueError(f"row {row!r}: a cue and a two-letter country code are required")
                table.setdefault(cue, []).append((country, float(row.get("weight") or DEMONYM_WEIGHT)))
    except (OSError, ValueError, csv.Error) as exc:
        raise ConfigError("E006", path=path, reason=str(exc)) from exc
    if not table:
        return None, table
    alternatives = "|".join(re.escape(c) for c in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])"), table


@dataclass(frozen=True)
class CountryHints:
    """Country code -> weight (each at most :data:`MAX_HINT`), by kind of evidence.

    ``cues`` (armed groups, institutions) place the report in a country; ``demonyms`` only say
    who is involved ("Russian warplanes" strike Syria), so they tip a choice between namesakes
    but never make a place from another country look out of context.
    """

    cues: Counter[str]
    demonyms: Counter[str]
    #: the analyst's area, for a report with no cue of its own (:func:`analyst_area`); it places the report as a
    #: cue does
    area: Counter[str] = field(default_factory=Counter)

    def combined(self) -> Counter[str]:
        total = self.cues + self.demonyms + self.area
        return Counter({cc: min(w, MAX_HINT) for cc, w in total.items()})

    def placing(self) -> Counter[str]:
        """The hints that place the report in a country: its cues, else the analyst's area."""
        return self.cues + self.area


def country_hints(text: str, gazetteer: Gazetteer) -> CountryHints:
    """The country hints of ``text``: its armed-group cues, its demonyms, and without cues the analyst's area."""
    cues: Counter[str] = Counter()
    pattern, table = load_cues()
    if pattern is not None:
        for m in pattern.finditer(text):
            for country, weight in table[m.group()]:
                cues[country] += weight  # type: ignore[assignment]  # float weights in a Counter
    demonyms: Counter[str] = Counter()
    for word, count in Counter(m.group() for m in _DEMONYM_SHAPE.finditer(text)).items():
        for cand in gazetteer.lookup(word, 3, demonyms=True):
            if cand.kind == KIND_DEMONYM and cand.match >= 0.9 and cand.place.country_code:
                demonyms[cand.place.country_code] += DEMONYM_WEIGHT * count  # type: ignore[assignment]  # float weights in a Counter
                break

    def cap(c: Counter[str]) -> Counter[str]:
        return Counter({cc: min(w, MAX_HINT) for cc, w in c.items()})

    return CountryHints(cap(cues), cap(demonyms), Counter() if cues else analyst_area(gazetteer))


_AREAS: dict[tuple[str, ...], Counter[str]] = {}
_AREAS_LOCK = threading.Lock()


def analyst_area(gazetteer: Gazetteer) -> Counter[str]:
    """Where the analyst works: the countries that hold at least :data:`AREA_SHARE` of the places of one of their
    own layers (every layer but the embedded index), each weighing :data:`AREA_WEIGHT`. Empty when there is no
    such layer. Read once per set of layers."""
    own = [layer for layer in gazetteer.layers if layer.name != EMBEDDED_LAYER]
    key = tuple(str(layer.path) for layer in own)
    with _AREAS_LOCK:
        if key in _AREAS:
            return Counter(_AREAS[key])
    area: Counter[str] = Counter()
    for layer in own:
        counts = {cc: n for cc, n in layer.query("SELECT country_code, COUNT(*) FROM places GROUP BY 1", ()) if cc}
        total = sum(counts.values())
        for cc, n in counts.items():
            if n >= AREA_SHARE * total:
                area[cc] = AREA_WEIGHT  # type: ignore[assignment]  # float weights in a Counter
    with _AREAS_LOCK:
        _AREAS[key] = area
    return Counter(area)
