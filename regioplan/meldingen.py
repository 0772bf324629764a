"""E-mails about a plan: who gets told of an approval that a change withdrew, and of a plan submitted for adoption
(through the outbox, regio/berichten.py); comments: regio/gesprekken.

Run by the worker. Each function re-checks who may read what at the moment of sending, marks the row as
sent in the same transaction, and skips rows already marked, so running it twice sends nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regio import berichten, goedkeuring, voorstellen
from regio.access import bewerkers_van, partijen_van
from regio.models import Gebruiker
from regio.selectors import contractpartijen
from regioplan.access import wie_mag_goedkeuren
from regioplan.models import Goedkeuring, Regioplan, Voorstel


def _plan_pad(plan: Regioplan, anker: str = "") -> str:
    return reverse("regioplan:detail", args=[plan.regio.slug, plan.pk]) + anker


def _plan_url(plan: Regioplan, anker: str = "") -> str:
    return f"{settings.REGIO_BASIS_URL}{_plan_pad(plan, anker)}"


def indiening_melden(plan: Regioplan, acting_user: Gebruiker) -> None:
    """Inside the submission's transaction: tell the editors of the other contracting parties and everyone who may
    approve the plan (of any contracting party) that it waits for adoption; not the person who submitted it."""
    eigen = {p.pk for p in partijen_van(acting_user, plan.regio)}
    anderen = [p for p in contractpartijen(plan.regio) if p.pk not in eigen]
    ontvangers = [g for g in [*bewerkers_van(anderen), *wie_mag_goedkeuren(plan)] if g.pk != acting_user.pk]
    with translation.override(settings.LANGUAGE_CODE):
        onderwerp = _("[Regio] %(plan)s is ingediend ter vaststelling") % {"plan": plan.titel}
        tekst = _(
            "%(wie)s diende %(plan)s (regio %(regio)s) in ter vaststelling. Lees het plan; wie een mandaat heeft "
            "voor het regioplan kan het namens de eigen partij goedkeuren."
        ) % {"wie": acting_user.get_full_name(), "plan": plan.titel, "regio": plan.regio.naam}
    berichten.klaarzetten(
        ontvangers=ontvangers,
        soort=berichten.Berichtsoort.PLAN_INGEDIEND,
        onderwerp=onderwerp,
        tekst=tekst,
        link=_plan_pad(plan, "#vaststelling"),
        regio=plan.regio,
    )


def voorstel_melden(voorstel: Voorstel, onderwerp_van_voorstel: str) -> None:
    """Inside the proposal's transaction: tell the editors of the other contracting parties (who decide it) that a
    proposal waits for their party's decision; not the proposer's own party."""
    plan = voorstel.regioplan
    anderen = [p for p in contractpartijen(plan.regio) if p.pk != voorstel.namens_id]
    voorstellen.melden(
        voorstel,
        ontvangers=bewerkers_van(anderen),
        document=plan.titel,
        over=onderwerp_van_voorstel,
        regio=plan.regio,
        link=reverse("regioplan:voorstel", args=[plan.regio.slug, plan.pk, voorstel.pk]),
    )


def intrekking_mailen(pks: list[int]) -> int:
    """Tell each approver whose approval a change withdrew; once per approval."""
    return goedkeuring.intrekkingen_melden(
        Goedkeuring.objects.filter(pk__in=pks).select_related("regioplan__regio"),
        onderwerp=gettext_lazy("[Regio] Uw goedkeuring van %(plan)s is ingetrokken"),
        tekst=gettext_lazy(
            "U keurde %(plan)s goed namens %(org)s. Daarna is het plan gewijzigd, zodat uw goedkeuring niet meer "
            "geldt:\n\n%(omdat)s\n\nBekijk de wijzigingen en keur het plan opnieuw goed als u het ermee eens bent."
        ),
        waarden=lambda g: {"plan": g.regioplan.titel},
        link=lambda g: _plan_pad(g.regioplan, "#vaststelling"),
    )


def wachtende_meldingen(ouder_dan: dt.timedelta) -> list[int]:
    """Withdrawals whose e-mail has not gone out (the broker was down when they were made). Comments have their
    own relay for every document (regio.gesprekken.meldingen.wachtende_reacties)."""
    return goedkeuring.wachtende_intrekkingen(Goedkeuring, ouder_dan)
