"""Issue 7, hostile input on the regioplan forms: whatever an editor posts, the answer is a page (never a 500),
and either the whole input is stored or nothing changes (property-based, with hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from regio.gelijktijdig import historie_bij_versie
from regio.samenvoegen import teksten_samenvoegen
from regioplan import services
from regioplan.forms import PlandeelForm, PlanUitdagingForm
from regioplan.models import Activiteit, Meetpunt, Plandeel, PlanUitdaging, Reactie, Regioplan
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, plan_maken, regiobeeld_met_uitdagingen
from tests.vijandig import RUIS, VERSIE, VOORBEELDEN, geen_500, stand, versie_gepost, zoals_gepost

pytestmark = pytest.mark.django_db

MODELLEN = (Regioplan, Plandeel, PlanUitdaging, Activiteit, Meetpunt, Reactie)


@dataclass
class PlanWereld:
    wereld: Wereld
    plan: Regioplan
    ander_plan: Regioplan
    activiteit: Activiteit
    regiobeeld_elders_pk: int
    client: Client

    def url(self, naam: str, *args: Any) -> str:
        return reverse(f"regioplan:{naam}", args=[self.wereld.regio.slug, self.plan.pk, *args])


@pytest.fixture
def w(wereld: Wereld) -> PlanWereld:
    plan = plan_maken(wereld)
    ander_plan = services.regioplan_aanmaken(
        regio=wereld.regio,
        regiobeeld=Regioplan.objects.get(pk=plan.pk).regiobeeld,
        titel="Ander plan",
        startjaar=2026,
        eindjaar=2026,
        acting_user=wereld.bewerker,
    )
    elders = regiobeeld_met_uitdagingen(wereld, regio=wereld.andere_regio)
    client = Client()
    client.force_login(wereld.bewerker)
    return PlanWereld(
        wereld=wereld,
        plan=plan,
        ander_plan=ander_plan,
        activiteit=activiteit_maken(wereld, plan),
        regiobeeld_elders_pk=elders.pk,
        client=client,
    )


@given(veld=st.sampled_from(["titel", "startjaar", "eindjaar"]), tekst=RUIS, versie=VERSIE)
@VOORBEELDEN
def test_the_plan_details_with_any_field_or_version_spoiled_are_stored_whole_or_not_at_all(
    w: PlanWereld, veld: str, tekst: str, versie: str | int
) -> None:
    plan = Regioplan.objects.get(pk=w.plan.pk)
    historie = Regioplan.history.filter(id=plan.pk).count()
    voor = stand(MODELLEN)
    geldig = {"titel": "Regioplan Eigen regio", "startjaar": "2026", "eindjaar": "2028"}
    antwoord = w.client.post(
        w.url("gegevens_bewerken"), {**geldig, veld: tekst, "versie": versie_gepost(plan.versie, versie)}
    )
    geen_500(antwoord)
    if antwoord.status_code == 302:
        na = Regioplan.objects.get(pk=plan.pk)
        assert na.versie == plan.versie + 1
        assert Regioplan.history.filter(id=plan.pk).count() == historie + 1
        assert Regioplan.objects.count() == len(voor[0])
    else:
        assert stand(MODELLEN) == voor


@given(tekst=RUIS, versie=VERSIE, soort=st.sampled_from(["missie-visie", "governance"]))
@VOORBEELDEN
def test_a_plan_part_posted_with_anything_is_stored_whole_or_not_at_all(
    w: PlanWereld, tekst: str, versie: str | int, soort: str
) -> None:
    deel = Plandeel.objects.get(regioplan=w.plan, soort=soort)
    historie = deel.history.count()
    voor = stand(MODELLEN)
    data = {"tekst": tekst, "versie": versie_gepost(deel.versie, versie)}
    oud = historie_bij_versie(deel, deel.versie + versie) if isinstance(versie, int) and versie < 0 else None
    antwoord = w.client.post(w.url("deel_bewerken", soort), data)
    geen_500(antwoord)
    if antwoord.status_code == 302:
        form = PlandeelForm(zoals_gepost(data))
        assert form.is_valid()
        na = Plandeel.objects.get(pk=deel.pk)
        verwacht = form.cleaned_data["tekst"]
        if isinstance(versie, int) and versie < 0:
            # A stale version never overwrites: the save was merged with what was saved since (regio/samenvoegen.py).
            samen = teksten_samenvoegen(oud.tekst if oud else None, hun=deel.tekst, mijn=verwacht)
            assert samen.gelukt
            verwacht = samen.tekst
        assert (na.tekst, na.versie) == (verwacht, deel.versie + 1)
        assert na.history.count() == historie + 1
    else:
        assert stand(MODELLEN) == voor


@given(duiding=RUIS, opgenomen=st.one_of(st.sampled_from(["ja", "nee"]), RUIS), reden_niet=RUIS, versie=VERSIE)
@VOORBEELDEN
def test_a_challenge_in_the_plan_posted_with_anything_is_stored_whole_or_not_at_all(
    w: PlanWereld, duiding: str, opgenomen: str, reden_niet: str, versie: str | int
) -> None:
    pu = PlanUitdaging.objects.filter(regioplan=w.plan).order_by("pk").first()
    assert pu is not None
    voor = stand(MODELLEN)
    data = {"duiding": duiding, "opgenomen": opgenomen, "reden_niet": reden_niet}
    data["versie"] = versie_gepost(pu.versie, versie)
    antwoord = w.client.post(w.url("uitdaging_bewerken", pu.pk), data)
    geen_500(antwoord)
    if antwoord.status_code == 302:
        form = PlanUitdagingForm(zoals_gepost(data))
        assert form.is_valid()
        na = PlanUitdaging.objects.get(pk=pu.pk)
        schoon = form.cleaned_data
        assert (na.duiding, na.opgenomen, na.versie) == (schoon["duiding"], schoon["opgenomen"], pu.versie + 1)
    else:
        assert stand(MODELLEN) == voor


def _activiteit(w: PlanWereld) -> dict[str, Any]:
    """A valid activity, as the form posts it."""
    return {
        "titel": "Regionale triage",
        "beschrijving": "",
        "uitdagingen": [str(w.plan.uitdagingen.order_by("pk").first().pk)],  # type: ignore[union-attr]
        "doel": "",
        "verantwoordelijke": str(w.wereld.zorggroep.pk),
        "start_jaar": "2026",
        "start_kwartaal": "1",
        "eind_jaar": "2027",
        "eind_kwartaal": "4",
        "prioriteit": "2",
        "voortgang": "",
        "begroting": "12.500,50",
    }


def _vreemde_sleutels(w: PlanWereld) -> st.SearchStrategy[Any]:
    """Keys that exist, but not for this plan or region: another plan's challenge, another region's party."""
    vreemd = [
        str(w.ander_plan.uitdagingen.order_by("pk").first().pk),  # type: ignore[union-attr]
        str(w.wereld.andere_zorggroep.pk),
        str(w.regiobeeld_elders_pk),
        "0",
        "-1",
        "9223372036854775808",  # one past the largest key a database column holds
        "99999999999999999999999",
    ]
    return st.sampled_from(vreemd)


@given(data=st.data())
@VOORBEELDEN
def test_an_activity_with_any_one_field_spoiled_is_stored_whole_or_not_at_all(
    w: PlanWereld, data: st.DataObject
) -> None:
    velden = _activiteit(w)
    veld = data.draw(st.sampled_from(sorted(velden)))
    waarde = data.draw(st.one_of(RUIS, _vreemde_sleutels(w)))
    voor = stand(MODELLEN)
    antwoord = w.client.post(w.url("activiteit_nieuw"), {**velden, veld: [waarde] if veld == "uitdagingen" else waarde})
    geen_500(antwoord)
    if antwoord.status_code == 302:
        nieuw = Activiteit.objects.latest("pk")
        assert Activiteit.objects.count() == len(voor[6]) + 1
        assert list(nieuw.uitdagingen.values_list("regioplan", flat=True)) in ([w.plan.pk], [])
        assert nieuw.verantwoordelijke_id == int(velden["verantwoordelijke"]) or veld == "verantwoordelijke"
    else:
        assert stand(MODELLEN) == voor


@given(data=st.data())
@VOORBEELDEN
def test_a_change_to_an_activity_with_a_spoiled_field_or_stale_version_changes_all_or_nothing(
    w: PlanWereld, data: st.DataObject
) -> None:
    activiteit = Activiteit.objects.get(pk=w.activiteit.pk)
    velden = _activiteit(w)
    veld = data.draw(st.sampled_from(sorted(velden)))
    waarde = data.draw(st.one_of(RUIS, _vreemde_sleutels(w)))
    versie = data.draw(VERSIE)
    voor = stand(MODELLEN)
    post = {**velden, veld: waarde, "versie": versie_gepost(activiteit.versie, versie)}
    antwoord = w.client.post(w.url("activiteit_bewerken", activiteit.pk), post)
    geen_500(antwoord)
    if antwoord.status_code == 302:
        na = Activiteit.objects.get(pk=activiteit.pk)
        assert na.versie == activiteit.versie + 1
        assert Activiteit.objects.count() == len(voor[6])
    else:
        assert stand(MODELLEN) == voor
    if isinstance(versie, int) and versie < 0:
        assert antwoord.status_code in (400, 409)


@given(data=st.data())
@VOORBEELDEN
def test_a_measuring_point_with_any_one_field_spoiled_is_stored_whole_or_not_at_all(
    w: PlanWereld, data: st.DataObject
) -> None:
    velden = {
        "omschrijving": "Praktijken met een POH",
        "eenheid": "%",
        "nulmeting": "40,5",
        "nulmeting_datum": "2026-01-01",
        "streefwaarde": "90",
        "streefdatum": "2027-12-31",
        "bron": "Eigen telling",
        "frequentie": "",
        "eigenaar": str(w.wereld.zorggroep.pk),
    }
    veld = data.draw(st.sampled_from(sorted(velden)))
    waarde = data.draw(st.one_of(RUIS, _vreemde_sleutels(w), st.sampled_from(["2026-02-30", "0000-00-00", "31-12"])))
    voor = stand(MODELLEN)
    antwoord = w.client.post(w.url("meetpunt_nieuw", w.activiteit.pk), {**velden, veld: waarde})
    geen_500(antwoord)
    if antwoord.status_code == 302:
        nieuw = Meetpunt.objects.latest("pk")
        assert Meetpunt.objects.count() == len(voor[8]) + 1
        assert nieuw.activiteit_id == w.activiteit.pk
    else:
        assert stand(MODELLEN) == voor


@given(tekst=RUIS, genoemd=st.lists(st.one_of(RUIS, st.sampled_from(["ander", "9223372036854775808"])), max_size=3))
@VOORBEELDEN
def test_a_comment_posted_with_anything_is_placed_whole_or_not_at_all(
    w: PlanWereld, tekst: str, genoemd: list[str]
) -> None:
    genoemd = [str(w.wereld.buitenstaander.pk) if g == "ander" else g for g in genoemd]
    voor = stand(MODELLEN)
    antwoord = w.client.post(w.url("reactie_nieuw") + "?deel=missie-visie", {"tekst": tekst, "genoemd": genoemd})
    geen_500(antwoord)
    if antwoord.status_code == 302:
        nieuw = Reactie.objects.latest("pk")
        assert Reactie.objects.count() == len(voor[10]) + 1
        assert nieuw.tekst.strip() == zoals_gepost({"t": tekst})["t"].strip()
    else:
        assert stand(MODELLEN) == voor


@given(veld=st.sampled_from(["titel", "regiobeeld", "startjaar", "eindjaar"]), data=st.data())
@VOORBEELDEN
def test_a_new_plan_with_any_one_field_spoiled_is_made_whole_or_not_at_all(
    w: PlanWereld, veld: str, data: st.DataObject
) -> None:
    waarde = data.draw(st.one_of(RUIS, _vreemde_sleutels(w)))
    geldig = {"titel": "Nog een plan", "regiobeeld": str(w.plan.regiobeeld_id), "startjaar": "2027", "eindjaar": "2027"}
    voor = stand(MODELLEN)
    antwoord = w.client.post(reverse("regioplan:nieuw", args=[w.wereld.regio.slug]), {**geldig, veld: waarde})
    geen_500(antwoord)
    if antwoord.status_code == 302:
        nieuw = Regioplan.objects.latest("pk")
        assert nieuw.regio_id == w.wereld.regio.pk
        assert nieuw.regiobeeld_id == w.plan.regiobeeld_id
        assert nieuw.delen.count() == Plandeel.objects.filter(regioplan=w.plan).count()
    else:
        assert stand(MODELLEN) == voor


@given(volgorde=st.lists(st.one_of(RUIS, st.sampled_from(["eigen", "ander"])), max_size=5))
@VOORBEELDEN
def test_reordering_the_challenges_with_any_list_never_fails_and_keeps_every_challenge(
    w: PlanWereld, volgorde: list[str]
) -> None:
    eigen = [str(pk) for pk in w.plan.uitdagingen.values_list("pk", flat=True)]
    ander = str(w.ander_plan.uitdagingen.order_by("pk").first().pk)  # type: ignore[union-attr]
    posted = [eigen[0] if v == "eigen" else ander if v == "ander" else v for v in volgorde]
    voor = sorted(PlanUitdaging.objects.filter(regioplan=w.plan).values_list("pk", flat=True))
    ander_voor = list(PlanUitdaging.objects.filter(regioplan=w.ander_plan).order_by("pk").values())
    antwoord = w.client.post(w.url("uitdagingen_ordenen"), {"volgorde": posted})
    geen_500(antwoord)
    assert sorted(PlanUitdaging.objects.filter(regioplan=w.plan).values_list("pk", flat=True)) == voor
    assert list(PlanUitdaging.objects.filter(regioplan=w.ander_plan).order_by("pk").values()) == ander_voor
