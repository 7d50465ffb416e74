"""Parts of a province: "southern Idleb", "the northern countryside of Aleppo", "Hama north western
countryside".

Reports place most villages by the part of the province they lie in. When the village itself is
unknown to the gazetteer, the province's seat is a poor stand-in (it may lie 60 km from the
named part); the part is better. :func:`direction_cue` reads the direction a report gives
around a province's name, and :func:`province_part` returns a point for that part: the median
of the province's populated places that lie furthest in that direction (the quarter of them
furthest along it), as a region (``feature_code`` "RGN", geo_precision 2) whose id says how it
was made (``syraq:part:<province id>:<direction>``).

Only provinces (first-level divisions) and their seats read as the province qualify: "the
western outskirts of Aleppo city" is a part of a city, not of a province.

A town that gives its name to a district ("western Afrin", "the northern countryside of Afrin district") has parts
too (:func:`district_part`), made the same way from the places the analyst's layers code in that district (their
admin2): the embedded data knows few districts' members. Its id starts with :data:`DISTRICT_PART_PREFIX`.
"""

from __future__ import annotations

import math
import re
import statistics
import threading
from collections.abc import Callable

from ..model import Place
from .gazetteer import Gazetteer
from .normalize import name_key

_POINTS = {"north": (1.0, 0.0), "south": (-1.0, 0.0), "east": (0.0, 1.0), "west": (0.0, -1.0)}
_DIR = r"(?:north|south|east|west)(?:ern)?(?:[- ]?(?:north|south|east|west)(?:ern)?)?"
#: "southern Idleb", "the northern countryside of Aleppo", "north-eastern parts of Hasakah", "the eastern desert of Homs"
_BEFORE = re.compile(
    rf"\b({_DIR})(?:\s+(?:countryside|parts?|areas?|rural\s+areas?|suburbs|desert|badia)\s+of)?\s+(?:the\s+)?$", re.I
)
#: "Idleb southern countryside", "Hama north western countryside", "Aleppo's northern countryside"
_AFTER = re.compile(rf"^(?:['’]s)?\s+({_DIR})\s+(?:countryside|parts?|areas?|rural\s+areas?|suburbs)\b", re.I)
#: a part of a city, not of its province ("the western outskirts of Aleppo city"); "the northern countryside of Afrin
#: district" is a part of the district the town gives its name to (:func:`district_part`)
_CITY_AFTER = re.compile(r"^(?:['’]s)?\s+(?:city|town|village|neighbou?rhoods?)\b", re.I)
#: fewer populated places than this in a province: no part is computed
MIN_MEMBERS = 5
#: the id of a part is this prefix, the province's id and the direction
PART_ID_PREFIX = "syraq:part:"
#: a district's part ("western Afrin") has this prefix, the seat's id and the direction
DISTRICT_PART_PREFIX = f"{PART_ID_PREFIX}district:"
#: the furthest quarter (January 2018 ACLED harnesses, within 25 km: a third 0.7546/0.7498, a quarter
#: 0.7580/0.7514, a fifth 0.7539/0.7522)
SHARE = 4


def direction_vector(word: str) -> tuple[float, float] | None:
    """A unit (north, east) vector for "north", "south-eastern", "north western", ...; None if none."""
    north = east = 0.0
    for key in re.findall(r"north|south|east|west", word.lower()):
        dn, de = _POINTS[key]
        north, east = north + dn, east + de
    norm = math.hypot(north, east)
    return (north / norm, east / norm) if norm else None


def on_side(place: Place, part: Place, whole: Place) -> bool:
    """Whether ``place`` lies on the side of ``whole``'s point that ``whole``'s ``part`` names ("northern X":
    a part's id ends with its direction); True for a part without a direction."""
    vector = direction_vector(part.id.rsplit(":", 1)[-1])
    if vector is None:
        return True
    scale = math.cos(math.radians(whole.lat))
    return vector[0] * (place.lat - whole.lat) + vector[1] * (place.lon - whole.lon) * scale > 0


def direction_cue(text: str, start: int, end: int) -> str:
    """The direction the text gives for the province named at ``text[start:end]`` ("" if none)."""
    if _CITY_AFTER.match(text[end : end + 30]):
        return ""
    m = _AFTER.match(text[end : end + 60])
    if m:
        return m.group(1).lower()
    m = _BEFORE.search(text[max(0, start - 60) : start])
    return m.group(1).lower() if m else ""


class _Parts:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cache: dict[tuple[object, ...], Place | None] = {}


_PARTS = _Parts()


def _members(gazetteer: Gazetteer, province: Place) -> list[tuple[float, float]]:
    """The populated places of a province in every layer, whichever of its names a layer spells its admin1 with
    (GeoNames "Ḩalab", an ACLED export's "Aleppo", "Idleb", "Deir-ez-Zor"): an analyst's layer of coded places
    draws the parts towards where events happen."""
    names = {name_key(n) for n in (province.name, *province.alternate_names) if n}
    return _places_in(gazetteer, "admin1", names, province.country_code)


def _places_in(gazetteer: Gazetteer, column: str, keys: set[str], country: str) -> list[tuple[float, float]]:
    """The points of the populated places of ``country`` whose ``column`` ("admin1" or "admin2"), however a layer
    spells it, has one of the name keys ``keys``, in every layer."""
    if column not in ("admin1", "admin2"):
        raise ValueError(f"not an admin column: {column!r}")
    out: list[tuple[float, float]] = []
    for layer in gazetteer.layers:
        spelled = [
            a
            for (a,) in layer.query(f"SELECT DISTINCT {column} FROM places WHERE country_code = ?", (country,))
            if a and name_key(a) in keys
        ]
        if spelled:
            out.extend(
                layer.query(
                    f"SELECT lat, lon FROM places WHERE country_code = ? AND feature_class = 'P' "
                    f"AND {column} IN ({','.join('?' * len(spelled))})",
                    (country, *spelled),
                )
            )
    return out


