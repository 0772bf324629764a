"""Backup and restore of the whole product: the database and the files under MEDIA_ROOT, in one .tar.gz.

The archive holds `manifest.json`, the database (`database.dump`, made by pg_dump in its custom format, or
`database.sqlite3`, made with SQLite's online backup API) and the files under `media/`. The database is one
snapshot; the files are copied after it, so a file made during the backup may be there without its row, never
the other way round (unless a file is removed in those seconds). The manifest lists the sha256 of every part:
restoring checks all of them before it touches anything.

The management commands `backup_maken` and `backup_terugzetten` only parse arguments; see docs/backup.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from regio.getallen import getal

FORMAAT = "regio-backup"
FORMAATVERSIE = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASEBESTAND = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
DATABASENAAM = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
# libpq reads these from the environment; Django's OPTIONS for PostgreSQL may carry them (sslmode from the URL).
LIBPQ_OPTIES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}
_BLOK = 1024 * 1024


class BackupFout(Exception):
    """A refusal or a failure, in words the person at the terminal can act on (Dutch)."""


@dataclass(frozen=True)
class Backupverslag:
    pad: Path
    database: str
    aantal_bestanden: int
    grootte: int
    sha256: str

    @property
    def beschrijving(self) -> str:
        return f"{DATABASENAAM[self.database]}, {self.aantal_bestanden} bestanden, {grootte_leesbaar(self.grootte)}"


@dataclass(frozen=True)
class Controleverslag:
    """A backup that passed every check: what it holds, unpacked in `werkmap` (gone when the `with` ends)."""

    manifest: dict[str, Any]
    werkmap: Path

    @property
    def database(self) -> str:
        return str(self.manifest["database"]["soort"])

    @property
    def aantal_bestanden(self) -> int:
        return len(self.manifest["bestanden"]["lijst"])

    @property
    def gemaakt_op(self) -> str:
        """When the backup was made, in the product's time zone, for people."""
        waarde = str(self.manifest["gemaakt_op"])
        try:
            moment = dt.datetime.fromisoformat(waarde)
        except ValueError:
            return waarde
        if timezone.is_naive(moment):
            return waarde
        return f"{timezone.localtime(moment):%d-%m-%Y %H:%M}"


@dataclass(frozen=True)
class Terugzetverslag:
    database: str
    aantal_bestanden: int
    gemaakt_op: str
    # Migrations of this code that the restored database has not had yet: `manage.py migrate` applies them.
    nog_te_migreren: list[str] = field(default_factory=list)


def grootte_leesbaar(aantal: int) -> str:
    for eenheid, factor in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if aantal >= factor:
            return f"{getal(Decimal(aantal) / factor, 1)} {eenheid}"
    return f"{aantal} bytes"


# --- making a backup -------------------------------------------------------------------------------------------


def backup_maken(doel: Path, *, alias: str = "default") -> Backupverslag:
    """Write one .tar.gz at `doel` (which must not exist yet): first the database snapshot, then MEDIA_ROOT."""
    if doel.exists():
        raise BackupFout(f"{doel} bestaat al; een backup overschrijft nooit een ander bestand. Kies een nieuwe naam.")
    if not doel.parent.is_dir():
        raise BackupFout(f"De map {doel.parent} bestaat niet.")
    _niet_in_media(doel)
    verbinding = connections[alias]
    soort = _soort(verbinding)
    deel = doel.with_name(f".{doel.name}.deel")
    if deel.exists():
        raise BackupFout(
            f"{deel} bestaat al: er loopt nog een backup naar {doel}, of een eerdere is halverwege gestopt. "
            "Verwijder dat bestand als er geen backup meer loopt."
        )
    try:
        with tempfile.TemporaryDirectory(dir=doel.parent, prefix=".regio-backup-") as tijdelijk:
            dump = Path(tijdelijk) / DATABASEBESTAND[soort]
            migraties = _toegepaste_migraties(verbinding)
            gemaakt_op = dt.datetime.now(dt.UTC)
            if soort == "postgresql":
                _pg_dumpen(verbinding, dump)
            else:
                _sqlite_dumpen(verbinding, dump)
            aantal = _archief_schrijven(deel, dump, soort, migraties, gemaakt_op)
        os.replace(deel, doel)
    except BaseException:
        deel.unlink(missing_ok=True)
        raise
    return Backupverslag(
        pad=doel,
        database=soort,
        aantal_bestanden=aantal,
        grootte=doel.stat().st_size,
        sha256=_sha256_van(doel),
    )


