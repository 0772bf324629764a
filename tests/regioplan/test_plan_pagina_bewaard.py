"""The plan page keeps what it rendered (Markdown, the timeline, each activity's article: issue 8), and a person
still sees every change at once: a new title, name, measuring point, comment or right, in their own language,
with their own CSRF token. The edits below go around the services (queryset.update) on purpose: the cache's key
is the content itself, not a version number that a service might forget to raise."""

from __future__ import annotations

import re

import markdown
import nh3
import pytest
from django.conf import settings
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import mark_safe

from regio import opmaak
from regio.models import Organisatie
from regioplan import services
from regioplan.models import Activiteit, Meetpunt, Reactie, Regioplan
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, meetpunt_maken, plan_maken

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _url(plan: Regioplan) -> str:
    return reverse("regioplan:detail", args=[plan.regio.slug, plan.pk])


def _client(user: object, **kwargs: object) -> Client:
    client = Client(**kwargs)  # type: ignore[arg-type]
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _pagina(client: Client, plan: Regioplan) -> str:
    antwoord = client.get(_url(plan))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def _zonder_tokens(html: str) -> str:
    return TOKEN.sub("", html)


@pytest.fixture
def plan(wereld: Wereld) -> Regioplan:
    plan = plan_maken(wereld)
    for i in range(3):
        act = activiteit_maken(wereld, plan, titel=f"Activiteit {i}")
        meetpunt_maken(wereld, act, omschrijving=f"Meetpunt {i}")
    services.reactie_plaatsen(
        regioplan=plan,
        tekst="Wie betaalt de *assistentes*?",
        activiteit=plan.activiteiten.first(),
        acting_user=wereld.lezer,
    )
    return plan


def test_the_second_view_renders_no_activity_anew_and_shows_the_same_page(wereld: Wereld, plan: Regioplan) -> None:
    client = _client(wereld.bewerker)
    eerste = _pagina(client, plan)
    bewaard = opmaak.fragmenten.tekens
    tweede = _pagina(client, plan)
    assert opmaak.fragmenten.tekens == bewaard  # nothing new was rendered and kept
    assert _zonder_tokens(tweede) == _zonder_tokens(eerste)
    assert eerste.count('class="activiteit"') == 3


def test_an_activity_title_changed_behind_the_services_back_shows_at_once(wereld: Wereld, plan: Regioplan) -> None:
    client = _client(wereld.bewerker)
    act = plan.activiteiten.get(titel="Activiteit 1")
    assert "Activiteit 1" in _pagina(client, plan)
    Activiteit.objects.filter(pk=act.pk).update(titel="Nieuwe naam voor de activiteit")
    pagina = _pagina(client, plan)
    assert "Nieuwe naam voor de activiteit" in pagina and "Activiteit 1<" not in pagina


def test_a_renamed_party_shows_at_once_in_every_activity(wereld: Wereld, plan: Regioplan) -> None:
    client = _client(wereld.bewerker)
    oud = wereld.zorggroep.naam
    assert _pagina(client, plan).count(f"{oud} · ") == 3  # responsible for the three activities
    Organisatie.objects.filter(pk=wereld.zorggroep.pk).update(naam="Zorggroep Nieuwe Naam")
    pagina = _pagina(client, plan)
    assert pagina.count("Zorggroep Nieuwe Naam · ") == 3 and oud not in pagina


def test_a_changed_measuring_point_and_comment_show_at_once(wereld: Wereld, plan: Regioplan) -> None:
    client = _client(wereld.bewerker)
    _pagina(client, plan)
    Meetpunt.objects.filter(omschrijving="Meetpunt 2").update(omschrijving="Aantal praktijken met een POH")
    Reactie.objects.filter(regioplan=plan).update(tekst="Wie betaalt de **praktijkondersteuners**?")
    pagina = _pagina(client, plan)
    assert "Aantal praktijken met een POH" in pagina and "Meetpunt 2<" not in pagina
    assert "<strong>praktijkondersteuners</strong>" in pagina and "assistentes" not in pagina


def test_a_resolved_thread_shows_as_resolved_with_the_button_to_reopen(wereld: Wereld, plan: Regioplan) -> None:
    client = _client(wereld.bewerker)
    assert "Markeer als opgelost" in _pagina(client, plan)
    services.reactie_oplossen(reactie=Reactie.objects.get(regioplan=plan), opgelost=True, acting_user=wereld.bewerker)
    pagina = _pagina(client, plan)
    assert "Weer openen" in pagina and "Markeer als opgelost" not in pagina


def test_a_reader_after_an_editor_gets_no_edit_buttons_from_the_editors_articles(
    wereld: Wereld, plan: Regioplan
) -> None:
    act = plan.activiteiten.get(titel="Activiteit 0")
    verwijderen = reverse("regioplan:activiteit_verwijderen", args=[plan.regio.slug, plan.pk, act.pk])
    assert verwijderen in _pagina(_client(wereld.bewerker), plan)
    lezer = _pagina(_client(wereld.lezer), plan)
    assert verwijderen not in lezer and "Meetpunt toevoegen" not in lezer
    assert "Activiteit 0" in lezer


