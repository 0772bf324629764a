"""Queries per page: a one-region world against the national one (issue 8: "equal, flat in the number of regions,
activities and comments"; "no page above 20 queries").

Run from the repository root (see BENCHMARKS.md):

    .venv/bin/python bench/queries_bench.py                                   # SQLite, two temporary files
    .venv/bin/python bench/queries_bench.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench_q

It builds two throwaway databases one after the other, each in its own process (Django is set up once per
process): a one-region world (`landelijk.opbouwen(schaal=0.02, regios=1)`: one region, 100 practices, a plan of
10 activities and 5 threads, a contract of 3 lines) and the national one (`--schaal`, default 1.0: 80 regions,
5,000 practices, 25,000 people, the focus region's plan of 200 activities and 50 threads, its contract of 100
lines). In each, Django's test client (force_login) opens every main page as a person who may see it, twice to
warm up, and counts the queries of the third request. The table compares the two; the exit code is 1 if a page
differs or is above 20 queries.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import _gemeen

if TYPE_CHECKING:
    from landelijk import Landelijk

GRENS = 20
EEN_REGIO_SCHAAL = 0.02


@dataclass(frozen=True)
class Pagina:
    naam: str
    persona: str  # who opens it: "bewerker", "lezer", "praktijkhouder" or "koepel" (see _persona)
    url: str


def paginas(wereld: Landelijk) -> list[Pagina]:
    """The main pages of the focus region, each with a person who sees it."""
    from django.urls import reverse

    from regiobeeld.models import Regiobeeld

    regio = wereld.focus_regio_pk
    slug = wereld.regio_slugs[regio]
    jaar = Regiobeeld.objects.filter(regio_id=regio).order_by("-jaar").values_list("jaar", flat=True).first()
    c = [slug, wereld.contract_pk]
    return [
        Pagina("Mijn regio's (dashboard)", "bewerker", reverse("regio:mijn_regios")),
        Pagina("Mijn regio's (dashboard)", "lezer", reverse("regio:mijn_regios")),
        Pagina("Mijn regio's (dashboard)", "praktijkhouder", reverse("regio:mijn_regios")),
        Pagina("regiopagina", "bewerker", reverse("regio:regio_detail", args=[slug])),
        Pagina("regiobeelden (lijst)", "bewerker", reverse("regiobeeld:lijst", args=[slug])),
        Pagina("regiobeeld", "bewerker", reverse("regiobeeld:detail", args=[slug, jaar])),
        Pagina("regiobeeld", "lezer", reverse("regiobeeld:detail", args=[slug, jaar])),
        Pagina("cijfers", "bewerker", reverse("regiobeeld:cijfers", args=[slug])),
        Pagina("regioplannen (lijst)", "bewerker", reverse("regioplan:lijst", args=[slug])),
        Pagina("planpagina", "bewerker", reverse("regioplan:detail", args=[slug, wereld.plan_pk])),
        Pagina("planpagina", "lezer", reverse("regioplan:detail", args=[slug, wereld.plan_pk])),
        Pagina("contracten (lijst)", "bewerker", reverse("contracten:lijst", args=[slug])),
        Pagina("contract", "bewerker", reverse("contracten:detail", args=c)),
        Pagina("contract: financiën", "bewerker", reverse("contracten:financien", args=c)),
        Pagina("contract: praktijken (deelname)", "bewerker", reverse("contracten:deelnames", args=c)),
        Pagina("contract: monitoring", "bewerker", reverse("contracten:monitoring_contract", args=c)),
        Pagina("contract: historie", "bewerker", reverse("contracten:historie", args=c)),
        Pagina("monitoring van de regio", "bewerker", reverse("contracten:monitoring", args=[slug])),
        Pagina(
            "mijn uitnodigingen (praktijk)", "praktijkhouder", reverse("contracten:mijn_uitnodigingen", args=[slug])
        ),
        # Issue 19: the koepel's national overview (map and table of every region) and its CSV.
        Pagina("landelijk overzicht (koepel)", "koepel", reverse("contracten:landelijk")),
        Pagina("landelijk overzicht: csv (koepel)", "koepel", reverse("contracten:landelijk_csv")),
    ]


def _persona(wereld: Landelijk, naam: str) -> str:
    """The person who opens a page. The practice's people are of the first practice (by name) whose invitation to
    the focus contract is still open, in both worlds: what the dashboard shows depends on that, not on the scale."""
    from contracten.models import Praktijkdeelname
    from regio.models import Lidmaatschap, Rol

    if naam == "koepel":  # koepel staff (bench/landelijk.py makes one)
        return "koepel@koepel.test"
    if naam == "bewerker":  # editor of the GP organisation (a contracting party), no mandate
        return wereld.bewerkers[wereld.focus_regio_pk][0]
    praktijk = (
        Praktijkdeelname.objects.filter(contract_id=wereld.contract_pk, besluit=Praktijkdeelname.Besluit.UITGENODIGD)
        .order_by("praktijk__naam")
        .values_list("praktijk_id", flat=True)
        .first()
    )
    if praktijk is None:
        raise SystemExit("Geen praktijk met een open uitnodiging voor het focuscontract.")
    rol = Rol.LEZER if naam == "lezer" else Rol.BEHEERDER  # a GP (reader); the owner, who decides on invitations
    return str(
        Lidmaatschap.objects.filter(organisatie_id=praktijk, rol=rol)
        .order_by("gebruiker__email")
        .values_list("gebruiker__email", flat=True)
        .first()
    )


def _authenticator_app(persoon: object) -> None:
    """Koepel staff must use two-factor authentication (regio.tweestaps): without an app every page sends them to
    set one up. An activated app, as after setting it up."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    Authenticator.objects.get_or_create(
        user=persoon, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt("JBSWY3DPEHPK3PXP")}}
    )


