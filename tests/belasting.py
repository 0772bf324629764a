"""The load driver: simulated people signing in and working through HTTP against a real server (gunicorn).

Shared by the shortened run in CI (tests/test_belasting.py) and the full runs of bench/last.py; it needs no
Django itself (only `verloren_opslagen` reads the database of the process that calls it). Each simulated person
is a thread with its own session (cookies, CSRF token from the form) that signs in through the real allauth
form, with the code of their authenticator app when they have one. Loopback only, bounded in time.

Two ways of working:

- `vertrouwen`: people of several regions read pages and save parts of their region's plan with the version
  they read. It records every response that is not what the page should give (an error), every response that
  shows another region's marker text (a cross-region response), every save the server accepted with the unique
  token it wrote, and every save refused with the conflict page (fine: counted, then merged and saved again, as
  a person would). `verloren_opslagen` then checks each accepted token against the part's history.
- `latentie`: a fixed set of pages, each client asking all of them once per round in its own shuffled order, so
  that noise on the machine hits every page alike.
"""

from __future__ import annotations

import html
import http.client
import random
import re
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

CONFLICTTEKST = "Iemand anders heeft dit deel intussen opgeslagen"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSIE = re.compile(r'<input[^>]*name="versie"[^>]*>')
_WAARDE = re.compile(r'value="(\d+)"')
_DEEL = re.compile(r"/regioplan/(\d+)/deel/([\w-]+)/")
_TEKSTVAK = re.compile(r'<textarea[^>]*name="tekst"[^>]*>(.*?)</textarea>', re.DOTALL)
_BEWERKING = re.compile(r"^Laatste bewerking: .*$\n?", re.MULTILINE)
_INVOER = re.compile(r"<input\b[^>]*>")
_ATTRIBUUT = re.compile(r'(\w[\w-]*)="([^"]*)"')


class Inlogfout(Exception):
    """Signing in did not end on a page of the product."""


@dataclass(frozen=True)
class Antwoord:
    status: int
    body: str
    locatie: str
    seconden: float


