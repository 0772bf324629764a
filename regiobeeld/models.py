"""The regiobeeld: the indicator catalogue, imported figures, and the jointly written picture of a region."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regio.gesprekken.basis import Reactiebasis, hoogstens_een_onderwerp
from regio.models import Gemeente, Organisatie, Regio


class Domein(models.TextChoices):
    BEVOLKING = "bevolking", _("bevolking")
    GEZONDHEID = "gezondheid", _("gezondheid")
    ZORGGEBRUIK = "zorggebruik", _("zorggebruik")
    KOSTEN = "kosten", _("kosten")
    AANBOD = "aanbod", _("zorgaanbod")
    PERSONEEL = "personeel", _("personeel")


class Cijferdeel(models.TextChoices):
    """The part of the regiobeeld an indicator's figures belong to: the guide's "description of the region in
    figures" (population), care demand, care supply and trends, and the money (key figures, financial)."""

    BEVOLKING = "bevolking", _("Bevolking")
    ZORGVRAAG = "zorgvraag", _("Zorgvraag")
    ZORGAANBOD = "zorgaanbod", _("Zorgaanbod")
    TRENDS = "trends", _("Trends")
    KOSTEN = "kosten", _("Kosten")


class Aggregatie(models.TextChoices):
    SOM = "som", _("aantal: opgeteld over gemeenten")
    GEWOGEN = "gewogen", _("percentage of gemiddelde: gewogen naar inwoners")
    # Computed, never imported: the sum of one indicator divided by the sum of another over the same gemeenten.
    VERHOUDING = "verhouding", _("verhouding: som van de teller gedeeld door som van de noemer")


