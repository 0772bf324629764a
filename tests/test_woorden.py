"""Words a GP or a purchaser understands (issue 21): no "Planversie 1 · wijziging 34", no bare "Attendeer", no
"Korte naam in de adresbalk", no "Deelnames" in the admin."""

from __future__ import annotations

import re

from django.urls import reverse

from regioplan.models import Regioplan
from tests.matrix import ingelogd
from tests.personas import Wereld
from tests.regioplan.werelden import plan_maken


def test_the_plan_page_says_its_version_and_how_often_it_changed_in_plain_words(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    plan = Regioplan.objects.get(pk=plan.pk)
    pagina = ingelogd(wereld.lezer).get(reverse("regioplan:detail", args=[plan.regio.slug, plan.pk])).content.decode()
    assert "Planversie" not in pagina
    assert "Versie 1" in pagina
    assert re.search(rf"(^|\D){plan.versie} wijziging(en)? sinds het begin", pagina)


def test_the_comment_form_says_who_gets_an_email_and_how_to_mention_someone(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    url = reverse("regioplan:reactie_nieuw", args=[plan.regio.slug, plan.pk]) + "?deel=missie-visie"
    formulier = ingelogd(wereld.lezer).get(url).content.decode()
    assert "Attendeer" not in formulier
    assert "typ @ en de eerste letters van de naam" in formulier
    assert "krijgt een e-mail" in formulier and "Ctrl" not in formulier


def test_the_admin_names_the_regions_address_and_its_participants_plainly(wereld: Wereld) -> None:
    from regio.koepelgroep import koepelgroep_verzekeren

    wereld.koepel.groups.add(koepelgroep_verzekeren())
    koepel = ingelogd(wereld.koepel)
    regio = koepel.get(reverse("admin:regio_regio_change", args=[wereld.regio.pk])).content.decode()
    assert "adresbalk" not in regio
    assert "Naam in het webadres" in regio
    assert "Deelnemende organisaties" in regio
    index = koepel.get(reverse("admin:index")).content.decode()
    assert "Deelnames" not in index and "Deelnemende organisaties" in index
