"""Contracts: the adopted regioplan fixed in (multi-year) agreements between one insurer and one GP organisation.

A contract is confidential to its two parties: rights are granted per contract object (see `access.py`), never
through the region. Every change raises the contract's `versie`; a signature holds only for the version it was
given on (the same mechanics as the plan's adoption, `regio.goedkeuring`). A signed contract is frozen; results,
reporting dates and practices' opt-in go on after signing, because they are the contract being carried out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from regio.gesprekken.basis import Reactiebasis, hoogstens_een_onderwerp
from regio.goedkeuring import Goedkeuringsbasis
from regio.models import Organisatie, Regio
from regio.voorstellen import Voorstelbasis
from regioplan.models import JAAR_VALIDATORS, Activiteit, Doel, Meetpunt, Regioplan

PROCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
NIET_NEGATIEF = [MinValueValidator(Decimal("0"))]


class Segment(models.TextChoices):
    S1 = "S1", _("S1: basiszorg huisarts")
    S2 = "S2", _("S2: multidisciplinaire zorg, organisatie en infrastructuur")
    S3 = "S3", _("S3: uitkomsten en zorgvernieuwing")


class Contractstatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    ONDERHANDELING = "onderhandeling", _("in onderhandeling")
    GETEKEND = "getekend", _("getekend")


class Geldsoort(models.TextChoices):
    """The guide's obstacle 4: money that stays (structural) or money for a project that ends."""

    STRUCTUREEL = "structureel", _("structureel")
    PROJECT = "project", _("projectgeld")


def geldsoortveld() -> models.CharField:
    """A line's kind of money (contract line and addendum line alike)."""
    return models.CharField(_("soort geld"), max_length=12, choices=Geldsoort.choices, default=Geldsoort.STRUCTUREEL)


def geindexeerdveld() -> models.BooleanField:
    """Whether a line is indexed (contract line and addendum line alike)."""
    return models.BooleanField(
        _("geïndexeerd"),
        default=False,
        help_text=_(
            "De indexatie die beide partijen per jaar afspreken (bijvoorbeeld de NZa-index) geldt voor deze afspraak."
        ),
    )


