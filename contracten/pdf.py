"""The contract as a printed document: what both parties sign and keep, and what a board reads.

`ContractPdf` renders templates/contracten/pdf/contract.html (extending templates/pdf/basis.html): the cover with
the parties, term, status, the plan version it fixes and the signatures; the agreement lines; the money per
year and segment (table and chart); how many practices joined, per package; the verdeelmodel; the monitoring.
A contract is confidential to its two parties: only their members may ask for it, and the worker checks that
again when it renders (`mag_lezen`). The PDF holds no one party's notes, whoever asks for it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from contracten import addenda, selectors
from contracten.access import ContractActie, mag_contract
from contracten.financiering import Overzicht
from contracten.grafieken import financiering_figuur, verdeling_figuur
from contracten.models import (
    Addendum,
    Addendumstatus,
    Contract,
    Contractstatus,
    Meetresultaat,
    Ondertekening,
    Pakket,
    Praktijkdeelname,
    met_verlenging,
)
from contracten.verdeelmodel import Verdeelbeeld, verdeelbeeld
from regio import goedkeuring
from regio.getallen import euro, getal
from regio.models import Mandaat, Onderwerp
from regiobeeld.pdf import PdfMetGrafieken, figuur_tekenen, markering_css, paginatekst
from regioplan.models import Meetpunt

if TYPE_CHECKING:
    from regio.access import AnyUser
    from regio.models import Regio


# --- what the document prints, prepared in Python (fixed number of queries) ------------------------------


@dataclass(frozen=True)
class Deelnamestand:
    """Practices invited to one scope of the contract (the whole contract, or one package), by decision."""

    naam: str
    segment: str
    uitgenodigd: int
    doet_mee: int
    doet_niet_mee: int
    geen_besluit: int


def deelnamestanden(contract: Contract) -> list[Deelnamestand]:
    """Counts only, per scope: the whole contract first (when practices are invited to it), then each package."""
    tellingen: Counter[tuple[int | None, str]] = Counter()
    for rij in (
        Praktijkdeelname.objects.filter(contract=contract).values("pakket_id", "besluit").annotate(n=Count("pk"))
    ):
        tellingen[(rij["pakket_id"], rij["besluit"])] += rij["n"]

    def stand(pakket_id: int | None, naam: str, segment: str) -> Deelnamestand:
        mee = tellingen[(pakket_id, Praktijkdeelname.Besluit.DOET_MEE)]
        niet = tellingen[(pakket_id, Praktijkdeelname.Besluit.DOET_NIET_MEE)]
        open_ = tellingen[(pakket_id, Praktijkdeelname.Besluit.UITGENODIGD)]
        return Deelnamestand(naam, segment, mee + niet + open_, mee, niet, open_)

    standen = []
    if any(pakket_id is None for pakket_id, _b in tellingen):
        standen.append(stand(None, _("Het hele contract"), ""))
    standen += [stand(p.pk, p.naam, p.segment) for p in Pakket.objects.filter(contract=contract).order_by("naam")]
    return standen


@dataclass(frozen=True)
class Drukmeetpunt:
    """A measuring point of the contract's lines with its target and the latest recorded result."""

    meetpunt: Meetpunt
    afspraken: list[str]
    laatste: Meetresultaat | None

    @property
    def nulmeting(self) -> str:
        return getal(self.meetpunt.nulmeting)

    @property
    def streefwaarde(self) -> str:
        return getal(self.meetpunt.streefwaarde)

    @property
    def resultaat(self) -> str:
        return getal(self.laatste.waarde) if self.laatste else ""


def drukmeetpunten(contract: Contract, regels: list[selectors.Afspraakregel]) -> list[Drukmeetpunt]:
    """The measuring points the lines name (each once, in the lines' order), with their latest result."""
    per_meetpunt: dict[int, tuple[Meetpunt, list[str]]] = {}
    for r in regels:
        for mp in r.meetpunten:
            per_meetpunt.setdefault(mp.pk, (mp, []))[1].append(r.afspraak.titel)
    laatste: dict[int, Meetresultaat] = {}
    for resultaat in Meetresultaat.objects.filter(contract=contract).order_by("peildatum", "pk"):
        laatste[resultaat.meetpunt_id] = resultaat
    # Results of measuring points no line names any more still belong to the contract's monitoring.
    los = [pk for pk in laatste if pk not in per_meetpunt]
    if los:
        for mp in Meetpunt.objects.filter(pk__in=los).select_related("eigenaar").order_by("pk"):
            per_meetpunt[mp.pk] = (mp, [])
    return [Drukmeetpunt(mp, titels, laatste.get(pk)) for pk, (mp, titels) in per_meetpunt.items()]


