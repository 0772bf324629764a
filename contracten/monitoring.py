"""Monitoring of contracts: where each measuring point stands against its target (the traffic light), its trend,
and which reports are overdue; for one contract, one measuring point, or every contract of a region a person sees.

The light is a pure function of the measuring point, its latest result and today (`beoordelen`), so the rule is
tested without a database and the page can show it in words (`regel_uitleg`, under "Hoe wordt dit bepaald?").
The selectors below read in a fixed number of queries, whatever the number of contracts, points and results.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

import plotly.graph_objects as go
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracten import access
from contracten.models import Contract, Contractafspraak, Contractstatus, Meetresultaat, Rapportagemoment
from regio.getallen import getal_met_eenheid, procent
from regiobeeld.charts import (
    ACCENT,
    GRIJS,
    HOOGTE,
    INKT,
    INKT_ZACHT,
    LIJN,
    WIT,
    _layout,
    _veilig,
    _waarde_as,
    figuur_json,
)
from regiobeeld.pagina import Grafiek
from regioplan.models import Meetpunt

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise, WithAnnotations

    from regio.access import AnyUser
    from regio.models import Regio

# How far the share of the way covered may lag behind the share of the time passed (0.10 = 10 percentage points).
MARGE_OP_KOERS = Decimal("0.10")
MARGE_ACHTER = Decimal("0.25")
NUL, EEN = Decimal(0), Decimal(1)
GROEN = "#1d6b3a"  # the stylesheet's --goed: 6.4:1 against white


# --- the traffic light (pure) -------------------------------------------------------------------------


class Stoplicht(StrEnum):
    """Where a measuring point stands. Each state has a label, a sign and a class: never colour alone."""

    GEEN_GEGEVENS = "geen-gegevens"
    BEREIKT = "bereikt"
    OP_KOERS = "op-koers"
    ACHTER = "achter"
    ROOD = "rood"

    @property
    def label(self) -> StrPromise:
        return _LABELS[self]

    @property
    def betekenis(self) -> StrPromise:
        return _BETEKENIS[self]

    @property
    def teken(self) -> str:
        return _TEKENS[self]

    @property
    def css(self) -> str:
        return _CSS[self]

    @property
    def aandacht(self) -> bool:
        """Behind or far behind: something the parties should talk about."""
        return self in (Stoplicht.ACHTER, Stoplicht.ROOD)


_LABELS: dict[Stoplicht, StrPromise] = {
    Stoplicht.GEEN_GEGEVENS: gettext_lazy("nog geen resultaat"),
    Stoplicht.BEREIKT: gettext_lazy("bereikt"),
    Stoplicht.OP_KOERS: gettext_lazy("op koers"),
    Stoplicht.ACHTER: gettext_lazy("achter"),
    Stoplicht.ROOD: gettext_lazy("ver achter"),
}
_BETEKENIS: dict[Stoplicht, StrPromise] = {
    Stoplicht.GEEN_GEGEVENS: gettext_lazy("Er is nog geen resultaat vastgelegd."),
    Stoplicht.BEREIKT: gettext_lazy("Het laatste resultaat haalt de streefwaarde."),
    Stoplicht.OP_KOERS: gettext_lazy("De voortgang loopt gelijk op met de tijd tot de streefdatum."),
    Stoplicht.ACHTER: gettext_lazy("De voortgang blijft wat achter bij de tijd tot de streefdatum."),
    Stoplicht.ROOD: gettext_lazy(
        "De voortgang blijft ver achter, of de streefdatum is voorbij zonder dat de streefwaarde is gehaald."
    ),
}
# Signs next to the words (hidden from screen readers, which read the words).
_TEKENS: dict[Stoplicht, str] = {
    Stoplicht.GEEN_GEGEVENS: "\u2013",
    Stoplicht.BEREIKT: "✓",
    Stoplicht.OP_KOERS: "●",
    Stoplicht.ACHTER: "!",
    Stoplicht.ROOD: "✕",
}
# label--fout is asked for in static/css/regio.css; until it exists "ver achter" looks like "achter" (its word and
# sign still differ).
_CSS: dict[Stoplicht, str] = {
    Stoplicht.GEEN_GEGEVENS: "label",
    Stoplicht.BEREIKT: "label label--goed",
    Stoplicht.OP_KOERS: "label label--goed",
    Stoplicht.ACHTER: "label label--signaal",
    Stoplicht.ROOD: "label label--signaal label--fout",
}


class MeetpuntGegevens(Protocol):
    """What the light needs of a measuring point (regioplan.Meetpunt has it)."""

    @property
    def nulmeting(self) -> Decimal | None: ...
    @property
    def nulmeting_datum(self) -> dt.date | None: ...
    @property
    def streefwaarde(self) -> Decimal: ...
    @property
    def streefdatum(self) -> dt.date: ...


class Meting(Protocol):
    """One result (contracten.Meetresultaat has it)."""

    @property
    def peildatum(self) -> dt.date: ...
    @property
    def waarde(self) -> Decimal: ...


@dataclass(frozen=True)
class Beoordeling:
    licht: Stoplicht
    uitleg: str
    # Shares (0..1) of the time passed and of the way from baseline to target covered, when they can be known.
    verwacht: Decimal | None = None
    behaald: Decimal | None = None

    @property
    def label(self) -> StrPromise:
        return self.licht.label

    @property
    def teken(self) -> str:
        return self.licht.teken

    @property
    def css(self) -> str:
        return self.licht.css


def lager_is_beter(meetpunt: MeetpuntGegevens) -> bool:
    """A target below the baseline means the figure should go down (waiting times, referrals, ...).

    Without a baseline the direction cannot be known; higher is taken to be better.
    """
    return meetpunt.nulmeting is not None and meetpunt.streefwaarde < meetpunt.nulmeting


def is_bereikt(meetpunt: MeetpuntGegevens, waarde: Decimal) -> bool:
    if lager_is_beter(meetpunt):
        return waarde <= meetpunt.streefwaarde
    return waarde >= meetpunt.streefwaarde


def verwachte_voortgang(begin: dt.date, eind: dt.date, op: dt.date) -> Decimal:
    """The share of the time from `begin` to `eind` that has passed on `op`, between 0 and 1."""
    if eind <= begin:
        return EEN
    deel = Decimal((op - begin).days) / Decimal((eind - begin).days)
    return min(EEN, max(NUL, deel))


def beoordelen(meetpunt: MeetpuntGegevens, laatste: Meting | None, vandaag: dt.date) -> Beoordeling:
    """The traffic light of a measuring point, from its latest result.

    - No result yet: GEEN_GEGEVENS.
    - The latest result reaches the target: BEREIKT. Reaching depends on the direction: a target below the
      baseline means lower is better (then a value at or below the target reaches it), otherwise higher is better.
    - Not reached and the target date has passed (today is after it): ROOD.
    - Not reached, before the target date, with a baseline (value and date): compare two shares, both at the
      result's peildatum:
        expected = the share of the time from the baseline date to the target date passed (clamped to 0..1);
        achieved = (value - baseline) / (target - baseline), the share of the way covered.
      OP_KOERS if achieved >= expected - 0.10; ACHTER if achieved >= expected - 0.25; otherwise ROOD.
      A target equal to the baseline (hold the level) that the value falls below of: ACHTER.
    - Not reached, before the target date, without a baseline: ACHTER, because progress cannot be measured
      (the explanation says so).
    Whether a report is late is separate: see `is_te_laat`.
    """
    streef = meetpunt.streefwaarde
    if laatste is None:
        return Beoordeling(Stoplicht.GEEN_GEGEVENS, str(Stoplicht.GEEN_GEGEVENS.betekenis))
    waarde, peildatum = laatste.waarde, laatste.peildatum
    streefdatum = meetpunt.streefdatum
    eenheid = str(getattr(meetpunt, "eenheid", ""))
    velden = {
        "streef": waarde_tekst(streef, eenheid),
        "waarde": waarde_tekst(waarde, eenheid),
        "datum": datum_tekst(streefdatum),
    }
    if is_bereikt(meetpunt, waarde):
        return Beoordeling(
            Stoplicht.BEREIKT,
            _("Het laatste resultaat (%(waarde)s) haalt de streefwaarde (%(streef)s).") % velden,
            behaald=EEN,
        )
    if vandaag > streefdatum:
        return Beoordeling(
            Stoplicht.ROOD,
            _(
                "De streefdatum (%(datum)s) is voorbij en het laatste resultaat (%(waarde)s) haalt de streefwaarde "
                "(%(streef)s) niet."
            )
            % velden,
        )
    nulmeting, nulmeting_datum = meetpunt.nulmeting, meetpunt.nulmeting_datum
    if nulmeting is None or nulmeting_datum is None:
        return Beoordeling(
            Stoplicht.ACHTER,
            _("Geen nulmeting: de voortgang is niet te bepalen. De streefwaarde (%(streef)s) is nog niet bereikt.")
            % velden,
        )
    verwacht = verwachte_voortgang(nulmeting_datum, streefdatum, peildatum)
    if streef == nulmeting:
        return Beoordeling(
            Stoplicht.ACHTER,
            _(
                "De streefwaarde is de nulmeting vasthouden (%(streef)s); het laatste resultaat (%(waarde)s) "
                "ligt daaronder."
            )
            % velden,
            verwacht=verwacht,
        )
    behaald = (waarde - nulmeting) / (streef - nulmeting)
    if behaald >= verwacht - MARGE_OP_KOERS:
        licht = Stoplicht.OP_KOERS
    elif behaald >= verwacht - MARGE_ACHTER:
        licht = Stoplicht.ACHTER
    else:
        licht = Stoplicht.ROOD
    if behaald < 0:
        uitleg = _(
            "Op %(peildatum)s ligt het resultaat (%(waarde)s) verder van de streefwaarde dan de nulmeting "
            "(%(nulmeting)s): het gaat de verkeerde kant op."
        ) % {**velden, "peildatum": datum_tekst(peildatum), "nulmeting": waarde_tekst(nulmeting, eenheid)}
    else:
        uitleg = _(
            "Op %(peildatum)s is %(behaald)s van de weg van nulmeting naar streefwaarde afgelegd; "
            "%(verwacht)s van de tijd tot de streefdatum was toen voorbij."
        ) % {
            "peildatum": datum_tekst(peildatum),
            "behaald": procent(behaald * 100, 0),
            "verwacht": procent(verwacht * 100, 0),
        }
    return Beoordeling(licht, uitleg, verwacht=verwacht, behaald=behaald)


def regel_uitleg() -> list[str]:
    """The rule of `beoordelen` in words, for "Hoe wordt dit bepaald?" on the pages."""
    return [
        _("Het stoplicht kijkt naar het laatste resultaat van een meetpunt."),
        _(
            "Bereikt: het laatste resultaat haalt de streefwaarde. Ligt de streefwaarde onder de nulmeting, dan is "
            "lager beter (bijvoorbeeld wachttijden); anders is hoger beter."
        ),
        _(
            "Anders vergelijken we twee percentages op de peildatum van dat resultaat: hoeveel van de tijd van "
            "nulmeting tot streefdatum voorbij is (verwacht), en hoeveel van de weg van nulmeting naar streefwaarde "
            "is afgelegd (behaald)."
        ),
        _(
            "Op koers: behaald is hoogstens %(op_koers)s procentpunt minder dan verwacht. Achter: hoogstens "
            "%(achter)s procentpunt minder. Ver achter: nog meer achter, of de streefdatum is voorbij zonder dat "
            "de streefwaarde is gehaald."
        )
        % {"op_koers": int(MARGE_OP_KOERS * 100), "achter": int(MARGE_ACHTER * 100)},
        _(
            "Zonder nulmeting is de voortgang niet te bepalen: tot de streefdatum staat het meetpunt dan op "
            "achter, daarna op ver achter, tenzij de streefwaarde is bereikt."
        ),
        _(
            "Te laat staat los van het stoplicht: een rapportagemoment van een getekend contract waarvan de datum "
            "voorbij is zonder dat er een resultaat voor is vastgelegd."
        ),
    ]


def is_te_laat(uiterlijk: dt.date, heeft_resultaat: bool, vandaag: dt.date) -> bool:
    """A reporting moment is late when its date has passed and no result is linked to it."""
    return not heeft_resultaat and uiterlijk < vandaag


def in_uitvoering(contract: Contract) -> bool:
    """Reporting dates count (late, reminders, dashboard) once both parties signed: a draft is not in force."""
    return contract.status == Contractstatus.GETEKEND


# --- numbers and dates as a person reads them ------------------------------------------------------


def waarde_tekst(waarde: Decimal | None, eenheid: str) -> str:
    return "—" if waarde is None else getal_met_eenheid(waarde, eenheid)


def datum_tekst(datum: dt.date) -> str:
    return f"{datum:%d-%m-%Y}"


def datum_in_tabel(datum: dt.date | None) -> str:
    """A date that a narrow table column does not break over two lines (non-breaking hyphens)."""
    return "" if datum is None else f"{datum:%d}\u2011{datum:%m}\u2011{datum:%Y}"


# --- selectors ----------------------------------------------------------------------------------------


def _koppelingen() -> QuerySet[Any]:
    return Contractafspraak.meetpunten.through.objects.all()


def open_momenten() -> QuerySet[Rapportagemoment]:
    """Reporting moments without a result, of a measuring point that is still on one of the contract's lines."""
    return Rapportagemoment.objects.filter(
        ~Exists(Meetresultaat.objects.filter(rapportagemoment=OuterRef("pk"))),
        Exists(_koppelingen().filter(contractafspraak__contract=OuterRef("contract"), meetpunt=OuterRef("meetpunt"))),
    )


