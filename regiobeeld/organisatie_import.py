"""Bulk import of organisations (thousands of practices) by koepel staff: a CSV or Excel file with name, kind,
AGB code, KvK number and (optionally) the region the organisation takes part in.

The file is read by the figure import's reader (`importeren.tabel_lezen`: the same refusals of unsafe or unreadable
files, the same Dutch messages, the same line numbers), then shown as a preview (new organisations, rows skipped with
their reason) and imported only after confirmation. An organisation that exists (same name, AGB code or KvK number) is
never changed: its row is skipped and says why (no silent overwrite). Participations start today, as participant.

Between preview and confirmation the upload waits in the cache for `BEWAARTIJD`, under a random key only the page
knows; confirming reads and checks it again, so what is imported is what the checks allow at that moment.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from regio import audit, services
from regio.access import is_koepel
from regio.models import Auditregel, Deelname, Organisatie, OrganisatieSoort, Regio, agb_validator, kvk_validator
from regiobeeld.importeren import ImportFout, Tabel, tabel_lezen

if TYPE_CHECKING:
    from regio.models import Gebruiker

BEWAARTIJD = 30 * 60
# Column headings as people write them, lower-case, without spaces and punctuation.
KOLOMMEN = {
    "naam": ("naam", "organisatie", "naamorganisatie", "praktijk", "praktijknaam"),
    "soort": ("soort", "soortorganisatie", "type"),
    "agb": ("agb", "agbcode", "agbnummer"),
    "kvk": ("kvk", "kvknummer", "kvkcode"),
    "regio": ("regio", "regionaam"),
}


@dataclass(frozen=True)
class Nieuw:
    regel: int
    naam: str
    soort: OrganisatieSoort
    agb: str
    kvk: str
    regio: Regio | None


@dataclass
class Voorvertoning:
    nieuw: list[Nieuw] = field(default_factory=list)
    overgeslagen: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def _kop(tekst: str) -> str:
    return "".join(t for t in tekst.casefold() if t.isalnum())


def _kolommen(tabel: Tabel) -> dict[str, str]:
    gevonden: dict[str, str] = {}
    for kolom in tabel.kolommen:
        for veld, namen in KOLOMMEN.items():
            if _kop(kolom) in namen and veld not in gevonden:
                gevonden[veld] = kolom
    ontbreekt = [v for v in ("naam", "soort") if v not in gevonden]
    if ontbreekt:
        raise ImportFout(
            _("Het bestand mist de kolom(men) %(kolommen)s. Verwacht: naam, soort, agb, kvk en (niet verplicht) regio.")
            % {"kolommen": ", ".join(ontbreekt)}
        )
    return gevonden


def _geldig(waarde: str, validator: Callable[[str], object]) -> bool:
    try:
        validator(waarde)
    except ValidationError:
        return False
    return True


def voorvertonen(tabel: Tabel) -> Voorvertoning:
    """Which rows become new organisations and which are skipped, and why. Five queries, whatever the size."""
    kolommen = _kolommen(tabel)
    soorten: dict[str, OrganisatieSoort] = {}
    for s in OrganisatieSoort.objects.all():
        soorten[s.code.casefold()] = s
        soorten[s.naam.casefold()] = s
    regios: dict[str, Regio] = {}
    for r in Regio.objects.all():
        regios[r.slug.casefold()] = r
        regios[r.naam.casefold()] = r
    namen = {n.casefold() for n in Organisatie.objects.values_list("naam", flat=True)}
    agbs = set(Organisatie.objects.exclude(agb_code="").values_list("agb_code", flat=True))
    kvks = set(Organisatie.objects.exclude(kvk_nummer="").values_list("kvk_nummer", flat=True))
    uit = Voorvertoning()

    def cel(rij: Mapping[Hashable, object], veld: str) -> str:
        return str(rij.get(kolommen[veld], "") or "").strip() if veld in kolommen else ""

    for regel, rij in zip(tabel.regels(), tabel.rijen.to_dict("records"), strict=True):
        naam, soortnaam, agb, kvk, regionaam = (cel(rij, v) for v in ("naam", "soort", "agb", "kvk", "regio"))
        if not naam:
            uit.overgeslagen.append((int(regel), _("Geen naam.")))
            continue
        soort = soorten.get(soortnaam.casefold())
        regio: Regio | None = regios.get(regionaam.casefold()) if regionaam else None
        if len(naam) > 200:
            reden = _("De naam is langer dan 200 tekens.")
        elif soort is None:
            reden = _("Onbekende soort organisatie: %(soort)s.") % {"soort": soortnaam or "—"}
        elif agb and not _geldig(agb, agb_validator):
            reden = _("Een AGB-code bestaat uit 8 cijfers.")
        elif kvk and not _geldig(kvk, kvk_validator):
            reden = _("Een KvK-nummer bestaat uit 8 cijfers.")
        elif regionaam and regio is None:
            reden = _("Onbekende regio: %(regio)s.") % {"regio": regionaam}
        elif naam.casefold() in namen:
            reden = _("Er bestaat al een organisatie met deze naam (niet gewijzigd).")
        elif agb and agb in agbs:
            reden = _("Er bestaat al een organisatie met deze AGB-code (niet gewijzigd).")
        elif kvk and kvk in kvks:
            reden = _("Er bestaat al een organisatie met dit KvK-nummer (niet gewijzigd).")
        else:
            reden = ""
        if reden:
            uit.overgeslagen.append((int(regel), reden))
            continue
        assert soort is not None  # noqa: S101 - settled by the checks above
        uit.nieuw.append(Nieuw(int(regel), naam, soort, agb, kvk, regio))
        # Twice in the same file: the second is skipped like an existing one.
        namen.add(naam.casefold())
        if agb:
            agbs.add(agb)
        if kvk:
            kvks.add(kvk)
    return uit


def _koepel_vereist(acting_user: Gebruiker) -> None:
    if not is_koepel(acting_user):
        raise PermissionDenied(_("Alleen koepelmedewerkers importeren organisaties."))


def bewaren(inhoud: bytes, bestandsnaam: str, *, acting_user: Gebruiker) -> tuple[str, Voorvertoning]:
    """Read and check the upload; keep it for the confirmation. Returns the key and the preview."""
    _koepel_vereist(acting_user)
    voorvertoning = voorvertonen(tabel_lezen(inhoud, bestandsnaam))
    sleutel = secrets.token_urlsafe(24)
    cache.set(f"regio:organisatie-import:{acting_user.pk}:{sleutel}", (bestandsnaam, inhoud), BEWAARTIJD)
    return sleutel, voorvertoning


def bewaard(sleutel: str, acting_user: Gebruiker) -> tuple[str, bytes]:
    gevonden = cache.get(f"regio:organisatie-import:{acting_user.pk}:{sleutel}") if sleutel else None
    if gevonden is None:
        raise ImportFout(_("Het bestand is niet meer bewaard (na 30 minuten). Upload het opnieuw."))
    naam, inhoud = gevonden
    return str(naam), bytes(inhoud)


# Rows per round trip when confirming: the organisations, their history, groups and participations are written a
# block at a time, so confirming costs a fixed number of queries per block and per region, not ~30 per row.
BLOK = 500


@transaction.atomic
def organisaties_importeren(*, sleutel: str, acting_user: Gebruiker) -> Voorvertoning:
    """Import what the preview showed as new (checked again now). All or nothing; one log line, plus the rights each
    region gives its new practices."""
    _koepel_vereist(acting_user)
    bestandsnaam, inhoud = bewaard(sleutel, acting_user)
    voorvertoning = voorvertonen(tabel_lezen(inhoud, bestandsnaam))
    vandaag = timezone.localdate()
    regios: dict[int, Regio] = {}
    for begin in range(0, len(voorvertoning.nieuw), BLOK):
        blok = voorvertoning.nieuw[begin : begin + BLOK]
        organisaties = _organisaties_opslaan(blok, acting_user)
        deelnames = [
            Deelname(regio=rij.regio, organisatie=organisatie, rol=Deelname.DeelnameRol.DEELNEMER, van=vandaag)
            for rij, organisatie in zip(blok, organisaties, strict=True)
            if rij.regio is not None
        ]
        for deelname in deelnames:
            # The region exists (the preview found it) and the organisation is new, so no participation can clash:
            # the field checks only, without a query per row.
            deelname.full_clean(exclude=["regio", "organisatie"], validate_unique=False, validate_constraints=False)
            regios[deelname.regio.pk] = deelname.regio
        bulk_create_with_history(deelnames, Deelname, batch_size=BLOK, default_user=acting_user)
    # The regions' rights once per region, not once per practice (services.deelname_opslaan does it per row).
    for regio in regios.values():
        services.regio_toegang_bijwerken(regio=regio)
    audit.vastleggen(
        soort=Auditregel.Soort.REGIO,
        wat=f"organisaties geïmporteerd uit {bestandsnaam}: {len(voorvertoning.nieuw)} nieuw, "
        f"{len(voorvertoning.overgeslagen)} overgeslagen",
        gebruiker=acting_user,
    )
    cache.delete(f"regio:organisatie-import:{acting_user.pk}:{sleutel}")
    return voorvertoning


def _organisaties_opslaan(blok: list[Nieuw], acting_user: Gebruiker) -> list[Organisatie]:
    """One block of new organisations with their history rows and groups, as `services.organisatie_opslaan` saves
    one. The preview has just checked names and codes against every organisation in one query each; the database's
    unique name backs that up if someone adds the same organisation meanwhile (then nothing is imported)."""
    organisaties = [Organisatie(naam=r.naam, soort=r.soort, agb_code=r.agb, kvk_nummer=r.kvk) for r in blok]
    for organisatie in organisaties:
        organisatie.full_clean(exclude=["soort"], validate_unique=False)
    try:
        with transaction.atomic():
            opgeslagen = bulk_create_with_history(organisaties, Organisatie, batch_size=BLOK, default_user=acting_user)
    except IntegrityError as fout:
        raise ImportFout(
            _("Iemand heeft intussen een organisatie uit het bestand toegevoegd. Upload het bestand opnieuw.")
        ) from fout
    services.organisaties_groepen_verzekeren(opgeslagen)
    return list(opgeslagen)
