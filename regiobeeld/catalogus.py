"""The standard core set of indicators the demo loads (and koepel staff can load with `indicatoren_laden`)."""

from __future__ import annotations

from dataclasses import dataclass

from regiobeeld.models import Aggregatie, Cijferdeel, Domein, Indicator


@dataclass(frozen=True)
class Kernindicator:
    code: str
    naam: str
    eenheid: str
    aggregatie: str
    domein: str
    bron: str
    definitie: str
    leeftijdsgroep: str = ""
    licentie: str = "CC-BY 4.0"


# The part of the regiobeeld each domain's figures belong to. The age of the GP workforce is a development of the
# care landscape (replacement demand), so "personeel" goes to the trends. The data migration
# 0005_indicator_deel_toewijzen holds a frozen copy of this table.
DEEL_PER_DOMEIN: dict[str, str] = {
    Domein.BEVOLKING: Cijferdeel.BEVOLKING,
    Domein.GEZONDHEID: Cijferdeel.ZORGVRAAG,
    Domein.ZORGGEBRUIK: Cijferdeel.ZORGVRAAG,
    Domein.KOSTEN: Cijferdeel.KOSTEN,
    Domein.AANBOD: Cijferdeel.ZORGAANBOD,
    Domein.PERSONEEL: Cijferdeel.TRENDS,
}

