"""Who may see or do what with a contract: the one place in this app that decides it, and asks django-guardian.

Contracts and their money are competition-sensitive. The rules:
- See a contract (lines, finance, signatures, monitoring, PDF): members of its two parties, through object
  permissions granted per contract to the parties' reader groups (`rechten_toekennen`). Nobody else: not another
  insurer or participant of the region, not koepel staff. For them a contract does not exist (404).
- Edit it, invite practices, record results: editors of its two parties (`bewerken_contract`, editor groups).
- Negotiate its lines (contracten/regelvoorstellen.py): editors of a party propose for their party; an editor of
  the *other* party accepts, rejects or counters a proposal, and agrees to a line the other party wrote
  (`partijen_om_te_onderhandelen`, `beslissen_vereist`); only the proposing party withdraws. Readers of a party see
  the trail and decide nothing (403); members of the party that made the proposal may not decide it (403).
- Sign it: a member of one of its parties with a "contract" mandate valid on the day (`mandaat_om_te_tekenen`;
  the signing service asks it again inside its transaction, because it depends on the date and the version).
- A practice sees only its own invitations (what it is asked to join, never amounts of the contract), and its
  managers (beheerder) decide on them.
- Addenda follow the contract: its parties' members see them and comment on them, its editors draft them and
  negotiate their lines as the contract's lines (`addendumvoorstel_om_te_beslissen`), its mandated people sign.
- Comment on it, its lines, and write a party's internal notes: the members of its two parties (`eigen_partijen`);
  resolve a thread: its author and the parties' editors. Everybody else gets 404, as for the contract.
- Start a contract in a region: editors of a contracting party of the region, for their own party.

Global (model-level) permissions never open a row here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.utils import timezone
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm, get_objects_for_user

from contracten.models import (
    Addendum,
    Addendumregel,
    Addendumvoorstel,
    Contract,
    Contractafspraak,
    Contractstatus,
    Jaarafspraak,
    Meetresultaat,
    Ondertekening,
    Pakket,
    Praktijkdeelname,
    Rapportagemoment,
    Regelvoorstel,
    Resultaatimport,
    met_verlenging,
)
from regio import audit
from regio.access import RegioActie, draadlezers, geldig_mandaat, gemandateerden, mag_regio, regio_vereist
from regio.models import Auditregel, Lidmaatschap, Mandaat, Onderwerp, Organisatie, Regio, Rol
from regio.services import organisatie_groepen_verzekeren
from regio.verzoek import IngelogdVerzoek
from regio.verzoekcache import onthouden
from regioplan.models import Meetpunt

if TYPE_CHECKING:
    from regio.access import AnyUser
    from regio.models import Gebruiker


class ContractActie(StrEnum):
    BEKIJKEN = "view_contract"
    BEWERKEN = "bewerken_contract"


def rechten_toekennen(contract: Contract) -> None:
    """Grant the contract to its two parties: view to their reader groups, edit to their editor groups."""
    for organisatie in contract.partijen:
        groepen = organisatie_groepen_verzekeren(organisatie)
        for actie, rol in ((ContractActie.BEKIJKEN, Rol.LEZER), (ContractActie.BEWERKEN, Rol.BEWERKER)):
            assign_perm(f"contracten.{actie}", groepen[rol], contract)
            audit.vastleggen(
                soort=Auditregel.Soort.RECHTEN,
                wat=f"recht {actie} gegeven aan groep {groepen[rol].name} op contract '{contract.titel}'",
                organisatie=organisatie,
                regio=contract.regio,
                vertrouwelijk=True,
            )


def contracten_for_user(user: AnyUser, actie: ContractActie = ContractActie.BEKIJKEN) -> QuerySet[Contract]:
    if not user.is_authenticated or not user.is_active:
        return Contract.objects.none()
    return get_objects_for_user(user, actie.value, klass=Contract, with_superuser=False, accept_global_perms=False)


def mag_contract(user: AnyUser, contract: Contract, actie: ContractActie) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    # Asked several times per page (view, edit, negotiate, comment): the two permission queries once per request.
    rechten = onthouden(
        ("contractrechten", user.pk, contract.pk), lambda: list(ObjectPermissionChecker(user).get_perms(contract))
    )
    return actie.value in rechten


def mag_contract_maken(user: AnyUser, regio: Regio) -> bool:
    return mag_regio(user, regio, RegioActie.BEWERKEN)


def mandaat_om_te_tekenen(contract: Contract, gebruiker: Gebruiker, op: dt.date | None = None) -> Mandaat | None:
    """The mandate under which `gebruiker` may sign the contract (on `op`, default today), or None if they may not."""
    return geldig_mandaat(
        gebruiker=gebruiker,
        regio=contract.regio,
        onderwerp=Onderwerp.CONTRACT,
        partijen=contract.partijen,
        op=op or timezone.localdate(),
    )


def wie_mag_tekenen(contract: Contract) -> list[Gebruiker]:
    """Everyone `mandaat_om_te_tekenen` lets sign the contract today, for either party."""
    return gemandateerden(
        regio=contract.regio, onderwerp=Onderwerp.CONTRACT, partijen=contract.partijen, op=timezone.localdate()
    )


def eigen_partijen(user: AnyUser, contract: Contract) -> list[Organisatie]:
    """The contract's parties the user is a member of (usually one)."""
    if not user.is_authenticated:
        return []
    leden = set(
        onthouden(
            ("contractleden", user.pk, contract.pk),
            lambda: list(
                Lidmaatschap.objects.filter(gebruiker=user, organisatie__in=contract.partijen).values_list(
                    "organisatie_id", flat=True
                )
            ),
        )
    )
    return [o for o in contract.partijen if o.pk in leden]


