"""Text as a browser posts it is stored normalised (regio/middleware.py InvoerMiddleware): line endings as \\n, no
invisible direction or zero-width characters; passwords as typed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from regio.middleware import invoer_normaliseren
from regioplan.models import Plandeel
from tests.personas import Wereld
from tests.regioplan.werelden import plan_maken

pytestmark = pytest.mark.django_db


def test_crlf_from_the_browser_is_stored_as_lf_so_versions_differ_only_where_text_changed(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    deel = plan.delen.get(soort="missie-visie")
    client = Client()
    client.force_login(wereld.bewerker)
    url = reverse("regioplan:deel_bewerken", args=[plan.regio.slug, plan.pk, deel.soort])
    antwoord = client.post(url, {"tekst": "Eerste alinea.\r\n\r\nTweede alinea.\r\n", "versie": str(deel.versie)})
    assert antwoord.status_code in (200, 302)
    assert Plandeel.objects.get(pk=deel.pk).tekst.rstrip("\n") == "Eerste alinea.\n\nTweede alinea."


def test_direction_overrides_and_zero_width_spaces_are_removed_from_a_posted_title(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    client = Client()
    client.force_login(wereld.bewerker)
    url = reverse("regioplan:gegevens_bewerken", args=[plan.regio.slug, plan.pk])
    pagina = client.get(url)
    assert pagina.status_code == 200
    form = pagina.context["form"]
    data = {naam: form[naam].value() or "" for naam in form.fields}
    data.update(titel="Plan \u202eLTR\u202c voor de\u200b regio", versie=str(plan.versie))
    client.post(url, data)
    plan.refresh_from_db()
    assert plan.titel == "Plan LTR voor de regio"


@pytest.mark.parametrize(
    ("getypt", "opgeslagen"),
    [
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("\u202eRTL\u202c", "RTL"),
        ("\u2066x\u2069\u200e\u200f\ufeff", "x"),
        ("arts \U0001f468\u200d\u2695\ufe0f", "arts \U0001f468\u200d\u2695\ufe0f"),  # the joiner of an emoji stays
    ],
)
def test_what_normalising_keeps_and_removes(getypt: str, opgeslagen: str) -> None:
    assert invoer_normaliseren(getypt) == opgeslagen
