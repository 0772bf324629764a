"""Writes for regions, parties, memberships and mandates. Each is atomic and validates with full_clean().

Which groups should hold which rights on a region is decided here; `access.py` writes and reads the
object permissions (it is the only module that calls django-guardian).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from regio import audit
from regio.access import RegioActie, regio_rechten_gelijkzetten
from regio.gemeenten import GemeenteRij
from regio.models import (
    ROLLEN_OPLOPEND,
    Auditregel,
    Deelname,
    Gemeente,
    Lidmaatschap,
    Mandaat,
    Onderwerp,
    Organisatie,
    OrganisatieGroep,
    Regio,
    Rol,
    WerkerHartslag,
)

if TYPE_CHECKING:
    from regio.models import Gebruiker


def _groepsnaam(organisatie: Organisatie, rol: str) -> str:
    return f"organisatie-{organisatie.pk}-{rol}"


def organisatie_groepen_verzekeren(organisatie: Organisatie) -> dict[str, Group]:
    """The organisation's group per role, created when missing (one group per role, roles cumulative)."""
    return organisaties_groepen_verzekeren([organisatie])[organisatie.pk]


# Organisations per round trip when groups are looked up or made in bulk: keeps each query's parameters well under
# SQLite's limit, whatever the number of organisations.
GROEPEN_BLOK = 500


def organisaties_groepen_verzekeren(organisaties: Iterable[Organisatie]) -> dict[int, dict[str, Group]]:
    """Per organisation (by pk) its group per role, the missing ones created in bulk: a fixed number of queries per
    block of `GROEPEN_BLOK` organisations (one when all groups exist), not a few per organisation."""
    uniek = list({o.pk: o for o in organisaties}.values())
    groepen: dict[int, dict[str, Group]] = {o.pk: {} for o in uniek}
    for begin in range(0, len(uniek), GROEPEN_BLOK):
        blok = uniek[begin : begin + GROEPEN_BLOK]
        for og in OrganisatieGroep.objects.filter(organisatie__in=blok).select_related("groep"):
            groepen[og.organisatie_id][og.rol] = og.groep
        ontbrekend = {
            _groepsnaam(o, rol.value): (o, rol.value)
            for o in blok
            for rol in ROLLEN_OPLOPEND
            if rol.value not in groepen[o.pk]
        }
        if not ontbrekend:
            continue
        # A group of this name may be left by a deleted organisation whose pk came back (SQLite reuses them).
        bestaand = set(Group.objects.filter(name__in=ontbrekend).values_list("name", flat=True))
        Group.objects.bulk_create([Group(name=naam) for naam in ontbrekend if naam not in bestaand])
        nieuw = {g.name: g for g in Group.objects.filter(name__in=ontbrekend)}
        OrganisatieGroep.objects.bulk_create(
            [OrganisatieGroep(organisatie=o, rol=rol, groep=nieuw[naam]) for naam, (o, rol) in ontbrekend.items()]
        )
        for naam, (o, rol) in ontbrekend.items():
            groepen[o.pk][rol] = nieuw[naam]
    return groepen


def _rollen_tot_en_met(rol: str) -> set[str]:
    rollen: set[str] = set()
    for r in ROLLEN_OPLOPEND:
        rollen.add(r.value)
        if r.value == rol:
            break
    return rollen


@transaction.atomic
def gebruiker_groepen_bijwerken(gebruiker: Gebruiker) -> None:
    """Put the user in each organisation's groups for their role and every role below it; out of the rest.

    Groups that are not an organisation's (e.g. the koepel's admin group) are left alone.
    """
    gewenst: set[int] = set()
    for lid in Lidmaatschap.objects.filter(gebruiker=gebruiker).select_related("organisatie"):
        groepen = organisatie_groepen_verzekeren(lid.organisatie)
        gewenst |= {groepen[r].pk for r in _rollen_tot_en_met(lid.rol)}
    huidig = set(gebruiker.groups.filter(organisatiegroep__isnull=False).values_list("pk", flat=True))
    if gewenst - huidig:
        gebruiker.groups.add(*(gewenst - huidig))
    if huidig - gewenst:
        gebruiker.groups.remove(*(huidig - gewenst))


@transaction.atomic
def organisatie_opslaan(*, organisatie: Organisatie, acting_user: Gebruiker | None) -> Organisatie:
    organisatie.full_clean()
    organisatie.save()
    organisatie_groepen_verzekeren(organisatie)
    return organisatie