class Contract(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="contracten", verbose_name=_("regio"))
    regioplan = models.ForeignKey(
        Regioplan, on_delete=models.PROTECT, related_name="contracten", verbose_name=_("vastgestelde planversie")
    )
    zorgverzekeraar = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="contracten_als_verzekeraar",
        verbose_name=_("zorgverzekeraar"),
    )
    huisartsenorganisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="contracten_als_zorgaanbieder",
        verbose_name=_("huisartsenorganisatie"),
    )
    titel = models.CharField(_("titel"), max_length=200)
    startjaar = models.PositiveSmallIntegerField(_("eerste jaar"), validators=JAAR_VALIDATORS)
    eindjaar = models.PositiveSmallIntegerField(_("laatste jaar"), validators=JAAR_VALIDATORS)
    toelichting = models.TextField(_("toelichting"), blank=True)
    doel_kiezen = models.BooleanField(
        _("praktijken kiezen een doel"),
        default=False,
        help_text=_("Elke praktijk die meedoet kiest een doel uit de doelenlijst (zoals in het inkoopbeleid 2021)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Contractstatus.choices, default=Contractstatus.CONCEPT
    )
    # Raised by every change; a signature holds for one version only.
    versie = models.PositiveIntegerField(_("wijzigingsnummer"), default=1)
    getekend_op = models.DateTimeField(_("getekend op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historie van contract"))

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        ordering = ["regio__naam", "-startjaar", "titel"]
        permissions = [("bewerken_contract", _("contract bewerken (bewerkers van de twee contractpartijen)"))]
        constraints = [
            models.CheckConstraint(condition=Q(eindjaar__gte=models.F("startjaar")), name="contract_eind_na_start"),
            models.CheckConstraint(
                condition=~Q(zorgverzekeraar=models.F("huisartsenorganisatie")), name="contract_twee_partijen"
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    @property
    def jaren(self) -> list[int]:
        return list(range(self.startjaar, self.eindjaar + 1))

    @property
    def looptijd(self) -> str:
        return str(self.startjaar) if self.startjaar == self.eindjaar else f"{self.startjaar}\u2013{self.eindjaar}"

    @property
    def verlengd_tot(self) -> int | None:
        """The last year a signed addendum extended the term to, where the contract is read `met_verlenging` (its
        pages, the PDF); None: not extended, or not asked."""
        return getattr(self, "verlenging_eindjaar", None)

    @property
    def verlengd_bij(self) -> int | None:
        """The number of the signed addendum that extended the term last (read `met_verlenging`)."""
        return getattr(self, "verlenging_nummer", None)

    @property
    def geldend_eindjaar(self) -> int:
        """The last year of the term as it holds now: extended by a signed addendum, if read `met_verlenging`."""
        return max(self.eindjaar, self.verlengd_tot or self.eindjaar)

    @property
    def geldende_jaren(self) -> list[int]:
        """The years of the term as it holds now (read `met_verlenging`; else the term as signed)."""
        return list(range(self.startjaar, self.geldend_eindjaar + 1))

    @property
    def is_verlengd(self) -> bool:
        return self.geldend_eindjaar > self.eindjaar

    @property
    def geldende_looptijd(self) -> str:
        """The term as it holds now (2026-2031 after an extension of 2026-2029)."""
        eind = self.geldend_eindjaar
        return str(self.startjaar) if self.startjaar == eind else f"{self.startjaar}\u2013{eind}"

    @property
    def is_meerjarig(self) -> bool:
        return self.eindjaar > self.startjaar

    @property
    def is_bevroren(self) -> bool:
        return self.status == Contractstatus.GETEKEND

    @property
    def partijen(self) -> list[Organisatie]:
        return [self.huisartsenorganisatie, self.zorgverzekeraar]

    def fase(self, op: dt.date | None = None) -> str:
        """The status a person reads: a signed contract is active during its term and ended after it."""
        if self.status != Contractstatus.GETEKEND:
            return str(self.get_status_display())
        dag = op or timezone.localdate()
        jaar = dag.year
        # Ended early (contracten/looptijd.py): known where the contract was read with its end (select_related), as
        # on its own pages and the region's list; a page that did not ask for it costs no query here.
        beeindiging = self._state.fields_cache.get("beeindiging")
        if jaar > self.geldend_eindjaar or (beeindiging is not None and dag > beeindiging.einddatum):
            return str(_("beëindigd"))
        if jaar >= self.startjaar:
            return str(_("actief"))
        return str(_("getekend"))

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.startjaar and self.eindjaar and self.eindjaar < self.startjaar:
            errors["eindjaar"] = _("Het laatste jaar ligt voor het eerste jaar.")
        elif self.startjaar and self.eindjaar and self.eindjaar - self.startjaar > 9:
            errors["eindjaar"] = _("Een contract loopt hoogstens tien jaar.")
        if self.zorgverzekeraar_id and self.zorgverzekeraar_id == self.huisartsenorganisatie_id:
            errors["zorgverzekeraar"] = _("Een contract heeft twee verschillende partijen.")
        if errors:
            raise ValidationError(errors)


class Pakket(models.Model):
    """A part of the contract practices opt into on their own, like a regional S3 package."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="pakketten")
    naam = models.CharField(_("naam"), max_length=200)
    segment = models.CharField(_("segment"), max_length=2, choices=Segment.choices, blank=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    doel_kiezen = models.BooleanField(_("praktijken kiezen een doel"), default=False)

    history = HistoricalRecords(verbose_name=_("historie van pakket"))

    class Meta:
        verbose_name = _("pakket")
        verbose_name_plural = _("pakketten")
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["contract", "naam"], name="uniek_pakket_per_contract")]

    def __str__(self) -> str:
        return self.naam


class Contractafspraak(models.Model):
    """One agreement line: what from the plan is fixed, in which segment, for how much per year, split how."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="afspraken")
    titel = models.CharField(_("afspraak"), max_length=200)
    activiteit = models.ForeignKey(
        Activiteit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contractafspraken",
        verbose_name=_("activiteit uit het regioplan"),
    )
    doel = models.ForeignKey(
        Doel, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("doel")
    )
    segment = models.CharField(_("segment"), max_length=2, choices=Segment.choices)
    pakket = models.ForeignKey(
        Pakket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="afspraken",
        verbose_name=_("pakket"),
    )
    aandeel_praktijk = models.DecimalField(
        _("aandeel praktijk (%)"), max_digits=5, decimal_places=2, validators=PROCENT_VALIDATORS
    )
    aandeel_regio = models.DecimalField(
        _("aandeel regio-organisatie (%)"), max_digits=5, decimal_places=2, validators=PROCENT_VALIDATORS
    )
    voorwaarden = models.TextField(_("voorwaarden"), blank=True)
    meetpunten = models.ManyToManyField(
        Meetpunt, blank=True, related_name="contractafspraken", verbose_name=_("meetpunten die levering aantonen")
    )
    volgorde = models.PositiveIntegerField(default=0)
    versie = models.PositiveIntegerField(default=1)
    # Agreed by both: the party that wrote the current content (`opgesteld_namens`, by an edit or an accepted
    # proposal) and the other party, which accepted it (`akkoord_namens`) at this very line version. Any later
    # edit raises `versie`, so the agreement no longer holds (contracten/regelvoorstellen.py).
    opgesteld_namens = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgesteld namens"),
    )
    akkoord_namens = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("akkoord namens")
    )
    akkoord_versie = models.PositiveIntegerField(null=True, blank=True)
    akkoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    akkoord_op = models.DateTimeField(_("akkoord op"), null=True, blank=True)
    geldsoort = geldsoortveld()
    geindexeerd = geindexeerdveld()

    history = HistoricalRecords(
        m2m_fields=[meetpunten],
        excluded_fields=["akkoord_namens", "akkoord_versie", "akkoord_door", "akkoord_op"],
        verbose_name=_("historie van contractafspraak"),
    )

    class Meta:
        verbose_name = _("contractafspraak")
        verbose_name_plural = _("contractafspraken")
        ordering = ["volgorde", "pk"]

    def __str__(self) -> str:
        return self.titel

    @property
    def akkoord_van_beide(self) -> bool:
        """The other party accepted the content the one party wrote, at the line's current version."""
        return (
            self.akkoord_versie == self.versie
            and self.akkoord_namens_id is not None
            and self.akkoord_namens_id != self.opgesteld_namens_id
        )


class Afspraakbedrag(models.Model):
    """The amount of one agreement line in one year of the contract."""

    afspraak = models.ForeignKey(Contractafspraak, on_delete=models.CASCADE, related_name="bedragen")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    bedrag = models.DecimalField(_("bedrag (€)"), max_digits=12, decimal_places=2, validators=NIET_NEGATIEF)

    history = HistoricalRecords(verbose_name=_("historie van afspraakbedrag"))

    class Meta:
        verbose_name = _("bedrag per jaar")
        verbose_name_plural = _("bedragen per jaar")
        ordering = ["jaar"]
        constraints = [models.UniqueConstraint(fields=["afspraak", "jaar"], name="uniek_bedrag_per_jaar")]

    def __str__(self) -> str:
        return f"{self.afspraak} {self.jaar}: {self.bedrag}"


class Regelvoorstel(Voorstelbasis):
    """A proposal on one agreement line (or, without `afspraak`, for a new line): amounts per year, the split,
    the conditions. `wijziging` holds the proposed fields in JSON terms ("bedrag_2026": "12500.50" exact to the
    cent, or None for no money that year; "aandeel_praktijk"/"aandeel_regio": "70.00"; "voorwaarden": text; for a
    new line also "titel", "segment", "activiteit", "doel", "pakket", "meetpunten"), `basis` the same fields as
    the line had them, `basisversie` the contract's version it was made on. Decided through
    regio.voorstellen (contracten/regelvoorstellen.py)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="regelvoorstellen")
    afspraak = models.ForeignKey(
        Contractafspraak,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="voorstellen",
        verbose_name=_("afspraak"),
    )

    history = HistoricalRecords(verbose_name=_("historie van voorstel op een afspraak"))

    class Meta(Voorstelbasis.Meta):
        verbose_name = _("voorstel op een afspraak")
        verbose_name_plural = _("voorstellen op afspraken")
        indexes = [models.Index(fields=["contract", "status"], name="regelvoorstel_contract_status")]

    def __str__(self) -> str:
        return f"voorstel van {self.namens} op {self.afspraak or self.wijziging.get('titel', '')}"


class Ondertekening(Goedkeuringsbasis):
    """A signature of one contract version for one party, by someone with a valid "contract" mandate."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="ondertekeningen")

    class Meta(Goedkeuringsbasis.Meta):
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")

    def __str__(self) -> str:
        return f"{self.organisatie} tekende versie {self.versie}"


class Praktijkdeelname(models.Model):
    """A practice invited to join the contract (or one package of it), and its decision."""

    class Besluit(models.TextChoices):
        UITGENODIGD = "uitgenodigd", _("uitgenodigd, nog geen besluit")
        DOET_MEE = "doet-mee", _("doet mee")
        DOET_NIET_MEE = "doet-niet-mee", _("doet niet mee")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="deelnames")
    pakket = models.ForeignKey(
        Pakket, on_delete=models.CASCADE, null=True, blank=True, related_name="deelnames", verbose_name=_("pakket")
    )
    praktijk = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="contractdeelnames", verbose_name=_("praktijk")
    )
    besluit = models.CharField(_("besluit"), max_length=20, choices=Besluit.choices, default=Besluit.UITGENODIGD)
    uitgenodigd_op = models.DateTimeField(_("uitgenodigd op"), default=timezone.now)
    uitgenodigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    besloten_op = models.DateField(_("datum besluit"), null=True, blank=True)
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    onderaannemer_bevestigd = models.BooleanField(_("bevestigt onderaannemer te zijn (S2)"), default=False)
    doel = models.ForeignKey(
        Doel, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("gekozen doel")
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    gemaild_op = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("historie van uitnodiging van een praktijk"))

    class Meta:
        # "Deelnames" said nothing to a reader of the admin: each row is a practice's invitation and its decision.
        verbose_name = _("uitnodiging van een praktijk")
        verbose_name_plural = _("uitnodigingen van praktijken")
        ordering = ["praktijk__naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "praktijk"], condition=Q(pakket__isnull=True), name="een_deelname_per_contract"
            ),
            models.UniqueConstraint(
                fields=["pakket", "praktijk"], condition=Q(pakket__isnull=False), name="een_deelname_per_pakket"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.praktijk} · {self.pakket or self.contract}"


