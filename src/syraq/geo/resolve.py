"""Disambiguation in context: choose each toponym's place among its candidates.

Each candidate gets a score, a sum of weighted features (weights in :data:`WEIGHTS`):

==============  =====  ==================================================================
feature         weight what it measures
==============  =====  ==================================================================
match           1.00   how well the name matched (kind of name, spelling closeness), 0-1
population      0.45   log10(population + 1) / 7, capped at 1 (a city of 10 million: 1)
feature         -      a prior by feature type (:data:`FEATURE_PRIOR`): countries, provinces,
                       capitals and our curated supplement over villages and districts
type_cue        0.60   the word after the name agrees with the type ("Deir e-Zor province"
                       -> ADM1, "Raqqa city" -> a populated place, "the Euphrates River")
container       0.80   the place lies in the named container ("the Homs town of Sukhna",
                       "Paris, Texas"); a container cue asks for a province or country
country         0.50   the place's country is one the document is about: countries named in
                       the text, the countries of other places, and country hints (armed
                       groups, demonyms: :mod:`syraq.geo.context`), weighted by their share
province        0.30   the place lies in a first-level division the document's other places
                       lie in or name ("Athens" in a report naming Tyler and Dallas is in Texas)
proximity       0.35   exp(-d / 250 km), d the distance to the nearest other resolved place
ner             0.05   the NER label agrees with the feature class (LOC -> water/terrain ...)
list            0.40   the place is of the level (country, first-level division in the same country) most
                       of the names of its list were read as ("Ohio, Oregon, Washington and Utah")
==============  =====  ==================================================================

"the state of X", "the province of X", "X Governor" and "X State" give an "admin1" type cue
(:func:`_with_division_cue`). A name no layer knows that ends in a site word ("... Hospital",
"... Avenue": ``[sites]`` in data/gazetteer/recognition.toml) is placed at the town the text puts it in, else at the town
the report names most (:func:`_unlisted`, score :data:`SITE_SCORE`, precision 2).

Two further rules: a small populated place loses 0.6 when a well-known country or province
has its name (:func:`_overshadowed`: "Mexico" is the country unless the report is local to
the Missouri town; so do places of another name, "Franca" for "France" or Mexico City for
"Mexico", and foreign namesakes with under 1/50 of its people, Ontario, California), and a container is chosen together with the places it contains
(:func:`_joint_container`: "Paris, Tenn." picks Tennessee and the Paris in it).

Resolution runs in passes: the first uses what each name says by itself, each of the next
:data:`CONTEXT_PASSES` adds the document context (countries, provinces, proximity, containers)
computed from the previous pass. Weights were tuned on the even-numbered documents of LGL,
TR-News and GeoWebNews (gold spans) and checked on the odd-numbered ones.
``PlaceMention.score`` is the winner's share of a softmax over candidate scores (0-1);
``alternatives`` lists the next five candidates with their shares. A weak guess from a
country the document is not about gives way to an equally well matched namesake in one of the
document's countries (:func:`_in_context_namesake`), else is left unresolved
(:func:`_out_of_context`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from ..model import Place
from .context import CountryHints
from .gazetteer import Candidate, haversine_km
from .index import KIND_ALT
from .normalize import name_key, province_key
from .recognize import LIST_GAP, Toponym, load_rules

_T = TypeVar("_T")

WEIGHTS = {
    "match": 1.0,
    "population": 0.45,
    "type_cue": 0.6,
    "container": 0.8,
    "country": 0.5,
    "province": 0.3,
    "proximity": 0.35,
    "ner": 0.05,
    "list": 0.4,
}
FEATURE_PRIOR = {
    "PCLI": 0.3,
    "PCLD": 0.35,
    "PCLF": 0.3,
    "ADM1": -0.05,  # a bare "Homs" or "Raqqa" is the city; "Homs province" gets the type cue
    "ADM2": -0.1,
    "PPLC": 0.25,
    "PPLA": 0.1,
    # continents, oceans and seas have no country for the document context to support: their prior
    # is a country's, so that "the Atlantic" in a US report stays the ocean, not Atlantic, Iowa
    "CONT": 0.3,
    "OCN": 0.3,
    "SEA": 0.25,
    "GULF": 0.2,
}
SUPPLEMENT_PRIOR = 0.2
#: places an analyst wrote or coded (our supplement, places learned from ACLED/UCDP) get SUPPLEMENT_PRIOR
CURATED_PREFIXES = ("syraq:", "acled:", "ucdp:")
SOFTMAX_TEMPERATURE = 0.1
NEAR_KM = 250.0


@dataclass
class Resolution:
    place: Place | None
    score: float
    alternatives: list[tuple[str, float]]
    geo_precision: int
    match: float = 0.0  # how well the winner's name matched the text
    country_share: float = 0.0  # the winner's country's share of the document (0-1)
    near_spelling: str = ""  # the name it was placed by, when only a spelling one edit away matched
    variant: str = "near spelling"  # or "qualified form", when the name matched with a qualifier changed
    located_from: str = ""  # the town it stands at, when only the town the text locates it from is known


def _pop(place: Place) -> float:
    return min(1.0, math.log10(place.population + 1) / 7.0)


def _type_ok(cue: str, place: Place) -> bool:
    if cue == "admin1":
        return place.feature_code in ("ADM1", "ADMD", "RGN") or place.feature_code.startswith("PCL")
    if cue == "admin2":
        return place.feature_code in ("ADM2", "ADM3")
    if cue == "settlement":
        return place.feature_class == "P"
    if cue == "feature":
        return place.feature_class in ("H", "T", "S", "L")
    return False


def _named_with_the(name: str, place: Place) -> bool:
    """One of the place's names is the name with "the" ("the Atlantic" of the Atlantic Ocean)."""
    wanted = f"the {name}".casefold()
    return any(n.casefold() == wanted for n in place.alternate_names)


