"""Contracts in the personas' world: an adopted plan of the own region, a contract between the zorggroep and
insurer Zuid built on it (one S2 and one S3 line, an S3 package), the practice invited, and mandates to sign.

Insurer Noord (the second insurer) takes part in the region but is not a party: it must never see the contract.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from contracten import regelvoorstellen, services
from contracten.gesprek import CONTRACTGESPREK
from contracten.models import Contract, Contractafspraak, Ondertekening, Pakket, Praktijkdeelname
from regio import services as regio_services
from regio.gesprekken import diensten
from regio.models import Mandaat, Onderwerp
from regioplan import services as plan_services
from regioplan.models import Meetpunt, Regioplan
from tests.personas import START, Wereld
from tests.regioplan.werelden import (
    activiteit_maken,
    delen_schrijven,
    mandaat_voor_verzekeraar,
    meetpunt_maken,
    plan_maken,
    regiobeeld_met_uitdagingen,
)

STARTJAAR, EINDJAAR = 2026, 2029


def vastgesteld_plan(wereld: Wereld) -> Regioplan:
    """A plan of the own region with one activity and one measuring point, adopted by both parties; its term is the
    contract's (a contract's years lie within its plan's)."""
    plan = plan_maken(wereld, regiobeeld_met_uitdagingen(wereld, jaar=2025), eindjaar=EINDJAAR)
    activiteit = activiteit_maken(wereld, plan)
    meetpunt_maken(wereld, activiteit)
    if not Mandaat.objects.filter(gebruiker=wereld.zorginkoper, onderwerp=Onderwerp.REGIOPLAN).exists():
        mandaat_voor_verzekeraar(wereld)
    plan = delen_schrijven(wereld, plan)
    plan_services.regioplan_indienen(regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.bewerker)
    for wie in (wereld.beheerder, wereld.zorginkoper):
        plan = Regioplan.objects.get(pk=plan.pk)
        plan_services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=wie)
    return Regioplan.objects.get(pk=plan.pk)


def contractmandaten(wereld: Wereld, **kwargs: Any) -> None:
    """Both parties' signers get a "contract" mandate: the zorggroep's manager and insurer Zuid's purchaser."""
    velden: dict[str, Any] = {"geldig_van": START, **kwargs}
    for wie, org in ((wereld.beheerder, wereld.zorggroep), (wereld.zorginkoper, wereld.verzekeraar)):
        regio_services.mandaat_verlenen(
            gebruiker=wie,
            organisatie=org,
            regio=wereld.regio,
            onderwerp=Onderwerp.CONTRACT,
            acting_user=wereld.koepel,
            **velden,
        )


def contract_maken(wereld: Wereld, plan: Regioplan, **velden: Any) -> Contract:
    standaard: dict[str, Any] = {
        "titel": "Meerjarencontract Eigen regio 2026-2029",
        "startjaar": STARTJAAR,
        "eindjaar": EINDJAAR,
    }
    return services.contract_aanmaken(
        regio=wereld.regio,
        regioplan=plan,
        zorgverzekeraar=wereld.verzekeraar,
        huisartsenorganisatie=wereld.zorggroep,
        acting_user=wereld.bewerker,
        **{**standaard, **velden},
    )


def afspraak_maken(
    wereld: Wereld,
    contract: Contract,
    *,
    bedragen: dict[int, Decimal] | None = None,
    meetpunten: list[Meetpunt] | None = None,
    door: Any = None,
    akkoord: bool = True,
    **velden: Any,
) -> Contractafspraak:
    """A line written by `door` (default the zorggroep's editor); with `akkoord` the other party agreed to it, as
    both must before anyone signs (contracten/regelvoorstellen.py)."""
    activiteit = contract.regioplan.activiteiten.first()
    standaard: dict[str, Any] = {
        "titel": "Praktijkondersteuner ouderenzorg",
        "activiteit": activiteit,
        "segment": "S2",
        "aandeel_praktijk": Decimal("70"),
        "aandeel_regio": Decimal("30"),
    }
    afspraak = services.afspraak_opslaan(
        afspraak=Contractafspraak(contract=contract, **{**standaard, **velden}),
        gelezen_versie=None,
        bedragen=bedragen if bedragen is not None else {j: Decimal("100000.00") for j in contract.jaren},
        meetpunten=meetpunten if meetpunten is not None else list(Meetpunt.objects.filter(activiteit=activiteit)),
        acting_user=door or wereld.bewerker,
    )
    if akkoord:
        akkoord_geven(wereld, afspraak)
    return afspraak


