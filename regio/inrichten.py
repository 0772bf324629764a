"""The koepel sets up a region in one screen: its gemeenten, boundary type, parties with their roles and periods,
and a first invitation to each party's manager. One service, one transaction: all of it or nothing.

The pieces are the existing ones (`services.regio_opslaan`, `services.deelname_opslaan`,
`uitnodigingen.eerste_beheerder_uitnodigen`); this module only adds reading the koepel's input (gemeenten by name or
CBS code, organisations by name, AGB or KvK) and the one log line that says who set the region up.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from regio import audit, services, uitnodigingen
from regio.access import is_koepel
from regio.models import Auditregel, Deelname, Gemeente, Organisatie, OrganisatieSoort, Regio

if TYPE_CHECKING:
    from regio.models import Gebruiker

# At most this many organisations in one search answer: the list is searched, never shown whole.
ZOEK_MAXIMUM = 15


def _sleutel(tekst: str) -> str:
    return re.sub(r"\s+", " ", tekst.strip().casefold())


def gemeenten_herkennen(tekst: str) -> tuple[list[Gemeente], list[str]]:
    """The gemeenten named in `tekst` (by name or CBS code, one per line or separated by commas or semicolons),
    in the order given and each once, and the names not recognised. One query."""
    namen = [deel.strip() for deel in re.split(r"[\n;,]+", tekst or "") if deel.strip()]
    if not namen:
        return [], []
    alle = list(Gemeente.objects.only("pk", "code", "naam", "inwoners"))
    op_code = {g.code.casefold(): g for g in alle}
    op_naam = {_sleutel(g.naam): g for g in alle}
    gevonden: dict[int, Gemeente] = {}
    onbekend: list[str] = []
    for naam in namen:
        sleutel = _sleutel(naam)
        # "GM0983", "0983" and "983" all name Venlo.
        code = (
            f"gm{int(sleutel[2:] if sleutel.startswith('gm') else sleutel):04d}"
            if re.fullmatch(r"(gm)?\d{1,4}", sleutel)
            else ""
        )
        gemeente = op_code.get(code) or op_naam.get(sleutel)
        if gemeente is None:
            onbekend.append(naam)
        else:
            gevonden.setdefault(gemeente.pk, gemeente)
    return list(gevonden.values()), onbekend


def organisaties_zoeken(zoekterm: str) -> QuerySet[Organisatie]:
    """Organisations whose name contains `zoekterm`, or whose AGB code or KvK number is `zoekterm`: at most
    ZOEK_MAXIMUM, names starting with the term first. Empty for a term shorter than two characters."""
    term = (zoekterm or "").strip()
    if len(term) < 2:
        return Organisatie.objects.none()
    return (
        Organisatie.objects.filter(Q(naam__icontains=term) | Q(agb_code=term) | Q(kvk_nummer=term))
        .select_related("soort")
        .order_by("naam")[:ZOEK_MAXIMUM]
    )


def organisatie_lezen(tekst: str) -> Organisatie:
    """The one organisation `tekst` names (its exact name, AGB code or KvK number); a Dutch error otherwise."""
    term = (tekst or "").strip()
    gevonden = list(
        Organisatie.objects.filter(Q(naam__iexact=term) | Q(agb_code=term) | Q(kvk_nummer=term))
        .select_related("soort")
        .order_by("naam")[:2]
    )
    if len(gevonden) == 1:
        return gevonden[0]
    if gevonden:
        raise ValidationError(_("Meer dan één organisatie past bij %(term)s: kies de volledige naam.") % {"term": term})
    suggesties = [o.naam for o in organisaties_zoeken(term)[:5]]
    if suggesties:
        raise ValidationError(
            _("Geen organisatie heet precies %(term)s. Bedoelt u: %(namen)s?")
            % {"term": term, "namen": "; ".join(suggesties)}
        )
    raise ValidationError(
        _(
            'Geen organisatie gevonden voor %(term)s. Kies "Deze organisatie bestaat nog niet" om haar hier aan te '
            "maken, of voeg er veel tegelijk toe met een import."
        )
        % {"term": term}
    )


def nieuwe_organisatie(*, naam: str, soort: OrganisatieSoort | None, agb_code: str, kvk_nummer: str) -> Organisatie:
    """A new organisation for the set-up, checked but not saved (`regio_inrichten` saves it with the region).
    Refused, keyed by field, when its name, AGB code or KvK number is taken: the koepel then picks the existing one."""
    organisatie = Organisatie(naam=naam.strip(), soort=soort, agb_code=agb_code.strip(), kvk_nummer=kvk_nummer.strip())
    fouten: dict[str, list[str]] = {}
    if soort is None:
        fouten["soort"] = [_("Kies de soort van de nieuwe organisatie.")]
    bestaand = Organisatie.objects.filter(
        Q(naam__iexact=organisatie.naam)
        | (Q(agb_code=organisatie.agb_code) if organisatie.agb_code else Q(pk__in=[]))
        | (Q(kvk_nummer=organisatie.kvk_nummer) if organisatie.kvk_nummer else Q(pk__in=[]))
    ).first()
    if bestaand is not None:
        fouten.setdefault("organisatie", []).append(
            _("Deze organisatie bestaat al: %(naam)s. Haal het vinkje weg en kies haar.") % {"naam": bestaand.naam}
        )
    try:
        organisatie.full_clean(exclude=["soort", "naam"], validate_unique=False)
    except ValidationError as fout:
        for veld, lijst in fout.message_dict.items():
            fouten.setdefault(veld, []).extend(lijst)
    if fouten:
        raise ValidationError(fouten)
    return organisatie


@dataclass(frozen=True)
class Partij:
    """One party of the region to set up, and the address of its first manager (empty: no invitation)."""

    organisatie: Organisatie
    rol: str
    van: dt.date
    tot: dt.date | None = None
    beheerder_email: str = ""


@dataclass(frozen=True)
class Ingericht:
    regio: Regio
    deelnames: list[Deelname]
    uitnodigingen: int


def vrije_slug(naam: str) -> str:
    return slugify(naam)[:80].strip("-")


@transaction.atomic
def regio_inrichten(
    *,
    naam: str,
    afbakening: str,
    gemeenten: list[Gemeente],
    partijen: list[Partij],
    beschrijving: str = "",
    acting_user: Gebruiker,
) -> Ingericht:
    """Set up a new region with its gemeenten and parties, and invite each party's first manager.

    Errors come as a ValidationError keyed by field ("naam", "gemeenten", "partijen"); nothing is saved then.
    """
    if not is_koepel(acting_user):
        raise PermissionDenied(_("Alleen koepelmedewerkers richten een regio in."))
    fouten: dict[str, list[str]] = {}
    if not gemeenten:
        fouten["gemeenten"] = [_("Kies ten minste één gemeente.")]
    if not partijen:
        fouten["partijen"] = [_("Voeg ten minste één partij toe.")]
    slug = vrije_slug(naam)
    if Regio.objects.filter(Q(naam__iexact=naam.strip()) | Q(slug=slug)).exists():
        fouten["naam"] = [_("Er bestaat al een regio met deze naam.")]
    organisaties = [p.organisatie.pk or p.organisatie.naam.casefold() for p in partijen]
    if len(set(organisaties)) != len(organisaties):
        fouten.setdefault("partijen", []).append(_("Een organisatie staat twee keer in de lijst van partijen."))
    if partijen and not any(p.rol == Deelname.DeelnameRol.CONTRACTPARTIJ for p in partijen):
        fouten.setdefault("partijen", []).append(
            _("Een regio heeft contractpartijen nodig: de huisartsenorganisatie en de zorgverzekeraar.")
        )
    if fouten:
        raise ValidationError(fouten)
    # Organisations not saved yet are new: made here, with the region.
    nieuw = {p.organisatie.naam for p in partijen if p.organisatie.pk is None}
    regio = services.regio_opslaan(
        regio=Regio(naam=naam.strip(), slug=slug, afbakening=afbakening, beschrijving=beschrijving),
        gemeenten=gemeenten,
        acting_user=acting_user,
    )
    deelnames = []
    aantal_uitnodigingen = 0
    for partij in partijen:
        if partij.organisatie.pk is None:
            try:
                services.organisatie_opslaan(organisatie=partij.organisatie, acting_user=acting_user)
            except ValidationError as fout:
                # Taken since the form checked it: named by the row, and the transaction undoes the rest.
                raise ValidationError(
                    {"partijen": [f"{partij.organisatie.naam}: {m}" for m in fout.messages]}
                ) from fout
        deelname = Deelname(regio=regio, organisatie=partij.organisatie, rol=partij.rol, van=partij.van, tot=partij.tot)
        deelnames.append(services.deelname_opslaan(deelname=deelname, acting_user=acting_user))
        if partij.beheerder_email:
            try:
                uitnodigingen.eerste_beheerder_uitnodigen(
                    organisatie=partij.organisatie, email=partij.beheerder_email, acting_user=acting_user
                )
            except ValidationError as fout:
                # Named by its organisation: the koepel sees which row to change; the transaction undoes the rest.
                raise ValidationError(
                    {"partijen": [f"{partij.organisatie.naam}: {m}" for m in fout.messages]}
                ) from fout
            aantal_uitnodigingen += 1
    audit.vastleggen(
        soort=Auditregel.Soort.REGIO,
        wat="regio ingericht: {naam} ({afbakening}); gemeenten: {gemeenten}; partijen: {partijen}".format(
            naam=regio.naam,
            afbakening=regio.afbakening,
            gemeenten=", ".join(g.code for g in gemeenten),
            partijen=", ".join(
                f"{p.organisatie.naam} als {p.rol}{' (nieuwe organisatie)' if p.organisatie.naam in nieuw else ''}"
                for p in partijen
            ),
        ),
        gebruiker=acting_user,
        regio=regio,
    )
    return Ingericht(regio=regio, deelnames=deelnames, uitnodigingen=aantal_uitnodigingen)
