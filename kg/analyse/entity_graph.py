"""Read the entity graph back from the RDF: entities, their relations, the evidence and the events.

An entity is any node with an rdfs:label whose rdf:type is a kgo class under one of the five
coarse classes (Person, Organization, Website, Place, CreativeWork); assertions, events,
communities, suggested links and ontology terms are not entities. A relation is a direct
triple with one of the ten kgo predicates between two entities, counted once per distinct
(subject, predicate, object). Everything is sorted so that what is computed from it is
deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.allocation import bulk_allocation
from kg.rdf.vocab import COARSE_CLASSES, KGO, ONTOLOGY_FILE, PREDICATES, SCHEMA

# the terms read once per assertion (a Namespace attribute is looked up anew at each use)
_ASSERTION, _ASSERTION_OF, _DATE, _SENTENCE = KGO.Assertion, KGO.assertion, KGO.date, KGO.sentenceText
_CONFIDENCE, _TIER, _SOURCE_FILE = KGO.confidence, KGO.tier, KGO.sourceFile
_URL, _PUBLISHED = SCHEMA.url, SCHEMA.datePublished
_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT, _TYPE = RDF.subject, RDF.predicate, RDF.object, RDF.type
_DERIVED, _IDENTIFIER, _HEADLINE = PROV.wasDerivedFrom, SCHEMA.identifier, SCHEMA.headline
_AGENT, _TARGET, _DATE_TEXT, _TARGET_DESCRIPTION = KGO.agent, KGO.target, KGO.dateText, KGO.targetDescription


class GraphReadError(ValueError):
    """A graph file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str
    kind: str  # the most specific kgo class, as a local name (Court, Country, Website...)
    coarse: str  # one of COARSE_CLASSES
    names: tuple[str, ...]  # every other name (skos:altLabel), sorted


@dataclass(frozen=True)
class Relation:
    source: str
    predicate: str  # local name of the kgo property
    target: str


@dataclass(frozen=True)
class Evidence:
    """One kgo:Assertion of a relation: the sentence and the article it came from."""

    sentence: str
    article: str  # the article's identifier (or its IRI's local name)
    headline: str
    url: str = ""  # the article's schema:url
    source_file: str = ""  # the file the article was read from (kgo:sourceFile)
    date: str = ""  # the date of the event beside the fact when it has a year, else the article's date, else ""
    confidence: str = ""  # kgo:confidence as written
    tier: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    """One kgo:Event an entity takes part in, as agent or target."""

    date: str  # the kgo:date lexical form ("2008-03-01", "2008-03", "2008", "--03-01"), or ""
    date_text: str
    kind: str  # the event class's local name (Lawsuit, Arrest...)
    role: str  # agent | target
    other: str  # the other party's label, or the target description


@dataclass(frozen=True)
class EntityGraph:
    entities: dict[str, Entity]  # by IRI, in IRI order
    relations: tuple[Relation, ...]  # sorted, distinct
    evidence: dict[Relation, tuple[Evidence, ...]]
    timelines: dict[str, tuple[TimelineEntry, ...]]  # by entity IRI, ordered by date
    class_labels: dict[str, str]  # kgo local name -> French label
    predicate_labels: dict[str, str]  # kgo predicate local name -> French label


