"""Addenda of a signed contract (contracten/addenda.py): drafting, changing their lines, signing, and their page
with the redline against the state before them and their history. They follow the contract's rights: its parties'
members see them, its editors draft and change them, its mandated people sign."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contracten import access, addenda, addendumvoorstellen
from contracten.access import ContractActie, contract_vereist
from contracten.forms import RegelvoorstelForm
from contracten.forms_addenda import AddendumForm, AddendumregelForm
from contracten.gesprek import CONTRACTGESPREK
from contracten.models import Addendum, Addendumregel, Addendumvoorstel, Contract
from contracten.views.contract import _gelezen_versie, contract_url, formulier_verwerken
from contracten.views.paden import C
from contracten.views.regelvoorstellen import voorstelformulier_verwerken
from regio import wijzigingen
from regio.gelijktijdig import Bewerkingsconflict
from regio.gesprekken import draden as gesprekdraden
from regio.tweestaps import tweestaps_voor_besluit
from regio.verzoek import IngelogdVerzoek

A = C + "addendum/<int:pk>/"


def addendum_url(addendum: Addendum, anker: str = "") -> str:
    return addenda.addendum_pad(addendum, f"#{anker}" if anker else "")


def _context(contract: Contract, **extra: Any) -> dict[str, Any]:
    return {"regio": contract.regio, "contract": contract, "tab": "overzicht", **extra}


def addenda_context(contract: Contract, user: Any, ov: addenda.Addendaoverzicht) -> dict[str, Any]:
    """For the contract page: its addenda, what holds after the signed ones, whether the person may draft one."""
    return {
        "addenda": ov.addenda,
        "addenda_geldend": addenda.geldende_regels(contract, ov) if ov.getekend else [],
        "addenda_geldend_eindjaar": ov.geldend.eindjaar,
        "mag_addendum_opstellen": contract.is_bevroren
        and ov.in_onderhandeling is None
        and bool(access.partijen_om_te_onderhandelen(user, contract)),
    }


def _formulier(
    request: IngelogdVerzoek,
    contract: Contract,
    addendum: Addendum | None,
    form: forms.BaseForm,
    opslaan: Callable[[int | None], Addendum | Addendumregel],
    kop: str,
) -> HttpResponse:
    """Validate, save, or show a conflict or refusal with the input kept."""
    terug = addendum_url(addendum) if addendum else contract_url(contract, "addenda")
    context = _context(
        contract,
        addendum=addendum,
        form=form,
        kop=kop,
        terug=terug,
        intrekking=addenda.LEVENSLOOP.zou_intrekken(addendum) if addendum else None,
    )

    def gelukt(opgeslagen: Addendum | Addendumregel) -> HttpResponse:
        messages.success(request, _("Opgeslagen."))
        return redirect(addendum_url(opgeslagen if isinstance(opgeslagen, Addendum) else opgeslagen.addendum))

    return formulier_verwerken(request, form, context, opslaan, gelukt)


def _bewerkbaar(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator (below contract_vereist): the URL's addendum of the contract, or back to its page with a
    message when it is signed and can no longer change. The view receives the addendum instead of its pk."""

    @wraps(view)
    def wrapper(request: IngelogdVerzoek, contract: Contract, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        addendum = access.addendum_van(contract, pk)
        if addendum.is_bevroren:
            messages.error(request, _("Dit addendum is getekend en kan niet meer worden gewijzigd."))
            return redirect(addendum_url(addendum))
        return view(request, contract, addendum, *args, **kwargs)

    return wrapper


# --- drafting -------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def nieuw(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    form = AddendumForm(request.POST or None)
    return _formulier(
        request,
        contract,
        None,
        form,
        lambda _versie: addenda.addendum_opstellen(
            contract=contract,
            reden=form.cleaned_data["reden"],
            eindjaar=form.cleaned_data["eindjaar"],
            acting_user=request.user,
        ),
        _("Addendum opstellen"),
    )


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
@_bewerkbaar
def gegevens(request: IngelogdVerzoek, contract: Contract, addendum: Addendum) -> HttpResponse:
    form = AddendumForm(request.POST or None, instance=addendum, initial={"versie": addendum.versie})
    return _formulier(
        request,
        contract,
        addendum,
        form,
        lambda versie: addenda.addendum_gegevens_opslaan(
            addendum=addendum,
            gelezen_versie=versie or 0,
            reden=form.cleaned_data["reden"],
            eindjaar=form.cleaned_data["eindjaar"],
            acting_user=request.user,
        ),
        _("Reden en looptijd van het addendum"),
    )


def _regelformulier(
    request: IngelogdVerzoek, contract: Contract, addendum: Addendum, regel: Addendumregel, kop: str
) -> HttpResponse:
    ov = addenda.overzicht(contract)
    voor = ov.voor[addendum.pk]
    jaren = addenda.jaren_van(ov, addendum)
    if regel.pk:
        bedragen = {int(j): Decimal(b) for j, b in regel.bedragen.items()}
    else:
        bestaand = voor.regels.get(addenda.regelsleutel(regel)) if regel.afspraak_id or regel.nieuw_van_id else None
        bedragen = dict(bestaand.bedragen) if bestaand else {}
    form = AddendumregelForm(
        request.POST or None,
        instance=regel,
        contract=contract,
        jaren=jaren,
        bedragen=bedragen,
        initial={"versie": addendum.versie},
    )

    def opslaan(versie: int | None) -> Addendumregel:
        return addenda.addendumregel_opslaan(
            addendum=addendum,
            gelezen_versie=versie or 0,
            regel=form.save(commit=False),
            bedragen=form.bedragen(),
            acting_user=request.user,
        )

    return _formulier(request, contract, addendum, form, opslaan, kop)


def _regel_voor(addendum: Addendum, sleutel: str, voor: addenda.Stand) -> Addendumregel:
    """A new addendum line about line `sleutel` of the state before the addendum, filled with its content."""
    stand = voor.regels.get(sleutel)
    if stand is None or not sleutel[1:].isdigit():
        raise Http404
    regel = Addendumregel(
        addendum=addendum,
        titel=stand.titel,
        segment=stand.segment,
        aandeel_praktijk=stand.aandeel_praktijk,
        aandeel_regio=stand.aandeel_regio,
        voorwaarden=stand.voorwaarden,
        geldsoort=stand.geldsoort,
        geindexeerd=stand.geindexeerd,
    )
    if sleutel.startswith("a"):
        regel.afspraak_id = int(sleutel[1:])
    else:
        regel.nieuw_van_id = int(sleutel[1:])
    return regel


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
@_bewerkbaar
def regel_nieuw(request: IngelogdVerzoek, contract: Contract, addendum: Addendum) -> HttpResponse:
    regel = Addendumregel(addendum=addendum, aandeel_praktijk=Decimal("100"), aandeel_regio=Decimal("0"))
    return _regelformulier(request, contract, addendum, regel, _("Nieuwe afspraak in het addendum"))


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
@_bewerkbaar
def regel_wijzigen(request: IngelogdVerzoek, contract: Contract, addendum: Addendum, sleutel: str) -> HttpResponse:
    regel = _regel_voor(addendum, sleutel, addenda.overzicht(contract).voor[addendum.pk])
    al = next((r for r in addendum.regels.all() if addenda.regelsleutel(r) == sleutel), None)
    if al is not None:
        return redirect(
            reverse("contracten:addendumregel_bewerken", args=[contract.regio.slug, contract.pk, addendum.pk, al.pk])
        )
    return _regelformulier(request, contract, addendum, regel, _("Afspraak wijzigen: %(t)s") % {"t": regel.titel})


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
@_bewerkbaar
def regel_bewerken(request: IngelogdVerzoek, contract: Contract, addendum: Addendum, rpk: int) -> HttpResponse:
    regel = access.addendumregel_van(addendum, rpk)
    if regel.vervalt:
        messages.error(request, _("Deze afspraak vervalt; haal dat uit het addendum om haar te wijzigen."))
        return redirect(addendum_url(addendum, "regels"))
    return _regelformulier(request, contract, addendum, regel, _("Wijziging bewerken: %(t)s") % {"t": regel.titel})


def _actie(
    request: IngelogdVerzoek, addendum: Addendum, actie: Callable[[], Any], gelukt: str, anker: str = ""
) -> HttpResponse:
    try:
        actie()
    except Bewerkingsconflict:
        messages.error(
            request,
            _("Het addendum is gewijzigd nadat u het opende. Bekijk de wijzigingen en probeer het opnieuw."),
        )
    except (ValidationError, PermissionDenied) as fout:
        for melding in getattr(fout, "messages", [str(fout)]):
            messages.error(request, melding)
    else:
        messages.success(request, gelukt)
    return redirect(addendum_url(addendum, anker))


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def regel_vervalt(request: IngelogdVerzoek, contract: Contract, pk: int, sleutel: str) -> HttpResponse:
    addendum = access.addendum_van(contract, pk)
    regel = _regel_voor(addendum, sleutel, addenda.overzicht(contract).voor[addendum.pk])
    regel.vervalt = True
    return _actie(
        request,
        addendum,
        lambda: addenda.addendumregel_opslaan(
            addendum=addendum,
            gelezen_versie=_gelezen_versie(request),
            regel=regel,
            bedragen={},
            acting_user=request.user,
        ),
        _("In het addendum vervalt nu: %(t)s.") % {"t": regel.titel},
    )


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def regel_verwijderen(request: IngelogdVerzoek, contract: Contract, pk: int, rpk: int) -> HttpResponse:
    addendum = access.addendum_van(contract, pk)
    regel = access.addendumregel_van(addendum, rpk)
    return _actie(
        request,
        addendum,
        lambda: addenda.addendumregel_verwijderen(regel=regel, acting_user=request.user),
        _("Uit het addendum gehaald: %(t)s.") % {"t": regel.titel},
    )


@require_POST
@contract_vereist(ContractActie.BEKIJKEN)
def ondertekenen(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    addendum = access.addendum_van(contract, pk)

    def tekenen() -> Any:
        tweestaps_voor_besluit(request)
        return addenda.addendum_ondertekenen(
            addendum=addendum, gelezen_versie=_gelezen_versie(request), acting_user=request.user
        )

    return _actie(request, addendum, tekenen, _("Uw handtekening staat onder deze versie van het addendum."))


# --- negotiating a line: proposals and counter-proposals (contracten/addendumvoorstellen.py) --------------------


def _voorstelformulier(
    request: IngelogdVerzoek,
    contract: Contract,
    addendum: Addendum,
    regel: Addendumregel,
    beantwoord: Addendumvoorstel | None,
    opslaan: Callable[[RegelvoorstelForm], Any],
    gelukt: str,
) -> HttpResponse:
    """The proposal form of a contract line, on a line of the addendum: prefilled with the line as the addendum
    has it (a proposal) or with the proposal being answered (a counter-proposal)."""
    jaren = addenda.jaren_van(addenda.overzicht(contract), addendum)
    huidig = addendumvoorstellen.regelwaarden(regel, jaren)
    form = RegelvoorstelForm(
        request.POST or None,
        contract=contract,
        jaren=jaren,
        waarden={**huidig, **(beantwoord.wijziging if beantwoord else {})},
    )
    terug = addendum_url(addendum, f"regel-{regel.pk}")
    context = _context(
        contract,
        afspraak=regel,
        beantwoord=beantwoord,
        form=form,
        terug=terug,
        looptijd=f"{jaren[0]}\u2013{jaren[-1]}",
    )
    return voorstelformulier_verwerken(request, form, context, opslaan, gelukt, terug)


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
@_bewerkbaar
def voorstel_nieuw(request: IngelogdVerzoek, contract: Contract, addendum: Addendum, rpk: int) -> HttpResponse:
    regel = access.addendumregel_van(addendum, rpk)
    return _voorstelformulier(
        request,
        contract,
        addendum,
        regel,
        None,
        lambda form: addendumvoorstellen.addendumvoorstel_doen(
            addendum=addendum,
            regel=regel,
            waarden=form.waarden(),
            toelichting=form.cleaned_data["toelichting"],
            acting_user=request.user,
        ),
        _("Uw voorstel staat bij de afspraak. De andere partij kan het aanvaarden, afwijzen of beantwoorden."),
    )


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
@_bewerkbaar
def voorstel_tegenvoorstel(request: IngelogdVerzoek, contract: Contract, addendum: Addendum, vpk: int) -> HttpResponse:
    voorstel = access.addendumvoorstel_om_te_beslissen(request.user, addendum, vpk)
    return _voorstelformulier(
        request,
        contract,
        addendum,
        voorstel.regel,
        voorstel,
        lambda form: addendumvoorstellen.addendumvoorstel_tegenvoorstellen(
            voorstel=voorstel,
            waarden=form.waarden(),
            toelichting=form.cleaned_data["toelichting"],
            acting_user=request.user,
        ),
        _("Uw tegenvoorstel staat bij de afspraak; het eerdere voorstel is daarmee beantwoord."),
    )


def _toelichting(request: IngelogdVerzoek) -> str:
    return str(request.POST.get("toelichting", ""))[:5000]


def _beslissen(request: IngelogdVerzoek, contract: Contract, pk: int, vpk: int, *, aanvaard: bool) -> HttpResponse:
    """Accept or reject proposal `vpk` on a line of addendum `pk`, for the other party."""
    addendum = access.addendum_van(contract, pk)
    voorstel = access.addendumvoorstel_om_te_beslissen(request.user, addendum, vpk)
    return _actie(
        request,
        addendum,
        lambda: addendumvoorstellen.addendumvoorstel_beslissen(
            voorstel=voorstel, aanvaard=aanvaard, toelichting=_toelichting(request), acting_user=request.user
        ),
        _("Voorstel aanvaard: de afspraak in het addendum is aangepast.")
        if aanvaard
        else _("Voorstel afgewezen; de afspraak in het addendum blijft zoals ze was."),
        f"regel-{voorstel.regel_id}",
    )


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def voorstel_aanvaarden(request: IngelogdVerzoek, contract: Contract, pk: int, vpk: int) -> HttpResponse:
    return _beslissen(request, contract, pk, vpk, aanvaard=True)


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def voorstel_afwijzen(request: IngelogdVerzoek, contract: Contract, pk: int, vpk: int) -> HttpResponse:
    return _beslissen(request, contract, pk, vpk, aanvaard=False)


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def voorstel_intrekken(request: IngelogdVerzoek, contract: Contract, pk: int, vpk: int) -> HttpResponse:
    addendum = access.addendum_van(contract, pk)
    voorstel = access.addendumvoorstel_om_in_te_trekken(request.user, addendum, vpk)
    return _actie(
        request,
        addendum,
        lambda: addendumvoorstellen.addendumvoorstel_intrekken(
            voorstel=voorstel, toelichting=_toelichting(request), acting_user=request.user
        ),
        _("Uw voorstel is ingetrokken."),
        f"regel-{voorstel.regel_id}",
    )


# --- reading --------------------------------------------------------------------------------------------------


@contract_vereist(ContractActie.BEKIJKEN)
def detail(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    addendum = access.addendum_van(contract, pk)
    ov = addenda.overzicht(contract)
    addendum = next(a for a in ov.addenda if a.pk == addendum.pk)
    mag_bewerken = (
        not addendum.is_bevroren
        and contract.is_bevroren
        and bool(access.partijen_om_te_onderhandelen(request.user, contract))
    )
    voor = ov.voor[addendum.pk]
    regels = list(addendum.regels.all())
    gewijzigd = {addenda.regelsleutel(r) for r in regels}
    bewerker = access.bewerkt_contract(request.user, contract)
    onderhandelingen = addendumvoorstellen.onderhandelingen(addendum, regels)
    return render(
        request,
        "contracten/addendum_detail.html",
        _context(
            contract,
            addendum=addendum,
            v=addenda.redline(ov, addendum),
            regels=onderhandelingen,
            open_regels=[o.regel.titel for o in onderhandelingen if o.open_voorstellen],
            # The parties the person negotiates for: whose proposals they withdraw, and which they decide.
            mijn_partijen=[p.pk for p in access.partijen_om_te_onderhandelen(request.user, contract)],
            gesprek=gesprekdraden.paginadraden(CONTRACTGESPREK, contract, request.user, bewerker=bewerker),
            te_wijzigen=[(k, s) for k, s in voor.regels.items() if k not in gewijzigd],
            stand=addenda.ondertekening(addendum),
            mijn_mandaat=access.mandaat_om_te_tekenen(contract, request.user) if not addendum.is_bevroren else None,
            mag_bewerken=mag_bewerken,
            wijzigingen=list(wijzigingen.van(addendum)),
        ),
    )


S = "<str:sleutel>/"
urlpatterns: list[URLPattern] = [
    path(C + "addendum/nieuw/", nieuw, name="addendum_nieuw"),
    path(A, detail, name="addendum"),
    path(A + "gegevens/", gegevens, name="addendum_gegevens"),
    path(A + "afspraak/nieuw/", regel_nieuw, name="addendumregel_nieuw"),
    path(A + "wijzigen/" + S, regel_wijzigen, name="addendumregel_wijzigen"),
    path(A + "vervalt/" + S, regel_vervalt, name="addendumregel_vervalt"),
    path(A + "regel/<int:rpk>/", regel_bewerken, name="addendumregel_bewerken"),
    path(A + "regel/<int:rpk>/verwijderen/", regel_verwijderen, name="addendumregel_verwijderen"),
    path(A + "ondertekenen/", ondertekenen, name="addendum_ondertekenen"),
    path(A + "regel/<int:rpk>/voorstel/", voorstel_nieuw, name="addendumvoorstel_nieuw"),
    path(A + "voorstel/<int:vpk>/tegenvoorstel/", voorstel_tegenvoorstel, name="addendumvoorstel_tegenvoorstel"),
    path(A + "voorstel/<int:vpk>/aanvaarden/", voorstel_aanvaarden, name="addendumvoorstel_aanvaarden"),
    path(A + "voorstel/<int:vpk>/afwijzen/", voorstel_afwijzen, name="addendumvoorstel_afwijzen"),
    path(A + "voorstel/<int:vpk>/intrekken/", voorstel_intrekken, name="addendumvoorstel_intrekken"),
]
