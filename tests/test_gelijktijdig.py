"""Issues 7 and 16: two people saving the same text at the same moment never lose a word; changes to different
paragraphs both count.

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


def test_two_people_saving_different_paragraphs_at_the_same_moment_both_count() -> None:
    postgres_vereist()
    wereld = wereld_bouwen()
    plan = plan_maken(wereld)
    deel = Plandeel.objects.get(regioplan=plan, soort="ict-visie")
    basis = "Eerste alinea.\n\nTweede alinea."
    deel = services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst=basis, acting_user=wereld.bewerker)
    deel_pk = deel.pk
    for ronde in range(RONDES):
        gelezen, tekst = deel.versie, deel.tekst
        eerste, tweede = tekst.split("\n\n")
        teksten = {
            wereld.bewerker.pk: f"{eerste} Anna {ronde}.\n\n{tweede}",
            wereld.zorginkoper.pk: f"{eerste}\n\n{tweede} Daan {ronde}.",
        }

        def opslaan(wie: Any, gelezen: int = gelezen, teksten: dict[int, str] = teksten) -> Plandeel:
            return services.plandeel_opslaan(
                deel=Plandeel.objects.get(pk=deel_pk), gelezen_versie=gelezen, tekst=teksten[wie.pk], acting_user=wie
            )

        uitkomsten = _tegelijk(lambda: opslaan(wereld.bewerker), lambda: opslaan(wereld.zorginkoper))
        assert all(isinstance(u, Plandeel) for u in uitkomsten), uitkomsten
        deel = Plandeel.objects.get(pk=deel_pk)
        # Both changes are in, in their own paragraph, and both saves are in the history.
        assert deel.tekst == f"{eerste} Anna {ronde}.\n\n{tweede} Daan {ronde}."
        assert deel.versie == gelezen + 2
        assert deel.history.filter(versie__gt=gelezen).count() == 2