def _archief_schrijven(
    deel: Path, dump: Path, soort: str, migraties: dict[str, list[str]], gemaakt_op: dt.datetime
) -> int:
    """The database dump, then every file under MEDIA_ROOT, then the manifest describing both."""
    # The file holds personal data: only the owner may read it, from the first byte on.
    uit = os.fdopen(os.open(deel, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    with uit, tarfile.open(fileobj=uit, mode="w:gz", compresslevel=6) as tar:
        database = {"soort": soort, "bestand": dump.name, **_toevoegen(tar, dump, dump.name)}
        bestanden = {rel: _toevoegen(tar, pad, f"{MEDIA}/{rel}") for rel, pad in _mediabestanden()}
        manifest = {
            "formaat": FORMAAT,
            "versie": FORMAATVERSIE,
            "gemaakt_op": gemaakt_op.isoformat(),
            "django": django.get_version(),
            "database": database,
            "migraties": migraties,
            "bestanden": {"aantal": len(bestanden), "gekopieerd_na_de_database": True, "lijst": bestanden},
            "toelichting": (
                "De database is één momentopname. De bestanden uit MEDIA_ROOT zijn daarna gekopieerd: "
                "een bestand dat tijdens de backup ontstond kan erin zitten zonder databaseregel."
            ),
        }
        inhoud = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()
        tar.addfile(_tarinfo(MANIFEST, len(inhoud)), io.BytesIO(inhoud))
    return len(bestanden)


def standaardnaam(nu: dt.datetime | None = None) -> str:
    moment = (nu or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return f"regio-backup-{moment:%Y%m%d-%H%M%S}.tar.gz"


def _niet_in_media(pad: Path) -> None:
    """A backup inside MEDIA_ROOT would back itself up, and restoring replaces (so removes) it."""
    wortel = Path(settings.MEDIA_ROOT).resolve()
    if pad.resolve().is_relative_to(wortel):
        raise BackupFout(f"Een backup hoort niet in MEDIA_ROOT ({wortel}); kies een map daarbuiten.")


def _soort(verbinding: BaseDatabaseWrapper) -> str:
    if verbinding.vendor not in DATABASEBESTAND:
        raise BackupFout(f"Backups kunnen alleen van PostgreSQL of SQLite, niet van {verbinding.vendor}.")
    return verbinding.vendor


def _toegepaste_migraties(verbinding: BaseDatabaseWrapper) -> dict[str, list[str]]:
    per_app: dict[str, list[str]] = {}
    try:
        toegepast = MigrationRecorder(verbinding).applied_migrations()
    except DatabaseError as exc:
        raise BackupFout(f"De database is niet bereikbaar; er is geen backup gemaakt. Melding: {exc}") from exc
    for app, naam in toegepast:
        per_app.setdefault(app, []).append(naam)
    return {app: sorted(namen) for app, namen in sorted(per_app.items())}


def _mediabestanden() -> Iterator[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT, sorted, as (path relative to it with "/", path). Links are left out:
    they point outside what the product owns."""
    wortel = Path(settings.MEDIA_ROOT)
    if not wortel.is_dir():
        return
    for map_, mappen, namen in os.walk(wortel):
        mappen.sort()
        for naam in sorted(namen):
            pad = Path(map_) / naam
            if pad.is_symlink() or not pad.is_file():
                continue
            yield pad.relative_to(wortel).as_posix(), pad


class _Hashend:
    """Hashes exactly the bytes tarfile reads, so the manifest describes what is in the archive."""

    def __init__(self, bron: IO[bytes]) -> None:
        self._bron, self.hash = bron, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        stuk = self._bron.read(n)
        self.hash.update(stuk)
        return stuk


def _tarinfo(naam: str, grootte: int, mtime: float | None = None) -> tarfile.TarInfo:
    info = tarfile.TarInfo(naam)
    info.size = grootte
    info.mode = 0o600
    info.mtime = int(mtime if mtime is not None else dt.datetime.now(dt.UTC).timestamp())
    return info


def _toevoegen(tar: tarfile.TarFile, pad: Path, naam: str) -> dict[str, Any]:
    with pad.open("rb") as bron:
        status = os.fstat(bron.fileno())
        lezer = _Hashend(bron)
        try:
            tar.addfile(_tarinfo(naam, status.st_size, status.st_mtime), lezer)
        except OSError as exc:
            raise BackupFout(f"{pad} veranderde tijdens de backup ({exc}); maak de backup opnieuw.") from exc
    return {"sha256": lezer.hash.hexdigest(), "bytes": status.st_size}


def _sha256_van(pad: Path) -> str:
    h = hashlib.sha256()
    with pad.open("rb") as f:
        while stuk := f.read(_BLOK):
            h.update(stuk)
    return h.hexdigest()


# --- checking and restoring -------------------------------------------------------------------------------------


@contextlib.contextmanager
def backup_controleren(bron: Path, *, alias: str = "default") -> Iterator[Controleverslag]:
    """Unpack `bron` into a temporary folder and check everything (format, checksums, database, migrations)
    without touching the database or MEDIA_ROOT. Raises BackupFout with the reason."""
    if not bron.is_file():
        raise BackupFout(f"{bron} bestaat niet of is geen bestand.")
    _niet_in_media(bron)
    werkplek = _werkplek()
    with tempfile.TemporaryDirectory(dir=werkplek, prefix=".regio-terugzetten-") as tijdelijk:
        werkmap = Path(tijdelijk)
        gevonden = _uitpakken(bron, werkmap)
        manifest = _manifest_lezen(bron, werkmap, gevonden)
        _vergelijken(bron, manifest, gevonden)
        _database_past(manifest, connections[alias])
        yield Controleverslag(manifest=manifest, werkmap=werkmap)


def backup_terugzetten(bron: Path, *, alias: str = "default") -> Terugzetverslag:
    """Replace the database and MEDIA_ROOT's contents with the backup, after every check has passed."""
    verbinding = connections[alias]
    if verbinding.in_atomic_block:
        # pg_restore runs in its own session and would wait for this transaction's locks forever.
        raise BackupFout("Terugzetten kan niet binnen een open databasetransactie.")
    with backup_controleren(bron, alias=alias) as controle:
        dump = controle.werkmap / controle.manifest["database"]["bestand"]
        if controle.database == "postgresql":
            connections.close_all()
            _pg_terugzetten(verbinding, dump)
        else:
            _sqlite_terugzetten(verbinding, dump)
        connections.close_all()
        # Content types are cached per process by primary key; the restored table decides them now.
        ContentType.objects.clear_cache()
        _media_vervangen(controle.werkmap / MEDIA)
        return Terugzetverslag(
            database=controle.database,
            aantal_bestanden=controle.aantal_bestanden,
            gemaakt_op=controle.gemaakt_op,
            nog_te_migreren=_nog_te_migreren(controle.manifest),
        )


def _werkplek() -> Path | None:
    """Unpack next to MEDIA_ROOT when possible: moving the files into place is then a rename, not a copy."""
    ouder = Path(settings.MEDIA_ROOT).parent
    return ouder if ouder.is_dir() and os.access(ouder, os.W_OK) else None


def _onleesbaar(bron: Path, reden: object) -> BackupFout:
    return BackupFout(
        f"{bron} is geen bruikbare backup van Regio: het bestand is beschadigd of iets anders ({reden}). "
        "Er is niets veranderd."
    )


def _uitpakken(bron: Path, werkmap: Path) -> dict[str, str]:
    """Every regular file of the archive into `werkmap`, refusing names outside it, links and doubles.
    Returns name -> sha256 of what was unpacked."""
    gevonden: dict[str, str] = {}
    try:
        with tarfile.open(bron, mode="r:gz") as tar:
            for lid in tar:
                if lid.isdir():
                    continue
                delen = PurePosixPath(lid.name).parts
                toegestaan = lid.name in (MANIFEST, *DATABASEBESTAND.values()) or (len(delen) > 1 and delen[0] == MEDIA)
                if (
                    not lid.isfile()
                    or not toegestaan
                    or lid.name.startswith("/")
                    or any(d in ("", ".", "..") for d in delen)
                    or lid.name in gevonden
                ):
                    raise _onleesbaar(bron, f"onverwacht onderdeel {lid.name!r}")
                doel = werkmap.joinpath(*delen)
                doel.parent.mkdir(parents=True, exist_ok=True)
                uitgepakt = tar.extractfile(lid)
                if uitgepakt is None:
                    raise _onleesbaar(bron, f"onleesbaar onderdeel {lid.name!r}")
                h = hashlib.sha256()
                with uitgepakt, doel.open("xb") as uit:
                    while stuk := uitgepakt.read(_BLOK):
                        h.update(stuk)
                        uit.write(stuk)
                gevonden[lid.name] = h.hexdigest()
            # Read the compressed stream to its very end, so gzip checks its CRC and nothing trails the archive.
            if tar.fileobj is not None:
                while tar.fileobj.read(_BLOK):
                    pass
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise _onleesbaar(bron, exc) from exc
    except OSError as exc:
        # gzip's CRC and format errors are OSErrors too (gzip.BadGzipFile); a full disk is the other kind.
        raise _onleesbaar(bron, exc) from exc
    return gevonden


def _manifest_lezen(bron: Path, werkmap: Path, gevonden: dict[str, str]) -> dict[str, Any]:
    if MANIFEST not in gevonden:
        raise _onleesbaar(bron, f"{MANIFEST} ontbreekt")
    try:
        manifest = json.loads((werkmap / MANIFEST).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _onleesbaar(bron, f"{MANIFEST} is geen geldige JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("formaat") != FORMAAT:
        raise _onleesbaar(bron, "het manifest is niet van Regio")
    if manifest.get("versie") != FORMAATVERSIE:
        raise BackupFout(
            f"{bron} heeft backupformaat {manifest.get('versie')!r}; deze versie van Regio kent alleen formaat "
            f"{FORMAATVERSIE}. Er is niets veranderd."
        )
    if not _manifest_volledig(manifest):
        raise _onleesbaar(bron, "het manifest is onvolledig")
    return manifest


def _manifest_volledig(manifest: dict[str, Any]) -> bool:
    database, bestanden, migraties = manifest.get("database"), manifest.get("bestanden"), manifest.get("migraties")
    if not (isinstance(database, dict) and isinstance(bestanden, dict) and isinstance(migraties, dict)):
        return False
    lijst = bestanden.get("lijst")
    return (
        all(isinstance(database.get(k), str) for k in ("soort", "bestand", "sha256"))
        and isinstance(manifest.get("gemaakt_op"), str)
        and isinstance(lijst, dict)
        and all(isinstance(v, dict) and isinstance(v.get("sha256"), str) for v in lijst.values())
        and all(isinstance(namen, list) and all(isinstance(n, str) for n in namen) for namen in migraties.values())
    )


def _vergelijken(bron: Path, manifest: dict[str, Any], gevonden: dict[str, str]) -> None:
    database = manifest["database"]
    if DATABASEBESTAND.get(database["soort"]) != database["bestand"]:
        raise _onleesbaar(bron, f"onbekende database {database['soort']!r}")
    verwacht = {database["bestand"]: database["sha256"]}
    verwacht |= {f"{MEDIA}/{rel}": v["sha256"] for rel, v in manifest["bestanden"]["lijst"].items()}
    aanwezig = {naam: h for naam, h in gevonden.items() if naam != MANIFEST}
    fouten = [f"{naam} ontbreekt" for naam in sorted(verwacht.keys() - aanwezig.keys())]
    fouten += [f"{naam} staat niet in het manifest" for naam in sorted(aanwezig.keys() - verwacht.keys())]
    fouten += [
        f"het controlegetal (sha256) van {naam} klopt niet"
        for naam in sorted(verwacht.keys() & aanwezig.keys())
        if verwacht[naam] != aanwezig[naam]
    ]
    if fouten:
        meer = f" en nog {len(fouten) - 5}" if len(fouten) > 5 else ""
        raise BackupFout(
            f"{bron} is beschadigd: {'; '.join(fouten[:5])}{meer}. Er is niets veranderd; gebruik een andere backup."
        )


def _database_past(manifest: dict[str, Any], verbinding: BaseDatabaseWrapper) -> None:
    soort = manifest["database"]["soort"]
    if soort != verbinding.vendor:
        raise BackupFout(
            f"Deze backup is van een {DATABASENAAM.get(soort, soort)}-database, maar deze installatie gebruikt "
            f"{DATABASENAAM.get(verbinding.vendor, verbinding.vendor)}. Zet hem terug op een installatie met "
            "dezelfde database (zie DATABASE_URL). Er is niets veranderd."
        )
    onbekend = sorted(
        f"{app}.{naam}"
        for app, namen in manifest["migraties"].items()
        for naam in namen
        if (app, naam) not in _migraties_in_code()
    )
    if onbekend:
        raise BackupFout(
            "Deze backup komt van een nieuwere versie van Regio: de database heeft migraties die deze code niet "
            f"kent ({', '.join(onbekend[:5])}{' …' if len(onbekend) > 5 else ''}). Zet eerst die versie van Regio "
            "neer en zet de backup dan terug. Er is niets veranderd."
        )


def _migraties_in_code() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _nog_te_migreren(manifest: dict[str, Any]) -> list[str]:
    toegepast = {(app, naam) for app, namen in manifest["migraties"].items() for naam in namen}
    return sorted(f"{app}.{naam}" for app, naam in _migraties_in_code() - toegepast)


def _media_vervangen(nieuw: Path) -> None:
    """MEDIA_ROOT keeps its own folder (it may be a mount point); what is inside is replaced."""
    wortel = Path(settings.MEDIA_ROOT)
    wortel.mkdir(parents=True, exist_ok=True)
    for oud in wortel.iterdir():
        if oud.is_dir() and not oud.is_symlink():
            shutil.rmtree(oud)
        else:
            oud.unlink()
    if nieuw.is_dir():
        for kind in nieuw.iterdir():
            shutil.move(kind, wortel / kind.name)


# --- the two databases --------------------------------------------------------------------------------------------


def _pg_verbinding(verbinding: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    """Connection arguments from Django's settings; the password only in the environment (never visible in ps)."""
    s = verbinding.settings_dict
    args: list[str] = ["--no-password"]
    for optie, sleutel in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if s.get(sleutel):
            args += [optie, str(s[sleutel])]
    omgeving = dict(os.environ)
    if s.get("PASSWORD"):
        omgeving["PGPASSWORD"] = str(s["PASSWORD"])
    for optie, variabele in LIBPQ_OPTIES.items():
        waarde = (s.get("OPTIONS") or {}).get(optie)
        if waarde is not None:
            omgeving[variabele] = str(waarde)
    return args, omgeving


def _pg_draaien(programma: str, args: list[str], omgeving: dict[str, str], wat: str) -> None:
    pad = shutil.which(programma)
    if pad is None:
        raise BackupFout(
            f"{programma} is niet gevonden. Installeer de PostgreSQL-clientprogramma's (Debian: postgresql-client), "
            "van dezelfde of een nieuwere versie dan de server."
        )
    # The arguments are ours (settings and our own temporary paths), no shell.
    resultaat = subprocess.run(  # noqa: S603
        [pad, *args], env=omgeving, capture_output=True, text=True, errors="replace", check=False
    )
    if resultaat.returncode != 0:
        raise BackupFout(
            f"{wat} is mislukt: {programma} stopte met foutcode {resultaat.returncode}. "
            f"Melding van {programma}:\n{resultaat.stderr.strip()}"
        )


def _pg_dumpen(verbinding: BaseDatabaseWrapper, doel: Path) -> None:
    args, omgeving = _pg_verbinding(verbinding)
    naam = str(verbinding.settings_dict["NAME"])
    _pg_draaien(
        "pg_dump",
        ["--format=custom", "--no-owner", "--no-privileges", *args, f"--file={doel}", f"--dbname={naam}"],
        omgeving,
        "De databasebackup (pg_dump)",
    )


def _pg_terugzetten(verbinding: BaseDatabaseWrapper, dump: Path) -> None:
    args, omgeving = _pg_verbinding(verbinding)
    naam = str(verbinding.settings_dict["NAME"])
    _pg_draaien(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            f"--dbname={naam}",
            str(dump),
        ],
        omgeving,
        "Het terugzetten van de database (pg_restore; er is niets veranderd)",
    )


def _sqlite_dumpen(verbinding: BaseDatabaseWrapper, doel: Path) -> None:
    """SQLite's online backup API: one consistent copy even while the product keeps writing."""
    verbinding.ensure_connection()
    with contextlib.closing(sqlite3.connect(doel)) as kopie:
        verbinding.connection.backup(kopie)


def _sqlite_terugzetten(verbinding: BaseDatabaseWrapper, bron: Path) -> None:
    connections.close_all()
    try:
        verbinding.ensure_connection()
        with contextlib.closing(sqlite3.connect(f"{bron.as_uri()}?mode=ro", uri=True)) as kopie:
            # One step: the target is replaced as a whole, or (on an error) not at all.
            kopie.backup(verbinding.connection)
    except (sqlite3.Error, DatabaseError) as exc:
        raise BackupFout(f"Het terugzetten van de SQLite-database is mislukt: {exc}") from exc
