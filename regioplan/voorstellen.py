"""Proposals on a regioplan: a part's text, an activity's fields, a challenge's interpretation and choice.

The life of a proposal is regio.voorstellen's state machine; this module says what a plan's proposal changes and
how accepting one applies it: as the normal save of its target (regioplan.services), so it gets history, a line in
the change record ("... (voorstel van X aanvaard)") and withdraws approvals as any change does. Who may propose,
decide or withdraw is regioplan.access (`voorstelpartijen`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from regio import voorstellen
from regio.gelijktijdig import Bewerkingsconflict
from regioplan import access, meldingen, services
from regioplan.models import ACTIVITEITVELDEN, Activiteit, Plandeel, PlanUitdaging, Regioplan, Voorstel
from regioplan.voorstel_weergave import TEKSTVELDEN, label, leesbaar, onderwerp_van

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from regio.models import Gebruiker

Doel = Plandeel | Activiteit | PlanUitdaging

# What a proposal may change of each kind of target, in the edit forms' order.
VELDEN: dict[type[Doel], tuple[str, ...]] = {
    Plandeel: ("tekst",),
    PlanUitdaging: ("opgenomen", "reden_niet", "duiding"),
    Activiteit: ACTIVITEITVELDEN,
}


def _attname(veld: Any) -> str:
    """The attribute a model field stores its value under (`activiteit_id` for a foreign key)."""
    return veld.attname if isinstance(veld, models.Field) else veld.name


def _json(waarde: Any) -> Any:
    if isinstance(waarde, Decimal):
        return str(waarde)
    return waarde


def waarden(doel: Doel, uitdagingen: list[int] | None = None) -> dict[str, Any]:
    """The target's proposable fields in JSON terms (a foreign key as its id, a Decimal as its string). An
    activity's challenges as sorted ids: `uitdagingen` when given (a form's choice), else as stored."""
    uit: dict[str, Any] = {}
    for veld in VELDEN[type(doel)]:
        if veld == "uitdagingen":
            assert isinstance(doel, Activiteit)  # noqa: S101 - only activities have it (VELDEN)
            ids = uitdagingen if uitdagingen is not None else list(doel.uitdagingen.values_list("pk", flat=True))
            uit[veld] = sorted(ids)
        else:
            veldobject = type(doel)._meta.get_field(veld)
            waarde = getattr(doel, _attname(veldobject))
            if isinstance(veldobject, models.DecimalField) and waarde is not None:
                # As stored (12500.00), whether it came from the database or a form (12500): equal values compare equal.
                waarde = Decimal(waarde).quantize(Decimal(1).scaleb(-(veldobject.decimal_places or 0)))
            uit[veld] = _json(waarde)
    return uit


def _doel_van(voorstel: Voorstel) -> Doel:
    """The target as stored now (its own row, not a copy the page held)."""
    if voorstel.plandeel_id:
        return Plandeel.objects.select_related("regioplan").get(pk=voorstel.plandeel_id)
    if voorstel.activiteit_id:
        return Activiteit.objects.select_related("regioplan").get(pk=voorstel.activiteit_id)
    return PlanUitdaging.objects.select_related("regioplan").get(pk=voorstel.planuitdaging_id or 0)


def labels(doel_soort: type[Doel]) -> dict[str, str]:
    return {v: label(doel_soort, v) for v in VELDEN[doel_soort]}


def _toepassen(voorstel: Voorstel, acting_user: Gebruiker) -> None:
    """Apply an accepted proposal as the target's normal save, onto the target as it is now."""
    doel = _doel_van(voorstel)
    huidig = waarden(doel)
    nieuw = {
        **huidig,
        **voorstellen.samengevoegd(voorstel, huidig, tekstvelden=TEKSTVELDEN, labels=labels(type(doel))),
    }
    if isinstance(doel, Plandeel):
        services.plandeel_opslaan(
            deel=doel, gelezen_versie=doel.versie, tekst=nieuw["tekst"], acting_user=acting_user, voorstel=voorstel
        )
    elif isinstance(doel, PlanUitdaging):
        services.planuitdaging_opslaan(
            planuitdaging=doel,
            gelezen_versie=doel.versie,
            duiding=nieuw["duiding"],
            opgenomen=nieuw["opgenomen"],
            reden_niet=nieuw["reden_niet"],
            acting_user=acting_user,
            voorstel=voorstel,
        )
    else:
        for veld in VELDEN[Activiteit]:
            if veld != "uitdagingen":
                setattr(doel, _attname(Activiteit._meta.get_field(veld)), nieuw[veld])
        services.activiteit_opslaan(
            activiteit=doel,
            uitdagingen=PlanUitdaging.objects.filter(regioplan_id=doel.regioplan_id, pk__in=nieuw["uitdagingen"]),
            gelezen_versie=doel.versie,
            acting_user=acting_user,
            voorstel=voorstel,
        )


