"""What the benchmarks in bench/ share: the throwaway database, Django with the test settings, memory and CPU
of this process and of the ones it starts, the machine's description, Dutch numbers, and a regioplan of any size
built through the product's services.

Not a benchmark itself (the leading underscore): the scripts import it from their own folder.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent

if TYPE_CHECKING:
    from regio.models import Gebruiker, Organisatie, Regio
    from regiobeeld.models import Regiobeeld
    from regioplan.models import Doel, PlanUitdaging, Regioplan


# -- memory --------------------------------------------------------------------------------------


def piek_terugzetten() -> bool:
    """Reset the kernel's peak-RSS mark to the current RSS (Linux >= 4.0), so a phase reports its own peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def piek_rss_mb() -> float:
    """The peak RSS of this process (since the last `piek_terugzetten`), from the kernel."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def rss_mb() -> float:
    """The RSS of this process now."""
    with contextlib.suppress(OSError):
        for regel in Path("/proc/self/status").read_text().splitlines():
            if regel.startswith("VmRSS:"):
                return int(regel.split()[1]) / 1024
    return 0.0


def kinderen(pid: int) -> list[int]:
    kinderen: list[int] = []
    with contextlib.suppress(OSError):
        for taak in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                kinderen += [int(p) for p in (taak / "children").read_text().split()]
    return kinderen


def nakomelingen() -> list[int]:
    """The processes this one started, and theirs (chromium for the charts: a browser process and its helpers)."""
    gevonden: list[int] = []
    open_ = kinderen(os.getpid())
    while open_:
        pid = open_.pop()
        gevonden.append(pid)
        open_ += kinderen(pid)
    return gevonden


def status_kb(pid: int, veld: str) -> int:
    with contextlib.suppress(OSError):
        for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
            if regel.startswith(veld + ":"):
                return int(regel.split()[1])
    return 0


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages counted once over the processes sharing them, so a sum is honest.
    Slow for chromium (its huge address space): tens of milliseconds, so never inside a timed step."""
    with contextlib.suppress(OSError):
        for regel in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if regel.startswith("Pss:"):
                return int(regel.split()[1])
    return 0


@dataclass(frozen=True)
class Kindergeheugen:
    """Memory of the processes this one started (chromium). Their peak RSS sum counts shared pages once per
    process, so it overstates; the PSS now counts them once."""

    processen: int
    pss_mb: float
    piek_rss_som_mb: float


def kindergeheugen() -> Kindergeheugen:
    pids = nakomelingen()
    return Kindergeheugen(
        processen=len(pids),
        pss_mb=sum(_pss_kb(p) for p in pids) / 1024,
        piek_rss_som_mb=sum(status_kb(p, "VmHWM") for p in pids) / 1024,
    )


def kinderpieken_terugzetten() -> None:
    """Reset the peak-RSS mark of every process this one started (see piek_terugzetten)."""
    for pid in nakomelingen():
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def kinder_cpu_seconden() -> float:
    """CPU seconds (user + system) used so far by the processes this one started and that still run."""
    tik = os.sysconf("SC_CLK_TCK")
    totaal = 0
    for pid in nakomelingen():
        with contextlib.suppress(OSError, IndexError, ValueError):
            velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            totaal += int(velden[11]) + int(velden[12])  # utime, stime (fields 14 and 15 of proc(5))
    return totaal / tik


# -- the throwaway database ----------------------------------------------------------------------


def database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        help="PostgreSQL-URL van een wegwerpdatabase (naam met 'bench'); zonder: SQLite in een tijdelijk bestand",
    )


def postgres_beheer_url(database_url: str) -> tuple[str, str]:
    """The URL of the server's `postgres` database and the name of the throwaway database."""
    deel = urlparse(database_url)
    naam = deel.path.lstrip("/")
    if deel.scheme not in {"postgres", "postgresql"} or not naam:
        raise SystemExit("--database-url moet een PostgreSQL-URL met een databasenaam zijn.")
    if "bench" not in naam:
        # The database is dropped at the start and the end of the run: never let a typo drop a real one.
        raise SystemExit(f"De database {naam!r} wordt weggegooid; de naam moet 'bench' bevatten.")
    return urlunparse(deel._replace(path="/postgres")), naam