class Rapportagemoment(models.Model):
    """A date by which the owner reports a result of one measuring point: a task with e-mail reminders."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="rapportagemomenten")
    meetpunt = models.ForeignKey(Meetpunt, on_delete=models.PROTECT, related_name="+", verbose_name=_("meetpunt"))
    uiterlijk = models.DateField(_("uiterlijk op"))
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("wie rapporteert")
    )
    # Set when the worker sent the reminder before the date, and the notice once it is overdue.
    herinnerd_op = models.DateTimeField(null=True, blank=True)
    aangemaand_op = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("historie van rapportagemoment"))

    class Meta:
        verbose_name = _("rapportagemoment")
        verbose_name_plural = _("rapportagemomenten")
        ordering = ["uiterlijk", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "meetpunt", "uiterlijk"], name="uniek_rapportagemoment")
        ]
        indexes = [models.Index(fields=["uiterlijk"], name="rapportage_uiterlijk")]

    def __str__(self) -> str:
        return f"{self.meetpunt} uiterlijk {self.uiterlijk:%d-%m-%Y}"


class Bevestiging(models.TextChoices):
    OPEN = "open", _("nog niet bevestigd")
    BEVESTIGD = "bevestigd", _("bevestigd")
    BETWIST = "betwist", _("betwist")


class Meetresultaat(models.Model):
    """A recorded value of a measuring point for a period (peildatum), within one contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="resultaten")
    meetpunt = models.ForeignKey(Meetpunt, on_delete=models.PROTECT, related_name="+", verbose_name=_("meetpunt"))
    peildatum = models.DateField(_("peildatum"))
    waarde = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2)
    toelichting = models.TextField(_("toelichting"), blank=True)
    rapportagemoment = models.ForeignKey(
        Rapportagemoment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resultaten",
        verbose_name=_("voor rapportagemoment"),
    )
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    namens = models.ForeignKey(Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    versie = models.PositiveIntegerField(default=1)
    # The other party's view of the result (contracten/bevestiging.py): open until someone of the party that did not
    # record it confirms or disputes it; a correction makes it open again.
    bevestiging = models.CharField(
        _("bevestiging"), max_length=20, choices=Bevestiging.choices, default=Bevestiging.OPEN
    )
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beoordeeld_namens = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    betwist_reden = models.TextField(_("reden van betwisting"), blank=True)
    # A practice's own figure (imported with a practice or AGB column); empty: the figure of the whole contract.
    praktijk = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("praktijk")
    )

    history = HistoricalRecords(verbose_name=_("historie van meetresultaat"))

    class Meta:
        verbose_name = _("meetresultaat")
        verbose_name_plural = _("meetresultaten")
        ordering = ["peildatum", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "meetpunt", "peildatum"],
                condition=Q(praktijk__isnull=True),
                name="een_resultaat_per_peildatum",
            ),
            models.UniqueConstraint(
                fields=["contract", "meetpunt", "peildatum", "praktijk"],
                condition=Q(praktijk__isnull=False),
                name="een_praktijkresultaat_per_peildatum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meetpunt} op {self.peildatum:%d-%m-%Y}: {self.waarde}"


class Verdeelmodel(models.Model):
    """Integral funding divided over providers by their share of hours or costs (the birth-care guide's model)."""

    class Grondslag(models.TextChoices):
        UREN = "uren", _("uren")
        KOSTEN = "kosten", _("kosten (€)")

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="verdeelmodel")
    budget = models.DecimalField(_("integraal budget (€)"), max_digits=14, decimal_places=2, validators=NIET_NEGATIEF)
    grondslag = models.CharField(_("verdelen naar"), max_length=10, choices=Grondslag.choices, default=Grondslag.UREN)
    drempel_procent = models.DecimalField(
        _("drempel (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=PROCENT_VALIDATORS,
        help_text=_("Alleen veranderingen groter dan dit percentage van het huidige inkomen worden verrekend."),
    )
    vangnet_procent = models.DecimalField(
        _("vangnet (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PROCENT_VALIDATORS,
        help_text=_("Een aanbieder verliest hoogstens dit percentage van het huidige inkomen. Leeg: geen vangnet."),
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    versie = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(verbose_name=_("historie van verdeelmodel"))

    class Meta:
        verbose_name = _("verdeelmodel")
        verbose_name_plural = _("verdeelmodellen")

    def __str__(self) -> str:
        return f"verdeelmodel {self.contract}"


class Verdeelaanbieder(models.Model):
    verdeelmodel = models.ForeignKey(Verdeelmodel, on_delete=models.CASCADE, related_name="aanbieders")
    naam = models.CharField(_("aanbieder"), max_length=200)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("organisatie")
    )
    huidig = models.DecimalField(_("huidig inkomen (€)"), max_digits=14, decimal_places=2, validators=NIET_NEGATIEF)
    grondslag = models.DecimalField(
        _("uren of kosten in de nieuwe situatie"), max_digits=14, decimal_places=2, validators=NIET_NEGATIEF
    )
    volgorde = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(verbose_name=_("historie van aanbieder in verdeelmodel"))

    class Meta:
        verbose_name = _("aanbieder in het verdeelmodel")
        verbose_name_plural = _("aanbieders in het verdeelmodel")
        ordering = ["volgorde", "pk"]
        constraints = [models.UniqueConstraint(fields=["verdeelmodel", "naam"], name="uniek_aanbieder_per_model")]

    def __str__(self) -> str:
        return self.naam


# Direct foreign-key object permissions (guardian): a contract's rights belong to the contract, not the region.
class ContractUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Contract, on_delete=models.CASCADE)


class ContractGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Contract, on_delete=models.CASCADE)


