"""Regioplan objects in the personas' world: a regiobeeld with challenges, a plan built from it, mandates.

The zorggroep's beheerder already holds a regioplan mandate (tests/personas.py); `mandaat_voor_verzekeraar`
gives the insurer's purchaser one too, so both contracting parties can approve.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from regio import pdfwerk
from regio import services as regio_services
from regio.models import Gebruiker, Mandaat, Onderwerp, Pdfopdracht, Regio
from regiobeeld import services as regiobeeld_services
from regiobeeld.models import Regiobeeld, Uitdaging
from regioplan import services, voorstellen
from regioplan.models import Activiteit, Meetpunt, Plandeel, Regioplan, Voorstel
from regioplan.pdf import RegioplanPdf
from tests.personas import START, Wereld

# Given out of order on purpose: the plan must follow `volgorde`, not the order they were written in.
UITDAGINGEN = (("Wachttijden GGZ", 3), ("Vergrijzing", 1), ("Tekort aan huisartsen", 2))
IN_VOLGORDE = ["Vergrijzing", "Tekort aan huisartsen", "Wachttijden GGZ"]
STARTJAAR, EINDJAAR = 2026, 2028


def regiobeeld_met_uitdagingen(wereld: Wereld, regio: Regio | None = None, jaar: int = 2026) -> Regiobeeld:
    regiobeeld = regiobeeld_services.regiobeeld_aanmaken(
        regio=regio or wereld.regio, jaar=jaar, acting_user=wereld.bewerker
    )
    for titel, volgorde in UITDAGINGEN:
        regiobeeld_services.uitdaging_opslaan(
            uitdaging=Uitdaging(regiobeeld=regiobeeld, titel=titel, volgorde=volgorde), acting_user=wereld.bewerker
        )
    return regiobeeld


def plan_maken(wereld: Wereld, regiobeeld: Regiobeeld | None = None, *, eindjaar: int = EINDJAAR) -> Regioplan:
    return services.regioplan_aanmaken(
        regio=wereld.regio,
        regiobeeld=regiobeeld or regiobeeld_met_uitdagingen(wereld),
        titel="Regioplan Eigen regio",
        startjaar=STARTJAAR,
        eindjaar=eindjaar,
        acting_user=wereld.bewerker,
    )


def mandaat_voor_verzekeraar(wereld: Wereld, **kwargs: Any) -> Mandaat:
    velden: dict[str, Any] = {"geldig_van": START, **kwargs}
    return regio_services.mandaat_verlenen(
        gebruiker=wereld.zorginkoper,
        organisatie=wereld.verzekeraar,
        regio=wereld.regio,
        onderwerp=Onderwerp.REGIOPLAN,
        acting_user=wereld.koepel,
        **velden,
    )


def actueel(plan: Regioplan) -> Regioplan:
    return Regioplan.objects.get(pk=plan.pk)


def activiteit_maken(
    wereld: Wereld, plan: Regioplan, door: Gebruiker | None = None, uitdagingen: Any = (), **velden: Any
) -> Activiteit:
    standaard: dict[str, Any] = {
        "titel": "Praktijkondersteuner ouderenzorg in elke praktijk",
        "verantwoordelijke": wereld.zorggroep,
        "start_jaar": STARTJAAR,
        "start_kwartaal": 1,
        "eind_jaar": STARTJAAR,
        "eind_kwartaal": 4,
        "begroting": Decimal("12500.00"),
    }
    return services.activiteit_opslaan(
        activiteit=Activiteit(regioplan=plan, **{**standaard, **velden}),
        uitdagingen=uitdagingen,
        gelezen_versie=None,
        acting_user=door or wereld.bewerker,
    )


def meetpunt_maken(wereld: Wereld, activiteit: Activiteit, door: Gebruiker | None = None, **velden: Any) -> Meetpunt:
    standaard: dict[str, Any] = {
        "omschrijving": "Praktijken met een POH ouderenzorg",
        "eenheid": "%",
        "nulmeting": Decimal("40.00"),
        "nulmeting_datum": dt.date(2026, 1, 1),
        "streefwaarde": Decimal("90.00"),
        "streefdatum": dt.date(2027, 12, 31),
        "eigenaar": wereld.zorggroep,
    }
    return services.meetpunt_opslaan(
        meetpunt=Meetpunt(activiteit=activiteit, **{**standaard, **velden}),
        gelezen_versie=None,
        acting_user=door or wereld.bewerker,
    )


def delen_schrijven(wereld: Wereld, plan: Regioplan, behalve: str = "") -> Regioplan:
    """Write every part that is still empty (but `behalve`), as before submitting (a plan with empty parts cannot be
    submitted)."""
    for deel in plan.delen.filter(tekst="").exclude(soort=behalve):
        services.plandeel_opslaan(
            deel=deel,
            gelezen_versie=deel.versie,
            tekst=f"{deel.get_soort_display()}: wat beide partijen hierover afspreken.",
            acting_user=wereld.bewerker,
        )
    return actueel(plan)


def indienen(wereld: Wereld, plan: Regioplan) -> Regioplan:
    plan = delen_schrijven(wereld, plan)
    return services.regioplan_indienen(regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.bewerker)


def vaststellen(wereld: Wereld, plan: Regioplan) -> Regioplan:
    """Submit the plan and let both contracting parties approve it (the insurer's mandate must exist)."""
    plan = indienen(wereld, plan)
    for wie in (wereld.beheerder, wereld.zorginkoper):
        plan = actueel(plan)
        services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=wie)
    return actueel(plan)


