"""Writes for the regioplan. Every change goes through the plan's `LEVENSLOOP` (`regio.goedkeuring.Levensloop`):
changes to a frozen plan are refused; a change raises the plan's version, withdraws approvals of earlier versions
(and tells the approvers), and records who changed what for which party (`regio.wijzigingen`). Texts edited by
two people at once are saved with optimistic locking.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.utils import bulk_create_with_history

from regio import goedkeuring, voorstellen
from regio.access import partijen_van
from regio.gelijktijdig import (
    Bewerkingsconflict,
    koppelingen_samengevoegd,
    opslaan_met_versie,
    samenvoegnotitie,
)
from regio.gesprekken import diensten as gesprekdiensten
from regio.historie import door
from regio.models import Deelname, Organisatie, Regio
from regio.selectors import contractpartijen
from regiobeeld.models import Regiobeeld
from regioplan import meldingen, tasks
from regioplan.access import geen_mandaat, mandaat_om_goed_te_keuren
from regioplan.gesprek import PLANGESPREK
from regioplan.models import (
    Activiteit,
    Goedkeuring,
    Meetpunt,
    Plandeel,
    Plandeelsoort,
    PlanUitdaging,
    Reactie,
    Regioplan,
    Status,
    Voorstel,
)

if TYPE_CHECKING:
    from regio.models import Gebruiker

__all__ = ["Bewerkingsconflict"]


class PlanBevroren(ValidationError):
    pass


class AlleenViaVoorstel(ValidationError):
    """A plain save of a submitted plan's text: from submission on, its text changes only through proposals."""


# --- bookkeeping every change shares ---------------------------------------------------------------


def namens_in_plan(regioplan: Regioplan, gebruiker: Gebruiker) -> Organisatie | None:
    """The party a person acts for in this region: a contracting party first, else any participating one."""
    eigen = partijen_van(gebruiker, regioplan.regio)
    partijen = set(contractpartijen(regioplan.regio))
    return next((o for o in eigen if o in partijen), eigen[0] if eigen else None)


def _bevroren() -> PlanBevroren:
    return PlanBevroren(
        _("Dit plan is vastgesteld en kan niet meer worden gewijzigd. Begin een nieuwe versie om verder te werken.")
    )


LEVENSLOOP = goedkeuring.Levensloop(
    goedkeuringen=lambda plan: plan.goedkeuringen,
    namens=namens_in_plan,
    bevroren=_bevroren,
    ingetrokken_omdat=gettext_lazy("Het plan is daarna gewijzigd: %(wat)s"),
    al_goedgekeurd=gettext_lazy("%(org)s heeft deze versie al goedgekeurd."),
    intrekking_mailen=tasks.intrekking_mailen,
    woord=gettext_lazy("de goedkeuring"),
)


def _tekst_mag_wijzigen(plan: Regioplan, voorstel: Voorstel | None) -> None:
    """A frozen plan changes not at all; a submitted one only by an accepted proposal (both parties saw it)."""
    LEVENSLOOP.niet_bevroren(plan)
    if plan.status == Status.INGEDIEND and voorstel is None:
        raise AlleenViaVoorstel(
            _(
                "Dit plan is ingediend ter vaststelling: de tekst verandert nu alleen via voorstellen. "
                "Kies „Als voorstel indienen”; de andere partij aanvaardt of wijst uw voorstel af."
            )
        )


def _wat(wat: str, voorstel: Voorstel | None) -> str:
    """The change record's line; a change by an accepted proposal names whose proposal it was."""
    if voorstel is None:
        return wat
    return _("%(wat)s (voorstel van %(org)s aanvaard)") % {"wat": wat, "org": voorstel.namens.naam}


def _kopie_van(obj: Model, acting_user: Gebruiker, **anders: Any) -> None:
    """Save `obj` as a new row (version 1) with the fields in `anders` changed, recorded in its history."""
    obj.pk = None  # sets the primary key's field (`id`) too
    for veld, waarde in {**anders, "versie": 1}.items():
        setattr(obj, veld, waarde)
    obj._state.adding = True
    door(obj, acting_user)
    obj.save()


def _vergrendeld(regioplan: Regioplan) -> Regioplan:
    """The plan row, locked until commit, so two changes or approvals are applied one after the other."""
    return Regioplan.objects.select_for_update().select_related("regio").get(pk=regioplan.pk)


