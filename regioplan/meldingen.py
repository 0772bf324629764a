"""E-mails about a plan: who gets told of a comment, of an approval that a change withdrew, and of a plan
submitted for adoption (the last through the outbox, regio/berichten.py).

Run by the worker. Each function re-checks who may read what at the moment of sending, marks the row as
sent in the same transaction, and skips rows already marked, so running it twice sends nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regio import berichten, goedkeuring
from regio.access import bewerkers_van, partijen_van
from regio.models import Gebruiker, Lidmaatschap, Rol
from regio.selectors import contractpartijen
from regioplan.access import wie_mag_goedkeuren
from regioplan.models import Goedkeuring, Reactie, Regioplan, Voorstel


def _plan_url(plan: Regioplan, anker: str = "") -> str:
    pad = reverse("regioplan:detail", args=[plan.regio.slug, plan.pk])
    return f"{settings.REGIO_BASIS_URL}{pad}{anker}"


def ontvangers_van_reactie(reactie: Reactie) -> list[Gebruiker]:
    """The people named in the comment, the editors of the other contracting parties and, for a reply, the
    people who wrote in the thread before; only those who may read the comment (an internal note reaches its
    own party only), never the author."""
    plan = reactie.regioplan
    andere_partijen = [p for p in contractpartijen(plan.regio) if p.pk != reactie.namens_id]
    redacteuren = Gebruiker.objects.filter(
        lidmaatschappen__organisatie__in=andere_partijen,
        lidmaatschappen__rol__in=[Rol.BEWERKER, Rol.BEHEERDER],
    )
    in_de_draad: list[Gebruiker] = []
    if (vraag := reactie.antwoord_op) is not None:
        in_de_draad = list(
            Gebruiker.objects.filter(
                Q(pk=vraag.auteur_id)
                | Q(pk__in=Reactie.objects.filter(antwoord_op_id=reactie.antwoord_op_id).values("auteur_id"))
            )
        )
    kandidaten = {
        g.pk: g
        for g in [*reactie.genoemd.all(), *redacteuren, *in_de_draad]
        if g.is_active and g.pk != reactie.auteur_id
    }
    if reactie.intern_voor_id is not None:
        leden = set(
            Lidmaatschap.objects.filter(organisatie_id=reactie.intern_voor_id).values_list("gebruiker_id", flat=True)
        )
        kandidaten = {pk: g for pk, g in kandidaten.items() if pk in leden}
    return sorted((g for g in kandidaten.values() if partijen_van(g, plan.regio)), key=lambda g: g.email)


def _onderwerp_van(reactie: Reactie) -> str:
    if reactie.activiteit is not None:
        return _("activiteit “%(titel)s”") % {"titel": reactie.activiteit.titel}
    if reactie.plandeel is not None:
        return reactie.plandeel.get_soort_display()
    return _("het plan")


def reactie_mailen(pk: int) -> int:
    """Send the e-mails about comment `pk` once; returns the number sent."""
    with transaction.atomic():
        reactie = (
            Reactie.objects.select_for_update(of=("self",))
            .select_related("regioplan__regio", "auteur", "namens", "plandeel", "activiteit")
            .filter(pk=pk, gemaild_op__isnull=True)
            .first()
        )
        if reactie is None:
            return 0
        ontvangers = ontvangers_van_reactie(reactie)
        plan = reactie.regioplan
        with translation.override(settings.LANGUAGE_CODE):
            soort = _("interne notitie") if reactie.intern_voor_id else _("reactie")
            onderwerp = _("[Regio] %(wie)s plaatste een %(soort)s bij %(plan)s") % {
                "wie": reactie.auteur.get_full_name(),
                "soort": soort,
                "plan": plan.titel,
            }
            tekst = _(
                "Goedendag,\n\n%(wie)s (%(org)s) plaatste een %(soort)s over %(over)s in %(plan)s:\n\n%(tekst)s\n\n"
                "Lees en antwoord op: %(url)s\n\n(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
            ) % {
                "wie": reactie.auteur.get_full_name(),
                "org": reactie.namens.naam,
                "soort": soort,
                "over": _onderwerp_van(reactie),
                "plan": plan.titel,
                "tekst": reactie.tekst,
                "url": _plan_url(plan, f"#reactie-{reactie.pk}"),
            }
        berichten = [(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [g.email]) for g in ontvangers]
        verstuurd = send_mass_mail(berichten, fail_silently=False) if berichten else 0
        Reactie.objects.filter(pk=pk).update(gemaild_op=timezone.now())
    return verstuurd


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
        link=reverse("regioplan:detail", args=[plan.regio.slug, plan.pk]) + "#vaststelling",
        regio=plan.regio,
    )


def voorstel_melden(voorstel: Voorstel, onderwerp_van_voorstel: str) -> None:
    """Inside the proposal's transaction: tell the editors of the other contracting parties (who decide it) that a
    proposal waits for their party's decision; not the proposer's own party."""
    plan = voorstel.regioplan
    anderen = [p for p in contractpartijen(plan.regio) if p.pk != voorstel.namens_id]
    ontvangers = [g for g in bewerkers_van(anderen) if g.pk != voorstel.ingediend_door_id]
    with translation.override(settings.LANGUAGE_CODE):
        soort = _("tegenvoorstel") if voorstel.tegenvoorstel_op_id else _("voorstel")
        onderwerp = _("[Regio] Een %(soort)s van %(org)s wacht op uw besluit: %(plan)s") % {
            "soort": soort,
            "org": voorstel.namens.naam,
            "plan": plan.titel,
        }
        tekst = _(
            "%(wie)s deed namens %(org)s een %(soort)s voor %(over)s in %(plan)s (regio %(regio)s):\n\n%(waarom)s\n\n"
            "Een bewerker van uw partij aanvaardt het, wijst het af of doet een tegenvoorstel."
        ) % {
            "wie": voorstel.ingediend_door.get_full_name(),
            "org": voorstel.namens.naam,
            "soort": soort,
            "over": onderwerp_van_voorstel,
            "plan": plan.titel,
            "regio": plan.regio.naam,
            "waarom": voorstel.toelichting,
        }
    berichten.klaarzetten(
        ontvangers=ontvangers,
        soort=berichten.Berichtsoort.VOORSTEL_WACHT,
        onderwerp=onderwerp,
        tekst=tekst,
        link=reverse("regioplan:voorstel", args=[plan.regio.slug, plan.pk, voorstel.pk]),
        regio=plan.regio,
    )


def intrekking_mailen(pks: list[int]) -> int:
    """Tell each approver whose approval a change withdrew; once per approval."""

    def bericht(g: Goedkeuring) -> tuple[str, str]:
        onderwerp = _("[Regio] Uw goedkeuring van %(plan)s is ingetrokken") % {"plan": g.regioplan.titel}
        tekst = _(
            "Goedendag,\n\nU keurde %(plan)s goed namens %(org)s. Daarna is het plan gewijzigd, "
            "zodat uw goedkeuring niet meer geldt:\n\n%(omdat)s\n\nBekijk de wijzigingen en keur het plan "
            "opnieuw goed als u het ermee eens bent: %(url)s\n\n"
            "(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
        ) % {
            "plan": g.regioplan.titel,
            "org": g.organisatie.naam,
            "omdat": g.ingetrokken_omdat,
            "url": _plan_url(g.regioplan, "#vaststelling"),
        }
        return onderwerp, tekst

    return goedkeuring.intrekkingen_mailen(
        Goedkeuring.objects.filter(pk__in=pks).select_related("regioplan__regio"), bericht=bericht
    )


def wachtende_meldingen(ouder_dan: dt.timedelta) -> tuple[list[int], list[int]]:
    """Comments and withdrawals whose e-mail has not gone out (the broker was down when they were made)."""
    grens = timezone.now() - ouder_dan
    reacties = list(
        Reactie.objects.filter(gemaild_op__isnull=True, geplaatst_op__lt=grens).values_list("pk", flat=True)[:500]
    )
    intrekkingen = list(
        Goedkeuring.objects.filter(ingetrokken_op__lt=grens, intrekking_gemeld_op__isnull=True).values_list(
            "pk", flat=True
        )[:500]
    )
    return reacties, intrekkingen
