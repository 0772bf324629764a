"""Benchmark of the plan page: queries and server time of a plan with 200 activities and 50 comment threads.

Run from the repository root (see BENCHMARKS.md):

    .venv/bin/python bench/plan_bench.py
    .venv/bin/python bench/plan_bench.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench

It builds a throwaway database (a temporary SQLite file, or the named PostgreSQL database, created and dropped
by this run) with the demo of `make run` without its plan, and through the services two regioplans: one with
200 activities (one to three measuring points each, four written parts) and 50 comment threads across parts and
activities with replies, some resolved, and a few internal notes; and one with 10 activities and 5 threads.
Then, with Django's test client logged in as an editor of a contracting party (Anna, of the GP organisation):

1. the queries of each plan page (they must be the same for 10 and 200 activities);
2. the server time of each page over `--verzoeken` requests, taken in turns, as p50 and p95;
3. the floor in the same run: a throwaway view (here, not in the product) that renders a plain template with
   the 200 activities' titles, once bare and once behind the product's access check for plans;
4. issue 8's floor: the Django admin's change list of the same 200 activities (a bench-only AdminSite in this
   script's URLs, as a superuser), and the ratio plan page p95 / change list p95 (target: at most 1.0);
5. the dashboard ("Mijn regio's") against a trivial page of the product (base.html without content, signed in,
   the same middleware), p95 ratio (target: at most 3);
6. the large plan's page "cold": with the caches the page keeps between requests (Markdown, the timeline, the
   rendered activities; regio/opmaak.py) emptied before every request, as after a restart.

`--gc-bevriezen` sets up the garbage collector before measuring as a web worker does after loading
(config.afstelling: gc.freeze() and higher thresholds): its full rounds (some 200 ms in this process) otherwise land
in the p95 of whichever page allocates most.

Latency under concurrent load (gunicorn, several users at once) is not measured here.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import _gemeen

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.test import Client

    from regioplan.models import Regioplan

GROOT, KLEIN = 200, 10
DRADEN_GROOT, DRADEN_KLEIN = 50, 5
VRAGEN = (
    "Hoe verhoudt dit zich tot de afspraken die we vorig jaar met het ziekenhuis maakten?",
    "Kunnen kleine praktijken hier ook aan meedoen zonder eigen praktijkondersteuner?",
    "Wie betaalt de uren van de assistentes in de eerste maanden?",
    "Is de streefwaarde haalbaar als de helft van de praktijken pas in 2027 begint?",
    "Graag nog een zin over hoe we patiënten hierover informeren.",
    "Wij missen de gemeente in dit deel; die zit toch ook aan tafel?",
)
ANTWOORDEN = (
    "Goede vraag: dat nemen we mee in het regio-overleg van volgende maand.",
    "Ja, via de regionale pool. Ik heb de tekst aangepast.",
    "De eerste maanden vallen onder de S3-afspraak; daarna structureel.",
    "Eens, ik heb een zin toegevoegd over de rol van de gemeente.",
)


# -- the comments ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gesprek:
    draden: int
    antwoorden: int
    opgelost: int
    intern: int


def reacties_plaatsen(wereld: _gemeen.Planwereld, plan: Regioplan, *, draden: int, zaad: int) -> Gesprek:
    """`draden` threads through the services: a quarter on the parts, the rest on activities; each with zero to
    two replies by someone of the other party, a third resolved; plus internal notes of the GP organisation."""
    from django.utils import timezone

    from regioplan import services
    from regioplan.models import Reactie

    rng = random.Random(zaad)  # noqa: S311 - benchmark texts, not security
    delen = list(plan.delen.all())
    activiteiten = list(plan.activiteiten.all())
    vragers = [wereld.lezer, wereld.inkoper, wereld.beheerder]
    antwoorders = [wereld.bewerker, wereld.inkoper]
    antwoorden = opgelost = 0
    for i in range(draden):
        onderwerp: dict[str, Any] = (
            {"plandeel": delen[i // 4 % len(delen)]} if i % 4 == 0 else {"activiteit": rng.choice(activiteiten)}
        )
        hoofd = services.reactie_plaatsen(
            regioplan=plan,
            tekst=f"{rng.choice(VRAGEN)} {' '.join(rng.sample(_gemeen.ZINNEN, rng.randint(0, 2)))}",
            acting_user=rng.choice(vragers),
            genoemd=[wereld.bewerker] if i % 5 == 0 else [],
            **onderwerp,
        )
        for _ in range(rng.randint(0, 2)):
            services.reactie_plaatsen(
                regioplan=plan, tekst=rng.choice(ANTWOORDEN), acting_user=rng.choice(antwoorders), antwoord_op=hoofd
            )
            antwoorden += 1
        if i % 3 == 0:
            services.reactie_oplossen(reactie=hoofd, opgelost=True, acting_user=wereld.bewerker)
            opgelost += 1
    intern = max(1, draden // 10)
    zorggroep = wereld.partijen[0]
    for _ in range(intern):
        notitie = services.reactie_plaatsen(
            regioplan=plan, tekst=rng.choice(_gemeen.ZINNEN), acting_user=wereld.beheerder, intern_voor=zorggroep
        )
        services.reactie_plaatsen(
            regioplan=plan, tekst=rng.choice(ANTWOORDEN), acting_user=wereld.bewerker, antwoord_op=notitie
        )
    Reactie.objects.filter(regioplan=plan).update(gemaild_op=timezone.now())
    return Gesprek(draden, antwoorden, opgelost, intern)


# -- the floor: a throwaway view, only in this script ------------------------------------------------

VLOER_SJABLOON = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{{ titel }}</title></head><body>'
    "<h1>{{ titel }}</h1><ul>{% for t in titels %}<li>{{ t }}</li>{% endfor %}</ul></body></html>"
)


def _vloer_tonen(plan_id: int, titel: str) -> HttpResponse:
    from django.http import HttpResponse
    from django.template import engines

    from regioplan.models import Activiteit

    titels = list(Activiteit.objects.filter(regioplan_id=plan_id).values_list("titel", flat=True))
    return HttpResponse(engines["django"].from_string(VLOER_SJABLOON).render({"titel": titel, "titels": titels}))


def vloer(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The least a Django page with the plan's 200 titles costs: one query, a plain template, no access check."""
    return _vloer_tonen(plan_pk, "Activiteiten")


