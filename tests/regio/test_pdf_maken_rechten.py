"""Who may ask for a (new) PDF (issue 21): it replaces the file everyone downloads, so only editors of the
contracting parties (of the contract's two parties) ask for it; readers and koepel staff still download it, and
the PDF block offers the button only to those who may."""

from __future__ import annotations

from django.urls import reverse

from regio import services as regio_services
from regio.models import Gebruiker, Pdfopdracht, Rol
from tests.factories import GebruikerFactory
from tests.matrix import ingelogd
from tests.personas import Wereld
from tests.regioplan.matrix_wereld import klare_pdf
from tests.regioplan.werelden import plan_maken


def _opdrachten() -> list[tuple[int, str, str]]:
    return list(Pdfopdracht.objects.order_by("pk").values_list("pk", "status", "bestand"))


def test_a_reader_and_koepel_staff_cannot_replace_the_plans_pdf_but_download_it(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    klare_pdf("regioplan", plan.pk, plan.regio, wereld)
    args = [plan.regio.slug, plan.pk]
    voor = _opdrachten()
    for persoon in (wereld.lezer, wereld.tweede_zorginkoper, wereld.koepel):
        assert ingelogd(persoon).post(reverse("regioplan:pdf_maken", args=args)).status_code == 403
        assert ingelogd(persoon).get(reverse("regioplan:pdf_downloaden", args=args)).status_code == 200
    assert _opdrachten() == voor


def test_the_plans_pdf_block_offers_remaking_only_to_editors(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    klare_pdf("regioplan", plan.pk, plan.regio, wereld)
    args = [plan.regio.slug, plan.pk]
    for url in (reverse("regioplan:detail", args=args), reverse("regioplan:pdf_status", args=args)):
        bewerker = ingelogd(wereld.bewerker).get(url).content.decode()
        lezer = ingelogd(wereld.lezer).get(url).content.decode()
        assert "Pdf opnieuw maken" in bewerker
        assert "Pdf opnieuw maken" not in lezer and "Pdf downloaden" in lezer


def test_koepel_staff_cannot_replace_the_regiobeelds_pdf(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    regiobeeld = plan.regiobeeld
    args = [regiobeeld.regio.slug, regiobeeld.jaar]
    assert ingelogd(wereld.koepel).post(reverse("regiobeeld:pdf_maken", args=args)).status_code == 403
    pagina = ingelogd(wereld.koepel).get(reverse("regiobeeld:detail", args=args)).content.decode()
    assert "Pdf maken" not in pagina and "Er is nog geen pdf" in pagina
    assert "Pdf maken" in ingelogd(wereld.bewerker).get(reverse("regiobeeld:detail", args=args)).content.decode()


def _lezer_van_de_zorggroep(wereld: Wereld) -> Gebruiker:
    lezer = GebruikerFactory.create(naam="Lotte Lezer", email="lotte@zorggroep.test")
    regio_services.lid_maken(gebruiker=lezer, organisatie=wereld.zorggroep, rol=Rol.LEZER, acting_user=None)
    return lezer


def test_a_reader_of_a_contract_party_cannot_replace_the_contracts_pdf(contractwereld: Wereld) -> None:
    contract = contractwereld.contract  # type: ignore[attr-defined]
    klare_pdf("contract", contract.pk, contract.regio, contractwereld)
    lezer = _lezer_van_de_zorggroep(contractwereld)
    args = [contract.regio.slug, contract.pk]
    voor = _opdrachten()
    assert ingelogd(lezer).post(reverse("contracten:pdf_maken", args=args)).status_code == 403
    assert _opdrachten() == voor
    pagina = ingelogd(lezer).get(reverse("contracten:detail", args=args)).content.decode()
    assert "Pdf downloaden" in pagina and "Pdf opnieuw maken" not in pagina
    bewerker = ingelogd(contractwereld.bewerker).get(reverse("contracten:detail", args=args)).content.decode()
    assert "Pdf opnieuw maken" in bewerker
