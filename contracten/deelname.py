"""Practices' opt-in: the GP organisation invites the region's practices to the contract or one package of it;
each practice's managers decide, with a date (and for S2 care the confirmation that the practice works as a
subcontractor, and a goal where the contract asks for one).

An opt-in is the contract being carried out, not a change of its terms: it is allowed in every status of the
contract, it is logged on the contract (`wijziging_loggen`) but never raises its version (`LEVENSLOOP.gewijzigd`), so
signatures stay.
What a practice sees of the contract is only what it is asked to join: titles and conditions, never amounts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from contracten import access
from contracten.models import Contract, Contractafspraak, Pakket, Praktijkdeelname, Segment
from contracten.services import vergrendeld, wijziging_loggen
from regio.dashboard import Dashboard
from regio.historie import door
from regio.models import Deelname, Gebruiker, Organisatie, Regio, Rol
from regioplan.models import Doel

if TYPE_CHECKING:
    from regio.access import AnyUser

Besluit = Praktijkdeelname.Besluit

# The kind of organisation (OrganisatieSoort.code, data the koepel keeps) that is a GP practice.
PRAKTIJKSOORT = "huisartsenpraktijk"


# --- who can be invited ---------------------------------------------------------------------------------


def praktijken_van_regio(regio: Regio, op: dt.date | None = None) -> QuerySet[Organisatie]:
    """The practices of the region: the one rule for who can be invited to a contract of `regio`.

    A practice of the region is an organisation that takes part in the region now or from a later date
    (`regio.models.Deelname`, in any role) and whose kind is a GP practice (OrganisatieSoort code
    "huisartsenpraktijk"). A practice whose participation has ended is no longer one, so it is neither invited
    nor counted in the participation rate (its earlier invitations and decisions stay on the contract).
    """
    deelnames = Deelname.objects.filter(regio=regio).lopend_of_komend(op or timezone.localdate())
    return Organisatie.objects.filter(soort__code=PRAKTIJKSOORT, deelnames__in=deelnames).distinct().order_by("naam")


def is_praktijklid(user: AnyUser, regio: Regio) -> bool:
    """Whether the user is a member of a practice of the region: only then do invitations for a practice concern
    them."""
    return user.is_authenticated and praktijken_van_regio(regio).filter(lidmaatschappen__gebruiker=user).exists()


def omschrijving(contract: Contract, pakket: Pakket | None) -> str:
    """How an invitation's scope is named in the log and the e-mails."""
    if pakket is None:
        return _("het contract %(contract)s") % {"contract": contract.titel}
    return _("%(pakket)s (%(contract)s)") % {"pakket": pakket.naam, "contract": contract.titel}


def vraagt_onderaannemer(contract: Contract, pakket: Pakket | None) -> bool:
    """Whether joining this scope means S2 care, for which the practice works as the GP organisation's subcontractor:
    the package's segment is S2 or it holds an S2 line; a whole-contract invitation: the contract has an S2 line."""
    if pakket is not None:
        return pakket.segment == Segment.S2 or pakket.afspraken.filter(segment=Segment.S2).exists()
    return contract.afspraken.filter(segment=Segment.S2).exists()


def vraagt_doel(contract: Contract, pakket: Pakket | None) -> bool:
    """Whether a practice that joins chooses a goal (the 2021 purchasing policy: each GP picks one)."""
    return pakket.doel_kiezen if pakket is not None else contract.doel_kiezen


# --- writes -----------------------------------------------------------------------------------------------


