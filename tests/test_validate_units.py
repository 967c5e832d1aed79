"""The build's SHACL check gives the report pySHACL gives on the whole graph: by the fast checker
(kg.rdf.shacl_fast), on broken graphs of every kind, and by units (kg.rdf.units), which remember the units
that conformed so that a rebuild checks only what changed. Shapes the fast checker does not understand, and
values it is not sure of, go to pySHACL."""

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
    report, stats = validate_rows(rows, lambda: pytest.fail("the whole graph was checked"), memory, fast=False)
    assert report.conforms and not stats.whole and stats.checked == stats.units
    again, stats = validate_rows(rows, lambda: pytest.fail("the whole graph was checked"), memory, fast=False)
    assert again.conforms and stats.checked == 0  # remembered: nothing run through pySHACL


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda f: f.__name__.strip("_"))
def test_units_give_the_whole_graph_report(seeds_graph, mutate, tmp_path):
    graph = copy(seeds_graph)
    mutate(graph)
    whole = validate_graph(graph)
    memory = tmp_path / "validated.txt"
    validate_rows(rows_of(seeds_graph), lambda: seeds_graph, memory, fast=False)  # the clean graph's units known
    by_units, _ = validate_rows(rows_of(graph), lambda: graph, memory, fast=False)
    assert (by_units.conforms, by_units.violations) == (whole.conforms, whole.violations)


def test_the_shapes_never_read_what_no_unit_holds():
    from kg.rdf.ontology import load_shapes

    named = {f"<{term}>" for triple in load_shapes() for term in triple if isinstance(term, URIRef)}
    assert not named & UNREAD


def test_units_checked_on_two_processes_give_the_same_report(seeds_graph, monkeypatch):
    import kg.rdf.units

    monkeypatch.setattr(kg.rdf.units, "SMALLEST_BATCH", 300)  # several batches, so that both processes take some
    rows = rows_of(seeds_graph)
    report, stats = validate_rows(rows, lambda: pytest.fail("the whole graph was checked"), jobs=2, fast=False)
    assert report.conforms and stats.checked == stats.units and not stats.whole
    graph = copy(seeds_graph)
    _sues_a_place(graph)
    by_units, stats = validate_rows(rows_of(graph), lambda: graph, jobs=2, fast=False)
    whole = validate_graph(graph)
    assert not stats.whole and (by_units.conforms, by_units.violations) == (whole.conforms, whole.violations)


# --- The fast checker (kg.rdf.shacl_fast) against pySHACL -------------------------------------------------


def _assertion(g: Graph, rank: int = 0) -> URIRef:
    return sorted(g.subjects(RDF.type, KGO.Assertion))[rank]


def _event(g: Graph) -> URIRef:
    return sorted(s for s in g.subjects(PROV.wasDerivedFrom, None) if "/event/" in str(s))[0]


def _replace(g: Graph, node, prop, *values) -> None:
    g.remove((node, prop, None))
    for value in values:
        g.add((node, prop, value))


def _two_labels(g: Graph) -> None:
    g.add((ENT.mpaa, RDFS.label, Literal("MPA", lang="fr")))


def _canadian_label(g: Graph) -> None:  # conforms: "fr-CA" matches the language range "fr"
    _replace(g, ENT.mpaa, RDFS.label, Literal("MPAA", lang="fr-CA"))


def _iri_label(g: Graph) -> None:
    _replace(g, ENT.mpaa, RDFS.label, URIRef("https://example.org/mpaa"))


def _plain_label(g: Graph) -> None:
    _replace(g, ENT.mpaa, RDFS.label, Literal("MPAA"))


def _unknown_tier(g: Graph) -> None:
    _replace(g, _assertion(g), KGO.tier, Literal("certain"))


def _rule_as_iri(g: Graph) -> None:
    _replace(g, _assertion(g), KGO.rule, KGO.sues)


def _empty_sentence(g: Graph) -> None:
    _replace(g, _assertion(g), KGO.sentenceText, Literal(""))


def _offsets_out_of_range(g: Graph) -> None:
    _replace(g, _assertion(g), KGO.startOffset, Literal(-1))
    _replace(g, _assertion(g, 1), KGO.endOffset, Literal("abc", datatype=XSD.integer))  # ill-typed
    _replace(g, _assertion(g, 2), KGO.startOffset, Literal(3, datatype=XSD.int))