def postgres_opnieuw(database_url: str, *, aanmaken: bool) -> None:
    import psycopg
    from psycopg import sql

    beheer_url, naam = postgres_beheer_url(database_url)
    with psycopg.connect(beheer_url, autocommit=True) as verbinding:
        verbinding.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam)))
        if aanmaken:
            verbinding.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))


def omgeving_zetten(werkmap: Path, database_url: str | None) -> None:
    """Test settings (DEBUG off: no query log), everything in `werkmap` or the throwaway database.

    Environment variables, so a child process (pdf_bench's measuring process) inherits them.
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    os.environ["REGIO_VAR_DIR"] = str(werkmap)  # SQLite file and uploaded files
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.pop("REDIS_URL", None)  # Celery in-process, as in `make run`
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)


def django_starten(*, migreren: bool = True) -> None:
    """django.setup() with the environment of `omgeving_zetten`, and the tables."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))

    import django
    from django.core.management import call_command

    django.setup()
    # kombu warns at exit that the in-memory broker has no hostname; it needs none.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
    if migreren:
        call_command("migrate", verbosity=0)


@contextlib.contextmanager
def wegwerpomgeving(database_url: str | None) -> Iterator[Path]:
    """A temporary folder and a throwaway database (SQLite in the folder, or the named PostgreSQL database,
    dropped at the start and at the end), with Django started and migrated. Yields the folder."""
    if database_url:
        postgres_beheer_url(database_url)  # refuse a wrong URL or name before anything is made
    werkmap = Path(tempfile.mkdtemp(prefix="regio-bench-"))
    try:
        if database_url:
            postgres_opnieuw(database_url, aanmaken=True)
        omgeving_zetten(werkmap, database_url)
        django_starten()
        yield werkmap
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if database_url:
            postgres_opnieuw(database_url, aanmaken=False)
        shutil.rmtree(werkmap, ignore_errors=True)


def statistieken_bijwerken() -> None:
    """ANALYZE on PostgreSQL: a world just built has no planner statistics yet (autovacuum gets there later), and
    without them the shared access-check query of the region pages takes 16 ms instead of 1 ms. A running
    database has them, so every benchmark measures with them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def database_beschrijving() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


# -- report --------------------------------------------------------------------------------------


def cpu() -> str:
    with contextlib.suppress(OSError):
        for regel in Path("/proc/cpuinfo").read_text().splitlines():
            if regel.startswith("model name"):
                return regel.split(":", 1)[1].strip()
    return platform.processor() or "onbekend"


def ram_gb() -> float:
    with contextlib.suppress(OSError):
        for regel in Path("/proc/meminfo").read_text().splitlines():
            if regel.startswith("MemTotal:"):
                return int(regel.split()[1]) / 1024 / 1024
    return 0.0


def machine(database: str) -> str:
    return (
        f"Machine: {cpu()}, {os.cpu_count()} kernen, {ram_gb():.0f} GB RAM; "
        f"Python {platform.python_version()}; {database}"
    )


def getal(n: float) -> str:
    """Digits grouped the Dutch way: 102600 -> '102.600'."""
    return f"{n:,.0f}".replace(",", ".")


def percentiel(waarden: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100), interpolated between the nearest ranks (as numpy's default)."""
    if len(waarden) == 1:
        return waarden[0]
    return statistics.quantiles(waarden, n=100, method="inclusive")[round(p) - 1]


# -- a regioplan of any size, through the services ----------------------------------------------------

