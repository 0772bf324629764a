"""The outbox: every e-mail that tells a person something waits for them, stored first and sent by the worker.

Code that has something to tell calls `klaarzetten(...)` inside its own transaction, with the recipients and
the subject and text it wrote (in Dutch, under `translation.override(settings.LANGUAGE_CODE)`). One row per
recipient is stored; a rollback stores nothing and sends nothing. After commit the worker sends the rows of people
who want this kind of message at once (`versturen`), one e-mail per row, marking each sent in the same transaction
so a retried task sends nothing twice; rows left unsent (the broker was down) are picked up by the relay
(`wachtende_versturen`, Celery beat). People who chose the daily digest for a kind get one e-mail a day listing
their waiting rows (`dagoverzichten_versturen`).

The models live here, next to the only code that writes them; `regio/models.py` imports them so Django finds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from regio.models import Gebruiker, Regio


class Berichtsoort(models.TextChoices):
    """What a message is about; each person chooses per kind between at once and the daily digest."""

    PLAN_INGEDIEND = "plan_ingediend", _("Een regioplan is ingediend ter vaststelling")
    TER_ONDERTEKENING = "ter_ondertekening", _("Een contract ligt klaar ter ondertekening")
    VOORSTEL_WACHT = "voorstel_wacht", _("Een voorstel wacht op het besluit van uw partij")
    AKKOORD_VERVALLEN = "akkoord_vervallen", _("Uw akkoord of handtekening is vervallen")
    GENOEMD = "genoemd", _("U bent genoemd in een reactie")
    CONTRACT_LOOPTIJD = "contract_looptijd", _("Een contract loopt af of is beëindigd")
    MANDAAT_EINDE = "mandaat_einde", _("Een mandaat loopt binnenkort af")


class Bezorging(models.TextChoices):
    DIRECT = "direct", _("Direct, één e-mail per bericht")
    DAGELIJKS = "dagelijks", _("Eén overzicht per dag")


class Bericht(models.Model):
    """One message for one person: stored in the sender's transaction, e-mailed by the worker."""

    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="berichten", verbose_name=_("ontvanger")
    )
    soort = models.CharField(_("soort"), max_length=30, choices=Berichtsoort.choices)
    regio = models.ForeignKey(
        "regio.Regio", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("regio")
    )
    onderwerp = models.CharField(_("onderwerp"), max_length=300)
    tekst = models.TextField(_("tekst"))
    # A path in the product ("/regio/.../plannen/3/"); the e-mail makes it a full address.
    link = models.CharField(_("link"), max_length=500, blank=True)
    # Chosen when the row is stored, from the person's preference for this kind then.
    bezorging = models.CharField(_("bezorging"), max_length=10, choices=Bezorging.choices, default=Bezorging.DIRECT)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    # Set in the transaction that sent the e-mail (at once or in the digest): the row is never sent twice.
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        app_label = "regio"
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            models.Index(
                fields=["bezorging", "aangemaakt_op"],
                condition=models.Q(verzonden_op__isnull=True),
                name="bericht_wachtend",
            )
        ]

    def __str__(self) -> str:
        return self.onderwerp


class Berichtvoorkeur(models.Model):
    """A person's choice for one kind of message; without a row the message is sent at once."""

    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="berichtvoorkeuren")
    soort = models.CharField(_("soort"), max_length=30, choices=Berichtsoort.choices)
    bezorging = models.CharField(_("bezorging"), max_length=10, choices=Bezorging.choices, default=Bezorging.DIRECT)

    class Meta:
        app_label = "regio"
        verbose_name = _("voorkeur voor berichten")
        verbose_name_plural = _("voorkeuren voor berichten")
        constraints = [models.UniqueConstraint(fields=["gebruiker", "soort"], name="berichtvoorkeur_een_per_soort")]

    def __str__(self) -> str:
        return f"{self.gebruiker_id} · {self.soort}: {self.bezorging}"


