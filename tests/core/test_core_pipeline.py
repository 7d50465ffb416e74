"""The stage contract and the order check."""

import pytest

from syraq.errors import Errors, PipelineError, SyraqError
from syraq.model import Document, Span
from syraq.pipeline import BaseStage, Pipeline, Stage
from syraq.taxonomy import EVENT_TYPE_OF, PRIORITY, SUB_EVENT_TYPES, TAXONOMY, canonical_sub_event_type, disorder_type


class Sentences(BaseStage):
    name = "test.sentences.v1"
    requires = ("text",)
    assigns = ("sentences",)

    def __call__(self, doc: Document) -> Document:
        doc.sentences = [Span(0, len(doc.text), "sentence")]
        return doc


class Counts(BaseStage):
    name = "test.counts.v1"
    requires = ("sentences",)
    assigns = ("meta",)

    def __call__(self, doc: Document) -> Document:
        doc.meta["n_sentences"] = len(doc.sentences)
        return doc


def test_stages_run_in_order_on_one_document_and_on_batches():
    pipe = Pipeline([Sentences(), Counts()])
    assert isinstance(Sentences(), Stage)
    assert pipe(Document(text="One.")).meta == {"n_sentences": 1}
    docs = list(pipe.pipe([Document(text=f"Report {i}.") for i in range(5)], batch_size=2))
    assert [d.meta["n_sentences"] for d in docs] == [1] * 5


def test_wrong_order_fails_when_the_pipeline_is_built():
    with pytest.raises(PipelineError) as info:
        Pipeline([Counts(), Sentences()])
    assert info.value.code == "E003"
    assert "test.counts.v1" in info.value.message and "sentences" in info.value.message


def test_every_catalogued_error_formats_with_its_details():
    import string

    for code in (c for c in vars(Errors) if c[:1] == "E" and c[1:].isdigit()):
        fields = {f for _, f, _, _ in string.Formatter().parse(getattr(Errors, code)) if f}
        err = SyraqError(code, **dict.fromkeys(fields, "x"))
        assert err.code == code and "{" not in err.message


def test_unknown_error_code_is_a_programming_error():
    with pytest.raises(KeyError):
        SyraqError("E999999")


def test_taxonomy_has_acled_structure():
    assert len(TAXONOMY) == 6 and len(SUB_EVENT_TYPES) == 25
    assert EVENT_TYPE_OF["Suicide bomb"] == "Explosions/Remote violence"
    assert PRIORITY["Government regains territory"] < PRIORITY["Armed clash"]
    assert PRIORITY["Air/drone strike"] < PRIORITY["Shelling/artillery/missile attack"]
    assert canonical_sub_event_type("armed CLASH") == "Armed clash"
    assert disorder_type("Protests") == "Demonstrations"


class Fragile(BaseStage):
    """Fails on any document that mentions a trap word, like a stage with a bug would."""

    name = "test.fragile.v1"
    requires = ("sentences",)
    assigns = ("meta",)

    def __call__(self, doc: Document) -> Document:
        if "trap" in doc.text:
            raise ZeroDivisionError("a bug")
        doc.meta["ok"] = True
        return doc


def test_one_failing_document_does_not_stop_the_stream():
    pipe = Pipeline([Sentences(), Fragile()])
    failures: list[tuple[str, PipelineError]] = []
    docs = [Document(text=t) for t in ("First report.", "A trap report.", "Third report.")]
    out = list(pipe.pipe(docs, batch_size=2, on_error=lambda d, e: failures.append((d.text, e))))
    assert [d.text for d in out] == ["First report.", "Third report."]
    assert len(failures) == 1
    text, err = failures[0]
    assert text == "A trap report." and err.code == "E008"
    assert "test.fragile.v1" in err.message and "ZeroDivisionError" in err.message


def test_without_a_handler_the_failure_propagates():
    pipe = Pipeline([Sentences(), Fragile()])
    with pytest.raises(ZeroDivisionError):
        list(pipe.pipe([Document(text="A trap report.")]))
