"""The gazetteer service: name lookup and place retrieval over the compiled index and the user's layers.

:func:`load_gazetteer` opens ``<home>/gazetteer/embedded-v1.sqlite`` (building it once if it is
missing or of an older schema) plus every ``<home>/gazetteer/layers/*.sqlite``; layers are
searched first, so a user's own entries win ties over the embedded data.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from ..geodesy import haversine_km as haversine_km  # re-exported: syraq.geo.haversine_km
from ..model import Place
from .index import (
    INDEX_NAME,
    KIND_ALT,
    KIND_BARE,
    KIND_DEMONYM,
    KIND_DERIVED,
    KIND_NAME,
    PlaceRow,
    build_full_index,
    index_is_current,
    read_meta,
    rows_from_geonames,
    write_index,
)
from .normalize import ARTICLES, _fold, name_keys, surface, tokens

#: match score by how a name matched (before the spelling-closeness adjustment)
KIND_SCORE = {KIND_NAME: 1.0, KIND_ALT: 0.95, KIND_DERIVED: 0.9, KIND_BARE: 0.85, KIND_DEMONYM: 0.8}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to: the place, how well the name matched (0-1), the layer, the matched name."""

    place: Place
    match: float
    layer: str
    matched_name: str = ""
    kind: int = KIND_NAME


#: the shortest name key :meth:`Gazetteer.near_spellings` tries, and the match score it gives
NEAR_SPELLING_MIN_KEY = 6
NEAR_SPELLING_MATCH = 0.8
#: the shortest key a user layer's places may be two edits from
TWO_EDITS_MIN_KEY = 10
#: the shortest stem :meth:`Gazetteer.qualified_spellings` tries, and the match score it gives
QUALIFIED_MIN_KEY = 4
QUALIFIED_MATCH = 0.82
#: up to this many places a country's keys are read through its places; beyond, through the key B-tree
NEAR_SPELLING_SMALL_COUNTRY = 20_000


def _edits(a: str, b: str) -> int:
    """Levenshtein distance between two keys (insertions, deletions, substitutions)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def one_edit(a: str, b: str) -> bool:
    """True when ``b`` is one insertion, deletion, substitution or adjacent transposition from ``a``."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1 or a == b:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :] or (i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :])
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


#: the match score of a name written without the Arabic article the gazetteer's name has ("Hawija", "Al-Hawija"):
#: a spelling fold's (KIND_ALT), so that it counts as a strong match
ARTICLE_DROPPED = 0.93
#: an Arabic article written as a word of its own ("al Hawija", "el-Bab") or joined by a hyphen ("ash-Shaddadi")
_ARTICLE_RE = re.compile(r"\b(?:al|el)[\s-]+(?=\w)|\b(?:a[dnrstz]|ash|e[dnrstz]|esh|a|e)-(?=\w)", re.IGNORECASE)


def _without_articles(name: str) -> str:
    """A name's surface without its Arabic articles ("Al-Hawija" -> "hawija", "Tal al-Khaznah" -> "tal khaznah")."""
    return surface(_ARTICLE_RE.sub("", name))


def _closeness(a: str, b: str) -> float:
    """How close two surfaces are: 1 when equal, else 0.85 to 1 by their similarity ratio."""
    return 1.0 if a == b else 0.85 + 0.15 * SequenceMatcher(None, a, b).ratio()


def _both_articled(q_bare: str, place: Place) -> float:
    """The score of an articled query against the closest of the place's names that open with an article."""
    best = 0.0
    for n in (place.name, *place.alternate_names):
        head, _, rest = surface(n).partition(" ")
        if rest and head in ARTICLES:
            best = max(best, round(ARTICLE_DROPPED * _closeness(q_bare, rest), 4))
    return best


def _match_score(query: str, kind: int, matched: str) -> float:
    """Match quality: the kind of name matched, lowered by how far its spelling is from the query's."""
    q, m = surface(query), surface(matched)
    if kind == KIND_ALT and query.endswith(".") and query.casefold() == matched.casefold():
        return KIND_SCORE[KIND_NAME]  # an abbreviation written as listed ("Tenn.", "Alta."): as good as the name
    if q == m:  # the same surface: exact, or as exact as case and marks allow
        return round(KIND_SCORE.get(kind, 0.8) * (1.0 if query.casefold() == matched.casefold() else 0.99), 4)
    return round(KIND_SCORE.get(kind, 0.8) * _closeness(q, m), 4)