@transaction.atomic
def praktijken_uitnodigen(
    *,
    contract: Contract,
    pakket: Pakket | None,
    praktijken: Iterable[Organisatie],
    acting_user: Gebruiker,
) -> int:
    """Invite practices of the region to the contract (`pakket` None) or to one of its packages.

    Practices already invited to that scope are skipped; returns how many were invited now. Allowed in every
    status of the contract: inviting is carrying the contract out, not changing it.
    """
    huidig = vergrendeld(contract)
    if not access.mag_contract(acting_user, huidig, access.ContractActie.BEWERKEN):
        raise PermissionDenied(_("Alleen bewerkers van de contractpartijen nodigen praktijken uit."))
    if pakket is not None and pakket.contract_id != huidig.pk:
        raise ValidationError({"pakket": _("Dit pakket hoort niet bij dit contract.")})
    gekozen = {p.pk: p for p in praktijken}
    if not gekozen:
        raise ValidationError({"praktijken": _("Kies minstens één praktijk om uit te nodigen.")})
    in_regio = set(praktijken_van_regio(huidig.regio).filter(pk__in=gekozen).values_list("pk", flat=True))
    buiten = sorted(p.naam for pk, p in gekozen.items() if pk not in in_regio)
    if buiten:
        raise ValidationError(
            {
                "praktijken": _(
                    "Geen praktijk van deze regio: %(namen)s. Alleen praktijken van de regio kunnen worden uitgenodigd."
                )
                % {"namen": ", ".join(buiten)}
            }
        )
    al = set(
        Praktijkdeelname.objects.filter(contract=huidig, pakket=pakket, praktijk_id__in=gekozen).values_list(
            "praktijk_id", flat=True
        )
    )
    nieuw = [
        Praktijkdeelname(contract=huidig, pakket=pakket, praktijk=p, uitgenodigd_door=acting_user)
        for pk, p in sorted(gekozen.items(), key=lambda kv: kv[1].naam)
        if pk not in al
    ]
    if not nieuw:
        return 0
    for rij in nieuw:
        # The related rows are the ones in hand (checked above); skip the per-row existence queries.
        rij.full_clean(exclude=["contract", "pakket", "praktijk", "uitgenodigd_door"], validate_constraints=False)
    # One insert plus one history insert, whatever the number of practices (70 in the HuisartsenOZL region).
    bulk_create_with_history(nieuw, Praktijkdeelname, default_user=acting_user)
    namen = ", ".join(r.praktijk.naam for r in nieuw)
    wijziging_loggen(
        huidig,
        acting_user,
        _("%(n)s praktijk(en) uitgenodigd voor %(wat)s: %(namen)s")
        % {"n": len(nieuw), "wat": pakket.naam if pakket else _("het hele contract"), "namen": namen},
    )
    pks = list(
        Praktijkdeelname.objects.filter(
            contract=huidig, pakket=pakket, praktijk_id__in=[r.praktijk.pk for r in nieuw]
        ).values_list("pk", flat=True)
    )
    from contracten import tasks

    tasks.uitnodiging_mailen.delay_on_commit(pks)
    return len(nieuw)