@transaction.atomic
def lidmaatschap_opslaan(*, lidmaatschap: Lidmaatschap, acting_user: Gebruiker | None) -> Lidmaatschap:
    """Save a new or changed membership; the user's groups follow its role."""
    nieuw = lidmaatschap._state.adding
    lidmaatschap.full_clean()
    lidmaatschap.save()
    gebruiker_groepen_bijwerken(lidmaatschap.gebruiker)
    audit.vastleggen(
        soort=Auditregel.Soort.LIDMAATSCHAP,
        wat=("lid gemaakt: %s als %s" if nieuw else "lidmaatschap gewijzigd: %s is nu %s")
        % (lidmaatschap.gebruiker.email, lidmaatschap.rol),
        gebruiker=acting_user,
        organisatie=lidmaatschap.organisatie,
    )
    return lidmaatschap


def lid_maken(
    *,
    gebruiker: Gebruiker,
    organisatie: Organisatie,
    rol: str,
    functie: str = "",
    acting_user: Gebruiker | None,
) -> Lidmaatschap:
    """Make `gebruiker` a member of `organisatie` with `rol`, or change the role of an existing member."""
    lid = Lidmaatschap.objects.filter(gebruiker=gebruiker, organisatie=organisatie).first() or Lidmaatschap(
        gebruiker=gebruiker, organisatie=organisatie
    )
    lid.rol = rol
    lid.functie = functie
    return lidmaatschap_opslaan(lidmaatschap=lid, acting_user=acting_user)


@transaction.atomic
def lidmaatschap_beeindigen(*, lidmaatschap: Lidmaatschap, acting_user: Gebruiker | None) -> None:
    """End a membership: the user leaves the organisation's groups and their mandates for it end today."""
    vandaag = timezone.localdate()
    for mandaat in Mandaat.objects.geldig_op(vandaag).filter(
        gebruiker=lidmaatschap.gebruiker, organisatie=lidmaatschap.organisatie
    ):
        mandaat.geldig_tot = max(mandaat.geldig_van, vandaag - dt.timedelta(days=1))
        mandaat._change_reason = "lidmaatschap beëindigd"  # type: ignore[attr-defined]  # read by simple-history
        mandaat.save()
    gebruiker = lidmaatschap.gebruiker
    organisatie = lidmaatschap.organisatie
    lidmaatschap.delete()
    gebruiker_groepen_bijwerken(gebruiker)
    audit.vastleggen(
        soort=Auditregel.Soort.LIDMAATSCHAP,
        wat=f"lidmaatschap beëindigd: {gebruiker.email}",
        gebruiker=acting_user,
        organisatie=organisatie,
    )


@transaction.atomic
def regio_opslaan(*, regio: Regio, gemeenten: list | None = None, acting_user: Gebruiker | None) -> Regio:
    regio.full_clean()
    regio.save()
    if gemeenten is not None:
        regio.gemeenten.set(gemeenten)
    regio_toegang_bijwerken(regio=regio)
    return regio


@transaction.atomic
def deelname_opslaan(*, deelname: Deelname, acting_user: Gebruiker | None) -> Deelname:
    deelname.full_clean()
    deelname.save()
    regio_toegang_bijwerken(regio=deelname.regio)
    return deelname


@transaction.atomic
def deelname_verwijderen(*, deelname: Deelname, acting_user: Gebruiker | None) -> None:
    regio = deelname.regio
    deelname.delete()
    regio_toegang_bijwerken(regio=regio)


@transaction.atomic
def regio_toegang_bijwerken(*, regio: Regio, op: dt.date | None = None) -> None:
    """Grant the region's object permissions to the groups of the organisations that take part.

    - view: the reader group of every organisation that takes part (now or from a later date);
    - edit the shared documents: the editor group of every contracting party.
    Idempotent: run it after every change of participations, and periodically so that ended
    participations lose access on the day after they end.
    """
    op = op or timezone.localdate()
    deelnames = list(Deelname.objects.filter(regio=regio).lopend_of_komend(op).select_related("organisatie"))
    groepen = organisaties_groepen_verzekeren(d.organisatie for d in deelnames)
    gewenst: dict[RegioActie, set[Group]] = {
        RegioActie.BEKIJKEN: {groepen[d.organisatie_id][Rol.LEZER] for d in deelnames},
        RegioActie.BEWERKEN: {
            groepen[d.organisatie_id][Rol.BEWERKER] for d in deelnames if d.rol == Deelname.DeelnameRol.CONTRACTPARTIJ
        },
    }
    gewijzigd = regio_rechten_gelijkzetten(regio, gewenst)
    if not gewijzigd:
        return
    # Whose group it is, for the log: known for the participants, looked up once for groups that lost their right.
    eigenaar: dict[int, Organisatie | None] = {
        g.pk: d.organisatie for d in deelnames for g in groepen[d.organisatie_id].values()
    }
    onbekend = {groep.pk for groep, _wat in gewijzigd} - eigenaar.keys()
    if onbekend:
        eigenaar |= {
            og.groep_id: og.organisatie
            for og in OrganisatieGroep.objects.filter(groep__in=onbekend).select_related("organisatie")
        }
    audit.alles_vastleggen(
        [
            audit.auditregel(
                soort=Auditregel.Soort.RECHTEN,
                wat=f"{wat} aan groep {groep.name} op regio {regio.naam}",
                organisatie=eigenaar.get(groep.pk),
                regio=regio,
            )
            for groep, wat in gewijzigd
        ]
    )


