"""The geo stage: recognise toponyms, resolve them in context, fill precision and admin names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from ..model import Document, PlaceMention, Span
from ..pipeline import BaseStage, register
from .areas import direction_cue, district_part, province_core, province_part
from .context import CountryHints, country_hints
from .gazetteer import NEAR_SPELLING_MATCH, NEAR_SPELLING_MIN_KEY, Gazetteer, haversine_km, load_gazetteer, one_edit
from .normalize import name_keys
from .recognize import NOTABLE_NAME, PLACE_LABELS, Toponym, load_rules, recognize
from .resolve import Resolution, _in_container, _nearest_km, admin1_names, resolve

#: a name found by the gazetteer alone (no NER entity) whose spelling only matched after folding
#: is kept only when its place is in one of the document's main countries
FUZZY_GAZETTEER_ONLY = 0.97


def _unsupported(top: Toponym, res: Resolution) -> bool:
    """A fuzzy spelling no entity supports, far from the document's countries: not kept."""
    return (
        top.how == "gazetteer"
        and not top.container_role  # "X village in northern Aleppo": the text places something in it
        and top.type_cue != "settlement"  # "the town of Tall Refaat": the text says it is a place
        and not top.locative  # "Turkish forces shelled Tall Refaat", "in X": so does a verb or preposition
        and res.place is not None
        and res.match < FUZZY_GAZETTEER_ONLY
        and res.country_share < 0.5
    )


def _keep(toponyms: list[Toponym], kept: list[int]) -> list[Toponym]:
    """The toponyms at ``kept``, their container and anchor indices renumbered (a dropped one is none)."""
    where: dict[int | None, int] = {old: new for new, old in enumerate(kept)}
    return [
        replace(toponyms[i], container=where.get(toponyms[i].container), anchor=where.get(toponyms[i].anchor))
        for i in kept
    ]


def _mentions(
    toponyms: list[Toponym],
    hints: CountryHints | None = None,
    keep_all: bool = False,
    gazetteer: Gazetteer | None = None,
    text: str = "",
) -> list[PlaceMention]:
    resolutions = resolve(toponyms, hints, text)
    if not keep_all:
        kept = [i for i, (top, res) in enumerate(zip(toponyms, resolutions, strict=True)) if not _unsupported(top, res)]
        if len(kept) < len(toponyms):
            # a name not kept gives the others no context ("Mass Graves:" read as Graves County, Kentucky, must not
            # send "the al-Houd village, south of Mosul" to the United States): resolve again without it
            toponyms = _keep(toponyms, kept)
            resolutions = resolve(toponyms, hints, text)
    if gazetteer is not None:
        _near_spellings(toponyms, resolutions, hints, gazetteer, text)
    out = []
    for top, res in zip(toponyms, resolutions, strict=True):
        if not keep_all and _unsupported(top, res):
            continue
        how = top.how + (f"; type:{top.type_cue}" if top.type_cue else "")
        if res.near_spelling:
            how += f"; {res.variant} of {res.near_spelling}"
        if res.located_from:
            how += f"; unknown, placed at {res.located_from}, which the text locates it from"
        if top.container is not None:
            how += f"; in:{toponyms[top.container].text}"
        out.append(
            PlaceMention(
                span=Span(top.start, top.end, "place"),
                place=res.place,
                score=res.score,
                geo_precision=res.geo_precision,
                alternatives=res.alternatives,
                how=how if res.place is not None else how + "; unresolved",
            )
        )
    out.sort(key=lambda m: (m.span.start, m.span.end))
    return out


#: a place found by a near spelling lies at most this far from the report's other places, unless it is a city
NEAR_SPELLING_KM = 100.0
_VILLAGE = re.compile(r"\bvillages?\b", re.IGNORECASE)


