/* The verdeelmodel's form: "Aanbieder toevoegen" adds an empty provider row in place, without sending the form.
   Without JavaScript the same button sends the form and the server shows it again with one more row. */
(function () {
  "use strict";

  function toevoegen(knop) {
    var sjabloon = document.getElementById("aanbieder-sjabloon");
    var rijen = document.querySelector("[data-aanbieders]");
    var totaal = document.getElementById("id_aanbieders-TOTAL_FORMS");
    if (!sjabloon || !rijen || !totaal) return false;
    var index = parseInt(totaal.value, 10);
    if (isNaN(index)) return false;
    var html = sjabloon.innerHTML.replace(/__prefix__/g, String(index));
    var houder = document.createElement("tbody");
    houder.innerHTML = html.trim();
    var rij = houder.querySelector("tr");
    if (!rij) return false;
    var nummer = String(index + 1);
    rij.querySelector("td").insertBefore(document.createTextNode(nummer), rij.querySelector("td").firstChild);
    rij.querySelectorAll("label").forEach(function (label) {
      label.textContent = knop.getAttribute("data-rij-label").replace("%s", nummer) + " " + label.textContent.trim();
    });
    rijen.appendChild(rij);
    totaal.value = String(index + 1);
    var eerste = rij.querySelector("input, select");
    if (eerste) eerste.focus();
    return true;
  }

  document.addEventListener("click", function (e) {
    var knop = e.target.closest && e.target.closest("[data-aanbieder-toevoegen]");
    if (knop && toevoegen(knop)) e.preventDefault();
  });
})();