class TripleIndex:
    """The lookups read_entity_graph makes, answered from plain (s, p, o) tuples of rdflib terms as rdflib's
    Graph answers them, without building one: a build's graph (kg.rdf.graph.Quads) is read as it is, by
    predicate, and a predicate's index by subject or by object is made only when asked for.

    >>> from rdflib import Namespace
    >>> x = Namespace("https://x/")
    >>> index = TripleIndex([(x.a, x.p, x.b), (x.a, x.p, x.c), (x.d, x.q, x.b)])
    >>> sorted(index.objects(x.a, x.p)), list(index.subjects(x.q, x.b)), (x.d, x.q, None) in index
    ([rdflib.term.URIRef('https://x/b'), rdflib.term.URIRef('https://x/c')], [rdflib.term.URIRef('https://x/d')], True)
    """

    def __init__(self, triples: Iterable[tuple]):
        self._pairs: dict = {}
        with bulk_allocation():
            for s, p, o in triples:
                self._pairs.setdefault(p, []).append((s, o))
        self._out: dict = {}
        self._in: dict = {}

    def _by_subject(self, p) -> dict:
        return self._index(p, self._out, forward=True)

    def _by_object(self, p) -> dict:
        return self._index(p, self._in, forward=False)

    def _index(self, p, built: dict, forward: bool) -> dict:
        """The pairs of one predicate keyed by subject (forward) or by object, made on first use."""
        index = built.get(p)
        if index is None:
            index = built[p] = {}
            for s, o in self._pairs.get(p, ()):
                key, value = (s, o) if forward else (o, s)
                index.setdefault(key, []).append(value)
        return index

    def subject_objects(self, p) -> Iterator[tuple]:
        return iter(self._pairs.get(p, ()))

    def triples(self, pattern: tuple) -> Iterator[tuple]:
        s, p, o = pattern
        if s is not None or o is not None or p is None:
            raise NotImplementedError("only (None, predicate, None)")
        return ((s, p, o) for s, o in self._pairs.get(p, ()))

    def objects(self, s, p) -> Iterator:
        index = self._out.get(p)  # made already, most often: no call (read_entity_graph asks millions of times)
        return iter((self._by_subject(p) if index is None else index).get(s, ()))

    def subjects(self, p, o=None) -> Iterator:
        if o is None:
            return (s for s, _ in self._pairs.get(p, ()))
        index = self._in.get(p)
        return iter((self._by_object(p) if index is None else index).get(o, ()))

    def value(self, s, p):
        index = self._out.get(p)
        found = (self._by_subject(p) if index is None else index).get(s)
        return found[0] if found else None

    def __contains__(self, triple: tuple) -> bool:
        s, p, o = triple
        found = self._by_subject(p).get(s, ())
        return bool(found) if o is None else o in found


def load_graph(path: Path) -> Graph:
    """Parse a graph file (format from its extension); a GraphReadError names the file and the problem."""
    formats = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld", ".trig": "trig"}
    if not path.exists():
        raise GraphReadError(f"{path}: no such file")
    if path.suffix.lower() not in formats:
        raise GraphReadError(f"{path}: unknown graph format (expected {', '.join(sorted(formats))})")
    graph = Graph()
    try:
        if formats[path.suffix.lower()] in ("nquads", "trig"):
            from rdflib import Dataset

            dataset = Dataset()
            dataset.parse(path, format=formats[path.suffix.lower()])
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(path, format=formats[path.suffix.lower()])
    except Exception as error:  # rdflib raises many kinds; the user needs the file and the reason
        raise GraphReadError(f"{path}: not a readable graph: {error}") from error
    return graph


def _local(iri: URIRef) -> str:
    return str(iri)[len(str(KGO)) :]


def _french_label(graph: Graph, node: URIRef) -> str:
    labels = sorted(graph.objects(node, RDFS.label), key=lambda lit: (getattr(lit, "language", None) != "fr", str(lit)))
    return str(labels[0]) if labels else _local(node)


def _schema(graph: Graph) -> Graph:
    """The graph's own ontology terms, completed by the project's ontology file."""
    schema = Graph().parse(ONTOLOGY_FILE, format="turtle")
    for triple in graph.triples((None, RDFS.subClassOf, None)):
        schema.add(triple)
    return schema


def _class_tree(schema: Graph) -> dict[str, str]:
    """kgo class local name -> its coarse class, for every class under a coarse class."""
    coarse_of: dict[str, str] = {}
    for coarse in COARSE_CLASSES:
        for cls in schema.transitive_subjects(RDFS.subClassOf, KGO[coarse]):
            if isinstance(cls, URIRef) and str(cls).startswith(str(KGO)):
                coarse_of.setdefault(_local(cls), coarse)
    return coarse_of


