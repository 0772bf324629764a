"""Invitations: an organisation's manager invites a person by e-mail address; the link makes them a member.

The token: 32 random bytes (URL-safe), in the link only. The database keeps its SHA-256 hash, to find the
invitation, and the token encrypted with the product's key (regio/geheimen.py), so that the worker, or its relay
after a broker outage, can still mail the link; whoever reads a backup holds neither. allauth has no invitations
and Django's signed tokens cannot be used once only without a row like this anyway: the row is the truth.

- It expires (REGIO_UITNODIGING_DAGEN, 7 days); sending it again gives a new token and a new term, the old link
  stops working. Withdrawing it stops the link too.
- Accepting uses it up: the token is cleared and the row marked; the same link refused afterwards.
- An address without an account: the person chooses a name and password, gets an account and the membership,
  is signed in, and goes on to set up two-factor authentication where that is asked of them
  (`tweestaps.tweestaps_na_uitnodiging`). An address with an account: the membership is added once that account
  has signed in and accepts.
- The e-mail is sent by the worker after commit; a row not mailed is sent again by the relay (beat).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regio import audit, geheimen, services
from regio.access import is_koepel, uitnodiging_is_voor
from regio.models import Auditregel, Gebruiker, Lidmaatschap, Rol, Uitnodiging
from regio.zelfbeheer import beheerder_vereist

if TYPE_CHECKING:
    from regio.models import Organisatie

# The relay leaves a fresh invitation to the task queued with it.
RELAIS_NA = dt.timedelta(minutes=2)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _nieuw_token(uitnodiging: Uitnodiging) -> None:
    token = secrets.token_urlsafe(32)
    uitnodiging.token_hash = _hash(token)
    uitnodiging.token_versleuteld = geheimen.versleutelen(token)
    uitnodiging.verloopt_op = timezone.now() + dt.timedelta(days=settings.REGIO_UITNODIGING_DAGEN)
    uitnodiging.gemaild_op = None


def token_van(uitnodiging: Uitnodiging) -> str:
    """The token of an open invitation (for its e-mail); empty once it is used up or withdrawn."""
    return geheimen.ontsleutelen(uitnodiging.token_versleuteld) if uitnodiging.token_versleuteld else ""


def bij_token(token: str) -> Uitnodiging | None:
    """The invitation whose link holds `token`, whatever its state (the page explains a used or expired one)."""
    if not token or len(token) > 100:
        return None
    return Uitnodiging.objects.select_related("organisatie", "uitgenodigd_door").filter(token_hash=_hash(token)).first()


def _vastleggen(uitnodiging: Uitnodiging, wat: str, gebruiker: Gebruiker | None) -> None:
    audit.vastleggen(
        soort=Auditregel.Soort.UITNODIGING,
        wat=f"{wat}: {uitnodiging.email} als {uitnodiging.rol}",
        gebruiker=gebruiker,
        organisatie=uitnodiging.organisatie,
    )


def _mailen_na_commit(uitnodiging: Uitnodiging) -> None:
    from regio import tasks

    tasks.uitnodiging_mailen.delay_on_commit(uitnodiging.pk)


@transaction.atomic
def uitnodiging_maken(
    *, organisatie: Organisatie, email: str, rol: str, functie: str = "", acting_user: Gebruiker
) -> Uitnodiging:
    beheerder_vereist(acting_user, organisatie)
    return _maken(organisatie=organisatie, email=email, rol=rol, functie=functie, acting_user=acting_user)


@transaction.atomic
def eerste_beheerder_uitnodigen(*, organisatie: Organisatie, email: str, acting_user: Gebruiker) -> Uitnodiging:
    """Koepel staff setting up a region invite a party's first manager (regio/inrichten.py): the same
    invitation as a manager's own, with the role beheerder; from then on the organisation manages itself."""
    if not is_koepel(acting_user):
        raise PermissionDenied(_("Alleen koepelmedewerkers nodigen de eerste beheerder van een organisatie uit."))
    return _maken(organisatie=organisatie, email=email, rol=Rol.BEHEERDER, functie="", acting_user=acting_user)