def plan_voor_de_reis(wereld: Wereld) -> Regioplan:
    """The plan of the browser journeys 3 (with the mouse and keyboard-only): three challenges, four activities
    with a measuring point each."""
    rb = regiobeeld_services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)
    for i, titel in enumerate(["Vergrijzing", "Tekort aan huisartsen", "Wachttijden GGZ"], start=1):
        regiobeeld_services.uitdaging_opslaan(
            uitdaging=Uitdaging(regiobeeld=rb, titel=titel, volgorde=i), acting_user=wereld.bewerker
        )
    plan = services.regioplan_aanmaken(
        regio=wereld.regio,
        regiobeeld=rb,
        titel="Regioplan Eigen regio 2026-2028",
        startjaar=2026,
        eindjaar=2028,
        acting_user=wereld.bewerker,
    )
    uitdagingen = list(plan.uitdagingen.all())
    for i, titel in enumerate(["POH ouderenzorg", "Regionale triage", "Gedeeld dossier", "Wijkteams"]):
        act = activiteit_maken(
            wereld,
            plan,
            titel=titel,
            uitdagingen=uitdagingen[i % 3 : i % 3 + 1],
            start_kwartaal=1 + i % 4,
            eind_jaar=2026 + i % 3,
        )
        meetpunt_maken(wereld, act, omschrijving=f"Meetpunt bij {titel}")
    # The journeys write the mission and vision themselves; the other parts are written.
    return delen_schrijven(wereld, plan, behalve="missie-visie")


def plan_voor_pdf(wereld: Wereld, activiteiten: int) -> Regioplan:
    """A plan with text, `activiteiten` activities with a measuring point each, and an insurer-only comment."""
    plan = plan_maken(wereld)
    deel = plan.delen.get(soort="missie-visie")
    services.plandeel_opslaan(
        deel=deel,
        gelezen_versie=deel.versie,
        tekst="Samen zorgen voor goede zorg dichtbij.",
        acting_user=wereld.bewerker,
    )
    for i in range(activiteiten):
        act = activiteit_maken(wereld, plan, titel=f"Activiteit nummer {i}", eind_jaar=2026 + i % 3)
        meetpunt_maken(wereld, act, omschrijving=f"Meetpunt {i}")
    services.reactie_plaatsen(
        regioplan=plan,
        tekst="Geheime notitie van de verzekeraar",
        intern_voor=wereld.verzekeraar,
        acting_user=wereld.zorginkoper,
    )
    return Regioplan.objects.get(pk=plan.pk)


def pdf_aanvragen(plan: Regioplan, wereld: Wereld) -> Pdfopdracht:
    """The reader asks for the plan's PDF, as the page does (queued when the transaction commits)."""
    with transaction.atomic():
        return pdfwerk.pdf_aanvragen(document=RegioplanPdf(plan), acting_user=wereld.lezer)


def voorstel_van_de_ander(wereld: Wereld, deel: Plandeel, tekst: str, aanvaarder: Gebruiker) -> Voorstel:
    """A proposal of `tekst` for `deel` by the contracting party other than `aanvaarder`'s (a submitted plan's text
    changes only through proposals), for `aanvaarder` to accept."""
    zorggroep = aanvaarder.pk in (wereld.bewerker.pk, wereld.beheerder.pk, wereld.oud_gemandateerde.pk)
    deel = Plandeel.objects.get(pk=deel.pk)
    return voorstellen.voorstel_indienen(
        doel=deel,
        voorgesteld={"tekst": tekst},
        gelezen_versie=deel.versie,
        toelichting="Na het indienen.",
        acting_user=wereld.zorginkoper if zorggroep else wereld.bewerker,
    )


def na_indienen_wijzigen(wereld: Wereld, deel: Plandeel, tekst: str, door: Gebruiker) -> Plandeel:
    """Change a submitted plan's part as the product allows it: the other party proposes, `door` accepts (accepting
    is the change: it withdraws approvals, and `door`'s own without a mail)."""
    voorstel = voorstel_van_de_ander(wereld, deel, tekst, door)
    voorstellen.voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=door)
    return Plandeel.objects.get(pk=deel.pk)
