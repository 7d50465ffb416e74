"""The data model: one vocabulary for every stage, store, API and export.

Every class is a plain dataclass with ``to_dict``/``from_dict`` that round-trip
through JSON. Offsets always index :attr:`Document.text`, the stored text.

Nothing here imports spaCy or touches the network; the parsed spaCy ``Doc`` an
nlp stage produces rides along on :attr:`Document.nlp` and is never serialised.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, ClassVar, Literal

# ACLED's precision codes (see docs/EVENT_CODING.md).
GeoPrecision = Literal[1, 2, 3]
TimePrecisionCode = Literal[1, 2, 3]

#: Precision of a resolved time expression, finest first.
TIME_PRECISIONS: tuple[str, ...] = (
    "day",
    "week",
    "month",
    "season",
    "quarter",
    "year",
    "multi-year",
)

#: "merged" (a duplicate folded into another event) and "split" (replaced by its parts) are hidden by default
REVIEW_STATUSES: tuple[str, ...] = ("unreviewed", "accepted", "rejected", "edited", "merged", "split")


def content_id(text: str) -> str:
    """The id of a document: a hash of its normalised text (first 16 hex digits of SHA-256).

    Whitespace runs are collapsed first so the same report fetched twice with
    different line endings or trailing spaces gets the same id.
    """
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class Span:
    """A character range ``[start, end)`` of a document's text with a label."""

    start: int
    end: int
    label: str = ""

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span offsets [{self.start}, {self.end})")

    def text(self, doc_text: str) -> str:
        return doc_text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), str(data.get("label", "")))


@dataclass(slots=True)
class Place:
    """A gazetteer entry."""

    id: str  # "geonames:173361" or "syraq:euphrates" or "acled:..."; the layer prefix says where from
    name: str
    lat: float
    lon: float
    feature_class: str = ""  # GeoNames class: P populated place, A admin, H water, T terrain, S spot, L area
    feature_code: str = ""  # GeoNames code: PPL, PPLA, ADM1, ADM2, PCLI, STM, AIRB, ...
    country_code: str = ""  # ISO 3166-1 alpha-2
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    population: int = 0
    alternate_names: tuple[str, ...] = ()
    source: str = ""  # the gazetteer layer

    @property
    def geonameid(self) -> int | None:
        prefix, _, rest = self.id.partition(":")
        return int(rest) if prefix == "geonames" and rest.isdigit() else None

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["alternate_names"] = list(self.alternate_names)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        kw = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        kw["alternate_names"] = tuple(data.get("alternate_names", ()))
        kw["lat"] = float(kw["lat"])
        kw["lon"] = float(kw["lon"])
        kw["population"] = int(kw.get("population") or 0)
        return cls(**kw)


@dataclass(slots=True)
class PlaceMention:
    """A span of text resolved (or not) to a :class:`Place`."""

    span: Span
    place: Place | None = None
    score: float = 0.0
    geo_precision: int = 1
    alternatives: list[tuple[str, float]] = field(default_factory=list)  # (place id, score)
    how: str = ""  # how it was recognised and resolved, for the evidence trail
    #: the part of the place the text names ("southern Idleb": a region point in the Idlib governorate's
    #: south), where events are located when the report names no smaller place; None for most mentions
    area: Place | None = None
    #: the populated heart of a province the text names whole ("X village in Idleb"): the median of its populated
    #: places in every layer, where an event whose own village no layer knows is placed; None for most mentions
    core: Place | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "span": self.span.to_dict(),
            "place": self.place.to_dict() if self.place else None,
            "score": self.score,
            "geo_precision": self.geo_precision,
            "alternatives": [[pid, s] for pid, s in self.alternatives],
            "how": self.how,
        }
        if self.area is not None:
            out["area"] = self.area.to_dict()
        if self.core is not None:
            out["core"] = self.core.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlaceMention:
        return cls(
            span=Span.from_dict(data["span"]),
            place=Place.from_dict(data["place"]) if data.get("place") else None,
            score=float(data.get("score", 0.0)),
            geo_precision=int(data.get("geo_precision", 1)),
            alternatives=[(str(p), float(s)) for p, s in data.get("alternatives", [])],
            how=str(data.get("how", "")),
            area=Place.from_dict(data["area"]) if data.get("area") else None,
            core=Place.from_dict(data["core"]) if data.get("core") else None,
        )


