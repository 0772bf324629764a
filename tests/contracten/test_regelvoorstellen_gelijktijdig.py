"""Two people of the zorggroep deciding the insurer's proposal on a contract line at the same moment: one wins, the
other is told who came first, and the line holds what the winner decided (issue 16, contract lines).

Real threads with their own database connections, released together by a barrier, against PostgreSQL (SQLite
serialises writers and would prove nothing). Repeated, so the race really happens.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from contracten import regelvoorstellen
from contracten.models import Contract, Contractafspraak, Regelvoorstel
from regio.voorstellen import Voorstelstatus
from tests.contracten.werelden import contract_wereld
from tests.personas import wereld_bouwen
from tests.servers import postgres_vereist
from tests.test_gelijktijdig import _tegelijk

pytestmark = pytest.mark.django_db(transaction=True)

RONDES = 4


def test_accepting_and_rejecting_one_line_proposal_at_once_one_wins_and_the_line_matches_it() -> None:
    postgres_vereist()
    wereld = contract_wereld(wereld_bouwen())
    pk = wereld.afspraak.pk  # type: ignore[attr-defined]
    for ronde in range(RONDES):
        bedrag = Decimal("90000.00") + ronde
        voor = Contractafspraak.objects.get(pk=pk).bedragen.get(jaar=2026).bedrag
        voorstel = regelvoorstellen.regelvoorstel_doen(
            contract=Contract.objects.get(pk=wereld.contract.pk),  # type: ignore[attr-defined]
            afspraak=Contractafspraak.objects.get(pk=pk),
            waarden={"bedrag_2026": str(bedrag)},
            toelichting=f"Ronde {ronde}.",
            acting_user=wereld.zorginkoper,
        )

        def aanvaarden(v: Regelvoorstel = voorstel) -> Any:
            return regelvoorstellen.regelvoorstel_beslissen(
                voorstel=Regelvoorstel.objects.get(pk=v.pk), aanvaard=True, acting_user=wereld.bewerker
            )

        def afwijzen(v: Regelvoorstel = voorstel) -> Any:
            return regelvoorstellen.regelvoorstel_beslissen(
                voorstel=Regelvoorstel.objects.get(pk=v.pk),
                aanvaard=False,
                toelichting="Nee.",
                acting_user=wereld.beheerder,
            )

        uitkomsten = _tegelijk(aanvaarden, afwijzen)
        gewonnen = [u for u in uitkomsten if isinstance(u, Regelvoorstel)]
        verloren = [u for u in uitkomsten if isinstance(u, ValidationError)]
        assert len(gewonnen) == 1 and len(verloren) == 1, uitkomsten
        opgeslagen = Regelvoorstel.objects.get(pk=voorstel.pk)
        assert opgeslagen.status == gewonnen[0].status
        assert opgeslagen.besloten_door is not None
        assert "Dit voorstel is intussen al" in verloren[0].messages[0]
        assert opgeslagen.besloten_door.get_full_name() in verloren[0].messages[0]
        nu = Contractafspraak.objects.get(pk=pk).bedragen.get(jaar=2026).bedrag
        assert nu == (bedrag if opgeslagen.status == Voorstelstatus.AANVAARD else voor)
        assert [h.status for h in opgeslagen.history.order_by("history_date")] == ["open", opgeslagen.status]
