"""Toponym recognition: spaCy's entities and a gazetteer phrase matcher, with guards.

spaCy's small model misses many Middle East names (Qamishli, Palmyra) or labels them as
something else (Mayadeen as a DATE, Sukhna as an ORG), so the gazetteer itself scans the
text: every run of capitalised words (with the Arabic article and a few inner words such as
"of") is looked up, longest first. A match is kept when:

* it lies inside a GPE, LOC or FAC entity; or
* it *is* a whole ORG, PERSON, DATE, WORK_OF_ART, ... entity and matches a place strongly; or
* it lies outside every entity, is a proper noun and matches strongly.

Guards drop: words inside a longer PERSON or ORG entity ("Hassan Hassan", "Tahrir Institute
for Middle East Policy", "Islamic State of Iraq and Syria"), names followed by an
organisation word ("Syria Direct") or preceded by a title ("President Assad"), demonyms
(NORP entities; demonyms are never recognised), common capitalised words, and lone
sentence-initial words that are not proper nouns. GPE/LOC/FAC entities the matcher did not
find are kept too (perhaps unresolved: a mention fails alone, never the document), but one
that no gazetteer knows only in a place slot ("in X", "the village of X", "X countryside").
A place that opens the name of a government body ("the Ohio Supreme Court", "the U.S.
House") is kept with ``how`` "in-org:<label>"; armed groups, media and universities
("Raqqa Military Council", "Syria Direct", "Damascus University") are not.

The rules' word lists are in ``data/gazetteer/recognition.toml``.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from .gazetteer import Candidate, Gazetteer
from .index import KIND_ALT, KIND_DEMONYM, data_dir
from .normalize import ARTICLES, CLIPPED_ARTICLES, surface

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
STRONG_MATCH = 0.9
#: places an analyst wrote or learned (our supplement, a coded dataset's places): notable by definition
CURATED = ("syraq:", "acled:", "ucdp:")
#: a one-word PERSON or ORG entity that names a place is taken as the place without a locative
#: cue ("in X", "X village") only when the place is at least this populous (or no populated place)
NOTABLE_NAME = 100_000
#: a capitalised English word ("Federal", "Orange") outside a place entity is a place only when it
#: exactly names a place at least this populous (or no populated place)
ENGLISH_WORD_PLACE = 20_000

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., D.C., U.A.E.
    r"|[A-Z][a-z]?\.\s?[A-Z][a-z]+\."  # W.Va., N. Mex.
    r"|[^\W\d_]+(?:['’‘ʿ](?![sS]\b)[^\W\d_]+)*"  # words, with inner apostrophes (Dar'a) but not a possessive
)
_JOINABLE_GAP = re.compile(r"^(?: |-|‐| - |-\s)$")


@dataclass(frozen=True)
class Rules:
    admin1: frozenset[str]
    admin2: frozenset[str]
    settlement: frozenset[str]
    feature: frozenset[str]
    settlement_of: frozenset[str]
    part_of: frozenset[str]
    near_before: tuple[str, ...]
    near_after: frozenset[str]
    outskirts: frozenset[str]
    coarse_classes: frozenset[str]
    coarse_codes: frozenset[str]
    org_after: frozenset[str]
    person_before: frozenset[str]
    inner_words: frozenset[str]
    common_words: frozenset[str]
    never_alone: frozenset[str]
    government_after: frozenset[str] = frozenset()
    locative_before: frozenset[str] = frozenset()
    org_not_place: frozenset[str] = frozenset()
    name_heads: frozenset[str] = frozenset()
    not_place_after: frozenset[str] = frozenset()
    not_places: frozenset[str] = frozenset()
    #: meaning -> spellings of the words that tell apart villages of one name ("sharqi", "eastern")
    qualifiers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    site_words: frozenset[str] = frozenset()
    whole_features: frozenset[str] = frozenset()
    clause_after: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The recognition rules from ``data/gazetteer/recognition.toml`` (read once)."""
    path = data_dir() / "recognition.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        cues, cont, prec, guards = data["type_cues"], data["containers"], data["precision"], data["guards"]

        def words(xs: list[str]) -> frozenset[str]:
            return frozenset(x.lower() for x in xs)

        return Rules(
            admin1=words(cues["admin1"]),
            admin2=words(cues["admin2"]),
            settlement=words(cues["settlement"]),
            feature=words(cues["feature"]),
            settlement_of=words(cont["settlement_of"]),
            part_of=words(cont["part_of"]),
            near_before=tuple(sorted((x.lower() for x in prec["near_before"]), key=len, reverse=True)),
            near_after=words(prec["near_after"]),
            outskirts=words(prec["outskirts"]),
            coarse_classes=frozenset(prec["coarse_feature_classes"]),
            coarse_codes=frozenset(prec["coarse_feature_codes"]),
            org_after=words(guards["org_after"]),
            person_before=words(guards["person_before"]),
            inner_words=words(guards["inner_words"]),
            common_words=words(guards["common_words"]),
            never_alone=words(guards["never_alone"]),
            government_after=words(data["org_places"]["government_after"]),
            locative_before=words(data["ner_only"]["locative_before"]),
            org_not_place=words(data["org_places"]["not_after"]),
            name_heads=words(guards.get("name_heads", [])),
            not_place_after=words(guards.get("not_place_after", [])),
            not_places=words(guards.get("not_places", [])),
            clause_after=words(guards.get("clause_after", [])),
            qualifiers=tuple((k, tuple(w.lower() for w in v)) for k, v in data.get("qualifiers", {}).items()),
            site_words=words(data.get("sites", {}).get("words", [])),
            whole_features=words(data.get("whole_features", {}).get("words", [])),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ConfigError("E006", path=path, reason=str(exc)) from exc


@dataclass
class Toponym:
    """A recognised place name, before resolution."""

    start: int
    end: int
    text: str
    how: str  # "gazetteer", "ner:GPE", "gazetteer+ner:ORG", ...
    ner_label: str = ""
    type_cue: str = ""  # "admin1", "admin2", "settlement", "feature" or ""
    precision_cue: int = 0  # 1 outskirts/the town, 2 near/countryside, 0 none
    container: int | None = None  # index of the toponym that contains this one ("the Homs town of X")
    container_role: bool = False  # this toponym is named as a container of another
    modifier: bool = False  # named as a modifier of an actor ("U.S.-led", "Iran-backed"), not as a place
    candidates: list[Candidate] = field(default_factory=list)
    locative: bool = False  # a verb or preposition before it treats it as a place ("shelled X", "in X")
    after_the: bool = False  # written after "the" ("the Atlantic"): a place named so ("the Atlantic") is meant
    anchor: int | None = None  # index of the toponym this one is located from ("Abbara, south of Baquba")
    anchor_km: float = 0.0  # how far from its anchor the text allows it to lie


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _entity_index(doc_entities: list[tuple[int, int, str]], n: int) -> list[int]:
    """char offset -> index into entities (or -1)."""
    owner = [-1] * (n + 1)
    for i, (s, e, _) in enumerate(doc_entities):
        for k in range(s, min(e, n)):
            owner[k] = i
    return owner


def _spacy_info(nlp_doc: Any) -> tuple[dict[int, str], set[int]]:
    """char start -> POS tag, and the char starts of sentence-initial tokens."""
    pos: dict[int, str] = {}
    sent_starts: set[int] = set()
    if nlp_doc is None:
        return pos, sent_starts
    for t in nlp_doc:
        pos[t.idx] = t.pos_
        if t.is_sent_start:
            sent_starts.add(t.idx)
    return pos, sent_starts


#: a name and the lower-case kind word after it ("Teftnaz airbase") are read as one name when the gazetteer lists the
#: pair this well (an alternate name, not a spelling fold)
FEATURE_NAME_MATCH = 0.95


def recognize(
    text: str,
    gazetteer: Gazetteer,
    entities: list[tuple[int, int, str]],
    nlp_doc: Any = None,
    sentence_bounds: list[tuple[int, int]] | None = None,
) -> list[Toponym]:
    """Find toponyms in ``text``; ``entities`` are (start, end, label) NER spans over the same text."""
    rules = load_rules()
    toks = _tokens(text)
    owner = _entity_index(entities, len(text))
    pos, sent_starts = _spacy_info(nlp_doc)
    person_tokens = {
        t.lower()
        for s, e, label in entities
        if label == "PERSON" and len(_tokens(text[s:e])) > 1
        for t in (x.text for x in _tokens(text[s:e]))
    }
    sentence_breaks = sorted({s for s, _ in (sentence_bounds or [])})

    def same_sentence(a: int, b: int) -> bool:
        # no sentence starts in (a, b]: the first start after a lies beyond b
        k = bisect_right(sentence_breaks, a)
        return k == len(sentence_breaks) or sentence_breaks[k] > b

    found: list[Toponym] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        starts_name = _is_cap(tok.text) or (
            tok.text.lower() in ARTICLES | CLIPPED_ARTICLES
            and i + 1 < len(toks)
            and text[tok.end : toks[i + 1].start] in ("-", "‐")
            and _is_cap(toks[i + 1].text)
        )
        if not starts_name:
            i += 1
            continue
        # the longest joinable run of name tokens starting here
        j = i
        while j + 1 < len(toks) and j - i < 5:
            gap = text[toks[j].end : toks[j + 1].start]
            nxt = toks[j + 1].text
            if not _JOINABLE_GAP.match(gap) or not same_sentence(toks[j].end, toks[j + 1].start):
                break
            if not (_is_cap(nxt) or nxt.lower() in rules.inner_words or _ELIDED_CAP.match(nxt)):
                break
            j += 1
        accepted = None
        feature = j + 1
        if (
            feature < len(toks)
            and toks[feature].text.lower() in rules.feature
            and text[toks[j].end : toks[feature].start] == " "
            and any(c.match >= FEATURE_NAME_MATCH for c in gazetteer.lookup(text[toks[i].start : toks[feature].end], 1))
        ):
            # "the Teftnaz airbase": a feature the gazetteer lists with its lower-case kind word
            top = _try_span(text, toks, i, feature, gazetteer, rules, entities, owner, pos, sent_starts, person_tokens)
            if top is not None:
                accepted = (feature, top)
        whole_feature = j > i and toks[j].text.lower() in rules.whole_features
        for k in range(j, i - 1, -1) if accepted is None else ():
            if not (_is_cap(toks[k].text) or _ELIDED_CAP.match(toks[k].text)):
                continue  # a name ends on a capitalised word ("Côte d'Ivoire" too)
            if whole_feature and k < j:
                break  # "Islington Bay" unknown: "Islington" alone is not it
            if k == i < j and toks[i].text.lower() in rules.name_heads:
                continue  # "Big Zafar", "Tal Masih": the head word of an unknown name is no place alone
            top = _try_span(text, toks, i, k, gazetteer, rules, entities, owner, pos, sent_starts, person_tokens)
            if top is not None:
                accepted = (k, top)
                break
        if accepted is None:
            if j > i and (toks[i].text.lower() in rules.name_heads or _article_tail(text, toks, i, j) or whole_feature):
                i = j + 1  # an unknown "Tal Masih" or "Kahriz al-Jadida": its tail is no place alone
            else:
                i += 1
            continue
        k, top = accepted
        found.append(top)
        i = k + 1
        if k < j and _article_tail(text, toks, k, j):
            i = j + 1  # "Kahriz al-Jadida" found as "Kahriz": its "al-Jadida" is no place alone

    _add_ner_only(text, found, entities, gazetteer)
    _drop_inside_cues(text, found)
    found[:] = [t for t in found if t.text.lower() not in rules.not_places]
    _drop_pathogen_names(text, found, rules)
    found.sort(key=lambda t: t.start)
    _drop_org_conjuncts(text, found, entities)
    for idx, top in enumerate(found):
        _cues(text, top, rules)
        _container(text, found, idx, rules)
    return found


def _article_tail(text: str, toks: list[_Tok], i: int, j: int) -> bool:
    """Some later word of the run i..j is an article joined by a hyphen ("Kahriz al-Jadida")."""
    return any(
        toks[n].text.lower() in ARTICLES | CLIPPED_ARTICLES and text[toks[n].end : toks[n].end + 1] in ("-", "‐")
        for n in range(i + 1, j + 1)
    )


def _try_span(
    text: str,
    toks: list[_Tok],
    i: int,
    k: int,
    gazetteer: Gazetteer,
    rules: Rules,
    entities: list[tuple[int, int, str]],
    owner: list[int],
    pos: dict[int, str],
    sent_starts: set[int],
    person_tokens: set[str],
) -> Toponym | None:
    start, end = toks[i].start, toks[k].end
    if text[end : end + 1] == "." and not text[start:end].endswith(".") and len(text[start:end]) <= 6:
        # an abbreviation listed with its period ("Paris, Tenn.", "Calgary, Alta."): the period belongs to it
        dotted = text[start : end + 1]
        if any(c.matched_name.casefold() == dotted.casefold() for c in gazetteer.lookup(dotted, 30)):
            end += 1
    surface_text = text[start:end]
    single = i == k
    low = surface_text.lower()
    # the entity this span lies in, or the entities it wholly covers ("Deir" of "Deir ez-Zor")
    overlapping = sorted({owner[c] for c in range(start, end)} - {-1})
    ent = None
    label = ""
    for n in overlapping:
        s_, e_, lab = entities[n]
        e_ = _entity_end_at_name(text, max(s_, start), e_, end, rules)  # "[Sheikh Khalil village]" is Sheikh Khalil
        if s_ <= start and end <= e_:
            ent, label = (s_, e_, lab), lab  # inside one entity
        elif not (start <= s_ and e_ <= end):
            return None  # cuts an entity in two
    if ent is None and overlapping:
        labels = [entities[n][2] for n in overlapping]
        label = next((lab for lab in labels if lab in PLACE_LABELS), "")
    if label in PLACE_LABELS and single and is_demonym(surface_text, gazetteer):
        return None  # "Angolan", "Ukrainian" tagged as a place
    if label == "NORP":
        if ent is None or _clean_entity_text(text[ent[0] : ent[1]]) != surface_text or is_demonym(surface_text, gazetteer):
            return None  # demonyms ("Syrian", "Iraqi") and words of a longer nationality or group name
        if single:
            # a place the NER took for a nationality ("Aleppo", "Samarra"): judged as a name outside
            # any entity (a proper noun that strongly matches a notable place); a multi-word NORP that
            # is a whole name ("East Ghouta") is judged as an entity's name below
            ent, label = None, ""
    cands = _dotted_aware(surface_text, _acronym_aware(surface_text, gazetteer.lookup(surface_text, 30)))
    if not cands and _is_acronym(surface_text):
        return None  # an acronym (SAA, SDF, IS) unless it is a listed alias (US, UK, DC)
    if not cands:
        return None
    best = cands[0].match
    first = toks[i].text.lower()
    hyphened = text[toks[i].end : toks[i].end + 1] in ("-", "‐")  # "as-Suqaylabiyah", "an-Nabk": an Arabic article
    function_word = not hyphened and (
        first in _ARTICLE_WORDS or (label not in PLACE_LABELS and first in _FUNCTION_WORDS)
    )
    if not single and function_word and not _exact(surface_text, cands, 0, keep_article=True):
        return None  # "The SAA", "In Raqqa", "The U.S.": a function word does not start a name
    if (
        label not in PLACE_LABELS
        and single
        and low in english_words()
        and not _exact(surface_text, cands, ENGLISH_WORD_PLACE)
    ):
        return None  # "Terror", "Defense": an English word, unless it exactly names a notable place
    # guards
    if single and low.rstrip(".") in rules.never_alone:
        return None
    if single and low in rules.common_words and label not in PLACE_LABELS:
        return None
    if single and low in person_tokens:
        return None
    prev = _prev_word(text, start)
    if prev and prev.lower().rstrip(".") in rules.person_before and label not in PLACE_LABELS:
        return None
    nxt = _next_word(text, end)
    if nxt.lower() in rules.not_place_after:
        return None
    leads = label in ("ORG", "FAC") and ent is not None and _leads_org(text, ent, start, end, nxt, cands, rules)
    if nxt and nxt.lower() in rules.org_after and _is_cap(nxt) and not leads:
        return None
    if label in PLACE_LABELS:
        if best < 0.8:
            return None
        how = f"gazetteer+ner:{label}"
    elif ent is not None:
        ent_text = _clean_entity_text(text[ent[0] : ent[1]])
        parts = [p.strip().lower() for p in _LIST_SPLIT.split(ent_text)]
        covers = ent_text.lower() == low or low in parts  # "Aleppo and Palmyra" (WORK_OF_ART): a list of names
        if leads and not covers:
            how = f"in-org:{label}"  # "the Texas Department of Health", "the U.S. Supreme Court"
        else:
            if not covers or best < STRONG_MATCH:
                return None  # a word of a longer organisation, person or title
            if label == "PERSON" and low in person_tokens:
                return None
            if single and label in ("PERSON", "ORG") and not _locative(text, start, end, rules):
                notable = any(
                    c.match >= STRONG_MATCH
                    and c.kind <= KIND_ALT  # its own name, not "Franklin" for Franklin County
                    and (c.place.population >= NOTABLE_NAME or c.place.feature_class not in ("P", "A"))
                    for c in cands[:10]
                )
                if not notable:
                    return None  # "Jin", "Wendy", "Franklin": a person or firm, unless the text treats it as a place
            how = f"gazetteer+ner:{label}"
    else:
        if best < STRONG_MATCH:
            return None
        last_pos = pos.get(toks[k].start, "PROPN")
        if last_pos not in ("PROPN", "NOUN", "ADJ") and not surface_text.isupper():
            return None
        if single and toks[i].start in sent_starts and last_pos != "PROPN":
            return None
        notable = any(
            c.place.population >= 1000 or c.place.feature_class != "P" or c.place.id.startswith(CURATED)
            for c in cands[:10]
            if c.match >= STRONG_MATCH
        )
        if not notable and not _says_settlement(text, start, end):
            return None  # a small place's name alone, unless the text calls it a town or village
        how = "gazetteer"
    top = Toponym(start, end, surface_text, how, ner_label=label, candidates=cands)
    top.locative = how == "gazetteer" and not _is_acronym(surface_text) and _locative(text, start, end, rules)
    return top


#: feature codes of places that, leading an organisation's name, name its jurisdiction whatever follows
_JURISDICTIONS = ("PCLI", "PCLD", "PCLF", "PCL", "ADM1")


def _leads_org(
    text: str,
    ent: tuple[int, int, str],
    start: int,
    end: int,
    nxt: str,
    cands: list[Candidate],
    rules: Rules,
) -> bool:
    """A place that opens an organisation's name and names its jurisdiction ("the Ohio Supreme Court").

    The span must start the entity (after "the"), match a place strongly and exactly, and be
    followed inside the entity by a word of government (``org_places.government_after``), or be a
    country or first-level division followed by anything but an organisation word
    (``guards.org_after``: "Syria Direct", "Damascus University", "Raqqa Military Council" stay out).
    """
    if end >= ent[1] or text[ent[0] : start].strip().lower() not in ("", "the") or not nxt:
        return False
    if " " not in text[start:end] and text[start:end].lower() in english_words():
        big = [
            c
            for c in cands
            if c.kind <= KIND_ALT and (c.place.population >= 100_000 or c.place.feature_code in _JURISDICTIONS)
        ]
        if not _exact(text[start:end], big, 0):
            return False  # "Federal Court", "Metro Council", "Superior Court": an English word, not a place
    strong = [c for c in cands if c.match >= STRONG_MATCH and c.kind != KIND_DEMONYM]
    if not strong or not _exact(text[start:end], strong, 0):
        return False
    if nxt.lower() in rules.government_after:
        return True
    admin = any(c.place.feature_code in _JURISDICTIONS for c in strong[:5])
    rest = {w.lower() for w in re.findall(r"[^\W\d_]+", text[end : ent[1]])}
    blocked = (rules.org_after - rules.government_after) | rules.org_not_place
    return admin and not rest & blocked


_LIST_SPLIT = re.compile(r",\s*|\s+and\s+|\s+or\s+|\s*[–—/]\s*")
#: English articles: a name starting with one ("The Hague") must be matched with it
_ARTICLE_WORDS = frozenset({"the", "a", "an"})
#: a French or Italian elided article before a capital ("d'Ivoire", "l'Aquila"): part of the name
_ELIDED_CAP = re.compile(r"^[dlDL]['’][A-Z]")
_FUNCTION_WORDS = frozenset(
    {"the", "a", "an", "in", "on", "at", "of", "for", "from", "to", "by", "with", "and", "but", "or", "as", "into"}
)


def is_demonym(name: str, gazetteer: Gazetteer) -> bool:
    """The name is a nationality or demonym the gazetteer knows ("Syrian", "Iraqis", "Turkish")."""
    return any(c.kind == KIND_DEMONYM and c.match >= STRONG_MATCH for c in gazetteer.lookup(name, 5, demonyms=True))


def _plain(name: str) -> str:
    toks = surface(name).split()
    while len(toks) > 1 and toks[0] in ARTICLES | CLIPPED_ARTICLES:
        toks = toks[1:]
    return " ".join(toks)


def _exact(text: str, cands: list[Candidate], min_population: int, *, keep_article: bool = False) -> bool:
    """Some candidate is named exactly ``text`` (article aside, unless ``keep_article``: "An IS" is
    not the place "Is") and is notable enough."""
    plain = surface if keep_article else _plain
    want = plain(text)
    for c in cands:
        notable = c.place.population >= min_population or c.place.feature_class != "P"
        if notable and any(plain(n) == want for n in (c.matched_name, c.place.name, *c.place.alternate_names)):
            return True
    return False


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words (spaCy's lemmatizer index: WordNet's nouns, verbs, adjectives, adverbs).

    It holds some place names too (paris, syria); callers only use it to demand an exact,
    notable match before a capitalised English word counts as a place outside a place entity.
    """
    try:
        from ..nlp.stage import load_spacy

        lemmatizer = load_spacy().get_pipe("lemmatizer")
        index = lemmatizer.lookups.get_table("lemma_index")
    except Exception:
        return frozenset()
    words: set[str] = set()
    for values in index.values():
        words.update(values)
    return frozenset(words)


def _entity_end_at_name(text: str, start: int, ent_end: int, end: int, rules: Rules) -> int:
    """Where an entity ends without the place-type word ("village", "province", "district") it takes in after a
    name ending at ``end``: the NER reads "Sheikh Khalil village" as one PERSON, or "Sheikh" and "Khalil village"
    as two places; the name is Sheikh Khalil either way. Likewise where the entity runs on into the clause that
    follows the name ("the countryside of [Idleb after HTS]" as one ORG): a lower-case conjunction or
    preposition of ``guards.clause_after`` ends it. ``ent_end`` unchanged when anything else follows."""
    tail = text[end:ent_end].strip()
    if start < end < ent_end and tail.islower() and tail in rules.settlement | rules.admin1 | rules.admin2:
        return end  # lower-case only: "Mexico City" and "Orange County" are names of their own
    first = tail.split(maxsplit=1)[0] if tail else ""
    if start < end < ent_end and first in rules.clause_after:  # case-sensitive: "After Hours" is a name
        return end
    return ent_end


def _clean_entity_text(value: str) -> str:
    value = re.sub(r"^(?:the|The)\s+", "", value)
    return re.sub(r"['’]s$", "", value).strip()


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([^\W\d_]+)\.?\s+$", text[max(0, start - 40) : start])
    return m.group(1) if m else ""


def _next_word(text: str, end: int) -> str:
    m = re.match(r"(?:['’]s)?\s+([^\W\d_]+)", text[end : end + 40])
    return m.group(1) if m else ""


def _add_ner_only(text: str, found: list[Toponym], entities: list[tuple[int, int, str]], gazetteer: Gazetteer) -> None:
    """GPE/LOC/FAC entities the matcher did not find: kept (cleaned), resolved if the gazetteer can."""
    rules = load_rules()
    taken = sorted((t.start, t.end) for t in found)
    starts = [a for a, _ in taken]
    reach = max((b - a for a, b in taken), default=0)
    for s, e, label in entities:
        if label in PLACE_LABELS | _MISLABELLED and _SETTLEMENT_BEFORE.search(text[max(0, s - 20) : s]):
            parts = _list_parts(text, s, e)
            if len(parts) > 1:  # "the villages of Atshanah Sharqiya and Mulahimat" taken as one ORG
                for ps, pe in parts:
                    if not any(a < pe and ps < b for a, b in taken):
                        name = text[ps:pe]
                        found.append(
                            Toponym(ps, pe, name, f"settlement-cue:{label}", type_cue="settlement",
                                    candidates=gazetteer.lookup(name, 30))
                        )
                continue
        if label not in PLACE_LABELS and not (label in _MISLABELLED and _settlement_named(text, s, e, rules)):
            continue
        lo, hi = bisect_left(starts, s - reach), bisect_left(starts, e)
        if any(a < e and s < b for a, b in taken[lo:hi]):
            continue
        raw = text[s:e]
        m = re.match(r"^(?:(?:the|The)\s+)?(.*?)(?:['’]s)?$", raw, re.DOTALL)
        inner = m.group(1) if m else raw
        offset = s + (m.start(1) if m else 0)
        cut = re.search(r"[\[\]()—–;,\n]", inner)
        if cut:
            inner = inner[: cut.start()]
        located = _LOCATED_IN.search(inner)
        if located:  # "the town of Foah in Idleb" taken as one entity: the town, and the place it lies in
            rest = inner[located.end() :].rstrip(" .-")
            rest_start = offset + located.end()
            inner = inner[: located.start()]
            cands = gazetteer.lookup(rest, 30) if rest else []
            if cands and not any(a < rest_start + len(rest) and rest_start < b for a, b in taken):
                found.append(Toponym(rest_start, rest_start + len(rest), rest, f"ner:{label}", candidates=cands))
        inner = inner.rstrip(" .-")
        words = inner.split()
        while words and words[-1].lower() in (rules.admin1 | rules.admin2 | rules.settlement):
            words = words[:-1]
        inner = " ".join(words)
        if not inner or not _starts_capitalised(inner) or inner.lower() in rules.common_words:
            continue
        if any(ch.isdigit() for ch in inner) and not gazetteer.lookup(inner, 1):
            continue  # "H5N1", "COVID-19": a code no gazetteer knows is no place
        end = offset + len(inner)
        if text[offset:end] != inner:  # whitespace inside changed: keep the raw extent
            end = offset + len(inner.split()[-1]) + text[offset:e].rfind(inner.split()[-1])
        if inner.lower() in rules.never_alone:
            continue
        tail = _ARTICLE_TAIL.match(text, end)
        if tail and end == e and not any(a < tail.end() and e <= b for a, b in taken):
            end = tail.end()  # the whole name: "Jisrh ash-Shugur", not "Jisrh"
            inner = text[offset:end]
        if len(inner.split()) == 1 and is_demonym(inner, gazetteer):
            continue  # "Angolan", "Ukrainian" tagged as a place: a nationality
        cands = gazetteer.lookup(text[offset:end], 30)
        if label == "FAC" and not cands:
            continue  # a building or road the gazetteer does not know: no use as an event location
        if not cands and not _locative(text, offset, end, rules):
            continue  # "Saakashvili", "United Way": a name no gazetteer knows, in no place-like slot
        top = Toponym(offset, end, text[offset:end], f"ner:{label}", ner_label=label, candidates=cands)
        if label not in PLACE_LABELS:  # a settlement the NER took for a firm, a person or a nationality
            top.how, top.ner_label, top.type_cue = f"settlement-cue:{label}", "", "settlement"
        found.append(top)


def _list_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of each capitalised name of a list entity ("Atshanah Sharqiya and Mulahimat")."""
    out, at = [], start
    for m in [*_LIST_SPLIT.finditer(text, start, end), None]:
        stop = m.start() if m is not None else end
        name = text[at:stop].strip()
        if name and name[:1].isupper():
            first = at + text[at:stop].index(name)
            out.append((first, first + len(name)))
        at = m.end() if m is not None else end
    return out


#: "X in Y", "X near Y" inside one entity: two places, the second locating the first
_LOCATED_IN = re.compile(r"\s+(?:in|near)\s+(?=[A-Z])")
#: NER labels a settlement's unknown name often gets ("Hazarma town": ORG, "Harsta city": NORP)
_MISLABELLED = frozenset({"ORG", "PERSON", "NORP"})
#: the gap between two names of one list ("X, Y and Z", "X, Y, and Z", "X or Y", "X; Y"), matched whole
LIST_GAP = re.compile(r"\s*[,;]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
#: parts of a town, not of a province
_CITY_PARTS = frozenset({"neighbourhood", "neighborhood", "quarter", "suburb"})
_PART_ADJECTIVE = re.compile(r"(?:central|downtown|(?:north|south)?-?(?:eastern|western)|northern|southern) $")
#: an Arabic name's tail the NER left out of the entity ("Jisrh" of "Jisrh ash-Shugur")
_ARTICLE_TAIL = re.compile(r"\s+(?:al|el|ash|as|ad|ar|at|az|an|es|ez|a|e)-[A-Z][\w'’]+")
#: "the town of X", "the villages of X", "X village", "X town": the text says X is a settlement
_SETTLEMENT_BEFORE = re.compile(r"\b(?:town|city|village|villages|towns)\s+of\s+$", re.IGNORECASE)
_SETTLEMENT_AFTER = re.compile(r"^\s+(?:village|town|city)\b(?!\s+(?:hall|council|centre|center|manager|officials?))")


def _settlement_named(text: str, start: int, end: int, rules: Rules) -> bool:
    """The text names the entity at ``text[start:end]`` as a settlement: "the town of X", "X village" (X of up to three
    words, none an organisation word: not "the city of Raqqa Military Council")."""
    name = text[start:end].strip()
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", name)]
    if len(words) > 3 or set(words) & rules.org_after:
        return False
    return _says_settlement(text, start, end)


def _says_settlement(text: str, start: int, end: int) -> bool:
    """A settlement word names the span a town or village ("the town of X", "X village")."""
    return bool(_SETTLEMENT_BEFORE.search(text[max(0, start - 20) : start])) or bool(
        _SETTLEMENT_AFTER.match(text[end : end + 30])
    )


def _starts_capitalised(name: str) -> bool:
    """A name starts with a capital, perhaps after an Arabic article joined by a hyphen ("al-Hambushiyyeh")."""
    if name[:1].isupper():
        return True
    head, _, rest = name.partition("-")
    return head.lower() in ARTICLES | CLIPPED_ARTICLES and rest[:1].isupper()


def _locative(text: str, start: int, end: int, rules: Rules) -> bool:
    """The text treats the span as a place: a locative word before it ("in", "near", "the town of")
    or a place-type word after it ("X village", "X province")."""
    before = re.sub(r"\s+", " ", text[max(0, start - 40) : start]).lower()
    before = re.sub(r"(?:the|a) $", "", before)
    before = _PART_ADJECTIVE.sub("", before)  # "in central Rawa", "in eastern Deir"
    words = re.findall(r"[a-z]+", before)
    if words and (words[-1] in rules.locative_before or " ".join(words[-2:]) in rules.locative_before):
        return True
    m = re.match(r"(?:['’]s)?\s+([a-z][a-z-]*)", text[end : end + 30])
    after = m.group(1) if m else ""
    if after in rules.admin1 | rules.admin2 | rules.settlement | rules.feature | rules.near_after:
        return True
    return _listed_after_locative(text[max(0, start - 300) : start], rules)


#: the gap before a list's next name, at the end of the text before it: stricter than :data:`LIST_GAP` (which joins
#: names already found), no space before the comma ("in Greece , Guhdar and his family": a tokenised text's comma
#: opens no list of places) and no semicolon
_LIST_SEPARATOR = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
_LIST_ITEM = re.compile(r"(?:(?:al|el|ad|as|ar)-)?[A-Z][\w'’-]*(?:\s+(?:(?:al|el|ad|as|ar)-)?[A-Z][\w'’-]*){0,4}$")
#: how many names back a list may start with its locative word
LIST_ITEMS_BACK = 12


def _listed_after_locative(before: str, rules: Rules) -> bool:
    """The name ends a list of names that a locative word opens ("clashes in Jabal Barsaya, Qastal Jandu, Bulbul,
    Raju"): the text treats every name of it as a place."""
    sep = _LIST_SEPARATOR.search(before)
    for _ in range(LIST_ITEMS_BACK):
        if sep is None:
            return False
        item = _LIST_ITEM.search(before[: sep.start()])
        if item is None:
            return False
        before = before[: item.start()]
        words = re.findall(r"[a-z]+", before[-40:].lower())
        if words and words[-1] in _LIST_PREPOSITIONS:
            return True
        if len(words) > 1 and words[-1] == "of" and words[-2].removesuffix("s") in rules.settlement_of | rules.part_of:
            return True  # "the villages and areas of Raju, Jundairs, and Sharan"
        sep = _LIST_SEPARATOR.search(before)
    return False


#: the words that open a list of places ("clashes in A, B and C"); "of" and the verbs of locative_before open lists
#: of people too ("the meeting of Hassan, Ahmed and ...")
_LIST_PREPOSITIONS = frozenset(
    {"in", "near", "at", "into", "inside", "outside", "around", "across", "between", "through", "from", "toward", "towards"}
)


#: prepositions that, right before a name, make the text treat it as a place
_PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "to", "from", "into", "outside", "around", "across", "throughout"})


