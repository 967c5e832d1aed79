"""The ontology: its header, labels, domains and inverses; terms used by a build are declared; closure; docs."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.cli import main
from kg.rdf.infer import closure, write_inferred
from kg.rdf.ontology import DATA_GRAPH, load_ontology, ontology_link
from kg.rdf.publish.docs import docs_are_current, render_ontology_html, write_docs
from kg.rdf.validate import read_graph
from kg.rdf.vocab import KGO, ONTOLOGY_FILE, PREDICATES, SCHEMA

ONTOLOGY_IRI = URIRef("https://w3id.org/kg-fr/ontology")
# Terms of ontology 0.1.0 that other modules write or read: a rewrite must keep every one.
TERMS_0_1 = (
    "Agent Person Organization Website Place CreativeWork RightsHolder LawEnforcement Court InternetServiceProvider "
    "MediaOutlet PirateGroup Government Country City Region Film TVSeries MusicAlbum MusicRecording Book VideoGame "
    "sues shutsDown hosts arrests orders blocks convicts operates locatedIn holdsRightsTo Assertion sentenceText "
    "startOffset endOffset rule confidence tier sourceFile mentionCount Event Lawsuit Shutdown Hosting Arrest "
    "CourtOrder Blocking Conviction agent target targetDescription concerns place date dateText assertion "
    "degreeCentrality betweennessCentrality pageRank Community inCommunity communitySize SuggestedLink linkSource "
    "linkTarget linkScore linkMethod sharedNeighbour"
).split()
INVERSES = {
    "sues": "suedBy", "shutsDown": "shutDownBy", "hosts": "hostedBy", "arrests": "arrestedBy", "orders": "orderedBy",
    "blocks": "blockedBy", "convicts": "convictedBy", "operates": "operatedBy", "locatedIn": "locationOf",
    "holdsRightsTo": "rightsHeldBy",
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def kg_terms(graph: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({t for kind in kinds for t in graph.subjects(RDF.type, kind) if str(t).startswith(str(KGO))})


def members(graph: Graph, expression) -> set:
    if isinstance(expression, BNode):
        return set(Collection(graph, graph.value(expression, OWL.unionOf)))
    return {expression}


def superclasses(graph: Graph, cls) -> set:
    return set(graph.transitive_objects(cls, RDFS.subClassOf))


def test_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    version_iri = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    version = str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo))
    assert str(version_iri) == f"https://w3id.org/kg-fr/ontology/{version}"
    props = {str(p) for p in ontology.predicates(ONTOLOGY_IRI, None)}
    for needed in ("http://purl.org/dc/terms/title", "http://purl.org/dc/terms/description",
                   "http://purl.org/dc/terms/license"):
        assert needed in props, needed
    titles = {t.language for t in ontology.objects(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/title"))}
    assert titles == {"fr", "en"}


def test_every_old_term_is_kept(ontology):
    declared = set(kg_terms(ontology))
    assert [t for t in TERMS_0_1 if KGO[t] not in declared] == []


def test_every_term_has_labels_comments_domain_and_range(ontology):
    problems = []
    for term in kg_terms(ontology):
        for prop in (RDFS.label, RDFS.comment):
            languages = {v.language for v in ontology.objects(term, prop) if isinstance(v, Literal)}
            if not {"fr", "en"} <= languages:
                problems.append(f"{term} {prop}: {languages}")
        is_property = (term, RDF.type, OWL.Class) not in ontology
        if is_property and (ontology.value(term, RDFS.domain) is None or ontology.value(term, RDFS.range) is None):
            problems.append(f"{term}: no rdfs:domain or rdfs:range")
    assert problems == []


@pytest.mark.parametrize("coarse, aligned", [("Person", "Person"), ("Organization", "Organization"),
                                              ("Website", "WebSite"), ("Place", "Place"),
                                              ("CreativeWork", "CreativeWork"), ("Event", "Event")])
def test_alignment_to_schema_org(ontology, coarse, aligned):
    assert SCHEMA[aligned] in superclasses(ontology, KGO[coarse])


def test_court_is_an_organization_and_a_prov_agent(ontology):
    assert {KGO.Organization, KGO.Agent, URIRef("http://www.w3.org/ns/prov#Agent")} <= superclasses(ontology, KGO.Court)


@pytest.mark.parametrize("forward, inverse", sorted(INVERSES.items()))
def test_inverses_swap_domain_and_range(ontology, forward, inverse):
    f, i = KGO[forward], KGO[inverse]
    assert (f, OWL.inverseOf, i) in ontology and (i, OWL.inverseOf, f) in ontology
    assert members(ontology, ontology.value(i, RDFS.domain)) == members(ontology, ontology.value(f, RDFS.range))
    assert members(ontology, ontology.value(i, RDFS.range)) == members(ontology, ontology.value(f, RDFS.domain))


def test_seeds_relations_fit_domains_and_ranges(built_seeds, ontology):
    """Every relation the seeds build states fits its domain and range (e.g. a Country hosts a Website)."""
    graph = read_graph(built_seeds / "graph.ttl")
    misfits = []
    for predicate in PREDICATES:
        prop = KGO[predicate]
        allowed_subjects = members(ontology, ontology.value(prop, RDFS.domain))
        allowed_objects = members(ontology, ontology.value(prop, RDFS.range))
        for s, _, o in graph.triples((None, prop, None)):
            s_classes = set().union(*(superclasses(ontology, c) for c in graph.objects(s, RDF.type)))
            o_classes = set().union(*(superclasses(ontology, c) for c in graph.objects(o, RDF.type)))
            if not (s_classes & allowed_subjects and o_classes & allowed_objects):
                misfits.append((s, predicate, o))
    assert misfits == []
    hosts = [(s, o) for s, _, o in graph.triples((None, KGO.hosts, None)) if (s, RDF.type, KGO.Country) in graph]
    assert hosts, "the seeds have a country hosting a site ('hébergé aux Pays-Bas')"


def test_every_kg_term_used_by_a_build_is_declared(built_seeds, ontology):
    graph = read_graph(built_seeds / "graph.ttl")
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KGO))}
    declared = set(kg_terms(ontology))
    assert len(used) > 20
    assert sorted(used - declared) == []


def test_graph_imports_the_ontology_and_never_skolemises_it(built_seeds, ontology):
    """The data graph links the ontology by owl:imports and keeps its named class tree; no genid IRI (#18)."""
    text = (built_seeds / "graph.ttl").read_text(encoding="utf-8")
    assert "/.well-known/genid/" not in text
    graph = read_graph(built_seeds / "graph.ttl")
    version = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert (URIRef(DATA_GRAPH), OWL.imports, version) in graph
    assert not any(isinstance(t, BNode) for triple in graph for t in triple)
    assert (KGO.Court, RDFS.subClassOf, KGO.Organization) in graph  # what the scorer and plain stores need
    assert set(ontology_link()) <= set(graph)
    assert not [t for t in graph.predicates() if t in (OWL.unionOf, RDF.first, RDF.rest)]
    # an OWL reading of data + ontology: every class named, each union a proper list, nothing anonymous typed
    both = graph + ontology
    named_classes = {c for c in both.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    assert len(named_classes) == len(set(kg_terms(ontology)) & named_classes) == len(
        [c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)])
    for union in ontology.objects(None, OWL.unionOf):
        assert all(isinstance(m, URIRef) for m in Collection(ontology, union))
    used_classes = {o for s, o in graph.subject_objects(RDF.type) if str(o).startswith(str(KGO))}
    assert used_classes <= named_classes
    import pyoxigraph

    for path in (built_seeds / "graph.ttl", ONTOLOGY_FILE):
        assert len(list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))) > 0


