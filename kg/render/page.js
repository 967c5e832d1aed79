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
    if (hiddenKinds[node.kind]) return;
    status.textContent = summary;
    network.selectNodes([match.id]);
    network.focus(match.id, { scale: 1.3, animation: false });
    show(nodeInfo(node));
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") find(); });
})();
