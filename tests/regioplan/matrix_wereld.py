"""Regioplan objects for the permission matrix: in the own region a plan (and a second one to compare with),
with an activity, a measuring point, a comment and the insurer's internal note; and a plan of the other region."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from regio.models import Pdfopdracht, Regio
from regioplan import services
from regioplan.models import Regioplan
from regioplan.voorstellen import voorstel_indienen
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, meetpunt_maken


def _plan(wereld: Wereld, regio_attr: str, regiobeeld_attr: str, titel: str) -> Regioplan:
    return services.regioplan_aanmaken(
        regio=getattr(wereld, regio_attr),
        regiobeeld=getattr(wereld, regiobeeld_attr),
        titel=titel,
        startjaar=2026,
        eindjaar=2028,
        acting_user=wereld.koepel,
    )


def regioplan_wereld(wereld: Wereld) -> Wereld:
    """Needs tests.regiobeeld.werelden.regiobeeld_wereld first (the plans build on its regiobeelden)."""
    plan = _plan(wereld, "regio", "regiobeeld", "Regioplan Eigen")
    activiteit = activiteit_maken(wereld, plan)
    meetpunt_maken(wereld, activiteit)
    deel = plan.delen.get(soort="missie-visie")
    services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst="Eerste tekst", acting_user=wereld.bewerker)
    deel.refresh_from_db()
    wereld.plan_voorstel = voorstel_indienen(  # type: ignore[attr-defined]
        doel=deel,
        voorgesteld={"tekst": "Eerste tekst, scherper"},
        gelezen_versie=deel.versie,
        toelichting="Scherper.",
        acting_user=wereld.zorginkoper,
    )
    wereld.plan = plan  # type: ignore[attr-defined]
    wereld.plan_activiteit = activiteit  # type: ignore[attr-defined]
    wereld.plan_reactie = services.reactie_plaatsen(  # type: ignore[attr-defined]
        regioplan=plan, tekst="Een vraag", plandeel=deel, acting_user=wereld.lezer
    )
    wereld.interne_notitie = services.reactie_plaatsen(  # type: ignore[attr-defined]
        regioplan=plan, tekst="Intern", intern_voor=wereld.verzekeraar, acting_user=wereld.zorginkoper
    )
    wereld.tweede_plan = _plan(wereld, "regio", "regiobeeld", "Tweede plan")  # type: ignore[attr-defined]
    wereld.ander_plan = _plan(wereld, "andere_regio", "ander_regiobeeld", "Plan Anders")  # type: ignore[attr-defined]
    for soort, obj in (
        ("regioplan", plan),
        ("regioplan", wereld.ander_plan),  # type: ignore[attr-defined]
        ("regiobeeld", wereld.regiobeeld),  # type: ignore[attr-defined]
        ("regiobeeld", wereld.ander_regiobeeld),  # type: ignore[attr-defined]
    ):
        klare_pdf(soort, obj.pk, obj.regio, wereld)
    return wereld


def klare_pdf(soort: str, object_id: int, regio: Regio, wereld: Wereld) -> Pdfopdracht:
    """A finished PDF job with a small file, as the worker leaves it (rendering itself is tested elsewhere)."""
    naam = f"pdf/{secrets.token_urlsafe(24)}.pdf"
    pad = Path(settings.MEDIA_ROOT) / naam
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_bytes(b"%PDF-1.7 proef")
    return Pdfopdracht.objects.create(
        soort=soort,
        object_id=object_id,
        regio=regio,
        aangevraagd_door=wereld.koepel,
        status=Pdfopdracht.Status.KLAAR,
        bestand=naam,
        document_versie=1,
        aantal_paginas=1,
        klaar_op=timezone.now(),
    )
