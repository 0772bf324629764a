"""The demo's contracts in Oostelijk Zuid-Limburg: one story, told in order by `demo_laden` (the contracten step of
settings.REGIO_DEMO_STAPPEN, after the regiobeeld and the regioplan):

1. The one-year plan 2026 is adopted and the one-year contract 2026 that fixes it is negotiated (a line
   counter-proposed, every line agreed by both) and signed: an S3 package the practices opt into, a funding split
   model, reporting dates with results on track, behind and overdue, a discussed line (`jaarcontract_laden`, here).
2. Its monitoring runs itself: the insurer imports the e-consult result of the third quarter and the zorggroep
   confirms it; the insurer disputes the zorggroep's figure for the elderly care (contracten/demo_monitoring.py).
3. The multi-year contract on the regioplan 2026-2029 starts a year later than planned, so the one-year contract gets
   addenda: one signed (a year longer, with a new S3 line), one in negotiation (that year indexed by the NZa index of
   3,1 %, signed so far by the zorggroep; the insurer counters with 2,8 % and a comment) (`_addenda_laden`, here).
4. Meanwhile the parties signed their first multi-year contract, on the two-year plan for care at a distance
   2026-2027, and confirmed its yearly cycle: 2027 indexed by the same NZa index (contracten/demo_jaarcyclus.py).

The regioplan 2026-2029 itself still waits for the insurer's approval; once Daan adopts it, the parties can start
the multi-year contract from it (the journey a visitor can play). Everything is made through the services, except
the reporting dates that lie in the past: the services refuse to set those, the demo needs them. Each chapter is made
once and left as it is on every later run; nothing of the story is mailed (the demo's addresses reach nobody).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from contracten import deelname, regelvoorstellen, resultaten, services, verdeelmodel
from contracten.gesprek import CONTRACTGESPREK
from contracten.models import Contract, Contractafspraak, Pakket, Praktijkdeelname, Rapportagemoment
from contracten.models import Reactie as Contractreactie
from regio import berichten
from regio.gesprekken import diensten as gesprekdiensten
from regio.models import Gebruiker, Organisatie, Regio
from regiobeeld.models import Regiobeeld
from regioplan import services as plan_services
from regioplan.demo import DemoActiviteit, DemoMeetpunt, _activiteit_aanmaken
from regioplan.models import Activiteit, Doel, Meetpunt, Regioplan

REGIO_SLUG = "oostelijk-zuid-limburg"
PLANTITEL = "Jaarplan huisartsenzorg Oostelijk Zuid-Limburg 2026 (demo)"
# The one-year plan's parts: short, as the multi-year plan of the regioplan demo says the rest.
JAARPLAN_DELEN = {
    "missie-visie": "Het jaarplan 2026 werkt de eerste stappen uit: opvolging, ouderenzorg en zorg op afstand. "
    "Het meerjarenplan 2026\u20132029 bouwt hierop voort.\n\n*(Demotekst.)*",
    "ict-visie": "Zoals in het meerjarenplan: eerst het gedeelde dossier voor de ouderenzorg.\n\n*(Demotekst.)*",
    "governance": "De praktijkhouders bespreken het jaarplan in de ledenvergadering van maart.\n\n*(Demotekst.)*",
    "randvoorwaarden": "Twee POH's ouderenzorg en een projectleider zorg op afstand.\n\n*(Demotekst.)*",
}
TITEL = "Jaarcontract huisartsenzorg Oostelijk Zuid-Limburg 2026 (demo)"
JAAR = 2026

ANNA = "anna@zorggroep-mijnstreek.test"
BRAM = "bram@zorggroep-mijnstreek.test"
DAAN = "daan@zorgverzekeraar-zuid.test"
HANS = "hans@praktijk-delinde.test"
ZORGGROEP = "Zorggroep Mijnstreek (demo)"
VERZEKERAAR = "Zorgverzekeraar Zuid (demo)"
ZIEKENHUIS = "Ziekenhuis Parkstad (demo)"
WIJKTEAM = "Wijkteam Heerlen (demo)"
DE_LINDE = "Huisartsenpraktijk De Linde (demo)"
KLOOSTERWEG = "Huisartsenpraktijk Kloosterweg (demo)"

P, V, F = Activiteit.Prioriteit, Activiteit.Voortgang, Meetpunt.Frequentie

OPVOLGING = DemoActiviteit(
    "Opvolgingsplan per praktijk",
    "Met elke praktijkhouder van 60 jaar of ouder een gesprek over opvolging.",
    (),
    "Andere organisatie huisartsenzorg",
    ZORGGROEP,
    (JAAR, 1),
    (JAAR, 2),
    P.HOOG,
    V.AFGEROND,
    Decimal("35000.00"),
    (
        DemoMeetpunt(
            "Praktijkhouders van 60+ met een besproken opvolgingsplan",
            "%",
            Decimal("20"),
            dt.date(2026, 1, 15),
            Decimal("100"),
            dt.date(2026, 6, 30),
            "Uitvraag zorggroep onder praktijkhouders",
            F.EENMALIG,
            ZORGGROEP,
        ),
    ),
)
OUDERENZORG = DemoActiviteit(
    "Praktijkondersteuner ouderenzorg in elke praktijk",
    "Elke praktijk brengt haar kwetsbare ouderen in beeld; kleine praktijken huren de praktijkondersteuner in via "
    "de zorggroep.",
    (),
    "Meer persoonsgerichte zorg",
    ZORGGROEP,
    (JAAR, 1),
    (JAAR, 4),
    P.HOOG,
    V.LOOPT,
    Decimal("480000.00"),
    (
        DemoMeetpunt(
            "Praktijken met een praktijkondersteuner ouderenzorg",
            "%",
            Decimal("55"),
            dt.date(2025, 12, 31),
            Decimal("100"),
            dt.date(2026, 12, 31),
            "Praktijkregistratie zorggroep",
            F.KWARTAAL,
            ZORGGROEP,
        ),
    ),
)
E_CONSULT = DemoActiviteit(
    "Digitale triage en e-consult",
    "Patiënten stellen hun vraag digitaal; de assistente beoordeelt met een triagewijzer wie een afspraak nodig heeft.",
    (),
    "Meer zorg op afstand",
    ZORGGROEP,
    (JAAR, 2),
    (JAAR, 4),
    P.MIDDEN,
    V.LOOPT,
    Decimal("150000.00"),
    (
        DemoMeetpunt(
            "Contacten via e-consult als deel van alle contacten",
            "%",
            Decimal("8"),
            dt.date(2026, 3, 31),
            Decimal("20"),
            dt.date(2026, 12, 31),
            "Declaratiedata zorggroep",
            F.KWARTAAL,
            ZORGGROEP,
        ),
    ),
)

# (activity or None, goal name or None, title, segment, in the S3 package, practice %, amount, conditions)
AFSPRAKEN: tuple[tuple[DemoActiviteit | None, str | None, str, str, bool, str, str, str], ...] = (
    (
        OPVOLGING,
        None,
        "Opvolging en praktijkoverdracht",
        "S2",
        False,
        "0",
        "35000.00",
        "De zorggroep voert de gesprekken en rapporteert het aandeel besproken opvolgingsplannen.",
    ),
    (
        OUDERENZORG,
        None,
        "Praktijkondersteuner ouderenzorg",
        "S2",
        False,
        "70",
        "480000.00",
        "De praktijken zijn onderaannemer van de zorggroep. Rapportage per kwartaal over het aandeel praktijken met "
        "een praktijkondersteuner ouderenzorg.",
    ),
    (
        E_CONSULT,
        None,
        "Digitale triage en e-consult",
        "S3",
        True,
        "60",
        "150000.00",
        "Alleen voor praktijken die meedoen aan het S3-pakket; zij kiezen elk één doel uit het inkoopbeleid.",
    ),
    (
        None,
        "Meer persoonsgerichte zorg",
        "Module kwetsbare ouderen (per ingeschreven 75-plusser)",
        "S1",
        False,
        "100",
        "210000.00",
        "Per praktijk gecontracteerd; het geld gaat geheel naar de praktijk.",
    ),
)

# (name, organisation, current income, hours in the new care pathway): wijkgerichte ouderenzorg as one budget.
# The negotiated line: Anna wrote 520.000, Daan proposed 450.000, Anna counter-proposed 480.000 (the amount in
# AFSPRAKEN) and Daan accepted. The other lines Daan agreed to as Anna wrote them.
ONDERHANDELD = "Praktijkondersteuner ouderenzorg"
EERSTE_BEDRAG, VOORSTEL_DAAN = "520000.00", "450000.00"

AANBIEDERS = (
    ("Zorggroep Mijnstreek", ZORGGROEP, "300000.00", "5400"),
    ("Wijkteam Heerlen", WIJKTEAM, "180000.00", "3900"),
    ("Ziekenhuis Parkstad, geriatrie", ZIEKENHUIS, "120000.00", "1700"),
)

# (activity, due date, result at the peildatum or None when the report is overdue)
RAPPORTAGES: tuple[tuple[DemoActiviteit, dt.date, dt.date, str | None], ...] = (
    (OPVOLGING, dt.date(2026, 7, 15), dt.date(2026, 6, 30), "100"),
    (OUDERENZORG, dt.date(2026, 4, 30), dt.date(2026, 3, 31), "66"),
    (OUDERENZORG, dt.date(2026, 7, 31), dt.date(2026, 6, 30), "78"),
    (OUDERENZORG, dt.date(2026, 10, 31), dt.date(2026, 9, 30), "86"),
    (E_CONSULT, dt.date(2026, 7, 31), dt.date(2026, 6, 30), "9"),
    (E_CONSULT, dt.date(2026, 10, 31), dt.date(2026, 9, 30), None),
)


def vastgesteld_plan(
    ozl: Regio,
    gebruikers: dict[str, Gebruiker],
    organisaties: dict[str, Organisatie],
    *,
    titel: str,
    jaren: tuple[int, int],
    delen: dict[str, str],
    activiteiten: tuple[DemoActiviteit, ...],
) -> Regioplan:
    """A plan for the contract demos, written by Anna (every part: a plan with an empty part cannot be submitted)
    and adopted by Bram and Daan."""
    regiobeeld = Regiobeeld.objects.filter(regio=ozl).order_by("-jaar").first()
    if regiobeeld is None:
        raise RuntimeError("The contract demo needs the demo regiobeeld: run regiobeeld.demo.demo_laden first.")
    anna = gebruikers[ANNA]
    plan = plan_services.regioplan_aanmaken(
        regio=ozl, regiobeeld=regiobeeld, titel=titel, startjaar=jaren[0], eindjaar=jaren[1], acting_user=anna
    )
    for deel in plan.delen.all():
        plan_services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst=delen[deel.soort], acting_user=anna)
    doelen = {d.naam: d for d in Doel.objects.filter(actief=True)}
    for demo in activiteiten:
        _activiteit_aanmaken(
            plan, demo, organisaties=organisaties, uitdagingen={}, doelen=doelen, gebruikers=gebruikers
        )
    plan.refresh_from_db()
    plan_services.regioplan_indienen(regioplan=plan, gelezen_versie=plan.versie, acting_user=anna)
    for wie in (BRAM, DAAN):
        plan.refresh_from_db()
        plan_services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=gebruikers[wie])
    plan.refresh_from_db()
    return plan


def _vastgesteld_jaarplan(
    ozl: Regio, gebruikers: dict[str, Gebruiker], organisaties: dict[str, Organisatie]
) -> Regioplan:
    return vastgesteld_plan(
        ozl,
        gebruikers,
        organisaties,
        titel=PLANTITEL,
        jaren=(JAAR, JAAR),
        delen=JAARPLAN_DELEN,
        activiteiten=(OPVOLGING, OUDERENZORG, E_CONSULT),
    )


@transaction.atomic
def _onderhandelen(contract: Contract, anna: Gebruiker, daan: Gebruiker) -> None:
    """Daan proposes less for the POH line, Anna counters, Daan accepts; Daan agrees to the other lines."""
    regel = contract.afspraken.get(titel=ONDERHANDELD)
    voorstel = regelvoorstellen.regelvoorstel_doen(
        contract=contract,
        afspraak=regel,
        waarden={f"bedrag_{JAAR}": VOORSTEL_DAAN},
        toelichting="Ons budget voor ouderenzorg in 2026 is krapper dan vorig jaar; 450.000 past daarin.",
        acting_user=daan,
    )
    tegen = regelvoorstellen.regelvoorstel_tegenvoorstellen(
        voorstel=voorstel,
        waarden={f"bedrag_{JAAR}": next(a[6] for a in AFSPRAKEN if a[2] == ONDERHANDELD)},
        toelichting="Met 480.000 kan elke deelnemende praktijk een POH ouderenzorg voor acht uur per week inzetten; "
        "met 450.000 vallen twee praktijken af.",
        acting_user=anna,
    )
    regelvoorstellen.regelvoorstel_beslissen(
        voorstel=tegen, aanvaard=True, toelichting="Akkoord, met de kwartaalrapportage.", acting_user=daan
    )
    for afspraak in Contractafspraak.objects.filter(contract=contract).exclude(titel=ONDERHANDELD):
        regelvoorstellen.afspraak_akkoord_geven(afspraak=afspraak, gelezen_versie=afspraak.versie, acting_user=daan)


def demo_laden() -> Contract | None:
    """The story, chapter by chapter (see above); returns the one-year contract. Needs the mandates of regio's demo
    to be valid today; when they have run out (after 2029), the demo has no contract rather than an unsigned one."""
    from contracten import demo_jaarcyclus, demo_monitoring  # chapters that build on this module's names

    begin = timezone.now()
    contract = jaarcontract_laden()
    if contract is not None:
        demo_monitoring.demo_laden(contract)
        _addenda_laden(contract)
    demo_jaarcyclus.demo_laden()
    # What the chapters had to tell (the plan's submission, the offers for signing, ...) reaches nobody.
    berichten.stil_houden(regio=Regio.objects.get(slug=REGIO_SLUG), sinds=begin)
    return contract


def jaarcontract_laden() -> Contract | None:
    """Chapter 1: the signed one-year contract 2026, made once."""
    ozl = Regio.objects.get(slug=REGIO_SLUG)
    bestaand = Contract.objects.filter(regio=ozl, titel=TITEL).first()
    if bestaand is not None:
        return bestaand
    gebruikers = {g.email: g for g in Gebruiker.objects.filter(email__in=[ANNA, BRAM, DAAN, HANS])}
    organisaties = {
        o.naam: o
        for o in Organisatie.objects.filter(
            naam__in=[ZORGGROEP, VERZEKERAAR, ZIEKENHUIS, WIJKTEAM, DE_LINDE, KLOOSTERWEG]
        )
    }
    anna, bram, daan = gebruikers[ANNA], gebruikers[BRAM], gebruikers[DAAN]
    plan = Regioplan.objects.filter(regio=ozl, titel=PLANTITEL).first() or _vastgesteld_jaarplan(
        ozl, gebruikers, organisaties
    )
    if plan.status != "vastgesteld":
        return None
    activiteiten = {a.titel: a for a in plan.activiteiten.prefetch_related("meetpunten")}

    contract = services.contract_aanmaken(
        regio=ozl,
        regioplan=plan,
        zorgverzekeraar=organisaties[VERZEKERAAR],
        huisartsenorganisatie=organisaties[ZORGGROEP],
        titel=TITEL,
        startjaar=JAAR,
        eindjaar=JAAR,
        toelichting="Het eerste contract op basis van het regioplan: één jaar, als opmaat naar een meerjarig "
        "contract 2027\u20132030. (Demo: verzonnen bedragen.)",
        acting_user=anna,
    )
    pakket = services.pakket_opslaan(
        pakket=Pakket(
            contract=contract,
            naam="Regionaal S3-pakket zorgvernieuwing 2026",
            segment="S3",
            omschrijving="Innovatieprojecten waarvoor praktijken zich vrijwillig aanmelden; "
            "elke praktijk kiest een doel.",
            doel_kiezen=True,
        ),
        acting_user=anna,
    )
    doelen = {d.naam: d for d in Doel.objects.filter(actief=True)}
    for demo, doel, titel, segment, in_pakket, praktijk, bedrag, voorwaarden in AFSPRAKEN:
        activiteit = activiteiten.get(demo.titel) if demo else None
        services.afspraak_opslaan(
            afspraak=Contractafspraak(
                contract=contract,
                titel=titel,
                activiteit=activiteit,
                doel=doelen.get(doel) if doel else None,
                segment=segment,
                pakket=pakket if in_pakket else None,
                aandeel_praktijk=Decimal(praktijk),
                aandeel_regio=Decimal(100) - Decimal(praktijk),
                voorwaarden=voorwaarden,
            ),
            gelezen_versie=None,
            bedragen={JAAR: Decimal(EERSTE_BEDRAG if titel == ONDERHANDELD else bedrag)},
            meetpunten=list(activiteit.meetpunten.all()) if activiteit else [],
            acting_user=anna,
        )
    _onderhandelen(Contract.objects.get(pk=contract.pk), anna, daan)
    verdeelmodel.verdeelmodel_opslaan(
        contract=Contract.objects.get(pk=contract.pk),
        gelezen_versie=None,
        velden={
            "budget": Decimal("600000.00"),
            "grondslag": "uren",
            "drempel_procent": Decimal("5"),
            "vangnet_procent": Decimal("10"),
            "toelichting": "Wijkgerichte ouderenzorg als één budget voor zorggroep, wijkteam en geriatrie; "
            "verdeeld naar de uren in het nieuwe zorgpad. (Demo.)",
        },
        aanbieders=[
            verdeelmodel.Aanbiederinvoer(naam=n, huidig=Decimal(h), grondslag=Decimal(g), organisatie=organisaties[o])
            for n, o, h, g in AANBIEDERS
        ],
        acting_user=anna,
    )

    contract = Contract.objects.get(pk=contract.pk)
    services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=anna)
    for wie in (bram, daan):
        contract = Contract.objects.get(pk=contract.pk)
        services.contract_ondertekenen(contract=contract, gelezen_versie=contract.versie, acting_user=wie)

    deelname.praktijken_uitnodigen(
        contract=contract,
        pakket=pakket,
        praktijken=[organisaties[DE_LINDE], organisaties[KLOOSTERWEG]],
        acting_user=anna,
    )
    # The demo's history: the invitations went out in January.
    Praktijkdeelname.objects.filter(contract=contract).update(
        uitgenodigd_op=dt.datetime(JAAR, 1, 12, 9, 0, tzinfo=dt.UTC)
    )
    linde = Praktijkdeelname.objects.get(contract=contract, pakket=pakket, praktijk=organisaties[DE_LINDE])
    if HANS in gebruikers:
        deelname.deelname_besluiten(
            deelname=linde,
            besluit=Praktijkdeelname.Besluit.DOET_MEE,
            besloten_op=dt.date(JAAR, 1, 20),
            doel=doelen.get("Meer zorg op afstand"),
            toelichting="Wij doen mee met digitale triage en e-consult.",
            acting_user=gebruikers[HANS],
        )

    for demo, uiterlijk, peildatum, waarde in RAPPORTAGES:
        meetpunt = activiteiten[demo.titel].meetpunten.get()
        # A date in the past: set at the start of the year (the service only accepts dates still to come).
        # Signing made the dates from today on from the points' frequencies (contracten/rapportagemomenten.py).
        moment, _nieuw = Rapportagemoment.objects.get_or_create(
            contract=contract, meetpunt=meetpunt, uiterlijk=uiterlijk, defaults={"eigenaar": anna}
        )
        if waarde is not None and peildatum <= timezone.localdate():
            resultaten.resultaat_vastleggen(
                contract=contract,
                meetpunt=meetpunt,
                peildatum=peildatum,
                waarde=Decimal(waarde),
                rapportagemoment=moment,
                acting_user=anna,
            )
    # The parties discuss a line in Regio itself, with a mention the thread shows (issue 16).
    if (regel := contract.afspraken.order_by("pk").first()) is not None:
        _vraag_en_antwoord(
            contract,
            regel,
            (
                daan,
                f"@{anna.get_full_name()}, is dit bedrag gebaseerd op het aantal ingeschreven 75-plussers? "
                "Dan kan ik het zo voorleggen.",
            ),
            (anna, "Ja, op de inschrijvingen per 1 januari; de toelichting staat bij het verdeelmodel."),
        )
    # The demo's addresses (.test) reach nobody: nothing of it is mailed, now or by the beat later.
    nu = timezone.now()
    Contractreactie.objects.filter(contract=contract).update(gemaild_op=nu)
    open_ = Rapportagemoment.objects.filter(contract=contract, resultaten__isnull=True)
    open_.filter(uiterlijk__lt=timezone.localdate()).update(aangemaand_op=nu)
    open_.update(herinnerd_op=nu)
    Praktijkdeelname.objects.filter(contract=contract).update(gemaild_op=nu)
    return Contract.objects.select_related("regio").get(pk=contract.pk)  # as signed (the services signed a copy)


ADDENDUM_NIEUW = "Valpreventie thuiswonende ouderen (S3)"


def _addenda_laden(contract: Contract) -> None:
    """Chapter 3, the signed contract's addenda (contracten/addenda.py): one signed (the term one year longer, with
        the POH line's amount in that year and a new S3 line), one in negotiation (that year's POH amount indexed by
        3,1 %, signed so far by the zorggroep only; the insurer proposes 2,8 % on its line and says why in a comment,
    the zorggroep answers). Made once: left alone when the contract has addenda already."""
    from contracten import addenda, addendumvoorstellen
    from contracten.models import Addendum, Addendumregel
    from contracten.regelvoorstellen import bedragsleutel
    from regio.getallen import afronden

    contract = Contract.objects.select_related("regio", "regioplan").get(pk=contract.pk)
    if contract.status != "getekend" or Addendum.objects.filter(contract=contract).exists():
        return
    gebruikers = {g.email: g for g in Gebruiker.objects.filter(email__in=[ANNA, BRAM, DAAN])}
    anna, bram, daan = gebruikers[ANNA], gebruikers[BRAM], gebruikers[DAAN]
    volgend = contract.eindjaar + 1
    poh = contract.afspraken.get(titel=ONDERHANDELD)
    poh_bedragen = {b.jaar: b.bedrag for b in poh.bedragen.all()}
    poh_bedrag = poh_bedragen[max(poh_bedragen)]

    def regel_schrijven(addendum: Addendum, regel: Addendumregel, bedragen: dict[int, Decimal], wie: Gebruiker) -> None:
        addendum.refresh_from_db()
        addenda.addendumregel_opslaan(
            addendum=addendum, gelezen_versie=addendum.versie, regel=regel, bedragen=bedragen, acting_user=wie
        )

    def poh_regel(addendum: Addendum) -> Addendumregel:
        return Addendumregel(
            addendum=addendum,
            afspraak=poh,
            titel=poh.titel,
            segment=poh.segment,
            aandeel_praktijk=poh.aandeel_praktijk,
            aandeel_regio=poh.aandeel_regio,
            voorwaarden=poh.voorwaarden,
            geldsoort=poh.geldsoort,
            geindexeerd=poh.geindexeerd,
        )

    with transaction.atomic():
        eerste = addenda.addendum_opstellen(
            contract=contract,
            reden="Het meerjarige contract op het regioplan start een jaar later dan gedacht: dit contract loopt "
            f"door tot en met {volgend}, met de POH ouderenzorg voor hetzelfde bedrag en een nieuw S3-project "
            "valpreventie. (Demo.)",
            eindjaar=volgend,
            acting_user=daan,
        )
        regel_schrijven(eerste, poh_regel(eerste), {**poh_bedragen, volgend: poh_bedrag}, daan)
        activiteit = poh.activiteit or contract.regioplan.activiteiten.order_by("volgorde", "pk").first()
        nieuw = Addendumregel(
            addendum=eerste,
            titel=ADDENDUM_NIEUW,
            activiteit=activiteit,
            segment="S3",
            aandeel_praktijk=Decimal("60"),
            aandeel_regio=Decimal("40"),
            voorwaarden="Elke deelnemende praktijk screent haar 75-plussers op valrisico en verwijst door.",
        )
        regel_schrijven(eerste, nieuw, {volgend: Decimal("48500.00")}, anna)
        for wie in (bram, daan):
            eerste.refresh_from_db()
            addenda.addendum_ondertekenen(addendum=eerste, gelezen_versie=eerste.versie, acting_user=wie)

        tweede = addenda.addendum_opstellen(
            contract=contract,
            reden=f"Indexatie {volgend} van de POH ouderenzorg met het NZa-indexcijfer van 3,1 %. (Demo.)",
            acting_user=anna,
        )
        geindexeerd = afronden(poh_bedrag * Decimal("1.031"), 2)
        regel_schrijven(tweede, poh_regel(tweede), {**poh_bedragen, volgend: geindexeerd}, anna)
        tweede.refresh_from_db()
        addenda.addendum_ondertekenen(addendum=tweede, gelezen_versie=tweede.versie, acting_user=bram)
        # The insurer does not sign yet: it proposes the definitive index on the line and says why.
        addendumvoorstellen.addendumvoorstel_doen(
            addendum=tweede,
            regel=tweede.regels.get(),
            waarden={bedragsleutel(volgend): str(afronden(poh_bedrag * Decimal("1.028"), 2))},
            toelichting="Het definitieve NZa-indexcijfer is 2,8 %, niet de voorlopige 3,1 %. (Demo.)",
            acting_user=daan,
        )
        _vraag_en_antwoord(
            contract,
            tweede,
            (
                daan,
                f"@{anna.get_full_name()}, wij rekenen met het definitieve indexcijfer van 2,8 %; ons voorstel "
                "staat bij de afspraak. Kunt u daarmee akkoord gaan?",
            ),
            (anna, "Wij bekijken het; de loonkosten van de POH stijgen volgens de cao met 3,1 %."),
        )
    # The demo's addresses (.test) reach nobody: the comments are not mailed, now or by the beat later.
    Contractreactie.objects.filter(contract=contract, gemaild_op__isnull=True).update(gemaild_op=timezone.now())


def _vraag_en_antwoord(contract: Contract, onderwerp: Any, vraag: tuple[Any, str], antwoord: tuple[Any, str]) -> None:
    """A question on `onderwerp` (a line or an addendum) in the contract's conversation, and the reply to it."""
    eerste = gesprekdiensten.reactie_plaatsen(
        gesprek=CONTRACTGESPREK, document=contract, onderwerp=onderwerp, tekst=vraag[1], acting_user=vraag[0]
    )
    gesprekdiensten.reactie_plaatsen(
        gesprek=CONTRACTGESPREK, document=contract, antwoord_op=eerste, tekst=antwoord[1], acting_user=antwoord[0]
    )
