"""Regions, gemeenten, parties, memberships and mandates: the foundation every other app builds on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import Group, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

cbs_code_validator = RegexValidator(r"^GM\d{4}$", _("Een CBS-gemeentecode ziet eruit als GM0363."))
agb_validator = RegexValidator(r"^\d{8}$", _("Een AGB-code bestaat uit 8 cijfers."))
kvk_validator = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit 8 cijfers."))


class GebruikerManager(BaseUserManager["Gebruiker"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> Gebruiker:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Gebruiker:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> Gebruiker:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class Gebruiker(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address. Koepel staff have `is_staff` (the admin)."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    naam = models.CharField(_("naam"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("koepelmedewerker"),
        default=False,
        help_text=_("Koepelmedewerkers beheren regio's, organisaties en gebruikers in het beheerscherm."),
    )
    # A real column instead of AbstractBaseUser's constant, so koepel staff can block an account.
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = GebruikerManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]  # django-stubs declares it a ClassVar

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["naam", "email"]

    def __str__(self) -> str:
        return self.naam or self.email

    def get_full_name(self) -> str:
        return self.naam or self.email

    def get_short_name(self) -> str:
        return self.naam.split(" ")[0] if self.naam else self.email


class Gemeente(models.Model):
    """A Dutch municipality as CBS publishes it (the 2024 division)."""

    code = models.CharField(_("CBS-code"), max_length=6, unique=True, validators=[cbs_code_validator])
    naam = models.CharField(_("naam"), max_length=100, db_index=True)
    provincie = models.CharField(_("provincie"), max_length=50)
    inwoners = models.PositiveIntegerField(_("inwoners"))
    inwoners_peildatum = models.DateField(_("peildatum inwoners"))
    oppervlakte_land_km2 = models.DecimalField(
        _("oppervlakte land (km²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    bron = models.CharField(_("bron"), max_length=200, default="CBS")

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.code})"


class Regio(models.Model):
    class Afbakening(models.TextChoices):
        GEMEENTEGRENZEN = "gemeentegrenzen", _("gemeentegrenzen")
        ADHERENTIEGEBIED = "adherentiegebied", _("adherentiegebied van een ziekenhuis")
        ANDERS = "anders", _("anders")

    naam = models.CharField(_("naam"), max_length=150, unique=True)
    slug = models.SlugField(
        _("naam in het webadres"),
        max_length=80,
        unique=True,
        help_text=_(
            "Hoe de regio in het webadres staat, bijvoorbeeld oostelijk-zuid-limburg in "
            "/regio/oostelijk-zuid-limburg/. Kleine letters, cijfers en streepjes; wordt vanzelf uit de naam gemaakt."
        ),
    )
    gemeenten = models.ManyToManyField(Gemeente, related_name="regios", verbose_name=_("gemeenten"))
    afbakening = models.CharField(
        _("afbakening"), max_length=20, choices=Afbakening.choices, default=Afbakening.GEMEENTEGRENZEN
    )
    beschrijving = models.TextField(_("beschrijving"), blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[gemeenten], verbose_name=_("historie van regio"))

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["naam"]
        permissions = [
            ("bewerken_regio", _("regiobeeld en regioplan van de regio bewerken (contractpartijen)")),
        ]

    def __str__(self) -> str:
        return self.naam


class OrganisatieSoort(models.Model):
    """A kind of party (GP organisation, insurer, hospital, ...): data the koepel keeps, not code."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    beschrijving = models.TextField(_("beschrijving"), blank=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    class Meta:
        verbose_name = _("soort organisatie")
        verbose_name_plural = _("soorten organisaties")
        ordering = ["volgorde", "naam"]

    def __str__(self) -> str:
        return self.naam


class Organisatie(models.Model):
    """A party: a GP organisation, an insurer, a practice, a hospital, a municipality, ..."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    soort = models.ForeignKey(OrganisatieSoort, on_delete=models.PROTECT, verbose_name=_("soort"))
    agb_code = models.CharField(_("AGB-code"), max_length=8, blank=True, validators=[agb_validator])
    kvk_nummer = models.CharField(_("KvK-nummer"), max_length=8, blank=True, validators=[kvk_validator])
    is_demo = models.BooleanField(
        _("demo-organisatie"),
        default=False,
        help_text=_("Verzonnen organisatie uit de demonstratiegegevens."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("historie van organisatie"))

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Rol(models.TextChoices):
    """A member's role in their organisation. Each role includes the ones before it."""

    LEZER = "lezer", _("lezer")
    BEWERKER = "bewerker", _("bewerker")
    BEHEERDER = "beheerder", _("beheerder")


