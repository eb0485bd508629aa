// Filters for the initiatives table: free text plus one select per facet.
// The state can also come from the URL hash: #q=plattform&phase=Planlagt
(function () {
  "use strict";
  var table = document.getElementById("initiatives");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var search = document.getElementById("f-q");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-facet]"));
  var count = document.getElementById("shown");

  function fold(s) {
    return (s || "").toLocaleLowerCase("nb").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/ø/g, "o").replace(/æ/g, "ae").replace(/å/g, "a");
  }
  function values(row, facet) {
    try { return JSON.parse(row.getAttribute("data-" + facet) || "[]"); } catch (e) { return []; }
  }
  function apply() {
    var q = fold(search.value.trim());
    var shown = 0;
    rows.forEach(function (row) {
      var ok = !q || fold(row.textContent).indexOf(q) >= 0;
      selects.forEach(function (sel) {
        if (ok && sel.value) { ok = values(row, sel.getAttribute("data-facet")).indexOf(sel.value) >= 0; }
      });
      row.classList.toggle("hidden", !ok);
      if (ok) { shown += 1; }
    });
    count.textContent = String(shown);
    var parts = [];
    if (search.value) { parts.push("q=" + encodeURIComponent(search.value)); }
    selects.forEach(function (sel) {
      if (sel.value) { parts.push(sel.getAttribute("data-facet") + "=" + encodeURIComponent(sel.value)); }
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash && (hash || location.hash)) {
      try { history.replaceState(null, "", hash || location.pathname + location.search); } catch (e) { /* file: URLs */ }
    }
  }
  function fromHash() {
    var h = location.hash.replace(/^#/, "");
    if (!h || h.indexOf("=") < 0) { return; }
    h.split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      var k = decodeURIComponent(kv.slice(0, i)), v = decodeURIComponent(kv.slice(i + 1));
      if (k === "q") { search.value = v; }
      selects.forEach(function (sel) { if (sel.getAttribute("data-facet") === k) { sel.value = v; } });
    });
  }
  search.addEventListener("input", apply);
  selects.forEach(function (sel) { sel.addEventListener("change", apply); });
  document.getElementById("f-reset").addEventListener("click", function () {
    search.value = ""; selects.forEach(function (sel) { sel.value = ""; }); apply();
  });
  window.addEventListener("hashchange", function () { fromHash(); apply(); });

  // The rows shown, as CSV: the id, then one column per table heading. A cell that a
  // spreadsheet would read as a formula (= + - @) gets a leading apostrophe.
  function csvCell(s) {
    s = (s || "").replace(/\s+/g, " ").trim();
    if (/^[=+\-@\t\r]/.test(s)) { s = "'" + s; }
    return /[",;\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csv() {
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent; });
    var lines = [[csvButton.getAttribute("data-id-head")].concat(heads).map(csvCell).join(",")];
    rows.forEach(function (row) {
      if (row.classList.contains("hidden")) { return; }
      var cells = Array.prototype.map.call(row.cells, function (c, i) {
        var b = i === 0 ? c.querySelector("b") : null;
        return b ? b.textContent : c.textContent;
      });
      lines.push([row.id.replace(/^row-/, "")].concat(cells).map(csvCell).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  var csvButton = document.getElementById("f-csv");
  window.kgReportCsv = csv;
  csvButton.addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = csvButton.getAttribute("data-file");
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  // A box in a diagram (node-ID, bar-ID) leads to its row in the table; a municipality
  // on the map filters the table to it.
  function showRow(row) {
    if (row.classList.contains("hidden")) {
      search.value = ""; selects.forEach(function (sel) { sel.value = ""; }); apply();
    }
    row.scrollIntoView({ block: "center" });
    row.classList.remove("flash");
    void row.offsetWidth;
    row.classList.add("flash");
  }
  var muniSelect = document.getElementById("f-municipality");
  Array.prototype.forEach.call(document.querySelectorAll("#diagrams svg [id]"), function (el) {
    var m = /^(?:node|bar)-(.+)$/.exec(el.id);
    if (m && document.getElementById("row-" + m[1])) {
      el.setAttribute("data-row", "row-" + m[1]);
      el.addEventListener("click", function () { showRow(document.getElementById("row-" + m[1])); });
      return;
    }
    if (muniSelect && el.classList.contains("municipality")) {
      var title = el.querySelector("title");
      var name = title ? title.textContent.replace(/ \(\d{4}\):.*$/, "") : "";
      var has = Array.prototype.some.call(muniSelect.options, function (o) { return o.value === name; });
      if (!has) { return; }
      el.setAttribute("data-row", name);
      el.addEventListener("click", function () {
        search.value = ""; selects.forEach(function (sel) { sel.value = ""; });
        muniSelect.value = name; apply();
        document.getElementById("table").scrollIntoView();
      });
    }
  });
  fromHash();
  apply();
  document.documentElement.setAttribute("data-ready", "1");
}());