def _ner_ok(label: str, place: Place) -> bool:
    if label == "GPE":
        return place.feature_class in ("P", "A")
    if label == "LOC":
        return place.feature_class in ("H", "T", "L")
    if label == "FAC":
        return place.feature_class == "S"
    return False


def _in_container(place: Place, container: Place) -> bool:
    if container.feature_code.startswith("PCL"):
        return place.country_code == container.country_code
    if container.feature_code in ("ADM1", "ADMD"):
        if place.country_code != container.country_code or not place.admin1:
            return False
        names = {container.name, *container.alternate_names}
        if place.admin1 in names or name_key(place.admin1) in {name_key(n) for n in names}:
            return True
        if place.id.startswith("geonames:") and container.id.startswith("geonames:"):
            return False  # both GeoNames' own: its admin1 names the province ("Al Lādhiqīyah" is not Idlib)
        # an analyst's layer spells provinces its own way ("Idleb", "Deir-ez-Zor"): near enough is in
        return haversine_km(place.lat, place.lon, container.lat, container.lon) < 150
    return haversine_km(place.lat, place.lon, container.lat, container.lon) < 50


def admin1_names(place: Place, container: Place) -> bool:
    """The place's own first-level division is the province ``container``, however its layer spells it ("Idleb",
    "Deir-ez-Zor" in an analyst's export): stricter than :func:`_in_container`, which lets an analyst's place that
    lies near enough count as in (a spelling it cannot match may still be the province)."""
    if not place.admin1 or place.country_code != container.country_code:
        return False
    key = province_key(place.admin1)
    return any(province_key(n) == key for n in (container.name, *container.alternate_names) if n)


def _score(
    top: Toponym,
    cand: Candidate,
    countries: dict[str, float],
    others: list[Place],
    container: Place | None,
    level: Level | None = None,
) -> float:
    place = cand.place
    w = WEIGHTS
    s = w["match"] * cand.match + w["population"] * _pop(place)
    s += FEATURE_PRIOR.get(place.feature_code, 0.0)
    if place.id.startswith(CURATED_PREFIXES):
        s += SUPPLEMENT_PRIOR
    if top.type_cue and _type_ok(top.type_cue, place):
        s += w["type_cue"]
    elif top.after_the and _named_with_the(top.text, place):
        s += w["type_cue"]  # "the Atlantic", "the Gulf": the place that is called so, not Atlantic County
    if top.container_role and (place.feature_code in ("ADM1", "ADMD") or place.feature_code.startswith("PCL")):
        s += w["container"] / 2
    if container is not None and _in_container(place, container):
        s += w["container"]
    if countries:
        s += w["country"] * countries.get(place.country_code, 0.0)
        province = _province_key(place)
        if province and place.feature_code not in ("ADM1", "ADMD"):
            s += w["province"] * countries.get(province, 0.0)
    # a town is not "near" itself: "Mexico" does not mean Mexico City because the text names Mexico City too (an
    # ocean or a state named twice, "the Atlantic Ocean ... the Atlantic", does support itself)
    around = [o for o in others if o.id != place.id] if place.feature_class == "P" else others
    if around:
        d = _nearest_km(place, around)
        s += w["proximity"] * math.exp(-d / NEAR_KM)
    if top.ner_label and _ner_ok(top.ner_label, place):
        s += w["ner"]
    if level is not None and _level(place) == level[0] and (level[0] == "country" or place.country_code in level[1]):
        s += w["list"]
    return s


#: (level, countries): the level of division most of a name's list fellows were read as ("Ohio, Washington and
#: Utah": "admin1" in the US; "Benin, Niger and Togo": "country")
Level = tuple[str, frozenset[str]]


def _level(place: Place) -> str:
    if place.feature_code.startswith("PCL"):
        return "country"
    if place.feature_code in ("ADM1", "ADMD"):
        return "admin1"
    return ""


def _nearest_km(place: Place, others: list[Place]) -> float:
    """Distance to the nearest of ``others``, by the equirectangular approximation (within 1% of
    the great circle under 1,000 km; beyond that the proximity feature is nil anyway)."""
    k = math.cos(math.radians(place.lat))
    best = min((o.lat - place.lat) ** 2 + ((o.lon - place.lon + 540.0) % 360.0 - 180.0) ** 2 * k * k for o in others)
    return 111.195 * math.sqrt(best)


