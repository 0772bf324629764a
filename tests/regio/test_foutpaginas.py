"""The product's own error pages: a request it cannot process gets a Dutch page that says nothing was saved."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from regioplan.models import Regioplan
from tests.personas import Wereld
from tests.regioplan.werelden import plan_maken

pytestmark = pytest.mark.django_db


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2_000)
def test_a_request_over_the_size_limit_gets_a_dutch_page_and_saves_nothing(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    client = Client()
    client.force_login(wereld.lezer)
    url = reverse("regioplan:reactie_nieuw", args=[plan.regio.slug, plan.pk]) + "?deel=governance"
    antwoord = client.post(url, {"tekst": "Een heel lange vraag. " * 500})
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "Dit verzoek kon Regio niet verwerken" in html
    assert "Er is niets opgeslagen" in html
    assert "Bad Request" not in html
    assert not Regioplan.objects.get(pk=plan.pk).reacties.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2_000)
def test_the_400_page_is_english_in_the_english_interface(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    client = Client()
    client.force_login(wereld.lezer)
    client.post(reverse("set_language"), {"language": "en"})
    url = reverse("regioplan:reactie_nieuw", args=[plan.regio.slug, plan.pk]) + "?deel=governance"
    antwoord = client.post(url, {"tekst": "A very long question. " * 500})
    assert antwoord.status_code == 400
    assert "Regio could not process this request" in antwoord.content.decode()