# --- the plan ---------------------------------------------------------------------------------------


@transaction.atomic
def regioplan_aanmaken(
    *, regio: Regio, regiobeeld: Regiobeeld, titel: str, startjaar: int, eindjaar: int, acting_user: Gebruiker
) -> Regioplan:
    """A new plan based on `regiobeeld`: its four parts empty, the regiobeeld's challenges in its order."""
    plan = Regioplan(
        regio=regio,
        regiobeeld=regiobeeld,
        titel=titel,
        startjaar=startjaar,
        eindjaar=eindjaar,
        aangemaakt_door=acting_user,
    )
    plan.full_clean()
    door(plan, acting_user)
    plan.save()
    # With history rows, so every part and challenge can be traced (and restored) back to its start.
    bulk_create_with_history(
        [Plandeel(regioplan=plan, soort=s) for s in Plandeelsoort.values], Plandeel, default_user=acting_user
    )
    bulk_create_with_history(
        [
            PlanUitdaging(regioplan=plan, uitdaging=u, titel=u.titel, prioriteit=i)
            for i, u in enumerate(regiobeeld.uitdagingen.order_by("volgorde", "pk"), start=1)
        ],
        PlanUitdaging,
        default_user=acting_user,
    )
    LEVENSLOOP.loggen(
        plan, acting_user, _("Plan aangemaakt op basis van regiobeeld %(jaar)s") % {"jaar": regiobeeld.jaar}
    )
    return plan


@transaction.atomic
def regioplan_gegevens_opslaan(
    *, regioplan: Regioplan, gelezen_versie: int, titel: str, startjaar: int, eindjaar: int, acting_user: Gebruiker
) -> Regioplan:
    regioplan = _vergrendeld(regioplan)
    LEVENSLOOP.niet_bevroren(regioplan)
    if regioplan.versie != gelezen_versie:
        raise Bewerkingsconflict(regioplan)
    regioplan.titel, regioplan.startjaar, regioplan.eindjaar = titel, startjaar, eindjaar
    regioplan.full_clean()
    buiten = [a.titel for a in regioplan.activiteiten.all() if a.start_jaar < startjaar or a.eind_jaar > eindjaar]
    if buiten:
        raise ValidationError(
            {
                "eindjaar": _("Deze activiteiten vallen dan buiten de looptijd: %(lijst)s.")
                % {"lijst": ", ".join(buiten)}
            }
        )
    door(regioplan, acting_user)
    regioplan.save(update_fields=["titel", "startjaar", "eindjaar", "bijgewerkt_op"])
    LEVENSLOOP.gewijzigd(regioplan, acting_user, _("Titel en looptijd"))
    return regioplan


@transaction.atomic
def plandeel_opslaan(
    *, deel: Plandeel, gelezen_versie: int, tekst: str, acting_user: Gebruiker, voorstel: Voorstel | None = None
) -> Plandeel:
    """Save a part's text, merged with what others saved since `gelezen_versie`; raises Bewerkingsconflict
    (nothing written) when their changes and this one overlap. `voorstel`: the accepted proposal this save applies
    (regioplan.voorstellen)."""
    plan = _vergrendeld(deel.regioplan)
    _tekst_mag_wijzigen(plan, voorstel)
    door(deel, acting_user)
    opslaan_met_versie(deel, gelezen_versie, {"tekst": tekst})
    LEVENSLOOP.gewijzigd(
        plan, acting_user, _wat(deel.get_soort_display() + samenvoegnotitie(deel, gelezen_versie), voorstel)
    )
    return deel


@transaction.atomic
def plandeel_herstellen(*, deel: Plandeel, historie_id: int, acting_user: Gebruiker) -> Plandeel:
    """Make an earlier text of the part the current one (a new version: the history keeps everything)."""
    oud = deel.history.filter(history_id=historie_id).first()
    if oud is None:
        raise ValidationError(_("Die eerdere versie bestaat niet (meer)."))
    plan = _vergrendeld(deel.regioplan)
    _tekst_mag_wijzigen(plan, None)
    deel.refresh_from_db()
    door(deel, acting_user)
    opslaan_met_versie(deel, deel.versie, {"tekst": oud.tekst})
    LEVENSLOOP.gewijzigd(
        plan,
        acting_user,
        _("%(deel)s: versie van %(op)s teruggezet")
        % {"deel": deel.get_soort_display(), "op": timezone.localtime(oud.history_date).strftime("%d-%m-%Y %H:%M")},
    )
    return deel