class _MetResultaat(TypedDict):
    heeft_resultaat: bool


def momenten_met_status() -> QuerySet[WithAnnotations[Rapportagemoment, _MetResultaat]]:
    return Rapportagemoment.objects.annotate(
        heeft_resultaat=Exists(Meetresultaat.objects.filter(rapportagemoment=OuterRef("pk")))
    ).select_related("eigenaar")


@dataclass
class Meetpuntstand:
    """One measuring point of one contract: the light, the latest result, the next and the late reports."""

    contract: Contract
    meetpunt: Meetpunt
    afspraken: list[str]
    laatste: Meetresultaat | None
    beoordeling: Beoordeling
    volgende: Rapportagemoment | None
    te_laat: list[Rapportagemoment] = field(default_factory=list)

    @property
    def aandacht(self) -> bool:
        return self.beoordeling.licht.aandacht or bool(self.te_laat)

    @property
    def nulmeting_tekst(self) -> str:
        return waarde_tekst(self.meetpunt.nulmeting, self.meetpunt.eenheid)

    @property
    def streef_tekst(self) -> str:
        return waarde_tekst(self.meetpunt.streefwaarde, self.meetpunt.eenheid)

    @property
    def laatste_tekst(self) -> str:
        return waarde_tekst(self.laatste.waarde if self.laatste else None, self.meetpunt.eenheid)

    @property
    def data(self) -> dict[str, str]:
        """The point's dates as the tables show them."""
        m = self.meetpunt
        return {
            "nulmeting": datum_in_tabel(m.nulmeting_datum) if m.nulmeting is not None else "",
            "streef": datum_in_tabel(m.streefdatum),
            "peildatum": datum_in_tabel(self.laatste.peildatum if self.laatste else None),
            "volgende": datum_in_tabel(self.volgende.uiterlijk if self.volgende else None),
        }

    @property
    def te_laat_regels(self) -> list[tuple[str, str]]:
        """(date, who reports) of each late report."""
        return [(datum_in_tabel(m.uiterlijk), m.eigenaar.get_full_name()) for m in self.te_laat]


