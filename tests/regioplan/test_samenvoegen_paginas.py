"""The pages around a merged save (issue 16): a merged save says with whom; an overlapping one shows only the
passages both changed, side by side, with the person's own text; the conflict form, posted as a browser
would, saves the choices."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from regioplan.models import Activiteit, Plandeel, Plandeelsoort, PlanUitdaging, Regioplan
from tests.formulier import PASSAGE, ingevuld
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, plan_maken

pytestmark = pytest.mark.django_db

BASIS = "## Missie\n\nZorg dichtbij.\n\n## Visie\n\nDe huisarts is het eerste aanspreekpunt."
DAAN = BASIS.replace("Zorg dichtbij.", "Goede zorg dichtbij.")
ANNA = BASIS.replace("eerste aanspreekpunt.", "eerste en vaste aanspreekpunt.")
SAMEN = "## Missie\n\nGoede zorg dichtbij.\n\n## Visie\n\nDe huisarts is het eerste en vaste aanspreekpunt."


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _url(plan: Regioplan, naam: str, *args: object) -> str:
    return reverse(f"regioplan:{naam}", args=[plan.regio.slug, plan.pk, *args])


@pytest.fixture
def plan(wereld: Wereld) -> Regioplan:
    return plan_maken(wereld)


@pytest.fixture
def deel_url(wereld: Wereld, plan: Regioplan) -> str:
    url = _url(plan, "deel_bewerken", Plandeelsoort.MISSIE_VISIE)
    assert _client(wereld.bewerker).post(url, {"tekst": BASIS, "versie": 1}).status_code == 302
    return url


def test_a_save_of_another_paragraph_is_merged_and_the_person_is_told_with_whom(
    wereld: Wereld, plan: Regioplan, deel_url: str
) -> None:
    anna, daan = _client(wereld.bewerker), _client(wereld.zorginkoper)
    assert daan.post(deel_url, {"tekst": DAAN, "versie": 2}).status_code == 302
    antwoord = anna.post(deel_url, {"tekst": ANNA, "versie": 2}, follow=True)
    pagina = antwoord.content.decode()
    assert "Uw wijziging is samengevoegd met de wijziging die Daan Inkoper op" in pagina
    assert "Opgeslagen: Missie en visie." in pagina
    assert Plandeel.objects.get(regioplan=plan, soort=Plandeelsoort.MISSIE_VISIE).tekst == SAMEN


def test_an_overlap_shows_only_the_passage_both_changed_side_by_side_with_the_persons_own_text(
    wereld: Wereld, plan: Regioplan, deel_url: str
) -> None:
    anna, daan = _client(wereld.bewerker), _client(wereld.zorginkoper)
    daan.post(deel_url, {"tekst": DAAN, "versie": 2})
    mijn = ANNA.replace("Zorg dichtbij.", "Zorg om de hoek.")
    antwoord = anna.post(deel_url, {"tekst": mijn, "versie": 2})
    assert antwoord.status_code == 409
    pagina = antwoord.content.decode()
    assert "Iemand anders heeft dit deel intussen opgeslagen" in pagina
    assert "Opgeslagen door Daan Inkoper op" in pagina
    passages = PASSAGE.findall(pagina)
    assert len(passages) == 1
    assert "Goede zorg dichtbij." in passages[0] and "Zorg om de hoek." in passages[0]
    assert "aanspreekpunt" not in passages[0]  # her other change merged already
    assert Plandeel.objects.get(regioplan=plan, soort=Plandeelsoort.MISSIE_VISIE).tekst == DAAN

    # Her whole text goes along unchanged, and is what the page shows merged with the rest.
    form = ingevuld(pagina)
    assert form["tekst-mijn"] == mijn
    # As a browser posts it: her own version of the passage is chosen unless she picks another.
    assert anna.post(deel_url, form).status_code == 302
    assert Plandeel.objects.get(regioplan=plan, soort=Plandeelsoort.MISSIE_VISIE).tekst == mijn


def test_the_passage_can_be_settled_with_the_other_version_or_ones_own_merge(
    wereld: Wereld, plan: Regioplan, deel_url: str
) -> None:
    anna, daan = _client(wereld.bewerker), _client(wereld.zorginkoper)
    daan.post(deel_url, {"tekst": DAAN, "versie": 2})
    pagina = anna.post(deel_url, {"tekst": ANNA.replace("Zorg dichtbij.", "Zorg hier."), "versie": 2})
    form = ingevuld(pagina.content.decode(), **{"tekst-keuze-0": "hun"})
    assert anna.post(deel_url, form).status_code == 302
    deel = Plandeel.objects.get(regioplan=plan, soort=Plandeelsoort.MISSIE_VISIE)
    assert deel.tekst == SAMEN

    # Again, now Daan settles a passage with his own merge of both.
    gelezen = deel.versie
    anna.post(deel_url, {"tekst": SAMEN.replace("Goede zorg", "Zorg"), "versie": gelezen})
    pagina = daan.post(deel_url, {"tekst": SAMEN.replace("Goede zorg", "Goede huisartsenzorg"), "versie": gelezen})
    assert pagina.status_code == 409
    eigen = {"tekst-keuze-0": "eigen", "tekst-eigen-0": "Zorg, goed en dichtbij."}
    assert daan.post(deel_url, ingevuld(pagina.content.decode(), **eigen)).status_code == 302
    deel.refresh_from_db()
    assert deel.tekst == SAMEN.replace("Goede zorg dichtbij.", "Zorg, goed en dichtbij.")
    # Every accepted save is in the history.
    assert {SAMEN, DAAN} <= {h.tekst for h in deel.history.all()}


def test_a_conflict_form_posted_after_yet_another_save_is_merged_again(
    wereld: Wereld, plan: Regioplan, deel_url: str
) -> None:
    anna, daan = _client(wereld.bewerker), _client(wereld.zorginkoper)
    daan.post(deel_url, {"tekst": DAAN, "versie": 2})
    pagina = anna.post(deel_url, {"tekst": BASIS.replace("Zorg dichtbij.", "Zorg hier."), "versie": 2})
    # While Anna chooses, Daan changes the other paragraph.
    daan.post(deel_url, {"tekst": DAAN + "\n\nNog een alinea.", "versie": 3})
    assert anna.post(deel_url, ingevuld(pagina.content.decode(), **{"tekst-keuze-0": "mijn"})).status_code == 302
    tekst = Plandeel.objects.get(regioplan=plan, soort=Plandeelsoort.MISSIE_VISIE).tekst
    assert tekst == BASIS.replace("Zorg dichtbij.", "Zorg hier.") + "\n\nNog een alinea."


def test_the_challenge_page_shows_the_overlapping_reason_and_keeps_the_merged_interpretation(
    wereld: Wereld, plan: Regioplan
) -> None:
    pu = PlanUitdaging.objects.filter(regioplan=plan).order_by("prioriteit").first()
    assert pu is not None
    url = _url(plan, "uitdaging_bewerken", pu.pk)
    anna, daan = _client(wereld.bewerker), _client(wereld.zorginkoper)
    basis = {"duiding": "", "opgenomen": "nee", "reden_niet": "Geen geld.", "versie": pu.versie}
    assert daan.post(url, basis).status_code == 302
    assert daan.post(url, {**basis, "duiding": "Zijn duiding.", "versie": pu.versie + 1}).status_code == 302
    antwoord = anna.post(url, {**basis, "reden_niet": "Geen tijd.", "versie": pu.versie + 1})
    # Her reason was made on an old version, but only Daan changed the interpretation: merged, no conflict.
    assert antwoord.status_code == 302
    pu.refresh_from_db()
    assert (pu.duiding, pu.reden_niet) == ("Zijn duiding.", "Geen tijd.")

    antwoord = daan.post(url, {**basis, "duiding": "Zijn duiding.", "reden_niet": "Te duur.", "versie": pu.versie - 1})
    assert antwoord.status_code == 409
    pagina = antwoord.content.decode()
    assert "Iemand anders heeft deze uitdaging intussen opgeslagen" in pagina
    [passage] = PASSAGE.findall(pagina)
    assert "Geen tijd." in passage and "Te duur." in passage
    form = ingevuld(pagina)
    assert form["duiding"] == "Zijn duiding."
    assert daan.post(url, form).status_code == 302
    pu.refresh_from_db()
    assert pu.reden_niet == "Te duur."


def test_the_activity_page_lists_only_the_values_both_changed_and_shows_the_merged_rest(
    wereld: Wereld, plan: Regioplan
) -> None:
    activiteit = activiteit_maken(wereld, plan, beschrijving=BASIS)
    url = _url(plan, "activiteit_bewerken", activiteit.pk)
    anna, daan = _client(wereld.bewerker), _client(wereld.zorginkoper)
    geopend = ingevuld(anna.get(url).content.decode())
    assert (
        daan.post(url, {**geopend, "voortgang": "uitgesteld", "eind_kwartaal": "3", "beschrijving": DAAN}).status_code
        == 302
    )
    antwoord = anna.post(url, {**geopend, "voortgang": "loopt", "beschrijving": ANNA})
    assert antwoord.status_code == 409
    pagina = antwoord.content.decode()
    tabel = pagina[pagina.index("<table") : pagina.index("</table>")]
    assert "Status" in tabel and "uitgesteld" in tabel and "loopt" in tabel
    assert "kwartaal" not in tabel  # only Daan changed it: merged, not asked
    assert not PASSAGE.findall(pagina)  # the descriptions merged
    form = ingevuld(pagina)
    assert form["eind_kwartaal"] == "3" and form["voortgang"] == "loopt" and form["beschrijving"] == SAMEN
    assert anna.post(url, form).status_code == 302
    activiteit = Activiteit.objects.get(pk=activiteit.pk)
    assert (activiteit.voortgang, activiteit.eind_kwartaal, activiteit.beschrijving) == ("loopt", 3, SAMEN)
