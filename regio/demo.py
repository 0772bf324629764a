"""Demo data for `make run`: real gemeenten, three demo regions of real gemeenten, fictional parties
(marked as demo) and one persona per role. Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt, encrypt
from django.db import transaction
from django.utils import timezone

from regio import services, uitnodigingen
from regio.gemeenten import PEILDATUM_2024, gemeenten_lezen
from regio.koepelgroep import koepelgroep_verzekeren
from regio.models import (
    Deelname,
    Gebruiker,
    Gemeente,
    Mandaat,
    Onderwerp,
    Organisatie,
    OrganisatieSoort,
    Regio,
    Rol,
    Uitnodiging,
)
from regio.tweestaps import tweestaps_verplicht

DEMO_WACHTWOORD = "regio-demo-2026"
# The demo's second factor (README, "Demopersonen"): koen, bram and daan must use two-factor authentication
# (regio/tweestaps.py), so their authenticator app is set up with this fixed, public key (base32).
# `manage.py demo_code <e-mail>` prints the code of the moment; any authenticator app given this key shows it too.
DEMO_TOTP_SLEUTEL = "REGIODEMOTWEESTAPSVERIFICATIE234"
START = dt.date(2025, 1, 1)


@dataclass(frozen=True)
class DemoRegio:
    slug: str
    naam: str
    gemeenten: tuple[str, ...]
    beschrijving: str


REGIOS = (
    DemoRegio(
        "oostelijk-zuid-limburg",
        "Oostelijk Zuid-Limburg",
        ("GM0917", "GM0928", "GM0882", "GM0899", "GM0965", "GM0986", "GM1954"),
        "Parkstad en omliggende gemeenten: een krimpregio met een oudere bevolking en grote "
        "gezondheidsverschillen ten opzichte van de rest van Nederland.",
    ),
    DemoRegio(
        "westelijke-mijnstreek",
        "Westelijke Mijnstreek",
        ("GM1883", "GM0971", "GM0888"),
        "Sittard-Geleen, Stein en Beek: de regio rond het Zuyderland-ziekenhuis in Sittard-Geleen.",
    ),
    DemoRegio(
        "noordoost-twente",
        "Noordoost-Twente",
        ("GM0173", "GM0168", "GM1774", "GM0183"),
        "Oldenzaal, Losser, Dinkelland en Tubbergen: landelijk gebied met kleine kernen.",
    ),
)

# (naam, soort-code)
ORGANISATIES = (
    ("Zorggroep Mijnstreek (demo)", "huisartsenorganisatie"),
    ("Huisartsen Westmijn (demo)", "huisartsenorganisatie"),
    ("Huisartsen Twente-Noord (demo)", "huisartsenorganisatie"),
    ("Zorgverzekeraar Zuid (demo)", "zorgverzekeraar"),
    ("Verzekeraar Noord (demo)", "zorgverzekeraar"),
    ("Huisartsenpraktijk De Linde (demo)", "huisartsenpraktijk"),
    ("Huisartsenpraktijk Kloosterweg (demo)", "huisartsenpraktijk"),
    ("Ziekenhuis Parkstad (demo)", "ziekenhuis"),
    ("Wijkteam Heerlen (demo)", "sociaal-domein"),
    ("Koepel Huisartsenzorg (demo)", "koepel"),
)

# (regio-slug, organisatie, rol)
DEELNAMES = (
    ("oostelijk-zuid-limburg", "Zorggroep Mijnstreek (demo)", Deelname.DeelnameRol.CONTRACTPARTIJ),
    ("oostelijk-zuid-limburg", "Zorgverzekeraar Zuid (demo)", Deelname.DeelnameRol.CONTRACTPARTIJ),
    ("oostelijk-zuid-limburg", "Verzekeraar Noord (demo)", Deelname.DeelnameRol.DEELNEMER),
    ("oostelijk-zuid-limburg", "Huisartsenpraktijk De Linde (demo)", Deelname.DeelnameRol.DEELNEMER),
    ("oostelijk-zuid-limburg", "Huisartsenpraktijk Kloosterweg (demo)", Deelname.DeelnameRol.DEELNEMER),
    ("oostelijk-zuid-limburg", "Ziekenhuis Parkstad (demo)", Deelname.DeelnameRol.DEELNEMER),
    ("oostelijk-zuid-limburg", "Wijkteam Heerlen (demo)", Deelname.DeelnameRol.DEELNEMER),
    ("westelijke-mijnstreek", "Huisartsen Westmijn (demo)", Deelname.DeelnameRol.CONTRACTPARTIJ),
    ("westelijke-mijnstreek", "Zorgverzekeraar Zuid (demo)", Deelname.DeelnameRol.CONTRACTPARTIJ),
    ("noordoost-twente", "Huisartsen Twente-Noord (demo)", Deelname.DeelnameRol.CONTRACTPARTIJ),
    ("noordoost-twente", "Verzekeraar Noord (demo)", Deelname.DeelnameRol.CONTRACTPARTIJ),
)


@dataclass(frozen=True)
class Persona:
    email: str
    naam: str
    organisatie: str
    rol: Rol
    functie: str
    wie: str
    koepel: bool = False


PERSONAS = (
    Persona(
        "anna@zorggroep-mijnstreek.test",
        "Anna de Vries",
        "Zorggroep Mijnstreek (demo)",
        Rol.BEWERKER,
        "beleidsadviseur",
        "bewerker bij de huisartsenorganisatie",
    ),
    Persona(
        "bram@zorggroep-mijnstreek.test",
        "Bram Peters",
        "Zorggroep Mijnstreek (demo)",
        Rol.BEHEERDER,
        "bestuurder",
        "beheerder en gemandateerde bij de huisartsenorganisatie",
    ),
    Persona(
        "carla@praktijk-delinde.test",
        "Carla Smeets",
        "Huisartsenpraktijk De Linde (demo)",
        Rol.LEZER,
        "huisarts",
        "huisarts (lezer) in een praktijk van de regio",
    ),
    Persona(
        "hans@praktijk-delinde.test",
        "Hans Janssen",
        "Huisartsenpraktijk De Linde (demo)",
        Rol.BEHEERDER,
        "praktijkhouder",
        "praktijkhouder (beheerder) van een praktijk: beslist over meedoen aan een contract",
    ),
    Persona(
        "daan@zorgverzekeraar-zuid.test",
        "Daan Willems",
        "Zorgverzekeraar Zuid (demo)",
        Rol.BEWERKER,
        "zorginkoper",
        "zorginkoper en gemandateerde bij de zorgverzekeraar",
    ),
    Persona(
        "eva@verzekeraar-noord.test",
        "Eva Bakker",
        "Verzekeraar Noord (demo)",
        Rol.BEWERKER,
        "zorginkoper",
        "zorginkoper bij een tweede zorgverzekeraar (deelnemer, geen contractpartij)",
    ),
    Persona(
        "frank@twente-noord.test",
        "Frank Mulder",
        "Huisartsen Twente-Noord (demo)",
        Rol.BEWERKER,
        "beleidsadviseur",
        "bewerker in een andere regio (ziet Oostelijk Zuid-Limburg niet)",
    ),
    Persona(
        "koen@koepel.test",
        "Koen Visser",
        "Koepel Huisartsenzorg (demo)",
        Rol.BEHEERDER,
        "medewerker regiozaken",
        "koepelmedewerker (beheerscherm)",
        koepel=True,
    ),
)

# (persona e-mail, regio-slug, onderwerpen, geldig tot)
MANDATEN = (
    (
        "bram@zorggroep-mijnstreek.test",
        "oostelijk-zuid-limburg",
        (Onderwerp.REGIOBEELD, Onderwerp.REGIOPLAN, Onderwerp.CONTRACT, Onderwerp.FINANCIEN),
        dt.date(2029, 12, 31),
    ),
    (
        "daan@zorgverzekeraar-zuid.test",
        "oostelijk-zuid-limburg",
        (Onderwerp.REGIOBEELD, Onderwerp.REGIOPLAN, Onderwerp.CONTRACT, Onderwerp.FINANCIEN),
        dt.date(2029, 12, 31),
    ),
    # An expired mandate, so the product can show one.
    (
        "anna@zorggroep-mijnstreek.test",
        "oostelijk-zuid-limburg",
        (Onderwerp.REGIOPLAN,),
        dt.date(2025, 6, 30),
    ),
)


@dataclass(frozen=True)
class DemoResultaat:
    gemeenten_nieuw: int
    regios: int
    personas: tuple[Persona, ...]


@transaction.atomic
def demo_laden() -> DemoResultaat:
    laad = services.gemeenten_laden(rijen=gemeenten_lezen(), peildatum=PEILDATUM_2024)
    koepelgroep = koepelgroep_verzekeren()
    koepel = Gebruiker.objects.filter(is_staff=True).order_by("pk").first()

    soorten = {s.code: s for s in OrganisatieSoort.objects.all()}
    organisaties: dict[str, Organisatie] = {}
    for naam, soort in ORGANISATIES:
        org = Organisatie.objects.filter(naam=naam).first() or Organisatie(naam=naam, soort=soorten[soort])
        org.is_demo = True
        organisaties[naam] = services.organisatie_opslaan(organisatie=org, acting_user=koepel)

    regios: dict[str, Regio] = {}
    for dr in REGIOS:
        regio = Regio.objects.filter(slug=dr.slug).first() or Regio(slug=dr.slug, naam=dr.naam)
        regio.beschrijving = dr.beschrijving
        regios[dr.slug] = services.regio_opslaan(
            regio=regio, gemeenten=list(Gemeente.objects.filter(code__in=dr.gemeenten)), acting_user=koepel
        )

    for slug, orgnaam, rol in DEELNAMES:
        if not Deelname.objects.filter(regio=regios[slug], organisatie=organisaties[orgnaam]).exists():
            services.deelname_opslaan(
                deelname=Deelname(regio=regios[slug], organisatie=organisaties[orgnaam], rol=rol, van=START),
                acting_user=koepel,
            )

    gebruikers: dict[str, Gebruiker] = {}
    for p in PERSONAS:
        gebruiker = Gebruiker.objects.filter(email=p.email).first()
        if gebruiker is None:
            gebruiker = Gebruiker.objects.create_user(p.email, DEMO_WACHTWOORD, naam=p.naam, is_staff=p.koepel)
        if p.koepel:
            gebruiker.groups.add(koepelgroep)
        services.lid_maken(
            gebruiker=gebruiker,
            organisatie=organisaties[p.organisatie],
            rol=p.rol,
            functie=p.functie,
            acting_user=koepel,
        )
        gebruikers[p.email] = gebruiker

    verlener = gebruikers["koen@koepel.test"]
    for email, slug, onderwerpen, tot in MANDATEN:
        gebruiker = gebruikers[email]
        org = gebruiker.lidmaatschappen.get().organisatie
        for onderwerp in onderwerpen:
            if not Mandaat.objects.filter(gebruiker=gebruiker, regio=regios[slug], onderwerp=onderwerp).exists():
                services.mandaat_verlenen(
                    gebruiker=gebruiker,
                    organisatie=org,
                    regio=regios[slug],
                    onderwerp=onderwerp,
                    geldig_van=START,
                    geldig_tot=tot,
                    toelichting="Demo: besluit van het bestuur.",
                    acting_user=verlener,
                )
    _demo_uitnodiging(gebruikers["bram@zorggroep-mijnstreek.test"])
    for gebruiker in gebruikers.values():
        if tweestaps_verplicht(gebruiker):
            demo_tweestaps_instellen(gebruiker)
    return DemoResultaat(gemeenten_nieuw=laad.nieuw, regios=len(regios), personas=PERSONAS)


# The zorggroep's manager has invited a colleague who has not accepted yet: something to see under "Leden".
DEMO_UITNODIGING = "eva.jansen@zorggroep-mijnstreek.test"


def _demo_uitnodiging(beheerder: Gebruiker) -> None:
    organisatie = beheerder.lidmaatschappen.get().organisatie
    if Uitnodiging.objects.filter(organisatie=organisatie, email=DEMO_UITNODIGING).exists():
        return
    uitnodiging = uitnodigingen.uitnodiging_maken(
        organisatie=organisatie,
        email=DEMO_UITNODIGING,
        rol=Rol.BEWERKER,
        functie="praktijkondersteuner",
        acting_user=beheerder,
    )
    # A made-up address: marked as mailed, so neither the worker nor its relay sends anything.
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(gemaild_op=timezone.now())


def demo_herstelcodes_zaad(gebruiker: Gebruiker) -> str:
    """A fixed seed per persona, so the demo's recovery codes stay the same when the demo is loaded again."""
    return hashlib.sha256(f"regio-demo-herstelcodes:{gebruiker.email}".encode()).hexdigest()


