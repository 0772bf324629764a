"""The regiobeeld's figures as rows of its CSV export: the region's own gemeenten, then the region, its province
and the Netherlands as areas (sums and population-weighted means from `analysis.gebiedsreeksen`). Never the other
gemeenten one by one: the comparison needs them, the file does not (all 342 made it 4.6 MB)."""

from __future__ import annotations

import math
from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _

from regio.csvexport import Cel
from regio.models import Regio
from regiobeeld import analysis, selectors
from regiobeeld.analysis import Kernindicator
from regiobeeld.kerncijfers import kernindicator

# Enough for any rate or mean (a count stays whole); the file is for reading figures, not for more digits than
# the sources have.
DECIMALEN = 4


def koppen() -> list[str]:
    return [
        _("Indicator"),
        _("Code"),
        _("Eenheid"),
        _("Soort gebied"),
        _("CBS-code"),
        _("Gebied"),
        _("Jaar"),
        _("Waarde"),
        _("Gemeenten met gegevens"),
        _("Bron"),
        _("Illustratief (verzonnen)"),
        _("Soort cijfer"),
        _("Prognose gemaakt in"),
    ]


def _getal(waarde: float) -> Decimal | None:
    if not math.isfinite(waarde):
        return None
    return Decimal(str(round(waarde, DECIMALEN))).normalize()


# One figure as the file needs it: indicator code, gemeente code, year, value, source, illustrative, and the year the
# forecast was made (None: measured).
_Rij = tuple[str, str, int, float, str, bool, int | None]


def rijen(regio: Regio) -> list[list[Cel]]:
    """The measured figures (gemeenten, then areas), then the forecasts the same way, each marked as forecast with
    its source and the year it was made: never mixed in one sum."""
    basis = selectors.basis(regio)
    gemeten, prognoses = selectors.cijfers_en_prognoses(regio, [i.pk for i in basis.met_cijfers])
    alle_gemeten: list[_Rij] = [(*r, None) for r in gemeten]
    uit = _blok(regio, basis, alle_gemeten)
    # Forecasts per year they were made: a 2023 and a 2025 forecast of the same year are two figures.
    for gemaakt in sorted({r[5] for r in prognoses}):
        deel: list[_Rij] = [(c, g, j, w, b, False, gemaakt) for c, g, j, w, b, m in prognoses if m == gemaakt]
        uit += _blok(regio, basis, deel)
    return uit


def _blok(regio: Regio, basis: selectors.Basis, alle: list[_Rij]) -> list[list[Cel]]:
    """The rows of one kind of figure (measured, or the forecasts made in one year): the region's gemeenten one by
    one, then the region, its province and the Netherlands as areas. A ratio's areas come from the numerator and
    denominator in `alle`: of forecasts only when both are forecast."""
    plaats = {i.code: n for n, i in enumerate(basis.met_cijfers)}
    eigen = set(basis.eigen_codes)
    indicatoren = {i.code: i for i in basis.met_cijfers}
    info = basis.info
    gemaakt = alle[0][6] if alle else None
    soort_cijfer = _("prognose") if gemaakt is not None else _("gemeten")

    def staart(bron: str, illustratief: bool) -> list[Cel]:
        return [bron, illustratief, soort_cijfer, gemaakt]

    kern = [kernindicator(i) for i in indicatoren.values()]
    uit: list[list[Cel]] = []
    for code, gemeente, jaar, waarde, bron, illustratief, _m in sorted(
        [r for r in alle if r[1] in eigen and r[0] in indicatoren] + _verhoudingen_per_gemeente(alle, kern, eigen),
        key=lambda r: (plaats[r[0]], analysis.sorteersleutel(info[r[1]].naam), r[2]),
    ):
        i = indicatoren[code]
        rij: list[Cel] = [i.naam, code, i.eenheid, _("gemeente"), gemeente, info[gemeente].naam, jaar]
        uit.append([*rij, _getal(waarde), None, *staart(bron, illustratief)])
    provincies = Counter(info[c].provincie for c in eigen if c in info)
    provincie = provincies.most_common(1)[0][0] if provincies else None
    gebieden: dict[str, list[str]] = {regio.naam: sorted(eigen)}
    soort = {regio.naam: _("regio")}
    if provincie:
        naam = _("Provincie %(naam)s") % {"naam": provincie}
        gebieden[naam] = [c for c, g in info.items() if g.provincie == provincie]
        soort[naam] = _("provincie (vergelijking)")
    gebieden[_("Nederland")] = list(info)
    soort[_("Nederland")] = _("Nederland (vergelijking)")
    waarden = analysis.waarden_frame(r[:4] for r in alle)
    inwoners = {c: float(g.inwoners) for c, g in info.items()}
    frame = analysis.gebiedsreeksen(
        waarden,
        indicatoren=kern,
        gebieden=gebieden,
        inwoners=inwoners,
    )
    bronnen: dict[tuple[str, str, int], set[str]] = {}
    illustratieve: set[tuple[str, str, int]] = set()
    for gebied, codes in gebieden.items():
        leden = set(codes)
        for code, gemeente, jaar, _w, bron, il, _m in alle:
            if gemeente in leden:
                bronnen.setdefault((gebied, code, jaar), set()).add(bron)
                if il:
                    illustratieve.add((gebied, code, jaar))
    for gebied, code, jaar, waarde, met, totaal in sorted(
        frame.itertuples(index=False, name=None),
        key=lambda r: (list(gebieden).index(r[0]), plaats[r[1]], r[2]),
    ):
        i = indicatoren[code]
        sleutel = (gebied, code, int(jaar))
        uit.append(
            [
                i.naam,
                code,
                i.eenheid,
                soort[gebied],
                "",
                gebied,
                int(jaar),
                _getal(float(waarde)),
                f"{int(met)} / {int(totaal)}",
                *staart("; ".join(sorted(bronnen.get(sleutel, set()))), sleutel in illustratieve),
            ]
        )
    return uit


def _verhoudingen_per_gemeente(alle: list[_Rij], kern: list[Kernindicator], eigen: set[str]) -> list[_Rij]:
    """Each of the region's gemeenten's own ratio (its numerator / its denominator x factor, `analysis.
    verhoudingswaarden`) where both are in `alle`, with the sources of both; illustrative when either is."""
    eigen_rijen = [r for r in alle if r[1] in eigen]
    waarden = analysis.waarden_frame(r[:4] for r in eigen_rijen)
    herkomst: dict[tuple[str, str, int], tuple[str, bool]] = {(r[0], r[1], r[2]): (r[4], r[5]) for r in eigen_rijen}
    gemaakt = alle[0][6] if alle else None
    uit: list[_Rij] = []
    for i in kern:
        if i.verhouding is None:
            continue
        delen = (i.verhouding.teller, i.verhouding.noemer)
        for _i, gemeente, jaar, waarde in analysis.verhoudingswaarden(
            waarden, indicator=i.code, verhouding=i.verhouding
        ).itertuples(index=False, name=None):
            van = [herkomst[(d, gemeente, int(jaar))] for d in delen]
            bron = "; ".join(sorted({b for b, _il in van}))
            uit.append((i.code, gemeente, int(jaar), float(waarde), bron, any(il for _b, il in van), gemaakt))
    return uit
