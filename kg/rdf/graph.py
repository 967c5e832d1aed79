"""Map the resolved corpus to RDF: the one place that knows the vocabulary.

Each fact is asserted twice, on purpose: the direct triple (``ent:a kgo:sues
ent:b``), so that plain SPARQL and any triple store see it, and a
``kgo:Assertion`` node (RDF reification) that carries its provenance: article,
sentence, offsets, rule, confidence, tier. In the quad output the direct triples
of each article also sit in a named graph named after the article.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.rdf.ids import Assignment, assign
from kg.rdf.ontology import ontology_link
from kg.rdf.vocab import ART, ENT, EVENT, FACT, KGO, PREFIXES, SCHEMA, WD
from kg.records import Corpus, ResolvedEvent

# Letters NFKD does not take apart, and the Cyrillic and Greek alphabets, in Latin letters (ISO 9 / ELOT
# simplified; kg/rdf/transliteration.json): names in those scripts keep a readable IRI. Other scripts (CJK...)
# have no such table: their IRI is "x-" and a hash of the name.
_TRANSLITERATION = str.maketrans(
    json.loads(resources.files("kg.rdf").joinpath("transliteration.json").read_text(encoding="utf-8"))
)


def slug(text: str, limit: int = 60) -> str:
    """An IRI-safe local name: ASCII letters, digits and hyphens only; other scripts transliterated.

    >>> slug("Motion Picture Association of America")
    'motion-picture-association-of-america'
    >>> slug("Île-de-France <script>")
    'ile-de-france-script'
    >>> slug("Роскомнадзор"), slug("Œuvre Ελλάδα")
    ('roskomnadzor', 'oeuvre-ellada')
    >>> slug("中国电影")  # no table for this script: a hash of the name
    'x-0311a4b6'
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower().translate(_TRANSLITERATION)
    folded = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return folded[:limit].strip("-") or f"x-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def entity_iris(corpus: Corpus, ids: Assignment | None = None) -> dict[str, URIRef]:
    """One IRI per entity: the one the output folder published before (kg.rdf.ids), else minted from its
    preferred name; clashes get a short hash of the key."""
    ids = ids or assign(corpus)
    return {key: ENT[local] for key, local in ids.entities.items()}


def article_iri(article_id: str, ids: Assignment | None = None) -> URIRef:
    if ids is not None and article_id in ids.articles:
        return ART[ids.articles[article_id]]
    return ART[slug(article_id, limit=120)]


def fact_iri(article_id: str, subject: URIRef, predicate: str, obj: URIRef, start: int, rule: str) -> URIRef:
    digest = hashlib.sha1(f"{article_id}|{subject}|{predicate}|{obj}|{start}|{rule}".encode()).hexdigest()[:16]
    return FACT[digest]


def event_iri(event: ResolvedEvent, iris: dict[str, URIRef]) -> URIRef:
    """A hash of what the event is, its ends named by their IRIs (stable across builds, unlike resolution keys)."""
    key = "|".join(
        [event.article, str(event.start), event.kind, event.rule, *(iris[k] for k in event.agents), "->",
         *(iris[k] for k in event.targets), event.target_description, *(iris[k] for k in event.places)]
    )
    return EVENT[hashlib.sha1(key.encode()).hexdigest()[:16]]


class Quads:
    """The graph being built: rdflib terms in plain sets, one per graph (``None``: the default graph).

    rdflib's memory store indexes each triple three ways and fires an event per ``add``, which
    costs more than the rest of the mapping on a large corpus, and the writers only need the sets.
    ``union()`` gives an rdflib Graph to whatever wants one (validation, inference, analytics).

    >>> quads = Quads()
    >>> quads.default.add((ENT.a, KGO.sues, ENT.b))
    >>> quads.named(ART.x).add((ENT.a, KGO.sues, ENT.b))
    >>> len(quads), len(quads.union())
    (2, 1)
    """

    def __init__(self) -> None:
        self.graphs: dict[URIRef | None, set[tuple]] = {None: set()}

    @property
    def default(self) -> set[tuple]:
        return self.graphs[None]

    def named(self, name: URIRef) -> set[tuple]:
        return self.graphs.setdefault(name, set())

    def __len__(self) -> int:
        return sum(len(triples) for triples in self.graphs.values())

    def triples(self) -> Iterator[tuple]:
        """Every triple once, whatever graph states it."""
        default = self.default
        yield from default
        for name, triples in self.graphs.items():
            if name is not None:
                yield from (t for t in triples if t not in default)

    def union(self) -> Graph:
        """Every triple once, as an rdflib Graph."""
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for triple in self.triples():
            graph.add(triple)
        return graph


