"""The API's typed request and response bodies (pydantic), named ``<Thing>Public``/``<Thing>Create``.

Every text field of a report is returned as JSON data, never as markup: clients must
treat it as untrusted text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorPublic(_Model):
    """The one error shape."""

    ok: Literal[False] = False
    error: str = Field(description="what happened, the likely cause and what to do")
    code: str = Field(description="the catalogue code, e.g. E202", examples=["E202"])
    errors: list[dict[str, Any]] = Field(default_factory=list, description="field errors: {field, message}")
    status: int


class PlacePublic(_Model):
    """A gazetteer place."""

    id: str = Field(description="layer-prefixed id, e.g. geonames:170794")
    name: str
    lat: float
    lon: float
    country_code: str = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    feature_class: str = ""
    feature_code: str = ""
    population: int = 0
    source: str = ""


class EventPublic(_Model):
    """An event with its reviewed values (the machine coding with reviewers' edits applied)."""

    id: str
    document_id: str
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    inter1: int
    actor2: str
    assoc_actor_2: str
    inter2: int
    place: PlacePublic | None
    geo_precision: int
    date_start: date | None
    date_end: date | None
    date_precision: str
    time_precision: int
    date_from_publication: bool
    fatalities: int
    civilian_targeting: bool
    confidence: float
    review_status: str = Field(description="unreviewed, accepted, rejected or edited")
    reviewed_fields: list[str] = Field(description="fields whose value comes from a reviewer's edit")
    merged_into: str | None = Field(None, description="the event a reviewer merged this one into")
    rule: str
    incident_id: str
    sentence: str = Field(description="the evidence sentence (untrusted report text)")


class EventPage(_Model):
    """One page of events; pass ``next_cursor`` as ``cursor`` for the next page (null at the end)."""

    items: list[EventPublic]
    limit: int
    next_cursor: str | None


class DocumentRef(_Model):
    id: str
    title: str
    url: str
    source: str
    published: date | None


class HighlightPublic(_Model):
    """A span of the evidence sentence; offsets are relative to the sentence text."""

    start: int
    end: int
    label: str
    text: str


class EvidencePublic(_Model):
    document: DocumentRef
    sentence: str
    sentence_start: int = Field(description="offset of the sentence in the document text")
    sentence_end: int
    highlights: list[HighlightPublic]
    rule: str


class ReviewPublic(_Model):
    """One audit entry: who did what to which event, when, with the values before and after."""

    id: str
    event_id: str
    action: str
    reviewer: str
    at: datetime
    before: dict[str, Any]
    after: dict[str, Any]
    comment: str


class EventDetail(EventPublic):
    """An event with its evidence, its machine coding of the reviewed fields and its audit trail."""

    evidence: EvidencePublic
    machine: dict[str, Any] = Field(description="the machine coding of each reviewed field (never overwritten)")
    merged: list[str] = Field(description="events a reviewer merged into this one")
    split_parts: list[dict[str, Any]] = Field(description="the parts of the latest split review, if any")
    reviews: list[ReviewPublic]


class ReviewCreate(_Model):
    """A reviewer's decision.

    * ``accept`` / ``reject``: no changes.
    * ``edit``: ``changes`` maps editable fields to new values; ``place`` is a gazetteer id
      (``"geonames:170794"``) or a map click ``{"lat": .., "lon": .., "name": ".."}``.
    * ``merge``: ``changes = {"events": [ids]}``: those events are duplicates merged into this one.
    * ``split``: ``changes = {"parts": [{field: value}, ...]}`` (two or more): this event reports
      several events, each part giving the values that differ.
    """

    action: Literal["accept", "reject", "edit", "merge", "unmerge", "split"]
    changes: dict[str, Any] = Field(default_factory=dict)
    comment: str = Field("", max_length=5000)


class ReviewResult(_Model):
    ok: Literal[True] = True
    reviews: list[ReviewPublic]
    event: EventPublic


class DocumentPublic(_Model):
    id: str
    url: str
    source: str
    title: str
    published: date | None
    language: str
    ingested_at: datetime
    events: int
    claims: int


class DocumentPage(_Model):
    items: list[DocumentPublic]
    total: int
    limit: int
    offset: int


class ClaimPublic(_Model):
    """A forecast, threat, hypothesis or assessment: listed, never counted as an event."""

    id: str
    document_id: str
    kind: str
    cue: str
    speaker: str
    sentence: str
    places: list[PlacePublic]
    date_start: date | None
    date_end: date | None


class DocumentDetail(DocumentPublic):
    text: str = Field(description="the stored report text (untrusted)")
    meta: dict[str, Any]
    event_items: list[EventPublic]
    claim_items: list[ClaimPublic]


class ClaimPage(_Model):
    items: list[ClaimPublic]
    limit: int
    offset: int


class PlaceSummary(_Model):
    place_id: str
    name: str
    lat: float | None
    lon: float | None
    country_code: str
    country: str
    admin1: str
    admin2: str
    events: int
    first: date | None
    last: date | None


class PlaceList(_Model):
    items: list[PlaceSummary]


class ControlChangePublic(_Model):
    start: date
    end: date
    precision: str
    from_actor: str
    to_actor: str
    from_side: str
    to_side: str
    event_id: str
    document_id: str
    sub_event_type: str
    how: str
    evidence: dict[str, Any]
    evidence_text: str
    rule: str
    brief: bool
    brief_reason: str


class ControlPeriodPublic(_Model):
    actor: str
    side: str
    start: date | None
    end: date | None
    how: str
    event_ids: list[str]
    start_precision: str
    brief: bool


class ContestedPeriodPublic(_Model):
    start: date
    end: date
    holder: str
    actors: list[str]
    event_ids: list[str]


class PlaceControlPublic(_Model):
    """Who held a place when (see syraq.analysis.control)."""

    place: PlacePublic
    periods: list[ControlPeriodPublic]
    contested: list[ContestedPeriodPublic]
    changes: list[ControlChangePublic]
    notes: list[str]


class ControlList(_Model):
    items: list[PlaceControlPublic]


class PlaceDetail(_Model):
    place: PlaceSummary
    events: list[EventPublic]
    control: PlaceControlPublic | None


class PlaceFragilityPublic(_Model):
    """Fragility of control at a place: a score 0-1 with its components and a plain explanation."""

    place: PlacePublic
    score: float
    changes: int
    holders: list[str]
    sides: int
    holder: str
    last_change: date | None
    days_since_change: int | None
    reversals: list[dict[str, Any]]
    gains_attacked: list[dict[str, Any]]
    attacks_after_gains: int
    brief_captures: int
    components: dict[str, float]
    explanation: list[str]


class FragilityList(_Model):
    as_of: date | None
    window_days: int
    items: list[PlaceFragilityPublic]


class WeekCount(_Model):
    week: date = Field(description="the Monday that starts the ISO week")
    count: int


class StatsPublic(_Model):
    documents: int
    claims: int
    reviews: int
    events: int = Field(description="events matching the filters")
    by_event_type: dict[str, int]
    by_sub_event_type: dict[str, int]
    by_review_status: dict[str, int]
    by_week: list[WeekCount] = Field(description="events by the week of date_start, for a histogram")
    undated: int


class GazetteerCandidate(_Model):
    place: PlacePublic
    match: float
    layer: str
    matched_name: str


class GazetteerList(_Model):
    items: list[GazetteerCandidate]


class ActorCount(_Model):
    actor: str
    count: int


class HotspotPublic(_Model):
    """Events in one H3 hexagon (incidents counted once)."""

    cell: str = Field(description="H3 cell id")
    resolution: int
    lat: float = Field(description="the hexagon's centre")
    lon: float
    boundary: list[list[float]] = Field(description="the hexagon's corners as [lat, lon] pairs")
    count: int = Field(description="incidents (events reported by several sources count once)")
    reports: int = Field(description="events, every report counted")
    fatalities: int
    event_types: dict[str, int]
    top_actors: list[ActorCount]
    places: list[str]
    first: date | None
    last: date | None


class HotspotList(_Model):
    resolution: int
    items: list[HotspotPublic]


class PeriodPublic(_Model):
    start: date
    end: date
    count: int
    activity: float = Field(description="events weighted by event type (resurgence-v1.toml)")


class AreaTrendPublic(_Model):
    """An actor's activity in one area, period by period, with its trend and the rising flag."""

    area: str = Field(description="H3 cell id, or CC/admin1/admin2")
    kind: Literal["h3", "admin2"]
    label: str
    lat: float
    lon: float
    boundary: list[list[float]]
    actor: str
    actors: list[str] = Field(description="the event actor names that matched")
    periods: list[PeriodPublic] = Field(description="oldest first; the last is the latest period")
    counts: list[int]
    baseline_mean: float
    baseline_sd: float
    latest: int
    latest_activity: float
    threshold: float
    trend: float = Field(description="least-squares slope of activity per period")
    rising: bool
    score: float
    fatalities_latest: int
    event_ids: list[str]
    explanation: list[str]


class ResurgenceList(_Model):
    actor: str
    as_of: date | None
    period_days: int
    baseline_periods: int
    by: str
    resolution: int
    items: list[AreaTrendPublic]
