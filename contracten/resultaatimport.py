"""Results of a contract's measuring points from a CSV or Excel file: read and checked into a preview, stored only
when a person confirms it.

The file is read by the regiobeeld's import (`regiobeeld.importeren.tabel_lezen`: size, format, zip bombs, macros,
formulas, encodings, separators; one reader for every import). Its columns are found by their headers:
meetpunt, peildatum (or periode), waarde, and optionally praktijk (or AGB) and toelichting. Every row that cannot be
stored gets a reason (unknown measuring point, no date, a date outside the contract's term or in the future, not a
number, a practice that does not take part, twice in the file, a different value already stored). A row whose value
is already stored is counted as unchanged, so importing the same file again stores nothing.
Confirming stores each row through `resultaten.resultaat_vastleggen` (the one way a result is written: linked to
its reporting date, logged, open for the other party to confirm).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracten.models import Contract, Meetresultaat, Resultaatimport, eindjaar_na_addenda
from contracten.monitoring import datum_tekst, waarde_tekst
from contracten.rapportagemomenten import meetpunten_van
from contracten.resultaten import _mag_bewerken, deelnemende_praktijken, resultaat_vastleggen
from contracten.services import vergrendeld, wijziging_loggen
from regio.gelijktijdig import Bewerkingsconflict
from regio.getallen import afronden
from regio.models import Organisatie
from regiobeeld import importeren
from regiobeeld.importeren import ImportFout, Tabel

if TYPE_CHECKING:
    from regio.models import Gebruiker
    from regioplan.models import Meetpunt

# Results are a few hundred rows; a bigger file is a mistake (the wrong export), refused before it is read.
MAX_BESTAND_BYTES = 2 * 1024 * 1024
MAX_RIJEN = 10_000

# Header (as importeren.sleutel reads it, spaces removed) -> which column it is.
_KOPPEN: dict[str, tuple[str, ...]] = {
    "meetpunt": ("meetpunt", "meetpuntnummer", "indicator", "omschrijving"),
    "peildatum": ("peildatum", "datum", "periode", "meetperiode", "period"),
    "waarde": ("waarde", "resultaat", "value", "score", "uitkomst"),
    "praktijk": ("praktijk", "agb", "agbcode", "praktijkagb", "huisartsenpraktijk"),
    "toelichting": ("toelichting", "opmerking", "opmerkingen", "notitie", "commentaar"),
}
_VERPLICHT = ("meetpunt", "peildatum", "waarde")


@dataclass(frozen=True)
class Rij:
    regel: int
    meetpunt: int
    peildatum: dt.date
    waarde: Decimal
    praktijk: int | None
    toelichting: str

    def als_json(self) -> dict[str, Any]:
        return {
            "regel": self.regel,
            "meetpunt": self.meetpunt,
            "peildatum": self.peildatum.isoformat(),
            "waarde": str(self.waarde),
            "praktijk": self.praktijk,
            "toelichting": self.toelichting,
        }


# --- reading a date or a period ----------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_NL = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_KWARTAAL = re.compile(r"(\d{4})\s*[-/ ]?\s*(?:q|kw|k)\s*0?([1-4])|(?:q|kw|k)\s*0?([1-4])\s*[-/ ]?\s*(\d{4})", re.I)
_HALFJAAR = re.compile(r"(\d{4})\s*[-/ ]?\s*(?:h|hj)\s*0?([12])|(?:h|hj)\s*0?([12])\s*[-/ ]?\s*(\d{4})", re.I)
_MAAND = re.compile(r"(\d{4})\s*[-/]?\s*(?:mm)?\s*(\d{1,2})|(\d{1,2})[-/](\d{4})", re.I)
_JAAR = re.compile(r"(\d{4})")


def _einde(jaar: int, maand: int) -> dt.date:
    return dt.date(jaar, maand, calendar.monthrange(jaar, maand)[1])


def peildatum_lezen(tekst: str) -> dt.date | None:
    """A date (2026-03-31, 31-03-2026, 31/3/2026) or a period, read as the period's last day: a quarter (2026-Q1,
    2026KW01, Q1 2026), a half year (2026-H1), a month (2026-03, 03-2026) or a year (2026). None if it is none."""
    t = tekst.strip()
    try:
        if m := _ISO.fullmatch(t):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NL.fullmatch(t):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _KWARTAAL.fullmatch(t):
            jaar, kwartaal = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
            return _einde(jaar, kwartaal * 3)
        if m := _HALFJAAR.fullmatch(t):
            jaar, helft = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
            return _einde(jaar, helft * 6)
        if m := _MAAND.fullmatch(t):
            jaar, maand = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
            return _einde(jaar, maand)
        if m := _JAAR.fullmatch(t):
            return dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


# --- the columns ----------------------------------------------------------------------------------------


def kolommen_vinden(tabel: Tabel) -> dict[str, str]:
    """Which column of the file is what, by its header; a Dutch ImportFout naming what is missing."""
    gevonden: dict[str, str] = {}
    for kolom in tabel.kolommen:
        kern = importeren.sleutel(kolom).replace(" ", "")
        for wat, namen in _KOPPEN.items():
            if wat not in gevonden and kern in namen:
                gevonden[wat] = kolom
                break
    ontbrekend = [wat for wat in _VERPLICHT if wat not in gevonden]
    if ontbrekend:
        raise ImportFout(
            _(
                "Het bestand mist de kolom(men) %(wat)s. Zet in de eerste regel de kolomkoppen meetpunt, peildatum "
                "(of periode) en waarde, en eventueel praktijk (of AGB) en toelichting."
            )
            % {"wat": ", ".join(ontbrekend)}
        )
    return gevonden


@dataclass(frozen=True)
class Controle:
    rijen: list[Rij]
    afgewezen: list[importeren.Afwijzing]
    ongewijzigd: int


def _meetpunt_zoeker(meetpunten: list[Meetpunt]) -> Mapping[str, int]:
    """By number (the pk shown on the page) or by description."""
    index: dict[str, int] = {}
    for m in meetpunten:
        index[str(m.pk)] = m.pk
        index.setdefault(importeren.sleutel(m.omschrijving), m.pk)
    return index


def _praktijk_zoeker(contract: Contract) -> Mapping[str, int]:
    """The practices that take part in the contract, by AGB code or name."""
    index: dict[str, int] = {}
    for org in deelnemende_praktijken(contract):
        if org.agb_code:
            index[org.agb_code] = org.pk
        index.setdefault(importeren.sleutel(org.naam), org.pk)
    return index


def controleren(contract: Contract, tabel: Tabel) -> Controle:
    """Every row of the table as a result to store, unchanged, or refused with a reason (pure of writes)."""
    kolommen = kolommen_vinden(tabel)
    rijen_df, regels = tabel.rijen, tabel.regels()

    def tekst(wat: str) -> list[str]:
        kolom = kolommen.get(wat)
        if kolom is None:
            return [""] * len(rijen_df)
        return [str(v) for v in rijen_df[kolom].fillna("").astype(str).str.strip()]

    waarden_tekst = pd.Series(tekst("waarde"), dtype=str)
    getallen = importeren.getallen_lezen(waarden_tekst, bestandstype=tabel.bestandstype).tolist()
    leeg = importeren.is_leeg(waarden_tekst).tolist()
    meetpunten = list(meetpunten_van(contract))
    per_pk = {m.pk: m for m in meetpunten}
    meetpunt_index, praktijk_index = _meetpunt_zoeker(meetpunten), _praktijk_zoeker(contract)
    # The term as signed addenda extended it.
    begin, eind = dt.date(contract.startjaar, 1, 1), dt.date(eindjaar_na_addenda(contract), 12, 31)
    vandaag = timezone.localdate()
    opgeslagen: dict[tuple[int, dt.date, int | None], Decimal] = {
        (r.meetpunt_id, r.peildatum, r.praktijk_id): r.waarde
        for r in Meetresultaat.objects.filter(contract=contract).only(
            "meetpunt_id", "peildatum", "praktijk_id", "waarde"
        )
    }
    gezien: dict[tuple[int, dt.date, int | None], int] = {}
    rijen: list[Rij] = []
    afgewezen: list[importeren.Afwijzing] = []
    ongewijzigd = 0
    for i, (mp_tekst, datum_tekst_, praktijk_tekst, toelichting) in enumerate(
        zip(tekst("meetpunt"), tekst("peildatum"), tekst("praktijk"), tekst("toelichting"), strict=True)
    ):
        regel = int(regels[i])
        if not (mp_tekst or datum_tekst_ or waarden_tekst[i].strip()):
            continue  # an empty line
        redenen: list[str] = []
        meetpunt_pk = meetpunt_index.get(mp_tekst) or meetpunt_index.get(importeren.sleutel(mp_tekst))
        if meetpunt_pk is None:
            redenen.append(
                _("Onbekend meetpunt '%(t)s': het hoort bij geen afspraak van dit contract")
                % {"t": importeren.citaat(mp_tekst)}
            )
        peildatum = peildatum_lezen(datum_tekst_)
        if peildatum is None:
            redenen.append(
                _("'%(t)s' is geen datum of periode (bijvoorbeeld 31-03-2026 of 2026-Q1)")
                % {"t": importeren.citaat(datum_tekst_)}
            )
        elif not begin <= peildatum <= eind:
            redenen.append(
                _("Peildatum %(d)s ligt buiten de looptijd van het contract (%(looptijd)s)")
                % {"d": datum_tekst(peildatum), "looptijd": contract.looptijd}
            )
        elif peildatum > vandaag:
            redenen.append(_("Peildatum %(d)s ligt in de toekomst") % {"d": datum_tekst(peildatum)})
        getal = getallen[i]
        waarde: Decimal | None = None
        if leeg[i]:
            redenen.append(_("Geen waarde ingevuld"))
        elif getal != getal:  # NaN: not a number
            redenen.append(_("Waarde '%(t)s' is geen getal") % {"t": importeren.citaat(waarden_tekst[i])})
        else:
            waarde = afronden(Decimal(str(getal)), 2)
            if abs(waarde) >= Decimal("1e12"):
                redenen.append(_("Waarde '%(t)s' is te groot") % {"t": importeren.citaat(waarden_tekst[i])})
        praktijk_pk: int | None = None
        if praktijk_tekst:
            praktijk_pk = praktijk_index.get(praktijk_tekst) or praktijk_index.get(importeren.sleutel(praktijk_tekst))
            if praktijk_pk is None:
                redenen.append(
                    _("Praktijk '%(t)s' doet niet mee aan dit contract") % {"t": importeren.citaat(praktijk_tekst)}
                )
        if redenen or meetpunt_pk is None or peildatum is None or waarde is None:
            afgewezen += [importeren.Afwijzing(regel, r) for r in redenen]
            continue
        sleutel = (meetpunt_pk, peildatum, praktijk_pk)
        if sleutel in gezien:
            afgewezen.append(
                importeren.Afwijzing(
                    regel,
                    _("Dubbel: hetzelfde meetpunt, dezelfde peildatum en praktijk staan ook op regel %(r)s")
                    % {"r": gezien[sleutel]},
                )
            )
            continue
        gezien[sleutel] = regel
        if sleutel in opgeslagen:
            if opgeslagen[sleutel] == waarde:
                ongewijzigd += 1
            else:
                eenheid = per_pk[meetpunt_pk].eenheid
                afgewezen.append(
                    importeren.Afwijzing(
                        regel,
                        _(
                            "Voor deze peildatum staat al een ander resultaat (%(oud)s, in het bestand %(nieuw)s); "
                            "corrigeer het op de pagina van het meetpunt"
                        )
                        % {"oud": waarde_tekst(opgeslagen[sleutel], eenheid), "nieuw": waarde_tekst(waarde, eenheid)},
                    )
                )
            continue
        rijen.append(Rij(regel, meetpunt_pk, peildatum, waarde, praktijk_pk, toelichting[:5000]))
    return Controle(rijen, afgewezen, ongewijzigd)


# --- services ----------------------------------------------------------------------------------------------


@transaction.atomic
def resultaatimport_starten(
    *, contract: Contract, inhoud: bytes, bestandsnaam: str, acting_user: Gebruiker
) -> Resultaatimport:
    """Read and check the file into a preview. Nothing is stored but the preview; ImportFout for a bad file."""
    huidig = vergrendeld(contract)
    _mag_bewerken(huidig, acting_user)
    tabel = importeren.tabel_lezen(inhoud, bestandsnaam, max_bytes=MAX_BESTAND_BYTES, max_rijen=MAX_RIJEN)
    controle = controleren(huidig, tabel)
    if not controle.rijen and not controle.afgewezen and not controle.ongewijzigd:
        raise ImportFout(_("Het bestand bevat geen resultaten onder de kolomkoppen."))
    imp = Resultaatimport(
        contract=huidig,
        bestandsnaam=bestandsnaam[:255],
        rijen=[r.als_json() for r in controle.rijen],
        afgewezen=[{"regel": a.regel, "reden": a.reden} for a in controle.afgewezen],
        aantal_ongewijzigd=controle.ongewijzigd,
        aangemaakt_door=acting_user,
    )
    imp.full_clean()
    imp.save()
    return imp


@transaction.atomic
def resultaatimport_bevestigen(
    *, resultaatimport: Resultaatimport, afwijzingen_begrepen: bool, acting_user: Gebruiker
) -> int:
    """Store the preview's rows; all or nothing. Returns how many results were stored."""
    imp = Resultaatimport.objects.select_for_update().get(pk=resultaatimport.pk)
    contract = vergrendeld(imp.contract)
    _mag_bewerken(contract, acting_user)
    if imp.status != Resultaatimport.Status.CONTROLE:
        raise ValidationError(_("Deze import is al opgeslagen of geannuleerd."))
    if imp.afgewezen and not afwijzingen_begrepen:
        raise ValidationError(
            _("Vink aan dat u begrijpt dat de afgewezen regels niet worden opgeslagen, en bevestig opnieuw.")
        )
    per_pk = {m.pk: m for m in meetpunten_van(contract)}
    praktijken = Organisatie.objects.in_bulk([r["praktijk"] for r in imp.rijen if r["praktijk"]])
    for r in imp.rijen:
        meetpunt = per_pk.get(r["meetpunt"])
        if meetpunt is None:
            raise ValidationError(
                _("Regel %(r)s: het meetpunt hoort niet meer bij dit contract. Upload het bestand opnieuw.")
                % {"r": r["regel"]}
            )
        try:
            resultaat_vastleggen(
                contract=contract,
                meetpunt=meetpunt,
                peildatum=dt.date.fromisoformat(r["peildatum"]),
                waarde=Decimal(r["waarde"]),
                toelichting=r["toelichting"],
                praktijk=praktijken.get(r["praktijk"]) if r["praktijk"] else None,
                acting_user=acting_user,
            )
        except Bewerkingsconflict:
            raise ValidationError(
                _(
                    "Regel %(r)s: intussen heeft iemand een resultaat voor dit meetpunt op deze peildatum vastgelegd. "
                    "Er is niets opgeslagen; upload het bestand opnieuw om het verschil te zien."
                )
                % {"r": r["regel"]}
            ) from None
        except ValidationError as fout:
            raise ValidationError(
                _("Regel %(r)s: %(fout)s Er is niets opgeslagen.") % {"r": r["regel"], "fout": " ".join(fout.messages)}
            ) from None
    imp.status = Resultaatimport.Status.OPGESLAGEN
    imp.aantal_opgeslagen = len(imp.rijen)
    imp.bevestigd_op = timezone.now()
    imp.save(update_fields=["status", "aantal_opgeslagen", "bevestigd_op"])
    wijziging_loggen(
        contract,
        acting_user,
        _("Resultaten geïmporteerd uit %(bestand)s: %(n)s opgeslagen")
        % {"bestand": imp.bestandsnaam, "n": len(imp.rijen)},
    )
    return len(imp.rijen)