def add_events(g: set[tuple], corpus: Corpus, iris: dict[str, URIRef], ids: Assignment | None = None) -> None:
    """Each event: its class, ends, place, date, and the provenance an assertion has."""
    assertions: dict[tuple[str, str, str, str], list[tuple[int, URIRef]]] = {}
    for fact in corpus.facts:
        node = fact_iri(fact.article, iris[fact.subject], fact.predicate, iris[fact.object], fact.start, fact.rule)
        assertions.setdefault((fact.article, fact.subject, fact.predicate, fact.object), []).append((fact.start, node))
    for event in corpus.events:
        node = event_iri(event, iris)
        g.add((node, RDF.type, KGO[event.kind]))
        for prop, keys in ((KGO.agent, event.agents), (KGO.target, event.targets), (KGO.concerns, event.concerns),
                           (KGO.place, event.places)):
            for key in keys:
                g.add((node, prop, iris[key]))
        if event.target_description:
            g.add((node, KGO.targetDescription, Literal(event.target_description, lang="fr")))
        if event.date_value:
            g.add((node, KGO.date, Literal(event.date_value, datatype=XSD[event.date_type])))
            g.add((node, KGO.dateText, Literal(event.date_text, lang="fr")))
        for subject in event.agents:
            for obj in event.targets:
                stated = assertions.get((event.article, subject, event.predicate, obj), [])
                same_sentence = [n for start, n in stated if start == event.start]
                for assertion in same_sentence or [n for _, n in stated[:1]]:
                    g.add((node, KGO.assertion, assertion))
        g.add((node, PROV.wasDerivedFrom, article_iri(event.article, ids)))
        g.add((node, KGO.sentenceText, Literal(event.sentence, lang="fr")))
        g.add((node, KGO.startOffset, Literal(event.start, datatype=XSD.integer)))
        g.add((node, KGO.endOffset, Literal(event.end, datatype=XSD.integer)))
        g.add((node, KGO.rule, Literal(event.rule)))
        g.add((node, KGO.confidence, Literal(f"{event.confidence:.2f}", datatype=XSD.decimal)))


def build_quads(corpus: Corpus, include_ontology: bool = True, ids: Assignment | None = None) -> Quads:
    """The whole corpus as quads: the default graph, and one named graph per article of its direct triples.

    ids: the IRIs to use (kg.rdf.ids.assign against the output folder's registry); by default, minted
    afresh. IRIs an earlier build published and merged since are stated ``owl:sameAs`` their canonical one.
    """
    quads = Quads()
    g = quads.default
    ids = ids or assign(corpus)
    if include_ontology:
        for triple in ontology_link():  # owl:imports and the named class tree, no blank node
            g.add(triple)
    iris = entity_iris(corpus, ids)
    for old, canonical in ids.same_as.items():
        g.add((ENT[old], OWL.sameAs, ENT[canonical]))
    for key, entity in sorted(corpus.entities.items()):
        node = iris[key]
        g.add((node, RDF.type, KGO[entity.fine or entity.coarse]))
        g.add((node, RDFS.label, Literal(entity.label, lang="fr")))
        for name in sorted(entity.names - {entity.label}):
            g.add((node, SKOS.altLabel, Literal(name, lang="fr")))
        if entity.wikidata:
            g.add((node, SKOS.exactMatch, WD[entity.wikidata]))
        g.add((node, KGO.mentionCount, Literal(len(corpus.mentions.get(key, ())), datatype=XSD.integer)))
    for article in corpus.articles:
        node = article_iri(article.id, ids)
        g.add((node, RDF.type, SCHEMA.NewsArticle))
        g.add((node, SCHEMA.identifier, Literal(article.id)))
        g.add((node, KGO.sourceFile, Literal(Path(article.source).name)))  # no machine path in the graph
        for prop, value in (
            (SCHEMA.headline, article.title),
            (SCHEMA.url, article.url),
            (SCHEMA.datePublished, article.date),
            (SCHEMA.publisher, article.publisher),
            (SCHEMA.author, article.author),
            (KGO.citesSource, article.cites),
        ):
            if value:
                g.add((node, prop, Literal(value)))
    for key, group in sorted(corpus.mentions.items()):
        for article_id in sorted({a for a, _ in group}):
            g.add((article_iri(article_id, ids), SCHEMA.mentions, iris[key]))
    for fact in corpus.facts:
        s, o = iris[fact.subject], iris[fact.object]
        p = KGO[fact.predicate]
        article = article_iri(fact.article, ids)
        g.add((s, p, o))
        quads.named(article).add((s, p, o))
        node = fact_iri(fact.article, s, fact.predicate, o, fact.start, fact.rule)
        g.add((node, RDF.type, KGO.Assertion))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        g.add((node, PROV.wasDerivedFrom, article))
        g.add((node, KGO.sentenceText, Literal(fact.sentence, lang="fr")))
        g.add((node, KGO.startOffset, Literal(fact.start, datatype=XSD.integer)))
        g.add((node, KGO.endOffset, Literal(fact.end, datatype=XSD.integer)))
        g.add((node, KGO.rule, Literal(fact.rule)))
        g.add((node, KGO.confidence, Literal(f"{fact.confidence:.2f}", datatype=XSD.decimal)))
        g.add((node, KGO.tier, Literal(fact.tier)))
    add_events(g, corpus, iris, ids)
    return quads