def contract_van_regio(user: AnyUser, regio: Regio, pk: int, actie: ContractActie) -> Contract:
    """The contract `pk` of `regio` if the user may see it (404 otherwise); 403 if they may see it but not `actie`."""
    contract = (
        # The term as extended by signed addenda shows in every page's header: asked in the same query.
        met_verlenging(contracten_for_user(user))
        .filter(regio=regio, pk=pk)
        .select_related("regio", "regioplan", "zorgverzekeraar", "huisartsenorganisatie")
        # An early end (contracten/looptijd.py) shows on every page of the contract: asked with it, not after.
        .select_related("beeindiging__namens", "beeindiging__door")
        .first()
    )
    if contract is None:
        raise Http404
    if actie is not ContractActie.BEKIJKEN and not mag_contract(user, contract, actie):
        raise PermissionDenied
    return contract


def _van(qs: QuerySet[Any], **kwargs: Any) -> Any:
    obj = qs.filter(**kwargs).first()
    if obj is None:
        raise Http404
    return obj


def afspraak_van(contract: Contract, pk: int) -> Contractafspraak:
    return _van(Contractafspraak.objects.all(), contract=contract, pk=pk)


def ondertekening_van(contract: Contract, pk: int) -> Ondertekening:
    return _van(Ondertekening.objects.select_related("organisatie", "gebruiker"), contract=contract, pk=pk)


def regelvoorstel_van(contract: Contract, pk: int) -> Regelvoorstel:
    return _van(Regelvoorstel.objects.select_related("afspraak", "namens"), contract=contract, pk=pk)


def partijen_om_te_onderhandelen(user: AnyUser, contract: Contract) -> list[Organisatie]:
    """The contract's parties the user negotiates for: their own, if they may edit the contract; else none."""
    if not mag_contract(user, contract, ContractActie.BEWERKEN):
        return []
    return eigen_partijen(user, contract)


def mag_beslissen_over(user: AnyUser, contract: Contract, namens_id: int | None) -> bool:
    """Decide on what the party `namens_id` proposed or wrote: an editor of the other party. Content whose author
    party is unknown (lines from before proposals existed) may be agreed to by either party."""
    return any(p.pk != namens_id for p in partijen_om_te_onderhandelen(user, contract))


def mag_intrekken(user: AnyUser, contract: Contract, voorstel: Regelvoorstel | Addendumvoorstel) -> bool:
    return any(p.pk == voorstel.namens_id for p in partijen_om_te_onderhandelen(user, contract))


def regelvoorstel_om_te_beslissen(user: AnyUser, contract: Contract, pk: int) -> Regelvoorstel:
    """Proposal `pk` of the contract, for an editor of the party that did not make it (404 missing, 403 else)."""
    voorstel = regelvoorstel_van(contract, pk)
    if not mag_beslissen_over(user, contract, voorstel.namens_id):
        raise PermissionDenied
    return voorstel


def regelvoorstel_om_in_te_trekken(user: AnyUser, contract: Contract, pk: int) -> Regelvoorstel:
    voorstel = regelvoorstel_van(contract, pk)
    if not mag_intrekken(user, contract, voorstel):
        raise PermissionDenied
    return voorstel


