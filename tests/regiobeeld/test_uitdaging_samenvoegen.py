"""Two people save the same regiobeeld challenge: as with the plan's challenges, different paragraphs of the
description merge (and the indicators as a set), the same paragraph or the title changed differently shows the
conflict page with only what overlaps; nothing is overwritten silently (regiobeeld.services.uitdaging_opslaan)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from regio import wijzigingen
from regio.gelijktijdig import Bewerkingsconflict
from regiobeeld import services
from regiobeeld.models import Aggregatie, Domein, Indicator, Regiobeeld, Uitdaging
from tests.formulier import PASSAGE, ingevuld
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

BASIS = "Veel ouderen.\n\nWeinig huisartsen."
DAAN = "Veel ouderen, en meer elk jaar.\n\nWeinig huisartsen."
ANNA = "Veel ouderen.\n\nWeinig huisartsen, vooral op het platteland."
SAMEN = "Veel ouderen, en meer elk jaar.\n\nWeinig huisartsen, vooral op het platteland."


@pytest.fixture
def uitdaging(wereld: Wereld) -> Uitdaging:
    rb = services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)
    return services.uitdaging_opslaan(
        uitdaging=Uitdaging(regiobeeld=rb, titel="Vergrijzing", beschrijving=BASIS), acting_user=wereld.bewerker
    )


def _opslaan(uitdaging: Uitdaging, gelezen: int, wie: object, **velden: object) -> Uitdaging:
    u = Uitdaging.objects.get(pk=uitdaging.pk)
    for k, v in velden.items():
        setattr(u, k, v)
    return services.uitdaging_opslaan(uitdaging=u, gelezen_versie=gelezen, acting_user=wie)  # type: ignore[arg-type]


def test_a_save_raises_the_challenges_version(wereld: Wereld, uitdaging: Uitdaging) -> None:
    assert uitdaging.versie == 1
    assert _opslaan(uitdaging, 1, wereld.bewerker, beschrijving=DAAN).versie == 2


def test_two_saves_of_different_paragraphs_merge_and_are_recorded(wereld: Wereld, uitdaging: Uitdaging) -> None:
    _opslaan(uitdaging, 1, wereld.zorginkoper, beschrijving=DAAN)
    u = _opslaan(uitdaging, 1, wereld.bewerker, beschrijving=ANNA)
    assert u.beschrijving == SAMEN and u.versie == 3
    laatste = wijzigingen.van(Regiobeeld.objects.get(pk=u.regiobeeld_id)).first()
    assert laatste is not None and "samengevoegd met de wijziging van Daan Inkoper" in laatste.wat


def test_the_same_paragraph_or_a_different_title_is_a_conflict_and_nothing_is_overwritten(
    wereld: Wereld, uitdaging: Uitdaging
) -> None:
    _opslaan(uitdaging, 1, wereld.zorginkoper, beschrijving=DAAN, titel="Vergrijzing en eenzaamheid")
    with pytest.raises(Bewerkingsconflict) as conflict:
        _opslaan(uitdaging, 1, wereld.bewerker, beschrijving=ANNA.replace("Veel ouderen.", "Vooral ouderen."))
    [overlap] = conflict.value.teksten["beschrijving"].overlappen
    assert (overlap.hun, overlap.mijn) == (("Veel ouderen, en meer elk jaar.",), ("Vooral ouderen.",))
    with pytest.raises(Bewerkingsconflict) as titel:
        _opslaan(uitdaging, 1, wereld.bewerker, titel="Ouderen")
    assert "titel" in titel.value.botsingen
    u = Uitdaging.objects.get(pk=uitdaging.pk)
    assert (u.titel, u.beschrijving, u.versie) == ("Vergrijzing en eenzaamheid", DAAN, 2)


def test_indicators_chosen_by_each_are_both_kept(wereld: Wereld, uitdaging: Uitdaging) -> None:
    a, b = (
        Indicator.objects.create(
            code=f"test_{i}",
            naam=f"Indicator {i}",
            eenheid="%",
            aggregatie=Aggregatie.values[0],
            domein=Domein.values[0],
        )
        for i in "ab"
    )
    services.uitdaging_opslaan(
        uitdaging=Uitdaging.objects.get(pk=uitdaging.pk), indicatoren=[a], gelezen_versie=1, acting_user=wereld.bewerker
    )
    services.uitdaging_opslaan(
        uitdaging=Uitdaging.objects.get(pk=uitdaging.pk),
        indicatoren=[b],
        gelezen_versie=1,
        acting_user=wereld.zorginkoper,
    )
    assert set(Uitdaging.objects.get(pk=uitdaging.pk).indicatoren.all()) == {a, b}


def test_the_conflict_page_shows_only_the_passage_and_saves_the_choice(wereld: Wereld, uitdaging: Uitdaging) -> None:
    url = reverse("regiobeeld:uitdaging_bewerken", args=[wereld.regio.slug, 2026, uitdaging.pk])
    anna, daan = Client(), Client()
    anna.force_login(wereld.bewerker)
    daan.force_login(wereld.zorginkoper)
    assert 'name="versie" value="1"' in anna.get(url).content.decode()
    assert daan.post(url, {"titel": "Vergrijzing", "beschrijving": DAAN, "versie": 1}).status_code == 302
    antwoord = anna.post(
        url, {"titel": "Vergrijzing", "beschrijving": ANNA.replace("Veel ouderen.", "Vooral ouderen."), "versie": 1}
    )
    assert antwoord.status_code == 409
    pagina = antwoord.content.decode()
    assert "Iemand anders heeft deze uitdaging intussen opgeslagen" in pagina
    [passage] = PASSAGE.findall(pagina)
    assert "Veel ouderen, en meer elk jaar." in passage and "Vooral ouderen." in passage
    assert "platteland" not in passage
    assert anna.post(url, ingevuld(pagina, **{"beschrijving-keuze-0": "hun"})).status_code == 302
    assert Uitdaging.objects.get(pk=uitdaging.pk).beschrijving == SAMEN


def test_a_merged_save_on_the_page_tells_the_person(wereld: Wereld, uitdaging: Uitdaging) -> None:
    url = reverse("regiobeeld:uitdaging_bewerken", args=[wereld.regio.slug, 2026, uitdaging.pk])
    anna, daan = Client(), Client()
    anna.force_login(wereld.bewerker)
    daan.force_login(wereld.zorginkoper)
    daan.post(url, {"titel": "Vergrijzing", "beschrijving": DAAN, "versie": 1})
    pagina = anna.post(url, {"titel": "Vergrijzing", "beschrijving": ANNA, "versie": 1}, follow=True).content.decode()
    assert "Uw wijziging is samengevoegd met de wijziging die Daan Inkoper op" in pagina
    assert Uitdaging.objects.get(pk=uitdaging.pk).beschrijving == SAMEN
