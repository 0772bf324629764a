"""The yearly cycle of a signed multi-year contract: per year the figures both parties agree on after signing.

Decision (issue 17): setting a year's indexation after signing does not change the signed contract's terms; it is
the cycle the contract foresees. So it does not raise the contract's version nor withdraw its signatures. It is a
small document of its own (`Jaarafspraak`) with its own life through `regio.goedkeuring.Levensloop`: an editor of
one party proposes the year's figures (index, linked year plan), someone of the *other* party with a valid
"contract" mandate confirms them; a later change (by either party) raises the year's version, which withdraws the
confirmation with the reason and mails the one who confirmed; whoever changed it is now the proposer.

Only confirmed indexation counts in the money (`bevestigde_procenten`); a proposal is shown as such.
Ending a contract early, and the end-of-term reminder, live in `contracten/looptijd.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracten import access, services, tasks
from contracten.financiering import Jaarbedrag
from contracten.models import Contract, Contractstatus, Jaarafspraak, Jaarbevestiging, eindjaar_na_addenda
from regio import berichten, goedkeuring
from regio import wijzigingen as regio_wijzigingen
from regio.access import gemandateerden
from regio.gelijktijdig import Bewerkingsconflict
from regio.getallen import procent
from regio.historie import door
from regio.models import Documentwijziging, Onderwerp
from regioplan.models import Activiteit, Regioplan
from regioplan.models import Status as Planstatus

if TYPE_CHECKING:
    from contracten.selectors import Afspraakregel
    from regio.models import Gebruiker, Organisatie


def _niet_bevroren() -> ValidationError:  # pragma: no cover - Jaarafspraak.is_bevroren is never true
    return ValidationError(_("Deze jaarafspraak kan niet meer worden gewijzigd."))


JAARLEVENSLOOP = goedkeuring.Levensloop(
    goedkeuringen=lambda jaarafspraak: jaarafspraak.bevestigingen,
    namens=lambda jaarafspraak, gebruiker: services.namens_van(jaarafspraak.contract, gebruiker),
    bevroren=_niet_bevroren,
    ingetrokken_omdat=gettext_lazy("De jaarafspraak is daarna gewijzigd: %(wat)s"),
    al_goedgekeurd=gettext_lazy("%(org)s heeft deze jaarafspraak al bevestigd."),
    intrekking_mailen=tasks.jaarbevestiging_intrekking_mailen,
    woord=gettext_lazy("de bevestiging"),
    vertrouwelijk=True,
)


def jaar_pad(contract: Contract, jaar: int) -> str:
    return reverse("contracten:jaar", args=[contract.regio.slug, contract.pk, jaar])


# --- reads ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Jaarstand:
    """Where one contract year stands: its proposal (if any) and the other party's confirmation of it."""

    jaar: int
    afspraak: Jaarafspraak | None
    bevestiging: Jaarbevestiging | None  # standing, of the current version, by the party that did not propose
    ingetrokken: Jaarbevestiging | None  # the latest withdrawn confirmation, to show what happened

    @property
    def bevestigd(self) -> bool:
        return self.bevestiging is not None

    @property
    def procent(self) -> Decimal | None:
        """The year's indexation once both parties agreed on it; None before."""
        return self.afspraak.indexatie_procent if self.afspraak is not None and self.bevestigd else None

    @property
    def status(self) -> str:
        if self.afspraak is None:
            return _("nog geen jaarafspraak")
        if self.bevestigd:
            return _("jaarafspraak bevestigd door beide partijen")
        return _("voorgesteld door %(org)s, wacht op bevestiging van de andere partij") % {
            "org": self.afspraak.opgesteld_namens.naam
        }