def _opslaan(
    ontvangers: Iterable[Gebruiker],
    soort: Berichtsoort,
    onderwerp: str,
    tekst: str,
    link: str,
    regio: Regio | None,
) -> list[Bericht]:
    """One row per active recipient with an e-mail address (once per person), at once or for the digest as each
    person chose for this kind."""
    personen = {g.pk: g for g in ontvangers if g.is_active and g.email}
    if not personen:
        return []
    voorkeur = dict(
        Berichtvoorkeur.objects.filter(gebruiker_id__in=personen, soort=soort).values_list("gebruiker_id", "bezorging")
    )
    nu = timezone.now()
    return Bericht.objects.bulk_create(
        Bericht(
            ontvanger_id=pk,
            soort=soort,
            regio=regio,
            onderwerp=onderwerp[:300],
            tekst=tekst,
            link=link[:500],
            bezorging=voorkeur.get(pk, Bezorging.DIRECT),
            aangemaakt_op=nu,
        )
        for pk in sorted(personen)
    )


def _direct(rijen: list[Bericht]) -> list[int]:
    return [b.pk for b in rijen if b.bezorging == Bezorging.DIRECT]


def klaarzetten(
    *,
    ontvangers: Iterable[Gebruiker],
    soort: Berichtsoort,
    onderwerp: str,
    tekst: str,
    link: str,
    regio: Regio | None,
) -> None:
    """Store the message for each active recipient with an e-mail address (once per person), and after commit
    have the worker send those wanted at once. Call inside the transaction of the change the message is about.

    `tekst` is the message itself: the e-mail adds the greeting, the full address of `link` (a path in the
    product) and where to choose between at once and the digest."""
    direct = _direct(_opslaan(ontvangers, soort, onderwerp, tekst, link, regio))
    if direct:
        from regio.tasks import berichten_versturen  # tasks import services, which import this module

        berichten_versturen.delay_on_commit(direct)


def bezorgen(
    *,
    ontvangers: Iterable[Gebruiker],
    soort: Berichtsoort,
    onderwerp: str,
    tekst: str,
    link: str,
    regio: Regio | None,
) -> int:
    """As `klaarzetten`, for code that already runs in the worker inside its own transaction (a task that marks
    its rows told): the at-once e-mails are sent now and marked sent in that transaction. Returns how many."""
    direct = _direct(_opslaan(ontvangers, soort, onderwerp, tekst, link, regio))
    return versturen(direct) if direct else 0


def _adres(link: str) -> str:
    return f"{settings.REGIO_BASIS_URL}{link}" if link else ""


def _voet() -> str:
    return gettext(
        "U kunt per soort bericht kiezen tussen direct en een dagelijks overzicht: %(url)s\n\n"
        "(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
    ) % {"url": _adres(reverse("regio:meldingen"))}


def _mailtekst(bericht: Bericht) -> str:
    delen = [gettext("Goedendag,"), bericht.tekst]
    if bericht.link:
        delen.append(gettext("Bekijk het in Regio: %(url)s") % {"url": _adres(bericht.link)})
    delen.append(_voet())
    return "\n\n".join(delen)


def _mag_nog_lezen(bericht: Bericht) -> bool:
    """The recipient is still active and, for a message about a region, still takes part in it."""
    from regio.access import partijen_van  # access imports guardian, not loaded while models load

    if not bericht.ontvanger.is_active or not bericht.ontvanger.email:
        return False
    return bericht.regio is None or bool(partijen_van(bericht.ontvanger, bericht.regio))


def versturen(pks: Iterable[int]) -> int:
    """Send the at-once messages `pks` not sent yet, one e-mail each; returns the number sent. Safe to run twice."""
    with transaction.atomic():
        rijen = list(
            Bericht.objects.select_for_update(of=("self",))
            .select_related("ontvanger", "regio")
            .filter(pk__in=list(pks), bezorging=Bezorging.DIRECT, verzonden_op__isnull=True)
        )
        te_sturen = [b for b in rijen if _mag_nog_lezen(b)]
        with translation.override(settings.LANGUAGE_CODE):
            mails = [(b.onderwerp, _mailtekst(b), settings.DEFAULT_FROM_EMAIL, [b.ontvanger.email]) for b in te_sturen]
        verstuurd = send_mass_mail(mails, fail_silently=False) if mails else 0
        # Rows of people who lost access are closed too: they would otherwise wait for the relay forever.
        Bericht.objects.filter(pk__in=[b.pk for b in rijen]).update(verzonden_op=timezone.now())
    return verstuurd


