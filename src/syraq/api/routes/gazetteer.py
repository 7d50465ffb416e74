"""GET /api/gazetteer?q=NAME: place candidates for a reviewer's place edit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import GazetteerDep
from ..present import place_public
from ..schemas import GazetteerCandidate, GazetteerList

router = APIRouter(tags=["gazetteer"])


@router.get("/gazetteer", response_model=GazetteerList, summary="Look a place name up")
def lookup(
    gazetteer: GazetteerDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="a place name")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> GazetteerList:
    """Places the name may refer to, best match first; use an ``id`` as ``changes.place`` in an edit."""
    return GazetteerList(
        items=[
            GazetteerCandidate(place=place_public(c.place), match=c.match, layer=c.layer, matched_name=c.matched_name)
            for c in gazetteer.lookup(q, limit)
        ]
    )