def _maken(*, organisatie: Organisatie, email: str, rol: str, functie: str, acting_user: Gebruiker) -> Uitnodiging:
    email = Gebruiker.objects.normalize_email(email.strip()).lower()
    if Lidmaatschap.objects.filter(organisatie=organisatie, gebruiker__email__iexact=email).exists():
        raise ValidationError({"email": _("Iemand met dit e-mailadres is al lid van de organisatie.")})
    if Uitnodiging.objects.open().filter(organisatie=organisatie, email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Dit adres is al uitgenodigd. Verstuur die uitnodiging opnieuw in de lijst hieronder.")}
        )
    uitnodiging = Uitnodiging(
        organisatie=organisatie, email=email, rol=rol, functie=functie, uitgenodigd_door=acting_user
    )
    _nieuw_token(uitnodiging)
    uitnodiging.full_clean()
    uitnodiging.save()
    _vastleggen(uitnodiging, "uitgenodigd", acting_user)
    _mailen_na_commit(uitnodiging)
    return uitnodiging


def _open_vergrendeld(uitnodiging: Uitnodiging) -> Uitnodiging:
    rij = Uitnodiging.objects.select_for_update(of=("self",)).select_related("organisatie").get(pk=uitnodiging.pk)
    if not rij.is_open():
        raise ValidationError(_("Deze uitnodiging is al aangenomen of ingetrokken."))
    return rij


@transaction.atomic
def uitnodiging_opnieuw_versturen(*, uitnodiging: Uitnodiging, acting_user: Gebruiker) -> Uitnodiging:
    """Send it again with a new link and a new term; the old link no longer works."""
    beheerder_vereist(acting_user, uitnodiging.organisatie)
    rij = _open_vergrendeld(uitnodiging)
    _nieuw_token(rij)
    rij.keer_verstuurd += 1
    rij.save()
    _vastleggen(rij, "uitnodiging opnieuw verstuurd", acting_user)
    _mailen_na_commit(rij)
    return rij


@transaction.atomic
def uitnodiging_intrekken(*, uitnodiging: Uitnodiging, acting_user: Gebruiker) -> Uitnodiging:
    beheerder_vereist(acting_user, uitnodiging.organisatie)
    rij = _open_vergrendeld(uitnodiging)
    rij.ingetrokken_op = timezone.now()
    rij.token_versleuteld = ""
    rij.save()
    _vastleggen(rij, "uitnodiging ingetrokken", acting_user)
    return rij


def _bruikbaar_vergrendeld(uitnodiging: Uitnodiging) -> Uitnodiging:
    rij = _open_vergrendeld(uitnodiging)
    if rij.is_verlopen():
        raise ValidationError(_("Deze uitnodiging is verlopen. Vraag de beheerder om haar opnieuw te versturen."))
    return rij


def _aangenomen(rij: Uitnodiging, gebruiker: Gebruiker) -> None:
    services.lid_maken(
        gebruiker=gebruiker, organisatie=rij.organisatie, rol=rij.rol, functie=rij.functie, acting_user=gebruiker
    )
    rij.aangenomen_op = timezone.now()
    rij.aangenomen_door = gebruiker
    rij.token_versleuteld = ""
    rij.save()
    _vastleggen(rij, "uitnodiging aangenomen", gebruiker)


def account_bestaat(email: str) -> bool:
    return Gebruiker.objects.filter(email__iexact=email).exists()