# Building blocks for realistic Dutch texts of realistic length. Invented, in the register of a real regioplan.
_HANDELINGEN = (
    "Proactieve zorg voor",
    "Regionale pool voor",
    "Scholing van praktijkteams over",
    "Samenwerkingsafspraken met de wijkverpleging over",
    "Spreekuur op afstand voor",
    "Transmurale afspraken over",
    "Praktijkondersteuner voor",
    "Wijkgerichte aanpak van",
    "Regionaal netwerk voor",
    "Eén aanspreekpunt per kern voor",
    "Thuismonitoring bij",
    "Gezamenlijk zorgpad voor",
)
_ONDERWERPEN = (
    "kwetsbare ouderen",
    "mensen met COPD",
    "patiënten met hartfalen",
    "jongeren met psychische klachten",
    "diabeteszorg",
    "palliatieve zorg thuis",
    "mensen met dementie en hun mantelzorgers",
    "medicatieveiligheid na ontslag uit het ziekenhuis",
    "leefstijl en preventie",
    "laaggeletterde patiënten",
    "acute zorg buiten kantoortijd",
    "de opvolging van huisartsen",
    "praktijkassistentes en doktersassistentes",
    "ouderen met polyfarmacie",
)
_PLEKKEN = (
    "",
    "",
    " in de kleine kernen",
    " in Heerlen-Noord",
    " in Parkstad",
    " samen met het wijkteam",
    " samen met Ziekenhuis Parkstad",
    " in alle praktijken van de regio",
)
ZINNEN = (
    "Elke praktijk brengt de eigen patiënten in beeld en bespreekt de uitkomst in het wijkoverleg.",
    "De zorggroep levert de ondersteuning: een projectleider, een praktijkconsulent en de scholing.",
    "Kleine praktijken huren de benodigde uren in via de regionale pool, zodat niemand buiten de boot valt.",
    "We beginnen in drie wijken en breiden na een evaluatie uit naar de hele regio.",
    "De afspraken worden vastgelegd in een werkafspraak die huisarts, wijkverpleging en specialist delen.",
    "Patiënten en mantelzorgers denken mee via het cliëntenpanel van de zorggroep.",
    "De gegevens komen uit het huisartsinformatiesysteem en worden elk kwartaal teruggekoppeld aan de praktijk.",
    "Zo blijft er in de spreekkamer meer tijd over voor de patiënt die de huisarts echt nodig heeft.",
    "De financiering loopt de eerste twee jaar via een S3-afspraak en daarna structureel via S2.",
    "Het ziekenhuis stelt een vaste contactpersoon aan en reageert binnen twee werkdagen op een consultatie.",
    "Na een jaar beslissen beide partijen op basis van de meetpunten of de aanpak wordt voortgezet.",
    "Praktijken die al met een vergelijkbare werkwijze werken, delen hun ervaring op de ledenavond.",
    "De gemeente sluit aan voor wat buiten de zorg ligt: wonen, welzijn en schuldhulp.",
    "Een regionale werkgroep van huisartsen, praktijkondersteuners en assistentes bewaakt de uitvoering.",
    "Het uitgangspunt is de landelijke zorgstandaard, vertaald naar wat in deze regio haalbaar is.",
    "Waar het kan, gebruiken we wat er al is: de bestaande ICT, overleggen en afspraken in de wijk.",
    "De tijd die praktijken hieraan besteden, wordt vergoed volgens de afspraken in het contract.",
    "Zorgverzekeraar Zuid en de zorggroep bespreken de voortgang elk half jaar in het regio-overleg.",
)
_OPSOMMING = (
    "een nulmeting in elke deelnemende praktijk",
    "scholing voor het hele praktijkteam",
    "een vast overleg per wijk",
    "een handreiking voor de registratie",
    "terugkoppeling van de cijfers per kwartaal",
    "een evaluatie met patiënten en mantelzorgers",
)
_MEETPUNTEN = (
    ("Aandeel kwetsbare ouderen met een individueel zorgplan", "%", "Registratie huisartsinformatiesysteem"),
    ("Wachttijd tot een afspraak bij de eigen huisarts", "werkdagen", "Uitvraag zorggroep onder praktijken"),
    ("Verwijzingen naar de tweede lijn per 1.000 ingeschreven patiënten", "per 1.000", "Vektis, declaratiegegevens"),
    ("Praktijken die deelnemen aan de regionale aanpak", "aantal", "Administratie zorggroep"),
    ("E-consulten per 1.000 ingeschreven patiënten per jaar", "per 1.000", "Vektis, declaratiegegevens"),
    ("Patiënten met een besproken leefstijladvies", "%", "Registratie huisartsinformatiesysteem"),
    ("Ongeplande ziekenhuisopnames van 75-plussers per 1.000", "per 1.000", "Vektis, declaratiegegevens"),
    ("Tevredenheid van patiënten over de samenwerking (rapportcijfer)", "cijfer", "Patiëntervaringsonderzoek"),
    ("Ingezette uren van de regionale pool per kwartaal", "uren", "Roosteradministratie pool"),
    ("Praktijkteams die de scholing hebben afgerond", "%", "Scholingsregistratie zorggroep"),
)
_KOPPEN = (
    "Uitgangspunten",
    "Wat we de komende jaren doen",
    "Samenwerking in de wijk",
    "Financiering",
    "Zeggenschap en draagvlak",
    "Monitoring en bijsturing",
)
_DUIDING = (
    "Beide partijen zien dit als een van de belangrijkste opgaven voor de looptijd van dit plan. "
    "De cijfers in het regiobeeld laten zien dat de regio hier achterloopt op de rest van Nederland, en de "
    "verwachting is dat het verschil zonder gerichte aanpak groter wordt. Het plan kiest daarom voor "
    "activiteiten die in de praktijk en in de wijk het verschil maken."
)


