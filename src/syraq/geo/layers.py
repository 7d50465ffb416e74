"""Gazetteer layers: the user's own places, on top of the embedded index.

A layer is an index file of the same schema under ``<home>/gazetteer/layers/<name>.sqlite``;
:func:`~syraq.geo.gazetteer.load_gazetteer` searches every layer before the embedded index.

* :func:`load_geonames_file` — a GeoNames country dump (``SY.txt``: every village, with
  alternate names) already on disk;
* :func:`learn_places` — the places of an ACLED or UCDP GED export: every location the coders
  placed exactly (ACLED ``geo_precision`` 1, UCDP ``where_prec`` 1), one place per name and point;
* :func:`list_layers` and :func:`remove_layer`.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError, NotFoundError
from .gazetteer import gazetteer_dir
from .index import (
    PlaceRow,
    apply_aliases,
    country_names,
    read_aliases,
    read_geonames_tsv,
    read_meta,
    write_index,
)
from .recognize import load_rules

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

#: columns of the supported event exports: name, lat, lon, admin1, admin2, country, precision
EVENT_FORMATS: dict[str, dict[str, str]] = {
    "acled": {
        "name": "location",
        "lat": "latitude",
        "lon": "longitude",
        "admin1": "admin1",
        "admin2": "admin2",
        "country": "country",
        "precision": "geo_precision",
    },
    "ucdp": {
        "name": "where_coordinates",
        "lat": "latitude",
        "lon": "longitude",
        "admin1": "adm_1",
        "admin2": "adm_2",
        "country": "country",
        "precision": "where_prec",
    },
}


def layers_dir(home: Path | None = None) -> Path:
    return gazetteer_dir(home) / "layers"


def _layer_path(name: str, home: Path | None) -> Path:
    if not _NAME.match(name):
        raise InputError("E403", path=name, reason="a layer name is lower-case letters, digits, '-' or '_'")
    return layers_dir(home) / f"{name}.sqlite"


def load_geonames_file(path: Path, *, name: str | None = None, home: Path | None = None) -> Path:
    """Compile a GeoNames dump file into a layer (named after the file unless ``name``); returns its path."""
    rows = read_geonames_tsv(Path(path), source=name or Path(path).stem.lower())
    apply_aliases(rows, read_aliases())
    target = _layer_path(name or Path(path).stem.lower(), home)
    return write_index(target, rows, sources=f"GeoNames file {Path(path).name}")


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "place"


#: the geo precisions whose location a layer learns: 1, the event happened at the named place; 2, near it
#: (ACLED: "the X area"; UCDP: within 25 km). Both name a real place at its own coordinates. Coarser
#: rows name a province or region coded to a stand-in point, which would teach the name a wrong place
#: (learning ACLED's precision-3 rows too lowered January's located events within 25 km by 0.8 points).
LEARNED_PRECISIONS = frozenset({"1", "2"})


#: ACLED names a place "Town - Part" ("Damascus - Jobar", "Mosul - Old City") or "Arabic name - Kurdish name"
#: ("Hamam - Qushla", "Bedina - Baadinli"); reports write one of the parts
_LABEL_PARTS = re.compile(r"\s+-\s+")


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Words that make no name alone (data/gazetteer/recognition.toml), and the military words of ACLED's sites."""
    rules = load_rules()
    return rules.common_words | rules.never_alone | rules.site_words | {"military", "air", "airbase", "airport"}


def _label_parts(label: str) -> list[str]:
    """The parts of a dashed location name, as its alternate names: each part that is a name (capitalised, with a
    word that is not generic: not "Airbase", "Military Base", "Old City")."""
    parts = [p.strip() for p in _LABEL_PARTS.split(label)]
    if len(parts) < 2:
        return []
    generic = _generic_words()
    return [
        p
        for p in parts
        if p[:1].isupper() and any(w not in generic for w in re.findall(r"[^\W\d_]+", p.lower()))
    ]


