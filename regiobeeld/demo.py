"""Demo figures and a demo regiobeeld, loaded through the product's own import (so the demo proves it).

The 2024 population per gemeente is real (CBS); every other figure is invented, deterministic
(fixed seed) and stored as illustrative, which the pages say next to each chart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from regio.models import Gebruiker, Gemeente, Regio
from regiobeeld import services
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Cijfer, Deel, Deelsoort, Importbestand, Regiobeeld, Uitdaging

JAREN = range(2019, 2025)
ILLUSTRATIEF_BRON = "Illustratief: verzonnen demo-cijfers (geen echte bron)"
CBS_BRON = "CBS StatLine 03759ned, inwoners op 1 januari 2024"

# Plausible levels (national mean) and spread; Limburg is older and less healthy, as in reality.
NIVEAUS: dict[str, tuple[float, float, int]] = {
    # code: (mean, spread, decimals)
    "eenpersoonshuishoudens": (38.0, 5.0, 1),
    "ervaren_gezondheid_goed": (76.0, 3.0, 1),
    "chronische_aandoening": (34.0, 3.0, 1),
    "eenzaamheid_ernstig": (11.0, 2.0, 1),
    "huisartsen_per_10000": (5.6, 0.6, 2),
    "huisartsen_55_plus": (27.0, 6.0, 1),
    "contacten_per_inwoner": (6.1, 0.5, 2),
    "verwijzingen_per_1000": (165.0, 20.0, 0),
}
# Change per year (so a trend is visible): fewer GPs per inhabitant, an ageing GP workforce, more loneliness.
TREND_PER_JAAR = {"huisartsen_per_10000": -0.04, "huisartsen_55_plus": 0.6, "eenzaamheid_ernstig": 0.15}
LIMBURG_VERSCHIL = {
    "ervaren_gezondheid_goed": -4.0,
    "chronische_aandoening": 3.5,
    "eenzaamheid_ernstig": 1.5,
    "huisartsen_55_plus": 4.0,
    "contacten_per_inwoner": 0.4,
    "verwijzingen_per_1000": 18.0,
}


def _rng(*delen: object) -> random.Random:
    zaad = hashlib.sha256("|".join(map(str, delen)).encode()).hexdigest()
    return random.Random(int(zaad[:16], 16))  # noqa: S311 - demo numbers, not security


def _komma(waarde: float, decimalen: int) -> str:
    return f"{waarde:.{decimalen}f}".replace(".", ",")


def illustratief_csv() -> bytes:
    """A CBS-StatLine-like wide CSV (BOM, ';', decimal comma, '2023JJ00' periods) for every gemeente."""
    codes = [
        "inwoners",
        "inwoners_0_14",
        "inwoners_15_64",
        "inwoners_65_79",
        "inwoners_80_plus",
        "aandeel_65_plus",
        "huisartsenpraktijken",
        *NIVEAUS,
    ]
    regels = [";".join(["Gemeente", "Perioden", *codes])]
    for code, provincie, inwoners_2024 in Gemeente.objects.values_list("code", "provincie", "inwoners"):
        r = _rng(code)
        krimp = 0.004 if provincie == "Limburg" else -0.005  # Limburg shrinks, the rest grows a little
        oud = 0.03 if provincie == "Limburg" else 0.0
        vergrijzing = r.uniform(0.002, 0.004)
        basis = {
            k: m + r.gauss(0, s) + (LIMBURG_VERSCHIL.get(k, 0.0) if provincie == "Limburg" else 0.0)
            for k, (m, s, _) in NIVEAUS.items()
        }
        for jaar in JAREN:
            stap = 2024 - jaar
            inwoners = round(inwoners_2024 * (1 + krimp) ** stap)
            aandeel_80 = 0.052 + oud / 3 - vergrijzing * stap / 3
            aandeel_65 = 0.155 + oud - vergrijzing * stap
            aandeel_0 = 0.155 - oud / 2 + 0.001 * stap
            groepen = [
                round(inwoners * aandeel_0),
                0,
                round(inwoners * aandeel_65),
                round(inwoners * aandeel_80),
            ]
            groepen[1] = inwoners - sum(groepen)
            jaarwaarden = [_komma(basis[k] - TREND_PER_JAAR.get(k, 0.0) * stap, d) for k, (_, _, d) in NIVEAUS.items()]
            praktijken = max(1, round(inwoners / 4200 * (1 + 0.02 * stap)))
            # The 2024 population is real and comes from its own, non-illustrative import; leave it empty here.
            regels.append(
                ";".join(
                    [
                        code,
                        f"{jaar}JJ00",
                        "." if jaar == 2024 else str(inwoners),
                        *map(str, groepen),
                        _komma(100 * (aandeel_65 + aandeel_80), 1),
                        str(praktijken),
                        *jaarwaarden,
                    ]
                )
            )
    return ("\ufeff" + "\r\n".join(regels) + "\r\n").encode("utf-8")


def cbs_inwoners_csv() -> bytes:
    regels = ["Regio's;Perioden;Bevolking op 1 januari (aantal)"]
    regels += [f"{c};2024JJ00;{n}" for c, n in Gemeente.objects.values_list("code", "inwoners")]
    return ("\ufeff" + "\r\n".join(regels) + "\r\n").encode("utf-8")


def _importeren(
    regio: Regio,
    naam: str,
    inhoud: bytes,
    bron: str,
    illustratief: bool,
    wie: Gebruiker,
    koppeling: dict[str, object] | None = None,
) -> Importbestand:
    imp = services.import_starten(
        regio=regio,
        bestand=SimpleUploadedFile(naam, inhoud, "text/csv"),
        bron=bron,
        is_illustratief=illustratief,
        acting_user=wie,
    )
    services.import_lezen(imp.pk)  # no-op when the in-process worker already did it
    imp.refresh_from_db()
    gekozen = services.koppeling_uit(koppeling) if koppeling else services.koppeling_uit(imp.koppeling)
    services.import_koppelen(importbestand=imp, koppeling=gekozen, acting_user=wie)
    services.import_omzetten(imp.pk)
    imp.refresh_from_db()
    services.import_bevestigen(importbestand=imp, afwijzingen_begrepen=True, acting_user=wie)
    services.import_opslaan(imp.pk)
    imp.refresh_from_db()
    if imp.status != Importbestand.Status.OPGESLAGEN:
        raise RuntimeError(f"Demo import {naam} ended as {imp.status}: {imp.fout}")
    return imp


DUIDINGEN = {
    Deelsoort.PARTIJEN: "Zorggroep Mijnstreek en Zorgverzekeraar Zuid schrijven dit regiobeeld samen. "
    "Ziekenhuis Parkstad, het wijkteam en de huisartsenpraktijken lezen mee. *(Demotekst.)*",
    Deelsoort.BESCHRIJVING: "De regio krimpt en vergrijst sneller dan Nederland. Het aandeel inwoners van 80 jaar "
    "en ouder stijgt elk jaar. *(Demotekst bij illustratieve cijfers.)*",
    Deelsoort.TRENDS: "- Meer zorg dichter bij huis (PlusPraktijken, specialist in de praktijk)\n"
    "- Digitale zorg: e-consult en thuismeten\n- Krappe arbeidsmarkt voor praktijkondersteuners",
    Deelsoort.ZORGVRAAG: "Meer ouderen met meerdere chronische aandoeningen; meer psychosociale vragen. *(Demotekst.)*",
    Deelsoort.ZORGAANBOD: "Een groot deel van de huisartsen is 55 jaar of ouder: opvolging is een zorg. *(Demotekst.)*",
    Deelsoort.UITDAGINGEN: "De partijen zien drie uitdagingen; de volgorde is nog niet vastgesteld.",
}
UITDAGINGEN = (
    (
        "Vergrijzing en kwetsbare ouderen thuis",
        "Meer 80-plussers die thuis wonen en zorg nodig hebben.",
        ["inwoners_80_plus", "aandeel_65_plus"],
    ),
    (
        "Opvolging van huisartsen",
        "Veel huisartsen gaan de komende jaren met pensioen.",
        ["huisartsen_55_plus"],
    ),
    (
        "Gezondheidsverschillen",
        "De ervaren gezondheid blijft achter bij de rest van Nederland.",
        ["ervaren_gezondheid_goed", "chronische_aandoening"],
    ),
)


def demo_laden() -> None:
    kernset_laden()
    anna = Gebruiker.objects.get(email="anna@zorggroep-mijnstreek.test")
    daan = Gebruiker.objects.get(email="daan@zorgverzekeraar-zuid.test")
    for slug, wie in (("oostelijk-zuid-limburg", anna), ("westelijke-mijnstreek", daan)):
        regio = Regio.objects.get(slug=slug)
        if not Cijfer.objects.filter(regio=regio).exists():
            _importeren(
                regio,
                "cbs_bevolking_2024.csv",
                cbs_inwoners_csv(),
                CBS_BRON,
                False,
                wie,
                {
                    "vorm": "lang",
                    "gemeente_kolom": "Regio's",
                    "jaar_kolom": "Perioden",
                    "vaste_indicator": "inwoners",
                    "waarde_kolom": "Bevolking op 1 januari (aantal)",
                },
            )
            _importeren(regio, "demo_kerncijfers_illustratief.csv", illustratief_csv(), ILLUSTRATIEF_BRON, True, wie)
    ozl = Regio.objects.get(slug="oostelijk-zuid-limburg")
    if not Regiobeeld.objects.filter(regio=ozl).exists():
        rb = services.regiobeeld_aanmaken(regio=ozl, jaar=dt.date.today().year, acting_user=anna)  # noqa: DTZ011
        for deel in Deel.objects.filter(regiobeeld=rb):
            services.deel_opslaan(
                deel=deel,
                gelezen_versie=deel.versie,
                duiding=DUIDINGEN[Deelsoort(deel.soort)],
                acting_user=anna,
            )
        indicatoren = services.indicatoren_voor(ozl)
        for titel, beschrijving, codes in UITDAGINGEN:
            services.uitdaging_opslaan(
                uitdaging=Uitdaging(regiobeeld=rb, titel=titel, beschrijving=beschrijving),
                indicatoren=[indicatoren[c] for c in codes if c in indicatoren],
                acting_user=anna,
            )
