"""Who may see or do what with a region: the only module in this app that asks django-guardian.

Rules:
- Members of an organisation that takes part in a region (now or from a later date) may view it;
  the grant is an object permission on the region for the organisation's reader group
  (see `services.regio_toegang_bijwerken`).
- Editors (and managers) of a contracting party may edit the region's shared documents
  (`bewerken_regio`, granted to the party's editor group).
- Koepel staff (`is_staff`) may view every region: they keep the register in the admin.
- Global (model-level) permissions never open a row here: those exist only for the admin.
- Approving a document (plan, contract, regiobeeld) needs a mandate for its subject, valid on the day,
  for a party the person is a member of (`geldig_mandaat`; each app names its document's parties).

A getter raises Http404 when the user may not see the object at all (nobody learns that another
region exists) and PermissionDenied when they may see it but not do the action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.http.response import HttpResponseBase
from django.utils import timezone
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm, get_groups_with_perms, get_objects_for_user, remove_perm

from regio.models import Deelname, Mandaat, Organisatie, Regio
from regio.verzoek import IngelogdVerzoek
from regio.verzoekcache import onthouden

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, Group
    from django.db.models import QuerySet

    from regio.models import Gebruiker

    AnyUser = Gebruiker | AnonymousUser

RegioView = Callable[..., HttpResponseBase]


class RegioActie(StrEnum):
    BEKIJKEN = "view_regio"
    # Write the region's shared documents (regiobeeld, regioplan): editors of contracting parties.
    BEWERKEN = "bewerken_regio"


_KOEPEL_MAG: frozenset[RegioActie] = frozenset({RegioActie.BEKIJKEN})


def is_koepel(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def regios_for_user(user: AnyUser, actie: RegioActie = RegioActie.BEKIJKEN) -> QuerySet[Regio]:
    """The regions `user` may do `actie` on."""
    if not user.is_authenticated or not user.is_active:
        return Regio.objects.none()
    if is_koepel(user) and actie in _KOEPEL_MAG:
        return Regio.objects.all()
    return get_objects_for_user(user, actie.value, klass=Regio, with_superuser=False, accept_global_perms=False)


def regio_for_user(user: AnyUser, slug: str, actie: RegioActie = RegioActie.BEKIJKEN) -> Regio:
    """The region with `slug` if `user` may do `actie` on it; 404 if they may not see it, 403 otherwise."""
    try:
        regio = regios_for_user(user, RegioActie.BEKIJKEN).get(slug=slug)
    except Regio.DoesNotExist as exc:
        raise Http404 from exc
    if actie is not RegioActie.BEKIJKEN and not mag_regio(user, regio, actie):
        raise PermissionDenied
    return regio


def mag_regio(user: AnyUser, regio: Regio, actie: RegioActie) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if is_koepel(user) and actie in _KOEPEL_MAG:
        return True
    # The checker reads object permissions only; user.has_perm() would also honour global ones.
    return ObjectPermissionChecker(user).has_perm(actie.value, regio)


def regio_rechten_gelijkzetten(regio: Regio, gewenst: Mapping[RegioActie, set[Group]]) -> list[tuple[Group, str]]:
    """Give each action on `regio` to exactly the groups in `gewenst`: grant the missing, withdraw the rest.

    Returns what changed, (group, "recht <codename> gegeven|ingetrokken"), for the caller's log.
    Which groups should hold what is the caller's business (`services.regio_toegang_bijwerken`).
    """
    # guardian annotates the result `Group | dict`; with attach_perms it is always the dict.
    met_rechten = cast("dict[Group, list[str]]", get_groups_with_perms(regio, attach_perms=True))
    gewijzigd: list[tuple[Group, str]] = []
    for actie, groepen in gewenst.items():
        huidig = {g for g, perms in met_rechten.items() if actie.value in perms}
        for groep in groepen - huidig:
            assign_perm(f"regio.{actie.value}", groep, regio)
            gewijzigd.append((groep, f"recht {actie.value} gegeven"))
        for groep in huidig - groepen:
            remove_perm(f"regio.{actie.value}", groep, regio)
            gewijzigd.append((groep, f"recht {actie.value} ingetrokken"))
    return gewijzigd


def regio_vereist(
    actie: RegioActie, *, bij_post: RegioActie | None = None
) -> Callable[[RegioView], Callable[..., HttpResponseBase]]:
    """View decorator: sign-in required, the URL's `regio_slug` resolved to a region the user may `actie` on
    (or `bij_post` on, for a page that shows on GET and changes on POST).

    The decorated view receives the region as its `regio` argument instead of the slug.
    """

    def decorator(view: RegioView) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        @login_required
        def wrapper(request: IngelogdVerzoek, regio_slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            nodig = bij_post if bij_post is not None and request.method == "POST" else actie
            regio = regio_for_user(request.user, regio_slug, nodig)
            return view(request, regio, *args, **kwargs)

        return wrapper

    return decorator


def partijen_van(user: AnyUser, regio: Regio) -> list[Organisatie]:
    """The organisations through which `user` takes part in `regio` (now or from a later date), by name.

    Koepel staff see every region but take part in none through that: they get an empty list.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    vandaag = timezone.localdate()
    return onthouden(
        ("partijen_van", user.pk, regio.pk, vandaag),
        lambda: list(
            Organisatie.objects.filter(
                lidmaatschappen__gebruiker=user,
                deelnames__in=Deelname.objects.filter(regio=regio).lopend_of_komend(vandaag),
            )
            .distinct()
            .order_by("naam")
        ),
    )


