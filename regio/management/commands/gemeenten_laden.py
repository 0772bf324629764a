from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regio import services
from regio.gemeenten import BASISBESTAND, PEILDATUM_2024, GemeentebestandFout, gemeenten_lezen


class Command(BaseCommand):
    help = "Laadt de gemeenten (CBS-indeling 2024) of werkt ze bij. Opnieuw draaien maakt geen dubbele."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bestand", type=Path, default=BASISBESTAND)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rijen = gemeenten_lezen(options["bestand"])
        except (OSError, GemeentebestandFout) as exc:
            raise CommandError(str(exc)) from exc
        resultaat = services.gemeenten_laden(rijen=rijen, peildatum=PEILDATUM_2024)
        self.stdout.write(
            self.style.SUCCESS(
                f"Gemeenten geladen: {resultaat.nieuw} nieuw, {resultaat.bijgewerkt} bijgewerkt (Bron: CBS)."
            )
        )