def _alinea(rng: random.Random, zinnen: tuple[int, int]) -> str:
    return " ".join(rng.sample(ZINNEN, rng.randint(*zinnen)))


def plandeeltekst(rng: random.Random) -> str:
    """A part of the plan in Markdown: three sections of two or three paragraphs, one with a list (~3,500 chars)."""
    secties: list[str] = []
    for kop in rng.sample(_KOPPEN, 3):
        alineas = [_alinea(rng, (3, 5)) for _ in range(rng.randint(2, 3))]
        if not secties:
            alineas.insert(1, "\n".join(f"- {punt}" for punt in rng.sample(_OPSOMMING, 4)))
        secties.append(f"### {kop}\n\n" + "\n\n".join(alineas))
    return "\n\n".join(secties) + "\n"


def activiteitstitel(rng: random.Random) -> str:
    return f"{rng.choice(_HANDELINGEN)} {rng.choice(_ONDERWERPEN)}{rng.choice(_PLEKKEN)}"


def activiteitsbeschrijving(rng: random.Random) -> str:
    """Two to four sentences (250-600 chars); one in four adds a short list, as people write them."""
    tekst = _alinea(rng, (2, 4))
    if rng.random() < 0.25:
        tekst += "\n\nDe activiteit omvat:\n\n" + "\n".join(f"- {p}" for p in rng.sample(_OPSOMMING, 3))
    return tekst


@dataclass(frozen=True)
class Planwereld:
    """The demo region Oostelijk Zuid-Limburg with its figures and regiobeeld, and the people who write plans."""

    regio: Regio
    regiobeeld: Regiobeeld
    bewerker: Gebruiker  # Anna: editor at the GP organisation (a contracting party)
    beheerder: Gebruiker  # Bram: board member of the GP organisation, with a regioplan mandate
    lezer: Gebruiker  # Carla: GP, reader
    inkoper: Gebruiker  # Daan: purchaser at the insurer (the other contracting party), with a mandate
    partijen: list[Organisatie]  # who may be responsible for an activity or own a measuring point
    doelen: list[Doel]


def planwereld_laden() -> Planwereld:
    """The demo of `make run` without its plan: regions, parties, personas, mandates, the figures (through the
    product's own import) and the regiobeeld with its challenges."""
    import regiobeeld.demo
    from regio import demo as regio_demo
    from regio.models import Gebruiker, Organisatie, Regio
    from regiobeeld.models import Regiobeeld
    from regioplan import demo as plan_demo
    from regioplan.models import Doel

    regio_demo.demo_laden()
    regiobeeld.demo.demo_laden()
    regio = Regio.objects.get(slug=plan_demo.REGIO_SLUG)
    mensen = {g.email: g for g in Gebruiker.objects.all()}
    namen = [plan_demo.ZORGGROEP, plan_demo.VERZEKERAAR, plan_demo.ZIEKENHUIS, plan_demo.WIJKTEAM]
    per_naam = {o.naam: o for o in Organisatie.objects.filter(naam__in=namen)}
    return Planwereld(
        regio=regio,
        regiobeeld=Regiobeeld.objects.filter(regio=regio).order_by("-jaar").get(),
        bewerker=mensen[plan_demo.ANNA],
        beheerder=mensen[plan_demo.BRAM],
        lezer=mensen[plan_demo.CARLA],
        inkoper=mensen[plan_demo.DAAN],
        partijen=[per_naam[n] for n in namen],
        doelen=list(Doel.objects.filter(actief=True)),
    )


