"""Benchmark of the regiobeeld figure import: the product's import against the bare read + bulk-insert floor.

Run from the repository root (see BENCHMARKS.md):

    .venv/bin/python bench/import_bench.py
    .venv/bin/python bench/import_bench.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench

It builds a throwaway database (a temporary SQLite file, or the named PostgreSQL database, created and dropped
by this run), loads the 342 gemeenten, one region with its parties and 30 indicators, and writes a CBS-style CSV
(semicolons, decimal commas, UTF-8 BOM, long format) of 342 gemeenten x 30 indicators x 10 years. Then, in
one process:

1. the floor: `pandas.read_csv` of that file plus `Cijfer.objects.bulk_create` of its rows (same batch size);
2. the import as a person runs it, through the services (upload -> read -> map -> convert -> confirm -> store),
   with Celery eager as in `make run`, so each service call includes the worker step it queues;
3. a second import of the same keys with new values (re-importing replaces, never duplicates).

The issue's target: the import takes at most 3x the floor. `--profiel` adds one more import under cProfile
(not timed) and prints where its time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import enum
import io
import pstats
import random
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import _gemeen

DOEL_VERHOUDING = 3.0
EERSTE_JAAR = 2015
BRON = "Benchmark: verzonnen cijfers"
KOLOMMEN = ("Gemeentecode", "Perioden", "Indicator", "Waarde")

if TYPE_CHECKING:
    from regio.models import Gebruiker, Regio
    from regiobeeld.importeren import Koppeling
    from regiobeeld.models import Importbestand


# -- measuring -----------------------------------------------------------------------------------


class Soort(enum.Enum):
    VLOER = "vloer"
    IMPORT = "import"
    ONDERDEEL = "onderdeel"  # a part of the import measured on its own: explains, does not count


@dataclass
class Stap:
    naam: str
    soort: Soort
    som: bool  # a total of the steps above it
    seconden: list[float] = field(default_factory=list)  # one per repetition
    piek_rss_mb: float = 0.0

    @property
    def mediaan(self) -> float:
        return statistics.median(self.seconden)


@dataclass
class Metingen:
    """Wall-clock seconds per step over all repetitions, and the peak RSS seen during each step."""

    stappen: dict[str, Stap] = field(default_factory=dict)
    piek_per_stap: bool = False
    piek_proces_mb: float = 0.0  # the whole process, kept across the per-step resets

    def piek_bijhouden(self) -> None:
        self.piek_proces_mb = max(self.piek_proces_mb, _gemeen.piek_rss_mb())

    def _stap(self, naam: str, soort: Soort, som: bool = False) -> Stap:
        return self.stappen.setdefault(naam, Stap(naam, soort, som))

    @contextlib.contextmanager
    def meet(self, naam: str, soort: Soort) -> Iterator[None]:
        stap = self._stap(naam, soort)
        self.piek_bijhouden()
        self.piek_per_stap = _gemeen.piek_terugzetten()
        begin = time.perf_counter()
        yield
        stap.seconden.append(time.perf_counter() - begin)
        stap.piek_rss_mb = max(stap.piek_rss_mb, _gemeen.piek_rss_mb())
        self.piek_bijhouden()

    def totaal(self, naam: str, soort: Soort, delen: list[str]) -> None:
        """A total row: per repetition, the sum of the latest measurement of each of `delen`."""
        stap = self._stap(naam, soort, som=True)
        stap.seconden.append(sum(self.stappen[d].seconden[-1] for d in delen))
        stap.piek_rss_mb = max(stap.piek_rss_mb, *(self.stappen[d].piek_rss_mb for d in delen))

    def vloer(self) -> float:
        return next(s.mediaan for s in self.stappen.values() if s.soort is Soort.VLOER and s.som)


# -- the database --------------------------------------------------------------------------------


def _cijfers_legen() -> None:
    """Empty the figures table and reclaim its space, so every measured insert starts from the same table."""
    from django.db import connection

    from regiobeeld.models import Cijfer

    Cijfer.objects.all().delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {Cijfer._meta.db_table}")
        else:
            cursor.execute("VACUUM")


# -- the world: one region with its parties, and the indicators ------------------------------------


@dataclass(frozen=True)
class Wereld:
    regio: Regio
    bewerker: Gebruiker
    indicatoren: list[str]
    gemeenten: list[str]
    jaren: list[int]


def _wereld_bouwen(aantal_indicatoren: int, aantal_jaren: int) -> Wereld:
    """Through the services, as the koepel would: parties, access groups, a member, a regiobeeld."""
    from regio import services as regio_services
    from regio.models import Deelname, Gebruiker, Gemeente, Organisatie, OrganisatieSoort, Regio, Rol
    from regiobeeld import services
    from regiobeeld.catalogus import kernset_laden
    from regiobeeld.models import Aggregatie, Domein, Indicator

    regio = regio_services.regio_opslaan(
        regio=Regio(naam="Benchmarkregio", slug="benchmarkregio"),
        gemeenten=list(Gemeente.objects.filter(provincie="Limburg")),
        acting_user=None,
    )
    bewerker = Gebruiker.objects.create_user("bewerker@bench.test", None, naam="Bea Bench")
    start = dt.date(2025, 1, 1)
    for naam, soort in (("Zorggroep Bench", "huisartsenorganisatie"), ("Verzekeraar Bench", "zorgverzekeraar")):
        organisatie = regio_services.organisatie_opslaan(
            organisatie=Organisatie(
                naam=naam, soort=OrganisatieSoort.objects.get_or_create(code=soort, defaults={"naam": soort})[0]
            ),
            acting_user=None,
        )
        regio_services.deelname_opslaan(
            deelname=Deelname(regio=regio, organisatie=organisatie, rol=Deelname.DeelnameRol.CONTRACTPARTIJ, van=start),
            acting_user=None,
        )
        if soort == "huisartsenorganisatie":
            regio_services.lid_maken(gebruiker=bewerker, organisatie=organisatie, rol=Rol.BEWERKER, acting_user=None)
    services.regiobeeld_aanmaken(regio=regio, jaar=2026, acting_user=bewerker)
    kernset_laden()  # the real catalogue is there too, as in production
    codes = [f"bench_{i:02d}" for i in range(1, aantal_indicatoren + 1)]
    for volgorde, code in enumerate(codes, start=1):
        Indicator.objects.create(
            code=code,
            naam=f"Benchmarkindicator {volgorde:02d}",
            eenheid="%" if volgorde % 2 else "aantal",
            aggregatie=Aggregatie.GEWOGEN if volgorde % 2 else Aggregatie.SOM,
            domein=Domein.GEZONDHEID,
            bron=BRON,
            volgorde=1000 + volgorde,
        )
    gemeenten = list(Gemeente.objects.order_by("code").values_list("code", flat=True))
    jaren = list(range(EERSTE_JAAR, EERSTE_JAAR + aantal_jaren))
    return Wereld(regio=regio, bewerker=bewerker, indicatoren=codes, gemeenten=gemeenten, jaren=jaren)


# -- the file ------------------------------------------------------------------------------------


def _waarde(rng: random.Random, volgnummer: int) -> str:
    """Odd indicators are percentages with one decimal, even ones counts; written with a decimal comma."""
    if volgnummer % 2:
        return f"{rng.uniform(0, 100):.1f}".replace(".", ",")
    return str(rng.randint(0, 250_000))


def csv_maken(wereld: Wereld, zaad: int) -> bytes:
    """A CBS StatLine-like long-format CSV: one row per gemeente x year x indicator, fixed seed."""
    rng = random.Random(zaad)  # noqa: S311 - benchmark figures, not security
    regels = [";".join(KOLOMMEN)]
    for gemeente in wereld.gemeenten:
        for jaar in wereld.jaren:
            for volgnummer, indicator in enumerate(wereld.indicatoren, start=1):
                regels.append(f"{gemeente};{jaar}JJ00;{indicator};{_waarde(rng, volgnummer)}")
    return ("\ufeff" + "\r\n".join(regels) + "\r\n").encode("utf-8")


# -- the floor: bare read + bulk insert -----------------------------------------------------------


def vloer_meten(metingen: Metingen, pad: Path, wereld: Wereld, aantal: int) -> None:
    """What storing this file costs at the least with pandas and the ORM: read it, make the rows, insert them."""
    import pandas as pd
    from django.db import transaction

    from regio.models import Gemeente
    from regiobeeld import services
    from regiobeeld.models import Cijfer, Indicator

    lezen, opslaan = "vloer: pandas.read_csv", f"vloer: Cijfer-objecten + bulk_create (batch {services.BATCH})"
    with metingen.meet(lezen, Soort.VLOER):
        tabel = pd.read_csv(
            pad, sep=";", decimal=",", encoding="utf-8-sig", dtype={"Gemeentecode": str, "Indicator": str}
        )
    gemeente_ids = dict(Gemeente.objects.values_list("code", "pk"))
    indicator_ids = dict(Indicator.objects.filter(code__in=wereld.indicatoren).values_list("code", "pk"))
    with metingen.meet(opslaan, Soort.VLOER):
        jaren = tabel["Perioden"].str[:4].astype(int)
        objecten = [
            Cijfer(
                regio=wereld.regio,
                indicator_id=indicator_ids[indicator],
                gemeente_id=gemeente_ids[gemeente],
                jaar=jaar,
                waarde=Decimal(str(waarde)),
                bron=BRON,
            )
            for gemeente, jaar, indicator, waarde in zip(
                tabel["Gemeentecode"], jaren, tabel["Indicator"], tabel["Waarde"], strict=True
            )
        ]
        with transaction.atomic():
            Cijfer.objects.bulk_create(objecten, batch_size=services.BATCH)
    metingen.totaal("vloer totaal", Soort.VLOER, [lezen, opslaan])
    opgeslagen = Cijfer.objects.count()
    if opgeslagen != aantal:
        raise SystemExit(f"Vloer: {opgeslagen} cijfers opgeslagen, {aantal} verwacht.")


# -- the product: the import through the services -------------------------------------------------


def _koppeling() -> Koppeling:
    from regiobeeld.importeren import Koppeling, Vorm

    return Koppeling(
        vorm=Vorm.LANG,
        gemeente_kolom="Gemeentecode",
        jaar_kolom="Perioden",
        indicator_kolom="Indicator",
        waarde_kolom="Waarde",
    )


def _verwacht(imp: Importbestand, status: str) -> None:
    imp.refresh_from_db()
    if imp.status != status:
        raise SystemExit(f"Import {imp.pk}: status {imp.status}, {status} verwacht. {imp.fout}")


def import_doorlopen(metingen: Metingen | None, naam: str, inhoud: bytes, wereld: Wereld) -> None:
    """One import as a person runs it. Celery is eager, so each call also runs the worker step it queues
    (after its transaction commits, exactly as a worker would pick it up)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from regiobeeld import services
    from regiobeeld.models import Importbestand

    S = Importbestand.Status
    stappen = [f"{naam}: uploaden + lezen", f"{naam}: koppelen + omzetten (controle)", f"{naam}: bevestigen + opslaan"]

    def meet(stap: str) -> contextlib.AbstractContextManager[None]:
        return metingen.meet(stap, Soort.IMPORT) if metingen else contextlib.nullcontext()

    with meet(stappen[0]):
        imp = services.import_starten(
            regio=wereld.regio,
            bestand=SimpleUploadedFile("cbs_bench.csv", inhoud, "text/csv"),
            bron=BRON,
            acting_user=wereld.bewerker,
        )
    _verwacht(imp, S.KOPPELEN)
    with meet(stappen[1]):
        services.import_koppelen(importbestand=imp, koppeling=_koppeling(), acting_user=wereld.bewerker)
    _verwacht(imp, S.CONTROLE)
    if (
        imp.aantal_waarden != len(wereld.gemeenten) * len(wereld.indicatoren) * len(wereld.jaren)
        or imp.aantal_afgewezen
    ):
        raise SystemExit(f"Import {imp.pk}: {imp.aantal_waarden} waarden, {imp.aantal_afgewezen} afgewezen.")
    with meet(stappen[2]):
        services.import_bevestigen(importbestand=imp, afwijzingen_begrepen=False, acting_user=wereld.bewerker)
    _verwacht(imp, S.OPGESLAGEN)
    if metingen:
        metingen.totaal(f"{naam}: totaal", Soort.IMPORT, stappen)


