/* Draws the regiobeeld charts with the vendored plotly.js: no inline scripts, so a strict CSP holds.
   Markup: <div data-grafiek="fig-trend" data-grafiek-label="..."></div>
           <script type="application/json" id="fig-trend">{"data": [...], "layout": {...}}</script>
   Optional data-grafiek-config='{"displayModeBar": false}' is merged over the default config below.
   A chart is drawn when it comes near the screen, and plotly.js (data-plotly on this script's tag) is only loaded
   then: a page whose charts are further down is ready without parsing a megabyte of script and drawing charts
   nobody has seen yet (issue 20). Printing the page draws every chart (beforeprint). */
(function () {
  "use strict";

  var bundel = document.currentScript && document.currentScript.getAttribute("data-plotly");
  // Drawn once the chart is this close to the screen, so that it is ready when a person scrolls to it.
  var MARGE = "300px 0px";

  // Same as regiobeeld.charts.PLOTLY_CONFIG, in the page's language (plotly's own words and month names; the
  // figure's numbers already follow it through layout.separators and the texts from regio.getallen).
  var STANDAARD = {
    displaylogo: false,
    responsive: true,
    locale: document.documentElement.lang === "nl" ? "nl" : "en",
    modeBarButtonsToRemove: ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
      "resetScale2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian", "sendChartToCloud"],
    toImageButtonOptions: { format: "png", filename: "regiobeeld", scale: 2 },
    // plotly.js 4 would otherwise offer "Share chart...", which posts the data to cloud.plotly.com.
    showSendToCloud: false, plotlyServerURL: "", showTips: false, doubleClick: false, typesetMath: false
  };

  var NL = {
    moduleType: "locale",
    name: "nl",
    dictionary: {
      "Download plot as a PNG": "Grafiek downloaden als PNG", // the key of plotly.js 4
      "Download plot as a png": "Grafiek downloaden als PNG", // the key of older versions
      "Download plot": "Grafiek downloaden",
      "Preparing image - this may take a few seconds": "Afbeelding wordt gemaakt, een ogenblik",
      "Image download succeeded": "Afbeelding gedownload",
      "Sorry, there was a problem downloading your image!": "Het downloaden van de afbeelding is mislukt.",
      "Zoom in": "Inzoomen",
      "Zoom out": "Uitzoomen",
      "Reset axes": "Assen herstellen",
      "Autoscale": "Automatisch schalen",
      "Pan": "Verschuiven",
      "Zoom": "Zoomen",
      "Reset view": "Beeld herstellen"
    },
    format: {
      days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
      shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
      months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
        "oktober", "november", "december"],
      shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
      date: "%d-%m-%Y", decimal: ",", thousands: "."
    }
  };
  var geregistreerd = false;

  function leesJson(tekst) {
    try { return tekst ? JSON.parse(tekst) : null; } catch (fout) { return null; }
  }

  // Under this width (of the chart, not the window) a figure's narrow variant applies (layout.meta.smal, attribute
  // paths such as "xaxis.tickangle" from regiobeeld.charts.met_smalle_variant), and a chart marked
  // data-grafiek-smal-tabel (the timeline: many labels side by side) shows its table instead, with a note that
  // says so. Both follow the width when the window is resized, not only when the page loads.
  var SMAL = 600;

  function breedte(el) {
    var ouder = el.parentNode, stijl = window.getComputedStyle(ouder);
    return ouder.clientWidth - parseFloat(stijl.paddingLeft) - parseFloat(stijl.paddingRight);
  }

  // A copy each time: plotly writes into the layout it is given (ranges it worked out), which would leak from one
  // variant into the other.
  function opmaak(fig, smal) {
    var layout = JSON.parse(JSON.stringify(fig.layout || {}));
    var variant = smal && layout.meta && layout.meta.smal;
    Object.keys(variant || {}).forEach(function (pad) {
      var delen = pad.split("."), doel = layout;
      for (var i = 0; i < delen.length - 1; i++) doel = doel[delen[i]] = doel[delen[i]] || {};
      doel[delen[delen.length - 1]] = variant[pad];
    });
    return layout;
  }

  function alsTabel(el) {
    var figuur = el.closest("figure");
    var tabel = figuur && figuur.querySelector("details.grafiek__tabel");
    if (!tabel) return false;
    if (el.hidden) return true;
    // Opened here, so closed again when the chart comes back; a table the reader opened stays open.
    if (!tabel.open) { tabel.open = true; tabel.setAttribute("data-grafiek-geopend", ""); }
    el.hidden = true;
    var noot = el.getAttribute("data-grafiek-smal-tabel");
    if (noot && !figuur.querySelector(".grafiek__smal")) {
      var p = document.createElement("p");
      p.className = "hulptekst grafiek__smal";
      p.textContent = noot;
      tabel.parentNode.insertBefore(p, tabel);
    }
    return true;
  }

  function alsGrafiek(el) {
    var figuur = el.closest("figure");
    var tabel = figuur.querySelector("details.grafiek__tabel[data-grafiek-geopend]");
    if (tabel) { tabel.open = false; tabel.removeAttribute("data-grafiek-geopend"); }
    var noot = figuur.querySelector(".grafiek__smal");
    if (noot) noot.parentNode.removeChild(noot);
    el.hidden = false;
  }

  function teken(el) {
    el.setAttribute("data-grafiek-getekend", "");
    var smal = breedte(el) < SMAL, verborgen = el.hidden;
    if (el.hasAttribute("data-grafiek-smal-tabel")) {
      if (smal && alsTabel(el)) return;
      if (verborgen) alsGrafiek(el);
    }
    if (el.grafiek) { // drawn before: now the other variant, or back from hiding (its size went while hidden)
      if (smal !== el.grafiek.smal || verborgen) {
        el.grafiek.smal = smal;
        window.Plotly.react(el, el.grafiek.fig.data || [], opmaak(el.grafiek.fig, smal), el.grafiek.config);
      }
      return;
    }
    var bron = document.getElementById(el.getAttribute("data-grafiek"));
    var fig = bron && leesJson(bron.textContent);
    if (!fig) {
      console.warn("grafieken.js: geen figuur voor", el); // the data table next to it still tells the story
      return;
    }
    // data-grafiek-config adds to the defaults; sharing to the cloud stays off whatever it says.
    var config = Object.assign({}, STANDAARD, leesJson(el.getAttribute("data-grafiek-config")),
      { showSendToCloud: false, plotlyServerURL: "" });
    // A group, not an image: plotly's download button lives inside, and an image may not hold controls.
    // The table next to the chart carries the numbers for screen readers.
    el.setAttribute("role", "group");
    if (el.hasAttribute("data-grafiek-label")) el.setAttribute("aria-label", el.getAttribute("data-grafiek-label"));
    el.grafiek = { fig: fig, config: config, smal: smal };
    window.Plotly.newPlot(el, fig.data || [], opmaak(fig, smal), config);
  }

  // plotly.js once, the first time a chart is to be drawn; what waits for it runs when it is in.
  var wachtend = [];
  var laden = false;

  function metPlotly(doe) {
    if (window.Plotly) {
      if (!geregistreerd) { window.Plotly.register(NL); geregistreerd = true; }
      doe();
      return;
    }
    wachtend.push(doe);
    if (laden || !bundel) return;
    laden = true;
    var script = document.createElement("script");
    script.src = bundel;
    script.onload = function () {
      var klaar = wachtend;
      wachtend = [];
      klaar.forEach(metPlotly);
    };
    script.onerror = function () {
      laden = false; // a later chart tries again; the tables next to the charts still tell the story
      console.warn("grafieken.js: plotly.js niet geladen");
    };
    document.head.appendChild(script);
  }

  function tekenNu(el) {
    if (el.hasAttribute("data-grafiek-getekend")) return;
    // On a narrow screen the timeline's table opens instead: no plotly.js needed for that (teken marks the chart,
    // so that a wider window draws it later).
    if (el.hasAttribute("data-grafiek-smal-tabel") && breedte(el) < SMAL) { teken(el); return; }
    metPlotly(function () { if (!el.hasAttribute("data-grafiek-getekend")) teken(el); });
  }

  var kijker = "IntersectionObserver" in window ? new IntersectionObserver(function (items) {
    items.forEach(function (item) {
      if (!item.isIntersecting) return;
      kijker.unobserve(item.target);
      tekenNu(item.target);
    });
  }, { rootMargin: MARGE }) : null;

  function tekenAlles() {
    document.querySelectorAll("[data-grafiek]:not([data-grafiek-getekend]):not([data-grafiek-wacht])").forEach(
      function (el) {
        if (!kijker) { tekenNu(el); return; }
        el.setAttribute("data-grafiek-wacht", "");
        kijker.observe(el);
      });
  }

  function echtAlles() {
    document.querySelectorAll("[data-grafiek]:not([data-grafiek-getekend])").forEach(function (el) {
      if (kijker) kijker.unobserve(el);
      tekenNu(el);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", tekenAlles);
  else tekenAlles();
  var wacht = null;
  window.addEventListener("resize", function () {
    clearTimeout(wacht);
    wacht = setTimeout(function () {
      document.querySelectorAll("[data-grafiek][data-grafiek-getekend]").forEach(function (el) {
        if (window.Plotly) { teken(el); return; }
        // Shown as its table so far, without plotly.js: wider now, it may need it.
        el.removeAttribute("data-grafiek-getekend");
        tekenNu(el);
      });
    }, 150);
  });
  document.addEventListener("htmx:afterSettle", tekenAlles);
  window.addEventListener("beforeprint", echtAlles);
  // htmx removes swapped-out content: free plotly's listeners (resize, hover) with it.
  document.addEventListener("htmx:beforeCleanupElement", function (e) {
    if (!e.target.hasAttribute) return;
    if (kijker && e.target.hasAttribute("data-grafiek-wacht")) kijker.unobserve(e.target);
    if (window.Plotly && e.target.hasAttribute("data-grafiek-getekend")) window.Plotly.purge(e.target);
  });
})();