def jaarstanden(contract: Contract) -> dict[int, Jaarstand]:
    """Per year of the term (as extended, for a contract read `met_verlenging`), where its figures stand. Two
    queries."""
    afspraken = {
        j.jaar: j
        for j in Jaarafspraak.objects.filter(contract=contract).select_related(
            "opgesteld_namens", "opgesteld_door", "jaarplan"
        )
    }
    bevestigingen: dict[int, list[Jaarbevestiging]] = {}
    for b in (
        Jaarbevestiging.objects.filter(jaarafspraak__contract=contract)
        .select_related("gebruiker", "organisatie")
        .order_by("-gegeven_op")
    ):
        bevestigingen.setdefault(b.jaarafspraak_id, []).append(b)
    standen = {}
    for jaar in contract.geldende_jaren:
        afspraak = afspraken.get(jaar)
        eigen = bevestigingen.get(afspraak.pk, []) if afspraak is not None else []
        staand = next(
            (
                b
                for b in eigen
                if afspraak is not None
                and b.ingetrokken_op is None
                and b.versie == afspraak.versie
                and b.organisatie_id != afspraak.opgesteld_namens_id
            ),
            None,
        )
        ingetrokken = next((b for b in eigen if b.ingetrokken_op is not None), None)
        standen[jaar] = Jaarstand(jaar, afspraak, staand, ingetrokken)
    return standen


def bevestigde_procenten(standen: dict[int, Jaarstand]) -> dict[int, Decimal]:
    """The indexation per year that both parties agreed on (years without one are left out)."""
    return {jaar: stand.procent for jaar, stand in standen.items() if stand.procent is not None}


def jaarplannen_van(standen: dict[int, Jaarstand]) -> dict[int, Regioplan]:
    """The adopted yearly plan linked to each year that has one (money against the plan compares with it)."""
    return {
        jaar: stand.afspraak.jaarplan
        for jaar, stand in standen.items()
        if stand.afspraak is not None and stand.afspraak.jaarplan is not None
    }


def jaarbedrag(regel: Afspraakregel, jaar: int) -> Jaarbedrag:
    """The line's base amount in `jaar`, with whether it is indexed and its kind of money."""
    a = regel.afspraak
    return Jaarbedrag(a.titel, jaar, regel.bedragen[jaar], a.geindexeerd, a.geldsoort)


def jaarbedragen(regels: list[Afspraakregel]) -> list[Jaarbedrag]:
    """Every line's base amount per year of the term, with whether it is indexed and its kind of money."""
    return [jaarbedrag(r, jaar) for r in regels for jaar in r.bedragen]


def wijzigingen(jaarafspraak: Jaarafspraak) -> list[Documentwijziging]:
    """The year's change record: proposals, changes and confirmations, latest first (one query)."""
    return list(regio_wijzigingen.van(jaarafspraak))


def jaarplannen(contract: Contract, jaar: int) -> list[Regioplan]:
    """The region's adopted one-year plans for `jaar`: what a year can be linked to besides the multi-year plan."""
    return list(
        Regioplan.objects.filter(
            regio_id=contract.regio_id, status=Planstatus.VASTGESTELD, startjaar=jaar, eindjaar=jaar
        ).order_by("-vastgesteld_op")
    )


def activiteiten_in_jaar(activiteiten: list[Activiteit], jaar: int) -> list[Activiteit]:
    """The activities whose timeline runs through `jaar`: the year's part of a multi-year plan."""
    return [a for a in activiteiten if a.start_jaar <= jaar <= a.eind_jaar]


# --- writes ---------------------------------------------------------------------------------------------------


def _jaar_controleren(contract: Contract, jaar: int) -> None:
    if contract.status != Contractstatus.GETEKEND:
        raise ValidationError(
            _("De jaarcyclus begint na de ondertekening: spreek tot dan alles af in de afspraken van het contract.")
        )
    # A year a signed addendum added to the term has its figures too.
    eind = eindjaar_na_addenda(contract)
    if not contract.startjaar <= jaar <= eind:
        raise ValidationError(
            _("%(jaar)s valt buiten de looptijd van het contract (%(looptijd)s).")
            % {"jaar": jaar, "looptijd": f"{contract.startjaar}\u2013{eind}"}
        )
    beeindiging = getattr(contract, "beeindiging", None)
    if beeindiging is not None and jaar > beeindiging.einddatum.year:
        raise ValidationError(
            _("Het contract is beëindigd per %(datum)s; voor %(jaar)s valt niets meer af te spreken.")
            % {"datum": f"{beeindiging.einddatum:%d-%m-%Y}", "jaar": jaar}
        )


