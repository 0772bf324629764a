"""A cold chart page in a real browser, as under `make run`: how long until the charts are drawn and the page is idle.

Run from the repository root (chromium at /usr/bin/chromium; Playwright from the venv):

    .venv/bin/python bench/grafiekpagina_bench.py --herhalingen 5

It starts what `make run` starts (DEBUG on, SQLite, the demo data, `manage.py runserver`, static files served by
WhiteNoise from the finders) in a temporary folder on a free port, signs in once as a demo persona, and then opens
each chart page (`--pagina`: the regiobeeld, the regioplan, the contract's finances) `--herhalingen` times, each
time in a new browser context: an empty cache, as a person's first visit. Per page it prints the time from the
start of the navigation until the HTML is in (the server's part), the load event, and until every chart near the
screen is drawn and the browser is idle (requestIdleCallback after the last chart; static/js/grafieken.js draws a
chart, and loads plotly.js, only when it comes within 300 px of the screen), what plotly.js cost on the wire before
then (bytes transferred, Content-Encoding; "niet geladen" when no chart was near the screen), and then the time
from scrolling to the last chart not drawn yet until it is drawn and the browser idle again. `--zonder-compressie`
asks without Accept-Encoding (to compare). `--werkmap` reuses the folder of an earlier run (the demo loaded: 1-4
minutes saved; give it an empty folder to have the demo loaded there once).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import _gemeen

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Error, Request

BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PERSOON = "anna@zorggroep-mijnstreek.test"  # a demo persona without a second step (README, "Demopersonen")

# Every chart near the screen drawn (a plotly SVG, or the table shown instead on a narrow screen), then the browser
# idle. static/js/grafieken.js draws a chart (and loads plotly.js) only when it comes within 300 px of the screen, as
# a person sees the page; `SCROLLEN` then measures what a chart further down costs when the person scrolls to it.
KLAAR = """() => new Promise((klaar) => {
  const inBeeld = (el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > -300 && r.top < window.innerHeight + 300;
  };
  const getekend = () => [...document.querySelectorAll("[data-grafiek]")].filter(inBeeld).every(
    (el) => el.hidden || el.querySelector(".main-svg"));
  const kijk = () => {
    if (document.readyState === "complete" && getekend()) {
      const nav = performance.getEntriesByType("navigation")[0];
      requestIdleCallback(() => klaar({
        idle: performance.now(),
        load: nav.loadEventEnd,
        html: nav.responseEnd,
        grafieken: document.querySelectorAll("[data-grafiek]").length,
        getekend: [...document.querySelectorAll("[data-grafiek]")].filter((el) => el.querySelector(".main-svg")).length,
      }));
    } else {
      setTimeout(kijk, 10);
    }
  };
  kijk();
})"""

# Scroll to the last chart not drawn yet: ms until it is drawn and the browser idle again (null: all were drawn).
SCROLLEN = """() => new Promise((klaar) => {
  const open = [...document.querySelectorAll("[data-grafiek]")].filter(
    (el) => !el.hidden && !el.querySelector(".main-svg"));
  if (!open.length) { klaar(null); return; }
  const el = open[open.length - 1];
  const begin = performance.now();
  el.scrollIntoView();
  const kijk = () => {
    if (el.hidden || el.querySelector(".main-svg")) requestIdleCallback(() => klaar(performance.now() - begin));
    else setTimeout(kijk, 10);
  };
  kijk();
})"""


@dataclass
class Meting:
    naam: str
    pad: str
    idle_ms: list[float] = field(default_factory=list)
    load_ms: list[float] = field(default_factory=list)
    html_ms: list[float] = field(default_factory=list)
    scrollen_ms: list[float] = field(default_factory=list)
    grafieken: int = 0
    getekend: int = 0
    plotly: str = ""
    fouten: list[str] = field(default_factory=list)  # errors in the browser's console (a trace type not in the bundle)


def _paginafout(fouten: list[str], fout: Error) -> None:
    fouten.append(str(fout))


def _consolefout(fouten: list[str], bericht: ConsoleMessage) -> None:
    if bericht.type == "error":
        fouten.append(bericht.text)


def _op_de_lijn(verzoek: Request) -> str:
    """What a script cost on the wire: its transferred body and its Content-Encoding."""
    antwoord = verzoek.response()
    codering = antwoord.headers.get("content-encoding", "geen") if antwoord else "?"
    grootte = verzoek.sizes()["responseBodySize"]
    return f"{verzoek.url.rsplit('/', 1)[1]}: {grootte / 1024:.0f} kB, Content-Encoding {codering}"


def _env(werkmap: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="true", REGIO_VAR_DIR=str(werkmap), LOG_LEVEL="WARNING")
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    uit = subprocess.run(  # noqa: S603 - our own manage.py
        [str(BIN / "python"), "manage.py", *args], env=env, cwd=_gemeen.REPO, check=True, capture_output=True
    )
    return uit.stdout.decode()


@contextlib.contextmanager
def runserver(env: dict[str, str], log: Path) -> Iterator[str]:
    """`make run`'s server (runserver, DEBUG) on a free loopback port; yields its base URL once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = int(s.getsockname()[1])
    with log.open("wb") as uit:
        p = subprocess.Popen(  # noqa: S603 - our own manage.py
            [str(BIN / "python"), "manage.py", "runserver", f"127.0.0.1:{poort}", "--noreload"],
            env=env,
            cwd=_gemeen.REPO,
            stdout=uit,
            stderr=subprocess.STDOUT,
        )
        basis = f"http://127.0.0.1:{poort}"
        try:
            einde = time.monotonic() + 60
            while True:
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(f"{basis}/gezondheid/", timeout=2)  # noqa: S310 - our own server
                    break
                if time.monotonic() > einde or p.poll() is not None:
                    raise SystemExit(f"runserver start niet:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
            yield basis
        finally:
            p.terminate()
            p.wait(timeout=20)


def paden(env: dict[str, str]) -> dict[str, str]:
    """The demo's chart pages (the region of the demo persona), read from the database the server uses."""
    code = (
        "from django.urls import reverse\n"
        "from regio.models import Regio\n"
        "from regiobeeld.models import Regiobeeld\n"
        "from regioplan.models import Regioplan\n"
        "from contracten.models import Contract\n"
        "r = Regio.objects.get(slug='oostelijk-zuid-limburg')\n"
        "rb = Regiobeeld.objects.filter(regio=r).order_by('-jaar').first()\n"
        "p = Regioplan.objects.filter(regio=r).order_by('-pk').first()\n"
        "c = Contract.objects.filter(regio=r).order_by('pk').first()\n"
        "print('regiobeeld', reverse('regiobeeld:detail', args=[r.slug, rb.jaar]))\n"
        "print('regioplan', reverse('regioplan:detail', args=[r.slug, p.pk]))\n"
        "print('financien', reverse('contracten:financien', args=[r.slug, c.pk]))\n"
    )
    regels = _manage(env, "shell", "-c", code).split("\n")
    return dict(regel.split(" ", 1) for regel in regels if " " in regel)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--herhalingen", type=int, default=5, help="koude bezoeken per pagina")
    parser.add_argument("--pagina", action="append", choices=["regiobeeld", "regioplan", "financien"])
    parser.add_argument("--werkmap", type=Path, help="een map van een eerdere run (demo al geladen) opnieuw gebruiken")
    parser.add_argument("--zonder-compressie", action="store_true", help="vraag zonder Accept-Encoding")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    werkmap = args.werkmap or Path(tempfile.mkdtemp(prefix="regio-grafiekpagina-"))
    werkmap.mkdir(parents=True, exist_ok=True)
    laden = not any(werkmap.iterdir())
    env = _env(werkmap)
    begin = time.perf_counter()
    _manage(env, "migrate", "--no-input")
    if laden:
        _manage(env, "demo_laden")
    print(f"Demo klaar in {time.perf_counter() - begin:.0f} s ({werkmap}).", flush=True)
    alle = paden(env)
    metingen = [Meting(naam, alle[naam]) for naam in (args.pagina or ["regiobeeld", "regioplan", "financien"])]
    wachtwoord = _manage(env, "shell", "-c", "from regio.demo import DEMO_WACHTWOORD; print(DEMO_WACHTWOORD)")
    wachtwoord = wachtwoord.strip().splitlines()[-1]
    headers = {"Accept-Encoding": "identity"} if args.zonder_compressie else {}
    with runserver(env, werkmap / "runserver.log") as basis, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        inlog = browser.new_context(base_url=basis, locale="nl-NL")
        pagina = inlog.new_page()
        pagina.goto("/account/login/")
        pagina.get_by_label("E-mailadres").fill(PERSOON)
        pagina.get_by_label("Wachtwoord", exact=True).fill(wachtwoord)
        pagina.get_by_role("button", name="Inloggen").click()
        pagina.wait_for_url(lambda url: "/account/" not in url)
        sessie = inlog.storage_state()
        inlog.close()
        for m in metingen:
            for i in range(args.herhalingen + 1):  # the first visit warms the server (templates, imports)
                context = browser.new_context(
                    base_url=basis, locale="nl-NL", storage_state=sessie, extra_http_headers=headers
                )
                pagina = context.new_page()
                scripts: list[Request] = []

                def klaar(verzoek: Request, scripts: list[Request] = scripts) -> None:
                    scripts.append(verzoek)

                pagina.on("requestfinished", klaar)
                pagina.on("pageerror", partial(_paginafout, m.fouten))
                pagina.on("console", partial(_consolefout, m.fouten))
                pagina.goto(m.pad, wait_until="commit")
                uitkomst = pagina.evaluate(KLAAR)
                m.plotly = "; ".join(_op_de_lijn(v) for v in scripts if "plotly" in v.url and v.url.endswith(".js"))
                scrollen = pagina.evaluate(SCROLLEN)
                context.close()
                if i:
                    m.idle_ms.append(uitkomst["idle"])
                    m.load_ms.append(uitkomst["load"])
                    m.html_ms.append(uitkomst["html"])
                    if scrollen is not None:
                        m.scrollen_ms.append(scrollen)
                m.grafieken, m.getekend = uitkomst["grafieken"], uitkomst["getekend"]
        browser.close()
    print(f"\n{args.herhalingen} koude bezoeken per pagina (nieuwe browsercontext: lege cache), runserver met DEBUG.\n")
    print(
        "| pagina | grafieken (bij laden getekend) | HTML binnen (server) mediaan ms | load-event mediaan ms "
        "| in beeld getekend en idle: mediaan ms | max ms | scrollen naar de laatste grafiek: mediaan ms | plotly.js |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for m in metingen:
        scrollen = f"{statistics.median(m.scrollen_ms):.0f}" if m.scrollen_ms else "-"
        print(
            f"| {m.naam} | {m.grafieken} ({m.getekend}) | {statistics.median(m.html_ms):.0f} | "
            f"{statistics.median(m.load_ms):.0f} | {statistics.median(m.idle_ms):.0f} | {max(m.idle_ms):.0f} | "
            f"{scrollen} | {m.plotly or 'niet geladen'} |"
        )
    for m in metingen:
        for fout in dict.fromkeys(m.fouten):
            print(f"- fout in de browser op {m.naam}: {fout[:300]}")
    print(f"\n{_gemeen.machine('SQLite')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
