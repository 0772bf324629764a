/* On every page: a form with data-bevestig asks before it is sent (removing something). */
document.addEventListener("submit", function (e) {
  "use strict";
  var vraag = e.target.getAttribute && e.target.getAttribute("data-bevestig");
  if (vraag && !window.confirm(vraag)) { e.preventDefault(); }
});

/* On every page: a table that is wider than the screen scrolls sideways; it gets a tab stop, so keyboard users
   can scroll it too (WCAG 2.1.1). Tables that fit stay out of the tab order. */
(function () {
  "use strict";

  function tabellen() {
    document.querySelectorAll(".tabel, .tabel-scroll").forEach(function (el) {
      var scrollt = el.scrollWidth > el.clientWidth + 1;
      if (scrollt && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scrollbaar", "");
      } else if (!scrollt && el.hasAttribute("data-scrollbaar")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scrollbaar");
      }
    });
  }

  /* On a phone a table's rows become stacked cards: each cell gets its column's heading (data-kop, shown by the
     CSS before the value), so every column of a decision (status, amount, who may sign) stays in view instead of
     behind a sideways scroll. Display changes strip table semantics in some browsers, so the roles are set again.
     Tables with data-niet-stapelen (wide grids of figures) keep scrolling. Without JavaScript the table scrolls. */
  function stapelen(tabel) {
    if (tabel.hasAttribute("data-gestapeld") || tabel.hasAttribute("data-niet-stapelen") || !tabel.tHead) return;
    var koppen = [];
    Array.prototype.forEach.call(tabel.tHead.rows[tabel.tHead.rows.length - 1].cells, function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) koppen.push(th.textContent.replace(/\s+/g, " ").trim());
    });
    tabel.setAttribute("role", "table");
    Array.prototype.forEach.call(tabel.querySelectorAll("thead, tbody, tfoot"), function (g) { g.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(tabel.rows, function (rij) {
      rij.setAttribute("role", "row");
      var kolom = 0;
      Array.prototype.forEach.call(rij.cells, function (cel) {
        var inKop = cel.parentNode.parentNode === tabel.tHead;
        cel.setAttribute("role", inKop ? "columnheader" : (cel.tagName === "TH" ? "rowheader" : "cell"));
        if (!inKop && koppen[kolom] && cel.textContent.trim()) cel.setAttribute("data-kop", koppen[kolom]);
        kolom += cel.colSpan || 1;
      });
    });
    tabel.classList.add("tabel--stapel");
    tabel.setAttribute("data-gestapeld", "");
  }

  function alleStapelen() { document.querySelectorAll("table.tabel").forEach(stapelen); }

  var wacht = null;
  function later() { clearTimeout(wacht); wacht = setTimeout(tabellen, 150); }

  function alles() { alleStapelen(); tabellen(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", alles);
  else alles();
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", alles);
})();