# --- challenges -----------------------------------------------------------------------------------


@transaction.atomic
def planuitdaging_opslaan(
    *,
    planuitdaging: PlanUitdaging,
    gelezen_versie: int,
    duiding: str,
    opgenomen: bool,
    reden_niet: str,
    acting_user: Gebruiker,
    voorstel: Voorstel | None = None,
) -> PlanUitdaging:
    plan = _vergrendeld(planuitdaging.regioplan)
    _tekst_mag_wijzigen(plan, voorstel)
    proef = PlanUitdaging(
        regioplan=plan, titel=planuitdaging.titel, duiding=duiding, opgenomen=opgenomen, reden_niet=reden_niet
    )
    proef.full_clean(exclude=["regioplan", "uitdaging"])
    door(planuitdaging, acting_user)
    opslaan_met_versie(
        planuitdaging, gelezen_versie, {"duiding": duiding, "opgenomen": opgenomen, "reden_niet": reden_niet}
    )
    LEVENSLOOP.gewijzigd(
        plan,
        acting_user,
        _wat(
            _("Uitdaging: %(titel)s") % {"titel": planuitdaging.titel}
            + samenvoegnotitie(planuitdaging, gelezen_versie),
            voorstel,
        ),
    )
    return planuitdaging


@transaction.atomic
def planuitdagingen_ordenen(*, regioplan: Regioplan, volgorde: Sequence[int], acting_user: Gebruiker) -> None:
    """Give the plan's challenges the priority order `volgorde` (their primary keys, most important first)."""
    plan = _vergrendeld(regioplan)
    LEVENSLOOP.niet_bevroren(plan)
    bestaand = {pu.pk: pu for pu in plan.uitdagingen.all()}
    if sorted(volgorde) != sorted(bestaand) or len(set(volgorde)) != len(volgorde):
        raise ValidationError(_("De volgorde past niet bij de uitdagingen van dit plan. Laad de pagina opnieuw."))
    gewijzigd = []
    for prioriteit, pk in enumerate(volgorde, start=1):
        pu = bestaand[pk]
        if pu.prioriteit != prioriteit:
            pu.prioriteit = prioriteit
            pu.versie += 1
            gewijzigd.append(pu)
    for pu in gewijzigd:  # save() (not bulk_update) so the history records who reordered
        door(pu, acting_user)
        pu.save(update_fields=["prioriteit", "versie"])
    if gewijzigd:
        LEVENSLOOP.gewijzigd(plan, acting_user, _("Volgorde van de uitdagingen"))


@transaction.atomic
def planuitdaging_verplaatsen(*, planuitdaging: PlanUitdaging, stappen: int, acting_user: Gebruiker) -> None:
    """Move one challenge up (negative) or down (positive) in the priority order."""
    # Lock before reading the order: two moves at once must not build on the same old order (one would be lost).
    _vergrendeld(planuitdaging.regioplan)
    volgorde = list(
        PlanUitdaging.objects.filter(regioplan=planuitdaging.regioplan_id)
        .order_by("prioriteit", "pk")
        .values_list("pk", flat=True)
    )
    i = volgorde.index(planuitdaging.pk)
    j = max(0, min(len(volgorde) - 1, i + stappen))
    volgorde.insert(j, volgorde.pop(i))
    planuitdagingen_ordenen(regioplan=planuitdaging.regioplan, volgorde=volgorde, acting_user=acting_user)


# --- activities and measuring points ----------------------------------------------------------------


def _wijziging_opslaan(obj: Model, gelezen_versie: int | None, *, vast: tuple[str, ...]) -> None:
    """Write all fields of a changed row except those in `vast`, checked against the version it was read at."""
    if gelezen_versie is None:
        raise ValueError("a change needs the version it was read at")
    velden = {
        f.attname: getattr(obj, f.attname)
        for f in type(obj)._meta.concrete_fields
        if f.attname not in ("id", "versie", *vast)
    }
    opslaan_met_versie(obj, gelezen_versie, velden)


