"""Writes for the regiobeeld: the document, its parts and challenges, agreement, and the figure import.

Every change to a regiobeeld raises its version, which withdraws earlier agreements (they hold only
for the version they were given on) and is recorded with who made it for which party (`regio.wijzigingen`); the
field history of every part and challenge is kept by django-simple-history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from regio import audit, goedkeuring, wachtrij, wijzigingen
from regio.gelijktijdig import koppelingen_samengevoegd, opslaan_met_versie, samenvoegnotitie
from regio.historie import door
from regio.models import Auditregel, Deelname, Gemeente, Organisatie, Regio
from regiobeeld import importeren
from regiobeeld.access import mandaat_voor_akkoord
from regiobeeld.catalogus import DEEL_PER_DOMEIN
from regiobeeld.models import (
    Aggregatie,
    Akkoord,
    Cijfer,
    Deel,
    Deelsoort,
    Importbestand,
    Indicator,
    Indicatoralias,
    Onthoudenkoppeling,
    Regiobeeld,
    Uitdaging,
    Uitgelicht,
)

if TYPE_CHECKING:
    from regio.models import Gebruiker

log = logging.getLogger(__name__)

MAX_AFWIJZINGEN_BEWAARD = 500
BATCH = 5000


# --- the document -------------------------------------------------------------------------------


def _versie_verhogen(regiobeeld: Regiobeeld) -> None:
    Regiobeeld.objects.filter(pk=regiobeeld.pk).update(versie=F("versie") + 1)
    regiobeeld.refresh_from_db(fields=["versie"])


def _gewijzigd(regiobeeld: Regiobeeld, acting_user: Gebruiker, wat: str) -> None:
    """Raise the version, withdraw the agreements given (with the reason), record who changed what for which
    party, and after commit tell those whose agreement lapsed (not the person who made the change)."""
    from regiobeeld import tasks

    _versie_verhogen(regiobeeld)
    pks = goedkeuring.intrekken_door(
        regiobeeld.akkoorden.all(),
        omdat=_("Het regiobeeld is daarna gewijzigd: %(wat)s") % {"wat": wat},
        door=acting_user,
    )
    _loggen(regiobeeld, acting_user, wat)
    if pks:
        tasks.intrekking_mailen.delay_on_commit(pks)


def _loggen(regiobeeld: Regiobeeld, acting_user: Gebruiker, wat: str, namens: Organisatie | None = None) -> None:
    namens = namens or _organisatie_van(regiobeeld.regio, acting_user)
    wijzigingen.vastleggen(regiobeeld, acting_user=acting_user, wat=wat, namens=namens)


@transaction.atomic
def regiobeeld_aanmaken(*, regio: Regio, jaar: int, acting_user: Gebruiker) -> Regiobeeld:
    """A new regiobeeld for `jaar`; it starts as a copy of the region's latest earlier one, if any."""
    if Regiobeeld.objects.filter(regio=regio, jaar=jaar).exists():
        raise ValidationError({"jaar": _("Er is al een regiobeeld voor %(jaar)s.") % {"jaar": jaar}})
    vorige = Regiobeeld.objects.filter(regio=regio, jaar__lt=jaar).order_by("-jaar").first()
    regiobeeld = Regiobeeld(regio=regio, jaar=jaar, gebaseerd_op=vorige, aangemaakt_door=acting_user)
    regiobeeld.full_clean()
    regiobeeld.save()
    duidingen = {d.soort: d.duiding for d in vorige.delen.all()} if vorige else {}
    # With a history row each: a save by two people at once merges against the text both started from, and
    # "what changed since" and the part's history start from the first text.
    bulk_create_with_history(
        [Deel(regiobeeld=regiobeeld, soort=soort, duiding=duidingen.get(soort, "")) for soort in Deelsoort.values],
        Deel,
        default_user=acting_user,
    )
    if vorige:
        for oud in vorige.uitdagingen.prefetch_related("indicatoren"):
            nieuw = Uitdaging.objects.create(
                regiobeeld=regiobeeld, titel=oud.titel, beschrijving=oud.beschrijving, volgorde=oud.volgorde
            )
            nieuw.indicatoren.set(oud.indicatoren.all())
    wat = (
        _("Regiobeeld begonnen als kopie van %(jaar)s") % {"jaar": vorige.jaar} if vorige else _("Regiobeeld begonnen")
    )
    _loggen(regiobeeld, acting_user, wat)
    return regiobeeld


@transaction.atomic
def deel_opslaan(*, deel: Deel, gelezen_versie: int, duiding: str, acting_user: Gebruiker) -> Deel:
    """Save a part's interpretation, merged with what others saved since `gelezen_versie`; raises
    Bewerkingsconflict (nothing written) when their changes and this one overlap."""
    door(deel, acting_user)
    opslaan_met_versie(deel, gelezen_versie, {"duiding": duiding})
    _gewijzigd(deel.regiobeeld, acting_user, deel.get_soort_display() + samenvoegnotitie(deel, gelezen_versie))
    return deel


