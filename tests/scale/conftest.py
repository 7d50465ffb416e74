"""Shared fixtures for the scale tests: a handful of reports we wrote, and their single-process annotation."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from syraq.model import Document

REPORTS: tuple[tuple[str, str], ...] = (
    (
        "2018-01-09",
        "Government forces shelled the village of Kafr Zita in northern rural Hama on Monday, "
        "killing two civilians, a local monitor said.",
    ),
    (
        "2018-01-12",
        "Islamic State fighters attacked army positions near the town of Sukhnah in eastern Homs "
        "on Thursday. Clashes continued until the evening and at least four soldiers were killed.",
    ),
    (
        "2018-01-15",
        "The Syrian army took control of the village of Abu Dali in southern Idlib on Sunday after "
        "rebel factions withdrew, state media said.",
    ),
    (
        "2018-01-20",
        "Unidentified gunmen shot dead a local council member in the city of Raqqa on Friday night.",
    ),
    ("2018-01-22", "Residents protested in the town of Saraqib on Monday against the closure of a crossing."),
    (
        "2018-01-25",
        "Turkish warplanes struck several villages around Afrin on Wednesday. A monitor said eight "
        "civilians were killed in the strikes on Jinderes.",
    ),
    (
        "2018-02-02",
        "An improvised explosive device went off near a market in Azaz on Thursday, wounding five people.",
    ),
)


def report_documents() -> list[Document]:
    return [
        Document(text=text, published=date.fromisoformat(day), source="Example Monitor", url=f"https://example.org/{i}")
        for i, (day, text) in enumerate(REPORTS)
    ]


@pytest.fixture(scope="session")
def reports() -> list[Document]:
    """Fresh (unannotated) copies of the fixture reports."""
    return report_documents()


@pytest.fixture(scope="session")
def reference(reports: list[Document]) -> list[dict]:
    """The single-process annotation of the reports (builds the gazetteer index once for the session)."""
    from syraq.build import default_pipeline

    docs = default_pipeline().pipe(copy.deepcopy(reports), batch_size=8)
    return [d.to_dict() for d in docs]
