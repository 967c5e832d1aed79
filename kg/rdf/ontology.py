"""The ontology and the SHACL shapes as rdflib graphs, and a blank-node-free copy of the ontology.

The ontology's multi-class domains and ranges are ``owl:unionOf`` lists, hence blank nodes. rdflib
gives a parsed blank node a random label, so a graph that embeds the ontology would change on every
build (N-Quads, JSON-LD) and grow a duplicate of each list every time it is loaded again into a triple
store. :func:`embeddable_ontology` names each blank node by a hash of its content instead (a skolem
IRI, RDF 1.1 section 3.5): same ontology, same IRIs, and reloading is idempotent.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from kg.rdf.vocab import ONTOLOGY_FILE, PREFIXES

SHAPES_FILE = ONTOLOGY_FILE.parent / "shapes.ttl"
SKOLEM_BASE = "https://w3id.org/.well-known/genid/kg-fr/"


def _bound(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def load_ontology() -> Graph:
    """A fresh copy of ontology/kg.ttl (parsed once per process)."""
    return _bound(Graph()) + _ontology()


def load_shapes() -> Graph:
    """A fresh copy of ontology/shapes.ttl (parsed once per process)."""
    copy = Graph()
    for prefix, namespace in _shapes().namespaces():
        copy.bind(prefix, namespace)
    return copy + _shapes()


def stable_blank_nodes(graph: Graph) -> Graph:
    """The same graph with each blank node labelled by a hash of its content, so serialising is stable.

    >>> g1 = Graph().parse(data="<urn:a> <urn:p> [ <urn:q> 1 ] .", format="turtle")
    >>> g2 = Graph().parse(data="<urn:a> <urn:p> [ <urn:q> 1 ] .", format="turtle")
    >>> stable_blank_nodes(g1).serialize(format="nt") == stable_blank_nodes(g2).serialize(format="nt")
    True
    """
    stable = Graph()
    for prefix, namespace in graph.namespaces():
        stable.bind(prefix, namespace)
    for triple in to_canonical_graph(graph):
        stable.add(triple)
    return stable


def skolemised(graph: Graph) -> Graph:
    """Blank nodes replaced by IRIs under SKOLEM_BASE, named by a hash of their content.

    >>> g = Graph().parse(data="<urn:a> <urn:p> [ <urn:q> 1 ] .", format="turtle")
    >>> [str(o).startswith(SKOLEM_BASE) for o in skolemised(g).objects(URIRef("urn:a"), URIRef("urn:p"))]
    [True]
    """

    def name(term):
        return URIRef(SKOLEM_BASE + str(term)) if isinstance(term, BNode) else term

    named = Graph()
    for prefix, namespace in graph.namespaces():
        named.bind(prefix, namespace)
    for s, p, o in stable_blank_nodes(graph):
        named.add((name(s), p, name(o)))
    return named


@lru_cache(maxsize=1)
def _embeddable() -> Graph:
    return skolemised(_ontology())


def embeddable_ontology() -> Graph:
    """The ontology with skolem IRIs instead of blank nodes: what a built graph embeds."""
    return _bound(Graph()) + _embeddable()
