"""End-to-end quality: build a corpus with the CLI and score it with the shared scorer.

Thresholds are the floors the project has reached (see the README's figures);
a change that drops below them fails here.
"""

from __future__ import annotations

import pytest

from kg.cli import main
from tests.scoring import REPO, SHARED_EVAL, load_scorer

pytestmark = pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(), reason="../shared/eval is not beside the repo")


def _build_and_score(tmp_path_factory, inputs, gold):
    out = tmp_path_factory.mktemp("quality")
    assert main(["build", str(inputs), "--out", str(out), "-q"]) == 0
    return load_scorer().score_files(str(out / "graph.ttl"), [str(gold)])


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    return _build_and_score(tmp_path_factory, REPO / "seeds", SHARED_EVAL / "gold")


@pytest.fixture(scope="module")
def own_report(tmp_path_factory):
    return _build_and_score(tmp_path_factory, REPO / "tests" / "data" / "articles", REPO / "tests" / "data" / "gold")


def test_seed_entities(seeds_report):
    entities = seeds_report["entities"]
    assert entities["f1"] >= 0.90
    assert seeds_report["types"]["accuracy"] >= 0.95


def test_seed_relations(seeds_report):
    relations = seeds_report["relations"]
    assert relations["precision"] >= 0.85
    assert relations["recall"] == 1.0
    assert relations["recall_explicit_anaphoric"] >= 0.75


def test_own_dev_set(own_report):
    assert own_report["entities"]["f1"] >= 0.95
    assert own_report["types"]["accuracy"] >= 0.95
    relations = own_report["relations"]
    assert relations["precision"] >= 0.95
    assert relations["recall"] >= 0.93
    assert relations["recall_explicit_anaphoric"] >= 0.88
