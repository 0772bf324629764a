"""Load benchmark: many people at once against gunicorn on PostgreSQL, on loopback, bounded in time.

Run from the repository root (see BENCHMARKS.md); PostgreSQL is required (a throwaway database, name with 'bench'):

    .venv/bin/python bench/last.py --vertrouwen --database-url postgres://postgres@127.0.0.1:5432/regio_bench
    .venv/bin/python bench/last.py --latentie --database-url postgres://postgres@127.0.0.1:5432/regio_bench

It builds the national world of bench/landelijk.py (`--schaal`, 1.0 is national), starts gunicorn as
docker-compose.yml and the Dockerfile do (`config.wsgi`, three sync workers, access log; DEBUG off, production
settings, static files collected first) on 127.0.0.1 with a free port, and lets simulated people work through
HTTP (tests/belasting.py: a thread per person, each with its own session, signing in through the real allauth
form; the second step with the code of the authenticator app for koepel staff):

--vertrouwen  50 people of several regions (readers, and editors of both contracting parties, none with a
              mandate) read the dashboard, their regions, regiobeelden, plans and the contracts of their party,
              and save parts of their region's plan with the version they read, each save with a unique token,
              for `--seconden` (120). Then: 0 errors, 0 lost updates (every accepted save's token is in the part's
              history), 0 cross-region responses (no response shows another region's marker text). A save
              refused with the conflict page is fine and counted (the person then merges and saves again).
--latentie    20 clients ask, in rounds in their own shuffled order, the dashboard, the focus region's regiobeeld,
              the plan with 200 activities, the contract with 100 lines, its monitoring and the region's
              monitoring, next to a trivial Django view and the Django admin's change list of the same 200
              activities (both served by the same gunicorn: bench/bench_instellingen.py, bench/bench_urls.py).

Both print per page p50/p95/max, throughput and errors as Markdown, the peak RSS of every gunicorn worker
(sampled from /proc, and the kernel's high-water mark), and the CPU the clients used (they share the machine).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING

import _gemeen

if str(_gemeen.REPO) not in sys.path:
    sys.path.insert(0, str(_gemeen.REPO))

from tests import belasting

if TYPE_CHECKING:
    from landelijk import Landelijk

BIN = Path(sys.executable).parent
HIER = Path(__file__).resolve().parent
TOTP_SLEUTEL = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the koepel staff of this run (base32)


# -- the server and its memory ------------------------------------------------------------------------


def _cpu_seconden(pid: int) -> float:
    with contextlib.suppress(OSError, IndexError, ValueError):
        velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


@dataclass
class Geheugenmeter:
    """Samples the RSS of gunicorn's workers (the master's children) every `stap` seconds in a thread."""

    master: int
    stap: float = 0.25
    piek_kb: dict[int, int] = field(default_factory=dict)
    hwm_kb: dict[int, int] = field(default_factory=dict)
    cpu_begin: dict[int, float] = field(default_factory=dict)
    cpu_eind: dict[int, float] = field(default_factory=dict)
    belasting_machine: list[float] = field(default_factory=list)  # 1-minute load average, sampled
    _stop: threading.Event = field(default_factory=threading.Event)

    def _meten(self) -> None:
        while not self._stop.is_set():
            self.belasting_machine.append(os.getloadavg()[0])
            for pid in _gemeen.kinderen(self.master):
                self.piek_kb[pid] = max(self.piek_kb.get(pid, 0), _gemeen.status_kb(pid, "VmRSS"))
                self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), _gemeen.status_kb(pid, "VmHWM"))
            self._stop.wait(self.stap)

    def cpu_vanaf_nu(self) -> None:
        """Count the workers' CPU from now (the moment everyone has signed in)."""
        self.cpu_begin = {pid: _cpu_seconden(pid) for pid in _gemeen.kinderen(self.master)}

    @contextlib.contextmanager
    def meten(self) -> Iterator[None]:
        self.cpu_vanaf_nu()
        draad = threading.Thread(target=self._meten, daemon=True)
        draad.start()
        try:
            yield
        finally:
            self.cpu_eind = {pid: _cpu_seconden(pid) for pid in _gemeen.kinderen(self.master)}
            self._stop.set()
            draad.join()

    def server_cpu(self) -> float:
        return sum(self.cpu_eind.get(pid, 0.0) - begin for pid, begin in self.cpu_begin.items())


