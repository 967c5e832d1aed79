"""Linked data that stays put (#18): stable IRIs across rebuilds, complete bundled queries, a change report,
and `kg serve` dereferencing the graph's IRIs as Turtle, JSON-LD and HTML."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS

from kg.rdf.ids import Registry, assign, preferred_name
from kg.rdf.vocab import ENT, KGO
from kg.records import Corpus, Entity
from kg.sparql.query import Query, load_graph_file, load_query, open_store, query_rdflib, query_store, with_params
from kg.sparql.terms import parse_param
from tests.bundled import PARAMS, QUERIES

REPO = Path(__file__).resolve().parent.parent
FIRST = ("002_4773fa394c0fe462.txt", "003_ac9298972f46ba7e.txt", "004_d6779043c75df468.txt")
ASK_README = "ASK { ent:mpaa kgo:sues ent:lokitorrent }"


def entity_iris(graph_file: Path) -> set[str]:
    graph = Graph().parse(graph_file)
    return {str(t) for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(ENT))}


def bound(path: Path) -> str:
    spec = PARAMS.get(path.name)
    return with_params(load_query(str(path)), dict([parse_param(spec)]) if spec else {})


# ---------------------------------------------------------------- stable identity


def test_readme_ask_answers_true_on_the_seeds(built_seeds):
    graph = load_graph_file(built_seeds / "graph.ttl")
    assert query_rdflib(graph, Query(ASK_README)).value is True
    assert query_store(open_store(built_seeds / "store"), Query(ASK_README)).value is True


def test_preferred_names_are_acronyms_or_gazetteer_names():
    def entity(label, coarse, *names):
        return Entity(key=label, label=label, coarse=coarse, names={label, *names})

    spelled = entity("Motion Picture Association of America", "Organization")
    assert preferred_name(spelled) == preferred_name(entity("MPAA", "Organization")) == "MPAA"
    assert preferred_name(entity("États-Unis", "Place", "USA", "US")) == "États-Unis"  # acronyms: organisations only
    assert preferred_name(entity("Denis Kravsov", "Person")) == "Denis Kravsov"


def test_a_merge_keeps_the_published_iri_and_publishes_same_as():
    """Two entities published apart, merged by a later corpus: one IRI stays canonical, the other is sameAs it."""
    mpaa = Entity(key="mpaa", label="MPAA", coarse="Organization", names={"MPAA"})
    long = Entity(key="motion", label="Motion Picture Association of America", coarse="Organization",
                  names={"Motion Picture Association of America"})
    first = assign(Corpus(articles=[], facts=[], entities={"mpaa": mpaa, "motion": long}))
    assert sorted(first.entities.values())[0] == "mpaa" and len(set(first.entities.values())) == 2
    other = next(local for local in first.entities.values() if local != "mpaa")
    merged = Entity(key="x", label="Motion Picture Association of America", coarse="Organization",
                    names={"MPAA", "Motion Picture Association of America"})
    registry = Registry.from_json(first.registry.to_json())
    second = assign(Corpus(articles=[], facts=[], entities={"x": merged}), registry)
    assert second.entities == {"x": "mpaa"}
    assert second.same_as == {other: "mpaa"} and second.merged == (other,) and second.minted == ()
    third = assign(Corpus(articles=[], facts=[], entities={"x": merged}), second.registry)
    assert third.same_as == {other: "mpaa"} and third.merged == ()  # published again, reported once
    gone = assign(Corpus(articles=[], facts=[], entities={}), third.registry)
    assert gone.vanished == ("mpaa",) and "mpaa" in gone.registry.entities  # reserved, never reused


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, kg_build, seeds_dir):
    """Seeds 002-004 built, then 000 and 001 added into the same output folder."""
    out = tmp_path_factory.mktemp("grow")
    corpus = tmp_path_factory.mktemp("corpus")
    for name in FIRST:
        shutil.copy(seeds_dir / name, corpus / name)
    assert kg_build(out, corpus) == 0
    first = {"iris": entity_iris(out / "graph.ttl"), "ids": json.loads((out / "ids.json").read_text("utf-8")),
             "changes": (out / "changes.md").read_text("utf-8")}
    for name in ("000_7b8fbd9be05cf750.txt", "001_ca280c1cf72cdfad.txt"):
        shutil.copy(seeds_dir / name, corpus / name)
    assert kg_build(out, corpus) == 0
    return out, first


def test_every_iri_of_the_first_build_stays(two_builds, built_seeds):
    out, first = two_builds
    graph = Graph().parse(out / "graph.ttl")
    now = entity_iris(out / "graph.ttl")
    for iri in first["iris"]:
        assert iri in now or (URIRef(iri), OWL.sameAs, None) in graph, iri
    assert set(first["ids"]["entities"]) <= set(json.loads((out / "ids.json").read_text("utf-8"))["entities"])
    assert now == entity_iris(built_seeds / "graph.ttl")  # the grown folder names things as a clean build does


def test_change_report_lists_what_was_added(two_builds):
    out, first = two_builds
    assert "First build in this folder" in first["changes"]
    text = (out / "changes.md").read_text("utf-8")
    assert "## New articles (2)" in text and "art:000-7b8fbd9be05cf750" in text and "art:001-ca280c1cf72cdfad" in text
    assert "`ent:torrentspy` (TorrentSpy, kgo:Website)" in text
    assert "## New facts" in text and "`kgo:hosts`" in text and "Vanished" not in text
    changes = Graph().parse(out / "changes.ttl")
    added = set(changes.objects(URIRef("https://w3id.org/kg-fr/changes"), KGO.addedEntity))
    assert URIRef(ENT.torrentspy) in added and URIRef(ENT.mpaa) not in added  # MPAA was there already
    rows = query_store(open_store(out / "store"), load_query(str(REPO / "queries" / "changes.rq"))).rows
    from_file = query_rdflib(load_graph_file(out / "changes.ttl"), load_query(str(REPO / "queries" / "changes.rq")))
    assert rows and rows == from_file.rows
    assert {r[0].value for r in rows} == {"new article", "new entity", "new fact"}


def test_rebuild_of_the_same_input_changes_nothing(two_builds, kg_build, tmp_path):
    out, _ = two_builds
    again = tmp_path / "again"
    shutil.copytree(out, again, ignore=shutil.ignore_patterns("store"))
    corpus = out.parent / next(p.name for p in out.parent.iterdir() if p.name.startswith("corpus"))
    assert kg_build(again, corpus) == 0
    for name in ("graph.ttl", "graph.nq", "graph.jsonld", "ids.json"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
    assert "Nothing changed." in (again / "changes.md").read_text("utf-8")


def test_a_folder_built_before_the_registry_keeps_its_iris(built_seeds, kg_build, seeds_dir, tmp_path):
    """No ids.json yet: the IRIs of the published graph.nq are taken as the registry."""
    out = tmp_path / "old"
    out.mkdir()
    text = (built_seeds / "graph.nq").read_text("utf-8").replace("/entity/mpaa>", "/entity/motion-picture-assoc>")
    (out / "graph.nq").write_text(text, encoding="utf-8")
    assert kg_build(out, seeds_dir) == 0
    iris = entity_iris(out / "graph.ttl")
    assert str(ENT["motion-picture-assoc"]) in iris and str(ENT.mpaa) not in iris


def test_changes_markdown_escapes_article_text():
    from kg.rdf.changes import Snapshot, changes_markdown, compare

    after = Snapshot(entities={str(ENT.x): ("<script>alert(1)</script>", str(KGO.Website))})
    text = changes_markdown(compare(None, after), None, after)
    assert "<script>" not in text and "&lt;script&gt;" in text


# ---------------------------------------------------------------- bundled queries


@pytest.mark.parametrize("path", QUERIES, ids=[p.name for p in QUERIES])
def test_bundled_query_is_a_complete_document(path, built_seeds):
    """Parsed with no predeclared prefix, by Oxigraph and by rdflib: every prefix is declared in the file."""
    text = bound(path)
    store = pyoxigraph.Store()
    store.query(text)  # raises SyntaxError on an undeclared prefix
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(text)
    assert query_rdflib(load_graph_file(built_seeds / "graph.ttl"), load_query(str(path)),
                        dict([parse_param(PARAMS[path.name])]) if path.name in PARAMS else {}) is not None


# ---------------------------------------------------------------- kg serve: queries and dereferencing


@pytest.fixture(scope="module")
def served(built_seeds, tmp_path_factory):
    from tests.test_serve import start_kg_serve, stop

    store = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(built_seeds / "store", store)
    server, url = start_kg_serve(store)
    yield url
    assert stop(server) == 0


def get(url: str, accept: str | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode("utf-8", "replace")


@pytest.mark.parametrize("path", QUERIES, ids=[p.name for p in QUERIES])
def test_every_bundled_query_answers_200_on_kg_serve(served, path):
    body = urllib.parse.urlencode({"query": bound(path)}).encode()
    request = urllib.request.Request(f"{served}/query", data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        assert "head" in json.loads(response.read())


def test_five_entities_dereference_as_turtle_jsonld_and_html(served, built_seeds):
    entities = sorted(entity_iris(built_seeds / "graph.ttl"))
    picked = [str(ENT.mpaa), str(ENT.torrentspy), str(ENT.lokitorrent)] + [e for e in entities if "-" in e][:2]
    assert len(set(picked)) == 5
    for iri in picked:
        path = served + "/kg-fr/" + iri[len("https://w3id.org/kg-fr/"):]
        status, kind, text = get(path, "text/turtle")
        assert status == 200 and kind.startswith("text/turtle"), (iri, status)
        graph = Graph().parse(data=text, format="turtle")
        assert (URIRef(iri), RDFS.label, None) in graph
        status, kind, text = get(path, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
        assert status == 200 and kind.startswith("text/html")
        label = str(graph.value(URIRef(iri), RDFS.label))
        assert f"<h1>{label}</h1>" in text.replace("&#x27;", "'") and "<h2>Facts" in text and "<h2>Timeline" in text
        status, kind, text = get(path, "application/ld+json")
        assert status == 200 and kind.startswith("application/ld+json")
        assert (URIRef(iri), RDFS.label, Literal(label, lang="fr")) in Graph().parse(data=text, format="json-ld")
    assert get(served + "/kg-fr/entity/mpaa", "image/png")[0] == 406
    assert get(served + "/kg-fr/entity/no-such-thing", "text/turtle")[0] == 404
    assert get(served + "/kg-fr/entity/mpaa?format=nt")[1].startswith("application/n-triples")


def test_entity_page_shows_facts_with_evidence_and_timeline(served):
    status, _, page = get(served + "/kg-fr/entity/mpaa", "text/html")
    assert status == 200
    assert 'href="/kg-fr/entity/lokitorrent"' in page and "kgo:sues" in page
    assert 'href="/kg-fr/article/002-4773fa394c0fe462"' in page
    assert 'class="sentence"' in page and "kgo:Lawsuit" in page


def test_article_fact_event_and_ontology_dereference(served):
    status, _, text = get(served + "/kg-fr/article/002-4773fa394c0fe462", "text/turtle")
    assert status == 200 and "schema:NewsArticle" in text and "kgo:Assertion" in text
    graph = Graph().parse(data=text, format="turtle")
    fact = next(iter(graph.subjects(None, KGO.Assertion)), None) or next(
        s for s in graph.subjects() if str(s).startswith("https://w3id.org/kg-fr/fact/"))
    assert get(served + "/kg-fr/fact/" + str(fact).rsplit("/", 1)[1], "text/html")[0] == 200
    events = [s for s in graph.subjects() if str(s).startswith("https://w3id.org/kg-fr/event/")]
    assert events and get(served + "/kg-fr/event/" + str(events[0]).rsplit("/", 1)[1], "text/turtle")[0] == 200
    assert get(served + "/kg-fr/ontology", "text/turtle")[0] == 200
    assert "owl:Ontology" in get(served + "/kg-fr/ontology", "text/turtle")[2]


def test_html_page_escapes_article_text():
    from kg.sparql.describe import render_html

    graph = Graph()
    node = ENT.x
    graph.add((node, RDFS.label, Literal("<img src=x onerror=alert(1)>", lang="fr")))
    graph.add((node, URIRef("https://w3id.org/kg-fr/ontology#sentenceText"), Literal("<script>x</script>")))
    page = render_html(graph, str(node), "/kg-fr/")
    assert "<img src" not in page and "<script>x" not in page and "&lt;img src=x" in page


def test_base_option_maps_the_namespace(built_seeds, tmp_path):
    from tests.test_serve import start_kg_serve, stop

    store = tmp_path / "store"
    shutil.copytree(built_seeds / "store", store)
    server, url = start_kg_serve(store, "--base", "https://kg.example.org/data/")
    try:
        status, _, page = get(url + "/data/entity/mpaa", "text/html")
        assert status == 200 and 'href="/data/entity/lokitorrent"' in page
        assert get(url + "/kg-fr/entity/mpaa", "text/turtle")[0] != 200  # passed to oxigraph: not its path
    finally:
        stop(server)
