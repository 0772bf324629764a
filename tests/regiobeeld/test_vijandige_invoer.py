"""Issue 7, hostile input on the regiobeeld forms: whatever an editor posts, the answer is a page (never a 500),
and either the whole input is stored or nothing changes (property-based, with hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from regio.samenvoegen import teksten_samenvoegen
from regiobeeld import services
from regiobeeld.forms import DeelForm
from regiobeeld.models import Deel, Importbestand, Indicator, Regiobeeld, Uitdaging
from tests.personas import Wereld
from tests.regiobeeld.werelden import regiobeeld_wereld
from tests.vijandig import RUIS, VERSIE, VOORBEELDEN, geen_500, stand, versie_gepost, zoals_gepost

pytestmark = pytest.mark.django_db

MODELLEN = (Regiobeeld, Deel, Uitdaging, Indicator, Importbestand)


@pytest.fixture
def w(wereld: Wereld) -> Any:
    w: Any = regiobeeld_wereld(wereld)
    w.client = Client()
    w.client.force_login(wereld.bewerker)
    w.lokale_elders = Indicator.objects.create(
        regio=wereld.andere_regio,
        code="elders",
        naam="Lokaal elders",
        eenheid="aantal",
        aggregatie=Indicator.objects.filter(regio__isnull=True).first().aggregatie,  # type: ignore[union-attr]
        domein=Indicator.objects.filter(regio__isnull=True).first().domein,  # type: ignore[union-attr]
        bron="Eigen telling",
    )
    return w


def _stand() -> list[Any]:
    """Every row of the regiobeeld's tables, their history counts and the challenges' indicators."""
    return [*stand(MODELLEN), sorted(Uitdaging.indicatoren.through.objects.values_list("pk", flat=True))]


def _url(w: Any, naam: str, *args: Any) -> str:
    return reverse(f"regiobeeld:{naam}", args=[w.regio.slug, *args])


@given(jaar=RUIS)
@VOORBEELDEN
def test_a_new_regiobeeld_for_any_year_typed_is_made_whole_or_not_at_all(w: Any, jaar: str) -> None:
    voor = _stand()
    antwoord = w.client.post(_url(w, "nieuw"), {"jaar": jaar})
    geen_500(antwoord)
    if antwoord.status_code == 302:
        nieuw = Regiobeeld.objects.latest("pk")
        assert Regiobeeld.objects.count() == len(voor[0]) + 1
        assert nieuw.regio_id == w.regio.pk and 2000 <= nieuw.jaar <= 2100
        assert nieuw.delen.count() == w.regiobeeld.delen.count()
    else:
        assert _stand() == voor


@given(duiding=RUIS, versie=VERSIE, soort=st.sampled_from(["trends", "zorgvraag"]))
@VOORBEELDEN
def test_a_part_posted_with_anything_is_stored_whole_or_not_at_all(
    w: Any, duiding: str, versie: str | int, soort: str
) -> None:
    deel = Deel.objects.get(regiobeeld=w.regiobeeld, soort=soort)
    voor = _stand()
    data = {"duiding": duiding, "versie": versie_gepost(deel.versie, versie)}
    antwoord = w.client.post(_url(w, "deel_bewerken", w.regiobeeld.jaar, soort), data)
    geen_500(antwoord)
    if antwoord.status_code == 302:
        form = DeelForm(zoals_gepost(data))
        assert form.is_valid()
        na = Deel.objects.get(pk=deel.pk)
        assert (na.duiding, na.versie) == (form.cleaned_data["duiding"], deel.versie + 1)
    else:
        assert _stand() == voor
    if isinstance(versie, int) and versie < 0 and antwoord.status_code == 302:
        # A stale version is merged with the newer save (issue 16) only when nothing overlaps: it never overwrites.
        basis = (
            deel.history.filter(versie=deel.versie + versie).order_by("-history_id").values_list("duiding", flat=True)
        ).first()
        assert teksten_samenvoegen(basis, deel.duiding, form.cleaned_data["duiding"]).gelukt  # form: see above
    elif isinstance(versie, int) and versie < 0:
        assert antwoord.status_code in (400, 409)  # a stale version that overlaps is refused


def _vreemde_indicatoren(w: Any) -> st.SearchStrategy[str]:
    """Keys that exist, but not for this region: another region's local indicator, a challenge, nonsense."""
    return st.sampled_from(
        [
            str(w.lokale_elders.pk),
            str(w.ander_regiobeeld.pk),
            "0",
            "-1",
            "abc",
            "9223372036854775808",
            "99999999999999999999999",
        ]
    )


