"""An organisation's managers manage it here: members and invitations, roles, mandates.

Every view is behind `access.organisatie_beheer_vereist` (managers only: other members 403, everyone else 404) and
calls one service; a refused change shows the page again with the reason at its field, status 400.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regio import selectors, snelheid, uitnodigingen, zelfbeheer
from regio.access import lid_van, mandaat_van, organisatie_beheer_vereist, uitnodiging_van
from regio.forms import MandaatForm, RolForm, UitnodigingForm, VerlengenForm
from regio.formvelden import modelkeuze
from regio.models import Gebruiker, Organisatie
from regio.verzoek import IngelogdVerzoek


def _fouten_naar_form(form: forms.BaseForm, fout: ValidationError) -> None:
    """A service's refusal onto the form: per field where it names one the form has, otherwise for the whole form."""
    velden = form.fields
    if hasattr(fout, "error_dict"):
        for veld, lijst in fout.message_dict.items():
            form.add_error(veld if veld in velden else None, lijst)
    else:
        form.add_error(None, fout.messages)


def _leden_pagina(
    request: IngelogdVerzoek, organisatie: Organisatie, form: UitnodigingForm | None = None, status: int = 200
) -> HttpResponse:
    leden = selectors.leden_van(organisatie)
    return render(
        request,
        "regio/beheer_leden.html",
        {
            "organisatie": organisatie,
            "leden": [(lid, RolForm(initial={"rol": lid.rol}, prefix=f"lid{lid.pk}")) for lid in leden],
            "uitnodigingen": selectors.open_uitnodigingen(organisatie),
            "form": form or UitnodigingForm(),
            "nu": timezone.now(),
        },
        status=status,
    )


@require_http_methods(["GET"])
@organisatie_beheer_vereist
def leden(request: IngelogdVerzoek, organisatie: Organisatie) -> HttpResponse:
    return _leden_pagina(request, organisatie)


@require_POST
@organisatie_beheer_vereist
def uitnodigen(request: IngelogdVerzoek, organisatie: Organisatie) -> HttpResponse:
    form = UitnodigingForm(request.POST)
    if snelheid.te_snel(request, "uitnodiging"):
        form.is_valid()
        form.add_error(None, snelheid.melding("uitnodiging"))
        return snelheid.met_wachttijd(_leden_pagina(request, organisatie, form, status=429), "uitnodiging")
    if form.is_valid():
        try:
            uitnodiging = uitnodigingen.uitnodiging_maken(
                organisatie=organisatie,
                email=form.cleaned_data["email"],
                rol=form.cleaned_data["rol"],
                functie=form.cleaned_data["functie"],
                acting_user=request.user,
            )
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
        else:
            messages.success(request, _("Uitnodiging verstuurd naar %(email)s.") % {"email": uitnodiging.email})
            return redirect("regio:leden", organisatie.pk)
    return _leden_pagina(request, organisatie, form, status=400)


@require_POST
@organisatie_beheer_vereist
def uitnodiging_opnieuw(request: IngelogdVerzoek, organisatie: Organisatie, pk: int) -> HttpResponse:
    uitnodiging = uitnodiging_van(organisatie, pk)
    if snelheid.te_snel(request, "uitnodiging"):
        return snelheid.te_snel_pagina(request, "uitnodiging")
    try:
        uitnodigingen.uitnodiging_opnieuw_versturen(uitnodiging=uitnodiging, acting_user=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            _("De uitnodiging is opnieuw verstuurd naar %(email)s, met een nieuwe link; de vorige werkt niet meer.")
            % {"email": uitnodiging.email},
        )
    return redirect("regio:leden", organisatie.pk)


@require_POST
@organisatie_beheer_vereist
def uitnodiging_intrekken(request: IngelogdVerzoek, organisatie: Organisatie, pk: int) -> HttpResponse:
    uitnodiging = uitnodiging_van(organisatie, pk)
    try:
        uitnodigingen.uitnodiging_intrekken(uitnodiging=uitnodiging, acting_user=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("De uitnodiging van %(email)s is ingetrokken.") % {"email": uitnodiging.email})
    return redirect("regio:leden", organisatie.pk)


@require_POST
@organisatie_beheer_vereist
def lid_rol(request: IngelogdVerzoek, organisatie: Organisatie, pk: int) -> HttpResponse:
    lid = lid_van(organisatie, pk)
    form = RolForm(request.POST, prefix=f"lid{lid.pk}")
    if not form.is_valid():
        messages.error(request, _("Kies een van de rollen uit de lijst."))
        return redirect("regio:leden", organisatie.pk)
    try:
        zelfbeheer.lid_rol_wijzigen(lidmaatschap=lid, rol=form.cleaned_data["rol"], acting_user=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            _("%(naam)s is nu %(rol)s.") % {"naam": lid.gebruiker.get_full_name(), "rol": lid.get_rol_display()},
        )
    return redirect("regio:leden", organisatie.pk)