class Indicator(models.Model):
    """An entry of the catalogue the koepel keeps; a region may add local indicators of its own."""

    code = models.SlugField(_("code"), max_length=60)
    naam = models.CharField(_("naam"), max_length=200)
    definitie = models.TextField(_("definitie"), blank=True)
    eenheid = models.CharField(_("eenheid"), max_length=40, help_text=_("Bijvoorbeeld: inwoners, %, per 1.000."))
    aggregatie = models.CharField(_("optellen over gemeenten"), max_length=10, choices=Aggregatie.choices)
    domein = models.CharField(_("domein"), max_length=20, choices=Domein.choices)
    # Empty: not yet assigned; the key figures show it under "Overige cijfers" until someone picks a part.
    deel = models.CharField(
        _("deel van het regiobeeld"),
        max_length=20,
        choices=Cijferdeel.choices,
        blank=True,
        help_text=_("Bij welk deel van het regiobeeld de cijfers van deze indicator staan."),
    )
    bron = models.CharField(_("bron"), max_length=200, help_text=_("Bijvoorbeeld: CBS StatLine 03759ned."))
    licentie = models.CharField(_("licentie"), max_length=100, blank=True)
    leeftijdsgroep = models.CharField(
        _("leeftijdsgroep"),
        max_length=40,
        blank=True,
        help_text=_(
            "Vul in bij aantallen inwoners per leeftijdsgroep (bijvoorbeeld: 0-14 jaar) voor de leeftijdsopbouw."
        ),
    )
    regio = models.ForeignKey(
        Regio,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lokale_indicatoren",
        verbose_name=_("alleen voor regio"),
        help_text=_("Leeg voor de landelijke catalogus; gevuld voor een lokale indicator van één regio."),
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=100)
    actief = models.BooleanField(_("actief"), default=True)
    # A ratio ("verhouding"): teller / noemer x factor, for a gemeente and for an area alike as a ratio of sums
    # (the sum of the numerators over the sum of the denominators), never a sum or mean of the gemeenten's ratios.
    teller = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("teller"),
        help_text=_("Alleen bij een verhouding: de indicator die wordt gedeeld (bijvoorbeeld: kosten)."),
    )
    noemer = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("noemer"),
        help_text=_("Alleen bij een verhouding: de indicator waardoor wordt gedeeld (bijvoorbeeld: verzekerdejaren)."),
    )
    factor = models.DecimalField(
        _("factor"),
        max_digits=12,
        decimal_places=2,
        default=1,
        help_text=_("Alleen bij een verhouding: bijvoorbeeld 10000 voor huisartsen per 10.000 inwoners."),
    )

    history = HistoricalRecords(verbose_name=_("historie van indicator"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["domein", "volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(regio__isnull=True), name="uniek_landelijke_code"),
            models.UniqueConstraint(fields=["regio", "code"], name="uniek_lokale_code"),
        ]

    def __str__(self) -> str:
        # "Inwoners (inwoners)" says nothing twice: the unit only where it adds something.
        if not self.eenheid or self.eenheid.lower() in self.naam.lower():
            return self.naam
        return f"{self.naam} ({self.eenheid})"

    @property
    def is_verhouding(self) -> bool:
        return self.aggregatie == Aggregatie.VERHOUDING

    def clean(self) -> None:
        """A ratio names two counted indicators of the catalogue or the same region; anything else none."""
        fouten: dict[str, object] = {}
        if not self.is_verhouding:
            if self.teller_id or self.noemer_id:
                fouten["aggregatie"] = _("Alleen een verhouding heeft een teller en een noemer.")
        else:
            for veld in ("teller", "noemer"):
                andere: Indicator | None = getattr(self, veld)
                if andere is None:
                    fouten[veld] = _("Kies de indicator voor de %(veld)s.") % {"veld": veld}
                elif andere.pk is not None and andere.pk == self.pk:
                    fouten[veld] = _("Een verhouding kan niet uit zichzelf worden berekend.")
                elif andere.is_verhouding:
                    fouten[veld] = _("Kies een ingelezen indicator, geen andere verhouding.")
                elif andere.regio_id is not None and andere.regio_id != self.regio_id:
                    fouten[veld] = _("Kies een indicator van de landelijke catalogus of van dezelfde regio.")
            if not fouten and self.teller_id == self.noemer_id:
                fouten["noemer"] = _("Teller en noemer moeten verschillende indicatoren zijn.")
            if self.factor is None or self.factor <= 0:
                fouten["factor"] = _("De factor moet groter dan nul zijn.")
        if fouten:
            raise ValidationError(fouten)


class Indicatoralias(models.Model):
    """A column title (or cell text) a source uses for an indicator: "Bevolking op 1 januari (aantal)" in CBS
    StatLine, "KOSTEN_FARMACIE" in Vektis' open files. An import whose column carries it maps itself."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="aliassen")
    tekst = models.CharField(_("kolomtitel"), max_length=200)
    bron = models.CharField(
        _("bron"), max_length=200, blank=True, help_text=_("Welke tabel of welk bestand deze titel gebruikt.")
    )

    class Meta:
        verbose_name = _("kolomtitel van een indicator")
        verbose_name_plural = _("kolomtitels van indicatoren")
        constraints = [models.UniqueConstraint(fields=["indicator", "tekst"], name="uniek_indicatoralias")]

    def __str__(self) -> str:
        return f"{self.tekst} → {self.indicator_id}"


class Importbestand(models.Model):
    """One upload of figures: read, mapped, converted and stored in steps; the page reads this row."""

    class Status(models.TextChoices):
        WACHT = "wacht", _("wacht op verwerking")
        LEZEN = "lezen", _("bestand wordt gelezen")
        KOPPELEN = "koppelen", _("kies welke kolom wat is")
        OMZETTEN = "omzetten", _("cijfers worden gecontroleerd")
        CONTROLE = "controle", _("klaar om te bevestigen")
        OPSLAAN = "opslaan", _("cijfers worden opgeslagen")
        OPGESLAGEN = "opgeslagen", _("opgeslagen")
        MISLUKT = "mislukt", _("mislukt")
        GEANNULEERD = "geannuleerd", _("geannuleerd")

    sleutel = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="importbestanden")
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    bestand = models.FileField(upload_to="imports/", max_length=255)
    grootte = models.PositiveBigIntegerField(_("grootte in bytes"))
    bron = models.CharField(_("bron"), max_length=200)
    is_illustratief = models.BooleanField(_("illustratief (verzonnen) cijfermateriaal"), default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WACHT)
    voortgang = models.PositiveSmallIntegerField(default=0)
    fout = models.TextField(blank=True)
    kolommen = models.JSONField(default=list, blank=True)
    voorbeeld = models.JSONField(default=list, blank=True)
    koppeling = models.JSONField(default=dict, blank=True)
    afgewezen = models.JSONField(default=list, blank=True)
    aantal_waarden = models.PositiveIntegerField(default=0)
    aantal_leeg = models.PositiveIntegerField(default=0)
    aantal_afgewezen = models.PositiveIntegerField(default=0)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)
    opgeslagen_op = models.DateTimeField(null=True, blank=True)
    verstuurd_op = models.DateTimeField(null=True, blank=True)
    # Set while a worker runs the current step: a duplicate delivery leaves it alone, and the relay hands the
    # step to another worker when it stays set past the time limit (the worker died). Tries of the current step.
    gestart_op = models.DateTimeField(null=True, blank=True)
    pogingen = models.PositiveSmallIntegerField(default=0)
    # A file of forecasts, made in this year (empty: measured figures).
    prognosejaar = models.PositiveSmallIntegerField(_("prognose gemaakt in"), null=True, blank=True)
    # The mapping offered came from an earlier confirmed import of a file with the same columns.
    koppeling_onthouden = models.BooleanField(default=False)
    # The check step: gemeenten of the division with a value in the file, and of the region.
    gemeenten_herkend = models.PositiveIntegerField(default=0)
    gemeenten_totaal = models.PositiveIntegerField(default=0)
    regio_herkend = models.PositiveIntegerField(default=0)
    regio_totaal = models.PositiveIntegerField(default=0)
    # Rows added up into one value per gemeente, indicator and year (Koppeling.optellen), for the check step.
    opgeteld_rijen = models.PositiveIntegerField(default=0)
    opgeteld_waarden = models.PositiveIntegerField(default=0)

    class LegeCellen(models.TextChoices):
        BEHOUDEN = "behouden", _("oude waarde behouden (en tonen welke)")
        VERWIJDEREN = "verwijderen", _("oude waarde verwijderen")

    # Cells empty in this file for which the region holds an older value: kept (listed) or removed, as the
    # person chose when confirming. `oude_waarden`: the first of them, to list; `aantal_oude_waarden`: all.
    lege_cellen = models.CharField(
        _("lege cellen"), max_length=12, choices=LegeCellen.choices, default=LegeCellen.BEHOUDEN
    )
    oude_waarden = models.JSONField(default=list, blank=True)
    aantal_oude_waarden = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("import van cijfers")
        verbose_name_plural = _("imports van cijfers")
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.bestandsnaam} ({self.get_status_display()})"

    @property
    def bezig(self) -> bool:
        return self.status in {
            self.Status.WACHT,
            self.Status.LEZEN,
            self.Status.OMZETTEN,
            self.Status.OPSLAAN,
        }


class Onthoudenkoppeling(models.Model):
    """The column mapping last confirmed for a file with these columns in this region, offered again next time."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="+")
    kolommen_sleutel = models.CharField(max_length=64)
    kolommen = models.JSONField(default=list)
    koppeling = models.JSONField(default=dict)
    bron = models.CharField(_("bron"), max_length=200, blank=True)
    bevestigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    bevestigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("onthouden koppeling")
        verbose_name_plural = _("onthouden koppelingen")
        constraints = [models.UniqueConstraint(fields=["regio", "kolommen_sleutel"], name="uniek_onthouden_koppeling")]

    def __str__(self) -> str:
        return f"{self.regio_id} · {self.bron}"


class Cijfer(models.Model):
    """One figure: an indicator's value for a gemeente in a year, as a region imported it."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="cijfers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="cijfers")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    waarde = models.DecimalField(_("waarde"), max_digits=20, decimal_places=6)
    bron = models.CharField(_("bron"), max_length=200)
    is_illustratief = models.BooleanField(_("illustratief"), default=False)
    importbestand = models.ForeignKey(Importbestand, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Empty: measured. Filled: a forecast, made in that year; never counted with measured figures.
    prognosejaar = models.PositiveSmallIntegerField(_("prognose gemaakt in"), null=True, blank=True)
    # A newer import left this gemeente's cell empty and the person kept this older value: the key figures say so.
    # Cleared when an import gives the cell a value again.
    behouden_bij = models.ForeignKey(
        Importbestand,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behouden bij import"),
    )

    class Meta:
        verbose_name = _("cijfer")
        verbose_name_plural = _("cijfers")
        constraints = [
            models.UniqueConstraint(fields=["regio", "indicator", "gemeente", "jaar"], name="uniek_cijfer"),
        ]
        indexes = [models.Index(fields=["regio", "indicator", "jaar"], name="cijfer_regio_indicator_jaar")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.gemeente_id} {self.jaar}: {self.waarde}"


class Regiobeeld(models.Model):
    """The picture of a region for one year, written by both contracting parties."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="regiobeelden")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    # Every change raises the version; an agreement holds only for the version it was given on.
    versie = models.PositiveIntegerField(default=1)
    gebaseerd_op = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(verbose_name=_("historie van regiobeeld"))

    class Meta:
        verbose_name = _("regiobeeld")
        verbose_name_plural = _("regiobeelden")
        ordering = ["regio__naam", "-jaar"]
        constraints = [models.UniqueConstraint(fields=["regio", "jaar"], name="uniek_regiobeeld_per_jaar")]

    def __str__(self) -> str:
        return f"{self.regio} {self.jaar}"


class Deelsoort(models.TextChoices):
    """The guide's six parts of a regiobeeld, in its order."""

    PARTIJEN = "partijen", _("Deelnemende partijen")
    BESCHRIJVING = "beschrijving", _("Beschrijving van de regio")
    TRENDS = "trends", _("Trends in het zorglandschap")
    ZORGVRAAG = "zorgvraag", _("Ontwikkeling van de zorgvraag")
    ZORGAANBOD = "zorgaanbod", _("Beschrijving van het zorgaanbod")
    UITDAGINGEN = "uitdagingen", _("Uitdagingen")


class Deel(models.Model):
    """One part of a regiobeeld with its interpretation (duiding), edited by both parties."""

    regiobeeld = models.ForeignKey(Regiobeeld, on_delete=models.CASCADE, related_name="delen")
    soort = models.CharField(max_length=20, choices=Deelsoort.choices)
    duiding = models.TextField(_("duiding"), blank=True)
    versie = models.PositiveIntegerField(default=1)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(verbose_name=_("historie van deel"))

    class Meta:
        verbose_name = _("deel van het regiobeeld")
        verbose_name_plural = _("delen van het regiobeeld")
        constraints = [models.UniqueConstraint(fields=["regiobeeld", "soort"], name="uniek_deel")]

    def __str__(self) -> str:
        return f"{self.regiobeeld} · {self.get_soort_display()}"


class Uitdaging(models.Model):
    regiobeeld = models.ForeignKey(Regiobeeld, on_delete=models.CASCADE, related_name="uitdagingen")
    titel = models.CharField(_("titel"), max_length=200)
    beschrijving = models.TextField(_("beschrijving"), blank=True)
    indicatoren = models.ManyToManyField(Indicator, blank=True, related_name="+", verbose_name=_("indicatoren"))
    volgorde = models.PositiveSmallIntegerField(default=0)
    # Raised by every save: two people saving the same challenge merge (regio.gelijktijdig.opslaan_met_versie).
    versie = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[indicatoren], verbose_name=_("historie van uitdaging"))

    class Meta:
        verbose_name = _("uitdaging")
        verbose_name_plural = _("uitdagingen")
        ordering = ["volgorde", "pk"]

    def __str__(self) -> str:
        return self.titel


class Uitgelicht(models.Model):
    """An indicator the parties put at the top of their regiobeeld (chosen on the key-figures page)."""

    regiobeeld = models.ForeignKey(Regiobeeld, on_delete=models.CASCADE, related_name="uitgelicht")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    gekozen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gekozen_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uitgelichte indicator")
        verbose_name_plural = _("uitgelichte indicatoren")
        ordering = ["gekozen_op", "pk"]
        constraints = [models.UniqueConstraint(fields=["regiobeeld", "indicator"], name="uniek_uitgelicht")]

    def __str__(self) -> str:
        return f"{self.regiobeeld} · {self.indicator_id}"


class Akkoord(models.Model):
    """A party agreed to one version of a regiobeeld, through a member with a valid mandate."""

    regiobeeld = models.ForeignKey(Regiobeeld, on_delete=models.CASCADE, related_name="akkoorden")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    regiobeeld_versie = models.PositiveIntegerField()
    gegeven_op = models.DateTimeField(auto_now_add=True)
    # A change withdraws the agreement (as regio.goedkeuring does for plans and contracts); the worker tells the
    # person who gave it once (intrekking_gemeld_op), and a relay resends rows left unset.
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_omdat = models.CharField(_("ingetrokken omdat"), max_length=300, blank=True)
    intrekking_gemeld_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("akkoord")
        verbose_name_plural = _("akkoorden")
        ordering = ["-gegeven_op"]

    def __str__(self) -> str:
        return f"{self.organisatie} akkoord met {self.regiobeeld} (versie {self.regiobeeld_versie})"


class Reactie(Reactiebasis):
    """A comment on the regiobeeld, one of its parts or challenges, or an internal note of one party."""

    regiobeeld = models.ForeignKey(Regiobeeld, on_delete=models.CASCADE, related_name="reacties")
    deel = models.ForeignKey(Deel, on_delete=models.CASCADE, null=True, blank=True, related_name="reacties")
    uitdaging = models.ForeignKey(Uitdaging, on_delete=models.CASCADE, null=True, blank=True, related_name="reacties")

    class Meta(Reactiebasis.Meta):
        constraints = [hoogstens_een_onderwerp("deel", "uitdaging", name="regiobeeld_reactie_een_onderwerp")]

    def __str__(self) -> str:
        return f"{self.auteur} over {self.regiobeeld}"
