"""Under load, nobody loses work and nobody sees another region: the shortened run of bench/last.py --vertrouwen.

Fifty people of three regions (editors of both contracting parties among them, and an insurer that is a party in
two regions) sign in to gunicorn on PostgreSQL through the real sign-in form and for sixteen seconds read pages
and save parts of their region's plan at the same time. No response may be an error, every save the server
accepted must be in the part's history, and no response may show another region's marker text. Timings are not
asserted here (BENCHMARKS.md has them from the full run of 120 seconds on the national world).

The server runs the test settings (config.settings_test: the production settings with a fast password hasher,
the in-process cache and static files from the source folders), so fifty sign-ins cost milliseconds, not the
seconds of PBKDF2, and nothing has to be collected first.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from regio import services as regio_services
from regio.models import Deelname, Organisatie, Regio, Rol
from regiobeeld import services as regiobeeld_services
from regioplan import services as plan_services
from tests import belasting
from tests.factories import WACHTWOORD, GebruikerFactory, GemeenteFactory, OrganisatieFactory, RegioFactory
from tests.factories import soort as soort_met_code
from tests.personas import START
from tests.servers import BIN, postgres_vereist, proces, server_env, vrije_poort, wacht_tot

SECONDEN = 16


def _org(naam: str, soort: str) -> Organisatie:
    return regio_services.organisatie_opslaan(
        organisatie=OrganisatieFactory.build(naam=naam, soort=soort_met_code(soort)), acting_user=None
    )


def _deelname(regio: Regio, org: Organisatie, rol: str) -> None:
    regio_services.deelname_opslaan(
        deelname=Deelname(regio=regio, organisatie=org, rol=rol, van=START), acting_user=None
    )


def _leden(org: Organisatie, rol: Rol, aantal: int, voorvoegsel: str) -> list[str]:
    emails = []
    for i in range(aantal):
        g = GebruikerFactory.create(email=f"{voorvoegsel}{i}@last.test", naam=f"{voorvoegsel.title()} {i}")
        regio_services.lid_maken(gebruiker=g, organisatie=org, rol=rol, acting_user=None)
        emails.append(g.email)
    return emails


def _wereld() -> tuple[list[str], dict[int, str]]:
    """Three regions, each with a regiobeeld and a plan whose title carries the region's marker; fifty people."""
    regios = []
    for naam in ("Noord", "Midden", "Zuid"):
        regio = RegioFactory.create(naam=f"Lastregio {naam}", slug=f"lastregio-{naam.lower()}")
        regio.gemeenten.set([GemeenteFactory.create(inwoners=40_000)])
        regios.append(regio)
    zorggroepen = [_org(f"Zorggroep {r.naam}", "huisartsenorganisatie") for r in regios]
    verzekeraar_zuid = _org("Verzekeraar Zuid (last)", "zorgverzekeraar")
    verzekeraar_noord = _org("Verzekeraar Noord (last)", "zorgverzekeraar")
    praktijk = _org("Praktijk De Linde (last)", "huisartsenpraktijk")
    for regio, zorggroep in zip(regios, zorggroepen, strict=True):
        _deelname(regio, zorggroep, Deelname.DeelnameRol.CONTRACTPARTIJ)
    # The insurer Zuid is a contracting party in two regions: its people belong to both.
    _deelname(regios[0], verzekeraar_zuid, Deelname.DeelnameRol.CONTRACTPARTIJ)
    _deelname(regios[1], verzekeraar_zuid, Deelname.DeelnameRol.CONTRACTPARTIJ)
    _deelname(regios[2], verzekeraar_noord, Deelname.DeelnameRol.CONTRACTPARTIJ)
    _deelname(regios[0], verzekeraar_noord, Deelname.DeelnameRol.DEELNEMER)
    _deelname(regios[1], praktijk, Deelname.DeelnameRol.DEELNEMER)

    emails: list[str] = []
    for n, zorggroep in enumerate(zorggroepen):
        emails += _leden(zorggroep, Rol.BEWERKER, 7, f"bewerker-zg{n}-")
        emails += _leden(zorggroep, Rol.LEZER, 4, f"lezer-zg{n}-")
    emails += _leden(verzekeraar_zuid, Rol.BEWERKER, 6, "inkoper-zuid-")
    emails += _leden(verzekeraar_zuid, Rol.LEZER, 3, "lezer-zuid-")
    emails += _leden(verzekeraar_noord, Rol.BEWERKER, 4, "inkoper-noord-")
    emails += _leden(verzekeraar_noord, Rol.LEZER, 2, "lezer-noord-")
    emails += _leden(praktijk, Rol.LEZER, 2, "huisarts-")

    merktekst: dict[int, str] = {}
    for regio, bewerker in zip(regios, emails[0::11], strict=False):
        door = GebruikerFactory._meta.model.objects.get(email=bewerker)
        rb = regiobeeld_services.regiobeeld_aanmaken(regio=regio, jaar=2026, acting_user=door)
        merktekst[regio.pk] = f"Merkteken-{regio.slug}-{secrets.token_hex(4)}"
        plan_services.regioplan_aanmaken(
            regio=regio,
            regiobeeld=rb,
            titel=f"Regioplan {regio.naam} {merktekst[regio.pk]}",
            startjaar=2026,
            eindjaar=2028,
            acting_user=door,
        )
    return emails, merktekst


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_people_of_three_regions_lose_no_save_and_see_no_other_region(tmp_path: Path) -> None:
    postgres_vereist()
    emails, merktekst = _wereld()
    personen = belasting.personen_uit_database(emails)
    assert len(personen) == 50 and len({p.regio_pks for p in personen}) >= 4  # one, two and three regions
    assert sum(1 for p in personen if p.bewerkpaden) >= 25

    poort = vrije_poort()
    env = server_env(DJANGO_SETTINGS_MODULE="config.settings_test", REDIS_URL="", TRUSTED_PROXY_COUNT="1")
    log = tmp_path / "gunicorn.log"
    with proces(belasting.gunicorn_args(BIN, poort), env, log):
        sessie = belasting.Sessie("127.0.0.1", poort)
        assert wacht_tot(lambda: sessie.ophalen("/gezondheid/").status == 200, seconden=30), log.read_text()
        opdracht = belasting.Vertrouwensopdracht(
            personen=personen, merktekst=merktekst, wachtwoord=WACHTWOORD, seconden=SECONDEN
        )
        uit = belasting.vertrouwen(opdracht, "127.0.0.1", poort, inlogtijd=15)

    assert uit.inlogfouten == []
    assert uit.fouten == [], log.read_text()[-3000:]
    assert uit.andere_regio == []
    assert len(uit.eigen_merk) >= 10  # the markers are there to be seen, by the people of their own region
    assert belasting.verloren_opslagen(uit.geaccepteerd) == []
    # It did the work: people read pages and saves got through. (On an idle two-core machine: ~300 pages read,
    # ~40 saves accepted and ~25 refused with the conflict page; the floors leave room for a busy CI machine.)
    assert uit.lezingen() >= 50
    assert len(uit.geaccepteerd) >= 10
    assert {m.pagina for m in uit.metingen} >= {"mijn regio's", "regio", "regiobeeld", "regioplan", "opslaan"}
