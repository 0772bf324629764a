from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from regio import geheimen


class Command(BaseCommand):
    help = (
        "Versleutelt de geheimen van tweestapsverificatie opnieuw met de eerste sleutel in REGIO_TWEESTAPS_SLEUTELS "
        "(na het toevoegen van een nieuwe sleutel; daarna kan de oude eruit). Weigert als een geheim met geen van "
        "de sleutels te openen is; dan verandert er niets."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                aantal = geheimen.alles_versleutelen(Authenticator)
        except geheimen.OnleesbaarGeheim as fout:
            raise CommandError(f"Niets veranderd. {fout}") from fout
        self.stdout.write(f"{aantal} opnieuw versleuteld.")