def plan_bouwen(wereld: Planwereld, *, titel: str, activiteiten: int, zaad: int) -> Regioplan:
    """A regioplan written through the services, as both parties would: the four parts (~3,500 characters
    each), the regiobeeld's challenges with an interpretation, and `activiteiten` activities with one to three
    measuring points each. Fixed seed: the same arguments give the same plan."""
    from regioplan import services
    from regioplan.models import Activiteit, Meetpunt, Regioplan

    rng = random.Random(zaad)  # noqa: S311 - benchmark texts, not security
    plan = services.regioplan_aanmaken(
        regio=wereld.regio,
        regiobeeld=wereld.regiobeeld,
        titel=titel,
        startjaar=2026,
        eindjaar=2029,
        acting_user=wereld.bewerker,
    )
    for deel in plan.delen.all():
        door = wereld.inkoper if rng.random() < 0.3 else wereld.bewerker
        services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst=plandeeltekst(rng), acting_user=door)
    uitdagingen: list[PlanUitdaging] = []
    for pu in plan.uitdagingen.order_by("prioriteit", "pk"):
        uitdagingen.append(
            services.planuitdaging_opslaan(
                planuitdaging=pu,
                gelezen_versie=pu.versie,
                duiding=_DUIDING,
                opgenomen=True,
                reden_niet="",
                acting_user=wereld.bewerker,
            )
        )
    zorggroep, verzekeraar = wereld.partijen[0], wereld.partijen[1]
    for _ in range(activiteiten):
        start = (rng.randint(2026, 2028), rng.randint(1, 4))
        eind = max(start, (rng.randint(start[0], 2029), rng.randint(1, 4)))
        activiteit = services.activiteit_opslaan(
            activiteit=Activiteit(
                regioplan=plan,
                titel=activiteitstitel(rng),
                beschrijving=activiteitsbeschrijving(rng),
                doel=rng.choice(wereld.doelen) if wereld.doelen and rng.random() < 0.8 else None,
                verantwoordelijke=rng.choice(wereld.partijen),
                start_jaar=start[0],
                start_kwartaal=start[1],
                eind_jaar=eind[0],
                eind_kwartaal=eind[1],
                prioriteit=rng.choice(Activiteit.Prioriteit.values),
                voortgang=rng.choice(Activiteit.Voortgang.values),
                begroting=Decimal(rng.randint(1, 400) * 1000),
            ),
            uitdagingen=rng.sample(uitdagingen, min(len(uitdagingen), rng.randint(1, 2))),
            gelezen_versie=None,
            acting_user=wereld.bewerker,
        )
        for omschrijving, eenheid, bron in rng.sample(_MEETPUNTEN, rng.randint(1, 3)):
            nul = Decimal(rng.randint(5, 600)) / 2
            services.meetpunt_opslaan(
                meetpunt=Meetpunt(
                    activiteit=activiteit,
                    omschrijving=omschrijving,
                    eenheid=eenheid,
                    nulmeting=nul,
                    nulmeting_datum=dt.date(2025, 12, 31),
                    streefwaarde=(nul * Decimal("1.25")).quantize(Decimal("0.01")),
                    streefdatum=dt.date(eind[0], 12, 31),
                    bron=bron,
                    frequentie=rng.choice(Meetpunt.Frequentie.values),
                    eigenaar=verzekeraar if "Vektis" in bron else zorggroep,
                ),
                gelezen_versie=None,
                acting_user=wereld.bewerker,
            )
    return Regioplan.objects.select_related("regio", "regiobeeld").get(pk=plan.pk)
