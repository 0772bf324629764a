"""Comment threads on every document (regio/gesprekken): the regiobeeld and contract lines as on the plan, mentions
by `@Naam` (typed, or picked from the suggestions), and who may read, write, resolve and be suggested."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from contracten.gesprek import CONTRACTGESPREK
from contracten.models import Reactie as Contractreactie
from regio.gesprekken import diensten
from regio.gesprekken.draden import leesbare_reacties
from regio.gesprekken.noemen import genoemden
from regiobeeld.gesprek import REGIOBEELDGESPREK
from regiobeeld.models import Reactie as Regiobeeldreactie
from regiobeeld.models import Regiobeeld
from tests.matrix import ingelogd
from tests.personas import Wereld
from tests.regiobeeld.werelden import regiobeeld_wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def rb(wereld: Wereld) -> Regiobeeld:
    return regiobeeld_wereld(wereld).regiobeeld  # type: ignore[attr-defined]


def _plaatsen(gesprek: Any, document: Any, door: Any, tekst: str = "Klopt dit?", **kwargs: Any) -> Any:
    return diensten.reactie_plaatsen(gesprek=gesprek, document=document, tekst=tekst, acting_user=door, **kwargs)


# --- the regiobeeld ------------------------------------------------------------------------------------------


def test_a_gp_comments_on_a_regiobeeld_part_and_an_editor_replies_in_the_same_thread(
    wereld: Wereld, rb: Regiobeeld
) -> None:
    deel = rb.delen.get(soort="trends")
    vraag = _plaatsen(REGIOBEELDGESPREK, rb, wereld.lezer, "Waar komt dit cijfer vandaan?", onderwerp=deel)
    antwoord = _plaatsen(REGIOBEELDGESPREK, rb, wereld.bewerker, "Uit CBS.", antwoord_op=vraag)
    assert vraag.deel == deel and vraag.namens == wereld.praktijk
    assert antwoord.antwoord_op == vraag and antwoord.deel == deel
    assert antwoord.namens == wereld.zorggroep


def test_a_comment_on_a_regiobeeld_challenge_of_another_regiobeeld_is_refused(wereld: Wereld, rb: Regiobeeld) -> None:
    ander = wereld.ander_regiobeeld  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        _plaatsen(REGIOBEELDGESPREK, rb, wereld.bewerker, onderwerp=ander.uitdagingen.first())
    assert not Regiobeeldreactie.objects.filter(uitdaging__regiobeeld=ander).exists()


@pytest.mark.parametrize("persona", ["koepel", "buitenstaander"])
def test_koepel_staff_and_outsiders_cannot_comment_on_the_regiobeeld(
    wereld: Wereld, rb: Regiobeeld, persona: str
) -> None:
    with pytest.raises(PermissionDenied):
        _plaatsen(REGIOBEELDGESPREK, rb, getattr(wereld, persona), onderwerp=rb.delen.get(soort="trends"))


def test_an_internal_note_on_the_regiobeeld_is_read_only_by_its_party(wereld: Wereld, rb: Regiobeeld) -> None:
    notitie = _plaatsen(REGIOBEELDGESPREK, rb, wereld.zorginkoper, "Onze lijn", intern_voor=wereld.verzekeraar)
    assert notitie in leesbare_reacties(REGIOBEELDGESPREK, rb, wereld.zorginkoper)
    for persona in ("bewerker", "lezer", "tweede_zorginkoper", "koepel"):
        assert notitie not in leesbare_reacties(REGIOBEELDGESPREK, rb, getattr(wereld, persona)), persona
    with pytest.raises(PermissionDenied):
        _plaatsen(REGIOBEELDGESPREK, rb, wereld.bewerker, "Ik ook", antwoord_op=notitie)


def test_the_regiobeeld_page_shows_threads_per_part_and_who_was_mentioned(wereld: Wereld, rb: Regiobeeld) -> None:
    _plaatsen(
        REGIOBEELDGESPREK,
        rb,
        wereld.lezer,
        "@Daan Inkoper en @anna bewerker, klopt de vergrijzing?",
        onderwerp=rb.uitdagingen.first(),
    )
    html = ingelogd(wereld.tweede_zorginkoper).get(reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026]))
    tekst = html.content.decode()
    assert "klopt de vergrijzing?" in tekst
    assert "Genoemd: Anna Bewerker, Daan Inkoper" in tekst
    assert 'id="reacties-deel-trends"' in tekst  # every part has its (empty) thread list and a Reageren button


# --- contract lines ------------------------------------------------------------------------------------------


def test_a_contract_line_is_discussed_by_its_two_parties_only(contractwereld: Wereld) -> None:
    w = contractwereld
    reactie = _plaatsen(CONTRACTGESPREK, w.contract, w.zorginkoper, "Waarom dit bedrag?", onderwerp=w.afspraak)  # type: ignore[attr-defined]
    assert reactie.namens == w.verzekeraar
    for persona in ("tweede_zorginkoper", "lezer", "praktijkhouder", "koepel", "buitenstaander"):
        with pytest.raises(PermissionDenied):
            _plaatsen(CONTRACTGESPREK, w.contract, getattr(w, persona), onderwerp=w.afspraak)  # type: ignore[attr-defined]


def test_a_contract_thread_cannot_mention_the_regions_other_insurer_or_a_gp(contractwereld: Wereld) -> None:
    w = contractwereld
    for persona in ("tweede_zorginkoper", "lezer", "koepel"):
        with pytest.raises(ValidationError) as fout:
            _plaatsen(CONTRACTGESPREK, w.contract, w.bewerker, genoemd=[getattr(w, persona)], onderwerp=w.afspraak)  # type: ignore[attr-defined]
        assert "alleen mensen noemen die deze reactie mogen lezen" in str(fout.value)
    # Her name typed after an @ is plain text: it tells nothing about who exists, and mentions nobody.
    contract, afspraak = w.contract, w.afspraak  # type: ignore[attr-defined]
    reactie = _plaatsen(CONTRACTGESPREK, contract, w.bewerker, "Vraag het @Eva Inkoper", onderwerp=afspraak)
    assert list(reactie.genoemd.all()) == []


def test_resolving_a_contract_thread_is_for_its_author_and_the_parties_editors(contractwereld: Wereld) -> None:
    w = contractwereld
    reactie: Contractreactie = w.contract_reactie  # type: ignore[attr-defined]
    url = reverse("contracten:reactie_oplossen", args=[w.regio.slug, w.contract.pk, reactie.pk])  # type: ignore[attr-defined]
    assert ingelogd(w.tweede_zorginkoper).post(url).status_code == 404
    assert ingelogd(w.koepel).post(url).status_code == 404
    assert ingelogd(w.bewerker).post(url).status_code == 302
    reactie.refresh_from_db()
    assert reactie.opgelost_door == w.bewerker


# --- mentions -------------------------------------------------------------------------------------------------


def test_typing_the_full_name_after_an_at_sign_mentions_that_person_whatever_the_case(wereld: Wereld) -> None:
    lezers = [wereld.bewerker, wereld.zorginkoper, wereld.lezer]
    assert genoemden("@daan inkoper, kijk jij?", [], lezers) == [wereld.zorginkoper]
    assert genoemden("Zie @Anna Bewerker.", [], lezers) == [wereld.bewerker]
    # Not a mention: no @, or a longer word that only starts with the name.
    assert genoemden("Daan Inkoper weet het", [], lezers) == []
    assert genoemden("@Daan Inkoperij", [], lezers) == []


def test_a_picked_person_and_a_typed_one_are_each_mentioned_once(wereld: Wereld) -> None:
    lezers = [wereld.bewerker, wereld.zorginkoper]
    assert genoemden("@Daan Inkoper en @Anna Bewerker", [wereld.zorginkoper.pk], lezers) == [
        wereld.zorginkoper,
        wereld.bewerker,
    ]


def test_a_typed_mention_is_recorded_without_javascript_and_the_thread_shows_it(wereld: Wereld, rb: Regiobeeld) -> None:
    url = reverse("regiobeeld:reactie_nieuw", args=[wereld.regio.slug, 2026]) + "?deel=trends"
    antwoord = ingelogd(wereld.lezer).post(url, {"tekst": "@Daan Inkoper, ziet u dit ook?"})
    assert antwoord.status_code == 302
    reactie = Regiobeeldreactie.objects.get(tekst="@Daan Inkoper, ziet u dit ook?")
    assert list(reactie.genoemd.all()) == [wereld.zorginkoper]
    pagina = ingelogd(wereld.lezer).get(antwoord["Location"]).content.decode()
    assert "Genoemd: Daan Inkoper" in pagina


def test_a_forged_mention_of_an_outsider_is_refused_with_a_dutch_error_and_the_text_kept(
    wereld: Wereld, rb: Regiobeeld
) -> None:
    url = reverse("regiobeeld:reactie_nieuw", args=[wereld.regio.slug, 2026]) + "?deel=trends"
    antwoord = ingelogd(wereld.lezer).post(url, {"tekst": "Mijn vraag", "genoemd": [str(wereld.buitenstaander.pk)]})
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "alleen mensen noemen die deze reactie mogen lezen" in html
    assert "Mijn vraag" in html
    assert not Regiobeeldreactie.objects.filter(tekst="Mijn vraag").exists()


def test_a_mention_that_is_no_number_is_refused_not_a_500(wereld: Wereld, rb: Regiobeeld) -> None:
    url = reverse("regiobeeld:reactie_nieuw", args=[wereld.regio.slug, 2026]) + "?deel=trends"
    antwoord = ingelogd(wereld.lezer).post(url, {"tekst": "Vraag", "genoemd": ["Daan", "9" * 30]})
    assert antwoord.status_code == 400
    assert "Kies de mensen die u wilt noemen uit de lijst." in antwoord.content.decode()


def test_the_comment_form_no_longer_has_the_ctrl_click_list(wereld: Wereld, rb: Regiobeeld) -> None:
    url = reverse("regiobeeld:reactie_nieuw", args=[wereld.regio.slug, 2026]) + "?deel=trends"
    html = ingelogd(wereld.lezer).get(url).content.decode()
    assert 'name="genoemd"' not in html and "multiple" not in html and "Ctrl" not in html
    assert 'data-noemen="/regio/eigen-regio/regiobeeld/2026/reactie/namen/"' in html


# --- the suggestions ------------------------------------------------------------------------------------------


def _namen(client: Any, url: str) -> list[str]:
    antwoord = client.get(url)
    assert antwoord.status_code == 200, antwoord.status_code
    return [n["naam"] for n in json.loads(antwoord.content)["namen"]]


def test_suggestions_offer_the_regions_participants_by_any_part_of_their_name(wereld: Wereld, rb: Regiobeeld) -> None:
    basis = reverse("regiobeeld:reactie_namen", args=[wereld.regio.slug, 2026]) + "?deel=trends&q="
    anna = ingelogd(wereld.bewerker)
    assert _namen(anna, basis + "da") == ["Daan Inkoper"]
    assert _namen(anna, basis + "INK") == ["Daan Inkoper", "Eva Inkoper"]  # the second insurer takes part too
    assert _namen(anna, basis + "an") == []  # Anna herself is not offered; Frank Anders is of another region
    assert _namen(anna, basis + "fr") == []
    assert _namen(anna, basis + "ko") == []  # koepel staff read, but take part in no region
    assert _namen(anna, basis) == []


def test_suggestions_in_an_internal_note_offer_only_the_own_partys_members(wereld: Wereld, rb: Regiobeeld) -> None:
    url = reverse("regiobeeld:reactie_namen", args=[wereld.regio.slug, 2026])
    anna = ingelogd(wereld.bewerker)
    assert _namen(anna, f"{url}?intern={wereld.zorggroep.pk}&q=b") == ["Bram Beheerder"]
    assert _namen(anna, f"{url}?intern={wereld.zorggroep.pk}&q=da") == []
    # Another party's internal note, or a reply in it: as if it did not exist.
    assert anna.get(f"{url}?intern={wereld.verzekeraar.pk}&q=da").status_code == 404


def test_suggestions_on_a_contract_offer_only_its_two_parties(contractwereld: Wereld) -> None:
    w = contractwereld
    url = reverse("contracten:reactie_namen", args=[w.regio.slug, w.contract.pk])  # type: ignore[attr-defined]
    daan = ingelogd(w.zorginkoper)
    q = f"{url}?afspraak={w.afspraak.pk}&q="  # type: ignore[attr-defined]
    assert _namen(daan, q + "a") == ["Anna Bewerker"]
    assert _namen(daan, q + "eva") == []  # the region's second insurer
    assert _namen(daan, q + "carla") == []  # a GP of the region
    assert ingelogd(w.tweede_zorginkoper).get(q + "a").status_code == 404
    assert ingelogd(w.koepel).get(q + "a").status_code == 404
