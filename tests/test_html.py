"""graph.html in Debian's chromium (Playwright): offline, complete, interactive, and inert to article text."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.rdf.vocab import BASE, ENT, KGO, PREDICATES, SCHEMA
from kg.render.browser import CHROMIUM, CHROMIUM_ARGS
from kg.render.page import merged_marks, name_marks

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

La gendarmerie de Valenciennes a fait fermer le site Zorbax le 3 février 2021. \
Le site <script>alert(2)</script>Zorbax proposait des films en téléchargement illégal.

Selon le parquet, l'administrateur du site, Marcel Tribolet, a été interpellé à Lille. \
L'association Filmeo <script>alert(2)</script> a porté plainte contre Zorbax <img src=x onerror=alert(1)>.
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


SHOWN = "Object.values(kg.network.body.nodes).filter(n => !n.options.hidden && kg.nodes.get(n.id)).length"


def test_network_holds_every_entity_and_relation_of_the_rdf(seeds_page, built_seeds):
    entities, relations = rdf_counts(built_seeds / "graph.ttl")
    assert entities > 20 and relations > 10
    assert seeds_page.count("nodes") == entities
    assert seeds_page.count("edges") == relations
    drawn = seeds_page.page.evaluate("[Object.keys(kg.network.body.nodes).length, kg.network.body.data.edges.length]")
    isolated = seeds_page.page.evaluate("kg.nodes.get().filter(n => n.isolated).length")
    assert drawn[1] == relations and isolated > 10 and drawn[0] >= entities - isolated


def test_unconnected_entities_are_hidden_until_asked_for(seeds_page):
    page = seeds_page.page
    total = seeds_page.count("nodes")
    isolated = page.evaluate("kg.nodes.get().filter(n => n.isolated).length")
    assert page.evaluate(SHOWN) == total - isolated  # the first view: only entities with a relation
    assert page.locator("#kg-isolated-count").inner_text() == str(isolated)
    assert not page.locator("#kg-isolated").is_checked()
    page.locator("#kg-isolated").check()
    assert page.evaluate(SHOWN) == total
    positions = page.evaluate("Object.values(kg.network.getPositions()).map(p => [Math.round(p.x), Math.round(p.y)])")
    assert len(set(map(tuple, positions))) == total  # set out in rows, not piled on one point
    page.locator("#kg-isolated").uncheck()
    assert page.evaluate(SHOWN) == total - isolated
    assert seeds_page.errors == []


def test_first_view_labels_are_readable(seeds_page, tmp_path):
    """The ten most central entities' labels are drawn at 12 px or more on the screen, at the first view."""
    page = seeds_page.page
    sizes = page.evaluate(
        """() => kg.nodes.get().filter(n => !n.isolated).sort((a, b) => a.rank - b.rank).slice(0, 10).map(n => {
             const body = kg.network.body.nodes[n.id];
             return [n.label, body.labelModule.fontOptions.size * kg.network.getScale(), body.labelModule.visible()];
           })"""
    )
    assert len(sizes) == 10
    for label, pixels, visible in sizes:
        assert pixels >= 12 and visible, (label, pixels)
    edge_pixels = page.evaluate("Math.min(...Object.values(kg.network.body.edges).map(e => "
                                "e.labelModule.fontOptions.size)) * kg.network.getScale()")
    assert edge_pixels >= 12
    labels = page.evaluate("kg.edges.get().map(e => e.label)")
    assert all("·" not in label and label.strip() == label for label in labels)
    assert page.evaluate("kg.edges.get()[0].font.background").startswith("rgba(255,255,255")  # no line through words
    png = tmp_path / "first-view.png"
    png.write_bytes(page.screenshot(type="png"))
    assert png.stat().st_size > 20_000


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
    page.locator("#kg-isolated").check()
    total_nodes, total_edges = seeds_page.count("nodes"), seeds_page.count("edges")
    websites = page.evaluate("kg.nodes.get().filter(n => n.kind === 'Website').length")
    shown = SHOWN
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
    page.locator("#kg-isolated").uncheck()
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
        summary = page.page.locator("#kg-dropped summary").inner_text()
        entities, relations = rdf_counts(built_seeds / "graph.ttl")
        kept = page.count("edges")
        assert summary.startswith(f"Non affichés : {entities - 8} entités, {relations - kept} relation")
        assert page.page.locator("#kg-dropped li").count() == relations - kept
        assert f"left out {entities - 8} entities and {relations - kept} relations" in result.stderr
        assert page.page.evaluate("kg.nodes.get().filter(n => n.isolated).length") == 0  # related entities first
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
        page.page.locator("#kg-isolated").check()  # the entity may have no relation
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