def _zelfde_doel(voorstel: Voorstel) -> QuerySet[Voorstel]:
    doelen = {
        "plandeel": voorstel.plandeel_id,
        "activiteit": voorstel.activiteit_id,
        "planuitdaging": voorstel.planuitdaging_id,
    }
    filter_ = {
        veld if pk is not None else f"{veld}__isnull": pk if pk is not None else True for veld, pk in doelen.items()
    }
    return Voorstel.objects.filter(regioplan_id=voorstel.regioplan_id, **filter_)


def _ingediend(voorstel: Voorstel) -> None:
    """Tell the other party's editors by e-mail (regio/berichten.py: stored now, sent by the worker after commit)."""
    meldingen.voorstel_melden(voorstel, onderwerp_van(voorstel))


STROOM: voorstellen.Voorstelstroom[Voorstel] = voorstellen.Voorstelstroom(
    toepassen=_toepassen,
    partijen=lambda voorstel, gebruiker: access.voorstelpartijen(gebruiker, voorstel.regioplan),
    zelfde_doel=_zelfde_doel,
    ingediend=_ingediend,
)


def _nieuw(*, doel: Doel, voorgesteld: dict[str, Any], gelezen_versie: int, toelichting: str) -> Voorstel:
    """An unsaved proposal on `doel` (as stored now) for the values `voorgesteld` (JSON terms, see `waarden`)."""
    opgeslagen = type(doel)._default_manager.select_related("regioplan__regio").get(pk=doel.pk)
    plan = opgeslagen.regioplan
    services.LEVENSLOOP.niet_bevroren(plan)
    if opgeslagen.versie != gelezen_versie:
        # Someone saved it since the person opened it: their proposal would be on a text they did not see.
        raise Bewerkingsconflict(opgeslagen)
    wijziging, basis = voorstellen.wijziging_van(waarden(opgeslagen), voorgesteld)
    if not toelichting.strip():
        raise ValidationError({"toelichting": _("Zeg waarom u dit voorstelt: de andere partij leest het erbij.")})
    return Voorstel(
        regioplan=plan,
        plandeel=opgeslagen if isinstance(opgeslagen, Plandeel) else None,
        activiteit=opgeslagen if isinstance(opgeslagen, Activiteit) else None,
        planuitdaging=opgeslagen if isinstance(opgeslagen, PlanUitdaging) else None,
        basisversie=opgeslagen.versie,
        wijziging=wijziging,
        basis=basis,
        weergave=leesbaar(basis, wijziging),
        toelichting=toelichting,
    )


@transaction.atomic
def voorstel_indienen(
    *,
    doel: Doel,
    voorgesteld: dict[str, Any],
    gelezen_versie: int,
    toelichting: str,
    acting_user: Gebruiker,
    tegenvoorstel_op: Voorstel | None = None,
) -> Voorstel:
    """Propose the values `voorgesteld` for `doel`, read at `gelezen_versie`, for the person's contracting party;
    with `tegenvoorstel_op`, as the other party's counter-proposal to that open proposal (which it supersedes)."""
    nieuw = _nieuw(
        doel=doel,
        voorgesteld=voorgesteld,
        gelezen_versie=gelezen_versie,
        toelichting=toelichting,
    )
    if tegenvoorstel_op is None:
        return voorstellen.indienen(STROOM, nieuw, acting_user=acting_user)
    if _zelfde_doel(nieuw).filter(pk=tegenvoorstel_op.pk).first() is None:
        raise ValidationError(_("Een tegenvoorstel gaat over hetzelfde als het voorstel dat het beantwoordt."))
    return voorstellen.tegenvoorstellen(STROOM, tegenvoorstel_op, nieuw, acting_user=acting_user)


def voorstel_beslissen(*, voorstel: Voorstel, aanvaard: bool, toelichting: str, acting_user: Gebruiker) -> Voorstel:
    """Accept or reject, for the other party. On an adopted plan nothing is decided any more: its text is final."""
    if Regioplan.objects.get(pk=voorstel.regioplan_id).is_bevroren:
        raise ValidationError(
            _(
                "Dit plan is vastgesteld: over voorstellen erop wordt niet meer beslist en het voorstel is "
                "vervallen. Begin een nieuwe versie van het plan en doe daar zo nodig een nieuw voorstel."
            ),
            code="bevroren",
        )
    return voorstellen.beslissen(STROOM, voorstel, aanvaard=aanvaard, toelichting=toelichting, acting_user=acting_user)


def voorstel_intrekken(*, voorstel: Voorstel, acting_user: Gebruiker) -> Voorstel:
    return voorstellen.intrekken(STROOM, voorstel, acting_user=acting_user)
