"""The events stage: code ACLED-style events from a parsed, geo- and time-tagged Document.

For every sentence (questions excepted) the stage:

1. finds codebook triggers (lemma or surface form; multiword phrases);
2. reads the trigger's modality and negation: forecasts, threats and hypotheses become
   :class:`~syraq.model.Claim` objects, negated triggers nothing;
3. fills the rule's roles from the dependency parse (subject, "by" agent, object, "on"/"against"
   target, "between X and Y", noun modifiers), with actor mentions from the actor dictionary;
4. checks the rule's conditions (who captured, whether the target is civilian, context words);
   the first rule in codebook order whose conditions hold codes the trigger;
5. links the event's place (its clause, else its sentence, else the paragraph, else the
   document's main place, coarser) and its date (the time expression that governs its clause,
   else the closest in its sentence, else the narrative anchor for a past-tense sentence in the
   same paragraph, else the publication date with week precision, else undated);
6. counts fatalities (killed only, lowest figure) and sets the confidence;
7. merges candidates that describe one happening (ACLED's priority order decides the type),
   first within the sentence, then across the document (same actors, place and day).

Every event carries the rule that fired (``codebook:v1:<rule id>``) and its evidence spans.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

from ..errors import PipelineError
from ..geo.areas import DISTRICT_PART_PREFIX, PART_ID_PREFIX, direction_vector, on_side
from ..geo.gazetteer import haversine_km
from ..geo.normalize import name_key
from ..geo.recognize import LIST_GAP, load_rules
from ..model import Actor, Claim, Document, Event, Place, PlaceMention, Span, TimeExpression
from ..pipeline import BaseStage, register
from .actors import ActorDictionary, ActorMention, load_actors
from .codebook import Codebook, Rule, TriggerWord, load_codebook
from .fatalities import FatalityCount, count_fatalities, find_split, is_reason
from .modality import is_irrealis_infinitive, is_negated, modality

#: tokens a multiword trigger may skip between its words ("took full control of")
_SKIPPABLE_POS = frozenset({"DET", "ADJ", "ADV", "PRON", "NUM"})
#: a populated place at least this large is trusted even in a country the report does not otherwise name
STRAY_POPULATION = 100_000
#: prepositions that place an event ("in", "near", "on the outskirts of")
_LOC_PREPS = frozenset(
    {
        "in",
        "on",
        "near",
        "at",
        "around",
        "outside",
        "inside",
        "across",
        "into",
        "within",
        "throughout",
        "along",
        "to",
        "from",
        "towards",
        "toward",
        "over",
        "of",
        "between",
        "east",
        "west",
        "north",
        "south",
        "off",
        "through",
    }
)
#: pronouns that stand for a victim or target named earlier in the sentence
_PRONOUNS = frozenset({"him", "her", "them"})
_OPPOSING = frozenset({"against", "versus", "vs", "vs."})
_TARGET_PREPS = frozenset({"on", "against", "at", "upon", "toward", "towards"})
#: words that make a place "near" rather than "in" a town (ACLED geo_precision 2)
_NEAR_WORDS = frozenset(
    {
        "near",
        "around",
        "countryside",
        "outside",
        "vicinity",
        "environs",
        "east",
        "west",
        "north",
        "south",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "rural",
        "nearby",
        "close",
    }
)
_PAST_TAGS = frozenset({"VBD", "VBN"})
#: words that link a settlement to the larger place it lies in ("X town in Y", "the X area of Y", "X, south of Y")
_LOCATING_LINKS = frozenset({"in", "of", ","})
_WORD_OR_COMMA = re.compile(r"[\w'-]+|,")
#: "..., concentrated in the X area": where a report says fighting at a larger place centred
#: "clashes in Afrin, concentrated in the Raju sub-district", "strikes in southern Idleb, likely in the Abul Thohur
#: subdistrict": the place the report narrows the event down to
_CONCENTRATED = re.compile(
    r"\b(?:concentrated\s+(?:in|around|on|near|at)|(?:most\s+)?likely\s+in)\s+(?:the\s+)?$", re.IGNORECASE
)
#: "and its outskirts" after a settlement still speaks of the settlement
_OWN_SURROUNDINGS = ("and its ", "and it's ")
_LOCATING_MAX_WORDS = 8
#: verbs whose passive patients, killed or hurt "in clashes", are sides of the battle
_FALLEN_VERBS = frozenset({"kill", "wound", "injure"})
#: the words between a province and a settlement the report names as one of its places there
_INCLUDING = frozenset({", including", "including", ", among them", ", such as", "such as", ", notably", ", mainly"})
#: place classes that contain settlements (admin divisions, areas, terrain) and how far a settlement they locate
#: may lie from their point; a town placed relative to another ("south of Baghdad") lies closer
_CONTAINER_CLASSES = frozenset({"A", "L", "T"})
_CONTAINER_REACH_KM = 150.0
_RELATIVE_REACH_KM = 60.0
#: a province part ("northern Aleppo") gives way to an actor's theatre in that province this near its point
_THEATRE_IN_PART_KM = 60.0
#: words that make a name an institution's, never a place's ("the Interior Ministry", "Sham Legion")
_ORG_WORDS = frozenset(
    {
        "ministry",
        "council",
        "company",
        "committee",
        "court",
        "bank",
        "agency",
        "party",
        "front",
        "brigade",
        "brigades",
        "battalion",
        "army",
        "movement",
        "legion",
        "corps",
        "division",
        "group",
        "union",
        "office",
    }
)
#: event types whose events count fatalities a report may split between them
_FATAL_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
#: inter codes of armed actors (state forces, rebels, militias, external forces)
_ARMED_INTER = frozenset({1, 2, 3, 4, 8})
#: a report longer than this is not parsed again to read an actor acronym the parser took for a verb
_REPARSE_MAX_CHARS = 20_000
#: the neutral name that stands in for such an acronym when the text is parsed again (its first letter, then lower case)
_ACRONYM_MASK = "Zz"
#: words that make a strike the support of a ground fight ("supported by warplanes", "with the cover of artillery")
_SUPPORT_WORDS = frozenset({"support", "back", "accompany", "cover", "assist", "aid", "backing", "help"})
#: "led by X", "backed by X": X is on the side of whoever is led or backed
_SIDE_WORDS = frozenset({"lead", "back", "support", "assist", "aid", "accompany", "spearhead", "command"})
#: where the place came from -> the [confidence] factor that applies
_PLACE_FACTOR = {
    "clause": "place_in_clause",
    "sentence": "place_in_sentence",
    "paragraph": "place_from_paragraph",
    "document": "place_from_document",
    "around": "place_around_unlocated",
    "theatre": "place_from_theatre",
    "missing": "place_missing",
}


@dataclass(slots=True)
class _ActorRef:
    actor: Actor
    start: int
    end: int
    token_i: int


@dataclass(slots=True)
class _Candidate:
    rule: Rule
    sentence: Span
    trigger: Span
    head_i: int
    actor1: _ActorRef | None = None
    assoc1: list[_ActorRef] = field(default_factory=list)
    actor2: _ActorRef | None = None
    assoc2: list[_ActorRef] = field(default_factory=list)
    actor1_from_order: bool = False
    actor1_default: bool = False  # ACLED's standing actor for an unnamed author ([[default_actor1]])
    actor2_default: bool = False  # ACLED's standing actor for an unnamed opponent ([[default_actor2]])
    place: PlaceMention | None = None
    place_source: str = "missing"  # clause, sentence, paragraph, document, around, theatre, missing
    time: TimeExpression | None = None
    date_source: str = "missing"  # text, narrative, publication, missing
    fatalities: int = 0
    fatality_spans: list[Span] = field(default_factory=list)
    civilian_targeting: bool = False
    present_tense: bool = False
    generic_plural: bool = False
    priority: int = 0
    secondary: bool = False  # one of several places coordinated in one clause


_PHRASE_STOP = frozenset({"conj", "cc", "relcl", "acl", "advcl", "appos", "preconj", "ccomp", "parataxis"})


def _direction(word: str) -> bool:
    """A compass word ("south", "north-eastern", "southwest") or "central" (see :func:`direction_vector`)."""
    return word == "central" or direction_vector(word) is not None


@lru_cache(maxsize=1)
def _locating_vocabulary() -> frozenset[str]:
    """The words for places and their parts (data/gazetteer/recognition.toml) that may join a settlement to the
    place that locates it."""
    rules = load_rules()
    return rules.settlement | rules.settlement_of | rules.part_of | rules.admin2 | rules.outskirts | rules.near_after


def _locating_words(words: list[str]) -> bool:
    """Whether the words between a settlement and a larger place only locate the one in the other ("town in
    western", "area of northern", ", south of", "town and its outskirts in"), never coordinate two places."""
    if not words or len(words) > _LOCATING_MAX_WORDS:
        return False
    allowed = _locating_vocabulary()
    rest = " ".join(words)
    for tail in _OWN_SURROUNDINGS:  # "X town and its outskirts in Y": the outskirts are X's
        rest = rest.replace(tail, " ")
    left = rest.split()
    return (
        any(w in _LOCATING_LINKS for w in left)
        and "and" not in left
        and all(w in allowed or w in _LOCATING_LINKS or _direction(w) or w == "the" for w in left)
    )


def _fronted_subject(child: Any, verb: Any) -> bool:
    """The subject of a past-tense verb the parser hung as a modifier ("the army controlled Hawa village"), or a name
    before it the parser read as an adverbial noun ("IS controlled Hawa village")."""
    return child.dep_ == "nsubj" or (child.dep_ == "npadvmod" and child.i < verb.i and child.pos_ == "PROPN")


def _verbless_clause_subject(participle: Any) -> list[Any]:
    """The subject of a sentence the parser read as one noun phrase ("Syrian regime forces targeted areas in X": the
    participle an adjective of "areas", the root, and "forces" a modifier of it): the nouns hung before the
    participle on the root noun; [] when the sentence has a verb or none such."""
    noun = participle.head
    if participle.tag_ not in ("VBN", "VBD") or noun.dep_ != "ROOT" or noun.pos_ not in ("NOUN", "PROPN"):
        return []
    return [
        c for c in noun.children if c.dep_ in ("nmod", "compound") and c.i < participle.i and c.pos_ in ("NOUN", "PROPN")
    ]


def _phrase_tokens(tok: Any) -> list[Any]:
    """The noun phrase a token heads, without coordinated items or clauses hanging from it."""
    out = [tok]
    stack = [c for c in tok.children if c.dep_ not in _PHRASE_STOP]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _PHRASE_STOP)
    return sorted(out, key=lambda t: t.i)


class EventStage(BaseStage):
    """Codes events and claims; see the module docstring for the steps."""

    name = "syraq.events.v1"
    requires: tuple[str, ...] = ("nlp", "sentences", "places", "times")
    assigns: tuple[str, ...] = ("events", "claims")

    def __init__(self, codebook: Codebook | None = None, actors: ActorDictionary | None = None) -> None:
        self._codebook = codebook
        self._actors = actors

    @property
    def codebook(self) -> Codebook:
        if self._codebook is None:
            self._codebook = load_codebook()
        return self._codebook

    @property
    def actors(self) -> ActorDictionary:
        if self._actors is None:
            self._actors = load_actors()
        return self._actors

    def __call__(self, doc: Document) -> Document:
        if doc.nlp is None:
            raise PipelineError("E602", document_id=doc.id, stage=self.name)
        coder = _DocumentCoder(doc, self.codebook, self.actors)
        doc.events, doc.claims = coder.run()
        return doc


#: "the village of X", "X village", "the X neighbourhood": words no city of :data:`STRAY_POPULATION` people is called
_SMALL_WORDS = r"(?:village|villages|hamlet|hamlets|neighbou?rhood|neighbou?rhoods)"
_SMALL_BEFORE = re.compile(rf"\b{_SMALL_WORDS}\s+of\s+(?:the\s+)?$", re.I)
_SMALL_AFTER = re.compile(rf"^\s+{_SMALL_WORDS}\b", re.I)


def _called_small(text: str, start: int, end: int) -> bool:
    """The text calls the name at ``start:end`` a village or a neighbourhood, before it or after it."""
    return bool(_SMALL_BEFORE.search(text[max(0, start - 30) : start]) or _SMALL_AFTER.match(text[end : end + 20]))


def _within(town: PlaceMention, pick: PlaceMention, reach_km: float) -> bool:
    """``town`` lies within ``reach_km`` of the place ``pick`` names (its named part, when it has one)."""
    there = pick.area or pick.place
    return (
        town.place is not None
        and there is not None
        and haversine_km(town.place.lat, town.place.lon, there.lat, there.lon) <= reach_km
    )


def _named_as(written: str, place: Place) -> bool:
    """The text spells the place as the gazetteer's own name for it does (ignoring case, marks and hyphens): not as
    one of its alternate names, which take in transliterations ("Sarja" for Sharjah) that a village's name may be."""
    from ..geo.normalize import surface

    return surface(written) == surface(place.name)


#: how far from the place it narrows down a place the report narrows an event down to may lie ("in the border area
#: between Deir-ez-Zor and Homs, likely in the Al-Bukamal district": 120 km from Deir ez-Zor city)
_NARROWING_KM = 200.0


