"""GET /api/claims: forecasts, threats, hypotheses and assessments (never counted as events)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from ..deps import StoreDep
from ..present import claim_public
from ..schemas import ClaimPage

router = APIRouter(tags=["claims"])


@router.get("/claims", response_model=ClaimPage, summary="List claims")
def list_claims(
    store: StoreDep,
    kind: Annotated[Literal["forecast", "threat", "hypothesis", "assessment"] | None, Query()] = None,
    document_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ClaimPage:
    """Claims with their sentence, by document then order in it."""
    claims = store.claims(document_id=document_id, kind=kind, limit=limit, offset=offset)
    docs = store.documents_by_id({c.document_id for c in claims})
    return ClaimPage(items=[claim_public(c, docs.get(c.document_id)) for c in claims], limit=limit, offset=offset)
