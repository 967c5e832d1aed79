"""A build gives back what it no longer needs before the stages that take memory of their own (#19): the store is
bulk-loaded in batches (the same store as one load of the whole file)."""

from __future__ import annotations

import pyoxigraph as ox

import kg.rdf.publish.store as store_module
from kg.rdf.publish.store import CHANGES_GRAPH, load_store


def _quads(store) -> set[str]:
    return {str(q) for q in store}


def test_a_store_loaded_in_batches_holds_what_one_load_of_the_file_gives(built_seeds, tmp_path, monkeypatch):
    nquads, changes = built_seeds / "graph.nq", built_seeds / "changes.ttl"
    # a quad of a named graph only, whose triple graph.nq does not state in the default graph
    extra = b"<https://w3id.org/kg-fr/entity/x> <https://w3id.org/kg-fr/ontology#sues> " \
            b"<https://w3id.org/kg-fr/entity/y> <https://w3id.org/kg-fr/article/z> .\n"
    source = tmp_path / "graph.nq"
    source.write_bytes(nquads.read_bytes() + extra)
    expected = ox.Store()  # the file as it is, every named triple copied to the default graph, then the changes
    expected.load(path=str(source), format=ox.RdfFormat.N_QUADS)
    expected.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    expected.load(path=str(changes), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(CHANGES_GRAPH))

    monkeypatch.setattr(store_module, "BULK_BATCH", 7)
    summary = load_store(source, tmp_path / "store", {CHANGES_GRAPH: changes})
    loaded = ox.Store.read_only(str(tmp_path / "store"))
    assert _quads(loaded) == _quads(expected)
    assert summary.quads == len(expected) > 7 * 100
    assert {str(g) for g in loaded.named_graphs()} == {str(g) for g in expected.named_graphs()}
    default = set(loaded.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert not any(q.graph_name == ox.NamedNode(CHANGES_GRAPH) for q in default)
    assert not [q for q in default if q.subject == ox.NamedNode(str(CHANGES_GRAPH))]  # the changes stay apart
