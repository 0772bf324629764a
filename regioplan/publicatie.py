"""Publishing an adopted plan: when both contracting parties decide so, each through a member with a valid
"regioplan" mandate, the plan gets a public read-only page (regioplan/views/openbaar.py) and is listed among the
published plans. Either party may withdraw the publication; both then decide again to publish again.

What the public page shows is the plan's own text, challenges, activities and measuring points: never comments,
internal notes, proposals, approvals or anything of a contract (amounts live in contracts only). Its PDF
(regioplan.pdf.OpenbaarRegioplanPdf) prints the same; it is asked for when the plan becomes public and made by the
worker like every PDF, so an anonymous visitor never makes the server render one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regio import audit, pdfwerk
from regio.models import Auditregel
from regio.selectors import contractpartijen
from regioplan.access import geen_mandaat, mandaat_om_goed_te_keuren
from regioplan.models import Publicatiebesluit, Regioplan, Status
from regioplan.pdf import OpenbaarRegioplanPdf
from regioplan.services import LEVENSLOOP, _vergrendeld

if TYPE_CHECKING:
    from regio.models import Gebruiker, Organisatie


def staande_besluiten(regioplan: Regioplan) -> list[Publicatiebesluit]:
    """The parties' standing decisions to publish, oldest first (one query)."""
    return list(
        regioplan.publicatiebesluiten.filter(ingetrokken_op__isnull=True)
        .select_related("organisatie", "gebruiker")
        .order_by("besloten_op", "pk")
    )


def _loggen(plan: Regioplan, acting_user: Gebruiker, organisatie: Organisatie, wat: str) -> None:
    LEVENSLOOP.loggen(plan, acting_user, wat, namens=organisatie)
    audit.vastleggen(
        soort=Auditregel.Soort.GOEDKEURING,
        wat=f"regioplan '{plan.titel}' (planversie {plan.volgnummer}): {wat}",
        gebruiker=acting_user,
        organisatie=organisatie,
        regio=plan.regio,
    )


@transaction.atomic
def publicatie_besluiten(*, regioplan: Regioplan, acting_user: Gebruiker) -> Publicatiebesluit:
    """Decide for the person's party to publish the adopted plan; the last party's decision publishes it."""
    plan = _vergrendeld(regioplan)
    if plan.status != Status.VASTGESTELD:
        raise ValidationError(_("Alleen het vastgestelde plan kan openbaar worden gemaakt."))
    mandaat = mandaat_om_goed_te_keuren(plan, acting_user)
    if mandaat is None:
        raise geen_mandaat()
    if plan.publicatiebesluiten.filter(organisatie=mandaat.organisatie, ingetrokken_op__isnull=True).exists():
        raise ValidationError(
            _("%(org)s heeft al besloten dit plan openbaar te maken.") % {"org": mandaat.organisatie.naam}
        )
    besluit = Publicatiebesluit(regioplan=plan, organisatie=mandaat.organisatie, gebruiker=acting_user)
    besluit.full_clean()
    besluit.save()
    _loggen(plan, acting_user, mandaat.organisatie, "besloten tot openbaarmaking")
    besloten = {b.organisatie_id for b in staande_besluiten(plan)}
    partijen = {p.pk for p in contractpartijen(plan.regio)}
    if partijen and partijen <= besloten and plan.gepubliceerd_op is None:
        plan.gepubliceerd_op = timezone.now()
        plan.save(update_fields=["gepubliceerd_op"])
        _loggen(plan, acting_user, mandaat.organisatie, "openbaar gemaakt: alle contractpartijen besloten")
        pdfwerk.pdf_aanvragen(document=OpenbaarRegioplanPdf(plan), acting_user=acting_user)
    return besluit


def openbare_pdf(plan: Regioplan) -> Path | None:
    """The stored public PDF of a published plan, or None while the worker makes it. A plan published before
    public PDFs existed has none asked for: it is asked for once now, in the name of the party that published last.
    """
    opdracht = pdfwerk.opdracht_van(OpenbaarRegioplanPdf.soort, plan.pk)
    if opdracht is not None:
        return pdfwerk.pdf_bestand(opdracht)
    besluiten = staande_besluiten(plan)
    if besluiten:
        pdfwerk.pdf_aanvragen(document=OpenbaarRegioplanPdf(plan), acting_user=besluiten[-1].gebruiker)
    return None


@transaction.atomic
def publicatie_intrekken(*, regioplan: Regioplan, acting_user: Gebruiker) -> None:
    """Either party withdraws the publication (or its decision before the other's): every standing decision ends
    and the public page is gone."""
    plan = _vergrendeld(regioplan)
    mandaat = mandaat_om_goed_te_keuren(plan, acting_user)
    if mandaat is None:
        raise geen_mandaat()
    nu = timezone.now()
    if not plan.publicatiebesluiten.filter(ingetrokken_op__isnull=True).update(
        ingetrokken_op=nu, ingetrokken_door=acting_user
    ):
        raise ValidationError(_("Er is geen besluit tot openbaarmaking om in te trekken."))
    plan.gepubliceerd_op = None
    plan.save(update_fields=["gepubliceerd_op"])
    _loggen(plan, acting_user, mandaat.organisatie, "openbaarmaking ingetrokken")