def _controleren(wereld: Wereld, inhoud: bytes, aantal: int) -> None:
    """After a re-import: as many figures as before, and a value from the newest file."""
    from regiobeeld.models import Cijfer

    opgeslagen = Cijfer.objects.filter(regio=wereld.regio).count()
    if opgeslagen != aantal:
        raise SystemExit(f"Herimport: {opgeslagen} cijfers, {aantal} verwacht (dubbel of kwijt).")
    gemeente, periode, indicator, tekst = inhoud.decode("utf-8-sig").splitlines()[1].split(";")
    cijfer = Cijfer.objects.get(
        regio=wereld.regio, gemeente__code=gemeente, indicator__code=indicator, jaar=int(periode[:4])
    )
    if cijfer.waarde != Decimal(tekst.replace(",", ".")):
        raise SystemExit(f"Herimport: {cijfer} heeft niet de nieuwe waarde {tekst}.")


def onderdelen_meten(metingen: Metingen, inhoud: bytes, wereld: Wereld) -> None:
    """The import's parts on their own: where the steps above spend their time.

    A full import reads the file three times (read, convert, store) and converts it twice (check, store).
    """
    from django.db import transaction

    from regiobeeld import importeren, services

    indicatoren = {code: i.naam for code, i in services.indicatoren_voor(wereld.regio).items()}
    with metingen.meet("onderdeel: importeren.tabel_lezen", Soort.ONDERDEEL):
        tabel = importeren.tabel_lezen(inhoud, "cbs_bench.csv")
    zoeker = services.gemeentezoeker()
    with metingen.meet("onderdeel: importeren.koppeling_raden", Soort.ONDERDEEL):
        importeren.koppeling_raden(tabel, indicatoren, zoeker=zoeker)
    with metingen.meet("onderdeel: importeren.omzetten", Soort.ONDERDEEL):
        omzetting = importeren.omzetten(tabel, _koppeling(), zoeker, indicatoren)
    with metingen.meet("onderdeel: services.cijfers_opslaan (vervangt)", Soort.ONDERDEEL), transaction.atomic():
        services.cijfers_opslaan(
            regio=wereld.regio, waarden=omzetting.waarden, bron=BRON, is_illustratief=False, importbestand=None
        )