@transaction.atomic
def deel_herstellen(*, deel: Deel, historie_id: int, acting_user: Gebruiker) -> Deel:
    """Make an earlier text of the part the current one: a new version (the history keeps everything), which
    withdraws the agreements like any edit."""
    oud = deel.history.filter(history_id=historie_id).first()
    if oud is None:
        raise ValidationError(_("Die eerdere versie bestaat niet (meer)."))
    deel.refresh_from_db()
    door(deel, acting_user)
    opslaan_met_versie(deel, deel.versie, {"duiding": oud.duiding})
    _gewijzigd(
        deel.regiobeeld,
        acting_user,
        _("%(deel)s: versie van %(op)s teruggezet")
        % {"deel": deel.get_soort_display(), "op": timezone.localtime(oud.history_date).strftime("%d-%m-%Y %H:%M")},
    )
    return deel


@transaction.atomic
def uitdaging_opslaan(
    *,
    uitdaging: Uitdaging,
    indicatoren: Iterable[Indicator] | None = None,
    acting_user: Gebruiker,
    gelezen_versie: int | None = None,
) -> Uitdaging:
    """Add a challenge, or save one read at `gelezen_versie`: merged with what others saved since (the description
    line by line, the indicators as a set); raises Bewerkingsconflict (nothing written) when both changed the title
    differently or the same passage of the description. Without `gelezen_versie`, on the version stored now."""
    if uitdaging.pk is None and not uitdaging.volgorde:
        laatste = uitdaging.regiobeeld.uitdagingen.order_by("-volgorde").values_list("volgorde", flat=True).first()
        uitdaging.volgorde = (laatste or 0) + 1
    uitdaging.full_clean(exclude=["versie"])
    nieuw = uitdaging.pk is None
    door(uitdaging, acting_user)
    if nieuw:
        uitdaging.save()
        if indicatoren is not None:
            uitdaging.indicatoren.set(list(indicatoren))
        notitie = ""
    else:
        gelezen = gelezen_versie or Uitdaging.objects.values_list("versie", flat=True).get(pk=uitdaging.pk)
        gekozen = {i.pk for i in indicatoren} if indicatoren is not None else None
        samen = (
            koppelingen_samengevoegd(uitdaging, gelezen, "indicatoren", "indicator_id", gekozen)
            if gekozen is not None
            else None
        )
        opslaan_met_versie(
            uitdaging,
            gelezen,
            {"titel": uitdaging.titel, "beschrijving": uitdaging.beschrijving},
        )
        if samen is not None:
            uitdaging.indicatoren.set(list(Indicator.objects.filter(pk__in=samen)))
        notitie = samenvoegnotitie(uitdaging, gelezen)
    wat = _("Uitdaging toegevoegd: %(titel)s") if nieuw else _("Uitdaging gewijzigd: %(titel)s")
    _gewijzigd(uitdaging.regiobeeld, acting_user, wat % {"titel": uitdaging.titel} + notitie)
    return uitdaging


@transaction.atomic
def uitdaging_verwijderen(*, uitdaging: Uitdaging, acting_user: Gebruiker) -> None:
    regiobeeld, titel = uitdaging.regiobeeld, uitdaging.titel
    door(uitdaging, acting_user)
    uitdaging.delete()
    _gewijzigd(regiobeeld, acting_user, _("Uitdaging verwijderd: %(titel)s") % {"titel": titel})


@transaction.atomic
def akkoord_geven(*, regiobeeld: Regiobeeld, acting_user: Gebruiker) -> Akkoord:
    """Record that the user's party agrees with this exact version of the regiobeeld."""
    regiobeeld = Regiobeeld.objects.select_for_update().get(pk=regiobeeld.pk)
    mandaat = mandaat_voor_akkoord(regiobeeld, acting_user)
    if mandaat is None:
        raise PermissionDenied(
            _("U hebt vandaag geen geldig mandaat voor het regiobeeld namens een contractpartij van deze regio.")
        )
    if Akkoord.objects.filter(
        regiobeeld=regiobeeld, organisatie=mandaat.organisatie, regiobeeld_versie=regiobeeld.versie
    ).exists():
        raise ValidationError(_("%(org)s heeft al akkoord gegeven op deze versie.") % {"org": mandaat.organisatie.naam})
    akkoord = Akkoord.objects.create(
        regiobeeld=regiobeeld,
        organisatie=mandaat.organisatie,
        gebruiker=acting_user,
        regiobeeld_versie=regiobeeld.versie,
    )
    audit.vastleggen(
        soort=Auditregel.Soort.GOEDKEURING,
        wat=f"akkoord met regiobeeld {regiobeeld.jaar} (versie {regiobeeld.versie}) onder mandaat {mandaat.pk}",
        gebruiker=acting_user,
        organisatie=mandaat.organisatie,
        regio=regiobeeld.regio,
    )
    _loggen(
        regiobeeld, acting_user, _("Akkoord namens %(org)s") % {"org": mandaat.organisatie.naam}, mandaat.organisatie
    )
    return akkoord


