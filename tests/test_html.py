"""graph.html in Debian's chromium (Playwright): offline, complete, interactive, and inert to article text."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.rdf.vocab import BASE, ENT, KGO, PREDICATES
from kg.render.browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

ENTITY_CLASSES = "kgo:Person kgo:Organization kgo:Website kgo:Place kgo:CreativeWork"
ENTITIES = f"""
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
  VALUES ?top {{ {ENTITY_CLASSES} }} ?e a ?c ; rdfs:label ?label . ?c rdfs:subClassOf* ?top .
}}"""
RELATIONS = f"""
SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?p {{ {" ".join("kgo:" + p for p in PREDICATES)} }}
  VALUES ?top {{ {ENTITY_CLASSES} }} VALUES ?top2 {{ {ENTITY_CLASSES} }}
  ?s ?p ?o . ?s a/rdfs:subClassOf* ?top ; rdfs:label ?a . ?o a/rdfs:subClassOf* ?top2 ; rdfs:label ?b .
}} }}"""

PAYLOAD_ARTICLE = """Le site pirate Zorbax fermé par la gendarmerie de Valenciennes

La gendarmerie de Valenciennes a fait fermer le site Zorbax <img src=x onerror=alert(1)> le 3 février 2021. \
Le site <script>alert(2)</script>Zorbax proposait des films en téléchargement illégal.

Selon le parquet, l'administrateur du site, Marcel Tribolet, a été interpellé à Lille. \
L'association Filmeo <script>alert(2)</script> a porté plainte contre Zorbax.
"""


def rdf_counts(path: Path) -> tuple[int, int]:
    graph = Graph().parse(path, format="turtle")
    graph.bind("kgo", KGO)
    entities = int(next(iter(graph.query(ENTITIES)))[0])
    relations = int(next(iter(graph.query(RELATIONS)))[0])
    return entities, relations


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OpenPage:
    """A page opened on a local file, recording console errors, requests and dialogs."""

    def __init__(self, browser, html: Path):
        self.url = html.resolve().as_uri()
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url)
        self.page.wait_for_function("() => window.kg && window.kg.settled === true", timeout=120_000)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def count(self, what: str) -> int:
        return self.page.evaluate(f"window.kg.{what}.length")

    def hover_node(self, node_id: str) -> str:
        """Move the mouse onto a node; the tooltip's text."""
        x, y = self.page.evaluate(
            """id => { const p = kg.network.canvasToDOM(kg.network.getPosition(id));
                       const r = document.getElementById('kg-graph').getBoundingClientRect();
                       return [r.left + p.x, r.top + p.y]; }""",
            node_id,
        )
        return self._hover(x, y)

    def hover_edge(self, edge_id: str) -> str:
        x, y = self.page.evaluate(
            """id => { const e = kg.network.body.edges[id];
                       const m = e.edgeType.getPoint(0.5);
                       const p = kg.network.canvasToDOM(m);
                       const r = document.getElementById('kg-graph').getBoundingClientRect();
                       return [r.left + p.x, r.top + p.y]; }""",
            edge_id,
        )
        return self._hover(x, y)

    def _hover(self, x: float, y: float) -> str:
        self.page.mouse.move(5, 5)
        self.page.wait_for_timeout(100)
        self.page.mouse.move(x - 2, y - 2)
        self.page.mouse.move(x, y, steps=3)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        return tooltip.inner_text()

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def seeds_page(browser, built_seeds):
    page = OpenPage(browser, built_seeds / "graph.html")
    yield page
    page.close()


def most_central(page: OpenPage) -> dict:
    return page.page.evaluate("kg.nodes.get().sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1))[0]")


def test_seeds_page_loads_offline_without_errors(seeds_page):
    assert seeds_page.errors == []
    assert seeds_page.requests == [seeds_page.url]  # nothing but the file itself
    assert seeds_page.dialogs == []