def _drop_pathogen_names(text: str, found: list[Toponym], rules: Rules) -> None:
    """A name the report uses for a pathogen ("Marburg virus", "the Reston ebolavirus") means the pathogen
    wherever it stands alone in that report ("imported Marburg", "Ebola-Reston"); a mention the text treats as a
    place (a preposition before it, "Reston, Virginia") stays."""
    if not found or not rules.not_place_after:
        return
    words = "|".join(re.escape(w) for w in sorted(rules.not_place_after))
    names = {
        m.group(1).casefold()
        for m in re.finditer(rf"\b([A-Z][\w'’]*(?:[ -][A-Z][\w'’]*){{0,2}})[ -](?:{words})\b", text)
    }
    # "Ebola Reston virus": the words of a multiword pathogen name count alone too
    names |= {part for n in names for part in re.split(r"[ -]", n) if len(part) > 2}
    if not names:
        return
    pathogen_after = re.compile(rf"[ -](?:{words})\b", re.IGNORECASE)

    def a_place(t: Toponym) -> bool:
        if pathogen_after.match(text, t.end):
            return False  # "Marburg haemorrhagic fever", "Ebola-Reston virus"
        before = re.findall(r"[a-z]+", text[max(0, t.start - 12) : t.start].lower())
        return bool(before and before[-1] in _PLACE_PREPOSITIONS) or bool(re.match(r",\s*[A-Z]", text[t.end : t.end + 3]))

    found[:] = [t for t in found if t.text.casefold() not in names or a_place(t)]