def _narrows(narrow: PlaceMention, pick: PlaceMention) -> bool:
    """Whether ``narrow`` can be where an event the report placed at ``pick`` happened: in its country and within
    :data:`_NARROWING_KM` of it (:func:`_within`; "southern Aleppo, likely in the Hadher sub-district" is not Hatra in
    Iraq). Anything narrows a place left unresolved."""
    if pick.place is None:
        return True
    return (
        narrow.place is not None
        and narrow.place.country_code == pick.place.country_code
        and _within(narrow, pick, _NARROWING_KM)
    )


def _region_of(mention: PlaceMention, precision: int) -> PlaceMention:
    """``mention`` as a stand-in for a place inside it: a province's part is a small region, near it rather than the
    province at large; a province named whole stands in by its populated heart, not by GeoNames' centre of its
    territory ("Diyala police ... in the area of Mukhaysa")."""
    if mention.area is not None or mention.core is not None:
        return replace(mention, place=mention.area or mention.core, geo_precision=precision)
    return mention


class _DocumentCoder:
    """Codes one document. Holds the per-document indexes the rules need."""

    def __init__(self, doc: Document, codebook: Codebook, actors: ActorDictionary) -> None:
        self.doc = doc
        self.sp = doc.nlp
        self.cb = codebook
        self._party_nouns = codebook.party_nouns | codebook.combatant_nouns
        self._report_refs: dict[tuple[str, date | None], list[_ActorRef]] = {}
        self._sentence_words: dict[tuple[int, int], tuple[str, str]] = {}  # (start, end) -> (lemmas, lower forms)
        self.actors = actors
        self.text = doc.text
        self.times = sorted(doc.times, key=lambda t: t.span.start)
        self.mentions: list[ActorMention] = sorted(actors.find(doc.text), key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]
        self._mention_reach = max((m.end - m.start for m in self.mentions), default=0)
        self.sp = self._reparse_acronyms(self.sp)
        # a place inside an actor's name ("US-backed forces", "Syrian Arab Army") is not where anything happened,
        # and a whole country is never an event's location (ACLED codes at most to a province); a place
        # opening an institution's name ("the Ohio Supreme Court", geo's how "in-org:") names a jurisdiction
        self.places = sorted(
            (
                p
                for p in doc.places
                if not p.how.startswith("in-org:")
                and not any(
                    m.start <= p.span.start and p.span.end <= m.end
                    for m in self._mentions_overlapping(p.span.start, p.span.end)
                )
                and not (p.place is not None and p.place.feature_code.startswith("PCL"))
                and not self._in_actor_modifier(p)
            ),
            key=lambda p: p.span.start,
        )
        # the country the named actors betray ("Popular Mobilization", "regime forces"): it decides between
        # same-named actors of several countries when the places do not ("Islamic State (Iraq)")
        homes = Counter(h for m in self.mentions if (h := actors.home_country(m)))
        self.places = self._distrust_strays(self.places, set(homes))
        # offset indexes, so a lookup costs the neighbourhood, not the whole (possibly very long) report
        self._place_starts = [p.span.start for p in self.places]
        self._place_reach = max((p.span.end - p.span.start for p in self.places), default=0)
        self._time_starts = [t.span.start for t in self.times]
        self._time_reach = max((t.span.end - t.span.start for t in self.times), default=0)
        resolved = [p for p in self.places if p.place is not None]
        counts = Counter(p.place.id for p in resolved if p.place is not None)
        self.main_place: PlaceMention | None = None
        if counts:
            top = counts.most_common(1)[0][0]
            self.main_place = next(p for p in resolved if p.place is not None and p.place.id == top)
        countries = Counter(p.place.country_code for p in resolved if p.place is not None and p.place.country_code)
        self.actor_countries = set(homes)
        self.actor_country = homes.most_common(1)[0][0] if homes else ""
        variant = actors.variant_countries
        place_country = next((c for c, _ in countries.most_common() if c in variant), "")
        if place_country and (not self.actor_countries or place_country in self.actor_countries):
            self.country = place_country
        else:
            self.country = self.actor_country or (countries.most_common(1)[0][0] if countries else "")
        self.brief = (
            len(doc.sentences) <= codebook.brief_max_sentences and len(doc.text.strip()) <= codebook.brief_max_chars
        )
        self._first_word: dict[str, list[tuple[Rule, tuple[TriggerWord, ...]]]] = {}
        for rule in codebook.rules:
            for phrase in rule.triggers:
                self._first_word.setdefault(phrase[0].text, []).append((rule, phrase))

    def _reparse_acronyms(self, sp: Any) -> Any:
        """ "IS took several regime positions", "destroyed 5 IS pickups": the parser reads an actor's acronym that
        spells an English verb as that verb and parses the rest around it. When an all-capitals actor alias of the
        dictionary is tagged as a verb in a sentence that is not itself written in capitals, the text is parsed
        again with the acronym masked by a neutral name of the same length (offsets stay exact)."""
        if sp is None or len(self.text) > _REPARSE_MAX_CHARS:
            return sp
        masks = []
        for tok in sp:
            if not (tok.pos_ in ("AUX", "VERB") and len(tok.text) > 1 and tok.text.isupper()):
                continue
            start, end = tok.idx, tok.idx + len(tok.text)
            if not any(m.start <= start and end <= m.end for m in self._mentions_overlapping(start, end)):
                continue
            words = [t for t in tok.sent if t.is_alpha and len(t.text) > 1]
            if sum(t.text.isupper() for t in words) * 2 > len(words):
                continue  # a headline in capitals: "IS" may be the verb
            masks.append((start, end))
        if not masks:
            return sp
        from ..nlp.stage import load_spacy

        chars = list(self.text)
        for start, end in masks:
            chars[start:end] = _ACRONYM_MASK[0] + _ACRONYM_MASK[1].lower() * (end - start - 1)
        return load_spacy()("".join(chars))

    def _distrust_strays(self, places: list[PlaceMention], countries: set[str]) -> list[PlaceMention]:
        """A small place in a country neither the report's actors nor its other places belong to is a namesake
        the gazetteer offered for a village it does not know ("the village of X" in a report on Syrian forces,
        resolved to a town in India): such a mention counts as unlocated, so the event falls back to the place
        the report locates it in. Provinces, countries, our curated places, the analyst's own layers and places
        of at least :data:`STRAY_POPULATION` people named as the gazetteer spells them (not "Mosque" for Moscow,
        a spelling fold) are trusted as resolved."""
        # the distinct places the report names in each country (one place named twice, or a name placed at the town
        # the text locates it from, is still one stray)
        in_country: dict[str, set[str]] = defaultdict(set)
        # countries the report's own words point to (geo's hints: armed groups, demonyms, the analyst's area)
        cued = {c.upper() for c in self.doc.country_cues}
        vouching = set(cued)
        alone = {id(p): self._trusted_alone(p) for p in self.doc.places}  # ``places`` are some of these
        for p in self.doc.places:  # countries named in the text count too ("Afrin, Syria")
            if p.place is not None and p.place.country_code:
                in_country[p.place.country_code.upper()].add(p.place.id)
                if alone[id(p)]:
                    vouching.add(p.place.country_code.upper())
        by_place = Counter({c: len(ids) for c, ids in in_country.items()})
        out = []
        for p in places:
            place = p.place
            if place is None or not place.country_code:
                out.append(p)
                continue
            code = place.country_code.upper()
            # the report's countries: its actors', those of places its words point to or trusted on their own, and
            # a country named twice (a lone stray, "Liwa" read as the Omani town, vouches for nothing: "Al-Bukamal
            # city" stays Syrian)
            others = countries | {c for c, n in by_place.items() if (c != code and c in vouching) or n > 1}
            own = alone[id(p)] if id(p) in alone else self._trusted_alone(p)
            trusted = not others or code in others or code in cued or own
            if trusted:
                out.append(p)
            else:
                out.append(
                    replace(
                        p,
                        place=None,
                        alternatives=[(place.id, p.score), *p.alternatives],
                        how=f"{p.how}; {place.name} ({code}) is outside the report's countries",
                    )
                )
        return out

    def _trusted_alone(self, p: PlaceMention) -> bool:
        """A place trusted whatever the report's countries: a province or country, our curated places, the analyst's
        own layers, and places of at least :data:`STRAY_POPULATION` people named as the gazetteer spells them,
        unless the text calls the name a village or a neighbourhood ("the village of Sarja" is not Sharjah)."""
        place = p.place
        return place is not None and (
            (
                place.population >= STRAY_POPULATION
                and _named_as(p.span.text(self.text), place)
                and not _called_small(self.text, p.span.start, p.span.end)
            )
            or place.feature_code.startswith(("PCL", "ADM1"))
            or place.source not in ("embedded", "")
            or place.id.startswith("syraq:")
        )

    def _country_of(self, place: PlaceMention | None) -> str:
        """The country whose actors an event at ``place`` involves: the place's own, unless it is not one where
        the dictionary tells same-named actors apart or the actors the report names all belong elsewhere; then
        the report's country (its actors', else its places')."""
        code = place.place.country_code.upper() if place is not None and place.place is not None else ""
        if (
            code
            and code in self.actors.variant_countries
            and (not self.actor_countries or code in self.actor_countries)
        ):
            return code
        return self.country or code

    def _qualifies_a_party(self, mention: PlaceMention) -> bool:
        """A place name that qualifies a noun naming a party (codebook [combatants] parties and nouns): "Baghdad's
        military intelligence", "the Baghdad operations command" (not "Aleppo countryside", "the Harasta front")."""
        tok = self.sp.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if tok is None:
            return False
        root = tok.root
        if root.dep_ not in ("poss", "compound") or root.head.i in range(tok.start, tok.end):
            return False
        head = root.head
        while head.dep_ == "compound" and head.head.i != head.i:  # "the Baghdad operations command"
            head = head.head
        return head.lower_ in self._party_nouns or root.head.lower_ in self._party_nouns

    def _protest_topic(self, mention: PlaceMention, head: Any) -> bool:
        """A place named in what a protest is against or about: under one of the codebook's [protests] topic_words
        ("against", "denouncing", a noun "protest" other than the trigger: "in protest of the campaign in Afrin")."""
        tok = self.sp.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if tok is None:
            return False
        node = tok.root
        while node.i != head.i and node.head.i != node.i:
            node = node.head
            if node.i != head.i and node.lemma_.casefold() in self.cb.protest_topic_words:
                return True
        return False

    def _purpose(self, head: Any) -> bool:
        """The noun of "in protest of/against ..." (codebook [protests] purpose_nouns): why another event happened."""
        return head.lemma_.casefold() in self.cb.purpose_nouns and head.dep_ == "pobj" and head.head.lower_ == "in"

    def _in_actor_modifier(self, mention: PlaceMention) -> bool:
        """ "US-backed", "Iranian-backed": a place name glued to a hyphenated modifier names a sponsor."""
        after = self.text[mention.span.end : mention.span.end + 12].lower()
        return after.startswith(("-backed", "-led", "-held", "-controlled", "-supported", "-based", "’s-backed"))

    # -- driver --------------------------------------------------------------------------

    def run(self) -> tuple[list[Event], list[Claim]]:
        events: list[_Candidate] = []
        claims: list[Claim] = []
        orphans: list[tuple[int, list[FatalityCount]]] = []  # counts in sentences that code no event
        for sentence in self._segments():
            sent = self.sp.char_span(sentence.start, sentence.end, alignment_mode="expand")
            if sent is None or not sent.text.strip():
                continue
            if sent.text.rstrip().rstrip("\"”’'])").endswith("?"):
                continue  # questions report nothing
            found, claim, counts = self._code_sentence(sent, sentence)
            if not found and counts:
                orphans.append((sentence.start, counts))
            events.extend(found)
            if claim is not None:
                claims.append(claim)
        if self.brief:
            self._adopt_orphan_counts(events, orphans)
        for c in events:
            self._fill_actors(c)
        if self.brief:
            events = self._fold_into_battle(events)
            events = self._fold_followups(events)
            events = self._fold_clash_into_capture(events)
            events = self._fold_yielding_actors(events)
        self._sides_of_earlier_battle(events)
        merged = self._merge_document(events)
        self._split_fatalities(merged)
        return [self._to_event(c) for c in merged], claims

    def _split_fatalities(self, cands: list[_Candidate]) -> None:
        """A report that spreads its total over several events or places ("coded as 10 and split between the
        5 locations") gives each violent event its share (see ``[fatalities.split]`` in the codebook)."""
        violent = [c for c in cands if c.rule.event_type in _FATAL_TYPES]
        total = max((c.fatalities for c in violent), default=0)
        split = find_split(self.text, self.cb) if violent else None
        if split is None or (total <= 0 and not split.total):
            return
        for order, c in enumerate(violent):
            names = []
            if c.place is not None:
                names.append(c.place.span.text(self.text))
                if c.place.place is not None:
                    names.append(c.place.place.name)
            share = split.share(total, names, events=len(violent), order=order)
            if share is not None:
                c.fatalities = share

    @staticmethod
    def _adopt_orphan_counts(cands: list[_Candidate], orphans: list[tuple[int, list[FatalityCount]]]) -> None:
        """A brief report's follow-up sentence ("Strikes killed 6 people.") counts the victims of its event:
        the count goes to the last violent event coded before it (else the first one after). A figure the
        report states for itself ("Unknown number of fatalities coded as 10") is the total of what it told
        before: it goes to the main happening (the violent event highest in ACLED's priority order, the first
        told among equals) and replaces the counts of the others."""
        violent = [c for c in cands if c.rule.event_type in _FATAL_TYPES] or cands
        if not violent:
            return
        for start, counts in orphans:
            before = [c for c in violent if c.sentence.start < start]
            target = before[-1] if before else violent[0]
            if any(count.stated for count in counts):
                told = before or violent
                target = min(told, key=lambda c: (c.priority, c.sentence.start, c.head_i))
                for c in told:
                    if c is not target:
                        c.fatalities, c.fatality_spans = 0, []
            for count in counts:
                for c in cands:
                    if c.sentence.start == target.sentence.start and c.head_i == target.head_i:
                        # "Unknown number of fatalities coded as 10": the report's figure for the event
                        c.fatalities = count.count if count.stated else c.fatalities + count.count
                        c.fatality_spans.append(Span(count.start, count.end, "fatalities"))

    def _fold_into_battle(self, cands: list[_Candidate]) -> list[_Candidate]:
        """ACLED: an air strike or shelling during a ground battle is one Battles event. In a brief report that
        codes a battle, remote violence by the battle's parties (or by an unnamed author) folds into it."""
        battles = [c for c in cands if c.rule.event_type == "Battles"]
        if not battles:
            return cands
        kept = []
        for c in cands:
            if c.rule.event_type == "Explosions/Remote violence" and c.rule.sub_event_type != "Chemical weapon":
                author = c.actor1.actor.name if c.actor1 is not None and not c.actor1_default else ""
                host = next((b for b in battles if not author or author in self._parties(b)), None)
                if host is None and self._in_support_phrase(c):
                    # "QSD forces, supported by Coalition airstrikes, clashed with IS": the strikes back the battle
                    host = next((b for b in battles if b.sentence.start == c.sentence.start), None)
                if host is None and author and c.actor1 is not None:
                    # "regime forces, accompanied by regime or Russian airstrikes, recaptured ...": the government's
                    # allies strike for its battle
                    country = self._country_of(c.place)
                    if self.actors.is_government_side(c.actor1.actor, country):
                        host = next(
                            (
                                b
                                for b in battles
                                if b.actor1 is not None
                                and self.actors.is_government_side(b.actor1.actor, self._country_of(b.place))
                            ),
                            None,
                        )
                if host is None and c.actor2 is not None and not c.actor2_default:
                    # "Turkish warplanes targeted Hamam town as clashes took place between YPG and Olive Branch
                    # factions in the town": strikes on a side of the battle the same sentence tells are part of it
                    target = c.actor2.actor.name
                    host = next(
                        (b for b in battles if b.sentence.start == c.sentence.start and target in self._parties(b)),
                        None,
                    )
                    if host is not None and c.actor1 is not None and author and author not in self._parties(host):
                        # the striker fights on the other side of its target
                        side = host.assoc2 if host.actor1 is not None and host.actor1.actor.name == target else host.assoc1
                        side.append(c.actor1)
                if host is not None:
                    self._absorb(host, c)
                    continue
            kept.append(c)
        return kept

    def _leads_or_backs(self, ref: _ActorRef) -> bool:
        """The actor is named as leading or backing someone ("forces, led by the Turkish military, captured",
        "rebels backed by Turkey"): on that side, never its opponent."""
        tok = self.sp[ref.token_i]
        for _ in range(3):
            head = tok.head
            if head.i == tok.i:
                return False
            if tok.dep_ in ("pobj", "agent") and head.dep_ == "agent" and head.head.lemma_.casefold() in _SIDE_WORDS:
                return True
            if tok.dep_ == "agent" and head.lemma_.casefold() in _SIDE_WORDS:
                return True
            tok = head
        return False

    def _in_support_phrase(self, c: _Candidate) -> bool:
        """A strike named as the support of fighters on the ground: "supported by Turkish warplanes", "backed by
        Coalition airstrikes", "accompanied by heavy shelling", "with the support of Russian jets"."""
        tok = self.sp[c.head_i]
        for _ in range(4):
            head = tok.head
            if head.i == tok.i:
                return False
            if tok.dep_ in ("pobj", "agent", "prep") and head.lemma_.casefold() in _SUPPORT_WORDS:
                return True
            tok = head
        return False

    def _fold_followups(self, cands: list[_Candidate]) -> list[_Candidate]:
        """A brief report's later sentence that names no author and no place of its own ("Shelling destroyed a
        building, killing 3 civilians.") goes on telling an event already coded: it folds into the last
        earlier event of the same type (its victims and figures included)."""
        kept: list[_Candidate] = []
        for c in cands:
            unnamed = c.actor1 is None or c.actor1_default
            host = next(
                (
                    k
                    for k in reversed(kept)
                    if k.sentence.start < c.sentence.start and k.rule.event_type == c.rule.event_type
                ),
                None,
            )
            if host is not None and unnamed and c.place_source != "clause":
                self._absorb(host, c)
                continue
            kept.append(c)
        return kept

    def _fold_clash_into_capture(self, cands: list[_Candidate]) -> list[_Candidate]:
        """ACLED codes fighting that ends in a capture as the capture alone: in a brief report, a clash whose
        parties include the capturer, at the capture's place or at none of its own, folds into the capture."""
        captures = [c for c in cands if c.rule.event_type == "Battles" and c.rule.sub_event_type != "Armed clash"]
        if not captures:
            return cands
        kept = []
        for c in cands:
            if c.rule.sub_event_type == "Armed clash":
                host = next((k for k in captures if self._clash_fits_capture(c, k)), None)
                if host is not None:
                    self._keep_fighters(host, c)
                    self._absorb(host, c)
                    continue
            kept.append(c)
        return kept

    @staticmethod
    def _sides_of_earlier_battle(cands: list[_Candidate]) -> None:
        """A battle the report names no side of ("Clashes in Atshan, Sham al-Hawa and Zurzur resulted in fatalities on
        both sides") is fought by the sides of the battle the report named before it ("clashes took place between
        regime forces and HTS ...")."""
        earlier: _Candidate | None = None
        for c in sorted(cands, key=lambda x: x.head_i):
            if c.rule.event_type != "Battles":
                continue
            sides = {r.actor.name for r in (earlier.actor1, earlier.actor2) if r is not None} if earlier else set()
            if c.actor1 is None and earlier is not None and (c.actor2 is None or c.actor2.actor.name in sides):
                c.actor1, c.assoc1, c.actor1_from_order = earlier.actor1, list(earlier.assoc1), True
                c.actor2, c.assoc2, c.actor2_default = earlier.actor2, list(earlier.assoc2), earlier.actor2_default
            elif c.actor1 is not None and c.actor2 is not None:
                earlier = c

    def _fold_yielding_actors(self, cands: list[_Candidate]) -> list[_Candidate]:
        """A standing actor gives way to a named actor of its side ([[yield_actor1]] in the codebook): in a brief
        report, "Syrian or Russian warplanes bombed X while regime forces shelled the town" is one event of the
        regime's at X, of the higher-priority sub-event type (ACLED codes the actor it can name)."""
        out = list(cands)
        for rule in self.cb.yield_actor1:
            for c in list(out):
                if not any(x is c for x in out) or c.actor1 is None or c.actor1.actor.name != rule.actor:
                    continue
                if rule.event_types and c.rule.event_type not in rule.event_types:
                    continue
                host = next((h for h in out if h is not c and self._yields_to(c, h, rule.to)), None)
                if host is None:
                    continue
                if c.priority < host.priority:  # the strike's sub-type, the named actor
                    c.actor1, c.assoc1, c.actor1_from_order = host.actor1, host.assoc1, host.actor1_from_order
                    c.actor1_default = False
                    self._absorb(c, host)
                    out = [x for x in out if x is not host]
                else:
                    self._absorb(host, c)
                    out = [x for x in out if x is not c]
        return out

    def _yields_to(self, c: _Candidate, host: _Candidate, names: frozenset[str]) -> bool:
        """``host`` is an event of the same type as ``c``, by one of ``names`` (or a unit of one), at ``c``'s place
        (or one of them has none)."""
        if host.actor1 is None or host.rule.event_type != c.rule.event_type:
            return False
        if host.actor1.actor.name not in names and self._parent(host.actor1.actor.name) not in names:
            return False
        a, b = self._place_key(c), self._place_key(host)
        return a is None or b is None or a == b

    @staticmethod
    def _keep_fighters(capture: _Candidate, clash: _Candidate) -> None:
        """The group the clash names against the capturer or the loser, and the capture does not, fought on the other
        side ("clashes between regime forces and HTS, where the factions advanced to control X": HTS fought with the
        factions): it joins that side as an associated actor."""
        capturer = capture.actor1.actor.name if capture.actor1 is not None else ""
        loser = capture.actor2.actor.name if capture.actor2 is not None else ""
        named = {capturer, loser} | {r.actor.name for r in capture.assoc1 + capture.assoc2}
        for one, other in ((clash.actor1, clash.actor2), (clash.actor2, clash.actor1)):
            if one is None or other is None or other.actor.name in named:
                continue
            if one.actor.name == loser and loser:
                capture.assoc1.append(other)
            elif one.actor.name == capturer and capturer:
                capture.assoc2.append(other)
            else:
                continue
            named.add(other.actor.name)

    def _clash_fits_capture(self, clash: _Candidate, capture: _Candidate) -> bool:
        """The clash's parties include the capturer, or the side that lost the ground ("clashes between regime forces
        and HTS, where the factions advanced to control X": the regime fought for what it lost)."""
        capturer = capture.actor1.actor.name if capture.actor1 is not None else ""
        loser = capture.actor2.actor.name if capture.actor2 is not None else ""
        parties = self._parties(clash)
        fought = {capturer, self._parent(capturer)} if capturer else set()
        if loser:
            fought |= {loser, self._parent(loser)}
        if capturer and parties and not fought & parties:
            return False
        pa, pb = self._place_key(clash), self._place_key(capture)
        # a clash its own clause places elsewhere than the capture is fought there ("... advanced to control villages in
        # Idleb, including Zurzur. Clashes in Atshan, ..."), wherever the capture's place was read from
        return not (pa and pb and pa != pb and clash.place_source == "clause" and capture.place_source in ("clause", "sentence"))

    def _parties(self, c: _Candidate) -> set[str]:
        refs = [r for r in (c.actor1, c.actor2) if r is not None] + c.assoc1 + c.assoc2
        return {r.actor.name for r in refs} | {self._parent(r.actor.name) for r in refs}

    def _fill_actors(self, c: _Candidate) -> None:
        """ACLED's second actor and standing first actor where the roles left them empty.

        actor2: for remote violence and attacks, the civilians the sentence names; for battles and remote
        violence, another armed actor named in the sentence (in a brief report, anywhere in it), such as the
        loser of a capture ("from the regime"). actor1: the codebook's [[default_actor1]] for an unnamed author.
        """
        country = self._country_of(c.place)
        on = c.time.start if c.time else self.doc.published
        etype = c.rule.event_type
        taken = {r.actor.name for r in ([c.actor1] if c.actor1 else []) + c.assoc1 + c.assoc2}
        parents = {self._parent(n) for n in taken}

        def pool(start: int, end: int) -> list[_ActorRef]:
            out = []
            for m in self._mentions_overlapping(start, end):
                if start <= m.start < end and not (c.actor1 is not None and m.start == c.actor1.start):
                    r = self._ref(m, country, on)
                    if r is not None:
                        out.append(r)
            return out

        if c.actor1 is None and etype == "Explosions/Remote violence":
            # "X hit YPG positions with artillery", "IS targeted a vehicle by IED detonation": the weapon hangs
            # from a verb whose subject fired it
            author = self._subject_of_governing_verb(c, pool(c.sentence.start, c.sentence.end))
            if author is not None:
                c.actor1, c.actor1_from_order = author, True
                taken.add(author.actor.name)
                parents.add(self._parent(author.actor.name))
        if c.actor1 is None and etype == "Battles":
            # "4 HTS fighters were killed in clashes against IS", "two policemen and three IS militants were killed
            # amidst clashes": the fallen fought in the battle, in the order the report names them
            fallen = self._fallen_sides(c, pool(c.sentence.start, c.sentence.end))
            named = [c.actor2] if c.actor2 is not None and all(f.actor.name != c.actor2.actor.name for f in fallen) else []
            sides = fallen + named
            if sides and (c.actor2 is None or len(sides) > 1):
                c.actor1, c.actor1_from_order = sides[0], True
                if len(sides) > 1:
                    c.actor2, c.actor2_default = sides[1], False
                taken |= {r.actor.name for r in sides[:2]}
                parents |= {self._parent(r.actor.name) for r in sides[:2]}
        if c.actor1 is None and etype in ("Explosions/Remote violence", "Violence against civilians"):
            # "a device presumably planted by IS", "IS claimed responsibility": the named author
            spans = [(c.sentence.start, c.sentence.end)] + ([(0, len(self.text))] if self.brief else [])
            for start, end in spans:
                author = self._named_author(start, end, country, on, c.actor2)
                if author is not None:
                    c.actor1 = author  # before the second actor is sought: the author is no target
                    taken.add(author.actor.name)
                    parents.add(self._parent(author.actor.name))
                    break
        if c.actor2 is None:
            scopes = [pool(c.sentence.start, c.sentence.end)]
            if self.brief:
                scopes.append(pool(0, len(self.text)))
            if etype in ("Explosions/Remote violence", "Violence against civilians"):
                civ = next((r for r in scopes[0] if r.actor.inter == 7), None)
                if civ is not None:
                    c.actor2 = civ
                    c.civilian_targeting = True
            if c.actor2 is None and etype in ("Battles", "Explosions/Remote violence"):
                # the government's allies ("regime forces supported by loyalist militias", regime shelling "as Russian
                # warplanes struck the town") are not its opponent nor its target
                gov1 = c.actor1 is not None and self.actors.is_government_side(c.actor1.actor, country)
                if gov1 and etype == "Explosions/Remote violence":
                    # an ally named in the sentence strikes with the author: an associated first actor (once)
                    for r in scopes[0]:
                        if (
                            self._parent(r.actor.name) not in parents
                            and self.actors.is_government_side(r.actor, country)
                            and r.actor.name not in {a.actor.name for a in c.assoc1}
                        ):
                            c.assoc1.append(r)
                for scope in scopes:
                    other = next(
                        (
                            r
                            for r in scope
                            if r.actor.inter != 7
                            and self._parent(r.actor.name) not in parents
                            and not (gov1 and self.actors.is_government_side(r.actor, country))
                            and not self._leads_or_backs(r)
                        ),
                        None,
                    )
                    if other is not None:
                        c.actor2 = other
                        break
            if c.actor2 is None and etype == "Explosions/Remote violence":
                self._civilians_if_hurt(c, country)
        if etype == "Protests" and c.actor1 is not None and c.actor1.actor.inter == 7:
            c.actor1 = None  # civilians who protest are protesters (ACLED's "Protesters (<country>)")
        if c.actor1 is None:
            name = self.cb.default_actor(etype, c.rule.sub_event_type, country)
            actor = self.actors.named(name, country) if name else None
            if actor is not None and (c.actor2 is None or c.actor2.actor.name != actor.name or etype == "Battles"):
                c.actor1 = _ActorRef(actor, c.trigger.start, c.trigger.end, c.head_i)
                c.actor1_default = True
            elif actor is not None and c.actor2 is not None and not c.actor2_default:
                # the standing author the sentence names ("warplanes whose identity is not known if they were Russian
                # or Syrian") is the author, not the target
                c.actor1, c.actor2 = c.actor2, None
                if etype == "Explosions/Remote violence":
                    self._civilians_if_hurt(c, country)
        if c.actor2 is None and c.actor1 is not None:
            name = self.cb.default_opponent(etype, c.rule.sub_event_type, country)
            actor = self.actors.named(name, country) if name else None
            if actor is not None and actor.name != c.actor1.actor.name:
                c.actor2 = _ActorRef(actor, c.trigger.start, c.trigger.end, c.head_i)
                c.actor2_default = True

    def _civilians_if_hurt(self, c: _Candidate, country: str) -> None:
        """Remote violence that kills or hurts people no armed side is named for hit civilians ("Syrian or Russian
        warplanes bombed the town of al-Ghantu, killing two"): they are its second actor."""
        if c.fatalities <= 0 and not self._reports_injuries(c):
            return
        civilians = self.actors.named("Civilians", country)
        if civilians is not None:
            c.actor2 = _ActorRef(civilians, c.trigger.start, c.trigger.end, c.head_i)
            c.actor2_default = True
            c.civilian_targeting = True

    def _fallen_sides(self, c: _Candidate, refs: list[_ActorRef]) -> list[_ActorRef]:
        """The armed actors a battle's noun trigger says were killed or wounded in it: the patients of the passive
        verb it hangs from ("X and Y were killed in clashes"), one per actor, in text order."""
        verb = self._context_verb(self.sp[c.head_i])
        if verb is None or verb.lemma_.casefold() not in _FALLEN_VERBS:
            return []
        patients = [t for t in verb.children if t.dep_ == "nsubjpass"]
        out: list[_ActorRef] = []
        for r in sorted(refs, key=lambda r: r.start):
            inside = any(p.left_edge.i <= r.token_i <= p.right_edge.i for p in patients)
            if inside and r.actor.inter in _ARMED_INTER and all(o.actor.name != r.actor.name for o in out):
                out.append(r)
        return out

    def _subject_of_governing_verb(self, c: _Candidate, refs: list[_ActorRef]) -> _ActorRef | None:
        """An armed actor that is the subject of a verb the trigger hangs from (within three steps up, or the first verb
        above it when the parser hung the phrase lower: "targeted a vehicle of the Popular mobilization by IED
        detonation", the "by" phrase on the mobilization)."""
        verbs = set()
        node = self.sp[c.head_i]
        for step in range(8):
            if node.head.i == node.i:
                break
            node = node.head
            if self._is_verb(node):
                verbs.add(node.i)
                if step >= 2:
                    break
            elif step >= 2 and verbs:
                break
        for r in refs:
            tok = self.sp[r.token_i]
            if tok.dep_ == "nsubj" and tok.head.i in verbs and r.actor.inter in _ARMED_INTER:
                return r
        return None

    def _reports_injuries(self, c: _Candidate) -> bool:
        """The event's sentence (a brief report: the report) tells of people hurt ("causing injuries"), not of
        none hurt ("no injuries", "neither injuries nor fatalities")."""
        start, end = (0, len(self.text)) if self.brief else (c.sentence.start, c.sentence.end)
        span = self.sp.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        words = set(self.cb.injury_words)
        for tok in span:
            if tok.lower_ not in words and tok.lemma_.casefold() not in words:
                continue
            left = " ".join(t.lower_ for t in tok.doc[max(span.start, tok.i - 3) : tok.i]) + " "
            if not any(cue in left for cue in ("no ", "neither ", "nor ", "without ", "any ")):
                return True
        return False

    def _named_author(
        self, start: int, end: int, country: str, on: date | None, target: _ActorRef | None
    ) -> _ActorRef | None:
        """An armed actor that ``[start, end)`` names as the author of a deed: the "by" agent of a participle
        ("planted by X", "launched by X") or the one who "claimed responsibility"."""
        for m in self._mentions_overlapping(start, end):
            if not (start <= m.start < end) or (target is not None and m.start == target.start):
                continue
            span = self.sp.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            by_agent = root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.head.tag_ == "VBN"
            claims = root.dep_ == "nsubj" and root.head.lemma_.casefold() == "claim"
            if not (by_agent or claims):
                continue
            r = self._ref(m, country, on)
            if r is not None and r.actor.inter in _ARMED_INTER:
                return r
        return None

    def _parent(self, name: str) -> str:
        entry = self.actors.entry(name)
        return entry.parent if entry is not None and entry.parent else name

    def _segments(self) -> list[Span]:
        """The document's sentences, cut at line breaks (a paragraph never continues a sentence)."""
        out: list[Span] = []
        for sent in self.doc.sentences:
            start = sent.start
            while start < sent.end:
                cut = self.text.find("\n", start, sent.end)
                end = sent.end if cut == -1 else cut
                chunk = self.text[start:end]
                if chunk.strip():
                    lead = len(chunk) - len(chunk.lstrip())
                    trail = len(chunk) - len(chunk.rstrip())
                    out.append(Span(start + lead, end - trail, "sentence"))
                start = end + 1
        return out

    def _mentions_overlapping(self, start: int, end: int) -> list[ActorMention]:
        """Actor mentions overlapping ``[start, end)``, in text order."""
        lo = bisect_left(self._mention_starts, start - self._mention_reach)
        hi = bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end > start]

    def _places_overlapping(self, start: int, end: int) -> list[PlaceMention]:
        """Place mentions overlapping ``[start, end)``, in text order."""
        lo = bisect_left(self._place_starts, start - self._place_reach)
        hi = bisect_left(self._place_starts, end)
        return [p for p in self.places[lo:hi] if p.span.end > start]

    def _in_time(self, tok: Any) -> bool:
        if tok.ent_type_ in ("DATE", "TIME"):
            return True
        lo = bisect_left(self._time_starts, tok.idx - self._time_reach)
        hi = bisect_left(self._time_starts, tok.idx + 1)
        return any(t.span.start <= tok.idx < t.span.end for t in self.times[lo:hi])

    # -- triggers ------------------------------------------------------------------------

    @staticmethod
    def _word_matches(tok: Any, word: TriggerWord) -> bool:
        if word.pos and tok.pos_ != word.pos:
            return False
        return word.text in (tok.lemma_.casefold(), tok.lower_)

    def _match_phrase(self, sent: Any, i: int, phrase: tuple[TriggerWord, ...]) -> list[Any] | None:
        doc = sent.doc
        toks = [doc[i]]
        j = i + 1
        for word in phrase[1:]:
            skipped = 0
            while j < sent.end and not self._word_matches(doc[j], word):
                if doc[j].pos_ not in _SKIPPABLE_POS or skipped >= 2:
                    return None
                skipped += 1
                j += 1
            if j >= sent.end:
                return None
            toks.append(doc[j])
            j += 1
        return toks

    def _triggers(self, sent: Any) -> list[tuple[list[Any], list[tuple[Rule, tuple[TriggerWord, ...]]]]]:
        """Trigger groups: overlapping matches, each with its (rule, phrase) options."""
        matches: list[tuple[list[Any], Rule, tuple[TriggerWord, ...]]] = []
        for tok in sent:
            if self._in_time(tok):
                continue  # "March 2008" is a date, not a march
            keys = {tok.lemma_.casefold(), tok.lower_}
            for key in keys:
                for rule, phrase in self._first_word.get(key, []):
                    if not self._word_matches(tok, phrase[0]):
                        continue
                    toks = self._match_phrase(sent, tok.i, phrase)
                    if toks is not None:
                        matches.append((toks, rule, phrase))
        groups: list[tuple[list[Any], list[tuple[Rule, tuple[TriggerWord, ...]]]]] = []
        for toks, rule, phrase in sorted(matches, key=lambda m: (m[0][0].i, -len(m[0]))):
            idx = {t.i for t in toks}
            for gtoks, options in groups:
                if idx & {t.i for t in gtoks}:
                    options.append((rule, phrase))
                    if len(toks) > len(gtoks):
                        gtoks[:] = toks
                    break
            else:
                groups.append((list(toks), [(rule, phrase)]))
        return groups

    @staticmethod
    def _phrase_head(toks: list[Any]) -> Any:
        idx = {t.i for t in toks}
        for t in toks:
            if (t.head.i not in idx or t.head.i == t.i) and (
                t.pos_ in ("VERB", "NOUN", "PROPN", "AUX", "ADJ") or len(toks) == 1
            ):
                return t
        return toks[0]

    # -- one sentence --------------------------------------------------------------------

    def _code_sentence(self, sent: Any, sentence: Span) -> tuple[list[_Candidate], Claim | None, list[FatalityCount]]:
        candidates: list[_Candidate] = []
        claim: Claim | None = None
        fatalities = count_fatalities(sent, self.cb)
        seen_heads: set[int] = set()
        triggers = list(self._triggers(sent))
        for toks, options in triggers:
            head = self._phrase_head(toks)
            if head.i in seen_heads:
                continue
            seen_heads.add(head.i)
            if self._purpose(head) and len(triggers) > 1:
                continue  # "a demonstration took place in Aleppo in protest of ...": the purpose of the main event
            if self._modifier_only(head) or is_negated(head, self.cb) or self._generic(head) or self._state_of(head):
                continue  # "besieged suburbs", "did not capture", "previous battles", "the fighters besieging Foah"
            mood = modality(head, self.cb)
            if mood is not None:
                if claim is None:
                    claim = self._claim(sent, sentence, mood)
                continue
            if head.pos_ in ("VERB", "AUX") and is_irrealis_infinitive(head):
                continue
            # the longest phrase speaks for the group ("tried to capture" is an attempt, not a capture)
            options.sort(key=lambda o: (-len(o[1]), o[0].order))
            for rule, _phrase in options:
                found = self._apply(rule, toks, head, sent, sentence, fatalities)
                if found:
                    candidates.extend(found)
                    break
        self._assign_fatalities(candidates, fatalities, sent)
        return self._merge_sentence(candidates), claim, fatalities

    @staticmethod
    def _modifier_only(head: Any) -> bool:
        """A participle that only describes a noun ("besieged suburbs", "the captured town"); a past-tense verb
        with its own subject that the parser hung as a modifier ("the army controlled Hawa village") is not."""
        if head.dep_ != "amod":
            return False
        fronted = [c for c in head.children if _fronted_subject(c, head)]
        # a name before the participle is its subject whatever tense the tagger gave it ("IS controlled X town")
        if fronted and (head.tag_ == "VBD" or any(c.dep_ == "npadvmod" for c in fronted)):
            return False
        return not _verbless_clause_subject(head)

    def _state_of(self, head: Any) -> bool:
        """A participle that says who the noun is or holds what ("the Islamist faction fighters besieging the town
        of Foah targeted areas", "forces controlling the road", "areas controlled by IS", "the town is controlled by
        Jaysh al-Islam"): a standing, not an event (`[generic] participles` in the codebook)."""
        if head.lemma_.casefold() not in self.cb.state_participles:
            return False
        if head.tag_ == "VBN":
            # "areas controlled by IS", "the town is controlled by Jaysh al-Islam", "villages which were recently
            # controlled by the Turkish army": who holds a place, not its taking
            present = any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in head.children)
            return head.dep_ in ("acl", "relcl") or present
        if head.tag_ != "VBG":
            return False
        # the parser may make the participle the root when the sentence's own verb follows it ("... besieging the
        # town of Foah targeted areas"); with an auxiliary ("were besieging") it is the event itself
        return head.dep_ == "acl" or (head.dep_ == "ROOT" and not any(c.dep_ in ("aux", "auxpass") for c in head.children))

    def _generic(self, head: Any) -> bool:
        """A trigger noun that names a kind of event, not one event ("previous battles", "such attacks")."""
        if self._is_verb(head):
            return False
        return any(c.lower_ in self.cb.generic_modifiers for c in head.children if c.i < head.i)

    def _claim(self, sent: Any, sentence: Span, mood: tuple[str, Any]) -> Claim:
        kind, cue = mood
        places = [p for p in self.places if sentence.start <= p.span.start < sentence.end]
        times = [t for t in self.times if sentence.start <= t.span.start < sentence.end]
        speaker = ""
        root = sent.root
        if root.lemma_.casefold() in ("say", "think", "believe", "argue", "suggest"):
            subj = [c for c in root.children if c.dep_ == "nsubj"]
            if subj:
                speaker = self.text[subj[0].left_edge.idx : subj[0].right_edge.idx + len(subj[0].right_edge.text)]
        key = f"{self.doc.id}:{sentence.start}:{cue.idx}:{kind}"
        return Claim(
            id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
            document_id=self.doc.id,
            kind=kind,
            evidence=Span(sentence.start, sentence.end, "claim"),
            cue=cue.text,
            speaker=speaker,
            places=places,
            date_start=times[0].start if times else None,
            date_end=times[0].end if times else None,
        )

    # -- roles ---------------------------------------------------------------------------

    @staticmethod
    def _is_verb(tok: Any) -> bool:
        return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")

    def _context_verb(self, head: Any) -> Any | None:
        """For a trigger noun, the verb it hangs from ("launched an attack", "killed in an airstrike")."""
        node = head
        for _ in range(4):
            if node.head.i == node.i:
                return None
            node = node.head
            if self._is_verb(node):
                return node
        return None

    def _relations(self, head: Any, trigger_idx: set[int], phrase_toks: list[Any]) -> dict[str, list[Any]]:
        rel: dict[str, list[Any]] = {
            k: []
            for k in (
                "subject",
                "agent",
                "object",
                "target",
                "between",
                "modifier",
                "loc",
                "governor",
                "self",
                "participle_noun",
            )
        }
        rel["self"].append(head)

        def preps(node: Any) -> None:
            for child in node.children:
                if child.i in trigger_idx:
                    continue
                if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and not self._is_verb(node)):
                    rel["agent"].extend(c for c in child.children if c.dep_ == "pobj")
                elif child.dep_ == "prep":
                    objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                    word = child.lower_
                    if word in ("between", "with", "among", "amongst"):
                        for o in objs:
                            rel["between"].append(o)
                            rel["between"].extend(o.conjuncts)
                        rel["between"].extend(self._coordinated_tail(child))
                        # "between X and Y against Z": Z is the other side, X and Y one side
                        rel["target"].extend(self._opposing_side(child))
                    elif word in _TARGET_PREPS:
                        rel["target"].extend(objs)
                        rel["loc"].extend(objs)
                    if word in _LOC_PREPS:
                        rel["loc"].extend(objs)

        if self._is_verb(head):
            for child in head.children:
                if child.i in trigger_idx:
                    continue
                if child.dep_ in ("nsubj", "csubj"):
                    rel["subject"].append(child)
                elif child.dep_ in ("dobj", "obj", "nsubjpass", "attr"):
                    rel["object"].append(child)
            preps(head)
            if not rel["subject"] and not rel["agent"]:
                # a passive participle whose "by" phrase the parser hung lower ("captured one month prior by X")
                for child in head.children:
                    if child.dep_ in ("advmod", "npadvmod") and child.i > head.i:
                        for grand in child.children:
                            if grand.dep_ in ("prep", "agent") and grand.lower_ == "by":
                                rel["agent"].extend(c for c in grand.children if c.dep_ == "pobj")
            # "X was shot and killed by Y": coordinated passive participles share the patient and the "by" phrase
            if head.dep_ == "conj" and head.tag_ == "VBN" and not rel["object"] and not rel["subject"]:
                rel["object"].extend(c for c in head.head.children if c.dep_ == "nsubjpass")
            if not rel["agent"] and not rel["subject"] and any(c.dep_ == "nsubjpass" for c in head.children):
                for conj in head.children:
                    if conj.dep_ == "conj" and conj.tag_ == "VBN":
                        rel["agent"].extend(
                            p for c in conj.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                        )
            if rel["agent"] and not rel["object"] and head.dep_ in ("advcl", "acl", "relcl", "conj"):
                # "Sukhna, a town near Palmyra captured by X": a reduced relative the parser hung elsewhere
                for back in reversed(list(head.doc[max(head.sent.start, head.i - 10) : head.i])):
                    if back.dep_ == "appos":
                        rel["object"].append(back)
                        break
            if head.dep_ == "amod" and not rel["object"]:
                rel["object"].append(head.head)  # "the army controlled Hawa village", parsed as a modifier
            if head.dep_ == "amod" and not rel["subject"]:
                rel["subject"].extend(c for c in head.children if _fronted_subject(c, head))  # "IS controlled ..."
                if not rel["subject"]:
                    rel["subject"].extend(_verbless_clause_subject(head))
            if head.dep_ == "pcomp" and not rel["object"] and any(c.dep_ == "auxpass" for c in head.children):
                # "3 civilians were injured after being shot by X": the one shot is the main clause's patient
                verb = head.head.head
                rel["object"].extend(c for c in verb.children if c.dep_ == "nsubjpass")
            # a phrase ending in a preposition: "take control of X", "withdrew from X"
            last = phrase_toks[-1]
            if last.dep_ == "prep" or last.pos_ == "ADP":
                rel["object"].extend(c for c in last.children if c.dep_ == "pobj")
            if head.dep_ in ("acl", "relcl") and not rel["subject"]:
                if rel["agent"] or any(c.dep_ == "auxpass" for c in head.children):
                    rel["object"].append(head.head)  # "a town captured by SAA forces"
                elif head.tag_ == "VBN":
                    rel["participle_noun"].append(head.head)  # passive for "shelled", active for "clashed"
                else:
                    rel["subject"].append(head.head)  # "fighters clashed" hung from a mis-parsed "IS"
            if not rel["subject"] and not rel["agent"]:
                # conjoined or subordinate verbs share the subject: "went back and captured", "..., killing two"
                node = head
                for _ in range(3):
                    if node.dep_ not in ("conj", "xcomp", "advcl", "ccomp") or node.head.i == node.i:
                        break
                    node = node.head
                    subj = [c for c in node.children if c.dep_ in ("nsubj",)]
                    agent = [p for c in node.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
                    if subj or agent:
                        if agent:
                            rel["agent"].extend(agent)
                        elif not (node.dep_ == "ROOT" and head.dep_ == "ccomp"):
                            rel["subject"].extend(subj)
                        if head.dep_ == "advcl" and not rel["target"]:
                            rel["loc"].extend(
                                c for c in node.children if c.dep_ in ("nsubjpass", "dobj")
                            )  # "X was shelled by Y, killing ..." -> X is where
                        break
        else:
            for child in head.children:
                if child.i in trigger_idx:
                    continue
                if child.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod", "appos"):
                    rel["modifier"].append(child)  # "Airstrikes, likely regime or Russian, ...": the appositive too
            gov = head.head
            if (
                head.dep_ == "attr"
                and gov.pos_ == "AUX"
                and gov.i < head.i
                and gov.text.isupper()
                and len(gov.text) > 1
                and all(t.dep_ in ("compound", "amod", "nmod") for t in gov.doc[gov.i + 1 : head.i])
            ):
                rel["modifier"].append(gov)  # "IS suicide bombings": the parser read the acronym as the verb "is"
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "of" and child.i not in trigger_idx:
                    rel["object"].extend(c for c in child.children if c.dep_ == "pobj")
            preps(head)
            verb = self._context_verb(head)
            if verb is not None:
                dep = head.dep_
                if dep == "pobj" and head.head.lower_ == "of" and head.head.head.head.i == verb.i:
                    dep = head.head.head.dep_  # "fired dozens of shells at X": the shells have the quantity's role
                if dep in ("dobj", "obj", "attr"):  # "IS launched an attack on ..."
                    rel["governor"].extend(c for c in verb.children if c.dep_ == "nsubj")
                if dep in ("nsubj", "dobj", "obj", "attr", "nsubjpass"):
                    preps(verb)
                elif dep == "pobj":  # "killed in an airstrike on X"
                    for c in verb.children:
                        if c.dep_ == "prep" and c.lower_ in _LOC_PREPS and c.i != head.head.i:
                            rel["loc"].extend(p for p in c.children if p.dep_ == "pobj")
        for key in ("object", "target"):
            rel[key] = [self._antecedent(t, rel) for t in rel[key]]
        return rel

    def _antecedent(self, tok: Any, rel: dict[str, list[Any]]) -> Any:
        """A personal pronoun in a role stands for the nearest person or force named before it in its sentence
        that is not the initiator ("gunmen opened fire at him", "a policeman ... after gunmen shot him")."""
        if tok.lower_ not in _PRONOUNS:
            return tok
        taken = {x.i for k in ("subject", "agent") for t in rel[k] for x in t.subtree}
        for back in reversed(list(tok.doc[tok.sent.start : tok.i])):
            named = back.pos_ in ("NOUN", "PROPN") and back.i not in taken and back.dep_ != "compound"
            if named and self._actor_mentions_in(back):
                return back
        return tok

    def _opposing_side(self, prep: Any) -> list[Any]:
        """The side named after "against"/"versus" that closes a "between X and Y" list, whatever token the
        parser hung it from."""
        tail = self._coordinated_tail(prep)
        nxt = (tail[-1].i if tail else prep.i) + 1
        if nxt >= prep.sent.end or prep.doc[nxt].lower_ not in _OPPOSING:
            return []
        opp = prep.doc[nxt]
        out = [c for c in opp.children if c.dep_ == "pobj"]
        out += [cj for o in out for cj in o.conjuncts]
        return out + [t for t in self._coordinated_tail(opp) if t not in out]

    @staticmethod
    def _coordinated_tail(prep: Any) -> list[Any]:
        """Tokens of "between X and Y" up to the next punctuation or preposition, whatever the parse made of Y."""
        out = []
        for tok in prep.doc[prep.i + 1 : prep.sent.end]:
            if tok.is_punct or (tok.pos_ == "ADP" and tok.lower_ != "of") or tok.tag_ in ("VBD", "VBG"):
                break
            out.append(tok)
        return out

    def _actor_mentions_in(self, tok: Any) -> list[ActorMention]:
        """Actor mentions inside the phrase a token heads (its subtree), in text order."""
        start = tok.left_edge.idx
        end = tok.right_edge.idx + len(tok.right_edge.text)
        # do not descend into relative clauses or prepositional tails beyond the head noun's phrase
        for child in tok.children:
            if child.dep_ in ("relcl", "acl", "appos", "advcl") and child.i > tok.i:
                end = min(end, child.left_edge.idx)
            if child.dep_ == "prep" and child.i > tok.i and child.lower_ not in ("of",):
                if child.lower_ == "from" and tok.lower_ in self.cb.fire_nouns:
                    continue  # "sniper fire from an Islamist faction fighter": who fired
                end = min(end, child.left_edge.idx)
        head_span = (tok.idx, tok.idx + len(tok.text))
        out = self._mentions_overlapping(start, end)
        # a mention overlapping the head token itself counts even when partly outside the subtree
        out += [m for m in self._mentions_overlapping(*head_span) if m not in out]
        return sorted(out, key=lambda m: m.start)

    def _ref(self, mention: ActorMention, country: str, on: date | None) -> _ActorRef | None:
        actor = self.actors.resolve(mention, country, on)
        if actor is None:
            return None
        tok = self.sp.char_span(mention.start, mention.end, alignment_mode="expand")
        return _ActorRef(actor, mention.start, mention.end, tok.root.i if tok is not None else 0)

    def _place_mentions_in(self, tok: Any) -> list[PlaceMention]:
        """Place mentions a role token names: an apposition's head, "town of X", the token itself, its phrase."""

        def at(t: Any) -> list[PlaceMention]:
            return self._places_overlapping(t.idx, t.idx + len(t.text))

        if tok.dep_ == "appos":  # "Sukhna, a Homs town captured ...": the apposition's head names it
            head_places = at(tok.head)
            if head_places:
                return head_places
        for c in tok.children:
            if c.dep_ == "appos":
                found = at(c)
                if found:
                    return at(tok) or found
        own = at(tok)
        if own:
            return own
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for p in child.children:
                    if p.dep_ == "pobj":
                        found = self._place_mentions_in(p)
                        if found:
                            return found
        phrase = _phrase_tokens(tok)
        if not phrase:
            return []
        near = self._places_overlapping(min(t.idx for t in phrase), max(t.idx + len(t.text) for t in phrase))
        return [p for p in near if any(t.idx <= p.span.start < t.idx + len(t.text) for t in phrase)]

    # -- applying a rule -----------------------------------------------------------------

    @staticmethod
    def _governed_by(head: Any, lemmas: list[str]) -> bool:
        """A trigger noun whose nearest governing verb is one of ``lemmas`` ("seized an RPG launcher with rockets":
        seize), or that hangs from such a noun on the way to it ("offered safe passage with heavy weapons")."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return False
        node = head
        for _ in range(8):
            if node.head.i == node.i:
                return False
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return node.lemma_.casefold() in lemmas
            if node.pos_ == "NOUN" and node.lemma_.casefold() in lemmas:
                return True
        return False

    def _context_has(self, sent: Any, words: list[str]) -> bool:
        key = (sent.start, sent.end)
        cached = self._sentence_words.get(key)
        if cached is None:  # each rule that has context conditions asks again about the same sentence
            cached = (
                " " + " ".join(t.lemma_.casefold() for t in sent) + " ",
                " " + " ".join(t.lower_ for t in sent) + " ",
            )
            self._sentence_words[key] = cached
        lemmas, lowers = cached
        return any(f" {w.casefold()} " in lemmas or f" {w.casefold()} " in lowers for w in words)

    def _is_territory(self, toks: list[Any]) -> bool:
        counted = [  # "a total of 22 villages": what the quantity counts
            obj
            for tok in toks
            if tok.lemma_.casefold() in self.cb.territory_quantities or tok.lower_ in self.cb.territory_quantities
            for prep in tok.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for obj in prep.children
            if obj.dep_ == "pobj"
        ]
        # "control Jeb Elsafa and Ob Al Qanah Wardan villages": the noun after the last name is every name's
        shared = [c for tok in toks for c in tok.conjuncts if c.pos_ == "NOUN" and c.i > tok.i]
        for tok in [*toks, *counted, *shared]:
            if self._place_mentions_in(tok):
                return True
            if (
                tok.pos_ == "PROPN"
                and (tok.ent_type_ not in ("PERSON", "ORG", "NORP") or self._bare_org_name(tok))
                and not self._actor_mentions_in(tok)
            ):
                return True  # a name the gazetteer does not know, held by no actor: a place ("took control of X")
            words = {tok.lemma_.casefold(), tok.lower_}
            compound = " ".join(t.lower_ for t in tok.subtree if t.dep_ == "compound" or t is tok)
            if words & self.cb.territory_nouns or compound in self.cb.territory_nouns:
                return True
        return False

    @staticmethod
    def _bare_org_name(tok: Any) -> bool:
        """ "took control of Marhamiya": the parser often calls an unknown village an organisation; a bare name (no
        article, no "of" phrase, no organisation word) taken under a capture is the place, not a body
        ("the Interior Ministry", "the Council of ...")."""
        if tok.ent_type_ != "ORG" or any(c.dep_ in ("det", "prep") for c in tok.children):
            return False
        words = {t.lower_ for t in tok.subtree}
        return not words & _ORG_WORDS

    def _apply(
        self, rule: Rule, toks: list[Any], head: Any, sent: Any, sentence: Span, fatalities: list[FatalityCount]
    ) -> list[_Candidate]:
        when = rule.when
        if is_reason(head, self.cb):
            return []  # "executed on charges of assassinating fighters": the charge is no event of the report
        if "context_any" in when and not self._context_has(sent, when["context_any"]):
            return []
        for key in ("context_none", "weapon_none"):
            if key in when and self._context_has(sent, when[key]):
                return []
        if "subject_none" in when and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.casefold() in when["subject_none"] for c in head.children
        ):
            return []  # "one strike by the coalition engaged an IS unit": a strike, not a force, engaged it
        if "governor_none" in when and self._governed_by(head, when["governor_none"]):
            return []  # "discovered 25 IEDs, an artisanal rocket and 39 mortar shells": weapons found, not fired
        if (
            "context_before_none" in when
            and sent.start > 0
            and self._context_has(sent.doc[sent.start - 1].sent, when["context_before_none"])
        ):
            return []  # "Clashes took place in X village. Turkish forces made advances in the village.": one battle
        trigger_idx = {t.i for t in toks}
        rel = self._relations(head, trigger_idx, toks)
        role_toks: dict[str, list[Any]] = {"actor1": [], "actor2": [], "place": [], "actors": []}
        roles = dict(rule.roles)
        if "governor" not in roles and "subject" in roles:
            roles["governor"] = roles["subject"]  # the subject of "launched an attack" launched it
        if "participle_noun" not in roles:
            # "a town shelled by ...": the noun is what was hit; "fighters clashed": who fought
            passive = roles.get("object") == "place" or rule.when.get("object") == "territory"
            target = roles.get("object") if passive else roles.get("subject")
            if target:
                roles["participle_noun"] = target
                if passive:
                    rel["object"] = rel["object"] + rel["participle_noun"]
        for relation, role in roles.items():
            role_toks[role].extend(rel.get(relation, []))
        # the object relation decides territory conditions whatever role it fills
        if when.get("object") == "territory":
            objs = rel["object"] + (rel["target"] if "target" in rule.roles else [])
            if objs and not self._is_territory(objs):
                return []
        elif when.get("object") == "not-territory" and rel["object"] and self._is_territory(rel["object"]):
            return []

        # place first: the actors' country follows from it
        place, place_source, extra_places = self._link_place(
            role_toks["place"] + rel["loc"], head, sent, sentence, protest=rule.event_type == "Protests"
        )
        if place is None or place.place is None:
            # the province a force of the sentence is named for ("Diyala police discovered an IED in Mukhaysa"): where
            # it serves, when nothing else places the event
            jurisdiction = self._jurisdiction_of_a_force(sentence)
            if jurisdiction is not None:
                unlocated = f"; stands in for unlocated {place.span.text(self.text)!r}" if place is not None else ""
                place, place_source = replace(jurisdiction, how=jurisdiction.how + unlocated), "sentence"
        country = self._country_of(place)
        time, date_source = self._link_time(head, sent, sentence)
        on = time.start if time else self.doc.published

        def refs(tokens: list[Any]) -> list[_ActorRef]:
            out: list[_ActorRef] = []
            for t in tokens:
                for m in self._actor_mentions_in(t):
                    r = self._ref(m, country, on)
                    if r is not None and all(r.start != o.start for o in out):
                        out.append(r)
            return out

        a1 = refs(role_toks["actor1"])
        a2 = refs(role_toks["actor2"])
        both = refs(role_toks["actors"])
        if both:
            if a1:
                a2 = a2 + [r for r in both if r.actor.name != a1[0].actor.name]
            else:
                a1, a2 = both[:1], a2 + both[1:]
        from_order = False
        if not a1 and self._is_verb(head) and head.dep_ not in ("amod", "acl"):
            a1 = self._actor_by_order(sent, head, country, on, exclude={r.start for r in a2})
            from_order = bool(a1)
        # civilians are never the initiator of political violence
        if a1 and a1[0].actor.inter == 7 and rule.event_type != "Protests":
            a2 = a1[:1] + a2
            a1 = a1[1:]
        a2 = [r for r in a2 if not a1 or r.actor.name != a1[0].actor.name]
        victims_civilian = self._civilian_victims(fatalities, country, on)
        if when.get("actor1") == "required" and not a1:
            return []
        cond2 = when.get("actor2")
        if cond2 == "civilians":
            if not (a2 and a2[0].actor.inter == 7) and victims_civilian is None:
                return []
            if not (a2 and a2[0].actor.inter == 7) and victims_civilian is not None:
                a2 = [victims_civilian, *a2]
        elif (cond2 == "not-civilians" and a2 and a2[0].actor.inter == 7) or (
            cond2 == "armed"
            and not (a2 and a2[0].actor.inter in _ARMED_INTER)
            and (a2 or not any(t.lemma_.casefold() in self.cb.combatant_nouns for t in role_toks["actor2"]))
        ):
            return []  # the second actor is armed: a known force, or a combatant of a force no dictionary knows
        side = when.get("actor1_side")
        if side is not None:
            gov = bool(a1) and self.actors.is_government_side(a1[0].actor, country)
            if (side == "government") != gov:
                return []

        # a province's part ("northern Aleppo"), not a district's ("western Afrin", smaller than any theatre); or a
        # whole province ("Rural Damascus")
        part = (
            place is not None
            and place.place is not None
            and place.place.id.startswith(PART_ID_PREFIX)
            and not place.place.id.startswith(DISTRICT_PART_PREFIX)
        )
        province = place is not None and place.place is not None and place.place.feature_code in ("ADM1", "ADMD")
        if (
            place is not None
            and place.place is not None
            and "; near spelling of " in place.how
            and "; in:" not in place.how
            and place.place.population < STRAY_POPULATION
        ):
            # a village found by a near spelling, in no province the text names, is a guess: far from the one region
            # the report's actors fight in ("regime forces shelled the Jaysh al-Islam-controlled town of al-Merej"
            # during the East Ghouta siege), the region is the better one
            theatre = self._theatre(a1 + a2 + self._refs_of_report(country, on), on, place)
            if theatre is not None and theatre.place is not None and (
                haversine_km(theatre.place.lat, theatre.place.lon, place.place.lat, place.place.lon) > _THEATRE_IN_PART_KM
            ):
                place, place_source, extra_places = theatre, "theatre", []
        if place is None or place.place is None or part or province:
            theatre = self._theatre(a1 + a2 + self._refs_of_report(country, on), on, place)  # its actors first
            if theatre is not None and not (part or province):
                place, place_source, extra_places = theatre, "theatre", []
            elif (
                theatre is not None
                and place is not None
                and place.place is not None
                and theatre.place is not None
                and name_key(theatre.place.admin1) == name_key(place.place.admin1 or place.place.name)
                and (
                    province
                    or haversine_km(theatre.place.lat, theatre.place.lon, place.place.lat, place.place.lon)
                    <= _THEATRE_IN_PART_KM
                )
            ):  # "northern Aleppo" during the Afrin offensive, "Rural Damascus" for Jaysh al-Islam: the theatre is the
                # part of the province the report means
                how = f"{theatre.how}; within {place.place.name}"
                place, extra_places = replace(theatre, geo_precision=2, how=how), []
        # an event must be anchored: placed by its own sentence or paragraph, or dated by the text
        if place_source in ("document", "theatre", "missing") and date_source not in ("text", "narrative") and not self.brief:
            return []
        generic_plural = head.tag_ == "NNS" and not any(c.dep_ in ("det", "nummod", "poss") for c in head.children)
        if generic_plural and place_source != "clause" and date_source != "text" and not self.brief:
            return []  # "we have seen suicide bombings in ..." summarises; it reports no one event
        out: list[_Candidate] = []
        for n, pl in enumerate([place, *extra_places]):
            cand = _Candidate(
                secondary=n > 0,
                rule=rule,
                sentence=sentence,
                trigger=Span(toks[0].idx, toks[-1].idx + len(toks[-1].text), "trigger"),
                head_i=head.i,
                actor1=a1[0] if a1 else None,
                assoc1=a1[1:],
                actor2=a2[0] if a2 else None,
                assoc2=a2[1:],
                actor1_from_order=from_order,
                place=pl,
                place_source=place_source if pl is not None else "missing",
                time=time,
                date_source=date_source,
                present_tense=self._present(head),
                generic_plural=generic_plural,
                priority=self.cb.priority(rule.sub_event_type),
            )
            if rule.event_type == "Explosions/Remote violence" and victims_civilian is not None:
                cand.civilian_targeting = True
                if cand.actor2 is None:
                    cand.actor2 = victims_civilian
            if (
                cand.actor2 is not None
                and cand.actor2.actor.inter == 7
                and rule.event_type
                in (
                    "Explosions/Remote violence",
                    "Violence against civilians",
                )
            ):
                cand.civilian_targeting = True
            out.append(cand)
        return out

    def _refs_of_report(self, country: str, on: date | None) -> list[_ActorRef]:
        """Every actor the report names, at its first mention, read for ``country`` on ``on`` (once per document and
        reading); the forces it says hold a place ("the Jaysh al-Islam-controlled town of X") come last."""
        key = (country, on)
        if key not in self._report_refs:
            first: dict[str, _ActorRef] = {}
            for m in [*self._mentions_overlapping(0, len(self.text)), *self.actors.find_holders(self.text)]:
                r = self._ref(m, country, on)
                if r is not None and r.actor.name not in first:
                    first[r.actor.name] = r
            self._report_refs[key] = list(first.values())
        return self._report_refs[key]

    def _theatre(self, refs: list[_ActorRef], on: date | None, unplaced: PlaceMention | None) -> PlaceMention | None:
        """The region where one of ``refs`` (the event's actors, then the report's) is known to fight (actor dictionary
        ``theatre``), for an event its report places nowhere else; the evidence is the actor's name, and the village no
        gazetteer knows."""
        # a report that points to no cue of the theatre's country but to another that none of its actors belongs to
        # is about somewhere else ("Turkish jets struck PKK positions in northern Iraqi regions")
        cues = set(self.doc.country_cues)
        actor_countries = {r.actor.country for r in refs}
        seen: set[str] = set()
        for r in refs:
            if r.actor.name in seen:
                continue  # a long report names its actors thousands of times: each is asked once
            seen.add(r.actor.name)
            region = self.actors.theatre(r.actor, on)
            if region is None or (region.country_code not in cues and cues - actor_countries):
                continue
            how = f"theatre of {r.actor.name} (actor dictionary)"
            if unplaced is not None:
                how += f"; stands in for unlocated {unplaced.span.text(self.text)!r}"
            return PlaceMention(Span(r.start, r.end, "place"), region, 0.0, 3, how=how)
        return None

    def _civilian_victims(self, fatalities: list[FatalityCount], country: str, on: date | None) -> _ActorRef | None:
        """Civilians named among the killed or wounded of the sentence ("killing two civilians")."""
        for count in fatalities:
            for m in self._mentions_overlapping(count.start, count.end + 40):
                if count.start <= m.start and m.end <= count.end + 40:
                    r = self._ref(m, country, on)
                    if r is not None and r.actor.inter == 7:
                        return r
        return None

    def _actor_by_order(
        self, sent: Any, head: Any, country: str, on: date | None, exclude: set[int]
    ) -> list[_ActorRef]:
        """No parsed subject: the nearest actor named before the trigger in its sentence."""
        before = [
            m
            for m in self._mentions_overlapping(sent.start_char, head.idx)
            if sent.start_char <= m.start and m.end <= head.idx and m.start not in exclude
        ]
        # an earlier mention of an actor the trigger names as its target or victim is not its author
        # ("X clashed with IS, 3 X fighters and 3 IS militants were killed")
        targets = {
            r.actor.name
            for m in self._mentions_overlapping(sent.start_char, sent.end_char)
            if m.start in exclude and (r := self._ref(m, country, on)) is not None
        }
        for m in reversed(before):
            r = self._ref(m, country, on)
            if r is not None and r.actor.inter != 7 and r.actor.name not in targets:
                return [r]
        return []

    def _present(self, head: Any) -> bool:
        verb = head if self._is_verb(head) else self._context_verb(head)
        if verb is None:
            return False
        tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        return not (tags & _PAST_TAGS) and bool(tags & {"VBZ", "VBP"})

    # -- place ---------------------------------------------------------------------------

    def _in_clause(self, tok: Any, head: Any) -> bool:
        owners = {head.i}
        verb = None if self._is_verb(head) else self._context_verb(head)
        if verb is not None:
            owners.add(verb.i)
        node = tok
        for _ in range(12):
            if node.i in owners:
                return True
            if node is not tok and self._is_verb(node) and node.pos_ != "AUX":
                return False
            if node.head.i == node.i or (node.dep_ == "conj" and node.pos_ != "AUX" and node.head.i in owners):
                return False  # coordinated with the trigger: another event's argument
            node = node.head
        return False

    def _precision(self, mention: PlaceMention, sent: Any) -> PlaceMention:
        """A place named as "near X" or "the countryside of X" is ACLED precision 2 at best; a province
        named with a direction ("southern Idleb") is located at that part of it (the mention's area), and one named
        whole ("areas in Rural Damascus") at its populated heart (the mention's core), as ACLED codes an event it
        knows only by its province near the provincial capital, not at the centre of the province's territory."""
        if mention.area is not None:
            return replace(mention, place=mention.area, geo_precision=max(2, mention.geo_precision))
        if mention.core is not None:
            return replace(mention, place=mention.core, geo_precision=max(3, mention.geo_precision))
        tok = self.sp.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if tok is None:
            return mention
        root = tok.root
        words = {t.lower_ for t in sent.doc[max(sent.start, tok.start - 4) : tok.start]}
        words |= {root.head.lower_, root.head.head.lower_} if root.dep_ == "pobj" else set()
        words |= {t.lower_ for t in sent.doc[tok.end : min(sent.end, tok.end + 2)]}  # "Hama countryside"
        if words & _NEAR_WORDS and mention.geo_precision < 2 and "outskirts" not in words:
            return replace(mention, geo_precision=2)
        return mention

    def _link_place(
        self, role_toks: list[Any], head: Any, sent: Any, sentence: Span, protest: bool = False
    ) -> tuple[PlaceMention | None, str, list[PlaceMention]]:
        in_sentence = [
            p for p in self._places_overlapping(sentence.start, sentence.end) if p.span.start >= sentence.start
        ]

        def best(cands: list[PlaceMention]) -> PlaceMention | None:
            resolved = [p for p in cands if p.place is not None]
            pool = resolved or cands
            return pool[0] if pool else None

        # 1. the clause: the role arguments, then places hanging from the trigger's clause
        named: list[PlaceMention] = []
        for t in role_toks:
            for p in self._place_mentions_in(t):
                if p not in named:
                    named.append(p)
        clause = [p for p in in_sentence if p not in named and self._clause_place(p, head)]
        # "forces from Baghdad's military intelligence ... in Karbala", "the Baghdad operations command": a place
        # that qualifies a party's noun names where the party is from, a last resort for where the event was
        party = {id(p) for p in in_sentence if self._qualifies_a_party(p)}
        # "Kurds in Erbil demonstrated against the Turkish operation in Afrin": what a protest is against or about is
        # no more where it was
        if protest:
            party |= {id(p) for p in in_sentence if self._protest_topic(p, head)}
        own = [p for p in named if id(p) not in party]
        own_clause = [p for p in clause if id(p) not in party]
        pick = best(own) or best(own_clause)
        unlocated = [p for p in (own or own_clause) if p.place is None]
        if unlocated and (pick is None or pick.place is None or pick.span.start > unlocated[0].span.start):
            # the clause names a place the gazetteer does not know, before any it knows ("X village in Y")
            others = [p for p in in_sentence if id(p) not in party] or in_sentence
            around = self._locating_place(unlocated[0], others, sentence)
            if around is not None:
                return around, "around", []
        if pick is not None:
            pick = self._concentrated_in(pick, in_sentence) or self._settlement_within(pick, in_sentence)
            extra = self._coordinated(pick, named + clause)
            return self._precision(pick, sent), "clause", [self._precision(p, sent) for p in extra]
        # 2. the sentence: the nearest place mention, one that names a party's home last
        if in_sentence:
            pool = [p for p in in_sentence if id(p) not in party] or in_sentence
            resolved = [p for p in pool if p.place is not None] or pool
            near = min(resolved, key=lambda p: abs(p.span.start - head.idx))
            if near.core is not None:
                # "strikes on Khyara village in Idleb governorate": the province names where a village no layer
                # knows lies; the event stands in for the village, at the province's populated heart
                village = next((p for p in pool if p.place is None and p.span.end <= near.span.start), None)
                if village is not None:
                    around = self._locating_place(village, pool, sentence)
                    if around is not None:
                        return around, "around", []
            return self._precision(self._settlement_within(near, in_sentence), sent), "sentence", []
        # 3. the paragraph: the last place named before the sentence in the same paragraph
        para_start = self.text.rfind("\n", 0, sentence.start) + 1
        before = [p for p in self.places if para_start <= p.span.start < sentence.start and p.place is not None]
        if before:
            return before[-1], "paragraph", []
        # 4. the document's main place, coarser
        if self.main_place is not None:
            return replace(self.main_place, geo_precision=min(3, self.main_place.geo_precision + 1)), "document", []
        return None, "missing", []

    def _jurisdiction_of_a_force(self, sentence: Span) -> PlaceMention | None:
        """A province that opens the name of a force the sentence names ("Diyala police", "the Anbar Operations
        Command"), at its populated heart and ACLED precision 3; None if none."""
        for p in self.doc.places:
            if not (sentence.start <= p.span.start < sentence.end) or p.place is None:
                continue
            if p.place.feature_code not in ("ADM1", "ADMD"):
                continue
            gap_end = p.span.end + 2
            if any(
                (m.start == p.span.start and p.span.end < m.end)  # "the Anbar Operations Command"
                or (p.span.end < m.start <= gap_end and not self.text[p.span.end : m.start].strip())  # "Diyala police"
                for m in self._mentions_overlapping(p.span.start, gap_end)
            ):
                how = f"{p.how}; the province its force serves"
                return replace(p, place=p.core or p.place, geo_precision=3, how=how)
        return None

    def _locating_place(
        self, unlocated: PlaceMention, in_sentence: list[PlaceMention], sentence: Span
    ) -> PlaceMention | None:
        """Where to put an event whose own place the gazetteer does not know ("Kafr X village in northern
        Aleppo", "the village of Y, in the Afrin district"): as ACLED does, at the nearest place the report
        locates it in, near it (precision 2): a place named later in its sentence (the usual container),
        else earlier in it, else the last place of its paragraph; at the document's main place, precision 3.
        The evidence trail keeps the name that could not be placed."""
        resolved = [p for p in in_sentence if p.place is not None]
        after = [p for p in resolved if p.span.start >= unlocated.span.end]
        before = [p for p in resolved if p.span.end <= unlocated.span.start]
        para_start = self.text.rfind("\n", 0, sentence.start) + 1
        earlier = [p for p in self.places if para_start <= p.span.start < sentence.start and p.place is not None]
        name = unlocated.span.text(self.text)
        for pool, nearest, precision in ((after, 0, 2), (before, -1, 2), (earlier, -1, 2)):
            if pool:
                at = _region_of(pool[nearest], precision)
                return replace(
                    at,
                    geo_precision=max(precision, at.geo_precision),
                    how=f"{at.how}; stands in for unlocated {name!r}",
                )
        if self.main_place is not None:
            at = _region_of(self.main_place, 3)
            return replace(at, geo_precision=max(3, at.geo_precision), how=f"{at.how}; stands in for unlocated {name!r}")
        return None

    def _concentrated_in(self, pick: PlaceMention, in_sentence: list[PlaceMention]) -> PlaceMention | None:
        """The town where the text says the fighting it reports at a larger place was concentrated ("clashes ... in
        Afrin, concentrated in the Raju sub-district of northern Aleppo"): ACLED codes the most specific place."""
        for p in in_sentence:
            if (
                p.span.start > pick.span.end
                and p.place is not None
                and p.place.feature_class == "P"
                and _CONCENTRATED.search(self.text[max(0, p.span.start - 30) : p.span.start])
                and _narrows(p, pick)
            ):
                return replace(p, how=f"{p.how}; where the events were concentrated")
        return None

    def _settlement_within(self, pick: PlaceMention, in_sentence: list[PlaceMention]) -> PlaceMention:
        """The settlement a picked place locates: "Gharanij town in western Deir-ez-Zor", "the Raju area of
        northern Afrin", "Mahmudiya, south of Baghdad". When the place picked for an event is a province, a region
        or a province part, or a town the text places another one relative to ("south of"), and the place named
        just before it is a known settlement linked to it by locating words only, the event is in that settlement:
        ACLED codes the most specific place a report names. The picked place named again later in the sentence
        counts too ("clashes in Afrin, concentrated in the Raju sub-district of Afrin")."""
        if pick.place is None:
            return pick
        again = [p for p in in_sentence if p.span.start > pick.span.end and p.place is not None
                 and p.place.id == pick.place.id]
        for named in (pick, *again):
            town = self._town_located_by(named, in_sentence)
            if town is not None:
                return replace(town, how=f"{town.how}; located by {named.span.text(self.text)!r}")
        town = self._town_included_in(pick, in_sentence)
        if town is not None:
            return replace(town, how=f"{town.how}; one of {pick.span.text(self.text)!r}")
        return pick

    def _town_included_in(self, pick: PlaceMention, in_sentence: list[PlaceMention]) -> PlaceMention | None:
        """The known settlement a report names as one of the places it speaks of in a province or region
        ("advanced to control a number of towns and villages in Idleb, including Tal Silmo"): the one place the
        report names there, so the most specific place it gives (as :meth:`_town_located_by`)."""
        if pick.place is None:
            return None  # "in Idleb" may be the city or its province: the words, not its class, say it contains
        after = [p for p in in_sentence if p.span.start >= pick.span.end]
        town = after[0] if after else None
        if town is None or not self._known_settlement(town):
            return None
        words = " ".join(_WORD_OR_COMMA.findall(self.text[pick.span.end : town.span.start].casefold()))
        if words not in _INCLUDING or not _within(town, pick, _CONTAINER_REACH_KM):
            return None
        return town

    def _known_settlement(self, m: PlaceMention) -> bool:
        """A mention resolved to a populated place that is not a word of an actor's name ("Afrin forces")."""
        return m.place is not None and m.place.feature_class == "P" and not self._in_actor_modifier(m)

    def _town_located_by(self, pick: PlaceMention, in_sentence: list[PlaceMention]) -> PlaceMention | None:
        """The known settlement named just before ``pick`` and joined to it by locating words only, if any."""
        if pick.place is None:
            return None
        before = [p for p in in_sentence if p.span.end <= pick.span.start]
        town = before[-1] if before else None
        if town is None or town.area is not None or not self._known_settlement(town):
            return None
        words = _WORD_OR_COMMA.findall(self.text[town.span.end : pick.span.start].casefold())
        relative = any(_direction(w) and nxt == "of" for w, nxt in pairwise(words))
        part_of = load_rules().part_of
        container = pick.area is not None or pick.place.feature_class in _CONTAINER_CLASSES or pick.geo_precision >= 3
        # "the Raju area of Afrin": a part of a town, as near it as a place located relative to it
        relative = relative or any(w in part_of and nxt == "of" for w, nxt in pairwise(words))
        if not (container or relative) or not _locating_words(words):
            return None
        if not _within(town, pick, _CONTAINER_REACH_KM if container else _RELATIVE_REACH_KM) or (
            pick.area is not None and town.place is not None and not on_side(town.place, pick.area, pick.place)
        ):  # "in northeastern Aleppo": a namesake on the province's other side is not the town meant
            return None
        return town

    def _clause_place(self, mention: PlaceMention, head: Any) -> bool:
        tok = self.sp.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        return tok is not None and self._in_clause(tok.root, head)

    def _coordinated(self, pick: PlaceMention, pool: list[PlaceMention]) -> list[PlaceMention]:
        """Other resolved places coordinated with the chosen one ("shelled X and Y"): one event each."""
        tok = self.sp.char_span(pick.span.start, pick.span.end, alignment_mode="expand")
        if tok is None:
            return []
        if self.text[max(0, pick.span.start - 8) : pick.span.start].strip().casefold().endswith("between"):
            return []  # "the area between Duma and Harasta" is one place
        conj = {c.i for c in tok.root.conjuncts}
        listed = {id(p) for p in self._listed_with(pick, pool)}
        out: list[PlaceMention] = []
        for p in pool:
            if p is pick or p.place is None or (pick.place is not None and p.place.id == pick.place.id):
                continue
            ptok = self.sp.char_span(p.span.start, p.span.end, alignment_mode="expand")
            if (
                ptok is not None
                and (ptok.root.i in conj or id(p) in listed)
                and all(q.place is None or q.place.id != p.place.id for q in out)
            ):
                out.append(p)
        return out

    def _listed_with(self, pick: PlaceMention, pool: list[PlaceMention]) -> list[PlaceMention]:
        """The places of the list the chosen one opens, by the text: "the towns of Duma, Arbin, Kafr Batna, and
        Modira" (the parser may make one item an apposition and hang the rest from it)."""
        if pick.place is None or pick.place.feature_class != "P":
            return []
        after = sorted((p for p in pool if p.span.start >= pick.span.end), key=lambda p: p.span.start)
        out: list[PlaceMention] = []
        gaps: list[str] = []
        end = pick.span.end
        for p in after:
            gap = self.text[end : p.span.start]
            if not LIST_GAP.fullmatch(gap) or p.place is None or p.place.feature_class != "P":
                break
            out.append(p)
            gaps.append(gap)
            end = p.span.end
        # "Hamam, Afrin" may be a town and the district it lies in: two names and a comma are no list
        return [] if len(gaps) == 1 and gaps[0].strip() == "," else out

    # -- date ----------------------------------------------------------------------------

    def _link_time(self, head: Any, sent: Any, sentence: Span) -> tuple[TimeExpression | None, str]:
        lo, hi = bisect_left(self._time_starts, sentence.start), bisect_left(self._time_starts, sentence.end)
        in_sentence = self.times[lo:hi]
        chain = [head]
        while chain[-1].head.i != chain[-1].i and len(chain) < 30:
            chain.append(chain[-1].head)
        depth = {t.i: d for d, t in enumerate(chain)}
        governed: list[tuple[int, int, TimeExpression]] = []
        for t in in_sentence:
            span = self.sp.char_span(t.span.start, t.span.end, alignment_mode="expand")
            if span is None:
                continue
            node = span.root
            for _ in range(12):
                if node.i in depth and node.i != span.root.i:
                    governed.append((depth[node.i], abs(t.span.start - head.idx), t))
                    break
                if node.head.i == node.i:
                    break
                node = node.head
        if governed:
            return min(governed, key=lambda g: (g[0], g[1]))[2], "text"
        if in_sentence:
            return min(in_sentence, key=lambda t: abs(t.span.start - head.idx)), "text"
        para_start = self.text.rfind("\n", 0, sentence.start) + 1
        before = [
            t for t in self.times if para_start <= t.span.start < sentence.start and not self._subordinate_time(t)
        ]
        if before and self._past(sent):
            return before[-1], "narrative"
        if self.doc.published is not None:
            pub = self.doc.published
            if self.brief:  # a brief report tells the day it was published (see [brief_report])
                return (
                    TimeExpression(Span(sentence.start, sentence.start, "time"), pub, pub, "day", anchor="publication"),
                    "publication",
                )
            return (
                TimeExpression(
                    Span(sentence.start, sentence.start, "time"),
                    pub - timedelta(days=6),
                    pub,
                    "week",
                    anchor="publication",
                ),
                "publication",
            )
        return None, "missing"

    def _subordinate_time(self, t: TimeExpression) -> bool:
        """A time inside a relative or participial clause ("a town captured one month prior") anchors nothing."""
        span = self.sp.char_span(t.span.start, t.span.end, alignment_mode="expand")
        return span is not None and any(a.dep_ in ("acl", "relcl", "appos") for a in span.root.ancestors)

    @staticmethod
    def _past(sent: Any) -> bool:
        return any(t.tag_ in _PAST_TAGS for t in sent) and not any(t.tag_ == "MD" for t in sent)

    # -- fatalities ----------------------------------------------------------------------

    @staticmethod
    def _assign_fatalities(cands: list[_Candidate], counts: list[FatalityCount], sent: Any) -> None:
        """Each count goes to the violent candidate whose trigger is nearest its death word. A killing coded as
        its own candidate ("air strikes on X, which killed 6", "IS clashed with Y, 3 of each side were killed")
        tells the toll of the happening told before it in the sentence, of the same type and at no other
        place: its count goes to that one."""
        if not cands:
            return
        violent = [c for c in cands if c.rule.event_type in _FATAL_TYPES] or cands
        for count in counts:
            target = min(violent, key=lambda c: (abs(c.head_i - count.token_i), c.priority))
            if target.trigger.start <= sent.doc[count.token_i].idx < target.trigger.end:
                where = _DocumentCoder._place_key(target)
                told_before = [
                    c
                    for c in violent
                    if c.head_i < target.head_i
                    and c.rule.event_type == target.rule.event_type
                    and c.priority <= target.priority
                    and (where is None or _DocumentCoder._place_key(c) in (None, where))
                ]
                if told_before:
                    target = min(told_before, key=lambda c: (c.priority, c.head_i))
            for c in cands:
                if c.head_i == target.head_i:
                    c.fatalities += count.count
                    c.fatality_spans.append(Span(count.start, count.end, "fatalities"))

    # -- merging -------------------------------------------------------------------------

    @staticmethod
    def _place_key(c: _Candidate) -> str | None:
        return c.place.place.id if c.place is not None and c.place.place is not None else None

    def _same_happening(self, a: _Candidate, b: _Candidate) -> bool:
        pa, pb = self._place_key(a), self._place_key(b)
        # a place only the sentence supplies ("shelled the city") does not tell two happenings apart
        if pa and pb and pa != pb and a.place_source == "clause" and b.place_source == "clause":
            return False
        n1 = (a.actor1.actor.name if a.actor1 else "", b.actor1.actor.name if b.actor1 else "")
        return not (all(n1) and n1[0] != n1[1])

    @staticmethod
    def _absorb(keep: _Candidate, other: _Candidate) -> None:
        if keep.actor1 is None and other.actor1 is not None:
            keep.actor1, keep.assoc1, keep.actor1_from_order = other.actor1, other.assoc1, other.actor1_from_order
            keep.actor1_default = other.actor1_default
        same_side = (
            other.actor2 is not None and keep.actor1 is not None and other.actor2.actor.name == keep.actor1.actor.name
        )  # the author the other candidate saw as a bystander is this event's author, not its target
        if (
            other.actor2 is not None
            and not same_side
            and not (keep.rule.event_type == "Battles" and other.actor2.actor.inter == 7)  # civilians fight no battle
            and (keep.actor2 is None or (keep.actor2_default and not other.actor2_default))
        ):
            keep.actor2, keep.assoc2, keep.actor2_default = other.actor2, other.assoc2, other.actor2_default
        if other.place is not None and (
            keep.place is None or (other.place_source == "clause" and keep.place_source != "clause")
        ):
            keep.place, keep.place_source = other.place, other.place_source
        if keep.fatalities < other.fatalities:
            keep.fatalities, keep.fatality_spans = other.fatalities, other.fatality_spans
        keep.civilian_targeting = keep.civilian_targeting or other.civilian_targeting

    def _merge_sentence(self, cands: list[_Candidate]) -> list[_Candidate]:
        kept: list[_Candidate] = []
        for c in sorted(cands, key=lambda c: (c.priority, c.head_i)):
            for k in kept:
                if self._same_happening(k, c):
                    self._absorb(k, c)
                    break
            else:
                kept.append(c)
        return sorted(kept, key=lambda c: c.head_i)

    def _merge_document(self, cands: list[_Candidate]) -> list[_Candidate]:
        """ACLED: the same actors at the same place on the same day are one event."""
        kept: list[_Candidate] = []
        index: dict[tuple[str, str, str, date, date], _Candidate] = {}
        for c in cands:
            place = self._place_key(c)
            if place is None or c.time is None or c.date_source == "publication":
                kept.append(c)
                continue
            key = (
                c.actor1.actor.name if c.actor1 else "",
                # a standing second actor (the civilians of people hurt with no side named) tells no happening apart
                c.actor2.actor.name if c.actor2 and not c.actor2_default else "",
                place,
                c.time.start,
                c.time.end,
            )
            prior = index.get(key)
            if prior is None:
                index[key] = c
                kept.append(c)
            elif c.priority < prior.priority:
                self._absorb(c, prior)
                kept[kept.index(prior)] = c
                index[key] = c
            else:
                self._absorb(prior, c)
        return kept

    # -- output --------------------------------------------------------------------------

    def _confidence(self, c: _Candidate) -> float:
        f = self.cb.confidence
        score = c.rule.strength
        if c.actor1 is None or c.actor1_default:
            score *= f["actor1_missing"]
        elif c.actor1_from_order:
            score *= f["actor1_from_order"]
        score *= f[_PLACE_FACTOR[c.place_source]]
        if c.place is not None and c.place.place is None:
            score *= f["place_unresolved"]
        elif c.place is not None and 0 < c.place.score < 1:
            w = f["place_score_weight"]
            score *= (1 - w) + w * c.place.score
        if c.date_source == "publication" and self.brief:
            score *= f["date_from_text"]  # a brief report's day is the event's day (see [brief_report])
        else:
            score *= {
                "text": f["date_from_text"],
                "narrative": f["date_from_narrative"],
                "publication": f["date_from_publication"],
            }.get(c.date_source, f["date_missing"])
        if c.present_tense:
            score *= f["present_tense"]
        if c.generic_plural:
            score *= f["generic_plural"]
        return round(max(0.0, min(1.0, score)), 3)

    def _to_event(self, c: _Candidate) -> Event:
        # ACLED's inter codes follow where the event happened (state forces abroad are external)
        country = (c.place.place.country_code if c.place and c.place.place else "") or self._country_of(c.place)
        evidence = [c.sentence, c.trigger]
        if c.actor1 is not None and not c.actor1_default:
            evidence.append(Span(c.actor1.start, c.actor1.end, "actor1"))
        if c.actor2 is not None and not c.actor2_default:
            evidence.append(Span(c.actor2.start, c.actor2.end, "actor2"))
        if c.place is not None:
            evidence.append(Span(c.place.span.start, c.place.span.end, "place"))
        if c.time is not None and c.date_source != "publication":
            evidence.append(Span(c.time.span.start, c.time.span.end, "time"))
        evidence.extend(c.fatality_spans)
        time = c.time
        # the events of "shelled X and Y" share a trigger: the second is told apart by its place span
        key_span = c.place.span if c.secondary and c.place is not None else c.trigger
        return Event(
            id=Event.make_id(self.doc.id, c.sentence, key_span, c.rule.sub_event_type),
            document_id=self.doc.id,
            event_type=c.rule.event_type,
            sub_event_type=c.rule.sub_event_type,
            evidence=evidence,
            rule=self.cb.rule_name(c.rule),
            actor1=c.actor1.actor.name if c.actor1 else "",
            assoc_actor_1="; ".join(dict.fromkeys(r.actor.name for r in c.assoc1)),
            inter1=self.actors.inter_for(c.actor1.actor, country) if c.actor1 else 0,
            actor2=c.actor2.actor.name if c.actor2 else "",
            assoc_actor_2="; ".join(dict.fromkeys(r.actor.name for r in c.assoc2)),
            inter2=self.actors.inter_for(c.actor2.actor, country) if c.actor2 else 0,
            place=c.place,
            date_start=time.start if time else None,
            date_end=time.end if time else None,
            date_precision=time.precision if time else "day",
            date_from_publication=c.date_source == "publication",
            fatalities=c.fatalities,
            civilian_targeting=c.civilian_targeting,
            confidence=self._confidence(c),
        )


@register("syraq.events.v1")
def make_event_stage(codebook: Codebook | None = None, actors: ActorDictionary | None = None) -> EventStage:
    """The registered factory of the events stage."""
    return EventStage(codebook=codebook, actors=actors)