def test_network_holds_every_entity_and_relation_of_the_rdf(seeds_page, built_seeds):
    entities, relations = rdf_counts(built_seeds / "graph.ttl")
    assert entities > 20 and relations > 10
    assert seeds_page.count("nodes") == entities
    assert seeds_page.count("edges") == relations
    drawn = seeds_page.page.evaluate("[Object.keys(kg.network.body.nodes).length, kg.network.body.data.edges.length]")
    assert drawn[1] == relations and drawn[0] >= entities


def test_layout_settles_and_stops(seeds_page):
    node = most_central(seeds_page)["id"]
    before = seeds_page.page.evaluate("id => kg.network.getPosition(id)", node)
    seeds_page.page.wait_for_timeout(700)
    assert seeds_page.page.evaluate("id => kg.network.getPosition(id)", node) == before
    assert seeds_page.page.evaluate("kg.network.physics.physicsEnabled") is False


def test_hovering_a_node_shows_its_tooltip(seeds_page):
    node = most_central(seeds_page)
    text = seeds_page.hover_node(node["id"])
    assert node["label"] in text
    assert node["kindLabel"] in text and "PageRank" in text and f"Communauté {node['community']}" in text


def test_hovering_an_edge_shows_its_evidence(seeds_page):
    edge = seeds_page.page.evaluate("kg.edges.get().filter(e => e.evidence.length && !e.smooth)[0]")
    text = seeds_page.hover_edge(edge["id"])
    assert edge["label"] in text
    assert edge["evidence"][0]["sentence"] in text
    assert edge["evidence"][0]["article"] in text


