"""The koepel's own pages in the app: setting up a region in one screen and finding organisations for it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from regio import inrichten
from regio.access import koepel_vereist
from regio.forms_inrichten import PARTIJRIJEN, PartijFormSet, RegioInrichtenForm
from regio.models import Gemeente
from regio.selectors import omvangsignaal
from regio.verzoek import IngelogdVerzoek


def _pagina(
    request: IngelogdVerzoek, form: RegioInrichtenForm, partijen: Any, *, fouten: list[str], status: int = 200
) -> HttpResponse:
    gekozen: list[Gemeente] = []
    if form.is_bound and not form.has_error("gemeenten") and hasattr(form, "cleaned_data"):
        gekozen = form.cleaned_data.get("gemeenten") or []
    inwoners = sum(g.inwoners for g in gekozen)
    return render(
        request,
        "regio/koepel_inrichten.html",
        {
            "form": form,
            "partijen": partijen,
            "fouten": fouten,
            "gekozen": gekozen,
            "signaal": omvangsignaal(inwoners) if gekozen else None,
            # The guide's band, for the script's live signal; the two warnings as the page shows them.
            "band_min": settings.REGIO_INWONERS_MIN,
            "band_max": settings.REGIO_INWONERS_MAX,
            "signaal_klein": omvangsignaal(0),
            "signaal_groot": omvangsignaal(settings.REGIO_INWONERS_MAX + 1),
            # For the script's live total and the search box: every gemeente once (342 rows, no model objects).
            "gemeentelijst": list(Gemeente.objects.order_by("naam").values_list("code", "naam", "inwoners")),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@koepel_vereist
def regio_inrichten(request: IngelogdVerzoek) -> HttpResponse:
    if request.method != "POST":
        return _pagina(request, RegioInrichtenForm(), PartijFormSet(prefix="partij"), fouten=[])
    form = RegioInrichtenForm(request.POST)
    partijen = PartijFormSet(request.POST, prefix="partij")
    actie = request.POST.get("actie", "")
    geldig = form.is_valid() & partijen.is_valid()
    if actie == "meer":
        # More rows without JavaScript: the same input again, with two empty rows more.
        data = request.POST.copy()
        data["partij-TOTAL_FORMS"] = str(min(int(data.get("partij-TOTAL_FORMS") or PARTIJRIJEN) + 2, 40))
        return _pagina(request, form, PartijFormSet(data, prefix="partij"), fouten=[])
    if actie == "controleren" or not geldig:
        return _pagina(request, form, partijen, fouten=[], status=200 if geldig or actie == "controleren" else 400)
    try:
        ingericht = inrichten.regio_inrichten(
            naam=form.cleaned_data["naam"],
            afbakening=form.cleaned_data["afbakening"],
            gemeenten=form.cleaned_data["gemeenten"],
            partijen=[p for f in partijen.forms if (p := f.partij()) is not None],
            acting_user=request.user,
        )
    except ValidationError as fout:
        algemeen: list[str] = []
        for veld, lijst in fout.message_dict.items():
            if veld in form.fields:
                form.add_error(veld, lijst)
            else:
                algemeen.extend(lijst)
        return _pagina(request, form, partijen, fouten=algemeen, status=400)
    messages.success(
        request,
        _("Regio %(naam)s is ingericht; %(aantal)s uitnodiging(en) verstuurd.")
        % {"naam": ingericht.regio.naam, "aantal": ingericht.uitnodigingen},
    )
    return redirect("regio:regio_detail", regio_slug=ingericht.regio.slug)


@require_GET
@koepel_vereist
def organisaties_zoeken(request: IngelogdVerzoek) -> JsonResponse:
    """The search behind the organisation fields' suggestions: at most a handful, never the whole list."""
    gevonden = inrichten.organisaties_zoeken(request.GET.get("q", ""))
    return JsonResponse(
        {"organisaties": [{"naam": o.naam, "soort": o.soort.naam, "agb": o.agb_code} for o in gevonden]}
    )