@transaction.atomic
def resultaatimport_annuleren(*, resultaatimport: Resultaatimport, acting_user: Gebruiker) -> None:
    imp = Resultaatimport.objects.select_for_update().get(pk=resultaatimport.pk)
    _mag_bewerken(imp.contract, acting_user)
    if imp.status != Resultaatimport.Status.CONTROLE:
        raise ValidationError(_("Deze import is al opgeslagen of geannuleerd."))
    imp.status = Resultaatimport.Status.GEANNULEERD
    imp.save(update_fields=["status"])


def voorbeeldrijen(imp: Resultaatimport) -> list[dict[str, str]]:
    """The preview's rows as a person reads them (measuring point, date, practice, value)."""
    meetpunten = {m.pk: m for m in meetpunten_van(imp.contract)}
    praktijken = Organisatie.objects.in_bulk([r["praktijk"] for r in imp.rijen if r["praktijk"]])
    uit = []
    for r in imp.rijen:
        m = meetpunten.get(r["meetpunt"])
        uit.append(
            {
                "regel": str(r["regel"]),
                "meetpunt": m.omschrijving if m else "—",
                "peildatum": datum_tekst(dt.date.fromisoformat(r["peildatum"])),
                "praktijk": praktijken[r["praktijk"]].naam if r["praktijk"] in praktijken else "",
                "waarde": waarde_tekst(Decimal(r["waarde"]), m.eenheid if m else ""),
                "toelichting": r["toelichting"],
            }
        )
    return uit