def profileren(pad: Path, inhoud: bytes, wereld: Wereld) -> None:
    """One more import under cProfile (slower than the measured ones: read it for proportions)."""
    profiel = cProfile.Profile()
    profiel.enable()
    import_doorlopen(None, "profiel", inhoud, wereld)
    profiel.disable()
    profiel.dump_stats(pad)
    for sortering in ("cumulative", "tottime"):
        print(f"\n== cProfile van één import, gesorteerd op {sortering} (volledig in {pad}) ==")
        stats = pstats.Stats(profiel, stream=sys.stdout)
        stats.strip_dirs().sort_stats(sortering).print_stats(30)


# -- report --------------------------------------------------------------------------------------


def rapport(metingen: Metingen, aantal: int, database: str, bestand_mb: float, herhalingen: int) -> None:
    """Print the table (Markdown, for BENCHMARKS.md) and whether every import stays within the target."""
    vloer = metingen.vloer()
    print(f"\n{_gemeen.machine(database)}")
    print(f"Bestand: {_gemeen.getal(aantal)} waarden, {bestand_mb:.1f} MB CSV; mediaan van {herhalingen} herhaling(en)")
    piek = "piek-RSS tijdens stap" if metingen.piek_per_stap else "piek-RSS tot dan"
    print(f"\n| stap | seconden (mediaan) | min-max | waarden/s | x vloer | {piek} (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for stap in metingen.stappen.values():
        naam = f"**{stap.naam}**" if stap.som else stap.naam
        print(
            f"| {naam} | {stap.mediaan:.2f} | {min(stap.seconden):.2f}-{max(stap.seconden):.2f} "
            f"| {_gemeen.getal(aantal / stap.mediaan) if stap.mediaan else '-'} | {stap.mediaan / vloer:.2f} "
            f"| {stap.piek_rss_mb:.0f} |"
        )
    metingen.piek_bijhouden()
    print(f"\nPiek-RSS van het hele proces: {metingen.piek_proces_mb:.0f} MB")
    totalen = [s for s in metingen.stappen.values() if s.som and s.soort is Soort.IMPORT]
    slechtste = max(s.mediaan / vloer for s in totalen)
    oordeel = "gehaald" if slechtste <= DOEL_VERHOUDING else "NIET gehaald"
    print(f"Doel: import hoogstens {DOEL_VERHOUDING:g}x de vloer: {oordeel} (slechtste: {slechtste:.2f}x).")


# -- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    _gemeen.database_argument(parser)
    parser.add_argument("--herhalingen", type=int, default=3, help="meet alles zo vaak en toon de mediaan")
    parser.add_argument("--indicatoren", type=int, default=30)
    parser.add_argument("--jaren", type=int, default=10)
    parser.add_argument("--zaad", type=int, default=2026, help="vast zaad voor de verzonnen cijfers")
    parser.add_argument("--profiel", type=Path, help="profileer nog één import met cProfile en schrijf de stats hier")
    args = parser.parse_args(argv)
    if args.herhalingen < 1:
        parser.error("--herhalingen moet minstens 1 zijn")

    with _gemeen.wegwerpomgeving(args.database_url) as werkmap:
        from django.core.management import call_command

        call_command("gemeenten_laden", stdout=io.StringIO())
        _draaien(args, werkmap)
    return 0


def _draaien(args: argparse.Namespace, werkmap: Path) -> None:
    wereld = _wereld_bouwen(args.indicatoren, args.jaren)
    aantal = len(wereld.gemeenten) * args.jaren * len(wereld.indicatoren)
    eerste = csv_maken(wereld, args.zaad)
    tweede = csv_maken(wereld, args.zaad + 1)  # the same keys, new values
    pad = werkmap / "cbs_bench.csv"
    pad.write_bytes(eerste)
    database = _gemeen.database_beschrijving()
    print(f"Benchmark cijferimport op {database}: {_gemeen.getal(aantal)} waarden, {args.herhalingen}x...", flush=True)

    metingen = Metingen()
    for herhaling in range(1, args.herhalingen + 1):
        # Every repetition inserts into an empty table (floor and first import) and then replaces.
        _cijfers_legen()
        vloer_meten(metingen, pad, wereld, aantal)
        _cijfers_legen()
        import_doorlopen(metingen, "import", eerste, wereld)
        import_doorlopen(metingen, "herimport (vervangt)", tweede, wereld)
        _controleren(wereld, tweede, aantal)
        onderdelen_meten(metingen, eerste, wereld)
        print(f"  herhaling {herhaling}: klaar", flush=True)
    rapport(metingen, aantal, database, len(eerste) / (1024 * 1024), args.herhalingen)
    if args.profiel:
        profileren(args.profiel, eerste, wereld)


if __name__ == "__main__":
    sys.exit(main())
