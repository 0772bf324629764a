"""The yearly cycle of a contract (its years, each year's figures and money against the plan) and ending it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contracten import access, addenda, begroting, jaarcyclus, looptijd
from contracten.access import ContractActie, contract_vereist
from contracten.financiering import indexeren, jaartotalen
from contracten.forms_jaarcyclus import BeeindigingForm, JaarvoorstelForm
from contracten.models import Contract, Contractstatus
from contracten.views.contract import _fouten_in_form, _gelezen_versie, contract_url, formulier_verwerken
from contracten.views.paden import C
from regio.gelijktijdig import Bewerkingsconflict
from regio.tweestaps import tweestaps_voor_besluit
from regio.verzoek import IngelogdVerzoek
from regioplan.models import Activiteit


def jaren_url(contract: Contract, jaar: int | None = None) -> str:
    if jaar is None:
        return reverse("contracten:jaren", args=[contract.regio.slug, contract.pk])
    return reverse("contracten:jaar", args=[contract.regio.slug, contract.pk, jaar])


def _context(contract: Contract, **extra: Any) -> dict[str, Any]:
    return {"regio": contract.regio, "contract": contract, "tab": "jaren", **extra}


@contract_vereist(ContractActie.BEKIJKEN)
def jaren(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    """Every year of the term: base, indexation, total, structural and project money, where its figures stand,
    and money against the plan in short."""
    standen = jaarcyclus.jaarstanden(contract)
    procenten = jaarcyclus.bevestigde_procenten(standen)
    # What holds: a signed contract's lines and years as its signed addenda amend and extend them.
    regels = addenda.wat_geldt(contract)
    totalen = jaartotalen(jaarcyclus.jaarbedragen(regels), procenten, contract.geldende_jaren)
    vergelijkingen = begroting.per_jaar(
        contract, procenten, jaarplannen=jaarcyclus.jaarplannen_van(standen), regels=regels
    )
    rijen = [{"t": t, "stand": standen[t.jaar], "begroting": vergelijkingen[t.jaar]} for t in totalen]
    return render(
        request,
        "contracten/jaar_overzicht.html",
        _context(
            contract,
            rijen=rijen,
            **looptijd.looptijd_context(contract, request.user),
        ),
    )


@contract_vereist(ContractActie.BEKIJKEN)
def jaar(request: IngelogdVerzoek, contract: Contract, jaar: int) -> HttpResponse:
    """One year: each line's base amount, indexation and total; the year's plan; money against the plan; and
    where the year's figures stand (propose, confirm)."""
    access.jaar_van(contract, jaar)
    standen = jaarcyclus.jaarstanden(contract)
    stand = standen[jaar]
    procenten = jaarcyclus.bevestigde_procenten(standen)
    # What the figures would be as proposed: shown beside what is agreed until the other party confirms. The
    # indexation compounds, so the proposal applies on top of the years agreed before it.
    voorgesteld = {**procenten, jaar: stand.afspraak.indexatie_procent} if stand.afspraak is not None else {}
    regels = addenda.wat_geldt(contract)
    lijnen = [
        {
            "afspraak": r.afspraak,
            "bedrag": indexeren(jaarcyclus.jaarbedrag(r, jaar), procenten),
        }
        for r in regels
        if r.bedragen.get(jaar)
    ]
    totaal = next(t for t in jaartotalen(jaarcyclus.jaarbedragen(regels), procenten, [jaar]) if t.jaar == jaar)
    totaal_voorgesteld = (
        next(t for t in jaartotalen(jaarcyclus.jaarbedragen(regels), voorgesteld, [jaar]) if t.jaar == jaar)
        if not stand.bevestigd and stand.afspraak is not None
        else None
    )
    activiteiten = list(Activiteit.objects.filter(regioplan_id=contract.regioplan_id))
    # The year's plan: the linked adopted yearly plan if the parties chose one, else the multi-year plan's part.
    jaarplan = stand.afspraak.jaarplan if stand.afspraak is not None else None
    planactiviteiten = (
        list(jaarplan.activiteiten.all()) if jaarplan else jaarcyclus.activiteiten_in_jaar(activiteiten, jaar)
    )
    namens = [p.pk for p in access.partijen_om_te_onderhandelen(request.user, contract)]
    return render(
        request,
        "contracten/jaar_detail.html",
        _context(
            contract,
            jaar=jaar,
            stand=stand,
            lijnen=lijnen,
            totaal=totaal,
            totaal_voorgesteld=totaal_voorgesteld,
            erbij_voorgesteld=totaal_voorgesteld.totaal - totaal.totaal if totaal_voorgesteld else None,
            planactiviteiten=planactiviteiten,
            jaarplan=jaarplan,
            vergelijking=begroting.per_jaar(
                contract, procenten, activiteiten, jaarcyclus.jaarplannen_van(standen), regels
            )[jaar],
            wijzigingen=jaarcyclus.wijzigingen(stand.afspraak) if stand.afspraak is not None else [],
            mag_voorstellen=contract.status == Contractstatus.GETEKEND and bool(namens),
            mag_bevestigen=stand.afspraak is not None
            and not stand.bevestigd
            and any(p != stand.afspraak.opgesteld_namens_id for p in namens),
            mijn_mandaat=access.mandaat_om_te_tekenen(contract, request.user),
        ),
    )


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def jaar_voorstellen(request: IngelogdVerzoek, contract: Contract, jaar: int) -> HttpResponse:
    access.jaar_van(contract, jaar)
    stand = jaarcyclus.jaarstanden(contract)[jaar]
    huidig = stand.afspraak
    initial: dict[str, Any] = (
        {
            "indexatie_procent": huidig.indexatie_procent,
            "jaarplan": huidig.jaarplan_id,
            "toelichting": huidig.toelichting,
            "versie": huidig.versie,
        }
        if huidig is not None
        else {}
    )
    form = JaarvoorstelForm(request.POST or None, initial=initial, jaarplannen=jaarcyclus.jaarplannen(contract, jaar))
    context = _context(
        contract,
        form=form,
        kop=_("Cijfers van %(jaar)s voorstellen") % {"jaar": jaar},
        terug=jaren_url(contract, jaar),
        intrekking=jaarcyclus.JAARLEVENSLOOP.zou_intrekken(huidig) if huidig is not None else None,
    )

    def opslaan(gelezen_versie: int | None) -> Any:
        return jaarcyclus.jaar_voorstellen(
            contract=contract,
            jaar=jaar,
            indexatie_procent=form.cleaned_data["indexatie_procent"],
            jaarplan=form.cleaned_data["jaarplan"],
            toelichting=form.cleaned_data["toelichting"],
            gelezen_versie=gelezen_versie,
            acting_user=request.user,
        )

    def gelukt(_opgeslagen: Any) -> HttpResponse:
        messages.success(
            request, _("De cijfers van %(jaar)s zijn voorgesteld; de andere partij bevestigt ze.") % {"jaar": jaar}
        )
        return redirect(jaren_url(contract, jaar))

    return formulier_verwerken(request, form, context, opslaan, gelukt)


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def jaar_bevestigen(request: IngelogdVerzoek, contract: Contract, jaar: int) -> HttpResponse:
    access.jaar_van(contract, jaar)
    access.jaarafspraak_om_te_bevestigen(request.user, contract, jaar)
    try:
        tweestaps_voor_besluit(request)
        jaarcyclus.jaar_bevestigen(
            contract=contract, jaar=jaar, gelezen_versie=_gelezen_versie(request), acting_user=request.user
        )
    except Bewerkingsconflict:
        messages.error(request, _("De cijfers zijn gewijzigd nadat u ze opende. Bekijk ze opnieuw en bevestig dan."))
    except (ValidationError, PermissionDenied) as fout:
        for melding in getattr(fout, "messages", [str(fout)]):
            messages.error(request, melding)
    else:
        messages.success(request, _("De cijfers van %(jaar)s zijn bevestigd door beide partijen.") % {"jaar": jaar})
    return redirect(jaren_url(contract, jaar))


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEKIJKEN)
def beeindigen(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    """End a signed contract early: a mandated person of one of its parties, with a date and a reason."""
    form = BeeindigingForm(request.POST or None)
    context = _context(
        contract,
        form=form,
        beeindiging=looptijd.beeindiging_van(contract),
        mijn_mandaat=access.mandaat_om_te_tekenen(contract, request.user),
        terug=contract_url(contract, "looptijd"),
    )
    if request.method == "GET":
        return render(request, "contracten/jaar_beeindigen.html", context)
    if form.is_valid():
        try:
            tweestaps_voor_besluit(request)
            looptijd.contract_beeindigen(
                contract=contract,
                einddatum=form.cleaned_data["einddatum"],
                reden=form.cleaned_data["reden"],
                acting_user=request.user,
            )
        except PermissionDenied as fout:
            form.add_error(None, str(fout))
            return render(request, "contracten/jaar_beeindigen.html", context, status=403)
        except ValidationError as fout:
            _fouten_in_form(form, fout)
        else:
            messages.success(request, _("Het contract is beëindigd. De andere partij krijgt bericht."))
            return redirect(contract_url(contract, "looptijd"))
    return render(request, "contracten/jaar_beeindigen.html", context, status=400)


urlpatterns: list[URLPattern] = [
    path(C + "jaren/", jaren, name="jaren"),
    path(C + "jaren/<int:jaar>/", jaar, name="jaar"),
    path(C + "jaren/<int:jaar>/voorstellen/", jaar_voorstellen, name="jaar_voorstellen"),
    path(C + "jaren/<int:jaar>/bevestigen/", jaar_bevestigen, name="jaar_bevestigen"),
    path(C + "beeindigen/", beeindigen, name="beeindigen"),
]
