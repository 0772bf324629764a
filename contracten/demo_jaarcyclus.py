"""Chapter 4 of the demo's contract story (contracten/demo.py), issue 17: the signed multi-year contract and its
yearly cycle. A two-year plan for care at a distance 2026-2027, adopted by both parties, and the contract that fixes
it, signed; a structural line marked indexed and a project line; the indexation of 2027 (3,1 %, the NZa index, as in
the one-year contract's second addendum) proposed by Anna and confirmed by Daan. Money against the plan shows a third
activity that no line funds.

Made once through the services, left as it is on every later run; nothing of it is mailed (the demo's addresses
reach nobody: the story's `demo_laden` keeps the messages it leaves back).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from contracten import jaarcyclus, regelvoorstellen, services
from contracten.demo import ANNA, BRAM, DAAN, REGIO_SLUG, VERZEKERAAR, ZORGGROEP, vastgesteld_plan
from contracten.models import Contract, Contractafspraak, Geldsoort
from regio.models import Gebruiker, Organisatie, Regio
from regioplan.demo import DemoActiviteit
from regioplan.models import Activiteit, Regioplan

PLANTITEL = "Tweejarenplan zorg op afstand Oostelijk Zuid-Limburg 2026\u20132027 (demo)"
TITEL = "Meerjarencontract zorg op afstand 2026\u20132027 (demo)"
STARTJAAR, EINDJAAR = 2026, 2027
INDEX_2027 = Decimal("3.1")

DELEN = {
    "missie-visie": "Zorg op afstand waar het kan, in de praktijk waar het moet: twee jaar om digitale triage en "
    "thuismonitoring in elke praktijk gewoon te maken.\n\n*(Demotekst.)*",
    "ict-visie": "Eén triagewijzer en één meetplatform voor de regio, gekoppeld aan het HIS.\n\n*(Demotekst.)*",
    "governance": "Een stuurgroep van zorggroep en verzekeraar bespreekt elk kwartaal de voortgang.\n\n*(Demotekst.)*",
    "randvoorwaarden": "Een projectleider en scholing voor de assistentes.\n\n*(Demotekst.)*",
}

P, V = Activiteit.Prioriteit, Activiteit.Voortgang
TRIAGE = DemoActiviteit(
    "Digitale triage in elke praktijk",
    "Elke praktijk werkt met de regionale triagewijzer; patiënten stellen hun vraag digitaal.",
    (),
    "Meer zorg op afstand",
    ZORGGROEP,
    (STARTJAAR, 1),
    (EINDJAAR, 4),
    P.HOOG,
    V.LOOPT,
    Decimal("300000.00"),
    (),
)
THUISMONITORING = DemoActiviteit(
    "Thuismonitoring COPD en hartfalen",
    "Patiënten meten thuis; de praktijkondersteuner ziet afwijkende waarden op het meetplatform.",
    (),
    "Meer zorg op afstand",
    ZORGGROEP,
    (STARTJAAR, 3),
    (EINDJAAR, 2),
    P.MIDDEN,
    V.GEPLAND,
    Decimal("120000.00"),
    (),
)
SCHOLING = DemoActiviteit(
    "Scholing assistentes in digitale triage",
    "Twee trainingsdagen per assistente, regionaal georganiseerd.",
    (),
    "Meer zorg op afstand",
    ZORGGROEP,
    (EINDJAAR, 1),
    (EINDJAAR, 4),
    P.MIDDEN,
    V.GEPLAND,
    Decimal("40000.00"),
    (),
)

# (activity, title, segment, kind of money, indexed, practice %, amount per year, conditions)
AFSPRAKEN: tuple[tuple[DemoActiviteit, str, str, str, bool, str, str, str], ...] = (
    (
        TRIAGE,
        "Digitale triage en e-consult",
        "S2",
        Geldsoort.STRUCTUREEL,
        True,
        "60",
        "150000.00",
        "Geïndexeerd met de NZa-index die de partijen per jaar bevestigen.",
    ),
    (
        THUISMONITORING,
        "Project thuismonitoring",
        "S3",
        Geldsoort.PROJECT,
        False,
        "0",
        "60000.00",
        "Projectgeld voor twee jaar; daarna beslissen de partijen of het structureel wordt.",
    ),
)


@transaction.atomic
def demo_laden() -> Contract | None:
    """Made once; None when the demo's mandates no longer hold (then the plan or the contract cannot be signed)."""
    ozl = Regio.objects.get(slug=REGIO_SLUG)
    bestaand = Contract.objects.filter(regio=ozl, titel=TITEL).first()
    if bestaand is not None:
        return bestaand
    gebruikers = {g.email: g for g in Gebruiker.objects.filter(email__in=[ANNA, BRAM, DAAN])}
    organisaties = {o.naam: o for o in Organisatie.objects.filter(naam__in=[ZORGGROEP, VERZEKERAAR])}
    anna, bram, daan = gebruikers[ANNA], gebruikers[BRAM], gebruikers[DAAN]
    plan = Regioplan.objects.filter(regio=ozl, titel=PLANTITEL).first() or vastgesteld_plan(
        ozl,
        gebruikers,
        organisaties,
        titel=PLANTITEL,
        jaren=(STARTJAAR, EINDJAAR),
        delen=DELEN,
        activiteiten=(TRIAGE, THUISMONITORING, SCHOLING),
    )
    if plan.status != "vastgesteld":
        return None
    activiteiten = {a.titel: a for a in plan.activiteiten.all()}
    contract = services.contract_aanmaken(
        regio=ozl,
        regioplan=plan,
        zorgverzekeraar=organisaties[VERZEKERAAR],
        huisartsenorganisatie=organisaties[ZORGGROEP],
        titel=TITEL,
        startjaar=STARTJAAR,
        eindjaar=EINDJAAR,
        toelichting="Het eerste meerjarige contract van de regio, op het tweejarenplan zorg op afstand. Per jaar "
        "bevestigen de partijen de indexatie (tab Jaren). (Demo: verzonnen bedragen.)",
        acting_user=anna,
    )
    for demo, titel, segment, geldsoort, geindexeerd, praktijk, bedrag, voorwaarden in AFSPRAKEN:
        activiteit = activiteiten[demo.titel]
        afspraak = services.afspraak_opslaan(
            afspraak=Contractafspraak(
                contract=contract,
                titel=titel,
                activiteit=activiteit,
                segment=segment,
                aandeel_praktijk=Decimal(praktijk),
                aandeel_regio=Decimal(100) - Decimal(praktijk),
                voorwaarden=voorwaarden,
                geldsoort=geldsoort,
                geindexeerd=geindexeerd,
            ),
            gelezen_versie=None,
            bedragen={jaar: Decimal(bedrag) for jaar in range(STARTJAAR, EINDJAAR + 1)},
            meetpunten=[],
            acting_user=anna,
        )
        regelvoorstellen.afspraak_akkoord_geven(afspraak=afspraak, gelezen_versie=afspraak.versie, acting_user=daan)
    contract = Contract.objects.get(pk=contract.pk)
    services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=anna)
    for wie in (bram, daan):
        contract = Contract.objects.get(pk=contract.pk)
        services.contract_ondertekenen(contract=contract, gelezen_versie=contract.versie, acting_user=wie)
    # The yearly cycle: Anna proposes the NZa index for 2027, Daan confirms it for the insurer.
    contract = Contract.objects.get(pk=contract.pk)
    jaarcyclus.jaar_voorstellen(
        contract=contract,
        jaar=EINDJAAR,
        indexatie_procent=INDEX_2027,
        jaarplan=None,
        toelichting="De NZa-index voor 2027. (Demo.)",
        gelezen_versie=None,
        acting_user=anna,
    )
    jaarcyclus.jaar_bevestigen(contract=contract, jaar=EINDJAAR, gelezen_versie=1, acting_user=daan)
    return contract
