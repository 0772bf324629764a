"""The named personas every permission test uses, in a small world of two regions.

Region A ("eigen"): GP organisation and insurer Zuid as contracting parties; insurer Noord and a
practice take part as participants (the practice with a GP reader and its owner, who manages it). The zorggroep
also has an editor whose mandates (regioplan, contract) have expired.
Region B ("andere"): another GP organisation (the outsider).

Two-factor authentication: whoever must use it (regio/tweestaps.py) has an authenticator app with TOTP_SLEUTEL:
koepel staff, the zorggroep's manager (regioplan mandate) and insurer Zuid's purchaser (the regioplan and contract
worlds give him mandates). The editor whose mandates expired needs none and has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import encrypt

from regio import services
from regio.models import Deelname, Gebruiker, Organisatie, Regio, Rol
from tests.factories import GebruikerFactory, GemeenteFactory, OrganisatieFactory, RegioFactory
from tests.factories import soort as soort_met_code

START = dt.date(2025, 1, 1)
# The authenticator-app key (base32) of every persona with two-factor authentication: tests compute codes from it.
TOTP_SLEUTEL = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class Wereld:
    regio: Regio
    andere_regio: Regio
    zorggroep: Organisatie
    verzekeraar: Organisatie
    tweede_verzekeraar: Organisatie
    praktijk: Organisatie
    andere_zorggroep: Organisatie
    bewerker: Gebruiker
    oud_gemandateerde: Gebruiker
    beheerder: Gebruiker
    lezer: Gebruiker
    praktijkhouder: Gebruiker
    zorginkoper: Gebruiker
    tweede_zorginkoper: Gebruiker
    buitenstaander: Gebruiker
    koepel: Gebruiker

    def persona(self, naam: str) -> Gebruiker | None:
        return None if naam == "anoniem" else getattr(self, naam)


PERSONAS = (
    "anoniem",
    "buitenstaander",
    "lezer",
    "praktijkhouder",
    "bewerker",
    "oud_gemandateerde",
    "beheerder",
    "zorginkoper",
    "tweede_zorginkoper",
    "koepel",
)


def _org(naam: str, soort: str) -> Organisatie:
    org = OrganisatieFactory.build(naam=naam, soort=soort_met_code(soort))
    return services.organisatie_opslaan(organisatie=org, acting_user=None)


def _lid(org: Organisatie, rol: Rol, **kwargs: object) -> Gebruiker:
    gebruiker = GebruikerFactory.create(**kwargs)
    services.lid_maken(gebruiker=gebruiker, organisatie=org, rol=rol, acting_user=None)
    return gebruiker


def _deelname(regio: Regio, org: Organisatie, rol: str) -> None:
    services.deelname_opslaan(deelname=Deelname(regio=regio, organisatie=org, rol=rol, van=START), acting_user=None)


def tweestaps_geven(gebruiker: Gebruiker, sleutel: str = TOTP_SLEUTEL) -> None:
    """An activated authenticator app with `sleutel`, and recovery codes, as after setting it up. Idempotent."""
    Authenticator.objects.get_or_create(
        user=gebruiker, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(sleutel)}}
    )
    RecoveryCodes.activate(gebruiker)


def wereld_bouwen() -> Wereld:
    regio = RegioFactory.create(naam="Eigen regio", slug="eigen-regio")
    regio.gemeenten.set([GemeenteFactory.create(inwoners=60_000), GemeenteFactory.create(inwoners=45_000)])
    andere = RegioFactory.create(naam="Andere regio", slug="andere-regio")
    andere.gemeenten.set([GemeenteFactory.create(inwoners=30_000)])

    zorggroep = _org("Zorggroep Eigen", "huisartsenorganisatie")
    verzekeraar = _org("Verzekeraar Zuid", "zorgverzekeraar")
    tweede = _org("Verzekeraar Noord", "zorgverzekeraar")
    praktijk = _org("Praktijk De Linde", "huisartsenpraktijk")
    andere_zorggroep = _org("Zorggroep Anders", "huisartsenorganisatie")
    koepelorg = _org("Koepel", "koepel")

    _deelname(regio, zorggroep, Deelname.DeelnameRol.CONTRACTPARTIJ)
    _deelname(regio, verzekeraar, Deelname.DeelnameRol.CONTRACTPARTIJ)
    _deelname(regio, tweede, Deelname.DeelnameRol.DEELNEMER)
    _deelname(regio, praktijk, Deelname.DeelnameRol.DEELNEMER)
    _deelname(andere, andere_zorggroep, Deelname.DeelnameRol.CONTRACTPARTIJ)

    koepel = _lid(koepelorg, Rol.BEHEERDER, naam="Koen Koepel", email="koen@koepel.test", is_staff=True)
    wereld = Wereld(
        regio=regio,
        andere_regio=andere,
        zorggroep=zorggroep,
        verzekeraar=verzekeraar,
        tweede_verzekeraar=tweede,
        praktijk=praktijk,
        andere_zorggroep=andere_zorggroep,
        bewerker=_lid(zorggroep, Rol.BEWERKER, naam="Anna Bewerker", email="anna@zorggroep.test"),
        oud_gemandateerde=_lid(zorggroep, Rol.BEWERKER, naam="Olga Oudbestuur", email="olga@zorggroep.test"),
        beheerder=_lid(zorggroep, Rol.BEHEERDER, naam="Bram Beheerder", email="bram@zorggroep.test"),
        lezer=_lid(praktijk, Rol.LEZER, naam="Carla Huisarts", email="carla@praktijk.test"),
        praktijkhouder=_lid(praktijk, Rol.BEHEERDER, naam="Hans Praktijkhouder", email="hans@praktijk.test"),
        zorginkoper=_lid(verzekeraar, Rol.BEWERKER, naam="Daan Inkoper", email="daan@zuid.test"),
        tweede_zorginkoper=_lid(tweede, Rol.BEWERKER, naam="Eva Inkoper", email="eva@noord.test"),
        buitenstaander=_lid(andere_zorggroep, Rol.BEWERKER, naam="Frank Anders", email="frank@anders.test"),
        koepel=koepel,
    )
    services.mandaat_verlenen(
        gebruiker=wereld.beheerder,
        organisatie=zorggroep,
        regio=regio,
        onderwerp="regioplan",
        geldig_van=START,
        acting_user=koepel,
    )
    for gemandateerde in (wereld.koepel, wereld.beheerder, wereld.zorginkoper):
        tweestaps_geven(gemandateerde)
    # Olga decided for the zorggroep until mid-2025: her mandates have run out, so she may decide nothing now.
    for onderwerp in ("regioplan", "contract"):
        services.mandaat_verlenen(
            gebruiker=wereld.oud_gemandateerde,
            organisatie=zorggroep,
            regio=regio,
            onderwerp=onderwerp,
            geldig_van=START,
            geldig_tot=dt.date(2025, 6, 30),
            acting_user=koepel,
        )
    return wereld