@transaction.atomic
def uitnodiging_aannemen_met_nieuw_account(*, uitnodiging: Uitnodiging, naam: str, wachtwoord: str) -> Gebruiker:
    """A person without an account accepts: account (with the invited address, confirmed by the link), password,
    membership. Raises ValidationError (password too weak, expired, used) with nothing changed."""
    rij = _bruikbaar_vergrendeld(uitnodiging)
    if account_bestaat(rij.email):
        raise ValidationError(_("Er is al een account met dit e-mailadres. Log in om de uitnodiging aan te nemen."))
    gebruiker = Gebruiker(email=rij.email, naam=naam.strip())
    password_validation.validate_password(wachtwoord, gebruiker)
    gebruiker.set_password(wachtwoord)
    gebruiker.full_clean()
    gebruiker.save()
    # The link reached this mailbox: the address is confirmed (allauth's record of it).
    EmailAddress.objects.create(user=gebruiker, email=rij.email, primary=True, verified=True)
    _aangenomen(rij, gebruiker)
    return gebruiker


@transaction.atomic
def uitnodiging_aannemen(*, uitnodiging: Uitnodiging, acting_user: Gebruiker) -> Lidmaatschap:
    """The person with the invited address, signed in to their existing account, accepts: the membership is
    added (or, for a member already, the role set to the invited one)."""
    rij = _bruikbaar_vergrendeld(uitnodiging)
    if not uitnodiging_is_voor(acting_user, rij):
        raise PermissionDenied(_("Deze uitnodiging is voor een ander e-mailadres."))
    _aangenomen(rij, acting_user)
    return Lidmaatschap.objects.get(gebruiker=acting_user, organisatie=rij.organisatie)


def te_mailen(nu: dt.datetime | None = None) -> list[int]:
    """Open, unexpired invitations whose e-mail has not gone out for a while (the relay queues them again)."""
    nu = nu or timezone.now()
    return list(
        Uitnodiging.objects.open()
        .filter(gemaild_op__isnull=True, verloopt_op__gt=nu, aangemaakt_op__lt=nu - RELAIS_NA)
        .values_list("pk", flat=True)[:500]
    )


def uitnodiging_url(token: str) -> str:
    return f"{settings.REGIO_BASIS_URL}{reverse('regio:uitnodiging', args=[token])}"


def bericht(uitnodiging: Uitnodiging, token: str) -> tuple[str, str]:
    velden = {
        "org": uitnodiging.organisatie.naam,
        "wie": uitnodiging.uitgenodigd_door.get_full_name(),
        "rol": uitnodiging.get_rol_display(),
        "url": uitnodiging_url(token),
        "datum": date_format(timezone.localtime(uitnodiging.verloopt_op), "j F Y H:i"),
    }
    onderwerp = _("[Regio] Uitnodiging van %(org)s") % velden
    tekst = (
        _(
            "Goedendag,\n\n"
            "%(wie)s nodigt u uit als %(rol)s van %(org)s in Regio, waar huisartsenorganisatie en zorgverzekeraar "
            "samen het regiobeeld, het regioplan en de contractafspraken van hun regio maken.\n\n"
            "Neem de uitnodiging aan via deze link: %(url)s\n\n"
            "De link werkt één keer en tot %(datum)s. Hebt u nog geen account, dan kiest u daar een wachtwoord. "
            "Verwachtte u deze uitnodiging niet, dan kunt u dit bericht negeren.\n\n"
            "(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
        )
        % velden
    )
    return onderwerp, tekst


def uitnodiging_mailen(pk: int) -> int:
    """Mail the link of open invitation `pk`, once per token (run by the worker; running twice sends once)."""
    with transaction.atomic():
        rij = (
            Uitnodiging.objects.open()
            .select_for_update(of=("self",))
            .select_related("organisatie", "uitgenodigd_door")
            .filter(pk=pk, gemaild_op__isnull=True)
            .first()
        )
        if rij is None or rij.is_verlopen() or not rij.token_versleuteld:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            onderwerp, tekst = bericht(rij, token_van(rij))
        verstuurd = send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [rij.email])
        Uitnodiging.objects.filter(pk=pk).update(gemaild_op=timezone.now())
    return verstuurd
