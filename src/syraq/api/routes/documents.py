"""GET /api/documents and GET /api/documents/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import StoreDep
from ..present import claim_public, events_public, with_sentences
from ..schemas import DocumentDetail, DocumentPage, DocumentPublic, ErrorPublic

router = APIRouter(tags=["documents"])


@router.get("/documents", response_model=DocumentPage, summary="List documents")
def list_documents(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DocumentPage:
    """Stored reports (without their text), newest published first, with event and claim counts."""
    rows = store.document_summaries(limit=limit, offset=offset)
    return DocumentPage(
        items=[DocumentPublic(**row) for row in rows], total=store.count_documents(), limit=limit, offset=offset
    )


@router.get(
    "/documents/{document_id}",
    response_model=DocumentDetail,
    summary="One document",
    responses={404: {"model": ErrorPublic, "description": "no such document (E205)"}},
)
def get_document(store: StoreDep, document_id: str) -> DocumentDetail:
    """The report text, its metadata, its events (reviewed values) and its claims."""
    doc = store.get_document(document_id)
    summary = store.document_summaries(document_id=document_id)[0]
    docs = {doc.id: doc}
    return DocumentDetail(
        id=doc.id,
        url=doc.url,
        source=doc.source,
        title=doc.title,
        published=doc.published,
        language=doc.language,
        ingested_at=summary["ingested_at"],
        events=len(doc.events),
        claims=len(doc.claims),
        text=doc.text,
        meta=doc.meta,
        event_items=events_public(store, with_sentences(doc.events, docs)),
        claim_items=[claim_public(c, doc) for c in doc.claims],
    )
