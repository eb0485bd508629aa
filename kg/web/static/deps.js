// The dependency explorer: draws /api/graph/ID with Cytoscape.js. A click on a node
// shows it in the panel and expands it (its neighbours one step out) or, if it was
// expanded, collapses what it added. Filters by phase and owner hide nodes. The table
// below the graph holds the same answer without JavaScript.
(function () {
  "use strict";
  var box = document.getElementById("cy");
  if (!box || typeof cytoscape === "undefined") { return; }
  var root = box.dataset.root, lang = box.dataset.lang;
  var direction = box.dataset.direction || "both";
  var types = (box.dataset.types || "").split(",").filter(Boolean);
  var hardOnly = box.dataset.hard === "true";
  var network = box.dataset.network || "";
  var added = {};      // node id -> ids it added when expanded
  var info = {};       // node id -> node data
  var colours = { "fase-etablert": "#2e7d4f", "fase-pagaende": "#0b5cad", "fase-planlagt": "#7a4cb0" };

  var cy = box.cy = cytoscape({  // box.cy: for the browser tests
    container: box, wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120,
          "background-color": "data(colour)", "color": "#1d2330", "text-valign": "bottom", "text-margin-y": 4, "width": 22, "height": 22 } },
      { selector: "node[?focus]", style: { "border-width": 4, "border-color": "#f2a900" } },
      { selector: "node.expanded", style: { "shape": "round-rectangle" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
      { selector: "edge", style: { "width": 2, "curve-style": "bezier", "target-arrow-shape": "triangle", "line-color": "#8a94a6", "target-arrow-color": "#8a94a6" } },
      { selector: "edge[strength = 'soft']", style: { "line-style": "dashed" } },
      { selector: "edge[?conflict]", style: { "line-color": "#b3261e", "target-arrow-color": "#b3261e" } },
      { selector: ".hidden", style: { "display": "none" } }
    ]
  });

  function keepEdge(e) {
    return (!hardOnly || e.strength === "hard") && (!types.length || types.indexOf(e.type) >= 0);
  }

  function load(id, depth) {
    var url = "/api/graph/" + encodeURI(id) + "?depth=" + depth + "&direction=" + direction + "&lang=" + lang +
      (network ? "&network=" + encodeURIComponent(network) : "");
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  function addGraph(g) {
    var fresh = [];
    g.nodes.forEach(function (n) {
      info[n.id] = n;
      if (cy.getElementById(n.id).length === 0) {
        fresh.push(n.id);
        cy.add({ group: "nodes", data: { id: n.id, label: n.label, focus: n.id === root, colour: colours[n.phase] || "#8a94a6" } });
      }
    });
    g.edges.forEach(function (e) {
      if (!keepEdge(e)) { return; }
      var eid = e.source + "→" + e.target;
      if (cy.getElementById(eid).length === 0 && cy.getElementById(e.source).length && cy.getElementById(e.target).length) {
        cy.add({ group: "edges", data: { id: eid, source: e.source, target: e.target, strength: e.strength, conflict: e.conflict } });
      }
    });
    return fresh;
  }

  function layout() {
    cy.layout({ name: "breadthfirst", directed: true, spacingFactor: 1.1, padding: 20 }).run();
    box.dataset.nodes = String(cy.nodes().length);
    box.dataset.edges = String(cy.edges().length);
    fillFilters();
  }

  function fillFilters() {
    [["f-phase", "phase"], ["f-owner", "owner"]].forEach(function (pair) {
      var sel = document.getElementById(pair[0]);
      var current = sel.value, seen = {};
      Object.keys(info).forEach(function (k) { var v = info[k][pair[1]]; if (v) { seen[v] = true; } });
      while (sel.options.length > 1) { sel.remove(1); }
      Object.keys(seen).sort().forEach(function (v) {
        var o = document.createElement("option"); o.value = v; o.textContent = v; sel.appendChild(o);
      });
      sel.value = current;
    });
  }

  function applyFilters() {
    var ph = document.getElementById("f-phase").value, ow = document.getElementById("f-owner").value;
    cy.nodes().forEach(function (n) {
      var d = info[n.id()] || {};
      var show = n.id() === root || ((!ph || d.phase === ph) && (!ow || d.owner === ow));
      n.toggleClass("hidden", !show);
    });
  }

  function collapse(id) {
    (added[id] || []).forEach(function (x) {
      if (x !== root) { collapse(x); cy.getElementById(x).remove(); }
    });
    delete added[id];
    cy.getElementById(id).removeClass("expanded");
  }

  cy.on("tap", "node", function (evt) {
    var id = evt.target.id(), d = info[id] || {};
    document.getElementById("cy-selected").textContent = d.label + " (" + id + ")" + (d.when ? " · " + d.when : "") + (d.owner ? " · " + d.owner : "");
    var open = document.getElementById("cy-open");
    open.href = d.url || ("/node/" + encodeURI(id));
    if (added[id]) { collapse(id); layout(); return; }
    load(id, 1).then(function (g) {
      added[id] = addGraph(g);
      evt.target.addClass("expanded");
      layout(); applyFilters();
    }).catch(function () { document.getElementById("cy-selected").textContent += " ✗"; });
  });
  cy.on("dbltap", "node", function (evt) { window.location.href = (info[evt.target.id()] || {}).url || "/"; });

  document.getElementById("f-phase").addEventListener("change", applyFilters);
  document.getElementById("f-owner").addEventListener("change", applyFilters);
  document.getElementById("cy-reset").addEventListener("click", function () { start(); });

  function start() {
    cy.elements().remove(); added = {}; info = {};
    load(root, parseInt(box.dataset.depth || "2", 10)).then(function (g) {
      addGraph(g); layout(); applyFilters();
      box.dataset.ready = "true";
    }).catch(function (err) { box.textContent = String(err); });
  }
  start();
}());