class _Layer:
    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path
        try:
            # check_same_thread=False: reads only, guarded by a lock for worker threads
            self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self.con.execute("SELECT 1 FROM names LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise ConfigError("E400", path=path, reason=str(exc)) from exc
        self.lock = threading.Lock()
        self.country_keys: dict[tuple[str, str], dict[int, dict[str, list[int]]]] = {}
        self.country_sizes: dict[str, int] = {}

    def query(self, sql: str, params: Sequence[object]) -> list[tuple]:
        with self.lock:
            return self.con.execute(sql, params).fetchall()


_PLACE_SQL = (
    "SELECT p.pk, p.id, p.name, p.lat, p.lon, p.feature_class, p.feature_code, p.country_code, p.country, "
    "p.admin1, p.admin2, p.population, p.alternate_names, p.source"
)


def _place(row: tuple, layer: str) -> Place:
    return Place(
        id=row[1],
        name=row[2],
        lat=row[3],
        lon=row[4],
        feature_class=row[5] or "",
        feature_code=row[6] or "",
        country_code=row[7] or "",
        country=row[8] or "",
        admin1=row[9] or "",
        admin2=row[10] or "",
        population=int(row[11] or 0),
        alternate_names=tuple(a for a in (row[12] or "").split("|") if a),
        source=layer,
    )


class Gazetteer:
    """Name lookup over one or more index files (the embedded index and the user's layers)."""

    def __init__(self, paths: Iterable[tuple[str, Path]], cache_size: int = 50_000) -> None:
        self.layers = [_Layer(name, path) for name, path in paths]
        if not self.layers:
            raise ConfigError("E400", path="(none)", reason="no gazetteer index given")
        self._lookup = lru_cache(maxsize=cache_size)(self._lookup_uncached)
        self._get = lru_cache(maxsize=cache_size)(self._get_uncached)

    def __getstate__(self) -> dict[str, object]:
        """Pickle as the layer paths (for process pools and Dask workers); connections reopen on load."""
        return {"paths": [(layer.name, layer.path) for layer in self.layers]}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["paths"])  # type: ignore[misc, arg-type]

    @classmethod
    def open(cls, path: Path) -> Gazetteer:
        """A gazetteer over a single index file."""
        return cls([("embedded", path)])

    # ------------------------------------------------------------------ lookups

    def lookup(self, name: str, limit: int = 10, *, demonyms: bool = False) -> list[Candidate]:
        """Places a name may refer to, best match first (then by population).

        ``demonyms`` also matches demonyms ("Syrian" -> Syria), for callers that already
        know the text names a place; recognition never asks for them.
        """
        if not name or not name.strip():
            return []
        found = self._lookup(name, demonyms)
        return list(found[:limit])

    def has_key(self, name: str) -> bool:
        """True if any place has this name under the key rules (cheap: used to scan text)."""
        return bool(self._lookup(name, False))

    def _lookup_uncached(self, name: str, demonyms: bool) -> tuple[Candidate, ...]:
        full, bare = name_keys(name)
        if not full:
            return ()
        keys = (full, bare) if bare != full else (full,)
        q_surface = surface(name)
        best: dict[str, Candidate] = {}
        for layer in self.layers:
            marks = ",".join("?" * len(keys))
            rows = layer.query(
                f"{_PLACE_SQL}, n.kind, n.name, n.key FROM names n JOIN places p ON p.pk = n.pk "
                f"WHERE n.key IN ({marks})",
                keys,
            )
            for row in rows:
                kind, matched, key = row[14], row[15], row[16]
                if kind == KIND_DEMONYM and not demonyms:
                    continue
                # a bare query key meeting a full index key (or the reverse) is an article-less match
                if key != full and kind < KIND_BARE:
                    kind = KIND_BARE
                place = _place(row, layer.name)
                if kind != KIND_DEMONYM and q_surface in {surface(n) for n in (place.name, *place.alternate_names)}:
                    matched = next(n for n in (place.name, *place.alternate_names) if surface(n) == q_surface)
                    if kind == KIND_BARE and surface(matched) == q_surface:
                        kind = KIND_ALT
                score = _match_score(name, kind, matched)
                if kind in (KIND_BARE, KIND_DERIVED) and _without_articles(name) == q_surface:
                    # "Hawija" for "Al-Hawija" or "Al Hawijah": English drops the article the gazetteer spells; the
                    # rest of the spelling is scored as usual (the reverse, "Al-Ahram" for a place "Ahram", is
                    # as likely a newspaper's or a firm's name)
                    bare = _without_articles(matched)
                    if bare != surface(matched):
                        score = max(score, round(ARTICLE_DROPPED * _closeness(q_surface, bare), 4))
                elif kind in (KIND_BARE, KIND_DERIVED) and _without_articles(name) != q_surface:
                    # "as-Suqaylabiyah" for "As Suqaylibīyah": the query and one of the place's names both spell
                    # an article; the rest of the spellings are compared
                    score = max(score, _both_articled(_without_articles(name), place))
                if kind == KIND_DEMONYM and surface(matched) == q_surface:
                    # asked for demonyms, the caller knows the words name a place: "Canadian" is
                    # Canada before it is a village called Canadian
                    score = max(score, KIND_SCORE[KIND_NAME])
                old = best.get(place.id)
                if old is None or score > old.match:
                    best[place.id] = Candidate(place, score, layer.name, matched, kind)
        return tuple(sorted(best.values(), key=lambda c: (-c.match, -c.place.population, c.place.id)))

    def near_spellings(self, name: str, countries: Iterable[str] | None) -> tuple[Candidate, ...]:
        """Places in ``countries`` whose name key is one edit (a letter added, dropped, changed or two letters
        swapped) from the name's: "Quamishli" for Qamishli, "Harsta" for Harasta, "Hazarma" for Hazrama.

        For names the exact lookup does not place: a report's typo or a rare transliteration of a town of the
        countries the report is about. Only populated places, and only keys that begin with the same letter. In the
        user's layers (an analyst's coded places: few, and of the theatre) a key of :data:`TWO_EDITS_MIN_KEY`
        letters or more may be two edits away. Keys of under :data:`NEAR_SPELLING_MIN_KEY` letters are not tried (too
        many short names lie one edit apart). Candidates score :data:`NEAR_SPELLING_MATCH`, best-known first.
        ``countries=None``: any country, but only in the user's layers (an analyst's coded places are the
        places of the theatre the analyst works on).
        """
        full, bare = name_keys(name)
        queries = {k for k in (full, bare) if len(k) >= NEAR_SPELLING_MIN_KEY}
        if not queries:
            return ()
        found: dict[str, Candidate] = {}
        for layer in self.layers:
            if countries is None and layer.name == "embedded":
                continue
            wanted = (
                {c.upper() for c in countries if c}
                if countries is not None
                else {c for (c,) in layer.query("SELECT DISTINCT country_code FROM places", ()) if c}
            )
            # an analyst's own coded places are few and of the theatre: a long name may be two edits away there
            # ("Um al-Khalayel" for Um al-Khalakhil); in GeoNames' millions of names only one
            reach = 2 if layer.name != "embedded" else 1
            for country in sorted(wanted):
                near = {
                    key: pks
                    for q in queries
                    for length in range(len(q) - reach, len(q) + reach + 1)
                    for key, pks in self._country_keys(layer, country, q[0]).get(length, {}).items()
                    if key not in queries
                    and (one_edit(q, key) or (len(q) >= TWO_EDITS_MIN_KEY and reach == 2 and _edits(q, key) <= 2))
                }
                for pks in near.values():
                    for row in layer.query(f"{_PLACE_SQL} FROM places p WHERE p.pk IN ({','.join('?' * len(pks))})", pks):
                        place = _place(row, layer.name)
                        if place.feature_class == "P" and place.id not in found:
                            found[place.id] = Candidate(place, NEAR_SPELLING_MATCH, layer.name, place.name, KIND_BARE)
        return tuple(sorted(found.values(), key=lambda c: (-c.place.population, c.place.id)))

    def qualified_spellings(
        self, name: str, countries: Iterable[str] | None, qualifiers: Mapping[str, Sequence[str]]
    ) -> tuple[Candidate, ...]:
        """Places whose name is ``name`` with a qualifier added, dropped or translated: villages of one name are
        told apart by a word ("Atshanah Sharqiya" is eastern Atshanah, "Msheirfeh Qabliyeh" southern Msheirfeh,
        "Big Zafar" Zafar al-Kabir), and reports write it, drop it or put it in English.

        ``qualifiers`` maps a meaning ("east", "big") to its spellings, Arabic ones after the name and English
        ones before it. Only populated places of ``countries`` (``None``: the user's layers only, as for
        :meth:`near_spellings`); candidates score :data:`QUALIFIED_MATCH`, best-known first.
        """
        toks = tokens(name)
        meaning_of = {_fold(w): m for m, words in qualifiers.items() for w in words}
        spellings = {m: {_fold(w) for w in words} for m, words in qualifiers.items()}
        base, meaning = toks, ""
        if len(toks) > 1 and _fold(toks[-1]) in meaning_of:  # "Atshanah Sharqiya", "Zafar al-Kabir"
            meaning = meaning_of[_fold(toks[-1])]
            base = toks[:-2] if len(toks) > 2 and toks[-2] == "al" else toks[:-1]
        elif len(toks) > 1 and _fold(toks[0]) in meaning_of:  # "Eastern Atshana", "Big Zafar"
            meaning, base = meaning_of[_fold(toks[0])], toks[1:]
        stem = "".join(_fold(t) for t in base)
        if len(stem) < QUALIFIED_MIN_KEY:
            return ()
        words = spellings[meaning] if meaning else set(meaning_of)
        keys = {stem + w for w in words} | {stem + "al" + w for w in words}
        if meaning:
            keys.add(stem)  # the qualifier dropped: the village the gazetteer knows by its plain name
            # translated, English ones before the name: "Uwaynat Kabirah" for Big Oweinat (a name written with no
            # qualifier is not tried so: "Castle" is not Newcastle)
            keys |= {w + stem for w in words}
        keys -= set(name_keys(name))
        found: dict[str, Candidate] = {}
        wanted = {c.upper() for c in countries if c} if countries is not None else None
        for layer in self.layers:
            if wanted is None and layer.name == "embedded":
                continue
            rows = layer.query(
                f"{_PLACE_SQL}, n.name FROM names n JOIN places p ON p.pk = n.pk "
                f"WHERE n.key IN ({','.join('?' * len(keys))}) AND n.kind < ?",
                (*sorted(keys), KIND_DEMONYM),
            )
            for row in rows:
                place = _place(row, layer.name)
                if place.feature_class == "P" and (wanted is None or place.country_code in wanted):
                    found.setdefault(place.id, Candidate(place, QUALIFIED_MATCH, layer.name, row[14], KIND_BARE))
        return tuple(sorted(found.values(), key=lambda c: (-c.place.population, c.place.id)))

    def _country_keys(self, layer: _Layer, country: str, initial: str) -> dict[int, dict[str, list[int]]]:
        """The name keys beginning with ``initial`` of one country's places in one layer, by length (cached per
        process). A country of few places is read through the places(country_code) index; a large one (the
        United States: 115,000 names) through the key B-tree, one initial at a time."""
        cache = layer.country_keys
        if (country, initial) not in cache:
            if country not in layer.country_sizes:
                layer.country_sizes[country] = layer.query(
                    "SELECT count(*) FROM places WHERE country_code = ?", (country,)
                )[0][0]
            if layer.country_sizes[country] <= NEAR_SPELLING_SMALL_COUNTRY:
                sql = (
                    "SELECT n.key, n.pk FROM places p JOIN names n ON n.pk = p.pk "
                    "WHERE p.country_code = ? AND n.kind < ? AND substr(n.key, 1, 1) = ?"
                )
                params: tuple[object, ...] = (country, KIND_DEMONYM, initial)
            else:
                sql = (
                    "SELECT n.key, n.pk FROM names n JOIN places p ON p.pk = n.pk "
                    "WHERE n.key >= ? AND n.key < ? AND +p.country_code = ? AND n.kind < ?"
                )
                params = (initial, chr(ord(initial) + 1), country, KIND_DEMONYM)
            by_length: dict[int, dict[str, list[int]]] = {}
            for key, pk in layer.query(sql, params):
                by_length.setdefault(len(key), {}).setdefault(key, []).append(pk)
            cache[(country, initial)] = by_length
        return cache[(country, initial)]

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        return self._get(place_id)

    def _get_uncached(self, place_id: str) -> Place | None:
        for layer in self.layers:
            rows = layer.query(f"{_PLACE_SQL} FROM places p WHERE p.id = ?", (place_id,))
            if rows:
                return _place(rows[0], layer.name)
        return None

    def stats(self) -> dict[str, dict[str, str]]:
        """Per layer: the index's meta table (counts, versions, build time)."""
        return {layer.name: dict(layer.query("SELECT key, value FROM meta", ())) for layer in self.layers}

    def close(self) -> None:
        for layer in self.layers:
            layer.con.close()


