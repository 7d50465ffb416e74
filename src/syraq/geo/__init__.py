"""The geo stage: toponym recognition, transliteration-aware lookup, disambiguation, precision.

Public API: :func:`load_gazetteer`, :func:`build_index`, :class:`Gazetteer`, :class:`Candidate`,
:class:`GeoStage`, :func:`geoparse_text`, :func:`name_key`; layers (:func:`load_geonames_file`, :func:`add_countries`,
:func:`learn_places`, :func:`list_layers`, :func:`remove_layer`) and evaluation
(:func:`evaluate_geoparse`, :func:`geoparse_corpus`). Nothing loads at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .gazetteer import (
    Candidate,
    Gazetteer,
    build_index,
    gazetteer_info,
    haversine_km,
    load_gazetteer,
    rebuild_index,
)
from .normalize import name_key, name_keys

if TYPE_CHECKING:  # the lazy names below, for type checkers only: nothing heavy loads at import
    from .download import add_countries
    from .evaluate import evaluate_geoparse, geoparse_corpus
    from .layers import learn_places, list_layers, load_geonames_file, remove_layer
    from .stage import GeoStage, geoparse_text

__all__ = [
    "Candidate",
    "Gazetteer",
    "GeoStage",
    "add_countries",
    "build_index",
    "evaluate_geoparse",
    "gazetteer_info",
    "geoparse_corpus",
    "geoparse_text",
    "haversine_km",
    "learn_places",
    "list_layers",
    "load_gazetteer",
    "load_geonames_file",
    "name_key",
    "name_keys",
    "rebuild_index",
    "remove_layer",
]


_LAZY = {
    "GeoStage": "stage",
    "geoparse_text": "stage",
    "evaluate_geoparse": "evaluate",
    "geoparse_corpus": "evaluate",
    "learn_places": "layers",
    "list_layers": "layers",
    "load_geonames_file": "layers",
    "add_countries": "download",
    "remove_layer": "layers",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'syraq.geo' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)
