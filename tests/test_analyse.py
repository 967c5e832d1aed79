"""Analytics on small hand-made graphs, checked against networkx; the published files; the commands."""

from __future__ import annotations

import csv
import math
import os
import subprocess
import sys

import networkx as nx
import numpy as np
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.analyse.analytics import analyse
from kg.analyse.centrality import centralities
from kg.analyse.communities import LOUVAIN_SEED, communities
from kg.analyse.entity_graph import read_entity_graph, simple_projection, to_networkx
from kg.analyse.links import suggest_links
from kg.analyse.report import write_analytics
from kg.rdf.vocab import ART, BASE, ENT, FACT, KGO, PREDICATES, SCHEMA
from kg.render.page import page_data

ANALYTICS_FILES = ("analytics.ttl", "report.md", "centrality.csv", "communities.csv", "suggested_links.csv")


def entity(graph: Graph, name: str, kind: str, label: str, *alt: str) -> URIRef:
    node = ENT[name]
    graph.add((node, RDF.type, KGO[kind]))
    graph.add((node, RDFS.label, Literal(label, lang="fr")))
    for other in alt:
        graph.add((node, SKOS.altLabel, Literal(other, lang="fr")))
    return node


def relation(graph: Graph, s: URIRef, predicate: str, o: URIRef, sentence: str = "", article: str = "a1") -> None:
    graph.add((s, KGO[predicate], o))
    if sentence:
        node = FACT[f"{s.split('/')[-1]}-{predicate}-{o.split('/')[-1]}-{article}"]
        graph.add((node, RDF.type, KGO.Assertion))
        graph.add((node, RDF.subject, s))
        graph.add((node, RDF.predicate, KGO[predicate]))
        graph.add((node, RDF.object, o))
        graph.add((node, PROV.wasDerivedFrom, ART[article]))
        graph.add((node, KGO.sentenceText, Literal(sentence, lang="fr")))


def event(graph: Graph, name: str, kind: str, agent: URIRef | None, target: URIRef | None, date: Literal | None):
    node = URIRef(f"{BASE}event/{name}")
    graph.add((node, RDF.type, KGO[kind]))
    if agent is not None:
        graph.add((node, KGO.agent, agent))
    if target is not None:
        graph.add((node, KGO.target, target))
    if date is not None:
        graph.add((node, KGO.date, date))
    return node


@pytest.fixture
def small() -> Graph:
    """Two clusters joined by one bridge, a duplicate statement, noise that is not an entity, one isolated site."""
    g = Graph()
    sacem = entity(g, "sacem", "RightsHolder", "Sacem", "Société des auteurs")
    court = entity(g, "tj-paris", "Court", "tribunal judiciaire de Paris")
    orange = entity(g, "orange", "InternetServiceProvider", "Orange")
    site = entity(g, "zikmu", "Website", "Zikmu.fr")
    police = entity(g, "police", "LawEnforcement", "police judiciaire")
    admin = entity(g, "jean-dupont", "Person", "Jean Dupont")
    lyon = entity(g, "lyon", "City", "Lyon")
    entity(g, "alone-com", "Website", "Alone.com")
    relation(g, sacem, "sues", site, "La Sacem poursuit Zikmu.fr.", "a1")
    relation(g, sacem, "sues", site, "La Sacem a assigné Zikmu.fr.", "a2")  # same triple, second source
    relation(g, court, "orders", orange, "Le tribunal ordonne à Orange de bloquer Zikmu.fr.", "a1")
    relation(g, orange, "blocks", site, "Orange bloque Zikmu.fr.", "a1")
    relation(g, court, "orders", site)
    relation(g, admin, "operates", site, "Jean Dupont exploite Zikmu.fr.", "a2")
    relation(g, police, "arrests", admin, "La police arrête Jean Dupont.", "a2")
    relation(g, admin, "locatedIn", lyon)
    relation(g, police, "locatedIn", lyon)
    g.add((ART.a1, RDF.type, SCHEMA.NewsArticle))
    g.add((ART.a1, SCHEMA.identifier, Literal("a1")))
    g.add((ART.a1, SCHEMA.headline, Literal("Zikmu.fr bloqué")))
    # Not entities: an event, the ontology's own terms, a labelled node without a kgo class.
    event(g, "e1", "Lawsuit", sacem, site, Literal("2021-02-03", datatype=XSD.date))
    g.add((KGO.sues, RDFS.label, Literal("poursuit en justice", lang="fr")))
    g.add((ENT.nobody, RDFS.label, Literal("sans classe")))
    g.add((ENT.nobody, KGO.sues, site))
    return g


