"""The figure import, pure part: an uploaded CSV or Excel file becomes values per indicator, gemeente, year.

Four steps, each callable on its own so the web layer can show a preview and a mapping form in between:

1. `tabel_lezen`: bytes -> `Tabel` (every cell as text), refusing anything that is not a plain table or that
   could hurt the server (zip and XML bombs, macros, formulas, oversized files) with a Dutch `ImportFout`.
2. `koppeling_raden`: the best guess of which column is what, as defaults for the mapping form.
3. `GemeenteZoeker`: CBS codes and the many spellings of gemeente names (CBS, Vektis, informal) -> CBS code.
4. `omzetten`: table + mapping -> long-format values, plus every unusable row with its line number and reason.

Nothing here touches the database; the caller supplies the gemeenten and the indicator catalogue.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import PurePath
from typing import IO, Any
from xml.etree.ElementTree import ParseError

import numpy as np
import openpyxl
import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regio.getallen import afronden, getal

log = logging.getLogger(__name__)

MAX_BESTAND_BYTES: int = 20 * 1024 * 1024
MAX_RIJEN: int = 500_000
MAX_UITGEPAKT_BYTES: int = 200 * 1024 * 1024  # xlsx zip: total uncompressed size
MAX_COMPRESSIE_VERHOUDING: int = 200  # xlsx zip: uncompressed/compressed per entry

# Small entries (styles, a sheet of zeros) legitimately compress very well; only big ones can be a bomb.
_MIN_BYTES_VOOR_VERHOUDING = 1024 * 1024
# A real workbook has tens of parts; thousands of tiny entries is an attack on the zip reader itself.
_MAX_ZIP_DELEN = 10_000
# Rows x columns: bounds the memory of the table (every cell is a Python string) whatever its shape.
_MAX_CELLEN = 10_000_000
_EERSTE_JAAR, _LAATSTE_JAAR = 1900, 2100
_LEGE_WAARDEN = frozenset({"", ".", "x", "-", "..", "?"})

# The web layer refuses an oversized upload with this same text, so it is translated once.
_TE_GROOT = gettext_noop(
    "Het bestand is groter dan %(mb)s MB. Splits het bestand of laat kolommen weg die u niet nodig hebt."
)
_ONVERWACHT = gettext_noop(
    "Het bestand kon niet worden gelezen. Controleer of het een CSV-bestand of een Excel-werkmap (.xlsx) is, "
    "sla het zo nodig opnieuw op en probeer het nog eens."
)


class ImportFout(ValueError):
    """The whole file (or the whole mapping) is refused; str(exc) tells the person, in Dutch, what to do."""


# -- the table --


@dataclass(frozen=True)
class Tabel:
    kolommen: list[str]
    rijen: pd.DataFrame
    bestandstype: str
    codering: str | None
    scheidingsteken: str | None
    # The line (CSV) or sheet row (Excel) of every data row, so a rejection points where the person can look.
    # Empty means "right after a header on line 1", which is what a hand-built table means.
    regelnummers: tuple[int, ...] = ()

    def voorbeeld(self, n: int = 10) -> list[list[str]]:
        """The first n data rows, for the preview."""
        return [[str(cel) for cel in rij] for rij in self.rijen.head(n).itertuples(index=False, name=None)]

    def regels(self) -> np.ndarray[Any, np.dtype[np.int64]]:
        """The line number a person sees for each data row, in row order."""
        if len(self.regelnummers) == len(self.rijen):
            return np.asarray(self.regelnummers, dtype=np.int64)
        return np.arange(2, len(self.rijen) + 2, dtype=np.int64)


def tabel_lezen(
    inhoud: bytes, bestandsnaam: str, *, max_bytes: int = MAX_BESTAND_BYTES, max_rijen: int = MAX_RIJEN
) -> Tabel:
    """Read an uploaded file into a table of text cells, or refuse it with a Dutch `ImportFout`."""
    if len(inhoud) > max_bytes:
        raise ImportFout(_(_TE_GROOT) % {"mb": _megabytes(max_bytes)})
    if not inhoud.strip():
        raise ImportFout(_("Het bestand is leeg. Kies het bestand met de cijfers en upload het opnieuw."))
    try:
        return _tabel_lezen(inhoud, PurePath(bestandsnaam or "").suffix.lower(), max_rijen)
    except ImportFout:
        raise
    except Exception as exc:
        # A malformed file can make csv, zipfile or openpyxl fail in any way they like; the person needs a
        # Dutch message and nothing stored, the maintainers a log line to find parser gaps.
        log.info("Import: unreadable file %r (%s)", bestandsnaam, type(exc).__name__, exc_info=True)
        raise ImportFout(_(_ONVERWACHT)) from exc


def _tabel_lezen(inhoud: bytes, extensie: str, max_rijen: int) -> Tabel:
    _extensie_controleren(extensie)
    if inhoud.startswith(b"PK\x03\x04") or inhoud.startswith(b"PK\x05\x06"):
        return _excel_lezen(inhoud, max_rijen)
    if inhoud.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2: the old .xls format, and also how Excel stores a password-protected .xlsx.
        raise ImportFout(_oud_excel_melding())
    soort = _binair_soort(inhoud)
    if soort is not None:
        raise ImportFout(
            _("Dit is geen tabel maar %(soort)s. Upload een CSV-bestand of een Excel-werkmap (.xlsx).")
            % {"soort": soort}
        )
    if extensie in {".xlsx", ".xltx"}:
        raise ImportFout(
            _(
                "Het bestand heeft de extensie %(extensie)s maar is geen geldige Excel-werkmap. "
                "Sla het opnieuw op als .xlsx of als CSV."
            )
            % {"extensie": extensie}
        )
    return _csv_lezen(inhoud, max_rijen)


def _megabytes(aantal_bytes: int) -> str:
    return getal(afronden(Decimal(aantal_bytes) / (1024 * 1024), 1))  # 10 MB, 2,5 MB


# Messages used in more than one place are functions: gettext must run when the message is shown.
def _oud_excel_melding() -> str:
    return _(
        "Dit is een oud Excel-bestand (.xls) of een met een wachtwoord beveiligd bestand. Open het in Excel "
        "en sla het op als Excel-werkmap (.xlsx) zonder wachtwoord, of als CSV."
    )


def _macro_melding() -> str:
    return _(
        "Bestanden met macro's worden niet geaccepteerd. Sla het bestand op als gewone Excel-werkmap (.xlsx) "
        "of als CSV en upload het opnieuw."
    )


def _ander_rekenblad_melding() -> str:
    return _("Dit rekenblad-formaat wordt niet gelezen. Sla het op als Excel-werkmap (.xlsx) of als CSV.")


def _extensie_controleren(extensie: str) -> None:
    """Refuse the formats we never read, whatever their content turns out to be."""
    if extensie in {".xls", ".xlt"}:
        raise ImportFout(_oud_excel_melding())
    if extensie in {".xlsm", ".xltm", ".xlam"}:
        raise ImportFout(_macro_melding())
    if extensie == ".xlsb":
        raise ImportFout(
            _(
                "Binaire Excel-werkmappen (.xlsb) worden niet geaccepteerd. "
                "Sla het bestand op als Excel-werkmap (.xlsx) of als CSV."
            )
        )
    if extensie in {".ods", ".numbers"}:
        raise ImportFout(_ander_rekenblad_melding())


_HANDTEKENINGEN: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", gettext_noop("een PDF-bestand")),
    (b"\x89PNG", gettext_noop("een afbeelding (PNG)")),
    (b"\xff\xd8\xff", gettext_noop("een afbeelding (JPEG)")),
    (b"GIF8", gettext_noop("een afbeelding (GIF)")),
    (b"II*\x00", gettext_noop("een afbeelding (TIFF)")),
    (b"MM\x00*", gettext_noop("een afbeelding (TIFF)")),
    (b"\x1f\x8b", gettext_noop("een gecomprimeerd bestand (gzip)")),
    (b"Rar!", gettext_noop("een gecomprimeerd bestand (RAR)")),
    (b"7z\xbc\xaf", gettext_noop("een gecomprimeerd bestand (7-Zip)")),
    (b"{\\rtf", gettext_noop("een tekstverwerkerbestand (RTF)")),
)


def _binair_soort(inhoud: bytes) -> str | None:
    """What a well-known non-table file is, by its first bytes (a name can lie; the content cannot)."""
    for handtekening, soort in _HANDTEKENINGEN:
        if inhoud.startswith(handtekening):
            return _(soort)
    return None


# -- CSV --

_SCHEIDINGSTEKENS = (";", "\t", ",")
# C0/C1 control characters other than tab, line ends, form feed and the DOS end-of-file mark.
_STUURTEKENS = re.compile("[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def _csv_lezen(inhoud: bytes, max_rijen: int) -> Tabel:
    tekst, codering = _decoderen(inhoud)
    _tekst_controleren(tekst)
    scheidingsteken = _scheidingsteken_bepalen(tekst)
    kop, rijen, regels = _csv_records(tekst, scheidingsteken, max_rijen)
    return _tabel_maken(kop, rijen, regels, "csv", codering, scheidingsteken)


def _decoderen(inhoud: bytes) -> tuple[str, str]:
    """Text and its encoding: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1."""
    if inhoud.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated.
        return inhoud.decode("utf-16"), "utf-16"
    try:
        if inhoud.startswith(codecs.BOM_UTF8):
            return inhoud.decode("utf-8-sig"), "utf-8-sig"
        return inhoud.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Latin-1 and cp1252 agree except on bytes 0x80-0x9f; only when those occur does the name matter.
    if re.search(rb"[\x80-\x9f]", inhoud) is None:
        return inhoud.decode("latin-1"), "latin-1"
    try:
        return inhoud.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return inhoud.decode("latin-1"), "latin-1"


def _tekst_controleren(tekst: str) -> None:
    """Refuse binary data and web pages before the CSV reader makes a one-column 'table' of them."""
    monster = tekst[:65536]
    if "\x00" in monster or len(_STUURTEKENS.findall(monster)) > max(2, len(monster) // 200):
        raise ImportFout(
            _(
                "Dit bestand is geen tabel: het bevat geen leesbare tekst. "
                "Upload een CSV-bestand of een Excel-werkmap (.xlsx)."
            )
        )
    if monster.lstrip().startswith("<"):
        raise ImportFout(
            _(
                "Dit bestand is een webpagina (HTML) of XML, geen tabel. Exporteer de cijfers als CSV of als "
                "Excel-werkmap (.xlsx) en upload dat bestand."
            )
        )


def _scheidingsteken_bepalen(tekst: str) -> str:
    """The separator: the one that splits the first lines into the same number (>= 2) of fields.

    csv.Sniffer alone is unreliable with decimal commas in semicolon files, so its answer and the count in the
    header line only break ties between candidates that split the sample equally consistently.
    """
    regels = [r for r in tekst[:65536].splitlines()[:50] if r.strip()]
    if not regels:
        raise ImportFout(_geen_kolommen_melding())
    monster = "\n".join(regels)
    try:
        # A small sample: the Sniffer's regular expressions are quadratic in the sample length.
        gesnuffeld: str | None = csv.Sniffer().sniff(monster[:4096], delimiters="".join(_SCHEIDINGSTEKENS)).delimiter
    except csv.Error:
        gesnuffeld = None
    beste: tuple[float, bool, bool, int] | None = None
    keuze: str | None = None
    for teken in _SCHEIDINGSTEKENS:
        aantallen = [len(r) for r in csv.reader(io.StringIO(monster), delimiter=teken) if r]
        if not aantallen:
            continue
        gewoon, hoe_vaak = max(Counter(aantallen).items(), key=lambda paar: (paar[1], paar[0]))
        if gewoon < 2:
            continue
        score = (
            hoe_vaak / len(aantallen),
            _buiten_aanhalingstekens(regels[0], teken) > 0,
            teken == gesnuffeld,
            gewoon,
        )
        if beste is None or score > beste:
            beste, keuze = score, teken
    if keuze is None:
        raise ImportFout(_geen_kolommen_melding())
    return keuze


def _buiten_aanhalingstekens(regel: str, teken: str) -> int:
    """How often `teken` occurs outside double-quoted parts of a line."""
    return sum(deel.count(teken) for deel in regel.split('"')[::2])


def _geen_kolommen_melding() -> str:
    return _(
        "In dit bestand zijn geen kolommen te herkennen. Een tabel heeft minstens twee kolommen "
        "(bijvoorbeeld gemeente en waarde), gescheiden door puntkomma's, komma's of tabs, en minstens "
        "één regel met gegevens."
    )


def _csv_records(tekst: str, scheidingsteken: str, max_rijen: int) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, data rows and their line numbers; leading title lines and trailing one-field notes dropped."""
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheidingsteken)
    kop: list[str] | None = None
    rijen: list[list[str]] = []
    regels: list[int] = []
    vorige = 0
    for velden in lezer:
        regel, vorige = vorige + 1, lezer.line_num  # a quoted field may span lines: the record starts here
        if not any(v.strip() for v in velden):
            continue
        if kop is None:
            if len(velden) >= 2:
                kop = velden
            continue  # before the header: a title line such as "Bevolking; kerncijfers"
        rijen.append(velden)
        regels.append(regel)
        _grenzen_bewaken(len(rijen), len(velden), max_rijen)
    # StatLine ends its exports with one-field lines such as "Bron: CBS"; they are notes, not data.
    while rijen and len(rijen[-1]) == 1:
        rijen.pop()
        regels.pop()
    if kop is None:
        raise ImportFout(_geen_kolommen_melding())
    return kop, rijen, regels


