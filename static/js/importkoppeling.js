// The mapping form of an import shows only the fields the chosen table layout needs (the server renders the
// detected layout that way); choosing another layout shows that layout's fields instead.
(function () {
  "use strict";
  function tonen(vorm) {
    document.querySelectorAll("[data-vormen]").forEach(function (el) {
      el.hidden = el.getAttribute("data-vormen").split(" ").indexOf(vorm) === -1;
    });
  }
  document.addEventListener("change", function (event) {
    var doel = event.target;
    if (doel instanceof HTMLInputElement && doel.name === "vorm" && doel.checked) {
      tonen(doel.value);
    }
  });
})();
