"""The plan page as people see it: what each persona may do there, and a fixed query count whatever its size."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioplan import services
from regioplan.models import Regioplan
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, indienen, mandaat_voor_verzekeraar, meetpunt_maken, plan_maken


def _url(plan: Regioplan, naam: str = "detail", *args: object) -> str:
    return reverse(f"regioplan:{naam}", args=[plan.regio.slug, plan.pk, *args])


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _vullen(wereld: Wereld, plan: Regioplan, activiteiten: int, reacties: int) -> None:
    uitdagingen = list(plan.uitdagingen.all())
    for i in range(activiteiten):
        act = activiteit_maken(wereld, plan, titel=f"Activiteit {i}", uitdagingen=uitdagingen[: 1 + i % 3])
        meetpunt_maken(wereld, act, omschrijving=f"Meetpunt {i}")
    acts = list(plan.activiteiten.all())
    deel = plan.delen.first()
    for i in range(reacties):
        hoofd = services.reactie_plaatsen(
            regioplan=plan, tekst=f"Vraag {i}", activiteit=acts[i % len(acts)], acting_user=wereld.lezer
        )
        services.reactie_plaatsen(regioplan=plan, tekst=f"Antwoord {i}", antwoord_op=hoofd, acting_user=wereld.bewerker)
        services.reactie_plaatsen(regioplan=plan, tekst=f"Over deel {i}", plandeel=deel, acting_user=wereld.zorginkoper)
        services.reactie_plaatsen(
            regioplan=plan, tekst=f"Intern {i}", intern_voor=wereld.verzekeraar, acting_user=wereld.zorginkoper
        )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_plan_page_costs_the_same_queries_with_two_or_forty_activities(wereld: Wereld) -> None:
    klein, groot = plan_maken(wereld), None
    _vullen(wereld, klein, activiteiten=2, reacties=2)
    rb = klein.regiobeeld
    groot = services.regioplan_aanmaken(
        regio=wereld.regio, regiobeeld=rb, titel="Groot", startjaar=2026, eindjaar=2028, acting_user=wereld.bewerker
    )
    _vullen(wereld, groot, activiteiten=40, reacties=25)
    client = _client(wereld.zorginkoper)
    client.get(_url(klein))  # warm up sessions and caches
    assert _queries(client, _url(klein)) == _queries(client, _url(groot))
    assert _queries(client, _url(groot)) <= 25


def test_an_editor_sees_edit_buttons_and_a_reader_sees_only_the_comment_links(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    activiteit_maken(wereld, plan)
    bewerker = _client(wereld.bewerker).get(_url(plan)).content.decode()
    lezer = _client(wereld.lezer).get(_url(plan)).content.decode()
    assert "Activiteit toevoegen" in bewerker and "Indienen ter vaststelling" in bewerker
    assert "Activiteit toevoegen" not in lezer and "Indienen ter vaststelling" not in lezer
    assert "Reageren" in lezer


def test_the_insurers_internal_notes_are_not_on_the_gp_organisations_page(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    services.reactie_plaatsen(
        regioplan=plan,
        tekst="Onze onderhandelingsruimte is klein",
        intern_voor=wereld.verzekeraar,
        acting_user=wereld.zorginkoper,
    )
    assert "onderhandelingsruimte" in _client(wereld.zorginkoper).get(_url(plan)).content.decode()
    for wie in (wereld.bewerker, wereld.lezer, wereld.tweede_zorginkoper, wereld.koepel):
        assert "onderhandelingsruimte" not in _client(wie).get(_url(plan)).content.decode(), wie


def test_the_approval_panel_names_who_may_approve_and_offers_the_button_only_to_them(wereld: Wereld) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = plan_maken(wereld)
    plan = indienen(wereld, plan)
    pagina = _client(wereld.zorginkoper).get(_url(plan)).content.decode()
    assert "Goedkeuren namens Verzekeraar Zuid" in pagina
    assert "Bram Beheerder" in pagina and "Daan Inkoper" in pagina
    assert "Goedkeuren namens" not in _client(wereld.bewerker).get(_url(plan)).content.decode()


def test_script_in_a_part_is_not_run_on_the_page(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    deel = plan.delen.get(soort="missie-visie")
    services.plandeel_opslaan(
        deel=deel,
        gelezen_versie=deel.versie,
        tekst='## Missie\n<script>alert(1)</script>\n[klik](javascript:alert(2)) <img src=x onerror="alert(3)">',
        acting_user=wereld.bewerker,
    )
    pagina = _client(wereld.lezer).get(_url(plan)).content.decode()
    assert "<h2>Missie</h2>" in pagina
    assert "<script>alert" not in pagina and "javascript:alert" not in pagina and "<img" not in pagina
    # What was typed is shown as text, not dropped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pagina and "&lt;img src=x onerror=" in pagina