#: below this population a populated place from another country than any the document is
#: about is left unresolved rather than guessed (see :func:`_out_of_context`)
SMALL_PLACE = 20_000
#: below this population, a place from another country matched only by an alternate name
#: ("Adama" for Nazret) is not guessed either
FOREIGN_ALT_PLACE = 500_000


def _out_of_context(cand: Candidate, countries: dict[str, float]) -> bool:
    """True when the best candidate is a weak guess from a country the document is not about.

    That is: the document has places (or country hints) in some countries, none in this
    candidate's, the candidate is not a country or first-level division, and it either matched
    only after spelling folds (match < 0.9), or is a small populated place (under
    :data:`SMALL_PLACE`) from the embedded data, or is under :data:`FOREIGN_ALT_PLACE` and
    matched only an alternate name.
    Such a mention is left unresolved, with its candidates kept as alternatives.
    """
    place = cand.place
    if not countries or not place.country_code or countries.get(place.country_code, 0.0) > 0:
        return False
    if place.source not in ("embedded", "") or place.id.startswith("syraq:"):
        return False
    if place.feature_code.startswith("PCL") or place.feature_code in ("ADM1", "ADMD"):
        return False
    if cand.match < 0.9 or (place.feature_class == "P" and place.population < SMALL_PLACE):
        return True
    return cand.kind >= KIND_ALT and place.population < FOREIGN_ALT_PLACE


#: how much worse than the best candidate's a namesake's match may be for :func:`_in_context_namesake`
NAMESAKE_MATCH_GAP = 0.02


#: how much worse than a foreign alternate name's match the analyst's own namesake may be (:func:`_foreign_alias`)
ANALYST_NAMESAKE_GAP = 0.1


def _foreign_alias(cand: Candidate, countries: dict[str, float]) -> bool:
    """The best candidate is a place of a country the report is not about, matched only by an alternate name
    ("Riyad" for Riyadh in a report on the Popular Mobilization): an analyst's own namesake in the report's
    countries may take its place (:func:`_in_context_namesake`), however big the foreign place is."""
    place = cand.place
    return (
        bool(countries)
        and cand.kind >= KIND_ALT
        and bool(place.country_code)
        and countries.get(place.country_code, 0.0) <= 0
        and place.source in ("embedded", "")
    )


#: a name matched at least this well is the place's own name as written
EXACT_MATCH = 0.99


def _analysts_own_spelling(cands: list[Candidate]) -> int:
    """The index of a place of the analyst's own layers whose name is the name as written, when the best candidate
    is an embedded town of the same country matched only by an alternate name ("Maar Shamarin" for the village an
    analyst coded, not Ma'arratmisrin, which GeoNames also lists as "Marshemarin"); 0 if none. An analyst's coded
    places name villages as the reports do; GeoNames' alternate names gather spellings of several places."""
    best = cands[0]
    if (
        best.place.source not in ("embedded", "")
        or best.place.feature_class != "P"
        or best.kind < KIND_ALT
        or best.match >= EXACT_MATCH
    ):
        return 0
    for k, c in enumerate(cands[1:], start=1):
        if (
            c.place.source not in ("embedded", "")
            and c.kind < KIND_ALT
            and c.match >= EXACT_MATCH
            and c.place.country_code == best.place.country_code
        ):
            return k
    return 0


def _called_local(top: Toponym, text: str) -> bool:
    """The text calls the name a town, a village, a neighbourhood or an area ("the town of Sarja", "Jalma villages",
    "the Zaidan area")."""
    if top.type_cue == "settlement":
        return True
    after = re.match(r"\s+([a-z]+)", text[top.end : top.end + 20]) if text else None
    return after is not None and after.group(1) in load_rules().near_after


def _foreign_local(cand: Candidate, countries: dict[str, float], demonyms: set[str]) -> bool:
    """A place the text calls a town, village or area ("the town of Sarja") that lies in a country nothing of the
    report names (neither its armed groups, nor its other places, nor its demonyms), matched by another name than
    its own or by a folded spelling (Sharjah for "Sarja", Zahedan for "Zaidan"): a namesake of a local place the
    gazetteer lacks, not that foreign city. A place named exactly ("the city of Paris") is never judged so."""
    place = cand.place
    return (
        bool(countries)
        and bool(place.country_code)
        and countries.get(place.country_code, 0.0) <= 0
        and place.country_code not in demonyms
        and (cand.kind >= KIND_ALT or cand.match < 1.0)
        and not place.feature_code.startswith("PCL")
        and place.source in ("embedded", "")
        and not place.id.startswith("syraq:")
    )


def _foreign_division_alias(cand: Candidate, placing: set[str], demonyms: set[str]) -> bool:
    """A first-level division abroad matched only by another name than its own ("Free" for Free State, "Buhayrat" for
    the Lakes state of South Sudan), in a report its armed groups (or the analyst's area) place in other countries
    and whose demonyms do not name the division's: a word of a conflict report, not that province."""
    place = cand.place
    return (
        bool(placing)
        and cand.kind >= KIND_ALT
        and place.feature_code in ("ADM1", "ADMD")
        and bool(place.country_code)
        and place.country_code not in placing
        and place.country_code not in demonyms
        and place.source in ("embedded", "")
        and not place.id.startswith("syraq:")
    )


