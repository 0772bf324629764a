"""Co-editing through the pages: conflicts end in a merge (nothing lost), history and restore, reordering,
comments, submission, approval, freezing, a new version and its comparison."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from regioplan.models import Plandeel, Regioplan, Status, Voorstel
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, actueel, delen_schrijven, mandaat_voor_verzekeraar, plan_maken


def _url(plan: Regioplan, naam: str = "detail", *args: object) -> str:
    return reverse(f"regioplan:{naam}", args=[plan.regio.slug, plan.pk, *args])


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_two_editors_saving_the_same_part_get_a_merge_screen_and_nothing_is_lost(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    url = _url(plan, "deel_bewerken", "missie-visie")
    anna, daan = _client(wereld.bewerker), _client(wereld.zorginkoper)
    versie = Plandeel.objects.get(regioplan=plan, soort="missie-visie").versie
    # Both opened the same version; Daan saves first.
    assert daan.post(url, {"tekst": "Tekst van Daan", "versie": versie}).status_code == 302
    antwoord = anna.post(url, {"tekst": "Tekst van Anna", "versie": versie})
    assert antwoord.status_code == 409
    pagina = antwoord.content.decode()
    assert "Iemand anders heeft dit deel intussen opgeslagen" in pagina
    assert "Tekst van Daan" in pagina and "Tekst van Anna" in pagina
    assert Plandeel.objects.get(regioplan=plan, soort="missie-visie").tekst == "Tekst van Daan"
    # Anna merges and saves against the version she was just shown.
    nieuwe_versie = antwoord.context["form"].initial["versie"]
    assert anna.post(url, {"tekst": "Tekst van Daan\n\nTekst van Anna", "versie": nieuwe_versie}).status_code == 302
    deel = Plandeel.objects.get(regioplan=plan, soort="missie-visie")
    assert deel.tekst == "Tekst van Daan\n\nTekst van Anna"
    assert {h.tekst for h in deel.history.all()} >= {"Tekst van Daan", "Tekst van Daan\n\nTekst van Anna"}


def test_the_history_page_shows_the_difference_and_an_earlier_text_can_be_restored(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    anna = _client(wereld.bewerker)
    url = _url(plan, "deel_bewerken", "ict-visie")
    anna.post(url, {"tekst": "Een gedeeld dossier", "versie": 1})
    anna.post(url, {"tekst": "Een gedeeld huisartsendossier", "versie": 2})
    historie = anna.get(_url(plan, "deel_historie", "ict-visie"))
    pagina = historie.content.decode()
    assert "huisartsendossier" in pagina and "<ins>" in pagina and "<del>" in pagina
    deel = Plandeel.objects.get(regioplan=plan, soort="ict-visie")
    eerste = deel.history.get(tekst="Een gedeeld dossier")
    assert anna.post(_url(plan, "deel_herstellen", "ict-visie", eerste.history_id)).status_code == 302
    deel.refresh_from_db()
    assert deel.tekst == "Een gedeeld dossier"
    assert deel.history.filter(tekst="Een gedeeld huisartsendossier").exists()


def test_moving_a_challenge_down_with_htmx_returns_the_reordered_list(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    eerste, tweede, _ = plan.uitdagingen.order_by("prioriteit")
    antwoord = _client(wereld.zorginkoper).post(
        _url(plan, "uitdaging_verplaatsen", eerste.pk), {"richting": "neer"}, HTTP_HX_REQUEST="true"
    )
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert html.index(tweede.titel) < html.index(eerste.titel)
    assert "De volgorde is opgeslagen." in html
    assert list(plan.uitdagingen.order_by("prioriteit").values_list("pk", flat=True))[:2] == [tweede.pk, eerste.pk]


def test_a_reader_comments_through_the_form_and_the_editors_of_the_insurer_get_mail(
    wereld: Wereld, django_capture_on_commit_callbacks: object
) -> None:
    plan = plan_maken(wereld)
    carla = _client(wereld.lezer)
    url = _url(plan, "reactie_nieuw") + "?deel=governance"
    formulier = carla.get(url, HTTP_HX_REQUEST="true")
    assert formulier.status_code == 200 and "<html" not in formulier.content.decode()
    # She can mention others (typing @ and a name offers them), not herself.
    namen = carla.get(_url(plan, "reactie_namen") + "?deel=governance&q=").json()["namen"]
    assert namen == []  # nothing typed yet, nobody offered
    assert [n["naam"] for n in carla.get(_url(plan, "reactie_namen") + "?deel=governance&q=da").json()["namen"]] == [
        "Daan Inkoper"
    ]
    assert carla.get(_url(plan, "reactie_namen") + "?deel=governance&q=carla").json()["namen"] == []
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        antwoord = carla.post(url, {"tekst": "Hoe praten de waarnemers mee?"})
    assert antwoord.status_code == 302
    assert "Hoe praten de waarnemers mee?" in carla.get(_url(plan)).content.decode()
    ontvangers = {adres for bericht in mail.outbox for adres in bericht.to}
    assert "daan@zuid.test" in ontvangers
    assert "carla@praktijk.test" not in ontvangers
    # A reader cannot edit.
    assert carla.get(_url(plan, "deel_bewerken", "governance")).status_code == 403


def test_both_mandated_signers_approve_through_the_page_and_the_plan_is_frozen(wereld: Wereld) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = plan_maken(wereld)
    activiteit_maken(wereld, plan)
    anna = _client(wereld.bewerker)
    plan = delen_schrijven(wereld, plan)
    anna.post(_url(plan, "indienen"), {"versie": actueel(plan).versie})
    assert actueel(plan).status == Status.INGEDIEND
    for wie in (wereld.beheerder, wereld.zorginkoper):
        antwoord = _client(wie).post(_url(plan, "goedkeuren"), {"versie": actueel(plan).versie}, follow=True)
        assert antwoord.status_code == 200
    plan = actueel(plan)
    assert plan.status == Status.VASTGESTELD
    pagina = anna.get(_url(plan)).content.decode()
    assert "Vastgesteld op" in pagina and "Activiteit toevoegen" not in pagina
    deel = Plandeel.objects.get(regioplan=plan, soort="missie-visie")
    antwoord = anna.post(
        _url(plan, "deel_bewerken", "missie-visie"), {"tekst": "Toch nog", "versie": deel.versie}, follow=True
    )
    assert "vastgesteld" in antwoord.content.decode()
    assert Plandeel.objects.get(regioplan=plan, soort="missie-visie").tekst == deel.tekst


def test_approving_a_version_that_changed_meanwhile_asks_to_look_again(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    anna = _client(wereld.bewerker)
    plan = delen_schrijven(wereld, plan)
    anna.post(_url(plan, "indienen"), {"versie": actueel(plan).versie})
    gezien = actueel(plan).versie
    # A submitted plan changes through proposals: Anna proposes, the insurer accepts.
    anna.post(
        _url(plan, "deel_bewerken", "randvoorwaarden"),
        {"tekst": "Nieuw", "versie": 2, "toelichting": "Nodig.", "als_voorstel": "1"},
    )
    voorstel = Voorstel.objects.get(regioplan=plan)
    _client(wereld.zorginkoper).post(_url(plan, "voorstel_beslissen", voorstel.pk), {"besluit": "aanvaarden"})
    antwoord = _client(wereld.beheerder).post(_url(plan, "goedkeuren"), {"versie": gezien}, follow=True)
    assert "gewijzigd sinds u de pagina opende" in antwoord.content.decode()
    assert not actueel(plan).goedkeuringen.exists()


def test_a_new_version_of_an_adopted_plan_can_be_compared_with_it(wereld: Wereld) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = plan_maken(wereld)
    activiteit_maken(wereld, plan, titel="Wijkteams")
    anna = _client(wereld.bewerker)
    plan = delen_schrijven(wereld, plan)
    anna.post(_url(plan, "indienen"), {"versie": actueel(plan).versie})
    for wie in (wereld.beheerder, wereld.zorginkoper):
        _client(wie).post(_url(plan, "goedkeuren"), {"versie": actueel(plan).versie})
    antwoord = anna.post(_url(plan, "nieuwe_versie"))
    nieuw = Regioplan.objects.get(vorige=plan)
    assert antwoord.status_code == 302 and antwoord["Location"] == _url(nieuw)
    versie = Plandeel.objects.get(regioplan=nieuw, soort="missie-visie").versie
    anna.post(_url(nieuw, "deel_bewerken", "missie-visie"), {"tekst": "Nieuwe koers voor de regio", "versie": versie})
    vergelijking = anna.get(_url(nieuw, "vergelijken")).content.decode()
    assert "koers" in vergelijking and "<ins>" in vergelijking
    assert "Wijkteams" in vergelijking


def test_a_new_activity_form_starts_with_the_plans_first_and_last_year(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    html = _client(wereld.bewerker).get(_url(plan, "activiteit_nieuw")).content.decode()
    assert f'name="start_jaar" value="{plan.startjaar}"' in html
    assert f'name="eind_jaar" value="{plan.eindjaar}"' in html


def test_a_plan_with_empty_parts_is_not_submitted_and_the_page_names_them(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    deel = Plandeel.objects.get(regioplan=plan, soort="missie-visie")
    anna = _client(wereld.bewerker)
    anna.post(_url(plan, "deel_bewerken", "missie-visie"), {"tekst": "Samen dichtbij", "versie": deel.versie})
    antwoord = anna.post(_url(plan, "indienen"), {"versie": actueel(plan).versie}, follow=True)
    pagina = antwoord.content.decode()
    assert actueel(plan).status == Status.CONCEPT
    assert "Nog niet geschreven: ICT-visie, Governance en draagvlak, Randvoorwaarden" in pagina
    assert "Samen dichtbij" in pagina


def test_a_plan_that_takes_up_no_challenge_is_not_submitted(wereld: Wereld) -> None:
    plan = delen_schrijven(wereld, plan_maken(wereld))
    plan.uitdagingen.update(opgenomen=False, reden_niet="Niet dit jaar")
    antwoord = _client(wereld.bewerker).post(_url(plan, "indienen"), {"versie": actueel(plan).versie}, follow=True)
    assert actueel(plan).status == Status.CONCEPT
    assert "neemt nog geen uitdaging uit het regiobeeld op" in antwoord.content.decode()
