"""Writing the regioplan together: parts, challenges, activities, measuring points, approval and adoption."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from regio import services as regio_services
from regio import wijzigingen
from regio.gelijktijdig import Bewerkingsconflict
from regio.models import Mandaat, Onderwerp
from regioplan import services
from regioplan.models import (
    Activiteit,
    Goedkeuring,
    Meetpunt,
    Plandeel,
    Plandeelsoort,
    PlanUitdaging,
    Regioplan,
    Status,
)
from regioplan.services import PlanBevroren
from regioplan.voorstellen import voorstel_beslissen
from tests.personas import START, Wereld
from tests.regioplan.werelden import (
    EINDJAAR,
    IN_VOLGORDE,
    STARTJAAR,
    activiteit_maken,
    actueel,
    indienen,
    mandaat_voor_verzekeraar,
    meetpunt_maken,
    na_indienen_wijzigen,
    plan_maken,
    regiobeeld_met_uitdagingen,
    vaststellen,
    voorstel_van_de_ander,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(wereld: Wereld) -> Regioplan:
    return plan_maken(wereld)


def _deel(plan: Regioplan, soort: str = Plandeelsoort.MISSIE_VISIE) -> Plandeel:
    return Plandeel.objects.get(regioplan=plan, soort=soort)


def _uitdagingen(plan: Regioplan) -> list[PlanUitdaging]:
    return list(PlanUitdaging.objects.filter(regioplan=plan).order_by("prioriteit", "pk"))


def _titels(plan: Regioplan) -> list[str]:
    return [pu.titel for pu in _uitdagingen(plan)]


# --- a new plan --------------------------------------------------------------------------------------


def test_a_new_plan_takes_the_regiobeelds_challenges_in_the_regiobeelds_order(wereld: Wereld, plan: Regioplan) -> None:
    uitdagingen = _uitdagingen(plan)
    assert [pu.titel for pu in uitdagingen] == IN_VOLGORDE
    assert [pu.prioriteit for pu in uitdagingen] == [1, 2, 3]
    assert all(pu.uitdaging is not None and pu.uitdaging.titel == pu.titel for pu in uitdagingen)
    assert all(pu.opgenomen for pu in uitdagingen)


def test_a_new_plan_has_the_guides_four_written_parts_empty(plan: Regioplan) -> None:
    delen = {d.soort: d.tekst for d in Plandeel.objects.filter(regioplan=plan)}
    assert delen == dict.fromkeys(Plandeelsoort.values, "")


def test_creating_a_plan_is_logged_with_who_and_for_which_party(wereld: Wereld, plan: Regioplan) -> None:
    log = list(wijzigingen.van(plan))
    assert len(log) == 1
    assert log[0].gebruiker == wereld.bewerker
    assert log[0].namens == wereld.zorggroep
    assert "regiobeeld 2026" in log[0].wat
    assert plan.status == Status.CONCEPT and plan.versie == 1 and plan.volgnummer == 1


def test_a_plan_cannot_be_based_on_another_regions_regiobeeld(wereld: Wereld) -> None:
    ander_regiobeeld = regiobeeld_met_uitdagingen(wereld, regio=wereld.andere_regio)
    with pytest.raises(ValidationError) as fout:
        plan_maken(wereld, regiobeeld=ander_regiobeeld)
    assert "regiobeeld" in fout.value.message_dict
    assert not Regioplan.objects.exists()


def test_a_plan_whose_last_year_lies_before_its_first_year_is_refused(wereld: Wereld) -> None:
    with pytest.raises(ValidationError) as fout:
        services.regioplan_aanmaken(
            regio=wereld.regio,
            regiobeeld=regiobeeld_met_uitdagingen(wereld),
            titel="Achterstevoren",
            startjaar=2028,
            eindjaar=2026,
            acting_user=wereld.bewerker,
        )
    assert "eindjaar" in fout.value.message_dict
    assert not Regioplan.objects.exists()


def test_shortening_the_term_is_refused_while_activities_fall_outside_it(wereld: Wereld, plan: Regioplan) -> None:
    activiteit_maken(wereld, plan, titel="Later werk", start_jaar=2028, eind_jaar=2028)
    plan = actueel(plan)
    with pytest.raises(ValidationError) as fout:
        services.regioplan_gegevens_opslaan(
            regioplan=plan,
            gelezen_versie=plan.versie,
            titel=plan.titel,
            startjaar=STARTJAAR,
            eindjaar=2027,
            acting_user=wereld.bewerker,
        )
    assert "Later werk" in str(fout.value)
    assert actueel(plan).eindjaar == EINDJAAR


# --- writing the parts together ---------------------------------------------------------------------


def test_the_second_of_two_saves_of_the_same_part_does_not_overwrite_the_first(wereld: Wereld, plan: Regioplan) -> None:
    deel = _deel(plan)
    gelezen = deel.versie  # Anna and Daan both opened the same version
    services.plandeel_opslaan(
        deel=Plandeel.objects.get(pk=deel.pk),
        gelezen_versie=gelezen,
        tekst="Tekst van Anna",
        acting_user=wereld.bewerker,
    )
    with pytest.raises(Bewerkingsconflict) as conflict:
        services.plandeel_opslaan(
            deel=Plandeel.objects.get(pk=deel.pk),
            gelezen_versie=gelezen,
            tekst="Tekst van Daan",
            acting_user=wereld.zorginkoper,
        )
    assert conflict.value.huidig.tekst == "Tekst van Anna"
    assert _deel(plan).tekst == "Tekst van Anna"
    assert not Plandeel.history.filter(id=deel.pk, tekst="Tekst van Daan").exists()
    assert [w.gebruiker for w in wijzigingen.van(plan).filter(wat=deel.get_soort_display())] == [wereld.bewerker]


def test_each_saved_text_raises_the_plans_version(wereld: Wereld, plan: Regioplan) -> None:
    deel = _deel(plan)
    services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst="Eerste", acting_user=wereld.bewerker)
    assert actueel(plan).versie == 2
    log = wijzigingen.van(plan).first()
    assert log is not None and log.versie == 2 and log.gebruiker == wereld.bewerker


def test_the_history_of_a_part_keeps_every_version_with_who_wrote_it(wereld: Wereld, plan: Regioplan) -> None:
    deel = _deel(plan, Plandeelsoort.ICT_VISIE)
    for wie, tekst in ((wereld.bewerker, "Versie 1"), (wereld.zorginkoper, "Versie 2"), (wereld.beheerder, "Versie 3")):
        deel = Plandeel.objects.get(pk=deel.pk)
        services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst=tekst, acting_user=wie)
    geschiedenis = [
        (h.tekst, h.history_user)
        for h in Plandeel.history.filter(id=deel.pk).exclude(tekst="").order_by("history_date", "history_id")
    ]
    assert geschiedenis == [
        ("Versie 1", wereld.bewerker),
        ("Versie 2", wereld.zorginkoper),
        ("Versie 3", wereld.beheerder),
    ]


def test_restoring_an_earlier_text_makes_it_current_and_keeps_the_history(wereld: Wereld, plan: Regioplan) -> None:
    deel = _deel(plan, Plandeelsoort.GOVERNANCE)
    for tekst in ("Goede tekst", "Mislukte tekst"):
        deel = Plandeel.objects.get(pk=deel.pk)
        services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst=tekst, acting_user=wereld.bewerker)
    goed = Plandeel.history.filter(id=deel.pk, tekst="Goede tekst").get()
    aantal_voor = Plandeel.history.filter(id=deel.pk).count()

    services.plandeel_herstellen(
        deel=Plandeel.objects.get(pk=deel.pk), historie_id=goed.history_id, acting_user=wereld.zorginkoper
    )

    assert _deel(plan, Plandeelsoort.GOVERNANCE).tekst == "Goede tekst"
    historie = Plandeel.history.filter(id=deel.pk)
    assert historie.count() > aantal_voor
    assert historie.filter(tekst="Mislukte tekst").exists()
    laatste = historie.order_by("-history_date", "-history_id").first()
    assert laatste is not None and laatste.history_user == wereld.zorginkoper
    assert "teruggezet" in wijzigingen.van(plan).first().wat  # type: ignore[union-attr]


def test_restoring_a_version_of_another_part_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    ander = _deel(plan, Plandeelsoort.ICT_VISIE)
    services.plandeel_opslaan(deel=ander, gelezen_versie=ander.versie, tekst="ICT", acting_user=wereld.bewerker)
    vreemd = Plandeel.history.filter(id=ander.pk, tekst="ICT").get()
    with pytest.raises(ValidationError):
        services.plandeel_herstellen(deel=_deel(plan), historie_id=vreemd.history_id, acting_user=wereld.bewerker)
    assert _deel(plan).tekst == ""


# --- prioritising the challenges ---------------------------------------------------------------------


def test_the_challenges_can_be_put_in_any_order(wereld: Wereld, plan: Regioplan) -> None:
    pks = [pu.pk for pu in _uitdagingen(plan)]
    services.planuitdagingen_ordenen(regioplan=plan, volgorde=[pks[2], pks[0], pks[1]], acting_user=wereld.zorginkoper)
    assert _titels(plan) == ["Wachttijden GGZ", "Vergrijzing", "Tekort aan huisartsen"]
    assert [pu.prioriteit for pu in _uitdagingen(plan)] == [1, 2, 3]
    log = wijzigingen.van(plan).first()
    assert log is not None and log.gebruiker == wereld.zorginkoper and log.namens == wereld.verzekeraar


def test_the_same_order_again_changes_nothing(wereld: Wereld, plan: Regioplan) -> None:
    versie = actueel(plan).versie
    services.planuitdagingen_ordenen(
        regioplan=plan, volgorde=[pu.pk for pu in _uitdagingen(plan)], acting_user=wereld.bewerker
    )
    assert actueel(plan).versie == versie


@pytest.mark.parametrize(
    "maak_volgorde",
    [
        pytest.param(lambda pks: pks[:2], id="one-missing"),
        pytest.param(lambda pks: [*pks, pks[0]], id="one-twice"),
        pytest.param(lambda pks: [pks[0], pks[0], pks[1]], id="duplicate-instead-of-missing"),
        pytest.param(lambda pks: [*pks[:2], 999_999], id="unknown"),
    ],
)
def test_an_order_that_is_not_exactly_the_plans_challenges_is_refused(
    wereld: Wereld, plan: Regioplan, maak_volgorde: Callable[[list[int]], list[int]]
) -> None:
    pks = [pu.pk for pu in _uitdagingen(plan)]
    with pytest.raises(ValidationError):
        services.planuitdagingen_ordenen(regioplan=plan, volgorde=maak_volgorde(pks), acting_user=wereld.bewerker)
    assert _titels(plan) == IN_VOLGORDE


def test_a_challenge_of_another_plan_cannot_be_ordered_into_this_one(wereld: Wereld, plan: Regioplan) -> None:
    ander_plan = services.regioplan_aanmaken(
        regio=wereld.regio,
        regiobeeld=plan.regiobeeld,
        titel="Ander plan",
        startjaar=STARTJAAR,
        eindjaar=EINDJAAR,
        acting_user=wereld.bewerker,
    )
    pks = [pu.pk for pu in _uitdagingen(plan)]
    vreemd = _uitdagingen(ander_plan)[0].pk
    with pytest.raises(ValidationError):
        services.planuitdagingen_ordenen(regioplan=plan, volgorde=[*pks[:2], vreemd], acting_user=wereld.bewerker)


def test_moving_a_challenge_down_swaps_it_with_the_next(wereld: Wereld, plan: Regioplan) -> None:
    eerste = _uitdagingen(plan)[0]
    services.planuitdaging_verplaatsen(planuitdaging=eerste, stappen=1, acting_user=wereld.bewerker)
    assert _titels(plan) == ["Tekort aan huisartsen", "Vergrijzing", "Wachttijden GGZ"]


def test_moving_a_challenge_up_swaps_it_with_the_one_before(wereld: Wereld, plan: Regioplan) -> None:
    laatste = _uitdagingen(plan)[2]
    services.planuitdaging_verplaatsen(planuitdaging=laatste, stappen=-1, acting_user=wereld.bewerker)
    assert _titels(plan) == ["Vergrijzing", "Wachttijden GGZ", "Tekort aan huisartsen"]


def test_moving_the_first_up_or_the_last_down_changes_nothing(wereld: Wereld, plan: Regioplan) -> None:
    versie = actueel(plan).versie
    uitdagingen = _uitdagingen(plan)
    services.planuitdaging_verplaatsen(planuitdaging=uitdagingen[0], stappen=-1, acting_user=wereld.bewerker)
    services.planuitdaging_verplaatsen(planuitdaging=uitdagingen[-1], stappen=1, acting_user=wereld.bewerker)
    assert _titels(plan) == IN_VOLGORDE
    assert actueel(plan).versie == versie


def test_moving_further_than_the_end_stops_at_the_end(wereld: Wereld, plan: Regioplan) -> None:
    services.planuitdaging_verplaatsen(planuitdaging=_uitdagingen(plan)[0], stappen=10, acting_user=wereld.bewerker)
    assert _titels(plan) == ["Tekort aan huisartsen", "Wachttijden GGZ", "Vergrijzing"]


def test_a_challenge_left_out_of_the_plan_needs_a_reason(wereld: Wereld, plan: Regioplan) -> None:
    pu = _uitdagingen(plan)[2]
    with pytest.raises(ValidationError) as fout:
        services.planuitdaging_opslaan(
            planuitdaging=pu,
            gelezen_versie=pu.versie,
            duiding="",
            opgenomen=False,
            reden_niet="   ",
            acting_user=wereld.bewerker,
        )
    assert "reden_niet" in fout.value.message_dict
    assert PlanUitdaging.objects.get(pk=pu.pk).opgenomen

    services.planuitdaging_opslaan(
        planuitdaging=pu,
        gelezen_versie=pu.versie,
        duiding="De GGZ pakt dit zelf op.",
        opgenomen=False,
        reden_niet="Valt onder het GGZ-netwerk.",
        acting_user=wereld.bewerker,
    )
    opgeslagen = PlanUitdaging.objects.get(pk=pu.pk)
    assert not opgeslagen.opgenomen and opgeslagen.reden_niet == "Valt onder het GGZ-netwerk."


def test_a_challenge_saved_on_a_stale_version_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    pu = _uitdagingen(plan)[0]
    gelezen = pu.versie
    services.planuitdaging_opslaan(
        planuitdaging=pu,
        gelezen_versie=gelezen,
        duiding="Anna",
        opgenomen=True,
        reden_niet="",
        acting_user=wereld.bewerker,
    )
    with pytest.raises(Bewerkingsconflict):
        services.planuitdaging_opslaan(
            planuitdaging=PlanUitdaging.objects.get(pk=pu.pk),
            gelezen_versie=gelezen,
            duiding="Daan",
            opgenomen=True,
            reden_niet="",
            acting_user=wereld.zorginkoper,
        )
    assert PlanUitdaging.objects.get(pk=pu.pk).duiding == "Anna"


# --- activities and measuring points ------------------------------------------------------------------


def test_an_activity_is_added_with_the_challenges_it_addresses(wereld: Wereld, plan: Regioplan) -> None:
    uitdagingen = _uitdagingen(plan)[:2]
    activiteit = activiteit_maken(wereld, plan, uitdagingen=uitdagingen)
    assert set(activiteit.uitdagingen.all()) == set(uitdagingen)
    assert activiteit.volgorde == 1
    assert activiteit_maken(wereld, plan, titel="Tweede").volgorde == 2
    assert actueel(plan).versie == 3


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        pytest.param({"start_jaar": STARTJAAR - 1}, "start_jaar", id="start-before-term"),
        pytest.param({"eind_jaar": EINDJAAR + 1}, "eind_jaar", id="end-after-term"),
        pytest.param({"start_jaar": 2027, "eind_jaar": 2026}, "eind_jaar", id="end-year-before-start"),
        pytest.param(
            {"start_jaar": 2027, "start_kwartaal": 3, "eind_jaar": 2027, "eind_kwartaal": 2},
            "eind_jaar",
            id="end-quarter-before-start",
        ),
    ],
)
def test_an_activity_outside_the_term_or_ending_before_it_starts_is_refused(
    wereld: Wereld, plan: Regioplan, velden: dict[str, Any], veld: str
) -> None:
    with pytest.raises(ValidationError) as fout:
        activiteit_maken(wereld, plan, **velden)
    assert veld in fout.value.message_dict
    assert not Activiteit.objects.exists()
    assert actueel(plan).versie == 1


def test_an_activity_may_only_address_challenges_of_its_own_plan(wereld: Wereld, plan: Regioplan) -> None:
    ander_plan = services.regioplan_aanmaken(
        regio=wereld.regio,
        regiobeeld=plan.regiobeeld,
        titel="Ander plan",
        startjaar=STARTJAAR,
        eindjaar=EINDJAAR,
        acting_user=wereld.bewerker,
    )
    with pytest.raises(ValidationError) as fout:
        activiteit_maken(wereld, plan, uitdagingen=[_uitdagingen(plan)[0], _uitdagingen(ander_plan)[0]])
    assert "uitdagingen" in fout.value.message_dict
    assert not Activiteit.objects.exists()


def test_an_activity_changed_on_a_stale_version_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    activiteit = activiteit_maken(wereld, plan)
    gelezen = activiteit.versie

    anna = Activiteit.objects.get(pk=activiteit.pk)
    anna.titel = "Titel van Anna"
    services.activiteit_opslaan(activiteit=anna, uitdagingen=[], gelezen_versie=gelezen, acting_user=wereld.bewerker)

    daan = Activiteit.objects.get(pk=activiteit.pk)
    daan.titel = "Titel van Daan"
    daan.versie = gelezen
    with pytest.raises(Bewerkingsconflict):
        services.activiteit_opslaan(
            activiteit=daan, uitdagingen=[], gelezen_versie=gelezen, acting_user=wereld.zorginkoper
        )
    assert Activiteit.objects.get(pk=activiteit.pk).titel == "Titel van Anna"


def test_an_activity_changed_on_the_current_version_is_saved_with_its_challenges(
    wereld: Wereld, plan: Regioplan
) -> None:
    eerste, tweede, _ = _uitdagingen(plan)
    activiteit = activiteit_maken(wereld, plan, uitdagingen=[eerste])
    activiteit = Activiteit.objects.get(pk=activiteit.pk)
    activiteit.voortgang = Activiteit.Voortgang.LOOPT
    activiteit.begroting = Decimal("15000.50")
    services.activiteit_opslaan(
        activiteit=activiteit, uitdagingen=[tweede], gelezen_versie=activiteit.versie, acting_user=wereld.zorginkoper
    )
    opgeslagen = Activiteit.objects.get(pk=activiteit.pk)
    assert opgeslagen.voortgang == Activiteit.Voortgang.LOOPT
    assert opgeslagen.begroting == Decimal("15000.50")
    assert list(opgeslagen.uitdagingen.all()) == [tweede]
    assert opgeslagen.versie == 2


def test_deleting_an_activity_raises_the_plans_version_and_is_logged(wereld: Wereld, plan: Regioplan) -> None:
    activiteit = activiteit_maken(wereld, plan, titel="Weg ermee")
    meetpunt_maken(wereld, activiteit)
    versie = actueel(plan).versie
    services.activiteit_verwijderen(activiteit=activiteit, acting_user=wereld.zorginkoper)
    assert not Activiteit.objects.exists() and not Meetpunt.objects.exists()
    assert actueel(plan).versie == versie + 1
    assert wijzigingen.van(plan).first().wat == "Activiteit verwijderd: Weg ermee"  # type: ignore[union-attr]


def test_a_baseline_measurement_needs_its_date(wereld: Wereld, plan: Regioplan) -> None:
    activiteit = activiteit_maken(wereld, plan)
    with pytest.raises(ValidationError) as fout:
        meetpunt_maken(wereld, activiteit, nulmeting=Decimal("40"), nulmeting_datum=None)
    assert "nulmeting_datum" in fout.value.message_dict
    assert not Meetpunt.objects.exists()


def test_a_measuring_point_without_a_baseline_needs_no_date(wereld: Wereld, plan: Regioplan) -> None:
    activiteit = activiteit_maken(wereld, plan)
    meetpunt = meetpunt_maken(wereld, activiteit, nulmeting=None, nulmeting_datum=None)
    assert meetpunt.pk is not None


def test_a_target_date_before_the_baseline_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    activiteit = activiteit_maken(wereld, plan)
    with pytest.raises(ValidationError) as fout:
        meetpunt_maken(wereld, activiteit, nulmeting_datum=dt.date(2027, 1, 1), streefdatum=dt.date(2026, 6, 30))
    assert "streefdatum" in fout.value.message_dict


def test_a_measuring_point_changed_on_a_stale_version_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    meetpunt = meetpunt_maken(wereld, activiteit_maken(wereld, plan))
    gelezen = meetpunt.versie
    eerste = Meetpunt.objects.get(pk=meetpunt.pk)
    eerste.streefwaarde = Decimal("95")
    services.meetpunt_opslaan(meetpunt=eerste, gelezen_versie=gelezen, acting_user=wereld.bewerker)
    tweede = Meetpunt.objects.get(pk=meetpunt.pk)
    tweede.streefwaarde = Decimal("80")
    with pytest.raises(Bewerkingsconflict):
        services.meetpunt_opslaan(meetpunt=tweede, gelezen_versie=gelezen, acting_user=wereld.zorginkoper)
    assert Meetpunt.objects.get(pk=meetpunt.pk).streefwaarde == Decimal("95")


def test_deleting_a_measuring_point_raises_the_plans_version(wereld: Wereld, plan: Regioplan) -> None:
    meetpunt = meetpunt_maken(wereld, activiteit_maken(wereld, plan), omschrijving="Wachttijd in dagen")
    versie = actueel(plan).versie
    services.meetpunt_verwijderen(meetpunt=meetpunt, acting_user=wereld.bewerker)
    assert not Meetpunt.objects.exists()
    assert actueel(plan).versie == versie + 1
    assert wijzigingen.van(plan).first().wat == "Meetpunt verwijderd: Wachttijd in dagen"  # type: ignore[union-attr]


def test_the_history_names_who_changed_challenges_activities_and_measuring_points(
    wereld: Wereld, plan: Regioplan
) -> None:
    # Outside a web request too (worker, command): the service names the person, not the middleware.
    services.planuitdaging_verplaatsen(planuitdaging=_uitdagingen(plan)[0], stappen=1, acting_user=wereld.zorginkoper)
    activiteit = activiteit_maken(wereld, plan, door=wereld.beheerder)
    meetpunt = meetpunt_maken(wereld, activiteit, door=wereld.bewerker)
    services.meetpunt_verwijderen(meetpunt=meetpunt, acting_user=wereld.zorginkoper)
    services.activiteit_verwijderen(activiteit=activiteit, acting_user=wereld.bewerker)

    assert set(PlanUitdaging.history.filter(history_type="~").values_list("history_user", flat=True)) == {
        wereld.zorginkoper.pk
    }
    assert [(h.history_type, h.history_user) for h in Activiteit.history.order_by("history_id")] == [
        ("+", wereld.beheerder),
        ("-", wereld.bewerker),
    ]
    assert [(h.history_type, h.history_user) for h in Meetpunt.history.order_by("history_id")] == [
        ("+", wereld.bewerker),
        ("-", wereld.zorginkoper),
    ]


# --- approval and adoption ----------------------------------------------------------------------------


@pytest.fixture
def ingediend(wereld: Wereld, plan: Regioplan) -> Regioplan:
    mandaat_voor_verzekeraar(wereld)
    return indienen(wereld, plan)


def _goedkeuren(plan: Regioplan, wie: Any, gelezen_versie: int | None = None) -> Goedkeuring:
    plan = actueel(plan)
    return services.regioplan_goedkeuren(
        regioplan=plan, gelezen_versie=plan.versie if gelezen_versie is None else gelezen_versie, acting_user=wie
    )


def test_a_draft_cannot_be_approved(wereld: Wereld, plan: Regioplan) -> None:
    with pytest.raises(ValidationError):
        _goedkeuren(plan, wereld.beheerder)
    assert not Goedkeuring.objects.exists()


def test_submitting_a_stale_version_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    deel = _deel(plan)
    gelezen = actueel(plan).versie
    services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst="Nog iets", acting_user=wereld.zorginkoper)
    with pytest.raises(Bewerkingsconflict):
        services.regioplan_indienen(regioplan=plan, gelezen_versie=gelezen, acting_user=wereld.bewerker)
    assert actueel(plan).status == Status.CONCEPT


def test_a_person_with_a_valid_mandate_approves_for_their_party(wereld: Wereld, ingediend: Regioplan) -> None:
    gegeven = _goedkeuren(ingediend, wereld.beheerder)
    assert gegeven.organisatie == wereld.zorggroep
    assert gegeven.gebruiker == wereld.beheerder
    assert gegeven.versie == actueel(ingediend).versie
    assert gegeven.mandaat.gebruiker == wereld.beheerder
    assert actueel(ingediend).status == Status.INGEDIEND  # the insurer has not approved yet
    log = wijzigingen.van(ingediend).first()
    assert log is not None and log.namens == wereld.zorggroep and "Goedgekeurd" in log.wat


def test_the_same_party_cannot_approve_the_same_version_twice(wereld: Wereld, ingediend: Regioplan) -> None:
    _goedkeuren(ingediend, wereld.beheerder)
    with pytest.raises(ValidationError):
        _goedkeuren(ingediend, wereld.beheerder)
    assert Goedkeuring.objects.count() == 1


def test_an_editor_without_a_mandate_cannot_approve(wereld: Wereld, ingediend: Regioplan) -> None:
    with pytest.raises(PermissionDenied):
        _goedkeuren(ingediend, wereld.bewerker)
    assert not Goedkeuring.objects.exists()


def test_an_expired_mandate_cannot_approve(wereld: Wereld, plan: Regioplan) -> None:
    gisteren = timezone.localdate() - dt.timedelta(days=1)
    mandaat_voor_verzekeraar(wereld, geldig_tot=gisteren)
    plan = indienen(wereld, plan)
    with pytest.raises(PermissionDenied):
        _goedkeuren(plan, wereld.zorginkoper)
    assert not Goedkeuring.objects.exists()


def test_a_mandate_that_starts_tomorrow_cannot_approve_today(wereld: Wereld, plan: Regioplan) -> None:
    mandaat_voor_verzekeraar(wereld, geldig_van=timezone.localdate() + dt.timedelta(days=1))
    plan = indienen(wereld, plan)
    with pytest.raises(PermissionDenied):
        _goedkeuren(plan, wereld.zorginkoper)


def test_a_mandate_for_another_subject_cannot_approve_the_plan(wereld: Wereld, plan: Regioplan) -> None:
    regio_services.mandaat_verlenen(
        gebruiker=wereld.zorginkoper,
        organisatie=wereld.verzekeraar,
        regio=wereld.regio,
        onderwerp=Onderwerp.CONTRACT,
        geldig_van=START,
        acting_user=wereld.koepel,
    )
    plan = indienen(wereld, plan)
    with pytest.raises(PermissionDenied):
        _goedkeuren(plan, wereld.zorginkoper)


def test_a_mandate_of_a_party_that_is_not_a_contracting_party_cannot_approve(
    wereld: Wereld, ingediend: Regioplan
) -> None:
    # Granting it is refused now (regio Mandaat.clean); a row from before that rule must not approve either.
    Mandaat.objects.create(
        gebruiker=wereld.tweede_zorginkoper,
        organisatie=wereld.tweede_verzekeraar,  # takes part in the region, but does not contract
        regio=wereld.regio,
        onderwerp=Onderwerp.REGIOPLAN,
        geldig_van=START,
        verleend_door=wereld.koepel,
    )
    with pytest.raises(PermissionDenied):
        _goedkeuren(ingediend, wereld.tweede_zorginkoper)
    assert not Goedkeuring.objects.exists()


def test_approving_a_version_that_changed_since_it_was_read_is_refused(wereld: Wereld, ingediend: Regioplan) -> None:
    gelezen = actueel(ingediend).versie
    na_indienen_wijzigen(wereld, _deel(ingediend), "Laatste wijziging", door=wereld.bewerker)
    with pytest.raises(Bewerkingsconflict):
        _goedkeuren(ingediend, wereld.beheerder, gelezen_versie=gelezen)
    assert not Goedkeuring.objects.exists()


def test_a_change_after_an_approval_withdraws_it_with_the_reason(wereld: Wereld, ingediend: Regioplan) -> None:
    gegeven = _goedkeuren(ingediend, wereld.beheerder)
    na_indienen_wijzigen(wereld, _deel(ingediend, Plandeelsoort.RANDVOORWAARDEN), "Meer geld", door=wereld.zorginkoper)
    gegeven.refresh_from_db()
    assert gegeven.ingetrokken_op is not None
    assert "Randvoorwaarden" in gegeven.ingetrokken_omdat
    # The insurer's approval of the new version does not adopt the plan: the zorggroep's no longer holds.
    _goedkeuren(ingediend, wereld.zorginkoper)
    assert actueel(ingediend).status == Status.INGEDIEND


def test_the_approver_is_emailed_after_commit_when_a_change_withdraws_their_approval(
    wereld: Wereld, ingediend: Regioplan, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    _goedkeuren(ingediend, wereld.beheerder)
    # A submitted plan changes through an accepted proposal: the accepting is the change.
    voorstel = voorstel_van_de_ander(wereld, _deel(ingediend), "Anders", aanvaarder=wereld.zorginkoper)
    with django_capture_on_commit_callbacks(execute=False) as wachtend:
        voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.zorginkoper)
    assert mailoutbox == []  # nothing leaves before the change is committed
    assert len(wachtend) == 1

    voorstel = voorstel_van_de_ander(wereld, _deel(ingediend), "Weer anders", aanvaarder=wereld.bewerker)
    with django_capture_on_commit_callbacks(execute=True):
        _goedkeuren(ingediend, wereld.beheerder)
        voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.bewerker)
    assert [m.to for m in mailoutbox] == [[wereld.beheerder.email]]
    assert "ingetrokken" in mailoutbox[0].subject
    assert "Missie en visie" in mailoutbox[0].body
    assert Goedkeuring.objects.filter(intrekking_gemeld_op__isnull=False).count() == 1


def test_taking_a_submitted_plan_back_to_draft_withdraws_its_approvals(wereld: Wereld, ingediend: Regioplan) -> None:
    gegeven = _goedkeuren(ingediend, wereld.beheerder)
    services.regioplan_terugnemen(regioplan=ingediend, acting_user=wereld.bewerker)
    gegeven.refresh_from_db()
    assert gegeven.ingetrokken_op is not None
    assert actueel(ingediend).status == Status.CONCEPT


def test_when_both_contracting_parties_approved_the_same_version_the_plan_is_adopted(
    wereld: Wereld, ingediend: Regioplan
) -> None:
    _goedkeuren(ingediend, wereld.beheerder)
    _goedkeuren(ingediend, wereld.zorginkoper)
    vastgesteld = actueel(ingediend)
    assert vastgesteld.status == Status.VASTGESTELD
    assert vastgesteld.vastgesteld_op is not None
    assert vastgesteld.is_bevroren
    assert wijzigingen.van(ingediend).filter(wat="Vastgesteld").exists()


def _vastgesteld_met_inhoud(wereld: Wereld, plan: Regioplan) -> tuple[Regioplan, Activiteit, Meetpunt]:
    mandaat_voor_verzekeraar(wereld)
    deel = _deel(plan)
    services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst="Samen gezond", acting_user=wereld.bewerker)
    uitdagingen = _uitdagingen(plan)
    pu = uitdagingen[2]
    services.planuitdaging_opslaan(
        planuitdaging=pu,
        gelezen_versie=pu.versie,
        duiding="Niet nu",
        opgenomen=False,
        reden_niet="Eerst de rest.",
        acting_user=wereld.bewerker,
    )
    activiteit = activiteit_maken(wereld, plan, uitdagingen=uitdagingen[:2])
    meetpunt = meetpunt_maken(wereld, activiteit)
    return vaststellen(wereld, plan), activiteit, meetpunt


def _bevroren_wijzigingen(
    wereld: Wereld, plan: Regioplan, activiteit: Activiteit, meetpunt: Meetpunt
) -> dict[str, Callable[[], object]]:
    deel = _deel(plan)
    pu = _uitdagingen(plan)[0]
    wie = wereld.bewerker
    return {
        "gegevens": lambda: services.regioplan_gegevens_opslaan(
            regioplan=plan, gelezen_versie=plan.versie, titel="Nieuw", startjaar=2026, eindjaar=2028, acting_user=wie
        ),
        "plandeel": lambda: services.plandeel_opslaan(
            deel=deel, gelezen_versie=deel.versie, tekst="Stiekem", acting_user=wie
        ),
        "herstellen": lambda: services.plandeel_herstellen(
            deel=deel,
            historie_id=Plandeel.history.filter(id=deel.pk).earliest("history_id").history_id,
            acting_user=wie,
        ),
        "uitdaging": lambda: services.planuitdaging_opslaan(
            planuitdaging=pu, gelezen_versie=pu.versie, duiding="x", opgenomen=True, reden_niet="", acting_user=wie
        ),
        "ordenen": lambda: services.planuitdagingen_ordenen(
            regioplan=plan, volgorde=[p.pk for p in reversed(_uitdagingen(plan))], acting_user=wie
        ),
        "verplaatsen": lambda: services.planuitdaging_verplaatsen(planuitdaging=pu, stappen=1, acting_user=wie),
        "activiteit-nieuw": lambda: activiteit_maken(wereld, plan, titel="Nog eentje"),
        "activiteit-wijzigen": lambda: services.activiteit_opslaan(
            activiteit=activiteit, uitdagingen=[], gelezen_versie=activiteit.versie, acting_user=wie
        ),
        "activiteit-weg": lambda: services.activiteit_verwijderen(activiteit=activiteit, acting_user=wie),
        "meetpunt-nieuw": lambda: meetpunt_maken(wereld, activiteit, omschrijving="Nieuw meetpunt"),
        "meetpunt-wijzigen": lambda: services.meetpunt_opslaan(
            meetpunt=meetpunt, gelezen_versie=meetpunt.versie, acting_user=wie
        ),
        "meetpunt-weg": lambda: services.meetpunt_verwijderen(meetpunt=meetpunt, acting_user=wie),
        "indienen": lambda: services.regioplan_indienen(regioplan=plan, gelezen_versie=plan.versie, acting_user=wie),
        "terugnemen": lambda: services.regioplan_terugnemen(regioplan=plan, acting_user=wie),
        "goedkeuren": lambda: services.regioplan_goedkeuren(
            regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.beheerder
        ),
    }


BEVROREN_WIJZIGINGEN = [
    "gegevens",
    "plandeel",
    "herstellen",
    "uitdaging",
    "ordenen",
    "verplaatsen",
    "activiteit-nieuw",
    "activiteit-wijzigen",
    "activiteit-weg",
    "meetpunt-nieuw",
    "meetpunt-wijzigen",
    "meetpunt-weg",
    "indienen",
    "terugnemen",
    "goedkeuren",
]


@pytest.mark.parametrize("wijziging", BEVROREN_WIJZIGINGEN)
def test_an_adopted_plan_is_frozen_against_every_change(wereld: Wereld, plan: Regioplan, wijziging: str) -> None:
    vastgesteld, activiteit, meetpunt = _vastgesteld_met_inhoud(wereld, plan)
    versie = vastgesteld.versie
    aantal_wijzigingen = wijzigingen.van(plan).count()
    with pytest.raises(ValidationError):
        _bevroren_wijzigingen(wereld, vastgesteld, activiteit, meetpunt)[wijziging]()
    na = actueel(plan)
    assert na.status == Status.VASTGESTELD and na.versie == versie
    assert wijzigingen.van(plan).count() == aantal_wijzigingen
    assert _deel(plan).tekst == "Samen gezond"
    assert Activiteit.objects.filter(pk=activiteit.pk).exists() and Meetpunt.objects.filter(pk=meetpunt.pk).exists()


def test_changing_the_text_of_an_adopted_plan_says_it_is_frozen(wereld: Wereld, plan: Regioplan) -> None:
    vastgesteld, _, _ = _vastgesteld_met_inhoud(wereld, plan)
    deel = _deel(vastgesteld)
    with pytest.raises(PlanBevroren):
        services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst="Stiekem", acting_user=wereld.bewerker)


def test_a_new_version_starts_as_a_full_copy_of_the_adopted_plan(wereld: Wereld, plan: Regioplan) -> None:
    vastgesteld, activiteit, meetpunt = _vastgesteld_met_inhoud(wereld, plan)
    nieuw = services.regioplan_nieuwe_versie(regioplan=vastgesteld, acting_user=wereld.zorginkoper)

    assert nieuw.pk != vastgesteld.pk
    assert (nieuw.volgnummer, nieuw.vorige, nieuw.status) == (2, vastgesteld, Status.CONCEPT)
    assert (nieuw.titel, nieuw.startjaar, nieuw.eindjaar) == (vastgesteld.titel, STARTJAAR, EINDJAAR)
    assert {d.soort: d.tekst for d in nieuw.delen.all()} == {d.soort: d.tekst for d in vastgesteld.delen.all()}
    assert _deel(nieuw).tekst == "Samen gezond"

    oude_uitdagingen, nieuwe_uitdagingen = _uitdagingen(vastgesteld), _uitdagingen(nieuw)
    assert [
        (p.titel, p.prioriteit, p.opgenomen, p.reden_niet, p.duiding, p.uitdaging_id) for p in nieuwe_uitdagingen
    ] == [(p.titel, p.prioriteit, p.opgenomen, p.reden_niet, p.duiding, p.uitdaging_id) for p in oude_uitdagingen]
    assert not {p.pk for p in nieuwe_uitdagingen} & {p.pk for p in oude_uitdagingen}

    kopie = nieuw.activiteiten.get()
    assert kopie.pk != activiteit.pk
    assert (kopie.titel, kopie.begroting, kopie.verantwoordelijke) == (
        activiteit.titel,
        activiteit.begroting,
        activiteit.verantwoordelijke,
    )
    # The copy addresses the new version's challenges, not the adopted plan's.
    assert set(kopie.uitdagingen.all()) == set(nieuwe_uitdagingen[:2])
    assert set(Activiteit.objects.get(pk=activiteit.pk).uitdagingen.all()) == set(oude_uitdagingen[:2])

    mp = kopie.meetpunten.get()
    assert mp.pk != meetpunt.pk
    assert (mp.omschrijving, mp.nulmeting, mp.nulmeting_datum, mp.streefwaarde, mp.streefdatum) == (
        meetpunt.omschrijving,
        meetpunt.nulmeting,
        meetpunt.nulmeting_datum,
        meetpunt.streefwaarde,
        meetpunt.streefdatum,
    )
    assert Meetpunt.objects.get(pk=meetpunt.pk).activiteit_id == activiteit.pk

    assert actueel(vastgesteld).status == Status.VASTGESTELD  # stays in force until the new one is adopted
    log = wijzigingen.van(nieuw).get()
    assert log.gebruiker == wereld.zorginkoper and log.namens == wereld.verzekeraar


def test_editing_the_new_version_leaves_the_adopted_plan_untouched(wereld: Wereld, plan: Regioplan) -> None:
    vastgesteld, _, _ = _vastgesteld_met_inhoud(wereld, plan)
    nieuw = services.regioplan_nieuwe_versie(regioplan=vastgesteld, acting_user=wereld.bewerker)
    deel = _deel(nieuw)
    services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst="Bijgesteld", acting_user=wereld.bewerker)
    kopie = nieuw.activiteiten.get()
    services.activiteit_verwijderen(activiteit=kopie, acting_user=wereld.bewerker)
    assert _deel(vastgesteld).tekst == "Samen gezond"
    assert vastgesteld.activiteiten.count() == 1 and vastgesteld.activiteiten.get().meetpunten.count() == 1


def test_adopting_the_new_version_replaces_the_old_one(wereld: Wereld, plan: Regioplan) -> None:
    vastgesteld, _, _ = _vastgesteld_met_inhoud(wereld, plan)
    nieuw = services.regioplan_nieuwe_versie(regioplan=vastgesteld, acting_user=wereld.bewerker)
    nieuw = vaststellen(wereld, nieuw)
    assert nieuw.status == Status.VASTGESTELD
    assert actueel(vastgesteld).status == Status.VERVANGEN
    assert actueel(vastgesteld).is_bevroren


def test_a_second_new_version_while_one_is_open_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    vastgesteld, _, _ = _vastgesteld_met_inhoud(wereld, plan)
    services.regioplan_nieuwe_versie(regioplan=vastgesteld, acting_user=wereld.bewerker)
    with pytest.raises(ValidationError):
        services.regioplan_nieuwe_versie(regioplan=vastgesteld, acting_user=wereld.zorginkoper)
    assert Regioplan.objects.filter(vorige=vastgesteld).count() == 1


def test_a_new_version_of_a_draft_or_a_replaced_plan_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    with pytest.raises(ValidationError):
        services.regioplan_nieuwe_versie(regioplan=plan, acting_user=wereld.bewerker)
    vastgesteld, _, _ = _vastgesteld_met_inhoud(wereld, actueel(plan))
    nieuw = vaststellen(wereld, services.regioplan_nieuwe_versie(regioplan=vastgesteld, acting_user=wereld.bewerker))
    with pytest.raises(ValidationError):
        services.regioplan_nieuwe_versie(regioplan=actueel(vastgesteld), acting_user=wereld.bewerker)
    derde = services.regioplan_nieuwe_versie(regioplan=nieuw, acting_user=wereld.bewerker)
    assert derde.volgnummer == 3


def test_an_activity_of_a_party_outside_the_region_is_refused(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    with pytest.raises(ValidationError) as fout:
        activiteit_maken(wereld, plan, verantwoordelijke=wereld.andere_zorggroep)
    assert "verantwoordelijke" in fout.value.message_dict


def test_every_part_of_a_new_plan_starts_with_a_history_row_naming_its_author(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    for deel in plan.delen.all():
        assert deel.history.count() == 1
        assert deel.history.first().history_user == wereld.bewerker