@dataclass(frozen=True)
class Handtekening:
    """Where one party stands on the signing of the current version."""

    organisatie: Any
    ondertekening: Ondertekening | None
    gemandateerden: list[Mandaat]


def handtekeningen(contract: Contract) -> list[Handtekening]:
    stand = goedkeuring.stand(
        partijen=contract.partijen,
        goedkeuringen=Ondertekening.objects.filter(contract=contract).select_related(
            "gebruiker", "organisatie", "mandaat"
        ),
        versie=contract.versie,
        mandaten=Mandaat.objects.geldig_op(timezone.localdate())
        .filter(regio=contract.regio, onderwerp=Onderwerp.CONTRACT, organisatie__in=contract.partijen)
        .select_related("gebruiker", "organisatie"),
    )
    return [Handtekening(s.organisatie, s.goedkeuring, s.gemandateerden) for s in stand]


@dataclass(frozen=True)
class Jaarrij:
    jaar: int
    segmenten: list[str]
    totaal: str
    praktijk: str
    regio: str


def financiele_tabel(overzicht: Overzicht) -> tuple[list[Jaarrij], Jaarrij | None]:
    """The overview per year (segments, total, practice and regio share) and its total row, as Dutch amounts."""
    rijen = [
        Jaarrij(
            jaar=j,
            segmenten=[euro(overzicht.per_jaar_segment[(j, s)]) for s in overzicht.segmenten],
            totaal=euro(overzicht.per_jaar[j]),
            praktijk=euro(overzicht.praktijk_per_jaar[j]),
            regio=euro(overzicht.regio_per_jaar[j]),
        )
        for j in overzicht.jaren
    ]
    if not rijen:
        return [], None
    totaal = Jaarrij(
        jaar=0,
        segmenten=[euro(overzicht.per_segment[s]) for s in overzicht.segmenten],
        totaal=euro(overzicht.totaal),
        praktijk=euro(overzicht.praktijk_totaal),
        regio=euro(overzicht.regio_totaal),
    )
    return rijen, totaal


@dataclass(frozen=True)
class Drukafspraak:
    nummer: int
    regel: selectors.Afspraakregel
    bedragen: list[tuple[int, str, str, str]]  # (jaar, bedrag, praktijk, regio) for the years with money

    @property
    def afspraak(self) -> Any:
        return self.regel.afspraak

    @property
    def totaal(self) -> str:
        return euro(self.regel.totaal)

    @property
    def geld(self) -> str:
        """Structural or project money, indexed or not (the guide's obstacle 4; contracten/jaarcyclus.py)."""
        a = self.regel.afspraak
        geindexeerd = _("geïndexeerd") if a.geindexeerd else _("niet geïndexeerd")
        return f"{a.get_geldsoort_display()}, {geindexeerd}"

    @property
    def verdeling(self) -> str:
        a = self.regel.afspraak
        return _("praktijk %(p)s%% · regio-organisatie %(r)s%%") % {
            "p": getal(a.aandeel_praktijk),
            "r": getal(a.aandeel_regio),
        }


def drukafspraken(regels: list[selectors.Afspraakregel]) -> list[Drukafspraak]:
    from contracten.financiering import verdeel_bedrag

    uit = []
    for i, r in enumerate(regels, start=1):
        bedragen = []
        for jaar, bedrag in r.bedragen.items():
            if not bedrag:
                continue
            praktijk, regio = verdeel_bedrag(bedrag, r.afspraak.aandeel_praktijk)
            bedragen.append((jaar, euro(bedrag), euro(praktijk), euro(regio)))
        uit.append(Drukafspraak(i, r, bedragen))
    return uit


@dataclass(frozen=True)
class Addendumbijlage:
    """A signed addendum as an annex: its reason, its redline against the state before it, its signatures."""

    ov: Any
    addendum: Any
    v: Any
    handtekeningen: list[Any]