def _grenzen_bewaken(aantal_rijen: int, breedte: int, max_rijen: int) -> None:
    """Stop reading as soon as the file is too long or too big, before it fills the memory."""
    if aantal_rijen > max_rijen:
        raise ImportFout(
            _(
                "Het bestand heeft meer dan %(max)s regels met gegevens. "
                "Splits het bestand in delen van hoogstens %(max)s regels."
            )
            % {"max": getal(max_rijen)}
        )
    _cellen_bewaken(aantal_rijen * max(breedte, 1))


def _cellen_bewaken(aantal_cellen: int) -> None:
    if aantal_cellen > _MAX_CELLEN:
        raise ImportFout(
            _(
                "Het bestand heeft te veel cellen (regels maal kolommen) om in één keer in te lezen. "
                "Laat kolommen weg die u niet nodig hebt of splits het bestand."
            )
        )


def _tabel_maken(
    kop: Sequence[str],
    rijen: list[list[str]],
    regels: list[int],
    bestandstype: str,
    codering: str | None,
    scheidingsteken: str | None,
) -> Tabel:
    """Trim, name and pad the columns; refuse a table without at least two columns and one data row."""
    if not rijen:
        raise ImportFout(
            _("Het bestand heeft een kopregel maar geen regels met gegevens. Controleer of u het goede bestand koos.")
        )
    breedte = max(_laatst_gevuld(kop), *(_laatst_gevuld(r) for r in rijen))
    if breedte < 2:
        raise ImportFout(_geen_kolommen_melding())
    _cellen_bewaken(len(rijen) * breedte)
    kolommen = _kolomnamen([*kop[:breedte], *[""] * (breedte - len(kop))])
    opgevuld = [[*r[:breedte], *[""] * (breedte - len(r))] for r in rijen]
    frame = pd.DataFrame(opgevuld, columns=pd.Index(kolommen, dtype=object), dtype=str)
    return Tabel(kolommen, frame, bestandstype, codering, scheidingsteken, tuple(regels))


def _laatst_gevuld(velden: Sequence[str]) -> int:
    """The number of fields up to the last non-empty one (trailing separators are not columns)."""
    for i in range(len(velden), 0, -1):
        if velden[i - 1].strip():
            return i
    return 0


def _kolomnamen(kop: Sequence[str]) -> list[str]:
    """Stripped header names; empty ones named by position, duplicates numbered ("Waarde", "Waarde (2)")."""
    namen: list[str] = []
    gezien: set[str] = set()
    for positie, ruw in enumerate(kop, start=1):
        basis = " ".join(ruw.split()) or _("Kolom %(n)s") % {"n": positie}
        naam, volgnummer = basis, 1
        while naam in gezien:
            volgnummer += 1
            naam = f"{basis} ({volgnummer})"
        gezien.add(naam)
        namen.append(naam)
    return namen


# -- Excel --


def _excel_lezen(inhoud: bytes, max_rijen: int) -> Tabel:
    with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
        _zip_controleren(archief)
        _xml_controleren(archief)
    # keep_links=False: external workbook links are never followed or cached.
    werkmap = openpyxl.load_workbook(io.BytesIO(inhoud), read_only=True, data_only=False, keep_links=False)
    try:
        blad = _eerste_zichtbare_blad(werkmap)
        kop, rijen, regels = _excel_records(blad, max_rijen)
    finally:
        werkmap.close()
    return _tabel_maken(kop, rijen, regels, "xlsx", None, None)