def test_entities_and_relations_read_back(small):
    eg = read_entity_graph(small)
    assert set(eg.entities) == {
        str(ENT[n]) for n in ("sacem", "tj-paris", "orange", "zikmu", "police", "jean-dupont", "lyon", "alone-com")
    }
    sacem = eg.entities[str(ENT.sacem)]
    assert (sacem.kind, sacem.coarse, sacem.names) == ("RightsHolder", "Organization", ("Société des auteurs",))
    assert eg.entities[str(ENT.lyon)].coarse == "Place"
    assert len(eg.relations) == 8  # distinct (s, p, o); the triple from the class-less node is left out
    sues = next(r for r in eg.relations if r.predicate == "sues")
    assert [e.sentence for e in eg.evidence[sues]] == ["La Sacem poursuit Zikmu.fr.", "La Sacem a assigné Zikmu.fr."]
    assert eg.evidence[sues][0].headline == "Zikmu.fr bloqué"
    assert eg.predicate_labels["orders"] == "ordonne à"
    assert eg.class_labels["Court"] == "juridiction"


def test_the_build_reads_its_quads_as_rdflib_reads_the_graph(small, built_seeds):
    """kg build hands the analytics an index of its quads (no rdflib Graph): the entity graph is the same."""
    from kg.analyse.entity_graph import TripleIndex

    seeds = Graph().parse(built_seeds / "graph.ttl")
    for graph in (small, seeds):
        assert read_entity_graph(TripleIndex(graph)) == read_entity_graph(graph)


def test_inferred_superclasses_keep_the_most_specific_class(small):
    small.add((ENT.sacem, RDF.type, KGO.Organization))  # what an RDFS closure adds
    assert read_entity_graph(small).entities[str(ENT.sacem)].kind == "RightsHolder"


def reference_projection(small: Graph) -> nx.Graph:
    """The projection built independently of kg's reader: undirected, one edge per linked pair of entities."""
    entities = {str(s) for s, o in small.subject_objects(RDF.type) if str(o).startswith(str(KGO))
                and (s, RDFS.label, None) in small and o not in (KGO.Assertion, KGO.Lawsuit)}
    predicates = {KGO[name] for name in PREDICATES}
    g = nx.Graph()
    g.add_nodes_from(entities)
    g.add_edges_from(
        (str(s), str(o)) for s, p, o in small if p in predicates and str(s) in entities and str(o) in entities
    )
    return g


def test_centralities_equal_networkx(small):
    reference = reference_projection(small)
    simple = simple_projection(to_networkx(read_entity_graph(small)))
    assert set(simple.nodes) == set(reference.nodes)
    assert {frozenset(e) for e in simple.edges} == {frozenset(e) for e in reference.edges}
    scores = centralities(simple)
    degree = nx.degree_centrality(reference)
    betweenness = nx.betweenness_centrality(reference)
    nodes = list(reference.nodes)
    google = np.asarray(nx.google_matrix(reference, nodelist=nodes, weight=None))
    values, vectors = np.linalg.eig(google.T)
    principal = np.real(vectors[:, np.argmax(np.real(values))])
    pagerank = dict(zip(nodes, principal / principal.sum(), strict=True))
    for node in nodes:
        assert scores[node].degree == pytest.approx(degree[node])
        assert scores[node].betweenness == pytest.approx(betweenness[node])
        assert scores[node].pagerank == pytest.approx(pagerank[node], abs=1e-9)
    assert sum(s.pagerank for s in scores.values()) == pytest.approx(1.0)
    assert scores[str(ENT["alone-com"])].degree == 0.0


def test_pagerank_equals_networkx_pagerank_where_scipy_is_installed():
    pytest.importorskip("scipy")
    g = nx.les_miserables_graph()
    g = nx.Graph(g.edges())  # unweighted, as kg's projection
    scores = centralities(g)
    for node, value in nx.pagerank(g, tol=1e-12).items():  # both converged as far as kg converges
        assert scores[node].pagerank == pytest.approx(value, abs=1e-6)


