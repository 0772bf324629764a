/* Regioplan pages: a small Markdown toolbar, confirmation before removing, and drag-and-drop ordering.
   Everything works without this file too: the toolbar only types Markdown, the buttons Hoger/Lager
   reorder without a mouse, and a removal without confirmation still asks the server. */
(function () {
  "use strict";

  var KNOPPEN = [
    { label: "Kop", voor: "\n## ", na: "", titel: "Kop" },
    { label: "Vet", voor: "**", na: "**", titel: "Vet" },
    { label: "Schuin", voor: "*", na: "*", titel: "Schuin" },
    { label: "Opsomming", voor: "\n- ", na: "", titel: "Opsomming" },
    { label: "Link", voor: "[", na: "](https://)", titel: "Link" }
  ];

  function omhullen(veld, voor, na) {
    var start = veld.selectionStart, eind = veld.selectionEnd, tekst = veld.value;
    var gekozen = tekst.slice(start, eind);
    veld.value = tekst.slice(0, start) + voor + gekozen + na + tekst.slice(eind);
    veld.focus();
    veld.selectionStart = start + voor.length;
    veld.selectionEnd = start + voor.length + gekozen.length;
    veld.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function werkbalk(veld) {
    if (veld.dataset.werkbalk) { return; }
    veld.dataset.werkbalk = "1";
    var balk = document.createElement("div");
    balk.className = "werkbalk";
    balk.setAttribute("role", "toolbar");
    balk.setAttribute("aria-label", "Opmaak");
    balk.setAttribute("aria-controls", veld.id);
    KNOPPEN.forEach(function (k) {
      var knop = document.createElement("button");
      knop.type = "button";
      knop.className = "knop knop--klein";
      knop.textContent = k.label;
      knop.addEventListener("click", function () { omhullen(veld, k.voor, k.na); });
      balk.appendChild(knop);
    });
    veld.parentNode.insertBefore(balk, veld);
  }

  function csrf() {
    var veld = document.querySelector("input[name=csrfmiddlewaretoken]");
    return veld ? veld.value : "";
  }

  var gesleept = null;

  document.addEventListener("dragstart", function (e) {
    var item = e.target.closest && e.target.closest(".prioriteiten [draggable=true]");
    if (!item) { return; }
    gesleept = item;
    item.classList.add("prioriteit--sleept");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", item.dataset.pk);
  });

  document.addEventListener("dragover", function (e) {
    if (!gesleept) { return; }
    var doel = e.target.closest && e.target.closest(".prioriteiten > li");
    if (!doel || doel === gesleept || doel.parentNode !== gesleept.parentNode) { return; }
    e.preventDefault();
    var vlak = doel.getBoundingClientRect();
    var erna = e.clientY > vlak.top + vlak.height / 2;
    doel.parentNode.insertBefore(gesleept, erna ? doel.nextSibling : doel);
  });

  document.addEventListener("dragend", function () {
    if (!gesleept) { return; }
    var lijst = gesleept.parentNode;
    gesleept.classList.remove("prioriteit--sleept");
    gesleept = null;
    var gegevens = new URLSearchParams();
    lijst.querySelectorAll(":scope > li").forEach(function (li) { gegevens.append("volgorde", li.dataset.pk); });
    fetch(lijst.dataset.volgordeUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrf(), "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: gegevens.toString(),
      credentials: "same-origin"
    }).then(function (antwoord) {
      if (!antwoord.ok || antwoord.redirected) { window.location.reload(); return null; }
      return antwoord.text();
    }).then(function (html) {
      if (html === null) { return; }
      var sjabloon = document.createElement("template");
      sjabloon.innerHTML = html;
      // Out-of-band parts (like the plan's new version for the approval form) replace their namesakes.
      // With hx-swap-oob="innerHTML" only the content changes (a live region must stay to be announced).
      sjabloon.content.querySelectorAll("[hx-swap-oob]").forEach(function (deel) {
        var alleenInhoud = deel.getAttribute("hx-swap-oob") === "innerHTML";
        deel.removeAttribute("hx-swap-oob");
        var bestaand = document.getElementById(deel.id);
        if (bestaand && alleenInhoud) { bestaand.innerHTML = deel.innerHTML; deel.remove(); }
        else if (bestaand) { bestaand.replaceWith(deel); } else { deel.remove(); }
      });
      document.getElementById("uitdagingen-lijst").replaceWith(sjabloon.content);
      if (window.htmx) { window.htmx.process(document.getElementById("uitdagingen-lijst")); }
    }).catch(function () { window.location.reload(); });
  });

  function opstarten(wortel) {
    (wortel || document).querySelectorAll("textarea[data-opmaak=markdown]").forEach(werkbalk);
  }
  document.addEventListener("DOMContentLoaded", function () { opstarten(document); });
  document.addEventListener("htmx:afterSwap", function (e) { opstarten(e.target); });
})();