def _zip_controleren(archief: zipfile.ZipFile) -> None:
    """Refuse macros, encryption and zip bombs from the zip directory alone, before anything is unpacked.

    The declared sizes are safe to trust: zipfile never returns more bytes than an entry declares.
    """
    delen = archief.infolist()
    if len(delen) > _MAX_ZIP_DELEN:
        raise ImportFout(_zipbom_melding())
    namen = [d.filename.lower() for d in delen]
    if any(n.endswith("vbaproject.bin") for n in namen):
        raise ImportFout(_macro_melding())
    if not any(n.startswith("xl/") for n in namen):
        if "mimetype" in namen:
            raise ImportFout(_ander_rekenblad_melding())
        raise ImportFout(
            _("Dit zip-bestand is geen Excel-werkmap. Upload een CSV-bestand of een Excel-werkmap (.xlsx).")
        )
    if any(d.flag_bits & 0x1 for d in delen):
        raise ImportFout(_oud_excel_melding())
    if sum(d.file_size for d in delen) > MAX_UITGEPAKT_BYTES:
        raise ImportFout(_zipbom_melding())
    for deel in delen:
        verhouding = deel.file_size / max(deel.compress_size, 1)
        if deel.file_size > _MIN_BYTES_VOOR_VERHOUDING and verhouding > MAX_COMPRESSIE_VERHOUDING:
            raise ImportFout(_zipbom_melding())


def _zipbom_melding() -> str:
    return _(
        "Het Excel-bestand pakt uit tot een onredelijk grote omvang en wordt daarom niet geopend. "
        "Sla het opnieuw op vanuit Excel, of lever de cijfers aan als CSV."
    )


def _xml_controleren(archief: zipfile.ZipFile) -> None:
    """Refuse any XML part with a DTD: real workbooks have none, entity bombs and external entities need one.

    Only the prolog is parsed (a DTD cannot follow the root element), so a big sheet costs nothing extra.
    """
    for deel in archief.infolist():
        if deel.is_dir():
            continue
        with archief.open(deel) as stroom:
            begin = stroom.read(8).lstrip(b" \t\r\n")
        if not begin.startswith((b"<", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"\x00<")):
            continue  # not XML (an image, printer settings): openpyxl does not parse it as XML either
        with archief.open(deel) as stroom:
            _proloog_controleren(stroom)


def _proloog_controleren(stroom: IO[bytes]) -> None:
    try:
        for _gebeurtenis, _element in iterparse(stroom, events=("start",), forbid_dtd=True):
            return  # the root element has started: no DTD can follow
    except DefusedXmlException as exc:
        raise ImportFout(
            _(
                "Het Excel-bestand bevat XML-onderdelen (een DTD of entiteiten) die een gewoon "
                "Excel-bestand niet heeft en die misbruikt kunnen worden. Sla het opnieuw op vanuit Excel "
                "of lever de cijfers aan als CSV."
            )
        ) from exc
    except ParseError as exc:
        raise ImportFout(_beschadigd_melding()) from exc


def _beschadigd_melding() -> str:
    return _(
        "Het Excel-bestand is beschadigd en kan niet worden gelezen. Open het in Excel, sla het opnieuw "
        "op als .xlsx en upload het nog eens."
    )


def _eerste_zichtbare_blad(werkmap: Any) -> Any:
    for blad in werkmap.worksheets:
        if getattr(blad, "sheet_state", "visible") == "visible":
            return blad
    raise ImportFout(_("De werkmap heeft geen zichtbaar werkblad. Maak het werkblad met de cijfers zichtbaar."))


def _excel_records(blad: Any, max_rijen: int) -> tuple[list[str], list[list[str]], list[int]]:
    """Header (first non-empty row), data rows and their sheet row numbers; formulas refuse the file."""
    # The stored dimension can be wrong (files written by other tools); without it openpyxl reads every row.
    blad.reset_dimensions()
    kop: list[str] | None = None
    rijen: list[list[str]] = []
    regels: list[int] = []
    for rijnummer, cellen in enumerate(blad.iter_rows(), start=1):
        waarden = [_excel_cel(cel) for cel in cellen]
        if not any(w.strip() for w in waarden):
            continue
        if kop is None:
            kop = waarden
            continue
        rijen.append(waarden)
        regels.append(rijnummer)
        _grenzen_bewaken(len(rijen), len(waarden), max_rijen)
    if kop is None:
        raise ImportFout(
            _(
                "Het eerste zichtbare werkblad ('%(blad)s') is leeg. Zet de cijfers op het eerste "
                "werkblad en upload het bestand opnieuw."
            )
            % {"blad": _citaat(str(blad.title))}
        )
    return kop, rijen, regels


def _excel_cel(cel: Any) -> str:
    if cel.data_type == "f":
        # A formula's value is whatever Excel last computed, or nothing: we only accept what the person sees.
        raise ImportFout(
            _(
                "Het bestand bevat formules (bijvoorbeeld in cel %(cel)s). Sla het op met alleen waarden "
                "(kopiëren en 'Plakken speciaal: waarden') en upload het opnieuw."
            )
            % {"cel": cel.coordinate}
        )
    return _celtekst(cel.value)


def _celtekst(waarde: object) -> str:
    """An Excel value as the text a person would type: 2023.0 -> "2023", 12.5 -> "12.5"."""
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "WAAR" if waarde else "ONWAAR"
    if isinstance(waarde, float):
        if waarde.is_integer() and abs(waarde) < 1e15:
            return str(int(waarde))
        return repr(waarde)
    if isinstance(waarde, dt.datetime) and waarde.time() == dt.time(0):
        return waarde.date().isoformat()
    if isinstance(waarde, dt.date | dt.time):
        return waarde.isoformat()
    return str(waarde)


# -- text keys shared by gemeente and indicator matching --


