from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regio.backup import DATABASENAAM, BackupFout, backup_controleren, backup_terugzetten


class Command(BaseCommand):
    help = (
        "Zet een backup van backup_maken terug: de database en alle bestanden in MEDIA_ROOT worden VERVANGEN. "
        "Zonder --ja wordt de backup alleen gecontroleerd. Zie docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pad", help="de backup (.tar.gz); '-': lees hem van standaardinvoer")
        parser.add_argument(
            "--ja",
            action="store_true",
            help="ja, overschrijf de huidige database en bestanden met de backup",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["pad"] == "-":
            # Checking needs the whole archive before anything is touched: keep stdin in a temporary file first.
            with tempfile.TemporaryDirectory(prefix="regio-terugzetten-") as tijdelijk:
                bron = Path(tijdelijk) / "backup.tar.gz"
                with bron.open("wb") as kopie:
                    shutil.copyfileobj(sys.stdin.buffer, kopie)
                self._terugzetten(bron, ja=options["ja"])
        else:
            self._terugzetten(Path(options["pad"]), ja=options["ja"])

    def _terugzetten(self, bron: Path, *, ja: bool) -> None:
        try:
            if not ja:
                with backup_controleren(bron) as controle:
                    beschrijving = (
                        f"gemaakt op {controle.gemaakt_op}, {DATABASENAAM[controle.database]}, "
                        f"{controle.aantal_bestanden} bestanden"
                    )
                raise CommandError(
                    f"De backup is in orde ({beschrijving}), maar er is niets teruggezet. Terugzetten overschrijft "
                    "ALLES: de hele database en alle bestanden in MEDIA_ROOT worden vervangen door die uit de "
                    "backup; wat sindsdien is veranderd gaat verloren. Weet u het zeker, voeg dan --ja toe."
                )
            verslag = backup_terugzetten(bron)
        except BackupFout as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup van {verslag.gemaakt_op} teruggezet: {DATABASENAAM[verslag.database]}-database en "
                f"{verslag.aantal_bestanden} bestanden."
            )
        )
        if verslag.nog_te_migreren:
            self.stdout.write(
                self.style.WARNING(
                    f"De backup is van een oudere versie van Regio ({len(verslag.nog_te_migreren)} migraties nog "
                    "niet toegepast). Draai nu: python manage.py migrate"
                )
            )
