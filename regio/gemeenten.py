"""Reading the CBS gemeente file (regio/data/gemeenten_2024_basis.csv) into rows: pure, no database."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

BASISBESTAND = Path(__file__).resolve().parent / "data" / "gemeenten_2024_basis.csv"
PEILDATUM_2024 = dt.date(2024, 1, 1)
VERPLICHTE_KOLOMMEN = ("gemeentecode", "gemeentenaam", "provincie", "inwoners_2024_01_01")


class GemeentebestandFout(ValueError):
    """The file is not the CBS gemeente table we expect; the message says what is wrong, in Dutch."""


@dataclass(frozen=True)
class GemeenteRij:
    code: str
    naam: str
    provincie: str
    inwoners: int
    oppervlakte_land_km2: Decimal | None


def gemeenten_lezen(pad: Path = BASISBESTAND) -> list[GemeenteRij]:
    with pad.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        ontbreekt = [k for k in VERPLICHTE_KOLOMMEN if k not in (reader.fieldnames or [])]
        if ontbreekt:
            raise GemeentebestandFout(f"Kolommen ontbreken: {', '.join(ontbreekt)}.")
        rijen: list[GemeenteRij] = []
        for regelnummer, rij in enumerate(reader, start=2):
            try:
                inwoners = int(rij["inwoners_2024_01_01"])
            except ValueError as exc:
                raise GemeentebestandFout(f"Regel {regelnummer}: aantal inwoners is geen getal.") from exc
            opp_tekst = (rij.get("oppervlakte_land_km2") or "").strip()
            try:
                oppervlakte = Decimal(opp_tekst) if opp_tekst else None
            except InvalidOperation as exc:
                raise GemeentebestandFout(f"Regel {regelnummer}: oppervlakte is geen getal.") from exc
            rijen.append(
                GemeenteRij(
                    code=rij["gemeentecode"].strip(),
                    naam=rij["gemeentenaam"].strip(),
                    provincie=rij["provincie"].strip(),
                    inwoners=inwoners,
                    oppervlakte_land_km2=oppervlakte,
                )
            )
    codes = [r.code for r in rijen]
    if len(codes) != len(set(codes)):
        raise GemeentebestandFout("Een gemeentecode komt meer dan eens voor.")
    return rijen