def _sleutel(tekst: str) -> str:
    """Accent-, case- and punctuation-free: "'s-Gravenhage" -> "s gravenhage", "Fryslân" -> "fryslan"."""
    zonder_accenten = "".join(c for c in unicodedata.normalize("NFKD", tekst) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", zonder_accenten.casefold()).split())


def _citaat(tekst: str, lengte: int = 60) -> str:
    """A cell's text fit to quote in a message: one line, no control characters, not endless."""
    schoon = " ".join(_STUURTEKENS.sub(" ", tekst).split())
    return schoon if len(schoon) <= lengte else schoon[: lengte - 1] + "…"


def _toevoegen(index: dict[str, set[str]], sleutel: str, code: str) -> None:
    if sleutel:
        index.setdefault(sleutel, set()).add(code)


# -- gemeenten --


@dataclass(frozen=True)
class GemeenteSleutel:
    code: str
    naam: str
    provincie: str


# How CBS, Vektis and people abbreviate a province after a gemeente name: "Bergen (NH.)", "BERGEN L".
_PROVINCIE_AFKORTINGEN: dict[str, frozenset[str]] = {
    "groningen": frozenset({"gr", "gn", "groningen"}),
    "fryslan": frozenset({"f", "fr", "frl", "fryslan", "friesland"}),
    "friesland": frozenset({"f", "fr", "frl", "fryslan", "friesland"}),
    "drenthe": frozenset({"d", "dr", "drenthe"}),
    "overijssel": frozenset({"o", "ov", "ovl", "overijssel"}),
    "flevoland": frozenset({"fl", "flevoland"}),
    "gelderland": frozenset({"g", "gl", "gld", "gelderland"}),
    "utrecht": frozenset({"u", "ut", "utr", "utrecht"}),
    "noord holland": frozenset({"nh", "n h", "noord holland"}),
    "zuid holland": frozenset({"zh", "z h", "zuid holland"}),
    "zeeland": frozenset({"z", "zl", "zld", "zeeland"}),
    "noord brabant": frozenset({"nb", "n b", "n br", "nbr", "noord brabant", "brabant"}),
    "limburg": frozenset({"l", "lb", "li", "lim", "limburg"}),
}

# Names people use that are not the official CBS name. Resolved through the given list, so an alias whose
# official name is not in this year's division simply does nothing.
_BEKENDE_NAMEN: dict[str, str] = {
    "den haag": "'s-Gravenhage",
    "the hague": "'s-Gravenhage",
    "gravenhage": "'s-Gravenhage",
    "den bosch": "'s-Hertogenbosch",
    "hertogenbosch": "'s-Hertogenbosch",
    "nuenen": "Nuenen, Gerwen en Nederwetten",
    "nuenen c a": "Nuenen, Gerwen en Nederwetten",
    "nuenen ca": "Nuenen, Gerwen en Nederwetten",
    "dantumadeel": "Dantumadiel",
    "tietjerksteradeel": "Tytsjerksteradiel",
    "de friese meren": "De Fryske Marren",
    "sudwest friesland": "Súdwest-Fryslân",
    "noordoost friesland": "Noardeast-Fryslân",
}

_GM_CODE = re.compile(r"(?:gm)?\s*0*(\d{1,4})", re.IGNORECASE)
_ANDERE_REGIOCODE = re.compile(r"(pv|ld|cr|nl|wk|bu)\s*\d+", re.IGNORECASE)
_REGIOSOORT_VAN_CODE = {
    "pv": gettext_noop("een provincie"),
    "ld": gettext_noop("een landsdeel"),
    "cr": gettext_noop("een COROP-gebied"),
    "nl": gettext_noop("het hele land"),
    "wk": gettext_noop("een wijk"),
    "bu": gettext_noop("een buurt"),
}
# CBS region names carry their kind: "Utrecht (PV)" is the province, "Utrecht (gemeente)" the municipality.
_GEEN_GEMEENTE_ACHTERVOEGSEL = re.compile(r"\s*\((PV|LD|CR)\)\s*$", re.IGNORECASE)
_GEMEENTE_ACHTERVOEGSEL = re.compile(r"\s*\((?:gemeente|gem\.?)\)\s*$", re.IGNORECASE)
_GEMEENTE_VOORVOEGSEL = re.compile(r"^\s*gemeente\s+", re.IGNORECASE)
_KWALIFICATIE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


class GemeenteZoeker:
    """CBS code for a gemeente as written in any file: its code in any spelling, or its name in any
    common spelling (CBS, Vektis upper-case ASCII, informal names, province qualifiers)."""

    def __init__(self, gemeenten: Iterable[GemeenteSleutel]) -> None:
        self._namen: dict[str, str] = {}
        # Tiers, most trustworthy first; a hit in a tier settles it (even when ambiguous).
        self._exact: dict[str, set[str]] = {}
        self._alias: dict[str, set[str]] = {}
        self._zonder_kwalificatie: dict[str, set[str]] = {}
        self._aaneengeschreven: dict[str, set[str]] = {}
        for gemeente in gemeenten:
            self._gemeente_toevoegen(gemeente)
        for informeel, officieel in _BEKENDE_NAMEN.items():
            for code in self._exact.get(_sleutel(officieel), set()):
                _toevoegen(self._alias, informeel, code)
        for index in (self._exact, self._alias):
            for sleutel, codes in index.items():
                for code in codes:
                    _toevoegen(self._aaneengeschreven, sleutel.replace(" ", ""), code)

    def _gemeente_toevoegen(self, gemeente: GemeenteSleutel) -> None:
        code, naam = gemeente.code.strip().upper(), gemeente.naam.strip()
        self._namen[code] = naam
        _toevoegen(self._exact, _sleutel(naam), code)
        deel = _KWALIFICATIE.match(naam)
        if deel is None:
            return
        basis = _sleutel(deel[1])
        _toevoegen(self._zonder_kwalificatie, basis, code)
        afkortingen = _PROVINCIE_AFKORTINGEN.get(_sleutel(gemeente.provincie), frozenset())
        for afkorting in {*afkortingen, _sleutel(deel[2])}:
            _toevoegen(self._alias, f"{basis} {afkorting}", code)

    def zoek(self, tekst: str) -> str | None:
        return self.zoek_met_reden(tekst)[0]

    def naam(self, code: str) -> str | None:
        return self._namen.get(code)

    def zoek_met_reden(self, tekst: str) -> tuple[str | None, str | None]:
        """(code, None) when found; (None, Dutch reason) when not found, ambiguous or not a gemeente."""
        schoon = " ".join(str(tekst).split())
        if not schoon:
            return None, _("Gemeente ontbreekt")
        if (code := _GM_CODE.fullmatch(schoon)) is not None:
            return self._op_code(schoon, f"GM{int(code[1]):04d}")
        if (andere := _ANDERE_REGIOCODE.fullmatch(schoon)) is not None:
            return None, self._geen_gemeente(schoon, _REGIOSOORT_VAN_CODE[andere[1].lower()])
        if (soort := _GEEN_GEMEENTE_ACHTERVOEGSEL.search(schoon)) is not None:
            regiosoort = {
                "PV": gettext_noop("een provincie"),
                "LD": gettext_noop("een landsdeel"),
                "CR": gettext_noop("een COROP-gebied"),
            }
            return None, self._geen_gemeente(schoon, regiosoort[soort[1].upper()])
        naam = _GEMEENTE_VOORVOEGSEL.sub("", _GEMEENTE_ACHTERVOEGSEL.sub("", schoon))
        return self._op_naam(schoon, _sleutel(naam))

    def _op_code(self, tekst: str, code: str) -> tuple[str | None, str | None]:
        if code in self._namen:
            return code, None
        return None, _("Gemeentecode '%(code)s' bestaat niet in deze gemeentelijke indeling") % {"code": _citaat(tekst)}

    def _op_naam(self, tekst: str, sleutel: str) -> tuple[str | None, str | None]:
        tiers = (
            (self._exact, sleutel),
            (self._alias, sleutel),
            (self._zonder_kwalificatie, sleutel),
            (self._aaneengeschreven, sleutel.replace(" ", "")),
        )
        for index, opzoeksleutel in tiers:
            codes = index.get(opzoeksleutel) if opzoeksleutel else None
            if not codes:
                continue
            if len(codes) == 1:
                return next(iter(codes)), None
            namen = " of ".join(sorted(self._namen[c] for c in codes))
            return None, _("Gemeente '%(tekst)s' is niet eenduidig: bedoelt u %(namen)s?") % {
                "tekst": _citaat(tekst),
                "namen": namen,
            }
        if sleutel == "nederland":
            return None, self._geen_gemeente(tekst, gettext_noop("het hele land"))
        return None, _("Gemeente '%(tekst)s' niet gevonden") % {"tekst": _citaat(tekst)}

    @staticmethod
    def _geen_gemeente(tekst: str, soort: str) -> str:
        return _("'%(tekst)s' is %(soort)s, geen gemeente") % {"tekst": _citaat(tekst), "soort": _(soort)}


# -- indicators --

_EENHEID_ACHTERAAN = re.compile(r"\s*\([^()]*\)\s*$")  # StatLine headers: "Bevolking op 1 januari (aantal)"
_CBS_VOLGNUMMER = re.compile(r"_\d+$")  # CBS open-data keys: "AantalInwoners_5"


def aliassleutel(tekst: str) -> str:
    """A source's column title as the catalogue's aliases compare it: case- and accent-free, spaces collapsed,
    punctuation kept (the unit in "Eenpersoonshuishoudens (aantal)" tells it from the percentage), a StatLine
    key's number dropped ("AantalInwoners_5" -> "aantalinwoners_")."""
    zonder_accenten = "".join(c for c in unicodedata.normalize("NFKD", tekst) if not unicodedata.combining(c))
    return " ".join(_CBS_VOLGNUMMER.sub("_", zonder_accenten.strip()).casefold().split())


class _IndicatorZoeker:
    """Indicator code for a cell or header that holds a code, a name (case-, accent-, punctuation-free) or one of
    the catalogue's aliases (a source's own column title, `aliassen`: title -> code), the alias first."""

    def __init__(self, indicatoren: Mapping[str, str], aliassen: Mapping[str, str] | None = None) -> None:
        self._codes = set(indicatoren)
        self._index: dict[str, set[str]] = {}
        self._aaneengeschreven: dict[str, set[str]] = {}
        self._aliassen: dict[str, set[str]] = {}
        for code, naam in indicatoren.items():
            for tekst in (code, naam, _EENHEID_ACHTERAAN.sub("", naam)):
                _toevoegen(self._index, _sleutel(tekst), code)
                _toevoegen(self._aaneengeschreven, _sleutel(tekst).replace(" ", ""), code)
        for tekst, code in (aliassen or {}).items():
            if code in self._codes:
                _toevoegen(self._aliassen, aliassleutel(tekst), code)

    def _alias(self, tekst: str) -> str | None:
        codes = self._aliassen.get(aliassleutel(tekst))
        return next(iter(codes)) if codes and len(codes) == 1 else None

    def zoek_met_reden(self, tekst: str) -> tuple[str | None, str | None]:
        schoon = str(tekst).strip()
        if schoon in self._codes:
            return schoon, None
        if not schoon:
            return None, _("Indicator ontbreekt")
        if (alias := self._alias(schoon)) is not None:
            return alias, None
        codes = self._index.get(_sleutel(schoon)) or self._index.get(_sleutel(_EENHEID_ACHTERAAN.sub("", schoon)))
        if codes is not None and len(codes) == 1:
            return next(iter(codes)), None
        if codes:
            return None, _("Indicator '%(tekst)s' is niet eenduidig: past bij %(codes)s") % {
                "tekst": _citaat(schoon),
                "codes": ", ".join(sorted(codes)),
            }
        return None, _("Indicator '%(tekst)s' staat niet in de catalogus") % {"tekst": _citaat(schoon)}

    def zoek_kop(self, kop: str) -> str | None:
        """A column header that names one indicator, also as CBS open-data key ("AantalInwoners_5")."""
        code, _reden = self.zoek_met_reden(kop)
        if code is not None:
            return code
        kaal = _sleutel(_EENHEID_ACHTERAAN.sub("", _CBS_VOLGNUMMER.sub("", kop))).replace(" ", "")
        codes = self._aaneengeschreven.get(kaal) if kaal else None
        return next(iter(codes)) if codes and len(codes) == 1 else None


# -- years and numbers --

# "2023", "2023JJ00" (CBS period code), "2023*"/"2023**" (provisional), "2023 (voorlopig)", "2023.0" (Excel).
_JAAR = re.compile(r"(\d{4})(?:JJ00|\s*\*{1,2}|\.0+|\s*\(?(?:nader\s+)?voorlopig\)?)?", re.IGNORECASE)
_ANDERE_PERIODE = re.compile(r"\d{4}\s*(?:KW|MM|HJ|X\d)", re.IGNORECASE)


def _jaar_lezen(tekst: str) -> tuple[int | None, str | None]:
    schoon = " ".join(str(tekst).split())
    if not schoon:
        return None, _("Jaar ontbreekt")
    gevonden = _JAAR.fullmatch(schoon)
    if gevonden is None:
        if _ANDERE_PERIODE.match(schoon):
            return None, _(
                "Periode '%(tekst)s' is een kwartaal of maand; alleen cijfers per jaar kunnen worden ingelezen"
            ) % {"tekst": _citaat(schoon)}
        return None, _("Jaar '%(tekst)s' is geen jaartal") % {"tekst": _citaat(schoon)}
    jaar = int(gevonden[1])
    if not _EERSTE_JAAR <= jaar <= _LAATSTE_JAAR:
        return None, _("Jaar '%(tekst)s' ligt niet tussen %(van)s en %(tot)s") % {
            "tekst": _citaat(schoon),
            "van": _EERSTE_JAAR,
            "tot": _LAATSTE_JAAR,
        }
    return jaar, None


_GETAL_NL = r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?|[+-]?,\d+"  # 1.234,5
_GETAL_EN = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+"  # 1,234.5
_GETAL_E = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)[eE][+-]?\d+"  # 1.5E-3, as Excel and exports write tiny numbers
# Evidence of a file's convention: a separator that cannot group thousands (not exactly 3 digits after it).
_ZEKER_NL = r"[+-]?\d{1,3}(?:\.\d{3})+,\d+|[+-]?\d*,(?:\d{1,2}|\d{4,})"
_ZEKER_EN = r"[+-]?\d{1,3}(?:,\d{3})+\.\d+|[+-]?\d*\.(?:\d{1,2}|\d{4,})"