def _in_context_namesake(cands: list[Candidate], countries: dict[str, float]) -> int:
    """The index of the best-ranked candidate that lies in one of the document's countries and matched the
    name as well as the (out-of-context) winner did, within :data:`NAMESAKE_MATCH_GAP`, or a place of the
    analyst's own layers there within :data:`ANALYST_NAMESAKE_GAP` when the winner matched only an alternate
    name; 0 if none."""
    best = cands[0]
    for k, c in enumerate(cands[1:], start=1):
        if countries.get(c.place.country_code, 0.0) <= 0:
            continue
        if c.match >= best.match - NAMESAKE_MATCH_GAP:
            return k
        own = c.place.source not in ("embedded", "")
        if own and best.kind >= KIND_ALT and c.match >= best.match - ANALYST_NAMESAKE_GAP:
            return k
    return 0


def _precision(top: Toponym, place: Place) -> int:
    rules = load_rules()
    if place.feature_class in rules.coarse_classes or place.feature_code in rules.coarse_codes:
        return 3
    if place.feature_code == "ADM2":
        return 2
    if top.precision_cue:
        return top.precision_cue
    return 1


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp((s - top) / SOFTMAX_TEMPERATURE) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


#: a country or first-level division of at least this population, named exactly, overshadows
#: small places of the same name (:func:`_overshadowed`)
JURISDICTION_POPULATION = 200_000
SMALL_NAMESAKE = 100_000
#: a namesake outside the jurisdiction with under 1/FOREIGN_NAMESAKE_RATIO of its people is overshadowed too
FOREIGN_NAMESAKE_RATIO = 50
OVERSHADOW_PENALTY = 0.6
#: feature codes of our supplement's regions, seas and continents, which overshadow small namesakes too
SUPRANATIONAL = frozenset({"CONT", "OCN", "SEA", "GULF", "RGN"})


#: a small namesake this close to another place of the document is not overshadowed (local news)
LOCAL_KM = 60.0


def _may_yield(c: Candidate, others: list[Place]) -> bool:
    """A candidate a better-known place may overshadow: a populated place or district of the embedded data, not near
    another place the report names (local news names places near the namesake; the namesake itself named elsewhere,
    "Mexico City", is not one; nor is a national capital, which news from anywhere names: Middle East, Maryland lies
    55 km from Washington)."""
    return (
        (c.place.feature_class == "P" or c.place.feature_code in ("ADM2", "ADM3"))
        and c.layer == "embedded"
        and not any(
            o.id != c.place.id and o.feature_code != "PPLC" and haversine_km(c.place.lat, c.place.lon, o.lat, o.lon) < LOCAL_KM
            for o in others
        )
    )


def _overshadowed(top: Toponym, others: list[Place]) -> set[str]:
    """Ids of small same-named places that a well-known country or province overshadows.

    "Mexico" in a report from Missouri is still the country, "Oregon" the state, "the Middle
    East" the region: when a candidate is a country or first-level division of over 200,000
    people, or a continent, ocean, sea or region of our supplement, matched by its name, populated places under 100,000 of the same name (not admin seats, not places an
    analyst coded, not within :data:`LOCAL_KM` of another place the document names) are
    penalised, unless the text gives a settlement cue ("Mexico city"). Containers ("Mexico,
    Mo.") still win through the container feature.
    """
    if top.type_cue == "settlement":
        return set()
    big = [
        c
        for c in top.candidates
        if c.kind <= KIND_ALT
        and c.match >= 0.95
        and (
            ((c.place.feature_code.startswith("PCL") or c.place.feature_code == "ADM1")
             and c.place.population >= JURISDICTION_POPULATION)
            or (c.place.id.startswith("syraq:") and c.place.feature_code in SUPRANATIONAL)
        )
    ]
    if not big:
        return set()
    best = max(c.match for c in big)
    largest = max(c.place.population for c in big)
    bigs = {c.place.id for c in big}
    return {
        c.place.id
        for c in top.candidates
        if c.place.id not in bigs
        and not c.place.id.startswith(CURATED_PREFIXES)
        and _may_yield(c, others)
        and (
            # "Mexico" is the country, not Mexico City whose alternate name it is ("New York" may be the city)
            (c.match < best - NAMESAKE_MATCH_GAP and not any(_inside(c.place, b.place) for b in big))
            or (
                not c.place.feature_code.startswith(("PPLA", "PPLC"))
                and (
                    c.place.population < SMALL_NAMESAKE
                    # "twelve in Ontario" is the province of 17 million, not the Californian city of 170,000
                    or (
                        c.place.population * FOREIGN_NAMESAKE_RATIO < largest
                        and not any(_in_container(c.place, b.place) for b in big)
                    )
                )
            )
        )
    }


