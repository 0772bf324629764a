"""Addenda in the personas' world: the world's contract signed by both parties, and an addendum drafted on it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from contracten import addenda, addendumvoorstellen, jaarcyclus, services
from contracten.models import Addendum, Addendumregel, Addendumvoorstel, Contract, Contractstatus
from tests.personas import Wereld


def getekend(w: Wereld) -> Contract:
    """The world's contract offered and signed by both parties' mandated people (idempotent)."""
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    if contract.status == Contractstatus.CONCEPT:
        contract = services.contract_aanbieden(
            contract=contract, gelezen_versie=contract.versie, acting_user=w.bewerker
        )
    for wie in (w.beheerder, w.zorginkoper):
        contract = Contract.objects.get(pk=contract.pk)
        if (
            contract.status != Contractstatus.GETEKEND
            and not contract.ondertekeningen.filter(gebruiker=wie, versie=contract.versie, ingetrokken_op=None).exists()
        ):
            services.contract_ondertekenen(contract=contract, gelezen_versie=contract.versie, acting_user=wie)
    return Contract.objects.get(pk=contract.pk)


def opstellen(w: Wereld, wie: Any = None, **velden: Any) -> Addendum:
    """An addendum in negotiation on the signed contract (the one already open, if there is one)."""
    contract = getekend(w)
    open_ = Addendum.objects.filter(contract=contract, status="onderhandeling").first()
    if open_:
        return open_
    return addenda.addendum_opstellen(
        contract=contract,
        reden=velden.pop("reden", "Indexatie 2027 en een nieuwe S3-afspraak."),
        acting_user=wie or w.zorginkoper,
        **velden,
    )


def regel(w: Wereld, addendum: Addendum, bedragen: dict[int, Decimal], wie: Any = None, **velden: Any) -> Addendumregel:
    """Write one line of the addendum (a change of `afspraak`, or a new line)."""
    addendum = Addendum.objects.get(pk=addendum.pk)
    standaard: dict[str, Any] = {
        "segment": "S3",
        "aandeel_praktijk": Decimal("100"),
        "aandeel_regio": Decimal("0"),
    }
    nieuw = Addendumregel(addendum=addendum, **{**standaard, **velden})
    if nieuw.afspraak_id is None and "activiteit" not in velden:
        nieuw.activiteit = addendum.contract.regioplan.activiteiten.first()
    return addenda.addendumregel_opslaan(
        addendum=addendum,
        gelezen_versie=addendum.versie,
        regel=nieuw,
        bedragen=bedragen,
        acting_user=wie or w.bewerker,
    )


def tekenen(addendum: Addendum, wie: Any) -> Any:
    addendum = Addendum.objects.get(pk=addendum.pk)
    return addenda.addendum_ondertekenen(addendum=addendum, gelezen_versie=addendum.versie, acting_user=wie)


def voorstellen(w: Wereld, addendum: Addendum, waarden: dict[str, Any], wie: Any = None) -> Addendumvoorstel:
    """A proposal (by default of the insurer) on the addendum's first line: one is written when it has none."""
    addendum = Addendum.objects.get(pk=addendum.pk)
    eerste = addendum.regels.first() or regel(w, addendum, {2027: Decimal("1000.00")}, titel="Nieuwe S3-afspraak")
    return addendumvoorstellen.addendumvoorstel_doen(
        addendum=Addendum.objects.get(pk=addendum.pk),
        regel=eerste,
        waarden=waarden,
        toelichting="De kosten van 2027 liggen hoger.",
        acting_user=wie or w.zorginkoper,
    )


def index_afspreken(w: Wereld, contract: Contract, jaar: int, procent: Decimal) -> None:
    """The year's indexation proposed by the zorggroep's editor and confirmed by the insurer's mandated purchaser."""
    jaarcyclus.jaar_voorstellen(
        contract=contract,
        jaar=jaar,
        indexatie_procent=procent,
        jaarplan=None,
        toelichting="",
        gelezen_versie=None,
        acting_user=w.bewerker,
    )
    jaarcyclus.jaar_bevestigen(contract=contract, jaar=jaar, gelezen_versie=1, acting_user=w.zorginkoper)
