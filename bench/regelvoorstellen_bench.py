"""Benchmark of negotiating contract lines (issue 16): the contract page with 200 lines and 200 open proposals,
and the version redline, against the same pages with the test world's two lines.

Run from the repository root (see BENCHMARKS.md):

    .venv/bin/python bench/regelvoorstellen_bench.py
    .venv/bin/python bench/regelvoorstellen_bench.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench_rv

It builds a throwaway database with the personas' world and its draft contract (tests/contracten/werelden.py:
two lines, agreed by both), then, with Django's test client signed in as the zorggroep's editor, counts the queries
of each page and times it over `--verzoeken` requests (p50, p95); then adds 200 lines, each with an open proposal
of the insurer (`veel_regels_met_voorstellen`), accepts one more proposal through the services (so the redline has
a change) and does the same again. The exit code is 1 if a page's query count differs between the two or is above
20 (issue 16: "Query counts stay flat (<= 20 per page) with 200 open proposals and 200 contract lines").
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import _gemeen

GRENS = 20
GROOT = 200


def meten(client: object, url: str, verzoeken: int) -> tuple[int, float, float]:
    """The page's queries (third request) and its server time over `verzoeken` requests: (queries, p50, p95) ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        client.get(url)  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as vragen:
        antwoord = client.get(url)  # type: ignore[attr-defined]
    # Read now: the next request empties the query log (Django's request_started), and captured_queries with it.
    aantal = len(vragen.captured_queries)
    if antwoord.status_code != 200:
        raise SystemExit(f"{url} gaf {antwoord.status_code}")
    tijden = []
    for _ in range(verzoeken):
        begin = time.perf_counter()
        client.get(url)  # type: ignore[attr-defined]
        tijden.append((time.perf_counter() - begin) * 1000)
    return aantal, statistics.median(tijden), _gemeen.percentiel(tijden, 95)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    _gemeen.database_argument(parser)
    parser.add_argument("--verzoeken", type=int, default=20, help="verzoeken per pagina (p50 en p95 daarover)")
    args = parser.parse_args(argv)

    with _gemeen.wegwerpomgeving(args.database_url):
        from django.test import Client, override_settings
        from django.urls import reverse

        from contracten import regelvoorstellen
        from contracten.models import Contract, Regelvoorstel
        from tests.contracten.werelden import contract_wereld, veel_regels_met_voorstellen
        from tests.personas import wereld_bouwen

        print(f"Benchmark onderhandelen over contractregels op {_gemeen.database_beschrijving()}", flush=True)
        wereld = contract_wereld(wereld_bouwen())
        contract = Contract.objects.get(pk=wereld.contract.pk)  # type: ignore[attr-defined]
        args_c = [contract.regio.slug, contract.pk]
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            client = Client()
            client.force_login(wereld.bewerker)
            paginas = {
                "contractpagina": reverse("contracten:detail", args=args_c),
                "versies vergelijken": reverse("contracten:vergelijken", args=args_c),
            }
            uitkomst: dict[str, dict[str, tuple[int, float, float]]] = {"klein": {}, "groot": {}}
            for naam, url in paginas.items():
                uitkomst["klein"][naam] = meten(client, url, args.verzoeken)

            begin = time.perf_counter()
            veel_regels_met_voorstellen(wereld, contract, GROOT)
            eerste = Regelvoorstel.objects.filter(contract=contract).order_by("pk").first()
            if eerste is None:
                raise SystemExit("Geen voorstel gemaakt.")
            regelvoorstellen.regelvoorstel_beslissen(voorstel=eerste, aanvaard=True, acting_user=wereld.bewerker)
            _gemeen.statistieken_bijwerken()
            print(f"  {GROOT} regels met elk een open voorstel: {time.perf_counter() - begin:.1f} s", flush=True)
            for naam, url in paginas.items():
                uitkomst["groot"][naam] = meten(client, url, args.verzoeken)

    print()
    print(
        f"| pagina | queries (2 regels) | queries ({GROOT} regels, {GROOT - 1} open voorstellen) "
        "| p50 / p95 klein (ms) | p50 / p95 groot (ms) |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    fout = False
    for naam in uitkomst["klein"]:
        k, g = uitkomst["klein"][naam], uitkomst["groot"][naam]
        print(f"| {naam} | {k[0]} | {g[0]} | {k[1]:.0f} / {k[2]:.0f} | {g[1]:.0f} / {g[2]:.0f} |")
        fout |= k[0] != g[0] or g[0] > GRENS
    if fout:
        print(f"Een pagina verschilt in queries of zit boven {GRENS}.", file=sys.stderr)
    return 1 if fout else 0


if __name__ == "__main__":
    sys.exit(main())
