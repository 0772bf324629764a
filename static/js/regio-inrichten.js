/* Setting up a region (templates/regio/koepel_inrichten.html). Without this script the page is a plain form:
   gemeenten typed into the text box, "Inwoners berekenen" asks the server for the total, organisations typed by
   name, AGB or KvK. With it: a search box with the browser's own suggestion list (keyboard: arrows, Enter) that
   adds gemeenten to the text box, the population total and the guide's band live, and organisation suggestions
   from the server's search (a handful at a time, never the whole list). */
(function () {
  "use strict";

  function sleutel(tekst) {
    return tekst.trim().replace(/\s+/g, " ").toLowerCase();
  }

  function start() {
    var formulier = document.getElementById("inrichten");
    if (!formulier) return;
    var zoeker = document.getElementById("gemeente-zoeker");
    var zoek = document.getElementById("gemeente-zoek");
    var tekstvak = document.getElementById("id_gemeenten");
    var omvang = document.getElementById("omvang");
    var opNaam = {};
    var opCode = {};
    document.querySelectorAll("#gemeentelijst option").forEach(function (optie) {
      var g = { naam: optie.value, code: optie.dataset.code, inwoners: parseInt(optie.dataset.inwoners, 10) || 0 };
      opNaam[sleutel(g.naam)] = g;
      opCode[g.code.toLowerCase()] = g;
    });

    function vinden(tekst) {
      var s = sleutel(tekst);
      var cijfers = s.replace(/^gm/, "");
      if (/^\d{1,4}$/.test(cijfers)) return opCode["gm" + ("0000" + cijfers).slice(-4)];
      return opNaam[s];
    }

    function sjabloon(id) {
      return document.getElementById(id).content.cloneNode(true);
    }

    function bijwerken() {
      var delen = tekstvak.value.split(/[\n;,]+/).filter(function (d) { return d.trim(); });
      var gezien = {};
      var totaal = 0;
      var aantal = 0;
      var onbekend = [];
      delen.forEach(function (deel) {
        var g = vinden(deel);
        if (!g) { onbekend.push(deel.trim()); return; }
        if (gezien[g.code]) return;
        gezien[g.code] = true;
        totaal += g.inwoners;
        aantal += 1;
      });
      omvang.replaceChildren();
      if (aantal) {
        var kop = sjabloon("omvang-sjabloon");
        kop.querySelector("[data-totaal]").textContent = totaal.toLocaleString("nl-NL");
        kop.querySelector("[data-aantal]").textContent = aantal;
        omvang.appendChild(kop);
        var min = parseInt(omvang.dataset.min, 10);
        var max = parseInt(omvang.dataset.max, 10);
        omvang.appendChild(sjabloon(totaal < min ? "omvang-klein" : totaal > max ? "omvang-groot" : "omvang-binnen"));
      }
      if (onbekend.length) {
        var fout = sjabloon("omvang-onbekend");
        fout.querySelector("[data-namen]").textContent = onbekend.join(", ");
        omvang.appendChild(fout);
      }
    }

    function toevoegen() {
      var g = vinden(zoek.value);
      if (!g) return;
      var huidige = tekstvak.value.split(/[\n;,]+/).map(sleutel);
      if (huidige.indexOf(sleutel(g.naam)) === -1) {
        tekstvak.value = tekstvak.value.replace(/[\s,;]*$/, "") + (tekstvak.value.trim() ? ", " : "") + g.naam;
      }
      zoek.value = "";
      bijwerken();
    }

    if (zoeker && zoek && tekstvak && omvang) {
      zoeker.hidden = false;
      zoek.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); toevoegen(); }
      });
      zoek.addEventListener("change", function () { if (vinden(zoek.value)) toevoegen(); });
      document.getElementById("gemeente-toevoegen").addEventListener("click", toevoegen);
      tekstvak.addEventListener("input", bijwerken);
    }

    var lijst = document.getElementById("organisatielijst");
    var wachten = null;
    var laatste = "";
    formulier.addEventListener("input", function (e) {
      var veld = e.target;
      if (!lijst || !veld.matches("[data-organisatie]")) return;
      var term = veld.value.trim();
      if (term.length < 2 || term === laatste) return;
      clearTimeout(wachten);
      wachten = setTimeout(function () {
        laatste = term;
        fetch(lijst.dataset.zoekadres + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { organisaties: [] }; })
          .then(function (data) {
            lijst.replaceChildren();
            data.organisaties.forEach(function (o) {
              var optie = document.createElement("option");
              optie.value = o.naam;
              optie.textContent = o.soort + (o.agb ? " · AGB " + o.agb : "");
              lijst.appendChild(optie);
            });
          })
          .catch(function () { /* no suggestions: the plain form still works */ });
      }, 200);
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