def uitdagingen_samengevoegd(
    activiteit: Activiteit, gelezen_versie: int | None, uitdagingen: list[PlanUitdaging]
) -> list[PlanUitdaging]:
    """The challenges an activity links to, merged with a save by someone else since `gelezen_versie`: what
    either added is linked, what either removed is not (a set has no overlap to settle)."""
    gekozen = {u.pk for u in uitdagingen}
    samen = koppelingen_samengevoegd(activiteit, gelezen_versie, "uitdagingen", "planuitdaging_id", gekozen)
    return uitdagingen if samen == gekozen else list(PlanUitdaging.objects.filter(pk__in=samen))


def _partij_van_de_regio(plan: Regioplan, organisatie_id: int, veld: str) -> None:
    if not Deelname.objects.filter(regio_id=plan.regio_id, organisatie_id=organisatie_id).exists():
        raise ValidationError({veld: _("Kies een partij die aan deze regio deelneemt.")})


@transaction.atomic
def activiteit_opslaan(
    *,
    activiteit: Activiteit,
    uitdagingen: Iterable[PlanUitdaging],
    gelezen_versie: int | None,
    acting_user: Gebruiker,
    voorstel: Voorstel | None = None,
) -> Activiteit:
    """Create or change an activity. A change checks the version it was read at (no silent overwrite); a change of
    a submitted plan's activity comes only from an accepted proposal (`voorstel`)."""
    plan = _vergrendeld(activiteit.regioplan)
    if activiteit.pk is None:
        LEVENSLOOP.niet_bevroren(plan)
    else:
        _tekst_mag_wijzigen(plan, voorstel)
    activiteit.regioplan = plan
    activiteit.full_clean(exclude=["versie", "volgorde"])
    uitdagingen = list(uitdagingen)
    if any(u.regioplan_id != plan.pk for u in uitdagingen):
        raise ValidationError({"uitdagingen": _("Kies uitdagingen van dit plan.")})
    _partij_van_de_regio(plan, activiteit.verantwoordelijke_id, "verantwoordelijke")
    door(activiteit, acting_user)
    notitie = ""
    if activiteit.pk is None:
        laatste = plan.activiteiten.aggregate(m=Max("volgorde"))["m"] or 0
        activiteit.volgorde = laatste + 1
        activiteit.save()
        wat = _("Activiteit toegevoegd: %(titel)s")
    else:
        uitdagingen = uitdagingen_samengevoegd(activiteit, gelezen_versie, uitdagingen)
        _wijziging_opslaan(activiteit, gelezen_versie, vast=("regioplan_id", "volgorde"))
        wat = _("Activiteit gewijzigd: %(titel)s")
        notitie = samenvoegnotitie(activiteit, gelezen_versie or 0)
    activiteit.uitdagingen.set(uitdagingen)
    LEVENSLOOP.gewijzigd(plan, acting_user, _wat(wat % {"titel": activiteit.titel} + notitie, voorstel))
    return activiteit


@transaction.atomic
def activiteit_verwijderen(*, activiteit: Activiteit, acting_user: Gebruiker) -> None:
    plan = _vergrendeld(activiteit.regioplan)
    LEVENSLOOP.niet_bevroren(plan)
    titel = activiteit.titel
    door(activiteit, acting_user)
    activiteit.delete()
    LEVENSLOOP.gewijzigd(plan, acting_user, _("Activiteit verwijderd: %(titel)s") % {"titel": titel})


@transaction.atomic
def meetpunt_opslaan(*, meetpunt: Meetpunt, gelezen_versie: int | None, acting_user: Gebruiker) -> Meetpunt:
    plan = _vergrendeld(meetpunt.activiteit.regioplan)
    LEVENSLOOP.niet_bevroren(plan)
    meetpunt.full_clean(exclude=["versie"])
    _partij_van_de_regio(plan, meetpunt.eigenaar_id, "eigenaar")
    door(meetpunt, acting_user)
    if meetpunt.pk is None:
        meetpunt.save()
        wat = _("Meetpunt toegevoegd: %(wat)s")
    else:
        _wijziging_opslaan(meetpunt, gelezen_versie, vast=("activiteit_id",))
        wat = _("Meetpunt gewijzigd: %(wat)s")
    LEVENSLOOP.gewijzigd(plan, acting_user, wat % {"wat": meetpunt.omschrijving})
    return meetpunt


