"""The OWL-RL closure of a built graph (owlrl), kept to what a query about the data needs.

Built at build time (``kg build --infer`` writes ``graph.inferred.ttl``) rather than at query time
because the stores users load kg into, Oxigraph first, do no reasoning: with the closure loaded, a
plain ``?x a kgo:Organization`` also finds every kgo:Court, and ``?site kgo:hostedBy ?host`` works.

owlrl also derives trivia (``x owl:sameAs x`` for every node, ``x a owl:Thing``, the domains of every
super-property, types to the anonymous union classes of the ontology). Only triples about the data
are kept: new triples whose subject is a node of the data (an IRI that is no term of the ontology) and
whose object is not one of its blank nodes, minus reflexive ``owl:sameAs`` and
``owl:Thing``/``rdfs:Resource`` types. owlrl's literal-subject triples go with that rule too.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.io import atomic_write
from kg.rdf.ontology import load_ontology, stable_blank_nodes
from kg.rdf.vocab import PREFIXES

TRIVIAL_TYPES = frozenset({OWL.Thing, RDFS.Resource, OWL.NamedIndividual})


def _anonymous(term) -> bool:
    return isinstance(term, BNode)


def _about_the_data(triple, data_nodes: set) -> bool:
    s, p, o = triple
    if s not in data_nodes or _anonymous(o):
        return False
    if p == OWL.sameAs and s == o:
        return False
    return not (p == RDF.type and o in TRIVIAL_TYPES)


def closure(graph: Graph) -> Graph:
    """The graph plus what OWL-RL entails about its instances (the ontology is added if missing).

    >>> from rdflib import Graph
    >>> data = Graph().parse(data='''
    ...     @prefix kgo: <https://w3id.org/kg-fr/ontology#> .
    ...     <https://w3id.org/kg-fr/entity/tgi> a kgo:Court .''', format="turtle")
    >>> from kg.rdf.vocab import ENT, KGO
    >>> (ENT["tgi"], RDF.type, KGO.Organization) in closure(data)
    True
    """
    import owlrl  # imported here: only `--infer` needs it

    ontology = load_ontology()
    ontology_terms = set(ontology.subjects()) | set(ontology.objects())
    # the graph's own nodes (entities, articles, assertions, events), not the vocabulary it embeds
    data_nodes = {
        s for s in graph.subjects() if isinstance(s, URIRef) and s not in ontology_terms and not _anonymous(s)
    }
    expanded = Graph()
    for triple in graph + ontology:
        if not isinstance(triple[2], Literal):  # labels and values entail nothing here and slow owlrl down most
            expanded.add(triple)
    # improved_datatypes would swap rdflib's literal converters for the whole process (gMonthDay turns ill-typed)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, improved_datatypes=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(expanded)
    result = Graph()
    for prefix, namespace in PREFIXES.items():
        result.bind(prefix, namespace)
    for triple in graph:
        result.add(triple)
    for triple in expanded:
        if triple not in graph and _about_the_data(triple, data_nodes):
            result.add(triple)
    return result


def inferred_turtle(closed: Graph) -> str:
    """A closure as Turtle, byte-stable: blank nodes are labelled by their content before writing."""
    return stable_blank_nodes(closed).serialize(format="turtle")


def write_inferred(graph: Graph, path: Path) -> int:
    """Write the closure of graph to path atomically; returns how many triples inference added."""
    closed = closure(graph)
    atomic_write(Path(path), inferred_turtle(closed))
    return len(closed) - len(graph)