@dataclass(slots=True)
class TimeExpression:
    """A span resolved to a date range ``[start, end]`` (both inclusive)."""

    span: Span
    start: date
    end: date
    precision: str = "day"  # one of TIME_PRECISIONS
    anchor: str = "absolute"  # "absolute", "publication", "narrative", or "none"
    anchor_span: Span | None = None  # the expression a narrative one was anchored on
    modifier: str = ""  # "early", "mid", "late", "start", "end", ...

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"time range ends before it starts: {self.start} > {self.end}")
        if self.precision not in TIME_PRECISIONS:
            raise ValueError(f"unknown time precision {self.precision!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_dict(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision,
            "anchor": self.anchor,
            "anchor_span": self.anchor_span.to_dict() if self.anchor_span else None,
            "modifier": self.modifier,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimeExpression:
        start = _date(data["start"])
        end = _date(data["end"])
        if start is None or end is None:
            raise ValueError("a TimeExpression needs both 'start' and 'end' dates")
        return cls(
            span=Span.from_dict(data["span"]),
            start=start,
            end=end,
            precision=str(data.get("precision", "day")),
            anchor=str(data.get("anchor", "absolute")),
            anchor_span=Span.from_dict(data["anchor_span"]) if data.get("anchor_span") else None,
            modifier=str(data.get("modifier", "")),
        )


@dataclass(slots=True)
class Actor:
    """A canonical actor from the actor dictionary."""

    name: str  # ACLED-style canonical name, e.g. "Military Forces of Syria (2000-)"
    inter: int  # ACLED inter code: 1 state forces ... 8 external/other forces
    actor_type: str = ""  # "state forces", "rebel group", ...
    country: str = ""  # ISO alpha-2 where the actor is country-specific
    aliases: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "inter": self.inter,
            "actor_type": self.actor_type,
            "country": self.country,
            "aliases": list(self.aliases),
            "valid_from": _iso(self.valid_from),
            "valid_to": _iso(self.valid_to),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            name=str(data["name"]),
            inter=int(data.get("inter", 0)),
            actor_type=str(data.get("actor_type", "")),
            country=str(data.get("country", "")),
            aliases=tuple(data.get("aliases", ())),
            valid_from=_date(data.get("valid_from")),
            valid_to=_date(data.get("valid_to")),
        )


@dataclass(slots=True)
class Event:
    """One coded event, ACLED-style, with the evidence it came from."""

    id: str
    document_id: str
    event_type: str
    sub_event_type: str
    evidence: list[Span]  # the sentence first, then trigger and argument spans
    rule: str  # the codebook rule or model that coded it, e.g. "codebook:v1:capture"
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int = 0
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int = 0
    place: PlaceMention | None = None
    date_start: date | None = None
    date_end: date | None = None
    date_precision: str = "day"  # one of TIME_PRECISIONS
    date_from_publication: bool = False  # True when no expression in the text dated it
    fatalities: int = 0
    civilian_targeting: bool = False
    confidence: float = 0.0
    review_status: str = "unreviewed"
    incident_id: str = ""

    EVIDENCE_REQUIRED: ClassVar[str] = "an Event must carry at least one evidence span"

    def __post_init__(self) -> None:
        if not self.evidence:
            raise ValueError(self.EVIDENCE_REQUIRED)

    @property
    def sentence(self) -> Span:
        return self.evidence[0]

    @property
    def time_precision(self) -> int:
        """ACLED time_precision: 1 day, 2 week, 3 month or coarser."""
        return {"day": 1, "week": 2}.get(self.date_precision, 3)

    @property
    def geo_precision(self) -> int:
        return self.place.geo_precision if self.place else 3

    @staticmethod
    def make_id(document_id: str, sentence: Span, trigger: Span, sub_event_type: str) -> str:
        """Stable id: derived from the document and the evidence, never from processing order."""
        key = f"{document_id}:{sentence.start}:{trigger.start}:{trigger.end}:{sub_event_type}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "evidence":
                value = [s.to_dict() for s in value]
            elif f.name == "place":
                value = value.to_dict() if value else None
            elif isinstance(value, date):
                value = value.isoformat()
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        kw: dict[str, Any] = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        kw["evidence"] = [Span.from_dict(s) for s in data["evidence"]]
        kw["place"] = PlaceMention.from_dict(data["place"]) if data.get("place") else None
        kw["date_start"] = _date(data.get("date_start"))
        kw["date_end"] = _date(data.get("date_end"))
        return cls(**kw)


