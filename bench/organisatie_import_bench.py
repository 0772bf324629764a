"""Benchmark of the koepel's bulk organisation import (regiobeeld/organisatie_import.py) at national scale: 5,000
practices in one CSV file, half of them taking part in a region.

Run from the repository root:

    .venv/bin/python bench/organisatie_import_bench.py
    .venv/bin/python bench/organisatie_import_bench.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench

It builds a throwaway database (as the other benchmarks), one region and a koepel user, writes the file, and
times the two steps as the page runs them, in the request: upload + preview (`bewaren`) and confirm
(`organisaties_importeren`), with the number of queries of each. The import stays in the request (not on the
figure import's stored pipeline); this measures whether that holds at 5,000 rows.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import _gemeen

RIJEN = 5_000


def _bestand(rijen: int) -> bytes:
    regels = ["naam;soort;agb;kvk;regio"]
    for i in range(rijen):
        regio = "Benchregio" if i % 2 == 0 else ""
        regels.append(f"Huisartsenpraktijk Bench {i:05d};huisartsenpraktijk;{10_000_000 + i};{20_000_000 + i};{regio}")
    return ("\n".join(regels) + "\n").encode("utf-8")


@contextlib.contextmanager
def _tellen() -> Iterator[list[int]]:
    """The number of queries in the block (no query log: it stops at 9,000)."""
    from django.db import connection

    teller = [0]

    def tel(uitvoeren: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        teller[0] += 1
        return uitvoeren(sql, params, many, context)

    with connection.execute_wrapper(tel):
        yield teller


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    _gemeen.database_argument(parser)
    parser.add_argument("--rijen", type=int, default=RIJEN)
    args = parser.parse_args()
    with _gemeen.wegwerpomgeving(args.database_url):
        from regio.models import Deelname, Gebruiker, Organisatie, Regio
        from regiobeeld import organisatie_import

        koepel = Gebruiker.objects.create_user(email="koepel@bench.test", password=None, naam="Koepel", is_staff=True)
        Regio.objects.create(naam="Benchregio", slug="benchregio")
        inhoud = _bestand(args.rijen)
        print(_gemeen.machine(_gemeen.database_beschrijving()))
        print(f"Bestand: {_gemeen.getal(args.rijen)} rijen, {len(inhoud) / 1024:.0f} kB")

        with _tellen() as vragen:
            begin, cpu = time.perf_counter(), time.process_time()
            sleutel, voorvertoning = organisatie_import.bewaren(inhoud, "praktijken.csv", acting_user=koepel)
            duur, cpu_duur = time.perf_counter() - begin, time.process_time() - cpu
        if len(voorvertoning.nieuw) != args.rijen:
            raise SystemExit(f"Niet elke rij is nieuw: {voorvertoning.overgeslagen[:3]}")
        print(f"Uploaden en voorbeeld: {duur:.2f} s ({cpu_duur:.2f} s cpu), {vragen[0]} queries")

        with _tellen() as vragen:
            begin, cpu = time.perf_counter(), time.process_time()
            organisatie_import.organisaties_importeren(sleutel=sleutel, acting_user=koepel)
            duur, cpu_duur = time.perf_counter() - begin, time.process_time() - cpu
        if (Organisatie.objects.count(), Deelname.objects.count()) != (args.rijen, (args.rijen + 1) // 2):
            raise SystemExit("De import sloeg niet alles op.")
        print(
            f"Bevestigen en opslaan: {duur:.2f} s ({cpu_duur:.2f} s cpu), {_gemeen.getal(vragen[0])} queries "
            f"({vragen[0] / args.rijen:.1f} per rij)"
        )


if __name__ == "__main__":
    main()