def learn_places(path: Path, format: str = "acled", *, name: str | None = None, home: Path | None = None) -> Path:
    """Learn the named locations of an ACLED or UCDP GED CSV export as a layer; returns its path.

    One place per (name, point rounded to 0.01°); its population field holds how many events
    were coded there, so often-used places rank first among same-named ones.
    """
    cols = EVENT_FORMATS.get(format)
    if cols is None:
        raise InputError("E403", path=path, reason=f"unknown format {format!r}; use one of {', '.join(EVENT_FORMATS)}")
    codes = {v.lower(): k for k, v in country_names().items()}
    counts: Counter[tuple[str, float, float]] = Counter()
    info: dict[tuple[str, float, float], dict[str, Any]] = {}
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in cols.values() if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError("E403", path=path, reason=f"not a {format} export: no column {', '.join(missing)}")
            for rec in reader:
                if str(rec.get(cols["precision"], "")).strip() not in LEARNED_PRECISIONS:
                    continue
                label = (rec.get(cols["name"]) or "").strip()
                if format == "ucdp":  # "Deir ez-Zor town" / "Deir ez-Zor city (...)": the name before the qualifier
                    label = re.split(r"\s+(?:town|city|village|\()", label)[0].strip()
                try:
                    lat, lon = float(rec[cols["lat"]]), float(rec[cols["lon"]])
                except (TypeError, ValueError):
                    continue
                if not label or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    continue
                key = (label, round(lat, 2), round(lon, 2))
                counts[key] += 1
                info.setdefault(
                    key,
                    {
                        "lat": lat,
                        "lon": lon,
                        "admin1": (rec.get(cols["admin1"]) or "").strip(),
                        "admin2": (rec.get(cols["admin2"]) or "").strip(),
                        "country": (rec.get(cols["country"]) or "").strip(),
                    },
                )
    except OSError as exc:
        raise InputError("E403", path=path, reason=exc.strerror or str(exc)) from exc
    if not counts:
        raise InputError("E403", path=path, reason="no located rows in it (geo precision 1 or 2, with a name and coordinates)")
    rows = []
    for key, n in counts.items():
        label, rlat, rlon = key
        meta = info[key]
        country = re.sub(r"\s*\(.*\)$", "", meta["country"])
        rows.append(
            PlaceRow(
                id=f"{format}:{_slug(label)}@{rlat:.2f},{rlon:.2f}",
                name=label,
                alternate_names=_label_parts(label),
                lat=meta["lat"],
                lon=meta["lon"],
                feature_class="P",
                feature_code="PPL",
                country_code=codes.get(country.lower(), ""),
                country=country,
                admin1=meta["admin1"],
                admin2=meta["admin2"],
                population=n,
                source=format,
            )
        )
    layer = name or f"{format}-{_slug(Path(path).stem)}"
    return write_index(_layer_path(layer, home), rows, sources=f"{format} export {Path(path).name}")


def list_layers(home: Path | None = None) -> list[dict[str, Any]]:
    """The installed layers: name, path, places, sources and build time."""
    out = []
    folder = layers_dir(home)
    for path in sorted(folder.glob("*.sqlite")) if folder.is_dir() else []:
        try:
            meta = read_meta(path)
        except sqlite3.Error:
            meta = {}
        out.append(
            {
                "name": path.stem,
                "path": str(path),
                "places": int(meta.get("places", 0) or 0),
                "sources": meta.get("sources", ""),
                "built_at": meta.get("built_at", ""),
            }
        )
    return out


def remove_layer(name: str, home: Path | None = None) -> None:
    """Delete a layer (E402 if there is none of that name)."""
    path = layers_dir(home) / f"{name}.sqlite"
    if not _NAME.match(name) or not path.is_file():
        known = ", ".join(layer["name"] for layer in list_layers(home)) or "(none)"
        raise NotFoundError("E402", name=name, known=known)
    path.unlink()
