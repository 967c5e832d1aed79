"""The build's SHACL check by units (kg.rdf.units) gives the report the whole-graph check gives, and
remembers the units that conformed so that a rebuild checks only what changed."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.rdf.graph import Quads
from kg.rdf.publish.files import Rendering
from kg.rdf.units import UNREAD, cut, validate_rows
from kg.rdf.validate import read_graph, validate_graph
from kg.rdf.vocab import ENT, KGO, SCHEMA


@pytest.fixture(scope="module")
def seeds_graph(built_seeds) -> Graph:
    return read_graph(built_seeds / "graph.ttl")


def rows_of(graph: Graph) -> list:
    quads = Quads()
    quads.default.update(graph)
    return Rendering(quads).rows


def copy(graph: Graph) -> Graph:
    new = Graph()
    for triple in graph:
        new.add(triple)
    return new


def _no_label(g: Graph) -> None:
    g.remove((ENT.mpaa, RDFS.label, None))


def _english_label(g: Graph) -> None:
    g.remove((ENT.mpaa, RDFS.label, None))
    g.add((ENT.mpaa, RDFS.label, Literal("Motion Picture Association", lang="en")))


def _sues_a_place(g: Graph) -> None:
    plaintiff, _, defendant = sorted(g.triples((None, KGO.sues, None)))[0]
    place = sorted(g.subjects(RDF.type, KGO.Country))[0]
    g.remove((plaintiff, KGO.sues, defendant))
    g.add((plaintiff, KGO.sues, place))
    for assertion in list(g.subjects(RDF.object, defendant)):
        if (assertion, RDF.predicate, KGO.sues) in g and (assertion, RDF.subject, plaintiff) in g:
            g.remove((assertion, RDF.object, defendant))
            g.add((assertion, RDF.object, place))


def _direct_triple_alone(g: Graph) -> None:
    subject, _, obj = sorted(g.triples((None, KGO.hosts, None)))[0]
    for assertion in list(g.subjects(RDF.predicate, KGO.hosts)):
        if (assertion, RDF.subject, subject) in g and (assertion, RDF.object, obj) in g:
            for event in list(g.subjects(KGO.assertion, assertion)):
                g.remove((event, KGO.assertion, assertion))
            g.remove((assertion, None, None))


def _bad_confidence(g: Graph) -> None:
    first, second = sorted(g.subjects(RDF.type, KGO.Assertion))[:2]
    g.remove((first, PROV.wasDerivedFrom, None))
    g.remove((second, KGO.confidence, None))
    g.add((second, KGO.confidence, Literal("1.5", datatype=XSD.decimal)))


def _triple_not_stated(g: Graph) -> None:
    assertion = sorted(g.subjects(RDF.type, KGO.Assertion))[0]
    g.remove(tuple(g.value(assertion, prop) for prop in (RDF.subject, RDF.predicate, RDF.object)))


def _event_of_no_kind(g: Graph) -> None:
    event = sorted(s for s in g.subjects(PROV.wasDerivedFrom, None) if "/event/" in str(s))[0]
    g.remove((event, RDF.type, None))
    g.add((event, RDF.type, KGO.Event))
    g.add((event, KGO.date, Literal("mars 2008")))


def _untyped_mentioned_entity(g: Graph) -> None:
    article = sorted(g.subjects(RDF.type, SCHEMA.NewsArticle))[0]
    g.add((article, SCHEMA.mentions, ENT.inconnu))
    g.add((ENT.inconnu, RDFS.label, Literal("Inconnu", lang="fr")))


def _entity_of_no_class(g: Graph) -> None:
    g.remove((ENT.mpaa, RDF.type, None))
    g.add((ENT.mpaa, RDF.type, KGO.Assertion))


def _event_pointing_at_another_article(g: Graph) -> None:
    """Conforms in the whole graph; a unit sees the other article's assertion only in part."""
    articles = sorted(g.subjects(RDF.type, SCHEMA.NewsArticle))
    event = sorted(s for s in g.subjects(PROV.wasDerivedFrom, None) if "/event/" in str(s))[0]
    mine = g.value(event, PROV.wasDerivedFrom)
    other = next(a for a in articles if a != mine)
    assertion = sorted(a for a in g.subjects(PROV.wasDerivedFrom, other) if (a, RDF.type, KGO.Assertion) in g)[0]
    g.add((event, KGO.assertion, assertion))


MUTATIONS = [_no_label, _english_label, _sues_a_place, _direct_triple_alone, _bad_confidence, _triple_not_stated,
             _event_of_no_kind, _untyped_mentioned_entity, _entity_of_no_class, _event_pointing_at_another_article]


def test_the_seeds_graph_cuts_into_one_unit_per_article_and_conforms(seeds_graph, tmp_path):
    rows = rows_of(seeds_graph)
    units = cut(rows)
    assert units is not None
    assert len(units.lines) == len(set(seeds_graph.subjects(RDF.type, SCHEMA.NewsArticle)))
    memory = tmp_path / "validated.txt"
    report, stats = validate_rows(rows, lambda: pytest.fail("the whole graph was checked"), memory)
    assert report.conforms and not stats.whole and stats.checked == stats.units
    again, stats = validate_rows(rows, lambda: pytest.fail("the whole graph was checked"), memory)
    assert again.conforms and stats.checked == 0  # remembered: nothing run through pySHACL


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda f: f.__name__.strip("_"))
def test_units_give_the_whole_graph_report(seeds_graph, mutate, tmp_path):
    graph = copy(seeds_graph)
    mutate(graph)
    whole = validate_graph(graph)
    memory = tmp_path / "validated.txt"
    validate_rows(rows_of(seeds_graph), lambda: seeds_graph, memory)  # the units of the clean graph are known
    by_units, _ = validate_rows(rows_of(graph), lambda: graph, memory)
    assert (by_units.conforms, by_units.violations) == (whole.conforms, whole.violations)


def test_the_shapes_never_read_what_no_unit_holds():
    from kg.rdf.ontology import load_shapes

    named = {f"<{term}>" for triple in load_shapes() for term in triple if isinstance(term, URIRef)}
    assert not named & UNREAD


def test_units_checked_on_two_processes_give_the_same_report(seeds_graph, monkeypatch):
    import kg.rdf.units

    monkeypatch.setattr(kg.rdf.units, "SMALLEST_BATCH", 300)  # several batches, so that both processes take some
    rows = rows_of(seeds_graph)
    report, stats = validate_rows(rows, lambda: pytest.fail("the whole graph was checked"), jobs=2)
    assert report.conforms and stats.checked == stats.units and not stats.whole
    graph = copy(seeds_graph)
    _sues_a_place(graph)
    by_units, stats = validate_rows(rows_of(graph), lambda: graph, jobs=2)
    whole = validate_graph(graph)
    assert not stats.whole and (by_units.conforms, by_units.violations) == (whole.conforms, whole.violations)