def _most_specific(kinds: set[str], schema: Graph, depths: dict[str, int] | None = None) -> str:
    """Of several types (an inferred closure adds superclasses), the one no other is a subclass of.

    depths: class -> how many classes it is under (itself included), filled as classes are met."""
    depths = {} if depths is None else depths
    for k in kinds:
        if k not in depths:
            depths[k] = len(set(schema.transitive_objects(KGO[k], RDFS.subClassOf)))
    return min(kinds, key=lambda k: (-depths[k], k))


def _entities(graph: Graph, schema: Graph) -> dict[str, Entity]:
    coarse_of = _class_tree(schema)
    kinds: dict[URIRef, set[str]] = defaultdict(set)
    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(node, URIRef) and isinstance(cls, URIRef) and str(cls).startswith(str(KGO)):
            if _local(cls) in coarse_of:
                kinds[node].add(_local(cls))
    entities = {}
    depths: dict[str, int] = {}
    for node in sorted(kinds):
        if (node, RDFS.label, None) not in graph:
            continue  # no name: not an entity of ours
        label = _french_label(graph, node)
        kind = _most_specific(kinds[node], schema, depths)
        names = tuple(sorted({str(n) for n in graph.objects(node, SKOS.altLabel)} - {label}))
        entities[str(node)] = Entity(str(node), label, kind, coarse_of[kind], names)
    return entities


def _text(graph: Graph, node, prop) -> str:
    value = next(iter(sorted(graph.objects(node, prop))), None)
    return str(value) if value is not None else ""


def _fact_date(graph: Graph, assertion, published: str) -> str:
    """The year-bearing date of an event standing beside the assertion, else the article's date (published)."""
    dates = sorted(
        str(d) for event in graph.subjects(_ASSERTION_OF, assertion) for d in graph.objects(event, _DATE)
    )
    dated = [d for d in dates if d[:4].isdigit()]
    if dated:
        return dated[0]
    return published if published[:4].isdigit() else ""


def _article_names(graph: Graph, article: URIRef) -> tuple[str, str]:
    identifier = next(iter(sorted(graph.objects(article, _IDENTIFIER))), None)
    headline = next(iter(sorted(graph.objects(article, _HEADLINE))), None)
    return (str(identifier) if identifier is not None else str(article).rsplit("/", 1)[-1]), (
        str(headline) if headline is not None else ""
    )


def _article(graph: Graph, article) -> tuple[str, str, str, str, str]:
    """(identifier, headline, url, source file, date published) of an article node."""
    if not isinstance(article, URIRef):
        return "", "", "", "", ""
    identifier, headline = _article_names(graph, article)
    return (identifier, headline, _text(graph, article, _URL), _text(graph, article, _SOURCE_FILE),
            _text(graph, article, _PUBLISHED))


def _evidence(graph: Graph, relations: set[Relation]) -> dict[Relation, tuple[Evidence, ...]]:
    found: dict[Relation, set[Evidence]] = defaultdict(set)
    articles: dict = {}  # article node -> _article(), read once for all its assertions
    kgo = str(KGO)
    for node in graph.subjects(RDF.type, _ASSERTION):
        s, p, o = graph.value(node, _RDF_SUBJECT), graph.value(node, _RDF_PREDICATE), graph.value(node, _RDF_OBJECT)
        if s is None or p is None or o is None or not str(p).startswith(kgo):
            continue
        relation = Relation(str(s), _local(p), str(o))
        if relation not in relations:
            continue
        sentence = graph.value(node, _SENTENCE)
        article = graph.value(node, _DERIVED)
        if article not in articles:
            articles[article] = _article(graph, article)
        article_id, headline, url, source_file, published = articles[article]
        found[relation].add(
            Evidence(
                str(sentence or ""),
                article_id,
                headline,
                url=url,
                source_file=source_file,
                date=_fact_date(graph, node, published),
                confidence=_text(graph, node, _CONFIDENCE),
                tier=_text(graph, node, _TIER),
            )
        )
    return {relation: tuple(sorted(items, key=lambda e: (e.article, e.sentence))) for relation, items in found.items()}


