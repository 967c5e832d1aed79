"""A relation is declared once, in kg/data/predicates.json (#16): vocab, shapes and ontology follow it."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS

from kg.rdf.ontology import load_ontology, load_shapes
from kg.rdf.shapes import SHAPES_SOURCE, render_shapes, shapes_are_current
from kg.rdf.vocab import KGO, PREDICATE_ROWS, PREDICATES, load_predicates

ROWS = {p.id: p for p in PREDICATE_ROWS}


def _data(name: str) -> dict:
    return json.loads(resources.files("kg").joinpath("data", name).read_text(encoding="utf-8"))


def _coarse(graph: Graph, expression) -> set[str]:
    """Coarse class names of a class expression: unions opened, kgo:Agent spelt Person + Organization."""
    if isinstance(expression, BNode):
        return set().union(*(_coarse(graph, m) for m in Collection(graph, graph.value(expression, OWL.unionOf))))
    local = str(expression)[len(str(KGO)) :]
    return {"Person", "Organization"} if local == "Agent" else {local}


def _text(graph: Graph, term: URIRef, prop: URIRef, lang: str) -> str:
    return next(str(o) for o in graph.objects(term, prop) if getattr(o, "language", None) == lang)


def test_vocab_reads_the_table():
    assert PREDICATES == tuple(row["id"] for row in _data("predicates.json")["predicates"])
    assert len(PREDICATES) == 10


def test_shapes_are_generated_from_the_table():
    assert shapes_are_current(), f"{SHAPES_SOURCE} is stale: run `kg docs`"


@pytest.mark.parametrize("predicate", PREDICATES)
def test_ontology_agrees_with_the_table(predicate):
    ontology, row, prop = load_ontology(), ROWS[predicate], KGO[predicate]
    assert (prop, None, None) in ontology
    assert _text(ontology, prop, RDFS.label, "fr") == row.label_fr
    assert _text(ontology, prop, RDFS.label, "en") == row.label_en
    assert _text(ontology, prop, RDFS.comment, "en") == row.comment_en
    assert _coarse(ontology, ontology.value(prop, RDFS.domain)) == set(row.domain)
    assert _coarse(ontology, ontology.value(prop, RDFS.range)) == set(row.range)
    assert ontology.value(prop, OWL.inverseOf) == KGO[row.inverse]
    assert ontology.value(KGO[row.inverse], OWL.inverseOf) == prop
    if row.event is not None:
        assert (KGO[row.event], RDFS.subClassOf, KGO.Event) in ontology


@pytest.mark.parametrize("predicate", PREDICATES)
def test_shapes_agree_with_the_table(predicate):
    shapes, row, prop = load_shapes(), ROWS[predicate], KGO[predicate]
    sh = "http://www.w3.org/ns/shacl#"
    for target, classes in (("targetSubjectsOf", row.domain), ("targetObjectsOf", row.range)):
        [shape] = shapes.subjects(URIRef(sh + target), prop)
        direct = shapes.value(shape, URIRef(sh + "class"))
        members = [direct] if direct is not None else [
            shapes.value(m, URIRef(sh + "class")) for m in Collection(shapes, shapes.value(shape, URIRef(sh + "or")))
        ]
        assert set().union(*(_coarse(shapes, m) for m in members)) == set(classes)
    [in_list] = [o for s, o in shapes.subject_objects(URIRef(sh + "in")) if prop in list(Collection(shapes, o))]
    assert list(Collection(shapes, in_list)) == [KGO[p] for p in PREDICATES]


def test_extraction_tables_agree_with_the_table():
    """The relation patterns' ends and the event classes of actions are those predicates.json declares."""
    constraints = _data("relation_patterns.json").get("constraints")
    if constraints is not None:  # the relation reader may come to read them from predicates.json instead
        assert {p: (set(d), set(r)) for p, (d, r) in constraints.items()} == {
            p.id: (set(p.domain), set(p.range)) for p in PREDICATE_ROWS
        }
    kinds = _data("event_patterns.json").get("kinds")
    if kinds is not None:
        assert kinds == {p.id: p.event for p in PREDICATE_ROWS if p.event}


def test_a_new_relation_gets_its_shapes():
    text = SHAPES_SOURCE.read_text(encoding="utf-8")
    extra = dataclasses.replace(ROWS["blocks"], id="infringes", domain=("Person", "Organization", "Website"),
                                range=("CreativeWork",), inverse="infringedBy", event=None)
    shapes = Graph().parse(data=render_shapes(text, (*PREDICATE_ROWS, extra)), format="turtle")
    subject = next(shapes.subjects(URIRef("http://www.w3.org/ns/shacl#targetSubjectsOf"), KGO.infringes))
    assert str(subject).endswith("InfringesSubjectShape")
    assert "kgo:infringes" in render_shapes(text, (*PREDICATE_ROWS, extra)).split("(sh-in)")[1].split("# end")[0]
    assert render_shapes(render_shapes(text, (*PREDICATE_ROWS, extra))) == text  # and back


def test_a_broken_row_names_the_file_and_row():
    rows = _data("predicates.json")
    rows["predicates"][2]["domain"] = ["Court"]
    with pytest.raises(ValueError, match=r"predicates.json, row 3 \(hosts\): domain \['Court'\]"):
        load_predicates(json.dumps(rows))
