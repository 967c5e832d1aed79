"""Three independent parsers read the published files and the ontology with the same number of statements.

rdflib and pyoxigraph read every file; Debian's `rapper` (raptor2-utils) reads Turtle and N-Quads but not
JSON-LD, so graph.jsonld is compared between rdflib and pyoxigraph only.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph

from kg.rdf.infer import write_inferred
from kg.rdf.validate import read_graph

REPO = Path(__file__).resolve().parent.parent
ONTOLOGY_FILES = sorted((REPO / "ontology").glob("*.ttl"))
RDFLIB_FORMAT = {".ttl": "turtle", ".nq": "nquads", ".jsonld": "json-ld"}
OXIGRAPH_FORMAT = {".ttl": pyoxigraph.RdfFormat.TURTLE, ".nq": pyoxigraph.RdfFormat.N_QUADS,
                   ".jsonld": pyoxigraph.RdfFormat.JSON_LD}
RAPPER_SYNTAX = {".ttl": "turtle", ".nq": "nquads"}
needs_rapper = pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed")


def rdflib_count(path: Path) -> int:
    if path.suffix == ".nq":
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        return sum(1 for _ in dataset.quads((None, None, None, None)))
    return len(Graph().parse(path, format=RDFLIB_FORMAT[path.suffix]))


def oxigraph_count(path: Path) -> int:
    return len(set(pyoxigraph.parse(path=str(path), format=OXIGRAPH_FORMAT[path.suffix])))


def rapper_count(path: Path) -> int:
    result = subprocess.run(["rapper", "-i", RAPPER_SYNTAX[path.suffix], "-c", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    match = re.search(r"returned (\d+) (triples|statements)", result.stderr)
    assert match, result.stderr
    return int(match.group(1))


@pytest.fixture(scope="module")
def inferred(built_seeds, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("inferred") / "graph.inferred.ttl"
    write_inferred(read_graph(built_seeds / "graph.ttl"), path)
    return path


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nq", "graph.jsonld"])
def test_rdflib_and_pyoxigraph_agree_on_published_files(built_seeds, name):
    path = built_seeds / name
    count = rdflib_count(path)
    assert count > 100
    assert oxigraph_count(path) == count


@needs_rapper
@pytest.mark.parametrize("name", ["graph.ttl", "graph.nq"])
def test_rapper_agrees_on_published_files(built_seeds, name):
    path = built_seeds / name
    assert rapper_count(path) == rdflib_count(path) == oxigraph_count(path)


def test_formats_hold_the_same_triples(built_seeds):
    """The Turtle, the union of the N-Quads graphs and the JSON-LD are one graph, counted by pyoxigraph."""
    triples = {name: {(q.subject, q.predicate, q.object) for q in pyoxigraph.parse(
        path=str(built_seeds / name), format=OXIGRAPH_FORMAT[Path(name).suffix])} for name in
        ("graph.ttl", "graph.nq", "graph.jsonld")}
    assert len(triples["graph.ttl"]) == len(triples["graph.nq"]) == len(triples["graph.jsonld"])


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: p.name)
def test_ontology_files_read_alike(path):
    count = rdflib_count(path)
    assert count > 100
    assert oxigraph_count(path) == count
    if shutil.which("rapper"):
        assert rapper_count(path) == count


def test_inferred_graph_reads_alike(inferred):
    count = rdflib_count(inferred)
    assert oxigraph_count(inferred) == count
    if shutil.which("rapper"):
        assert rapper_count(inferred) == count