def akkoord_geven(wereld: Wereld, afspraak: Contractafspraak) -> None:
    """The party that did not write the line's current content agrees to it."""
    afspraak = Contractafspraak.objects.get(pk=afspraak.pk)
    wie = wereld.bewerker if afspraak.opgesteld_namens_id == wereld.verzekeraar.pk else wereld.zorginkoper
    regelvoorstellen.afspraak_akkoord_geven(afspraak=afspraak, gelezen_versie=afspraak.versie, acting_user=wie)


def aangeboden_en_getekend(wereld: Wereld) -> tuple[Contract, Ondertekening]:
    """The world's contract offered for signing and signed by the zorggroep (Bram Beheerder)."""
    c = Contract.objects.get(pk=wereld.contract.pk)  # type: ignore[attr-defined]
    services.contract_aanbieden(contract=c, gelezen_versie=c.versie, acting_user=wereld.bewerker)
    c = Contract.objects.get(pk=c.pk)
    handtekening = services.contract_ondertekenen(contract=c, gelezen_versie=c.versie, acting_user=wereld.beheerder)
    return Contract.objects.get(pk=c.pk), handtekening


def contract_wereld(wereld: Wereld) -> Wereld:
    """Needs nothing else first. Adds: wereld.vastgesteld_plan, .contract (a draft with two lines, a package,
    the practice invited to the package), .afspraak, .pakket, .deelname, .meetpunt and .ander_contract
    (in the other region, between its own parties)."""
    plan = vastgesteld_plan(wereld)
    contractmandaten(wereld)
    contract = contract_maken(wereld, plan)
    pakket = services.pakket_opslaan(
        pakket=Pakket(contract=contract, naam="Regionaal S3-pakket", segment="S3", doel_kiezen=True),
        acting_user=wereld.bewerker,
    )
    afspraak = afspraak_maken(wereld, contract)
    afspraak_maken(
        wereld,
        contract,
        titel="Innovatie: digitale triage",
        segment="S3",
        pakket=pakket,
        aandeel_praktijk=Decimal("50"),
        aandeel_regio=Decimal("50"),
        bedragen={STARTJAAR: Decimal("25000.00"), STARTJAAR + 1: Decimal("25000.00")},
    )
    wereld.deelname = Praktijkdeelname.objects.create(  # type: ignore[attr-defined]
        contract=contract,
        pakket=pakket,
        praktijk=wereld.praktijk,
        uitgenodigd_door=wereld.bewerker,
        uitgenodigd_op=timezone.now() - dt.timedelta(days=60),
    )
    contract = Contract.objects.get(pk=contract.pk)
    wereld.vastgesteld_plan = plan  # type: ignore[attr-defined]
    wereld.contract = contract  # type: ignore[attr-defined]
    wereld.afspraak = afspraak  # type: ignore[attr-defined]
    wereld.pakket = pakket  # type: ignore[attr-defined]
    wereld.meetpunt = afspraak.meetpunten.first()  # type: ignore[attr-defined]
    wereld.ander_contract = _ander_contract(wereld)  # type: ignore[attr-defined]
    wereld.contract_reactie = diensten.reactie_plaatsen(  # type: ignore[attr-defined]
        gesprek=CONTRACTGESPREK,
        document=contract,
        onderwerp=afspraak,
        tekst="Waarom dit bedrag?",
        acting_user=wereld.zorginkoper,
    )
    wereld.contract_notitie = diensten.reactie_plaatsen(  # type: ignore[attr-defined]
        gesprek=CONTRACTGESPREK,
        document=contract,
        intern_voor=wereld.zorggroep,
        tekst="Intern",
        acting_user=wereld.bewerker,
    )
    return wereld