def _is_leeg(teksten: pd.Series) -> pd.Series:
    """Missing-value markers (CBS writes "." and "x"): not an error, just nothing to store."""
    return teksten.str.strip().str.lower().isin(_LEGE_WAARDEN)


def _getalstijl(s: pd.Series) -> str | None:
    """'nl' (1.234,5) or 'en' (1,234.5) when the values show one convention only; None to decide per cell."""
    uniek = pd.Series(pd.unique(s), dtype=str)
    nl, en = bool(uniek.str.fullmatch(_ZEKER_NL).any()), bool(uniek.str.fullmatch(_ZEKER_EN).any())
    if nl != en:
        return "nl" if nl else "en"
    return None


def _getal_voorbereiden(teksten: pd.Series) -> pd.Series:
    """Drop spaces (also as thousands separator), a trailing % and a leading €; typographic minus -> '-'."""
    s = teksten.astype(str).str.strip()
    # Most cells are plain numbers: only the few with decoration pay for the extra replacements.
    versierd = s.str.contains("[\\s\u00a0\u202f\u2212%€]", regex=True).to_numpy(dtype=bool)
    if versierd.any():
        deel = s[versierd].str.replace(r"[\s\u00a0\u202f]+", "", regex=True).str.replace("\u2212", "-", regex=False)
        s = s.copy()
        s[versierd] = deel.str.replace(r"%$", "", regex=True).str.replace(r"^€", "", regex=True)
    return s


def _getallen_lezen(teksten: pd.Series, *, stijl_bepalen: bool) -> pd.Series:
    """Numbers from text, vectorised; NaN where the text is not a number. 12,5% -> 12.5; 1.234,5 -> 1234.5.

    With `stijl_bepalen` the whole column decides whether "1.234" means 1234 (a file with decimal commas)
    or 1.234 (a file with decimal points); otherwise each cell decides for itself.
    """
    s = _getal_voorbereiden(teksten)
    stijl = _getalstijl(s) if stijl_bepalen else None
    if stijl is None:
        komma, punt = s.str.count(","), s.str.count(r"\.")
        laatste_komma = s.str.rfind(",") > s.str.rfind(".")
        is_nl = ((komma > 0) & (punt > 0) & laatste_komma) | ((komma == 1) & (punt == 0)) | ((komma == 0) & (punt > 1))
    else:
        is_nl = pd.Series(stijl == "nl", index=s.index)
    nl = s.str.fullmatch(_GETAL_NL) & is_nl
    en = s.str.fullmatch(_GETAL_EN) & ~is_nl
    wetenschappelijk = s.str.fullmatch(_GETAL_E)
    genormaliseerd = np.where(
        nl,
        s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
        np.where(en, s.str.replace(",", "", regex=False), s.str.replace(",", ".", regex=False)),
    )
    geldig = (nl | en | wetenschappelijk).to_numpy(dtype=bool)
    getallen = pd.to_numeric(pd.Series(np.where(geldig, genormaliseerd, "nan"), index=s.index), errors="coerce")
    return getallen.where(np.isfinite(getallen)).astype(float)


# -- the mapping --


class Vorm(StrEnum):
    LANG = "lang"  # one row per gemeente x indicator x year
    BREED_INDICATOREN = "breed_indicatoren"  # one row per gemeente (x year); one column per indicator
    BREED_JAREN = "breed_jaren"  # one row per gemeente (x indicator); one column per year


@dataclass(frozen=True)
class Koppeling:
    vorm: Vorm
    gemeente_kolom: str
    jaar_kolom: str | None = None
    vaste_jaar: int | None = None
    indicator_kolom: str | None = None
    vaste_indicator: str | None = None
    waarde_kolom: str | None = None
    indicator_kolommen: Mapping[str, str] = field(default_factory=dict)
    jaar_kolommen: Mapping[str, int] = field(default_factory=dict)
    # Several rows per gemeente and year (Vektis: one per gender x age group): add a count's rows up. A rate's
    # rows cannot be added; they are refused with the reason.
    optellen: bool = False

    def valideren(self, tabel: Tabel) -> list[str]:
        """Problems with the mapping itself, in Dutch; [] when it can be applied to this table's columns.

        Fields that do not belong to the chosen form are ignored: the form keeps them as hidden defaults.
        """
        try:
            vorm = Vorm(self.vorm)
        except ValueError:
            return [_("Kies hoe de tabel is opgebouwd.")]
        controle = _Koppelingscontrole(set(tabel.kolommen))
        controle.kolom(self.gemeente_kolom, _("de gemeente"), verplicht=True)
        if vorm is Vorm.LANG:
            self._jaar_controleren(controle)
            self._indicator_controleren(controle)
            controle.kolom(self.waarde_kolom, _("de waarde"), verplicht=True)
        elif vorm is Vorm.BREED_INDICATOREN:
            self._jaar_controleren(controle)
            self._indicatorkolommen_controleren(controle)
        else:
            self._indicator_controleren(controle)
            self._jaarkolommen_controleren(controle)
        return controle.problemen

    def _jaar_controleren(self, controle: _Koppelingscontrole) -> None:
        if self.jaar_kolom and self.vaste_jaar is not None:
            controle.probleem(_("Kies een kolom met het jaar óf één jaar voor het hele bestand, niet allebei."))
        elif self.vaste_jaar is not None:
            controle.jaar(self.vaste_jaar)
        elif not self.jaar_kolom:
            controle.probleem(_("Kies de kolom met het jaar, of vul één jaar in voor het hele bestand."))
        else:
            controle.kolom(self.jaar_kolom, _("het jaar"))

    def _indicator_controleren(self, controle: _Koppelingscontrole) -> None:
        if self.indicator_kolom and self.vaste_indicator:
            controle.probleem(
                _("Kies een kolom met de indicator óf één indicator voor het hele bestand, niet allebei.")
            )
        elif not self.indicator_kolom and not self.vaste_indicator:
            controle.probleem(_("Kies de kolom met de indicator, of kies één indicator voor het hele bestand."))
        elif self.indicator_kolom:
            controle.kolom(self.indicator_kolom, _("de indicator"))

    def _indicatorkolommen_controleren(self, controle: _Koppelingscontrole) -> None:
        gekoppeld = {k: c for k, c in self.indicator_kolommen.items() if c}
        if not gekoppeld:
            controle.probleem(_("Koppel minstens één kolom aan een indicator; nu is er niets om in te lezen."))
        for kolom, code in gekoppeld.items():
            controle.kolom(kolom, _("indicator %(code)s") % {"code": code})
        controle.dubbel(gekoppeld, _("indicator"))

    def _jaarkolommen_controleren(self, controle: _Koppelingscontrole) -> None:
        if not self.jaar_kolommen:
            controle.probleem(_("Koppel minstens één kolom aan een jaar; nu is er niets om in te lezen."))
        for kolom, jaar in self.jaar_kolommen.items():
            controle.kolom(kolom, _("het jaar %(jaar)s") % {"jaar": jaar})
            controle.jaar(jaar)
        controle.dubbel(dict(self.jaar_kolommen), _("jaar"))