def toegang_alle_regios_bijwerken() -> int:
    aantal = 0
    for regio in Regio.objects.all():
        regio_toegang_bijwerken(regio=regio)
        aantal += 1
    return aantal


@transaction.atomic
def mandaat_verlenen(
    *,
    gebruiker: Gebruiker,
    organisatie: Organisatie,
    regio: Regio,
    onderwerp: Onderwerp | str,
    geldig_van: dt.date,
    geldig_tot: dt.date | None = None,
    toelichting: str = "",
    besluitreferentie: str = "",
    acting_user: Gebruiker,
) -> Mandaat:
    mandaat = Mandaat(
        besluitreferentie=besluitreferentie,
        gebruiker=gebruiker,
        organisatie=organisatie,
        regio=regio,
        onderwerp=onderwerp,
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
        toelichting=toelichting,
        verleend_door=acting_user,
    )
    return mandaat_opslaan(mandaat=mandaat, acting_user=acting_user)


@transaction.atomic
def mandaat_opslaan(*, mandaat: Mandaat, acting_user: Gebruiker) -> Mandaat:
    """Grant a new mandate or change one (e.g. end it); the log says who did it."""
    nieuw = mandaat._state.adding
    mandaat.full_clean()
    if not nieuw and mandaat.einde_gemeld_op is not None and _einddatum_gewijzigd(mandaat):
        # A new end date: holder and managers are told again a month before it (regio/mandaateinde.py).
        mandaat.einde_gemeld_op = None
    mandaat.save()
    audit.vastleggen(
        soort=Auditregel.Soort.MANDAAT,
        wat=f"mandaat {mandaat.onderwerp} {'verleend aan' if nieuw else 'gewijzigd voor'} {_mandaat_tekst(mandaat)}",
        gebruiker=acting_user,
        organisatie=mandaat.organisatie,
        regio=mandaat.regio,
    )
    return mandaat


def _einddatum_gewijzigd(mandaat: Mandaat) -> bool:
    return Mandaat.objects.filter(pk=mandaat.pk).values_list("geldig_tot", flat=True).first() != mandaat.geldig_tot


def _mandaat_tekst(mandaat: Mandaat) -> str:
    tot = mandaat.geldig_tot.isoformat() if mandaat.geldig_tot else "zonder einddatum"
    besluit = f", besluit {mandaat.besluitreferentie}" if mandaat.besluitreferentie else ""
    return f"{mandaat.gebruiker.email}, geldig van {mandaat.geldig_van.isoformat()} tot {tot}{besluit}"


@transaction.atomic
def mandaat_verwijderen(*, mandaat: Mandaat, acting_user: Gebruiker) -> None:
    """Remove a mandate altogether (one that never took effect, or a mistake): the log keeps what it was."""
    wat = f"mandaat {mandaat.onderwerp} verwijderd: {_mandaat_tekst(mandaat)}"
    organisatie, regio = mandaat.organisatie, mandaat.regio
    mandaat.delete()
    audit.vastleggen(
        soort=Auditregel.Soort.MANDAAT, wat=wat, gebruiker=acting_user, organisatie=organisatie, regio=regio
    )


def werker_hartslag_registreren(*, naam: str) -> WerkerHartslag:
    hartslag, _ = WerkerHartslag.objects.update_or_create(naam=naam, defaults={"laatst_gezien": timezone.now()})
    return hartslag


@dataclass(frozen=True)
class LaadResultaat:
    nieuw: int
    bijgewerkt: int


@transaction.atomic
def gemeenten_laden(*, rijen: list[GemeenteRij], peildatum: dt.date, bron: str = "CBS") -> LaadResultaat:
    """Insert or update gemeenten by CBS code; rerunning never duplicates."""
    bestaand = set(Gemeente.objects.values_list("code", flat=True))
    objecten = [
        Gemeente(
            code=r.code,
            naam=r.naam,
            provincie=r.provincie,
            inwoners=r.inwoners,
            inwoners_peildatum=peildatum,
            oppervlakte_land_km2=r.oppervlakte_land_km2,
            bron=bron,
        )
        for r in rijen
    ]
    for obj in objecten:
        obj.full_clean(validate_unique=False)
    Gemeente.objects.bulk_create(
        objecten,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["naam", "provincie", "inwoners", "inwoners_peildatum", "oppervlakte_land_km2", "bron"],
    )
    nieuw = sum(1 for r in rijen if r.code not in bestaand)
    return LaadResultaat(nieuw=nieuw, bijgewerkt=len(rijen) - nieuw)
