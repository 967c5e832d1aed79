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
  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }
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
    box.appendChild(el("div", "Communauté " + n.community + " (" + plural(n.communitySize, "entité", "entités") + ")"));
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
  // The sentence with the names of the fact's ends marked: text nodes and <mark> elements, never markup.
  function sentence(ev) {
    var quote = el("blockquote");
    var at = 0;
    ev.marks.forEach(function (span) {
      if (span[0] > at) quote.appendChild(document.createTextNode(ev.sentence.slice(at, span[0])));
      quote.appendChild(el("mark", ev.sentence.slice(span[0], span[1])));
      at = span[1];
    });
    if (at < ev.sentence.length) quote.appendChild(document.createTextNode(ev.sentence.slice(at)));
    return quote;
  }
  function source(ev) {
    var line = el("div", null, "kg-source");
    if (ev.date) line.appendChild(el("span", ev.date + " · "));
    var title = ev.headline || ev.article;
    if (ev.href) {
      var link = el("a", title);
      link.href = ev.href;  // only http(s) addresses reach the page (page.py, article_link)
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      line.appendChild(link);
    } else {
      line.appendChild(el("span", title));
    }
    line.appendChild(el("span", " [" + ev.article + (ev.file && !ev.href ? " · fichier " + ev.file : "") + "]"));
    if (ev.confidence) line.appendChild(el("span", " · confiance " + ev.confidence));
    return line;
  }
  function edgeInfo(e) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("strong", labelOf[e.from] + " — " + e.label + " — " + labelOf[e.to]));
    e.evidence.forEach(function (ev) {
      box.appendChild(sentence(ev));
      box.appendChild(source(ev));
    });
    return box;
  }

  var EDGE_FONT = 12, NODE_FONT = 14, MIN_PX = 14;  // label sizes: canvas units; the top labels never below MIN_PX on screen
  // A white box behind an edge's label: the edge's line never shows between its words.
  function edgeFont(size) {
    return { size: size, align: "horizontal", background: "rgba(255,255,255,0.9)", strokeWidth: 0, color: "#333333" };
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign({}, n, { shape: "dot", title: nodeInfo(n) });
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return Object.assign({}, e, {
      title: edgeInfo(e),
      font: edgeFont(EDGE_FONT)
    });
  }));
  var nodeOf = {};
  data.nodes.forEach(function (n) { nodeOf[n.id] = n; });

  // What is shown: classes and relations ticked, facts dated within the range (or undated, when asked),
  // and entities with a shown relation (all of them when "Entités sans relation" is ticked).
  var years = data.years;
  var state = { hiddenKinds: {}, hiddenRelations: {}, isolated: false, undated: true,
    from: years.length ? years[0] : null, to: years.length ? years[years.length - 1] : null };
  var linked = {};
  function datedIn(e) {
    if (!e.years.length) return state.undated;
    return e.years.some(function (y) { return y >= state.from && y <= state.to; });
  }
  function edgeShown(e) {
    return !state.hiddenRelations[e.predicate] && !state.hiddenKinds[nodeOf[e.from].kind] &&
      !state.hiddenKinds[nodeOf[e.to].kind] && datedIn(e);
  }
  function computeLinked() {
    linked = {};
    data.edges.forEach(function (e) { if (edgeShown(e)) { linked[e.from] = true; linked[e.to] = true; } });
  }
  computeLinked();
  var nodeView = new vis.DataView(nodes, { filter: function (n) {
    return !state.hiddenKinds[n.kind] && (state.isolated || linked[n.id] === true);
  } });
  var edgeView = new vis.DataView(edges, { filter: edgeShown });
  var options = Object.assign({}, data.options, {
    nodes: {
      font: { size: NODE_FONT, strokeWidth: 4, strokeColor: "#ffffff", color: "#1a1a1a" },
      borderWidth: 1,
      scaling: { label: { drawThreshold: 9, maxVisible: 40 } }  // other labels appear as one zooms in
    },
    edges: Object.assign({}, data.options.edges, {
      color: { color: "#9a9a9a", highlight: "#333333" }, width: 1.2,
      scaling: { label: { drawThreshold: data.large ? 9 : 0 } }
    })
  });
  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  // Readable labels whatever the zoom: the most central entities' labels (and, on a small graph, the
  // relations') grow in canvas units as the view shrinks, so that they stay at MIN_PX on the screen.
  var top = data.nodes.filter(function (n) { return n.rank < data.topLabels; });
  var lastScale = null;
  function readableLabels() {
    var scale = network.getScale();
    if (!isFinite(scale) || scale <= 0 || scale === lastScale) return;
    lastScale = scale;
    var size = Math.max(NODE_FONT, Math.ceil(MIN_PX / scale));
    nodes.update(top.map(function (n) { return { id: n.id, font: { size: size } }; }));
    if (!data.large) {
      var edgeSize = Math.max(EDGE_FONT, Math.ceil(EDGE_FONT / scale));
      edges.update(data.edges.map(function (e) { return { id: e.id, font: edgeFont(edgeSize) }; }));
    }
  }

  var status = document.getElementById("kg-status");
  var summary = plural(data.nodes.length, "entité", "entités") + ", " + plural(data.edges.length, "relation", "relations") +
    (data.nodes.length < data.entities ?
      " (les " + data.nodes.length + " plus centrales sur " + data.entities + ")" : "");
  status.textContent = summary + " — mise en page…";
  var kg = { nodes: nodes, edges: edges, network: network, settled: false, settleMs: null, state: state };
  window.kg = kg;
  function settle() {
    if (kg.settled) return;
    network.setOptions({ physics: { enabled: false } });  // the layout stops moving
    kg.settled = true;
    kg.settleMs = performance.now() - started;
    readableLabels();
    status.textContent = summary;
    document.body.setAttribute("data-settled", "true");
  }
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  network.on("zoom", readableLabels);
  network.on("animationFinished", readableLabels);
  if (!nodeView.length) settle();

  // Nodes shown again come back where they were (network.storePositions fails on nodes filtered out,
  // so positions are kept here); entities never laid out (those without a relation) are set in rows
  // under the drawing, in the order of the data.
  function keepPositions() {
    var positions = network.getPositions();
    nodes.update(Object.keys(positions).map(function (id) {
      return { id: id, x: positions[id].x, y: positions[id].y };
    }));
  }
  function placeNewcomers() {
    var positions = network.getPositions();
    var ids = Object.keys(positions);
    var newcomers = nodes.get({ filter: function (n) {
      return n.x === undefined && positions[n.id] === undefined && !state.hiddenKinds[n.kind] &&
        (state.isolated || linked[n.id] === true);
    } });
    if (!newcomers.length) return;
    var box = { left: -300, right: 300, bottom: 0 };
    if (ids.length) {
      box.left = Math.min.apply(null, ids.map(function (id) { return positions[id].x; }));
      box.right = Math.max.apply(null, ids.map(function (id) { return positions[id].x; }));
      box.bottom = Math.max.apply(null, ids.map(function (id) { return positions[id].y; }));
    }
    var step = 130, perRow = Math.max(4, Math.floor((box.right - box.left) / step) + 1);
    nodes.update(newcomers.map(function (n, i) {
      return { id: n.id, x: box.left + (i % perRow) * step, y: box.bottom + 120 + Math.floor(i / perRow) * 90 };
    }));
  }
  var isolatedBox = document.getElementById("kg-isolated");
  var isolatedCount = document.getElementById("kg-isolated-count");
  function countIsolated() {
    var count = data.nodes.filter(function (n) { return !state.hiddenKinds[n.kind] && !linked[n.id]; }).length;
    isolatedCount.textContent = count;
    kg.isolated = count;
  }
  function refresh() {
    keepPositions();
    computeLinked();
    placeNewcomers();
    nodeView.refresh();
    edgeView.refresh();
    countIsolated();
  }
  kg.refresh = refresh;
  countIsolated();
  isolatedBox.addEventListener("change", function () { state.isolated = isolatedBox.checked; refresh(); });

  // Classes and relations: one checkbox each.
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
        refresh();
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
  legend("kg-classes", data.legend, "kind", state.hiddenKinds, function (item) { return item.color; });
  legend("kg-relations", data.relations, "predicate", state.hiddenRelations, null);

  // Dates: a range of years over the facts' dates (the event's when the sentence gives one, else the article's).
  var from = document.getElementById("kg-date-from"), to = document.getElementById("kg-date-to");
  years.forEach(function (year) {
    [from, to].forEach(function (select) { var option = el("option", year); option.value = year; select.appendChild(option); });
  });
  if (years.length) { from.value = String(state.from); to.value = String(state.to); }
  else { from.disabled = true; to.disabled = true; }
  function dateRange() {
    var a = Number(from.value), b = Number(to.value);
    state.from = Math.min(a, b);
    state.to = Math.max(a, b);
    refresh();
  }
  from.addEventListener("change", dateRange);
  to.addEventListener("change", dateRange);
  var undated = document.getElementById("kg-undated");
  document.getElementById("kg-undated-count").textContent = data.undated;
  undated.addEventListener("change", function () { state.undated = undated.checked; refresh(); });

  // What --top left out.
  if (data.dropped.entities) {
    var dropped = document.getElementById("kg-dropped");
    dropped.hidden = false;
    dropped.querySelector("summary").textContent = "Non affichés : " + plural(data.dropped.entities, "entité", "entités") +
      ", " + plural(data.dropped.relations, "relation", "relations");
    var list = dropped.querySelector("ul");
    data.dropped.shown.forEach(function (line) { list.appendChild(el("li", line)); });
    if (data.dropped.shown.length < data.dropped.relations) {
      list.appendChild(el("li", "… et " + (data.dropped.relations - data.dropped.shown.length) + " autres", "kg-muted"));
    }
  }

  // Details panel: the same content as the tooltips, kept on click (its links can be followed).
  var details = document.getElementById("kg-details");
  function show(box) { details.replaceChildren(box); details.className = ""; }
  network.on("click", function (params) {
    if (params.nodes.length) show(nodeInfo(nodes.get(params.nodes[0])));
    else if (params.edges.length) show(edgeInfo(edges.get(params.edges[0])));
  });

  // Search: by label or any other name, accents and case ignored; an entity hidden as unconnected is shown.
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
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
    if (state.hiddenKinds[node.kind]) return;
    if (!linked[node.id] && !state.isolated) { isolatedBox.checked = true; state.isolated = true; refresh(); }
    status.textContent = summary;
    network.selectNodes([match.id]);
    network.focus(match.id, { scale: Math.max(1.3, network.getScale()), animation: false });
    readableLabels();
    show(nodeInfo(node));
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") find(); });
})();
