"""spaCy adapters: model loading and the nlp stage."""

from .stage import NlpStage, load_spacy

__all__ = ["NlpStage", "load_spacy"]