@transaction.atomic
def uitgelicht_zetten(
    *, regiobeeld: Regiobeeld, indicator: Indicator, uitgelicht: bool, acting_user: Gebruiker
) -> bool:
    """Highlight an indicator at the top of the regiobeeld, or stop doing so; True when something changed.

    Recorded in the change record, at the current version. The version is not raised: what the page puts first
    changes no figure or text the parties agreed to, so an agreement keeps holding.
    """
    bestaand = Uitgelicht.objects.filter(regiobeeld=regiobeeld, indicator=indicator)
    if uitgelicht == bestaand.exists():
        return False
    if uitgelicht:
        keuze = Uitgelicht(regiobeeld=regiobeeld, indicator=indicator, gekozen_door=acting_user)
        keuze.full_clean()
        keuze.save()
        wat = _("Uitgelicht: %(naam)s")
    else:
        bestaand.delete()
        wat = _("Niet meer uitgelicht: %(naam)s")
    _loggen(regiobeeld, acting_user, wat % {"naam": indicator.naam})
    return True


# --- the figure import ----------------------------------------------------------------------------


def indicatoren_voor(regio: Regio, *, inleesbaar: bool = False) -> dict[str, Indicator]:
    """The catalogue plus the region's own indicators, by code (a local code shadows a national one).
    `inleesbaar`: only those an import can fill, not the ratios (computed from two others, never imported)."""
    rijen = Indicator.objects.filter(Q(regio__isnull=True) | Q(regio=regio), actief=True).order_by("regio_id")
    if inleesbaar:
        rijen = rijen.exclude(aggregatie=Aggregatie.VERHOUDING)
    return {i.code: i for i in rijen}


def aliassen_voor(regio: Regio) -> dict[str, str]:
    """The column titles the sources use for the region's indicators (`indicatoren_voor`): title -> code."""
    return dict(
        Indicatoralias.objects.filter(Q(indicator__regio__isnull=True) | Q(indicator__regio=regio))
        .filter(indicator__actief=True)
        .exclude(indicator__aggregatie=Aggregatie.VERHOUDING)
        .values_list("tekst", "indicator__code")
    )


@transaction.atomic
def indicator_aanmaken(
    *, indicator: Indicator, regio: Regio, kolomtitel: str = "", acting_user: Gebruiker
) -> Indicator:
    """A local indicator of the region; with `kolomtitel`, that title of the file it came from becomes its alias,
    so the next file with that column maps itself."""
    indicator.regio = regio
    if not indicator.code:
        indicator.code = _vrije_code(regio, indicator.naam)
    if not indicator.deel:
        indicator.deel = DEEL_PER_DOMEIN.get(indicator.domein, "")
    indicator.full_clean()
    door(indicator, acting_user)
    indicator.save()
    if kolomtitel:
        alias = Indicatoralias(indicator=indicator, tekst=kolomtitel[:200], bron=indicator.bron)
        alias.full_clean()
        alias.save()
    return indicator


@transaction.atomic
def import_indicator_toevoegen(
    *, importbestand: Importbestand, indicator: Indicator, kolom: str, acting_user: Gebruiker
) -> Indicator:
    """A column of the import without an indicator becomes a local one (its title the alias) and is mapped to it;
    the person checks the rows again with the new mapping."""
    S = Importbestand.Status
    importbestand = Importbestand.objects.select_for_update().get(pk=importbestand.pk)
    if importbestand.status not in {S.KOPPELEN, S.CONTROLE}:
        raise ValidationError(_("Deze import kan nu niet meer worden aangepast."))
    if kolom not in importbestand.kolommen:
        raise ValidationError(_("Deze kolom staat niet in het bestand."))
    indicator = indicator_aanmaken(
        indicator=indicator, regio=importbestand.regio, kolomtitel=kolom, acting_user=acting_user
    )
    koppeling = dict(importbestand.koppeling)
    if koppeling.get("vorm") == importeren.Vorm.BREED_INDICATOREN:
        koppeling["indicator_kolommen"] = {**(koppeling.get("indicator_kolommen") or {}), kolom: indicator.code}
    elif koppeling and not koppeling.get("indicator_kolom"):
        koppeling["vaste_indicator"] = indicator.code
    importbestand.koppeling = koppeling
    importbestand.status = S.KOPPELEN
    importbestand.save(update_fields=["koppeling", "status", "bijgewerkt_op"])
    return indicator


def _vrije_code(regio: Regio, naam: str) -> str:
    basis = (slugify(naam).replace("-", "_") or "indicator")[:50]
    bezet = set(
        Indicator.objects.filter(Q(regio__isnull=True) | Q(regio=regio), code__startswith=basis).values_list(
            "code", flat=True
        )
    )
    code, n = basis, 1
    while code in bezet:
        n += 1
        code = f"{basis}_{n}"
    return code


def gemeentezoeker() -> importeren.GemeenteZoeker:
    return importeren.GemeenteZoeker(
        importeren.GemeenteSleutel(code=c, naam=n, provincie=p)
        for c, n, p in Gemeente.objects.values_list("code", "naam", "provincie")
    )


def _organisatie_van(regio: Regio, gebruiker: Gebruiker) -> Organisatie | None:
    return (
        Organisatie.objects.filter(
            lidmaatschappen__gebruiker=gebruiker,
            deelnames__regio=regio,
            deelnames__rol=Deelname.DeelnameRol.CONTRACTPARTIJ,
        )
        .distinct()
        .first()
    )


