"""Pages of the regiobeeld: the document, its parts and challenges, agreement, figures and their import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regio import pdf_views, snelheid
from regio.access import RegioActie, mag_regio, regio_vereist
from regio.gelijktijdig import Bewerkingsconflict
from regio.gesprekken import draden as gesprekdraden
from regio.models import Regio
from regio.samenvoegscherm import conflictcontext, oplossing_toepassen, samenvoeging_melden
from regio.tweestaps import tweestaps_voor_besluit
from regio.verwijderen import bevestigen
from regio.verzoek import IngelogdVerzoek
from regiobeeld import importeren, kerncijfers, pagina, selectors, services
from regiobeeld.access import (
    bewerkt_regiobeeld,
    deel_van,
    importbestand_van_regio,
    mandaat_voor_akkoord,
    regiobeeld_vereist,
    uitdaging_van,
)
from regiobeeld.forms import (
    BevestigForm,
    DeelForm,
    IndicatorUitImportForm,
    KoppelingForm,
    LokaleIndicatorForm,
    RegiobeeldNieuwForm,
    UitdagingForm,
    UploadForm,
)
from regiobeeld.gesprek import REGIOBEELDGESPREK
from regiobeeld.models import Deel, Importbestand, Regiobeeld, Uitdaging
from regiobeeld.pdf import RegiobeeldPdf
from regiobeeld.views_pdf import pdf_urls


def _detail_url(regiobeeld: Regiobeeld) -> str:
    return reverse("regiobeeld:detail", args=[regiobeeld.regio.slug, regiobeeld.jaar])


@require_GET
@regio_vereist(RegioActie.BEKIJKEN)
def lijst(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    return render(
        request,
        "regiobeeld/lijst.html",
        {
            "regio": regio,
            "regiobeelden": selectors.regiobeelden_van(regio),
            "mag_bewerken": mag_regio(request.user, regio, RegioActie.BEWERKEN),
            "form": RegiobeeldNieuwForm(),
        },
    )


@require_POST
@regio_vereist(RegioActie.BEWERKEN)
def nieuw(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    form = RegiobeeldNieuwForm(request.POST)
    if form.is_valid():
        try:
            regiobeeld = services.regiobeeld_aanmaken(
                regio=regio,
                jaar=form.cleaned_data["jaar"],
                acting_user=request.user,
            )
        except ValidationError as fout:
            form.add_error("jaar", fout.message_dict.get("jaar", fout.messages))
        else:
            messages.success(request, _("Regiobeeld %(jaar)s gemaakt.") % {"jaar": regiobeeld.jaar})
            return redirect(_detail_url(regiobeeld))
    return render(
        request,
        "regiobeeld/lijst.html",
        {
            "regio": regio,
            "regiobeelden": selectors.regiobeelden_van(regio),
            "mag_bewerken": True,
            "form": form,
        },
        status=400,
    )


def _partijrijen(doc: selectors.Document) -> SafeString:
    """The rows of the parties' table, joined here: a region has hundreds of practices, and a template loop
    costs some 20 microseconds a row."""
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
        ((p.naam, p.soort, p.rol_label) for p in doc.deelnames),
    )


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def detail(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    regio = regiobeeld.regio
    doc = selectors.document(regiobeeld)
    mag_bewerken = bewerkt_regiobeeld(request.user, regiobeeld)  # read with the regiobeeld: no query of its own
    basis = selectors.basis(regio, regiobeeld)  # shared by the charts and the key figures
    return render(
        request,
        "regiobeeld/detail.html",
        {
            # Asking for a new PDF is for editors (views_pdf.py: PDF_MAKEN), as is editing.
            **pdf_views.pdf_context(RegiobeeldPdf(regiobeeld), pdf_urls(regiobeeld), mag_maken=mag_bewerken),
            "regio": regio,
            "doc": doc,
            "partijrijen": _partijrijen(doc),
            "cijfers": pagina.cijferbeeld(regio, request.GET.get("indicator"), basis),
            "kern": kerncijfers.opbouwen(regio, regiobeeld, basis=basis),
            "mag_bewerken": mag_bewerken,
            "gesprek": gesprekdraden.paginadraden(REGIOBEELDGESPREK, regiobeeld, request.user, bewerker=mag_bewerken),
            **_akkoordstand(regiobeeld, request),
        },
    )


def _akkoordstand(regiobeeld: Regiobeeld, request: IngelogdVerzoek) -> dict[str, bool]:
    """Whether the person may agree now, or their party already agreed to this version."""
    mandaat = mandaat_voor_akkoord(regiobeeld, request.user)
    al = bool(
        mandaat
        and regiobeeld.akkoorden.filter(organisatie=mandaat.organisatie, regiobeeld_versie=regiobeeld.versie).exists()
    )
    return {"mag_akkoord": mandaat is not None and not al, "al_akkoord": al}


@require_http_methods(["GET", "POST"])
@regiobeeld_vereist(RegioActie.BEWERKEN)
def deel_bewerken(request: IngelogdVerzoek, regiobeeld: Regiobeeld, soort: str) -> HttpResponse:
    deel = deel_van(regiobeeld, soort)
    context = {
        "regio": regiobeeld.regio,
        "regiobeeld": regiobeeld,
        "deel": deel,
        "intrekking": selectors.zou_intrekken(regiobeeld),
    }
    if request.method == "GET":
        form = DeelForm(initial={"duiding": deel.duiding, "versie": deel.versie})
        return render(request, "regiobeeld/deel_bewerken.html", {**context, "form": form})
    form = DeelForm(oplossing_toepassen(request.POST, deel, [("duiding", "duiding")]))
    if not form.is_valid():
        return render(request, "regiobeeld/deel_bewerken.html", {**context, "form": form}, status=400)
    mijn_tekst, gelezen = form.cleaned_data["duiding"], form.cleaned_data["versie"]
    try:
        services.deel_opslaan(deel=deel, gelezen_versie=gelezen, duiding=mijn_tekst, acting_user=request.user)
    except Bewerkingsconflict as conflict:
        huidig: Deel = conflict.huidig
        return render(
            request,
            "regiobeeld/deel_bewerken.html",
            {
                **context,
                "deel": huidig,
                "form": DeelForm(initial={"duiding": mijn_tekst, "versie": huidig.versie}),
                **conflictcontext(conflict, {"duiding": ("duiding", str(form.fields["duiding"].label))}),
            },
            status=409,
        )
    samenvoeging_melden(request, deel, gelezen)
    messages.success(request, _("Opgeslagen: %(deel)s.") % {"deel": deel.get_soort_display()})
    return redirect(f"{_detail_url(regiobeeld)}#deel-{soort}")


@require_http_methods(["GET", "POST"])
@regiobeeld_vereist(RegioActie.BEWERKEN)
def uitdaging_bewerken(request: IngelogdVerzoek, regiobeeld: Regiobeeld, pk: int | None = None) -> HttpResponse:
    """Add a challenge, or change one: a save on an older version merges with what others saved since; only a
    real overlap shows the conflict page (the overlapping passages of the description, side by side)."""
    uitdaging = Uitdaging(regiobeeld=regiobeeld)
    if pk is not None:
        uitdaging = uitdaging_van(regiobeeld, pk)
    indicatoren = list(services.indicatoren_voor(regiobeeld.regio).values())
    context = {
        "regio": regiobeeld.regio,
        "regiobeeld": regiobeeld,
        "uitdaging": uitdaging,
        "intrekking": selectors.zou_intrekken(regiobeeld),
    }
    data = oplossing_toepassen(request.POST, uitdaging, [("beschrijving", "beschrijving")]) if pk else request.POST
    form = UitdagingForm(data or None, instance=uitdaging, indicatoren=indicatoren)
    if request.method == "POST" and form.is_valid():
        gelezen = form.cleaned_data.get("versie")
        try:
            services.uitdaging_opslaan(
                uitdaging=form.save(commit=False),
                indicatoren=form.cleaned_data["indicatoren"],
                gelezen_versie=gelezen,
                acting_user=request.user,
            )
        except Bewerkingsconflict as conflict:
            huidig: Uitdaging = conflict.huidig
            samen = {**form.cleaned_data, **conflict.samengevoegd}
            initial = {
                "titel": samen["titel"],
                "beschrijving": samen["beschrijving"],
                "indicatoren": [i.pk for i in form.cleaned_data["indicatoren"]],
                "versie": huidig.versie,
            }
            velden = {v: (v, str(form.fields[v].label)) for v in ("titel", "beschrijving")}
            return render(
                request,
                "regiobeeld/uitdaging_bewerken.html",
                {
                    **context,
                    "uitdaging": huidig,
                    "form": UitdagingForm(initial=initial, instance=huidig, indicatoren=indicatoren),
                    **conflictcontext(conflict, velden),
                },
                status=409,
            )
        samenvoeging_melden(request, uitdaging, gelezen)
        messages.success(request, _("Uitdaging opgeslagen."))
        return redirect(f"{_detail_url(regiobeeld)}#deel-uitdagingen")
    return render(
        request,
        "regiobeeld/uitdaging_bewerken.html",
        {**context, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@regiobeeld_vereist(RegioActie.BEWERKEN)
def uitdaging_verwijderen(request: IngelogdVerzoek, regiobeeld: Regiobeeld, pk: int) -> HttpResponse:
    """GET asks first (what goes, whose agreement it withdraws); POST removes."""
    uitdaging = uitdaging_van(regiobeeld, pk)
    if request.method == "GET":
        wat = [_("De uitdaging “%(titel)s” met haar beschrijving") % {"titel": uitdaging.titel}]
        reacties = uitdaging.reacties.count()
        if reacties:
            wat.append(ngettext("%(n)d reactie erbij", "%(n)d reacties erbij", reacties) % {"n": reacties})
        return bevestigen(
            request,
            regio=regiobeeld.regio,
            kop=_("Uitdaging “%(titel)s” verwijderen?") % {"titel": uitdaging.titel},
            wat=wat,
            intrekking=selectors.zou_intrekken(regiobeeld),
            terug_url=f"{_detail_url(regiobeeld)}#deel-uitdagingen",
            document=_("Regiobeeld %(jaar)s") % {"jaar": regiobeeld.jaar},
            document_url=_detail_url(regiobeeld),
        )
    services.uitdaging_verwijderen(uitdaging=uitdaging, acting_user=request.user)
    messages.success(request, _("Uitdaging verwijderd."))
    return redirect(f"{_detail_url(regiobeeld)}#deel-uitdagingen")


@require_POST
@regiobeeld_vereist(RegioActie.BEWERKEN)
def akkoord(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    versie = request.POST.get("versie")
    if versie != str(regiobeeld.versie):
        messages.warning(
            request,
            _("Het regiobeeld is gewijzigd sinds u het opende. Bekijk de wijzigingen en geef daarna opnieuw akkoord."),
        )
        return redirect(f"{_detail_url(regiobeeld)}#akkoord")
    try:
        tweestaps_voor_besluit(request)
        gegeven = services.akkoord_geven(regiobeeld=regiobeeld, acting_user=request.user)
    except PermissionDenied as fout:
        messages.error(request, str(fout))
        return redirect(f"{_detail_url(regiobeeld)}#akkoord")
    except ValidationError as fout:
        for melding in fout.messages:
            messages.info(request, melding)
        return redirect(f"{_detail_url(regiobeeld)}#akkoord")
    messages.success(
        request,
        _("Akkoord gegeven namens %(org)s op versie %(v)s.")
        % {"org": gegeven.organisatie, "v": gegeven.regiobeeld_versie},
    )
    return redirect(f"{_detail_url(regiobeeld)}#akkoord")


# --- figures and their import ---------------------------------------------------------------------


def _cijfers_context(
    request: IngelogdVerzoek, regio: Regio, form: UploadForm | None = None, upload_fout: str = ""
) -> dict[str, object]:
    return {
        "upload_fout": upload_fout,
        "regio": regio,
        "imports": selectors.imports_van(regio),
        "indicatoren": list(services.indicatoren_voor(regio).values()),
        "mag_bewerken": mag_regio(request.user, regio, RegioActie.BEWERKEN),
        "form": form or UploadForm(),
    }


@require_GET
@regio_vereist(RegioActie.BEKIJKEN)
def cijfers(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    return render(request, "regiobeeld/cijfers.html", _cijfers_context(request, regio))


@csrf_exempt
@require_POST
def import_nieuw(request: HttpRequest, regio_slug: str) -> HttpResponseBase:
    """Upload. A body far over the limit is refused before it is read (and before CSRF reads it)."""
    lengte = int(request.META.get("CONTENT_LENGTH") or 0)
    if lengte > importeren.MAX_BESTAND_BYTES + 64 * 1024:
        return _te_groot(request, regio_slug)
    return _import_nieuw(request, regio_slug=regio_slug)


@regio_vereist(RegioActie.BEWERKEN)
def _te_groot(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    fout = _("Het bestand is groter dan %(mb)s MB. Splits het bestand of laat kolommen weg die u niet nodig hebt.") % {
        "mb": importeren.MAX_BESTAND_BYTES // (1024 * 1024)
    }
    return render(request, "regiobeeld/cijfers.html", _cijfers_context(request, regio, upload_fout=fout), status=413)


@csrf_protect
@regio_vereist(RegioActie.BEWERKEN)
def _import_nieuw(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if snelheid.te_snel(request, "import"):
        # Not started; the source and choices come back in the form (a browser cannot refill the file field).
        context = _cijfers_context(request, regio, form, upload_fout=snelheid.melding("import"))
        return snelheid.met_wachttijd(render(request, "regiobeeld/cijfers.html", context, status=429), "import")
    if form.is_valid():
        try:
            importbestand = services.import_starten(
                regio=regio,
                bestand=form.cleaned_data["bestand"],
                bron=form.cleaned_data["bron"],
                is_illustratief=form.cleaned_data["is_illustratief"],
                prognosejaar=form.cleaned_data.get("prognosejaar"),
                acting_user=request.user,
            )
        except importeren.ImportFout as fout:
            form.add_error("bestand", str(fout))
        else:
            return redirect("regiobeeld:import_detail", regio.slug, importbestand.pk)
    return render(request, "regiobeeld/cijfers.html", _cijfers_context(request, regio, form), status=400)


def _import_context(
    request: IngelogdVerzoek, regio: Regio, importbestand: Importbestand, **extra: object
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "regio": regio,
        "imp": importbestand,
        "mag_bewerken": mag_regio(request.user, regio, RegioActie.BEWERKEN),
        "bevestig_form": BevestigForm(),
    }
    if importbestand.status in {Importbestand.Status.KOPPELEN, Importbestand.Status.CONTROLE}:
        form = KoppelingForm(
            kolommen=importbestand.kolommen,
            indicatoren={code: i.naam for code, i in services.indicatoren_voor(regio, inleesbaar=True).items()},
        )
        koppeling = _koppeling_van(importbestand)
        form.vul_aan(koppeling)
        context["koppeling_form"] = form
        context["nieuwe_indicatoren"] = _nieuwe_indicatorformulieren(importbestand, koppeling)
    context.update(extra)
    return context


def _koppeling_van(importbestand: Importbestand) -> importeren.Koppeling | None:
    return services.koppeling_uit(importbestand.koppeling) if importbestand.koppeling else None


def _nieuwe_indicatorformulieren(
    importbestand: Importbestand, koppeling: importeren.Koppeling | None
) -> list[tuple[str, IndicatorUitImportForm]]:
    """A small form per column that holds figures but has no indicator: it becomes one from inside the import."""
    if koppeling is None:
        return []
    if koppeling.vorm == importeren.Vorm.BREED_INDICATOREN:
        bezet = {koppeling.gemeente_kolom, koppeling.jaar_kolom, *koppeling.indicator_kolommen}
        open_kolommen = [k for k in importbestand.kolommen if k not in bezet]
    elif koppeling.vorm == importeren.Vorm.LANG and not (koppeling.indicator_kolom or koppeling.vaste_indicator):
        open_kolommen = [koppeling.waarde_kolom] if koppeling.waarde_kolom else []
    else:
        open_kolommen = []
    return [
        (
            kolom,
            IndicatorUitImportForm(
                kolommen=importbestand.kolommen,
                auto_id=f"id_nieuw_{i}_%s",
                initial={"kolom": kolom, "naam": kolom, "bron": importbestand.bron},
            ),
        )
        for i, kolom in enumerate(open_kolommen)
    ]


@require_http_methods(["GET", "POST"])
@regio_vereist(RegioActie.BEKIJKEN, bij_post=RegioActie.BEWERKEN)
def import_detail(request: IngelogdVerzoek, regio: Regio, pk: int) -> HttpResponse:
    importbestand = importbestand_van_regio(regio, pk)
    if request.method == "POST":
        form = KoppelingForm(
            request.POST,
            kolommen=importbestand.kolommen,
            indicatoren={code: i.naam for code, i in services.indicatoren_voor(regio, inleesbaar=True).items()},
        )
        if form.is_valid():
            try:
                services.import_koppelen(
                    importbestand=importbestand,
                    koppeling=form.koppeling(),
                    acting_user=request.user,
                )
            except ValidationError as fout:
                for melding in fout.messages:
                    form.add_error(None, melding)
            else:
                return redirect("regiobeeld:import_detail", regio.slug, importbestand.pk)
        return render(
            request,
            "regiobeeld/import_detail.html",
            _import_context(request, regio, importbestand, koppeling_form=form),
            status=400,
        )
    return render(request, "regiobeeld/import_detail.html", _import_context(request, regio, importbestand))


@require_GET
@regio_vereist(RegioActie.BEKIJKEN)
def import_status(request: IngelogdVerzoek, regio: Regio, pk: int) -> HttpResponse:
    """The job's state for htmx polling; when a step finishes the whole page reloads to show the next one."""
    importbestand = importbestand_van_regio(regio, pk)
    response = render(request, "regiobeeld/_import_status.html", {"regio": regio, "imp": importbestand})
    if not importbestand.bezig and request.GET.get("was") == "bezig":
        response["HX-Refresh"] = "true"
    return response