def standen(contracten: Sequence[Contract], vandaag: dt.date) -> list[Meetpuntstand]:
    """Every measuring point on the lines of `contracten`, in contract order and then line order: three queries."""
    per_pk = {c.pk: c for c in contracten}
    if not per_pk:
        return []
    punten: dict[tuple[int, int], tuple[Meetpunt, list[str]]] = {}
    for k in (
        _koppelingen()
        .filter(contractafspraak__contract_id__in=per_pk)
        .select_related("meetpunt", "contractafspraak")
        .order_by("contractafspraak__volgorde", "contractafspraak_id", "meetpunt_id")
    ):
        sleutel = (k.contractafspraak.contract_id, k.meetpunt_id)
        punten.setdefault(sleutel, (k.meetpunt, []))[1].append(k.contractafspraak.titel)
    laatste: dict[tuple[int, int], Meetresultaat] = {}
    # The light follows the contract's own figure; a practice's figure (praktijk set) is shown with the results.
    for r in Meetresultaat.objects.filter(contract_id__in=per_pk, praktijk__isnull=True).order_by("peildatum", "pk"):
        laatste[(r.contract_id, r.meetpunt_id)] = r
    momenten: dict[tuple[int, int], list[WithAnnotations[Rapportagemoment, _MetResultaat]]] = defaultdict(list)
    for m in momenten_met_status().filter(contract_id__in=per_pk).order_by("uiterlijk", "pk"):
        momenten[(m.contract_id, m.meetpunt_id)].append(m)

    uit: list[Meetpuntstand] = []
    volgorde = {pk: i for i, pk in enumerate(per_pk)}
    for (contract_pk, meetpunt_pk), (meetpunt, afspraken) in sorted(
        punten.items(), key=lambda item: volgorde[item[0][0]]
    ):
        eigen = momenten.get((contract_pk, meetpunt_pk), [])
        open_ = [m for m in eigen if not m.heeft_resultaat]
        resultaat = laatste.get((contract_pk, meetpunt_pk))
        uit.append(
            Meetpuntstand(
                contract=per_pk[contract_pk],
                meetpunt=meetpunt,
                afspraken=afspraken,
                laatste=resultaat,
                beoordeling=beoordelen(meetpunt, resultaat, vandaag),
                volgende=next((m for m in open_ if m.uiterlijk >= vandaag), None),
                te_laat=[m for m in open_ if is_te_laat(m.uiterlijk, False, vandaag)]
                if in_uitvoering(per_pk[contract_pk])
                else [],
            )
        )
    return uit