ROLLEN_OPLOPEND: tuple[Rol, ...] = (Rol.LEZER, Rol.BEWERKER, Rol.BEHEERDER)


class OrganisatieGroep(models.Model):
    """The auth group that holds one organisation's members of (at least) one role.

    Object permissions are granted to these groups, so a party's rights follow its members.
    """

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="groepen")
    rol = models.CharField(max_length=20, choices=Rol.choices)
    groep = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="organisatiegroep")

    class Meta:
        verbose_name = _("groep van organisatie")
        verbose_name_plural = _("groepen van organisaties")
        constraints = [models.UniqueConstraint(fields=["organisatie", "rol"], name="uniek_groep_per_rol")]

    def __str__(self) -> str:
        return f"{self.organisatie} · {self.get_rol_display()}"


class DeelnameQuerySet(models.QuerySet["Deelname"]):
    def lopend_of_komend(self, op: dt.date) -> DeelnameQuerySet:
        """Participations that have not ended on `op` (current or starting later)."""
        return self.filter(Q(tot__isnull=True) | Q(tot__gte=op))

    def lopend(self, op: dt.date) -> DeelnameQuerySet:
        return self.lopend_of_komend(op).filter(van__lte=op)


class Deelname(models.Model):
    """An organisation taking part in a region, in a role, for a period."""

    class DeelnameRol(models.TextChoices):
        CONTRACTPARTIJ = "contractpartij", _("contractpartij")
        DEELNEMER = "deelnemer", _("deelnemer")

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="deelnames", verbose_name=_("regio"))
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="deelnames", verbose_name=_("organisatie")
    )
    rol = models.CharField(_("rol in de regio"), max_length=20, choices=DeelnameRol.choices)
    van = models.DateField(_("vanaf"))
    tot = models.DateField(_("tot en met"), null=True, blank=True)

    objects = DeelnameQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historie van deelname"))

    class Meta:
        # "Deelnames" said nothing to a reader of the admin: these are the organisations taking part in a region.
        verbose_name = _("deelnemende organisatie")
        verbose_name_plural = _("deelnemende organisaties")
        ordering = ["regio__naam", "rol", "organisatie__naam"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "organisatie", "van"], name="uniek_deelname_per_start"),
            models.CheckConstraint(
                condition=Q(tot__isnull=True) | Q(tot__gte=models.F("van")), name="deelname_tot_na_van"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisatie} in {self.regio} ({self.get_rol_display()})"

    def clean(self) -> None:
        if self.van and self.tot and self.tot < self.van:
            raise ValidationError({"tot": _("De einddatum ligt voor de begindatum.")})


