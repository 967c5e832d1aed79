"""SHACL shapes: the seeds build conforms; a mutated copy of it fails with a message naming the bad node."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from kg.cli import main
from kg.rdf.ontology import load_ontology, load_shapes
from kg.rdf.validate import GraphReadError, read_graph, validate_graph
from kg.rdf.vocab import ENT, KGO, PREDICATES, PREFIXES, SCHEMA

SH = "http://www.w3.org/ns/shacl#"
KGSH = "https://w3id.org/kg-fr/shapes#"


@pytest.fixture(scope="module")
def seeds_graph(built_seeds) -> Graph:
    return read_graph(built_seeds / "graph.ttl")


def short(term: URIRef) -> str:
    """A term as the report writes it: ent:x, kgo:y, fact:z."""
    for prefix, namespace in PREFIXES.items():
        if str(term).startswith(str(namespace)):
            return f"{prefix}:{str(term)[len(str(namespace)):]}"
    return f"<{term}>"


def mutable(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def fact_triples(graph: Graph, predicate: str) -> list[tuple]:
    return sorted(graph.triples((None, KGO[predicate], None)))


def test_seeds_build_conforms(seeds_graph):
    report = validate_graph(seeds_graph)
    assert report.conforms, report.text()
    assert report.violations == ()
    assert report.seconds < 10  # a few seconds on the 2-core CI machine


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nq", "graph.jsonld"])
def test_kg_validate_accepts_each_published_format(built_seeds, name, capsys):
    assert main(["validate", str(built_seeds / name)]) == 0
    assert "graph conforms to ontology/shapes.ttl" in capsys.readouterr().out


def test_missing_label_names_the_entity(seeds_graph, tmp_path, capsys):
    graph = mutable(seeds_graph)
    entity = ENT.mpaa
    assert (entity, RDFS.label, None) in graph
    graph.remove((entity, RDFS.label, None))
    report = validate_graph(graph)
    assert not report.conforms
    [violation] = report.violations
    assert violation.focus == "ent:mpaa"
    assert violation.shape == "kgsh:EntityLabelShape"
    assert violation.constraint == "MinCount"
    assert "exactly one rdfs:label" in violation.message
    # the same through the command line: exit 1 and the node named in the report
    path = tmp_path / "sans-label.ttl"
    graph.serialize(path, format="turtle")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "ent:mpaa rdfs:label: an entity must have exactly one rdfs:label" in out


def test_english_label_is_a_violation(seeds_graph):
    graph = mutable(seeds_graph)
    entity = ENT.mpaa
    graph.remove((entity, RDFS.label, None))
    graph.add((entity, RDFS.label, Literal("Motion Picture Association", lang="en")))
    report = validate_graph(graph)
    assert {(v.focus, v.constraint) for v in report.violations} == {(short(entity), "LanguageIn")}


def test_sues_whose_object_is_a_place_names_the_place(seeds_graph):
    graph = mutable(seeds_graph)
    plaintiff, _, defendant = fact_triples(graph, "sues")[0]
    place = next(iter(sorted(graph.subjects(RDF.type, KGO.Country))))
    # the place replaces the defendant in the direct triple and in its assertion, so only the class is wrong
    graph.remove((plaintiff, KGO.sues, defendant))
    graph.add((plaintiff, KGO.sues, place))
    for assertion in graph.subjects(RDF.object, defendant):
        if (assertion, RDF.predicate, KGO.sues) in graph and (assertion, RDF.subject, plaintiff) in graph:
            graph.remove((assertion, RDF.object, defendant))
            graph.add((assertion, RDF.object, place))
    report = validate_graph(graph)
    assert not report.conforms
    [violation] = report.violations
    assert violation.focus == short(place)
    assert violation.shape == "kgsh:SuesObjectShape"
    assert "the object of kgo:sues must be a Person, an Organization or a Website" in violation.message


def test_direct_triple_without_assertion_names_the_fact(seeds_graph):
    graph = mutable(seeds_graph)
    subject, _, obj = fact_triples(graph, "hosts")[0]
    for assertion in list(graph.subjects(RDF.predicate, KGO.hosts)):
        if (assertion, RDF.subject, subject) in graph and (assertion, RDF.object, obj) in graph:
            for event in list(graph.subjects(KGO.assertion, assertion)):
                graph.remove((event, KGO.assertion, assertion))
            graph.remove((assertion, None, None))
    report = validate_graph(graph)
    assert not report.conforms
    [violation] = report.violations
    assert violation.focus == short(subject)
    assert violation.shape == "kgsh:DirectTripleProvenanceShape"
    fact = f"{short(subject)} kgo:hosts {short(obj)}"
    assert violation.message == f"the fact {fact} has no kgo:Assertion giving its provenance"


def test_assertion_without_article_or_with_bad_confidence(seeds_graph):
    graph = mutable(seeds_graph)
    first, second = sorted(graph.subjects(RDF.type, KGO.Assertion))[:2]
    graph.remove((first, PROV.wasDerivedFrom, None))
    graph.remove((second, KGO.confidence, None))
    graph.add((second, KGO.confidence, Literal("1.5", datatype=XSD.decimal)))
    report = validate_graph(graph)
    found = {(v.focus, v.path, v.constraint) for v in report.violations}
    assert found == {
        (short(first), "prov:wasDerivedFrom", "MinCount"),
        (short(second), "kgo:confidence", "MaxInclusive"),
    }


def test_assertion_whose_triple_is_not_stated(seeds_graph):
    graph = mutable(seeds_graph)
    assertion = sorted(graph.subjects(RDF.type, KGO.Assertion))[0]
    triple = tuple(graph.value(assertion, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
    graph.remove(triple)
    report = validate_graph(graph)
    assert short(assertion) in {v.focus for v in report.violations}
    assert any("does not state directly" in v.message for v in report.violations)


def test_event_needs_an_end_a_kind_and_a_typed_date(seeds_graph):
    graph = mutable(seeds_graph)
    events = sorted(s for s in graph.subjects(PROV.wasDerivedFrom, None) if "/event/" in str(s))
    assert len(events) >= 2, "the seeds build has events (#9)"
    endless, plain = events[:2]
    for prop in (KGO.agent, KGO.target, KGO.targetDescription):
        graph.remove((endless, prop, None))
    graph.remove((plain, RDF.type, None))
    graph.add((plain, RDF.type, KGO.Event))
    graph.remove((plain, KGO.date, None))
    graph.add((plain, KGO.date, Literal("mars 2008")))
    report = validate_graph(graph)
    by_node = {}
    for violation in report.violations:
        by_node.setdefault(violation.focus, set()).add(violation.message)
    assert "an event must have a kgo:agent, a kgo:target or a kgo:targetDescription" in by_node[short(endless)]
    messages = " | ".join(by_node[short(plain)])
    assert "must have a class below kgo:Event" in messages
    assert "xsd:gYearMonth" in messages


def test_untyped_mentioned_entity_is_a_violation(seeds_graph):
    graph = mutable(seeds_graph)
    stranger = ENT["inconnu"]
    article = next(iter(sorted(graph.subjects(RDF.type, SCHEMA.NewsArticle))))
    graph.add((article, SCHEMA.mentions, stranger))
    graph.add((stranger, RDFS.label, Literal("Inconnu", lang="fr")))
    report = validate_graph(graph)
    assert [(v.focus, v.shape) for v in report.violations] == [("ent:inconnu", "kgsh:EntityShape")]


def test_subclass_reasoning_lets_a_court_be_an_agent(seeds_graph):
    """sh:class follows rdfs:subClassOf from the ontology: a kgo:Court subject of kgo:orders meets the Agent domain."""
    courts = set(seeds_graph.subjects(RDF.type, KGO.Court)) & set(seeds_graph.subjects(KGO.orders, None))
    assert courts
    graph = Graph()  # only the data: no embedded ontology, so the hierarchy comes from the ont_graph alone
    for s, p, o in seeds_graph:
        if not str(s).startswith(str(KGO)) and not str(s).startswith("https://w3id.org/.well-known/"):
            graph.add((s, p, o))
    assert not any((court, RDF.type, KGO.Agent) in graph for court in courts)
    assert (None, RDFS.subClassOf, None) not in graph
    report = validate_graph(graph)
    assert not any(v.shape == "kgsh:OrdersSubjectShape" for v in report.violations), report.text()


def _members(graph: Graph, expression) -> set[URIRef]:
    """Classes of a class expression, owl:unionOf lists opened and kgo:Agent spelt Person + Organization."""
    if isinstance(expression, BNode):
        found = set()
        for member in Collection(graph, graph.value(expression, OWL.unionOf)):
            found |= _members(graph, member)
        return found
    return {KGO.Person, KGO.Organization} if expression == KGO.Agent else {expression}


def _shape_classes(shapes: Graph, target_kind: str, predicate: URIRef) -> set[URIRef]:
    [shape] = shapes.subjects(URIRef(SH + target_kind), predicate)
    direct = shapes.value(shape, URIRef(SH + "class"))
    if direct is not None:
        return _members(shapes, direct)
    found = set()
    for member in Collection(shapes, shapes.value(shape, URIRef(SH + "or"))):
        found |= _members(shapes, shapes.value(member, URIRef(SH + "class")))
    return found


@pytest.mark.parametrize("predicate", PREDICATES)
def test_relation_shapes_follow_the_ontology(predicate):
    ontology, shapes = load_ontology(), load_shapes()
    prop = KGO[predicate]
    assert _shape_classes(shapes, "targetSubjectsOf", prop) == _members(ontology, ontology.value(prop, RDFS.domain))
    assert _shape_classes(shapes, "targetObjectsOf", prop) == _members(ontology, ontology.value(prop, RDFS.range))


def test_unreadable_graph_exits_2_naming_the_file(tmp_path, capsys):
    broken = tmp_path / "cassé.ttl"
    broken.write_text("ent:x a kgo:Court ;;; <", encoding="utf-8")
    assert main(["validate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err and "not readable as turtle" in err
    with pytest.raises(GraphReadError, match="unknown graph format '.csv'"):
        read_graph(tmp_path / "graph.csv")
    assert main(["validate", str(tmp_path / "absent.nq")]) == 2
    assert "absent.nq: no such file" in capsys.readouterr().err


def test_non_conforming_build_writes_the_graph_and_exits_3(tmp_path, seeds_dir, capsys, monkeypatch):
    """A stricter (real) shapes file that the seeds break: the graph is written all the same, and the build says so."""
    import kg.rdf.ontology as ontology_module

    strict = tmp_path / "shapes.ttl"
    text = ontology_module.SHAPES_FILE.read_text(encoding="utf-8")
    strict.write_text(
        text.replace(
            "sh:targetSubjectsOf kgo:sues ;\n    sh:class kgo:Agent ;",
            "sh:targetSubjectsOf kgo:sues ;\n    sh:class kgo:Person ;",
        ),
        encoding="utf-8",
    )
    assert strict.read_text(encoding="utf-8") != text
    monkeypatch.setattr(ontology_module, "SHAPES_FILE", strict)
    ontology_module._shapes.cache_clear()
    try:
        out = tmp_path / "out"
        code = main(["build", str(seeds_dir), "--out", str(out), "-q", "--no-analyse", "--no-html", "--no-store"])
    finally:
        monkeypatch.undo()
        ontology_module._shapes.cache_clear()
    assert code == 3
    assert (out / "graph.ttl").stat().st_size > 0
    err = capsys.readouterr().err
    assert "graph does not conform to ontology/shapes.ttl" in err
    assert f"kg validate {out / 'graph.ttl'}" in err
