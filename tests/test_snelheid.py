"""Speed limits on the product's own expensive or spam-prone actions (regio/snelheid.py): over the limit the action
is not carried out and the person reads why (429, in Dutch) and keeps what they typed; under it all works; each
person has their own count."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from regio.models import Auditregel
from regiobeeld.models import Importbestand
from regioplan.models import Reactie, Regioplan
from tests.personas import Wereld
from tests.regioplan.werelden import plan_maken

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_kleine_limieten"),
]

TE_VAAK = "U hebt dit in korte tijd te vaak gedaan"


@pytest.fixture
def _kleine_limieten() -> object:
    with override_settings(REGIO_SNELHEIDSLIMIETEN={"reactie": (2, 600), "import": (1, 600), "pdf": (1, 600)}):
        yield


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _reactie_url(plan: Regioplan) -> str:
    return reverse("regioplan:reactie_nieuw", args=[plan.regio.slug, plan.pk]) + "?deel=governance"


def test_a_comment_over_the_limit_is_not_placed_and_the_typed_text_comes_back(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    carla = _client(wereld.lezer)
    for i in range(2):
        assert carla.post(_reactie_url(plan), {"tekst": f"Vraag {i}"}).status_code == 302
    antwoord = carla.post(_reactie_url(plan), {"tekst": "Mijn lange, zorgvuldig getypte vraag"})
    assert antwoord.status_code == 429
    html = antwoord.content.decode()
    assert TE_VAAK in html and "2 keer per 10 minuten" in html and "Wacht even en probeer het daarna opnieuw." in html
    assert "Mijn lange, zorgvuldig getypte vraag" in html  # in the form, to send again later
    assert 1 <= int(antwoord["Retry-After"]) <= 600  # when the next window opens
    assert Reactie.objects.filter(regioplan=plan).count() == 2


def test_another_person_has_their_own_count(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    carla, anna = _client(wereld.lezer), _client(wereld.bewerker)
    for i in range(3):
        carla.post(_reactie_url(plan), {"tekst": f"Vraag {i}"})
    assert carla.post(_reactie_url(plan), {"tekst": "Nog een"}).status_code == 429
    assert anna.post(_reactie_url(plan), {"tekst": "Een antwoord van Anna"}).status_code == 302
    assert Reactie.objects.filter(regioplan=plan, tekst="Een antwoord van Anna").exists()


def test_an_import_over_the_limit_is_not_started(wereld: Wereld) -> None:
    url = reverse("regiobeeld:import_nieuw", args=[wereld.regio.slug])
    anna = _client(wereld.bewerker)
    # Under the limit the upload is handled as always (here: no file, so the form says so).
    eerste = anna.post(url, {"bron": "CBS"})
    assert eerste.status_code == 400 and TE_VAAK not in eerste.content.decode()
    tweede = anna.post(url, {"bron": "CBS Statline 2026"})
    assert tweede.status_code == 429
    html = tweede.content.decode()
    assert TE_VAAK in html and "CBS Statline 2026" in html
    assert 1 <= int(tweede["Retry-After"]) <= 600
    assert not Importbestand.objects.exists()
    assert _client(wereld.zorginkoper).post(url, {"bron": "CBS"}).status_code == 400


def test_a_pdf_over_the_limit_is_not_asked_for_with_or_without_htmx(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    url = reverse("regioplan:pdf_maken", args=[plan.regio.slug, plan.pk])
    anna = _client(wereld.bewerker)  # asking for a PDF is for editors

    def gevraagd() -> int:
        return Auditregel.objects.filter(soort=Auditregel.Soort.EXPORT).count()

    assert anna.post(url).status_code == 302
    assert gevraagd() == 1
    pagina = anna.post(url)
    assert pagina.status_code == 429
    assert TE_VAAK in pagina.content.decode() and "Er is niets uitgevoerd" in pagina.content.decode()
    assert 1 <= int(pagina["Retry-After"]) <= 600
    # htmx swaps no 429 into the page: the pdf block comes back, saying why.
    blok = anna.post(url, HTTP_HX_REQUEST="true")
    assert blok.status_code == 200
    assert TE_VAAK in blok.content.decode() and 'id="pdf"' in blok.content.decode()
    assert gevraagd() == 1
    assert _client(wereld.zorginkoper).post(url).status_code == 302


def test_the_wait_is_the_rest_of_the_window_on_the_clock() -> None:
    from regio.snelheid import wachttijd

    # Windows of 600 s start at whole multiples of 600 s: at 1,000,030 s the window began at 999,600 s.
    assert wachttijd("reactie", nu=1_000_030.0) == 170
    assert wachttijd("reactie", nu=999_600.0) == 600
    assert wachttijd("reactie", nu=1_000_199.5) == 1
