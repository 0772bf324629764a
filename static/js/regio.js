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

  var wacht = null;
  function later() { clearTimeout(wacht); wacht = setTimeout(tabellen, 150); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", tabellen);
  else tabellen();
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", tabellen);
})();