class Lidmaatschap(models.Model):
    """A user's membership of an organisation, with a role."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lidmaatschappen",
        verbose_name=_("gebruiker"),
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="lidmaatschappen", verbose_name=_("organisatie")
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.LEZER)
    functie = models.CharField(_("functie"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: zorginkoper."))

    history = HistoricalRecords(verbose_name=_("historie van lidmaatschap"))

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["organisatie__naam", "gebruiker__naam"]
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "organisatie"], name="uniek_lidmaatschap"),
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} · {self.organisatie} ({self.get_rol_display()})"


class Onderwerp(models.TextChoices):
    """What a mandate lets a member decide on."""

    REGIOBEELD = "regiobeeld", _("regiobeeld")
    REGIOPLAN = "regioplan", _("regioplan")
    CONTRACT = "contract", _("contract")
    FINANCIEN = "financien", _("financiën")


class MandaatQuerySet(models.QuerySet["Mandaat"]):
    def geldig_op(self, op: dt.date) -> MandaatQuerySet:
        return self.filter(geldig_van__lte=op).filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=op))

    def van_contractpartijen(self, op: dt.date) -> MandaatQuerySet:
        """Mandates of organisations that are a contracting party of the mandate's region on `op`: only they decide
        (a mandate of anyone else is refused when granted; this keeps older rows out of "who may decide")."""
        partij = Deelname.objects.filter(
            regio_id=models.OuterRef("regio_id"),
            organisatie_id=models.OuterRef("organisatie_id"),
            rol=Deelname.DeelnameRol.CONTRACTPARTIJ,
        ).lopend(op)
        return self.filter(models.Exists(partij))


class Mandaat(models.Model):
    """A member may decide for their organisation on one subject in one region, for a period."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mandaten",
        verbose_name=_("gemandateerde"),
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="mandaten", verbose_name=_("namens organisatie")
    )
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="mandaten", verbose_name=_("regio"))
    onderwerp = models.CharField(_("onderwerp"), max_length=20, choices=Onderwerp.choices)
    geldig_van = models.DateField(_("geldig vanaf"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)
    verleend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="verleende_mandaten",
        verbose_name=_("verleend door"),
    )
    verleend_op = models.DateTimeField(_("verleend op"), default=timezone.now)
    toelichting = models.TextField(_("toelichting"), blank=True, help_text=_("Bijvoorbeeld: het bestuursbesluit."))
    besluitreferentie = models.CharField(
        _("kenmerk van het bestuursbesluit"),
        max_length=200,
        blank=True,
        help_text=_("Het kenmerk of de datum van het besluit van het bestuur, bijvoorbeeld: bestuursbesluit 2026-014."),
    )
    # When holder and managers were told that the mandate ends soon (regio/mandaateinde.py): told once per end date;
    # renewing the mandate clears it.
    einde_gemeld_op = models.DateTimeField(_("einde gemeld op"), null=True, blank=True, editable=False)

    objects = MandaatQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historie van mandaat"))

    class Meta:
        verbose_name = _("mandaat")
        verbose_name_plural = _("mandaten")
        ordering = ["regio__naam", "onderwerp", "organisatie__naam", "-geldig_van"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_van")),
                name="mandaat_tot_na_van",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} · {self.get_onderwerp_display()} · {self.regio}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self._alleen_ingekort():
            # Ending or shortening a mandate is always possible, even when its holder or party no longer qualify.
            if self.geldig_van and self.geldig_tot and self.geldig_tot < self.geldig_van:
                raise ValidationError({"geldig_tot": _("De einddatum ligt voor de begindatum.")})
            return
        if (
            self.gebruiker_id
            and self.organisatie_id
            and not Lidmaatschap.objects.filter(
                gebruiker_id=self.gebruiker_id, organisatie_id=self.organisatie_id
            ).exists()
        ):
            errors["gebruiker"] = _("Alleen een lid van de organisatie kan namens haar een mandaat krijgen.")
        if self.regio_id and self.organisatie_id:
            fout = self._fout_contractpartij()
            if fout:
                errors["regio"] = fout
        if self.geldig_van and self.geldig_tot and self.geldig_tot < self.geldig_van:
            errors["geldig_tot"] = _("De einddatum ligt voor de begindatum.")
        if errors:
            raise ValidationError(errors)

    def _alleen_ingekort(self) -> bool:
        """Is this a stored mandate whose only change is an earlier end (or none at all)?"""
        if self._state.adding or self.pk is None or self.geldig_tot is None:
            return False
        bewaard = Mandaat.objects.filter(pk=self.pk).first()
        if bewaard is None:
            return False
        zelfde = all(
            getattr(bewaard, veld) == getattr(self, veld)
            for veld in ("gebruiker_id", "organisatie_id", "regio_id", "onderwerp", "geldig_van")
        )
        return zelfde and (bewaard.geldig_tot is None or self.geldig_tot <= bewaard.geldig_tot)

    def _fout_contractpartij(self) -> str | None:
        """Only a contracting party of the region decides in it (the guide): a mandate of any other organisation is
        refused, with the reason. The party must be a contracting party during (part of) the mandate's period."""
        deelnames = Deelname.objects.filter(regio_id=self.regio_id, organisatie_id=self.organisatie_id)
        if not deelnames.exists():
            return str(_("De organisatie neemt niet deel aan deze regio."))
        contractpartij = deelnames.filter(rol=Deelname.DeelnameRol.CONTRACTPARTIJ)
        if self.geldig_van:
            contractpartij = contractpartij.filter(Q(tot__isnull=True) | Q(tot__gte=self.geldig_van))
        if self.geldig_tot:
            contractpartij = contractpartij.filter(van__lte=self.geldig_tot)
        if contractpartij.exists():
            return None
        return str(
            _(
                "%(organisatie)s is in %(regio)s geen contractpartij (in deze periode). Alleen de contractpartijen "
                "van een regio besluiten over haar regiobeeld, regioplan en contracten; een mandaat namens een "
                "deelnemer kan daarom niet."
            )
            % {"organisatie": self.organisatie.naam, "regio": self.regio.naam}
        )

    def is_geldig_op(self, op: dt.date) -> bool:
        return self.geldig_van <= op and (self.geldig_tot is None or self.geldig_tot >= op)


