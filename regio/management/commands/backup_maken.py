from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regio.backup import BackupFout, backup_maken, standaardnaam


class Command(BaseCommand):
    help = (
        "Maakt één backup (.tar.gz) van de database en alle bestanden in MEDIA_ROOT (pdf's, ingelezen bestanden), "
        "met een manifest met controlegetallen. Zie docs/backup.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "pad",
            help=(
                "het nieuwe bestand, bijvoorbeeld /backups/regio-2026-05-01.tar.gz; een bestaande map: een bestand "
                "met datum en tijd daarin; '-': naar standaarduitvoer (voor docker compose exec -T ... > bestand)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["pad"] == "-":
            self._naar_uitvoer()
            return
        doel = Path(options["pad"])
        if doel.is_dir():
            doel = doel / standaardnaam()
        try:
            verslag = backup_maken(doel)
        except BackupFout as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup gemaakt: {verslag.pad} ({verslag.beschrijving})."))
        self.stdout.write(f"sha256: {verslag.sha256}")

    def _naar_uitvoer(self) -> None:
        """The archive on stdout, the messages on stderr: the file never has to exist inside a container."""
        with tempfile.TemporaryDirectory(prefix="regio-backup-") as tijdelijk:
            try:
                verslag = backup_maken(Path(tijdelijk) / standaardnaam())
            except BackupFout as exc:
                raise CommandError(str(exc)) from exc
            with verslag.pad.open("rb") as archief:
                shutil.copyfileobj(archief, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        self.stderr.write(f"Backup geschreven naar standaarduitvoer ({verslag.beschrijving}); sha256: {verslag.sha256}")
