"""Who may mark a comment thread resolved (issue 21): its author and the contracting parties' editors, no other
reader; the button shows only to them."""

from __future__ import annotations

from django.urls import reverse

from regioplan import services
from regioplan.models import Reactie, Regioplan
from tests.matrix import ingelogd
from tests.personas import Wereld
from tests.regioplan.werelden import plan_maken


def _vraag(wereld: Wereld, plan: Regioplan) -> Reactie:
    return services.reactie_plaatsen(
        regioplan=plan, tekst="Klopt dit cijfer?", plandeel=plan.delen.first(), acting_user=wereld.lezer
    )


def _oplossen(user: object, reactie: Reactie) -> int:
    url = reverse("regioplan:reactie_oplossen", args=[reactie.regioplan.regio.slug, reactie.regioplan_id, reactie.pk])
    return ingelogd(user).post(url, {"opgelost": "1"}).status_code


def _detail(user: object, plan: Regioplan) -> str:
    return ingelogd(user).get(reverse("regioplan:detail", args=[plan.regio.slug, plan.pk])).content.decode()


def test_the_second_insurer_cannot_resolve_someone_elses_comment(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    vraag = _vraag(wereld, plan)
    assert _oplossen(wereld.tweede_zorginkoper, vraag) == 403
    assert _oplossen(wereld.praktijkhouder, vraag) == 403
    vraag.refresh_from_db()
    assert vraag.opgelost_op is None


def test_a_reader_cannot_resolve_a_thread_through_a_reply_of_her_own(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    vraag = services.reactie_plaatsen(
        regioplan=plan, tekst="Vraag", plandeel=plan.delen.first(), acting_user=wereld.tweede_zorginkoper
    )
    antwoord = services.reactie_plaatsen(regioplan=plan, tekst="Mee eens", antwoord_op=vraag, acting_user=wereld.lezer)
    assert _oplossen(wereld.lezer, antwoord) == 403
    vraag.refresh_from_db()
    assert vraag.opgelost_op is None


def test_the_author_and_an_editor_of_a_contracting_party_may_resolve(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    eigen, andere = _vraag(wereld, plan), _vraag(wereld, plan)
    assert _oplossen(wereld.lezer, eigen) == 302
    assert _oplossen(wereld.zorginkoper, andere) == 302
    eigen.refresh_from_db()
    andere.refresh_from_db()
    assert eigen.opgelost_door == wereld.lezer and andere.opgelost_door == wereld.zorginkoper


def test_the_resolve_button_is_offered_only_to_those_who_may(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    _vraag(wereld, plan)
    assert "Markeer als opgelost" in _detail(wereld.lezer, plan)
    assert "Markeer als opgelost" in _detail(wereld.bewerker, plan)
    tweede = _detail(wereld.tweede_zorginkoper, plan)
    assert "Klopt dit cijfer?" in tweede and "Antwoorden" in tweede
    assert "Markeer als opgelost" not in tweede
    assert "Markeer als opgelost" not in _detail(wereld.koepel, plan)
