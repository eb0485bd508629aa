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
  fromHash();
  apply();
  document.documentElement.setAttribute("data-ready", "1");
}());
