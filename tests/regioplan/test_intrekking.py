"""No silent withdrawals on the plan: every edit form says whose approval a save withdraws (and saving still works),
and anyone who reads the plan sees what changed since an approval, from the plan's history."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from regioplan import services
from regioplan.models import Goedkeuring, Regioplan
from tests.matrix import ingelogd
from tests.personas import Wereld
from tests.regioplan.werelden import (
    activiteit_maken,
    actueel,
    indienen,
    mandaat_voor_verzekeraar,
    meetpunt_maken,
    na_indienen_wijzigen,
    plan_maken,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def goedgekeurd(wereld: Wereld) -> tuple[Regioplan, Goedkeuring]:
    """A submitted plan with an activity and a measuring point, approved by the zorggroep (Bram Beheerder)."""
    plan = plan_maken(wereld)
    meetpunt_maken(wereld, activiteit_maken(wereld, plan))
    plan = indienen(wereld, plan)
    goedkeuring = services.regioplan_goedkeuren(
        regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.beheerder
    )
    return actueel(plan), goedkeuring


def _url(plan: Regioplan, naam: str, *args: object) -> str:
    return reverse(f"regioplan:{naam}", args=[plan.regio.slug, plan.pk, *args])


def test_the_lifecycle_names_the_standing_approvals_a_save_would_withdraw(
    wereld: Wereld, goedgekeurd: tuple[Regioplan, Goedkeuring]
) -> None:
    plan, goedkeuring = goedgekeurd
    intrekking = services.LEVENSLOOP.zou_intrekken(plan)
    assert intrekking.staand == [goedkeuring] and str(intrekking.wat) == "de goedkeuring"
    deel = plan.delen.get(soort="ict-visie")
    na_indienen_wijzigen(wereld, deel, "Anders.", door=wereld.zorginkoper)
    assert not services.LEVENSLOOP.zou_intrekken(actueel(plan))


VOORSTELFORMULIEREN = ("deel_bewerken", "uitdaging_bewerken", "activiteit_bewerken")


def test_every_edit_form_of_the_plan_says_whose_approval_saving_withdraws(
    wereld: Wereld, goedgekeurd: tuple[Regioplan, Goedkeuring]
) -> None:
    plan, goedkeuring = goedgekeurd
    op = timezone.localtime(goedkeuring.gegeven_op)
    # Submitted, the plan's texts change through proposals: their forms say what accepting one withdraws.
    wie = f"de goedkeuring in van Zorggroep Eigen (Bram Beheerder, {op.day} "
    verwacht = dict.fromkeys(VOORSTELFORMULIEREN, f"Wordt dit voorstel aanvaard, dan trekt dat {wie}")
    activiteit = plan.activiteiten.get()
    formulieren: list[tuple[Any, ...]] = [
        ("deel_bewerken", "ict-visie"),
        ("gegevens_bewerken",),
        ("uitdaging_bewerken", plan.uitdagingen.first().pk),  # type: ignore[union-attr]
        ("activiteit_nieuw",),
        ("activiteit_bewerken", activiteit.pk),
        ("meetpunt_nieuw", activiteit.pk),
        ("meetpunt_bewerken", activiteit.meetpunten.get().pk),
    ]
    daan = ingelogd(wereld.zorginkoper)
    for naam, *args in formulieren:
        html = daan.get(_url(plan, naam, *args)).content.decode()
        tekst = verwacht.get(naam, f"Opslaan trekt {wie}")
        assert tekst in html, naam
        assert html.index(tekst) < html.index("</button>", html.index("<main")), naam
    na_indienen_wijzigen(wereld, plan.delen.get(soort="ict-visie"), "Nieuw.", door=wereld.zorginkoper)
    assert Goedkeuring.objects.get(pk=goedkeuring.pk).ingetrokken_op is not None


def test_nothing_is_withdrawn_before_anyone_approved_nor_from_an_adopted_plan(wereld: Wereld) -> None:
    plan = indienen(wereld, plan_maken(wereld))
    assert not services.LEVENSLOOP.zou_intrekken(plan)  # submitted, nobody approved yet
    mandaat_voor_verzekeraar(wereld)
    for wie in (wereld.beheerder, wereld.zorginkoper):
        plan = actueel(plan)
        services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=wie)
    plan = actueel(plan)
    assert plan.is_bevroren and plan.goedkeuringen.count() == 2
    assert not services.LEVENSLOOP.zou_intrekken(plan)  # adopted: it cannot change, so nothing can be withdrawn


def test_anyone_who_reads_the_plan_sees_what_changed_since_an_approval(
    wereld: Wereld, goedgekeurd: tuple[Regioplan, Goedkeuring], django_capture_on_commit_callbacks: Any
) -> None:
    plan, goedkeuring = goedgekeurd
    deel = plan.delen.get(soort="ict-visie")
    oud = deel.tekst
    with django_capture_on_commit_callbacks(execute=True):
        na_indienen_wijzigen(wereld, deel, oud + " Met een regionaal dossier.", door=wereld.zorginkoper)
    activiteit = plan.activiteiten.get()
    services.activiteit_verwijderen(activiteit=activiteit, acting_user=wereld.zorginkoper)

    detail = ingelogd(wereld.lezer).get(_url(plan, "detail")).content.decode()
    assert _url(plan, "sinds_goedkeuring", goedkeuring.pk) in detail
    html = ingelogd(wereld.lezer).get(_url(plan, "sinds_goedkeuring", goedkeuring.pk)).content.decode()
    assert "Wat is er veranderd sinds de goedkeuring van Zorggroep Eigen" in html
    assert "Bram Beheerder gaf de goedkeuring namens Zorggroep Eigen" in html
    assert "[toegevoegd:] </span> Met een regionaal dossier.</ins>" in html
    weg = html[html.index(activiteit.titel) :]
    assert "vervallen" in weg[: weg.index("</li>")]