CBS_BEVOLKING = "CBS StatLine 03759ned (bevolking op 1 januari)"
KERNSET = (
    Kernindicator(
        "inwoners",
        "Inwoners",
        "inwoners",
        Aggregatie.SOM,
        Domein.BEVOLKING,
        CBS_BEVOLKING,
        "Aantal inwoners op 1 januari.",
    ),
    Kernindicator(
        "inwoners_0_14",
        "Inwoners 0-14 jaar",
        "inwoners",
        Aggregatie.SOM,
        Domein.BEVOLKING,
        CBS_BEVOLKING,
        "Aantal inwoners van 0 tot 15 jaar op 1 januari.",
        "0-14 jaar",
    ),
    Kernindicator(
        "inwoners_15_64",
        "Inwoners 15-64 jaar",
        "inwoners",
        Aggregatie.SOM,
        Domein.BEVOLKING,
        CBS_BEVOLKING,
        "Aantal inwoners van 15 tot 65 jaar op 1 januari.",
        "15-64 jaar",
    ),
    Kernindicator(
        "inwoners_65_79",
        "Inwoners 65-79 jaar",
        "inwoners",
        Aggregatie.SOM,
        Domein.BEVOLKING,
        CBS_BEVOLKING,
        "Aantal inwoners van 65 tot 80 jaar op 1 januari.",
        "65-79 jaar",
    ),
    Kernindicator(
        "inwoners_80_plus",
        "Inwoners 80 jaar en ouder",
        "inwoners",
        Aggregatie.SOM,
        Domein.BEVOLKING,
        CBS_BEVOLKING,
        "Aantal inwoners van 80 jaar en ouder op 1 januari.",
        "80+ jaar",
    ),
    Kernindicator(
        "aandeel_65_plus",
        "Aandeel 65-plussers",
        "%",
        Aggregatie.GEWOGEN,
        Domein.BEVOLKING,
        CBS_BEVOLKING,
        "Inwoners van 65 jaar en ouder als percentage van alle inwoners.",
    ),
    Kernindicator(
        "eenpersoonshuishoudens",
        "Eenpersoonshuishoudens",
        "%",
        Aggregatie.GEWOGEN,
        Domein.BEVOLKING,
        "CBS StatLine 71486ned (huishoudens)",
        "Eenpersoonshuishoudens als percentage van alle huishoudens.",
    ),
    Kernindicator(
        "ervaren_gezondheid_goed",
        "Ervaren gezondheid goed of zeer goed",
        "%",
        Aggregatie.GEWOGEN,
        Domein.GEZONDHEID,
        "RIVM/GGD Gezondheidsmonitor (StatLine 50120NED)",
        "Volwassenen (18+) die hun gezondheid als goed of zeer goed ervaren.",
    ),
    Kernindicator(
        "chronische_aandoening",
        "Een of meer langdurige aandoeningen",
        "%",
        Aggregatie.GEWOGEN,
        Domein.GEZONDHEID,
        "RIVM/GGD Gezondheidsmonitor (StatLine 50120NED)",
        "Volwassenen (18+) met een of meer langdurige aandoeningen.",
    ),
    Kernindicator(
        "eenzaamheid_ernstig",
        "Ernstig eenzaam",
        "%",
        Aggregatie.GEWOGEN,
        Domein.GEZONDHEID,
        "RIVM/GGD Gezondheidsmonitor (StatLine 50120NED)",
        "Volwassenen (18+) die zich ernstig eenzaam voelen.",
    ),
    Kernindicator(
        "huisartsen_per_10000",
        "Huisartsen per 10.000 inwoners",
        "per 10.000",
        Aggregatie.GEWOGEN,
        Domein.AANBOD,
        "Nivel Zorgregistraties eerste lijn",
        "Werkzame huisartsen (fte) per 10.000 inwoners.",
        licentie="Nivel: gebruik met bronvermelding",
    ),
    Kernindicator(
        "huisartsenpraktijken",
        "Huisartsenpraktijken",
        "praktijken",
        Aggregatie.SOM,
        Domein.AANBOD,
        "Nivel Zorgregistraties eerste lijn",
        "Aantal huisartsenpraktijken in de gemeente.",
        licentie="Nivel: gebruik met bronvermelding",
    ),
    Kernindicator(
        "huisartsen_55_plus",
        "Huisartsen van 55 jaar en ouder",
        "%",
        Aggregatie.GEWOGEN,
        Domein.PERSONEEL,
        "Nivel beroepenregistratie",
        "Aandeel huisartsen van 55 jaar en ouder (vervangingsvraag).",
        licentie="Nivel: gebruik met bronvermelding",
    ),
    Kernindicator(
        "contacten_per_inwoner",
        "Contacten met de huisartsenpraktijk per inwoner",
        "per inwoner",
        Aggregatie.GEWOGEN,
        Domein.ZORGGEBRUIK,
        "Nivel Zorgregistraties eerste lijn",
        "Gemiddeld aantal contacten met de huisartsenpraktijk per ingeschreven patiënt per jaar.",
        licentie="Nivel: gebruik met bronvermelding",
    ),
    Kernindicator(
        "verwijzingen_per_1000",
        "Verwijzingen naar het ziekenhuis per 1.000 inwoners",
        "per 1.000",
        Aggregatie.GEWOGEN,
        Domein.ZORGGEBRUIK,
        "Eigen registratie regio",
        "Verwijzingen van de huisarts naar medisch-specialistische zorg per 1.000 patiënten.",
    ),
    Kernindicator(
        "zorgkosten_per_inwoner",
        "Zorgkosten basisverzekering per inwoner",
        "euro",
        Aggregatie.GEWOGEN,
        Domein.KOSTEN,
        "Eigen aanlevering zorgverzekeraar",
        "Gedeclareerde kosten basisverzekering per verzekerde per jaar.",
        licentie="vertrouwelijk",
    ),
)


def kernset_laden() -> int:
    """Insert or update the core set by code; rerunning never duplicates."""
    for volgorde, k in enumerate(KERNSET, start=1):
        Indicator.objects.update_or_create(
            code=k.code,
            regio=None,
            defaults={
                "naam": k.naam,
                "eenheid": k.eenheid,
                "aggregatie": k.aggregatie,
                "domein": k.domein,
                "deel": DEEL_PER_DOMEIN[k.domein],
                "bron": k.bron,
                "definitie": k.definitie,
                "leeftijdsgroep": k.leeftijdsgroep,
                "licentie": k.licentie,
                "volgorde": volgorde * 10,
            },
        )
    return len(KERNSET)