def province_of(gazetteer: Gazetteer, name: str, place: Place) -> Place | None:
    """The province ``name`` names, given the place it resolved to: the place itself when it is a
    first-level division, else a first-level division of the same country that the name matches
    as well ("Idleb" resolved to the city of Idlib names the Idlib governorate too)."""
    if place.feature_code in ("ADM1", "ADMD"):
        return place
    if place.feature_class != "P":
        return None
    names = [name]
    if place.admin1 and name_key(place.admin1) == name_key(place.name):
        names.append(place.admin1)  # the seat shares its province's name: "Idleb" -> Idlib city -> Idlib
    for query in names:
        for cand in gazetteer.lookup(query, 30):
            if cand.place.feature_code == "ADM1" and cand.place.country_code == place.country_code and cand.match >= 0.9:
                return cand.place
    return None


def province_part(gazetteer: Gazetteer, name: str, place: Place, direction: str) -> Place | None:
    """A region point for the ``direction`` part of the province that ``name`` (resolved to
    ``place``) names.

    None when the name names no province, the direction is not one, or the province has fewer
    than :data:`MIN_MEMBERS` populated places in the gazetteer.
    """
    vector = direction_vector(direction)
    province = province_of(gazetteer, name, place) if vector is not None else None
    if vector is None or province is None:
        return None
    return _cached_part(
        gazetteer,
        (province.id, province.name, f"{vector[0]:.3f},{vector[1]:.3f}"),
        lambda: _part(_members(gazetteer, province), vector, direction, province, province.name, PART_ID_PREFIX),
    )


def province_core(gazetteer: Gazetteer, name: str, place: Place) -> Place | None:
    """The populated heart of the province ``name`` (resolved to ``place``) names: the median of all its populated
    places in every layer (``syraq:part:<province id>:core``, a region). An analyst's coded places draw it to where
    events happen; GeoNames' point for a province is its geometric centre, often in empty desert. None when the
    name names no province or it has fewer than :data:`MIN_MEMBERS` populated places."""
    province = province_of(gazetteer, name, place)
    if province is None:
        return None

    def make() -> Place | None:
        members = _members(gazetteer, province)
        if len(members) < MIN_MEMBERS:
            return None
        return _region(members, f"{PART_ID_PREFIX}{province.id}:core", f"central {province.name}", province, province.name)

    return _cached_part(gazetteer, (province.id, province.name, "core"), make)


def _cached_part(gazetteer: Gazetteer, key: tuple[str, ...], make: Callable[[], Place | None]) -> Place | None:
    """The part ``make`` computes, cached by ``key`` and the layers in use (a part depends on them)."""
    full: tuple[object, ...] = (*key, tuple(str(layer.path) for layer in gazetteer.layers))
    with _PARTS.lock:
        if full in _PARTS.cache:
            return _PARTS.cache[full]
    part = make()
    with _PARTS.lock:
        _PARTS.cache[full] = part
    return part


def _part(
    members: list[tuple[float, float]],
    vector: tuple[float, float],
    direction: str,
    whole: Place,
    admin1: str,
    prefix: str,
) -> Place | None:
    """The part of ``whole`` in ``direction``: the median of the quarter of its ``members`` furthest along it."""
    if len(members) < MIN_MEMBERS:
        return None
    lat0 = statistics.fmean(a for a, _ in members)
    lon0 = statistics.fmean(b for _, b in members)
    k = math.cos(math.radians(lat0))
    ranked = sorted(members, key=lambda m: (m[0] - lat0) * vector[0] + (m[1] - lon0) * k * vector[1])
    far = ranked[len(ranked) - max(1, len(ranked) // SHARE) :]
    words = direction.replace("-", " ").split()
    name = f"{' '.join(words)} {whole.name if whole.feature_class == 'P' else admin1}"
    return _region(far, f"{prefix}{whole.id}:{'-'.join(words)}", name, whole, admin1)


def _region(points: list[tuple[float, float]], pid: str, name: str, whole: Place, admin1: str) -> Place:
    """A region of ``whole`` at the median of ``points`` (a part or the core of a province or district)."""
    return Place(
        id=pid,
        name=name,
        lat=round(statistics.median(a for a, _ in points), 5),
        lon=round(statistics.median(b for _, b in points), 5),
        feature_class="L",
        feature_code="RGN",
        country_code=whole.country_code,
        country=whole.country,
        admin1=admin1,
        source="syraq-parts",
    )


def _district_members(gazetteer: Gazetteer, name: str, town: Place) -> list[tuple[float, float]]:
    """The populated places an analyst's layer codes in the district named ``name`` (its admin2), in the town's
    country: the embedded data knows few districts' members, an export of coded events knows where they lie."""
    return _places_in(gazetteer, "admin2", {name_key(name), name_key(town.name)}, town.country_code)


def district_part(gazetteer: Gazetteer, name: str, place: Place, direction: str) -> Place | None:
    """A region point for the ``direction`` part of the district a town gives its name to ("western Afrin",
    "the northern countryside of Afrin district"): like :func:`province_part`, from the places the gazetteer's
    layers code in that district. None when the name is no district seat's or has fewer than
    :data:`MIN_MEMBERS` places."""
    vector = direction_vector(direction)
    if vector is None or place.feature_class != "P":
        return None
    return _cached_part(
        gazetteer,
        (place.id, "district", f"{vector[0]:.3f},{vector[1]:.3f}"),
        lambda: _part(
            _district_members(gazetteer, name, place), vector, direction, place, place.admin1, DISTRICT_PART_PREFIX
        ),
    )