def tellen(wereld: Landelijk) -> dict[str, int]:
    """Queries of the third request of each page (two to warm up: caches, sessions, compiled templates)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from regio.models import Gebruiker

    uitkomst: dict[str, int] = {}
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        clients: dict[str, Client] = {}
        for pagina in paginas(wereld):
            if pagina.persona not in clients:
                clients[pagina.persona] = Client()
                persoon = Gebruiker.objects.get(email=_persona(wereld, pagina.persona))
                if persoon.is_staff:
                    _authenticator_app(persoon)
                clients[pagina.persona].force_login(persoon)
            client = clients[pagina.persona]
            for _ in range(2):
                client.get(pagina.url)
            with CaptureQueriesContext(connection) as vragen:
                antwoord = client.get(pagina.url)
            if antwoord.status_code != 200:
                raise SystemExit(f"{pagina.naam} ({pagina.persona}): status {antwoord.status_code}, 200 verwacht.")
            uitkomst[f"{pagina.naam} | {pagina.persona}"] = len(vragen.captured_queries)
    return uitkomst


def merken_controleren(wereld: Landelijk) -> None:
    """The focus region's plan page shows its own mark and no other region's (a cross-region leak would)."""
    from django.test import Client, override_settings
    from django.urls import reverse

    from regio.models import Gebruiker

    regio = wereld.focus_regio_pk
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(Gebruiker.objects.get(email=wereld.bewerkers[regio][0]))
        inhoud = client.get(reverse("regioplan:detail", args=[wereld.regio_slugs[regio], wereld.plan_pk])).content
    tekst = inhoud.decode()
    vreemd = [pk for pk, merk in wereld.merktekst.items() if pk != regio and merk in tekst]
    if wereld.merktekst[regio] not in tekst:
        raise SystemExit("De planpagina van de focusregio toont haar eigen merktekst niet.")
    if vreemd:
        raise SystemExit(f"De planpagina van de focusregio toont merkteksten van andere regio's: {vreemd}")


def _deel(args: argparse.Namespace) -> int:
    """One world in its own throwaway database: build it, count, write the counts as JSON."""
    import landelijk

    with _gemeen.wegwerpomgeving(args.database_url):
        if args.deel == "een":
            wereld = landelijk.opbouwen(schaal=EEN_REGIO_SCHAAL, regios=1, zaad=args.zaad, log=_stil)
        else:
            begin = time.perf_counter()
            wereld = landelijk.opbouwen(schaal=args.schaal, zaad=args.zaad, log=lambda s: print(s, flush=True))
            landelijk.rapport(wereld, time.perf_counter() - begin, _gemeen.database_beschrijving())
        merken_controleren(wereld)
        Path(args.uit).write_text(
            json.dumps(
                {
                    "database": _gemeen.database_beschrijving(),
                    "aantallen": wereld.aantallen,
                    "queries": tellen(wereld),
                },
                ensure_ascii=False,
            )
        )
    return 0


def _stil(_regel: str) -> None:
    pass


def _database(url: str | None, achtervoegsel: str) -> list[str]:
    return ["--database-url", f"{url}_{achtervoegsel}"] if url else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    _gemeen.database_argument(parser)
    parser.add_argument("--schaal", type=float, default=1.0, help="schaal van de landelijke wereld (1.0)")
    parser.add_argument("--zaad", type=int, default=2026)
    parser.add_argument("--deel", choices=["een", "landelijk"], help=argparse.SUPPRESS)
    parser.add_argument("--uit", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.deel:
        return _deel(args)
    if args.database_url:
        _gemeen.postgres_beheer_url(args.database_url)

    uitkomsten: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="regio-queries-") as map_:
        for deel, achtervoegsel in (("een", "een"), ("landelijk", "land")):
            uit = Path(map_) / f"{deel}.json"
            print(f"Wereld '{deel}' opbouwen en tellen...", flush=True)
            subprocess.run(  # noqa: S603 - this script itself, with our own arguments
                [
                    sys.executable,
                    __file__,
                    "--deel",
                    deel,
                    "--uit",
                    str(uit),
                    "--schaal",
                    str(args.schaal),
                    "--zaad",
                    str(args.zaad),
                    *_database(args.database_url, achtervoegsel),
                ],
                check=True,
            )
            uitkomsten[deel] = json.loads(uit.read_text())
    return rapport(uitkomsten)


def rapport(uitkomsten: dict[str, dict[str, object]]) -> int:
    een, land = uitkomsten["een"], uitkomsten["landelijk"]
    q_een: dict[str, int] = een["queries"]  # type: ignore[assignment]
    q_land: dict[str, int] = land["queries"]  # type: ignore[assignment]
    a_een: dict[str, int] = een["aantallen"]  # type: ignore[assignment]
    a_land: dict[str, int] = land["aantallen"]  # type: ignore[assignment]
    print(f"\n{_gemeen.machine(str(land['database']))}")
    print("\n| | één regio | landelijk |\n| --- | ---: | ---: |")
    for sleutel in a_land:
        print(f"| {sleutel} | {_gemeen.getal(a_een.get(sleutel, 0))} | {_gemeen.getal(a_land[sleutel])} |")
    print("\n| pagina | wie | queries, één regio | queries, landelijk | gelijk | hoogstens 20 |")
    print("| --- | --- | ---: | ---: | --- | --- |")
    fouten = 0
    for sleutel, n_land in q_land.items():
        naam, wie = sleutel.split(" | ")
        n_een = q_een[sleutel]
        gelijk, binnen = n_een == n_land, n_land <= GRENS and n_een <= GRENS
        fouten += (not gelijk) + (not binnen)
        print(
            f"| {naam} | {wie} | {n_een} | {n_land} | {'ja' if gelijk else '**nee**'} "
            f"| {'ja' if binnen else '**nee**'} |"
        )
    print(
        f"\nDoel: gelijk aantal queries bij één regio en landelijk, en geen pagina boven {GRENS}: "
        f"{'gehaald' if not fouten else 'NIET gehaald'}."
    )
    return 1 if fouten else 0


if __name__ == "__main__":
    sys.exit(main())