LEEG_SJABLOON = (
    '{% extends "base.html" %}{% block title %}Leeg{% endblock %}{% block content %}<h1>Leeg</h1>{% endblock %}'
)


def beheersite() -> Any:
    """A bench-only admin site with the activities' change list: issue 8's floor for the plan page. 200 per page,
    the columns a person scans (title, priority, status, start, end, responsible party), one query for the rows."""
    from django.contrib import admin

    from regioplan.models import Activiteit

    class ActiviteitBeheer(admin.ModelAdmin):
        list_display = ["titel", "prioriteit", "voortgang", "start", "einde", "verantwoordelijke"]
        list_select_related = ["verantwoordelijke"]
        list_per_page = 200

    site = admin.AdminSite(name="bench_beheer")
    site.register(Activiteit, ActiviteitBeheer)
    return site


def urlconf() -> types.ModuleType:
    """The product's URLs plus the floor views and the bench-only admin, as a module for ROOT_URLCONF (only for
    this run)."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import include, path

    from regioplan.access import PlanActie, regioplan_vereist

    @login_required
    def leeg(request: HttpRequest) -> HttpResponse:
        """Issue 8's trivial view: the product's page (base.html: header, menu, footer) without content."""
        return HttpResponse(engines["django"].from_string(LEEG_SJABLOON).render({}, request))

    @regioplan_vereist(PlanActie.BEKIJKEN)
    def vloer_met_toegang(request: HttpRequest, plan: Regioplan) -> HttpResponse:
        """The floor behind the product's access check for the plan page (sign-in, region, plan)."""
        return _vloer_tonen(plan.pk, plan.titel)

    module = types.ModuleType("plan_bench_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/vloer/<int:plan_pk>/", vloer, name="bench_vloer"),
        path("bench/vloer/<slug:regio_slug>/<int:plan_pk>/", vloer_met_toegang, name="bench_vloer_toegang"),
        path("bench/leeg/", leeg, name="bench_leeg"),
        path("bench/beheer/", beheersite().urls),
        path("", include("config.urls")),
    ]
    sys.modules[module.__name__] = module
    return module


