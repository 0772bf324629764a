"""The figures part of the regiobeeld page: selectors give rows, analysis builds frames, charts builds figures.

Each chart comes with a caption, its source and a data table, so a screen reader (and a printer) has
the same information as the picture.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regio import getallen
from regio.models import Regio
from regiobeeld import analysis, charts, figuurcache, kaart, selectors
from regiobeeld.models import Indicator


@dataclass(frozen=True)
class Grafiek:
    id: str
    titel: str
    bijschrift: str
    figuur_json: str
    tabel_koppen: list[str]
    tabel_rijen: list[list[str]]
    label: str
    # Whether the table's columns after the first hold numbers (right-aligned) or text.
    getallen: bool = True
    # On a narrow screen, show the table instead of the chart (the timeline's labels do not fit a phone).
    smal_als_tabel: bool = False


@dataclass(frozen=True)
class Cijferbeeld:
    indicatoren: list[Indicator]
    gekozen: Indicator | None
    jaar: int | None
    bronnen: list[str]
    illustratief: bool
    inwoners: int
    inwoners_bron: str
    grafieken: list[Grafiek] = field(default_factory=list)

    @property
    def leeg(self) -> bool:
        return self.gekozen is None


def _rijen(frame: pd.DataFrame) -> list[dict[Hashable, Any]]:
    """A frame's rows as plain mappings, for building table cells."""
    return frame.to_dict("records")


def getal(waarde: float | None, decimalen: int = 1) -> str:
    """A number for the data tables, rounded like the charts (whole numbers above 100 without decimals)."""
    if waarde is not None and float(waarde).is_integer() and abs(float(waarde)) >= 100:
        decimalen = 0
    return getallen.getal(waarde, decimalen)


def _een_decimaal(waarde: float | None) -> str:
    return getallen.getal(waarde, 1)


def _provincie(eigen: list[str], info: dict[str, selectors.GemeenteInfo]) -> str | None:
    provincies = Counter(info[c].provincie for c in eigen if c in info)
    return provincies.most_common(1)[0][0] if provincies else None


@dataclass(frozen=True)
class _Invoer:
    """Everything the charts and tables of the figures are built from, as plain values: the key of their cache.

    `_figuren` reads nothing else (no model, no query), so an equal input gives an equal result.
    """

    taal: str | None
    regionaam: str
    eigen: tuple[str, ...]  # the region's gemeenten, by name
    gemeenten: tuple[selectors.GemeenteInfo, ...]  # all gemeenten
    andere: tuple[tuple[str, ...], ...]  # the gemeenten of every other region
    code: str
    naam: str
    eenheid: str
    aggregatie: str
    bevolking: bool  # counts all inhabitants (analysis.is_bevolkingsaantal)
    leeftijdsgroepen: tuple[tuple[str, str], ...]  # (code, age group)
    rijen: tuple[tuple[str, str, int, float, str, bool], ...]  # selectors.cijfers, sorted
    prognoses: tuple[tuple[str, str, int, float, str, int], ...] = ()  # selectors.cijfers_en_prognoses, sorted
    verhouding: analysis.Verhouding | None = None  # a ratio indicator: computed from its numerator and denominator


@dataclass(frozen=True)
class _Figuren:
    jaar: int | None
    bronnen: list[str]
    illustratief: bool
    grafieken: list[Grafiek]


def cijferbeeld(regio: Regio, indicator_code: str | None = None, basis: selectors.Basis | None = None) -> Cijferbeeld:
    """The charts of one indicator; `basis` (gemeenten and indicators) when the page has read it already."""
    if basis is None:
        info = selectors.gemeenten_info()
        eigen = selectors.regio_gemeenten(regio)
        indicatoren = selectors.indicatoren_met_cijfers(regio)
    else:
        info, eigen, indicatoren = basis.info, basis.eigen_codes, basis.met_cijfers
    gekozen = next((i for i in indicatoren if i.code == indicator_code), None) or next(iter(indicatoren), None)
    leeftijdsgroepen = [i for i in indicatoren if i.leeftijdsgroep]
    inwoners_cbs = sum(info[c].inwoners for c in eigen if c in info)
    inwoners_bron = _("Bron: CBS, 1 januari 2024")
    if gekozen is None:
        return Cijferbeeld(indicatoren, None, None, [], False, inwoners_cbs, inwoners_bron)

    verhouding = selectors.verhouding_van(gekozen)
    delen = [gekozen.teller_id, gekozen.noemer_id] if verhouding else [gekozen.pk]
    gemeten, prognoses = selectors.cijfers_en_prognoses(
        regio, [pk for pk in delen if pk is not None] + [i.pk for i in leeftijdsgroepen]
    )
    invoer = _Invoer(
        taal=get_language(),
        regionaam=regio.naam,
        eigen=tuple(eigen),
        gemeenten=tuple(info.values()),
        andere=tuple(tuple(codes) for rid, codes in sorted(selectors.gemeenten_per_regio().items()) if rid != regio.pk),
        code=gekozen.code,
        naam=gekozen.naam,
        eenheid=gekozen.eenheid,
        aggregatie=gekozen.aggregatie,
        bevolking=analysis.is_bevolkingsaantal(
            eenheid=gekozen.eenheid, aggregatie=gekozen.aggregatie, leeftijdsgroep=gekozen.leeftijdsgroep
        ),
        leeftijdsgroepen=tuple((i.code, i.leeftijdsgroep) for i in leeftijdsgroepen),
        rijen=tuple(sorted(gemeten)),
        # A ratio's forecast is computed from the forecasts of its numerator and denominator, as its measured figures.
        prognoses=tuple(sorted(r for r in prognoses if r[0] in _delen(gekozen.code, verhouding))),
        verhouding=verhouding,
    )
    figuren = figuurcache.bewaard(invoer, _figuren)
    return Cijferbeeld(
        indicatoren,
        gekozen,
        figuren.jaar,
        figuren.bronnen,
        figuren.illustratief,
        inwoners_cbs,
        inwoners_bron,
        figuren.grafieken,
    )