class _Koppelingscontrole:
    """Collects the problems of a mapping; a column may play only one part."""

    def __init__(self, kolommen: set[str]) -> None:
        self.kolommen = kolommen
        self.problemen: list[str] = []
        self.rollen: dict[str, str] = {}

    def probleem(self, tekst: str) -> None:
        self.problemen.append(tekst)

    def kolom(self, kolom: str | None, rol: str, *, verplicht: bool = False) -> None:
        if not kolom:
            if verplicht:
                self.probleem(_("Kies de kolom met %(rol)s.") % {"rol": rol})
            return
        if kolom not in self.kolommen:
            self.probleem(
                _("De kolom '%(kolom)s' (voor %(rol)s) staat niet in het bestand.")
                % {"kolom": _citaat(kolom), "rol": rol}
            )
        elif kolom in self.rollen:
            self.probleem(
                _("De kolom '%(kolom)s' is gekozen voor %(eerste)s én voor %(tweede)s; kies voor elk een eigen kolom.")
                % {"kolom": _citaat(kolom), "eerste": self.rollen[kolom], "tweede": rol}
            )
        else:
            self.rollen[kolom] = rol

    def jaar(self, jaar: object) -> None:
        if not isinstance(jaar, int) or isinstance(jaar, bool) or not _EERSTE_JAAR <= jaar <= _LAATSTE_JAAR:
            self.probleem(
                _("Het jaar %(jaar)s ligt niet tussen %(van)s en %(tot)s.")
                % {"jaar": _citaat(str(jaar)), "van": _EERSTE_JAAR, "tot": _LAATSTE_JAAR}
            )

    def dubbel(self, toewijzing: Mapping[str, object], wat: str) -> None:
        per_doel: dict[object, list[str]] = {}
        for kolom, doel in toewijzing.items():
            per_doel.setdefault(doel, []).append(kolom)
        for doel, kolommen in per_doel.items():
            if len(kolommen) > 1:
                self.probleem(
                    _("De kolommen %(kolommen)s zijn allemaal gekoppeld aan %(wat)s %(doel)s; kies er één.")
                    % {"kolommen": ", ".join(f"'{_citaat(k)}'" for k in kolommen), "wat": wat, "doel": doel}
                )


# -- guessing the mapping --

_GEMEENTE_KOPPEN_CODE = frozenset(
    {"gemeentecode", "codering", "wijkenenbuurten", "statcode", "gmcode", "gemcode", "regiocode"}
)
_GEMEENTE_KOPPEN_NAAM = frozenset(
    {
        "gemeente",
        "gemeenten",
        "gemeentenaam",
        "regios",
        "regio",
        "regionaam",
        "statnaam",
        "gemnaam",
        "naamgemeente",
    }
)
_JAAR_KOPPEN = frozenset({"perioden", "periode", "jaar", "jaren", "jaartal", "year", "peiljaar"})
_INDICATOR_KOPPEN = frozenset(
    {"indicator", "indicatoren", "indicatorcode", "onderwerp", "onderwerpen", "variabele", "kenmerk"}
)
_WAARDE_KOPPEN = frozenset({"waarde", "waarden", "value", "aantal", "getal", "cijfer"})
_MONSTER = 300  # unique values looked at per column when guessing: enough to judge, cheap on any file


def _kopkern(kop: str) -> str:
    """'Codering_3' -> 'codering', "Regio's" -> 'regios', 'WijkenEnBuurten' -> 'wijkenenbuurten'."""
    return re.sub(r"\d+$", "", _sleutel(kop).replace(" ", ""))


def _monster(tabel: Tabel, kolom: str) -> list[str]:
    waarden = pd.unique(tabel.rijen[kolom].astype(str).str.strip())
    return [w for w in waarden[: _MONSTER * 2] if w and w.lower() not in _LEGE_WAARDEN][:_MONSTER]


def _aandeel(waarden: list[str], past: Callable[[str], bool]) -> float:
    return sum(1 for w in waarden if past(w)) / len(waarden) if waarden else 0.0


def koppeling_raden(
    tabel: Tabel,
    indicatoren: Mapping[str, str],
    zoeker: GemeenteZoeker | None = None,
    aliassen: Mapping[str, str] | None = None,
) -> Koppeling | None:
    """The best guess of the mapping, as the form's defaults; None when no gemeente column can be found.

    The guess may be incomplete (say, a wide table whose headers match no indicator): the person completes it
    in the form, and `Koppeling.valideren` says what is still missing.
    """
    gemeente_kolom = _gemeentekolom_raden(tabel, zoeker)
    if gemeente_kolom is None:
        return None
    overig = [k for k in tabel.kolommen if k != gemeente_kolom]
    ind_zoeker = _IndicatorZoeker(indicatoren, aliassen)
    jaar_kolommen = {k: j for k in overig if (j := _jaar_uit_kop(k)) is not None}
    indicator_kolommen = {k: c for k in overig if k not in jaar_kolommen and (c := ind_zoeker.zoek_kop(k)) is not None}
    rest = [k for k in overig if k not in jaar_kolommen and k not in indicator_kolommen]
    jaar_kolom = _jaarkolom_raden(tabel, rest)
    rest = [k for k in rest if k != jaar_kolom]
    indicator_kolom = _indicatorkolom_raden(tabel, rest, ind_zoeker)
    rest = [k for k in rest if k != indicator_kolom]
    if jaar_kolommen and len(jaar_kolommen) >= len(indicator_kolommen):
        return Koppeling(Vorm.BREED_JAREN, gemeente_kolom, indicator_kolom=indicator_kolom, jaar_kolommen=jaar_kolommen)
    if indicator_kolommen:
        return Koppeling(
            Vorm.BREED_INDICATOREN,
            gemeente_kolom,
            jaar_kolom=jaar_kolom,
            indicator_kolommen=indicator_kolommen,
        )
    waarde_kolom = _waardekolom_raden(tabel, rest)
    if indicator_kolom is not None or waarde_kolom is not None:
        return Koppeling(
            Vorm.LANG,
            gemeente_kolom,
            jaar_kolom=jaar_kolom,
            indicator_kolom=indicator_kolom,
            waarde_kolom=waarde_kolom,
        )
    return Koppeling(Vorm.BREED_INDICATOREN, gemeente_kolom, jaar_kolom=jaar_kolom)


def _gemeentekolom_raden(tabel: Tabel, zoeker: GemeenteZoeker | None) -> str | None:
    """By header; with a zoeker also by content. A code column wins over a name column (wijk/buurt rows in
    CBS files share the gemeente's name but not its code)."""
    scores: list[tuple[bool, int, float, int, str]] = []
    for positie, kolom in enumerate(tabel.kolommen):
        rang = _gemeentekop_rang(kolom)
        aandeel = _herkend_als_regio(_monster(tabel, kolom), zoeker) if zoeker is not None else 0.0
        if rang > 0 or aandeel >= 0.6:
            # With a zoeker, a telling header whose values are no gemeenten loses to one whose values are.
            scores.append((aandeel >= 0.5 or zoeker is None, rang, aandeel, -positie, kolom))
    return max(scores)[-1] if scores else None