@transaction.atomic
def meetpunt_verwijderen(*, meetpunt: Meetpunt, acting_user: Gebruiker) -> None:
    plan = _vergrendeld(meetpunt.activiteit.regioplan)
    LEVENSLOOP.niet_bevroren(plan)
    omschrijving = meetpunt.omschrijving
    door(meetpunt, acting_user)
    meetpunt.delete()
    LEVENSLOOP.gewijzigd(plan, acting_user, _("Meetpunt verwijderd: %(wat)s") % {"wat": omschrijving})


# --- comments -----------------------------------------------------------------------------------------


def reactie_plaatsen(
    *,
    regioplan: Regioplan,
    tekst: str,
    acting_user: Gebruiker,
    plandeel: Plandeel | None = None,
    activiteit: Activiteit | None = None,
    uitdaging: PlanUitdaging | None = None,
    antwoord_op: Reactie | None = None,
    intern_voor: Organisatie | None = None,
    genoemd: Iterable[Gebruiker | int] = (),
) -> Reactie:
    """Post a comment on the plan (regio.gesprekken.diensten.reactie_plaatsen, with the plan's subjects named)."""
    return cast(
        Reactie,
        gesprekdiensten.reactie_plaatsen(
            gesprek=PLANGESPREK,
            document=regioplan,
            tekst=tekst,
            acting_user=acting_user,
            onderwerp=plandeel or activiteit or uitdaging,
            antwoord_op=antwoord_op,
            intern_voor=intern_voor,
            genoemd=genoemd,
        ),
    )


# The plan's threads are resolved like every document's (a name for the callers of this module, not a copy).
reactie_oplossen = gesprekdiensten.reactie_oplossen


# --- submission, approval, adoption, new versions ------------------------------------------------------


def wat_ontbreekt_voor_indienen(plan: Regioplan) -> list[str]:
    """What a plan must have before the parties are asked to adopt it, each said as the person can act on it:
    every part written, and at least one challenge of the regiobeeld taken up."""
    ontbreekt: list[str] = []
    geschreven = {d.soort for d in plan.delen.all() if d.tekst.strip()}
    if leeg := [str(soort.label) for soort in Plandeelsoort if soort.value not in geschreven]:
        ontbreekt.append(
            _("Nog niet geschreven: %(delen)s. Schrijf elk deel voordat u het plan indient.")
            % {"delen": ", ".join(leeg)}
        )
    if not plan.uitdagingen.filter(opgenomen=True).exists():
        ontbreekt.append(
            _("Het plan neemt nog geen uitdaging uit het regiobeeld op. Neem er ten minste één op, met prioriteit.")
        )
    return ontbreekt


@transaction.atomic
def regioplan_indienen(*, regioplan: Regioplan, gelezen_versie: int, acting_user: Gebruiker) -> Regioplan:
    plan = _vergrendeld(regioplan)
    if plan.status != Status.CONCEPT:
        raise ValidationError(_("Alleen een concept kan worden ingediend."))
    if plan.versie != gelezen_versie:
        raise Bewerkingsconflict(plan)
    if ontbreekt := wat_ontbreekt_voor_indienen(plan):
        raise ValidationError(ontbreekt)
    plan.status = Status.INGEDIEND
    plan.ingediend_op = timezone.now()
    plan.ingediend_door = acting_user
    plan.save(update_fields=["status", "ingediend_op", "ingediend_door", "bijgewerkt_op"])
    LEVENSLOOP.loggen(plan, acting_user, _("Ingediend ter vaststelling"))
    meldingen.indiening_melden(plan, acting_user)
    return plan


@transaction.atomic
def regioplan_terugnemen(*, regioplan: Regioplan, acting_user: Gebruiker) -> Regioplan:
    """Take a submitted plan back to draft; approvals given so far are withdrawn."""
    plan = _vergrendeld(regioplan)
    if plan.status != Status.INGEDIEND:
        raise ValidationError(_("Alleen een ingediend plan kan worden teruggenomen."))
    plan.status = Status.CONCEPT
    plan.save(update_fields=["status", "bijgewerkt_op"])
    LEVENSLOOP.gewijzigd(plan, acting_user, _("Teruggenomen naar concept"))
    return plan