def test_louvain_communities_are_seeded_and_stable():
    g = nx.Graph()
    g.add_nodes_from(sorted("abcdefghz"))
    g.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")])
    g.add_edges_from([("g", "h")])
    found = communities(g)
    assert found == [("a", "b", "c"), ("d", "e", "f"), ("g", "h"), ("z",)]
    expected = nx.community.louvain_communities(g, seed=LOUVAIN_SEED)
    assert {frozenset(c) for c in found} == {frozenset(c) for c in expected}
    assert all(communities(g) == found for _ in range(3))


def test_suggested_links_are_the_expected_pairs():
    g = nx.Graph()
    g.add_nodes_from(["a", "b", "c", "h", "k"])
    g.add_edges_from([("a", "h"), ("b", "h"), ("a", "k"), ("b", "k"), ("c", "h")])
    links = suggest_links(g)
    assert [(s.source, s.target, s.shared) for s in links] == [
        ("h", "k", ("a", "b")),  # 1/ln 2 + 1/ln 2
        ("a", "b", ("h", "k")),  # 1/ln 3 + 1/ln 2
        ("a", "c", ("h",)),
        ("b", "c", ("h",)),
    ]
    assert links[0].score == pytest.approx(2 / math.log(2))
    assert links[1].score == pytest.approx(1 / math.log(3) + 1 / math.log(2))
    reference = {(u, v): p for u, v, p in nx.adamic_adar_index(g)}
    for link in links:
        pair = (link.source, link.target) if (link.source, link.target) in reference else (link.target, link.source)
        assert link.score == pytest.approx(reference[pair])
    assert len(suggest_links(g, limit=2)) == 2
    assert all(not g.has_edge(s.source, s.target) for s in links)


def test_suggestions_on_the_entity_graph(small):
    eg = read_entity_graph(small)
    result = analyse(eg)
    pairs = {(s.source, s.target): s.shared for s in result.links}
    # Sacem and the court both act on Zikmu.fr; the court's order and Orange's block share the site.
    assert pairs[(str(ENT.sacem), str(ENT["tj-paris"]))] == (str(ENT.zikmu),)
    assert all(str(ENT["alone-com"]) not in pair for pair in pairs)


