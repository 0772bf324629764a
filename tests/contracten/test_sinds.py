"""The contract's "what changed since your signature" page covers its whole terms: the lines with their amounts and
measuring points, the packages and the funding split (verdeelmodel) (contracten/vergelijking.sinds)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from contracten import services
from contracten.models import Contract, Contractafspraak, Ondertekening, Pakket
from contracten.verdeelmodel import Aanbiederinvoer, verdeelmodel_opslaan
from tests.contracten.werelden import aangeboden_en_getekend
from tests.matrix import ingelogd
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


def _actueel(contract: Contract) -> Contract:
    return Contract.objects.get(pk=contract.pk)


@pytest.fixture
def getekend(contractwereld: Wereld) -> tuple[Contract, Ondertekening]:
    return aangeboden_en_getekend(contractwereld)


def _pagina(w: Wereld, contract: Contract, handtekening: Ondertekening) -> str:
    url = reverse("contracten:sinds_ondertekening", args=[contract.regio.slug, contract.pk, handtekening.pk])
    return ingelogd(w.zorginkoper).get(url).content.decode()


def _sectie(html: str, kop: str) -> str:
    begin = html.index(f">{kop}</h2>")
    return html[begin : html.index("</section>", begin)]


def test_a_measuring_point_taken_off_a_line_shows_on_the_page(
    contractwereld: Wereld, getekend: tuple[Contract, Ondertekening]
) -> None:
    w = contractwereld
    contract, handtekening = getekend
    afspraak = Contractafspraak.objects.get(pk=w.afspraak.pk)  # type: ignore[attr-defined]
    meetpunt = afspraak.meetpunten.get()
    services.afspraak_opslaan(
        afspraak=afspraak,
        gelezen_versie=afspraak.versie,
        bedragen={b.jaar: b.bedrag for b in afspraak.bedragen.all()},
        meetpunten=[],
        acting_user=w.zorginkoper,
    )
    afspraken = _sectie(_pagina(w, _actueel(contract), handtekening), "Afspraken")
    regel = afspraken[afspraken.index(afspraak.titel) :]
    regel = regel[: regel.index("</ul>")]
    assert "meetpunten" in regel and f"{meetpunt.omschrijving}</del>" in regel


def test_packages_and_the_verdeelmodel_changed_since_the_signature_show_on_the_page(
    contractwereld: Wereld, getekend: tuple[Contract, Ondertekening]
) -> None:
    w = contractwereld
    contract, handtekening = getekend
    html = _pagina(w, contract, handtekening)
    assert "Sindsdien is er niets veranderd" in html
    pakket = Pakket.objects.get(pk=w.pakket.pk)  # type: ignore[attr-defined]
    pakket.omschrijving = "Digitale triage in alle praktijken."
    services.pakket_opslaan(pakket=pakket, acting_user=w.bewerker)
    verdeelmodel_opslaan(
        contract=_actueel(contract),
        gelezen_versie=None,
        velden={
            "budget": Decimal("1000000"),
            "grondslag": "uren",
            "drempel_procent": Decimal("10"),
            "vangnet_procent": Decimal("10"),
            "toelichting": "Zorgroute herzien.",
        },
        aanbieders=[
            Aanbiederinvoer("Verloskundigen", Decimal("400000.00"), Decimal("4200")),
            Aanbiederinvoer("Kraamzorg", Decimal("350000.00"), Decimal("3000")),
        ],
        acting_user=w.bewerker,
    )
    html = _pagina(w, _actueel(contract), handtekening)
    pakketten = _sectie(html, "Pakketten")
    assert pakket.naam in pakketten and "Digitale triage in alle praktijken.</ins>" in pakketten
    verdeel = _sectie(html, "Verdeelmodel")
    # Added since the signature: the model and each provider are marked new.
    assert "<strong>Verdeelmodel</strong>" in verdeel and "Aanbieder: Kraamzorg" in verdeel
    assert verdeel.count("nieuw</span>") == 3


def test_a_share_changed_since_the_signature_reads_as_a_percentage(
    contractwereld: Wereld, getekend: tuple[Contract, Ondertekening]
) -> None:
    w = contractwereld
    contract, handtekening = getekend
    afspraak = Contractafspraak.objects.get(pk=w.afspraak.pk)  # type: ignore[attr-defined]
    afspraak.aandeel_praktijk, afspraak.aandeel_regio = Decimal("62.5"), Decimal("37.5")
    services.afspraak_opslaan(
        afspraak=afspraak,
        gelezen_versie=afspraak.versie,
        bedragen={b.jaar: b.bedrag for b in afspraak.bedragen.all()},
        meetpunten=list(afspraak.meetpunten.all()),
        acting_user=w.zorginkoper,
    )
    afspraken = _sectie(_pagina(w, _actueel(contract), handtekening), "Afspraken")
    assert "70%</del>" in afspraken and "62,5%</ins>" in afspraken
    assert "70.00" not in afspraken