def date_sort_key(date: str) -> tuple[int, str]:
    """Dated events first in calendar order, then month-day only, then undated.

    >>> sorted(["", "--03-01", "2008", "2007-05-02"], key=date_sort_key)
    ['2007-05-02', '2008', '--03-01', '']
    """
    if not date:
        return (2, "")
    if date.startswith("--"):
        return (1, date)
    return (0, date)


def _timelines(graph: Graph, entities: dict[str, Entity], schema: Graph) -> dict[str, tuple[TimelineEntry, ...]]:
    event_classes = {_local(c) for c in schema.transitive_subjects(RDFS.subClassOf, KGO.Event) if isinstance(c, URIRef)}
    found: dict[str, set[TimelineEntry]] = defaultdict(set)
    depths: dict[str, int] = {}
    for event in set(graph.subjects(_AGENT, None)) | set(graph.subjects(_TARGET, None)):
        kinds = {_local(c) for c in graph.objects(event, _TYPE) if isinstance(c, URIRef)} & event_classes
        if not kinds:
            continue
        kind = _most_specific(kinds, schema, depths)
        date = graph.value(event, _DATE)
        date_text = graph.value(event, _DATE_TEXT)
        agents = sorted(str(a) for a in graph.objects(event, _AGENT))
        targets = sorted(str(t) for t in graph.objects(event, _TARGET))
        description = str(graph.value(event, _TARGET_DESCRIPTION) or "")

        def names(iris: list[str]) -> str:
            return ", ".join(entities[i].label if i in entities else i.rsplit("/", 1)[-1] for i in iris)

        for role, own, others in (("agent", agents, names(targets) or description), ("target", targets, names(agents))):
            for iri in own:
                if iri in entities:
                    found[iri].add(
                        TimelineEntry(
                            str(date) if isinstance(date, Literal) else "",
                            str(date_text or ""),
                            kind,
                            role,
                            others,
                        )
                    )
    return {
        iri: tuple(sorted(items, key=lambda e: (date_sort_key(e.date), e.kind, e.role, e.other, e.date_text)))
        for iri, items in sorted(found.items())
    }


def read_entity_graph(graph: Graph) -> EntityGraph:
    """The entities, relations, evidence and event timelines of a kg graph."""
    with bulk_allocation():
        return _read_entity_graph(graph)


def _read_entity_graph(graph: Graph) -> EntityGraph:
    schema = _schema(graph)
    entities = _entities(graph, schema)
    predicates = {KGO[name]: name for name in PREDICATES}
    relations = set()
    for predicate, name in predicates.items():
        for s, o in graph.subject_objects(predicate):
            if str(s) in entities and str(o) in entities:
                relations.add(Relation(str(s), name, str(o)))
    class_labels = {
        _local(c): _french_label(schema, c)
        for c in schema.subjects(RDF.type, None)
        if isinstance(c, URIRef) and str(c).startswith(str(KGO))
    }
    return EntityGraph(
        entities=entities,
        relations=tuple(sorted(relations, key=lambda r: (r.source, r.predicate, r.target))),
        evidence=_evidence(graph, relations),
        timelines=_timelines(graph, entities, schema),
        class_labels=class_labels,
        predicate_labels={name: _french_label(schema, KGO[name]) for name in PREDICATES},
    )


def to_networkx(entity_graph: EntityGraph) -> nx.MultiDiGraph:
    """Entities as nodes (attributes label, kind, coarse), one keyed edge per relation, in sorted order."""
    graph = nx.MultiDiGraph()
    for iri, entity in entity_graph.entities.items():
        graph.add_node(iri, label=entity.label, kind=entity.kind, coarse=entity.coarse)
    for relation in entity_graph.relations:
        graph.add_edge(relation.source, relation.target, key=relation.predicate)
    return graph


def simple_projection(graph: nx.MultiDiGraph) -> nx.Graph:
    """The simple undirected graph of a multigraph: one edge per linked pair, no self-loop.

    >>> g = nx.MultiDiGraph([("a", "b", "sues"), ("b", "a", "blocks"), ("a", "a", "hosts")])
    >>> sorted(simple_projection(g).edges())
    [('a', 'b')]
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes(data=True)))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in graph.edges() if u != v}))
    return simple