def _jaarplan_controleren(contract: Contract, jaar: int, jaarplan: Regioplan | None) -> None:
    if jaarplan is None:
        return
    if (
        jaarplan.regio_id != contract.regio_id
        or jaarplan.status != Planstatus.VASTGESTELD
        or not (jaarplan.startjaar == jaarplan.eindjaar == jaar)
    ):
        raise ValidationError(
            {"jaarplan": _("Kies een vastgesteld jaarplan van deze regio voor %(jaar)s.") % {"jaar": jaar}}
        )


def _andere_partij(contract: Contract, namens: Organisatie) -> Organisatie:
    return next(p for p in contract.partijen if p.pk != namens.pk)


def _voorstel_melden(jaarafspraak: Jaarafspraak, acting_user: Gebruiker) -> None:
    """Tell the other party's mandated people that the year's figures wait for their confirmation."""
    contract = jaarafspraak.contract
    with translation.override(settings.LANGUAGE_CODE):
        velden = {
            "wie": acting_user.get_full_name(),
            "org": jaarafspraak.opgesteld_namens.naam,
            "jaar": jaarafspraak.jaar,
            "contract": contract.titel,
            "procent": procent(jaarafspraak.indexatie_procent),
        }
        onderwerp = _("[Regio] Jaarafspraak %(jaar)s van %(contract)s wacht op uw bevestiging") % velden
        tekst = (
            _(
                "%(wie)s stelde namens %(org)s de cijfers van %(jaar)s voor in %(contract)s: indexatie %(procent)s. "
                "Wie namens uw partij een mandaat voor contracten heeft, bevestigt ze of stelt andere cijfers voor."
            )
            % velden
        )
    andere = _andere_partij(contract, jaarafspraak.opgesteld_namens)
    mandaathouders = gemandateerden(
        regio=contract.regio, onderwerp=Onderwerp.CONTRACT, partijen=[andere], op=timezone.localdate()
    )
    berichten.klaarzetten(
        ontvangers=[g for g in mandaathouders if g.pk != acting_user.pk],
        soort=berichten.Berichtsoort.VOORSTEL_WACHT,
        onderwerp=onderwerp,
        tekst=tekst,
        link=jaar_pad(contract, jaarafspraak.jaar),
        regio=contract.regio,
    )


@transaction.atomic
def jaar_voorstellen(
    *,
    contract: Contract,
    jaar: int,
    indexatie_procent: Decimal,
    jaarplan: Regioplan | None,
    toelichting: str,
    gelezen_versie: int | None,
    acting_user: Gebruiker,
) -> Jaarafspraak:
    """Propose (or change) the figures of contract year `jaar` for the person's party. A change withdraws a
    confirmation given before; the other party is asked to confirm. `gelezen_versie`: the year's version the
    person read (None for a year without figures yet); someone else's save since then is a Bewerkingsconflict."""
    huidig = services.vergrendeld(contract)
    _jaar_controleren(huidig, jaar)
    namens = services.namens_van(huidig, acting_user)
    if namens is None or not access.mag_contract(acting_user, huidig, access.ContractActie.BEWERKEN):
        raise PermissionDenied(_("Alleen bewerkers van de twee contractpartijen stellen de cijfers van een jaar voor."))
    _jaarplan_controleren(huidig, jaar, jaarplan)
    bestaand = Jaarafspraak.objects.select_for_update().filter(contract=huidig, jaar=jaar).first()
    if bestaand is not None and bestaand.versie != gelezen_versie:
        raise Bewerkingsconflict(bestaand)
    afspraak = bestaand or Jaarafspraak(contract=huidig, jaar=jaar)
    afspraak.contract = huidig
    if bestaand is not None and (bestaand.indexatie_procent, bestaand.jaarplan_id, bestaand.toelichting) == (
        indexatie_procent,
        jaarplan.pk if jaarplan else None,
        toelichting,
    ):
        raise ValidationError(_("Er is niets gewijzigd aan de cijfers van %(jaar)s.") % {"jaar": jaar})
    afspraak.indexatie_procent = indexatie_procent
    afspraak.jaarplan = jaarplan
    afspraak.toelichting = toelichting
    afspraak.opgesteld_namens = namens
    afspraak.opgesteld_door = acting_user
    afspraak.full_clean(validate_constraints=False)
    door(afspraak, acting_user)
    afspraak.save()
    wat = _("Jaarafspraak %(jaar)s voorgesteld namens %(org)s: indexatie %(procent)s%(plan)s") % {
        "jaar": jaar,
        "org": namens.naam,
        "procent": procent(indexatie_procent),
        "plan": (_(", jaarplan %(titel)s") % {"titel": jaarplan.titel}) if jaarplan else "",
    }
    if bestaand is None:
        JAARLEVENSLOOP.loggen(afspraak, acting_user, wat, namens=namens)
    else:
        JAARLEVENSLOOP.gewijzigd(afspraak, acting_user, wat)
    _voorstel_melden(afspraak, acting_user)
    return afspraak


