"""Issue 7: two people saving the same text at the same moment never lose a word.

Real threads, each with its own database connection, released together by a barrier, against PostgreSQL (SQLite
serialises writers on one file and would prove nothing). Repeated, so the race really happens.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from regio.gelijktijdig import Bewerkingsconflict
from regioplan import services
from regioplan.models import Plandeel
from tests.personas import wereld_bouwen
from tests.regioplan.werelden import plan_maken
from tests.servers import postgres_vereist

pytestmark = pytest.mark.django_db(transaction=True)

RONDES = 10


def _tegelijk(*opdrachten: Any) -> list[Any]:
    """Run the callables in threads that start at the same instant; each result or raised exception, in order."""
    start = threading.Barrier(len(opdrachten))
    uitkomsten: list[Any] = [None] * len(opdrachten)

    def draai(i: int, opdracht: Any) -> None:
        try:
            start.wait()
            uitkomsten[i] = opdracht()
        except Exception as fout:  # the test inspects what each thread got
            uitkomsten[i] = fout
        finally:
            connections.close_all()

    draden = [threading.Thread(target=draai, args=(i, o)) for i, o in enumerate(opdrachten)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=30)
    return uitkomsten


def test_two_people_saving_one_part_at_the_same_moment_one_wins_the_other_is_told_nothing_is_lost() -> None:
    postgres_vereist()
    assert connection.vendor == "postgresql"
    wereld = wereld_bouwen()
    plan = plan_maken(wereld)
    for ronde in range(RONDES):
        deel = Plandeel.objects.get(regioplan=plan, soort="ict-visie")
        gelezen = deel.versie
        teksten = {wereld.bewerker.pk: f"Anna, ronde {ronde}", wereld.zorginkoper.pk: f"Daan, ronde {ronde}"}

        def opslaan(
            wie: Any, deel_pk: int = deel.pk, gelezen: int = gelezen, teksten: dict[int, str] = teksten
        ) -> Plandeel:
            return services.plandeel_opslaan(
                deel=Plandeel.objects.get(pk=deel_pk), gelezen_versie=gelezen, tekst=teksten[wie.pk], acting_user=wie
            )

        anna, daan = _tegelijk(lambda: opslaan(wereld.bewerker), lambda: opslaan(wereld.zorginkoper))
        gewonnen = [u for u in (anna, daan) if isinstance(u, Plandeel)]
        verloren = [u for u in (anna, daan) if isinstance(u, Bewerkingsconflict)]
        # Exactly one save counts; the other person is told (and the page shows them both texts to merge).
        assert len(gewonnen) == 1 and len(verloren) == 1, (anna, daan)
        opgeslagen = Plandeel.objects.get(pk=deel.pk)
        assert opgeslagen.tekst == gewonnen[0].tekst
        assert opgeslagen.versie == gelezen + 1
        # The conflict hands back what is stored now, so the loser's page can show it next to their own words.
        assert getattr(verloren[0].huidig, "tekst", None) == opgeslagen.tekst
        # Every accepted save is in the history, with who made it.
        laatste = opgeslagen.history.first()
        assert laatste is not None and laatste.tekst == opgeslagen.tekst
