"""The ontology and the SHACL shapes as rdflib graphs, and what a built graph holds of the ontology.

The ontology stays in ``ontology/kg.ttl``, blank nodes and all (its multi-class domains and ranges are
``owl:unionOf`` lists). A built graph does not copy it: its header (``<https://w3id.org/kg-fr/graph> a
owl:Ontology``) imports the ontology's version IRI, and it keeps only the named class and property tree
(:func:`ontology_link`), so that readers that do not follow imports still see the subclass links. No
blank node of the ontology, and no skolem IRI, ever reaches the data.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.rdf.vocab import ONTOLOGY_FILE, PREFIXES

SHAPES_FILE = ONTOLOGY_FILE.parent / "shapes.ttl"


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
    >>> lines = [sorted(stable_blank_nodes(g).serialize(format="nt").splitlines()) for g in (g1, g2)]
    >>> lines[0] == lines[1]  # the same labels (rdflib's N-Triples order itself varies: writers sort rows)
    True
    """
    stable = Graph()
    for prefix, namespace in graph.namespaces():
        stable.bind(prefix, namespace)
    for triple in to_canonical_graph(graph):
        stable.add(triple)
    return stable


DATA_GRAPH = "https://w3id.org/kg-fr/graph"  # the data graph's own IRI, as an owl:Ontology that imports kg's
# What the data graph keeps of the ontology: the class and property tree between named terms, so that a
# reader without the ontology (the shared scorer, a triple store without reasoning) still sees that a
# kgo:Court is a kgo:Organization. Never the owl:unionOf lists, whose blank nodes are the ontology's own.
_SKELETON = (RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf)


@lru_cache(maxsize=1)
def _link() -> Graph:
    ontology = _ontology()
    header = next(iter(sorted(ontology.subjects(RDF.type, OWL.Ontology), key=str)))
    version = ontology.value(header, OWL.versionIRI) or header
    link = Graph()
    data = URIRef(DATA_GRAPH)
    link.add((data, RDF.type, OWL.Ontology))
    link.add((data, OWL.imports, version))
    link.add((data, RDFS.label, Literal("kg : graphe de connaissances de la lutte contre le piratage", lang="fr")))
    link.add((data, RDFS.label, Literal("kg: anti-piracy enforcement knowledge graph", lang="en")))
    kgo = str(PREFIXES["kgo"])
    for s, p, o in ontology:
        if p in _SKELETON and isinstance(s, URIRef) and str(s).startswith(kgo) and isinstance(o, URIRef):
            link.add((s, p, o))
    return link


def ontology_link() -> Graph:
    """What a built graph holds of the ontology: an ``owl:imports`` of its version IRI from the data graph's
    header, and the named class and property tree (types, subclasses, subproperties, inverses); no blank node.

    >>> link = ontology_link()
    >>> (URIRef(DATA_GRAPH), OWL.imports, URIRef("https://w3id.org/kg-fr/ontology/0.3.0")) in link
    True
    >>> from kg.rdf.vocab import KGO
    >>> from rdflib import BNode
    >>> (KGO.Court, RDFS.subClassOf, KGO.Organization) in link, any(isinstance(t, BNode) for tr in link for t in tr)
    (True, False)
    """
    return _bound(Graph()) + _link()
