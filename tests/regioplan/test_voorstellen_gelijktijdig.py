"""Issue 16: two people deciding the same proposal at the same moment: one wins, the other is told who came first.

Real threads with their own database connections, released together by a barrier, against PostgreSQL (SQLite
serialises writers and would prove nothing). Repeated, so the race really happens.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from regio.voorstellen import Voorstelstatus
from regioplan import services
from regioplan.models import Plandeel, Voorstel
from regioplan.voorstellen import voorstel_beslissen, voorstel_indienen, voorstel_intrekken
from tests.personas import wereld_bouwen
from tests.regioplan.werelden import plan_maken
from tests.servers import postgres_vereist
from tests.test_gelijktijdig import _tegelijk

pytestmark = pytest.mark.django_db(transaction=True)

RONDES = 6


def _voorstel(wereld: Any, deel_pk: int, ronde: int) -> Voorstel:
    deel = Plandeel.objects.get(pk=deel_pk)
    return voorstel_indienen(
        doel=deel,
        voorgesteld={"tekst": f"Voorstel {ronde}"},
        gelezen_versie=deel.versie,
        toelichting="Scherper.",
        acting_user=wereld.zorginkoper,
    )


def _uitkomsten(uitkomsten: list[Any]) -> tuple[list[Voorstel], list[ValidationError]]:
    gewonnen = [u for u in uitkomsten if isinstance(u, Voorstel)]
    verloren = [u for u in uitkomsten if isinstance(u, ValidationError)]
    assert len(gewonnen) == 1 and len(verloren) == 1, uitkomsten
    return gewonnen, verloren


def test_two_people_accepting_and_rejecting_one_proposal_at_once_one_wins_the_other_is_told() -> None:
    postgres_vereist()
    assert connection.vendor == "postgresql"
    wereld = wereld_bouwen()
    plan = plan_maken(wereld)
    deel = Plandeel.objects.get(regioplan=plan, soort="missie-visie")
    services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst="Begin.", acting_user=wereld.bewerker)
    for ronde in range(RONDES):
        voorstel = _voorstel(wereld, deel.pk, ronde)
        aanvaarden = lambda v=voorstel: voorstel_beslissen(  # noqa: E731 - one line per person
            voorstel=Voorstel.objects.get(pk=v.pk), aanvaard=True, toelichting="", acting_user=wereld.bewerker
        )
        afwijzen = lambda v=voorstel: voorstel_beslissen(  # noqa: E731
            voorstel=Voorstel.objects.get(pk=v.pk), aanvaard=False, toelichting="Nee.", acting_user=wereld.beheerder
        )
        gewonnen, verloren = _uitkomsten(_tegelijk(aanvaarden, afwijzen))
        opgeslagen = Voorstel.objects.get(pk=voorstel.pk)
        assert opgeslagen.status == gewonnen[0].status
        # The one who came second is told what happened and by whom; nothing of theirs was written.
        melding = verloren[0].messages[0]
        assert opgeslagen.besloten_door is not None
        assert "Dit voorstel is intussen al" in melding and opgeslagen.besloten_door.get_full_name() in melding
        tekst = Plandeel.objects.get(pk=deel.pk).tekst
        assert tekst == (f"Voorstel {ronde}" if opgeslagen.status == Voorstelstatus.AANVAARD else tekst)
        # The proposal's history holds exactly one decision.
        assert [h.status for h in opgeslagen.history.order_by("history_date")] == ["open", opgeslagen.status]


def test_accepting_while_the_proposer_withdraws_one_wins_and_the_text_matches_the_winner() -> None:
    postgres_vereist()
    wereld = wereld_bouwen()
    plan = plan_maken(wereld)
    deel = Plandeel.objects.get(regioplan=plan, soort="missie-visie")
    for ronde in range(RONDES):
        voor = Plandeel.objects.get(pk=deel.pk).tekst
        voorstel = _voorstel(wereld, deel.pk, ronde)
        aanvaarden = lambda v=voorstel: voorstel_beslissen(  # noqa: E731
            voorstel=Voorstel.objects.get(pk=v.pk), aanvaard=True, toelichting="", acting_user=wereld.bewerker
        )
        intrekken = lambda v=voorstel: voorstel_intrekken(  # noqa: E731
            voorstel=Voorstel.objects.get(pk=v.pk), acting_user=wereld.zorginkoper
        )
        gewonnen, _verloren = _uitkomsten(_tegelijk(aanvaarden, intrekken))
        opgeslagen = Voorstel.objects.get(pk=voorstel.pk)
        tekst = Plandeel.objects.get(pk=deel.pk).tekst
        if gewonnen[0].status == Voorstelstatus.AANVAARD:
            assert opgeslagen.status == Voorstelstatus.AANVAARD and tekst == f"Voorstel {ronde}"
        else:
            assert opgeslagen.status == Voorstelstatus.INGETROKKEN and tekst == voor