def test_closure_finds_a_court_when_asking_for_organizations(built_seeds):
    graph = read_graph(built_seeds / "graph.ttl")
    query = "SELECT ?x WHERE { ?x a <https://w3id.org/kg-fr/ontology#Organization> }"
    courts = set(graph.subjects(RDF.type, KGO.Court))
    assert courts
    assert not courts & {row.x for row in graph.query(query)}  # not without inference
    closed = closure(graph)
    assert courts <= {row.x for row in closed.query(query)}
    for s, _, o in graph.triples((None, KGO.hosts, None)):
        assert (o, KGO.hostedBy, s) in closed  # owl:inverseOf
    assert not any(isinstance(s, Literal) for s in closed.subjects())
    assert not any(p == OWL.sameAs and s == o for s, p, o in closed)


def test_inferred_file_is_byte_stable(built_seeds, tmp_path):
    graph = read_graph(built_seeds / "graph.ttl")
    added = write_inferred(graph, tmp_path / "one.ttl")
    assert added > 0
    write_inferred(read_graph(built_seeds / "graph.ttl"), tmp_path / "two.ttl")
    assert (tmp_path / "one.ttl").read_bytes() == (tmp_path / "two.ttl").read_bytes()
    assert len(Graph().parse(tmp_path / "one.ttl")) == len(graph) + added


def test_docs_page_is_current(tmp_path):
    fresh = write_docs(tmp_path / "ontology.html")
    assert docs_are_current(), "docs/ontology.html is stale: run `kg docs`"
    assert fresh.read_bytes() == write_docs(tmp_path / "again.html").read_bytes()
    page = fresh.read_text(encoding="utf-8")
    for term in kg_terms(load_ontology()):
        assert f'id="{str(term)[len(str(KGO)):]}"' in page


def test_docs_escape_text(ontology):
    graph = Graph() + ontology
    graph.remove((KGO.Court, RDFS.comment, None))
    graph.add((KGO.Court, RDFS.comment, Literal("<script>alert(1)</script> & co", lang="fr")))
    page = render_ontology_html(graph)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page


def test_kg_docs_check_reports_a_stale_page(tmp_path):
    stale = tmp_path / "ontology.html"
    stale.write_text("<html>ancienne version</html>\n", encoding="utf-8")
    assert main(["docs", "--check", "--out", str(stale)]) == 1
    assert main(["docs", "--out", str(stale)]) == 0
    assert main(["docs", "--check", "--out", str(stale)]) == 0


def test_closure_leaves_literal_checks_alone(built_seeds):
    """owlrl can swap rdflib's literal converters process-wide; after a closure, gMonthDay dates still validate."""
    from kg.rdf.validate import validate_graph

    graph = read_graph(built_seeds / "graph.ttl")
    closure(graph)
    report = validate_graph(graph)
    assert report.conforms, report.text()
