"""Koepel staff import organisations in bulk (regiobeeld/organisatie_import.py): upload, preview, confirm.
Koepel staff only (`koepel_vereist`): everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regio.access import koepel_vereist
from regio.verzoek import IngelogdVerzoek
from regiobeeld import organisatie_import
from regiobeeld.forms_organisaties import OrganisatieImportForm
from regiobeeld.importeren import ImportFout

# The preview lists at most this many rows of each kind; the counts are always complete.
VOORBEELD_RIJEN = 50


def _pagina(
    request: IngelogdVerzoek,
    form: OrganisatieImportForm,
    *,
    sleutel: str = "",
    voorvertoning: organisatie_import.Voorvertoning | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "regiobeeld/organisaties_importeren.html",
        {
            "form": form,
            "sleutel": sleutel,
            "voorvertoning": voorvertoning,
            "nieuw": voorvertoning.nieuw[:VOORBEELD_RIJEN] if voorvertoning else [],
            "overgeslagen": voorvertoning.overgeslagen[:VOORBEELD_RIJEN] if voorvertoning else [],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@koepel_vereist
def organisaties_importeren(request: IngelogdVerzoek) -> HttpResponse:
    if request.method != "POST":
        return _pagina(request, OrganisatieImportForm())
    if request.POST.get("actie") == "bevestigen":
        try:
            uitkomst = organisatie_import.organisaties_importeren(
                sleutel=request.POST.get("sleutel", ""), acting_user=request.user
            )
        except (ImportFout, ValidationError) as fout:
            messages.error(request, str(fout) if isinstance(fout, ImportFout) else " ".join(fout.messages))
            return redirect("regiobeeld:organisaties_importeren")
        messages.success(
            request,
            _("%(nieuw)s organisaties toegevoegd, %(overgeslagen)s rijen overgeslagen.")
            % {"nieuw": len(uitkomst.nieuw), "overgeslagen": len(uitkomst.overgeslagen)},
        )
        return redirect("regiobeeld:organisaties_importeren")
    form = OrganisatieImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _pagina(request, form, status=400)
    bestand = form.cleaned_data["bestand"]
    try:
        sleutel, voorvertoning = organisatie_import.bewaren(bestand.read(), bestand.name, acting_user=request.user)
    except ImportFout as fout:
        form.add_error("bestand", str(fout))
        return _pagina(request, form, status=400)
    return _pagina(request, OrganisatieImportForm(), sleutel=sleutel, voorvertoning=voorvertoning)
