"""The events stage: ACLED-style event coding from a codebook and an actor dictionary.

Importing this package loads nothing heavy: the codebook and actor dictionary are read on
first use, and spaCy is never imported here (the stage works on ``doc.nlp``).
"""

from .actors import ActorDictionary, load_actors
from .codebook import Codebook, Rule, load_codebook
from .stage import EventStage

__all__ = ["ActorDictionary", "Codebook", "EventStage", "Rule", "load_actors", "load_codebook"]