def caches_legen() -> None:
    """What the plan page keeps between requests, emptied: as after a restart, or for content nobody saw yet
    (the first view after an edit renders that activity anew, not all of them)."""
    from regio import opmaak
    from regioplan.views import plan

    opmaak.fragmenten.legen()
    opmaak._bewaard.legen()
    plan._tijdpad_bewaard.cache_clear()


def beheerclient() -> Client:
    """A test client signed in as a superuser with an authenticator app (koepel staff must use two-factor
    authentication: without one the product sends them to set it up instead of showing the admin)."""
    from allauth.mfa.models import Authenticator
    from django.test import Client

    from regio.models import Gebruiker

    koepel = Gebruiker.objects.create_superuser(email="koepel-bench@example.org", password=None)
    Authenticator.objects.create(user=koepel, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client = Client()
    client.force_login(koepel)
    return client


# -- measuring -------------------------------------------------------------------------------------


@dataclass
class Pagina:
    naam: str
    url: str
    vloer: bool = False
    client: Client | None = None  # another signed-in person than the default (the admin's superuser)
    voor: Callable[[], None] | None = None  # before each request, not timed (emptying the caches)
    seconden: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    queries: int = 0
    sql_seconden: float = 0.0
    kb: float = 0.0

    @property
    def p50(self) -> float:
        return _gemeen.percentiel(self.seconden, 50)

    @property
    def p95(self) -> float:
        return _gemeen.percentiel(self.seconden, 95)


def _ophalen(client: Client, url: str) -> bytes:
    antwoord = client.get(url)
    if antwoord.status_code != 200:
        raise SystemExit(f"{url}: status {antwoord.status_code}, 200 verwacht.")
    return antwoord.content


def queries_tellen(client: Client, pagina: Pagina) -> None:
    """The queries of one request, and the time spent waiting for them (measured around each execute: the
    query log's own times are rounded to milliseconds). This request is not among the timed ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sql = 0.0

    def klokken(execute: Callable[..., Any], *args: Any) -> Any:
        nonlocal sql
        begin = time.perf_counter()
        try:
            return execute(*args)
        finally:
            sql += time.perf_counter() - begin

    if pagina.voor:
        pagina.voor()
    with CaptureQueriesContext(connection) as vragen, connection.execute_wrapper(klokken):
        inhoud = _ophalen(pagina.client or client, pagina.url)
    pagina.queries = len(vragen.captured_queries)
    pagina.sql_seconden = sql
    pagina.kb = len(inhoud) / 1024


def meten(client: Client, paginas: list[Pagina], verzoeken: int) -> None:
    """`verzoeken` requests per page, in turns (page A, B, C, A, B, C, ...), so drift hits every page alike."""
    for _ in range(3):  # warm up: templates compiled, caches and connections ready
        for pagina in paginas:
            _ophalen(pagina.client or client, pagina.url)
    for _ in range(verzoeken):
        for pagina in paginas:
            if pagina.voor:
                pagina.voor()
            cpu = time.process_time()
            begin = time.perf_counter()
            _ophalen(pagina.client or client, pagina.url)
            pagina.seconden.append(time.perf_counter() - begin)
            pagina.cpu.append(time.process_time() - cpu)


@dataclass
class Onderdeel:
    plan: int  # number of activities
    naam: str
    seconden: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return _gemeen.percentiel(self.seconden, 50)


def _teksten(doc: Any) -> list[str]:
    """Every text the plan page turns from Markdown into HTML (templates/regioplan/: |markdown)."""
    draden = [d for deel in doc.delen for d in deel.draden]
    draden += [d for r in doc.activiteiten for d in r.draden]
    draden += [d for groep in doc.intern for d in groep.draden]
    reacties = [r.tekst for d in draden for r in (d.hoofd, *d.antwoorden)]
    return [
        *(d.deel.tekst for d in doc.delen if d.deel.tekst),
        *(u.duiding for u in doc.uitdagingen if u.duiding),
        *(r.activiteit.beschrijving for r in doc.activiteiten if r.activiteit.beschrijving),
        *reacties,
    ]


def onderdelen_meten(plan: Regioplan, wereld: _gemeen.Planwereld, verzoeken: int) -> list[Onderdeel]:
    """Parts of the plan page on their own: the view's selector and timeline, and the Markdown of every text
    the template shows. What is left of a request is the rest of the template, middleware and access checks."""
    from django.utils import timezone

    from regio import opmaak
    from regio.opmaak import markdown_naar_html
    from regioplan import selectors, tijdpad

    def document() -> Any:
        return selectors.plandocument(plan, wereld.bewerker, bewerker=True)

    doc = document()
    teksten = _teksten(doc)

    def grafiek() -> Any:
        return tijdpad.tijdpad_grafiek(
            [r.activiteit for r in doc.activiteiten],
            startjaar=plan.startjaar,
            eindjaar=plan.eindjaar,
            vandaag=timezone.localdate(),
        )

    def markdown() -> None:
        for tekst in teksten:
            markdown_naar_html(tekst)

    def markdown_koud() -> None:
        opmaak._bewaard.legen()
        markdown()

    n = plan.activiteiten.count()
    delen: list[tuple[str, Callable[[], Any]]] = [
        ("selectors.plandocument (queries en opbouw)", document),
        ("tijdpad.tijdpad_grafiek (plotly-figuur naar JSON), zonder cache (niet in de rest)", grafiek),
        (f"Markdown naar HTML (regio.opmaak) van de {len(teksten)} teksten op de pagina, uit de cache", markdown),
        (f"Markdown naar HTML van de {len(teksten)} teksten, zonder cache (niet in de rest)", markdown_koud),
    ]
    uitkomst = []
    for naam, doen in delen:
        onderdeel = Onderdeel(n, naam)
        for _ in range(verzoeken):
            begin = time.perf_counter()
            doen()
            onderdeel.seconden.append(time.perf_counter() - begin)
        uitkomst.append(onderdeel)
    return uitkomst


def profileren(pad: Path, client: Client, url: str) -> None:
    """Ten more requests of the large plan's page under cProfile (slower than the measured ones)."""
    profiel = cProfile.Profile()
    profiel.enable()
    for _ in range(10):
        _ophalen(client, url)
    profiel.disable()
    profiel.dump_stats(pad)
    for sortering in ("cumulative", "tottime"):
        print(f"\n== cProfile van tien verzoeken, gesorteerd op {sortering} (volledig in {pad}) ==")
        stats = pstats.Stats(profiel, stream=sys.stdout)
        stats.strip_dirs().sort_stats(sortering).print_stats(30)


# -- report --------------------------------------------------------------------------------------


def rapport(
    paginas: list[Pagina],
    onderdelen: list[Onderdeel],
    gesprekken: dict[int, Gesprek],
    database: str,
    verzoeken: int,
) -> None:
    groot, klein, vloer_ = paginas[0], paginas[1], next(p for p in paginas if p.vloer)
    print(f"\n{_gemeen.machine(database)}")
    print(f"{verzoeken} verzoeken per pagina, om de beurt; test-client (in het proces, geen gunicorn)")
    for n, g in gesprekken.items():
        print(
            f"Plan met {n} activiteiten: {g.draden} draden ({g.opgelost} opgelost), {g.antwoorden} antwoorden, "
            f"{g.intern} interne notities met antwoord"
        )
    print(
        "\n| pagina | queries | SQL-tijd (ms, 1 verzoek) | KB | p50 (ms) | p95 (ms) | min-max (ms) | CPU p50 (ms) "
        "| x vloer (p50) | x vloer (p95) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p in paginas:
        naam = f"**{p.naam}**" if p is groot or p.vloer else p.naam
        print(
            f"| {naam} | {p.queries} | {p.sql_seconden * 1000:.1f} | {p.kb:.0f} | {p.p50 * 1000:.1f} "
            f"| {p.p95 * 1000:.1f} | {min(p.seconden) * 1000:.1f}-{max(p.seconden) * 1000:.1f} "
            f"| {statistics.median(p.cpu) * 1000:.1f} | {p.p50 / vloer_.p50:.1f} | {p.p95 / vloer_.p95:.1f} |"
        )
    for p, plan in ((groot, GROOT), (klein, KLEIN)):
        delen = [o for o in onderdelen if o.plan == plan]
        for o in delen:
            print(
                f"| onderdeel ({plan} activiteiten): {o.naam} | | | | {o.p50 * 1000:.1f} "
                f"| {_gemeen.percentiel(o.seconden, 95) * 1000:.1f} "
                f"| {min(o.seconden) * 1000:.1f}-{max(o.seconden) * 1000:.1f} | | {o.p50 / vloer_.p50:.1f} | |"
            )
        rest = p.p50 - sum(o.p50 for o in delen if "niet in de rest" not in o.naam)
        print(
            f"| onderdeel ({plan} activiteiten): de rest (sjabloon, vingerafdrukken, middleware, toegang), "
            f"p50 min onderdelen | | | | {rest * 1000:.1f} | | | | {rest / vloer_.p50:.1f} | |"
        )
    gelijk = groot.queries == klein.queries
    print(
        f"\nDoel: vast aantal queries, {KLEIN} en {GROOT} activiteiten gelijk: "
        f"{'gehaald' if gelijk else 'NIET gehaald'} ({klein.queries} en {groot.queries})."
    )
    print(
        f"Plan met {GROOT} tegen {KLEIN} activiteiten: p50 {groot.p50 / klein.p50:.1f}x; "
        f"per activiteit extra {(groot.p50 - klein.p50) / (GROOT - KLEIN) * 1000:.2f} ms."
    )
    beheer = next(p for p in paginas if p.naam.startswith("beheerscherm"))
    dashboard = next(p for p in paginas if p.naam.startswith("dashboard"))
    leeg_ = next(p for p in paginas if p.naam.startswith("triviale"))
    koud = next(p for p in paginas if "koud" in p.naam)

    def cpu95(p: Pagina) -> float:
        return _gemeen.percentiel(p.cpu, 95)

    for zwaar, licht, grens, wat in (
        (groot, beheer, 1.0, "planpagina / changelist"),
        (koud, beheer, 1.0, "planpagina koud / changelist"),
        (dashboard, leeg_, 3.0, "dashboard / triviale pagina"),
    ):
        verhouding = zwaar.p95 / licht.p95
        print(
            f"Issue 8, {wat}, p95 (doel hoogstens {grens:.1f}): {verhouding:.2f} "
            f"({'gehaald' if verhouding <= grens else 'NIET gehaald'}); p50 {zwaar.p50 / licht.p50:.2f}; "
            f"CPU p95 {cpu95(zwaar) / cpu95(licht):.2f}, "
            f"CPU p50 {statistics.median(zwaar.cpu) / statistics.median(licht.cpu):.2f}."
        )
    hoogst = max(paginas, key=lambda p: p.queries)
    print(f"Meeste queries: {hoogst.queries} ({hoogst.naam}); issue 8: hoogstens 20.")
    print("Niet gemeten: latentie onder gelijktijdige belasting met gunicorn (issue 8; bench/last.py).")


# -- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    _gemeen.database_argument(parser)
    parser.add_argument("--verzoeken", type=int, default=30, help="verzoeken per pagina (p50 en p95 daarover)")
    parser.add_argument("--zaad", type=int, default=2026, help="vast zaad voor de verzonnen teksten")
    parser.add_argument(
        "--profiel", type=Path, help="profileer nog tien verzoeken met cProfile en schrijf de stats hier"
    )
    parser.add_argument(
        "--gc-bevriezen",
        action="store_true",
        help="de garbage collector afstellen zoals een webworker na het laden (config.afstelling: gc.freeze() en "
        "hogere drempels); zonder dit zitten zijn volledige rondes in de p95",
    )
    args = parser.parse_args(argv)
    if args.verzoeken < 2:
        parser.error("--verzoeken moet minstens 2 zijn")

    with _gemeen.wegwerpomgeving(args.database_url):
        from django.test import Client, override_settings
        from django.urls import reverse

        database = _gemeen.database_beschrijving()
        print(f"Benchmark planpagina op {database}: plannen opbouwen...", flush=True)
        wereld = _gemeen.planwereld_laden()
        plannen: dict[int, Regioplan] = {}
        gesprekken: dict[int, Gesprek] = {}
        for n, draden in ((GROOT, DRADEN_GROOT), (KLEIN, DRADEN_KLEIN)):
            begin = time.perf_counter()
            plannen[n] = _gemeen.plan_bouwen(
                wereld, titel=f"Regioplan {n} activiteiten (benchmark)", activiteiten=n, zaad=args.zaad + n
            )
            gesprekken[n] = reacties_plaatsen(wereld, plannen[n], draden=draden, zaad=args.zaad + n)
            print(f"  plan met {n} activiteiten en {draden} draden: {time.perf_counter() - begin:.0f} s", flush=True)

        # The test client's host; not setup_test_environment(), which would also instrument template rendering.
        with override_settings(ROOT_URLCONF=urlconf().__name__, ALLOWED_HOSTS=["testserver"]):
            client = Client()
            client.force_login(wereld.bewerker)
            slug = wereld.regio.slug

            def planpagina(n: int) -> str:
                return reverse("regioplan:detail", args=[slug, plannen[n].pk])

            beheerder = beheerclient()
            paginas = [
                Pagina(f"planpagina, {GROOT} activiteiten, {DRADEN_GROOT} draden", planpagina(GROOT)),
                Pagina(f"planpagina, {KLEIN} activiteiten, {DRADEN_KLEIN} draden", planpagina(KLEIN)),
                Pagina(
                    f"planpagina, {GROOT} activiteiten, koud (caches geleegd voor elk verzoek)",
                    planpagina(GROOT),
                    voor=caches_legen,
                ),
                Pagina(
                    f"vloer: kaal sjabloon met {GROOT} titels", reverse("bench_vloer", args=[plannen[GROOT].pk]), True
                ),
                Pagina(
                    f"vloer met toegangscontrole van de planpagina, {GROOT} titels",
                    reverse("bench_vloer_toegang", args=[slug, plannen[GROOT].pk]),
                ),
                Pagina(
                    f"beheerscherm: changelist van dezelfde {GROOT} activiteiten (superuser)",
                    reverse("bench_beheer:regioplan_activiteit_changelist")
                    + f"?regioplan__id__exact={plannen[GROOT].pk}",
                    client=beheerder,
                ),
                Pagina("dashboard (Mijn regio's)", reverse("regio:mijn_regios")),
                Pagina("triviale pagina: base.html zonder inhoud, ingelogd", reverse("bench_leeg")),
            ]
            inhoud = _ophalen(client, paginas[0].url).decode()
            if inhoud.count('class="activiteit"') != GROOT or "Activiteit toevoegen" not in inhoud:
                raise SystemExit(f"De planpagina toont niet de {GROOT} activiteiten met bewerkknoppen.")
            lijst = _ophalen(beheerder, paginas[5].url).decode()
            if lijst.count('name="_selected_action"') != GROOT:
                raise SystemExit(f"Het beheerscherm toont niet de {GROOT} activiteiten van het plan.")
            for pagina in paginas:
                queries_tellen(client, pagina)
            if args.gc_bevriezen:
                from config.afstelling import GC_DREMPELS, werkproces_afstellen

                bevroren = werkproces_afstellen()
                print(
                    f"config.afstelling: {bevroren} objecten buiten de garbage collector, drempels {GC_DREMPELS}",
                    flush=True,
                )
            print(f"Meten: {args.verzoeken} verzoeken per pagina...", flush=True)
            meten(client, paginas, args.verzoeken)
            onderdelen = [o for n in (GROOT, KLEIN) for o in onderdelen_meten(plannen[n], wereld, args.verzoeken)]
            rapport(paginas, onderdelen, gesprekken, database, args.verzoeken)
            if args.profiel:
                profileren(args.profiel, client, paginas[0].url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