def _confidence_as_text(g: Graph) -> None:
    _replace(g, _assertion(g), KGO.confidence, Literal("0.5"))
    two = Literal("0.5", datatype=XSD.decimal), Literal("0.7", datatype=XSD.decimal)
    _replace(g, _assertion(g, 1), KGO.confidence, *two)


def _predicate_not_a_relation(g: Graph) -> None:
    _replace(g, _assertion(g), RDF.predicate, RDFS.seeAlso)


def _literal_ends(g: Graph) -> None:
    _replace(g, _assertion(g), RDF.subject, Literal("MPAA"))
    _replace(g, _assertion(g, 1), RDF.object)


def _event_place_and_assertion(g: Graph) -> None:
    event = _event(g)
    g.add((event, KGO.place, ENT.mpaa))
    g.add((event, KGO.assertion, ENT.mpaa))
    g.add((event, KGO.agent, Literal("quelqu'un")))


def _event_without_ends(g: Graph) -> None:
    event = _event(g)
    for prop in (KGO.agent, KGO.target, KGO.targetDescription):
        g.remove((event, prop, None))
    g.add((event, KGO.date, Literal("2008", datatype=XSD.gYear)))


def _two_articles(g: Graph) -> None:
    articles = sorted(g.subjects(RDF.type, SCHEMA.NewsArticle))
    g.add((_assertion(g), PROV.wasDerivedFrom, articles[-1]))
    g.add((_event(g), PROV.wasDerivedFrom, ENT.mpaa))


def _subclass_in_the_data(g: Graph) -> None:  # conforms: a class of the data graph's own, under kgo:Court
    tribunal = URIRef("https://example.org/Tribunal")
    g.add((tribunal, RDFS.subClassOf, KGO.Court))
    _replace(g, ENT.mpaa, RDF.type, tribunal)


def _untyped_event_and_stray_assertion(g: Graph) -> None:
    _replace(g, _event(g), RDF.type, URIRef("https://example.org/Nothing"))
    stray = URIRef("https://example.org/stray")
    g.add((stray, RDF.type, KGO.Assertion))
    g.add((stray, RDF.subject, ENT.mpaa))


FAST_MUTATIONS = MUTATIONS + [
    _two_labels, _canadian_label, _iri_label, _plain_label, _unknown_tier, _rule_as_iri, _empty_sentence,
    _offsets_out_of_range, _confidence_as_text, _predicate_not_a_relation, _literal_ends,
    _event_place_and_assertion, _event_without_ends, _two_articles, _subclass_in_the_data,
    _untyped_event_and_stray_assertion,
]


def test_the_fast_checker_understands_the_shapes():
    from kg.rdf.shacl_plan import fast_plan

    assert fast_plan() is not None  # else every build runs pySHACL


@pytest.mark.parametrize("mutate", FAST_MUTATIONS, ids=lambda f: f.__name__.strip("_"))
def test_the_fast_checker_gives_pyshacls_report(seeds_graph, mutate):
    graph = copy(seeds_graph)
    mutate(graph)
    whole = validate_graph(graph)
    fast, stats = validate_rows(rows_of(graph), lambda: pytest.fail("pySHACL ran"))
    assert stats.fast
    assert (fast.conforms, fast.violations) == (whole.conforms, whole.violations)


def test_the_fast_checker_remembers_the_units_that_conformed(seeds_graph, tmp_path):
    memory = tmp_path / "validated.txt"
    rows = rows_of(seeds_graph)
    first, stats = validate_rows(rows, lambda: pytest.fail("pySHACL ran"), memory)
    assert first.conforms and stats.fast and stats.checked == stats.units > 1
    again, stats = validate_rows(rows, lambda: pytest.fail("pySHACL ran"), memory)
    assert again == first.__class__(first.conforms, first.violations, first.triples, again.seconds)
    assert stats.fast and stats.units > 1 and stats.checked == 0


