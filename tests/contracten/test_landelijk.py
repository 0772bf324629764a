"""The koepel's national overview: every region on a map of the Netherlands and in a table, by stage (no
regiobeeld agreed / regiobeeld agreed / plan adopted / contract signed), with filters and CSV; stages and counts
only (ACM: no amounts, no contract titles); a fixed number of queries whatever the number of regions."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracten import landelijk
from contracten.models import Contract, Contractstatus, Praktijkdeelname
from regio import services
from regio.models import Auditregel, Deelname, Gemeente
from regiobeeld.models import Akkoord, Regiobeeld
from tests.factories import GemeenteFactory, OrganisatieFactory, RegioFactory, soort
from tests.matrix import ingelogd
from tests.personas import Wereld

URL = "/koepel/overzicht/"


def _rij(naam: str) -> landelijk.Regiorij:
    return next(r for r in landelijk.landelijk_overzicht() if r.naam == naam)


def _tekenen(wereld: Wereld) -> None:
    contract = wereld.contract  # type: ignore[attr-defined]  # contract_wereld adds it
    Contract.objects.filter(pk=contract.pk).update(status=Contractstatus.GETEKEND, getekend_op=timezone.now())
    Praktijkdeelname.objects.filter(contract=contract).update(besluit=Praktijkdeelname.Besluit.DOET_MEE)


def test_each_region_has_the_stage_it_reached(contractwereld: Wereld) -> None:
    w = contractwereld
    eigen = _rij("Eigen regio")
    assert eigen.fase.code == "plan" and eigen.plan_vastgesteld_op is not None
    assert eigen.contractpartijen == ["Verzekeraar Zuid", "Zorggroep Eigen"]
    assert (eigen.partijen, eigen.praktijken, eigen.praktijken_mee, eigen.deelnamegraad) == (4, 1, 0, 0)
    assert eigen.inwoners == 105_000
    assert _rij("Andere regio").fase.code == "plan"

    _tekenen(w)
    eigen = _rij("Eigen regio")
    assert eigen.fase.code == "contract" and eigen.praktijken_mee == 1 and str(eigen.deelnamegraad) == "100.0"


def test_a_regiobeeld_counts_once_every_contracting_party_agreed_to_its_current_version(contractwereld: Wereld) -> None:
    w = contractwereld
    regio = RegioFactory.create(naam="Nieuwe regio")
    partijen = [OrganisatieFactory.create(), OrganisatieFactory.create(soort=soort("zorgverzekeraar"))]
    for org in partijen:
        services.deelname_opslaan(
            deelname=Deelname(
                regio=regio, organisatie=org, rol=Deelname.DeelnameRol.CONTRACTPARTIJ, van=timezone.localdate()
            ),
            acting_user=None,
        )
    assert _rij("Nieuwe regio").fase.code == "geen"
    beeld = Regiobeeld.objects.create(regio=regio, jaar=2026, aangemaakt_door=w.koepel, versie=3)
    Akkoord.objects.create(regiobeeld=beeld, organisatie=partijen[0], gebruiker=w.koepel, regiobeeld_versie=3)
    # One party alone is not enough, nor is an agreement to an older version.
    assert _rij("Nieuwe regio").fase.code == "geen"
    oud = Akkoord.objects.create(regiobeeld=beeld, organisatie=partijen[1], gebruiker=w.koepel, regiobeeld_versie=2)
    assert _rij("Nieuwe regio").fase.code == "geen"
    akkoord = Akkoord.objects.create(regiobeeld=beeld, organisatie=partijen[1], gebruiker=w.koepel, regiobeeld_versie=3)
    assert _rij("Nieuwe regio").fase.code == "regiobeeld"
    assert _rij("Nieuwe regio").regiobeeld_akkoord_op == akkoord.gegeven_op
    Akkoord.objects.filter(pk=akkoord.pk).update(ingetrokken_op=timezone.now())
    assert oud.pk and _rij("Nieuwe regio").fase.code == "geen"


def _echte_gemeenten(w: Wereld) -> None:
    """The test gemeenten have made-up codes without a shape: give them real ones, so the map draws them."""
    for gemeente, code in zip(
        [*w.regio.gemeenten.order_by("pk"), *w.andere_regio.gemeenten.order_by("pk")],
        ["GM0983", "GM0984", "GM0889"],
        strict=True,
    ):
        Gemeente.objects.filter(pk=gemeente.pk).update(code=code)


def test_the_page_shows_map_table_and_filters_to_koepel_staff(contractwereld: Wereld) -> None:
    _tekenen(contractwereld)
    _echte_gemeenten(contractwereld)
    client = ingelogd(contractwereld.koepel)
    html = client.get(URL).content.decode()
    # One shape per region with its name and stage, and a legend that names every stage.
    assert "<title>1. Andere regio: plan vastgesteld</title>" in html
    assert "<title>2. Eigen regio: contract getekend</title>" in html
    for fase in landelijk.FASEN:
        assert f'class="landkaart__legenda">{fase.label}</text>' in html
    assert html.count('<pattern id="lk-') == 3  # three stages have a pattern besides their colour
    assert "1 / 1 (100%)" in html

    gefilterd = client.get(URL, {"fase": "contract"}).content.decode()
    assert "Eigen regio</a>" in gefilterd and "Andere regio</a>" not in gefilterd
    assert "Andere regio</a>" in client.get(URL, {"zoek": "ander"}).content.decode()
    assert "Geen regio past bij dit filter." in client.get(URL, {"provincie": "Friesland"}).content.decode()
    # A value that is not a stage is ignored, not an error.
    assert client.get(URL, {"fase": "<script>"}).status_code == 200


def test_no_amount_and_no_contract_title_reaches_the_koepel(contractwereld: Wereld) -> None:
    _tekenen(contractwereld)
    client = ingelogd(contractwereld.koepel)
    for antwoord in (client.get(URL), client.get(reverse("contracten:landelijk_csv"))):
        tekst = antwoord.content.decode()
        assert "€" not in tekst and "25.000" not in tekst and "25000" not in tekst
        assert contractwereld.contract.titel not in tekst  # type: ignore[attr-defined]
        assert "Regionaal S3-pakket" not in tekst


def test_the_csv_has_one_row_per_region_and_is_logged(contractwereld: Wereld) -> None:
    _tekenen(contractwereld)
    antwoord = ingelogd(contractwereld.koepel).get(reverse("contracten:landelijk_csv"), {"fase": "contract"})
    regels = antwoord.content.decode("utf-8-sig").strip().splitlines()
    assert regels[0].startswith("Nummer;Regio;Fase;")
    assert len(regels) == 2 and regels[1].startswith("2;Eigen regio;contract getekend;Limburg;2;105000;4;")
    assert ";1;1;100,0;" in regels[1]
    regel = Auditregel.objects.get(soort=Auditregel.Soort.GEGEVENSEXPORT)
    assert regel.wat == "csv gedownload: landelijk overzicht (1 rijen)" and regel.gebruiker == contractwereld.koepel


def _regio_erbij(n: int) -> None:
    regio = RegioFactory.create()
    regio.gemeenten.set([GemeenteFactory.create(inwoners=30_000) for _ in range(3)])
    for rol in (Deelname.DeelnameRol.CONTRACTPARTIJ, Deelname.DeelnameRol.DEELNEMER):
        org = OrganisatieFactory.create(soort=soort("huisartsenpraktijk"))
        services.deelname_opslaan(
            deelname=Deelname(regio=regio, organisatie=org, rol=rol, van=timezone.localdate()), acting_user=None
        )


def test_the_overview_costs_the_same_queries_for_more_regions(contractwereld: Wereld) -> None:
    client = ingelogd(contractwereld.koepel)
    client.get(URL)

    def tellen() -> int:
        with CaptureQueriesContext(connection) as vragen:
            antwoord = client.get(URL)
        assert antwoord.status_code == 200 and b'id="trendtabel"' in antwoord.content  # the trend costs no query
        return len(vragen)

    klein = tellen()
    for n in range(6):
        _regio_erbij(n)
    _tekenen(contractwereld)
    assert tellen() == klein
    with CaptureQueriesContext(connection) as vragen:
        landelijk.landelijk_overzicht()
    assert len(vragen) == 9


def test_the_map_draws_every_gemeente_of_the_country() -> None:
    svg = landelijk.kaart([])
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert len(re.findall(r"M\d", svg)) >= 342  # every gemeente's ring, grey without a region


def _op(tekst: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(tekst))


def test_the_trend_counts_each_quarter_the_stage_every_region_had_reached_at_its_end() -> None:
    # No database in this test: a query in `trend` would fail it.
    def rij(nummer: int, aangemaakt: str, **data: str) -> landelijk.Regiorij:
        return landelijk.Regiorij(
            nummer=nummer,
            regio_id=nummer,
            naam=f"Regio {nummer}",
            slug=f"r{nummer}",
            afbakening="",
            aangemaakt_op=_op(aangemaakt),
            **{k: _op(v) for k, v in data.items()},  # type: ignore[arg-type]
        )

    rijen = [
        rij(
            1,
            "2025-02-10",
            eerste_regiobeeld_op="2025-05-01",
            eerste_plan_op="2025-11-20",
            eerste_contract_op="2026-01-05",
        ),
        rij(2, "2025-08-01"),
        # Entered later than its plan was adopted: it counts from the plan's date.
        rij(3, "2026-03-01", eerste_plan_op="2025-12-31T23:59"),
    ]
    perioden = landelijk.trend(rijen, nu=_op("2026-02-15T12:00"))
    assert [(p.label, p.aantallen) for p in perioden] == [
        ("2025 K1", (1, 0, 0, 0)),
        ("2025 K2", (0, 1, 0, 0)),
        ("2025 K3", (1, 1, 0, 0)),
        ("2025 K4", (1, 0, 2, 0)),
        ("2026 K1", (1, 0, 1, 1)),  # the running quarter: until now
    ]
    svg = landelijk.trendgrafiek(perioden)
    assert "<title>2025 K4: nog geen regiobeeld akkoord: 1; regiobeeld akkoord: 0; plan vastgesteld: 2; " in svg
    assert svg.count(">2025</text>") == 1 and svg.count(">2026</text>") == 1
    assert landelijk.trend([]) == []


def test_the_page_shows_the_trend_as_a_table_whose_last_quarter_matches_the_counts(contractwereld: Wereld) -> None:
    html = ingelogd(contractwereld.koepel).get(URL).content.decode()
    tabel = html[html.index('id="trendtabel"') :]
    tabel = tabel[: tabel.index("</table>")]
    nu = timezone.localdate()
    huidig = f"{nu.year} K{(nu.month - 1) // 3 + 1}"
    assert (
        f'<tr><th scope="row">{huidig}</th><td class="getal">0</td><td class="getal">0</td><td class="getal">2</td>'
        in tabel
    )