def test_analytics_files(small, tmp_path):
    eg = read_entity_graph(small)
    result = analyse(eg)
    written = write_analytics(eg, result, tmp_path)
    assert sorted(written) == sorted(ANALYTICS_FILES)
    rdf = Graph().parse(tmp_path / "analytics.ttl", format="turtle")
    zikmu = ENT.zikmu
    figures = result.centrality[str(zikmu)]
    assert float(rdf.value(zikmu, KGO.pageRank)) == pytest.approx(figures.pagerank, abs=1e-6)
    assert float(rdf.value(zikmu, KGO.degreeCentrality)) == pytest.approx(figures.degree, abs=1e-6)
    assert float(rdf.value(zikmu, KGO.betweennessCentrality)) == pytest.approx(figures.betweenness, abs=1e-6)
    community = rdf.value(zikmu, KGO.inCommunity)
    assert str(community).startswith(BASE + "community/")
    assert (community, RDF.type, KGO.Community) in rdf
    members = set(rdf.subjects(KGO.inCommunity, community))
    assert int(rdf.value(community, KGO.communitySize)) == len(members)
    suggestions = set(rdf.subjects(RDF.type, KGO.SuggestedLink))
    assert len(suggestions) == len(result.links)
    first = next(s for s in suggestions if rdf.value(s, KGO.linkSource) == ENT.sacem
                 and rdf.value(s, KGO.linkTarget) == ENT["tj-paris"])
    assert str(first).startswith(BASE + "suggestion/")
    assert set(rdf.objects(first, KGO.sharedNeighbour)) == {zikmu}
    assert str(rdf.value(first, KGO.linkMethod)) == "adamic-adar"
    with open(tmp_path / "centrality.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(eg.entities)
    assert rows[0]["entity"] == result.ranking[0]
    with open(tmp_path / "suggested_links.csv", encoding="utf-8") as handle:
        links = list(csv.DictReader(handle))
    assert {(r["source_label"], r["target_label"]) for r in links} >= {("Sacem", "tribunal judiciaire de Paris")}
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## Acteurs centraux par classe" in report and "Zikmu.fr" in report
    assert "| Sacem | tribunal judiciaire de Paris |" in report


def test_analytics_are_deterministic_and_atomic(small, tmp_path, monkeypatch):
    eg = read_entity_graph(small)
    write_analytics(eg, analyse(eg), tmp_path / "one")
    write_analytics(read_entity_graph(small), analyse(read_entity_graph(small)), tmp_path / "two")
    for name in ANALYTICS_FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    before = {name: (tmp_path / "one" / name).read_bytes() for name in ANALYTICS_FILES}

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr("kg.analyse.report.suggested_links_csv", broken)
    small.add((ENT.sacem, KGO.blocks, ENT["alone-com"]))  # a changed graph, whose files must not half-land
    with pytest.raises(RuntimeError):
        write_analytics(read_entity_graph(small), analyse(read_entity_graph(small)), tmp_path / "one")
    assert {name: (tmp_path / "one" / name).read_bytes() for name in ANALYTICS_FILES} == before
    assert not [p for p in (tmp_path / "one").iterdir() if p.name.startswith(".")]


def test_report_escapes_article_text(small, tmp_path):
    entity(small, "evil", "Website", "<script>alert(1)</script>|x")
    small.add((ENT.sacem, KGO.sues, ENT.evil))
    eg = read_entity_graph(small)
    write_analytics(eg, analyse(eg), tmp_path)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\|x" in report


def test_timeline_of_events_ordered_by_date(small):
    sacem, site = ENT.sacem, ENT.zikmu
    event(small, "e2", "Blocking", ENT.orange, site, Literal("2020", datatype=XSD.gYear))
    event(small, "e3", "Shutdown", ENT.police, site, None)
    event(small, "e4", "CourtOrder", ENT["tj-paris"], site, Literal("2021-01", datatype=XSD.gYearMonth))
    event(small, "e5", "Arrest", ENT.police, None, Literal("--05-04", datatype=XSD.gMonthDay))
    eg = read_entity_graph(small)
    timeline = eg.timelines[str(site)]
    assert [(t.date, t.kind, t.role, t.other) for t in timeline] == [
        ("2020", "Blocking", "target", "Orange"),
        ("2021-01", "CourtOrder", "target", "tribunal judiciaire de Paris"),
        ("2021-02-03", "Lawsuit", "target", "Sacem"),
        ("", "Shutdown", "target", "police judiciaire"),
    ]
    assert [(t.kind, t.role, t.other) for t in eg.timelines[str(sacem)]] == [("Lawsuit", "agent", "Zikmu.fr")]
    node = next(n for n in page_data(eg, analyse(eg))["nodes"] if n["id"] == str(site))
    expected = ["blocage", "décision de justice", "poursuite judiciaire", "fermeture"]
    assert [t["event"] for t in node["timeline"]] == expected


def test_page_data_counts_and_top(small):
    eg = read_entity_graph(small)
    result = analyse(eg)
    data = page_data(eg, result)
    assert len(data["nodes"]) == len(eg.entities) and len(data["edges"]) == len(eg.relations)
    top = page_data(eg, result, top=3)
    assert {n["id"] for n in top["nodes"]} == set(result.ranking[:3])
    kept = {n["id"] for n in top["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in top["edges"])
    assert max(top["nodes"], key=lambda n: n["size"])["id"] == result.ranking[0]


def run_kg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=300, env=env
    )


def test_analyse_command_redoes_the_build_step(built_seeds, tmp_path):
    result = run_kg("analyse", str(built_seeds / "graph.ttl"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name in ANALYTICS_FILES:
        assert (tmp_path / name).read_bytes() == (built_seeds / name).read_bytes(), name
    assert not (tmp_path / "graph.html").exists()


def test_commands_name_a_bad_graph_file(tmp_path):
    missing = tmp_path / "nothing.ttl"
    result = run_kg("analyse", str(missing))
    assert result.returncode == 2 and str(missing) in result.stderr and "no such file" in result.stderr
    broken = tmp_path / "broken.ttl"
    broken.write_text("ent:x a <unterminated .\n", encoding="utf-8")
    result = run_kg("render", str(broken), "--out", str(tmp_path))
    assert result.returncode == 2 and str(broken) in result.stderr and "not a readable graph" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "graph.html").exists()


def test_render_writes_utf8_under_an_ascii_locale(built_seeds, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "PYTHONIOENCODING")}
    env.update(LC_ALL="POSIX", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    probe = subprocess.run([sys.executable, "-c", "import locale; print(locale.getpreferredencoding())"],
                           capture_output=True, text=True, env=env)
    assert probe.stdout.strip().upper() in ("ANSI_X3.4-1968", "ASCII", "US-ASCII"), probe.stdout
    result = run_kg("render", str(built_seeds / "graph.ttl"), "--out", str(tmp_path), env=env)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "graph.html").read_bytes()
    assert page == (built_seeds / "graph.html").read_bytes()
    assert "entités".encode() in page


def test_betweenness_of_a_large_graph_is_a_seeded_estimate():
    g = nx.gnm_random_graph(1100, 1700, seed=3)
    g = nx.relabel_nodes(g, {n: f"n{n:04d}" for n in g.nodes})
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g.nodes))
    simple.add_edges_from(sorted(g.edges))
    scores = centralities(simple)
    expected = nx.betweenness_centrality(simple, k=300, seed=6)
    assert all(scores[n].betweenness == pytest.approx(expected[n]) for n in simple.nodes)
    exact = nx.betweenness_centrality(simple)
    top_exact = sorted(exact, key=exact.get, reverse=True)[:10]
    top_estimate = sorted(scores, key=lambda n: scores[n].betweenness, reverse=True)[:30]
    assert len(set(top_exact) & set(top_estimate)) >= 8  # the estimate finds the same brokers