class Reactie(Reactiebasis):
    """A comment on a contract or one of its lines, or an internal note of one of its two parties. Like the
    contract itself, only the members of its two parties read it (contracten.access)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reacties")
    afspraak = models.ForeignKey(
        Contractafspraak, on_delete=models.CASCADE, null=True, blank=True, related_name="reacties"
    )
    # A thread on one of the contract's addenda: shown on the addendum's page (contracten/gesprek.py).
    addendum = models.ForeignKey("Addendum", on_delete=models.CASCADE, null=True, blank=True, related_name="reacties")

    class Meta(Reactiebasis.Meta):
        constraints = [hoogstens_een_onderwerp("afspraak", "addendum", name="contractreactie_een_onderwerp")]

    def __str__(self) -> str:
        return f"{self.auteur} over {self.contract}"


# --- amendments of a signed contract (contracten/addenda.py) ------------------------------------------------


class Addendumstatus(models.TextChoices):
    ONDERHANDELING = "onderhandeling", _("in onderhandeling")
    GETEKEND = "getekend", _("getekend")


class Addendum(models.Model):
    """An amendment of a signed contract: changed, added or removed lines and perhaps a later last year, with a
    reason. The contract itself stays frozen; what holds is the contract plus its signed addenda, in the order
    they were signed. An addendum has its own version and signatures (`regio.goedkeuring`), like the contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="addenda")
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    reden = models.TextField(_("reden van de wijziging"))
    eindjaar = models.PositiveSmallIntegerField(
        _("nieuw laatste jaar"),
        null=True,
        blank=True,
        validators=JAAR_VALIDATORS,
        help_text=_("Alleen invullen als het addendum het contract verlengt."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Addendumstatus.choices, default=Addendumstatus.ONDERHANDELING
    )
    versie = models.PositiveIntegerField(_("wijzigingsnummer"), default=1)
    getekend_op = models.DateTimeField(_("getekend op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historie van addendum"))

    class Meta:
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")
        ordering = ["contract", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "nummer"], name="uniek_addendumnummer"),
            models.UniqueConstraint(
                fields=["contract"], condition=Q(status="onderhandeling"), name="een_addendum_in_onderhandeling"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel} · {self.contract}"

    @property
    def titel(self) -> str:
        return str(_("Addendum %(n)s")) % {"n": self.nummer}

    @property
    def regio(self) -> Regio:
        return self.contract.regio

    @property
    def regio_id(self) -> int:
        return self.contract.regio_id

    @property
    def is_bevroren(self) -> bool:
        return self.status == Addendumstatus.GETEKEND

    @property
    def partijen(self) -> list[Organisatie]:
        return self.contract.partijen


