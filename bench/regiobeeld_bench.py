"""Benchmark of the regiobeeld page at national scale: server time and queries in the process (test client).

Run from the repository root (see BENCHMARKS.md), on the national world of bench/landelijk.py:

    .venv/bin/python bench/landelijk.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench_beeld --behouden
    .venv/bin/python bench/regiobeeld_bench.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench_beeld

The first command builds the world once (5-6 minutes) and keeps the database; this script only reads it (it
migrates it, and runs ANALYZE: a world just built has no planner statistics yet, and without them one query of the
access check takes 16 ms instead of 1), so it can run again and again. With `--opbouwen` it builds the world
itself in a throwaway database instead (dropped at the end).

Signed in as a reader of the focus region's GP organisation (as bench/last.py's clients), in turns:

1. the regiobeeld page of the focus region (the newest year), as every request after the first sees it;
2. the same page "cold": Django's cache emptied before every request (as after a restart of Redis, or the first
   view after an import: the figures' charts are built anew);
3. the plan page of the focus region (200 activities, 50 comment threads): the yardstick of the task;
4. a trivial view (`/bench/kaal/` of bench/bench_urls.py) behind the whole middleware stack.

Per page: queries and their time (one request), size, wall and CPU time p50/p95. Then the parts of the page on
their own: the figures (regiobeeld.pagina.cijferbeeld) from the cache and built anew. `--profiel FILE` adds
cProfile of ten more requests of the page.

Latency under concurrent load (gunicorn, 20 clients) is bench/last.py's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import _gemeen
import plan_bench

if TYPE_CHECKING:
    from regio.models import Gebruiker, Regio
    from regiobeeld.models import Regiobeeld


@dataclass(frozen=True)
class Focus:
    regio: Regio
    regiobeeld: Regiobeeld
    plan_pk: int
    lezer: Gebruiker


def focus_zoeken() -> Focus:
    """The focus region of bench/landelijk.py (the one with the largest plan), its newest regiobeeld, and a reader
    of its GP organisation (no mandate, so no two-factor authentication)."""
    from django.db.models import Count

    from regio.models import Deelname, Lidmaatschap, Rol
    from regiobeeld.models import Regiobeeld
    from regioplan.models import Regioplan

    plan = Regioplan.objects.annotate(n=Count("activiteiten")).select_related("regio").order_by("-n", "pk").first()
    if plan is None:
        raise SystemExit("Geen regioplan gevonden: bouw eerst de wereld (bench/landelijk.py --behouden).")
    regiobeeld = Regiobeeld.objects.filter(regio=plan.regio).order_by("-jaar").first()
    if regiobeeld is None:
        raise SystemExit("De focusregio heeft geen regiobeeld.")
    partijen = Deelname.objects.filter(regio=plan.regio, rol=Deelname.DeelnameRol.CONTRACTPARTIJ).values(
        "organisatie_id"
    )
    lid = (
        Lidmaatschap.objects.filter(organisatie_id__in=partijen, rol=Rol.LEZER, organisatie__agb_code="")
        .select_related("gebruiker")
        .order_by("pk")
        .first()
    ) or Lidmaatschap.objects.filter(organisatie_id__in=partijen, rol=Rol.LEZER).select_related("gebruiker").first()
    if lid is None:
        raise SystemExit("Geen lezer bij een contractpartij van de focusregio.")
    return Focus(plan.regio, regiobeeld, plan.pk, lid.gebruiker)


def _cache_legen() -> None:
    from django.core.cache import cache

    cache.clear()


def onderdelen_meten(focus: Focus, verzoeken: int) -> list[tuple[str, list[float]]]:
    """The figures of the page on their own: from the cache, and built anew (cache emptied first)."""
    from regiobeeld import pagina

    def warm() -> Any:
        return pagina.cijferbeeld(focus.regio)

    def koud() -> Any:
        _cache_legen()
        return pagina.cijferbeeld(focus.regio)

    uit: list[tuple[str, list[float]]] = []
    for naam, functie in (
        ("pagina.cijferbeeld (cijfers en grafieken), zoals na het eerste verzoek", warm),
        ("pagina.cijferbeeld, cache geleegd (grafieken opnieuw opgebouwd)", koud),
    ):
        functie()
        tijden: list[float] = []
        for _ in range(verzoeken):
            begin = time.process_time()
            functie()
            tijden.append(time.process_time() - begin)
        uit.append((naam, tijden))
    return uit


def _ms(s: float) -> str:
    return f"{s * 1000:.1f}"


def rapport(paginas: list[plan_bench.Pagina], onderdelen: list[tuple[str, list[float]]], verzoeken: int) -> None:
    beeld, koud, plan, kaal = paginas
    print(f"\n{verzoeken} verzoeken per pagina, om de beurt; test-client (in het proces, geen gunicorn)\n")
    print(
        "| pagina | queries | SQL-tijd (ms, 1 verzoek) | kB | p50 (ms) | p95 (ms) | CPU p50 (ms) | CPU p95 (ms) "
        "| x planpagina (CPU p50) | x triviale view (CPU p50) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p in paginas:
        cpu50 = statistics.median(p.cpu)
        print(
            f"| {p.naam} | {p.queries} | {_ms(p.sql_seconden)} | {p.kb:.0f} | {_ms(p.p50)} | {_ms(p.p95)} "
            f"| {_ms(cpu50)} | {_ms(_gemeen.percentiel(p.cpu, 95))} | {cpu50 / statistics.median(plan.cpu):.2f} "
            f"| {cpu50 / statistics.median(kaal.cpu):.1f} |"
        )
    for naam, tijden in onderdelen:
        print(
            f"| onderdeel: {naam} | | | | | | {_ms(statistics.median(tijden))} "
            f"| {_ms(_gemeen.percentiel(tijden, 95))} | | |"
        )
    verhouding = statistics.median(beeld.cpu) / statistics.median(plan.cpu)
    print(
        f"\nDoel: regiobeeld CPU p50 hoogstens die van de planpagina: {verhouding:.2f}x "
        f"({'gehaald' if verhouding <= 1.0 else 'NIET gehaald'}); wandklok p50 {beeld.p50 / plan.p50:.2f}x."
    )
    print(f"Queries van het regiobeeld: {beeld.queries} (koud {koud.queries}); doel: hoogstens 20.")


def meten(args: argparse.Namespace) -> int:
    from django.test import Client, override_settings
    from django.urls import reverse

    database = _gemeen.database_beschrijving()
    _gemeen.statistieken_bijwerken()
    focus = focus_zoeken()
    print(_gemeen.machine(database))
    print(
        f"Focusregio {focus.regio.naam} ({focus.regio.gemeenten.count()} gemeenten), "
        f"regiobeeld {focus.regiobeeld.jaar}; ingelogd als {focus.lezer.email}",
        flush=True,
    )
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(focus.lezer)
        url = reverse("regiobeeld:detail", args=[focus.regio.slug, focus.regiobeeld.jaar])
        paginas = [
            plan_bench.Pagina("regiobeeld (focusregio)", url),
            plan_bench.Pagina("regiobeeld, koud (cache geleegd voor elk verzoek)", url, voor=_cache_legen),
            plan_bench.Pagina(
                "planpagina (200 activiteiten, 50 draden)",
                reverse("regioplan:detail", args=[focus.regio.slug, focus.plan_pk]),
            ),
            plan_bench.Pagina("triviale view (/bench/kaal/)", "/bench/kaal/"),
        ]
        inhoud = client.get(url).content.decode()
        if 'id="fig-kaart"' not in inhoud or 'id="fig-trend"' not in inhoud:
            raise SystemExit("De regiobeeldpagina toont niet de grafieken van de cijfers.")
        for pagina in paginas:
            plan_bench.queries_tellen(client, pagina)
        print(f"Meten: {args.verzoeken} verzoeken per pagina...", flush=True)
        plan_bench.meten(client, paginas, args.verzoeken)
        onderdelen = onderdelen_meten(focus, args.verzoeken)
        rapport(paginas, onderdelen, args.verzoeken)
        if args.profiel:
            plan_bench.profileren(args.profiel, client, url)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url",
        required=True,
        help="PostgreSQL-URL van de wereld van bench/landelijk.py --behouden (of, met --opbouwen, een wegwerpdatabase)",
    )
    parser.add_argument("--opbouwen", action="store_true", help="de wereld zelf opbouwen in een wegwerpdatabase")
    parser.add_argument("--verzoeken", type=int, default=60, help="gemeten verzoeken per pagina")
    parser.add_argument("--profiel", type=Path, help="cProfile van tien extra verzoeken naar dit bestand")
    args = parser.parse_args(argv)
    _gemeen.postgres_beheer_url(args.database_url)  # refuse a wrong URL or a name without 'bench'
    if args.opbouwen:
        with _gemeen.wegwerpomgeving(args.database_url):
            import landelijk

            landelijk.opbouwen(log=lambda s: print(s, flush=True))
            return meten(args)
    _gemeen.omgeving_zetten(Path(tempfile.mkdtemp(prefix="regio-beeldbench-")), args.database_url)
    _gemeen.django_starten()
    return meten(args)


if __name__ == "__main__":
    sys.exit(main())
