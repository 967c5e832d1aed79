"""The published files: they parse, are byte-stable, use clean IRIs, carry provenance, and are written atomically."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF

from kg.io import atomic_write
from kg.rdf.vocab import ENT, KGO

FILES = ("graph.ttl", "graph.nq", "graph.jsonld")
# Everything a default build publishes besides the graph; all of it must be byte-stable too.
PUBLISHED = FILES + (
    "analytics.ttl",
    "report.md",
    "centrality.csv",
    "communities.csv",
    "suggested_links.csv",
    "facts.csv",  # every fact, one row each (#20)
    "graph.html",
    "ids.json",  # the IRIs this folder published (#18)
    "changes.md",  # what this build changed (#18)
    "changes.ttl",
)
# the Oxigraph store, the per-article cache, and .kg (the lock and the generations the files link to, #17)
WORKING = ("store", ".cache", ".kg")
ENTITY_IRI = re.compile(r"^https://w3id\.org/kg-fr/entity/[a-z0-9-]+$")


@pytest.fixture(scope="module")
def ttl(built_seeds) -> Graph:
    return Graph().parse(built_seeds / "graph.ttl", format="turtle")


def test_files_exist_and_parse(built_seeds, ttl):
    for name in FILES:
        assert (built_seeds / name).stat().st_size > 0, name
    jsonld = Graph().parse(built_seeds / "graph.jsonld", format="json-ld")
    quads = Dataset().parse(built_seeds / "graph.nq", format="nquads")
    assert len(ttl) > 0
    assert isomorphic(ttl, jsonld)
    assert {(s, p, o) for s, p, o, _ in quads.quads((None, None, None, None))} == set(ttl)
    named = {g for _, _, _, g in quads.quads((None, None, None, None)) if g is not None}
    assert any(str(g).startswith("https://w3id.org/kg-fr/article/") for g in named)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed")
@pytest.mark.parametrize("syntax, name", [("turtle", "graph.ttl"), ("nquads", "graph.nq")])
def test_rapper_accepts_output(built_seeds, syntax, name):
    result = subprocess.run(
        ["rapper", "-i", syntax, "-c", str(built_seeds / name)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr


def test_two_builds_are_byte_identical(built_seeds, tmp_path, kg_build, seeds_dir):
    again = tmp_path / "again"
    assert kg_build(again, seeds_dir) == 0
    for name in PUBLISHED:
        assert (again / name).read_bytes() == (built_seeds / name).read_bytes(), name


def test_entity_iris(ttl):
    entities = {t for triple in ttl for t in triple if isinstance(t, URIRef) and str(t).startswith(str(ENT))}
    assert entities
    for iri in entities:
        assert ENTITY_IRI.match(str(iri)), iri
    typed = {s for s in ttl.subjects(RDF.type, None) if str(s).startswith(str(ENT))}
    assert typed == entities  # every entity used is also typed


def _one(graph: Graph, node, prop):
    values = list(graph.objects(node, prop))
    assert len(values) == 1, (node, prop, values)
    return values[0]


def test_assertions_carry_provenance(ttl):
    assertions = list(ttl.subjects(RDF.type, KGO.Assertion))
    assert assertions
    for node in assertions:
        article = _one(ttl, node, PROV.wasDerivedFrom)
        assert str(article).startswith("https://w3id.org/kg-fr/article/")
        sentence = _one(ttl, node, KGO.sentenceText)
        assert isinstance(sentence, Literal) and str(sentence).strip()
        rule = _one(ttl, node, KGO.rule)
        assert isinstance(rule, Literal) and str(rule).strip()
        confidence = _one(ttl, node, KGO.confidence)
        assert isinstance(confidence, Literal)
        assert 0.0 <= float(confidence.toPython()) <= 1.0
        # the reified triple is also asserted directly
        s, p, o = (_one(ttl, node, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        assert (s, p, o) in ttl


def test_no_temporary_file_left(built_seeds):
    names = [p.name for p in built_seeds.iterdir()]
    assert [n for n in names if n.endswith(".tmp") or (n.startswith(".") and n not in WORKING)] == []
    assert sorted(names) == sorted(PUBLISHED + WORKING)


def test_atomic_write_replaces_content(tmp_path):
    target = tmp_path / "sub" / "graph.ttl"
    atomic_write(target, "premier\n")
    atomic_write(target, "second é\n")
    assert target.read_text(encoding="utf-8") == "second é\n"
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


def test_failed_atomic_write_keeps_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    atomic_write(target, "ancien contenu\n")

    def broken_replace(src, dst):
        raise OSError("disque plein (simulé)")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="simulé"):
        atomic_write(target, "nouveau contenu\n")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "ancien contenu\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # the temporary file is gone


def test_written_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "graph.ttl", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "graph.ttl").stat().st_mode) == 0o644


def test_build_failure_keeps_previous_outputs(tmp_path, kg_build, built_seeds):
    """A build with no readable article writes nothing: the previous outputs stay as they were."""
    out = tmp_path / "out"
    shutil.copytree(built_seeds, out)
    before = {name: (out / name).read_bytes() for name in FILES}
    bad = tmp_path / "vide.txt"
    bad.write_bytes(b"")
    assert kg_build(out, bad) == 2
    assert {name: (out / name).read_bytes() for name in FILES} == before