#: a city of at least this population, spelled exactly as one of its names, overshadows places matched only after
#: spelling folds with under 1/CITY_NAMESAKE_RATIO of its people (:func:`_overshadowed_by_city`)
BIG_CITY = 500_000
CITY_NAMESAKE_RATIO = 10


def _overshadowed_by_city(top: Toponym, others: list[Place]) -> set[str]:
    """Ids of small places that a big city spelled exactly overshadows when they matched only after spelling folds:
    "Erbil" in a report on Syria is Erbil, not the Damascus suburb ‘Irbīn found through its spelling "Aarbil".
    Exact namesakes (Athens, Georgia) and places near the report's others (local news) are left alone."""
    if top.type_cue == "settlement":
        return set()
    cities = [
        c
        for c in top.candidates
        if c.kind <= KIND_ALT and c.match >= 0.99 and c.place.feature_class == "P" and c.place.population >= BIG_CITY
    ]
    if not cities:
        return set()
    best = max(c.match for c in cities)
    largest = max(c.place.population for c in cities)
    return {
        c.place.id
        for c in top.candidates
        if c.match < best - NAMESAKE_MATCH_GAP
        and c.place.population * CITY_NAMESAKE_RATIO < largest
        and _may_yield(c, others)
    }


def _inside(place: Place, jurisdiction: Place) -> bool:
    """A place in a first-level division of its name ("New York" for the city in the state); a country's capital
    named by the country's name is not ("Mexico" is the country)."""
    if jurisdiction.feature_code.startswith("PCL") or place.country_code != jurisdiction.country_code:
        return False
    # by the division's name, not by distance: Mexico City lies next to the State of México, not in it
    return bool(place.admin1) and place.admin1 in {jurisdiction.name, *jurisdiction.alternate_names}


def _pick(
    top: Toponym,
    countries: dict[str, float],
    others: list[Place],
    container: Place | None,
    level: Level | None = None,
) -> tuple[list[Candidate], list[float]]:
    if not top.candidates:
        return [], []
    small = _overshadowed(top, others) | _overshadowed_by_city(top, others)
    scored = sorted(
        (
            (
                c,
                _score(top, c, countries, others, container, level)
                - (OVERSHADOW_PENALTY if c.place.id in small else 0.0),
            )
            for c in top.candidates
        ),
        key=lambda x: -x[1],
    )
    cands = [c for c, _ in scored]
    return cands, _softmax([s for _, s in scored])


def _country_weights(winners: list[tuple[str, Place, float]]) -> dict[str, Counter[str]]:
    """Per name key, the weight each country and province ("CC/admin1") gets from that name's places.

    A named country counts double; each place counts by its first-pass confidence (at least 0.3).
    """
    by_key: dict[str, Counter[str]] = {}
    for key, place, conf in winners:
        if place.country_code:
            weight = (2.0 if place.feature_code.startswith("PCL") else 1.0) * max(conf, 0.3)
            counts = by_key.setdefault(key, Counter())
            counts[place.country_code] += weight  # type: ignore[assignment]  # float weights in a Counter
            province = _province_key(place)
            if province:
                counts[province] += weight  # type: ignore[assignment]  # float weights in a Counter
    return by_key


def _province_key(place: Place) -> str:
    """"CC/admin1" for a place in a first-level division or for the division itself ("" if none)."""
    if place.feature_code in ("ADM1", "ADMD"):
        return f"{place.country_code}/{place.name}"
    return f"{place.country_code}/{place.admin1}" if place.admin1 else ""


class _Shares:
    """:func:`_shares` of one ``by_key``, computed once per name (a name recurs many times in a long report)."""

    def __init__(self, by_key: dict[str, Counter[str]]) -> None:
        self.by_key = by_key
        self.memo: dict[str, dict[str, float]] = {}

    def __call__(self, exclude: str) -> dict[str, float]:
        if exclude not in self.memo:
            self.memo[exclude] = _shares(self.by_key, exclude)
        return self.memo[exclude]


def _shares(by_key: dict[str, Counter[str]], exclude: str) -> dict[str, float]:
    """Country -> share (relative to the top country) from every name but ``exclude``.

    A name never supports its own reading: "Arbin" read as a French village does not make
    the document French.
    """
    total: Counter[str] = Counter()
    for key, weights in by_key.items():
        if key != exclude:
            total.update(weights)
    if not total:
        return {}
    top = max(total.values())
    return {cc: w / top for cc, w in total.items()}


#: container candidates tried jointly with the places they contain
JOINT_CANDIDATES = 10


def _joint_container(
    i: int,
    toponyms: list[Toponym],
    members: list[int],
    share: _Shares,
    keys: list[str],
    context: Callable[[int], list[Place]],
) -> Candidate | None:
    """The container's candidate that best explains it together with the places it contains."""
    top = toponyms[i]
    cands, _ = _pick(top, share(keys[i]), context(i), None)
    if not cands or not members:
        return cands[0] if cands else None
    best, best_total = cands[0], -math.inf
    for cand in cands[:JOINT_CANDIDATES]:
        total = _score(top, cand, share(keys[i]), context(i), None)
        for j in members:
            member = toponyms[j]
            shares = share(keys[j])
            total += max(_score(member, c, shares, context(j), cand.place) for c in member.candidates)
        if total > best_total:
            best, best_total = cand, total
    return best


