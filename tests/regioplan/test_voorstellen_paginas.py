"""Proposals through the pages (issue 16): propose instead of overwrite, the redline on the plan page, the other
party accepts, rejects or counters, the own party withdraws, readers read; a submitted plan changes only this way."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regio import wijzigingen
from regio.voorstellen import Voorstelstatus
from regioplan import services
from regioplan.models import Activiteit, Goedkeuring, Plandeel, PlanUitdaging, Regioplan, Voorstel
from regioplan.voorstellen import waarden
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, actueel, indienen, mandaat_voor_verzekeraar, plan_maken

pytestmark = pytest.mark.django_db

DEEL = "missie-visie"


def _url(plan: Regioplan, naam: str = "detail", *args: object) -> str:
    return reverse(f"regioplan:{naam}", args=[plan.regio.slug, plan.pk, *args])


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def plan(wereld: Wereld) -> Regioplan:
    plan = plan_maken(wereld)
    deel = plan.delen.get(soort=DEEL)
    services.plandeel_opslaan(
        deel=deel,
        gelezen_versie=deel.versie,
        tekst="Wij werken samen aan goede zorg dichtbij.",
        acting_user=wereld.bewerker,
    )
    return actueel(plan)


def _deel(plan: Regioplan) -> Plandeel:
    return Plandeel.objects.get(regioplan=plan, soort=DEEL)


def _voorstellen(client: Client, plan: Regioplan, tekst: str, waarom: str = "Huisartsen willen dit scherper.") -> Any:
    return client.post(
        _url(plan, "deel_bewerken", DEEL),
        {"tekst": tekst, "versie": _deel(plan).versie, "toelichting": waarom, "als_voorstel": "1"},
    )


def _meldingen(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_proposal_leaves_the_text_and_shows_as_a_redline_with_who_for_which_party_when_and_why(
    wereld: Wereld, plan: Regioplan
) -> None:
    anna = _client(wereld.bewerker)
    formulier = anna.get(_url(plan, "deel_bewerken", DEEL)).content.decode()
    assert "Als voorstel indienen" in formulier and "Waarom stelt u dit voor?" in formulier
    antwoord = _voorstellen(anna, plan, "Wij werken samen aan betere zorg dichtbij huis.")
    assert antwoord.status_code == 302 and antwoord["Location"].endswith(f"#deel-{DEEL}")
    assert _deel(plan).tekst == "Wij werken samen aan goede zorg dichtbij."
    for lezer in (wereld.zorginkoper, wereld.lezer):
        pagina = _client(lezer).get(_url(plan)).content.decode()
        assert "Voorstel van Zorggroep Eigen" in pagina and "Anna Bewerker" in pagina
        assert "Huisartsen willen dit scherper." in pagina
        # Words struck through and inserted, each with a cue for those who do not see the marking.
        assert "[verwijderd:] </span>goede</del>" in pagina and "[toegevoegd:] </span>betere</ins>" in pagina
        assert "1 open voorstel wacht op een besluit" in pagina
    # Koepel staff read the plan, not the parties' talks.
    assert "Voorstel van Zorggroep Eigen" not in _client(wereld.koepel).get(_url(plan)).content.decode()


def test_the_other_party_accepts_and_the_text_changes_with_history_and_a_change_record(
    wereld: Wereld, plan: Regioplan
) -> None:
    _voorstellen(_client(wereld.bewerker), plan, "Wij werken samen aan betere zorg dichtbij.")
    voorstel = Voorstel.objects.get(regioplan=plan)
    daan = _client(wereld.zorginkoper)
    pagina = daan.get(_url(plan, "voorstel", voorstel.pk)).content.decode()
    assert "Aanvaarden" in pagina and "Afwijzen" in pagina and "Tegenvoorstel doen" in pagina
    antwoord = daan.post(_url(plan, "voorstel_beslissen", voorstel.pk), {"besluit": "aanvaarden"})
    assert antwoord.status_code == 302
    deel = _deel(plan)
    assert deel.tekst == "Wij werken samen aan betere zorg dichtbij."
    assert deel.history.first().history_user == wereld.zorginkoper  # type: ignore[union-attr]
    regel = wijzigingen.van(plan).first()
    assert regel is not None and regel.gebruiker == wereld.zorginkoper and "voorstel van Zorggroep Eigen" in regel.wat
    assert Voorstel.objects.get(pk=voorstel.pk).status == Voorstelstatus.AANVAARD
    # Accepted, it leaves the plan page; the trail keeps it.
    assert "Voorstel van Zorggroep Eigen" not in daan.get(_url(plan)).content.decode()
    spoor = daan.get(_url(plan, "voorstellen") + "?toon=besloten").content.decode()
    assert "Voorstel van Zorggroep Eigen" in spoor and "Status: aanvaard" in spoor


def test_rejecting_needs_a_reason_and_stays_readable_in_the_trail(wereld: Wereld, plan: Regioplan) -> None:
    _voorstellen(_client(wereld.bewerker), plan, "Iets heel anders.")
    voorstel = Voorstel.objects.get(regioplan=plan)
    daan = _client(wereld.zorginkoper)
    zonder = daan.post(_url(plan, "voorstel_beslissen", voorstel.pk), {"besluit": "afwijzen"}, follow=True)
    assert "Zeg waarom u dit voorstel afwijst." in zonder.content.decode()
    assert Voorstel.objects.get(pk=voorstel.pk).is_open
    daan.post(_url(plan, "voorstel_beslissen", voorstel.pk), {"besluit": "afwijzen", "toelichting": "Te vaag."})
    assert Voorstel.objects.get(pk=voorstel.pk).status == Voorstelstatus.AFGEWEZEN
    assert _deel(plan).tekst == "Wij werken samen aan goede zorg dichtbij."
    spoor = _client(wereld.lezer).get(_url(plan, "voorstellen") + "?toon=besloten").content.decode()
    assert "Te vaag." in spoor and "Daan Inkoper" in spoor
    assert "Iets heel anders." not in _client(wereld.lezer).get(_url(plan, "voorstellen")).content.decode()


def test_a_counter_proposal_starts_from_the_proposal_supersedes_it_and_the_first_party_accepts_it(
    wereld: Wereld, plan: Regioplan
) -> None:
    _voorstellen(_client(wereld.bewerker), plan, "Wij werken samen aan betere zorg dichtbij.")
    voorstel = Voorstel.objects.get(regioplan=plan)
    daan = _client(wereld.zorginkoper)
    formulier = daan.get(_url(plan, "deel_bewerken", DEEL) + f"?tegen={voorstel.pk}")
    assert formulier.context["form"].initial["tekst"] == "Wij werken samen aan betere zorg dichtbij."
    assert "Als tegenvoorstel indienen" in formulier.content.decode()
    daan.post(
        _url(plan, "deel_bewerken", DEEL),
        {
            "tekst": "Wij werken samen aan betaalbare zorg dichtbij.",
            "versie": _deel(plan).versie,
            "toelichting": "Betaalbaarheid hoort erbij.",
            "tegen": voorstel.pk,
        },
    )
    assert Voorstel.objects.get(pk=voorstel.pk).status == Voorstelstatus.VERVANGEN
    tegen = Voorstel.objects.get(tegenvoorstel_op=voorstel)
    assert tegen.namens == wereld.verzekeraar and tegen.is_open
    # Now the insurer's own: it may not decide it; the zorggroep may.
    assert daan.post(_url(plan, "voorstel_beslissen", tegen.pk), {"besluit": "aanvaarden"}).status_code == 403
    pagina = _client(wereld.bewerker).get(_url(plan, "voorstel", tegen.pk)).content.decode()
    assert "Tegenvoorstel van Verzekeraar Zuid" in pagina and "Voorstellen en tegenvoorstellen" in pagina
    _client(wereld.bewerker).post(_url(plan, "voorstel_beslissen", tegen.pk), {"besluit": "aanvaarden"})
    assert _deel(plan).tekst == "Wij werken samen aan betaalbare zorg dichtbij."


def test_ones_own_party_cannot_decide_but_can_withdraw_and_a_reader_cannot_propose(
    wereld: Wereld, plan: Regioplan
) -> None:
    anna = _client(wereld.bewerker)
    _voorstellen(anna, plan, "Iets anders.")
    voorstel = Voorstel.objects.get(regioplan=plan)
    pagina = anna.get(_url(plan, "voorstel", voorstel.pk)).content.decode()
    assert "Aanvaarden" not in pagina and "Voorstel intrekken" in pagina
    for eigen in (wereld.bewerker, wereld.beheerder):
        assert (
            _client(eigen).post(_url(plan, "voorstel_beslissen", voorstel.pk), {"besluit": "aanvaarden"}).status_code
            == 403
        )
    assert _client(wereld.zorginkoper).post(_url(plan, "voorstel_intrekken", voorstel.pk)).status_code == 403
    lezer = _client(wereld.lezer)
    assert "Aanvaarden" not in lezer.get(_url(plan, "voorstel", voorstel.pk)).content.decode()
    assert lezer.post(_url(plan, "voorstel_beslissen", voorstel.pk), {"besluit": "aanvaarden"}).status_code == 403
    assert _voorstellen(lezer, plan, "Van de huisarts.").status_code == 403
    assert anna.post(_url(plan, "voorstel_intrekken", voorstel.pk)).status_code == 302
    assert Voorstel.objects.get(pk=voorstel.pk).status == Voorstelstatus.INGETROKKEN
    assert _deel(plan).tekst == "Wij werken samen aan goede zorg dichtbij."


def test_deciding_a_proposal_someone_decided_first_says_who(wereld: Wereld, plan: Regioplan) -> None:
    _voorstellen(_client(wereld.zorginkoper), plan, "Iets anders.")
    voorstel = Voorstel.objects.get(regioplan=plan)
    _client(wereld.bewerker).post(_url(plan, "voorstel_beslissen", voorstel.pk), {"besluit": "aanvaarden"})
    laat = _client(wereld.beheerder).post(
        _url(plan, "voorstel_beslissen", voorstel.pk), {"besluit": "afwijzen", "toelichting": "Nee."}
    )
    assert any("Dit voorstel is intussen al aanvaard door Anna Bewerker" in m for m in _meldingen(laat))
    assert Voorstel.objects.get(pk=voorstel.pk).status == Voorstelstatus.AANVAARD


def test_a_submitted_plan_refuses_a_plain_save_keeps_the_text_and_accepting_withdraws_approvals(
    wereld: Wereld, plan: Regioplan
) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = indienen(wereld, plan)
    services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.beheerder)
    anna = _client(wereld.bewerker)
    formulier = anna.get(_url(plan, "deel_bewerken", DEEL)).content.decode()
    assert "alleen via voorstellen" in formulier and ">Opslaan</button>" not in formulier
    gewoon = anna.post(_url(plan, "deel_bewerken", DEEL), {"tekst": "Stiekem.", "versie": _deel(plan).versie})
    assert gewoon.status_code == 400
    assert "Als voorstel indienen" in gewoon.content.decode() and "Stiekem." in gewoon.content.decode()
    assert _deel(plan).tekst == "Wij werken samen aan goede zorg dichtbij."
    _voorstellen(_client(wereld.zorginkoper), actueel(plan), "Open kaart.")
    voorstel = Voorstel.objects.get(regioplan=plan)
    anna.post(_url(plan, "voorstel_beslissen", voorstel.pk), {"besluit": "aanvaarden"})
    assert _deel(plan).tekst == "Open kaart."
    assert Goedkeuring.objects.get(regioplan=plan).ingetrokken_op is not None


def test_an_activity_change_proposed_through_its_form_shows_the_changed_fields(
    wereld: Wereld, plan: Regioplan
) -> None:
    activiteit = activiteit_maken(wereld, plan)
    daan = _client(wereld.zorginkoper)
    formulier = daan.get(_url(plan, "activiteit_bewerken", activiteit.pk))
    data = {
        k: ("" if v is None else v) for k, v in formulier.context["form"].initial.items() if k not in ("uitdagingen",)
    }
    data.update(
        {
            "begroting": "20.000",
            "versie": activiteit.versie,
            "toelichting": "Meer geld is nodig.",
            "als_voorstel": "1",
        }
    )
    assert daan.post(_url(plan, "activiteit_bewerken", activiteit.pk), data).status_code == 302
    voorstel = Voorstel.objects.get(activiteit=activiteit)
    assert voorstel.wijziging == {"begroting": "20000.00"}
    assert Activiteit.objects.get(pk=activiteit.pk).begroting == activiteit.begroting
    pagina = _client(wereld.bewerker).get(_url(plan)).content.decode()
    assert "Voorstel van Verzekeraar Zuid: Activiteit: Praktijkondersteuner" in pagina
    assert "20.000,00</ins>" in pagina and "12.500,00</del>" in pagina


def test_a_challenge_can_be_proposed_and_countered_from_its_form(wereld: Wereld, plan: Regioplan) -> None:
    pu = PlanUitdaging.objects.filter(regioplan=plan).first()
    assert pu is not None
    daan = _client(wereld.zorginkoper)
    daan.post(
        _url(plan, "uitdaging_bewerken", pu.pk),
        {"duiding": "Zwaar.", "opgenomen": "ja", "versie": pu.versie, "toelichting": "Kern.", "als_voorstel": "1"},
    )
    voorstel = Voorstel.objects.get(planuitdaging=pu)
    anna = _client(wereld.bewerker)
    formulier = anna.get(_url(plan, "uitdaging_bewerken", pu.pk) + f"?tegen={voorstel.pk}")
    assert formulier.context["form"].initial["duiding"] == "Zwaar."
    # A counter on another target than the proposal's is not found.
    ander = PlanUitdaging.objects.filter(regioplan=plan).exclude(pk=pu.pk).first()
    assert ander is not None
    assert anna.get(_url(plan, "uitdaging_bewerken", ander.pk) + f"?tegen={voorstel.pk}").status_code == 404


def test_the_plan_page_costs_a_fixed_number_of_queries_with_200_open_proposals(
    wereld: Wereld, plan: Regioplan
) -> None:
    activiteiten = [activiteit_maken(wereld, plan, titel=f"Activiteit {i}") for i in range(5)]
    client = _client(wereld.zorginkoper)
    client.get(_url(plan))  # sessions and caches warmed
    openen_voorstellen(wereld, plan, 2, activiteiten)
    met_twee = _queries(client, _url(plan))
    openen_voorstellen(wereld, plan, 198, activiteiten)
    assert Voorstel.objects.filter(regioplan=plan, status="open").count() == 200
    met_tweehonderd = _queries(client, _url(plan))
    assert met_tweehonderd == met_twee
    assert met_tweehonderd <= 20
    assert _queries(client, _url(plan, "voorstellen")) <= 20


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def openen_voorstellen(wereld: Wereld, plan: Regioplan, aantal: int, activiteiten: list[Activiteit]) -> None:
    """`aantal` open proposals spread over the parts, the activities and the challenges, by both parties (rows
    written at once: this measures reading)."""
    delen = list(plan.delen.all())
    uitdagingen = list(plan.uitdagingen.all())
    doelen: list[Any] = [*activiteiten, *delen, *uitdagingen]
    rijen = []
    for i in range(aantal):
        doel = doelen[i % len(doelen)]
        basis = waarden(doel)
        if isinstance(doel, Plandeel):
            wijziging = {"tekst": f"{doel.tekst} Voorstel {i}."}
        elif isinstance(doel, Activiteit):
            wijziging = {"begroting": f"{1000 + i}.00", "verantwoordelijke": wereld.verzekeraar.pk}
        else:
            wijziging = {"duiding": f"Duiding {i}"}
        partij, wie = (wereld.verzekeraar, wereld.zorginkoper) if i % 2 else (wereld.zorggroep, wereld.bewerker)
        rijen.append(
            Voorstel(
                regioplan=plan,
                plandeel=doel if isinstance(doel, Plandeel) else None,
                activiteit=doel if isinstance(doel, Activiteit) else None,
                planuitdaging=doel if isinstance(doel, PlanUitdaging) else None,
                namens=partij,
                ingediend_door=wie,
                toelichting=f"Reden {i}",
                basisversie=doel.versie,
                wijziging=wijziging,
                basis={k: basis[k] for k in wijziging},
            )
        )
    Voorstel.objects.bulk_create(rijen)