class UitnodigingQuerySet(models.QuerySet["Uitnodiging"]):
    def open(self) -> UitnodigingQuerySet:
        """Neither accepted nor withdrawn (expired ones included: they can be sent again)."""
        return self.filter(aangenomen_op__isnull=True, ingetrokken_op__isnull=True)


class Uitnodiging(models.Model):
    """A manager's invitation of a person, by e-mail address, to become a member of their organisation.

    The link holds a random token; the database keeps its SHA-256 hash (to find the invitation) and the token
    encrypted (so the worker, or its relay after a broker outage, can still mail the link). Accepting, withdrawing
    or sending it again makes the token useless (regio/uitnodigingen.py).
    """

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="uitnodigingen", verbose_name=_("organisatie")
    )
    email = models.EmailField(_("e-mailadres"))
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.LEZER)
    functie = models.CharField(_("functie"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: zorginkoper."))
    uitgenodigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uitgenodigd door")
    )
    aangemaakt_op = models.DateTimeField(_("uitgenodigd op"), default=timezone.now)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_versleuteld = models.TextField(blank=True, editable=False)
    verloopt_op = models.DateTimeField(_("verloopt op"))
    gemaild_op = models.DateTimeField(_("gemaild op"), null=True, blank=True)
    keer_verstuurd = models.PositiveSmallIntegerField(_("keer verstuurd"), default=1)
    aangenomen_op = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    aangenomen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangenomen door"),
    )
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = UitnodigingQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-aangemaakt_op", "-pk"]
        constraints = [
            # One open invitation per address and organisation: inviting again sends the open one again.
            models.UniqueConstraint(
                fields=["organisatie", "email"],
                condition=Q(aangenomen_op__isnull=True, ingetrokken_op__isnull=True),
                name="een_open_uitnodiging_per_adres",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.organisatie}"

    def is_verlopen(self, nu: dt.datetime | None = None) -> bool:
        return (nu or timezone.now()) >= self.verloopt_op

    def is_open(self) -> bool:
        return self.aangenomen_op is None and self.ingetrokken_op is None


class WerkerHartslag(models.Model):
    """When a Celery worker last ran a task: lets staff see whether background work runs."""

    naam = models.CharField(max_length=200, unique=True)
    laatst_gezien = models.DateTimeField()

    class Meta:
        verbose_name = _("hartslag van achtergrondverwerking")
        verbose_name_plural = _("hartslagen van achtergrondverwerking")

    def __str__(self) -> str:
        return self.naam


# Direct foreign-key object permissions for the hot model (guardian): fast joins, real FKs.
class RegioUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Regio, on_delete=models.CASCADE)


class RegioGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Regio, on_delete=models.CASCADE)


