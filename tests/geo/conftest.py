"""Fixtures for the geo tests: a mini gazetteer built from our own GeoNames-format slice."""

from __future__ import annotations

from pathlib import Path

import pytest

from syraq.geo import Gazetteer, build_index

MINI_TSV = Path(__file__).resolve().parents[1] / "data" / "geo" / "gazetteer_mini.tsv"


@pytest.fixture(scope="session")
def mini_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("gaz") / "mini.sqlite", geonames_file=MINI_TSV)


@pytest.fixture(scope="session")
def mini_gazetteer(mini_index: Path) -> Gazetteer:
    return Gazetteer.open(mini_index)


@pytest.fixture(scope="session")
def nlp():
    from syraq.nlp.stage import load_spacy

    return load_spacy()