@dataclass(slots=True)
class Claim:
    """A forecast, threat, hypothesis or analysis: kept, listed, never counted as an event."""

    id: str
    document_id: str
    kind: str  # "forecast", "threat", "hypothesis", "assessment"
    evidence: Span  # the sentence or clause
    cue: str = ""  # the modal or verb that marked it ("could", "will", "if")
    speaker: str = ""
    places: list[PlaceMention] = field(default_factory=list)
    date_start: date | None = None
    date_end: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document_id": self.document_id,
            "kind": self.kind,
            "evidence": self.evidence.to_dict(),
            "cue": self.cue,
            "speaker": self.speaker,
            "places": [p.to_dict() for p in self.places],
            "date_start": _iso(self.date_start),
            "date_end": _iso(self.date_end),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(
            id=str(data["id"]),
            document_id=str(data["document_id"]),
            kind=str(data["kind"]),
            evidence=Span.from_dict(data["evidence"]),
            cue=str(data.get("cue", "")),
            speaker=str(data.get("speaker", "")),
            places=[PlaceMention.from_dict(p) for p in data.get("places", [])],
            date_start=_date(data.get("date_start")),
            date_end=_date(data.get("date_end")),
        )


@dataclass(slots=True)
class Review:
    """A reviewer's decision on an event. The machine coding is never overwritten."""

    id: str
    event_id: str
    action: str  # "accept", "reject", "edit", "merge", "split"
    reviewer: str
    at: datetime
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    comment: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event_id": self.event_id,
            "action": self.action,
            "reviewer": self.reviewer,
            "at": self.at.isoformat(),
            "before": dict(self.before),
            "after": dict(self.after),
            "comment": self.comment,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Review:
        at = _datetime(data["at"])
        if at is None:
            raise ValueError("a Review needs its time 'at'")
        return cls(
            id=str(data["id"]),
            event_id=str(data["event_id"]),
            action=str(data["action"]),
            reviewer=str(data["reviewer"]),
            at=at,
            before=dict(data.get("before", {})),
            after=dict(data.get("after", {})),
            comment=str(data.get("comment", "")),
        )


@dataclass(slots=True)
class Document:
    """One report, and every annotation the pipeline adds to it."""

    text: str
    id: str = ""
    url: str = ""  # the url given at ingest, or the file's URI
    source: str = ""  # the outlet, e.g. "Syria Direct"
    title: str = ""
    published: date | None = None
    language: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    # annotations, added by stages
    sentences: list[Span] = field(default_factory=list)
    entities: list[Span] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    #: the parsed spaCy Doc of an nlp stage; never serialised
    nlp: Any = field(default=None, repr=False, compare=False)
    #: the countries the geo stage read from the text's cues and demonyms (ISO code -> weight); never serialised
    country_cues: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def sentence_of(self, span: Span) -> Span | None:
        """The sentence that contains ``span`` (by its start), or None."""
        for sent in self.sentences:
            if sent.start <= span.start < sent.end:
                return sent
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "url": self.url,
            "source": self.source,
            "title": self.title,
            "published": _iso(self.published),
            "language": self.language,
            "meta": dict(self.meta),
            "sentences": [s.to_dict() for s in self.sentences],
            "entities": [s.to_dict() for s in self.entities],
            "places": [p.to_dict() for p in self.places],
            "times": [t.to_dict() for t in self.times],
            "events": [e.to_dict() for e in self.events],
            "claims": [c.to_dict() for c in self.claims],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            text=str(data["text"]),
            id=str(data.get("id", "")),
            url=str(data.get("url", "")),
            source=str(data.get("source", "")),
            title=str(data.get("title", "")),
            published=_date(data.get("published")),
            language=str(data.get("language", "")),
            meta=dict(data.get("meta", {})),
            sentences=[Span.from_dict(s) for s in data.get("sentences", [])],
            entities=[Span.from_dict(s) for s in data.get("entities", [])],
            places=[PlaceMention.from_dict(p) for p in data.get("places", [])],
            times=[TimeExpression.from_dict(t) for t in data.get("times", [])],
            events=[Event.from_dict(e) for e in data.get("events", [])],
            claims=[Claim.from_dict(c) for c in data.get("claims", [])],
        )
