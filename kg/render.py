"""The interactive page graph.html: entities and relations drawn with vis-network, offline.

pyvis 0.3.2's own template links bootstrap and tom-select from a CDN even with in-line
resources, and its write_html fails under an ASCII locale. So the page is our own small
template around the vis-network build that pyvis ships (JS and CSS inlined), written as
UTF-8 through atomic_write. Article text only reaches the page inside one JSON block whose
`<`, `>` and `&` are escaped, and the script puts it in the DOM as text (textContent), never
as HTML. Nodes, edges and keys are sorted, so the same graph gives a byte-identical page.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from kg.analyse.analytics import Analytics
from kg.analyse.entity_graph import COARSE_CLASSES, EntityGraph
from kg.publish.files import atomic_write

VIS_VERSION = "vis-9.1.2"
LARGE_GRAPH = 300  # nodes; above it, the physics and drawing settings of LARGE_OPTIONS apply
LAYOUT_SEED = 6

# Colour per class (most specific first); a class not listed takes its coarse class's colour.
CLASS_COLOURS = {
    "Person": "#e15759",
    "Organization": "#9c755f",
    "RightsHolder": "#4e79a7",
    "LawEnforcement": "#2f4b7c",
    "Court": "#7b4173",
    "InternetServiceProvider": "#76b7b2",
    "MediaOutlet": "#b07aa1",
    "PirateGroup": "#ff9da7",
    "Government": "#59a14f",
    "Website": "#f28e2b",
    "Place": "#a5a5a5",
    "Country": "#79706e",
    "City": "#bab0ac",
    "Region": "#d7b5a6",
    "CreativeWork": "#edc948",
    "Film": "#e6b800",
    "TVSeries": "#c9a227",
    "MusicAlbum": "#b8860b",
    "MusicRecording": "#d4aa3c",
    "Book": "#e8d16f",
    "VideoGame": "#f5d76e",
}

# vis-network options: a small graph settles with barnesHut; a large one (2,000 nodes) with
# forceAtlas2Based, no smooth edges and no "improved layout" pass (quadratic in node count).
# Either way physics is switched off once stabilisation ends, so the layout stops moving.
SMALL_OPTIONS = {
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": True},
    "physics": {
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -4000,
            "centralGravity": 0.25,
            "springLength": 130,
            "springConstant": 0.04,
            "damping": 0.3,
            "avoidOverlap": 0.3,
        },
        "minVelocity": 0.75,
        "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
    },
    "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.3}},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": False},
}
LARGE_OPTIONS = {
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -40,
            "centralGravity": 0.01,
            "springLength": 60,
            "springConstant": 0.08,
            "damping": 0.6,
            "avoidOverlap": 0,
            "theta": 0.9,  # coarser Barnes-Hut approximation: each step about twice as fast
        },
        "minVelocity": 1.5,
        # 2,000 nodes / 3,000 edges: 150 steps settle in about 10 s in headless chromium (bench/html_layout.py)
        "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 50, "fit": True},
    },
    "edges": {"smooth": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "keyboard": False},
}


class RenderError(RuntimeError):
    """The page cannot be made (vis-network missing from the pyvis install)."""


@dataclass(frozen=True)
class PageSummary:
    nodes: int
    edges: int
    entities: int  # in the graph, before --top


def vis_assets() -> tuple[str, str]:
    """The vis-network JS and CSS that pyvis ships, to be inlined."""
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / VIS_VERSION
    try:
        script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
        style = (folder / "vis-network.css").read_text(encoding="utf-8")
    except OSError as error:
        raise RenderError(f"{folder}: vis-network files not found in the pyvis install ({error})") from error
    if "</script" in script.lower() or "</style" in style.lower():
        raise RenderError(f"{folder}: vis-network files cannot be inlined (they close their own tag)")
    return script, style


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: no `</script>`, no `<!--`, no HTML entity.

    >>> script_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
          "décembre")


def display_date(date: str) -> str:
    """A kgo:date as shown in a timeline: ISO forms as they are, a month-day without year in words.

    >>> display_date("2021-02-03"), display_date("2021-02"), display_date("--03-12"), display_date("")
    ('2021-02-03', '2021-02', '12 mars', '')
    """
    if date.startswith("--") and len(date) == 7 and date[2:4].isdigit() and date[5:7].isdigit():
        month, day = int(date[2:4]), int(date[5:7])
        if 1 <= month <= 12:
            return f"{day} {MONTHS[month - 1]}"
    return date


def class_colour(kind: str, coarse: str) -> str:
    return CLASS_COLOURS.get(kind) or CLASS_COLOURS.get(coarse, "#97c2fc")


def kept_entities(entity_graph: EntityGraph, analytics: Analytics, top: int) -> list[str]:
    """The entities drawn: all, or the `top` most central ones; in IRI order."""
    if 0 < top < len(entity_graph.entities):
        return sorted(analytics.ranking[:top])
    return list(entity_graph.entities)


def _node_size(pagerank: float, low: float, high: float) -> float:
    """8 to 40 pixels; square root so that a few hubs do not dwarf everything."""
    if high <= low:
        return 16.0
    return round(8 + 32 * math.sqrt((pagerank - low) / (high - low)), 2)


def page_data(entity_graph: EntityGraph, analytics: Analytics, top: int = 0) -> dict:
    """Everything the page shows, as plain JSON-ready data (nodes, edges, legend, options)."""
    kept = kept_entities(entity_graph, analytics, top)
    kept_set = set(kept)
    ranks = [analytics.centrality[iri].pagerank for iri in kept]
    low, high = (min(ranks), max(ranks)) if ranks else (0.0, 0.0)
    labels = entity_graph.class_labels
    nodes = []
    for iri in kept:
        entity, scores = entity_graph.entities[iri], analytics.centrality[iri]
        community = analytics.community_of[iri]
        colour = class_colour(entity.kind, entity.coarse)
        nodes.append(
            {
                "id": iri,
                "label": entity.label,
                "names": list(entity.names),
                "kind": entity.kind,
                "kindLabel": labels.get(entity.kind, entity.kind),
                "color": {"background": colour, "border": "#333333", "highlight": {"background": colour}},
                "size": _node_size(scores.pagerank, low, high),
                "degree": f"{scores.degree:.3f}",
                "betweenness": f"{scores.betweenness:.3f}",
                "pagerank": f"{scores.pagerank:.4f}",
                "community": community,
                "communitySize": len(analytics.communities[community - 1]),
                "timeline": [
                    {
                        "date": display_date(t.date),
                        "dateText": t.date_text,
                        "event": labels.get(t.kind, t.kind),
                        "role": t.role,
                        "other": t.other,
                    }
                    for t in entity_graph.timelines.get(iri, ())
                ],
            }
        )
    relations = [r for r in entity_graph.relations if r.source in kept_set and r.target in kept_set]
    parallel: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, relation in enumerate(relations):
        parallel[tuple(sorted((relation.source, relation.target)))].append(index)
    edges = []
    for index, relation in enumerate(relations):
        edge = {
            "id": f"e{index}",
            "from": relation.source,
            "to": relation.target,
            "predicate": relation.predicate,
            "label": entity_graph.predicate_labels[relation.predicate],
            "arrows": "to",
            "evidence": [
                {"sentence": e.sentence, "article": e.article, "headline": e.headline}
                for e in entity_graph.evidence.get(relation, ())
            ],
        }
        siblings = parallel[tuple(sorted((relation.source, relation.target)))]
        if len(siblings) > 1:  # several relations between one pair: fan them out instead of drawing one on another
            roundness = round(0.15 + 0.2 * siblings.index(index), 2)
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": roundness}
        edges.append(edge)
    coarse_of = {entity_graph.entities[iri].kind: entity_graph.entities[iri].coarse for iri in kept}
    legend = [
        {
            "kind": kind,
            "label": labels.get(kind, kind),
            "color": class_colour(kind, coarse_of[kind]),
            "count": sum(1 for n in nodes if n["kind"] == kind),
        }
        for kind in sorted(coarse_of, key=lambda k: (COARSE_CLASSES.index(coarse_of[k]), k))
    ]
    relation_legend = [
        {"predicate": name, "label": entity_graph.predicate_labels[name], "count": count}
        for name, count in sorted(Counter(e["predicate"] for e in edges).items())
    ]
    options = LARGE_OPTIONS if len(nodes) > LARGE_GRAPH else SMALL_OPTIONS
    return {
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "relations": relation_legend,
        "options": options,
        "entities": len(entity_graph.entities),
        "large": len(nodes) > LARGE_GRAPH,
    }


def render_html(entity_graph: EntityGraph, analytics: Analytics, top: int = 0) -> tuple[str, PageSummary]:
    data = page_data(entity_graph, analytics, top)
    script, style = vis_assets()
    page = (
        PAGE.replace("/*VIS-STYLE*/", style)
        .replace("/*VIS-SCRIPT*/", script)
        .replace("/*KG-DATA*/", script_json(data))
    )
    return page, PageSummary(len(data["nodes"]), len(data["edges"]), data["entities"])


def write_page(entity_graph: EntityGraph, analytics: Analytics, path: Path, top: int = 0) -> PageSummary:
    """Render the page and write it atomically as UTF-8, whatever the locale."""
    page, summary = render_html(entity_graph, analytics, top)
    atomic_write(path, page)
    return summary


PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg — graphe des acteurs</title>
<style>/*VIS-STYLE*/</style>
<style>
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #222; }
body { display: grid; grid-template-columns: 290px 1fr; grid-template-rows: auto 1fr; height: 100vh; }
header { grid-column: 1 / 3; display: flex; gap: 1em; align-items: center; padding: 6px 12px;
  border-bottom: 1px solid #ddd; background: #fafafa; }
header h1 { font-size: 16px; margin: 0; }
#kg-search { width: 260px; padding: 3px 6px; }
#kg-status { color: #555; margin-left: auto; }
aside { overflow-y: auto; padding: 8px 12px; border-right: 1px solid #ddd; }
aside h2 { font-size: 13px; text-transform: uppercase; color: #555; margin: 12px 0 4px; }
aside label { display: flex; align-items: center; gap: 6px; cursor: pointer; }
.kg-swatch { width: 12px; height: 12px; border-radius: 50%; border: 1px solid #333; flex: none; }
.kg-count { color: #777; margin-left: auto; }
#kg-graph { position: relative; min-height: 0; }
.kg-tip { max-width: 420px; white-space: normal; font: 13px/1.35 system-ui, sans-serif; }
.kg-tip blockquote { margin: 4px 0 2px; padding-left: 6px; border-left: 3px solid #ccc; font-style: italic; }
.kg-tip ul { margin: 2px 0; padding-left: 18px; }
.kg-muted { color: #666; }
div.vis-tooltip { white-space: normal; }
</style>
</head>
<body>
<header>
<h1>kg — graphe des acteurs</h1>
<input id="kg-search" type="search" list="kg-names" placeholder="Chercher une entité…" aria-label="Chercher une entité">
<datalist id="kg-names"></datalist>
<span id="kg-status">mise en page…</span>
</header>
<aside>
<h2>Classes</h2>
<div id="kg-classes"></div>
<h2>Relations</h2>
<div id="kg-relations"></div>
<h2>Détails</h2>
<div id="kg-details" class="kg-muted">Survolez ou cliquez un nœud ou une relation.</div>
</aside>
<div id="kg-graph"></div>
<script type="application/json" id="kg-data">/*KG-DATA*/</script>
<script>/*VIS-SCRIPT*/</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var started = performance.now();

  // Every piece of article text goes into the DOM as text, never parsed as HTML.
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function eventLine(t) {
    var when = t.date || "date inconnue";
    var who = t.other ? (t.role === "agent" ? " → " + t.other : " par " + t.other) : "";
    return when + " — " + t.event + who;
  }
  function nodeInfo(n) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("strong", n.label));
    box.appendChild(el("div", n.kindLabel, "kg-muted"));
    if (n.names.length) box.appendChild(el("div", "Autres noms : " + n.names.join(", ")));
    box.appendChild(el("div", "Degré " + n.degree + " · intermédiarité " + n.betweenness +
      " · PageRank " + n.pagerank));
    box.appendChild(el("div", "Communauté " + n.community + " (" + n.communitySize + " entités)"));
    if (n.timeline.length) {
      box.appendChild(el("div", "Chronologie :"));
      var list = el("ul");
      n.timeline.forEach(function (t) { list.appendChild(el("li", eventLine(t))); });
      box.appendChild(list);
    }
    return box;
  }
  var labelOf = {};
  data.nodes.forEach(function (n) { labelOf[n.id] = n.label; });
  function edgeInfo(e) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("strong", labelOf[e.from] + " — " + e.label + " — " + labelOf[e.to]));
    e.evidence.forEach(function (ev) {
      box.appendChild(el("blockquote", ev.sentence));
      box.appendChild(el("div", (ev.headline ? ev.headline + " " : "") + "[" + ev.article + "]", "kg-muted"));
    });
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign({}, n, { shape: "dot", title: nodeInfo(n) });
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return Object.assign({}, e, { title: edgeInfo(e), font: { size: 12, align: "middle", strokeWidth: 3 } });
  }));

  var hiddenKinds = {}, hiddenRelations = {};
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenKinds[n.kind]; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return !hiddenRelations[e.predicate]; } });
  var options = Object.assign({}, data.options, {
    nodes: { font: { size: data.large ? 11 : 16, strokeWidth: 3, strokeColor: "#ffffff" }, borderWidth: 1 },
    edges: Object.assign({}, data.options.edges, { color: { color: "#9a9a9a", highlight: "#333333" }, width: 1.2 })
  });
  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  var status = document.getElementById("kg-status");
  var summary = data.nodes.length + " entités, " + data.edges.length + " relations" +
    (data.nodes.length < data.entities ?
      " (les " + data.nodes.length + " plus centrales sur " + data.entities + ")" : "");
  status.textContent = summary + " — mise en page…";
  var kg = { nodes: nodes, edges: edges, network: network, settled: false, settleMs: null };
  window.kg = kg;
  function settle() {
    if (kg.settled) return;
    network.setOptions({ physics: { enabled: false } });  // the layout stops moving
    kg.settled = true;
    kg.settleMs = performance.now() - started;
    status.textContent = summary;
    document.body.setAttribute("data-settled", "true");
  }
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  if (!data.nodes.length) settle();

  // Legend and filters: one checkbox per class and per relation. Nodes shown again come back
  // where they were (network.storePositions fails on nodes filtered out, so positions are kept here).
  function keepPositions() {
    var positions = network.getPositions();
    nodes.update(Object.keys(positions).map(function (id) {
      return { id: id, x: positions[id].x, y: positions[id].y };
    }));
  }
  function legend(boxId, items, key, hidden, colourOf) {
    var box = document.getElementById(boxId);
    items.forEach(function (item) {
      var row = el("label");
      var tick = el("input");
      tick.type = "checkbox";
      tick.checked = true;
      tick.dataset[key] = item[key];
      tick.addEventListener("change", function () {
        hidden[item[key]] = !tick.checked;
        keepPositions();
        nodeView.refresh();
        edgeView.refresh();
      });
      row.appendChild(tick);
      if (colourOf) {
        var swatch = el("span", null, "kg-swatch");
        swatch.style.background = colourOf(item);
        row.appendChild(swatch);
      }
      row.appendChild(el("span", item.label));
      row.appendChild(el("span", item.count, "kg-count"));
      box.appendChild(row);
    });
  }
  legend("kg-classes", data.legend, "kind", hiddenKinds, function (item) { return item.color; });
  legend("kg-relations", data.relations, "predicate", hiddenRelations, null);

  // Details panel: the same content as the tooltips, kept on click.
  var details = document.getElementById("kg-details");
  function show(box) { details.replaceChildren(box); details.className = ""; }
  network.on("click", function (params) {
    if (params.nodes.length) show(nodeInfo(nodes.get(params.nodes[0])));
    else if (params.edges.length) show(edgeInfo(edges.get(params.edges[0])));
  });

  // Search: by label or any other name, accents and case ignored.
  function fold(text) { return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase(); }
  var names = document.getElementById("kg-names");
  var searchable = [];
  data.nodes.forEach(function (n) {
    [n.label].concat(n.names).forEach(function (name) {
      searchable.push({ id: n.id, name: name, folded: fold(name) });
    });
  });
  searchable.sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
  searchable.forEach(function (s) { var option = el("option"); option.value = s.name; names.appendChild(option); });
  var search = document.getElementById("kg-search");
  function find() {
    var query = fold(search.value.trim());
    if (!query) return;
    var exact = searchable.filter(function (s) { return s.folded === query; });
    var match = exact.length ? exact[0] : searchable.filter(function (s) { return s.folded.indexOf(query) >= 0; })[0];
    if (!match) { status.textContent = summary + " — aucune entité ne correspond"; return; }
    var node = nodes.get(match.id);
    if (hiddenKinds[node.kind]) return;
    status.textContent = summary;
    network.selectNodes([match.id]);
    network.focus(match.id, { scale: 1.3, animation: false });
    show(nodeInfo(node));
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") find(); });
})();
</script>
</body>
</html>
"""