def _drop_inside_cues(text: str, found: list[Toponym]) -> None:
    """Names inside an armed group's name ("Olive Branch", "Euphrates Shield" forces): no places.

    The groups are the cues of ``data/gazetteer/country_cues.tsv``; a place name that merely
    contains a cue ("Dahiet Assad") stays.
    """
    from .context import load_cues

    pattern, _ = load_cues()
    if pattern is None or not found:
        return
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if spans:
        found[:] = [t for t in found if not any(s <= t.start and t.end <= e for s, e in spans)]


def _drop_org_conjuncts(text: str, found: list[Toponym], entities: list[tuple[int, int, str]]) -> None:
    """'Islamic State of Iraq and Syria': a name joined by 'and' to an ORG entity that ends in a place."""
    org_ends = [e for s, e, label in entities if label == "ORG" and re.search(r"\bof\s+\S+$", text[s:e])]
    keep = []
    for top in found:
        before = text[max(0, top.start - 6) : top.start]
        if re.match(r"^.*\band\s+$", before) and any(0 <= top.start - e <= 6 for e in org_ends):
            continue
        keep.append(top)
    found[:] = keep


_DIRECTION = r"(?:north|south|east|west)(?:ern)?(?:[- ]?(?:north|south|east|west)(?:ern)?)?"
_MODIFIER = re.compile(r"^-(?:led|backed|based|made|brokered|funded|supported|trained|allied|aligned|affiliated|sponsored)\b", re.I)