def demo_tweestaps_instellen(gebruiker: Gebruiker) -> None:
    """An activated authenticator app with DEMO_TOTP_SLEUTEL, and recovery codes. Loading again restores the demo
    key if someone changed it, and leaves the recovery codes (and which are used) as they are."""
    totp = Authenticator.objects.filter(user=gebruiker, type=Authenticator.Type.TOTP).first()
    if totp is None:
        Authenticator.objects.create(
            user=gebruiker, type=Authenticator.Type.TOTP, data={"secret": encrypt(DEMO_TOTP_SLEUTEL)}
        )
    elif decrypt(totp.data["secret"]) != DEMO_TOTP_SLEUTEL:
        totp.data = {**totp.data, "secret": encrypt(DEMO_TOTP_SLEUTEL)}
        totp.save(update_fields=["data"])
    if not Authenticator.objects.filter(user=gebruiker, type=Authenticator.Type.RECOVERY_CODES).exists():
        Authenticator.objects.create(
            user=gebruiker,
            type=Authenticator.Type.RECOVERY_CODES,
            data={"seed": encrypt(demo_herstelcodes_zaad(gebruiker)), "used_mask": 0},
        )


def demo_toegestaan() -> None:
    """Refuse the demo loader and `demo_code` on a production configuration: the demo's accounts have a public
    password and authenticator key. Allowed in development (DEBUG) or on a server that says it is a demo server."""
    from django.conf import settings
    from django.core.management.base import CommandError

    if not (settings.DEBUG or settings.REGIO_DEMOSERVER):
        raise CommandError(
            "Geweigerd: dit is geen ontwikkel- of demo-omgeving (DEBUG staat uit). De demo maakt accounts met een "
            "openbaar wachtwoord en een openbare sleutel voor tweestapsverificatie. Is dit echt een demoserver, "
            "zet dan REGIO_DEMOSERVER=true."
        )