def _gemeentekop_rang(kolom: str) -> int:
    """2 for a code header, 1 for a name header, 0 for anything else."""
    kern = _kopkern(kolom)
    if kern in _GEMEENTE_KOPPEN_CODE:
        return 2
    if kern in _GEMEENTE_KOPPEN_NAAM or kern.startswith(("gemeente", "regio")):
        return 1
    return 0


def _herkend_als_regio(waarden: list[str], zoeker: GemeenteZoeker) -> float:
    """Share of values that are a gemeente or another CBS region code (wijk/buurt rows of a gemeente file)."""
    return _aandeel(waarden, lambda w: zoeker.zoek(w) is not None or _ANDERE_REGIOCODE.fullmatch(w) is not None)


def _jaar_uit_kop(kop: str) -> int | None:
    jaar, _reden = _jaar_lezen(kop)
    return jaar


def _jaarkolom_raden(tabel: Tabel, kolommen: list[str]) -> str | None:
    for kolom in kolommen:
        if _kopkern(kolom) in _JAAR_KOPPEN:
            return kolom
    for kolom in kolommen:
        monster = _monster(tabel, kolom)
        if monster and _aandeel(monster, lambda w: _jaar_lezen(w)[0] is not None) >= 0.9:
            return kolom
    return None


def _indicatorkolom_raden(tabel: Tabel, kolommen: list[str], ind_zoeker: _IndicatorZoeker) -> str | None:
    for kolom in kolommen:
        if _kopkern(kolom) in _INDICATOR_KOPPEN:
            return kolom
    for kolom in kolommen:
        monster = _monster(tabel, kolom)
        if monster and _aandeel(monster, lambda w: ind_zoeker.zoek_met_reden(w)[0] is not None) >= 0.5:
            return kolom
    return None


def _waardekolom_raden(tabel: Tabel, kolommen: list[str]) -> str | None:
    for kolom in kolommen:
        if _kopkern(kolom) in _WAARDE_KOPPEN:
            return kolom
    getallen = [
        k
        for k in kolommen
        if _getallen_lezen(pd.Series(_monster(tabel, k), dtype=str), stijl_bepalen=False).notna().mean() >= 0.9
    ]
    return getallen[0] if len(getallen) == 1 else None


# -- conversion --


@dataclass(frozen=True)
class Afwijzing:
    regel: int
    reden: str


@dataclass(frozen=True)
class Omzetting:
    waarden: pd.DataFrame
    afgewezen: list[Afwijzing]
    leeg: int
    # (indicator, gemeente, jaar) of the empty cells whose row names a known gemeente, year and indicator, and
    # for which the file holds no value elsewhere: where an older figure may stand that this file does not renew.
    lege_sleutels: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["indicator", "gemeente", "jaar"]))
    # With Koppeling.optellen: how many rows were added up into how many values.
    opgeteld_rijen: int = 0
    opgeteld_waarden: int = 0

    @property
    def ok(self) -> bool:
        return len(self.waarden) > 0 and not self.afgewezen


def omzetten(
    tabel: Tabel,
    koppeling: Koppeling,
    zoeker: GemeenteZoeker,
    indicatoren: Mapping[str, str],
    *,
    voortgang: Callable[[int], None] | None = None,
    aliassen: Mapping[str, str] | None = None,
    optelbaar: Collection[str] = (),
) -> Omzetting:
    """Long-format values (indicator, gemeente, jaar, waarde) and every unusable row with line and reason.

    Vectorised: gemeenten, years and indicators are looked up once per distinct text; numbers are parsed
    with string operations on whole columns.
    """
    melden = voortgang or (lambda _procent: None)
    melden(0)
    _koppeling_afdwingen(tabel, koppeling, indicatoren)
    alles = _lang_maken(tabel, koppeling)
    leeg_masker = _is_leeg(alles["waarde"]).to_numpy(dtype=bool)
    leeg = int(leeg_masker.sum())
    melden(10)
    alle_gemeenten, alle_gemeente_redenen = _per_unieke_tekst(alles["gemeente"], zoeker.zoek_met_reden)
    melden(30)
    alle_jaren, alle_jaar_redenen = _per_unieke_tekst(alles["jaar"], _jaar_lezen)
    alle_indicatoren, alle_indicator_redenen = _per_unieke_tekst(
        alles["indicator"], _IndicatorZoeker(indicatoren, aliassen).zoek_met_reden
    )
    melden(50)
    herkend = np.logical_and.reduce(
        [r.isna().to_numpy() for r in (alle_gemeente_redenen, alle_jaar_redenen, alle_indicator_redenen)]
    )
    lege_kandidaten = pd.DataFrame({"indicator": alle_indicatoren, "gemeente": alle_gemeenten, "jaar": alle_jaren}).loc[
        leeg_masker & herkend
    ]
    # A row without a value stores nothing, so its gemeente or year cannot be wrong in a way that matters.
    gevuld = ~leeg_masker

    def gevulde(reeks: pd.Series) -> pd.Series:
        return reeks.loc[gevuld].reset_index(drop=True)

    lang = alles.loc[gevuld].reset_index(drop=True)
    gemeente, gemeente_reden = gevulde(alle_gemeenten), gevulde(alle_gemeente_redenen)
    jaar, jaar_reden = gevulde(alle_jaren), gevulde(alle_jaar_redenen)
    indicator, indicator_reden = gevulde(alle_indicatoren), gevulde(alle_indicator_redenen)
    # Excel numbers arrive as "1234.5" whatever the person's locale, so only a CSV decides per column.
    waarde = _getallen_lezen(lang["waarde"], stijl_bepalen=tabel.bestandstype == "csv")
    waarde_reden = _waarde_redenen(lang, waarde, breed=koppeling.vorm != Vorm.LANG)
    melden(70)
    redenen = [gemeente_reden, jaar_reden, indicator_reden, waarde_reden]
    bruikbaar = np.logical_and.reduce([r.isna().to_numpy() for r in redenen])
    kandidaten = pd.DataFrame(
        {
            "regel": lang["regel"],
            "volgorde": lang["volgorde"],
            "indicator": indicator,
            "gemeente": gemeente,
            "jaar": jaar,
            "waarde": waarde,
        }
    ).loc[bruikbaar]
    opgeteld_rijen = opgeteld_waarden = 0
    if koppeling.optellen:
        kandidaten, opgeteld_rijen, opgeteld_waarden = _optellen(kandidaten, optelbaar)
    waarden, dubbel_reden = _dubbele_scheiden(kandidaten, optellen_gevraagd=koppeling.optellen)
    afgewezen = _afwijzingen(lang, redenen, dubbel_reden)
    melden(100)
    return Omzetting(
        waarden=waarden,
        afgewezen=afgewezen,
        leeg=leeg,
        lege_sleutels=_lege_sleutels(lege_kandidaten, waarden),
        opgeteld_rijen=opgeteld_rijen,
        opgeteld_waarden=opgeteld_waarden,
    )


def _optellen(kandidaten: pd.DataFrame, optelbaar: Collection[str]) -> tuple[pd.DataFrame, int, int]:
    """Add up the rows of a count (an indicator in `optelbaar`) per (indicator, gemeente, jaar): the sum stands on
    the first row, its line and position. Rates are left as they are (`_dubbele_scheiden` refuses their repeats).
    Returns the rows, how many rows were added up, and into how many values."""
    sleutel = ["indicator", "gemeente", "jaar"]
    telt = kandidaten["indicator"].isin(list(optelbaar))
    tellingen = kandidaten.loc[telt]
    if tellingen.empty:
        return kandidaten, 0, 0
    groep = tellingen.groupby(sleutel, sort=False)
    aantal = groep["waarde"].transform("size")
    eerste = tellingen.loc[~tellingen.duplicated(subset=sleutel, keep="first")].copy()
    eerste["waarde"] = groep["waarde"].transform("sum").loc[eerste.index]
    meer = aantal.loc[eerste.index] > 1
    samen = pd.concat([eerste, kandidaten.loc[~telt]]).sort_index(kind="stable")
    return samen, int(aantal.loc[eerste.index][meer].sum()), int(meer.sum())


