"""Shared fixtures: the spaCy pipeline and the lexicon (loaded once), and one build of the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def lexicon():
    from kg.lexicon import load_lexicon

    return load_lexicon()


def run_build(out_dir: Path, *inputs: str | Path) -> int:
    from kg.cli import main

    return main(["build", *(str(i) for i in inputs), "--out", str(out_dir), "-q"])


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def kg_build():
    """kg_build(out_dir, *inputs) -> exit code of `kg build INPUT... --out OUT -q`."""
    return run_build


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory) -> Path:
    """The output folder of one `kg build <repo>/seeds` run."""
    out = tmp_path_factory.mktemp("seeds-build")
    code = run_build(out, SEEDS)
    assert code == 0, f"kg build of the seeds exited with {code}"
    return out


def pytest_configure(config):
    # rdflib 7 warns about its own deprecated internals (hundreds of lines per parse); keep kg's own warnings.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:rdflib")
    config.addinivalue_line("filterwarnings", r"ignore::DeprecationWarning:rdflib\..*")
