"""Benchmark of the dashboard ("Mijn regio's") on the national world, in-process (issue 8).

Run from the repository root, on a world that bench/landelijk.py kept (see BENCHMARKS.md):

    .venv/bin/python bench/landelijk.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench_dash --behouden
    .venv/bin/python bench/dashboard_bench.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench_dash

The database is used as it is (migrated, not dropped). With Django's test client, per persona kind (the reader
of the focus region's big contract that bench/last.py --latentie signs in with, a reader of the GP organisation,
its mandated signer, an insurer's purchaser and reader who take part in many regions, a practice owner, koepel
staff), `--verzoeken` requests alternating the dashboard and issue 8's trivial view (bench/bench_urls.py
`/bench/kaal/`, behind the product's whole middleware): wall and CPU p50/p95 of both and the ratio (target:
dashboard p95 at most 2x the trivial view's, issue 20; issue 8 asked 3x).

`--queries` also prints each query of one dashboard request with its time (measured around each execute), and
EXPLAIN ANALYZE of those slower than `--traag` ms. `--profiel` profiles twenty more requests of the first
persona with cProfile.

Mandated signers and koepel staff must use two-factor authentication; the bench gives them an authenticator app
when they have none (a row in this bench database), so the product shows them the dashboard.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import _gemeen

if TYPE_CHECKING:
    from django.test import Client

    from regio.models import Gebruiker


@dataclass
class Persona:
    naam: str
    gebruiker: Gebruiker
    dashboard: list[float] = field(default_factory=list)
    dashboard_cpu: list[float] = field(default_factory=list)
    kaal: list[float] = field(default_factory=list)
    kaal_cpu: list[float] = field(default_factory=list)
    queries: int = 0
    sql_ms: float = 0.0
    kb: float = 0.0
    regios: int = 0


def personas() -> list[Persona]:
    """The persona kinds, found in the kept world the way bench/landelijk.py made them."""
    from django.db.models import Count

    from regio.models import Deelname, Gebruiker, Lidmaatschap, Mandaat, Rol
    from regioplan.models import Regioplan

    plan = Regioplan.objects.annotate(n=Count("activiteiten")).order_by("-n").first()
    if plan is None:
        raise SystemExit("Geen plannen: bouw eerst de wereld met bench/landelijk.py --behouden.")
    focus = plan.regio
    partijen = Deelname.objects.filter(regio=focus, rol=Deelname.DeelnameRol.CONTRACTPARTIJ).select_related(
        "organisatie__soort"
    )
    zorggroep = next(d.organisatie for d in partijen if d.organisatie.soort.code == "huisartsenorganisatie")
    verzekeraar = next(d.organisatie for d in partijen if d.organisatie.soort.code == "zorgverzekeraar")
    met_mandaat = set(Mandaat.objects.values_list("gebruiker_id", flat=True))

    def lid(organisatie: Any, rol: str, *, mandaat: bool = False, **filters: Any) -> Gebruiker:
        leden = Lidmaatschap.objects.filter(rol=rol, **filters).order_by("gebruiker_id")
        if organisatie is not None:
            leden = leden.filter(organisatie=organisatie)
        leden = leden.filter(gebruiker_id__in=met_mandaat) if mandaat else leden.exclude(gebruiker_id__in=met_mandaat)
        gevonden = leden.select_related("gebruiker").first()
        if gevonden is None:
            raise SystemExit(f"Geen {rol} bij {organisatie} gevonden.")
        return gevonden.gebruiker

    inkoper = (
        Gebruiker.objects.filter(mandaten__organisatie__soort__code="zorgverzekeraar")
        .annotate(n=Count("mandaten__regio", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    koepel = Gebruiker.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    if inkoper is None or koepel is None:
        raise SystemExit("Geen inkoper met mandaten of koepelmedewerker gevonden.")
    return [
        Persona(
            "lezer van het grote contract (bench/last.py): bewerker zorggroep focusregio", lid(zorggroep, Rol.BEWERKER)
        ),
        Persona("lezer zorggroep focusregio", lid(zorggroep, Rol.LEZER)),
        Persona("gemandateerde zorggroep focusregio (tekent)", lid(zorggroep, Rol.BEHEERDER, mandaat=True)),
        Persona("inkoper zorgverzekeraar, mandaten in veel regio's", inkoper),
        Persona("lezer zorgverzekeraar focusregio", lid(verzekeraar, Rol.LEZER)),
        Persona(
            "praktijkhouder focusregio",
            lid(
                None,
                Rol.BEHEERDER,
                organisatie__soort__code="huisartsenpraktijk",
                organisatie__deelnames__regio=focus,
            ),
        ),
        Persona("koepelmedewerker (alle regio's)", koepel),
    ]


def _tweestaps(gebruiker: Gebruiker) -> None:
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=gebruiker, type=Authenticator.Type.TOTP).exists():
        Authenticator.objects.create(user=gebruiker, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})


def _ophalen(client: Client, url: str) -> bytes:
    antwoord = client.get(url)
    if antwoord.status_code != 200:
        raise SystemExit(f"{url}: status {antwoord.status_code}, 200 verwacht.")
    return antwoord.content


def queries_tonen(client: Client, url: str, persona: Persona, traag_ms: float, uitleggen: bool) -> None:
    """One request: its queries with their times; EXPLAIN ANALYZE of the slow ones when asked."""
    from django.db import connection

    vragen: list[tuple[str, Any, float]] = []

    def klokken(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            vragen.append((sql, params, (time.perf_counter() - begin) * 1000))

    with connection.execute_wrapper(klokken):
        inhoud = _ophalen(client, url)
    persona.queries = len(vragen)
    persona.sql_ms = sum(ms for _s, _p, ms in vragen)
    persona.kb = len(inhoud) / 1024
    persona.regios = inhoud.decode().count('class="kaart"')
    if not uitleggen:
        return
    print(f"\n== {persona.naam} ({persona.gebruiker.email}): {len(vragen)} queries, {persona.sql_ms:.1f} ms ==")
    for sql, params, ms in vragen:
        print(f"  {ms:7.2f} ms  {sql[:220]}")
        if ms >= traag_ms and connection.vendor == "postgresql" and sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                for (regel,) in cursor.fetchall():
                    print(f"      | {regel}")


def meten(client: Client, persona: Persona, url: str, verzoeken: int) -> None:
    """`verzoeken` requests of the dashboard and of the trivial view, in turns."""
    for _ in range(3):
        _ophalen(client, url)
        _ophalen(client, "/bench/kaal/")
    for _ in range(verzoeken):
        for pad, wand, cpu in (
            (url, persona.dashboard, persona.dashboard_cpu),
            ("/bench/kaal/", persona.kaal, persona.kaal_cpu),
        ):
            c = time.process_time()
            begin = time.perf_counter()
            _ophalen(client, pad)
            wand.append(time.perf_counter() - begin)
            cpu.append(time.process_time() - c)


def _ms(waarden: list[float], p: float) -> str:
    return f"{_gemeen.percentiel(waarden, p) * 1000:.1f}"


def statistieken() -> str:
    """Whether PostgreSQL has planner statistics for the world: without ANALYZE (autovacuum may be off, and a world
    just built has not been analysed yet) it plans the access queries for near-empty tables."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE last_analyze IS NULL AND last_autoanalyze IS NULL), count(*) "
            "FROM pg_stat_user_tables"
        )
        zonder, totaal = cursor.fetchone()
    return f"; planner-statistieken (ANALYZE): {'nee' if zonder == totaal else 'ja' if not zonder else 'deels'}"


