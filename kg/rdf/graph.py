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
from collections.abc import Iterable, Iterator
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
        return bound_graph(self.triples())


def bound_graph(triples: Iterable[tuple]) -> Graph:
    """An rdflib Graph of these triples, with the project's prefixes bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph


# Terms looked up once: rdflib's Namespace makes (and checks) a new URIRef on every attribute access
_TYPE, _LABEL, _ALT, _EXACT, _SAME_AS = RDF.type, RDFS.label, SKOS.altLabel, SKOS.exactMatch, OWL.sameAs
_SUBJECT, _PREDICATE, _OBJECT, _DERIVED = RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom
_AGENT, _TARGET, _CONCERNS, _PLACE = KGO.agent, KGO.target, KGO.concerns, KGO.place
_TARGET_DESCRIPTION, _DATE, _DATE_TEXT, _ASSERTION = KGO.targetDescription, KGO.date, KGO.dateText, KGO.assertion
_SENTENCE, _START, _END, _RULE = KGO.sentenceText, KGO.startOffset, KGO.endOffset, KGO.rule
_CONFIDENCE, _TIER, _ASSERTION_CLASS, _MENTION_COUNT = KGO.confidence, KGO.tier, KGO.Assertion, KGO.mentionCount
_INTEGER, _DECIMAL = XSD.integer, XSD.decimal
_NEWS, _IDENTIFIER, _SOURCE_FILE, _MENTIONS = SCHEMA.NewsArticle, SCHEMA.identifier, KGO.sourceFile, SCHEMA.mentions
_HEADLINE, _URL, _PUBLISHED = SCHEMA.headline, SCHEMA.url, SCHEMA.datePublished
_ARTICLE_FIELDS = (("title", _HEADLINE), ("url", _URL), ("date", _PUBLISHED), ("publisher", SCHEMA.publisher),
                   ("author", SCHEMA.author), ("cites", KGO.citesSource))


class _Made:
    """Terms made once per build and shared (terms are immutable): kgo names, article IRIs, repeated literals."""

    def __init__(self, ids: Assignment | None):
        self.ids = ids
        self._kgo: dict[str, URIRef] = {}
        self._articles: dict[str, URIRef] = {}
        self._literals: dict[tuple, Literal] = {}

    def kgo(self, name: str) -> URIRef:
        term = self._kgo.get(name)
        if term is None:
            term = self._kgo[name] = KGO[name]
        return term

    def article(self, article_id: str) -> URIRef:
        term = self._articles.get(article_id)
        if term is None:
            term = self._articles[article_id] = article_iri(article_id, self.ids)
        return term

    def literal(self, value, lang: str | None = None, datatype: URIRef | None = None) -> Literal:
        key = (type(value), value, lang, datatype)
        term = self._literals.get(key)
        if term is None:
            term = self._literals[key] = Literal(value, lang=lang, datatype=datatype)
        return term


def add_events(
    g: set[tuple], corpus: Corpus, iris: dict[str, URIRef], ids: Assignment | None = None, made: _Made | None = None
) -> None:
    """Each event: its class, ends, place, date, and the provenance an assertion has."""
    made = made or _Made(ids)
    literal = made.literal
    assertions: dict[tuple[str, str, str, str], list[tuple[int, URIRef]]] = {}
    for fact in corpus.facts:
        node = fact_iri(fact.article, iris[fact.subject], fact.predicate, iris[fact.object], fact.start, fact.rule)
        assertions.setdefault((fact.article, fact.subject, fact.predicate, fact.object), []).append((fact.start, node))
    for event in corpus.events:
        node = event_iri(event, iris)
        g.add((node, _TYPE, made.kgo(event.kind)))
        for prop, keys in ((_AGENT, event.agents), (_TARGET, event.targets), (_CONCERNS, event.concerns),
                           (_PLACE, event.places)):
            for key in keys:
                g.add((node, prop, iris[key]))
        if event.target_description:
            g.add((node, _TARGET_DESCRIPTION, literal(event.target_description, lang="fr")))
        if event.date_value:
            g.add((node, _DATE, literal(event.date_value, datatype=XSD[event.date_type])))
            g.add((node, _DATE_TEXT, literal(event.date_text, lang="fr")))
        for subject in event.agents:
            for obj in event.targets:
                stated = assertions.get((event.article, subject, event.predicate, obj), [])
                same_sentence = [n for start, n in stated if start == event.start]
                for assertion in same_sentence or [n for _, n in stated[:1]]:
                    g.add((node, _ASSERTION, assertion))
        g.add((node, _DERIVED, made.article(event.article)))
        g.add((node, _SENTENCE, literal(event.sentence, lang="fr")))
        g.add((node, _START, literal(event.start, datatype=_INTEGER)))
        g.add((node, _END, literal(event.end, datatype=_INTEGER)))
        g.add((node, _RULE, literal(event.rule)))
        g.add((node, _CONFIDENCE, literal(f"{event.confidence:.2f}", datatype=_DECIMAL)))


def build_quads(corpus: Corpus, include_ontology: bool = True, ids: Assignment | None = None) -> Quads:
    """The whole corpus as quads: the default graph, and one named graph per article of its direct triples.

    ids: the IRIs to use (kg.rdf.ids.assign against the output folder's registry); by default, minted
    afresh. IRIs an earlier build published and merged since are stated ``owl:sameAs`` their canonical one.
    """
    quads = Quads()
    g = quads.default
    ids = ids or assign(corpus)
    made = _Made(ids)
    literal = made.literal
    if include_ontology:
        for triple in ontology_link():  # owl:imports and the named class tree, no blank node
            g.add(triple)
    iris = entity_iris(corpus, ids)
    for old, canonical in ids.same_as.items():
        g.add((ENT[old], _SAME_AS, ENT[canonical]))
    for key, entity in sorted(corpus.entities.items()):
        node = iris[key]
        g.add((node, _TYPE, made.kgo(entity.fine or entity.coarse)))
        g.add((node, _LABEL, Literal(entity.label, lang="fr")))
        for name in sorted(entity.names - {entity.label}):
            g.add((node, _ALT, Literal(name, lang="fr")))
        if entity.wikidata:
            g.add((node, _EXACT, WD[entity.wikidata]))
        g.add((node, _MENTION_COUNT, literal(len(corpus.mentions.get(key, ())), datatype=_INTEGER)))
    for article in corpus.articles:
        node = made.article(article.id)
        g.add((node, _TYPE, _NEWS))
        g.add((node, _IDENTIFIER, Literal(article.id)))
        g.add((node, _SOURCE_FILE, Literal(Path(article.source).name)))  # no machine path in the graph
        for name, prop in _ARTICLE_FIELDS:
            value = getattr(article, name)
            if value:
                g.add((node, prop, Literal(value)))
    for key, group in sorted(corpus.mentions.items()):
        for article_id in sorted({a for a, _ in group}):
            g.add((made.article(article_id), _MENTIONS, iris[key]))
    for fact in corpus.facts:
        s, o = iris[fact.subject], iris[fact.object]
        p = made.kgo(fact.predicate)
        article = made.article(fact.article)
        g.add((s, p, o))
        quads.named(article).add((s, p, o))
        node = fact_iri(fact.article, s, fact.predicate, o, fact.start, fact.rule)
        g.add((node, _TYPE, _ASSERTION_CLASS))
        g.add((node, _SUBJECT, s))
        g.add((node, _PREDICATE, p))
        g.add((node, _OBJECT, o))
        g.add((node, _DERIVED, article))
        g.add((node, _SENTENCE, literal(fact.sentence, lang="fr")))
        g.add((node, _START, literal(fact.start, datatype=_INTEGER)))
        g.add((node, _END, literal(fact.end, datatype=_INTEGER)))
        g.add((node, _RULE, literal(fact.rule)))
        g.add((node, _CONFIDENCE, literal(f"{fact.confidence:.2f}", datatype=_DECIMAL)))
        g.add((node, _TIER, literal(fact.tier)))
    add_events(g, corpus, iris, ids, made)
    return quads