@lru_cache(maxsize=4)
def _precision_patterns(rules: Rules) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"the outskirts of X" and "near X" as two compiled patterns over the text before a name."""
    outskirts = "|".join(re.escape(w) for w in rules.outskirts)
    near = "|".join(re.escape(p) for p in rules.near_before)
    return (
        re.compile(rf"(?:^|\W)(?:{outskirts}) of (?:the )?$"),
        re.compile(rf"(?:^|\W)(?:{near}) (?:the )?$"),
    )


_NAME_WORDS = r"(?:(?:al|el|ad|as|ar|um|umm|abu|tal|tell)[- ])?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}"
#: the rest of a list of names that ends with a plural settlement word ("..., Um Jorah and Rasm Ayed towns")
_LISTED_SETTLEMENTS = re.compile(
    rf"(?:\s*,\s*{_NAME_WORDS}){{0,8}}(?:\s*,)?\s+(?:and|or)\s+{_NAME_WORDS}\s+(?:towns|villages|hamlets|cities)\b"
)


#: "the Atlantic", "the tropical Atlantic", "the eastern tropical Atlantic": "the" before the name, or before one or two
#: lower-case words that qualify it (not "the town of X": a preposition ends the qualifying words)
_AFTER_THE = re.compile(r"\b[Tt]he\s+(?:(?!(?:of|in|on|at|near|from|to|and|or)\b)[a-z]+[\s-]+){0,2}$")


def _cues(text: str, top: Toponym, rules: Rules) -> None:
    top.after_the = bool(_AFTER_THE.search(text[max(0, top.start - 40) : top.start]))
    after = text[top.end : top.end + 40]
    top.modifier = bool(_MODIFIER.match(after))
    m = re.match(r"(?:['’]s)?\s+([a-z][a-z-]*)", after)
    word = m.group(1) if m else ""
    arabic = re.match(r"\s+((?:al|el)-[A-Za-z]+)\b", after)  # "Dar'a al-Balad": the town itself, not its province
    if arabic and arabic.group(1).lower() in rules.settlement:
        word = arabic.group(1).lower()
    if word in rules.admin1:
        top.type_cue = "admin1"
    elif word in rules.admin2:
        top.type_cue = "admin2"
    elif word in rules.settlement:
        top.type_cue = "settlement"
    elif word in rules.feature:
        top.type_cue = "feature"
    elif _SETTLEMENT_BEFORE.search(text[max(0, top.start - 20) : top.start]):
        top.type_cue = "settlement"  # "the town of Tall Refaat"
    elif _LISTED_SETTLEMENTS.match(text[top.end : top.end + 160]):
        top.type_cue = "settlement"  # "Al-Bayaiyah, Um Jorah and Rasm Ayed towns"
    if word in rules.near_after:
        top.precision_cue = 2
    if word in rules.outskirts:
        top.precision_cue = 1
    before = text[max(0, top.start - 40) : top.start].lower()
    before = re.sub(r"\s+", " ", before)
    outskirts, near = _precision_patterns(rules)
    if outskirts.search(before):
        top.precision_cue = 1
    elif near.search(before):
        top.precision_cue = 2


#: "Abbara, south of Baquba", "Tarmiyah, 50 km north of Baghdad", "a village 20 miles to the east of Y": the
#: words between a place and the place it is located from, with the distance they give, if any
_SITE_WORD = (
    r"(?:\s+(?:areas?|regions?|villages?|towns?|city|cities|district|sub-?district|neighbou?rhoods?|camp|road|base|dam))?"
)
_RELATIVE_GAP = re.compile(
    _SITE_WORD + r"\s*,?\s+(?:(?:some|about|around|roughly|approximately|nearly|almost|just|only|less\s+than)\s+)?"
    r"(?:(\d+(?:\.\d+)?)\s*-?\s*(km|kms|kilomet(?:er|re)s?|mi|miles?)\s+)?(?:to\s+the\s+)?"
    r"(north|south|east|west)(?:[- ]?(north|south|east|west))?\s+of\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?",
    re.IGNORECASE,
)
#: "the Al Shahba'a dam, near Tall Refaat village", "Rubar camp near Baseileh": a place named near a town
_NEAR_GAP = re.compile(
    _SITE_WORD + r"\s*,?\s+(?:near|close\s+to|not\s+far\s+from|just\s+outside|outside|in\s+the\s+vicinity\s+of|on\s+the"
    r"\s+outskirts\s+of)\s+(?:the\s+)?"
    r"(?:(?:city|town|village)\s+of\s+)?",
    re.IGNORECASE,
)
#: how far a place located from another ("south of Baquba") may lie when the text gives no distance
RELATIVE_KM = 120.0
#: how far a place named near a town may lie from it
NEAR_TOWN_KM = 60.0
#: the slack around a distance the text gives ("30 km north of"), on top of a quarter of it
RELATIVE_SLACK_KM = 25.0


def _relative_km(gap: str) -> float:
    """How far a place may lie from the next one when the words between them locate it from it ("Abbara, south of
    Baquba", "the dam, near Tall Refaat"); 0.0 when they do not."""
    if _NEAR_GAP.fullmatch(gap):
        return NEAR_TOWN_KM
    m = _RELATIVE_GAP.fullmatch(gap)
    if m is None:
        return 0.0
    if m.group(1) is None:
        return RELATIVE_KM
    km = float(m.group(1)) * (1.609 if m.group(2).lower().startswith("mi") else 1.0)
    return km * 1.25 + RELATIVE_SLACK_KM


def _listed_before(text: str, found: list[Toponym], idx: int, free: Callable[[Toponym], bool]) -> list[int]:
    """The indices of the names listed right before ``found[idx]`` ("Naama and Albu Ajil", "Shaara and Karim"),
    nearest first, while ``free`` holds for them."""
    out = []
    k = idx
    while k > 0 and free(found[k - 1]) and LIST_GAP.fullmatch(text[found[k - 1].end : found[k].start]):
        k -= 1
        out.append(k)
    return out


def _container(text: str, found: list[Toponym], idx: int, rules: Rules) -> None:
    """Mark containers: 'the Homs town of Sukhna', 'Paris, Texas', 'Washington, DC', 'X town in Rural Damascus'."""
    top = found[idx]
    if idx > 0:
        prev = found[idx - 1]
        gap = text[prev.end : top.start]
        # "the Tal al-Dhahab area of western Idleb": a direction of the container is no obstacle
        m = re.fullmatch(rf"(?:['’]s)?\s+([a-z-]+)\s*\)?\s+of\s+(?:the\s+)?(?:{_DIRECTION}\s+)?", gap)
        if m and m.group(1) in rules.settlement_of:
            top.container = idx - 1
            prev.container_role = True
            if prev.type_cue in ("", "settlement"):
                prev.type_cue = "admin1"
        elif m and m.group(1) in rules.part_of and prev.container is None:
            prev.container = idx  # "the Dummar district of Damascus city": Damascus contains Dummar
            top.container_role = True
            if idx > 1 and ")" in gap:
                # "the Zahra area (Zuhur district) of Mosul": the name before the parenthesis lies in it too
                first = found[idx - 2]
                before = text[first.end : prev.start]
                if first.container is None and re.fullmatch(r"\s+([a-z-]+)\s*\(\s*", before):
                    first.container = idx
            if m.group(1) in _CITY_PARTS and not top.type_cue:
                top.type_cue = "settlement"  # "the Khadraa neighborhood of Kirkuk": the city, not the province
    if idx + 1 < len(found):
        nxt = found[idx + 1]
        top.anchor_km = _relative_km(text[top.end : nxt.start])
        top.anchor = idx + 1 if top.anchor_km else None
        if top.anchor is not None:  # "the road linking Naama and Albu Ajil, east of Tikrit": every name of the list
            for k in _listed_before(text, found, idx, lambda t: t.anchor is None):
                found[k].anchor, found[k].anchor_km = idx + 1, top.anchor_km
        after_next = text[nxt.end : nxt.end + 40]
        in_list = bool(re.match(r"\s*(?:,|and\b|or\b|&)\s*[A-Z]", after_next)) or bool(
            re.search(r"[A-Z][^\W\d_]*\s*,\s*$", text[max(0, top.start - 40) : top.start])
        )
        if (
            not in_list
            and re.fullmatch(r",\s*", text[top.end : nxt.start])
            and any(c.place.feature_code in ("ADM1", "PCLI") for c in nxt.candidates[:10] if c.match >= 0.85)
        ):
            top.container = idx + 1
            nxt.container_role = True
        # "Zamalka town in Rural Damascus", "clashes in Hajin in Deir e-Zor province", "Alexandria in Egypt"
        gap = text[top.end : nxt.start]
        # "Busra village in Idleb south eastern countryside", "Jafr town in southern Idleb"
        # "Alia village in the northern countryside of Al-Hasakeh"
        gap_m = re.fullmatch(
            rf"(?:\s+(?!and\b|or\b|but\b)[A-Za-z][a-z]*)?\s+in\s+(?:the\s+)?((?:{_DIRECTION}[\s-]+){{0,2}})"
            r"((?:countryside|outskirts|suburbs|part|parts|province|governorate|district|region)\s+of\s+(?:the\s+)?)?",
            gap,
        )
        word_between = gap.split()[0] if gap.split() and gap.split()[0] != "in" else ""
        if gap_m and word_between[:1].isupper() and not (
            word_between.lower() in rules.settlement and (gap_m.group(1) or gap_m.group(2))
        ):  # "Sayada Village in northern Aleppo" lies in it; "Birkdale Village in Huntersville" is a name
            gap_m = None
        if top.container is None and gap_m:
            word = re.match(rf"(?:['’]s)?\s+(?:{_DIRECTION}[\s-]+){{0,2}}([a-z]+)", text[nxt.end : nxt.end + 40])
            settlement = word_between.lower() in rules.settlement_of
            area_word = bool(gap_m.group(1)) or bool(gap_m.group(2)) or settlement or (
                word is not None and word.group(1) in rules.admin1 | rules.admin2 | {"countryside"}
            )
            best = nxt.candidates[0].place if nxt.candidates else None
            area_name = best is not None and (
                best.feature_code.startswith("PCL") or best.feature_code in ("ADM1", "ADMD", "RGN")
            )
            if area_word or area_name:
                top.container = idx + 1
                nxt.container_role = True
                # "Shaara and Karim villages in northeast Dar'a": every name of the list lies in it
                for k in _listed_before(text, found, idx, lambda t: t.container is None):
                    found[k].container = idx + 1


def _is_acronym(name: str) -> bool:
    return name.isupper() and len(name.replace(".", "")) <= 4


def _acronym_aware(name: str, cands: tuple[Candidate, ...] | list[Candidate]) -> list[Candidate]:
    """An acronym written in capitals ("EU", "DC", "SAA") matches only names listed in capitals (the alias "EU" of
    the European Union), never a place whose name it spells in another case (Eu, a town in France)."""
    if not _is_acronym(name):
        return list(cands)
    bare = name.replace(".", "")
    return [c for c in cands if c.matched_name.replace(".", "").replace(" ", "") == bare]


#: an abbreviation listed with its period: "Mass.", "Calif.", "Ala."
_DOTTED = re.compile(r"[A-Z][a-z]{1,4}\.")


def _dotted_aware(name: str, cands: list[Candidate]) -> list[Candidate]:
    """An abbreviation listed with its period matches only where the text writes the period ("Boston, Mass."):
    "Mass Graves:", a note's heading, is not Massachusetts."""
    if name.endswith("."):
        return cands
    return [c for c in cands if not _DOTTED.fullmatch(c.matched_name)]


def toponyms_from_spans(
    text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer, entities: list[tuple[int, int, str]] | None = None
) -> list[Toponym]:
    """Toponyms for given spans (gold spans, a reviewer's selection): candidates, cues and containers.

    Demonyms are looked up too here ("Syrian" -> Syria), since the caller says the span is a place.
    """
    rules = load_rules()
    entities = entities or []
    found: list[Toponym] = []
    for start, end in sorted(spans):
        name = text[start:end]
        label = next((lab for s, e, lab in entities if s <= start and end <= e), "")
        cands = _acronym_aware(name, gazetteer.lookup(name, 30, demonyms=True))
        if not cands:
            cleaned = _clean_entity_text(name)
            cands = gazetteer.lookup(cleaned, 30, demonyms=True) if cleaned != name else []
        how = "given"
        if not cands:
            inner, cands = _inner_name(name, gazetteer, rules)
            how = f"given; by its words '{inner}'" if cands else how
        found.append(Toponym(start, end, name, how, ner_label=label, candidates=cands))
    for idx, top in enumerate(found):
        _cues(text, top, rules)
        _container(text, found, idx, rules)
    return found


def _inner_name(name: str, gazetteer: Gazetteer, rules: Rules) -> tuple[str, list[Candidate]]:
    """A given span no layer knows, read by what its words name: an adjective's place ("North American" ->
    North America, "Philippine" -> the Philippines), else the longest run of its capitalised words that
    strongly names a place ("Colorado State University" -> Colorado, "Birmingham City" -> Birmingham), else the
    place of a nationality it opens ("European Commission" -> Europe, "Mexican Senate" -> Mexico)."""
    for variant in (name[:-1] if name.endswith("an") else "", name + "s"):
        cands = [c for c in gazetteer.lookup(variant, 30) if c.match >= STRONG_MATCH] if variant else []
        if cands:
            return variant, cands
    words = list(_TOKEN.finditer(name))
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            sub = name[words[i].start() : words[i + size - 1].end()]
            low = sub.lower()
            if not _is_cap(sub) or (size == 1 and low in rules.never_alone | rules.common_words):
                continue
            cands = [c for c in gazetteer.lookup(sub, 30) if c.match >= STRONG_MATCH]
            if size == 1 and low in english_words() and not _exact(sub, cands, ENGLISH_WORD_PLACE):
                continue  # "Trump Tower": an English word names no place unless it exactly names a notable one
            if cands:
                return sub, cands
    for word in words:
        sub = word.group()
        if _is_cap(sub):
            cands = [c for c in gazetteer.lookup(sub, 5, demonyms=True) if c.kind == KIND_DEMONYM and c.match >= STRONG_MATCH]
            if cands:
                return sub, cands
    return "", []