@transaction.atomic
def deelname_besluiten(
    *,
    deelname: Praktijkdeelname,
    besluit: str,
    besloten_op: dt.date | None,
    onderaannemer_bevestigd: bool = False,
    doel: Doel | None = None,
    toelichting: str = "",
    acting_user: Gebruiker,
) -> Praktijkdeelname:
    """The practice's decision on its invitation, by one of its managers. A later decision replaces it (a change
    of mind); every decision stays in the history."""
    rij = (
        Praktijkdeelname.objects.select_for_update(of=("self",))
        .select_related("contract__regio", "pakket", "praktijk")
        .get(pk=deelname.pk)
    )
    if not access.mag_beslissen_voor_praktijk(acting_user, rij.praktijk):
        raise PermissionDenied(_("Alleen de beheerders van de praktijk besluiten of de praktijk meedoet."))
    fouten: dict[str, str] = {}
    if besluit not in (Besluit.DOET_MEE, Besluit.DOET_NIET_MEE):
        fouten["besluit"] = _("Kies of uw praktijk meedoet of niet.")
    if besloten_op is None:
        fouten["besloten_op"] = _("Vul de datum van het besluit in.")
    elif besloten_op > timezone.localdate():
        fouten["besloten_op"] = _("De datum van het besluit ligt in de toekomst. Vul de datum in waarop u besloot.")
    elif besloten_op < timezone.localdate(rij.uitgenodigd_op):
        fouten["besloten_op"] = _(
            "De datum van het besluit ligt voor de uitnodiging (%(datum)s). Vul de datum in waarop u besloot."
        ) % {"datum": date_format(timezone.localdate(rij.uitgenodigd_op), "j F Y")}
    meedoen = besluit == Besluit.DOET_MEE
    if meedoen and vraagt_onderaannemer(rij.contract, rij.pakket) and not onderaannemer_bevestigd:
        fouten["onderaannemer_bevestigd"] = _(
            "Dit omvat S2-zorg: bevestig dat uw praktijk deze zorg als onderaannemer van %(org)s levert."
        ) % {"org": rij.contract.huisartsenorganisatie.naam}
    doel_gevraagd = vraagt_doel(rij.contract, rij.pakket)
    if meedoen and doel_gevraagd:
        if doel is None:
            fouten["doel"] = _("Kies het doel waaraan uw praktijk werkt.")
        elif not doel.actief:
            fouten["doel"] = _("Dit doel kan niet meer worden gekozen. Kies een van de doelen in de lijst.")
    if fouten:
        raise ValidationError(fouten)
    vorig = rij.besluit
    rij.besluit = besluit
    rij.besloten_op = besloten_op
    rij.besloten_door = acting_user
    rij.onderaannemer_bevestigd = meedoen and onderaannemer_bevestigd
    rij.doel = doel if meedoen and doel_gevraagd else None
    rij.toelichting = toelichting.strip()
    rij.full_clean(validate_constraints=False)
    door(rij, acting_user)
    rij.save()
    waarden = {
        "praktijk": rij.praktijk.naam,
        "wat": rij.pakket.naam if rij.pakket else _("het hele contract"),
        "datum": date_format(besloten_op, "j-n-Y") if besloten_op else "",
    }
    if meedoen:
        wat = _("%(praktijk)s doet mee met %(wat)s (besluit van %(datum)s)")
    else:
        wat = _("%(praktijk)s doet niet mee met %(wat)s (besluit van %(datum)s)")
    if vorig != Besluit.UITGENODIGD:
        wat = _("Besluit gewijzigd: %(regel)s") % {"regel": wat}
    wijziging_loggen(rij.contract, acting_user, wat % waarden, namens=rij.praktijk)
    return rij


@transaction.atomic
def deelname_intrekken(*, deelname: Praktijkdeelname, acting_user: Gebruiker) -> None:
    """Withdraw an invitation the practice has not decided on yet (the contracting parties do this)."""
    rij = (
        Praktijkdeelname.objects.select_for_update(of=("self",))
        .select_related("contract", "pakket", "praktijk")
        .get(pk=deelname.pk)
    )
    if not access.mag_contract(acting_user, rij.contract, access.ContractActie.BEWERKEN):
        raise PermissionDenied(_("Alleen bewerkers van de contractpartijen trekken een uitnodiging in."))
    if rij.besluit != Besluit.UITGENODIGD:
        raise ValidationError(
            _("%(praktijk)s heeft al besloten; een uitnodiging met een besluit kan niet meer worden ingetrokken.")
            % {"praktijk": rij.praktijk.naam}
        )
    wat = _("Uitnodiging ingetrokken: %(praktijk)s voor %(wat)s") % {
        "praktijk": rij.praktijk.naam,
        "wat": rij.pakket.naam if rij.pakket else _("het hele contract"),
    }
    door(rij, acting_user)
    rij.delete()
    wijziging_loggen(rij.contract, acting_user, wat)