def test_build_step_honours_analyse_and_html_flags(small, tmp_path):
    from kg.pipeline import analyse_and_render

    notes = analyse_and_render(small, tmp_path / "html-only", analyse=False, html=True)
    assert sorted(p.name for p in (tmp_path / "html-only").iterdir()) == ["graph.html"]
    assert len(notes) == 1 and notes[0].startswith("graph.html: 8 entities, 8 relations")
    notes = analyse_and_render(small, tmp_path / "analytics-only", analyse=True, html=False)
    assert sorted(p.name for p in (tmp_path / "analytics-only").iterdir()) == sorted(ANALYTICS_FILES)
    assert notes[0].startswith("analytics: 8 entities")


@pytest.mark.parametrize("pivots", [0, 7, 40])
def test_betweenness_is_networkxs_but_for_the_last_bits(pivots):
    """kg's level-at-a-time Brandes pass gives networkx's scores, exact or sampled with the same seed (the sums
    run in another order: equal to 12 significant digits), and the same floats every time."""
    from kg.analyse.centrality import BETWEENNESS_SEED, betweenness_scores

    graph = nx.disjoint_union(nx.gnm_random_graph(60, 150, seed=3), nx.gnm_random_graph(30, 40, seed=4))
    graph.add_edges_from([(90, 91), (92, 92)])  # a lone pair, a lone node with a self-loop
    graph = nx.relabel_nodes(graph, {n: f"n{n}" for n in graph})
    expected = nx.betweenness_centrality(graph, k=pivots or None, normalized=True, seed=BETWEENNESS_SEED)
    scores = betweenness_scores(graph, pivots)
    assert list(scores) == list(expected)
    assert all(scores[n] == pytest.approx(expected[n], rel=1e-12, abs=1e-15) for n in graph)
    assert betweenness_scores(graph, pivots) == scores


@pytest.mark.parametrize("hub", [3, 8])
def test_suggested_links_through_hubs_are_those_of_every_candidate_pair(hub):
    """suggest_links skips pairs only hubs join when they cannot make the list: the list is the full one."""
    from kg.analyse.links import SuggestedLink, candidate_pairs, suggest_links

    graph = nx.barabasi_albert_graph(300, 2, seed=5)
    graph.add_edges_from(nx.star_graph(60).edges())
    graph = nx.relabel_nodes(graph, {n: f"n{n:04d}" for n in graph})
    every = [
        SuggestedLink(u, v, score, tuple(sorted(nx.common_neighbors(graph, u, v))))
        for u, v, score in nx.adamic_adar_index(graph, candidate_pairs(graph))
    ]
    every.sort(key=lambda link: (-round(link.score, 9), link.source, link.target))
    for limit in (5, 20, len(every) + 1):
        links = suggest_links(graph, limit, hub=hub)  # scores summed in another order: equal but for the last bits
        pairs = [(k.source, k.target, k.shared) for k in links]
        assert pairs == [(k.source, k.target, k.shared) for k in every[:limit]]
        assert all(k.score == pytest.approx(e.score, rel=1e-12) for k, e in zip(links, every, strict=False))