def afspraak_om_akkoord_te_geven(user: AnyUser, contract: Contract, pk: int) -> Contractafspraak:
    """Line `pk` of the contract, for an editor of the party that did not write its current content."""
    afspraak = afspraak_van(contract, pk)
    if not mag_beslissen_over(user, contract, afspraak.opgesteld_namens_id):
        raise PermissionDenied
    return afspraak


def pakket_van(contract: Contract, pk: int) -> Pakket:
    return _van(Pakket.objects.all(), contract=contract, pk=pk)


def uitnodiging_van(contract: Contract, pk: int) -> Praktijkdeelname:
    return _van(Praktijkdeelname.objects.select_related("praktijk", "pakket"), contract=contract, pk=pk)


def rapportagemoment_van(contract: Contract, pk: int) -> Rapportagemoment:
    return _van(Rapportagemoment.objects.select_related("meetpunt"), contract=contract, pk=pk)


def meetpunt_van(contract: Contract, pk: int) -> Meetpunt:
    """Measuring point `pk` if it is on one of the contract's lines; 404 otherwise."""
    return _van(Meetpunt.objects.select_related("activiteit", "eigenaar"), pk=pk, contractafspraken__contract=contract)


def contract_vereist(
    actie: ContractActie,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator: the URL's region (slug) and contract (pk) resolved to a contract the user may `actie` on.

    The decorated view receives the contract instead of the region and the pk.
    """

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        @regio_vereist(RegioActie.BEKIJKEN)
        def wrapper(
            request: IngelogdVerzoek, regio: Regio, contract_pk: int, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            contract = contract_van_regio(request.user, regio, contract_pk, actie)
            return view(request, contract, *args, **kwargs)

        return wrapper

    return decorator


# --- practices ----------------------------------------------------------------------------------------


def deelnames_voor_praktijklid(user: AnyUser, regio: Regio | None = None) -> QuerySet[Praktijkdeelname]:
    """The invitations of the practices the user is a member of (in `regio`, or everywhere)."""
    if not user.is_authenticated or not user.is_active:
        return Praktijkdeelname.objects.none()
    qs = Praktijkdeelname.objects.filter(praktijk__lidmaatschappen__gebruiker=user)
    if regio is not None:
        qs = qs.filter(contract__regio=regio)
    return qs.select_related("contract", "pakket", "praktijk", "doel")


def mag_beslissen_voor_praktijk(user: AnyUser, praktijk: Organisatie) -> bool:
    return bool(
        user.is_authenticated
        and Lidmaatschap.objects.filter(gebruiker=user, organisatie=praktijk, rol=Rol.BEHEERDER).exists()
    )


def praktijken_om_voor_te_beslissen(user: AnyUser) -> set[int]:
    """The pks of the practices the user manages, and so decides on invitations for."""
    if not user.is_authenticated:
        return set()
    return set(Lidmaatschap.objects.filter(gebruiker=user, rol=Rol.BEHEERDER).values_list("organisatie_id", flat=True))


def deelname_vereist(
    beslissen: bool,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator for a practice's own invitation: members of the practice see it (others 404);
    only its managers decide (403 for the other members)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        @regio_vereist(RegioActie.BEKIJKEN)
        def wrapper(
            request: IngelogdVerzoek, regio: Regio, deelname_pk: int, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            deelname = _van(deelnames_voor_praktijklid(request.user, regio), pk=deelname_pk)
            if beslissen and not mag_beslissen_voor_praktijk(request.user, deelname.praktijk):
                raise PermissionDenied
            return view(request, deelname, *args, **kwargs)

        return wrapper

    return decorator


# --- comment threads (regio/gesprekken) --------------------------------------------------------------------


def lezers_van_contractdraad(contract: Contract, intern_voor: Organisatie | None) -> QuerySet[Gebruiker]:
    """Who may read a thread on the contract: the members of its two parties (of the one party, for an internal
    note). Never the region's other parties or koepel staff."""
    return draadlezers(contract.partijen, intern_voor)


def bewerkt_contract(user: AnyUser, contract: Contract) -> bool:
    return mag_contract(user, contract, ContractActie.BEWERKEN)


# --- addenda (contracten/addenda.py): they follow the contract's rights ------------------------------------------


def addendum_van(contract: Contract, pk: int) -> Addendum:
    """Addendum `pk` of the contract (already resolved for the user: contract_vereist); 404 otherwise."""
    addendum: Addendum = _van(Addendum.objects.all(), contract=contract, pk=pk)
    addendum.contract = contract
    return addendum


def addendumregel_van(addendum: Addendum, pk: int) -> Addendumregel:
    return _van(Addendumregel.objects.all(), addendum=addendum, pk=pk)


# Negotiating an addendum's lines (contracten/addendumvoorstellen.py): as a contract's lines. Editors of a party
# propose for it; an editor of the *other* party accepts, rejects or counters (403 for the proposing party and for
# readers); only the proposing party withdraws.


def addendumvoorstel_van(addendum: Addendum, pk: int) -> Addendumvoorstel:
    voorstel: Addendumvoorstel = _van(
        Addendumvoorstel.objects.select_related("regel", "namens", "ingediend_door"), addendum=addendum, pk=pk
    )
    voorstel.addendum = addendum
    return voorstel


def addendumvoorstel_om_te_beslissen(user: AnyUser, addendum: Addendum, pk: int) -> Addendumvoorstel:
    """Proposal `pk` on a line of the addendum, for an editor of the party that did not make it (404, else 403)."""
    voorstel = addendumvoorstel_van(addendum, pk)
    if not mag_beslissen_over(user, addendum.contract, voorstel.namens_id):
        raise PermissionDenied
    return voorstel


def addendumvoorstel_om_in_te_trekken(user: AnyUser, addendum: Addendum, pk: int) -> Addendumvoorstel:
    voorstel = addendumvoorstel_van(addendum, pk)
    if not mag_intrekken(user, addendum.contract, voorstel):
        raise PermissionDenied
    return voorstel


# --- results: confirmed or disputed by the other party ---------------------------------------------------


def mag_resultaat_beoordelen(user: AnyUser, contract: Contract, resultaat: Meetresultaat) -> bool:
    """Confirm or dispute a result: an editor of the contract's party that did not record it, and never the person
    who recorded it (also when the party is unknown)."""
    return resultaat.vastgelegd_door_id != getattr(user, "pk", None) and mag_beslissen_over(
        user, contract, resultaat.namens_id
    )


def resultaat_om_te_beoordelen(user: AnyUser, contract: Contract, pk: int) -> Meetresultaat:
    """Result `pk` of the contract, for someone who may confirm or dispute it (404 missing, 403 otherwise)."""
    resultaat: Meetresultaat = _van(
        Meetresultaat.objects.select_related("meetpunt", "namens"), contract=contract, pk=pk
    )
    if not mag_resultaat_beoordelen(user, contract, resultaat):
        raise PermissionDenied
    return resultaat


def resultaatimport_van(contract: Contract, pk: int) -> Resultaatimport:
    return _van(Resultaatimport.objects.select_related("aangemaakt_door"), contract=contract, pk=pk)


# --- practices' members: the monitoring of the contracts their practice takes part in ---------------------------


def contracten_voor_praktijklid(user: AnyUser, regio: Regio) -> QuerySet[Contract]:
    """The signed contracts of `regio` that a practice the user is a member of takes part in (decided "doet mee").
    Its members see those contracts' measuring points and results, never their money (contracten/praktijkmonitoring.py).
    """
    if not user.is_authenticated or not user.is_active:
        return Contract.objects.none()
    return Contract.objects.filter(
        regio=regio,
        status=Contractstatus.GETEKEND,
        deelnames__besluit=Praktijkdeelname.Besluit.DOET_MEE,
        deelnames__praktijk__lidmaatschappen__gebruiker=user,
    ).distinct()


# --- the yearly cycle (contracten/jaarcyclus.py) -------------------------------------------------------------------
# Readers of the two parties see every year; editors of a party propose a year's figures (the jaarvoorstel view
# needs BEWERKEN); the *other* party confirms (an editor of it here, the service asks for a valid "contract" mandate
# too); a party never confirms what it proposed itself (403). Ending the contract: see contracten/looptijd.py.


def jaar_van(contract: Contract, jaar: int) -> int:
    """`jaar` if it is a year of the contract's term (as signed addenda extended it); 404 otherwise."""
    if jaar not in contract.geldende_jaren:
        raise Http404
    return jaar


def jaarafspraak_om_te_bevestigen(user: AnyUser, contract: Contract, jaar: int) -> Jaarafspraak:
    """The figures of year `jaar`, for an editor of the party that did not propose them (404 none, 403 else)."""
    afspraak = _van(Jaarafspraak.objects.select_related("opgesteld_namens"), contract=contract, jaar=jaar)
    if not mag_beslissen_over(user, contract, afspraak.opgesteld_namens_id):
        raise PermissionDenied
    return afspraak