def _versturen(importbestand: Importbestand, taaknaam: str, *, na_commit: bool = False) -> None:
    """Queue a step of the import (now, or after commit). If the broker is down the row waits, visible as such;
    the relay sends it later."""
    from regiobeeld import tasks

    taak, verstuurd = getattr(tasks, taaknaam), Importbestand.objects.filter(pk=importbestand.pk)
    if na_commit:
        taak.delay_on_commit(importbestand.pk, verstuurd=verstuurd)
    else:
        wachtrij.versturen(taak, importbestand.pk, verstuurd=verstuurd)


@transaction.atomic
def import_starten(
    *,
    regio: Regio,
    bestand: UploadedFile,
    bron: str,
    is_illustratief: bool = False,
    prognosejaar: int | None = None,
    acting_user: Gebruiker,
) -> Importbestand:
    """Store the upload and queue reading it. Refuses a file that is too large before storing anything."""
    if (bestand.size or 0) > importeren.MAX_BESTAND_BYTES:
        raise importeren.ImportFout(
            _("Het bestand is groter dan %(mb)s MB. Splits het bestand of laat kolommen weg die u niet nodig hebt.")
            % {"mb": importeren.MAX_BESTAND_BYTES // (1024 * 1024)}
        )
    naam = PurePath(bestand.name or "bestand").name[:200]
    importbestand = Importbestand(
        regio=regio,
        bestandsnaam=naam,
        grootte=bestand.size or 0,
        bron=bron,
        is_illustratief=is_illustratief,
        prognosejaar=prognosejaar,
        aangemaakt_door=acting_user,
        organisatie=_organisatie_van(regio, acting_user),
    )
    # An unguessable name on disk; the person's own file name is only shown.
    extensie = PurePath(naam).suffix.lower()[:10]
    importbestand.bestand.save(f"{importbestand.sleutel}{extensie}", bestand, save=False)
    importbestand.full_clean()
    importbestand.save()
    _versturen(importbestand, "import_lezen", na_commit=True)
    return importbestand


def _tabel(importbestand: Importbestand) -> importeren.Tabel:
    with importbestand.bestand.open("rb") as f:
        inhoud = f.read()
    return importeren.tabel_lezen(inhoud, importbestand.bestandsnaam)


def koppeling_uit(data: dict[str, Any]) -> importeren.Koppeling:
    velden = dict(data)
    velden["vorm"] = importeren.Vorm(velden["vorm"])
    velden["jaar_kolommen"] = {k: int(v) for k, v in (velden.get("jaar_kolommen") or {}).items()}
    return importeren.Koppeling(**velden)


def koppeling_naar(koppeling: importeren.Koppeling) -> dict[str, Any]:
    data = asdict(koppeling)
    data["vorm"] = str(koppeling.vorm)
    data["indicator_kolommen"] = dict(koppeling.indicator_kolommen)
    data["jaar_kolommen"] = dict(koppeling.jaar_kolommen)
    return data


ONVERWACHTE_FOUT = (
    "Er ging iets mis bij het verwerken van dit bestand. Er is niets opgeslagen. "
    "Probeer het opnieuw; lukt het niet, stuur het bestand dan naar de koepel."
)


MAX_POGINGEN = 3


def _stap_beginnen(pk: int, van: set[str], naar: str) -> Importbestand | None:
    """Take the job: move it to `naar` if it is in one of `van` and no worker runs it.

    None when another run took it or finished it, so a duplicate delivery does nothing.
    """
    with transaction.atomic():
        importbestand = Importbestand.objects.select_for_update().filter(pk=pk).first()
        if importbestand is None or importbestand.status not in van or importbestand.gestart_op is not None:
            return None
        importbestand.status = naar
        importbestand.voortgang = 0
        importbestand.gestart_op = timezone.now()
        importbestand.pogingen += 1
        importbestand.save(update_fields=["status", "voortgang", "gestart_op", "pogingen", "bijgewerkt_op"])
        return importbestand


def _stap_uitvoeren(
    pk: int,
    *,
    van: set[str],
    naar: str,
    werk: Callable[[Importbestand], dict[str, Any]],
    bij_importfout: str | None = None,
    atomair: bool = False,
) -> None:
    """Run one worker step of an import: take the job, do `werk`, store its result, or a readable failure.

    `bij_importfout`: the status to go back to when the file refuses the step (None: the job fails).
    `atomair`: `werk` and the job's new state are committed together (storing figures: all or nothing).
    Progress written during a non-atomic step is visible to the page at once.
    """
    importbestand = _stap_beginnen(pk, van, naar)
    if importbestand is None:
        return
    # Still ours? The relay may have handed a step that looked stuck to another worker, or the person cancelled:
    # then this run's outcome is dropped.
    eigen = Importbestand.objects.filter(pk=pk, status=naar, gestart_op=importbestand.gestart_op)
    try:
        with transaction.atomic() if atomair else contextlib.nullcontext():
            # Storing holds the row, so the relay cannot hand the step on while its figures are being written.
            if atomair and not eigen.select_for_update().exists():
                return
            velden = werk(importbestand)
            eigen.update(voortgang=100, gestart_op=None, bijgewerkt_op=timezone.now(), **velden)
    except importeren.ImportFout as fout:
        eigen.update(
            status=bij_importfout or Importbestand.Status.MISLUKT,
            fout=str(fout),
            gestart_op=None,
            bijgewerkt_op=timezone.now(),
        )
        bestand_verwijderen(pk)
    except Exception:
        log.exception("Import %s: step %s failed", pk, naar)
        eigen.update(
            status=Importbestand.Status.MISLUKT, fout=_(ONVERWACHTE_FOUT), gestart_op=None, bijgewerkt_op=timezone.now()
        )
        bestand_verwijderen(pk)


def kolommen_sleutel(kolommen: Iterable[str]) -> str:
    """Which file this is, for the remembered mapping: its column titles, in any order."""
    return hashlib.sha256("\x1f".join(sorted(kolommen)).encode()).hexdigest()


def _onthouden(importbestand: Importbestand, tabel: importeren.Tabel, indicatoren: dict[str, str]) -> Any:
    """The mapping confirmed last for a file with these columns in this region, if it still fits."""
    onthouden = Onthoudenkoppeling.objects.filter(
        regio=importbestand.regio, kolommen_sleutel=kolommen_sleutel(tabel.kolommen)
    ).first()
    if onthouden is None:
        return None
    try:
        koppeling = koppeling_uit(onthouden.koppeling)
    except (KeyError, TypeError, ValueError):
        return None
    codes = [*koppeling.indicator_kolommen.values(), koppeling.vaste_indicator]
    if koppeling.valideren(tabel) or any(c and c not in indicatoren for c in codes):
        return None  # an indicator went out of the catalogue since: guess again
    return koppeling


def _catalogus(regio: Regio) -> tuple[dict[str, str], dict[str, str]]:
    """Code -> name of the region's indicators, and the sources' column titles -> code."""
    return {code: i.naam for code, i in indicatoren_voor(regio, inleesbaar=True).items()}, aliassen_voor(regio)


def _lezen(importbestand: Importbestand) -> dict[str, Any]:
    tabel = _tabel(importbestand)
    indicatoren, aliassen = _catalogus(importbestand.regio)
    koppeling = _onthouden(importbestand, tabel, indicatoren)
    onthouden = koppeling is not None
    if koppeling is None:
        koppeling = importeren.koppeling_raden(tabel, indicatoren, zoeker=gemeentezoeker(), aliassen=aliassen)
    return {
        "status": Importbestand.Status.KOPPELEN,
        "kolommen": tabel.kolommen,
        "voorbeeld": tabel.voorbeeld(10),
        "koppeling": koppeling_naar(koppeling) if koppeling else {},
        "koppeling_onthouden": onthouden,
    }


def import_lezen(pk: int) -> None:
    """Worker step 1: read the file into a table, keep a preview and a guessed column mapping."""
    S = Importbestand.Status
    _stap_uitvoeren(pk, van={S.WACHT, S.LEZEN}, naar=S.LEZEN, werk=_lezen)


@transaction.atomic
def import_koppelen(*, importbestand: Importbestand, koppeling: importeren.Koppeling, acting_user: Gebruiker) -> None:
    """Store the person's column mapping and queue the check of every row."""
    S = Importbestand.Status
    if importbestand.status not in {S.KOPPELEN, S.CONTROLE}:
        raise ValidationError(_("Deze import kan nu niet meer worden aangepast."))
    # The mapping is checked against the columns only; every row is checked by the worker afterwards.
    kop = importeren.Tabel(list(importbestand.kolommen), pd.DataFrame(columns=importbestand.kolommen), "", None, None)
    problemen = koppeling.valideren(kop)
    if problemen:
        raise ValidationError(problemen)
    importbestand.koppeling = koppeling_naar(koppeling)
    importbestand.status = S.OMZETTEN
    importbestand.voortgang = 0
    importbestand.pogingen = 0
    importbestand.gestart_op = None
    importbestand.afgewezen = []
    importbestand.verstuurd_op = None
    importbestand.save()
    _versturen(importbestand, "import_omzetten", na_commit=True)


def _omzetting(importbestand: Importbestand, voortgang: Any = None) -> importeren.Omzetting:
    tabel = _tabel(importbestand)
    indicatoren, aliassen = _catalogus(importbestand.regio)
    tellingen = [
        code
        for code, i in indicatoren_voor(importbestand.regio, inleesbaar=True).items()
        if i.aggregatie == Aggregatie.SOM
    ]
    return importeren.omzetten(
        tabel,
        koppeling_uit(importbestand.koppeling),
        gemeentezoeker(),
        indicatoren,
        voortgang=voortgang,
        aliassen=aliassen,
        optelbaar=tellingen,
    )


MAX_OUDE_WAARDEN_GETOOND = 200


def _oude_waarden(regio: Regio, lege: pd.DataFrame) -> QuerySet[Cijfer]:
    """The region's figures at the keys of the file's empty cells: values this file does not renew."""
    if lege.empty:
        return Cijfer.objects.none()
    indicator_ids = {code: i.pk for code, i in indicatoren_voor(regio).items()}
    gemeente_ids = dict(Gemeente.objects.values_list("code", "pk"))
    sleutels = {
        (indicator_ids[i], gemeente_ids[g], int(j))
        for i, g, j in lege.itertuples(index=False, name=None)
        if i in indicator_ids and g in gemeente_ids
    }
    if not sleutels:
        return Cijfer.objects.none()
    # Narrowed in SQL by indicator, gemeente and year; the exact triples in Python (a few thousand at most).
    kandidaten = Cijfer.objects.filter(
        regio=regio,
        indicator_id__in={s[0] for s in sleutels},
        gemeente_id__in={s[1] for s in sleutels},
        jaar__in={s[2] for s in sleutels},
    ).values_list("pk", "indicator_id", "gemeente_id", "jaar")
    pks = [pk for pk, i, g, j in kandidaten if (i, g, j) in sleutels]
    return Cijfer.objects.filter(pk__in=pks)


def _herkenning(regio: Regio, waarden: pd.DataFrame) -> dict[str, int]:
    """For the check step: "342 van 342 gemeenten herkend, 7 van 7 van de regio"."""
    gevonden = set(waarden["gemeente"]) if len(waarden) else set()
    eigen = set(regio.gemeenten.values_list("code", flat=True))
    return {
        "gemeenten_herkend": len(gevonden),
        "gemeenten_totaal": Gemeente.objects.count(),
        "regio_herkend": len(gevonden & eigen),
        "regio_totaal": len(eigen),
    }


def _voortgang_melder(pk: int) -> Any:
    def meld(procent: int) -> None:
        Importbestand.objects.filter(pk=pk).update(voortgang=max(0, min(100, int(procent))))

    return meld


def _omzetten(importbestand: Importbestand) -> dict[str, Any]:
    omzetting = _omzetting(importbestand, _voortgang_melder(importbestand.pk))
    oud = _oude_waarden(importbestand.regio, omzetting.lege_sleutels)
    getoond = oud.order_by("indicator__naam", "gemeente__naam", "jaar").values_list(
        "indicator__naam", "gemeente__naam", "jaar", "waarde", "bron"
    )[:MAX_OUDE_WAARDEN_GETOOND]
    return {
        "status": Importbestand.Status.CONTROLE,
        "fout": "",
        "aantal_waarden": len(omzetting.waarden),
        "aantal_leeg": omzetting.leeg,
        "aantal_afgewezen": len(omzetting.afgewezen),
        "opgeteld_rijen": omzetting.opgeteld_rijen,
        "opgeteld_waarden": omzetting.opgeteld_waarden,
        "afgewezen": [{"regel": a.regel, "reden": a.reden} for a in omzetting.afgewezen[:MAX_AFWIJZINGEN_BEWAARD]],
        "aantal_oude_waarden": oud.count(),
        "oude_waarden": [
            {"indicator": i, "gemeente": g, "jaar": j, "waarde": float(w), "bron": b} for i, g, j, w, b in getoond
        ],
        **_herkenning(importbestand.regio, omzetting.waarden),
    }


def import_omzetten(pk: int) -> None:
    """Worker step 2: check every row against the mapping; report what cannot be used and why."""
    S = Importbestand.Status
    _stap_uitvoeren(pk, van={S.OMZETTEN}, naar=S.OMZETTEN, werk=_omzetten, bij_importfout=S.KOPPELEN)


@transaction.atomic
def import_bevestigen(
    *,
    importbestand: Importbestand,
    afwijzingen_begrepen: bool,
    lege_cellen: str = Importbestand.LegeCellen.BEHOUDEN,
    acting_user: Gebruiker,
) -> None:
    """The person confirms: queue storing the figures. Rows that cannot be used must be acknowledged; older figures
    at the file's empty cells are kept (and listed) or removed, as `lege_cellen` says. The mapping is remembered
    for the next file with these columns."""
    S = Importbestand.Status
    importbestand = Importbestand.objects.select_for_update().get(pk=importbestand.pk)
    if importbestand.status != S.CONTROLE:
        raise ValidationError(_("Deze import is niet klaar om te bevestigen."))
    if importbestand.aantal_waarden == 0:
        raise ValidationError(_("Er zijn geen bruikbare cijfers om op te slaan."))
    if importbestand.aantal_afgewezen and not afwijzingen_begrepen:
        raise ValidationError(
            ngettext(
                "Bevestig dat de regel die niet bruikbaar is niet wordt opgeslagen.",
                "Bevestig dat de %(n)s regels die niet bruikbaar zijn niet worden opgeslagen.",
                importbestand.aantal_afgewezen,
            )
            % {"n": importbestand.aantal_afgewezen}
        )
    if lege_cellen not in Importbestand.LegeCellen.values:
        raise ValidationError(_("Kies wat er met de oude waarden bij lege cellen gebeurt."))
    importbestand.status = S.OPSLAAN
    importbestand.voortgang = 0
    importbestand.verstuurd_op = None
    importbestand.pogingen = 0
    importbestand.gestart_op = None
    importbestand.lege_cellen = lege_cellen
    importbestand.save(
        update_fields=[
            "status",
            "voortgang",
            "verstuurd_op",
            "pogingen",
            "gestart_op",
            "lege_cellen",
            "bijgewerkt_op",
        ]
    )
    Onthoudenkoppeling.objects.update_or_create(
        regio=importbestand.regio,
        kolommen_sleutel=kolommen_sleutel(importbestand.kolommen),
        defaults={
            "kolommen": importbestand.kolommen,
            "koppeling": importbestand.koppeling,
            "bron": importbestand.bron,
            "bevestigd_door": acting_user,
        },
    )
    _versturen(importbestand, "import_opslaan", na_commit=True)


@transaction.atomic
def import_annuleren(*, importbestand: Importbestand, acting_user: Gebruiker) -> None:
    S = Importbestand.Status
    importbestand = Importbestand.objects.select_for_update().get(pk=importbestand.pk)
    if importbestand.status in {S.OPSLAAN, S.OPGESLAGEN}:
        raise ValidationError(_("Deze import is al opgeslagen of wordt nu opgeslagen."))
    importbestand.status = S.GEANNULEERD
    importbestand.save(update_fields=["status", "bijgewerkt_op"])
    transaction.on_commit(lambda: bestand_verwijderen(importbestand.pk))


# Imports whose uploaded file is of no more use: refused or failed, and cancelled. Their row stays (who uploaded
# what, when, and why it failed); the file goes at once. A stored import's file goes after
# REGIO_IMPORTBESTANDEN_BEWAREN_DAGEN (importbestanden_opruimen, daily), while people may still ask what was in it.
AFGEBROKEN = (Importbestand.Status.MISLUKT, Importbestand.Status.GEANNULEERD)


def bestand_verwijderen(pk: int) -> None:
    """Remove the uploaded file of a failed or cancelled import (the row stays, without its file)."""
    importbestand = Importbestand.objects.filter(pk=pk, status__in=AFGEBROKEN).exclude(bestand="").first()
    if importbestand is not None:
        _bestand_weg(importbestand)


def _bestand_weg(importbestand: Importbestand) -> None:
    importbestand.bestand.delete(save=False)
    Importbestand.objects.filter(pk=importbestand.pk).update(bestand="")


def importbestanden_opruimen(*, nu: dt.datetime | None = None) -> int:
    """The periodic part (Celery beat, daily): remove the files of stored imports older than the stated period,
    and of any failed or cancelled import that still has one. Returns how many files went."""
    nu = nu or timezone.now()
    bewaren_tot = nu - dt.timedelta(days=settings.REGIO_IMPORTBESTANDEN_BEWAREN_DAGEN)
    oud = Q(status=Importbestand.Status.OPGESLAGEN, opgeslagen_op__lt=bewaren_tot) | Q(status__in=AFGEBROKEN)
    weg = list(Importbestand.objects.filter(oud).exclude(bestand=""))
    for importbestand in weg:
        _bestand_weg(importbestand)
    return len(weg)


def cijfers_opslaan(
    *,
    regio: Regio,
    waarden: Any,
    bron: str,
    is_illustratief: bool,
    importbestand: Importbestand | None,
    verwijderd: int = 0,
    prognosejaar: int | None = None,
) -> int:
    """Insert or replace figures by (region, indicator, gemeente, year): re-importing never duplicates.

    Runs inside the caller's transaction: all figures of an import are stored, or none. `verwijderd`: how many
    older figures at the file's empty cells the caller removed (for the change record). With `prognosejaar` the
    figures are a forecast made in that year: a measured figure is never replaced by a forecast (a measured one
    replaces a forecast).
    """
    indicator_ids = {code: i.pk for code, i in indicatoren_voor(regio, inleesbaar=True).items()}
    gemeente_ids = dict(Gemeente.objects.values_list("code", "pk"))
    gemeten: set[tuple[int, int, int]] = set()
    if prognosejaar is not None and len(waarden):
        gemeten = set(
            Cijfer.objects.filter(
                regio=regio,
                prognosejaar__isnull=True,
                indicator_id__in={indicator_ids[c] for c in set(waarden["indicator"])},
                jaar__in={int(j) for j in set(waarden["jaar"])},
            ).values_list("indicator_id", "gemeente_id", "jaar")
        )
    objecten = [
        Cijfer(
            regio=regio,
            indicator_id=indicator_ids[indicator],
            gemeente_id=gemeente_ids[gemeente],
            jaar=int(jaar),
            waarde=Decimal(str(waarde)),
            bron=bron,
            is_illustratief=is_illustratief,
            importbestand=importbestand,
            prognosejaar=prognosejaar,
        )
        for indicator, gemeente, jaar, waarde in waarden.itertuples(index=False, name=None)
        if (indicator_ids[indicator], gemeente_ids[gemeente], int(jaar)) not in gemeten
    ]
    Cijfer.objects.bulk_create(
        objecten,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["regio", "indicator", "gemeente", "jaar"],
        # A value given again is no longer one kept at an empty cell (behouden_bij goes back to empty).
        update_fields=["waarde", "bron", "is_illustratief", "importbestand", "prognosejaar", "behouden_bij"],
    )
    laatste = Regiobeeld.objects.filter(regio=regio).order_by("-jaar").first()
    if laatste is not None:
        # The picture changed under the parties' agreement: it must be given again.
        _versie_verhogen(laatste)
        if importbestand is not None:
            wat = _("Cijfers geïmporteerd uit %(bestand)s: %(n)s waarden") % {
                "bestand": importbestand.bestandsnaam,
                "n": len(objecten),
            }
            if verwijderd:
                wat += "; " + _("%(n)s oude waarden bij lege cellen verwijderd") % {"n": verwijderd}
            _loggen(laatste, importbestand.aangemaakt_door, wat, importbestand.organisatie)
    return len(objecten)


def _opslaan(importbestand: Importbestand) -> dict[str, Any]:
    omzetting = _omzetting(importbestand)
    oud = _oude_waarden(importbestand.regio, omzetting.lege_sleutels)
    verwijderd = 0
    if importbestand.lege_cellen == Importbestand.LegeCellen.VERWIJDEREN:
        verwijderd, _per_model = oud.delete()
    else:
        # Kept: marked, so the key figures can say which values this import did not renew.
        oud.update(behouden_bij=importbestand)
    aantal = cijfers_opslaan(
        regio=importbestand.regio,
        waarden=omzetting.waarden,
        bron=importbestand.bron,
        is_illustratief=importbestand.is_illustratief,
        importbestand=importbestand,
        verwijderd=verwijderd,
        prognosejaar=importbestand.prognosejaar,
    )
    return {
        "status": Importbestand.Status.OPGESLAGEN,
        "aantal_waarden": aantal,
        "opgeslagen_op": timezone.now(),
        # What stands now: removed ones are gone, kept ones stay listed on the import's page.
        "aantal_oude_waarden": 0 if verwijderd else oud.count(),
        **({"oude_waarden": []} if verwijderd else {}),
    }


def import_opslaan(pk: int) -> None:
    """Worker step 3: convert again (the file is the source of truth) and store all figures at once."""
    S = Importbestand.Status
    _stap_uitvoeren(pk, van={S.OPSLAAN}, naar=S.OPSLAAN, werk=_opslaan, atomair=True)


LOPENDE_STAPPEN = {
    Importbestand.Status.LEZEN: "import_lezen",
    Importbestand.Status.OMZETTEN: "import_omzetten",
    Importbestand.Status.OPSLAAN: "import_opslaan",
}
WACHTENDE_STAPPEN = {Importbestand.Status.WACHT: "import_lezen", **LOPENDE_STAPPEN}


def _vastgelopen_doorgeven(nu: dt.datetime, bezig_langer_dan: dt.timedelta) -> list[int]:
    """Steps still taken past the hard time limit: their worker died. Another try, or failed after the last."""
    doorgegeven: list[int] = []
    for importbestand in Importbestand.objects.filter(
        status__in=list(LOPENDE_STAPPEN), gestart_op__lt=nu - bezig_langer_dan
    ):
        # Only if nobody moved it meanwhile (a late worker finishing, another relay run).
        eigen = Importbestand.objects.filter(
            pk=importbestand.pk, status=importbestand.status, gestart_op=importbestand.gestart_op
        )
        if importbestand.pogingen >= MAX_POGINGEN:
            eigen.update(
                status=Importbestand.Status.MISLUKT,
                fout=_(
                    "Het verwerken van dit bestand lukte na %(n)s pogingen niet. Er is niets opgeslagen. "
                    "Probeer het opnieuw; lukt het niet, stuur het bestand dan naar de koepel."
                )
                % {"n": MAX_POGINGEN},
                gestart_op=None,
                bijgewerkt_op=nu,
            )
            bestand_verwijderen(importbestand.pk)
            continue
        if eigen.update(gestart_op=None, verstuurd_op=None, bijgewerkt_op=nu):
            _versturen(importbestand, LOPENDE_STAPPEN[Importbestand.Status(importbestand.status)])
            doorgegeven.append(importbestand.pk)
    return doorgegeven


def wachtende_imports_versturen(*, ouder_dan_seconden: int = 60, bezig_langer_dan: dt.timedelta | None = None) -> int:
    """The relay: send again the steps whose message never reached a worker (broker was down), and give a step
    whose worker died mid-run another try (three tries, then the import fails with a message)."""
    nu = timezone.now()
    if bezig_langer_dan is None:
        bezig_langer_dan = dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
    doorgegeven = _vastgelopen_doorgeven(nu, bezig_langer_dan)
    nooit_verstuurd = Q(verstuurd_op__isnull=True, bijgewerkt_op__lt=nu - dt.timedelta(seconds=ouder_dan_seconden))
    # A message lost before any worker took it (say, with a worker that died holding it unacknowledged).
    vastgelopen = Q(bijgewerkt_op__lt=nu - dt.timedelta(minutes=15))
    wachtend = list(
        Importbestand.objects.filter(
            nooit_verstuurd | vastgelopen, status__in=list(WACHTENDE_STAPPEN), gestart_op__isnull=True
        ).exclude(pk__in=doorgegeven)
    )
    for importbestand in wachtend:
        _versturen(importbestand, WACHTENDE_STAPPEN[Importbestand.Status(importbestand.status)])
    return len(doorgegeven) + len(wachtend)