def rapport(lijst: list[Persona], database: str, verzoeken: int) -> None:
    print(f"\n{_gemeen.machine(database)}{statistieken()}")
    print(f"{verzoeken} verzoeken per pagina per persona, om de beurt met de triviale view; test-client in het proces")
    print(
        "\n| persona | regio's | queries | SQL (ms) | KB | p50 (ms) | p95 (ms) | CPU p50 | CPU p95 "
        "| kaal p50 | kaal p95 | x kaal p50 | **x kaal p95** | x kaal CPU p95 |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p in lijst:
        r50 = statistics.median(p.dashboard) / statistics.median(p.kaal)
        r95 = _gemeen.percentiel(p.dashboard, 95) / _gemeen.percentiel(p.kaal, 95)
        c95 = _gemeen.percentiel(p.dashboard_cpu, 95) / _gemeen.percentiel(p.kaal_cpu, 95)
        print(
            f"| {p.naam} | {p.regios} | {p.queries} | {p.sql_ms:.1f} | {p.kb:.0f} | {_ms(p.dashboard, 50)} "
            f"| {_ms(p.dashboard, 95)} | {_ms(p.dashboard_cpu, 50)} | {_ms(p.dashboard_cpu, 95)} | {_ms(p.kaal, 50)} "
            f"| {_ms(p.kaal, 95)} | {r50:.1f} | **{r95:.1f}** | {c95:.1f} |"
        )
    alle = [x for p in lijst for x in p.dashboard]
    kaal = [x for p in lijst for x in p.kaal]
    verhouding = _gemeen.percentiel(alle, 95) / _gemeen.percentiel(kaal, 95)
    print(
        f"\nAlle persona's samen: dashboard p50 {_ms(alle, 50)} / p95 {_ms(alle, 95)} ms, kaal p50 {_ms(kaal, 50)} / "
        f"p95 {_ms(kaal, 95)} ms; p95-verhouding {verhouding:.1f} (doel hoogstens 2: "
        f"{'gehaald' if verhouding <= 2 else 'NIET gehaald'})."
    )
    meeste = max(p.queries for p in lijst)
    gelijk = len({p.queries for p in lijst if not p.naam.startswith("koepel")}) == 1
    print(f"Queries: hoogstens {meeste} (issue 8: hoogstens 20); gelijk voor elke persona behalve koepel: {gelijk}.")


SORTERING = ("cumulative",)


def profileren(client: Client, url: str) -> None:
    profiel = cProfile.Profile()
    profiel.enable()
    for _ in range(20):
        _ophalen(client, url)
    profiel.disable()
    print("\n== cProfile van twintig dashboardverzoeken (eerste persona), cumulatief ==")
    pstats.Stats(profiel, stream=sys.stdout).strip_dirs().sort_stats(*SORTERING).print_stats(45)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="een wereld van bench/landelijk.py --behouden")
    parser.add_argument("--verzoeken", type=int, default=60, help="verzoeken per pagina per persona")
    parser.add_argument("--queries", action="store_true", help="elke query met zijn tijd; EXPLAIN ANALYZE van trage")
    parser.add_argument("--traag", type=float, default=2.0, help="--queries: EXPLAIN ANALYZE vanaf zoveel ms")
    parser.add_argument("--profiel", action="store_true", help="cProfile van twintig verzoeken (eerste persona)")
    parser.add_argument("--persona", type=int, action="append", help="alleen deze persona('s), 0-gebaseerd")
    args = parser.parse_args(argv)
    _gemeen.postgres_beheer_url(args.database_url)
    _gemeen.omgeving_zetten(Path(tempfile.mkdtemp(prefix="regio-dashboard-")), args.database_url)
    _gemeen.django_starten()

    from django.test import Client, override_settings
    from django.urls import reverse

    database = _gemeen.database_beschrijving()
    lijst = personas()
    if args.persona:
        lijst = [lijst[i] for i in args.persona]
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"]):
        url = reverse("regio:mijn_regios")
        clients = []
        for persona in lijst:
            _tweestaps(persona.gebruiker)
            client = Client()
            client.force_login(persona.gebruiker)
            _ophalen(client, url)  # the session's first request notes the time of activity
            queries_tonen(client, url, persona, args.traag, args.queries)
            clients.append(client)
        print(f"Meten: {args.verzoeken} verzoeken per pagina, {len(lijst)} persona's...", flush=True)
        for persona, client in zip(lijst, clients, strict=True):
            meten(client, persona, url, args.verzoeken)
        rapport(lijst, database, args.verzoeken)
        if args.profiel:
            profileren(clients[0], url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