def test_edge_labels_are_the_french_property_labels(seeds_page):
    labels = seeds_page.page.evaluate("[...new Set(kg.edges.get().map(e => e.predicate + '=' + e.label))]")
    ontology = Graph().parse(Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl", format="turtle")
    for pair in labels:
        predicate, label = pair.split("=", 1)
        assert Literal(label, lang="fr") in set(ontology.objects(KGO[predicate], RDFS.label))


def test_search_box_focuses_the_named_entity(seeds_page):
    node = most_central(seeds_page)
    search = seeds_page.page.locator("#kg-search")
    search.fill(node["label"].upper())
    search.press("Enter")
    assert seeds_page.page.evaluate("kg.network.getSelectedNodes()") == [node["id"]]
    assert node["label"] in seeds_page.page.locator("#kg-details").inner_text()


def test_filters_by_class_and_relation(seeds_page):
    page = seeds_page.page
    total_nodes, total_edges = seeds_page.count("nodes"), seeds_page.count("edges")
    websites = page.evaluate("kg.nodes.get().filter(n => n.kind === 'Website').length")
    shown = "Object.values(kg.network.body.nodes).filter(n => !n.options.hidden && kg.nodes.get(n.id)).length"
    box = page.locator("#kg-classes input[data-kind='Website']")
    box.uncheck()
    assert page.evaluate(shown) == total_nodes - websites
    box.check()
    assert page.evaluate(shown) == total_nodes
    located = page.evaluate("kg.edges.get().filter(e => e.predicate === 'locatedIn').length")
    relation = page.locator("#kg-relations input[data-predicate='locatedIn']")
    relation.uncheck()
    assert page.evaluate("kg.network.body.data.edges.length") == total_edges - located
    relation.check()
    assert page.evaluate("kg.network.body.data.edges.length") == total_edges
    assert seeds_page.errors == []


def test_same_graph_gives_a_byte_identical_page(built_seeds, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "render", str(built_seeds / "graph.ttl"), "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "graph.html").read_bytes() == (built_seeds / "graph.html").read_bytes()


def test_top_keeps_the_most_central_entities(browser, built_seeds, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "render", str(built_seeds / "graph.ttl"), "--out", str(tmp_path),
         "--top", "8"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    page = OpenPage(browser, tmp_path / "graph.html")
    try:
        assert page.count("nodes") == 8
        ids = set(page.page.evaluate("kg.nodes.getIds()"))
        assert page.page.evaluate("kg.edges.get().every(e => true)")
        assert all(e["from"] in ids and e["to"] in ids for e in page.page.evaluate("kg.edges.get()"))
        assert "8 plus centrales sur" in page.page.locator("#kg-status").inner_text()
        assert page.errors == []
    finally:
        page.close()


def test_article_markup_never_executes(browser, kg_build, tmp_path):
    source = tmp_path / "articles"
    source.mkdir()
    (source / "zorbax.txt").write_text(PAYLOAD_ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert kg_build(out, source) == 0
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "<script>alert(2)</script>" in ttl or "alert(2)</script>" in ttl  # the payload reached the graph
    assert "<img src=x onerror=alert(1)>" in ttl
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert "alert(2)</script>" not in html and "<img src=x" not in html
    page = OpenPage(browser, out / "graph.html")
    try:
        evil_node = page.page.evaluate("kg.nodes.get().filter(n => n.label.includes('alert'))[0]")
        assert evil_node is not None
        assert "alert(2)</script>" in page.hover_node(evil_node["id"])  # shown as text
        edge = page.page.evaluate("kg.edges.get().filter(e => e.evidence.some(v => v.sentence.includes('<img')))[0]")
        assert "<img src=x onerror=alert(1)>" in page.hover_edge(edge["id"])
        page.page.locator("#kg-search").fill("alert")
        page.page.locator("#kg-search").press("Enter")
        page.page.wait_for_timeout(300)
        assert page.dialogs == []
        assert page.page.evaluate("document.querySelectorAll('img, #kg-graph script, aside script').length") == 0
        assert page.requests == [page.url]
        assert page.errors == []
        page.page.evaluate("() => setTimeout(() => alert('probe'), 0)")  # the listener does see a dialog
        page.page.wait_for_timeout(300)
        assert page.dialogs == ["probe"]
    finally:
        page.close()


def test_node_tooltip_shows_the_timeline_of_its_events(browser, tmp_path):
    graph = Graph()
    site, police, court = ENT["zorbax-fr"], ENT["police-nationale"], ENT["tribunal-de-lille"]
    for node, kind, label in ((site, "Website", "Zorbax.fr"), (police, "LawEnforcement", "police nationale"),
                              (court, "Court", "tribunal de Lille")):
        graph.add((node, RDF.type, KGO[kind]))
        graph.add((node, RDFS.label, Literal(label, lang="fr")))
    graph.add((police, KGO.shutsDown, site))
    graph.add((court, KGO.orders, site))
    for name, kind, agent, date in (("e1", "Shutdown", police, Literal("2021-02-03", datatype=XSD.date)),
                                    ("e2", "CourtOrder", court, None),
                                    ("e3", "Blocking", court, Literal("2020-11", datatype=XSD.gYearMonth))):
        event = URIRef(f"{BASE}event/{name}")
        graph.add((event, RDF.type, KGO[kind]))
        graph.add((event, KGO.agent, agent))
        graph.add((event, KGO.target, site))
        if date is not None:
            graph.add((event, KGO.date, date))
    source = tmp_path / "events.ttl"
    graph.serialize(source, format="turtle")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "render", str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = OpenPage(browser, tmp_path / "graph.html")
    try:
        text = page.hover_node(str(site))
        lines = [line for line in text.splitlines() if " — " in line]
        assert lines == [
            "2020-11 — blocage par tribunal de Lille",
            "2021-02-03 — fermeture par police nationale",
            "date inconnue — décision de justice par tribunal de Lille",
        ]
        assert "→ Zorbax.fr" in page.hover_node(str(court))
    finally:
        page.close()


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not on PATH")
def test_screenshot_command_writes_a_png_of_the_settled_page(built_seeds, tmp_path):
    png = tmp_path / "graph.png"
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "render", str(built_seeds / "graph.ttl"), "--out", str(tmp_path),
         "--screenshot", str(png)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
