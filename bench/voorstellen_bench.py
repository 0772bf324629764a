"""Benchmark of proposals (issue 16): the queries and server time of the pages that show them, with 200 open.

Run from the repository root (see BENCHMARKS.md):

    .venv/bin/python bench/voorstellen_bench.py
    .venv/bin/python bench/voorstellen_bench.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench

It builds a throwaway database (as bench/plan_bench.py) with the demo of `make run` without its plan, and through
the services a regioplan of 100 activities; then, through the proposal service (as people would make them), 200
open proposals spread over its parts, challenges and activities, half by each contracting party. Signed in as the
GP organisation's editor (Anna), it measures before and after the proposals:

1. the queries of the plan page, the proposals' trail, one proposal's page and "Mijn regio's" (the issue's budget:
   at most 20 per page, and as many with 2 open proposals as with 200);
2. the server time of each page over `--verzoeken` requests, p50 and p95, without proposals and with 200.

`--profiel` profiles three requests of the plan page with the 200 proposals (cProfile, cumulative).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from typing import TYPE_CHECKING, Any

import _gemeen

if TYPE_CHECKING:
    from django.test import Client

    from regioplan.models import Regioplan

ACTIVITEITEN = 100
VOORSTELLEN = 200
BUDGET = 20


def voorstellen_doen(wereld: _gemeen.Planwereld, plan: Regioplan, aantal: int) -> int:
    """`aantal` open proposals through the service: per target one of each party (a party's newer proposal on the
    same target would replace its open one)."""
    from regioplan.models import Plandeel, PlanUitdaging
    from regioplan.voorstellen import voorstel_indienen, waarden

    doelen: list[Any] = [
        *Plandeel.objects.filter(regioplan=plan),
        *PlanUitdaging.objects.filter(regioplan=plan),
        *plan.activiteiten.all(),
    ]
    gedaan = 0
    for ronde, wie in enumerate((wereld.inkoper, wereld.bewerker)):
        for i, doel in enumerate(doelen):
            if gedaan >= aantal:
                return gedaan
            doel.refresh_from_db()
            huidig = waarden(doel)
            if isinstance(doel, Plandeel):
                voorgesteld = {"tekst": huidig["tekst"].replace(".", f" (voorstel {ronde}-{i}).", 1)}
            elif isinstance(doel, PlanUitdaging):
                voorgesteld = {**huidig, "duiding": f"{huidig['duiding']} Aanvulling {ronde}-{i}."}
            else:
                voorgesteld = {**huidig, "begroting": f"{1000 * (i + 1) + ronde}.00", "start_kwartaal": 1 + ronde}
            voorstel_indienen(
                doel=doel,
                voorgesteld=voorgesteld,
                gelezen_versie=doel.versie,
                toelichting="Zo past het beter bij de afspraken.",
                acting_user=wie,
            )
            gedaan += 1
    return gedaan


def meten(client: Client, url: str, verzoeken: int) -> tuple[int, float, float]:
    """(queries of one request, p50 ms, p95 ms over `verzoeken` requests)."""
    from django.db import connections

    client.get(url)  # warm: session, caches
    vragen = 0

    def tellen(execute: Any, *args: Any) -> Any:
        nonlocal vragen
        vragen += 1
        return execute(*args)

    with contextlib.ExitStack() as stapel:
        for verbinding in connections.all():
            stapel.enter_context(verbinding.execute_wrapper(tellen))
        antwoord = client.get(url)
    if antwoord.status_code != 200:
        raise SystemExit(f"{url}: status {antwoord.status_code}")
    tijden = []
    for _ in range(verzoeken):
        begin = time.perf_counter()
        client.get(url)
        tijden.append(time.perf_counter() - begin)
    return vragen, _gemeen.percentiel(tijden, 50) * 1000, _gemeen.percentiel(tijden, 95) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    _gemeen.database_argument(parser)
    parser.add_argument("--verzoeken", type=int, default=20, help="verzoeken per pagina (p50 en p95 daarover)")
    parser.add_argument("--zaad", type=int, default=2026, help="vast zaad voor de verzonnen teksten")
    parser.add_argument("--profiel", action="store_true", help="profileer daarna drie verzoeken van de planpagina")
    args = parser.parse_args(argv)

    with _gemeen.wegwerpomgeving(args.database_url):
        from django.test import Client, override_settings
        from django.urls import reverse

        from regioplan.models import Voorstel

        database = _gemeen.database_beschrijving()
        print(f"Benchmark voorstellen op {database}: plan opbouwen...", flush=True)
        wereld = _gemeen.planwereld_laden()
        plan = _gemeen.plan_bouwen(
            wereld, titel="Regioplan met voorstellen (benchmark)", activiteiten=ACTIVITEITEN, zaad=args.zaad
        )
        instellingen = override_settings(ALLOWED_HOSTS=["testserver"])
        instellingen.enable()
        client = Client()
        client.force_login(wereld.bewerker)
        args_plan = [plan.regio.slug, plan.pk]
        paginas = {
            "planpagina": reverse("regioplan:detail", args=args_plan),
            "voorstellen (open)": reverse("regioplan:voorstellen", args=args_plan),
            "Mijn regio's": reverse("regio:mijn_regios"),
        }
        leeg = {naam: meten(client, url, args.verzoeken) for naam, url in paginas.items()}
        # Flat means: as many queries with 2 open proposals as with 200 (none at all skips a list's query).
        voorstellen_doen(wereld, plan, 2)
        voor = {naam: meten(client, url, args.verzoeken) for naam, url in paginas.items()}
        begin = time.perf_counter()
        gedaan = 2 + voorstellen_doen(wereld, plan, VOORSTELLEN - 2)
        duur = time.perf_counter() - begin
        _gemeen.statistieken_bijwerken()
        open_ = Voorstel.objects.filter(regioplan=plan, status="open").count()
        print(f"{gedaan} voorstellen ingediend in {duur:.1f} s ({duur / max(gedaan, 1) * 1000:.0f} ms per voorstel)")
        eerste = Voorstel.objects.filter(regioplan=plan).order_by("pk").first()
        if eerste is not None:
            paginas["een voorstel"] = reverse("regioplan:voorstel", args=[*args_plan, eerste.pk])
        na = {naam: meten(client, url, args.verzoeken) for naam, url in paginas.items()}

        print(f"\n{_gemeen.machine(database)}")
        print(f"Plan met {ACTIVITEITEN} activiteiten; {open_} open voorstellen. Ingelogd als bewerker (Anna).\n")
        print(
            f"{'pagina':<22} {'vragen bij 2':>13} {'vragen bij 200':>15} {'p50 ms zonder':>14} "
            f"{'p50 ms bij 200':>15} {'p95 ms bij 200':>15}"
        )
        te_veel = []
        for naam in paginas:
            zonder = voor[naam][0] if naam in voor else None
            p50_zonder = leeg[naam][1] if naam in leeg else 0.0
            vragen, p50, p95 = na[naam]
            print(
                f"{naam:<22} {zonder if zonder is not None else '-':>13} {vragen:>15} {p50_zonder:>14.1f} "
                f"{p50:>15.1f} {p95:>15.1f}"
            )
            if vragen > BUDGET or (zonder is not None and zonder != vragen):
                te_veel.append(naam)
        if args.profiel:
            import cProfile
            import pstats

            profiel = cProfile.Profile()
            profiel.enable()
            for _ in range(3):
                client.get(paginas["planpagina"])
            profiel.disable()
            pstats.Stats(profiel).sort_stats("cumulative").print_stats(30)
        gemiddeld = statistics.mean(p50 for _, p50, _ in na.values())
        print(f"\nGemiddelde p50 over de pagina's: {gemiddeld:.1f} ms")
        if te_veel:
            print(f"NIET VLAK of boven {BUDGET} vragen: {', '.join(te_veel)}")
            return 1
        print(f"Elke pagina: hoogstens {BUDGET} vragen, even veel bij 2 als bij {open_} open voorstellen.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
