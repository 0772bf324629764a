"""Who may see or do what with a region: the only module in this app that asks django-guardian.

Rules:
- Members of an organisation that takes part in a region (now or from a later date) may view it;
  the grant is an object permission on the region for the organisation's reader group
  (see `services.regio_toegang_bijwerken`).
- Editors (and managers) of a contracting party may edit the region's shared documents
  (`bewerken_regio`, granted to the party's editor group).
- Koepel staff (`is_staff`) may view every region: they keep the register in the admin.
- Global (model-level) permissions never open a row here: those exist only for the admin.
- An organisation's managers (role beheerder) manage it themselves: they invite people, change roles, end
  memberships and grant, renew and end its mandates (`organisatie_beheren`); its other members get 403 on those pages,
  everyone else (koepel staff included: they keep the admin) 404. What they manage is looked up inside their own
  organisation only (`lid_van`, `uitnodiging_van`, `mandaat_van`).
- The koepel's own pages (setting up a region, the national overview) are for koepel staff only
  (`koepel_vereist`); everyone else gets 404.
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
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_groups_with_perms, get_objects_for_user, remove_perm

from regio.models import Deelname, Lidmaatschap, Mandaat, Organisatie, Regio, Rol, Uitnodiging
from regio.verzoek import IngelogdVerzoek
from regio.verzoekcache import onthouden

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, Group

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
    if user.is_superuser:
        return True  # as guardian's ObjectPermissionChecker answers them
    # Object permissions only (user.has_perm() would also honour global ones), of the user and their groups in one
    # query (guardian's checker asks two): pages ask this once or twice each.
    return regios_for_user(user, actie).filter(pk=regio.pk).exists()


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
        # Sorted for a stable log; each list in one statement (guardian's bulk forms), whatever the number of groups.
        erbij = sorted(groepen - huidig, key=lambda g: g.pk)
        eraf = sorted(huidig - groepen, key=lambda g: g.pk)
        if erbij:
            assign_perm(f"regio.{actie.value}", erbij, regio)
        if eraf:
            remove_perm(f"regio.{actie.value}", eraf, regio)
        gewijzigd += [(g, f"recht {actie.value} gegeven") for g in erbij]
        gewijzigd += [(g, f"recht {actie.value} ingetrokken") for g in eraf]
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


def koepel_vereist(view: RegioView) -> Callable[..., HttpResponseBase]:
    """View decorator for the koepel's own pages (setting up a region, the national overview): sign-in required,
    koepel staff only; everyone else gets 404 (nobody else learns the page exists)."""

    @wraps(view)
    @login_required
    def wrapper(request: IngelogdVerzoek, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_koepel(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def organisatie_voor_beheerder(user: AnyUser, pk: int) -> Organisatie:
    """The organisation `pk` if `user` is one of its managers (beheerder); 404 otherwise, whoever asks."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    lid = Lidmaatschap.objects.filter(gebruiker=user, organisatie_id=pk, rol=Rol.BEHEERDER).select_related(
        "organisatie"
    )
    gevonden = lid.first()
    if gevonden is None:
        raise Http404
    return gevonden.organisatie