#: the key under which country hints join the countries of the document's places
HINTS_KEY = "#hints"


#: context passes after the first (context-free) one: each re-reads the document's countries,
#: provinces and nearby places from the previous pass's choices, so that one name's bad first
#: guess ("Da'el" read as Deal, England) does not steer another ("Dar'a" read as Derry)
CONTEXT_PASSES = 2

_Picks = list[tuple[list[Candidate], list[float]]]


def resolve(toponyms: list[Toponym], hints: CountryHints | None = None, text: str = "") -> list[Resolution]:
    """Resolve every toponym in context; unresolvable ones get ``place=None``.

    A first pass uses what each name says by itself; :data:`CONTEXT_PASSES` passes then add the
    document context computed from the previous pass. ``hints`` are country weights from words
    that are not place names (armed groups, demonyms: :func:`syraq.geo.context.country_hints`);
    they join the countries of the places when candidates are scored, and the armed-group cues
    also when a weak foreign guess is judged out of context (demonyms do not: "Russian
    warplanes" strike Syria). ``text`` is the text the toponyms were found in: the words around a name ("the state
    of Washington", "Ohio, Washington and Utah") tell its level.
    """
    toponyms = [_with_division_cue(t, text) for t in toponyms]
    lists = _lists(toponyms, text)
    keys = [name_key(t.text) for t in toponyms]
    picks: _Picks = [_pick(t, {}, [], None) for t in toponyms]
    for _ in range(CONTEXT_PASSES):
        picks, placed, share = _context_pass(toponyms, keys, picks, hints, lists)
    placed_share = _Shares(placed)
    # the countries the report itself names (its places and armed groups), without the analyst's area: a village the
    # text places among Syrian places is not vouched for abroad by the analyst's Iraqi data
    named = {k: v for k, v in placed.items() if k != HINTS_KEY}
    if hints is not None and hints.cues:
        named[HINTS_KEY] = hints.cues
    named_share = _Shares(named)
    out: list[Resolution] = []
    focus = _focus(toponyms, picks)
    demonyms = set(hints.demonyms) if hints is not None else set()  # "Saudi officials met in Riyad": Riyadh
    placing = set(hints.placing()) if hints is not None else set()
    for i, (top, (cands, probs)) in enumerate(zip(toponyms, picks, strict=True)):
        if not cands:
            out.append(_unlisted(top, picks, focus))
            continue
        local = _called_local(top, text)
        # a container is never out of context because of what it contains, unless it contains none of them
        if (not top.container_role or _contains_none(i, cands[0].place, toponyms, picks)) and (
            _out_of_context(cands[0], placed_share(keys[i]))
            or (_foreign_alias(cands[0], placed_share(keys[i])) and cands[0].place.country_code not in demonyms)
            or (local and _foreign_local(cands[0], named_share(keys[i]), demonyms))
        ):
            k = _in_context_namesake(cands, placed_share(keys[i]))
            if k:  # "Ras al-Ain" in a report on Syria: its Syrian namesake, not the Moroccan village that scored higher
                cands, probs = _promoted(cands, k), _promoted(probs, k)
        k = _analysts_own_spelling(cands)
        if k:  # "Maar Shamarin": the analyst's village of that very name, not the town GeoNames lists it under
            cands, probs = _promoted(cands, k), _promoted(probs, k)
        if _far_from_anchor(top, cands[0].place, picks):
            k = next((n for n, c in enumerate(cands) if not _far_from_anchor(top, c.place, picks)), 0)
            if k:  # "Abbara, south of Baquba": the Abbara near Baquba, not a Syrian namesake 570 km away
                cands, probs = _promoted(cands, k), _promoted(probs, k)
        best = cands[0].place
        container_credible = top.container is None or not (
            picks[top.container][0]
            and _out_of_context(picks[top.container][0][0], placed_share(keys[top.container]))
        )
        if (container_credible and _outside_its_container(top, best, picks)) or _far_from_anchor(top, best, picks) or (
            (not top.container_role or _contains_none(i, best, toponyms, picks))
            and (
                _out_of_context(cands[0], placed_share(keys[i]))
                or _foreign_division_alias(cands[0], placing, demonyms)
                or (local and _foreign_local(cands[0], named_share(keys[i]), demonyms))
            )
        ):
            # keep the candidates for a reviewer, but do not send a Syrian village to France
            alts = [(c.place.id, round(p, 4)) for c, p in zip(cands[:6], probs[:6], strict=False)]
            out.append(_near_its_anchor(top, picks, alts) or Resolution(None, 0.0, alts, 1))
            continue
        alts = [(c.place.id, round(p, 4)) for c, p in zip(cands[1:6], probs[1:6], strict=False)]
        out.append(
            Resolution(
                best,
                round(probs[0], 4),
                alts,
                _precision(top, best),
                cands[0].match,
                share(keys[i]).get(best.country_code, 0.0),
            )
        )
    return out


