"""The regioplan: one plan written by both contracting parties, with its parts, prioritised challenges,
activities, measuring points, comments and formal adoption (vaststelling).

Every change to anything in a plan raises the plan's `versie`; an approval holds only for the version it
was given on. An adopted plan is frozen: the services refuse changes, and a new plan version starts as a copy.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regio.gesprekken.basis import Reactiebasis, hoogstens_een_onderwerp
from regio.goedkeuring import Goedkeuringsbasis
from regio.models import Organisatie, Regio
from regio.voorstellen import Voorstelbasis
from regiobeeld.models import Regiobeeld, Uitdaging

KWARTALEN = [(1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")]
JAAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Doel(models.Model):
    """A goal from a koepel-managed list (e.g. an insurer's purchasing goals); data, not code."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    bron = models.CharField(_("bron"), max_length=200, blank=True, help_text=_("Bijvoorbeeld het inkoopbeleid."))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    history = HistoricalRecords(verbose_name=_("historie van doel"))

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["volgorde", "naam"]

    def __str__(self) -> str:
        return self.naam


class Status(models.TextChoices):
    CONCEPT = "concept", _("concept")
    INGEDIEND = "ingediend", _("ingediend ter vaststelling")
    VASTGESTELD = "vastgesteld", _("vastgesteld")
    VERVANGEN = "vervangen", _("vervangen door een nieuwere versie")


class Regioplan(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="regioplannen", verbose_name=_("regio"))
    regiobeeld = models.ForeignKey(
        Regiobeeld, on_delete=models.PROTECT, related_name="regioplannen", verbose_name=_("gebaseerd op regiobeeld")
    )
    titel = models.CharField(_("titel"), max_length=200)
    startjaar = models.PositiveSmallIntegerField(_("eerste jaar"), validators=JAAR_VALIDATORS)
    eindjaar = models.PositiveSmallIntegerField(_("laatste jaar"), validators=JAAR_VALIDATORS)
    # The plan's edition: 1, 2, ...; a new edition starts as a copy of the adopted one.
    volgnummer = models.PositiveSmallIntegerField(_("planversie"), default=1)
    vorige = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="opvolgers", verbose_name=_("vorige")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    # Raised by every change; approvals hold for one value of it. Checked in the UPDATE (optimistic locking).
    versie = models.PositiveIntegerField(_("wijzigingsnummer"), default=1)
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    # Set when every contracting party decided to publish the adopted plan (regioplan/publicatie.py); cleared when
    # one of them withdraws it. Only then, and only while the plan is the adopted one, the public page shows it.
    gepubliceerd_op = models.DateTimeField(_("openbaar sinds"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historie van regioplan"))

    class Meta:
        verbose_name = _("regioplan")
        verbose_name_plural = _("regioplannen")
        ordering = ["regio__naam", "-startjaar", "-volgnummer"]
        constraints = [
            models.CheckConstraint(condition=Q(eindjaar__gte=models.F("startjaar")), name="plan_eind_na_start"),
            models.UniqueConstraint(fields=["regio", "titel", "volgnummer"], name="uniek_planversie"),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.looptijd})"

    @property
    def looptijd(self) -> str:
        return str(self.startjaar) if self.startjaar == self.eindjaar else f"{self.startjaar}\u2013{self.eindjaar}"

    @property
    def is_bevroren(self) -> bool:
        return self.status in (Status.VASTGESTELD, Status.VERVANGEN)

    def clean(self) -> None:
        if self.startjaar and self.eindjaar and self.eindjaar < self.startjaar:
            raise ValidationError({"eindjaar": _("Het laatste jaar ligt voor het eerste jaar.")})
        if self.startjaar and self.eindjaar and self.eindjaar - self.startjaar > 9:
            raise ValidationError({"eindjaar": _("Een plan loopt hoogstens tien jaar.")})
        if self.regiobeeld_id and self.regio_id and self.regiobeeld.regio_id != self.regio_id:
            raise ValidationError({"regiobeeld": _("Kies een regiobeeld van deze regio.")})


class Plandeelsoort(models.TextChoices):
    """The written parts of a regioplan, in the guide's order."""

    MISSIE_VISIE = "missie-visie", _("Missie en visie")
    ICT_VISIE = "ict-visie", _("ICT-visie")
    GOVERNANCE = "governance", _("Governance en draagvlak")
    RANDVOORWAARDEN = "randvoorwaarden", _("Randvoorwaarden")


PLANDEEL_UITLEG = {
    Plandeelsoort.MISSIE_VISIE: _("Waar staat de regio voor, en waar willen beide partijen over een paar jaar staan?"),
    Plandeelsoort.ICT_VISIE: _(
        "Gegevensuitwisseling, systemen en digitale zorg: een eigen deel, zoals de leidraad vraagt."
    ),
    Plandeelsoort.GOVERNANCE: _(
        "Hoe praktijkhouders, niet-praktijkhoudende huisartsen en andere zorgaanbieders meepraten; multidisciplinaire "
        "afspraken; de verhouding tussen praktijk, wijk en regio; wat beide partijen kunnen steunen."
    ),
    Plandeelsoort.RANDVOORWAARDEN: _("Wat nodig is om het plan uit te voeren: mensen, geld, ICT, tijd."),
}


class Plandeel(models.Model):
    regioplan = models.ForeignKey(Regioplan, on_delete=models.CASCADE, related_name="delen")
    soort = models.CharField(_("deel"), max_length=20, choices=Plandeelsoort.choices)
    tekst = models.TextField(_("tekst"), blank=True)
    versie = models.PositiveIntegerField(default=1)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(verbose_name=_("historie van plandeel"))

    class Meta:
        verbose_name = _("deel van het regioplan")
        verbose_name_plural = _("delen van het regioplan")
        constraints = [models.UniqueConstraint(fields=["regioplan", "soort"], name="uniek_plandeel")]

    def __str__(self) -> str:
        return f"{self.regioplan} · {self.get_soort_display()}"


class PlanUitdaging(models.Model):
    """A challenge of the regiobeeld as this plan sees it: interpretation, priority, taken up or not."""

    regioplan = models.ForeignKey(Regioplan, on_delete=models.CASCADE, related_name="uitdagingen")
    uitdaging = models.ForeignKey(
        Uitdaging, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uitdaging")
    )
    # Kept in the plan, so the plan still reads right if the regiobeeld's challenge changes later.
    titel = models.CharField(_("uitdaging"), max_length=200)
    duiding = models.TextField(_("duiding in dit plan"), blank=True)
    prioriteit = models.PositiveSmallIntegerField(_("prioriteit"), default=0)
    opgenomen = models.BooleanField(_("opgenomen in dit plan"), default=True)
    reden_niet = models.TextField(_("waarom niet opgenomen"), blank=True)
    versie = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(verbose_name=_("historie van uitdaging in het plan"))

    class Meta:
        verbose_name = _("uitdaging in het plan")
        verbose_name_plural = _("uitdagingen in het plan")
        ordering = ["prioriteit", "pk"]

    def __str__(self) -> str:
        return self.titel

    def clean(self) -> None:
        if not self.opgenomen and not self.reden_niet.strip():
            raise ValidationError({"reden_niet": _("Geef aan waarom deze uitdaging niet in dit plan is opgenomen.")})


class Activiteit(models.Model):
    class Prioriteit(models.IntegerChoices):
        HOOG = 1, _("hoog")
        MIDDEN = 2, _("midden")
        LAAG = 3, _("laag")

    class Voortgang(models.TextChoices):
        GEPLAND = "gepland", _("gepland")
        LOOPT = "loopt", _("loopt")
        AFGEROND = "afgerond", _("afgerond")
        UITGESTELD = "uitgesteld", _("uitgesteld")
        GESTOPT = "gestopt", _("gestopt")

    regioplan = models.ForeignKey(Regioplan, on_delete=models.CASCADE, related_name="activiteiten")
    titel = models.CharField(_("titel"), max_length=200)
    beschrijving = models.TextField(_("beschrijving"), blank=True)
    uitdagingen = models.ManyToManyField(
        PlanUitdaging, blank=True, related_name="activiteiten", verbose_name=_("pakt deze uitdagingen aan")
    )
    doel = models.ForeignKey(
        Doel, on_delete=models.PROTECT, null=True, blank=True, related_name="activiteiten", verbose_name=_("doel")
    )
    verantwoordelijke = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("verantwoordelijke partij")
    )
    start_jaar = models.PositiveSmallIntegerField(_("start (jaar)"), validators=JAAR_VALIDATORS)
    start_kwartaal = models.PositiveSmallIntegerField(_("start (kwartaal)"), choices=KWARTALEN)
    eind_jaar = models.PositiveSmallIntegerField(_("einde (jaar)"), validators=JAAR_VALIDATORS)
    eind_kwartaal = models.PositiveSmallIntegerField(_("einde (kwartaal)"), choices=KWARTALEN)
    prioriteit = models.PositiveSmallIntegerField(
        _("prioriteit"), choices=Prioriteit.choices, default=Prioriteit.MIDDEN
    )
    voortgang = models.CharField(_("status"), max_length=20, choices=Voortgang.choices, default=Voortgang.GEPLAND)
    begroting = models.DecimalField(
        _("geschatte kosten (euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    volgorde = models.PositiveIntegerField(default=0)
    versie = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[uitdagingen], verbose_name=_("historie van activiteit"))

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["prioriteit", "start_jaar", "start_kwartaal", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.titel

    @property
    def start(self) -> str:
        return f"{self.start_jaar} Q{self.start_kwartaal}"

    @property
    def einde(self) -> str:
        return f"{self.eind_jaar} Q{self.eind_kwartaal}"

    def clean(self) -> None:
        fouten: dict[str, Any] = {}
        if self.start_jaar and self.eind_jaar and self.start_kwartaal and self.eind_kwartaal:
            if (self.eind_jaar, self.eind_kwartaal) < (self.start_jaar, self.start_kwartaal):
                fouten["eind_jaar"] = _("Het einde ligt voor de start.")
            plan = self.regioplan if self.regioplan_id else None
            if plan and not (plan.startjaar <= self.start_jaar <= plan.eindjaar):
                fouten["start_jaar"] = _("De start valt buiten de looptijd van het plan (%(looptijd)s).") % {
                    "looptijd": plan.looptijd
                }
            if plan and not (plan.startjaar <= self.eind_jaar <= plan.eindjaar):
                fouten["eind_jaar"] = _("Het einde valt buiten de looptijd van het plan (%(looptijd)s).") % {
                    "looptijd": plan.looptijd
                }
        if fouten:
            raise ValidationError(fouten)


# An activity's fields as the parties write them: its form shows them, a proposal may change them (in this order).
ACTIVITEITVELDEN = (
    "titel",
    "beschrijving",
    "uitdagingen",
    "doel",
    "verantwoordelijke",
    "start_jaar",
    "start_kwartaal",
    "eind_jaar",
    "eind_kwartaal",
    "prioriteit",
    "voortgang",
    "begroting",
)


class Meetpunt(models.Model):
    class Frequentie(models.TextChoices):
        MAAND = "maand", _("elke maand")
        KWARTAAL = "kwartaal", _("elk kwartaal")
        HALFJAAR = "halfjaar", _("elk half jaar")
        JAAR = "jaar", _("elk jaar")
        EENMALIG = "eenmalig", _("eenmalig")

    activiteit = models.ForeignKey(Activiteit, on_delete=models.CASCADE, related_name="meetpunten")
    omschrijving = models.CharField(_("wat wordt gemeten"), max_length=300)
    eenheid = models.CharField(_("eenheid"), max_length=50, help_text=_("Bijvoorbeeld: %, aantal, euro, minuten."))
    nulmeting = models.DecimalField(_("nulmeting"), max_digits=14, decimal_places=2, null=True, blank=True)
    nulmeting_datum = models.DateField(_("datum nulmeting"), null=True, blank=True)
    streefwaarde = models.DecimalField(_("streefwaarde"), max_digits=14, decimal_places=2)
    streefdatum = models.DateField(_("streefdatum"))
    bron = models.CharField(_("bron"), max_length=200, blank=True)
    frequentie = models.CharField(_("frequentie"), max_length=20, choices=Frequentie.choices, default=Frequentie.JAAR)
    eigenaar = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("eigenaar (wie meet)")
    )
    versie = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(verbose_name=_("historie van meetpunt"))

    class Meta:
        verbose_name = _("meetpunt")
        verbose_name_plural = _("meetpunten")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.omschrijving

    def clean(self) -> None:
        if self.nulmeting is not None and not self.nulmeting_datum:
            raise ValidationError({"nulmeting_datum": _("Geef de datum van de nulmeting.")})
        if self.nulmeting_datum and self.streefdatum and self.streefdatum < self.nulmeting_datum:
            raise ValidationError({"streefdatum": _("De streefdatum ligt voor de nulmeting.")})


class Reactie(Reactiebasis):
    """A comment on the plan, a part, a challenge or an activity, or an internal note of one party."""

    regioplan = models.ForeignKey(Regioplan, on_delete=models.CASCADE, related_name="reacties")
    plandeel = models.ForeignKey(Plandeel, on_delete=models.CASCADE, null=True, blank=True, related_name="reacties")
    activiteit = models.ForeignKey(Activiteit, on_delete=models.CASCADE, null=True, blank=True, related_name="reacties")
    uitdaging = models.ForeignKey(
        PlanUitdaging, on_delete=models.CASCADE, null=True, blank=True, related_name="reacties"
    )

    class Meta(Reactiebasis.Meta):
        constraints = [hoogstens_een_onderwerp("plandeel", "activiteit", "uitdaging", name="reactie_een_onderwerp")]

    def __str__(self) -> str:
        return f"{self.auteur} over {self.regioplan}"


class Goedkeuring(Goedkeuringsbasis):
    """A party's approval of one version of the plan (vaststelling needs one from every contracting party)."""

    regioplan = models.ForeignKey(Regioplan, on_delete=models.CASCADE, related_name="goedkeuringen")

    class Meta(Goedkeuringsbasis.Meta):
        verbose_name = _("goedkeuring")
        verbose_name_plural = _("goedkeuringen")

    def __str__(self) -> str:
        return f"{self.organisatie} keurt {self.regioplan} goed (wijziging {self.versie})"


class Voorstel(Voorstelbasis):
    """A proposed change to a part's text, an activity's fields or a challenge's interpretation and choice, made
    by one contracting party for the other to accept or reject (regio.voorstellen)."""

    regioplan = models.ForeignKey(Regioplan, on_delete=models.CASCADE, related_name="voorstellen")
    # Exactly one target, as a comment has one subject (Reactie): plain foreign keys keep the plan page's reads
    # joins rather than a generic lookup per kind.
    plandeel = models.ForeignKey(
        Plandeel, on_delete=models.CASCADE, null=True, blank=True, related_name="voorstellen", verbose_name=_("deel")
    )
    activiteit = models.ForeignKey(
        Activiteit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="voorstellen",
        verbose_name=_("activiteit"),
    )
    planuitdaging = models.ForeignKey(
        PlanUitdaging,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="voorstellen",
        verbose_name=_("uitdaging"),
    )

    # How each changed non-text field read when proposed, [before, proposed] (a party's name, not its id): the
    # redline shows it as it was proposed, without a query per page (regioplan.voorstel_weergave.leesbaar).
    weergave = models.JSONField(_("weergave"), default=dict, blank=True)

    history = HistoricalRecords(verbose_name=_("historie van voorstel"))

    class Meta(Voorstelbasis.Meta):
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        indexes = [models.Index(fields=["regioplan", "status"], name="voorstel_plan_status")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(plandeel__isnull=False, activiteit__isnull=True, planuitdaging__isnull=True)
                    | Q(plandeel__isnull=True, activiteit__isnull=False, planuitdaging__isnull=True)
                    | Q(plandeel__isnull=True, activiteit__isnull=True, planuitdaging__isnull=False)
                ),
                name="voorstel_een_doel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.namens} stelt voor: {self.doel}"

    @property
    def doel(self) -> Plandeel | Activiteit | PlanUitdaging:
        """What the proposal changes."""
        doel = self.plandeel or self.activiteit or self.planuitdaging
        if doel is None:  # the constraint holds one; an unsaved proposal may not yet
            raise ValueError("a proposal without a target")
        return doel

    @property
    def anker(self) -> str:
        """Where the target stands on the plan page."""
        if self.plandeel is not None:
            return f"deel-{self.plandeel.soort}"
        if self.activiteit_id:
            return f"activiteit-{self.activiteit_id}"
        return f"uitdaging-{self.planuitdaging_id}"


class Publicatiebesluit(models.Model):
    """A contracting party decided, through a member with a valid "regioplan" mandate, to publish an adopted plan.

    The plan is public once every contracting party has a standing decision; either party withdrawing ends all of
    them (both decide again to publish again). Rows are kept: they are the record of who decided what.
    """

    regioplan = models.ForeignKey(Regioplan, on_delete=models.CASCADE, related_name="publicatiebesluiten")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("namens"))
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("besloten door")
    )
    besloten_op = models.DateTimeField(_("besloten op"), default=timezone.now)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("besluit tot openbaarmaking")
        verbose_name_plural = _("besluiten tot openbaarmaking")
        ordering = ["-besloten_op", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["regioplan", "organisatie"],
                condition=Q(ingetrokken_op__isnull=True),
                name="een_staand_publicatiebesluit_per_partij",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisatie} publiceert {self.regioplan}"