@given(data=st.data(), bestaand=st.booleans())
@VOORBEELDEN
def test_a_challenge_with_any_one_field_spoiled_is_stored_whole_or_not_at_all(
    w: Any, data: st.DataObject, bestaand: bool
) -> None:
    eigen = Indicator.objects.filter(regio__isnull=True).order_by("pk").first()
    assert eigen is not None
    velden: dict[str, Any] = {"titel": "Wachttijden GGZ", "beschrijving": "Te lang.", "indicatoren": [str(eigen.pk)]}
    veld = data.draw(st.sampled_from(sorted(velden)))
    waarde = data.draw(st.one_of(RUIS, _vreemde_indicatoren(w)))
    velden[veld] = [waarde, str(eigen.pk)] if veld == "indicatoren" else waarde
    uitdaging = Uitdaging.objects.filter(regiobeeld=w.regiobeeld).order_by("pk").first()
    assert uitdaging is not None
    args = (w.regiobeeld.jaar, uitdaging.pk) if bestaand else (w.regiobeeld.jaar,)
    voor = _stand()
    antwoord = w.client.post(_url(w, "uitdaging_bewerken" if bestaand else "uitdaging_nieuw", *args), velden)
    geen_500(antwoord)
    if antwoord.status_code == 302:
        bewaard = Uitdaging.objects.get(pk=uitdaging.pk) if bestaand else Uitdaging.objects.latest("pk")
        assert Uitdaging.objects.count() == len(voor[4]) + (0 if bestaand else 1)
        assert bewaard.regiobeeld_id == w.regiobeeld.pk
        gekozen = {int(pk) for pk in velden["indicatoren"]}
        assert set(bewaard.indicatoren.values_list("pk", flat=True)) == gekozen, (velden, antwoord)
        assert gekozen <= {i.pk for i in services.indicatoren_voor(w.regio).values()}
    else:
        assert _stand() == voor


@given(data=st.data())
@VOORBEELDEN
def test_a_local_indicator_with_any_one_field_spoiled_is_stored_whole_or_not_at_all(
    w: Any, data: st.DataObject
) -> None:
    landelijk = Indicator.objects.filter(regio__isnull=True).order_by("pk").first()
    assert landelijk is not None
    velden = {
        "naam": "Mantelzorgers",
        "code": data.draw(st.sampled_from(["mantelzorg", "elders", landelijk.code])),
        "definitie": "",
        "eenheid": "aantal",
        "aggregatie": landelijk.aggregatie,
        "domein": landelijk.domein,
        "bron": "Eigen telling",
        "licentie": "",
    }
    veld = data.draw(st.sampled_from(sorted(velden)))
    velden[veld] = data.draw(RUIS)
    voor = _stand()
    antwoord = w.client.post(_url(w, "indicator_nieuw"), velden)
    geen_500(antwoord)
    if antwoord.status_code == 302:
        nieuw = Indicator.objects.latest("pk")
        assert Indicator.objects.count() == len(voor[6]) + 1
        assert nieuw.regio_id == w.regio.pk
    else:
        assert _stand() == voor


@given(data=st.data())
@VOORBEELDEN
def test_a_column_mapping_posted_with_anything_never_fails_and_changes_nothing_when_refused(
    w: Any, data: st.DataObject
) -> None:
    imp = Importbestand.objects.get(pk=w.importbestand.pk)
    kolommen = list(imp.kolommen)
    keuze = st.one_of(st.sampled_from(kolommen), RUIS)
    velden = {
        "vorm": data.draw(st.one_of(st.sampled_from(["lang", "breed_indicatoren", "breed_jaren"]), RUIS)),
        "gemeente_kolom": data.draw(keuze),
        "jaar_kolom": data.draw(keuze),
        "vaste_jaar": data.draw(RUIS),
        "indicator_kolom": data.draw(keuze),
        "vaste_indicator": data.draw(st.one_of(st.just("inwoners"), st.just(w.lokale_elders.code), RUIS)),
        "waarde_kolom": data.draw(keuze),
        **{f"ind_{i}": data.draw(st.one_of(st.just(""), RUIS)) for i in range(len(kolommen) + 1)},
        **{f"jaar_{i}": data.draw(st.one_of(st.just(""), RUIS)) for i in range(len(kolommen) + 1)},
    }
    voor = _stand()
    antwoord = w.client.post(_url(w, "import_detail", imp.pk), velden)
    geen_500(antwoord)
    if antwoord.status_code != 302:
        assert _stand() == voor


@given(bron=RUIS, naam=RUIS, inhoud=st.one_of(st.binary(max_size=200), st.just(b"\x00" * 50)))
@settings(VOORBEELDEN, max_examples=10)
def test_an_upload_with_any_source_name_or_bytes_never_fails_and_stores_nothing_when_refused(
    w: Any, bron: str, naam: str, inhoud: bytes
) -> None:
    from django.core.cache import cache

    cache.clear()  # the upload limit per minute would otherwise answer for the form
    voor = _stand()
    bestand = SimpleUploadedFile((naam or "leeg").replace("\x00", "") or "leeg", inhoud, "text/csv")
    antwoord = w.client.post(_url(w, "import_nieuw"), {"bron": bron, "bestand": bestand})
    geen_500(antwoord)
    if antwoord.status_code == 302:
        nieuw = Importbestand.objects.latest("pk")
        assert Importbestand.objects.count() == len(voor[8]) + 1
        assert (nieuw.regio_id, nieuw.bron, nieuw.grootte) == (
            w.regio.pk,
            zoals_gepost({"b": bron})["b"].strip(),
            len(inhoud),
        )
    else:
        assert _stand() == voor