#: the score of a site placed in its town: a reviewer sees it is a fallback, not a match
SITE_SCORE = 0.1


def _focus(toponyms: list[Toponym], picks: _Picks) -> Place | None:
    """The town the report is about: its most often named populated place or district (first named on a tie)."""
    counts: Counter[str] = Counter()
    first: dict[str, Place] = {}
    for top, (cands, _) in zip(toponyms, picks, strict=True):
        if not cands or top.modifier:
            continue
        place = cands[0].place
        if place.feature_class == "P" or place.feature_code in ("ADM2", "ADM3"):
            counts[place.id] += 1
            first.setdefault(place.id, place)
    if not counts:
        return None
    return first[max(counts, key=lambda pid: counts[pid])]


def _near_its_anchor(top: Toponym, picks: _Picks, alts: list[tuple[str, float]]) -> Resolution | None:
    """A place no layer knows where the text says it is, near a known town ("Thruxton, near Andover", "the area of
    Abbara, south of Baquba"): at that town, precision 2, as ACLED codes a village it cannot find; else None."""
    if top.anchor is None or not picks[top.anchor][0]:
        return None
    town = picks[top.anchor][0][0].place
    if town.feature_class not in ("P", "S"):
        return None
    return Resolution(town, SITE_SCORE, alts, 2, located_from=town.name)


def _unlisted(top: Toponym, picks: _Picks, focus: Place | None) -> Resolution:
    """A name no layer knows. A site ("the Royal Alexandra Hospital", "Collins Avenue") lies in the town the text
    puts it in ("X in Paisley"), else in the town the report is about; a name located from a town ("the Zur area,
    near Mansuriya") lies at that town; any other name stays unresolved."""
    words = top.text.lower().split()
    if len(words) < 2 or words[-1] not in load_rules().site_words:
        return _near_its_anchor(top, picks, []) or Resolution(None, 0.0, [], 1)
    if top.container is not None and picks[top.container][0]:
        town = picks[top.container][0][0].place
        if town.feature_class == "P" or town.feature_code in ("ADM2", "ADM3"):
            return Resolution(town, SITE_SCORE, [], _precision(top, town))
    if focus is not None:
        return Resolution(focus, SITE_SCORE, [], 2)
    return Resolution(None, 0.0, [], 1)


def _promoted(items: list[_T], k: int) -> list[_T]:
    """``items`` with the one at index ``k`` moved to the front."""
    return [items[k], *items[:k], *items[k + 1 :]]


def _contains_none(i: int, place: Place, toponyms: list[Toponym], picks: _Picks) -> bool:
    """Whether ``place``, the reading of the container named by toponym ``i``, holds none of the places the text
    puts in it ("Gharanij town in eastern Dier-ez-Zor": Dyer, Indiana, for the misspelt province holds no Gharanij):
    such a reading vouches for nothing and is judged like any other name."""
    inside = [picks[j][0][0].place for j, t in enumerate(toponyms) if t.container == i and picks[j][0]]
    return bool(inside) and not any(_in_container(p, place) for p in inside)


def _outside_its_container(top: Toponym, place: Place, picks: _Picks) -> bool:
    """A settlement the text places in a container ("Ras al-Ain village in eastern Idleb") that lies outside
    the container the text names: a namesake, not the place meant, which the gazetteer does not know."""
    if top.container is None or place.feature_class != "P" or not picks[top.container][0]:
        return False
    return not _in_container(place, picks[top.container][0][0].place)


def _far_from_anchor(top: Toponym, place: Place, picks: _Picks) -> bool:
    """A place the text locates from a town ("Abbara, south of Baquba", "50 km north of Baghdad") that lies further
    from it than the text allows: a namesake. A province's centre may lie :data:`DIVISION_SLACK_KM` further; countries
    are not located so, nor are seas, rivers and ranges, and only a town or a site locates ("Perpignan, south of
    France" is in the south of France, not near its centre)."""
    if top.anchor is None or not picks[top.anchor][0] or place.feature_code.startswith("PCL"):
        return False
    if place.feature_class not in ("P", "S", "A"):
        return False  # a sea, a river or a range reaches the town ("the Gulf of Mexico near Beaumont")
    anchor = picks[top.anchor][0][0].place
    if anchor.feature_class not in ("P", "S"):
        return False
    reach = top.anchor_km + (DIVISION_SLACK_KM if place.feature_class == "A" else 0.0)
    return haversine_km(place.lat, place.lon, anchor.lat, anchor.lon) > reach


#: how much further than a town a province located from a town may lie ("Diyala, north of Baghdad")
DIVISION_SLACK_KM = 250.0


#: words before or after a name that make it a first-level division: "the state of Washington", "the province of
#: Ontario", "New York Governor Andrew Cuomo", "Washington State"
_DIVISION_BEFORE = re.compile(r"\b(?:state|province|provinces|states)\s+of\s+$", re.IGNORECASE)
_DIVISION_AFTER = re.compile(r"^\s+(?:Governor|governor|State\b|state\b(?!\s+(?:of|media|television|news)\b))")
#: a list of at least this many names tells the level of division its names are
LIST_MIN = 3


