"""The dashboard's "Genoemd": open threads that mention the person on any document they may still read (the plan,
the regiobeeld, a contract), in one query on the mention tables and one per kind of document the person is
mentioned in (regio/gesprekken/genoemd.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracten.gesprek import CONTRACTGESPREK
from contracten.models import Contract
from regio.gesprekken import diensten
from regio.models import Gebruiker, Lidmaatschap
from regio.services import gebruiker_groepen_bijwerken
from regiobeeld.gesprek import REGIOBEELDGESPREK
from regiobeeld.models import Regiobeeld
from regioplan.gesprek import PLANGESPREK
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

GENOEMD = "u bent genoemd in een open reactie"


def _genoemd(user: Gebruiker) -> str:
    client = Client()
    client.force_login(user)
    html = client.get(reverse("regio:mijn_regios")).content.decode()
    return html.split('id="kop-genoemd"', 1)[1].split("</section>", 1)[0] if 'id="kop-genoemd"' in html else ""


def _contract(w: Wereld) -> Contract:
    return Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]


def _regiobeeld(w: Wereld) -> Regiobeeld:
    return Regiobeeld.objects.filter(regio=w.regio).order_by("jaar").first()  # type: ignore[return-value]


def test_mentions_in_the_regiobeeld_the_plan_and_a_contract_are_all_listed(contractwereld: Wereld) -> None:
    w = contractwereld
    rb = _regiobeeld(w)
    diensten.reactie_plaatsen(
        gesprek=REGIOBEELDGESPREK,
        document=rb,
        tekst="Klopt dit cijfer?",
        acting_user=w.bewerker,
        genoemd=[w.zorginkoper],
    )
    diensten.reactie_plaatsen(
        gesprek=PLANGESPREK,
        document=w.vastgesteld_plan,  # type: ignore[attr-defined]
        tekst="Even kijken",
        acting_user=w.bewerker,
        genoemd=[w.zorginkoper],
    )
    diensten.reactie_plaatsen(
        gesprek=CONTRACTGESPREK,
        document=_contract(w),
        onderwerp=w.afspraak,  # type: ignore[attr-defined]
        tekst="Wat vind jij van dit bedrag?",
        acting_user=w.bewerker,
        genoemd=[w.zorginkoper],
    )
    lijst = _genoemd(w.zorginkoper)
    assert lijst.count(GENOEMD) == 3
    assert reverse("regiobeeld:detail", args=[w.regio.slug, rb.jaar]) in lijst
    assert reverse("regioplan:detail", args=[w.regio.slug, w.vastgesteld_plan.pk]) in lijst  # type: ignore[attr-defined]
    assert reverse("contracten:detail", args=[w.regio.slug, w.contract.pk]) in lijst  # type: ignore[attr-defined]
    assert "de afspraak “Praktijkondersteuner ouderenzorg”" in lijst
    assert _genoemd(w.beheerder) == ""  # not mentioned


def test_a_resolved_thread_leaves_the_list_and_a_mention_in_a_reply_of_an_open_thread_stays(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    rb = _regiobeeld(w)
    vraag = diensten.reactie_plaatsen(
        gesprek=REGIOBEELDGESPREK, document=rb, tekst="Vraag", acting_user=w.bewerker, genoemd=[w.zorginkoper]
    )
    diensten.reactie_plaatsen(
        gesprek=REGIOBEELDGESPREK,
        document=rb,
        tekst="Antwoord",
        antwoord_op=vraag,
        acting_user=w.zorginkoper,
        genoemd=[w.beheerder],
    )
    assert GENOEMD in _genoemd(w.zorginkoper) and GENOEMD in _genoemd(w.beheerder)
    diensten.reactie_oplossen(reactie=vraag, opgelost=True, acting_user=w.bewerker)
    assert _genoemd(w.zorginkoper) == "" and _genoemd(w.beheerder) == ""


def test_a_person_who_left_the_party_no_longer_sees_mentions_in_its_contract_or_internal_notes(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    diensten.reactie_plaatsen(
        gesprek=CONTRACTGESPREK,
        document=_contract(w),
        tekst="Kijk jij?",
        acting_user=w.bewerker,
        genoemd=[w.oud_gemandateerde],
    )
    diensten.reactie_plaatsen(
        gesprek=CONTRACTGESPREK,
        document=_contract(w),
        intern_voor=w.zorggroep,
        tekst="Intern: kijk jij?",
        acting_user=w.bewerker,
        genoemd=[w.oud_gemandateerde],
    )
    assert _genoemd(w.oud_gemandateerde).count(GENOEMD) == 2
    Lidmaatschap.objects.filter(gebruiker=w.oud_gemandateerde, organisatie=w.zorggroep).delete()
    gebruiker_groepen_bijwerken(w.oud_gemandateerde)
    assert _genoemd(w.oud_gemandateerde) == ""


def test_the_list_costs_the_same_queries_with_many_mentions(contractwereld: Wereld) -> None:
    w = contractwereld
    client = Client()
    client.force_login(w.zorginkoper)
    rb = _regiobeeld(w)

    def noemen(n: int) -> None:
        for i in range(n):
            diensten.reactie_plaatsen(
                gesprek=REGIOBEELDGESPREK, document=rb, tekst=f"R{i}", acting_user=w.bewerker, genoemd=[w.zorginkoper]
            )
            diensten.reactie_plaatsen(
                gesprek=CONTRACTGESPREK,
                document=_contract(w),
                onderwerp=w.afspraak,  # type: ignore[attr-defined]
                tekst=f"C{i}",
                acting_user=w.bewerker,
                genoemd=[w.zorginkoper],
            )

    noemen(1)
    client.get(reverse("regio:mijn_regios"))  # warm the session
    with CaptureQueriesContext(connection) as weinig:
        client.get(reverse("regio:mijn_regios"))
    noemen(10)
    with CaptureQueriesContext(connection) as veel:
        html = client.get(reverse("regio:mijn_regios")).content.decode()
    assert html.count(GENOEMD) == 22
    assert len(veel.captured_queries) == len(weinig.captured_queries)


def test_someone_mentioned_nowhere_costs_one_query_for_the_list(contractwereld: Wereld) -> None:
    """Most people are mentioned nowhere: one query on the mention tables, not one per kind of document."""
    from regio.gesprekken.genoemd import open_vermeldingen

    w = contractwereld
    regio_ids = [w.regio.pk]
    with CaptureQueriesContext(connection) as niemand:
        assert open_vermeldingen(w.zorginkoper, regio_ids, []) == []
    diensten.reactie_plaatsen(
        gesprek=REGIOBEELDGESPREK, document=_regiobeeld(w), tekst="R", acting_user=w.bewerker, genoemd=[w.zorginkoper]
    )
    with CaptureQueriesContext(connection) as eens:
        gevonden = open_vermeldingen(w.zorginkoper, regio_ids, [])
    assert [v.reactie.tekst for v in gevonden] == ["R"]
    assert (len(niemand.captured_queries), len(eens.captured_queries)) == (1, 2)