def organisatie_beheren(user: AnyUser, pk: int) -> Organisatie:
    """The organisation `pk` if `user` may manage it (one of its managers); 403 for its other members, 404 for
    everyone else (nobody learns which organisations exist)."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    lid = Lidmaatschap.objects.filter(gebruiker=user, organisatie_id=pk).select_related("organisatie").first()
    if lid is None:
        raise Http404
    if lid.rol != Rol.BEHEERDER:
        raise PermissionDenied
    return lid.organisatie


def organisatie_beheer_vereist(view: RegioView) -> Callable[..., HttpResponseBase]:
    """View decorator: sign-in required, the URL's `organisatie_pk` resolved to an organisation the user manages
    (`organisatie_beheren`). The decorated view receives the organisation instead of the number."""

    @wraps(view)
    @login_required
    def wrapper(request: IngelogdVerzoek, organisatie_pk: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return view(request, organisatie_beheren(request.user, organisatie_pk), *args, **kwargs)

    return wrapper


def mag_organisatie_beheren(user: AnyUser, organisatie: Organisatie) -> bool:
    """For services: may `user` manage `organisatie`?"""
    if not user.is_authenticated or not user.is_active:
        return False
    return Lidmaatschap.objects.filter(gebruiker=user, organisatie=organisatie, rol=Rol.BEHEERDER).exists()


def lid_van(organisatie: Organisatie, pk: int) -> Lidmaatschap:
    """A membership of `organisatie` (the manager's own): 404 for one of another organisation."""
    try:
        return Lidmaatschap.objects.select_related("gebruiker", "organisatie").get(pk=pk, organisatie=organisatie)
    except Lidmaatschap.DoesNotExist as exc:
        raise Http404 from exc


def uitnodiging_van(organisatie: Organisatie, pk: int) -> Uitnodiging:
    try:
        return Uitnodiging.objects.select_related("organisatie").get(pk=pk, organisatie=organisatie)
    except Uitnodiging.DoesNotExist as exc:
        raise Http404 from exc


def mandaat_van(organisatie: Organisatie, pk: int) -> Mandaat:
    try:
        return Mandaat.objects.select_related("gebruiker", "organisatie", "regio").get(pk=pk, organisatie=organisatie)
    except Mandaat.DoesNotExist as exc:
        raise Http404 from exc


def uitnodiging_is_voor(user: AnyUser, uitnodiging: Uitnodiging) -> bool:
    """May the signed-in `user` accept `uitnodiging`? Only the account with the invited address (the link alone
    is the key for a person without an account: `regio/views_uitnodiging.py`)."""
    return bool(user.is_authenticated and user.is_active and user.email.lower() == uitnodiging.email.lower())


def geldig_mandaat(
    *,
    gebruiker: Gebruiker,
    regio: Regio,
    onderwerp: str,
    partijen: Iterable[Organisatie] | QuerySet[Any],
    op: dt.date,
) -> Mandaat | None:
    """The user's mandate for `onderwerp` in `regio`, valid on `op`, for a party they are a member of.
    `partijen`: the parties, or a query of their ids (then asked inside this one query).

    With mandates for several parties, the first party by name is the one they act for.
    """

    return (
        Mandaat.objects.geldig_op(op)
        .filter(
            gebruiker=gebruiker,
            regio=regio,
            onderwerp=onderwerp,
            organisatie__in=partijen if isinstance(partijen, QuerySet) else list(partijen),
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


# --- comment threads (regio/gesprekken), the same rules for every document -------------------------------


def zichtbare_reacties(qs: QuerySet[Any], eigen: Iterable[Organisatie]) -> QuerySet[Any]:
    """Of the comments `qs` on a document the user may see, those they may read: every shared one, and the
    internal notes of their own parties `eigen` (their parties in the document's talks)."""
    return qs.filter(Q(intern_voor__isnull=True) | Q(intern_voor__in=[o.pk for o in eigen]))


def mag_draad_oplossen(user: AnyUser, hoofd: Any, *, bewerker: bool) -> bool:
    """Whether `user` may mark the thread that starts with `hoofd` resolved, or open it again: its author, and the
    editors of the document's parties (`bewerker`, asked once per page by the document's app)."""
    return bewerker or (user.is_authenticated and hoofd.auteur_id == user.pk)


def draadlezers(partijen: Iterable[Organisatie] | QuerySet[Organisatie], intern_voor: Organisatie | None) -> Any:
    """The active people who may read a thread, to mention in it: the members of the document's `partijen`,
    or of the one party whose internal note it is."""
    from regio.models import Gebruiker

    if intern_voor is not None:
        qs = Gebruiker.objects.filter(lidmaatschappen__organisatie=intern_voor)
    else:
        qs = Gebruiker.objects.filter(lidmaatschappen__organisatie__in=partijen)
    return qs.filter(is_active=True).distinct().order_by("naam", "email")


def deelnemende_partijen(regio: Regio) -> QuerySet[Organisatie]:
    """The parties that take part in `regio` now or from a later date (their members read its shared threads)."""
    return Organisatie.objects.filter(
        deelnames__in=Deelname.objects.filter(regio=regio).lopend_of_komend(timezone.localdate())
    ).distinct()


def regiodocument_deelnemers(user: AnyUser, document: Any) -> list[Organisatie]:
    """The user's parties in the talks on a region's shared document (regiobeeld, plan): every party taking part
    in its region, GPs' practices included; koepel staff none (they read, they do not comment)."""
    return partijen_van(user, document.regio)


def regiodocument_lezers(document: Any, intern_voor: Organisatie | None) -> Any:
    """Who may read a thread on a region's shared document: the members of the region's parties (of the one
    party, for an internal note)."""
    return draadlezers(deelnemende_partijen(document.regio), intern_voor)
