/* Sortable tables: click a heading of a table marked data-sortable to sort by that column; again to reverse.
   Cells may carry data-value (a number or text) so that "1,234" and "85.0%" sort as numbers. No framework. */
(function () {
  "use strict";

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? -Infinity : "";
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (!numeric) return raw;
    var number = parseFloat(String(raw).replace(/[^0-9.\-]/g, ""));
    return isNaN(number) ? -Infinity : number;
  }

  function sortBy(table, header, index) {
    var numeric = header.getAttribute("data-sort") === "num";
    var current = header.getAttribute("aria-sort");
    // The first click puts numbers largest first and text in order; the next click reverses.
    var ascending = current === "descending" || (current !== "ascending" && !numeric);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      if (th.hasAttribute("data-sort")) th.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).filter(function (row) { return !row.querySelector(".empty"); });
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      var order = numeric ? x - y : String(x).localeCompare(String(y), "zh-Hans-CN");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function enable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      if (!header.hasAttribute("data-sort")) return;
      header.setAttribute("tabindex", "0");
      header.setAttribute("role", "columnheader button");
      header.classList.add("sort-header");
      if (!header.hasAttribute("aria-sort")) header.setAttribute("aria-sort", "none");
      header.addEventListener("click", function () { sortBy(table, header, index); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(table, header, index); }
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), enable);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