@pytest.mark.parametrize("mutate", FAST_MUTATIONS, ids=lambda f: f.__name__.strip("_"))
def test_the_fast_checker_on_the_units_that_changed_gives_pyshacls_report(seeds_graph, mutate, tmp_path):
    """A rebuild (#19): the clean graph's units remembered, the fast checker checks the others only."""
    memory = tmp_path / "validated.txt"
    validate_rows(rows_of(seeds_graph), lambda: pytest.fail("pySHACL ran"), memory)
    graph = copy(seeds_graph)
    mutate(graph)
    whole = validate_graph(graph)
    for _ in range(2):  # and once more, with the memory this graph left
        report, stats = validate_rows(rows_of(graph), lambda: graph, memory)
        assert (report.conforms, report.violations) == (whole.conforms, whole.violations)
        assert stats.checked < stats.units or not stats.units  # some units remembered, when it cuts


def test_the_fast_checker_gives_pyshacls_report_on_a_real_build(built_seeds):
    from kg.rdf.validate import validate_file

    for name in ("graph.ttl", "changes.ttl"):
        graph = read_graph(built_seeds / name)
        fast, stats = validate_rows(rows_of(graph), lambda: pytest.fail("pySHACL ran"))
        whole = validate_file(built_seeds / name)
        assert stats.fast and (fast.conforms, fast.violations) == (whole.conforms, whole.violations)


def _shapes_with(extra: str) -> Graph:
    from kg.rdf.ontology import load_shapes

    shapes = load_shapes()
    prefixes = {"sh": "http://www.w3.org/ns/shacl#", "kgsh": "https://w3id.org/kg-fr/shapes#",
                "kgo": "https://w3id.org/kg-fr/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    head = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in prefixes.items())
    shapes.parse(data=head + extra, format="turtle")
    return shapes


UNKNOWN_SHAPES = {
    "pattern": 'kgsh:EntityLabelShape sh:pattern "^[a-z]+$" .',
    "severity": "kgsh:EntityLabelShape sh:severity sh:Warning .",
    "new-shape": 'kgsh:Short a sh:NodeShape ; sh:targetClass kgo:Agent ; sh:property [ sh:path rdfs:label ; '
                 'sh:maxLength 3 ; sh:message "short"@en ] .',
    "path": 'kgsh:Path a sh:NodeShape ; sh:targetClass kgo:Agent ; sh:property [ sh:path ( kgo:operates rdfs:label ) ; '
            'sh:maxCount 0 ; sh:message "no"@en ] .',
    "sparql": 'kgsh:EventHasKind sh:select "SELECT $this WHERE { $this a kgo:Court }" .',
    "no-message": "kgsh:NoMessage a sh:NodeShape ; sh:targetClass kgo:Agent ; sh:class kgo:Website .",
}


@pytest.mark.parametrize("extra", UNKNOWN_SHAPES.values(), ids=list(UNKNOWN_SHAPES))
def test_shapes_the_fast_checker_does_not_understand_go_to_pyshacl(seeds_graph, extra, monkeypatch):
    import kg.rdf.shacl_plan
    import kg.rdf.validate
    from kg.rdf.shacl_plan import Unsupported, compile_shapes

    shapes = _shapes_with(extra)
    with pytest.raises(Unsupported):
        compile_shapes(shapes)
    monkeypatch.setattr(kg.rdf.validate, "load_shapes", lambda: shapes)
    monkeypatch.setattr(kg.rdf.shacl_plan, "load_shapes", lambda: shapes)
    report, stats = validate_rows(rows_of(seeds_graph), lambda: seeds_graph)
    whole = validate_graph(seeds_graph)
    assert not stats.fast and (report.conforms, report.violations) == (whole.conforms, whole.violations)
    if "maxLength" in extra or "pattern" in extra:
        assert not report.conforms  # what the fast checker would have let pass


def test_a_value_the_fast_checker_is_unsure_of_goes_to_pyshacl(seeds_graph):
    from rdflib import BNode

    graph = copy(seeds_graph)
    graph.add((ENT.mpaa, KGO.place, BNode()))
    report, stats = validate_rows(rows_of(graph), lambda: graph)
    whole = validate_graph(graph)
    assert not stats.fast and (report.conforms, report.violations) == (whole.conforms, whole.violations)