@require_POST
@regio_vereist(RegioActie.BEWERKEN)
def import_bevestigen(request: IngelogdVerzoek, regio: Regio, pk: int) -> HttpResponse:
    importbestand = importbestand_van_regio(regio, pk)
    form = BevestigForm(request.POST)
    form.is_valid()
    try:
        services.import_bevestigen(
            importbestand=importbestand,
            afwijzingen_begrepen=bool(form.cleaned_data.get("afwijzingen_begrepen")),
            lege_cellen=form.cleaned_data.get("lege_cellen") or Importbestand.LegeCellen.BEHOUDEN,
            acting_user=request.user,
        )
    except ValidationError as fout:
        for melding in fout.messages:
            messages.error(request, melding)
    return redirect("regiobeeld:import_detail", regio.slug, importbestand.pk)


@require_POST
@regio_vereist(RegioActie.BEWERKEN)
def import_annuleren(request: IngelogdVerzoek, regio: Regio, pk: int) -> HttpResponse:
    importbestand = importbestand_van_regio(regio, pk)
    try:
        services.import_annuleren(importbestand=importbestand, acting_user=request.user)
    except ValidationError as fout:
        for melding in fout.messages:
            messages.error(request, melding)
        return redirect("regiobeeld:import_detail", regio.slug, importbestand.pk)
    messages.info(request, _("Import geannuleerd; er is niets opgeslagen."))
    return redirect("regiobeeld:cijfers", regio.slug)


