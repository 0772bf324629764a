/* Mentions in a comment: typing @ and a few letters offers the people who may read the thread, in a list under the
   text (the ARIA combobox pattern, on a textarea: the list is its aria-controls, the option in focus its
   aria-activedescendant). Arrow keys move, Enter picks, Escape closes; a live region says what happened. Picking
   writes "@Naam" into the text and keeps the person's id in a hidden field "genoemd", which the server checks
   against who may read the thread. Without this script, typing "@Voornaam Achternaam" in full works too.

   Works for forms loaded later by htmx: every listener sits on the document. The textarea carries the URL of the
   suggestions (data-noemen) and the sentences to announce (data-noemen-*), translated by the server. */
(function () {
  "use strict";

  var WACHT = 150;
  var teller = 0;

  function staat(veld) {
    if (!veld._noemen) {
      teller += 1;
      var houder = veld.closest(".noemen") || veld.parentNode;
      var lijst = document.createElement("ul");
      lijst.id = "noemen-lijst-" + teller;
      lijst.className = "noemen__lijst";
      lijst.setAttribute("role", "listbox");
      lijst.setAttribute("aria-label", veld.getAttribute("data-noemen-lijst") || "");
      lijst.hidden = true;
      var melding = document.createElement("p");
      melding.className = "visueel-verborgen";
      melding.setAttribute("role", "status");
      veld.insertAdjacentElement("afterend", lijst);
      lijst.insertAdjacentElement("afterend", melding);
      veld.setAttribute("aria-controls", lijst.id);
      veld.setAttribute("aria-haspopup", "listbox");
      veld._noemen = { lijst: lijst, melding: melding, houder: houder, namen: [], actief: -1, term: null, wacht: null, vraag: 0 };
    }
    return veld._noemen;
  }

  function zeg(s, tekst) {
    // Emptied first, so the same sentence twice is announced twice.
    s.melding.textContent = "";
    window.setTimeout(function () { s.melding.textContent = tekst; }, 50);
  }

  /* The "@..." being typed just before the caret: the letters after an @ at the start or after a space. */
  function term(veld) {
    var voor = veld.value.slice(0, veld.selectionStart);
    var m = /(^|\s)@([^\s@][^@\n]{0,39})$/.exec(voor) || /(^|\s)@()$/.exec(voor);
    if (!m || (m[2].match(/ /g) || []).length > 3) return null;
    return m[2];
  }

  function sluiten(veld) {
    var s = staat(veld);
    s.lijst.hidden = true;
    s.lijst.innerHTML = "";
    s.namen = [];
    s.actief = -1;
    veld.removeAttribute("aria-activedescendant");
  }

  function markeren(veld, index) {
    var s = staat(veld);
    s.actief = index;
    Array.prototype.forEach.call(s.lijst.children, function (li, i) {
      li.setAttribute("aria-selected", i === index ? "true" : "false");
      li.classList.toggle("noemen__optie--actief", i === index);
    });
    if (index >= 0) veld.setAttribute("aria-activedescendant", s.lijst.children[index].id);
    else veld.removeAttribute("aria-activedescendant");
  }

  function tonen(veld, namen) {
    var s = staat(veld);
    var wasOpen = !s.lijst.hidden;
    s.lijst.innerHTML = "";
    s.namen = namen;
    namen.forEach(function (persoon, i) {
      var li = document.createElement("li");
      li.id = s.lijst.id + "-" + i;
      li.className = "noemen__optie";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = persoon.naam;
      li.addEventListener("mousedown", function (e) { e.preventDefault(); kiezen(veld, i); });
      s.lijst.appendChild(li);
    });
    s.lijst.hidden = namen.length === 0;
    markeren(veld, namen.length ? 0 : -1);
    // "No names" only when a list was open: typing on after a name is not news at every key.
    if (!namen.length && !wasOpen) return;
    var zin = namen.length === 1 ? veld.getAttribute("data-noemen-een") || ""
      : namen.length ? (veld.getAttribute("data-noemen-gevonden") || "%s").replace("%s", namen.length)
      : veld.getAttribute("data-noemen-geen") || "";
    zeg(s, zin);
  }

  function kiezen(veld, index) {
    var s = staat(veld);
    var persoon = s.namen[index];
    if (!persoon) return;
    var positie = veld.selectionStart;
    var voor = veld.value.slice(0, positie);
    var begin = voor.lastIndexOf("@");
    var invoeging = "@" + persoon.naam + " ";
    veld.value = voor.slice(0, begin) + invoeging + veld.value.slice(positie);
    var caret = begin + invoeging.length;
    veld.setSelectionRange(caret, caret);
    var formulier = veld.form;
    var al = formulier.querySelector('input[name="genoemd"][value="' + persoon.id + '"]');
    if (!al) {
      var verborgen = document.createElement("input");
      verborgen.type = "hidden";
      verborgen.name = "genoemd";
      verborgen.value = persoon.id;
      verborgen.setAttribute("data-naam", persoon.naam);
      formulier.appendChild(verborgen);
    }
    sluiten(veld);
    zeg(s, (veld.getAttribute("data-noemen-gekozen") || "%s").replace("%s", persoon.naam));
  }

  /* Typing on after a picked name ("@Daan Inkoper wat ...") is not a new search. */
  function al_gekozen(veld, t) {
    var klein = t.toLowerCase();
    return Array.prototype.some.call(veld.form.querySelectorAll('input[name="genoemd"][data-naam]'), function (v) {
      return klein.indexOf(v.getAttribute("data-naam").toLowerCase()) === 0;
    });
  }

  function zoeken(veld) {
    var s = staat(veld);
    var t = term(veld);
    window.clearTimeout(s.wacht);
    if (t === null || t.length === 0 || al_gekozen(veld, t)) { sluiten(veld); return; }
    s.wacht = window.setTimeout(function () {
      // The thread the form is for (?deel=, ?intern=, ?antwoord=, ...) decides who may be suggested.
      var actie = new URL(veld.form.getAttribute("action") || "", window.location.href);
      var url = new URL(veld.getAttribute("data-noemen"), window.location.href);
      actie.searchParams.forEach(function (waarde, naam) { url.searchParams.set(naam, waarde); });
      url.searchParams.set("q", t);
      var vraag = ++s.vraag;
      fetch(url.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { namen: [] }; })
        .then(function (data) {
          if (vraag !== s.vraag || term(veld) !== t) return; // an answer overtaken by more typing
          tonen(veld, data.namen || []);
        })
        .catch(function () { sluiten(veld); });
    }, WACHT);
  }

  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("textarea[data-noemen]")) zoeken(e.target);
  });

  document.addEventListener("keydown", function (e) {
    var veld = e.target;
    if (!(veld.matches && veld.matches("textarea[data-noemen]")) || !veld._noemen || veld._noemen.lijst.hidden) return;
    var s = veld._noemen;
    if (e.key === "ArrowDown") { e.preventDefault(); markeren(veld, (s.actief + 1) % s.namen.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); markeren(veld, (s.actief - 1 + s.namen.length) % s.namen.length); }
    else if (e.key === "Enter" && s.actief >= 0) { e.preventDefault(); kiezen(veld, s.actief); }
    else if (e.key === "Escape") { e.preventDefault(); sluiten(veld); }
    else if (e.key === "Tab") { sluiten(veld); }
  });

  document.addEventListener("focusout", function (e) {
    if (e.target.matches && e.target.matches("textarea[data-noemen]") && e.target._noemen) sluiten(e.target);
  });

  /* A name picked and then removed from the text is not mentioned. */
  document.addEventListener("submit", function (e) {
    var veld = e.target.querySelector && e.target.querySelector("textarea[data-noemen]");
    if (!veld) return;
    e.target.querySelectorAll('input[name="genoemd"][data-naam]').forEach(function (verborgen) {
      if (veld.value.toLowerCase().indexOf("@" + verborgen.getAttribute("data-naam").toLowerCase()) === -1) verborgen.remove();
    });
  });
})();