@transaction.atomic
def regioplan_goedkeuren(*, regioplan: Regioplan, gelezen_versie: int, acting_user: Gebruiker) -> Goedkeuring:
    """Approve this exact version for the person's party. When every contracting party has, the plan is adopted."""
    plan = _vergrendeld(regioplan)
    if plan.status != Status.INGEDIEND:
        raise ValidationError(_("Dit plan is niet ingediend ter vaststelling; goedkeuren kan nu niet."))
    if plan.versie != gelezen_versie:
        raise Bewerkingsconflict(plan)
    mandaat = mandaat_om_goed_te_keuren(plan, acting_user)
    if mandaat is None:
        raise geen_mandaat()
    gegeven, vastgesteld = LEVENSLOOP.goedkeuren(
        plan,
        mandaat=mandaat,
        acting_user=acting_user,
        partijen=contractpartijen(plan.regio),
        logboek=f"regioplan '{plan.titel}' (planversie {plan.volgnummer}, wijziging {plan.versie}) goedgekeurd",
        wat=_("Goedgekeurd namens %(org)s") % {"org": mandaat.organisatie.naam},
    )
    if vastgesteld:
        _vaststellen(plan, acting_user)
    return gegeven


def _vaststellen(plan: Regioplan, acting_user: Gebruiker) -> None:
    plan.status = Status.VASTGESTELD
    plan.vastgesteld_op = timezone.now()
    plan.save(update_fields=["status", "vastgesteld_op", "bijgewerkt_op"])
    vorige = plan.vorige
    while vorige is not None and vorige.status == Status.VASTGESTELD:
        vorige.status = Status.VERVANGEN
        vorige.save(update_fields=["status", "bijgewerkt_op"])
        vorige = vorige.vorige
    # Adopted by all parties together: the line names no single party.
    LEVENSLOOP.loggen(plan, acting_user, _("Vastgesteld"), samen=True)
    # The adopted text is final: what was still proposed can no longer be decided, and says so in the trail.
    vervallen = voorstellen.vervallen(
        Voorstel.objects.filter(regioplan=plan),
        acting_user=acting_user,
        reden=_("Het plan is vastgesteld (versie %(n)s) voordat over dit voorstel was beslist.")
        % {"n": plan.volgnummer},
    )
    if vervallen:
        LEVENSLOOP.loggen(
            plan,
            acting_user,
            ngettext(
                "%(n)d open voorstel vervallen bij de vaststelling",
                "%(n)d open voorstellen vervallen bij de vaststelling",
                vervallen,
            )
            % {"n": vervallen},
            samen=True,
        )


@transaction.atomic
def regioplan_nieuwe_versie(*, regioplan: Regioplan, acting_user: Gebruiker) -> Regioplan:
    """Start the next edition of an adopted plan as a full copy; the adopted one stays as it is until then."""
    plan = _vergrendeld(regioplan)
    if plan.status != Status.VASTGESTELD:
        raise ValidationError(_("Een nieuwe versie kan alleen van een vastgesteld plan worden gemaakt."))
    lopend = plan.opvolgers.exclude(status=Status.VERVANGEN).first()
    if lopend is not None:
        raise ValidationError(
            _("Er is al een nieuwe versie van dit plan in bewerking (versie %(n)s).") % {"n": lopend.volgnummer}
        )
    nieuw = Regioplan.objects.create(
        regio=plan.regio,
        regiobeeld=plan.regiobeeld,
        titel=plan.titel,
        startjaar=plan.startjaar,
        eindjaar=plan.eindjaar,
        volgnummer=plan.volgnummer + 1,
        vorige=plan,
        aangemaakt_door=acting_user,
    )
    bulk_create_with_history(
        [Plandeel(regioplan=nieuw, soort=d.soort, tekst=d.tekst) for d in plan.delen.all()],
        Plandeel,
        default_user=acting_user,
    )
    kopie: dict[int, PlanUitdaging] = {}
    for pu in plan.uitdagingen.all():
        oud_pk = pu.pk
        _kopie_van(pu, acting_user, regioplan=nieuw)
        kopie[oud_pk] = pu
    for act in plan.activiteiten.prefetch_related("uitdagingen", "meetpunten"):
        uitdagingen = [kopie[u.pk] for u in act.uitdagingen.all()]
        meetpunten = list(act.meetpunten.all())
        _kopie_van(act, acting_user, regioplan=nieuw)
        act.uitdagingen.set(uitdagingen)
        for mp in meetpunten:
            _kopie_van(mp, acting_user, activiteit=act)
    LEVENSLOOP.loggen(
        nieuw, acting_user, _("Nieuwe versie begonnen als kopie van versie %(n)s") % {"n": plan.volgnummer}
    )
    return nieuw