@require_POST
@regio_vereist(RegioActie.BEWERKEN)
def import_indicator(request: IngelogdVerzoek, regio: Regio, pk: int) -> HttpResponse:
    """A column of the import becomes a local indicator, mapped at once; the person stays in the import."""
    importbestand = importbestand_van_regio(regio, pk)
    form = IndicatorUitImportForm(request.POST, kolommen=importbestand.kolommen)
    if form.is_valid():
        try:
            indicator = services.import_indicator_toevoegen(
                importbestand=importbestand,
                indicator=form.save(commit=False),
                kolom=form.cleaned_data["kolom"],
                acting_user=request.user,
            )
        except ValidationError as fout:
            form.add_error(None, fout.messages)
        else:
            messages.success(
                request,
                _("Indicator %(naam)s gemaakt en gekoppeld aan kolom '%(kolom)s'. Controleer nu alle regels.")
                % {"naam": indicator.naam, "kolom": form.cleaned_data["kolom"]},
            )
            return redirect(f"{reverse('regiobeeld:import_detail', args=[regio.slug, importbestand.pk])}#kop-koppeling")
    importbestand.refresh_from_db()
    context = _import_context(request, regio, importbestand)
    kolom = str(request.POST.get("kolom", ""))
    context["nieuwe_indicatoren"] = [(k, form if k == kolom else f) for k, f in context.get("nieuwe_indicatoren", [])]
    return render(request, "regiobeeld/import_detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
@regio_vereist(RegioActie.BEWERKEN)
def indicator_nieuw(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    form = LokaleIndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = form.save(commit=False)
        try:
            services.indicator_aanmaken(indicator=indicator, regio=regio, acting_user=request.user)
        except ValidationError as fout:
            form.add_error(None, fout.messages)
        else:
            messages.success(request, _("Lokale indicator %(naam)s toegevoegd.") % {"naam": indicator.naam})
            return redirect("regiobeeld:cijfers", regio.slug)
    return render(
        request,
        "regiobeeld/indicator_nieuw.html",
        {"regio": regio, "form": form},
        status=400 if request.method == "POST" else 200,
    )