# --- reads --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deelnamegraad:
    """How many practices of the region take part in one scope (the whole contract or one package)."""

    pakket: Pakket | None
    praktijken_in_regio: int
    uitgenodigd: int
    doet_mee: int
    doet_niet_mee: int
    geen_besluit: int

    @property
    def tekst(self) -> str:
        """The rate as a person reads it, like "70 van 70 praktijken doen mee"."""
        waarden = {"x": self.doet_mee, "y": self.praktijken_in_regio}
        if self.praktijken_in_regio == 1:
            return _("%(x)s van %(y)s praktijk doet mee") % waarden
        if self.doet_mee == 1:
            return _("%(x)s van %(y)s praktijken doet mee") % waarden
        return _("%(x)s van %(y)s praktijken doen mee") % waarden

    @property
    def procent(self) -> int:
        return round(100 * self.doet_mee / self.praktijken_in_regio) if self.praktijken_in_regio else 0

    @property
    def schaal(self) -> int:
        """The top of the meter: the region's practices (or more, if practices that left still take part)."""
        return max(self.praktijken_in_regio, self.doet_mee)


def _graad(pakket: Pakket | None, rijen: Sequence[Praktijkdeelname], in_regio: int) -> Deelnamegraad:
    tel = dict.fromkeys(Besluit, 0)
    for r in rijen:
        tel[Besluit(r.besluit)] += 1
    return Deelnamegraad(
        pakket=pakket,
        praktijken_in_regio=in_regio,
        uitgenodigd=len(rijen),
        doet_mee=tel[Besluit.DOET_MEE],
        doet_niet_mee=tel[Besluit.DOET_NIET_MEE],
        geen_besluit=tel[Besluit.UITGENODIGD],
    )


def deelnamegraad(contract: Contract, pakket: Pakket | None = None) -> Deelnamegraad:
    """The participation rate of the whole contract (`pakket` None) or one package: two queries."""
    rijen = list(Praktijkdeelname.objects.filter(contract=contract, pakket=pakket).only("besluit"))
    return _graad(pakket, rijen, praktijken_van_regio(contract.regio).count())


@dataclass
class Onderdeel:
    """One scope on the contract's Praktijken tab: its rate, its invitations, who can still be invited."""

    pakket: Pakket | None
    graad: Deelnamegraad
    deelnames: list[Praktijkdeelname]
    nog_uit_te_nodigen: list[Organisatie]
    onderaannemer: bool
    doel_kiezen: bool

    @property
    def sleutel(self) -> str:
        """A stable id for anchors and form prefixes."""
        return f"pakket-{self.pakket.pk}" if self.pakket else "contract"


def praktijken_overzicht(contract: Contract) -> list[Onderdeel]:
    """The whole contract and each package: the rate and the invitations. A fixed number of queries."""
    pakketten = list(contract.pakketten.all())
    s2_pakketten = set(
        Contractafspraak.objects.filter(contract=contract, segment=Segment.S2).values_list("pakket_id", flat=True)
    )
    praktijken = list(praktijken_van_regio(contract.regio))
    rijen = list(Praktijkdeelname.objects.filter(contract=contract).select_related("praktijk", "besloten_door", "doel"))
    onderdelen = []
    for pakket in [None, *pakketten]:
        eigen = [r for r in rijen if r.pakket_id == (pakket.pk if pakket else None)]
        uitgenodigd = {r.praktijk_id for r in eigen}
        onderdelen.append(
            Onderdeel(
                pakket=pakket,
                graad=_graad(pakket, eigen, len(praktijken)),
                deelnames=eigen,
                nog_uit_te_nodigen=[p for p in praktijken if p.pk not in uitgenodigd],
                onderaannemer=(pakket.segment == Segment.S2 or pakket.pk in s2_pakketten)
                if pakket
                else bool(s2_pakketten),
                doel_kiezen=vraagt_doel(contract, pakket),
            )
        )
    return onderdelen


@dataclass
class Historieregel:
    op: dt.datetime
    besluit: str
    besloten_op: dt.date | None
    doel: str
    onderaannemer_bevestigd: bool
    door: str
    soort: str


