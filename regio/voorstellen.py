"""Proposals (voorstellen): a party proposes a change to a shared document instead of overwriting it; an editor of
the *other* party accepts it (applied as a normal save of the app), rejects it, or counters it with a proposal of
its own; the proposer may withdraw it while it is open. Used by the regioplan (a part's text, an activity, a
challenge) and by contracts (a contract line).

Each app makes one concrete model on `Voorstelbasis` (with django-simple-history for the trail) and one
`Voorstelstroom` naming how its proposals are applied and for which party a person acts. The state machine here
(`indienen`, `beslissen`, `tegenvoorstellen`, `intrekken`) locks the proposal's row, so of two people deciding one
proposal at the same moment one wins and the other is told who came first. Who may do what is each app's
`access.py`; the state machine checks only what no access rule can: that the proposal is still open, and that
nobody decides their own party's proposal.

`wijziging` holds only the fields the proposal changes (field -> proposed value, in the target's own terms: a text,
a primary key, a Decimal as a string); `basis` holds those fields as they were when it was made (at `basisversie`).
With both, accepting works on a target that changed since: a field nobody else touched takes the proposed value,
a field changed elsewhere refuses (a text would merge three-way: see `samengevoegd`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regio import berichten
from regio.historie import door
from regio.models import Organisatie
from regio.samenvoegen import teksten_samenvoegen

if TYPE_CHECKING:
    from regio.models import Gebruiker, Regio


class Voorstelstatus(models.TextChoices):
    OPEN = "open", gettext_lazy("open")
    AANVAARD = "aanvaard", gettext_lazy("aanvaard")
    AFGEWEZEN = "afgewezen", gettext_lazy("afgewezen")
    # Superseded: by the other party's counter-proposal, or by a newer proposal of its own party for the same target.
    VERVANGEN = "vervangen", gettext_lazy("vervangen")
    INGETROKKEN = "ingetrokken", gettext_lazy("ingetrokken")
    # Closed without a decision: the document was adopted (frozen), so nobody can decide it any more.
    VERVALLEN = "vervallen", gettext_lazy("vervallen")


# How a decided proposal is said in "Dit voorstel is intussen al ... door ...".
_AL_BESLOTEN = {
    Voorstelstatus.AANVAARD: gettext_lazy("aanvaard"),
    Voorstelstatus.AFGEWEZEN: gettext_lazy("afgewezen"),
    Voorstelstatus.VERVANGEN: gettext_lazy("vervangen"),
    Voorstelstatus.INGETROKKEN: gettext_lazy("ingetrokken"),
    Voorstelstatus.VERVALLEN: gettext_lazy("vervallen"),
}


class Voorstelqueryset(models.QuerySet[Any]):
    def open(self) -> Voorstelqueryset:
        return self.filter(status=Voorstelstatus.OPEN)

    def besloten(self) -> Voorstelqueryset:
        return self.exclude(status=Voorstelstatus.OPEN)

    def wacht_op(self, partijen: Iterable[Organisatie | int]) -> Voorstelqueryset:
        """Open proposals another party made, which one of `partijen` may decide. The app narrows it to the
        documents those parties negotiate (e.g. the plans of regions where they are a contracting party)."""
        ids = [p if isinstance(p, int) else p.pk for p in partijen]
        return self.open().exclude(namens_id__in=ids)


class Voorstelbasis(models.Model):
    """One proposal: who proposed what for which party, on which version, why; and how it was decided."""

    namens = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=gettext_lazy("namens organisatie")
    )
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=gettext_lazy("ingediend door"),
    )
    ingediend_op = models.DateTimeField(gettext_lazy("ingediend op"), default=timezone.now)
    toelichting = models.TextField(gettext_lazy("waarom dit voorstel"), max_length=5000)
    basisversie = models.PositiveIntegerField(gettext_lazy("gemaakt op versie"))
    wijziging = models.JSONField(gettext_lazy("voorgestelde wijziging"), default=dict)
    # The changed fields as they were at `basisversie`: the redline's left side and the base of a three-way merge.
    basis = models.JSONField(gettext_lazy("tekst waarop het voorstel is gemaakt"), default=dict)
    status = models.CharField(
        gettext_lazy("status"), max_length=20, choices=Voorstelstatus.choices, default=Voorstelstatus.OPEN
    )
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("besloten door"),
    )
    besloten_namens = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("besloten namens"),
    )
    besloten_op = models.DateTimeField(gettext_lazy("besloten op"), null=True, blank=True)
    besluit_toelichting = models.TextField(gettext_lazy("toelichting bij het besluit"), max_length=5000, blank=True)
    # RESTRICT, not PROTECT: a proposal cannot be deleted while a counter-proposal answers it, except when both go
    # together (deleting the line deletes its whole trail).
    tegenvoorstel_op = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="tegenvoorstellen",
        verbose_name=gettext_lazy("tegenvoorstel op"),
    )

    objects = Voorstelqueryset.as_manager()
    if TYPE_CHECKING:  # the plugin does not add a foreign key's column to an abstract model used through a TypeVar
        namens_id: int

    class Meta:
        abstract = True
        ordering = ["-ingediend_op", "-pk"]

    @property
    def is_open(self) -> bool:
        return self.status == Voorstelstatus.OPEN

    def velden(self) -> list[str]:
        return list(self.wijziging)


V = TypeVar("V", bound=Voorstelbasis)


@dataclass(frozen=True)
class Voorstelstroom(Generic[V]):
    """How one kind of proposal lives in its app.

    - `toepassen(voorstel, acting_user)`: apply an accepted proposal as a normal save of the app (history, change
      record through the app's LEVENSLOOP.gewijzigd, withdrawal of approvals); raise ValidationError to refuse
      (nothing is then decided). Runs inside the decision's transaction, with the proposal's row locked.
    - `partijen(voorstel, gebruiker)`: the negotiating parties (contracting parties) the person may act for on the
      proposal's document, as an editor; empty if none. A proposal is made for the first; decided for one that is
      not the proposer's (a person in both parties decides for the other one); withdrawn by a member of its own.
    - `zelfde_doel(voorstel)`: the proposals on the same target (a newer proposal supersedes its party's open ones).
    - `ingediend(voorstel)`: tell the other party a proposal awaits it (after commit); optional.
    """

    toepassen: Callable[[V, Gebruiker], None]
    partijen: Callable[[V, Gebruiker], Sequence[Organisatie]]
    zelfde_doel: Callable[[V], models.QuerySet[V]]
    ingediend: Callable[[V], None] | None = None


def _vergrendeld(voorstel: V) -> V:
    """The proposal as stored now, its row locked until commit: two decisions are taken one after the other.

    No joins: PostgreSQL re-reads a row it waited for, but not the rows joined to it, so who decided first would
    read as nobody. They are fetched afterwards, when needed."""
    return cast("V", type(voorstel)._default_manager.select_for_update().get(pk=voorstel.pk))


def _tijdstip(op: dt.datetime | None) -> str:
    return timezone.localtime(op).strftime("%d-%m-%Y %H:%M") if op else "?"


def nog_open(voorstel: Voorstelbasis) -> None:
    """Refuse when someone else decided (or withdrew) the proposal first: say what happened, who did it, when."""
    if voorstel.is_open:
        return
    if voorstel.status == Voorstelstatus.VERVALLEN:
        raise ValidationError(
            _("Dit voorstel is vervallen op %(op)s: %(reden)s Er is niets gewijzigd.")
            % {"op": _tijdstip(voorstel.besloten_op), "reden": voorstel.besluit_toelichting},
            code="vervallen",
        )
    wie = voorstel.besloten_door.get_full_name() if voorstel.besloten_door else _("iemand anders")
    if voorstel.besloten_namens is not None:
        wie = f"{wie} ({voorstel.besloten_namens.naam})"
    raise ValidationError(
        _("Dit voorstel is intussen al %(wat)s door %(wie)s, op %(op)s. Er is niets gewijzigd.")
        % {
            "wat": _AL_BESLOTEN[Voorstelstatus(voorstel.status)],
            "wie": wie,
            "op": _tijdstip(voorstel.besloten_op),
        },
        code="al_besloten",
    )


def _andere_partij(stroom: Voorstelstroom[V], voorstel: V, acting_user: Gebruiker) -> Organisatie:
    partij = next((p for p in stroom.partijen(voorstel, acting_user) if p.pk != voorstel.namens_id), None)
    if partij is None:
        raise PermissionDenied(_("Alleen de andere partij kan over dit voorstel beslissen; uw eigen partij niet."))
    return partij


def _besluit_vastleggen(
    voorstel: V, status: Voorstelstatus, *, acting_user: Gebruiker, namens: Organisatie, toelichting: str
) -> None:
    voorstel.status = status
    voorstel.besloten_door = acting_user
    voorstel.besloten_namens = namens
    voorstel.besloten_op = timezone.now()
    voorstel.besluit_toelichting = toelichting.strip()
    door(voorstel, acting_user)
    voorstel.save()


def _opslaan_en_melden(stroom: Voorstelstroom[V], voorstel: V, acting_user: Gebruiker, namens: Organisatie) -> V:
    """Save a new proposal for `namens`; its party's open proposals on the same target are superseded by it."""
    voorstel.namens = namens
    voorstel.ingediend_door = acting_user
    voorstel.ingediend_op = timezone.now()
    voorstel.status = Voorstelstatus.OPEN
    voorstel.toelichting = (voorstel.toelichting or "").strip()
    if not voorstel.wijziging:
        raise ValidationError(_("Dit voorstel verandert niets: pas eerst de tekst of de velden aan."))
    voorstel.full_clean()
    eerdere = list(
        stroom.zelfde_doel(voorstel).filter(status=Voorstelstatus.OPEN, namens=namens).select_for_update(of=("self",))
    )
    for oud in eerdere:
        _besluit_vastleggen(
            oud,
            Voorstelstatus.VERVANGEN,
            acting_user=acting_user,
            namens=namens,
            toelichting=_("Vervangen door een nieuwer voorstel van dezelfde partij."),
        )
    door(voorstel, acting_user)
    voorstel.save()
    if stroom.ingediend is not None:
        stroom.ingediend(voorstel)
    return voorstel


@transaction.atomic
def indienen(stroom: Voorstelstroom[V], voorstel: V, *, acting_user: Gebruiker) -> V:
    """Save `voorstel` (unsaved; the app filled in its target, `wijziging`, `basis`, `basisversie`, `toelichting`)
    for the party the person acts for."""
    namens = next(iter(stroom.partijen(voorstel, acting_user)), None)
    if namens is None:
        raise PermissionDenied(_("Alleen bewerkers van een contractpartij kunnen een voorstel indienen."))
    return _opslaan_en_melden(stroom, voorstel, acting_user, namens)


@transaction.atomic
def beslissen(
    stroom: Voorstelstroom[V], voorstel: V, *, aanvaard: bool, acting_user: Gebruiker, toelichting: str = ""
) -> V:
    """Accept (apply it as a normal save) or reject the proposal, for the other party."""
    voorstel = _vergrendeld(voorstel)
    nog_open(voorstel)
    namens = _andere_partij(stroom, voorstel, acting_user)
    if aanvaard:
        stroom.toepassen(voorstel, acting_user)
    elif not toelichting.strip():
        raise ValidationError({"toelichting": _("Zeg waarom u dit voorstel afwijst.")})
    status = Voorstelstatus.AANVAARD if aanvaard else Voorstelstatus.AFGEWEZEN
    _besluit_vastleggen(voorstel, status, acting_user=acting_user, namens=namens, toelichting=toelichting)
    return voorstel


@transaction.atomic
def tegenvoorstellen(stroom: Voorstelstroom[V], voorstel: V, tegenvoorstel: V, *, acting_user: Gebruiker) -> V:
    """The other party answers `voorstel` with `tegenvoorstel` (unsaved, on the same target): the first is
    superseded, the counter-proposal is open and awaits the first party."""
    voorstel = _vergrendeld(voorstel)
    nog_open(voorstel)
    namens = _andere_partij(stroom, voorstel, acting_user)
    tegenvoorstel.tegenvoorstel_op = voorstel
    _besluit_vastleggen(
        voorstel,
        Voorstelstatus.VERVANGEN,
        acting_user=acting_user,
        namens=namens,
        toelichting=_("Beantwoord met een tegenvoorstel."),
    )
    return _opslaan_en_melden(stroom, tegenvoorstel, acting_user, namens)


@transaction.atomic
def intrekken(stroom: Voorstelstroom[V], voorstel: V, *, acting_user: Gebruiker, toelichting: str = "") -> V:
    """The proposing party takes its open proposal back."""
    voorstel = _vergrendeld(voorstel)
    nog_open(voorstel)
    eigen = next((p for p in stroom.partijen(voorstel, acting_user) if p.pk == voorstel.namens_id), None)
    if eigen is None:
        raise PermissionDenied(_("Alleen de partij die het voorstel deed, kan het intrekken."))
    _besluit_vastleggen(
        voorstel, Voorstelstatus.INGETROKKEN, acting_user=acting_user, namens=eigen, toelichting=toelichting
    )
    return voorstel


def vervallen(voorstellen: models.QuerySet[V], *, acting_user: Gebruiker, reden: str) -> int:
    """Close the open ones of `voorstellen` without a decision, with `reden` (the document was adopted, so they
    can no longer be decided); each keeps its redline and shows the reason in the trail. Call inside the
    transaction of the change that froze the document. Returns how many."""
    open_ = list(voorstellen.filter(status=Voorstelstatus.OPEN).select_for_update(of=("self",)))
    nu = timezone.now()
    for voorstel in open_:
        voorstel.status = Voorstelstatus.VERVALLEN
        voorstel.besloten_door = acting_user
        voorstel.besloten_namens = None
        voorstel.besloten_op = nu
        voorstel.besluit_toelichting = reden
        door(voorstel, acting_user)
        voorstel.save()
    return len(open_)


def melden(
    voorstel: Voorstelbasis,
    *,
    ontvangers: Iterable[Gebruiker],
    document: str,
    over: str,
    regio: Regio,
    link: str,
) -> None:
    """Inside the proposal's transaction: tell `ontvangers` (the other party's editors) that the proposal waits for
    their party's decision, through the outbox (at once or in their daily digest, as each chose for this kind).
    `document`: the plan's or contract's title; `over`: what the proposal is about, as a person reads it."""
    with translation.override(settings.LANGUAGE_CODE):
        soort = _("tegenvoorstel") if getattr(voorstel, "tegenvoorstel_op_id", None) else _("voorstel")
        waarden = {
            "wie": voorstel.ingediend_door.get_full_name(),
            "org": voorstel.namens.naam,
            "soort": soort,
            "over": over,
            "plan": document,
            "regio": regio.naam,
            "waarom": voorstel.toelichting,
        }
        onderwerp = _("[Regio] Een %(soort)s van %(org)s wacht op uw besluit: %(plan)s") % waarden
        tekst = (
            _(
                "%(wie)s deed namens %(org)s een %(soort)s voor %(over)s in %(plan)s (regio %(regio)s):\n\n"
                "%(waarom)s\n\nEen bewerker van uw partij aanvaardt het, wijst het af of doet een tegenvoorstel."
            )
            % waarden
        )
    berichten.klaarzetten(
        ontvangers=[g for g in ontvangers if g.pk != voorstel.ingediend_door_id],
        soort=berichten.Berichtsoort.VOORSTEL_WACHT,
        onderwerp=onderwerp,
        tekst=tekst,
        link=link,
        regio=regio,
    )


# --- what a proposal changes, and applying it to a target that may have changed since ---------------------------


def wijziging_van(basis: dict[str, Any], voorgesteld: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Of a target's fields as they are (`basis`) and as proposed: (`wijziging`, `basis`) of the fields that differ.
    Values must already be in JSON terms (text, number, primary key, a Decimal as its string)."""
    gewijzigd = {k: v for k, v in voorgesteld.items() if basis.get(k) != v}
    return gewijzigd, {k: basis.get(k) for k in gewijzigd}


TEKST_GEWIJZIGD = gettext_lazy("De tekst is sinds dit voorstel gewijzigd; maak een nieuw voorstel.")
VELD_GEWIJZIGD = gettext_lazy("%(veld)s is sinds dit voorstel gewijzigd; maak een nieuw voorstel.")


def samenvoegen_tekst(basis: str, voorstel: str, huidig: str) -> str | None:
    """Three-way merge of a text the proposal changed from `basis` to `voorstel`, while it became `huidig`
    elsewhere: the merged text, or None on an overlap (the person is then asked for a new proposal; nothing is
    lost). The same merge as two saves at once (regio/samenvoegen.py)."""
    uit = teksten_samenvoegen(basis, hun=huidig, mijn=voorstel)
    return uit.tekst if uit.gelukt else None


def samengevoegd(
    voorstel: Voorstelbasis,
    huidig: dict[str, Any],
    *,
    tekstvelden: Sequence[str] = (),
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The values to write for an accepted proposal, given the target's fields as they are now (`huidig`, in the
    same JSON terms): a field unchanged since the proposal takes the proposed value; a text changed elsewhere
    merges three-way; any other field changed elsewhere refuses (ValidationError, nothing is written)."""
    uit: dict[str, Any] = {}
    for veld, nieuw in voorstel.wijziging.items():
        oud, nu = voorstel.basis.get(veld), huidig.get(veld)
        if nu in (oud, nieuw):
            uit[veld] = nieuw
        elif veld in tekstvelden:
            samen = samenvoegen_tekst(oud or "", nieuw or "", nu or "")
            if samen is None:
                raise ValidationError(str(TEKST_GEWIJZIGD), code="gewijzigd")
            uit[veld] = samen
        else:
            raise ValidationError(str(VELD_GEWIJZIGD) % {"veld": (labels or {}).get(veld, veld)}, code="gewijzigd")
    return uit