def wachtende(ouder_dan: dt.timedelta) -> list[int]:
    """At-once messages whose e-mail has not gone out (the broker was down when they were stored)."""
    grens = timezone.now() - ouder_dan
    return list(
        Bericht.objects.filter(
            bezorging=Bezorging.DIRECT, verzonden_op__isnull=True, aangemaakt_op__lt=grens
        ).values_list("pk", flat=True)[:500]
    )


def dagoverzicht_versturen(gebruiker_id: int) -> int:
    """One e-mail listing every waiting digest message of this person; 0 or 1. Safe to run twice."""
    with transaction.atomic():
        rijen = list(
            Bericht.objects.select_for_update(of=("self",))
            .select_related("ontvanger", "regio")
            .filter(ontvanger_id=gebruiker_id, bezorging=Bezorging.DAGELIJKS, verzonden_op__isnull=True)
            .order_by("aangemaakt_op", "pk")
        )
        te_sturen = [b for b in rijen if _mag_nog_lezen(b)]
        verstuurd = 0
        if te_sturen:
            ontvanger = te_sturen[0].ontvanger
            with translation.override(settings.LANGUAGE_CODE):
                onderwerp = ngettext(
                    "[Regio] Uw overzicht van vandaag: %(aantal)d bericht",
                    "[Regio] Uw overzicht van vandaag: %(aantal)d berichten",
                    len(te_sturen),
                ) % {"aantal": len(te_sturen)}
                delen = [gettext("Goedendag,"), gettext("Dit wachtte sinds uw vorige overzicht op u:")]
                for b in te_sturen:
                    regel = f"• {b.onderwerp}\n{b.tekst}"
                    if b.link:
                        regel += f"\n{_adres(b.link)}"
                    delen.append(regel)
                delen.append(_voet())
                tekst = "\n\n".join(delen)
            verstuurd = send_mass_mail(
                [(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [ontvanger.email])], fail_silently=False
            )
        Bericht.objects.filter(pk__in=[b.pk for b in rijen]).update(verzonden_op=timezone.now())
    return verstuurd


def met_dagoverzicht() -> list[int]:
    """The people with waiting digest messages."""
    return sorted(
        set(
            Bericht.objects.filter(bezorging=Bezorging.DAGELIJKS, verzonden_op__isnull=True).values_list(
                "ontvanger_id", flat=True
            )
        )
    )


def stil_houden(*, regio: Regio, sinds: dt.datetime) -> int:
    """Mark the messages about `regio` stored since `sinds` as sent, without mailing them: for the demo, whose
    events are news to nobody and whose addresses (.test) reach nobody."""
    return Bericht.objects.filter(regio=regio, aangemaakt_op__gte=sinds, verzonden_op__isnull=True).update(
        verzonden_op=timezone.now()
    )


# --- preferences --------------------------------------------------------------------------------------------


def voorkeuren_van(gebruiker: Gebruiker) -> dict[str, str]:
    """Per kind of message the person's choice (at once unless they chose otherwise)."""
    gekozen = dict(gebruiker.berichtvoorkeuren.values_list("soort", "bezorging"))
    return {soort: gekozen.get(soort, Bezorging.DIRECT) for soort in Berichtsoort.values}


def berichtvoorkeuren_opslaan(*, keuzes: dict[str, str], acting_user: Gebruiker) -> None:
    """Store the person's choice per kind; kinds missing from `keuzes` keep theirs."""
    with transaction.atomic():
        for soort, bezorging in keuzes.items():
            voorkeur = Berichtvoorkeur(gebruiker=acting_user, soort=soort, bezorging=bezorging)
            voorkeur.full_clean(validate_unique=False, validate_constraints=False)
            Berichtvoorkeur.objects.update_or_create(
                gebruiker=acting_user, soort=soort, defaults={"bezorging": bezorging}
            )