@dataclass
class Uitnodiging:
    """What a practice is asked to join, without any amount of the contract."""

    deelname: Praktijkdeelname
    contract: Contract
    pakket: Pakket | None
    afspraken: list[Contractafspraak]
    onderaannemer: bool
    doel_kiezen: bool
    doelen: list[Doel]
    beslissers: list[Gebruiker]
    historie: list[Historieregel] = field(default_factory=list)


def uitnodiging_inhoud(deelname: Praktijkdeelname) -> Uitnodiging:
    """The practice's page: the contract's parties and term, the package, the lines' titles and conditions in the
    invitation's scope (a package's own lines; for the whole contract the lines outside packages), the goals to
    choose from, who may decide, and the history of the decision."""
    contract = Contract.objects.select_related("regio", "zorgverzekeraar", "huisartsenorganisatie").get(
        pk=deelname.contract_id
    )
    pakket = deelname.pakket
    # Titles, segments and conditions only: the page never reads the lines' amounts or their split.
    afspraken = list(Contractafspraak.objects.filter(contract=contract, pakket=pakket).select_related("doel"))
    if pakket is not None:
        onderaannemer = pakket.segment == Segment.S2 or any(a.segment == Segment.S2 for a in afspraken)
    else:
        onderaannemer = vraagt_onderaannemer(contract, None)
    doel_kiezen = vraagt_doel(contract, pakket)
    beslissers = list(
        Gebruiker.objects.filter(
            lidmaatschappen__organisatie_id=deelname.praktijk_id, lidmaatschappen__rol=Rol.BEHEERDER, is_active=True
        ).order_by("naam")
    )
    historie = []
    rijen = deelname.history.select_related("history_user", "uitgenodigd_door", "doel")
    for h in rijen.order_by("-history_date", "-history_id"):
        soort = {"+": _("uitgenodigd"), "-": _("ingetrokken")}.get(h.history_type, _("besluit"))
        # Invitations made outside the service (imports, the admin) name no user in their history row.
        wie = h.history_user or (h.uitgenodigd_door if h.history_type == "+" else None)
        historie.append(
            Historieregel(
                op=h.history_date,
                besluit=str(Besluit(h.besluit).label),
                besloten_op=h.besloten_op,
                doel=h.doel.naam if h.doel_id and h.doel else "",
                onderaannemer_bevestigd=h.onderaannemer_bevestigd,
                door=str(wie) if wie else "",
                soort=str(soort),
            )
        )
    return Uitnodiging(
        deelname=deelname,
        contract=contract,
        pakket=pakket,
        afspraken=afspraken,
        onderaannemer=onderaannemer,
        doel_kiezen=doel_kiezen,
        doelen=list(Doel.objects.filter(actief=True)) if doel_kiezen else [],
        beslissers=beslissers,
        historie=historie,
    )


def open_uitnodigingen(user: AnyUser, regios: Iterable[Regio]) -> list[Praktijkdeelname]:
    """Invitations of the user's practices in `regios` that wait for a decision."""
    return list(
        access.deelnames_voor_praktijklid(user)
        .filter(contract__regio__in=list(regios), besluit=Besluit.UITGENODIGD)
        .select_related("contract__regio")
        .order_by("uitgenodigd_op", "pk")
    )


def dashboard_onderdeel(dashboard: Dashboard) -> SafeString:
    """The practice's part of "Mijn regio's" (settings.REGIO_DASHBOARD): invitations waiting for a decision."""
    if not dashboard.regios or not dashboard.lidmaatschappen:
        return mark_safe("")  # only members of a practice have invitations
    wachtend = open_uitnodigingen(dashboard.gebruiker, dashboard.regios)
    if not wachtend:
        return mark_safe("")
    beheerd = {o.pk for o in dashboard.organisaties(Rol.BEHEERDER)}
    html = render_to_string(
        "contracten/_deelname_dashboard.html",
        {"wachtend": [(d, d.praktijk_id in beheerd) for d in wachtend]},
        request=dashboard.request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by our own template with autoescaping
