"""A national-scale world for benchmarks and load tests (issue 8): every gemeente in a region, all parties,
people, figures, plans and contracts of the whole country, with a fixed seed.

Run from the repository root (see BENCHMARKS.md):

    .venv/bin/python bench/landelijk.py                                   # SQLite in a temporary file
    .venv/bin/python bench/landelijk.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench_landelijk
    .venv/bin/python bench/landelijk.py --database-url ... --schaal 0.02 --behouden   # small, and keep the DB

Other scripts import it (bench/ is not a package: `sys.path` holds this folder when a script here runs) and call
`opbouwen()` after Django is set up (`_gemeen.wegwerpomgeving`).

At `schaal=1.0` (the national scale):

- the 342 real gemeenten (CBS 2024) in 80 regions of four or five gemeenten of one province, taken in the order of
  their CBS codes (so not always neighbours: a real region map is not part of the data);
- 10 insurers; each region has one as contracting party and the next one as participant;
- one GP organisation per region (contracting party), and 5,000 GP practices (participants): 400 in the focus
  region, the rest spread evenly over the other regions;
- 25,000 people with a membership: four per practice (the owner as manager, three readers), forty-five per GP
  organisation (a manager with mandates, ten editors, readers) and the rest at the insurers (per region a purchaser
  with mandates, editors, readers); two more persons: koepel staff;
- a catalogue of 30 indicators (the core set and 14 more) with 10 years of figures for every gemeente
  (342 x 30 x 10 = 102,600 values, stored per region as an import would store them);
- per region a regiobeeld with three challenges; a concept regioplan with its four parts written (so editors can
  save parts); an adopted plan with a signed contract, and all practices of the region invited to it;
- the focus region: a concept plan with 200 activities (one to three measuring points each) and 50 comment threads,
  and a signed contract with 100 agreement lines; the other regions: plans of 5 activities and 3 threads,
  contracts of 3 lines. Invitations over all contracts: one per practice, so 5,000, three quarters "doet mee".

A smaller `schaal` makes everything proportionally smaller (at least 2 regions, and minimums so every page still
has something to show); `regios=1` gives a one-region world of the same shape.

What grants rights goes through the product's services (regions' object permissions: `regio_toegang_bijwerken`;
mandates: `mandaat_verlenen`; plans, approvals, contracts, signatures and invitations: the plan and contract
services, which grant the contract's object permissions). The bulk goes in with `bulk_create`: organisations
and memberships (with their history rows), the organisations' groups (named as `organisatie_groepen_verzekeren`
names them), group memberships (exactly the groups `gebruiker_groepen_bijwerken` would give: the role and every
role below it), figures, and the practices' decisions. A sample of people is then checked against the services:
`gebruiker_groepen_bijwerken` must change nothing.

Every generated person has the same password; its hash is made once (with the first hasher the settings list)
and shared. Under `config.settings_test` that is MD5: a server that should accept these passwords must list it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import _gemeen

if TYPE_CHECKING:
    from regio.models import Organisatie, Regio

T = TypeVar("T")

WACHTWOORD = "landelijk-bench-2026"
START = dt.date(2025, 1, 1)
STARTJAAR, EINDJAAR = 2026, 2029
JAREN = range(2015, 2025)  # ten years of figures
BATCH = 5000

# Sizes at schaal 1.0 (issue 8), and the least a small world keeps so every page has something to show.
LANDELIJK = {
    "regios": 80,
    "verzekeraars": 10,
    "praktijken": 5000,
    "focuspraktijken": 400,
    "gebruikers": 25000,
    "activiteiten": 200,
    "draden": 50,
    "afspraken": 100,
}
MINIMUM = {
    "regios": 2,
    "verzekeraars": 2,
    "praktijken": 4,
    "focuspraktijken": 3,
    "gebruikers": 40,
    "activiteiten": 10,
    "draden": 5,
    "afspraken": 3,
}
ANDERE_ACTIVITEITEN, ANDERE_DRADEN, ANDERE_AFSPRAKEN = 5, 3, 3
JAARPLAN_ACTIVITEITEN = {True: 20, False: 3}  # the adopted plan the contract rests on: focus region, others
PER_PRAKTIJK = 4  # the owner (manager) and three readers
PER_ZORGGROEP = 45  # a manager with mandates, ten editors, readers
BEWERKERS_PER_ZORGGROEP = 10
DOET_MEE = 0.75  # share of invited practices that join

VERZEKERAARS = (
    "Zorgverzekeraar Noordzee",
    "Zorgverzekeraar Delta",
    "Zorgverzekeraar Veluwe",
    "Zorgverzekeraar Maasland",
    "Zorgverzekeraar Wadden",
    "Zorgverzekeraar Randstad",
    "Zorgverzekeraar Achterhoek",
    "Zorgverzekeraar Kempen",
    "Zorgverzekeraar IJssel",
    "Zorgverzekeraar Heuvelland",
)
VOORNAMEN = (
    "Anna", "Bram", "Carla", "Daan", "Eva", "Femke", "Gijs", "Hanna", "Ilse", "Joost", "Kim", "Lars", "Mila",
    "Noah", "Olga", "Pieter", "Quinten", "Roos", "Sem", "Tess", "Umut", "Vera", "Wouter", "Yara", "Zeynep",
    "Fatima", "Mohamed", "Sanne", "Thijs", "Lotte", "Ruben", "Marieke", "Jeroen", "Esther", "Koen", "Nadia",
)  # fmt: skip
ACHTERNAMEN = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smeets",
    "Willems", "Yilmaz", "El Amrani", "Janssen", "Kramer", "van Dijk", "Postma", "Kok", "Schouten", "Hoekstra",
)  # fmt: skip
STRATEN = (
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsplein", "Schoolstraat", "Lindelaan", "Julianastraat",
    "Kloosterweg", "Marktplein", "Beukenlaan", "Parkweg", "Wilhelminastraat", "Eikenlaan", "Havenstraat",
)  # fmt: skip
# Levels of invented figures (code, naam, eenheid, aggregatie, domein, mean, spread); the codes that are not in the
# core set (16) are added to the catalogue, 14 of them, so it has 30.
EXTRA_INDICATOREN = (
    ("eenpersoonshuishoudens", "Eenpersoonshuishoudens", "%", "gewogen", "bevolking", 38.0, 5.0),
    ("ervaren_gezondheid_goed", "Ervaren gezondheid (goed of zeer goed)", "%", "gewogen", "gezondheid", 76.0, 3.0),
    ("chronische_aandoening", "Eén of meer chronische aandoeningen", "%", "gewogen", "gezondheid", 34.0, 3.0),
    ("eenzaamheid_ernstig", "Ernstig eenzaam", "%", "gewogen", "gezondheid", 11.0, 2.0),
    ("overgewicht", "Overgewicht (18+)", "%", "gewogen", "gezondheid", 50.0, 4.0),
    ("rokers", "Rookt (18+)", "%", "gewogen", "gezondheid", 19.0, 3.0),
    ("huisartsen_per_10000", "Huisartsen per 10.000 inwoners", "per 10.000", "gewogen", "aanbod", 5.6, 0.6),
    ("huisartsen_55_plus", "Huisartsen van 55 jaar en ouder", "%", "gewogen", "personeel", 27.0, 6.0),
    ("poh_fte_per_10000", "Praktijkondersteuners (fte) per 10.000", "per 10.000", "gewogen", "personeel", 3.1, 0.5),
    ("contacten_per_inwoner", "Contacten met de huisarts per inwoner", "per inwoner", "gewogen", "zorggebruik", 6.1,
     0.5),
    ("verwijzingen_per_1000", "Verwijzingen naar de tweede lijn per 1.000", "per 1.000", "gewogen", "zorggebruik",
     165.0, 20.0),
    ("econsulten_per_1000", "E-consulten per 1.000 inwoners", "per 1.000", "gewogen", "zorggebruik", 420.0, 80.0),
    ("seh_bezoeken_per_1000", "SEH-bezoeken per 1.000 inwoners", "per 1.000", "gewogen", "zorggebruik", 95.0, 12.0),
    ("alcohol_zwaar", "Zware drinkers (18+)", "%", "gewogen", "gezondheid", 8.0, 2.0),
    ("voldoet_beweegrichtlijn", "Voldoet aan de beweegrichtlijn", "%", "gewogen", "gezondheid", 49.0, 4.0),
    ("mantelzorgers", "Geeft mantelzorg", "%", "gewogen", "bevolking", 14.0, 2.0),
    ("psychische_klachten", "Hoog risico op angst of depressie", "%", "gewogen", "gezondheid", 10.0, 2.0),
    ("visites_per_1000", "Visites per 1.000 inwoners", "per 1.000", "gewogen", "zorggebruik", 110.0, 25.0),
    ("anw_contacten_per_1000", "Contacten op de huisartsenpost per 1.000", "per 1.000", "gewogen", "zorggebruik",
     250.0, 30.0),
    ("poh_ggz_consulten_per_1000", "Consulten POH-GGZ per 1.000", "per 1.000", "gewogen", "zorggebruik", 160.0,
     30.0),
    ("wachttijd_ggz_weken", "Wachttijd basis-GGZ", "weken", "gewogen", "aanbod", 9.0, 3.0),
    ("kosten_huisartsenzorg", "Kosten huisartsenzorg per verzekerde", "euro", "gewogen", "kosten", 230.0, 20.0),
)  # fmt: skip


@dataclass
class Landelijk:
    """What a benchmark or load test needs to know of the generated world."""

    regio_pks: list[int]
    focus_regio_pk: int  # the region with the big plan and contract
    plan_pk: int  # concept plan with 200 activities and 50 comment threads (focus region)
    contract_pk: int  # contract with 100 lines (focus region), signed
    wachtwoord: str  # password of every generated user
    lezers: dict[int, list[str]]  # per region pk: e-mails of readers (no mandate, so no 2FA required)
    bewerkers: dict[int, list[str]]  # per region pk: editors of a contracting party WITHOUT a mandate (no 2FA)
    contractlezers: list[str]  # e-mails (no 2FA needed) who may open the big contract
    merktekst: dict[int, str]  # per region pk: a unique string appearing on that region's plan page only
    # Added: more of the world, for scripts that need it.
    regio_slugs: dict[int, str] = field(default_factory=dict)
    plannen: dict[int, int] = field(default_factory=dict)  # per region pk: its concept plan (the focus: plan_pk)
    contracten: dict[int, int] = field(default_factory=dict)  # per region pk: its signed contract
    praktijkhouders: dict[int, list[str]] = field(default_factory=dict)  # per region pk: practice managers
    gemandateerden: dict[int, list[str]] = field(default_factory=dict)  # per region pk: signers (need 2FA)
    wachtwoord_hasher: str = ""  # the algorithm of the shared password hash
    aantallen: dict[str, int] = field(default_factory=dict)  # rows per kind, for the report
    stappen: list[tuple[str, float, int]] = field(default_factory=list)  # (step, seconds, queries)


def _omvang(schaal: float, regios: int | None) -> dict[str, int]:
    maat = {k: max(MINIMUM[k], round(v * schaal)) for k, v in LANDELIJK.items()}
    if regios is not None:
        maat["regios"] = regios
        maat["verzekeraars"] = max(2, min(maat["verzekeraars"], regios + 1))
    maat["regios"] = min(maat["regios"], 342)
    # At least one practice per region besides the focus region's.
    maat["focuspraktijken"] = min(maat["focuspraktijken"], maat["praktijken"] - (maat["regios"] - 1))
    return maat


def _regio_indeling(gemeenten: list[Any], aantal: int, totaal: int) -> list[list[Any]]:
    """`aantal` regions of gemeenten of one province: sorted by province and code, cut in equal runs. At the national
    scale (80 regions) all 342 are used; a smaller world takes the first `aantal` runs of the same size."""
    rijen = sorted(gemeenten, key=lambda g: (g.provincie, g.code))
    per = len(rijen) / totaal
    return [rijen[round(i * per) : round((i + 1) * per)] for i in range(aantal)]


@contextmanager
def _stap(wereld: Landelijk, naam: str, log: Callable[[str], None]) -> Iterator[None]:
    """Time a step and count its queries (a wrapper around each execute; cheap next to the query itself)."""
    from django.db import connection

    aantal = 0

    def tel(execute: Callable[..., Any], *args: Any) -> Any:
        nonlocal aantal
        aantal += 1
        return execute(*args)

    begin = time.perf_counter()
    with connection.execute_wrapper(tel):
        yield
    duur = time.perf_counter() - begin
    wereld.stappen.append((naam, duur, aantal))
    log(f"  {naam}: {duur:.1f} s, {aantal} queries")


def _in_batches(objecten: list[T], maken: Callable[[list[T]], Any]) -> None:
    for i in range(0, len(objecten), BATCH):
        maken(objecten[i : i + BATCH])


def opbouwen(
    *, schaal: float = 1.0, zaad: int = 2026, log: Callable[[str], None] = print, regios: int | None = None
) -> Landelijk:
    """Build the world into the current (empty, migrated) database. Fixed seed: the same arguments give the same
    data. `regios` overrides the number of regions (e.g. 1 for a one-region world of the same shape).

    No e-mail goes out while building (comments, invitations): their tasks are not queued, and the rows are marked
    as mailed, as if the worker had sent them. With Celery eager, mailing every comment to a region's members
    would otherwise be most of the build time, and it is not data."""
    from unittest import mock

    from regio import wachtrij
    from regioplan.models import Reactie

    # Services queue their tasks with delay_on_commit, which goes through wachtrij.na_commit (config/celery.py).
    with mock.patch.object(wachtrij, "na_commit", _niet_versturen):
        wereld = _opbouwen(schaal=schaal, zaad=zaad, log=log, regios=regios)
    Reactie.objects.filter(gemaild_op__isnull=True).update(gemaild_op=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    _gemeen.statistieken_bijwerken()
    return wereld


def _niet_versturen(*_args: Any, **_kwargs: Any) -> None:
    pass


def _opbouwen(*, schaal: float, zaad: int, log: Callable[[str], None], regios: int | None) -> Landelijk:
    from django.contrib.auth.hashers import identify_hasher, make_password
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils.text import slugify
    from simple_history.utils import bulk_create_with_history

    from regio import services as regio_services
    from regio.gemeenten import PEILDATUM_2024, gemeenten_lezen
    from regio.models import (
        ROLLEN_OPLOPEND,
        Deelname,
        Gebruiker,
        Gemeente,
        Lidmaatschap,
        Onderwerp,
        Organisatie,
        OrganisatieGroep,
        OrganisatieSoort,
        Regio,
        Rol,
    )
    from regiobeeld import services as regiobeeld_services
    from regiobeeld.catalogus import KERNSET, kernset_laden
    from regiobeeld.models import Aggregatie, Cijfer, Indicator, Uitdaging

    maat = _omvang(schaal, regios)
    rng = random.Random(zaad)  # noqa: S311 - invented data, not security
    wereld = Landelijk(
        regio_pks=[],
        focus_regio_pk=0,
        plan_pk=0,
        contract_pk=0,
        wachtwoord=WACHTWOORD,
        lezers={},
        bewerkers={},
        contractlezers=[],
        merktekst={},
    )
    log(f"Landelijke wereld opbouwen (schaal {schaal}, zaad {zaad}): {maat}")

    # -- gemeenten, catalogue, regions -------------------------------------------------------------
    with _stap(wereld, "gemeenten, indicatoren en regio's", log), transaction.atomic():
        regio_services.gemeenten_laden(rijen=gemeenten_lezen(), peildatum=PEILDATUM_2024)
        kernset_laden()
        Indicator.objects.bulk_create(
            [
                Indicator(
                    code=code,
                    naam=naam,
                    eenheid=eenheid,
                    aggregatie=aggregatie,
                    domein=domein,
                    bron="Illustratief: verzonnen benchmarkcijfers",
                    definitie=f"{naam} (verzonnen voor de benchmark).",
                    volgorde=(len(KERNSET) + i) * 10,
                )
                for i, (code, naam, eenheid, aggregatie, domein, _m, _s) in enumerate(EXTRA_INDICATOREN, start=1)
                if code not in {k.code for k in KERNSET}
            ]
        )
        indeling = _regio_indeling(list(Gemeente.objects.all()), maat["regios"], LANDELIJK["regios"])
        regio_objecten = [
            Regio(
                naam=f"{leden[0].provincie}: {leden[0].naam} e.o.",
                slug=slugify(f"{leden[0].naam}-eo")[:80],
                beschrijving=f"{len(leden)} gemeenten: {', '.join(g.naam for g in leden)}.",
            )
            for leden in indeling
        ]
        bulk_create_with_history(regio_objecten, Regio)
        regio_lijst = list(Regio.objects.order_by("pk"))
        Regio.gemeenten.through.objects.bulk_create(
            [
                Regio.gemeenten.through(regio_id=r.pk, gemeente_id=g.pk)
                for r, leden in zip(regio_lijst, indeling, strict=True)
                for g in leden
            ]
        )
    # The focus region: the one with the most inhabitants (a big, busy region).
    inwoners = [sum(g.inwoners for g in leden) for leden in indeling]
    focus_index = max(range(len(indeling)), key=lambda i: inwoners[i])
    focus = regio_lijst[focus_index]
    wereld.regio_pks = [r.pk for r in regio_lijst]
    wereld.focus_regio_pk = focus.pk
    wereld.regio_slugs = {r.pk: r.slug for r in regio_lijst}

    # -- organisations and their groups ----------------------------------------------------------------
    with _stap(wereld, "organisaties, groepen en deelnames", log), transaction.atomic():
        soorten = {s.code: s for s in OrganisatieSoort.objects.all()}
        verzekeraar_namen = [
            VERZEKERAARS[i] if i < len(VERZEKERAARS) else f"Zorgverzekeraar {i + 1}"
            for i in range(maat["verzekeraars"])
        ]
        orgs: list[Organisatie] = [Organisatie(naam=n, soort=soorten["zorgverzekeraar"]) for n in verzekeraar_namen]
        orgs += [
            Organisatie(
                naam=f"Huisartsenorganisatie {r.naam}",
                soort=soorten["huisartsenorganisatie"],
                kvk_nummer=f"{70000000 + i:08d}",
            )
            for i, r in enumerate(regio_lijst)
        ]
        # Practices per region: the focus region's share first, the rest evenly over the others.
        per_regio: dict[int, int] = {}
        overig = [r for r in regio_lijst if r.pk != focus.pk]
        rest = maat["praktijken"] - maat["focuspraktijken"]
        for i, r in enumerate(overig):
            per_regio[r.pk] = rest // len(overig) + (1 if i < rest % len(overig) else 0)
        per_regio[focus.pk] = maat["focuspraktijken"] if overig else maat["praktijken"]
        praktijk_regio: list[tuple[Organisatie, Regio]] = []
        n = 0
        for r, gemeenten_van in zip(regio_lijst, indeling, strict=True):
            for j in range(per_regio[r.pk]):
                n += 1
                plaats = gemeenten_van[j % len(gemeenten_van)].naam
                org = Organisatie(
                    naam=f"Huisartsenpraktijk {rng.choice(STRATEN)} {plaats} {n}",
                    soort=soorten["huisartsenpraktijk"],
                    agb_code=f"01{n:06d}",
                )
                orgs.append(org)
                praktijk_regio.append((org, r))
        bulk_create_with_history(orgs, Organisatie, batch_size=BATCH)
        per_naam = {o.naam: o for o in Organisatie.objects.all()}
        verzekeraars = [per_naam[v] for v in verzekeraar_namen]
        zorggroepen = {r.pk: per_naam[f"Huisartsenorganisatie {r.naam}"] for r in regio_lijst}
        praktijken: dict[int, list[Organisatie]] = {r.pk: [] for r in regio_lijst}
        for org, r in praktijk_regio:
            praktijken[r.pk].append(per_naam[org.naam])

        # Groups named and linked as regio.services.organisatie_groepen_verzekeren makes them.
        alle_orgs = list(per_naam.values())
        Group.objects.bulk_create(
            [Group(name=regio_services._groepsnaam(o, rol.value)) for o in alle_orgs for rol in ROLLEN_OPLOPEND],
            batch_size=BATCH,
        )
        groep_pk = dict(Group.objects.filter(name__startswith="organisatie-").values_list("name", "pk"))
        OrganisatieGroep.objects.bulk_create(
            [
                OrganisatieGroep(
                    organisatie=o,
                    rol=rol.value,
                    groep_id=groep_pk[regio_services._groepsnaam(o, rol.value)],
                )
                for o in alle_orgs
                for rol in ROLLEN_OPLOPEND
            ],
            batch_size=BATCH,
        )
        contractverzekeraar = {r.pk: verzekeraars[i % len(verzekeraars)] for i, r in enumerate(regio_lijst)}
        deelnemer_verzekeraar = {r.pk: verzekeraars[(i + 1) % len(verzekeraars)] for i, r in enumerate(regio_lijst)}
        C, D = Deelname.DeelnameRol.CONTRACTPARTIJ, Deelname.DeelnameRol.DEELNEMER
        deelnames = []
        for r in regio_lijst:
            deelnames += [
                Deelname(regio=r, organisatie=zorggroepen[r.pk], rol=C, van=START),
                Deelname(regio=r, organisatie=contractverzekeraar[r.pk], rol=C, van=START),
                Deelname(regio=r, organisatie=deelnemer_verzekeraar[r.pk], rol=D, van=START),
            ]
            deelnames += [Deelname(regio=r, organisatie=p, rol=D, van=START) for p in praktijken[r.pk]]
        bulk_create_with_history(deelnames, Deelname, batch_size=BATCH)

    with _stap(wereld, "rechten op regio's (regio_toegang_bijwerken)", log):
        for r in regio_lijst:
            regio_services.regio_toegang_bijwerken(regio=r)

    # -- people --------------------------------------------------------------------------------------------
    with _stap(wereld, "gebruikers, lidmaatschappen en groepen", log), transaction.atomic():
        wachtwoord_hash = make_password(WACHTWOORD)  # once: every person shares it
        wereld.wachtwoord_hasher = str(identify_hasher(wachtwoord_hash).algorithm)
        leden: list[tuple[str, str, Organisatie, str, str]] = []  # (email, naam, organisatie, rol, functie)
        teller = 0

        def persoon(org: Organisatie, rol: str, functie: str, domein: str) -> str:
            nonlocal teller
            teller += 1
            voornaam, achternaam = rng.choice(VOORNAMEN), rng.choice(ACHTERNAMEN)
            email = f"{voornaam.lower()}.{teller:05d}@{domein}.test"
            leden.append((email, f"{voornaam} {achternaam}", org, rol, functie))
            return email

        for r in regio_lijst:
            wereld.lezers[r.pk], wereld.bewerkers[r.pk], wereld.praktijkhouders[r.pk] = [], [], []
            wereld.gemandateerden[r.pk] = []
            zg = zorggroepen[r.pk]
            domein = f"hao-{r.slug}"[:50]
            wereld.gemandateerden[r.pk].append(persoon(zg, Rol.BEHEERDER, "bestuurder", domein))
            for _ in range(BEWERKERS_PER_ZORGGROEP):
                wereld.bewerkers[r.pk].append(persoon(zg, Rol.BEWERKER, "beleidsadviseur", domein))
            for _ in range(PER_ZORGGROEP - 1 - BEWERKERS_PER_ZORGGROEP):
                wereld.lezers[r.pk].append(persoon(zg, Rol.LEZER, "medewerker", domein))
            for p in praktijken[r.pk]:
                pdomein = f"praktijk-{p.agb_code}"
                wereld.praktijkhouders[r.pk].append(persoon(p, Rol.BEHEERDER, "praktijkhouder", pdomein))
                for _ in range(PER_PRAKTIJK - 1):
                    functie = rng.choice(("huisarts", "POH", "assistente"))
                    wereld.lezers[r.pk].append(persoon(p, Rol.LEZER, functie, pdomein))
            v = contractverzekeraar[r.pk]
            wereld.gemandateerden[r.pk].append(persoon(v, Rol.BEWERKER, "zorginkoper", slugify(v.naam)))
        # The rest of the 25,000: insurers' staff, in turn (editors without mandates, and readers).
        i = 0
        while teller < maat["gebruikers"] - 1:
            v = verzekeraars[i % len(verzekeraars)]
            persoon(v, Rol.BEWERKER if i % 4 == 0 else Rol.LEZER, "medewerker zorginkoop", slugify(v.naam))
            i += 1
        koepel = regio_services.organisatie_opslaan(
            organisatie=Organisatie(naam="Koepel Huisartsenzorg", soort=soorten["koepel"]), acting_user=None
        )

        Gebruiker.objects.bulk_create(
            [Gebruiker(email=e, naam=naam, password=wachtwoord_hash) for e, naam, _o, _r, _f in leden],
            batch_size=BATCH,
        )
        gebruiker_pk = dict(Gebruiker.objects.values_list("email", "pk"))
        bulk_create_with_history(
            [
                Lidmaatschap(gebruiker_id=gebruiker_pk[e], organisatie=o, rol=rol, functie=functie)
                for e, _n, o, rol, functie in leden
            ],
            Lidmaatschap,
            batch_size=BATCH,
        )
        # Exactly what gebruiker_groepen_bijwerken gives: the organisation's group of the role and of each below.
        rang = {r.value: i for i, r in enumerate(ROLLEN_OPLOPEND)}
        Through = Gebruiker.groups.through
        Through.objects.bulk_create(
            [
                Through(
                    gebruiker_id=gebruiker_pk[e],
                    group_id=groep_pk[regio_services._groepsnaam(o, r.value)],
                )
                for e, _n, o, rol, _f in leden
                for r in ROLLEN_OPLOPEND
                if rang[r.value] <= rang[rol]
            ],
            batch_size=BATCH,
        )
        koen = Gebruiker.objects.create_user(
            "koepel@koepel.test", WACHTWOORD, naam="Koen Visser", is_staff=True
        )  # needs 2FA: in no list
        regio_services.lid_maken(gebruiker=koen, organisatie=koepel, rol=Rol.BEHEERDER, acting_user=None)
        mensen = {e: gebruiker_pk[e] for e, *_ in leden}
        gemandateerd = {
            g.email: g
            for g in Gebruiker.objects.filter(email__in=[e for r in regio_lijst for e in wereld.gemandateerden[r.pk]])
        }

    with _stap(wereld, "controle: groepen zoals de services ze zetten (steekproef)", log):
        steekproef = random.Random(zaad + 1).sample(sorted(mensen.values()), min(60, len(mensen)))  # noqa: S311
        for gebruiker in Gebruiker.objects.filter(pk__in=steekproef):
            voor = set(gebruiker.groups.values_list("pk", flat=True))
            regio_services.gebruiker_groepen_bijwerken(gebruiker)
            if set(gebruiker.groups.values_list("pk", flat=True)) != voor:
                raise RuntimeError(f"Groepen van {gebruiker.email} wijken af van wat de services zetten.")

    with _stap(wereld, "mandaten (mandaat_verlenen)", log):
        for r in regio_lijst:
            for email, org in zip(
                wereld.gemandateerden[r.pk], (zorggroepen[r.pk], contractverzekeraar[r.pk]), strict=True
            ):
                for onderwerp in (Onderwerp.REGIOBEELD, Onderwerp.REGIOPLAN, Onderwerp.CONTRACT, Onderwerp.FINANCIEN):
                    regio_services.mandaat_verlenen(
                        gebruiker=gemandateerd[email],
                        organisatie=org,
                        regio=r,
                        onderwerp=onderwerp,
                        geldig_van=START,
                        geldig_tot=dt.date(EINDJAAR, 12, 31),
                        toelichting="Besluit van het bestuur (benchmark).",
                        acting_user=koen,
                    )

    # -- figures --------------------------------------------------------------------------------------------
    with _stap(wereld, "cijfers (30 indicatoren x 10 jaar x alle gemeenten)", log), transaction.atomic():
        # A ratio (verhouding) is computed from two others, never imported.
        indicatoren = {
            i.code: i for i in Indicator.objects.filter(regio__isnull=True).exclude(aggregatie=Aggregatie.VERHOUDING)
        }
        gemiddeld = {code: (m, s) for code, _n, _e, _a, _d, m, s in EXTRA_INDICATOREN}
        cijfers: list[Cijfer] = []
        bron = "Illustratief: verzonnen benchmarkcijfers"
        for r, gemeenten in zip(regio_lijst, indeling, strict=True):
            for g in gemeenten:
                grng = random.Random(f"{zaad}-{g.code}")  # noqa: S311
                for code, indicator in indicatoren.items():
                    for k, jaar in enumerate(JAREN):
                        groei = 1 + (k - len(JAREN) + 1) * 0.004
                        if code == "inwoners":
                            waarde = round(g.inwoners * groei)
                        elif code.startswith("inwoners_"):
                            waarde = round(g.inwoners * groei * grng.uniform(0.04, 0.2))
                        elif code in gemiddeld:
                            m, s = gemiddeld[code]
                            waarde = round(grng.gauss(m, s) * groei, 2)
                        else:
                            waarde = round(grng.uniform(1, 100), 2)
                        cijfers.append(
                            Cijfer(
                                regio_id=r.pk,
                                indicator_id=indicator.pk,
                                gemeente_id=g.pk,
                                jaar=jaar,
                                waarde=Decimal(str(waarde)),
                                bron=bron,
                                is_illustratief=True,
                            )
                        )
        _in_batches(cijfers, Cijfer.objects.bulk_create)
        del cijfers

    # -- regiobeeld and plans, per region through the services --------------------------------------------
    from plan_bench import reacties_plaatsen  # the same comment threads as the plan benchmark

    from regioplan import services as plan_services
    from regioplan.models import Doel, Plandeel, Regioplan

    doelen = list(Doel.objects.filter(actief=True))
    gebruikers_nodig = {e for r in regio_lijst for e in (*wereld.gemandateerden[r.pk], wereld.bewerkers[r.pk][0])}
    gebruikers_nodig |= {wereld.lezers[r.pk][0] for r in regio_lijst}
    per_email = {g.email: g for g in Gebruiker.objects.filter(email__in=gebruikers_nodig)}
    planwerelden: dict[int, _gemeen.Planwereld] = {}
    with _stap(wereld, "regiobeelden (regiobeeld_aanmaken, uitdagingen)", log):
        uitdagingen = (
            ("Vergrijzing en kwetsbare ouderen thuis", ["inwoners_80_plus", "eenpersoonshuishoudens"]),
            ("Opvolging van huisartsen", ["huisartsen_55_plus", "huisartsen_per_10000"]),
            ("Gezondheidsverschillen", ["ervaren_gezondheid_goed", "chronische_aandoening"]),
        )
        for r in regio_lijst:
            bewerker = per_email[wereld.bewerkers[r.pk][0]]
            rb = regiobeeld_services.regiobeeld_aanmaken(regio=r, jaar=2025, acting_user=bewerker)
            for volgorde, (titel, codes) in enumerate(uitdagingen, start=1):
                uitdaging = Uitdaging(
                    regiobeeld=rb, titel=titel, volgorde=volgorde, beschrijving=_gemeen.ZINNEN[volgorde]
                )
                regiobeeld_services.uitdaging_opslaan(
                    uitdaging=uitdaging,
                    indicatoren=[indicatoren[c] for c in codes if c in indicatoren],
                    acting_user=bewerker,
                )
            planwerelden[r.pk] = _gemeen.Planwereld(
                regio=r,
                regiobeeld=rb,
                bewerker=bewerker,
                beheerder=per_email[wereld.gemandateerden[r.pk][0]],
                lezer=per_email[wereld.lezers[r.pk][0]],
                inkoper=per_email[wereld.gemandateerden[r.pk][1]],
                partijen=[zorggroepen[r.pk], contractverzekeraar[r.pk]],
                doelen=doelen,
            )

    draden_totaal = 0
    with _stap(wereld, "conceptplannen (activiteiten, meetpunten, reacties)", log):
        for r in regio_lijst:
            is_focus = r.pk == focus.pk
            pw = planwerelden[r.pk]
            n_act = maat["activiteiten"] if is_focus else ANDERE_ACTIVITEITEN
            n_draden = maat["draden"] if is_focus else ANDERE_DRADEN
            begin = time.perf_counter()
            plan = _gemeen.plan_bouwen(
                pw, titel=f"Regioplan {r.naam} {STARTJAAR}-{EINDJAAR}", activiteiten=n_act, zaad=zaad + r.pk
            )
            merk = "Kenmerk " + hashlib.sha256(f"{zaad}-{r.slug}".encode()).hexdigest()[:12].upper()
            deel = Plandeel.objects.get(regioplan=plan, soort="missie-visie")
            plan_services.plandeel_opslaan(
                deel=deel,
                gelezen_versie=deel.versie,
                tekst=f"{deel.tekst}\n{merk}: het plan van {r.naam}.\n",
                acting_user=pw.bewerker,
            )
            gesprek = reacties_plaatsen(pw, plan, draden=n_draden, zaad=zaad + r.pk)
            draden_totaal += gesprek.draden + gesprek.intern
            wereld.plannen[r.pk] = plan.pk
            wereld.merktekst[r.pk] = merk
            if is_focus:
                wereld.plan_pk = plan.pk
                log(f"    focusplan: {n_act} activiteiten, {n_draden} draden: {time.perf_counter() - begin:.0f} s")

    # -- adopted plans and contracts -------------------------------------------------------------------------
    from contracten import deelname as deelname_services
    from contracten import regelvoorstellen
    from contracten import services as contract_services
    from contracten.models import Contract, Contractafspraak, Praktijkdeelname, Segment

    with _stap(wereld, "vastgestelde plannen, contracten, ondertekening, uitnodigingen", log):
        for r in regio_lijst:
            is_focus = r.pk == focus.pk
            pw = planwerelden[r.pk]
            jaarplan = _gemeen.plan_bouwen(
                pw,
                titel=f"Jaarplan {r.naam} {STARTJAAR}",
                activiteiten=JAARPLAN_ACTIVITEITEN[is_focus],
                zaad=zaad + 7 * r.pk,
            )
            jaarplan = plan_services.regioplan_indienen(
                regioplan=jaarplan, gelezen_versie=jaarplan.versie, acting_user=pw.bewerker
            )
            for wie in (pw.beheerder, pw.inkoper):
                jaarplan = Regioplan.objects.get(pk=jaarplan.pk)
                plan_services.regioplan_goedkeuren(regioplan=jaarplan, gelezen_versie=jaarplan.versie, acting_user=wie)
            jaarplan = Regioplan.objects.get(pk=jaarplan.pk)
            contract = contract_services.contract_aanmaken(
                regio=r,
                regioplan=jaarplan,
                zorgverzekeraar=pw.partijen[1],
                huisartsenorganisatie=pw.partijen[0],
                titel=f"Meerjarencontract {r.naam} {STARTJAAR}-{EINDJAAR}",
                startjaar=STARTJAAR,
                eindjaar=EINDJAAR,
                toelichting=_gemeen.ZINNEN[0],
                acting_user=pw.bewerker,
            )
            activiteiten = list(jaarplan.activiteiten.prefetch_related("meetpunten").order_by("pk"))
            crng = random.Random(zaad + 11 * r.pk)  # noqa: S311
            for k in range(maat["afspraken"] if is_focus else ANDERE_AFSPRAKEN):
                activiteit = activiteiten[k % len(activiteiten)]
                segment = (Segment.S1, Segment.S2, Segment.S3)[k % 3]
                praktijk = Decimal(crng.choice((40, 50, 60, 70, 80)))
                contract_services.afspraak_opslaan(
                    afspraak=Contractafspraak(
                        contract=contract,
                        titel=f"{activiteit.titel[:150]} ({segment}, afspraak {k + 1})",
                        activiteit=activiteit,
                        doel=activiteit.doel,
                        segment=segment,
                        aandeel_praktijk=praktijk,
                        aandeel_regio=Decimal(100) - praktijk,
                        voorwaarden=crng.choice(_gemeen.ZINNEN),
                    ),
                    gelezen_versie=None,
                    bedragen={j: Decimal(crng.randint(5, 300) * 1000) for j in range(STARTJAAR, EINDJAAR + 1)},
                    meetpunten=list(activiteit.meetpunten.all())[:2],
                    acting_user=pw.bewerker,
                )
            # The insurer agrees to every line the GP organisation wrote (signing waits for it).
            for afspraak in Contractafspraak.objects.filter(contract=contract):
                regelvoorstellen.afspraak_akkoord_geven(
                    afspraak=afspraak, gelezen_versie=afspraak.versie, acting_user=pw.inkoper
                )
            contract = Contract.objects.get(pk=contract.pk)
            contract_services.contract_aanbieden(
                contract=contract, gelezen_versie=contract.versie, acting_user=pw.bewerker
            )
            for wie in (pw.beheerder, pw.inkoper):
                contract = Contract.objects.get(pk=contract.pk)
                contract_services.contract_ondertekenen(
                    contract=contract, gelezen_versie=contract.versie, acting_user=wie
                )
            deelname_services.praktijken_uitnodigen(
                contract=contract, pakket=None, praktijken=praktijken[r.pk], acting_user=pw.bewerker
            )
            wereld.contracten[r.pk] = contract.pk
            if is_focus:
                wereld.contract_pk = contract.pk

    with _stap(wereld, "besluiten van praktijken (bulk)", log), transaction.atomic():
        # Decisions grant no rights: set in bulk (three quarters join), decided by the practice's owner.
        houders = dict(
            Lidmaatschap.objects.filter(rol=Rol.BEHEERDER, organisatie__soort__code="huisartsenpraktijk").values_list(
                "organisatie_id", "gebruiker_id"
            )
        )
        brng = random.Random(zaad + 3)  # noqa: S311
        rijen = list(Praktijkdeelname.objects.order_by("pk"))
        nu = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        for rij in rijen:
            rij.uitgenodigd_op = nu
            rij.gemaild_op = nu
            if brng.random() < DOET_MEE:
                rij.besluit = Praktijkdeelname.Besluit.DOET_MEE
            elif brng.random() < 0.5:
                rij.besluit = Praktijkdeelname.Besluit.DOET_NIET_MEE
            else:
                continue
            rij.besloten_op = dt.date(2026, 1, 20)
            rij.besloten_door_id = houders[rij.praktijk_id]
            rij.onderaannemer_bevestigd = rij.besluit == Praktijkdeelname.Besluit.DOET_MEE
        Praktijkdeelname.objects.bulk_update(
            rijen,
            ["uitgenodigd_op", "gemaild_op", "besluit", "besloten_op", "besloten_door", "onderaannemer_bevestigd"],
            batch_size=1000,
        )

    # Who may open the big contract: members of its two parties without a mandate.
    focus_verzekeraar = contractverzekeraar[focus.pk]
    met_mandaat = {e for lijst in wereld.gemandateerden.values() for e in lijst}  # the insurer signs in 8 regions
    verzekeraar_mensen = [e for e, _n, o, _rol, _f in leden if o.pk == focus_verzekeraar.pk and e not in met_mandaat]
    zorggroep_lezers = [
        e for e, _n, o, _r, _f in leden if o.pk == zorggroepen[focus.pk].pk and e in wereld.lezers[focus.pk]
    ]
    wereld.contractlezers = wereld.bewerkers[focus.pk] + zorggroep_lezers + verzekeraar_mensen[:50]
    wereld.aantallen = _tellen()
    wereld.aantallen["reactiedraden"] = draden_totaal
    return wereld


def _tellen() -> dict[str, int]:
    from contracten.models import Afspraakbedrag, Contract, Contractafspraak, Praktijkdeelname
    from regio.models import Deelname, Gebruiker, Gemeente, Lidmaatschap, Mandaat, Organisatie, Regio
    from regiobeeld.models import Cijfer, Indicator
    from regioplan.models import Activiteit, Meetpunt, Reactie, Regioplan

    return {
        "gemeenten": Gemeente.objects.count(),
        "gemeenten in een regio": Gemeente.objects.filter(regios__isnull=False).distinct().count(),
        "regio's": Regio.objects.count(),
        "zorgverzekeraars": Organisatie.objects.filter(soort__code="zorgverzekeraar").count(),
        "huisartsenorganisaties": Organisatie.objects.filter(soort__code="huisartsenorganisatie").count(),
        "huisartsenpraktijken": Organisatie.objects.filter(soort__code="huisartsenpraktijk").count(),
        "deelnames aan regio's": Deelname.objects.count(),
        "gebruikers": Gebruiker.objects.count(),
        "lidmaatschappen": Lidmaatschap.objects.count(),
        "mandaten": Mandaat.objects.count(),
        "indicatoren": Indicator.objects.count(),
        "cijfers": Cijfer.objects.count(),
        "regioplannen": Regioplan.objects.count(),
        "activiteiten": Activiteit.objects.count(),
        "meetpunten": Meetpunt.objects.count(),
        "reacties": Reactie.objects.count(),
        "contracten": Contract.objects.count(),
        "contractafspraken": Contractafspraak.objects.count(),
        "bedragen per jaar": Afspraakbedrag.objects.count(),
        "praktijkdeelnames (uitnodigingen)": Praktijkdeelname.objects.count(),
        "waarvan doet mee": Praktijkdeelname.objects.filter(besluit="doet-mee").count(),
    }


def vingerafdruk() -> str:
    """A hash of the generated content (names, e-mails, texts, amounts, figures, decisions; not timestamps): the
    same seed and scale must give the same hash on every run and database."""
    from contracten.models import Afspraakbedrag, Contractafspraak, Praktijkdeelname
    from regio.models import Deelname, Gebruiker, Lidmaatschap, Mandaat, Organisatie, Regio
    from regiobeeld.models import Cijfer
    from regioplan.models import Activiteit, Meetpunt, Plandeel, Reactie

    h = hashlib.sha256()
    bronnen: list[tuple[Any, tuple[str, ...]]] = [
        (Regio.objects.all(), ("naam", "slug", "beschrijving")),
        (Organisatie.objects.all(), ("naam", "soort__code", "agb_code")),
        (Deelname.objects.all(), ("regio__slug", "organisatie__naam", "rol")),
        (Gebruiker.objects.all(), ("email", "naam", "is_staff")),
        (Lidmaatschap.objects.all(), ("gebruiker__email", "organisatie__naam", "rol", "functie")),
        (Mandaat.objects.all(), ("gebruiker__email", "regio__slug", "onderwerp")),
        (Cijfer.objects.all(), ("regio__slug", "indicator__code", "gemeente__code", "jaar", "waarde")),
        (Plandeel.objects.all(), ("regioplan__titel", "soort", "tekst")),
        (Activiteit.objects.all(), ("regioplan__titel", "titel", "beschrijving", "begroting")),
        (Meetpunt.objects.all(), ("activiteit__titel", "omschrijving", "nulmeting", "streefwaarde")),
        (Reactie.objects.all(), ("regioplan__titel", "auteur__email", "tekst")),
        (Contractafspraak.objects.all(), ("contract__titel", "titel", "segment", "aandeel_praktijk")),
        (Afspraakbedrag.objects.all(), ("afspraak__titel", "jaar", "bedrag")),
        (Praktijkdeelname.objects.all(), ("contract__titel", "praktijk__naam", "besluit")),
    ]
    for qs, velden in bronnen:
        for rij in qs.order_by("pk").values_list(*velden):
            h.update(repr(rij).encode())
    return h.hexdigest()[:16]


def database_grootte() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        from pathlib import Path

        pad = Path(str(connection.settings_dict["NAME"]))
        return f"{pad.stat().st_size / 1024 / 1024:.0f} MB (SQLite-bestand)" if pad.exists() else "onbekend"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return str(cursor.fetchone()[0])


def rapport(wereld: Landelijk, totaal: float, database: str) -> None:
    print(f"\n{_gemeen.machine(database)}")
    print("\n| stap | seconden | queries |\n| --- | ---: | ---: |")
    for naam, duur, aantal in wereld.stappen:
        print(f"| {naam} | {duur:.1f} | {_gemeen.getal(aantal)} |")
    print(f"| **totaal (na migreren)** | **{totaal:.1f}** | {_gemeen.getal(sum(s[2] for s in wereld.stappen))} |")
    print("\n| wat | aantal |\n| --- | ---: |")
    for naam, aantal in wereld.aantallen.items():
        print(f"| {naam} | {_gemeen.getal(aantal)} |")
    print(f"\nDatabasegrootte: {database_grootte()}; vingerafdruk van de inhoud: {vingerafdruk()}")
    print(
        f"Focusregio {wereld.focus_regio_pk} ({wereld.regio_slugs[wereld.focus_regio_pk]}): plan {wereld.plan_pk}, "
        f"contract {wereld.contract_pk}; wachtwoord van iedereen: {wereld.wachtwoord!r} ({wereld.wachtwoord_hasher})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    _gemeen.database_argument(parser)
    parser.add_argument("--schaal", type=float, default=1.0, help="1.0 is landelijk; 0.02 een kleine wereld")
    parser.add_argument("--zaad", type=int, default=2026)
    parser.add_argument(
        "--behouden", action="store_true", help="de PostgreSQL-database niet weggooien (voor andere scripts)"
    )
    args = parser.parse_args(argv)
    if args.behouden and not args.database_url:
        parser.error("--behouden kan alleen met --database-url")
    if args.behouden:
        _gemeen.postgres_beheer_url(args.database_url)
        _gemeen.postgres_opnieuw(args.database_url, aanmaken=True)
        import tempfile
        from pathlib import Path

        _gemeen.omgeving_zetten(Path(tempfile.mkdtemp(prefix="regio-landelijk-")), args.database_url)
        _gemeen.django_starten()
        _draaien(args)
        print(f"\nDe database blijft staan: {args.database_url}")
        return 0
    with _gemeen.wegwerpomgeving(args.database_url):
        _draaien(args)
    return 0


def _draaien(args: argparse.Namespace) -> None:
    database = _gemeen.database_beschrijving()
    begin = time.perf_counter()
    wereld = opbouwen(schaal=args.schaal, zaad=args.zaad, log=lambda s: print(s, flush=True))
    rapport(wereld, time.perf_counter() - begin, database)


if __name__ == "__main__":
    sys.exit(main())