def _with_division_cue(top: Toponym, text: str) -> Toponym:
    """The toponym with an "admin1" type cue when the words around it call it a state or province."""
    if not text or top.type_cue:
        return top
    if _DIVISION_BEFORE.search(text[max(0, top.start - 20) : top.start]) or _DIVISION_AFTER.match(
        text[top.end : top.end + 20]
    ):
        return replace(top, type_cue="admin1")
    return top


def _lists(toponyms: list[Toponym], text: str) -> list[list[int]]:
    """Per toponym, the other toponyms of the list it stands in ("Arizona, California, Colorado and Utah"); lists
    of fewer than :data:`LIST_MIN` names and names outside lists get []."""
    out: list[list[int]] = [[] for _ in toponyms]
    if not text:
        return out
    order = sorted(range(len(toponyms)), key=lambda k: toponyms[k].start)
    group: list[int] = []
    for a, b in zip([None, *order], order, strict=False):
        if a is not None and LIST_GAP.fullmatch(text[toponyms[a].end : toponyms[b].start]):
            group.append(b)
            continue
        _close(group, out)
        group = [b]
    _close(group, out)
    return out


def _close(group: list[int], out: list[list[int]]) -> None:
    if len(group) >= LIST_MIN:
        for k in group:
            out[k] = [j for j in group if j != k]


def _list_level(fellows: list[int], places: list[Place | None]) -> Level | None:
    """The level of division at least half of a name's list fellows were read as (and at least two of them)."""
    levels = Counter(_level(p) for j in fellows if (p := places[j]) is not None)
    levels.pop("", None)
    if not levels:
        return None
    level, n = levels.most_common(1)[0]
    if n < 2 or 2 * n < len(fellows):
        return None
    countries = frozenset(p.country_code for j in fellows if (p := places[j]) is not None and _level(p) == level)
    return level, countries


def _context_pass(
    toponyms: list[Toponym],
    keys: list[str],
    previous: _Picks,
    hints: CountryHints | None,
    lists: list[list[int]] | None = None,
) -> tuple[_Picks, dict[str, Counter[str]], _Shares]:
    """One pass in the context of the previous pass's choices: (picks, the countries where places lie,
    the shares of all countries)."""
    by_key = _country_weights([(keys[i], c[0].place, p[0]) for i, (c, p) in enumerate(previous) if c])
    # the countries where the document's places lie: a country named as a modifier ("the
    # U.S.-led coalition", "Iran-backed militias") does not make a place elsewhere look out of context
    placed = _country_weights(
        [(keys[i], c[0].place, p[0]) for i, (c, p) in enumerate(previous) if c and not toponyms[i].modifier]
    )
    if hints is not None:
        if hints.placing():
            placed[HINTS_KEY] = hints.placing()
        if hints.combined():
            by_key[HINTS_KEY] = hints.combined()
    share = _Shares(by_key)
    prev_places = [c[0].place if c else None for c, _ in previous]

    # distinct places of the previous pass with the names that chose them: a long report names
    # the same places many times, and scoring against each mention would grow with the square of
    # its length
    distinct: dict[str, tuple[Place, set[str]]] = {}
    placed_share = _Shares(placed)
    for j, p in enumerate(prev_places):
        # a weak guess abroad that will be left unresolved ("Ashaer" read as a village in Israel) places nothing near it
        if p is not None and not p.feature_code.startswith("PCL") and not (
            not toponyms[j].container_role and _out_of_context(previous[j][0][0], placed_share(keys[j]))
        ):
            distinct.setdefault(p.id, (p, set()))[1].add(keys[j])
    by_name: dict[str, list[Place]] = {}

    def context(i: int) -> list[Place]:
        """Previous-pass places of the *other* names (a repeated name never supports itself)."""
        key = keys[i]
        if key not in by_name:
            by_name[key] = [p for p, names in distinct.values() if names - {key}]
        return by_name[key]

    # containers first, so their choice informs the places they contain; a container and the
    # places it contains are chosen together ("Paris, Tenn.": Tennessee and the Paris in it)
    chosen: list[Place | None] = list(prev_places)
    pinned: dict[int, str] = {}
    for i, top in enumerate(toponyms):
        if top.container_role:
            members = [j for j, t in enumerate(toponyms) if t.container == i and t.candidates]
            best = _joint_container(i, toponyms, members, share, keys, context)
            chosen[i] = best.place if best else None
            if best is not None:
                pinned[i] = best.place.id
    picks: _Picks = []
    for i, top in enumerate(toponyms):
        container = chosen[top.container] if top.container is not None else None
        level = _list_level(lists[i], prev_places) if lists and lists[i] else None
        cands, probs = _pick(top, share(keys[i]), context(i), container, level)
        if i in pinned and cands and cands[0].place.id != pinned[i]:
            k = next(n for n, c in enumerate(cands) if c.place.id == pinned[i])
            cands.insert(0, cands.pop(k))
            probs.insert(0, probs.pop(k))
        picks.append((cands, probs))
    return picks, placed, share
