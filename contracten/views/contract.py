"""The contract itself: the region's list, starting one, its lines and packages, finance, signing, history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from contracten import access, jaarcyclus, looptijd, selectors, services
from contracten.access import ContractActie, contract_vereist
from contracten.deelname import is_praktijklid
from contracten.financiering import jaartotalen
from contracten.forms import AfspraakForm, ContractForm, ContractgegevensForm, PakketForm
from contracten.gesprek import CONTRACTGESPREK
from contracten.grafieken import financiering_figuur
from contracten.models import Contract, Contractafspraak, Ondertekening, Pakket, Regelvoorstel, met_verlenging
from contracten.views.paden import C, R
from regio.access import RegioActie, regio_vereist
from regio.formvelden import versie_bijwerken
from regio.gelijktijdig import Bewerkingsconflict
from regio.gesprekken import draden as gesprekdraden
from regio.getallen import euro
from regio.models import Organisatie, Regio
from regio.selectors import contractpartijen
from regio.tweestaps import tweestaps_voor_besluit
from regio.verwijderen import bevestigen
from regio.verzoek import IngelogdVerzoek
from regiobeeld.charts import figuur_json
from regiobeeld.pagina import Grafiek
from regioplan.models import Regioplan
from regioplan.models import Status as Planstatus


def contract_url(contract: Contract, anker: str = "") -> str:
    return reverse("contracten:detail", args=[contract.regio.slug, contract.pk]) + (f"#{anker}" if anker else "")


def _terug_met_fout(
    request: IngelogdVerzoek, contract: Contract, fout: ValidationError, anker: str = ""
) -> HttpResponse:
    """A refused change (signed contract, wrong state): say why on the contract page; nothing was written."""
    for melding in fout.messages:
        messages.error(request, melding)
    return redirect(contract_url(contract, anker))


def _context(contract: Contract, tab: str, **extra: Any) -> dict[str, Any]:
    return {"regio": contract.regio, "contract": contract, "tab": tab, **extra}


# --- the region's contracts ------------------------------------------------------------------------------


@regio_vereist(RegioActie.BEKIJKEN)
def lijst(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    contracten = list(
        met_verlenging(access.contracten_for_user(request.user))
        .filter(regio=regio)
        .select_related("zorgverzekeraar", "huisartsenorganisatie", "regioplan", "beeindiging")
        .order_by("-startjaar", "titel")
    )
    return render(
        request,
        "contracten/lijst.html",
        {
            "regio": regio,
            "contracten": contracten,
            "mag_maken": access.mag_contract_maken(request.user, regio),
            # Links only where they lead somewhere: monitoring for the parties to a contract, invitations for
            # members of a practice.
            "praktijklid": is_praktijklid(request.user, regio),
        },
    )


def _partijkeuzes(regio: Regio) -> tuple[list[Organisatie], list[Organisatie]]:
    """The region's contracting parties, insurers apart from the others (as the parties' kinds say)."""
    partijen = contractpartijen(regio, ook_komend=True)
    verzekeraars = [o for o in partijen if o.soort.code == "zorgverzekeraar"] or partijen
    overige = [o for o in partijen if o not in verzekeraars] or partijen
    return verzekeraars, overige


@require_http_methods(["GET", "POST"])
@regio_vereist(RegioActie.BEWERKEN)
def nieuw(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    plannen = list(Regioplan.objects.filter(regio=regio, status=Planstatus.VASTGESTELD).order_by("-vastgesteld_op"))
    verzekeraars, zorgaanbieders = _partijkeuzes(regio)
    form = ContractForm(request.POST or None, plannen=plannen, verzekeraars=verzekeraars, zorgaanbieders=zorgaanbieders)
    context = {"regio": regio, "form": form, "plannen": plannen}
    if request.method == "GET":
        return render(request, "contracten/nieuw.html", context)
    if form.is_valid():
        try:
            contract = services.contract_aanmaken(
                regio=regio,
                acting_user=request.user,
                **{k: form.cleaned_data[k] for k in form.Meta.fields},
            )
        except ValidationError as fout:
            _fouten_in_form(form, fout)
        except PermissionDenied as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Contract begonnen. Voeg nu de afspraken toe."))
            return redirect(contract_url(contract))
    return render(request, "contracten/nieuw.html", context, status=400)


def _fouten_in_form(form: forms.BaseForm, fout: ValidationError) -> None:
    if hasattr(fout, "error_dict"):
        for veld, meldingen in fout.message_dict.items():
            form.add_error(veld if veld in form.fields else None, meldingen)
    else:
        form.add_error(None, fout.messages)


def formulier_verwerken(
    request: IngelogdVerzoek,
    form: forms.BaseForm,
    context: dict[str, Any],
    opslaan: Callable[[int | None], Any],
    gelukt: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """The flow of a form on something that is negotiated after signing (an addendum, a year's figures): show it,
    or validate and save; a newer save by someone else shows the conflict (409), a refusal stays in the form with
    the input kept (400); `gelukt` answers with what `opslaan` returned."""
    if request.method == "GET":
        return render(request, "contracten/formulier.html", context)
    if form.is_valid():
        try:
            opgeslagen = opslaan(form.cleaned_data.get("versie"))
        except Bewerkingsconflict as conflict:
            versie_bijwerken(form, conflict.huidig.versie)
            context["conflict"] = True
            return render(request, "contracten/formulier.html", context, status=409)
        except PermissionDenied as fout:
            form.add_error(None, str(fout))
        except ValidationError as fout:
            _fouten_in_form(form, fout)
        else:
            return gelukt(opgeslagen)
    return render(request, "contracten/formulier.html", context, status=400)


# --- one contract -------------------------------------------------------------------------------------------


@contract_vereist(ContractActie.BEKIJKEN)
def detail(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    user = request.user
    regels = selectors.afspraken(contract, met_voorstellen=True)
    mag_bewerken = access.mag_contract(user, contract, ContractActie.BEWERKEN)
    pakketten = list(Pakket.objects.filter(contract=contract))
    nieuwe_voorstellen = selectors.nieuwe_regelvoorstellen(contract)
    return render(
        request,
        "contracten/detail.html",
        _context(
            contract,
            "overzicht",
            regels=regels,
            overzicht=selectors.overzicht_van(regels),
            pakketten=pakketten,
            stand=selectors.ondertekening(contract),
            wijzigingen=selectors.wijzigingen(contract, 5),
            mag_bewerken=mag_bewerken and not contract.is_bevroren,
            mag_beheren=mag_bewerken,
            # The parties the person negotiates for (contracten/regelvoorstellen.py); what is not agreed yet.
            mijn_partijen=[p.pk for p in access.partijen_om_te_onderhandelen(user, contract)] if mag_bewerken else [],
            niet_akkoord=[r.afspraak.titel for r in regels if not r.akkoord]
            + [str(v.wijziging.get("titel", "")) for v in nieuwe_voorstellen if v.is_open],
            nieuwe_voorstellen=selectors.spoor(nieuwe_voorstellen),
            mijn_mandaat=access.mandaat_om_te_tekenen(contract, user),
            gesprek=gesprekdraden.paginadraden(CONTRACTGESPREK, contract, user, bewerker=mag_bewerken),
            # Asking for a new PDF is for editors (views/pdf.py: PDF_MAKEN), as is editing.
            **_pdf_context(contract, mag_maken=mag_bewerken),
            **_addenda_context(contract, user, regels),
            # Years outside the plan's term, an early end (contracten/looptijd.py).
            **looptijd.looptijd_context(contract, user),
        ),
    )


def _addenda_context(contract: Contract, user: Any, regels: list[selectors.Afspraakregel]) -> dict[str, Any]:
    """A signed contract's addenda and what holds after them (contracten/views/addenda.py)."""
    if not contract.is_bevroren:
        return {}
    from contracten import addenda
    from contracten.views.addenda import addenda_context

    return addenda_context(contract, user, addenda.overzicht(contract, regels))


def _pdf_context(contract: Contract, *, mag_maken: bool) -> dict[str, Any]:
    """The PDF button's context, once the PDF part is wired (contracten/views/pdf.py)."""
    from contracten.views import pdf

    maker = getattr(pdf, "pdf_knop_context", None)
    return maker(contract, mag_maken=mag_maken) if maker else {}


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def gegevens_bewerken(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    if contract.is_bevroren:
        return _terug_met_fout(request, contract, services.ContractGetekend(_("Dit contract is getekend.")))
    form = ContractgegevensForm(request.POST or None, instance=contract, initial={"versie": contract.versie})

    def opslaan(versie: int | None) -> Any:
        return services.contract_gegevens_opslaan(
            contract=contract,
            gelezen_versie=versie or 0,
            acting_user=request.user,
            **{k: form.cleaned_data[k] for k in ContractgegevensForm.Meta.fields},
        )

    return _formulier(request, contract, form, opslaan, _("Gegevens van het contract"), "")


def _formulier(
    request: IngelogdVerzoek,
    contract: Contract,
    form: forms.BaseForm,
    opslaan: Callable[[int | None], Any],
    kop: str,
    terug: str,
    template: str = "contracten/formulier.html",
) -> HttpResponse:
    """Shared flow of the contract's forms: validate, save, or show a conflict or refusal with the input kept."""
    context = _context(
        contract,
        "overzicht",
        form=form,
        kop=kop,
        terug=contract_url(contract, terug),
        intrekking=services.LEVENSLOOP.zou_intrekken(contract),
    )
    if request.method == "GET":
        return render(request, template, context)
    if form.is_valid():
        try:
            opslaan(form.cleaned_data.get("versie"))
        except Bewerkingsconflict as conflict:
            versie_bijwerken(form, conflict.huidig.versie)
            context["conflict"] = True
            return render(request, template, context, status=409)
        except services.ContractGetekend as fout:
            return _terug_met_fout(request, contract, fout, terug)
        except ValidationError as fout:
            _fouten_in_form(form, fout)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect(contract_url(contract, terug))
    return render(request, template, context, status=400)


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def afspraak_bewerken(request: IngelogdVerzoek, contract: Contract, pk: int | None = None) -> HttpResponse:
    if contract.is_bevroren:
        return _terug_met_fout(
            request, contract, services.ContractGetekend(_("Dit contract is getekend.")), "afspraken"
        )
    afspraak = access.afspraak_van(contract, pk) if pk is not None else Contractafspraak(contract=contract)
    form = AfspraakForm(
        request.POST or None, instance=afspraak, contract=contract, initial={"versie": afspraak.versie} if pk else {}
    )

    def opslaan(versie: int | None) -> Any:
        return services.afspraak_opslaan(
            afspraak=form.save(commit=False),
            gelezen_versie=versie,
            bedragen=form.bedragen(),
            meetpunten=form.cleaned_data["meetpunten"],
            acting_user=request.user,
        )

    kop = _("Afspraak bewerken") if pk else _("Afspraak toevoegen")
    return _formulier(
        request, contract, form, opslaan, kop, f"afspraak-{pk}" if pk else "afspraken", "contracten/afspraak.html"
    )


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def afspraak_verwijderen(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    """GET asks first (the line with its amounts and proposals, whose signature it withdraws); POST removes."""
    afspraak = access.afspraak_van(contract, pk)
    if request.method == "GET":
        if contract.is_bevroren:
            return _terug_met_fout(
                request, contract, services.ContractGetekend(_("Dit contract is getekend.")), "afspraken"
            )
        wat = [_("De afspraak “%(titel)s”") % {"titel": afspraak.titel}]
        wat += [
            _("Bedrag %(jaar)s: %(bedrag)s") % {"jaar": b.jaar, "bedrag": euro(b.bedrag)}
            for b in afspraak.bedragen.order_by("jaar")
        ]
        open_ = Regelvoorstel.objects.open().filter(afspraak=afspraak).count()
        if open_:
            wat.append(
                ngettext("%(n)d open voorstel op deze afspraak", "%(n)d open voorstellen op deze afspraak", open_)
                % {"n": open_}
            )
        return bevestigen(
            request,
            regio=contract.regio,
            kop=_("Afspraak “%(titel)s” verwijderen?") % {"titel": afspraak.titel},
            wat=wat,
            intrekking=services.LEVENSLOOP.zou_intrekken(contract),
            terug_url=contract_url(contract, f"afspraak-{afspraak.pk}"),
            document=contract.titel,
            document_url=contract_url(contract),
        )
    try:
        services.afspraak_verwijderen(afspraak=afspraak, acting_user=request.user)
    except ValidationError as fout:
        return _terug_met_fout(request, contract, fout, "afspraken")
    messages.success(request, _("Afspraak verwijderd: %(titel)s.") % {"titel": afspraak.titel})
    return redirect(contract_url(contract, "afspraken"))


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def pakket_bewerken(request: IngelogdVerzoek, contract: Contract, pk: int | None = None) -> HttpResponse:
    if contract.is_bevroren:
        return _terug_met_fout(
            request, contract, services.ContractGetekend(_("Dit contract is getekend.")), "pakketten"
        )
    pakket = access.pakket_van(contract, pk) if pk is not None else Pakket(contract=contract)
    form = PakketForm(request.POST or None, instance=pakket)

    def opslaan(_versie: int | None) -> Any:
        return services.pakket_opslaan(pakket=form.save(commit=False), acting_user=request.user)

    kop = _("Pakket bewerken") if pk else _("Pakket toevoegen")
    return _formulier(request, contract, form, opslaan, kop, "pakketten")


@contract_vereist(ContractActie.BEKIJKEN)
def financien(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    regels, addenda_extra = _met_addenda(contract)
    overzicht = selectors.overzicht_van(regels)
    # Indexation agreed by both parties, and structural against project money, per year (contracten/jaarcyclus.py).
    procenten = jaarcyclus.bevestigde_procenten(jaarcyclus.jaarstanden(contract))
    # A signed addendum may have lengthened the term: its years count too.
    jaren = sorted(set(contract.jaren) | set(overzicht.per_jaar))
    tabel = [
        {
            "jaar": j,
            "segmenten": [overzicht.per_jaar_segment[(j, s)] for s in overzicht.segmenten],
            "totaal": overzicht.per_jaar[j],
            "praktijk": overzicht.praktijk_per_jaar[j],
            "regio": overzicht.regio_per_jaar[j],
        }
        for j in overzicht.jaren
    ]
    return render(
        request,
        "contracten/financien.html",
        _context(
            contract,
            "financien",
            overzicht=overzicht,
            tabel=tabel,
            segmenttotalen=[overzicht.per_segment[s] for s in overzicht.segmenten],
            grafiek=_financiering_grafiek(overzicht),
            **addenda_extra,
            jaartotalen=jaartotalen(jaarcyclus.jaarbedragen(regels), procenten, jaren),
        ),
    )


def _met_addenda(contract: Contract) -> tuple[list[selectors.Afspraakregel], dict[str, Any]]:
    """The lines the finance overview counts: a signed contract's as its signed addenda amend them (an addendum in
    negotiation is not counted, only named with what it would change: contracten/addenda.py)."""
    if not contract.is_bevroren:
        return selectors.afspraken(contract), {}
    from contracten import addenda

    ov = addenda.overzicht(contract)
    return addenda.geldende_regels(contract, ov), {
        "addenda_getekend": ov.getekend,
        "addendum_open": ov.in_onderhandeling,
        "addendum_open_verschil": addenda.verschil_in_totaal(ov, ov.in_onderhandeling)
        if ov.in_onderhandeling
        else None,
    }


def _financiering_grafiek(overzicht: Any) -> Grafiek | None:
    if not overzicht.totaal:
        return None
    koppen = [_("Jaar"), *overzicht.segmenten, _("Totaal")]
    rijen = [
        [
            str(j),
            *[euro(overzicht.per_jaar_segment[(j, s)]) for s in overzicht.segmenten],
            euro(overzicht.per_jaar[j]),
        ]
        for j in overzicht.jaren
    ]
    return Grafiek(
        id="financiering",
        titel=_("Bedragen per jaar en segment"),
        bijschrift=_("Het geld van alle afspraken per jaar, gestapeld per segment (S1, S2, S3)."),
        figuur_json=figuur_json(financiering_figuur(overzicht)),
        tabel_koppen=koppen,
        tabel_rijen=rijen,
        label=_("Staafgrafiek: bedragen per jaar en segment, samen %(totaal)s") % {"totaal": euro(overzicht.totaal)},
    )


# --- negotiation and signing ---------------------------------------------------------------------------------


def _statusactie(request: IngelogdVerzoek, contract: Contract, actie: Callable[[], Any], gelukt: str) -> HttpResponse:
    try:
        actie()
    except Bewerkingsconflict:
        messages.error(
            request,
            _("Het contract is gewijzigd nadat u het opende. Bekijk de wijzigingen en probeer het opnieuw."),
        )
    except (ValidationError, PermissionDenied) as fout:
        for melding in getattr(fout, "messages", [str(fout)]):
            messages.error(request, melding)
    else:
        messages.success(request, gelukt)
    return redirect(contract_url(contract, "ondertekening"))


def _gelezen_versie(request: IngelogdVerzoek) -> int:
    try:
        return int(request.POST.get("versie", ""))
    except ValueError:
        return 0


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def aanbieden(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    return _statusactie(
        request,
        contract,
        lambda: services.contract_aanbieden(
            contract=contract,
            gelezen_versie=_gelezen_versie(request),
            acting_user=request.user,
        ),
        _("Het contract ligt ter ondertekening. De gemandateerden van beide partijen kunnen nu tekenen."),
    )


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def terugnemen(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    return _statusactie(
        request,
        contract,
        lambda: services.contract_terugnemen(contract=contract, acting_user=request.user),
        _("Het contract is weer een concept; gezette handtekeningen zijn ingetrokken."),
    )


@require_POST
@contract_vereist(ContractActie.BEKIJKEN)
def ondertekenen(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    def tekenen() -> Ondertekening:
        tweestaps_voor_besluit(request)
        return services.contract_ondertekenen(
            contract=contract,
            gelezen_versie=_gelezen_versie(request),
            acting_user=request.user,
        )

    return _statusactie(request, contract, tekenen, _("Uw handtekening staat onder deze versie van het contract."))


@contract_vereist(ContractActie.BEKIJKEN)
def historie(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    return render(
        request, "contracten/historie.html", _context(contract, "historie", wijzigingen=selectors.wijzigingen(contract))
    )


urlpatterns: list[URLPattern] = [
    path(R, lijst, name="lijst"),
    path(R + "nieuw/", nieuw, name="nieuw"),
    path(C, detail, name="detail"),
    path(C + "gegevens/", gegevens_bewerken, name="gegevens_bewerken"),
    path(C + "afspraak/nieuw/", afspraak_bewerken, name="afspraak_nieuw"),
    path(C + "afspraak/<int:pk>/", afspraak_bewerken, name="afspraak_bewerken"),
    path(C + "afspraak/<int:pk>/verwijderen/", afspraak_verwijderen, name="afspraak_verwijderen"),
    path(C + "pakket/nieuw/", pakket_bewerken, name="pakket_nieuw"),
    path(C + "pakket/<int:pk>/", pakket_bewerken, name="pakket_bewerken"),
    path(C + "financien/", financien, name="financien"),
    path(C + "aanbieden/", aanbieden, name="aanbieden"),
    path(C + "terugnemen/", terugnemen, name="terugnemen"),
    path(C + "ondertekenen/", ondertekenen, name="ondertekenen"),
    path(C + "historie/", historie, name="historie"),
]