# ---------------------------------------------------------------------- building and loading


def gazetteer_dir(home: Path | None = None) -> Path:
    from .. import config

    return (home or config.home()) / "gazetteer"


def build_index(
    path: Path,
    *,
    geonames_rows: Iterable[list[str]] | None = None,
    geonames_file: Path | None = None,
    rows: Iterable[PlaceRow] | None = None,
    countries: Iterable[str] | None = None,
    supplement: bool = True,
) -> Path:
    """Compile an index file at ``path`` and return it.

    With ``geonames_file`` (a GeoNames-format TSV) or ``geonames_rows`` (its split lines) or
    ``rows``, only those places go in (tests, layers), plus our supplement unless
    ``supplement=False``; with none of them, the full embedded build from the packaged data
    (``countries`` limits it to some ISO codes).
    """
    from .index import apply_aliases, read_aliases, read_geonames_tsv, read_supplement

    if geonames_file is not None:
        built = read_geonames_tsv(geonames_file)
    elif geonames_rows is not None:
        built = rows_from_geonames(geonames_rows)
    elif rows is not None:
        built = list(rows)
    else:
        return build_full_index(path, countries=countries)
    if supplement:
        built.extend(read_supplement())
    apply_aliases(built, read_aliases())
    return write_index(path, built, sources="geonames-format rows")