def met_verlenging(contracten: models.QuerySet[Contract]) -> models.QuerySet[Contract]:
    """`contracten` read with the extension of their term by signed addenda (`Contract.verlengd_tot`, `verlengd_bij`)
    in the same query. An extension always goes past the term before it (contracten/addenda.py), so the signed
    addendum with the latest last year is the one that extended it last."""
    verlengingen = Addendum.objects.filter(
        contract=models.OuterRef("pk"), status=Addendumstatus.GETEKEND, eindjaar__isnull=False
    ).order_by("-eindjaar", "-getekend_op", "-nummer")
    return contracten.annotate(
        verlenging_eindjaar=models.Subquery(verlengingen.values("eindjaar")[:1]),
        verlenging_nummer=models.Subquery(verlengingen.values("nummer")[:1]),
    )


def eindjaar_na_addenda(contract: Contract) -> int:
    """The last year of the term as signed addenda extended it: no query for a contract read `met_verlenging`, one
    otherwise."""
    if hasattr(contract, "verlenging_eindjaar"):
        return contract.geldend_eindjaar
    return met_verlenging(Contract.objects.filter(pk=contract.pk)).get().geldend_eindjaar


class Addendumregel(models.Model):
    """One line of an addendum: a contract line changed (its whole new content), removed (`vervalt`), or a new
    line (`afspraak` empty). Amounts per year as strings exact to the cent ({"2027": "12500.00"})."""

    addendum = models.ForeignKey(Addendum, on_delete=models.CASCADE, related_name="regels")
    afspraak = models.ForeignKey(
        Contractafspraak,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="addendumregels",
        verbose_name=_("afspraak uit het contract"),
    )
    nieuw_van = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afspraak uit een eerder addendum"),
    )
    vervalt = models.BooleanField(_("afspraak vervalt"), default=False)
    titel = models.CharField(_("afspraak"), max_length=200)
    activiteit = models.ForeignKey(
        Activiteit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activiteit uit het regioplan"),
    )
    segment = models.CharField(_("segment"), max_length=2, choices=Segment.choices)
    aandeel_praktijk = models.DecimalField(
        _("aandeel praktijk (%)"), max_digits=5, decimal_places=2, validators=PROCENT_VALIDATORS
    )
    aandeel_regio = models.DecimalField(
        _("aandeel regio-organisatie (%)"), max_digits=5, decimal_places=2, validators=PROCENT_VALIDATORS
    )
    voorwaarden = models.TextField(_("voorwaarden"), blank=True)
    bedragen = models.JSONField(_("bedragen per jaar"), default=dict, blank=True)
    # As the contract line's: a changed line starts from the values of the line it changes (contracten/addenda.py).
    geldsoort = geldsoortveld()
    geindexeerd = geindexeerdveld()

    history = HistoricalRecords(verbose_name=_("historie van addendumregel"))

    class Meta:
        verbose_name = _("regel van een addendum")
        verbose_name_plural = _("regels van addenda")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["addendum", "afspraak"],
                condition=Q(afspraak__isnull=False),
                name="een_addendumregel_per_afspraak",
            ),
            models.UniqueConstraint(
                fields=["addendum", "nieuw_van"],
                condition=Q(nieuw_van__isnull=False),
                name="een_addendumregel_per_eerdere_regel",
            ),
        ]

    def __str__(self) -> str:
        return self.titel