class Pdfopdracht(models.Model):
    """The PDF of one document (a plan, a regiobeeld, a contract): the job and, when done, its file.

    One row per document: making it again replaces the file. The row is the source of truth for the
    worker: a request that could not reach the broker waits here and is sent by the relay.
    """

    class Status(models.TextChoices):
        WACHT = "wacht", _("wacht op de achtergrondverwerking")
        BEZIG = "bezig", _("wordt gemaakt")
        KLAAR = "klaar", _("klaar")
        MISLUKT = "mislukt", _("mislukt")

    soort = models.CharField(_("soort document"), max_length=30)
    object_id = models.PositiveBigIntegerField()
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="pdfopdrachten", verbose_name=_("regio"))
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("aangevraagd door")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHT)
    fout = models.TextField(_("waarom mislukt"), blank=True)
    # Relative to MEDIA_ROOT, with a random part: nobody can guess it, and only the download view serves it.
    bestand = models.CharField(max_length=200, blank=True)
    document_versie = models.PositiveIntegerField(_("versie van het document"), null=True, blank=True)
    aantal_paginas = models.PositiveIntegerField(_("pagina's"), null=True, blank=True)
    pogingen = models.PositiveSmallIntegerField(default=0)
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    verstuurd_op = models.DateTimeField(null=True, blank=True)
    gestart_op = models.DateTimeField(null=True, blank=True)
    # The worker's heartbeat while it renders (regio/pdfwerk.py): a job whose heartbeat stopped lost its worker.
    levend_op = models.DateTimeField(null=True, blank=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("pdf-opdracht")
        verbose_name_plural = _("pdf-opdrachten")
        ordering = ["-aangevraagd_op"]
        constraints = [models.UniqueConstraint(fields=["soort", "object_id"], name="een_pdf_per_document")]

    def __str__(self) -> str:
        return f"pdf {self.soort} {self.object_id} ({self.get_status_display()})"

    @property
    def bezig(self) -> bool:
        return self.status in (self.Status.WACHT, self.Status.BEZIG)


class AuditQuerySet(models.QuerySet["Auditregel"]):
    """The log is append-only for the application: rows are written once and never changed or removed."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("het logboek kan niet worden gewijzigd")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("het logboek kan niet worden gewist")


class Auditregel(models.Model):
    """Who did what, for which party, when: sign-ins, memberships, rights, mandates, approvals, exports."""

    class Soort(models.TextChoices):
        INLOG = "inlog", _("ingelogd")
        INLOG_MISLUKT = "inlog-mislukt", _("inloggen mislukt")
        UITLOG = "uitlog", _("uitgelogd")
        LIDMAATSCHAP = "lidmaatschap", _("lidmaatschap")
        RECHTEN = "rechten", _("rechten")
        MANDAAT = "mandaat", _("mandaat")
        GOEDKEURING = "goedkeuring", _("goedkeuring of akkoord")
        EXPORT = "export", _("pdf gevraagd")
        DOWNLOAD = "download", _("pdf gedownload")
        TWEESTAPS = "tweestaps", _("tweestapsverificatie")
        GEGEVENSEXPORT = "gegevensexport", _("gegevens geëxporteerd")
        UITNODIGING = "uitnodiging", _("uitnodiging")
        REGIO = "regio", _("regio of organisaties ingericht")

    op = models.DateTimeField(_("op"), default=timezone.now, db_index=True)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    # The person (kept as text too, so the line still says who it was if the account is removed).
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    wie = models.CharField(_("wie"), max_length=254)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("namens")
    )
    regio = models.ForeignKey(
        Regio, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("regio")
    )
    wat = models.CharField(_("wat"), max_length=500)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    # About a contract (its title, version, rights, signatures, exports): confidential to its two parties, so the
    # admin shows koepel staff the line without its text (regio/admin.py).
    vertrouwelijk = models.BooleanField(_("vertrouwelijk"), default=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")
        ordering = ["-op", "-pk"]
        indexes = [models.Index(fields=["organisatie", "-op"], name="audit_organisatie_op")]

    def __str__(self) -> str:
        # A line about a contract names it only where its parties read it (their log page), not in the admin.
        wat = self.get_soort_display() if self.vertrouwelijk else self.wat
        return f"{self.op:%Y-%m-%d %H:%M} {self.wie}: {wat}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("het logboek kan niet worden gewijzigd")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("het logboek kan niet worden gewist")


class Documentwijziging(models.Model):
    """One change to a document (a regioplan, a contract, a regiobeeld): who, for which party, what, at which
    version, when. The one change record of every document; `regio/wijzigingen.py` writes and reads it and says
    how it differs from the field history and the logboek.

    The document is named by its model's label and primary key, as the PDF jobs are (`Pdfopdracht`): regio is the
    lowest app and may not point at the documents above it, and reading a document's changes needs neither a
    content-type lookup (a per-process cache, so a page's query count would depend on what ran before) nor a join.
    """

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="documentwijzigingen")
    # The model's label ("regioplan.regioplan", "contracten.contract", "regiobeeld.regiobeeld").
    document_soort = models.CharField(_("soort document"), max_length=100)
    document_id = models.PositiveBigIntegerField()
    versie = models.PositiveIntegerField(_("wijzigingsnummer"))
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # None: the parties together (adopted, signed by both).
    namens = models.ForeignKey(Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    wat = models.CharField(_("wat"), max_length=300)
    op = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("wijziging van een document")
        verbose_name_plural = _("wijzigingen van documenten")
        ordering = ["-op", "-pk"]
        indexes = [models.Index(fields=["document_soort", "document_id", "-op"], name="documentwijziging_document_op")]

    def __str__(self) -> str:
        return f"{self.gebruiker} · {self.wat}"


# The outbox's models live with the code that writes them (regio/berichten.py); imported here so Django finds them.
from regio.berichten import Bericht, Berichtvoorkeur  # noqa: E402, F401