def server_env(settings: str, redis_url: str | None) -> dict[str, str]:
    """This process's environment (the throwaway database, the folder, the secret key that encrypted the
    authenticator keys) with production settings, DEBUG off, and one trusted proxy: each simulated person sends
    their own address, as behind docker-compose's TLS proxy, so sign-in rate limits count per person."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        PYTHONPATH=f"{_gemeen.REPO}{os.pathsep}{HIER}",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TRUSTED_PROXY_COUNT="1",
        LOG_LEVEL="WARNING",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log: Path, workers: int, *extra: str) -> Iterator[tuple[int, int]]:
    """gunicorn on a free loopback port; yields (port, master pid) once it answers."""
    import socket

    subprocess.run(  # noqa: S603 - our own manage.py
        [str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0"], env=env, cwd=_gemeen.REPO, check=True
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = int(s.getsockname()[1])
    with log.open("wb") as uit:
        p = subprocess.Popen(  # noqa: S603 - our own gunicorn
            belasting.gunicorn_args(BIN, poort, *extra, workers=workers),
            env=env,
            cwd=_gemeen.REPO,
            stdout=uit,
            stderr=subprocess.STDOUT,
        )
        try:
            sessie = belasting.Sessie("127.0.0.1", poort)
            einde = time.monotonic() + 60
            while sessie.ophalen("/gezondheid/").status != 200:
                if time.monotonic() > einde or p.poll() is not None:
                    raise SystemExit(f"gunicorn start niet:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
            # Every worker has answered once (imports done), so the run measures pages, not start-up.
            for _ in range(workers * 4):
                sessie.ophalen("/gezondheid/")
            yield poort, p.pid
        finally:
            p.terminate()
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


@contextlib.contextmanager
def relais(env: dict[str, str], werkmap: Path, aan: bool) -> Iterator[None]:
    """With `aan`: what runs next to the web server in production (docker-compose.yml): a Celery worker and beat,
    so the periodic relay tasks (the worker's heartbeat, the relays of PDFs, imports and e-mails) write to the
    database during the run, as they do every minute in production."""
    if not aan:
        yield
        return
    celery = [str(BIN / "celery"), "-A", "config"]
    processen = []
    with (werkmap / "celery.log").open("ab") as uit:
        for args in (
            ["worker", "--pool=solo", "--without-gossip", "--without-mingle", "-l", "warning"],
            ["beat", "-l", "warning", "--schedule", str(werkmap / "celerybeat-schedule")],
        ):
            processen.append(
                subprocess.Popen(  # noqa: S603 - our own celery
                    celery + args, env=env, cwd=_gemeen.REPO, stdout=uit, stderr=subprocess.STDOUT
                )
            )
    try:
        yield
    finally:
        for p in processen:
            p.terminate()
        for p in processen:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def relaisrapport(werkmap: Path, aan: bool, sinds: float) -> None:
    """What the relay tasks wrote during the run (the worker's heartbeat rows)."""
    if not aan:
        return
    import datetime as dt

    from django.utils import timezone

    from regio.models import WerkerHartslag

    begin = timezone.now() - dt.timedelta(seconds=time.monotonic() - sinds)
    rijen = WerkerHartslag.objects.filter(laatst_gezien__gte=begin).count()
    print(
        f"\nRelaistaken (Celery worker en beat) draaiden mee: {rijen} worker(s) met een hartslag tijdens de run "
        "(de periodieke taken schreven in de database)."
    )


# The access log with what the server itself measured: %(D)s is the time in the worker, from the parsed request
# to the last byte written (microseconds), without the time the request waited for a free worker.
LOGFORMAAT = "BENCH %(m)s %(U)s?%(q)s %(s)s %(D)s"


def servertijden(log: Path, van: int, tot: int, paginas: list[belasting.Pagina]) -> dict[str, list[float]]:
    """Per page, the worker's seconds of the requests logged between byte offsets `van` and `tot` of the log."""
    per_pad = {p.pad: p.naam for p in paginas}
    tijden: dict[str, list[float]] = {p.naam: [] for p in paginas}
    with log.open("rb") as f:
        f.seek(van)
        tekst = f.read(max(0, tot - van)).decode(errors="replace")
    for regel in tekst.splitlines():
        delen = regel.split()
        if len(delen) == 5 and delen[0] == "BENCH" and delen[1] == "GET":
            pad = delen[2].removesuffix("?")
            if pad in per_pad:
                tijden[per_pad[pad]].append(int(delen[4]) / 1e6)
    return tijden


# -- the world and its people -----------------------------------------------------------------------------


def wachtwoorden_voor_productie(wereld: Landelijk, emails: list[str]) -> None:
    """The world's shared hash uses the parent's first hasher (MD5 under the test settings); the server runs the
    production settings, so the people who sign in get the production hasher's hash (made once, shared)."""
    from django.contrib.auth.hashers import make_password

    from regio.models import Gebruiker

    Gebruiker.objects.filter(email__in=emails).update(password=make_password(wereld.wachtwoord, hasher="pbkdf2_sha256"))


def koepelmedewerkers(aantal: int, wachtwoord: str) -> list[str]:
    """Koepel staff for the admin's change list: superusers with an authenticator app (they must have one)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.contrib.auth.hashers import make_password

    from regio.models import Gebruiker

    hash_ = make_password(wachtwoord, hasher="pbkdf2_sha256")
    emails = []
    for i in range(aantal):
        g = Gebruiker.objects.create(
            email=f"bench-koepel-{i}@koepel.test", naam=f"Bench Koepel {i}", is_staff=True, is_superuser=True
        )
        g.password = hash_
        g.save(update_fields=["password"])
        Authenticator.objects.create(user=g, type=Authenticator.Type.TOTP, data={"secret": encrypt(TOTP_SLEUTEL)})
        emails.append(g.email)
    return emails


def _code() -> str:
    from regio.tweestaps import totp_code

    return totp_code(TOTP_SLEUTEL)


def mensen_kiezen(wereld: Landelijk, aantal: int, regios: int, bewerkers_aandeel: float = 0.6) -> list[str]:
    """`aantal` people of the focus region and the next `regios - 1` regions: few regions, so that several editors
    work on the same plan at once. About a fifth are people of the insurers that are a party there (each insurer
    takes part in several regions); the rest the GP organisations' and practices' people of each region, taken
    region by region in turn; `bewerkers_aandeel` of all of them editors. Nobody with a mandate (they would need
    the second step at sign-in; the latency run covers that)."""
    from regio.models import Deelname, Lidmaatschap, Mandaat, Rol

    gekozen_regios = [wereld.focus_regio_pk] + [r for r in sorted(wereld.regio_pks) if r != wereld.focus_regio_pk]
    gekozen_regios = gekozen_regios[:regios]

    def om_de_beurt(per_regio: dict[int, list[str]]) -> list[str]:
        rijen = zip_longest(*(per_regio.get(r, []) for r in gekozen_regios))
        return [e for rij in rijen for e in rij if e]

    verzekeraars = Deelname.objects.filter(
        regio_id__in=gekozen_regios,
        rol=Deelname.DeelnameRol.CONTRACTPARTIJ,
        organisatie__soort__code="zorgverzekeraar",
    ).values("organisatie_id")
    leden = (
        Lidmaatschap.objects.filter(organisatie_id__in=verzekeraars)
        .exclude(gebruiker_id__in=Mandaat.objects.values("gebruiker_id"))
        .order_by("organisatie_id", "pk")
        .values_list("gebruiker__email", "rol")
    )
    n_verzekeraar = aantal // 5
    inkopers = [e for e, rol in leden if rol == Rol.BEWERKER][: round(n_verzekeraar * bewerkers_aandeel)]
    verzekeraar = inkopers + [e for e, rol in leden if rol == Rol.LEZER][: n_verzekeraar - len(inkopers)]
    rest = aantal - len(verzekeraar)
    bewerkers = om_de_beurt(wereld.bewerkers)[: round(rest * bewerkers_aandeel)]
    return list(dict.fromkeys(verzekeraar + bewerkers + om_de_beurt(wereld.lezers)))[:aantal]


# -- report ---------------------------------------------------------------------------------------------------


def _ms(s: float) -> str:
    return f"{s * 1000:.0f}"


def paginatabel(uit: belasting.Uitkomst, volgorde: list[str] | None = None) -> dict[str, float]:
    """Print the per-page table; return each page's p95 (seconds)."""
    groepen = uit.per_pagina()
    fouten: dict[str, int] = {}
    for f in uit.fouten:
        fouten[f.pagina] = fouten.get(f.pagina, 0) + 1
    print("| pagina | verzoeken | p50 ms | p95 ms | max ms | per seconde | fouten |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    p95: dict[str, float] = {}
    for naam in volgorde or sorted(groepen):
        tijden = sorted(m.seconden for m in groepen.get(naam, []))
        if not tijden:
            continue
        p95[naam] = _gemeen.percentiel(tijden, 95)
        print(
            f"| {naam} | {len(tijden)} | {_ms(_gemeen.percentiel(tijden, 50))} | {_ms(p95[naam])} | "
            f"{_ms(tijden[-1])} | {len(tijden) / uit.duur:.1f} | {fouten.get(naam, 0)} |"
        )
    alle = sorted(m.seconden for m in uit.metingen)
    if alle:
        print(
            f"| **alles** | {len(alle)} | {_ms(_gemeen.percentiel(alle, 50))} | "
            f"{_ms(_gemeen.percentiel(alle, 95))} | {_ms(alle[-1])} | {len(alle) / uit.duur:.1f} | {len(uit.fouten)} |"
        )
    return p95


def geheugentabel(meter: Geheugenmeter, uit: belasting.Uitkomst) -> None:
    print("\n| gunicorn-worker | piek RSS (bemonsterd) MB | piek RSS (kernel, VmHWM) MB |")
    print("| --- | ---: | ---: |")
    for n, pid in enumerate(sorted(meter.piek_kb), start=1):
        print(f"| worker {n} (pid {pid}) | {meter.piek_kb[pid] / 1024:.0f} | {meter.hwm_kb.get(pid, 0) / 1024:.0f} |")
    print(
        f"\nCPU tijdens de run ({uit.duur:.0f} s, na het inloggen): gunicorn-workers {meter.server_cpu():.0f} s, "
        f"clients (deze Python, alle draden) {uit.client_cpu:.1f} s; de machine heeft {os.cpu_count()} kernen."
    )
    if meter.belasting_machine:
        b = meter.belasting_machine
        print(
            f"Belasting van de machine (load average, 1 min) tijdens de run: {min(b):.1f} tot {max(b):.1f}, "
            f"gemiddeld {sum(b) / len(b):.1f} (andere processen op de machine tellen mee)."
        )


def _fouten_tonen(uit: belasting.Uitkomst, log: Path) -> None:
    for soort, lijst in (("Fout", uit.fouten), ("Andere regio", uit.andere_regio)):
        for f in lijst[:10]:
            print(f"- {soort}: {f.wie} {f.pagina} {f.pad} -> {f.status}: {f.uitleg[:200]!r}")
    for regel in uit.inlogfouten[:10]:
        print(f"- Inloggen: {regel}")
    if uit.fouten:
        staart = log.read_text(errors="replace").splitlines()
        print("\nLaatste regels van de gunicorn-log met 'Error' of 'Traceback':")
        for regel in [r for r in staart if "Error" in r or "Traceback" in r][-10:]:
            print(f"    {regel}")


# -- the two runs -----------------------------------------------------------------------------------------------


def vertrouwen(args: argparse.Namespace, wereld: Landelijk, werkmap: Path) -> int:
    emails = mensen_kiezen(wereld, args.mensen, args.regios)
    personen = belasting.personen_uit_database(emails)
    wachtwoorden_voor_productie(wereld, emails)
    bewerkers = sum(1 for p in personen if p.bewerkpaden)
    meer = sum(1 for p in personen if len(p.regio_pks) > 1)
    regios = len({r for p in personen for r in p.regio_pks})
    print(
        f"\n{len(personen)} mensen ({bewerkers} met te bewerken plandelen, {meer} in meer dan één regio) "
        f"uit {regios} regio's; {args.seconden:.0f} s; denktijd {args.denktijd[0]}-{args.denktijd[1]} s; "
        f"{args.workers} sync workers.\n",
        flush=True,
    )
    opdracht = belasting.Vertrouwensopdracht(
        personen=personen,
        merktekst=wereld.merktekst,
        wachtwoord=wereld.wachtwoord,
        seconden=args.seconden,
        denktijd=tuple(args.denktijd),
    )
    log = werkmap / "gunicorn.log"
    with gunicorn(server_env("config.settings", args.redis_url), log, args.workers) as (poort, master):
        meter = Geheugenmeter(master)
        with meter.meten():
            uit = belasting.vertrouwen(opdracht, "127.0.0.1", poort, inlogtijd=120, bij_start=meter.cpu_vanaf_nu)
    verloren = belasting.verloren_opslagen(uit.geaccepteerd)

    paginatabel(uit)
    geheugentabel(meter, uit)
    print("\n| controle | aantal |")
    print("| --- | ---: |")
    print(f"| inlogfouten | {len(uit.inlogfouten)} |")
    print(f"| pagina's gelezen (200) | {uit.lezingen()} |")
    print(f"| opslagen aanvaard | {len(uit.geaccepteerd)} |")
    print(f"| opslagen geweigerd met de conflictpagina | {len(uit.conflicten)} |")
    print(f"| **fouten** (5xx, onverwachte status, geen antwoord) | **{len(uit.fouten)}** |")
    print(f"| **verloren opslagen** (aanvaard, niet in de historie) | **{len(verloren)}** |")
    print(f"| **antwoorden met de merktekst van een andere regio** | **{len(uit.andere_regio)}** |")
    print(f"| ter controle: antwoorden met de merktekst van de eigen regio | {len(uit.eigen_merk)} |")
    _fouten_tonen(uit, log)
    for o in verloren[:10]:
        print(f"- Verloren: {o.wie} {o.pad} {o.token}")
    goed = not (uit.fouten or verloren or uit.andere_regio or uit.inlogfouten) and uit.geaccepteerd
    print(f"\nOordeel: {'gehaald' if goed else 'NIET gehaald'}")
    return 0 if goed else 1


def latentie(args: argparse.Namespace, wereld: Landelijk, werkmap: Path) -> int:
    from django.urls import reverse

    from contracten.models import Contract
    from regio.models import Regio
    from regiobeeld.models import Regiobeeld
    from regioplan.models import Activiteit

    regio = Regio.objects.get(pk=wereld.focus_regio_pk)
    contract = Contract.objects.get(pk=wereld.contract_pk)
    rb = Regiobeeld.objects.filter(regio=regio).order_by("-jaar").first()
    if rb is None:
        raise SystemExit("De focusregio heeft geen regiobeeld.")
    activiteiten = Activiteit.objects.filter(regioplan_id=wereld.plan_pk).count()
    regels = contract.afspraken.count()
    paginas = [
        belasting.Pagina("kaal (triviale view)", "/bench/kaal/"),
        belasting.Pagina("dashboard (mijn regio's)", reverse("regio:mijn_regios")),
        belasting.Pagina("regiobeeld", reverse("regiobeeld:detail", args=[regio.slug, rb.jaar])),
        belasting.Pagina(
            f"regioplan ({activiteiten} activiteiten)", reverse("regioplan:detail", args=[regio.slug, wereld.plan_pk])
        ),
        belasting.Pagina(
            f"beheer: wijzigingslijst ({activiteiten} activiteiten)",
            f"/bench/beheer/regioplan/activiteit/?regioplan__id__exact={wereld.plan_pk}",
            "beheer",
        ),
        belasting.Pagina(f"contract ({regels} regels)", reverse("contracten:detail", args=[regio.slug, contract.pk])),
        belasting.Pagina(
            "monitoring (contract)", reverse("contracten:monitoring_contract", args=[regio.slug, contract.pk])
        ),
        belasting.Pagina("monitoring (regio)", reverse("contracten:monitoring", args=[regio.slug])),
    ]
    # One more than there are clients: the check before the clock signs in with its own (a code works once).
    koepel = koepelmedewerkers(args.clients + 1, wereld.wachtwoord)
    lezers = wereld.contractlezers
    wachtwoorden_voor_productie(wereld, lezers)
    clients = [{"product": (lezers[i % len(lezers)], None), "beheer": (koepel[i], _code)} for i in range(args.clients)]
    opdracht = belasting.Latentieopdracht(
        paginas=paginas, clients=clients, wachtwoord=wereld.wachtwoord, seconden=args.seconden
    )
    log = werkmap / "gunicorn.log"
    env = server_env("bench_instellingen", args.redis_url)
    relais_begin = time.monotonic()
    with (
        relais(server_env("config.settings", args.redis_url), werkmap, args.relais),
        gunicorn(env, log, args.workers, "--access-logformat", LOGFORMAAT) as (poort, master),
    ):
        # Once, before the clock: every page opens, and the admin really lists the plan's activities.
        proef = belasting.Sessie("127.0.0.1", poort)
        proef.inloggen(koepel[-1], wereld.wachtwoord, _code)
        lijst = proef.ophalen(paginas[4].pad)
        rijen = lijst.body.count('<td class="field-prioriteit">')
        proef_product = belasting.Sessie("127.0.0.1", poort, adres="10.99.0.1")
        proef_product.inloggen(lezers[0], wereld.wachtwoord)
        print(f"\n{args.clients} clients; {args.seconden:.0f} s; {args.workers} sync workers; paginagrootte:")
        for p in paginas:
            a = lijst if p.sessie == "beheer" else proef_product.ophalen(p.pad)
            print(f"- {p.naam}: {a.status}, {len(a.body.encode()) / 1024:.0f} kB")
        print(f"- de wijzigingslijst toont {rijen} rijen", flush=True)
        meter = Geheugenmeter(master)
        logbegin: list[int] = []

        def bij_start() -> None:
            meter.cpu_vanaf_nu()
            logbegin.append(log.stat().st_size)

        with meter.meten():
            uit = belasting.latentie(opdracht, "127.0.0.1", poort, inlogtijd=300, bij_start=bij_start)
        time.sleep(0.5)  # the access log of the last requests
        logeinde = log.stat().st_size

    print("\nBij de client (van verbinden tot de laatste byte; met de wachttijd op een vrije worker):\n")
    p95 = paginatabel(uit, [p.naam for p in paginas])
    print("\nIn de worker (gunicorn's %(D)s uit de access-log: zonder de wachttijd op een vrije worker):\n")
    server = servertijden(log, logbegin[0] if logbegin else 0, logeinde, paginas)
    print("| pagina | verzoeken | p50 ms | p95 ms | max ms | aandeel in de workertijd |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    server_p95: dict[str, float] = {}
    totaal = sum(sum(t) for t in server.values()) or 1.0
    for naam, tijden in server.items():
        tijden.sort()
        if tijden:
            server_p95[naam] = _gemeen.percentiel(tijden, 95)
            print(
                f"| {naam} | {len(tijden)} | {_ms(_gemeen.percentiel(tijden, 50))} | {_ms(server_p95[naam])} | "
                f"{_ms(tijden[-1])} | {sum(tijden) / totaal:.0%} |"
            )
    geheugentabel(meter, uit)
    namen = (paginas[3].naam, paginas[4].naam, paginas[1].naam, paginas[0].naam)
    plan, beheer, dash, kaal = (p95.get(n, 0.0) for n in namen)
    s_plan, s_beheer, s_dash, s_kaal = (server_p95.get(n, 0.0) for n in namen)
    print("\n| verhouding (p95) | bij de client | in de worker | doel |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| regioplan / wijzigingslijst (admin) | {plan / beheer:.2f}x | {s_plan / s_beheer:.2f}x | hoogstens 1,0x |")
    print(f"| dashboard / triviale view | {dash / kaal:.2f}x | {s_dash / s_kaal:.2f}x | hoogstens 2x |")
    piek = max(meter.hwm_kb.values(), default=0) / 1024
    print(f"| piek RSS van een worker (geen verhouding) | {piek:.0f} MB | {piek:.0f} MB | onder 250 MB |")
    relaisrapport(werkmap, args.relais, relais_begin)
    _fouten_tonen(uit, log)
    return 0 if not uit.fouten and not uit.inlogfouten else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vertrouwen", action="store_true", help="50 mensen lezen en bewerken (issue 7)")
    parser.add_argument("--latentie", action="store_true", help="20 clients, latentie per pagina (issue 8)")
    parser.add_argument(
        "--database-url", required=True, help="PostgreSQL-URL van een wegwerpdatabase (naam met 'bench')"
    )
    parser.add_argument("--redis-url", help="gedeelde cache zoals in productie (standaard: cache per worker)")
    parser.add_argument(
        "--relais",
        action="store_true",
        help="--latentie: een Celery worker en beat draaien mee (de periodieke relaistaken); vraagt --redis-url",
    )
    parser.add_argument("--schaal", type=float, default=1.0, help="grootte van de wereld; 1.0 is landelijk")
    parser.add_argument("--seconden", type=float, default=120, help="duur van elke run")
    parser.add_argument("--mensen", type=int, default=50, help="--vertrouwen: gesimuleerde mensen")
    parser.add_argument("--clients", type=int, default=20, help="--latentie: gelijktijdige clients")
    parser.add_argument("--regios", type=int, default=4, help="--vertrouwen: uit hoeveel regio's de mensen komen")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (productie: 3)")
    parser.add_argument(
        "--denktijd",
        type=float,
        nargs=2,
        default=(1.0, 5.0),
        metavar=("MIN", "MAX"),
        help="--vertrouwen: seconden tussen twee handelingen van een persoon (gelijkmatig verdeeld)",
    )
    parser.add_argument("--zaad", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.relais and not args.redis_url:
        parser.error("--relais vraagt --redis-url (de broker van de worker)")
    if not (args.vertrouwen or args.latentie):
        parser.error("kies --vertrouwen, --latentie of beide (dan op dezelfde wereld, na elkaar)")

    with _gemeen.wegwerpomgeving(args.database_url) as werkmap:
        import landelijk

        database = _gemeen.database_beschrijving()
        begin = time.perf_counter()
        wereld = landelijk.opbouwen(schaal=args.schaal, zaad=args.zaad, log=lambda s: print(s, flush=True))
        print(f"Wereld opgebouwd in {time.perf_counter() - begin:.0f} s (schaal {args.schaal}).")
        print(_gemeen.machine(database))
        uitkomst = 0
        if args.vertrouwen:
            uitkomst |= vertrouwen(args, wereld, werkmap)
        if args.latentie:
            uitkomst |= latentie(args, wereld, werkmap)
        return uitkomst


if __name__ == "__main__":
    sys.exit(main())
