"""Two people save the same plan text (issue 16, "merge without thinking"): changes to different paragraphs or
fields merge by themselves and are recorded as a normal save; only what both changed is a conflict, with just
those passages; settling them saves through the same version check."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from regio import wijzigingen
from regio.gelijktijdig import Bewerkingsconflict
from regio.samenvoegen import Eigen
from regioplan import services, voorstellen
from regioplan.models import Activiteit, Plandeel, Plandeelsoort, PlanUitdaging, Regioplan
from tests.personas import Wereld
from tests.regioplan.werelden import (
    activiteit_maken,
    actueel,
    indienen,
    mandaat_voor_verzekeraar,
    na_indienen_wijzigen,
    plan_maken,
)

pytestmark = pytest.mark.django_db

BASIS = "## Missie\n\nZorg dichtbij.\n\n## Visie\n\nDe huisarts is het eerste aanspreekpunt."
DAAN = BASIS.replace("Zorg dichtbij.", "Goede zorg dichtbij.")
ANNA = BASIS.replace("eerste aanspreekpunt.", "eerste en vaste aanspreekpunt.")
SAMEN = "## Missie\n\nGoede zorg dichtbij.\n\n## Visie\n\nDe huisarts is het eerste en vaste aanspreekpunt."


@pytest.fixture
def plan(wereld: Wereld) -> Regioplan:
    return plan_maken(wereld)


def _deel_met_basis(wereld: Wereld, plan: Regioplan) -> Plandeel:
    deel = Plandeel.objects.get(regioplan=plan, soort=Plandeelsoort.MISSIE_VISIE)
    return services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst=BASIS, acting_user=wereld.bewerker)


def _opslaan(deel: Plandeel, gelezen: int, tekst: str, wie: object) -> Plandeel:
    return services.plandeel_opslaan(
        deel=Plandeel.objects.get(pk=deel.pk),
        gelezen_versie=gelezen,
        tekst=tekst,
        acting_user=wie,  # type: ignore[arg-type]
    )


# --- plan parts ---------------------------------------------------------------------------------------------


def test_two_saves_of_different_paragraphs_of_a_part_merge_and_the_change_record_says_with_whom(
    wereld: Wereld, plan: Regioplan
) -> None:
    deel = _deel_met_basis(wereld, plan)
    gelezen = deel.versie  # both opened this version
    _opslaan(deel, gelezen, DAAN, wereld.zorginkoper)
    opgeslagen = _opslaan(deel, gelezen, ANNA, wereld.bewerker)
    assert opgeslagen.tekst == SAMEN
    assert opgeslagen.versie == gelezen + 2
    # Every accepted save is in the history: Daan's, and Anna's merged one, by Anna.
    rijen = list(opgeslagen.history.order_by("history_date", "history_id"))
    assert [(r.tekst, r.history_user) for r in rijen[-2:]] == [(DAAN, wereld.zorginkoper), (SAMEN, wereld.bewerker)]
    laatste = wijzigingen.van(actueel(plan)).first()
    assert laatste is not None and laatste.gebruiker == wereld.bewerker
    assert "samengevoegd met de wijziging van Daan Inkoper" in laatste.wat


def test_a_proposal_accepted_after_another_change_merges_and_withdraws_approvals(
    wereld: Wereld, plan: Regioplan
) -> None:
    """A submitted plan changes only through proposals; one made on an older text merges with what was accepted
    since (the same merge as two saves), and accepting it withdraws the approvals as any change does."""
    mandaat_voor_verzekeraar(wereld)
    deel = _deel_met_basis(wereld, plan)
    ingediend = indienen(wereld, plan)
    deel = Plandeel.objects.get(pk=deel.pk)
    anna = voorstellen.voorstel_indienen(
        doel=deel,
        voorgesteld={"tekst": ANNA},
        gelezen_versie=deel.versie,
        toelichting="Vast.",
        acting_user=wereld.bewerker,
    )
    na_indienen_wijzigen(wereld, deel, DAAN, door=wereld.bewerker)  # Daan's proposal, accepted by Anna
    goedkeuring = services.regioplan_goedkeuren(
        regioplan=actueel(ingediend), gelezen_versie=actueel(ingediend).versie, acting_user=wereld.beheerder
    )
    voorstellen.voorstel_beslissen(voorstel=anna, aanvaard=True, toelichting="", acting_user=wereld.zorginkoper)
    assert Plandeel.objects.get(pk=deel.pk).tekst == SAMEN
    goedkeuring.refresh_from_db()
    assert goedkeuring.ingetrokken_op is not None


def test_both_changing_the_same_paragraph_is_a_conflict_with_only_that_passage_and_nothing_written(
    wereld: Wereld, plan: Regioplan
) -> None:
    deel = _deel_met_basis(wereld, plan)
    gelezen = deel.versie
    _opslaan(deel, gelezen, DAAN, wereld.zorginkoper)
    mijn = ANNA.replace("Zorg dichtbij.", "Zorg om de hoek.")
    with pytest.raises(Bewerkingsconflict) as conflict:
        _opslaan(deel, gelezen, mijn, wereld.bewerker)
    samen = conflict.value.teksten["tekst"]
    assert [(o.hun, o.mijn) for o in samen.overlappen] == [(("Goede zorg dichtbij.",), ("Zorg om de hoek.",))]
    assert conflict.value.basis_versie == gelezen and conflict.value.mijn["tekst"] == mijn
    assert Plandeel.objects.get(pk=deel.pk).tekst == DAAN
    # Settled (her own wording for the passage; the other paragraph is already merged) and saved on the
    # version the conflict showed.
    opgelost = samen.ingevuld([Eigen("Goede zorg om de hoek.")])
    _opslaan(deel, conflict.value.huidig.versie, opgelost, wereld.bewerker)
    assert Plandeel.objects.get(pk=deel.pk).tekst == SAMEN.replace("Goede zorg dichtbij.", "Goede zorg om de hoek.")


# --- challenges in the plan ---------------------------------------------------------------------------------


def _uitdaging_opslaan(pu: PlanUitdaging, gelezen: int, wie: object, **velden: object) -> PlanUitdaging:
    huidig = PlanUitdaging.objects.get(pk=pu.pk)
    waarden = {"duiding": huidig.duiding, "opgenomen": huidig.opgenomen, "reden_niet": huidig.reden_niet, **velden}
    return services.planuitdaging_opslaan(
        planuitdaging=huidig,
        gelezen_versie=gelezen,
        acting_user=wie,  # type: ignore[arg-type]
        **waarden,  # type: ignore[arg-type]
    )


def test_a_challenges_interpretation_and_its_taken_up_choice_changed_by_two_people_merge(
    wereld: Wereld, plan: Regioplan
) -> None:
    pu = plan.uitdagingen.order_by("prioriteit").first()
    assert pu is not None
    pu = _uitdaging_opslaan(pu, pu.versie, wereld.bewerker, duiding=BASIS)
    gelezen = pu.versie
    _uitdaging_opslaan(pu, gelezen, wereld.zorginkoper, duiding=DAAN)
    # Anna read the old text: she changes another paragraph and takes the challenge out of the plan.
    services.planuitdaging_opslaan(
        planuitdaging=PlanUitdaging.objects.get(pk=pu.pk),
        gelezen_versie=gelezen,
        duiding=ANNA,
        opgenomen=False,
        reden_niet="Komt in het volgende plan.",
        acting_user=wereld.bewerker,
    )
    pu.refresh_from_db()
    assert (pu.duiding, pu.opgenomen, pu.reden_niet) == (SAMEN, False, "Komt in het volgende plan.")


def test_a_challenges_reason_written_differently_by_both_is_a_conflict(wereld: Wereld, plan: Regioplan) -> None:
    pu = plan.uitdagingen.order_by("prioriteit").first()
    assert pu is not None
    gelezen = pu.versie
    _uitdaging_opslaan(pu, gelezen, wereld.zorginkoper, opgenomen=False, reden_niet="Geen geld.")
    with pytest.raises(Bewerkingsconflict) as conflict:
        _uitdaging_opslaan(pu, gelezen, wereld.bewerker, opgenomen=False, reden_niet="Geen tijd.")
    assert conflict.value.overlappende_teksten["reden_niet"].overlappen[0].hun == ("Geen geld.",)
    assert conflict.value.samengevoegd["opgenomen"] is False  # both made the same change: no clash


# --- activities ---------------------------------------------------------------------------------------------


def _activiteit_opslaan(
    activiteit: Activiteit, gelezen: int, wie: object, uitdagingen: object = None, **velden: object
) -> Activiteit:
    obj = Activiteit.objects.get(pk=activiteit.pk)
    gekoppeld = list(obj.uitdagingen.all()) if uitdagingen is None else uitdagingen
    for veld, waarde in velden.items():
        setattr(obj, veld, waarde)
    return services.activiteit_opslaan(
        activiteit=obj,
        uitdagingen=gekoppeld,  # type: ignore[arg-type]
        gelezen_versie=gelezen,
        acting_user=wie,  # type: ignore[arg-type]
    )


def test_an_activity_changed_in_different_fields_and_paragraphs_by_two_people_keeps_both_changes(
    wereld: Wereld, plan: Regioplan
) -> None:
    eerste, tweede, derde = list(plan.uitdagingen.order_by("prioriteit"))[:3]
    activiteit = activiteit_maken(wereld, plan, beschrijving=BASIS, uitdagingen=[eerste])
    gelezen = activiteit.versie
    _activiteit_opslaan(
        activiteit, gelezen, wereld.zorginkoper, [eerste, tweede], begroting=Decimal("15000"), beschrijving=DAAN
    )
    _activiteit_opslaan(activiteit, gelezen, wereld.bewerker, [derde], voortgang="loopt", beschrijving=ANNA)
    activiteit.refresh_from_db()
    assert activiteit.beschrijving == SAMEN
    assert activiteit.begroting == Decimal("15000") and activiteit.voortgang == "loopt"
    # Daan added the second challenge; Anna removed the first and added the third.
    assert set(activiteit.uitdagingen.all()) == {tweede, derde}


def test_an_activity_value_both_changed_differently_is_a_conflict_and_nothing_is_written(
    wereld: Wereld, plan: Regioplan
) -> None:
    activiteit = activiteit_maken(wereld, plan)
    gelezen = activiteit.versie
    _activiteit_opslaan(activiteit, gelezen, wereld.zorginkoper, voortgang="uitgesteld", eind_kwartaal=3)
    with pytest.raises(Bewerkingsconflict) as conflict:
        _activiteit_opslaan(activiteit, gelezen, wereld.bewerker, voortgang="loopt", begroting=Decimal("9000"))
    assert set(conflict.value.botsingen) == {"voortgang"}
    assert conflict.value.samengevoegd["eind_kwartaal"] == 3  # only Daan changed it
    assert conflict.value.samengevoegd["begroting"] == Decimal("9000")  # only Anna changed it
    activiteit.refresh_from_db()
    assert (activiteit.voortgang, activiteit.begroting) == ("uitgesteld", Decimal("12500.00"))


def test_merged_activity_values_that_do_not_fit_together_are_refused_with_the_usual_error(
    wereld: Wereld, plan: Regioplan
) -> None:
    activiteit = activiteit_maken(wereld, plan, start_kwartaal=2, eind_kwartaal=3)
    gelezen = activiteit.versie
    _activiteit_opslaan(activiteit, gelezen, wereld.zorginkoper, eind_kwartaal=2)
    with pytest.raises(ValidationError):  # alone each fine; together the end lies before the start
        _activiteit_opslaan(activiteit, gelezen, wereld.bewerker, start_kwartaal=3)
    activiteit.refresh_from_db()
    assert (activiteit.start_kwartaal, activiteit.eind_kwartaal) == (2, 2)