@dataclass(frozen=True)
class Telling:
    """How many points stand where, and how many reports are late: "3 op koers, 1 achter, 2 te laat"."""

    per_licht: dict[Stoplicht, int]
    te_laat: int

    @classmethod
    def van(cls, standen: Iterable[Meetpuntstand]) -> Telling:
        per_licht: dict[Stoplicht, int] = dict.fromkeys(Stoplicht, 0)
        te_laat = 0
        for s in standen:
            per_licht[s.beoordeling.licht] += 1
            te_laat += len(s.te_laat)
        return cls(per_licht, te_laat)

    @property
    def delen(self) -> list[tuple[int, str, str, str]]:
        """(number, words, sign, css class) for each state that occurs, then the late reports."""
        uit = [
            (n, str(licht.label), licht.teken, licht.css)
            for licht in (
                Stoplicht.BEREIKT,
                Stoplicht.OP_KOERS,
                Stoplicht.ACHTER,
                Stoplicht.ROOD,
                Stoplicht.GEEN_GEGEVENS,
            )
            if (n := self.per_licht[licht])
        ]
        if self.te_laat:
            uit.append((self.te_laat, str(_("te laat")), "!", "label label--signaal"))
        return uit

    @property
    def zin(self) -> str:
        return ", ".join(f"{n} {woorden}" for n, woorden, _teken, _css in self.delen)