def _lege_sleutels(lege: pd.DataFrame, waarden: pd.DataFrame) -> pd.DataFrame:
    """The distinct keys of the empty cells that the file does not fill elsewhere."""
    sleutel = ["indicator", "gemeente", "jaar"]
    lege = lege.astype({"indicator": str, "gemeente": str, "jaar": "int64"}).drop_duplicates(sleutel)
    gevuld = pd.MultiIndex.from_frame(waarden[sleutel]) if len(waarden) else None
    if gevuld is not None and len(lege):
        lege = lege.loc[~pd.MultiIndex.from_frame(lege[sleutel]).isin(gevuld)]
    return lege.reset_index(drop=True)


def _koppeling_afdwingen(tabel: Tabel, koppeling: Koppeling, indicatoren: Mapping[str, str]) -> None:
    problemen = koppeling.valideren(tabel)
    ontbrekend = [k for k in tabel.kolommen if k not in tabel.rijen.columns]
    if ontbrekend:
        problemen.append(_("De tabel is onvolledig ingelezen; upload het bestand opnieuw."))
    vaste_codes: list[str | None]
    if koppeling.vorm == Vorm.BREED_INDICATOREN:
        vaste_codes = list(koppeling.indicator_kolommen.values())
    else:
        vaste_codes = [koppeling.vaste_indicator]
    for code in dict.fromkeys(c for c in vaste_codes if c):
        if code not in indicatoren:
            problemen.append(_("De indicator '%(code)s' staat niet in de catalogus.") % {"code": _citaat(code)})
    if problemen:
        raise ImportFout(" ".join(problemen))


def _lang_maken(tabel: Tabel, koppeling: Koppeling) -> pd.DataFrame:
    """One row per value cell: line, position in the row, source column and the texts for each key."""
    rijen, regels = tabel.rijen, tabel.regels()

    def tekst(kolom: str | None, vast: object) -> pd.Series:
        if kolom:
            return rijen[kolom].astype(str).fillna("")  # a hand-built table may hold NaN for "missing"
        return pd.Series([str(vast)] * len(rijen), index=rijen.index, dtype=str)

    def stuk(volgorde: int, waarde_kolom: str, jaar: pd.Series, indicator: pd.Series) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "regel": regels,
                "volgorde": volgorde,
                "kolom": waarde_kolom,
                "gemeente": tekst(koppeling.gemeente_kolom, ""),
                "jaar": jaar,
                "indicator": indicator,
                "waarde": tekst(waarde_kolom, ""),
            }
        )

    if koppeling.vorm == Vorm.LANG:
        jaar = tekst(koppeling.jaar_kolom, koppeling.vaste_jaar)
        stukken = [
            stuk(
                0,
                koppeling.waarde_kolom or "",
                jaar,
                tekst(koppeling.indicator_kolom, koppeling.vaste_indicator),
            )
        ]
    elif koppeling.vorm == Vorm.BREED_INDICATOREN:
        jaar = tekst(koppeling.jaar_kolom, koppeling.vaste_jaar)
        stukken = [
            stuk(i, kolom, jaar, tekst(None, code))
            for i, (kolom, code) in enumerate(koppeling.indicator_kolommen.items())
            if code
        ]
    else:
        indicator = tekst(koppeling.indicator_kolom, koppeling.vaste_indicator)
        stukken = [
            stuk(i, kolom, tekst(None, j), indicator) for i, (kolom, j) in enumerate(koppeling.jaar_kolommen.items())
        ]
    lang = pd.concat(stukken, ignore_index=True)
    # Row order, then column order: "the first" occurrence of a duplicate is the one a person reads first.
    return lang.sort_values(["regel", "volgorde"], kind="stable").reset_index(drop=True)


def _per_unieke_tekst(
    teksten: pd.Series, opzoeken: Callable[[str], tuple[Any, str | None]]
) -> tuple[pd.Series, pd.Series]:
    """Look each distinct text up once; map result and reason back onto every row."""
    uitkomsten = {t: opzoeken(t) for t in pd.unique(teksten)}
    resultaat = teksten.map({t: u[0] for t, u in uitkomsten.items()})
    reden = teksten.map({t: u[1] for t, u in uitkomsten.items()})
    return resultaat.astype(object), reden.astype(object)


def _waarde_redenen(lang: pd.DataFrame, waarde: pd.Series, *, breed: bool) -> pd.Series:
    fout = waarde.isna().to_numpy()
    redenen = pd.Series([None] * len(lang), index=lang.index, dtype=object)
    if not fout.any():
        return redenen
    sjabloon = (
        _("Waarde '%(waarde)s' in kolom '%(kolom)s' is geen getal") if breed else _("Waarde '%(waarde)s' is geen getal")
    )
    teksten = lang.loc[fout, "waarde"].tolist()
    kolommen = lang.loc[fout, "kolom"].tolist()
    redenen.loc[fout] = [
        sjabloon % {"waarde": _citaat(t), "kolom": _citaat(k)} for t, k in zip(teksten, kolommen, strict=True)
    ]
    return redenen


def _dubbele_scheiden(kandidaten: pd.DataFrame, *, optellen_gevraagd: bool = False) -> tuple[pd.DataFrame, pd.Series]:
    """Keep the first value per (indicator, gemeente, jaar); later ones get a reason naming the first line (and,
    when adding up was asked, why these could not be: a percentage or an average)."""
    sleutel = ["indicator", "gemeente", "jaar"]
    if kandidaten.empty:
        waarden = pd.DataFrame(
            {
                "indicator": pd.Series([], dtype=str),
                "gemeente": pd.Series([], dtype=str),
                "jaar": pd.Series([], dtype="int64"),
                "waarde": pd.Series([], dtype="float64"),
            }
        )
        return waarden, pd.Series([], dtype=object)
    dubbel = kandidaten.duplicated(subset=sleutel, keep="first")
    eerste = kandidaten.groupby(sleutel, sort=False)["regel"].transform("first")
    sjabloon = _("Dubbel: dezelfde gemeente, indicator en jaar staan ook op regel %(regel)s")
    if optellen_gevraagd:
        sjabloon += ". " + _(
            "Rijen optellen kan alleen bij aantallen; dit is een percentage of gemiddelde. Lees een bestand in met "
            "één rij per gemeente en jaar, of alleen de aantallen (bijvoorbeeld kosten en verzekerdejaren)"
        )
    dubbel_reden = pd.Series(
        [sjabloon % {"regel": r} for r in eerste.loc[dubbel].tolist()],
        index=kandidaten.index[dubbel],
        dtype=object,
    )
    gehouden = kandidaten.loc[~dubbel]
    waarden = pd.DataFrame(
        {
            "indicator": gehouden["indicator"].astype(str),
            "gemeente": gehouden["gemeente"].astype(str),
            "jaar": gehouden["jaar"].astype("int64"),
            "waarde": gehouden["waarde"].astype("float64"),
        }
    )
    return waarden.sort_values(["indicator", "gemeente", "jaar"], kind="stable").reset_index(drop=True), dubbel_reden


def _afwijzingen(lang: pd.DataFrame, redenen: list[pd.Series], dubbel_reden: pd.Series) -> list[Afwijzing]:
    """One Afwijzing per distinct (line, reason): a wide row with an unknown gemeente is reported once."""
    delen = [pd.DataFrame({"regel": lang["regel"], "soort": soort, "reden": r}) for soort, r in enumerate(redenen)]
    delen.append(
        pd.DataFrame({"regel": lang.loc[dubbel_reden.index, "regel"], "soort": len(redenen), "reden": dubbel_reden})
    )
    alles = pd.concat(delen).dropna(subset=["reden"])
    if alles.empty:
        return []
    alles = alles.drop_duplicates(subset=["regel", "reden"]).sort_values(["regel", "soort"], kind="stable")
    return [Afwijzing(int(regel), str(reden)) for regel, reden in zip(alles["regel"], alles["reden"], strict=True)]


# -- for the other imports (contracten/resultaatimport.py): one way to read keys, numbers and quotes --


def sleutel(tekst: str) -> str:
    return _sleutel(tekst)


def citaat(tekst: str, lengte: int = 60) -> str:
    return _citaat(tekst, lengte)


def getallen_lezen(teksten: pd.Series, *, bestandstype: str) -> pd.Series:
    """Numbers from a column of text cells, NaN where a cell is not one; a CSV decides its number style per
    column, Excel numbers arrive with a decimal point whatever the locale (as in `omzetten`)."""
    return _getallen_lezen(teksten, stijl_bepalen=bestandstype == "csv")


def is_leeg(teksten: pd.Series) -> pd.Series:
    return _is_leeg(teksten)