def addendumbijlagen(contract: Contract, regels: list[selectors.Afspraakregel]) -> list[Addendumbijlage]:
    ov = addenda.overzicht(contract, regels)
    return [Addendumbijlage(ov, a, addenda.redline(ov, a), addenda.ondertekening(a)) for a in ov.getekend]


def markering_van(contract: Contract) -> str:
    """The word on every page: a contract not signed by both parties is a draft."""
    return "" if contract.status == Contractstatus.GETEKEND else _("CONCEPT")


# --- the document ------------------------------------------------------------------------------------------


class ContractPdf(PdfMetGrafieken):
    soort: ClassVar[str] = "contract"
    template_name: ClassVar[str] = "contracten/pdf/contract.html"
    vertrouwelijk: ClassVar[bool] = True
    obj: Contract

    @classmethod
    def ophalen(cls, object_id: int) -> Contract:
        # The cover prints the term as signed addenda extended it.
        return (
            met_verlenging(Contract.objects.all())
            .select_related("regio", "regioplan", "zorgverzekeraar", "huisartsenorganisatie")
            .get(pk=object_id)
        )

    @classmethod
    def mag_lezen(cls, user: AnyUser, obj: Any) -> bool:
        """Members of the contract's two parties, nobody else (checked again by the worker)."""
        return mag_contract(user, obj, ContractActie.BEKIJKEN)

    def regio(self) -> Regio:
        return self.obj.regio

    def titel(self) -> str:
        return self.obj.titel

    def versie(self) -> int:
        """The contract's version; a signed contract no longer changes, but each addendum signed since makes the
        printed document (the contract as amended) new, so a PDF stored before it reads as outdated."""
        if not self.obj.is_bevroren:
            return self.obj.versie
        return self.obj.versie + Addendum.objects.filter(contract=self.obj, status=Addendumstatus.GETEKEND).count()

    def context(self) -> dict[str, Any]:
        contract: Contract = self.obj
        regels = selectors.afspraken(contract)
        # A signed contract prints as its signed addenda amend it, with an annex per addendum (contracten/addenda.py).
        bijlagen = addendumbijlagen(contract, regels) if contract.is_bevroren else []
        if bijlagen:
            regels = addenda.geldende_regels(contract, bijlagen[0].ov)
        overzicht = selectors.overzicht_van(regels)
        jaarrijen, totaalrij = financiele_tabel(overzicht)
        verdeelfouten: list[str] = []
        try:
            beeld: Verdeelbeeld | None = verdeelbeeld(contract)
        except ValidationError as fout:  # a model stored some other way than through its form
            beeld, verdeelfouten = None, fout.messages
        figuren = []
        financiering = None
        if overzicht.totaal:
            financiering = figuur_tekenen(financiering_figuur(overzicht), self.tekenaar)
            figuren.append("financiering")
        verdeling = None
        if beeld is not None:
            verdeling = figuur_tekenen(verdeling_figuur(beeld.verdeling), self.tekenaar)
            figuren.append("verdeling")
        markering = markering_van(contract)
        aandeel = overzicht.aandeel_praktijk_procent
        return {
            "contract": contract,
            "regio": contract.regio,
            "plan": contract.regioplan,
            "fase": capfirst(contract.fase()),
            "afspraken": drukafspraken(regels),
            "overzicht": overzicht,
            "jaarrijen": jaarrijen,
            "totaalrij": totaalrij,
            "totaal": euro(overzicht.totaal),
            "aandeel_praktijk": getal(aandeel) if aandeel is not None else "",
            "aandeel_regio": getal(Decimal(100) - aandeel) if aandeel is not None else "",
            "financiering_figuur": financiering,
            "financiering_nummer": figuren.index("financiering") + 1 if financiering else 0,
            "deelnames": deelnamestanden(contract),
            "beeld": beeld,
            "verdeelfouten": verdeelfouten,
            "verdeling_figuur": verdeling,
            "verdeling_nummer": figuren.index("verdeling") + 1 if verdeling else 0,
            "meetpunten": drukmeetpunten(contract, regels),
            "handtekeningen": handtekeningen(contract),
            "bijlagen": bijlagen,
            "markering": markering,
            "markering_css": markering_css(markering),
            "paginatekst": paginatekst(),
        }
