"""Who may see or do what with a region's regiobeeld and figures.

The regiobeeld belongs to its region: whoever may see the region may read it; editors of the
contracting parties may write it and import figures (RegioActie.BEWERKEN, granted in regio);
agreeing ("akkoord") additionally needs a mandate for the subject "regiobeeld", valid today, for a
contracting party (`mandaat_voor_akkoord`; the service asks it again inside its transaction).
Comment threads follow the plan's rules: members of a participating party comment (koepel staff read
only), internal notes only for their party, resolving for the author and editors.
This module asks regio.access, never django-guardian directly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.http.response import HttpResponseBase
from django.utils import timezone

from regio.access import (
    RegioActie,
    geldig_mandaat,
    mag_regio,
    regio_vereist,
    regios_for_user,
)
from regio.models import Mandaat, Onderwerp, Regio
from regio.selectors import contractpartij_ids
from regio.verzoek import IngelogdVerzoek
from regiobeeld.models import Akkoord, Deel, Deelsoort, Importbestand, Indicator, Regiobeeld, Uitdaging

if TYPE_CHECKING:
    from regio.access import AnyUser
    from regio.models import Gebruiker


# On a regiobeeld read for a person: whether they may edit it (`bewerkt_regiobeeld`), asked in the same query.
_MAG_BEWERKEN = "_mag_bewerken"


def regiobeeld_van_regio(regio: Regio, jaar: int, user: AnyUser | None = None) -> Regiobeeld:
    """The region's regiobeeld of `jaar`; with `user`, whether they may edit it comes along (no second query)."""
    rijen = Regiobeeld.objects.select_related("regio")
    if user is not None and user.is_authenticated and user.is_active and not user.is_superuser:
        # The same object permissions `mag_regio` asks (no superuser shortcut needed: excluded above).
        mag = regios_for_user(user, RegioActie.BEWERKEN).filter(pk=OuterRef("regio_id"))
        rijen = rijen.annotate(**{_MAG_BEWERKEN: Exists(mag)})
    try:
        regiobeeld = rijen.get(regio=regio, jaar=jaar)
    except Regiobeeld.DoesNotExist as exc:
        raise Http404 from exc
    if user is not None:
        regiobeeld._mag_bewerken_voor = user.pk  # type: ignore[attr-defined]  # whose answer the annotation is
    return regiobeeld


def importbestand_van_regio(regio: Regio, pk: int) -> Importbestand:
    try:
        return Importbestand.objects.select_related("regio", "aangemaakt_door").get(regio=regio, pk=pk)
    except Importbestand.DoesNotExist as exc:
        raise Http404 from exc


def deel_van(regiobeeld: Regiobeeld, soort: str) -> Deel:
    if soort not in Deelsoort.values:
        raise Http404
    try:
        return Deel.objects.select_related("regiobeeld__regio").get(regiobeeld=regiobeeld, soort=soort)
    except Deel.DoesNotExist as exc:
        raise Http404 from exc


def uitdaging_van(regiobeeld: Regiobeeld, pk: int) -> Uitdaging:
    uitdaging = Uitdaging.objects.filter(regiobeeld=regiobeeld, pk=pk).first()
    if uitdaging is None:
        raise Http404
    return uitdaging


def akkoord_van(regiobeeld: Regiobeeld, pk: int) -> Akkoord:
    akkoord = Akkoord.objects.filter(regiobeeld=regiobeeld, pk=pk).select_related("organisatie", "gebruiker").first()
    if akkoord is None:
        raise Http404
    return akkoord


def indicator_voor_regio(regio: Regio, code: str) -> Indicator:
    """An active indicator the region may use: its own of that code, else the catalogue's."""
    gevonden = sorted(
        Indicator.objects.filter(Q(regio__isnull=True) | Q(regio=regio), code=code, actief=True),
        key=lambda i: i.regio_id is None,  # the region's own first
    )
    if not gevonden:
        raise Http404
    return gevonden[0]


def mandaat_voor_akkoord(regiobeeld: Regiobeeld, gebruiker: Gebruiker) -> Mandaat | None:
    """The mandate under which `gebruiker` may agree to the regiobeeld today, or None if they may not."""
    return geldig_mandaat(
        gebruiker=gebruiker,
        regio=regiobeeld.regio,
        onderwerp=Onderwerp.REGIOBEELD,
        partijen=contractpartij_ids(regiobeeld.regio),
        op=timezone.localdate(),
    )


def regiobeeld_vereist(
    actie: RegioActie,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator: the URL's region (by slug) and year resolved to a regiobeeld the user may `actie` on."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        @regio_vereist(actie)
        def wrapper(request: IngelogdVerzoek, regio: Regio, jaar: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return view(request, regiobeeld_van_regio(regio, jaar, request.user), *args, **kwargs)

        return wrapper

    return decorator


# --- comment threads (regio/gesprekken): as on the plan (regio.access.regiodocument_*) ---------------------


def bewerkt_regiobeeld(user: AnyUser, regiobeeld: Regiobeeld) -> bool:
    """Whether `user` may edit the regiobeeld: as read with it for this user (`regiobeeld_van_regio`), else asked."""
    gelezen = getattr(regiobeeld, _MAG_BEWERKEN, None)
    if gelezen is not None and getattr(regiobeeld, "_mag_bewerken_voor", None) == user.pk:
        return bool(gelezen)
    return mag_regio(user, regiobeeld.regio, RegioActie.BEWERKEN)