class Addendumondertekening(Goedkeuringsbasis):
    """A signature of one addendum version for one party, by someone with a valid "contract" mandate."""

    addendum = models.ForeignKey(Addendum, on_delete=models.CASCADE, related_name="ondertekeningen")

    class Meta(Goedkeuringsbasis.Meta):
        verbose_name = _("ondertekening van een addendum")
        verbose_name_plural = _("ondertekeningen van addenda")

    def __str__(self) -> str:
        return f"{self.organisatie} tekende versie {self.versie} van {self.addendum}"


class Addendumvoorstel(Voorstelbasis):
    """A proposal on one line of an addendum in negotiation: its amounts per year, its split, its conditions, in
    the JSON terms of a contract line's proposal (`Regelvoorstel`); `basisversie` is the addendum's version it was
    made on. Decided through regio.voorstellen (contracten/addendumvoorstellen.py); an accepted one is written as
    the addendum line's normal save, which raises the addendum's version and withdraws its signatures."""

    addendum = models.ForeignKey(Addendum, on_delete=models.CASCADE, related_name="voorstellen")
    regel = models.ForeignKey(
        Addendumregel, on_delete=models.CASCADE, related_name="voorstellen", verbose_name=_("regel van het addendum")
    )

    history = HistoricalRecords(verbose_name=_("historie van voorstel op een addendumregel"))

    class Meta(Voorstelbasis.Meta):
        verbose_name = _("voorstel op een regel van een addendum")
        verbose_name_plural = _("voorstellen op regels van addenda")
        indexes = [models.Index(fields=["addendum", "status"], name="addendumvoorstel_status")]

    def __str__(self) -> str:
        return f"voorstel van {self.namens} op {self.regel}"