def dated_graph(path: Path) -> None:
    """Three facts from two articles, one with a web address, dated 2019 and 2021, and one undated."""
    graph = Graph()
    sacem, site, host, court = ENT["sacem"], ENT["zikmu-fr"], ENT["ovh"], ENT["tribunal-de-paris"]
    for node, kind, label in ((sacem, "RightsHolder", "Sacem"), (site, "Website", "Zikmu.fr"),
                              (host, "InternetServiceProvider", "OVH"), (court, "Court", "tribunal de Paris"),
                              (ENT["lonely"], "Person", "Jean Seul")):
        graph.add((node, RDF.type, KGO[kind]))
        graph.add((node, RDFS.label, Literal(label, lang="fr")))
    first, second = URIRef(f"{BASE}article/a1"), URIRef(f"{BASE}article/a2")
    for article, ident, url, date in ((first, "a1", "https://example.org/zikmu?x=1&y=<b>", "2019-05-03"),
                                      (second, "a2", "javascript:alert(1)", "")):
        graph.add((article, RDF.type, SCHEMA.NewsArticle))
        graph.add((article, SCHEMA.identifier, Literal(ident)))
        graph.add((article, SCHEMA.headline, Literal(f"Titre {ident}")))
        graph.add((article, SCHEMA.url, Literal(url)))
        graph.add((article, KGO.sourceFile, Literal(f"{ident}.txt")))
        if date:
            graph.add((article, SCHEMA.datePublished, Literal(date, datatype=XSD.date)))
    facts = (
        ("f1", sacem, "sues", site, first, "La Sacem poursuit <b>Zikmu.fr</b> en justice.", None),
        ("f2", host, "hosts", site, second, "Le site zikmu.fr est hébergé par OVH.", None),
        ("f3", court, "blocks", site, second, "Le tribunal de Paris a ordonné le blocage de Zikmu.fr.",
         Literal("2021-03", datatype=XSD.gYearMonth)),
    )
    for name, subject, predicate, obj, article, sentence, date in facts:
        graph.add((subject, KGO[predicate], obj))
        node = URIRef(f"{BASE}fact/{name}")
        text = Literal(sentence, lang="fr")
        for p, o in ((RDF.type, KGO.Assertion), (RDF.subject, subject), (RDF.predicate, KGO[predicate]),
                     (RDF.object, obj), (PROV.wasDerivedFrom, article), (KGO.sentenceText, text),
                     (KGO.confidence, Literal("0.80", datatype=XSD.decimal)), (KGO.tier, Literal("explicit"))):
            graph.add((node, p, o))
        if date is not None:
            event = URIRef(f"{BASE}event/{name}")
            graph.add((event, RDF.type, KGO.Blocking))
            graph.add((event, KGO.agent, subject))
            graph.add((event, KGO.target, obj))
            graph.add((event, KGO.assertion, node))
            graph.add((event, KGO.date, date))
    graph.serialize(path, format="turtle")