def _near_spellings(
    toponyms: list[Toponym],
    resolutions: list[Resolution],
    hints: CountryHints | None,
    gazetteer: Gazetteer,
    text: str = "",
) -> None:
    """Place what the text treats as a place but no name matched: first as a town the same report names one edit
    away ("Zafr Zeita town ... Kafr Zeita"), else by its name with a qualifier added, dropped or translated
    ("Atshanah Sharqiya" for Atshanah, "Big Zafar" for Zafar al-Kabir), else by a spelling one edit away, in the
    report's countries ("Quamishli city", "Harsta town" in a report on Syria): a typo or a rare transliteration. The
    report's countries are those of its resolved places and of its armed groups (not demonyms: "Russian jets"
    strike Syria); a report tied to none is matched against the analyst's own layers only. Among several such
    places the one nearest the report's other places wins, else the best known."""
    found = {r.place.country_code for r in resolutions if r.place is not None and r.place.country_code}
    found |= set(hints.cues) if hints is not None else set()
    # nothing ties the report to a country: only the analyst's own layers are tried
    countries: set[str] | None = found or None
    rules = load_rules()
    qualifiers = dict(rules.qualifiers)
    towns = _report_towns(toponyms, resolutions)
    for i, (top, res) in enumerate(zip(toponyms, resolutions, strict=True)):
        if (res.place is not None and not res.located_from) or not (top.ner_label in PLACE_LABELS or top.type_cue):
            continue
        following = re.match(r"\s+([a-z]+)", text[top.end : top.end + 20])
        if following and following.group(1) in rules.site_words:
            continue  # "the Al-Jarra roundabout in Idleb city" names a site, not a misspelt town
        own = _spelled_in_report(top, towns)
        if own is not None:  # "Zafr Zeita town ... Targeting of Kafr Zeita": a typo of a town the report names
            resolutions[i] = Resolution(
                resolutions[own].place, 1.0, [], res.geo_precision, NEAR_SPELLING_MATCH, 0.0,
                near_spelling=toponyms[own].text, variant="the report's own spelling",
            )
            continue
        cands = list(gazetteer.qualified_spellings(top.text, countries, qualifiers))
        variant = "qualified form" if cands else "near spelling"
        cands = cands or list(gazetteer.near_spellings(top.text, countries))
        if countries is None and hints is not None and hints.demonyms:
            # no place or armed group ties the report to a country, but its demonyms say who is involved ("Syrian
            # or Russian warplanes"): a coded place of another country is a namesake ("Talafeh" is not Telafar)
            cands = [c for c in cands if c.place.country_code in hints.demonyms]
        container = resolutions[top.container].place if top.container is not None else None
        if container is not None:  # "Qatra town in southern Idleb": a near spelling in Idleb, not in Aleppo
            # a near spelling is a guess: in a province the text names, it must be one of the province's places by
            # its own division, not only lie near enough ("Sayada village in northern Aleppo" is not Idleb's Sayadi)
            cands = [
                c
                for c in cands
                if _in_container(c.place, container)
                and (container.feature_code != "ADM1" or admin1_names(c.place, container))
            ]
        town = resolutions[top.anchor].place if top.anchor is not None else None
        if town is not None and town.feature_class in ("P", "S"):  # "Berghit, near al-Satheyat": near it
            cands = [c for c in cands if haversine_km(c.place.lat, c.place.lon, town.lat, town.lon) <= top.anchor_km]
        # a country's point says nothing of where in it a place lies ("Al-Malikeyyeh town in the north eastern
        # countryside of Syria" is 450 km from Syria's point): only the report's smaller places count as near
        others = [
            p
            for j, r in enumerate(resolutions)
            if j != i and (p := r.place) is not None and not p.feature_code.startswith("PCL")
        ]
        if others:  # near the report's other places, or a city the text does not call a village, or a namesake
            village = bool(_VILLAGE.search(text[max(0, top.start - 20) : top.end + 20]))
            cands = [
                c
                for c in cands
                if _nearest_km(c.place, others) <= NEAR_SPELLING_KM
                or (c.place.population >= NOTABLE_NAME and not village)
            ]
        if not cands:
            continue
        best = min(cands, key=lambda c: _nearest_km(c.place, others)) if others else cands[0]
        resolutions[i] = Resolution(
            best.place,
            round(1.0 / len(cands), 4),
            [(c.place.id, round(1.0 / len(cands), 4)) for c in cands if c is not best][:5],
            res.geo_precision,
            best.match,
            0.0,
            near_spelling=best.matched_name,
            variant=variant,
        )


def _deletions(key: str) -> set[str]:
    """``key`` and every string one letter shorter: two keys one edit apart share one of these."""
    return {key} | {key[:n] + key[n + 1 :] for n in range(len(key))}


