"""Links lead somewhere for the person who sees them (issue 21): "Monitoring" for the parties to a contract,
"Uitnodigingen voor uw praktijk" for members of a practice, and koepel staff are not told they take part."""

from __future__ import annotations

from django.urls import reverse

from tests.matrix import ingelogd
from tests.personas import Wereld

MONITORING = "Monitoring van de regio"
UITNODIGINGEN = "Uitnodigingen voor uw praktijk"


def _pagina(user: object, url: str) -> str:
    return ingelogd(user).get(url).content.decode()


def test_the_contract_list_shows_only_the_links_that_lead_somewhere(contractwereld: Wereld) -> None:
    w = contractwereld
    url = reverse("contracten:lijst", args=[w.regio.slug])
    partij, huisarts, tweede, koepel = (_pagina(p, url) for p in (w.bewerker, w.lezer, w.tweede_zorginkoper, w.koepel))
    assert MONITORING in partij and UITNODIGINGEN not in partij
    assert UITNODIGINGEN in huisarts and MONITORING not in huisarts
    for niets in (tweede, koepel):
        assert MONITORING not in niets and UITNODIGINGEN not in niets


def test_koepel_staff_are_told_they_see_every_region_not_that_they_take_part(wereld: Wereld) -> None:
    koepel = _pagina(wereld.koepel, reverse("regio:mijn_regios"))
    assert "U ziet als koepelmedewerker alle 2 regio's." in koepel
    assert "neemt deel aan" not in koepel
    assert "Uw organisatie neemt deel aan 1 regio." in _pagina(wereld.bewerker, reverse("regio:mijn_regios"))
