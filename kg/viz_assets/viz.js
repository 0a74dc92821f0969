/* newskg network page: draws the JSON in #kg-data with vis-network.
 *
 * Every string in the data comes from news text, so it is only ever put into the page as
 * text (textContent, createTextNode, option.value): never innerHTML.  window.kgViz exposes
 * the network, the data sets, search() and timings for tests and benchmarks.
 */
(function () {
  "use strict";

  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var physics = !!data.physics;
  var kgViz = { data: data, drawn: false, stable: false, timings: {}, errors: [] };
  window.kgViz = kgViz;

  var typeByName = {};
  data.types.forEach(function (t) { typeByName[t.name] = t; });
  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });

  // ------------------------------------------------------------------ small DOM helpers
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function shorten(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }
  function darker(hex, f) {
    var n = parseInt(hex.slice(1), 16);
    var r = Math.round(((n >> 16) & 255) * f), g = Math.round(((n >> 8) & 255) * f), b = Math.round((n & 255) * f);
    return "#" + ((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1);
  }
  function typeLabel(name) { var t = typeByName[name]; return t ? t.label : name; }
  function chip(name) {
    var t = typeByName[name] || { color: "#999", label: name };
    var c = el("span", { class: "kg-chip", text: t.label });
    c.style.background = t.color;
    return c;
  }
  function articleText(i) {
    var a = data.articles[i];
    if (!a) return "（来源不明）";
    return "《" + a.title + "》" + (a.date ? " " + a.date : "");
  }

  // ------------------------------------------------------------------ vis data
  var groups = {};
  data.types.forEach(function (t) {
    var article = t.name === "Article", indicator = t.name === "Indicator";
    groups[t.name] = {
      shape: t.shape,
      color: {
        background: t.color, border: darker(t.color, 0.75),
        highlight: { background: t.color, border: "#000" }, hover: { background: t.color, border: "#333" }
      },
      font: { size: article || indicator ? 11 : 14, color: article ? "#666" : "#222" },
      borderWidth: 1, borderWidthSelected: 3
    };
  });

  var visNodes = new vis.DataSet(data.nodes.map(function (n) {
    var small = n.type === "Article" || n.type === "Indicator";
    return {
      id: n.id, group: n.type, x: n.x, y: n.y,
      label: shorten(n.label, small ? 14 : 24),
      size: small ? 7 : Math.min(40, 9 + 3.2 * Math.sqrt(n.degree)),
      borderWidth: n.focus ? 4 : 1
    };
  }));
  // Several edges between the same two nodes (either way round) would be drawn on top of
  // each other; the second and later ones bend, alternately left and right.
  var pairCount = {};
  var visEdges = new vis.DataSet(data.edges.map(function (e, i) {
    var weak = e.predicate === "mentions";
    var pair = e.from < e.to ? e.from + "-" + e.to : e.to + "-" + e.from;
    var k = pairCount[pair] = (pairCount[pair] || 0) + 1;
    var edge = {
      id: i, from: e.from, to: e.to, label: e.label,
      dashes: weak,
      color: weak ? { color: "#d0d0d0", highlight: "#666", hover: "#888" } : { color: "#9aa0a6", highlight: "#222", hover: "#444" },
      font: weak ? { size: 9, color: "#aaa" } : { size: 11, color: "#444" }
    };
    if (k > 1) {
      var flip = (k % 2 === 0) === (e.from < e.to);
      edge.smooth = { enabled: true, type: flip ? "curvedCW" : "curvedCCW", roundness: 0.25 * Math.floor(k / 2) };
    }
    return edge;
  }));

  var container = document.getElementById("kg-network");
  var options = {
    autoResize: true,
    groups: groups,
    nodes: {
      font: { face: FONT, strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { enabled: false, drawThreshold: 7 } }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      width: 1, selectionWidth: 2, hoverWidth: 1,
      font: { face: FONT, strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      smooth: physics ? { enabled: true, type: "continuous", roundness: 0.3 } : false,
      scaling: { label: { enabled: false, drawThreshold: 7 } }
    },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: {
      hover: true, tooltipDelay: 120, multiselect: false, navigationButtons: false, keyboard: false,
      hideEdgesOnDrag: !physics, hideEdgesOnZoom: !physics
    },
    physics: physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -6000, springLength: 140, springConstant: 0.03, damping: 0.4, avoidOverlap: 0.2 },
      stabilization: { enabled: true, iterations: 250, updateInterval: 50, fit: true },
      maxVelocity: 40, minVelocity: 1, timestep: 0.5
    } : { enabled: false }
  };

  var network;
  try {
    network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, options);
  } catch (err) {
    document.getElementById("kg-loading").textContent = "无法绘制图谱：" + err;
    throw err;
  }
  kgViz.network = network;
  kgViz.nodes = visNodes;
  kgViz.edges = visEdges;

  var loading = document.getElementById("kg-loading");
  var resolveReady;
  kgViz.ready = new Promise(function (resolve) { resolveReady = resolve; });
  function markStable() {
    if (kgViz.stable) return;
    kgViz.stable = true;
    kgViz.timings.stable = performance.now();
    loading.hidden = true;
    resolveReady(kgViz.timings);
  }
  // Ready = drawn and still.  Without physics the first frame is the final layout; with it,
  // physics only untangles the first layout and is then switched off, so nothing moves.
  var settled = !physics;
  network.on("afterDrawing", function () {
    if (!kgViz.drawn) {
      kgViz.drawn = true;
      kgViz.timings.firstDraw = performance.now();
    }
    if (settled && !kgViz.stable) markStable();
  });
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      settled = true;
      network.fit();
      network.redraw();
    });
  } else {
    network.fit();
  }

  // vis-network leaves out a label smaller than drawThreshold pixels on screen, and fitting
  // a network of a few hundred nodes to the window shrinks every label below that: the
  // first view was a cloud of unnamed dots.  The names of the best-connected entities keep
  // at least LABEL_PX pixels at any zoom (vis caps a label at 30 pixels when zoomed in);
  // the others appear as one zooms in.
  var LABEL_PX = 12;
  var labelled = data.nodes.filter(function (n) { return n.type !== "Article" && n.type !== "Indicator"; });
  if (!labelled.length) labelled = data.nodes.slice();
  labelled.sort(function (a, b) { return b.degree - a.degree || a.id - b.id; });
  labelled = labelled.slice(0, Math.min(40, Math.max(10, Math.round(2 * Math.sqrt(data.nodes.length)))));
  kgViz.labelled = labelled.map(function (n) { return n.id; });
  var labelScale = null;
  function updateLabels() {
    var scale = network.getScale();
    if (labelScale !== null && Math.abs(scale - labelScale) <= 0.05 * labelScale) return;
    labelScale = scale;
    visNodes.update(labelled.map(function (n) {
      var base = n.type === "Article" || n.type === "Indicator" ? 11 : 14;
      return { id: n.id, font: { size: Math.max(base, LABEL_PX / scale) } };
    }));
  }
  network.on("zoom", updateLabels);
  network.on("animationFinished", updateLabels);
  if (physics) network.once("stabilizationIterationsDone", updateLabels);
  kgViz.updateLabels = updateLabels;
  updateLabels();

  // Arrowheads cost most of a frame in a large network and cannot be seen when zoomed far
  // out, so they are drawn only from a readable zoom level on.
  var ARROW_SCALE = 0.3;
  var arrowsOn = true;
  function updateArrows() {
    var on = physics || network.getScale() >= ARROW_SCALE;
    if (on !== arrowsOn) {
      arrowsOn = on;
      network.setOptions({ edges: { arrows: { to: { enabled: on, scaleFactor: 0.5 } } } });
    }
  }
  network.on("zoom", updateArrows);
  network.on("animationFinished", updateArrows);
  kgViz.updateArrows = updateArrows;
  updateArrows();

  // ------------------------------------------------------------------ tooltip and details
  var tooltip = document.getElementById("kg-tooltip");
  var details = document.getElementById("kg-details");

  function articleList(indices, limit, clickable) {
    var ul = el("ul");
    indices.slice(0, limit).forEach(function (i) {
      var li = el("li", { text: articleText(i) });
      if (clickable) {
        var target = articleNode(i);
        if (target != null) {
          li.className = "kg-link";
          li.addEventListener("click", function () { selectNode(target); });
        }
      }
      ul.appendChild(li);
    });
    if (indices.length > limit) ul.appendChild(el("li", { class: "kg-muted", text: "……共 " + indices.length + " 篇" }));
    return ul;
  }

  var articleNodes = null;
  function articleNode(i) {
    if (articleNodes === null) {
      articleNodes = {};
      var byIri = {};
      data.nodes.forEach(function (n) { if (n.type === "Article") byIri[n.iri] = n.id; });
      data.articles.forEach(function (a, k) { if (byIri[a.iri] != null) articleNodes[k] = byIri[a.iri]; });
    }
    return articleNodes[i];
  }

  function nodeContent(n, full) {
    var box = el("div");
    box.appendChild(el(full ? "h2" : "strong", { text: n.label }));
    var dl = el("dl");
    var typeRow = el("dd", null, [chip(n.type), n.type]);
    dl.appendChild(el("dt", { text: "类型" }));
    dl.appendChild(typeRow);
    if (n.aliases.length) {
      dl.appendChild(el("dt", { text: "别名" }));
      dl.appendChild(el("dd", { text: n.aliases.join("、") }));
    }
    n.info.forEach(function (kv) {
      dl.appendChild(el("dt", { text: kv[0] }));
      dl.appendChild(el("dd", { text: kv[1] }));
    });
    dl.appendChild(el("dt", { text: "相邻节点" }));
    dl.appendChild(el("dd", { text: String(n.degree) }));
    if (n.articles.length) {
      dl.appendChild(el("dt", { text: "提及它的报道（" + n.articles.length + "）" }));
      dl.appendChild(el("dd", null, [articleList(n.articles, full ? 50 : 5, full)]));
    }
    if (full) {
      dl.appendChild(el("dt", { text: "IRI" }));
      dl.appendChild(el("dd", { class: "kg-muted", text: n.iri }));
    }
    box.appendChild(dl);
    return box;
  }

  function edgeContent(e, full) {
    var from = nodeById[e.from], to = nodeById[e.to];
    var box = el("div");
    box.appendChild(el(full ? "h2" : "strong", { text: from.label + " —" + e.label + "→ " + to.label }));
    if (e.relation) box.appendChild(el("div", { class: "kg-muted", text: e.relation + "：" + e.label }));
    if (!e.evidence.length) {
      box.appendChild(el("div", { class: "kg-muted", text: e.predicate === "mentions" ? "报道提及该实体。" : "没有记录证据句。" }));
      return box;
    }
    box.appendChild(el("div", { class: "kg-muted", text: "证据（" + (e.evidence.length + (e.more || 0)) + "）" }));
    e.evidence.slice(0, full ? e.evidence.length : 3).forEach(function (ev) {
      var conf = ev.confidence >= 0 ? " · 置信度 " + ev.confidence : "";
      box.appendChild(el("div", { class: "kg-evidence" }, [
        el("div", { text: "“" + ev.text + "”" }),
        el("div", { class: "kg-source", text: "出自 " + articleText(ev.article) + conf })
      ]));
    });
    var rest = e.evidence.length - (full ? e.evidence.length : 3) + (e.more || 0);
    if (rest > 0) box.appendChild(el("div", { class: "kg-muted", text: "另有 " + rest + " 条" }));
    return box;
  }

  function showTip(content, pointer) {
    clear(tooltip);
    tooltip.appendChild(content);
    tooltip.hidden = false;
    var stage = tooltip.parentNode.getBoundingClientRect();
    var x = pointer.x + 14, y = pointer.y + 14;
    if (x + tooltip.offsetWidth > stage.width) x = Math.max(0, pointer.x - tooltip.offsetWidth - 14);
    if (y + tooltip.offsetHeight > stage.height) y = Math.max(0, pointer.y - tooltip.offsetHeight - 14);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTip() { tooltip.hidden = true; }

  network.on("hoverNode", function (p) { showTip(nodeContent(nodeById[p.node], false), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(edgeContent(data.edges[p.edge], false), p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  function showDetails(content) {
    clear(details);
    details.appendChild(content);
  }
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) showDetails(nodeContent(nodeById[p.nodes[0]], true));
    else if (p.edges.length) showDetails(edgeContent(data.edges[p.edges[0]], true));
  });

  // ------------------------------------------------------------------ type filter
  var shown = {};
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#kg-legend input[name="type"]'));
  boxes.forEach(function (b) { shown[b.value] = b.checked; });
  function applyFilter() {
    boxes.forEach(function (b) { shown[b.value] = b.checked; });
    visNodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !shown[n.type] }; }));
    kgViz.visibleNodes = data.nodes.filter(function (n) { return shown[n.type]; }).length;
  }
  boxes.forEach(function (b) { b.addEventListener("change", applyFilter); });
  document.getElementById("kg-all").addEventListener("click", function () { boxes.forEach(function (b) { b.checked = true; }); applyFilter(); });
  document.getElementById("kg-none").addEventListener("click", function () { boxes.forEach(function (b) { b.checked = false; }); applyFilter(); });
  kgViz.setTypeShown = function (name, on) {
    boxes.forEach(function (b) { if (b.value === name) b.checked = !!on; });
    applyFilter();
  };

  // ------------------------------------------------------------------ search
  function norm(s) {
    return s.normalize("NFKC").toLowerCase().replace(/[\s《》〈〉“”"'‘’「」『』]/g, "");
  }
  var names = data.nodes.map(function (n) { return [n.label].concat(n.aliases).map(norm); });
  var datalist = document.getElementById("kg-names");
  var seen = {};
  data.nodes.forEach(function (n) {
    if (n.type === "Article") return;
    [n.label].concat(n.aliases).forEach(function (name) {
      if (seen[name]) return;
      seen[name] = true;
      var o = document.createElement("option");
      o.value = name;
      datalist.appendChild(o);
    });
  });

  // Node ids matching the query: exact names first, then names starting with it, then
  // names containing it; within a rank the best-connected first.
  function search(query) {
    var key = norm(query || "");
    if (!key) return [];
    var hits = [];
    data.nodes.forEach(function (n, i) {
      var rank = 3;
      names[i].forEach(function (name) {
        if (name === key) rank = Math.min(rank, 0);
        else if (name.indexOf(key) === 0) rank = Math.min(rank, 1);
        else if (name.indexOf(key) > 0) rank = Math.min(rank, 2);
      });
      if (rank < 3) hits.push([rank, -n.degree, n.label, n.id]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    return hits.map(function (h) { return h[3]; });
  }

  function selectNode(id) {
    var n = nodeById[id];
    if (!n) return;
    if (!shown[n.type]) kgViz.setTypeShown(n.type, true);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    showDetails(nodeContent(n, true));
  }

  var results = document.getElementById("kg-results");
  var status = document.getElementById("kg-search-status");
  function runSearch(query) {
    var ids = search(query);
    clear(results);
    if (!ids.length) {
      status.textContent = "未找到“" + query + "”";
      return ids;
    }
    status.textContent = ids.length > 1 ? "找到 " + ids.length + " 个节点" : "";
    if (ids.length > 1) ids.slice(0, 30).forEach(function (id) {
      var n = nodeById[id];
      var li = el("li", { text: shorten(n.label, 30) + "（" + typeLabel(n.type) + "）" });
      li.addEventListener("click", function () { selectNode(id); });
      results.appendChild(li);
    });
    selectNode(ids[0]);
    return ids;
  }
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    runSearch(document.getElementById("kg-search").value);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { network.unselectAll(); hideTip(); }
  });

  kgViz.search = search;
  kgViz.runSearch = runSearch;
  kgViz.selectNode = selectNode;
})();
