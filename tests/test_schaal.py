"""Issue 8: a page costs the same number of queries in a small world as at national scale.

The personas' world with a concept plan, an adopted plan and a contract is counted page by page; then the world
grows (more regions with their parties, people, practices, figures and regiobeelden; in the own region more practices
invited and deciding, more activities with measuring points, more comment threads with replies, more contract
lines, more readers) and every page must cost exactly as many queries as before, and never more than 20.
`bench/queries_bench.py` does the same between a one-region and a national database.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracten import deelname as deelname_services
from contracten.models import Contract, Praktijkdeelname
from regio.models import Deelname, Gebruiker, Organisatie, Regio, Rol
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Cijfer, Importbestand, Indicator
from regioplan import services as plan_services
from regioplan.models import Regioplan
from tests.contracten.werelden import afspraak_maken, contract_wereld
from tests.factories import GemeenteFactory, RegioFactory
from tests.personas import Wereld, _deelname, _lid, _org
from tests.regioplan.werelden import activiteit_maken, meetpunt_maken, regiobeeld_met_uitdagingen

pytestmark = pytest.mark.django_db


GRENS = 20


def _cijfers(regio: Regio, indicatoren: list[Indicator]) -> None:
    Cijfer.objects.bulk_create(
        Cijfer(regio=regio, indicator=i, gemeente=g, jaar=jaar, waarde=Decimal(1000 + jaar), bron="test")
        for g in regio.gemeenten.all()
        for i in indicatoren
        for jaar in range(2021, 2025)
    )


def _activiteiten(wereld: Wereld, plan: Regioplan, aantal: int, start: int) -> None:
    for i in range(start, start + aantal):
        activiteit = activiteit_maken(
            wereld, plan, titel=f"Activiteit {i}", uitdagingen=list(plan.uitdagingen.all()[: 1 + i % 2])
        )
        for j in range(1 + i % 2):
            meetpunt_maken(wereld, activiteit, omschrijving=f"Meetpunt {i}.{j}")


def _draden(wereld: Wereld, plan: Regioplan, aantal: int, start: int) -> None:
    """Threads on parts and activities with a reply each, some resolved, and an internal note."""
    delen, activiteiten = list(plan.delen.all()), list(plan.activiteiten.all())
    for i in range(start, start + aantal):
        onderwerp = (
            {"plandeel": delen[i % len(delen)]} if i % 2 else {"activiteit": activiteiten[i % len(activiteiten)]}
        )
        hoofd = plan_services.reactie_plaatsen(
            regioplan=plan, tekst=f"Vraag {i}", acting_user=wereld.lezer, **onderwerp
        )
        plan_services.reactie_plaatsen(
            regioplan=plan, tekst=f"Antwoord {i}", acting_user=wereld.bewerker, antwoord_op=hoofd
        )
        if i % 3 == 0:
            plan_services.reactie_oplossen(reactie=hoofd, opgelost=True, acting_user=wereld.bewerker)
    plan_services.reactie_plaatsen(
        regioplan=plan, tekst=f"Notitie {start}", acting_user=wereld.beheerder, intern_voor=wereld.zorggroep
    )


def _kleine_wereld(wereld: Wereld) -> Regioplan:
    """The contract world, figures for the own region, and a concept plan with a few activities and threads."""
    contract_wereld(wereld)
    kernset_laden()
    _cijfers(wereld.regio, list(Indicator.objects.all()[:4]))
    # An older value a newer import kept at an empty cell: the regiobeeld and key figures list it (issue 18).
    nieuw = Importbestand.objects.create(
        regio=wereld.regio, bestandsnaam="nieuw.csv", grootte=1, bron="test", aangemaakt_door=wereld.bewerker
    )
    eerste = Cijfer.objects.filter(regio=wereld.regio, jaar=2024).order_by("pk").values("pk")[:1]
    Cijfer.objects.filter(pk__in=eerste).update(behouden_bij=nieuw)
    plan = plan_services.regioplan_aanmaken(
        regio=wereld.regio,
        regiobeeld=regiobeeld_met_uitdagingen(wereld),
        titel="Regioplan Eigen regio 2027",
        startjaar=2026,
        eindjaar=2028,
        acting_user=wereld.bewerker,
    )
    _activiteiten(wereld, plan, 2, 0)
    _draden(wereld, plan, 2, 0)
    return plan


def _groeien(wereld: Wereld, plan: Regioplan, n: int) -> None:
    """`n` more regions with their own parties, people, practices, figures and a regiobeeld; in the own
    region more practices (invited, some deciding), readers, activities, threads and contract lines."""
    indicatoren = list(Indicator.objects.all()[:4])
    for i in range(n):
        regio = RegioFactory.create()
        regio.gemeenten.set([GemeenteFactory.create(), GemeenteFactory.create()])
        zorggroep = _org(f"Zorggroep groei {i}", "huisartsenorganisatie")
        _deelname(regio, zorggroep, Deelname.DeelnameRol.CONTRACTPARTIJ)
        _deelname(regio, wereld.verzekeraar, Deelname.DeelnameRol.CONTRACTPARTIJ)
        _deelname(regio, wereld.tweede_verzekeraar, Deelname.DeelnameRol.DEELNEMER)
        for rol in (Rol.BEWERKER, Rol.LEZER, Rol.LEZER):
            _lid(zorggroep, rol)
        for j in range(2):
            praktijk = _org(f"Praktijk groei {i}.{j}", "huisartsenpraktijk")
            _deelname(regio, praktijk, Deelname.DeelnameRol.DEELNEMER)
            _lid(praktijk, Rol.LEZER)
        _cijfers(regio, indicatoren)
        regiobeeld_met_uitdagingen(wereld, regio=regio, jaar=2026)
    # The own region: practices invited to the contract, some deciding; more people; a bigger plan and contract.
    contract = Contract.objects.get(pk=wereld.contract.pk)  # type: ignore[attr-defined]
    nieuw: list[Organisatie] = []
    for j in range(3 * n):
        praktijk = _org(f"Praktijk eigen {n}.{j}", "huisartsenpraktijk")
        _deelname(wereld.regio, praktijk, Deelname.DeelnameRol.DEELNEMER)
        _lid(praktijk, Rol.LEZER)
        _lid(praktijk, Rol.BEHEERDER)
        nieuw.append(praktijk)
    deelname_services.praktijken_uitnodigen(
        contract=contract, pakket=None, praktijken=nieuw, acting_user=wereld.bewerker
    )
    for rij in Praktijkdeelname.objects.filter(praktijk__in=nieuw).order_by("pk")[: 2 * n]:
        rij.besluit = (Praktijkdeelname.Besluit.DOET_MEE, Praktijkdeelname.Besluit.DOET_NIET_MEE)[rij.pk % 2]
        rij.besloten_op = timezone.localdate()
        rij.besloten_door = Gebruiker.objects.filter(lidmaatschappen__organisatie=rij.praktijk).first()
        rij.save()
    for _ in range(n):
        _lid(wereld.zorggroep, Rol.LEZER)
        _lid(wereld.verzekeraar, Rol.BEWERKER)
    _activiteiten(wereld, plan, 2 * n, 100)
    _draden(wereld, plan, 2 * n, 100)
    for k in range(n):
        afspraak_maken(wereld, contract, titel=f"Afspraak groei {k}", segment=("S1", "S2", "S3")[k % 3])


def _paginas(wereld: Wereld, plan: Regioplan) -> list[tuple[str, Gebruiker, str]]:
    slug = wereld.regio.slug
    contract = wereld.contract  # type: ignore[attr-defined]
    c = [slug, contract.pk]
    return [
        ("Mijn regio's", wereld.bewerker, reverse("regio:mijn_regios")),
        ("Mijn regio's", wereld.lezer, reverse("regio:mijn_regios")),
        ("Mijn regio's", wereld.praktijkhouder, reverse("regio:mijn_regios")),
        ("Mijn regio's", wereld.zorginkoper, reverse("regio:mijn_regios")),
        ("regiopagina", wereld.bewerker, reverse("regio:regio_detail", args=[slug])),
        ("regiobeelden", wereld.bewerker, reverse("regiobeeld:lijst", args=[slug])),
        ("regiobeeld", wereld.bewerker, reverse("regiobeeld:detail", args=[slug, plan.regiobeeld.jaar])),
        ("regiobeeld", wereld.lezer, reverse("regiobeeld:detail", args=[slug, plan.regiobeeld.jaar])),
        ("cijfers", wereld.bewerker, reverse("regiobeeld:cijfers", args=[slug])),
        ("regioplannen", wereld.bewerker, reverse("regioplan:lijst", args=[slug])),
        ("planpagina", wereld.bewerker, reverse("regioplan:detail", args=[slug, plan.pk])),
        ("planpagina", wereld.lezer, reverse("regioplan:detail", args=[slug, plan.pk])),
        ("contracten", wereld.bewerker, reverse("contracten:lijst", args=[slug])),
        ("contract", wereld.bewerker, reverse("contracten:detail", args=c)),
        ("contract", wereld.zorginkoper, reverse("contracten:detail", args=c)),
        ("financiën", wereld.bewerker, reverse("contracten:financien", args=c)),
        ("praktijken", wereld.bewerker, reverse("contracten:deelnames", args=c)),
        ("monitoring contract", wereld.bewerker, reverse("contracten:monitoring_contract", args=c)),
        ("historie contract", wereld.bewerker, reverse("contracten:historie", args=c)),
        ("monitoring regio", wereld.bewerker, reverse("contracten:monitoring", args=[slug])),
        ("mijn uitnodigingen", wereld.praktijkhouder, reverse("contracten:mijn_uitnodigingen", args=[slug])),
    ]


def _tellen(wereld: Wereld, plan: Regioplan, alleen: str | None = None) -> dict[str, int]:
    """Queries of the second request of each page (the first warms caches and the session up); `alleen`: only the
    pages with that name."""
    from django.core.cache import cache

    cache.clear()
    uitkomst: dict[str, int] = {}
    clients: dict[int, Client] = {}
    for naam, wie, url in _paginas(wereld, plan):
        if alleen is not None and naam != alleen:
            continue
        if wie.pk not in clients:
            clients[wie.pk] = Client()
            clients[wie.pk].force_login(wie)
        client = clients[wie.pk]
        client.get(url)
        with CaptureQueriesContext(connection) as vragen:
            antwoord = client.get(url)
        assert antwoord.status_code == 200, f"{naam} ({wie.email}): {antwoord.status_code}"
        uitkomst[f"{naam} ({wie.email})"] = len(vragen.captured_queries)
    return uitkomst


def test_every_main_page_costs_as_many_queries_in_a_grown_world_and_at_most_twenty(wereld: Wereld) -> None:
    plan = _kleine_wereld(wereld)
    klein = _tellen(wereld, plan)
    _groeien(wereld, plan, 2)
    groot = _tellen(wereld, plan)
    assert plan.activiteiten.count() >= 6 and plan.reacties.count() >= 14
    assert Praktijkdeelname.objects.filter(contract=wereld.contract).count() >= 7  # type: ignore[attr-defined]
    assert groot == klein
    assert {pagina: n for pagina, n in groot.items() if n > GRENS} == {}


def test_the_counts_notice_a_page_that_queries_per_row(wereld: Wereld, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above can fail: a list page that asks the database once per row is caught."""
    from contracten import deelname

    plan = _kleine_wereld(wereld)
    origineel = deelname.praktijken_overzicht

    def per_rij(contract: Contract) -> list[deelname.Onderdeel]:
        for rij in Praktijkdeelname.objects.filter(contract=contract):
            Organisatie.objects.get(pk=rij.praktijk_id)  # one query per invited practice
        return origineel(contract)

    monkeypatch.setattr(deelname, "praktijken_overzicht", per_rij)
    klein = _tellen(wereld, plan, alleen="praktijken")
    _groeien(wereld, plan, 1)
    groot = _tellen(wereld, plan, alleen="praktijken")
    sleutel = f"praktijken ({wereld.bewerker.email})"
    assert groot[sleutel] > klein[sleutel]