def tekenen(wereld: Wereld, contract: Contract) -> Contract:
    """Offer the contract and let both parties' mandated signers sign it."""
    contract = Contract.objects.get(pk=contract.pk)
    services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=wereld.bewerker)
    for wie in (wereld.beheerder, wereld.zorginkoper):
        contract = Contract.objects.get(pk=contract.pk)
        services.contract_ondertekenen(contract=contract, gelezen_versie=contract.versie, acting_user=wie)
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.status == "getekend"
    return contract


def getekende_wereld(wereld: Wereld) -> Wereld:
    contract_wereld(wereld)
    wereld.contract = tekenen(wereld, wereld.contract)  # type: ignore[attr-defined]
    return wereld


def _ander_contract(wereld: Wereld) -> Contract:
    """A contract in the other region between the outsider's zorggroep and an insurer of that region."""
    from regio.models import Deelname
    from tests.personas import _deelname, _org

    verzekeraar = _org("Verzekeraar West", "zorgverzekeraar")
    _deelname(wereld.andere_regio, verzekeraar, Deelname.DeelnameRol.CONTRACTPARTIJ)
    regiobeeld = regiobeeld_met_uitdagingen(wereld, regio=wereld.andere_regio, jaar=2025)
    plan = plan_services.regioplan_aanmaken(
        regio=wereld.andere_regio,
        regiobeeld=regiobeeld,
        titel="Plan Anders",
        startjaar=STARTJAAR,
        eindjaar=EINDJAAR,
        acting_user=wereld.buitenstaander,
    )
    # Adopted directly: this world is about who sees the contract, not about how the plan was adopted.
    Regioplan.objects.filter(pk=plan.pk).update(
        status="vastgesteld", vastgesteld_op=dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    )
    plan.refresh_from_db()
    return services.contract_aanmaken(
        regio=wereld.andere_regio,
        regioplan=plan,
        zorgverzekeraar=verzekeraar,
        huisartsenorganisatie=wereld.andere_zorggroep,
        titel="Contract Anders",
        startjaar=STARTJAAR,
        eindjaar=EINDJAAR,
        acting_user=wereld.buitenstaander,
    )


def veel_regels_met_voorstellen(wereld: Wereld, contract: Contract, aantal: int) -> None:
    """`aantal` more lines written by the zorggroep (an amount in each year), each with an open proposal of insurer
    Zuid: for the contract page's query count (tests, bench/regelvoorstellen_bench.py). Bulk-made: no history."""
    from contracten.models import Afspraakbedrag, Regelvoorstel

    activiteit = contract.regioplan.activiteiten.first()
    regels = Contractafspraak.objects.bulk_create(
        Contractafspraak(
            contract=contract,
            titel=f"Afspraak {i}",
            activiteit=activiteit,
            segment="S2",
            aandeel_praktijk=Decimal("70"),
            aandeel_regio=Decimal("30"),
            volgorde=1000 + i,
            opgesteld_namens=wereld.zorggroep,
        )
        for i in range(aantal)
    )
    Afspraakbedrag.objects.bulk_create(
        Afspraakbedrag(afspraak=r, jaar=j, bedrag=Decimal("1000.00") + i)
        for i, r in enumerate(regels)
        for j in contract.jaren
    )
    Regelvoorstel.objects.bulk_create(
        Regelvoorstel(
            contract=contract,
            afspraak=r,
            namens=wereld.verzekeraar,
            ingediend_door=wereld.zorginkoper,
            toelichting="Iets minder, graag.",
            basisversie=contract.versie,
            wijziging={f"bedrag_{contract.startjaar}": f"{900 + i}.50"},
            basis={f"bedrag_{contract.startjaar}": f"{1000 + i}.00"},
        )
        for i, r in enumerate(regels)
    )
