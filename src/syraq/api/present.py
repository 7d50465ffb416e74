"""From stored objects to API bodies: reviewed values, review state, evidence highlights."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..export import apply_reviews
from ..model import Claim, Document, Event, Place, Review
from ..store import Store
from .schemas import (
    ClaimPublic,
    DocumentRef,
    EventPublic,
    EvidencePublic,
    HighlightPublic,
    PlacePublic,
    ReviewPublic,
)


def place_public(place: Place) -> PlacePublic:
    return PlacePublic(
        id=place.id,
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country_code=place.country_code,
        country=place.country,
        admin1=place.admin1,
        admin2=place.admin2,
        feature_class=place.feature_class,
        feature_code=place.feature_code,
        population=place.population,
        source=place.source,
    )


def review_public(review: Review) -> ReviewPublic:
    return ReviewPublic(**review.to_dict())


class ReviewState:
    """What an event's reviews say besides its edited values: edited fields, merges (and
    unmerges), the parts it was split into, the event it was split from."""

    __slots__ = ("merged", "merged_into", "reviewed_fields", "reviews", "split_from", "split_parts")

    def __init__(self, reviews: Iterable[Review]) -> None:
        self.reviews = sorted(reviews, key=lambda r: (r.at, r.id))
        fields: dict[str, None] = {}
        self.merged: list[str] = []
        self.merged_into: str | None = None
        self.split_parts: list[dict[str, Any]] = []
        self.split_from: str | None = None
        for review in self.reviews:
            if review.action == "edit":
                fields.update(dict.fromkeys(review.after))
            elif review.action == "merge":
                if review.after.get("merged_into"):
                    self.merged_into = str(review.after["merged_into"])
                for other in review.after.get("merged", []):
                    if other not in self.merged:
                        self.merged.append(str(other))
            elif review.action == "unmerge":
                if review.before.get("merged_into"):
                    self.merged_into = None
                gone = {str(o) for o in review.after.get("unmerged", [])}
                self.merged = [m for m in self.merged if m not in gone]
            elif review.action == "split":
                if review.after.get("split_from"):
                    self.split_from = str(review.after["split_from"])
                if review.after.get("parts"):
                    ids = list(review.after.get("events", []))
                    self.split_parts = [
                        ({"id": ids[i]} if i < len(ids) else {}) | dict(part)
                        for i, part in enumerate(review.after["parts"])
                    ]
        self.reviewed_fields = sorted(fields)


def event_public(event: Event, sentence: str, state: ReviewState) -> EventPublic:
    """The API body of an event already carrying its reviewed values."""
    place = event.place.place if event.place and event.place.place else None
    return EventPublic(
        id=event.id,
        document_id=event.document_id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actor1=event.actor1,
        assoc_actor_1=event.assoc_actor_1,
        inter1=event.inter1,
        actor2=event.actor2,
        assoc_actor_2=event.assoc_actor_2,
        inter2=event.inter2,
        place=place_public(place) if place else None,
        geo_precision=event.geo_precision,
        date_start=event.date_start,
        date_end=event.date_end,
        date_precision=event.date_precision,
        time_precision=event.time_precision,
        date_from_publication=event.date_from_publication,
        fatalities=event.fatalities,
        civilian_targeting=event.civilian_targeting,
        confidence=event.confidence,
        review_status=event.review_status,
        reviewed_fields=state.reviewed_fields,
        merged_into=state.merged_into,
        rule=event.rule,
        incident_id=event.incident_id,
        sentence=sentence,
    )


def group_reviews(reviews: Iterable[Review]) -> dict[str, list[Review]]:
    out: dict[str, list[Review]] = {}
    for review in reviews:
        out.setdefault(review.event_id, []).append(review)
    return out


def reviewed_pairs(store: Store, pairs: list[tuple[Event, str]]) -> list[tuple[Event, str, ReviewState]]:
    """Events (machine coding) with their sentence -> reviewed copies, sentence and review state."""
    by_event = group_reviews(store.reviews_for([e.id for e, _ in pairs])) if pairs else {}
    out = []
    for event, sentence in pairs:
        mine = by_event.get(event.id, [])
        out.append((apply_reviews(event, mine) if mine else event, sentence, ReviewState(mine)))
    return out


def events_public(store: Store, pairs: list[tuple[Event, str]]) -> list[EventPublic]:
    return [event_public(ev, sentence, state) for ev, sentence, state in reviewed_pairs(store, pairs)]


def with_sentences(events: Iterable[Event], documents: dict[str, Document]) -> list[tuple[Event, str]]:
    out = []
    for event in events:
        doc = documents.get(event.document_id)
        out.append((event, doc.span_text(event.sentence) if doc else ""))
    return out


def evidence_public(event: Event, doc: Document) -> EvidencePublic:
    """The evidence sentence and its highlighted spans (offsets relative to the sentence)."""
    sentence = event.sentence
    text = doc.span_text(sentence)
    spans = list(event.evidence[1:])
    if event.place is not None and not any(s.start == event.place.span.start for s in spans):
        spans.append(event.place.span)
    highlights = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.end <= sentence.start or span.start >= sentence.end:
            continue  # an argument outside the sentence (e.g. a place named earlier) is not highlighted
        start, end = max(span.start, sentence.start), min(span.end, sentence.end)
        highlights.append(
            HighlightPublic(
                start=start - sentence.start,
                end=end - sentence.start,
                label=span.label or ("place" if event.place and span == event.place.span else ""),
                text=doc.text[start:end],
            )
        )
    return EvidencePublic(
        document=DocumentRef(id=doc.id, title=doc.title, url=doc.url, source=doc.source, published=doc.published),
        sentence=text,
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        highlights=highlights,
        rule=event.rule,
    )


def claim_public(claim: Claim, doc: Document | None) -> ClaimPublic:
    return ClaimPublic(
        id=claim.id,
        document_id=claim.document_id,
        kind=claim.kind,
        cue=claim.cue,
        speaker=claim.speaker,
        sentence=doc.span_text(claim.evidence) if doc else "",
        places=[place_public(m.place) for m in claim.places if m.place is not None],
        date_start=claim.date_start,
        date_end=claim.date_end,
    )


def machine_values(event: Event, fields: Iterable[str]) -> dict[str, Any]:
    """The stored machine coding of ``fields`` (JSON form)."""
    data = event.to_dict()
    return {name: data.get(name) for name in fields}
