"""An addendum is negotiated like the contract (issue 17): comment threads on it (with mentions and e-mail, only to
the contract's two parties), and proposals and counter-proposals on its lines; accepting one changes the addendum
(its version rises, signatures lapse) and it cannot be signed while a proposal is open."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from contracten.models import Addendum, Addendumondertekening, Addendumregel, Addendumvoorstel
from regio.gesprekken.genoemd import open_vermeldingen
from regio.models import Lidmaatschap
from regio.voorstellen import Voorstelstatus
from tests.contracten.werelden_addenda import opstellen, regel, tekenen, voorstellen
from tests.matrix import ingelogd
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(getekende_contractwereld: Wereld) -> Wereld:
    return getekende_contractwereld


def _pad(addendum: Addendum, naam: str = "addendum", *extra: object) -> str:
    c = addendum.contract
    return reverse(f"contracten:{naam}", args=[c.regio.slug, c.pk, addendum.pk, *extra])


def _reactie_url(addendum: Addendum) -> str:
    c = addendum.contract
    return reverse("contracten:reactie_nieuw", args=[c.regio.slug, c.pk]) + f"?addendum={addendum.pk}"


def test_a_comment_on_an_addendum_is_read_by_both_parties_on_its_page_and_nobody_else_reaches_it(w: Wereld) -> None:
    addendum = opstellen(w)
    antwoord = ingelogd(w.bewerker).post(_reactie_url(addendum), {"tekst": "Waarom juist 2027?"})
    reactie = addendum.reacties.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == _pad(addendum) + f"#reactie-{reactie.pk}"
    assert reactie.contract_id == addendum.contract_id and reactie.namens == w.zorggroep
    pagina = ingelogd(w.zorginkoper).get(_pad(addendum))
    assert "Waarom juist 2027?" in pagina.content.decode()
    for persona in ("tweede_zorginkoper", "lezer", "praktijkhouder", "koepel"):
        client = ingelogd(getattr(w, persona))
        assert client.get(_pad(addendum)).status_code == 404, persona
        assert client.get(_reactie_url(addendum)).status_code == 404, persona
        assert client.post(_reactie_url(addendum), {"tekst": "Ik ook"}).status_code == 404, persona
    # A reply on the addendum page stays in the addendum's thread.
    ingelogd(w.zorginkoper).post(
        reverse("contracten:reactie_nieuw", args=[w.regio.slug, addendum.contract_id]) + f"?antwoord={reactie.pk}",
        {"tekst": "Door de indexatie."},
    )
    assert addendum.reacties.filter(antwoord_op=reactie).count() == 1


def test_a_mention_in_an_addendum_thread_mails_the_person_a_link_to_the_addendum_and_lists_it_for_her(
    w: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    addendum = opstellen(w)
    beheerder = w.beheerder
    with django_capture_on_commit_callbacks(execute=True):
        ingelogd(w.zorginkoper).post(
            _reactie_url(addendum), {"tekst": f"@{beheerder.get_full_name()} kijkt u naar de S3-regel?"}
        )
    reactie = addendum.reacties.get()
    assert list(reactie.genoemd.all()) == [beheerder]
    genoemd = [m for m in mailoutbox if beheerder.email in m.to]
    assert len(genoemd) == 1 and "noemde u" in genoemd[0].subject
    assert _pad(addendum) + f"#reactie-{reactie.pk}" in genoemd[0].body
    # Every recipient may read the contract: only members of its two parties.
    leden = Lidmaatschap.objects.filter(organisatie__in=addendum.contract.partijen)
    partijleden = set(leden.values_list("gebruiker__email", flat=True))
    assert {a for m in mailoutbox for a in m.to} <= partijleden
    vermeldingen = open_vermeldingen(beheerder, [w.regio.pk], [w.zorggroep.pk])
    assert [(v.over, v.url) for v in vermeldingen] == [("addendum 1", _pad(addendum) + f"#reactie-{reactie.pk}")]
    # Someone who may not see the contract cannot be mentioned.
    antwoord = ingelogd(w.zorginkoper).post(
        _reactie_url(addendum), {"tekst": "En Noord?", "genoemd": [str(w.tweede_zorginkoper.pk)]}
    )
    assert antwoord.status_code == 400 and addendum.reacties.count() == 1


def test_a_proposal_countered_and_accepted_changes_the_addendum_line_and_withdraws_a_signature(w: Wereld) -> None:
    addendum = opstellen(w)
    r = regel(w, addendum, {2027: Decimal("1000.00")}, titel="Valpreventie")
    tekenen(addendum, w.beheerder)  # the zorggroep signs wijziging 2
    velden = {"aandeel_praktijk": "100", "aandeel_regio": "0", "voorwaarden": "", "bedrag_2026": ""}
    velden |= {f"bedrag_{j}": "" for j in range(2027, 2030)}
    zuid, zorggroep = ingelogd(w.zorginkoper), ingelogd(w.bewerker)
    antwoord = zuid.post(
        _pad(addendum, "addendumvoorstel_nieuw", r.pk),
        {**velden, "bedrag_2027": "1200", "toelichting": "De kosten van 2027 liggen hoger."},
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    voorstel = Addendumvoorstel.objects.get(regel=r)
    assert voorstel.wijziging == {"bedrag_2027": "1200.00"} and voorstel.basis == {"bedrag_2027": "1000.00"}
    # The insurer cannot accept its own proposal.
    assert zuid.post(_pad(addendum, "addendumvoorstel_aanvaarden", voorstel.pk)).status_code == 403
    zorggroep.post(
        _pad(addendum, "addendumvoorstel_tegenvoorstel", voorstel.pk),
        {**velden, "bedrag_2027": "1100", "toelichting": "Half om half."},
    )
    tegen = Addendumvoorstel.objects.get(regel=r, status=Voorstelstatus.OPEN)
    assert tegen.tegenvoorstel_op == voorstel and tegen.namens == w.zorggroep
    # Nothing changed yet: the line, the version and the signature stand.
    assert Addendum.objects.get(pk=addendum.pk).versie == 2
    zuid.post(_pad(addendum, "addendumvoorstel_aanvaarden", tegen.pk))
    assert Addendumregel.objects.get(pk=r.pk).bedragen == {"2027": "1100.00"}
    assert Addendum.objects.get(pk=addendum.pk).versie == 3
    handtekening = Addendumondertekening.objects.get(addendum=addendum)
    assert handtekening.ingetrokken_op is not None and "Voorstel van" in handtekening.ingetrokken_omdat
    assert [v.status for v in Addendumvoorstel.objects.filter(regel=r).order_by("pk")] == [
        Voorstelstatus.VERVANGEN,
        Voorstelstatus.AANVAARD,
    ]
    pagina = zorggroep.get(_pad(addendum)).content.decode()
    assert "Spoor van deze afspraak: 2 voorstellen" in pagina and "Half om half." in pagina
    # Taking the line out of the addendum takes its trail with it.
    zorggroep.post(_pad(addendum, "addendumregel_verwijderen", r.pk))
    assert not Addendumregel.objects.filter(pk=r.pk).exists() and not Addendumvoorstel.objects.filter(regel_id=r.pk)


def test_an_addendum_with_an_open_proposal_cannot_be_signed_until_it_is_decided(w: Wereld) -> None:
    addendum = opstellen(w)
    voorstel = voorstellen(w, addendum, {"bedrag_2027": "1200.00"})
    with pytest.raises(ValidationError, match="Nog niet te tekenen: er ligt een open voorstel op Nieuwe S3-afspraak"):
        tekenen(addendum, w.beheerder)
    assert "Nog niet te tekenen" in ingelogd(w.beheerder).get(_pad(addendum)).content.decode()
    with pytest.raises(PermissionDenied):
        from contracten import addendumvoorstellen

        addendumvoorstellen.addendumvoorstel_beslissen(voorstel=voorstel, aanvaard=False, acting_user=w.zorginkoper)
    ingelogd(w.bewerker).post(_pad(addendum, "addendumvoorstel_afwijzen", voorstel.pk), {"toelichting": "Te duur."})
    assert Addendumvoorstel.objects.get(pk=voorstel.pk).status == Voorstelstatus.AFGEWEZEN
    tekenen(addendum, w.beheerder)
    assert Addendumondertekening.objects.filter(addendum=addendum, ingetrokken_op=None).count() == 1
