from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from regio.demo import DEMO_WACHTWOORD, demo_laden, demo_toegestaan


class Command(BaseCommand):
    help = "Laadt de demonstratiegegevens (echte gemeenten, verzonnen organisaties en personen). Herhaalbaar."

    def handle(self, *args: Any, **options: Any) -> None:
        demo_toegestaan()
        resultaat = demo_laden()
        # Each higher app adds its own demo step (settings.REGIO_DEMO_STAPPEN): regio imports none of them.
        for stap in settings.REGIO_DEMO_STAPPEN:
            import_string(stap)()
        self.stdout.write(self.style.SUCCESS(f"Demo geladen: {resultaat.regios} regio's."))
        self.stdout.write(f"Inloggen kan als (wachtwoord voor allen: {DEMO_WACHTWOORD}):")
        for p in resultaat.personas:
            self.stdout.write(f"  {p.email:36} {p.naam}: {p.wie}")
        self.stdout.write(
            "Wie een mandaat heeft of koepelmedewerker is, logt in met tweestapsverificatie: de code staat op de app "
            "(sleutel in README) of komt uit: DEBUG=true .venv/bin/python manage.py demo_code <e-mailadres>"
        )