@dataclass
class Regiomonitoring:
    contracten: list[Contract]
    per_contract: list[tuple[Contract, list[Meetpuntstand]]]
    telling: Telling
    alleen_aandacht: bool

    @property
    def aantal_getoond(self) -> int:
        return sum(len(rijen) for _c, rijen in self.per_contract)


def regiomonitoring(user: AnyUser, regio: Regio, vandaag: dt.date, *, alleen_aandacht: bool = False) -> Regiomonitoring:
    """The region's monitoring for `user`: only the contracts they may see (of their own parties)."""
    contracten = list(
        access.contracten_for_user(user)
        .filter(regio=regio)
        .select_related("regio", "zorgverzekeraar", "huisartsenorganisatie")
        .order_by("-startjaar", "titel", "pk")
    )
    alle = standen(contracten, vandaag)
    getoond = [s for s in alle if s.aandacht] if alleen_aandacht else alle
    per_contract = [(c, [s for s in getoond if s.contract.pk == c.pk]) for c in contracten]
    return Regiomonitoring(contracten, per_contract, Telling.van(alle), alleen_aandacht)


# --- one measuring point's page ---------------------------------------------------------------------


@dataclass
class Resultaatregel:
    resultaat: Meetresultaat
    waarde: str
    # Earlier values of a corrected result, oldest first.
    eerder: list[str]