_OPEN: dict[tuple[str, ...], Gazetteer] = {}
_OPEN_LOCK = threading.Lock()


def load_gazetteer(home: Path | None = None) -> Gazetteer:
    """The embedded index (built on first use) with the user's layers on top; cached per process."""
    base = gazetteer_dir(home)
    path = base / INDEX_NAME
    with _OPEN_LOCK:
        if not index_is_current(path):
            build_index(path)
        layer_paths = sorted((base / "layers").glob("*.sqlite")) if (base / "layers").is_dir() else []
        key = (str(path), *(str(p) for p in layer_paths))
        gaz = _OPEN.get(key)
        if gaz is None:
            gaz = Gazetteer([*((p.stem, p) for p in layer_paths), ("embedded", path)])
            _OPEN[key] = gaz
        return gaz


def gazetteer_info(home: Path | None = None) -> dict[str, object]:
    """What ``syraq info`` shows: the index file, whether it is current, its counts, and the layers.

    Never builds anything.
    """
    from .layers import list_layers

    path = gazetteer_dir(home) / INDEX_NAME
    info: dict[str, object] = {"index": str(path), "exists": path.is_file(), "current": index_is_current(path)}
    if path.is_file():
        try:
            info["meta"] = read_meta(path)
        except sqlite3.Error as exc:
            info["meta"] = f"unreadable: {exc}"
    info["layers"] = list_layers(home)
    return info


def rebuild_index(home: Path | None = None, *, countries: Iterable[str] | None = None) -> Path:
    """Force a rebuild of the embedded index under ``home`` (``syraq gazetteer build``); returns its path.

    Open gazetteers of this process over the old file are dropped from the cache.
    """
    path = gazetteer_dir(home) / INDEX_NAME
    with _OPEN_LOCK:
        build_index(path, countries=countries)
        for key in [k for k in _OPEN if k[0] == str(path)]:
            _OPEN.pop(key).close()
    return path