def _report_towns(toponyms: list[Toponym], resolutions: list[Resolution]) -> dict[str, list[tuple[str, int]]]:
    """The towns the report names and places by their own names (not by a near spelling, not at a town they are
    located from), indexed for :func:`_spelled_in_report`: each key's :func:`_deletions` -> (key, toponym index)."""
    index: dict[str, list[tuple[str, int]]] = {}
    for j, (top, res) in enumerate(zip(toponyms, resolutions, strict=True)):
        place = res.place
        if place is None or place.feature_class != "P" or res.near_spelling or res.located_from:
            continue
        for key in {k for k in name_keys(top.text) if len(k) >= NEAR_SPELLING_MIN_KEY}:
            for d in _deletions(key):
                index.setdefault(d, []).append((key, j))
    return index


def _spelled_in_report(top: Toponym, towns: dict[str, list[tuple[str, int]]]) -> int | None:
    """The index of a town the report names and places elsewhere whose name is one edit from ``top``'s ("Zafr Zeita
    town in northern Hama. Targeting of Kafr Zeita and Al-Latamna ..."): a writer's slip for it (the first named
    if several); None if none."""
    found = [
        j
        for key in name_keys(top.text)
        if len(key) >= NEAR_SPELLING_MIN_KEY
        for d in _deletions(key)
        for other, j in towns.get(d, ())
        if one_edit(key, other)
    ]
    return min(found) if found else None


def _with_areas(text: str, mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """Set ``area`` on provinces named with a direction ("southern Idleb", "Hama north western countryside"), and
    ``core`` on provinces named whole ("X village in Idleb")."""
    for m in mentions:
        if m.place is None:
            continue
        cue = direction_cue(text, m.span.start, m.span.end)
        if cue:
            name = text[m.span.start : m.span.end]
            m.area = province_part(gazetteer, name, m.place, cue) or district_part(gazetteer, name, m.place, cue)
            if m.area is not None:
                m.how += f"; part:{m.area.name}"
        elif m.place.feature_code in ("ADM1", "ADMD"):
            m.core = province_core(gazetteer, text[m.span.start : m.span.end], m.place)
    return mentions


def place_mentions(
    text: str,
    gazetteer: Gazetteer,
    entities: list[tuple[int, int, str]],
    nlp_doc: Any = None,
    sentences: list[tuple[int, int]] | None = None,
    hints: CountryHints | None = None,
) -> list[PlaceMention]:
    """Recognise and resolve the place mentions of ``text`` (NER ``entities`` as (start, end, label))."""
    return _mentions(
        recognize(text, gazetteer, entities, nlp_doc, sentences),
        hints if hints is not None else country_hints(text, gazetteer),
        gazetteer=gazetteer,
        text=text,
    )


def geoparse_text(text: str, gazetteer: Gazetteer, nlp: Any = None) -> list[PlaceMention]:
    """Place mentions of a plain text (runs spaCy itself; ``nlp`` is a loaded spaCy pipeline)."""
    from ..nlp.stage import load_spacy

    parsed = (nlp or load_spacy())(text)
    entities = [(e.start_char, e.end_char, e.label_) for e in parsed.ents]
    sentences = [(s.start_char, s.end_char) for s in parsed.sents]
    return place_mentions(text, gazetteer, entities, parsed, sentences)


@register("syraq.geo.v1")
class GeoStage(BaseStage):
    """Assigns ``doc.places``: every toponym, resolved (or ``place=None``), sorted by offset."""

    name = "syraq.geo.v1"
    requires: tuple[str, ...] = ("nlp", "sentences", "entities")
    assigns: tuple[str, ...] = ("places",)

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def __call__(self, doc: Document) -> Document:
        entities = [(e.start, e.end, e.label) for e in doc.entities]
        sentences = [(s.start, s.end) for s in doc.sentences]
        hints = country_hints(doc.text, self.gazetteer)
        mentions = place_mentions(doc.text, self.gazetteer, entities, getattr(doc, "nlp", None), sentences, hints)
        doc.places = _with_areas(doc.text, mentions, self.gazetteer)
        doc.country_cues = dict(hints.combined())
        return doc

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)