@dataclass
class Momentregel:
    moment: Rapportagemoment
    heeft_resultaat: bool
    te_laat: bool


@dataclass
class Meetpuntpagina:
    stand: Meetpuntstand
    resultaten: list[Resultaatregel]
    momenten: list[Momentregel]
    grafiek: Grafiek | None


def meetpuntpagina(contract: Contract, meetpunt: Meetpunt, vandaag: dt.date) -> Meetpuntpagina:
    resultaten = list(
        Meetresultaat.objects.filter(contract=contract, meetpunt=meetpunt)
        .select_related("vastgelegd_door", "namens", "rapportagemoment", "praktijk", "beoordeeld_door")
        .order_by("peildatum", "pk")
    )
    eerder: dict[int, dict[int, Decimal]] = defaultdict(dict)
    gecorrigeerd = [r.pk for r in resultaten if r.versie > 1]
    if gecorrigeerd:
        for h in Meetresultaat.history.filter(id__in=gecorrigeerd).order_by("history_date", "history_id"):
            eerder[h.id][h.versie] = h.waarde
    regels = [
        Resultaatregel(
            r,
            waarde_tekst(r.waarde, meetpunt.eenheid),
            [waarde_tekst(w, meetpunt.eenheid) for v, w in sorted(eerder[r.pk].items()) if v < r.versie],
        )
        for r in resultaten
    ]
    momenten = list(momenten_met_status().filter(contract=contract, meetpunt=meetpunt).order_by("uiterlijk", "pk"))
    telt = in_uitvoering(contract)
    momentregels = [
        Momentregel(m, m.heeft_resultaat, telt and is_te_laat(m.uiterlijk, m.heeft_resultaat, vandaag))
        for m in momenten
    ]
    afspraken = list(contract.afspraken.filter(meetpunten=meetpunt).values_list("titel", flat=True))
    open_ = [r.moment for r in momentregels if not r.heeft_resultaat]
    eigen = [r for r in resultaten if r.praktijk_id is None]
    laatste = eigen[-1] if eigen else None
    stand = Meetpuntstand(
        contract=contract,
        meetpunt=meetpunt,
        afspraken=afspraken,
        laatste=laatste,
        beoordeling=beoordelen(meetpunt, laatste, vandaag),
        volgende=next((m for m in open_ if m.uiterlijk >= vandaag), None),
        te_laat=[r.moment for r in momentregels if r.te_laat],
    )
    return Meetpuntpagina(stand, regels, momentregels, trend_grafiek(meetpunt, eigen))


# --- the trend chart (pure) ----------------------------------------------------------------------------


