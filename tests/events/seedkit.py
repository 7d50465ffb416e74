"""Hand-built geo and time annotations for event tests (stand-ins for the geo and temporal stages).

Places and time expressions are located by their exact text, so fixtures stay readable.
"""

from __future__ import annotations

from datetime import date

from syraq.model import Document, Place, PlaceMention, Span, TimeExpression

PLACES: dict[str, Place] = {
    "Qaryatayn": Place("geonames:163345", "Al Qaryatayn", 34.2295, 37.2406, "P", "PPL", "SY", "Syria", "Homs"),
    "Sukhna": Place("geonames:163099", "As Sukhnah", 34.8867, 38.8721, "P", "PPL", "SY", "Syria", "Homs"),
    "Mayadeen": Place("geonames:170255", "Al Mayadin", 35.0207, 40.4520, "P", "PPL", "SY", "Syria", "Deir ez-Zor"),
    "Palmyra": Place("geonames:163270", "Tadmur", 34.5600, 38.2800, "P", "PPL", "SY", "Syria", "Homs"),
    "al-Bukamal": Place("geonames:173208", "Abu Kamal", 34.4506, 40.9186, "P", "PPL", "SY", "Syria", "Deir ez-Zor"),
    "Deir e-Zor": Place("geonames:170794", "Deir ez-Zor", 35.3359, 40.1408, "P", "PPLA", "SY", "Syria", "Deir ez-Zor"),
    "Homs": Place("geonames:169575", "Homs Governorate", 34.6, 37.9, "A", "ADM1", "SY", "Syria", "Homs"),
    "Damascus": Place("geonames:170654", "Damascus", 33.5102, 36.2913, "P", "PPLC", "SY", "Syria", "Damascus"),
    "Raqqa": Place("geonames:172955", "Ar Raqqah", 35.9528, 39.0079, "P", "PPLA", "SY", "Syria", "Raqqa"),
    "Hajin": Place("geonames:169018", "Hajin", 34.6914, 40.8319, "P", "PPL", "SY", "Syria", "Deir ez-Zor"),
    "Kafr Nabl": Place("geonames:168000", "Kafr Nabl", 35.6139, 36.5617, "P", "PPL", "SY", "Syria", "Idlib"),
    "Maarat al-Numan": Place(
        "geonames:167500", "Maarat al-Numan", 35.6436, 36.6736, "P", "PPL", "SY", "Syria", "Idlib"
    ),
    "Mosul": Place("geonames:99072", "Mosul", 36.335, 43.1189, "P", "PPLA", "IQ", "Iraq", "Nineveh"),
    "Tikrit": Place("geonames:89000", "Tikrit", 34.6071, 43.6782, "P", "PPLA", "IQ", "Iraq", "Salah ad Din"),
    "Afrin": Place("geonames:170000", "Afrin", 36.5119, 36.8690, "P", "PPL", "SY", "Syria", "Aleppo"),
}


def add_places(doc: Document, names: list[str] | None = None) -> Document:
    """Tag every occurrence of the given known place names (all of PLACES by default)."""
    for name in names or list(PLACES):
        i = doc.text.find(name)
        while i != -1:
            before = doc.text[i - 1] if i > 0 else " "
            after = doc.text[i + len(name)] if i + len(name) < len(doc.text) else " "
            if not before.isalnum() and not after.isalnum():
                doc.places.append(PlaceMention(Span(i, i + len(name), "place"), PLACES[name], 1.0, 1))
            i = doc.text.find(name, i + 1)
    doc.places.sort(key=lambda p: p.span.start)
    return doc


def add_time(doc: Document, text: str, start: date, end: date, precision: str = "day", anchor: str = "absolute",
             nth: int = 0) -> Document:
    """Tag the nth occurrence of ``text`` as a time expression resolved to [start, end]."""
    i = -1
    for _ in range(nth + 1):
        i = doc.text.find(text, i + 1)
    if i == -1:
        raise ValueError(f"{text!r} is not in the document")
    doc.times.append(TimeExpression(Span(i, i + len(text), "time"), start, end, precision, anchor))
    doc.times.sort(key=lambda t: t.span.start)
    return doc