class Sessie:
    """One browser: its own cookies, one request at a time, no redirects followed unless asked.

    A new connection per request: gunicorn's sync workers close it after each response anyway.
    """

    def __init__(self, host: str, poort: int, *, adres: str | None = None, timeout: float = 60) -> None:
        self.host, self.poort, self.timeout = host, poort, timeout
        # With TRUSTED_PROXY_COUNT=1 the server takes this as the client's address (each person their own,
        # as behind the TLS proxy of docker-compose): allauth's sign-in rate limit counts per address.
        self.adres = adres
        self.koekjes: dict[str, str] = {}

    def verzoek(self, methode: str, pad: str, velden: dict[str, str] | None = None) -> Antwoord:
        kop = {"Host": f"{self.host}:{self.poort}", "Accept-Language": "nl"}
        if self.koekjes:
            kop["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.koekjes.items())
        if self.adres:
            kop["X-Forwarded-For"] = self.adres
        body = None
        if velden is not None:
            body = urlencode(velden).encode()
            kop["Content-Type"] = "application/x-www-form-urlencoded"
        verbinding = http.client.HTTPConnection(self.host, self.poort, timeout=self.timeout)
        begin = time.perf_counter()
        try:
            verbinding.request(methode, pad, body=body, headers=kop)
            r = verbinding.getresponse()
            inhoud = r.read()
            duur = time.perf_counter() - begin
            for regel in r.headers.get_all("Set-Cookie") or []:
                koekje: SimpleCookie = SimpleCookie()
                koekje.load(regel)
                for naam, morsel in koekje.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.koekjes.pop(naam, None)
                    else:
                        self.koekjes[naam] = morsel.value
            return Antwoord(r.status, inhoud.decode("utf-8", "replace"), r.getheader("Location") or "", duur)
        except OSError as fout:
            return Antwoord(0, f"{type(fout).__name__}: {fout}", "", time.perf_counter() - begin)
        finally:
            verbinding.close()

    def ophalen(self, pad: str) -> Antwoord:
        return self.verzoek("GET", pad)

    def formulier(self, pad: str, velden: dict[str, str], html_: str) -> Antwoord:
        """POST the form on `pad` (whose page is `html_`) with its CSRF token."""
        return self.verzoek("POST", pad, {"csrfmiddlewaretoken": csrf_token(html_), **velden})

    def inloggen(self, email: str, wachtwoord: str, code: Callable[[], str] | None = None) -> None:
        pagina = self.ophalen("/account/login/")
        if pagina.status != 200:
            raise Inlogfout(f"{email}: aanmeldpagina gaf {pagina.status}")
        stap = self.formulier("/account/login/", {"login": email, "password": wachtwoord}, pagina.body)
        if stap.status == 302 and "/2fa/authenticate" in stap.locatie:
            if code is None:
                raise Inlogfout(f"{email}: vraagt een tweede stap en er is geen code")
            pad = urlsplit(stap.locatie).path
            tweede = self.ophalen(pad)
            stap = self.formulier(pad, {"code": code()}, tweede.body)
        if stap.status != 302 or "/account/" in stap.locatie:
            raise Inlogfout(f"{email}: aanmelden gaf {stap.status} naar {stap.locatie!r}")


def csrf_token(html_: str) -> str:
    gevonden = _CSRF.search(html_)
    return gevonden.group(1) if gevonden else ""


def tekst_uit(html_: str) -> str:
    """The text in the form's text field, as a browser shows it (HTML unescaped, the first newline dropped)."""
    veld = _TEKSTVAK.search(html_)
    if veld is None:
        return ""
    tekst = html.unescape(veld.group(1))
    return tekst[1:] if tekst.startswith("\n") else tekst


def eigen_keuzes(html_: str) -> dict[str, str]:
    """The conflict form as a person posts it who keeps their own version of every overlapping passage: its hidden
    fields (versions, their whole text) and "mijn" for each passage's choice."""
    velden: dict[str, str] = {}
    for invoer in _INVOER.findall(html_):
        attributen = {k: html.unescape(v) for k, v in _ATTRIBUUT.findall(invoer)}
        naam, soort = attributen.get("name", ""), attributen.get("type", "")
        if naam and naam != "csrfmiddlewaretoken" and soort == "hidden":
            velden[naam] = attributen.get("value", "")
        elif naam and soort == "radio":
            velden[naam] = "mijn"
    return velden


def bewerkt(tekst: str, wie: str, token: str) -> str:
    """The text as a person leaves it: what was there (the region's marker included), with one line of theirs
    (the token) instead of the previous person's, so the text does not grow with every save."""
    return _BEWERKING.sub("", tekst).rstrip("\n") + f"\nLaatste bewerking: {wie} ({token}).\n"


def versie_uit(html_: str) -> str | None:
    veld = _VERSIE.search(html_)
    waarde = _WAARDE.search(veld.group(0)) if veld else None
    return waarde.group(1) if waarde else None


def gunicorn_args(bin_map: Path, poort: int, *extra: str, workers: int = 3) -> list[str]:
    """The web command of docker-compose.yml and the Dockerfile (three sync workers, access log), on loopback."""
    return [
        str(bin_map / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{poort}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        *extra,
    ]


# -- what was measured --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Meting:
    pagina: str
    status: int
    seconden: float
    moment: float


@dataclass(frozen=True)
class Fout:
    wie: str
    pagina: str
    pad: str
    status: int
    uitleg: str


@dataclass(frozen=True)
class Opslag:
    wie: str
    pad: str
    token: str


@dataclass
class Uitkomst:
    """Everything the clients saw; lists are appended from many threads (list.append is atomic)."""

    metingen: list[Meting] = field(default_factory=list)
    fouten: list[Fout] = field(default_factory=list)
    andere_regio: list[Fout] = field(default_factory=list)
    eigen_merk: list[str] = field(default_factory=list)  # pages that showed the person's own region's marker
    geaccepteerd: list[Opslag] = field(default_factory=list)
    conflicten: list[Opslag] = field(default_factory=list)
    inlogfouten: list[str] = field(default_factory=list)
    begin: float = 0.0
    einde: float = 0.0
    client_cpu: float = 0.0

    @property
    def duur(self) -> float:
        return max(self.einde - self.begin, 1e-9)

    def per_pagina(self) -> dict[str, list[Meting]]:
        groepen: dict[str, list[Meting]] = defaultdict(list)
        for m in self.metingen:
            groepen[m.pagina].append(m)
        return dict(groepen)

    def lezingen(self) -> int:
        return sum(1 for m in self.metingen if m.status == 200 and not m.pagina.startswith("opslaan"))


# -- the people ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persoon:
    """A simulated person: who, which regions they belong to, what they read and which parts they may save."""

    email: str
    regio_pks: frozenset[int]
    leespaden: tuple[tuple[str, str], ...]  # (page name, path)
    bewerkpaden: tuple[str, ...] = ()  # paths of the edit form of a plan part
    totp: Callable[[], str] | None = None


@dataclass(frozen=True)
class Vertrouwensopdracht:
    personen: Sequence[Persoon]
    merktekst: dict[int, str]  # region pk -> a text only that region's pages show
    wachtwoord: str
    seconden: float
    bewerkkans: float = 0.3
    denktijd: tuple[float, float] = (0.0, 0.5)
    zaad: int = 2026


def _adres(i: int) -> str:
    return f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256 + 1}"


def _andere_regio(
    opdracht: Vertrouwensopdracht, persoon: Persoon, pagina: str, pad: str, a: Antwoord, uit: Uitkomst
) -> Fout | None:
    """The response as a cross-region finding if it shows another region's marker text. Responses showing the
    person's own region's marker are counted too: they show the check looks where the markers are."""
    gevonden: Fout | None = None
    for regio_pk, merk in opdracht.merktekst.items():
        if merk in a.body:
            if regio_pk in persoon.regio_pks:
                uit.eigen_merk.append(pagina)
            elif gevonden is None:
                gevonden = Fout(persoon.email, pagina, pad, a.status, f"toont de merktekst van regio {regio_pk}")
    return gevonden


def _opslaan(
    sessie: Sessie, persoon: Persoon, pad: str, opdracht: Vertrouwensopdracht, uit: Uitkomst, rng: random.Random
) -> None:
    def bekijk(pagina: str, a: Antwoord, verwacht: set[int]) -> bool:
        uit.metingen.append(Meting(pagina, a.status, a.seconden, time.monotonic()))
        if (fout := _andere_regio(opdracht, persoon, pagina, pad, a, uit)) is not None:
            uit.andere_regio.append(fout)
        if a.status not in verwacht:
            uit.fouten.append(Fout(persoon.email, pagina, pad, a.status, a.body[:300]))
            return False
        return True

    formulier = sessie.ophalen(pad)
    if not bekijk("deel bewerken", formulier, {200}):
        return
    versie = versie_uit(formulier.body)
    if versie is None:
        uit.fouten.append(Fout(persoon.email, "deel bewerken", pad, formulier.status, "geen versie in het formulier"))
        return
    time.sleep(rng.uniform(*opdracht.denktijd))  # typing
    token = f"LAST-{uuid.uuid4().hex}"
    tekst = bewerkt(tekst_uit(formulier.body), persoon.email, token)
    poging = sessie.formulier(pad, {"tekst": tekst, "versie": versie}, formulier.body)
    if not bekijk("opslaan", poging, {302, 409}):
        return
    if poging.status == 409:
        if CONFLICTTEKST not in poging.body:
            uit.fouten.append(Fout(persoon.email, "opslaan", pad, 409, "409 zonder de conflictpagina"))
            return
        uit.conflicten.append(Opslag(persoon.email, pad, token))
        # As a person would: keep their own line in the passage both changed (the rest is merged already) and
        # save again with the version the page now shows.
        if versie_uit(poging.body) is None:
            uit.fouten.append(Fout(persoon.email, "opslaan", pad, 409, "conflictpagina zonder versie"))
            return
        poging = sessie.formulier(pad, eigen_keuzes(poging.body), poging.body)
        if not bekijk("opslaan na conflict", poging, {302, 409}):
            return
        if poging.status == 409:
            uit.conflicten.append(Opslag(persoon.email, pad, token))
            return
    uit.geaccepteerd.append(Opslag(persoon.email, pad, token))


def _werken(
    nummer: int,
    persoon: Persoon,
    opdracht: Vertrouwensopdracht,
    basis: tuple[str, int],
    uit: Uitkomst,
    samen: Callable[[], None],
) -> None:
    rng = random.Random(opdracht.zaad * 1000 + nummer)  # noqa: S311 - a load pattern, not security
    sessie = Sessie(*basis, adres=_adres(nummer))
    try:
        sessie.inloggen(persoon.email, opdracht.wachtwoord, persoon.totp)
    except Inlogfout as fout:
        uit.inlogfouten.append(str(fout))
        return
    finally:
        samen()
    einde = uit.begin + opdracht.seconden
    while time.monotonic() < einde:
        if persoon.bewerkpaden and rng.random() < opdracht.bewerkkans:
            _opslaan(sessie, persoon, rng.choice(persoon.bewerkpaden), opdracht, uit, rng)
        else:
            pagina, pad = rng.choice(persoon.leespaden)
            a = sessie.ophalen(pad)
            uit.metingen.append(Meting(pagina, a.status, a.seconden, time.monotonic()))
            if a.status != 200:
                uit.fouten.append(Fout(persoon.email, pagina, pad, a.status, a.body[:300]))
            if (anders := _andere_regio(opdracht, persoon, pagina, pad, a, uit)) is not None:
                uit.andere_regio.append(anders)
        time.sleep(min(rng.uniform(*opdracht.denktijd), max(0.0, einde - time.monotonic())))


def _draaien(
    doelen: list[Callable[[Callable[[], None]], None]],
    inlogtijd: float,
    uit: Uitkomst,
    bij_start: Callable[[], None] | None,
) -> None:
    """A thread per target: each signs in, then calls `samen()`; all start working at the same moment, when
    everyone has signed in (or `inlogtijd` has passed: whoever is late starts late). `bij_start` is called at
    that moment (to start measuring the server there, not during the sign-ins)."""

    def beginnen() -> None:
        uit.begin = time.monotonic()
        uit.client_cpu = -time.process_time()
        if bij_start is not None:
            bij_start()

    klaar = threading.Barrier(len(doelen), action=beginnen)

    def samen() -> None:
        try:
            klaar.wait(timeout=inlogtijd)
        except threading.BrokenBarrierError:
            with slot:
                if not uit.begin:
                    beginnen()

    slot = threading.Lock()
    draden = [threading.Thread(target=doel, args=(samen,), daemon=True) for doel in doelen]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    uit.einde = time.monotonic()
    uit.client_cpu += time.process_time()


def vertrouwen(
    opdracht: Vertrouwensopdracht,
    host: str,
    poort: int,
    *,
    inlogtijd: float = 30,
    bij_start: Callable[[], None] | None = None,
) -> Uitkomst:
    """Let every person work for `opdracht.seconden` after all have signed in (within `inlogtijd` seconds)."""
    uit = Uitkomst()
    doelen: list[Callable[[Callable[[], None]], None]] = [
        (lambda samen, i=i, p=p: _werken(i, p, opdracht, (host, poort), uit, samen))  # type: ignore[misc]
        for i, p in enumerate(opdracht.personen)
    ]
    _draaien(doelen, inlogtijd, uit, bij_start)
    return uit


@dataclass(frozen=True)
class Pagina:
    naam: str
    pad: str
    sessie: str = "product"  # which of the client's sessions asks it: "product" or "beheer"


@dataclass(frozen=True)
class Latentieopdracht:
    paginas: Sequence[Pagina]
    # Per client: (session name -> (email, code or None)); every client signs in with each of its sessions.
    clients: Sequence[dict[str, tuple[str, Callable[[], str] | None]]]
    wachtwoord: str
    seconden: float
    zaad: int = 2026
    verwacht: dict[str, str] = field(default_factory=dict)  # page name -> a text the page must contain


def _client(
    nummer: int, opdracht: Latentieopdracht, basis: tuple[str, int], uit: Uitkomst, samen: Callable[[], None]
) -> None:
    rng = random.Random(opdracht.zaad * 1000 + nummer)  # noqa: S311 - a load pattern, not security
    sessies: dict[str, Sessie] = {}
    try:
        for k, (naam, (email, code)) in enumerate(sorted(opdracht.clients[nummer].items())):
            sessies[naam] = Sessie(*basis, adres=_adres(nummer * 4 + k))
            sessies[naam].inloggen(email, opdracht.wachtwoord, code)
    except Inlogfout as fout:
        uit.inlogfouten.append(str(fout))
        return
    finally:
        samen()
    einde = uit.begin + opdracht.seconden
    volgorde = list(opdracht.paginas)
    while time.monotonic() < einde:
        rng.shuffle(volgorde)
        for p in volgorde:
            a = sessies[p.sessie].ophalen(p.pad)
            uit.metingen.append(Meting(p.naam, a.status, a.seconden, time.monotonic()))
            verwacht = opdracht.verwacht.get(p.naam)
            if a.status != 200 or (verwacht and verwacht not in a.body):
                uit.fouten.append(Fout(opdracht.clients[nummer][p.sessie][0], p.naam, p.pad, a.status, a.body[:300]))


def latentie(
    opdracht: Latentieopdracht,
    host: str,
    poort: int,
    *,
    inlogtijd: float = 30,
    bij_start: Callable[[], None] | None = None,
) -> Uitkomst:
    """Each client asks every page once per round, in its own shuffled order, until the time is up (the round
    under way is finished, so every page is asked as often as the others)."""
    uit = Uitkomst()
    doelen: list[Callable[[Callable[[], None]], None]] = [
        (lambda samen, i=i: _client(i, opdracht, (host, poort), uit, samen))  # type: ignore[misc]
        for i in range(len(opdracht.clients))
    ]
    _draaien(doelen, inlogtijd, uit, bij_start)
    return uit


# -- checking the history -------------------------------------------------------------------------------


def verloren_opslagen(opslagen: Sequence[Opslag]) -> list[Opslag]:
    """The accepted saves whose token is in no history row of their part: lost updates.

    Reads the database the calling process is connected to (the server's).
    """
    from regioplan.models import Plandeel

    historie = Plandeel.history.model
    per_deel: dict[tuple[int, str], list[Opslag]] = defaultdict(list)
    for o in opslagen:
        gevonden = _DEEL.search(o.pad)
        if gevonden is None:
            raise ValueError(f"geen plandeel in {o.pad}")
        per_deel[(int(gevonden.group(1)), gevonden.group(2))].append(o)
    verloren: list[Opslag] = []
    for (plan_pk, soort), lijst in per_deel.items():
        teksten = "\n".join(historie.objects.filter(regioplan_id=plan_pk, soort=soort).values_list("tekst", flat=True))
        verloren += [o for o in lijst if o.token not in teksten]
    return verloren


# -- the people, from the database -----------------------------------------------------------------------


def personen_uit_database(emails: Sequence[str], *, bewerken: bool = True, contracten: bool = True) -> list[Persoon]:
    """The simulated people for `emails`, from what the data says they are, not from the product's access rules:

    - their regions: those where one of their organisations takes part today (the cross-region check);
    - reading: the dashboard, and of each of their regions the region page, its latest regiobeeld and its plans,
      and (`contracten`) the contracts their organisation is a party to;
    - saving (`bewerken`): the parts of the plans of regions where their organisation is a contracting party,
      if they are an editor (or manager) of it.
    """
    from django.urls import reverse
    from django.utils import timezone

    from contracten.models import Contract
    from regio.models import Deelname, Gebruiker, Rol
    from regiobeeld.models import Regiobeeld
    from regioplan.models import Plandeelsoort, Regioplan

    vandaag = timezone.localdate()
    personen: list[Persoon] = []
    for email in emails:
        gebruiker = Gebruiker.objects.get(email=email)
        leden = list(gebruiker.lidmaatschappen.select_related("organisatie"))
        orgs = {lid.organisatie_id: lid.rol for lid in leden}
        deelnames = list(Deelname.objects.lopend(vandaag).filter(organisatie_id__in=orgs).select_related("regio"))
        lezen: list[tuple[str, str]] = [("mijn regio's", reverse("regio:mijn_regios"))]
        bewerk: list[str] = []
        regio_pks: set[int] = set()
        for d in sorted(deelnames, key=lambda d: d.regio_id):
            regio = d.regio
            if regio.pk not in regio_pks:
                regio_pks.add(regio.pk)
                lezen.append(("regio", reverse("regio:regio_detail", args=[regio.slug])))
                rb = Regiobeeld.objects.filter(regio=regio).order_by("-jaar").first()
                if rb is not None:
                    lezen.append(("regiobeeld", reverse("regiobeeld:detail", args=[regio.slug, rb.jaar])))
                for plan in Regioplan.objects.filter(regio=regio).order_by("pk"):
                    lezen.append(("regioplan", reverse("regioplan:detail", args=[regio.slug, plan.pk])))
            redacteur = orgs[d.organisatie_id] in (Rol.BEWERKER, Rol.BEHEERDER)
            if bewerken and redacteur and d.rol == Deelname.DeelnameRol.CONTRACTPARTIJ:
                # An adopted plan is frozen: its parts cannot be edited (the edit page sends one back).
                for plan in (p for p in Regioplan.objects.filter(regio=regio).order_by("pk") if not p.is_bevroren):
                    bewerk += [
                        reverse("regioplan:deel_bewerken", args=[regio.slug, plan.pk, soort])
                        for soort in Plandeelsoort.values
                    ]
        if contracten:
            for c in Contract.objects.filter(regio_id__in=regio_pks).order_by("pk").select_related("regio"):
                if c.zorgverzekeraar_id in orgs or c.huisartsenorganisatie_id in orgs:
                    lezen.append(("contract", reverse("contracten:detail", args=[c.regio.slug, c.pk])))
        personen.append(Persoon(email, frozenset(regio_pks), tuple(lezen), tuple(dict.fromkeys(bewerk))))
    return personen
