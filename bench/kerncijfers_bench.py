"""Benchmark of the key-figures page at national scale: queries and CPU per request, against the plan page.

Run from the repository root (see BENCHMARKS.md), on the national world of bench/landelijk.py:

    .venv/bin/python bench/landelijk.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench_kern --behouden
    .venv/bin/python bench/kerncijfers_bench.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench_kern

The national world stores each region's figures for its own gemeenten (30 indicators, 10 years). A region that
imports a national CBS or Vektis file holds every gemeente: this script gives the focus region that, once (the
data stay for the next run), with 50 indicators: 342 gemeenten x 50 indicators x 10 years = 171,000 figures, so
its province and the Netherlands are compared from all gemeenten. Then, signed in as a reader of the focus region's
GP organisation, in turns:

1. the key figures (regiobeeld/<jaar>/kerncijfers/) of the focus region;
2. the same, sorted by the difference (?sorteer=verschil&richting=af);
3. the plan page of the focus region (200 activities, 50 comment threads): the yardstick;
4. a trivial view (`/bench/kaal/`) behind the whole middleware stack.

Per page: queries (one request), wall and CPU time p50/p95. The target (issue 18): at most 20 queries, and CPU
per request within 1.0x the plan page's.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import _gemeen
import plan_bench
from regiobeeld_bench import focus_zoeken

INDICATOREN = 50
EXTRA = "bench_kern_"


def _aanvullen(regio_pk: int, zaad: int) -> int:
    """Give the focus region 50 indicators with 10 years of figures for every gemeente; returns figures added."""
    from django.db import transaction

    from regiobeeld.catalogus import DEEL_PER_DOMEIN
    from regiobeeld.models import Aggregatie, Cijfer, Domein, Indicator

    rng = random.Random(zaad)  # noqa: S311 - invented data, not security
    with transaction.atomic():
        domeinen = list(Domein.values)
        bestaand = Indicator.objects.filter(regio__isnull=True).count()
        Indicator.objects.bulk_create(
            [
                Indicator(
                    code=f"{EXTRA}{n}",
                    naam=f"Benchmarkindicator {n}",
                    eenheid="%" if n % 2 else "aantal",
                    aggregatie=Aggregatie.GEWOGEN if n % 2 else Aggregatie.SOM,
                    domein=domeinen[n % len(domeinen)],
                    deel=DEEL_PER_DOMEIN[domeinen[n % len(domeinen)]],
                    bron="Illustratief: verzonnen benchmarkcijfers",
                    volgorde=900 + n,
                )
                for n in range(max(0, INDICATOREN - bestaand))
            ],
            ignore_conflicts=True,
        )
        for indicator in Indicator.objects.filter(deel=""):
            indicator.deel = DEEL_PER_DOMEIN.get(indicator.domein, "")
            indicator.save(update_fields=["deel"])
        # Imported ones only: a ratio (verhouding) is computed from two of them.
        indicatoren = list(
            Indicator.objects.filter(regio__isnull=True)
            .exclude(aggregatie=Aggregatie.VERHOUDING)
            .order_by("pk")[:INDICATOREN]
        )
        jaren = sorted(set(Cijfer.objects.filter(regio_id=regio_pk).values_list("jaar", flat=True)))[-10:]
        from regio.models import Gemeente

        gemeenten = list(Gemeente.objects.values_list("pk", "inwoners"))
        heeft = set(Cijfer.objects.filter(regio_id=regio_pk).values_list("indicator_id", "gemeente_id", "jaar"))
        nieuw = [
            Cijfer(
                regio_id=regio_pk,
                indicator_id=i.pk,
                gemeente_id=g,
                jaar=j,
                waarde=Decimal(
                    str(round(inwoners * rng.uniform(0.001, 0.2)) if i.aggregatie == "som" else rng.uniform(5, 95))
                ).quantize(Decimal("0.01")),
                bron="Illustratief: verzonnen benchmarkcijfers",
                is_illustratief=True,
            )
            for i in indicatoren
            for g, inwoners in gemeenten
            for j in jaren
            if (i.pk, g, j) not in heeft
        ]
        Cijfer.objects.bulk_create(nieuw, batch_size=5000)
    return len(nieuw)


def _ms(s: float) -> str:
    return f"{s * 1000:.1f}"


def rapport(paginas: list[plan_bench.Pagina], verzoeken: int, cijfers: int) -> None:
    kern, gesorteerd, plan, kaal = paginas
    print(f"\n{verzoeken} verzoeken per pagina, om de beurt; test-client (in het proces, geen gunicorn)")
    print(f"Cijfers van de focusregio: {cijfers}\n")
    print("| pagina | queries | kB | p50 (ms) | p95 (ms) | CPU p50 (ms) | CPU p95 (ms) | x planpagina (CPU p50) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for p in paginas:
        cpu50 = statistics.median(p.cpu)
        print(
            f"| {p.naam} | {p.queries} | {p.kb:.0f} | {_ms(p.p50)} | {_ms(p.p95)} | {_ms(cpu50)} "
            f"| {_ms(_gemeen.percentiel(p.cpu, 95))} | {cpu50 / statistics.median(plan.cpu):.2f} |"
        )
    for p in (kern, gesorteerd):
        verhouding = statistics.median(p.cpu) / statistics.median(plan.cpu)
        print(
            f"\nDoel ({p.naam}): CPU p50 hoogstens die van de planpagina: {verhouding:.2f}x "
            f"({'gehaald' if verhouding <= 1.0 else 'NIET gehaald'}); queries {p.queries} "
            f"({'gehaald' if p.queries <= 20 else 'NIET gehaald'}, doel hoogstens 20)."
        )
    print(f"Triviale view CPU p50: {_ms(statistics.median(kaal.cpu))} ms.")


def meten(args: argparse.Namespace) -> int:
    from django.test import Client, override_settings
    from django.urls import reverse

    from regiobeeld.models import Cijfer

    database = _gemeen.database_beschrijving()
    focus = focus_zoeken()
    begin = time.perf_counter()
    toegevoegd = _aanvullen(focus.regio.pk, args.zaad)
    if toegevoegd:
        print(f"{toegevoegd} cijfers toegevoegd in {time.perf_counter() - begin:.0f} s", flush=True)
    _gemeen.statistieken_bijwerken()
    print(_gemeen.machine(database))
    print(f"Focusregio {focus.regio.naam}, regiobeeld {focus.regiobeeld.jaar}; ingelogd als {focus.lezer.email}")
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(focus.lezer)
        url = reverse("regiobeeld:kerncijfers", args=[focus.regio.slug, focus.regiobeeld.jaar])
        paginas = [
            plan_bench.Pagina(f"kerncijfers (focusregio, {INDICATOREN} indicatoren, 10 jaar)", url),
            plan_bench.Pagina("kerncijfers, gesorteerd op verschil", url + "?sorteer=verschil&richting=af"),
            plan_bench.Pagina(
                "planpagina (200 activiteiten, 50 draden)",
                reverse("regioplan:detail", args=[focus.regio.slug, focus.plan_pk]),
            ),
            plan_bench.Pagina("triviale view (/bench/kaal/)", "/bench/kaal/"),
        ]
        inhoud = client.get(url).content.decode()
        rijen = inhoud.count('<tr id="rij-')
        if rijen < INDICATOREN:
            raise SystemExit(f"De kerncijfers tonen {rijen} indicatoren, {INDICATOREN} verwacht.")
        for pagina in paginas:
            plan_bench.queries_tellen(client, pagina)
        print(f"Meten: {args.verzoeken} verzoeken per pagina...", flush=True)
        plan_bench.meten(client, paginas, args.verzoeken)
        rapport(paginas, args.verzoeken, Cijfer.objects.filter(regio=focus.regio).count())
        if args.profiel:
            plan_bench.profileren(args.profiel, client, url)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="PostgreSQL-URL van de wereld van bench/landelijk.py")
    parser.add_argument("--verzoeken", type=int, default=30, help="gemeten verzoeken per pagina")
    parser.add_argument("--zaad", type=int, default=2026)
    parser.add_argument("--profiel", type=Path, help="cProfile van tien extra verzoeken naar dit bestand")
    args = parser.parse_args(argv)
    _gemeen.postgres_beheer_url(args.database_url)  # refuse a wrong URL or a name without 'bench'
    _gemeen.omgeving_zetten(Path(tempfile.mkdtemp(prefix="regio-kernbench-")), args.database_url)
    _gemeen.django_starten()
    return meten(args)


if __name__ == "__main__":
    sys.exit(main())
