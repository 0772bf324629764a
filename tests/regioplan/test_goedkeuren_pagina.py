"""Approving on the plan page and on "Mijn regio's" (issue 21): no second "Goedkeuren" after approving, "Wacht op u"
names the version, and a request for a version the plan never had does not claim the plan changed."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from regioplan import services
from regioplan.models import Regioplan
from tests.matrix import ingelogd
from tests.personas import Wereld
from tests.regioplan.werelden import actueel, indienen, mandaat_voor_verzekeraar, plan_maken, vaststellen


def _url(plan: Regioplan, naam: str = "detail") -> str:
    return reverse(f"regioplan:{naam}", args=[plan.regio.slug, plan.pk])


def test_after_approving_the_page_no_longer_offers_to_approve(wereld: Wereld) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = indienen(wereld, plan_maken(wereld))
    bram = ingelogd(wereld.beheerder)
    assert "Goedkeuren namens Zorggroep Eigen" in bram.get(_url(plan)).content.decode()
    bram.post(_url(plan, "goedkeuren"), {"versie": actueel(plan).versie})
    pagina = bram.get(_url(plan)).content.decode()
    assert "Goedkeuren namens" not in pagina
    assert "Zorggroep Eigen heeft deze versie goedgekeurd" in pagina
    assert "Goedkeuren namens Verzekeraar Zuid" in ingelogd(wereld.zorginkoper).get(_url(plan)).content.decode()


def test_wacht_op_u_names_the_version_when_two_versions_share_a_title(wereld: Wereld) -> None:
    mandaat_voor_verzekeraar(wereld)
    eerste = vaststellen(wereld, plan_maken(wereld))
    tweede = services.regioplan_nieuwe_versie(regioplan=eerste, acting_user=wereld.bewerker)
    indienen(wereld, tweede)
    services.reactie_plaatsen(
        regioplan=eerste, tekst="Zie je dit?", acting_user=wereld.bewerker, genoemd=[wereld.zorginkoper]
    )
    html = ingelogd(wereld.zorginkoper).get(reverse("regio:mijn_regios")).content.decode()
    wacht = html[html.index('id="kop-wacht"') : html.index("</section>", html.index('id="kop-wacht"'))]
    assert wacht.count(eerste.titel) == 1 and "versie 2" in wacht
    # The mention in the first version is under "Genoemd" (every document's threads), linked to that version.
    genoemd = html[html.index('id="kop-genoemd"') : html.index("</section>", html.index('id="kop-genoemd"'))]
    assert reverse("regioplan:detail", args=[wereld.regio.slug, eerste.pk]) in genoemd


def _meldingen(antwoord: object) -> list[str]:
    return [str(m) for m in get_messages(antwoord.wsgi_request)]  # type: ignore[attr-defined]


def test_approving_a_version_the_plan_never_had_does_not_say_it_changed(wereld: Wereld) -> None:
    plan = indienen(wereld, plan_maken(wereld))
    bram = ingelogd(wereld.beheerder)
    for versie in (str(actueel(plan).versie + 5), "", "abc"):
        antwoord = bram.post(_url(plan, "goedkeuren"), {"versie": versie})
        meldingen = _meldingen(antwoord)
        assert not any("gewijzigd sinds" in m for m in meldingen), meldingen
        assert any("een versie die het plan niet heeft" in m for m in meldingen), meldingen
    assert not actueel(plan).goedkeuringen.exists()
