"""Who may see or do what with a region's regioplan: the one place that decides it for this app.

- See a plan: whoever may see its region (members of participating parties, koepel staff).
- Comment: members of a participating party (GPs of the region's practices included); koepel staff read only.
- Resolve a thread (or open it again): its author, and editors of a contracting party (who may see it);
  the thread rules are the same for every document (regio.access, regio/gesprekken).
- Edit, submit, start a new version: editors of a contracting party (regio's `bewerken_regio`).
- Approve: a member of a contracting party with a valid "regioplan" mandate on the day
  (`mandaat_om_goed_te_keuren`; the approval service asks it again, inside its transaction).
- Internal notes: only members of the party whose note it is, whatever else they may do.
- Proposals (voorstellen): members of a participating party see them (GPs included); koepel staff do not (404: the
  talks are the parties' own). Editors of a contracting party propose; an editor of the *other* contracting party
  accepts, rejects or counters; the proposing party may withdraw its own (`voorstelpartijen`, `mag_beslissen`).

This module asks regio.access, never django-guardian directly. Objects of a region the user cannot see
answer 404; a plan that is not in the URL's region answers 404 too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _

from regio.access import RegioActie, geldig_mandaat, gemandateerden, mag_regio, partijen_van, regio_vereist
from regio.models import Lidmaatschap, Mandaat, Onderwerp, Organisatie, Regio, Rol
from regio.selectors import contractpartijen
from regio.verzoek import IngelogdVerzoek
from regio.verzoekcache import onthouden
from regioplan.models import Activiteit, Goedkeuring, Meetpunt, Plandeel, PlanUitdaging, Regioplan, Status, Voorstel

if TYPE_CHECKING:
    from regio.access import AnyUser
    from regio.models import Gebruiker


class PlanActie(StrEnum):
    BEKIJKEN = "bekijken"
    REAGEREN = "reageren"
    BEWERKEN = "bewerken"
    # Whoever may see the plan reaches the approval; only a valid mandate lets them approve (403 otherwise).
    GOEDKEUREN = "goedkeuren"
    # See the proposals (their own pages): members of a participating party; others 404.
    VOORSTELLEN_ZIEN = "voorstellen_zien"


def regioplannen_for_user(user: AnyUser, regio: Regio) -> QuerySet[Regioplan]:
    """The plans of `regio` the user may see (all of them, if they may see the region)."""
    if not mag_regio(user, regio, RegioActie.BEKIJKEN):
        return Regioplan.objects.none()
    return Regioplan.objects.filter(regio=regio)


def mag_plan(user: AnyUser, regio: Regio, actie: PlanActie) -> bool:
    """Whether `user` may `actie` on the plans of `regio` (approving depends on the plan and the day:
    `mandaat_om_goed_te_keuren`)."""
    if actie is PlanActie.BEKIJKEN:
        return mag_regio(user, regio, RegioActie.BEKIJKEN)
    if actie is PlanActie.REAGEREN:
        return bool(partijen_van(user, regio))
    if actie is PlanActie.BEWERKEN:
        return mag_regio(user, regio, RegioActie.BEWERKEN)
    if actie is PlanActie.VOORSTELLEN_ZIEN:
        return bool(partijen_van(user, regio))
    raise ValueError(actie)


def mandaat_om_goed_te_keuren(regioplan: Regioplan, gebruiker: Gebruiker, op: dt.date | None = None) -> Mandaat | None:
    """The mandate under which `gebruiker` may approve the plan (on `op`, default today), or None if they may not."""
    return geldig_mandaat(
        gebruiker=gebruiker,
        regio=regioplan.regio,
        onderwerp=Onderwerp.REGIOPLAN,
        partijen=contractpartijen(regioplan.regio, op),
        op=op or timezone.localdate(),
    )


def wie_mag_goedkeuren(regioplan: Regioplan) -> list[Gebruiker]:
    """Everyone `mandaat_om_goed_te_keuren` lets approve the plan today, of every contracting party."""
    return gemandateerden(
        regio=regioplan.regio,
        onderwerp=Onderwerp.REGIOPLAN,
        partijen=contractpartijen(regioplan.regio),
        op=timezone.localdate(),
    )


def geen_mandaat() -> PermissionDenied:
    """The refusal of an approval without a mandate valid today; the 403 page shows why (an expired mandate is the
    common case)."""
    return PermissionDenied(
        _("U hebt vandaag geen geldig mandaat voor het regioplan namens een contractpartij van deze regio.")
    )


def regioplan_van_regio(regio: Regio, pk: int) -> Regioplan:
    try:
        return Regioplan.objects.select_related("regio", "regiobeeld").get(regio=regio, pk=pk)
    except Regioplan.DoesNotExist as exc:
        raise Http404 from exc


def bewerkt_plan(user: AnyUser, regioplan: Regioplan) -> bool:
    return mag_plan(user, regioplan.regio, PlanActie.BEWERKEN)


def _get_of_404(qs: QuerySet[Any], **kwargs: Any) -> Any:
    obj = qs.filter(**kwargs).first()
    if obj is None:
        raise Http404
    return obj


def plandeel_van(regioplan: Regioplan, soort: str) -> Plandeel:
    return _get_of_404(Plandeel.objects.select_related("regioplan"), regioplan=regioplan, soort=soort)


def goedkeuring_van(regioplan: Regioplan, pk: int) -> Goedkeuring:
    return _get_of_404(Goedkeuring.objects.select_related("organisatie", "gebruiker"), regioplan=regioplan, pk=pk)


def planuitdaging_van(regioplan: Regioplan, pk: int) -> PlanUitdaging:
    return _get_of_404(PlanUitdaging.objects.all(), regioplan=regioplan, pk=pk)


def activiteit_van(regioplan: Regioplan, pk: int) -> Activiteit:
    return _get_of_404(Activiteit.objects.all(), regioplan=regioplan, pk=pk)


def meetpunt_van(regioplan: Regioplan, pk: int) -> Meetpunt:
    return _get_of_404(Meetpunt.objects.select_related("activiteit"), activiteit__regioplan=regioplan, pk=pk)


def regioplan_vereist(actie: PlanActie) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator: the URL's region (slug) and plan (pk) resolved to a plan the user may `actie` on.

    No access to the region, or a plan of another region: 404. May see it but not `actie`: 403.
    """
    regio_actie = RegioActie.BEWERKEN if actie is PlanActie.BEWERKEN else RegioActie.BEKIJKEN
    # Edit and view are settled by the region's own check above; comment and approve are checked here.

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        @regio_vereist(regio_actie)
        def wrapper(
            request: IngelogdVerzoek, regio: Regio, plan_pk: int, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            regioplan = regioplan_van_regio(regio, plan_pk)
            if actie is PlanActie.REAGEREN and not mag_plan(request.user, regio, actie):
                raise PermissionDenied
            if actie is PlanActie.VOORSTELLEN_ZIEN and not mag_plan(request.user, regio, actie):
                raise Http404
            if actie is PlanActie.GOEDKEUREN and mandaat_om_goed_te_keuren(regioplan, request.user) is None:
                raise geen_mandaat()
            return view(request, regioplan, *args, **kwargs)

        return wrapper

    return decorator


# --- proposals -------------------------------------------------------------------------------------------------


def voorstelpartijen(user: AnyUser, regioplan: Regioplan) -> list[Organisatie]:
    """The contracting parties of the plan's region for which `user` is an editor (or manager), by name: a proposal
    is made for the first; a person decides a proposal for one that is not the proposer's, withdraws it for its own."""
    if not user.is_authenticated or not user.is_active:
        return []
    partijen = contractpartijen(regioplan.regio)
    if not partijen:
        return []
    bewerkend = set(
        onthouden(
            ("voorstelpartijen", user.pk, regioplan.regio_id),
            lambda: list(
                Lidmaatschap.objects.filter(
                    gebruiker=user, organisatie__in=partijen, rol__in=[Rol.BEWERKER, Rol.BEHEERDER]
                ).values_list("organisatie_id", flat=True)
            ),
        )
    )
    return [p for p in partijen if p.pk in bewerkend]


def mag_beslissen(voorstel: Voorstel, partijen: list[Organisatie]) -> bool:
    """Whether someone editing for `partijen` (voorstelpartijen) may accept, reject or counter the open proposal:
    only for another contracting party than the proposer's."""
    return voorstel.is_open and any(p.pk != voorstel.namens_id for p in partijen)


def mag_intrekken(voorstel: Voorstel, partijen: list[Organisatie]) -> bool:
    """Whether someone editing for `partijen` may withdraw the open proposal: its own party only."""
    return voorstel.is_open and any(p.pk == voorstel.namens_id for p in partijen)


def voorstel_van(user: AnyUser, regioplan: Regioplan, pk: int) -> Voorstel:
    """A proposal of the plan the user may see; 404 otherwise (koepel staff and outsiders see no proposals)."""
    if not mag_plan(user, regioplan.regio, PlanActie.VOORSTELLEN_ZIEN):
        raise Http404
    return _get_of_404(
        Voorstel.objects.select_related(
            "regioplan__regio", "plandeel", "activiteit", "planuitdaging", "namens", "ingediend_door"
        ),
        regioplan=regioplan,
        pk=pk,
    )


def voorstel_om_te_beslissen(user: AnyUser, regioplan: Regioplan, pk: int) -> Voorstel:
    """A proposal the user may decide or counter: 404 if they may not see it, 403 for their own party's or a
    reader's. A proposal decided meanwhile is handed on: the service tells who decided first."""
    voorstel = voorstel_van(user, regioplan, pk)
    partijen = voorstelpartijen(user, regioplan)
    if not any(p.pk != voorstel.namens_id for p in partijen):
        raise PermissionDenied(_("Alleen een bewerker van de andere contractpartij kan over dit voorstel beslissen."))
    return voorstel


def voorstel_om_in_te_trekken(user: AnyUser, regioplan: Regioplan, pk: int) -> Voorstel:
    """A proposal of the user's own party, to withdraw: 404 if they may not see it, 403 otherwise."""
    voorstel = voorstel_van(user, regioplan, pk)
    if not any(p.pk == voorstel.namens_id for p in voorstelpartijen(user, regioplan)):
        raise PermissionDenied(_("Alleen de partij die het voorstel deed, kan het intrekken."))
    return voorstel


# --- the public pages of published plans (no sign-in) -----------------------------------------------------------


def openbare_regioplannen() -> QuerySet[Regioplan]:
    """The plans anyone may read: adopted (the current version), and published by every contracting party."""
    return Regioplan.objects.filter(status=Status.VASTGESTELD, gepubliceerd_op__isnull=False)


def openbaar_regioplan(pk: int) -> Regioplan:
    """A published plan, for anyone; 404 for every other plan (nobody learns that an unpublished one exists)."""
    try:
        return openbare_regioplannen().select_related("regio").get(pk=pk)
    except Regioplan.DoesNotExist as exc:
        raise Http404 from exc