def _delen(code: str, verhouding: analysis.Verhouding | None) -> set[str]:
    """The codes whose figures make an indicator: a ratio's numerator and denominator, or its own."""
    return {verhouding.teller, verhouding.noemer} if verhouding else {code}


def _figuren(invoer: _Invoer) -> _Figuren:
    """The charts and tables of one indicator of a region: a pure function of `invoer` (and of this code)."""
    info = {g.code: g for g in invoer.gemeenten}
    eigen = list(invoer.eigen)
    rijen = invoer.rijen
    waarden = analysis.waarden_frame((r[0], r[1], r[2], r[3]) for r in rijen)
    verhouding = invoer.verhouding
    delen = _delen(invoer.code, verhouding)
    gebruikt = [r for r in rijen if r[0] in delen]
    bronnen = sorted({r[4] for r in gebruikt})
    illustratief = any(r[5] for r in gebruikt)
    getallen_gebruikt = [r[3] for r in gebruikt]
    if verhouding:
        # Each gemeente's own ratio, for the views per gemeente; areas divide sums (aggregatie VERHOUDING).
        eigen_verhoudingen = analysis.verhoudingswaarden(waarden, indicator=invoer.code, verhouding=verhouding)
        waarden = pd.concat([waarden, eigen_verhoudingen], ignore_index=True)
        getallen_gebruikt = eigen_verhoudingen["waarde"].tolist()
    gewichten = {code: float(g.inwoners) for code, g in info.items()}
    jaar = analysis.laatste_jaar(waarden, indicator=invoer.code)
    eenheid = invoer.eenheid
    naam = invoer.naam
    namen = {c: info[c].naam for c in eigen if c in info}
    # Euros in whole euros or in cents, the same in every chart and table of the indicator (never one decimal).
    euro_decimalen = charts.decimalen_voor(getallen_gebruikt, eenheid) if getallen.is_euro(eenheid) else None

    def cel(waarde: float | None) -> str:
        return getal(waarde) if euro_decimalen is None else getallen.getal(waarde, euro_decimalen)

    grafieken: list[Grafiek] = []
    reeks = analysis.aggregeren(
        waarden,
        indicator=invoer.code,
        gemeenten=eigen,
        aggregatie=invoer.aggregatie,
        gewichten=gewichten,
        verhouding=verhouding,
    )
    # Forecasts are aggregated on their own and drawn after the measured years; they never enter a measured sum.
    prognose = analysis.prognosereeks(
        reeks,
        analysis.aggregeren(
            analysis.waarden_frame((r[0], r[1], r[2], r[3]) for r in invoer.prognoses),
            indicator=invoer.code,
            gemeenten=eigen,
            aggregatie=invoer.aggregatie,
            gewichten=gewichten,
            verhouding=verhouding,
        ),
    )
    gemaakt = sorted({r[5] for r in invoer.prognoses if r[2] in set(prognose["jaar"])})
    prognosebronnen = sorted({r[4] for r in invoer.prognoses if r[2] in set(prognose["jaar"])})
    prognose_naam = (
        _("prognose (gemaakt in %(jaar)s)") % {"jaar": ", ".join(str(j) for j in gemaakt)} if gemaakt else ""
    )
    bronnen += [_("%(bron)s (prognose)") % {"bron": b} for b in prognosebronnen]
    bijschrift = _("%(naam)s in de regio per jaar (%(eenheid)s).") % {"naam": naam, "eenheid": eenheid}
    if gemaakt:
        bijschrift += " " + _("Gestippeld: %(prognose)s, bron %(bron)s; telt niet mee in gemeten cijfers.") % {
            "prognose": prognose_naam,
            "bron": "; ".join(prognosebronnen),
        }
    grafieken.append(
        Grafiek(
            id="trend",
            titel=_("Verloop over de jaren"),
            bijschrift=bijschrift,
            figuur_json=charts.figuur_json(
                charts.trendgrafiek(
                    reeks,
                    eenheid=eenheid,
                    naam=naam,
                    decimalen=euro_decimalen,
                    prognose=prognose,
                    prognose_naam=prognose_naam,
                )
            ),
            tabel_koppen=[_("Jaar"), f"{naam} ({eenheid})", _("Gemeenten met gegevens")],
            tabel_rijen=[
                [
                    str(int(r["jaar"])),
                    cel(r["waarde"]),
                    f"{int(r['gemeenten_met_data'])} / {int(r['gemeenten_totaal'])}",
                ]
                for r in _rijen(reeks)
            ]
            + [
                [
                    _("%(jaar)s (%(prognose)s)") % {"jaar": int(r["jaar"]), "prognose": prognose_naam},
                    cel(r["waarde"]),
                    f"{int(r['gemeenten_met_data'])} / {int(r['gemeenten_totaal'])}",
                ]
                for r in _rijen(prognose)
            ],
            label=_("Lijngrafiek: %(naam)s per jaar") % {"naam": naam},
        )
    )
    if jaar is not None:
        provincie = _provincie(eigen, info)
        groepen: dict[str, list[str]] = {invoer.regionaam: eigen}
        if provincie:
            groepen[_("Provincie %(naam)s") % {"naam": provincie}] = [
                c for c, g in info.items() if g.provincie == provincie
            ]
        groepen[_("Nederland")] = list(info)
        # A count is compared per inhabitants: the region's 256.000 inhabitants next to 17,9 million for the
        # Netherlands tells nobody anything; 1,2 practices per 10.000 inhabitants next to 1,3 does.
        vergelijk_eenheid, vergelijk_cel, bijschrift = eenheid, cel, ""
        basisjaar = int(reeks["jaar"].min()) if not reeks.empty else jaar
        if invoer.bevolking and basisjaar < jaar:
            # The inhabitants per inhabitant are always one: compare how the population grew instead.
            vergelijking = analysis.vergelijken_geindexeerd(
                waarden, indicator=invoer.code, groepen=groepen, jaar=jaar, basisjaar=basisjaar
            )
            vergelijk_eenheid = _("index, %(jaar)s = 100") % {"jaar": basisjaar}
            euro_decimalen_vergelijking: int | None = None
            vergelijk_cel = _een_decimaal

            bijschrift = _(
                "De groei van het aantal inwoners sinds %(jaar)s (= 100), zodat gebieden van elke "
                "grootte naast elkaar passen. "
            ) % {"jaar": basisjaar}
        elif invoer.aggregatie == analysis.SOM and not invoer.bevolking:
            vergelijking, schaal = analysis.vergelijken_per_inwoners(
                waarden, indicator=invoer.code, groepen=groepen, gewichten=gewichten, jaar=jaar
            )
            vergelijk_eenheid = _("per %(n)s inwoners") % {"n": getallen.getal(schaal)}
            euro_decimalen_vergelijking = None
            vergelijk_cel = _een_decimaal

            bijschrift = _(
                "Aantallen per %(n)s inwoners (CBS, 1 januari 2024), zodat gebieden van elke grootte "
                "naast elkaar passen. "
            ) % {"n": getallen.getal(schaal)}
        else:
            vergelijking = analysis.vergelijken(
                waarden,
                indicator=invoer.code,
                groepen=groepen,
                aggregatie=invoer.aggregatie,
                gewichten=gewichten,
                jaar=jaar,
                verhouding=verhouding,
            )
            euro_decimalen_vergelijking = euro_decimalen
        grafieken.append(
            Grafiek(
                id="vergelijking",
                titel=_("Regio, provincie en Nederland in %(jaar)s") % {"jaar": jaar},
                bijschrift=bijschrift
                + _("Alleen gemeenten waarvan cijfers zijn ingelezen tellen mee; de dekking staat in de tabel."),
                figuur_json=charts.figuur_json(
                    charts.vergelijkingsgrafiek(
                        vergelijking, eenheid=vergelijk_eenheid, decimalen=euro_decimalen_vergelijking
                    )
                ),
                tabel_koppen=[_("Gebied"), f"{naam} ({vergelijk_eenheid})", _("Dekking (inwoners)")],
                tabel_rijen=[
                    [str(r["groep"]), vergelijk_cel(r["waarde"]), f"{getal(100 * r['dekking'], 0)} %"]
                    for r in _rijen(vergelijking)
                ],
                label=_("Staafgrafiek: vergelijking met provincie en Nederland"),
            )
        )
        spreiding = analysis.spreiding(
            waarden,
            indicator=invoer.code,
            eigen=eigen,
            andere=invoer.andere,
            aggregatie=invoer.aggregatie,
            gewichten=gewichten,
            jaar=jaar,
            verhouding=verhouding,
        )
        if spreiding is not None and spreiding.aantal > 1:
            grafieken.append(
                Grafiek(
                    id="spreiding",
                    titel=_("Ten opzichte van de andere regio's in %(jaar)s") % {"jaar": jaar},
                    bijschrift=_(
                        "De spreiding over de andere regio's in Regio, zonder namen: laagste, middelste en hoogste "
                        "waarde. Deze regio staat op plaats %(rang)s van %(aantal)s (1 = hoogste)."
                    )
                    % {"rang": spreiding.rang, "aantal": spreiding.aantal},
                    figuur_json=charts.figuur_json(
                        charts.spreidingsgrafiek(
                            spreiding, eenheid=eenheid, regionaam=invoer.regionaam, decimalen=euro_decimalen
                        )
                    ),
                    tabel_koppen=[_("Maat"), f"{naam} ({eenheid})"],
                    tabel_rijen=[
                        [invoer.regionaam, cel(spreiding.eigen_waarde)],
                        [_("Laagste andere regio"), cel(spreiding.laagste)],
                        [_("Middelste (mediaan)"), cel(spreiding.mediaan)],
                        [_("Hoogste andere regio"), cel(spreiding.hoogste)],
                    ],
                    label=_("Spreiding over de regio's"),
                )
            )
        per_gemeente = analysis.per_gemeente(waarden, indicator=invoer.code, gemeenten=namen, jaar=jaar)
        grafieken.append(
            Grafiek(
                id="gemeenten",
                titel=_("Per gemeente in %(jaar)s") % {"jaar": jaar},
                bijschrift=_("%(naam)s per gemeente van de regio.") % {"naam": naam},
                figuur_json=charts.figuur_json(
                    charts.gemeentegrafiek(per_gemeente, eenheid=eenheid, decimalen=euro_decimalen)
                ),
                tabel_koppen=[_("Gemeente"), f"{naam} ({eenheid})"],
                tabel_rijen=[[str(r["naam"]), cel(r["waarde"])] for r in _rijen(per_gemeente)],
                label=_("Staafgrafiek per gemeente"),
            )
        )
        per_code = {
            str(r["gemeente"]): (None if pd.isna(r["waarde"]) else float(r["waarde"])) for r in _rijen(per_gemeente)
        }
        grafieken.append(
            Grafiek(
                id="kaart",
                titel=_("Kaart van de regio in %(jaar)s") % {"jaar": jaar},
                bijschrift=_("Gemeentegrenzen: CBS/PDOK (vereenvoudigd). Donkerder is een hogere waarde."),
                figuur_json=charts.figuur_json(
                    charts.kaart(kaart.vormen(eigen), per_code, namen, eenheid=eenheid, decimalen=euro_decimalen)
                ),
                tabel_koppen=[_("Gemeente"), f"{naam} ({eenheid})"],
                tabel_rijen=[[namen[c], cel(per_code.get(c))] for c in sorted(namen, key=namen.__getitem__)],
                label=_("Kaart van de gemeenten van de regio"),
            )
        )
    if invoer.leeftijdsgroepen:
        leeftijdsjaar = max(
            (
                j
                for c, _groep in invoer.leeftijdsgroepen
                if (j := analysis.laatste_jaar(waarden, indicator=c)) is not None
            ),
            default=None,
        )
        if leeftijdsjaar is not None:
            opbouw = analysis.leeftijdsopbouw(
                waarden,
                indicatoren=list(invoer.leeftijdsgroepen),
                gemeenten=eigen,
                jaar=leeftijdsjaar,
            )
            grafieken.insert(
                0,
                Grafiek(
                    id="leeftijd",
                    titel=_("Leeftijdsopbouw in %(jaar)s") % {"jaar": leeftijdsjaar},
                    bijschrift=_("Aandeel van de inwoners van de regio per leeftijdsgroep."),
                    figuur_json=charts.figuur_json(charts.leeftijdsgrafiek(opbouw)),
                    tabel_koppen=[_("Leeftijdsgroep"), _("Inwoners"), _("Aandeel")],
                    tabel_rijen=[
                        [str(r["label"]), getal(r["waarde"], 0), f"{getal(100 * r['aandeel'])} %"]
                        for r in _rijen(opbouw)
                    ],
                    label=_("Staafgrafiek: leeftijdsopbouw"),
                ),
            )
    return _Figuren(jaar, bronnen, illustratief, grafieken)