@transaction.atomic
def jaar_bevestigen(*, contract: Contract, jaar: int, gelezen_versie: int, acting_user: Gebruiker) -> Jaarbevestiging:
    """Confirm the figures of year `jaar` as proposed, at the version read, for the party that did not propose
    them, under a "contract" mandate valid today. Then the year's figures are agreed by both parties."""
    huidig = services.vergrendeld(contract)
    _jaar_controleren(huidig, jaar)
    afspraak = (
        Jaarafspraak.objects.select_for_update()
        .select_related("opgesteld_namens")
        .filter(contract=huidig, jaar=jaar)
        .first()
    )
    if afspraak is None:
        raise ValidationError(_("Voor %(jaar)s is nog niets voorgesteld om te bevestigen.") % {"jaar": jaar})
    if afspraak.versie != gelezen_versie:
        raise Bewerkingsconflict(afspraak)
    afspraak.contract = huidig
    mandaat = access.mandaat_om_te_tekenen(huidig, acting_user)
    if mandaat is None:
        raise PermissionDenied(
            _("U hebt vandaag geen geldig mandaat voor contracten namens een partij van dit contract.")
        )
    if mandaat.organisatie_id == afspraak.opgesteld_namens_id:
        raise PermissionDenied(
            _("%(org)s stelde deze cijfers zelf voor; de andere partij bevestigt ze.")
            % {"org": afspraak.opgesteld_namens.naam}
        )
    bevestiging, door_beide = JAARLEVENSLOOP.goedkeuren(
        afspraak,
        mandaat=mandaat,
        acting_user=acting_user,
        partijen=[mandaat.organisatie],
        logboek=f"jaarafspraak {jaar} van contract '{huidig.titel}' (versie {afspraak.versie}) bevestigd",
        wat=_("Bevestigd namens %(org)s") % {"org": mandaat.organisatie.naam},
    )
    if door_beide:
        services.wijziging_loggen(
            huidig,
            acting_user,
            _("Jaarafspraak %(jaar)s bevestigd door beide partijen: indexatie %(procent)s")
            % {"jaar": jaar, "procent": procent(afspraak.indexatie_procent)},
            samen=True,
        )
    return bevestiging


# --- e-mail (the worker) ----------------------------------------------------------------------------------------


def intrekking_mailen(pks: list[int]) -> int:
    """Tell each person whose confirmation of a year's figures a later change withdrew; once per confirmation."""
    return goedkeuring.intrekkingen_melden(
        Jaarbevestiging.objects.filter(pk__in=pks).select_related("jaarafspraak__contract__regio"),
        onderwerp=gettext_lazy("[Regio] Uw bevestiging van jaarafspraak %(jaar)s van %(contract)s is ingetrokken"),
        tekst=gettext_lazy(
            "U bevestigde de cijfers van %(jaar)s van %(contract)s namens %(org)s. Daarna zijn ze gewijzigd, zodat "
            "uw bevestiging niet meer geldt:\n\n%(omdat)s\n\nBekijk de nieuwe cijfers en bevestig ze opnieuw als u "
            "het ermee eens bent."
        ),
        waarden=lambda b: {"jaar": b.jaarafspraak.jaar, "contract": b.jaarafspraak.contract.titel},
        link=lambda b: jaar_pad(b.jaarafspraak.contract, b.jaarafspraak.jaar),
    )
