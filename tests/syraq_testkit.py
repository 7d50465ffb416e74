"""Helpers shared by several test folders (on the import path through pytest's ``pythonpath``)."""

from __future__ import annotations

from typing import Any

from syraq.model import Place, PlaceMention, Span


def syrian_town(name: str, place_id: str, lat: float, lon: float, admin1: str, population: int = 20000) -> Place:
    """A hand-made gazetteer entry for a Syrian town."""
    return Place(
        id=place_id,
        name=name,
        lat=lat,
        lon=lon,
        feature_class="P",
        feature_code="PPL",
        country_code="SY",
        country="Syria",
        admin1=admin1,
        population=population,
        source="geonames",
    )


def geonames_row(
    gid: str,
    name: str,
    lat: str,
    lon: str,
    cc: str,
    pop: str,
    code: str = "PPL",
    *,
    alts: str = "",
    admin1: str = "01",
    fclass: str = "",
) -> list[str]:
    """One hand-written row of a GeoNames dump (19 columns) for ``build_index(geonames_rows=...)``; the feature class
    follows from the code unless given ("A" for countries and divisions, else "P")."""
    fclass = fclass or ("A" if code.startswith(("PCL", "ADM")) else "P")
    return [gid, name, name, alts, lat, lon, fclass, code, cc, "", admin1, "", "", "", pop, "", "", "UTC", "2024-01-01"]


def slice_gazetteer(folder: Any, rows: list[tuple[str, ...]]) -> Any:
    """A gazetteer of a hand-written slice in ``folder``: rows (id, name, alternate names, lat, lon, country,
    population, feature code, admin1), the feature class following from the code."""
    from syraq.geo import Gazetteer, build_index

    dump = [geonames_row(g, n, la, lo, cc, pop, code, alts=alts, admin1=a1) for g, n, alts, la, lo, cc, pop, code, a1 in rows]
    return Gazetteer.open(build_index(folder / "slice.sqlite", geonames_rows=dump, supplement=False))


def mentions(text: str, gazetteer: Any, nlp: Any) -> dict[str, PlaceMention]:
    """The place mentions ``geoparse_text`` finds in ``text``, by their text."""
    from syraq.geo import geoparse_text

    return {m.span.text(text): m for m in geoparse_text(text, gazetteer, nlp)}


def sentences(text: str) -> list[Span]:
    """Sentence spans of a hand-written report whose sentences end with '. '."""
    spans, start = [], 0
    while start < len(text):
        end = text.find(". ", start)
        end = len(text) if end < 0 else end + 1
        spans.append(Span(start, end, "sentence"))
        start = end + 1
    return spans


def engine_url(url: str) -> str:
    """The SQLAlchemy URL the store uses for a postgresql:// URL (psycopg 3)."""
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


def reset_postgres(url: str) -> None:
    """Drop every table of the test database (including ones later migrations add)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(engine_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
