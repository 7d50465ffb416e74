"""Stages and the pipeline that runs them.

A stage is a plain object with one contract (spaCy's component contract):

* ``name``: its registered, versioned name, e.g. ``"syraq.geo.v1"``;
* ``requires`` / ``assigns``: the document attributes it reads and writes
  (``"sentences"``, ``"entities"``, ``"nlp"``, ``"places"``, ``"times"``,
  ``"events"``, ``"claims"``; ``"text"`` and ``"published"`` always exist);
* ``__call__(doc) -> doc``: annotate one :class:`~syraq.model.Document`;
* ``pipe(docs, batch_size) -> iterator``: annotate a stream.

:class:`Pipeline` checks, when it is built, that every stage's requirements are
assigned by an earlier stage, so a wrong order fails at once with E003 rather than
halfway through a corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Protocol, runtime_checkable

from .errors import PipelineError
from .model import Document

#: Attributes every Document has before any stage runs.
BASE_ATTRIBUTES: frozenset[str] = frozenset({"text", "id", "published", "url", "title", "source"})


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]: ...


class BaseStage:
    """Convenience base: ``pipe`` defaults to calling the stage on each document."""

    name: str = "syraq.stage.v1"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __call__(self, doc: Document) -> Document:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def check_order(stages: Sequence[Stage]) -> None:
    """Raise E003 if some stage requires what no earlier stage assigns."""
    available = set(BASE_ATTRIBUTES)
    order = [s.name for s in stages]
    for stage in stages:
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise PipelineError("E003", stage=stage.name, missing=", ".join(missing), order=" -> ".join(order))
        available.update(stage.assigns)


class Pipeline:
    """An ordered list of stages, checked when built."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        check_order(stages)
        self.stages: list[Stage] = list(stages)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def pipe(
        self,
        docs: Iterable[Document],
        batch_size: int = 32,
        on_error: Callable[[Document, PipelineError], None] | None = None,
    ) -> Iterator[Document]:
        """Annotate a stream. Without ``on_error`` the first failure propagates.

        With ``on_error``, a document on which a stage fails is handed to it with a catalogued
        E008 error and left out, and the stream goes on: one bad report never stops a corpus.
        The first stage (the parser) still runs on whole batches; the others run per document.
        """
        if on_error is None:
            stream: Iterable[Document] = docs
            for stage in self.stages:
                stream = stage.pipe(stream, batch_size=batch_size)
            yield from stream
            return
        first, rest = self.stages[0], self.stages[1:]
        for batch in batched(docs, batch_size):
            try:
                done = list(first.pipe(batch, batch_size=batch_size))
            except Exception:  # find the culprit: run the batch one document at a time
                done = [d for d in (self._guarded(first, doc, on_error) for doc in batch) if d is not None]
            for doc in done:
                result: Document | None = doc
                for stage in rest:
                    if result is None:
                        break
                    result = self._guarded(stage, result, on_error)
                if result is not None:
                    yield result

    @staticmethod
    def _guarded(stage: Stage, doc: Document, on_error: Callable[[Document, PipelineError], None]) -> Document | None:
        try:
            return stage(doc)
        except Exception as exc:
            err = PipelineError(
                "E008", source=doc.url or doc.title or doc.id, stage=stage.name, reason=f"{type(exc).__name__}: {exc}"
            )
            err.__cause__ = exc
            on_error(doc, err)
            return None

    def __repr__(self) -> str:
        return f"Pipeline({' -> '.join(self.names)})"


#: registered stage factories, by versioned name
_REGISTRY: dict[str, Callable[..., Stage]] = {}


def register(name: str) -> Callable[[Callable[..., Stage]], Callable[..., Stage]]:
    """Register a stage factory under a versioned name (a ``.v1`` never changes behaviour)."""

    def deco(factory: Callable[..., Stage]) -> Callable[..., Stage]:
        _REGISTRY[name] = factory
        return factory

    return deco


def get_factory(name: str) -> Callable[..., Stage]:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise PipelineError("E004", name=name, known=", ".join(sorted(_REGISTRY)) or "(none)") from None
