"""The temporal stage: resolves the document's time expressions into ``doc.times``."""

from __future__ import annotations

from ..model import Document
from ..pipeline import BaseStage, register
from .resolve import find_times


class TemporalStage(BaseStage):
    """Sets ``doc.times``: every time expression, resolved against the publication date
    and the narrative, sorted by offset. Uses the spaCy parse (``doc.nlp``) for tense and
    ``doc.sentences`` for clause bounds."""

    name = "syraq.temporal.v1"
    requires: tuple[str, ...] = ("nlp", "sentences")
    assigns: tuple[str, ...] = ("times",)

    def __call__(self, doc: Document) -> Document:
        doc.times = find_times(doc.text, doc.published, doc.nlp, sentences=doc.sentences)
        return doc


@register("syraq.temporal.v1")
def make_temporal_stage() -> TemporalStage:
    return TemporalStage()
