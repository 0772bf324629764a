"""Two people save the same regiobeeld part (issue 16): different paragraphs merge, the same one shows only that
passage; a part whose starting version has no history cannot be merged and shows the whole text as one passage."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from regio import wijzigingen
from regio.gelijktijdig import Bewerkingsconflict
from regiobeeld import services
from regiobeeld.models import Deel, Regiobeeld
from tests.formulier import PASSAGE, ingevuld
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

BASIS = "Veel ouderen.\n\nWeinig huisartsen."
DAAN = "Veel ouderen, en meer elk jaar.\n\nWeinig huisartsen."
ANNA = "Veel ouderen.\n\nWeinig huisartsen, vooral op het platteland."
SAMEN = "Veel ouderen, en meer elk jaar.\n\nWeinig huisartsen, vooral op het platteland."


@pytest.fixture
def rb(wereld: Wereld) -> Regiobeeld:
    return services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)


def _deel(rb: Regiobeeld) -> Deel:
    return Deel.objects.get(regiobeeld=rb, soort="zorgvraag")


def _opslaan(rb: Regiobeeld, gelezen: int, tekst: str, wie: object) -> Deel:
    return services.deel_opslaan(deel=_deel(rb), gelezen_versie=gelezen, duiding=tekst, acting_user=wie)  # type: ignore[arg-type]


def test_a_new_regiobeelds_parts_have_a_first_history_row_to_merge_against(wereld: Wereld, rb: Regiobeeld) -> None:
    assert _deel(rb).history.filter(versie=1).count() == 1


def test_two_saves_of_different_paragraphs_merge_and_are_recorded(wereld: Wereld, rb: Regiobeeld) -> None:
    _opslaan(rb, 1, BASIS, wereld.bewerker)
    _opslaan(rb, 2, DAAN, wereld.zorginkoper)
    deel = _opslaan(rb, 2, ANNA, wereld.bewerker)
    assert deel.duiding == SAMEN and deel.versie == 4
    assert deel.history.filter(duiding=DAAN, history_user=wereld.zorginkoper).exists()
    laatste = wijzigingen.van(Regiobeeld.objects.get(pk=rb.pk)).first()
    assert laatste is not None and "samengevoegd met de wijziging van Daan Inkoper" in laatste.wat


def test_the_same_paragraph_changed_by_both_is_a_conflict_with_only_that_passage(
    wereld: Wereld, rb: Regiobeeld
) -> None:
    _opslaan(rb, 1, BASIS, wereld.bewerker)
    _opslaan(rb, 2, DAAN, wereld.zorginkoper)
    with pytest.raises(Bewerkingsconflict) as conflict:
        _opslaan(rb, 2, ANNA.replace("Veel ouderen.", "Vooral ouderen."), wereld.bewerker)
    [overlap] = conflict.value.teksten["duiding"].overlappen
    assert (overlap.hun, overlap.mijn) == (("Veel ouderen, en meer elk jaar.",), ("Vooral ouderen.",))
    assert _deel(rb).duiding == DAAN


def test_a_part_without_a_history_row_at_the_version_read_shows_the_whole_text_as_one_passage(
    wereld: Wereld, rb: Regiobeeld
) -> None:
    _deel(rb).history.all().delete()  # a part created before parts had a first history row
    _opslaan(rb, 1, DAAN, wereld.zorginkoper)
    with pytest.raises(Bewerkingsconflict) as conflict:
        _opslaan(rb, 1, ANNA, wereld.bewerker)
    [overlap] = conflict.value.teksten["duiding"].overlappen
    assert (overlap.hun_tekst, overlap.mijn_tekst) == (DAAN, ANNA)


def test_the_conflict_page_shows_the_passage_and_saves_the_choice(wereld: Wereld, rb: Regiobeeld) -> None:
    url = reverse("regiobeeld:deel_bewerken", args=[wereld.regio.slug, 2026, "zorgvraag"])
    anna, daan = Client(), Client()
    anna.force_login(wereld.bewerker)
    daan.force_login(wereld.zorginkoper)
    assert anna.post(url, {"duiding": BASIS, "versie": 1}).status_code == 302
    assert daan.post(url, {"duiding": DAAN, "versie": 2}).status_code == 302
    antwoord = anna.post(url, {"duiding": ANNA.replace("Veel ouderen.", "Vooral ouderen."), "versie": 2})
    assert antwoord.status_code == 409
    pagina = antwoord.content.decode()
    [passage] = PASSAGE.findall(pagina)
    assert "Veel ouderen, en meer elk jaar." in passage and "Vooral ouderen." in passage
    assert "platteland" not in passage
    assert anna.post(url, ingevuld(pagina, **{"duiding-keuze-0": "hun"})).status_code == 302
    assert _deel(rb).duiding == SAMEN


def test_a_merged_save_on_the_page_tells_the_person(wereld: Wereld, rb: Regiobeeld) -> None:
    url = reverse("regiobeeld:deel_bewerken", args=[wereld.regio.slug, 2026, "zorgvraag"])
    anna, daan = Client(), Client()
    anna.force_login(wereld.bewerker)
    daan.force_login(wereld.zorginkoper)
    anna.post(url, {"duiding": BASIS, "versie": 1})
    daan.post(url, {"duiding": DAAN, "versie": 2})
    pagina = anna.post(url, {"duiding": ANNA, "versie": 2}, follow=True).content.decode()
    assert "Uw wijziging is samengevoegd met de wijziging die Daan Inkoper op" in pagina
    assert _deel(rb).duiding == SAMEN