@pytest.fixture(scope="module")
def dated_page(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dated")
    dated_graph(folder / "graph.ttl")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "render", str(folder / "graph.ttl")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    page = OpenPage(browser, folder / "graph.html")
    yield page
    page.close()


def click_edge(page: OpenPage, predicate: str) -> None:
    edge = page.page.evaluate(f"kg.edges.get().filter(e => e.predicate === '{predicate}')[0].id")
    page.hover_edge(edge)
    page.page.mouse.down()
    page.page.mouse.up()


def test_details_link_to_the_article_and_mark_the_names(dated_page):
    page = dated_page.page
    click_edge(dated_page, "sues")
    details = page.locator("#kg-details")
    link = details.locator("a")
    assert link.count() == 1
    assert link.get_attribute("href") == "https://example.org/zikmu?x=1&y=<b>"
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    assert link.inner_text() == "Titre a1"
    assert details.locator("mark").all_inner_texts() == ["Sacem", "Zikmu.fr"]
    assert "La Sacem poursuit <b>Zikmu.fr</b> en justice." in details.inner_text()  # the markup shown as text
    assert details.locator("b").count() == 0
    click_edge(dated_page, "hosts")  # an article whose address is no web address: no link, its file named
    assert details.locator("a").count() == 0
    assert "fichier a2.txt" in details.inner_text()
    assert details.locator("mark").all_inner_texts() == ["zikmu.fr", "OVH"]
    tooltip = dated_page.hover_edge(page.evaluate("kg.edges.get().filter(e => e.predicate === 'sues')[0].id"))
    assert "Titre a1" in tooltip and "2019-05-03" in tooltip
    assert dated_page.requests == [dated_page.url] and dated_page.errors == []


def test_date_range_filters_the_facts(dated_page):
    page = dated_page.page
    drawn = "kg.network.body.data.edges.get().map(e => e.predicate).sort()"
    assert page.locator("#kg-date-from option").all_inner_texts() == ["2019", "2021"]
    assert page.evaluate(drawn) == ["blocks", "hosts", "sues"]
    page.locator("#kg-date-from").select_option("2021")
    assert page.evaluate(drawn) == ["blocks", "hosts"]  # the undated fact stays while "sans date" is ticked
    page.locator("#kg-undated").uncheck()
    assert page.evaluate(drawn) == ["blocks"]
    assert page.evaluate(SHOWN) == 2  # the court and the site; the others have no shown relation
    page.locator("#kg-date-from").select_option("2019")
    page.locator("#kg-date-to").select_option("2019")
    assert page.evaluate(drawn) == ["sues"]
    page.locator("#kg-date-to").select_option("2021")
    page.locator("#kg-undated").check()
    assert page.evaluate(drawn) == ["blocks", "hosts", "sues"]
    assert page.locator("#kg-isolated-count").inner_text() == "1"  # Jean Seul
    assert dated_page.errors == []


def _regex_marks(sentence: str, names: list[str]) -> list[list[int]]:
    """name_marks as it was: one re.IGNORECASE whole-word pattern per name (the reference for the fast path)."""
    spans = []
    for name in {n for n in names if len(n.strip()) > 1}:
        spans += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", sentence, re.IGNORECASE)]
    return merged_marks(sentence, spans)


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("La MPAA poursuit LokiTorrent (MPAAX).", ["MPAA", "lokitorrent", "x"]),
        ("L’ÉTÉ de The Pirate Bay, Pirate Bay Area", ["Pirate Bay", "The Pirate Bay", "Bay Area", "été"]),
        ("-x-x- et _ab ab_ ab", ["-x-", "ab"]),  # finditer's matches of one name do not overlap
        ("SıTE, ſite, İSTANBUL, site", ["site", "istanbul"]),  # re matches ı and ſ with i and s
        ("Le KELVIN, l’Σ ΟΔΟΣ et 😀 Orange", ["kelvin", "σ οδος", "orange"]),  # Kelvin sign, final sigma, astral
        ("Ǆ ǅ ǆ ß ẞ µ μ", ["ǆ", "ß", "µ"]),
    ],
)
def test_name_marks_match_one_regex_per_name(sentence: str, names: list[str]) -> None:
    assert name_marks(sentence, names) == _regex_marks(sentence, names)


def test_name_marks_match_one_regex_per_name_on_random_text() -> None:
    """Short random text over letters that fold in odd ways under re.IGNORECASE: the same marks as the regexes."""
    rng = random.Random(19)
    alphabet = "aAiIsSkK _-.’\u202féÉßœŒıİſKΣςσµμẞǅǆ1😀"
    for _ in range(3000):
        sentence = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        names = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(3)]
        if sentence:
            start = rng.randrange(len(sentence))
            names.append(sentence[start : start + rng.randint(2, 5)])
        assert name_marks(sentence, names) == _regex_marks(sentence, names), (sentence, names)
