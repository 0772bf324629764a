"""The plan's change list (issue 21): the plan page shows the latest changes and links to all of them, a page at a
time."""

from __future__ import annotations

import pytest
from django.urls import reverse

from regioplan import services
from regioplan.models import Regioplan
from tests.matrix import ingelogd
from tests.personas import Wereld
from tests.regioplan.werelden import plan_maken


def _wijzigen(wereld: Wereld, plan: Regioplan, keer: int) -> None:
    deel = plan.delen.get(soort="missie-visie")
    for i in range(keer):
        deel = services.plandeel_opslaan(
            deel=deel, gelezen_versie=deel.versie, tekst=f"Missie, versie {i}", acting_user=wereld.bewerker
        )


def test_the_plan_page_links_to_every_change_once_it_shows_only_the_latest(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    _wijzigen(wereld, plan, 20)
    carla = ingelogd(wereld.lezer)
    pagina = carla.get(reverse("regioplan:detail", args=[plan.regio.slug, plan.pk])).content.decode()
    alle = reverse("regioplan:wijzigingen", args=[plan.regio.slug, plan.pk])
    assert f'href="{alle}"' in pagina
    assert "Plan aangemaakt op basis van regiobeeld" not in pagina  # the first change is past the latest 15
    lijst = carla.get(alle).content.decode()
    assert "Plan aangemaakt op basis van regiobeeld" in lijst
    assert "21 wijzigingen sinds het plan begon" in lijst


def test_a_plan_with_few_changes_needs_no_link(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    pagina = ingelogd(wereld.lezer).get(reverse("regioplan:detail", args=[plan.regio.slug, plan.pk])).content.decode()
    assert reverse("regioplan:wijzigingen", args=[plan.regio.slug, plan.pk]) not in pagina


def test_the_full_list_goes_a_page_at_a_time(wereld: Wereld, monkeypatch: pytest.MonkeyPatch) -> None:
    from regioplan.views import plan as plan_views

    monkeypatch.setattr(plan_views, "WIJZIGINGEN_PER_PAGINA", 5)
    plan = plan_maken(wereld)
    _wijzigen(wereld, plan, 7)
    url = reverse("regioplan:wijzigingen", args=[plan.regio.slug, plan.pk])
    eerste = ingelogd(wereld.lezer).get(url).content.decode()
    tweede = ingelogd(wereld.lezer).get(url + "?pagina=2").content.decode()
    assert "Pagina 1 van 2" in eerste and "Oudere wijzigingen" in eerste
    assert "Plan aangemaakt op basis van regiobeeld" in tweede and "Plan aangemaakt" not in eerste
