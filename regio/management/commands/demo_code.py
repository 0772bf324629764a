from __future__ import annotations

import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError, CommandParser

from regio.demo import demo_toegestaan
from regio.models import Gebruiker
from regio.tweestaps import totp_code


def is_demopersoon(gebruiker: Gebruiker) -> bool:
    """Demo data only: a member of a demo organisation, or an address in the reserved .test domain (no real
    person can have one). Everyone else's second factor stays theirs."""
    if gebruiker.email.lower().endswith(".test"):
        return True
    return gebruiker.lidmaatschappen.filter(organisatie__is_demo=True).exists()


class Command(BaseCommand):
    help = (
        "Toont de code van dit moment uit de authenticator-app van een demopersoon (zoals bram, daan en koen), "
        "om in de demo met tweestapsverificatie in te loggen. Weigert voor wie geen demopersoon is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="e-mailadres van de demopersoon, bijvoorbeeld bram@zorggroep-mijnstreek.test")
        parser.add_argument(
            "--herstelcodes", action="store_true", help="toon in plaats daarvan de ongebruikte herstelcodes"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        demo_toegestaan()
        gebruiker = Gebruiker.objects.filter(email__iexact=options["email"].strip()).first()
        if gebruiker is None:
            raise CommandError(f"Geen gebruiker met e-mailadres {options['email']}.")
        if not is_demopersoon(gebruiker):
            raise CommandError(
                f"{gebruiker.email} is geen demopersoon: codes worden alleen getoond voor demo-organisaties "
                "en adressen op .test."
            )
        if options["herstelcodes"]:
            herstel = Authenticator.objects.filter(user=gebruiker, type=Authenticator.Type.RECOVERY_CODES).first()
            if herstel is None:
                raise CommandError(f"{gebruiker.email} heeft geen herstelcodes.")
            for code in herstel.wrap().get_unused_codes():
                self.stdout.write(code)
            return
        totp = Authenticator.objects.filter(user=gebruiker, type=Authenticator.Type.TOTP).first()
        if totp is None:
            raise CommandError(
                f"{gebruiker.email} heeft geen tweestapsverificatie: inloggen kan met alleen het wachtwoord."
            )
        # Only the code on stdout, so that a script can use it; how long it lasts goes to stderr.
        self.stdout.write(totp_code(decrypt(totp.data["secret"])))
        periode = mfa_settings.TOTP_PERIOD
        self.stderr.write(f"De code wisselt over {periode - int(time.time()) % periode} seconden.")