def test_a_plan_that_became_frozen_loses_its_edit_buttons_for_the_editor(wereld: Wereld, plan: Regioplan) -> None:
    client = _client(wereld.bewerker)
    assert "Meetpunt toevoegen" in _pagina(client, plan)
    Regioplan.objects.filter(pk=plan.pk).update(status="vastgesteld")
    assert "Meetpunt toevoegen" not in _pagina(client, plan)


def test_each_person_gets_their_own_csrf_token_in_the_kept_articles_and_it_is_accepted(
    wereld: Wereld, plan: Regioplan
) -> None:
    anna = _pagina(_client(wereld.bewerker), plan)
    bram = _client(wereld.beheerder, enforce_csrf_checks=True)
    pagina = _pagina(bram, plan)
    tokens = set(TOKEN.findall(pagina))
    assert len(tokens) == 1  # the kept articles carry the token of this response, like the rest of the page
    assert tokens.isdisjoint(TOKEN.findall(anna))
    act = plan.activiteiten.get(titel="Activiteit 2")
    url = reverse("regioplan:activiteit_verwijderen", args=[plan.regio.slug, plan.pk, act.pk])
    assert url in pagina
    antwoord = bram.post(url, {"csrfmiddlewaretoken": tokens.pop()})
    assert antwoord.status_code == 302
    assert not Activiteit.objects.filter(pk=act.pk).exists()


def test_english_after_dutch_gets_english_articles(wereld: Wereld, plan: Regioplan) -> None:
    client = _client(wereld.bewerker)
    assert "<caption>Meetpunten</caption>" in _pagina(client, plan)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pagina = _pagina(client, plan)
    assert "<caption>Measuring points</caption>" in pagina and "<caption>Meetpunten</caption>" not in pagina


def test_a_kept_fragment_that_reads_a_relation_not_loaded_is_shown_but_not_kept(
    wereld: Wereld, plan: Regioplan
) -> None:
    sjabloon = Template("{% load opmaak %}{% bewaard a=a %}{{ a.regioplan.titel }}{% endbewaard %}")
    act = Activiteit.objects.filter(regioplan=plan).earliest("pk")  # without its plan: reading it is a query
    bewaard = opmaak.fragmenten.tekens
    with CaptureQueriesContext(connection) as vragen:
        assert sjabloon.render(Context({"a": act})) == "Regioplan Eigen regio"
    assert len(vragen.captured_queries) == 1
    assert opmaak.fragmenten.tekens == bewaard
    Regioplan.objects.filter(pk=plan.pk).update(titel="Andere titel")
    assert sjabloon.render(Context({"a": Activiteit.objects.get(pk=act.pk)})) == "Andere titel"


def test_the_fingerprint_sees_related_objects_and_the_kind_of_string(wereld: Wereld, plan: Regioplan) -> None:
    def afdruk(act: Activiteit) -> bytes:
        return opmaak.vingerafdruk(act)

    act = Activiteit.objects.select_related("verantwoordelijke").get(titel="Activiteit 0")
    zelfde = Activiteit.objects.select_related("verantwoordelijke").get(titel="Activiteit 0")
    assert afdruk(act) == afdruk(zelfde)
    zelfde.verantwoordelijke.naam = "Anders"
    assert afdruk(act) != afdruk(zelfde)
    assert opmaak.vingerafdruk("<b>") != opmaak.vingerafdruk(mark_safe("<b>"))
    assert opmaak.vingerafdruk("\x00reeks", 0) != opmaak.vingerafdruk([])  # a value never reads as a marker
    with pytest.raises(TypeError):
        opmaak.vingerafdruk(object())


def test_markdown_from_the_cache_is_what_a_fresh_conversion_gave_before() -> None:
    def zoals_eerst(tekst: str) -> str:  # regio.opmaak without the cache: a new Markdown per text, then nh3
        md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        md.preprocessors.deregister("html_block")  # raw HTML is text (regio/opmaak.py)
        md.inlinePatterns.deregister("html")
        html = md.convert(tekst)
        return nh3.clean(
            html,
            tags=opmaak.TOEGESTANE_TAGS,
            attributes=opmaak.TOEGESTANE_ATTRIBUTEN,
            url_schemes=opmaak.TOEGESTANE_SCHEMAS,
            link_rel="noopener noreferrer",
            strip_comments=True,
        )

    teksten = [
        "",
        "*a* en **b**",
        "| a | b |\n| - | - |\n| 1 | 2 |",
        "1. een\n2. twee\n\n* los",
        "<script>x</script> [a](javascript:x) [b](https://example.org)",
        "# kop\n\n> citaat\n\n    code",
    ]
    for tekst in teksten * 2:  # the second round comes from the cache
        assert opmaak.markdown_naar_html(tekst) == zoals_eerst(tekst)


def test_the_markdown_cache_stays_within_its_bound() -> None:
    bewaard = opmaak._Bewaard(1000)
    for i in range(100):
        bewaard.set(bytes([i]), "x" * 50)
    assert bewaard.tekens <= 1000
    assert bewaard.get(bytes([99])) == "x" * 50 and bewaard.get(bytes([0])) is None


def test_a_url_template_gives_what_reverse_gives(wereld: Wereld, plan: Regioplan) -> None:
    mal = opmaak.Urlmal.van("regioplan:meetpunt_bewerken", plan.regio.slug, plan.pk)
    for pk in (1, 42, 2147483647):
        assert mal.invullen(pk) == reverse("regioplan:meetpunt_bewerken", args=[plan.regio.slug, plan.pk, pk])