def organisatie_voor_beheerder(user: AnyUser, pk: int) -> Organisatie:
    """The organisation `pk` if `user` is one of its managers (beheerder); 404 otherwise, whoever asks."""
    from regio.models import Lidmaatschap, Rol

    if not user.is_authenticated or not user.is_active:
        raise Http404
    lid = Lidmaatschap.objects.filter(gebruiker=user, organisatie_id=pk, rol=Rol.BEHEERDER).select_related(
        "organisatie"
    )
    gevonden = lid.first()
    if gevonden is None:
        raise Http404
    return gevonden.organisatie


def geldig_mandaat(
    *, gebruiker: Gebruiker, regio: Regio, onderwerp: str, partijen: Iterable[Organisatie], op: dt.date
) -> Mandaat | None:
    """The user's mandate for `onderwerp` in `regio`, valid on `op`, for a party they are a member of.

    With mandates for several parties, the first party by name is the one they act for.
    """
    return (
        Mandaat.objects.geldig_op(op)
        .filter(
            gebruiker=gebruiker,
            regio=regio,
            onderwerp=onderwerp,
            organisatie__in=list(partijen),
            organisatie__lidmaatschappen__gebruiker=gebruiker,
        )
        .select_related("organisatie")
        .order_by("organisatie__naam")
        .first()
    )


def gemandateerden(*, regio: Regio, onderwerp: str, partijen: Iterable[Organisatie], op: dt.date) -> list[Gebruiker]:
    """Everyone who may approve for one of `partijen` on `op`: the people for whom `geldig_mandaat` finds a mandate
    (a mandate valid that day, for a party they are a member of), by e-mail address."""
    from regio.models import Gebruiker

    mandaten = Mandaat.objects.geldig_op(op).filter(
        regio=regio,
        onderwerp=onderwerp,
        organisatie__in=list(partijen),
        organisatie__lidmaatschappen__gebruiker_id=F("gebruiker_id"),
    )
    return list(Gebruiker.objects.filter(pk__in=mandaten.values("gebruiker_id"), is_active=True).order_by("email"))


def bewerkers_van(partijen: Iterable[Organisatie]) -> list[Gebruiker]:
    """The members of `partijen` who edit for them (editors and managers), by e-mail address."""
    from regio.models import Gebruiker, Rol

    return list(
        Gebruiker.objects.filter(
            is_active=True,
            lidmaatschappen__organisatie__in=list(partijen),
            lidmaatschappen__rol__in=[Rol.BEWERKER, Rol.BEHEERDER],
        )
        .distinct()
        .order_by("email")
    )