def trend_figuur(meetpunt: Meetpunt, resultaten: Sequence[Meting]) -> go.Figure:
    """The results over time, the baseline as a point, the target as a line up to its date, and the straight
    path from baseline to target that "op koers" follows."""
    eenheid = meetpunt.eenheid
    streef, streefdatum = meetpunt.streefwaarde, meetpunt.streefdatum
    nulmeting, nulmeting_datum = meetpunt.nulmeting, meetpunt.nulmeting_datum
    heeft_nulmeting = nulmeting is not None and nulmeting_datum is not None
    data = [r.peildatum for r in resultaten]
    begin = min([*data, *([nulmeting_datum] if heeft_nulmeting and nulmeting_datum else []), streefdatum])
    sporen: list[go.Scatter] = []
    if heeft_nulmeting and nulmeting is not None and nulmeting_datum is not None:
        sporen.append(
            go.Scatter(
                x=[nulmeting_datum.isoformat(), streefdatum.isoformat()],
                y=[float(nulmeting), float(streef)],
                mode="lines",
                name=_("Op koers (rechte lijn naar de streefwaarde)"),
                line={"color": GRIJS, "width": 1.5, "dash": "dot"},
                hoverinfo="skip",
            )
        )
    sporen.append(
        go.Scatter(
            x=[begin.isoformat(), streefdatum.isoformat()],
            y=[float(streef), float(streef)],
            mode="lines+markers",
            name=_veilig(
                _("Streefwaarde %(waarde)s op %(datum)s")
                % {"waarde": waarde_tekst(streef, eenheid), "datum": datum_tekst(streefdatum)}
            ),
            line={"color": GROEN, "width": 2, "dash": "dash"},
            marker={"color": GROEN, "size": [0, 11], "symbol": "star"},
            hovertext=[
                "",
                _veilig(
                    _("Streefwaarde: %(waarde)s op %(datum)s")
                    % {"waarde": waarde_tekst(streef, eenheid), "datum": datum_tekst(streefdatum)}
                ),
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    if heeft_nulmeting and nulmeting is not None and nulmeting_datum is not None:
        tekst = _("Nulmeting: %(waarde)s op %(datum)s") % {
            "waarde": waarde_tekst(nulmeting, eenheid),
            "datum": datum_tekst(nulmeting_datum),
        }
        sporen.append(
            go.Scatter(
                x=[nulmeting_datum.isoformat()],
                y=[float(nulmeting)],
                mode="markers",
                name=_veilig(_("Nulmeting")),
                marker={"color": WIT, "size": 11, "symbol": "diamond", "line": {"color": INKT, "width": 2}},
                hovertext=[_veilig(tekst)],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    sporen.append(
        go.Scatter(
            x=[d.isoformat() for d in data],
            y=[float(r.waarde) for r in resultaten],
            mode="lines+markers",
            name=_veilig(_("Resultaat")),
            line={"color": ACCENT, "width": 2.5},
            marker={"color": ACCENT, "size": 9},
            hovertext=[
                f"<b>{datum_tekst(r.peildatum)}</b><br>{_veilig(waarde_tekst(r.waarde, eenheid))}" for r in resultaten
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    kop = 64
    return go.Figure(
        data=sporen,
        layout=_layout(
            HOOGTE + kop,
            xaxis={
                "type": "date",
                "tickformat": "%b %Y",
                "showgrid": False,
                "zeroline": False,
                "linecolor": LIJN,
                "tickfont": {"color": INKT_ZACHT},
                "automargin": True,
                "fixedrange": True,
            },
            yaxis=_waarde_as(eenheid, zeroline=False),
            showlegend=True,
            legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
            margin={"l": 8, "r": 16, "t": kop, "b": 8, "pad": 2},
        ),
    )


def trend_grafiek(meetpunt: Meetpunt, resultaten: Sequence[Meetresultaat]) -> Grafiek | None:
    """The trend for templates/regiobeeld/_grafiek.html with its table; None without results (the page then
    says so in words)."""
    if not resultaten:
        return None
    eenheid = meetpunt.eenheid
    rijen: list[list[str]] = []
    if meetpunt.nulmeting is not None and meetpunt.nulmeting_datum is not None:
        rijen.append([datum_tekst(meetpunt.nulmeting_datum), waarde_tekst(meetpunt.nulmeting, eenheid), _("nulmeting")])
    rijen += [[datum_tekst(r.peildatum), waarde_tekst(r.waarde, eenheid), _("resultaat")] for r in resultaten]
    rijen.append([datum_tekst(meetpunt.streefdatum), waarde_tekst(meetpunt.streefwaarde, eenheid), _("streefwaarde")])
    return Grafiek(
        id=f"trend-{meetpunt.pk}",
        titel=_("Verloop van de resultaten"),
        bijschrift=_(
            "%(wat)s per peildatum, met de nulmeting, de streefwaarde (gestippelde lijn tot de streefdatum) en de "
            "rechte lijn van nulmeting naar streefwaarde die bij op koers hoort."
        )
        % {"wat": meetpunt.omschrijving},
        figuur_json=figuur_json(trend_figuur(meetpunt, resultaten)),
        tabel_koppen=[_("Datum"), _("Waarde"), _("Wat")],
        tabel_rijen=rijen,
        label=_("Lijngrafiek: %(wat)s over de tijd, met streefwaarde") % {"wat": meetpunt.omschrijving},
        getallen=False,
    )