class Resultaatimport(models.Model):
    """An uploaded file of results, read and checked (the preview), stored only when a person confirms it
    (contracten/resultaatimport.py). The file itself is not kept: the rows that can be stored and the refusals are."""

    class Status(models.TextChoices):
        CONTROLE = "controle", _("klaar om te bevestigen")
        OPGESLAGEN = "opgeslagen", _("opgeslagen")
        GEANNULEERD = "geannuleerd", _("geannuleerd")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="resultaatimports")
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONTROLE)
    # [{"regel", "meetpunt", "peildatum", "waarde", "praktijk", "toelichting"}]: what confirming stores.
    rijen = models.JSONField(default=list, blank=True)
    # [{"regel", "reden"}]: rows that are not stored, with why.
    afgewezen = models.JSONField(default=list, blank=True)
    # Rows already stored with the same value (a file imported again): nothing to do.
    aantal_ongewijzigd = models.PositiveIntegerField(default=0)
    aantal_opgeslagen = models.PositiveIntegerField(default=0)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    bevestigd_op = models.DateTimeField(_("bevestigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("import van resultaten")
        verbose_name_plural = _("imports van resultaten")
        ordering = ["-aangemaakt_op", "-pk"]

    def __str__(self) -> str:
        return f"{self.bestandsnaam} ({self.contract})"


# --- the yearly cycle of a signed multi-year contract (contracten/jaarcyclus.py) ------------------------------

INDEX_VALIDATORS = [MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("100"))]


class Jaarafspraak(models.Model):
    """The figures of one contract year, agreed after signing: the year's indexation (a percentage applied to the
    lines marked indexed) and the year's plan. One party proposes (`opgesteld_namens`), a mandated person of the
    other confirms (`Jaarbevestiging`); any change raises `versie`, which withdraws the confirmation
    (regio.goedkeuring.Levensloop)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="jaarafspraken")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    indexatie_procent = models.DecimalField(
        _("indexatie (%)"), max_digits=5, decimal_places=2, default=Decimal("0"), validators=INDEX_VALIDATORS
    )
    jaarplan = models.ForeignKey(
        Regioplan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgesteld jaarplan"),
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    opgesteld_namens = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("voorgesteld namens")
    )
    opgesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    versie = models.PositiveIntegerField(_("wijzigingsnummer"), default=1)
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historie van jaarafspraak"))

    class Meta:
        verbose_name = _("jaarafspraak")
        verbose_name_plural = _("jaarafspraken")
        ordering = ["jaar"]
        constraints = [models.UniqueConstraint(fields=["contract", "jaar"], name="een_jaarafspraak_per_jaar")]

    def __str__(self) -> str:
        return f"{self.contract} {self.jaar}"

    @property
    def regio(self) -> Regio:
        return self.contract.regio

    @property
    def regio_id(self) -> int:
        return self.contract.regio_id

    @property
    def is_bevroren(self) -> bool:
        # Ending the contract is checked by the service (it depends on the year); the figures never freeze.
        return False


class Jaarbevestiging(Goedkeuringsbasis):
    """The other party's confirmation of one version of a year's figures, by someone with a "contract" mandate."""

    jaarafspraak = models.ForeignKey(Jaarafspraak, on_delete=models.CASCADE, related_name="bevestigingen")

    class Meta(Goedkeuringsbasis.Meta):
        verbose_name = _("bevestiging van een jaarafspraak")
        verbose_name_plural = _("bevestigingen van jaarafspraken")

    def __str__(self) -> str:
        return f"{self.organisatie} bevestigde {self.jaarafspraak} (versie {self.versie})"


class Contractbeeindiging(models.Model):
    """A signed contract ended early by a mandated person of one of its parties: the date and the reason."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="beeindiging")
    einddatum = models.DateField(_("einddatum"))
    reden = models.TextField(_("reden"))
    namens = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("namens"))
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    mandaat = models.ForeignKey("regio.Mandaat", on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    history = HistoricalRecords(verbose_name=_("historie van beëindiging"))

    class Meta:
        verbose_name = _("beëindiging van een contract")
        verbose_name_plural = _("beëindigingen van contracten")

    def __str__(self) -> str:
        return f"{self.contract} beëindigd per {self.einddatum:%d-%m-%Y}"


class Looptijdherinnering(models.Model):
    """The end-of-term reminder of a contract was sent for the term ending in `eindjaar` (once per end: the row
    exists). An addendum that extends the term gives it a new end, so the reminder is due again for that one."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="looptijdherinneringen")
    eindjaar = models.PositiveSmallIntegerField(_("laatste jaar waarvoor herinnerd"), validators=JAAR_VALIDATORS)
    verstuurd_op = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("herinnering einde looptijd")
        verbose_name_plural = _("herinneringen einde looptijd")
        constraints = [
            models.UniqueConstraint(fields=["contract", "eindjaar"], name="een_looptijdherinnering_per_einde"),
        ]

    def __str__(self) -> str:
        return f"{self.contract}: herinnerd op {self.verstuurd_op:%d-%m-%Y}"