@require_http_methods(["GET", "POST"])
@organisatie_beheer_vereist
def lid_beeindigen(request: IngelogdVerzoek, organisatie: Organisatie, pk: int) -> HttpResponse:
    lid = lid_van(organisatie, pk)
    fout = ""
    if request.method == "POST":
        try:
            zelfbeheer.lid_beeindigen(lidmaatschap=lid, acting_user=request.user)
        except ValidationError as e:
            fout = " ".join(e.messages)
        else:
            messages.success(
                request,
                _("Het lidmaatschap van %(naam)s is beëindigd.") % {"naam": lid.gebruiker.get_full_name()},
            )
            return redirect("regio:leden", organisatie.pk)
    return render(
        request,
        "regio/beheer_bevestigen.html",
        {
            "organisatie": organisatie,
            "titel": _("Lidmaatschap van %(naam)s beëindigen") % {"naam": lid.gebruiker.get_full_name()},
            "uitleg": _(
                "%(naam)s is daarna geen lid meer van %(org)s en ziet haar regio's niet meer via deze organisatie. "
                "Mandaten van %(naam)s namens %(org)s eindigen vandaag. Het logboek legt het vast."
            )
            % {"naam": lid.gebruiker.get_full_name(), "org": organisatie.naam},
            "knop": _("Lidmaatschap beëindigen"),
            "terug": reverse("regio:leden", args=[organisatie.pk]),
            "fout": fout,
        },
        status=400 if fout else 200,
    )


def _mandaat_form(organisatie: Organisatie, data: QueryDict | None = None) -> MandaatForm:
    form = MandaatForm(data)
    modelkeuze(
        form,
        "gebruiker",
        Gebruiker.objects.filter(lidmaatschappen__organisatie=organisatie, is_active=True).order_by("naam", "email"),
        label=lambda g: f"{g.get_full_name()} ({g.email})",
    )
    modelkeuze(form, "regio", selectors.regios_van_organisatie(organisatie, timezone.localdate()))
    return form


@require_http_methods(["GET"])
@organisatie_beheer_vereist
def mandaten(request: IngelogdVerzoek, organisatie: Organisatie) -> HttpResponse:
    vandaag = timezone.localdate()
    lopend, afgelopen = selectors.mandaten_van(organisatie, vandaag)
    return render(
        request,
        "regio/beheer_mandaten.html",
        {"organisatie": organisatie, "lopend": lopend, "afgelopen": afgelopen, "vandaag": vandaag},
    )


def _mandaatformulier(
    request: IngelogdVerzoek,
    organisatie: Organisatie,
    form: forms.BaseForm,
    opslaan: Callable[..., object],
    gelukt: str,
    titel: str,
    **context: object,
) -> HttpResponse:
    """The mandate form (grant or extend): on a valid post `opslaan(**cleaned_data)`, then back to the mandates;
    a refusal from the service shows at its field."""
    if request.method == "POST" and form.is_valid():
        try:
            opslaan(acting_user=request.user, **form.cleaned_data)
        except ValidationError as fout:
            _fouten_naar_form(form, fout)
        else:
            messages.success(request, gelukt)
            return redirect("regio:mandaten", organisatie.pk)
    return render(
        request,
        "regio/beheer_mandaat_formulier.html",
        {"organisatie": organisatie, "form": form, "titel": titel, "knop": titel, **context},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@organisatie_beheer_vereist
def mandaat_nieuw(request: IngelogdVerzoek, organisatie: Organisatie) -> HttpResponse:
    form = _mandaat_form(organisatie, request.POST if request.method == "POST" else None)
    return _mandaatformulier(
        request,
        organisatie,
        form,
        partial(zelfbeheer.mandaat_toekennen, organisatie=organisatie),
        _("Het mandaat is verleend."),
        _("Mandaat verlenen"),
    )


@require_http_methods(["GET", "POST"])
@organisatie_beheer_vereist
def mandaat_verlengen(request: IngelogdVerzoek, organisatie: Organisatie, pk: int) -> HttpResponse:
    mandaat = mandaat_van(organisatie, pk)
    form = VerlengenForm(
        request.POST if request.method == "POST" else None,
        initial={"geldig_tot": mandaat.geldig_tot, "besluitreferentie": ""},
    )
    return _mandaatformulier(
        request,
        organisatie,
        form,
        partial(zelfbeheer.mandaat_verlengen, mandaat=mandaat),
        _("Het mandaat is verlengd."),
        _("Mandaat verlengen"),
        mandaat=mandaat,
    )


@require_http_methods(["GET", "POST"])
@organisatie_beheer_vereist
def mandaat_beeindigen(request: IngelogdVerzoek, organisatie: Organisatie, pk: int) -> HttpResponse:
    mandaat = mandaat_van(organisatie, pk)
    fout = ""
    if request.method == "POST":
        try:
            gebleven = zelfbeheer.mandaat_beeindigen(mandaat=mandaat, acting_user=request.user)
        except ValidationError as e:
            fout = " ".join(e.messages)
        else:
            messages.success(
                request,
                _("Het mandaat is beëindigd.") if gebleven else _("Het mandaat ging nog niet in en is verwijderd."),
            )
            return redirect("regio:mandaten", organisatie.pk)
    velden = {
        "naam": mandaat.gebruiker.get_full_name(),
        "onderwerp": mandaat.get_onderwerp_display(),
        "regio": mandaat.regio.naam,
    }
    return render(
        request,
        "regio/beheer_bevestigen.html",
        {
            "organisatie": organisatie,
            "titel": _("Mandaat van %(naam)s beëindigen") % velden,
            "uitleg": _(
                "%(naam)s kan daarna niet meer namens uw organisatie besluiten over %(onderwerp)s in %(regio)s. "
                "Het mandaat blijft in de historie en het logboek staan."
            )
            % velden,
            "knop": _("Mandaat beëindigen"),
            "terug": reverse("regio:mandaten", args=[organisatie.pk]),
            "fout": fout,
        },
        status=400 if fout else 200,
    )
