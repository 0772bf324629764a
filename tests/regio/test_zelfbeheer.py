"""An organisation's manager changes roles, ends memberships, and grants, renews and ends its mandates, in the
product's pages; mandates of a party that is not a contracting party of the region are refused with the reason
(pages, service and admin); every change, removals included, is in the log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from regio import services, zelfbeheer
from regio.koepelgroep import koepelgroep_verzekeren
from regio.models import Auditregel, Deelname, Lidmaatschap, Mandaat, Onderwerp, Rol
from regio.selectors import regio_overzicht, wie_mag_beslissen
from tests.matrix import ingelogd
from tests.personas import START, Wereld

pytestmark = pytest.mark.django_db


def _log(soort: str) -> list[str]:
    return list(Auditregel.objects.filter(soort=soort).order_by("pk").values_list("wat", flat=True))


def _mandaat_van_anna(wereld: Wereld, **kwargs: object) -> Mandaat:
    return services.mandaat_verlenen(
        **{
            "gebruiker": wereld.bewerker,
            "organisatie": wereld.zorggroep,
            "regio": wereld.regio,
            "onderwerp": Onderwerp.CONTRACT,
            "geldig_van": START,
            "acting_user": wereld.beheerder,
            **kwargs,
        }  # type: ignore[arg-type]
    )


def test_the_manager_changes_a_role_and_the_rights_follow(wereld: Wereld) -> None:
    lid = Lidmaatschap.objects.get(gebruiker=wereld.bewerker)
    antwoord = ingelogd(wereld.beheerder).post(
        reverse("regio:lid_rol", args=[wereld.zorggroep.pk, lid.pk]), {f"lid{lid.pk}-rol": Rol.LEZER}, follow=True
    )
    assert "Anna Bewerker is nu lezer" in antwoord.content.decode()
    lid.refresh_from_db()
    assert lid.rol == Rol.LEZER
    # A reader of a contracting party may no longer edit the region's documents.
    assert not wereld.bewerker.groups.filter(name__endswith="-bewerker").exists()
    assert _log(Auditregel.Soort.LIDMAATSCHAP)[-1] == "lidmaatschap gewijzigd: anna@zorggroep.test is nu lezer"


def test_the_only_manager_cannot_make_himself_a_reader_nor_leave(wereld: Wereld) -> None:
    lid = Lidmaatschap.objects.get(gebruiker=wereld.praktijkhouder)
    client = ingelogd(wereld.praktijkhouder)
    rol = client.post(
        reverse("regio:lid_rol", args=[wereld.praktijk.pk, lid.pk]), {f"lid{lid.pk}-rol": Rol.LEZER}, follow=True
    )
    assert "enige beheerder" in rol.content.decode()
    weg = client.post(reverse("regio:lid_beeindigen", args=[wereld.praktijk.pk, lid.pk]))
    assert weg.status_code == 400 and "enige beheerder" in weg.content.decode()
    lid.refresh_from_db()
    assert lid.rol == Rol.BEHEERDER


def test_the_manager_ends_a_membership_after_confirming_and_its_mandates_end(wereld: Wereld) -> None:
    mandaat = _mandaat_van_anna(wereld)
    lid = Lidmaatschap.objects.get(gebruiker=wereld.bewerker)
    url = reverse("regio:lid_beeindigen", args=[wereld.zorggroep.pk, lid.pk])
    client = ingelogd(wereld.beheerder)
    bevestigen = client.get(url)
    assert bevestigen.status_code == 200 and "Lidmaatschap beëindigen" in bevestigen.content.decode()
    assert Lidmaatschap.objects.filter(pk=lid.pk).exists()  # looking is not ending

    assert client.post(url)["Location"] == reverse("regio:leden", args=[wereld.zorggroep.pk])

    assert not Lidmaatschap.objects.filter(pk=lid.pk).exists()
    mandaat.refresh_from_db()
    assert mandaat.geldig_tot is not None and mandaat.geldig_tot < timezone.localdate()
    assert "lidmaatschap beëindigd: anna@zorggroep.test" in _log(Auditregel.Soort.LIDMAATSCHAP)


def test_the_manager_grants_a_mandate_with_the_board_decision(wereld: Wereld) -> None:
    client = ingelogd(wereld.beheerder)
    gegevens = {
        "gebruiker": wereld.bewerker.pk,
        "regio": wereld.regio.pk,
        "onderwerp": Onderwerp.REGIOPLAN,
        "geldig_van": "2026-01-01",
        "geldig_tot": "2026-12-31",
        "besluitreferentie": "",
    }
    zonder = client.post(reverse("regio:mandaat_nieuw", args=[wereld.zorggroep.pk]), gegevens)
    assert zonder.status_code == 400
    assert 'id="id_besluitreferentie_error"' in zonder.content.decode()
    assert "Vul het kenmerk van het bestuursbesluit in." in zonder.content.decode()

    gegevens["besluitreferentie"] = "Bestuursbesluit 2025-031"
    met = client.post(reverse("regio:mandaat_nieuw", args=[wereld.zorggroep.pk]), gegevens)
    assert met["Location"] == reverse("regio:mandaten", args=[wereld.zorggroep.pk])
    mandaat = Mandaat.objects.get(gebruiker=wereld.bewerker)
    assert (mandaat.verleend_door, mandaat.besluitreferentie) == (wereld.beheerder, "Bestuursbesluit 2025-031")
    assert _log(Auditregel.Soort.MANDAAT)[-1] == (
        "mandaat regioplan verleend aan anna@zorggroep.test, geldig van 2026-01-01 tot 2026-12-31, "
        "besluit Bestuursbesluit 2025-031"
    )
    assert (
        "Bestuursbesluit 2025-031" in client.get(reverse("regio:mandaten", args=[wereld.zorggroep.pk])).content.decode()
    )


def test_only_members_can_be_chosen_and_only_the_organisations_regions(wereld: Wereld) -> None:
    pagina = ingelogd(wereld.beheerder).get(reverse("regio:mandaat_nieuw", args=[wereld.zorggroep.pk]))
    keuzes = pagina.context["form"]
    assert set(keuzes.fields["gebruiker"].queryset) == {wereld.bewerker, wereld.oud_gemandateerde, wereld.beheerder}
    assert list(keuzes.fields["regio"].queryset) == [wereld.regio]


def test_a_mandate_for_a_party_that_is_not_a_contracting_party_is_refused_with_the_reason(wereld: Wereld) -> None:
    pagina = ingelogd(wereld.praktijkhouder).post(
        reverse("regio:mandaat_nieuw", args=[wereld.praktijk.pk]),
        {
            "gebruiker": wereld.praktijkhouder.pk,
            "regio": wereld.regio.pk,
            "onderwerp": Onderwerp.CONTRACT,
            "geldig_van": "2026-01-01",
            "besluitreferentie": "ALV 2025",
        },
    )
    html = pagina.content.decode()
    assert pagina.status_code == 400
    assert "Praktijk De Linde is in Eigen regio geen contractpartij" in html
    assert 'id="id_regio_error"' in html
    with pytest.raises(ValidationError) as fout:
        services.mandaat_verlenen(
            gebruiker=wereld.tweede_zorginkoper,
            organisatie=wereld.tweede_verzekeraar,
            regio=wereld.regio,
            onderwerp=Onderwerp.CONTRACT,
            geldig_van=START,
            acting_user=wereld.koepel,
        )
    assert "geen contractpartij" in fout.value.message_dict["regio"][0]
    assert not Mandaat.objects.filter(organisatie__in=[wereld.praktijk, wereld.tweede_verzekeraar]).exists()


def test_the_admin_refuses_a_mandate_of_a_participant_too(wereld: Wereld) -> None:
    wereld.koepel.groups.add(koepelgroep_verzekeren())
    antwoord = ingelogd(wereld.koepel).post(
        reverse("admin:regio_mandaat_add"),
        {
            "gebruiker": wereld.tweede_zorginkoper.pk,
            "organisatie": wereld.tweede_verzekeraar.pk,
            "regio": wereld.regio.pk,
            "onderwerp": Onderwerp.CONTRACT,
            "geldig_van": "2026-01-01",
        },
    )
    assert antwoord.status_code == 200  # the form again, with the error
    assert "geen contractpartij" in antwoord.content.decode()
    assert not Mandaat.objects.filter(organisatie=wereld.tweede_verzekeraar).exists()


def test_an_older_mandate_of_a_participant_is_not_listed_as_who_may_decide(wereld: Wereld) -> None:
    # Granted before the rule (bypassing the validation, as older rows were).
    Mandaat.objects.create(
        gebruiker=wereld.tweede_zorginkoper,
        organisatie=wereld.tweede_verzekeraar,
        regio=wereld.regio,
        onderwerp=Onderwerp.REGIOPLAN,
        geldig_van=START,
        verleend_door=wereld.koepel,
    )
    vandaag = timezone.localdate()
    assert [m.gebruiker for m in wie_mag_beslissen(wereld.regio, Onderwerp.REGIOPLAN, vandaag)] == [wereld.beheerder]
    assert wereld.tweede_zorginkoper not in [m.gebruiker for m in regio_overzicht(wereld.regio).mandaten_vandaag]


def test_the_manager_renews_a_mandate_on_a_new_decision(wereld: Wereld) -> None:
    mandaat = _mandaat_van_anna(wereld, geldig_tot=timezone.localdate() + dt.timedelta(days=10))
    Mandaat.objects.filter(pk=mandaat.pk).update(einde_gemeld_op=timezone.now())
    nieuw_einde = timezone.localdate() + dt.timedelta(days=400)
    antwoord = ingelogd(wereld.beheerder).post(
        reverse("regio:mandaat_verlengen", args=[wereld.zorggroep.pk, mandaat.pk]),
        {"geldig_tot": nieuw_einde.isoformat(), "besluitreferentie": "Bestuursbesluit 2026-002"},
    )
    assert antwoord.status_code == 302
    mandaat.refresh_from_db()
    assert (mandaat.geldig_tot, mandaat.besluitreferentie) == (nieuw_einde, "Bestuursbesluit 2026-002")
    assert mandaat.einde_gemeld_op is None  # the new end is announced in its turn
    assert "gewijzigd voor anna@zorggroep.test" in _log(Auditregel.Soort.MANDAAT)[-1]


def test_ending_a_current_mandate_keeps_it_until_yesterday_and_a_future_one_is_removed_and_logged(
    wereld: Wereld,
) -> None:
    vandaag = timezone.localdate()
    lopend = _mandaat_van_anna(wereld)
    komend = _mandaat_van_anna(wereld, onderwerp=Onderwerp.FINANCIEN, geldig_van=vandaag + dt.timedelta(days=5))
    client = ingelogd(wereld.beheerder)
    for mandaat in (lopend, komend):
        url = reverse("regio:mandaat_beeindigen", args=[wereld.zorggroep.pk, mandaat.pk])
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 302
    lopend.refresh_from_db()
    assert lopend.geldig_tot == vandaag - dt.timedelta(days=1)
    assert not Mandaat.objects.filter(pk=komend.pk).exists()
    assert _log(Auditregel.Soort.MANDAAT)[-1].startswith("mandaat financien verwijderd: anna@zorggroep.test")


def test_deleting_a_mandate_in_the_admin_is_logged(wereld: Wereld) -> None:
    mandaat = _mandaat_van_anna(wereld)
    wereld.koepel.groups.add(koepelgroep_verzekeren())
    client = ingelogd(wereld.koepel)
    antwoord = client.post(reverse("admin:regio_mandaat_delete", args=[mandaat.pk]), {"post": "yes"})
    assert antwoord.status_code == 302
    assert not Mandaat.objects.filter(pk=mandaat.pk).exists()
    regel = Auditregel.objects.filter(soort=Auditregel.Soort.MANDAAT).order_by("pk").last()
    assert regel is not None and regel.wie == "koen@koepel.test"
    assert regel.wat.startswith("mandaat contract verwijderd: anna@zorggroep.test")
    assert regel.organisatie == wereld.zorggroep and regel.regio == wereld.regio


def test_deleting_mandates_in_bulk_in_the_admin_logs_each(wereld: Wereld) -> None:
    eerste = _mandaat_van_anna(wereld)
    tweede = _mandaat_van_anna(wereld, onderwerp=Onderwerp.FINANCIEN)
    wereld.koepel.groups.add(koepelgroep_verzekeren())
    ingelogd(wereld.koepel).post(
        reverse("admin:regio_mandaat_changelist"),
        {"action": "delete_selected", "_selected_action": [eerste.pk, tweede.pk], "post": "yes"},
    )
    assert not Mandaat.objects.filter(pk__in=[eerste.pk, tweede.pk]).exists()
    assert sum("verwijderd: anna@zorggroep.test" in w for w in _log(Auditregel.Soort.MANDAAT)) == 2


def test_a_manager_cannot_manage_another_organisation_through_the_services(wereld: Wereld) -> None:
    lid = Lidmaatschap.objects.get(gebruiker=wereld.lezer)
    with pytest.raises(PermissionDenied):
        zelfbeheer.lid_rol_wijzigen(lidmaatschap=lid, rol=Rol.BEWERKER, acting_user=wereld.beheerder)
    with pytest.raises(PermissionDenied):
        zelfbeheer.mandaat_toekennen(
            organisatie=wereld.zorggroep,
            gebruiker=wereld.bewerker,
            regio=wereld.regio,
            onderwerp=Onderwerp.CONTRACT,
            geldig_van=START,
            geldig_tot=None,
            besluitreferentie="x",
            acting_user=wereld.bewerker,  # an editor, not a manager
        )


def test_the_managers_pages_are_linked_from_my_regions(wereld: Wereld) -> None:
    html = ingelogd(wereld.beheerder).get(reverse("regio:mijn_regios")).content.decode()
    assert reverse("regio:leden", args=[wereld.zorggroep.pk]) in html
    assert reverse("regio:mandaten", args=[wereld.zorggroep.pk]) in html
    assert reverse("regio:leden", args=[wereld.zorggroep.pk]) not in (
        ingelogd(wereld.bewerker).get(reverse("regio:mijn_regios")).content.decode()
    )


def test_a_mandate_can_be_ended_after_its_party_stopped_contracting(wereld: Wereld) -> None:
    mandaat = _mandaat_van_anna(wereld)
    Deelname.objects.filter(regio=wereld.regio, organisatie=wereld.zorggroep).update(rol="deelnemer")
    url = reverse("regio:mandaat_beeindigen", args=[wereld.zorggroep.pk, mandaat.pk])
    assert ingelogd(wereld.beheerder).post(url).status_code == 302
    mandaat.refresh_from_db()
    assert mandaat.geldig_tot == timezone.localdate() - dt.timedelta(days=1)
    # Renewing it, though, is granting it again: refused with the reason.
    with pytest.raises(ValidationError, match="geen contractpartij"):
        zelfbeheer.mandaat_verlengen(
            mandaat=mandaat, geldig_tot=None, besluitreferentie="Besluit 9", acting_user=wereld.beheerder
        )
