"""Backup and restore (docs/backup.md): a region's plan, contract, history and files come back field by field
after the database was wiped, on the database the suite runs on (SQLite locally, PostgreSQL in CI); a backup that
is not asked for, damaged or foreign is refused and changes nothing."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model, QuerySet

from contracten.models import (
    Afspraakbedrag,
    Contract,
    Contractafspraak,
    Ondertekening,
    Praktijkdeelname,
)
from regio import backup
from regio.models import Auditregel, Documentwijziging, Pdfopdracht, Regio
from regioplan.models import Activiteit, Meetpunt, Plandeel, Regioplan
from tests.conftest import ontbreekt
from tests.contracten.werelden import contract_wereld, tekenen
from tests.personas import Wereld, wereld_bouwen
from tests.regioplan.matrix_wereld import klare_pdf
from tests.servers import postgres_vereist

# pg_dump and pg_restore work in their own sessions: they see only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Restoring replaces everything in MEDIA_ROOT: each test gets its own, never the suite's shared one."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def kleine_wereld(media: Path) -> Wereld:
    wereld = wereld_bouwen()
    wereld.pdf = klare_pdf("regiobeeld", 1, wereld.regio, wereld)  # type: ignore[attr-defined]
    return wereld


def _rijen(qs: QuerySet[Any]) -> list[dict[str, Any]]:
    """Every concrete field of every row (and the primary keys behind many-to-many fields), ordered by pk."""
    model = qs.model
    rijen = []
    for obj in qs.order_by("pk"):
        rij = {veld.attname: getattr(obj, veld.attname) for veld in model._meta.concrete_fields}
        for veld in model._meta.many_to_many:
            rij[veld.name] = sorted(getattr(obj, veld.name).values_list("pk", flat=True))
        rijen.append(rij)
    return rijen


def _historie(model: type[Model], **filter: Any) -> list[dict[str, Any]]:
    return _rijen(model.history.filter(**filter))  # type: ignore[attr-defined]


def momentopname(regio: Regio) -> dict[str, Any]:
    """The region's plans and contracts with their parts, their history, the log and the PDF jobs, field by
    field; and the number of rows of every table, so nothing elsewhere goes missing either."""
    plannen = list(Regioplan.objects.filter(regio=regio).values_list("pk", flat=True))
    activiteiten = list(Activiteit.objects.filter(regioplan__in=plannen).values_list("pk", flat=True))
    contracten = list(Contract.objects.filter(regio=regio).values_list("pk", flat=True))
    afspraken = list(Contractafspraak.objects.filter(contract__in=contracten).values_list("pk", flat=True))
    return {
        "regioplan": _rijen(Regioplan.objects.filter(pk__in=plannen)),
        "plandeel": _rijen(Plandeel.objects.filter(regioplan__in=plannen)),
        "activiteit": _rijen(Activiteit.objects.filter(pk__in=activiteiten)),
        "meetpunt": _rijen(Meetpunt.objects.filter(activiteit__in=activiteiten)),
        "wijziging": _rijen(Documentwijziging.objects.filter(regio=regio)),
        "contract": _rijen(Contract.objects.filter(pk__in=contracten)),
        "contractafspraak": _rijen(Contractafspraak.objects.filter(pk__in=afspraken)),
        "afspraakbedrag": _rijen(Afspraakbedrag.objects.filter(afspraak__in=afspraken)),
        "ondertekening": _rijen(Ondertekening.objects.filter(contract__in=contracten)),
        "praktijkdeelname": _rijen(Praktijkdeelname.objects.filter(contract__in=contracten)),
        "historie regioplan": _historie(Regioplan, id__in=plannen),
        "historie plandeel": _historie(Plandeel, regioplan_id__in=plannen),
        "historie activiteit": _historie(Activiteit, regioplan_id__in=plannen),
        "historie meetpunt": _historie(Meetpunt, activiteit_id__in=activiteiten),
        "historie contract": _historie(Contract, id__in=contracten),
        "historie contractafspraak": _historie(Contractafspraak, contract_id__in=contracten),
        "historie afspraakbedrag": _historie(Afspraakbedrag, afspraak_id__in=afspraken),
        "logboek": _rijen(Auditregel.objects.all()),
        "pdf-opdrachten": _rijen(Pdfopdracht.objects.filter(regio=regio)),
        "rijen per tabel": {m._meta.label: m._base_manager.count() for m in apps.get_models()},
    }


def bestanden(media: Path) -> dict[str, bytes]:
    return {p.relative_to(media).as_posix(): p.read_bytes() for p in sorted(media.rglob("*")) if p.is_file()}


def _wissen() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert not Regioplan.objects.exists() and not Auditregel.objects.exists()


def _herpakken(bron: Path, doel: Path, *, manifest: Any = None, vervang: dict[str, bytes] | None = None) -> None:
    """Build a new, well-formed archive from `bron` with a changed manifest or changed parts."""
    vervang = dict(vervang or {})
    if manifest is not None:
        vervang[backup.MANIFEST] = json.dumps(manifest).encode()
    with tarfile.open(bron, "r:gz") as oud, tarfile.open(doel, "w:gz") as nieuw:
        for lid in oud:
            inhoud = vervang.get(lid.name) or oud.extractfile(lid).read()  # type: ignore[union-attr]
            lid.size = len(inhoud)
            nieuw.addfile(lid, io.BytesIO(inhoud))


def _manifest(pad: Path) -> dict[str, Any]:
    with tarfile.open(pad, "r:gz") as tar:
        return json.loads(tar.extractfile(backup.MANIFEST).read())  # type: ignore[union-attr]


# --- the round trip ------------------------------------------------------------------------------------------------


def test_after_a_wipe_the_backup_brings_back_the_regions_plan_contract_history_log_and_files(
    media: Path, tmp_path: Path
) -> None:
    wereld = contract_wereld(wereld_bouwen())
    tekenen(wereld, wereld.contract)  # type: ignore[attr-defined]
    klare_pdf("regioplan", wereld.vastgesteld_plan.pk, wereld.regio, wereld)  # type: ignore[attr-defined]
    voor = momentopname(wereld.regio)
    for deel in ("regioplan", "plandeel", "activiteit", "meetpunt", "contract", "contractafspraak", "afspraakbedrag"):
        assert voor[deel], f"the world has no {deel}: the comparison would prove nothing"
    for deel in ("ondertekening", "historie regioplan", "historie contractafspraak", "logboek", "pdf-opdrachten"):
        assert voor[deel], f"the world has no {deel}: the comparison would prove nothing"
    bestanden_voor = bestanden(media)
    assert len(bestanden_voor) == 1
    pad = tmp_path / "regio.tar.gz"

    uit = io.StringIO()
    call_command("backup_maken", str(pad), stdout=uit)
    assert "Backup gemaakt" in uit.getvalue()
    assert pad.stat().st_mode & 0o077 == 0, "a backup holds personal data: only its owner may read it"
    manifest = _manifest(pad)
    assert manifest["database"]["soort"] == connection.vendor
    assert manifest["bestanden"]["aantal"] == 1 and manifest["bestanden"]["gekopieerd_na_de_database"]
    toegepast = MigrationRecorder(connection).applied_migrations()
    assert {(app, naam) for app, namen in manifest["migraties"].items() for naam in namen} == set(toegepast)

    _wissen()
    shutil.rmtree(media)
    media.mkdir()
    (media / "na de backup gemaakt.txt").write_text("hoort er na het terugzetten niet meer te zijn")

    uit = io.StringIO()
    call_command("backup_terugzetten", str(pad), "--ja", stdout=uit)
    assert "teruggezet" in uit.getvalue()

    assert momentopname(wereld.regio) == voor
    assert bestanden(media) == bestanden_voor
    # The product goes on after the restore: new rows get new keys (PostgreSQL's sequences came back too).
    hoogste = max(r["id"] for r in voor["logboek"])
    assert Auditregel.objects.create(soort=Auditregel.Soort.EXPORT, wie="x", wat="na het terugzetten").pk > hoogste


def test_in_ci_the_backup_is_a_pg_dump_of_postgresql(kleine_wereld: Wereld, tmp_path: Path) -> None:
    postgres_vereist()
    pad = tmp_path / "regio.tar.gz"
    call_command("backup_maken", str(pad), stdout=io.StringIO())
    manifest = _manifest(pad)
    assert manifest["database"] | {"sha256": "", "bytes": 0} == {
        "soort": "postgresql",
        "bestand": "database.dump",
        "sha256": "",
        "bytes": 0,
    }
    with tarfile.open(pad, "r:gz") as tar:
        assert tar.extractfile("database.dump").read(5) == b"PGDMP"  # type: ignore[union-attr]


def test_a_backup_goes_through_stdout_and_stdin_so_it_need_not_be_stored_in_a_container(
    kleine_wereld: Wereld, media: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: Any
) -> None:
    voor, bestanden_voor = momentopname(kleine_wereld.regio), bestanden(media)
    call_command("backup_maken", "-")
    archief = capsysbinary.readouterr().out
    assert archief[:2] == b"\x1f\x8b", "stdout holds the .tar.gz itself and nothing else"

    _wissen()
    shutil.rmtree(media)
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(archief)))
    call_command("backup_terugzetten", "-", "--ja", stdout=io.StringIO())

    assert momentopname(kleine_wereld.regio) == voor
    assert bestanden(media) == bestanden_voor


def test_a_folder_as_target_gets_a_backup_named_after_the_moment_and_nothing_is_overwritten_or_put_in_media(
    kleine_wereld: Wereld, media: Path, tmp_path: Path
) -> None:
    call_command("backup_maken", str(tmp_path), stdout=io.StringIO())
    (gemaakt,) = tmp_path.glob("regio-backup-*.tar.gz")
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("backup_maken", str(gemaakt), stdout=io.StringIO())
    with pytest.raises(CommandError, match="hoort niet in MEDIA_ROOT"):
        call_command("backup_maken", str(media / "regio.tar.gz"), stdout=io.StringIO())
    assert not (media / "regio.tar.gz").exists()


# --- refusals: each leaves the database and the files as they were -----------------------------------------------


@pytest.fixture
def backup_en_later(
    kleine_wereld: Wereld, media: Path, tmp_path: Path
) -> tuple[Path, dict[str, Any], dict[str, bytes]]:
    """A backup, then changes after it (a plan, a file): what a refused restore must leave alone."""
    pad = tmp_path / "regio.tar.gz"
    call_command("backup_maken", str(pad), stdout=io.StringIO())
    from tests.regioplan.werelden import plan_maken, regiobeeld_met_uitdagingen

    plan_maken(kleine_wereld, regiobeeld_met_uitdagingen(kleine_wereld, jaar=2025))
    (media / "later.txt").write_text("na de backup")
    return pad, momentopname(kleine_wereld.regio), bestanden(media)


def _niets_veranderd(regio: Regio, media: Path, voor: dict[str, Any], bestanden_voor: dict[str, bytes]) -> None:
    assert momentopname(regio) == voor
    assert bestanden(media) == bestanden_voor


def test_restoring_without_ja_only_checks_the_backup_and_says_it_would_overwrite_everything(
    backup_en_later: tuple[Path, dict[str, Any], dict[str, bytes]], kleine_wereld: Wereld, media: Path
) -> None:
    pad, voor, bestanden_voor = backup_en_later
    assert voor["regioplan"], "the change after the backup must be there to be kept"
    with pytest.raises(CommandError, match="overschrijft ALLES") as fout:
        call_command("backup_terugzetten", str(pad), stdout=io.StringIO())
    assert "--ja" in str(fout.value) and "in orde" in str(fout.value)
    _niets_veranderd(kleine_wereld.regio, media, voor, bestanden_voor)


@pytest.mark.parametrize("plek", [0.1, 0.5, 0.9])
def test_a_backup_with_one_flipped_byte_is_refused_in_dutch_and_changes_nothing(
    backup_en_later: tuple[Path, dict[str, Any], dict[str, bytes]],
    kleine_wereld: Wereld,
    media: Path,
    tmp_path: Path,
    plek: float,
) -> None:
    pad, voor, bestanden_voor = backup_en_later
    inhoud = bytearray(pad.read_bytes())
    inhoud[int(len(inhoud) * plek)] ^= 0xFF
    kapot = tmp_path / "kapot.tar.gz"
    kapot.write_bytes(bytes(inhoud))
    with pytest.raises(CommandError, match="Er is niets veranderd") as fout:
        call_command("backup_terugzetten", str(kapot), "--ja", stdout=io.StringIO())
    assert "beschadigd" in str(fout.value)
    _niets_veranderd(kleine_wereld.regio, media, voor, bestanden_voor)


def test_a_part_that_does_not_match_its_checksum_is_named_and_nothing_changes(
    backup_en_later: tuple[Path, dict[str, Any], dict[str, bytes]],
    kleine_wereld: Wereld,
    media: Path,
    tmp_path: Path,
) -> None:
    pad, voor, bestanden_voor = backup_en_later
    pdf = "media/" + kleine_wereld.pdf.bestand  # type: ignore[attr-defined]
    vervalst = tmp_path / "vervalst.tar.gz"
    _herpakken(pad, vervalst, vervang={pdf: b"%PDF-1.7 iets anders"})
    with pytest.raises(CommandError, match=f"controlegetal \\(sha256\\) van {pdf} klopt niet"):
        call_command("backup_terugzetten", str(vervalst), "--ja", stdout=io.StringIO())
    _niets_veranderd(kleine_wereld.regio, media, voor, bestanden_voor)


def test_a_file_that_is_no_backup_of_regio_is_refused(
    backup_en_later: tuple[Path, dict[str, Any], dict[str, bytes]],
    kleine_wereld: Wereld,
    media: Path,
    tmp_path: Path,
) -> None:
    _, voor, bestanden_voor = backup_en_later
    vreemd = tmp_path / "vreemd.tar.gz"
    with tarfile.open(vreemd, "w:gz") as tar:
        info = tarfile.TarInfo("media/iets.txt")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"iets"))
    tekst = tmp_path / "tekst.tar.gz"
    tekst.write_text("geen archief")
    for bestand, reden in ((vreemd, "manifest.json ontbreekt"), (tekst, "geen bruikbare backup van Regio")):
        with pytest.raises(CommandError, match=reden):
            call_command("backup_terugzetten", str(bestand), "--ja", stdout=io.StringIO())
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("backup_terugzetten", str(tmp_path / "weg.tar.gz"), "--ja", stdout=io.StringIO())
    _niets_veranderd(kleine_wereld.regio, media, voor, bestanden_voor)


def test_a_backup_of_the_other_kind_of_database_or_a_newer_regio_is_refused(
    backup_en_later: tuple[Path, dict[str, Any], dict[str, bytes]],
    kleine_wereld: Wereld,
    media: Path,
    tmp_path: Path,
) -> None:
    pad, voor, bestanden_voor = backup_en_later
    manifest = _manifest(pad)
    ander, ander_bestand = (
        ("sqlite", "database.sqlite3") if connection.vendor == "postgresql" else ("postgresql", "database.dump")
    )
    eigen_bestand = manifest["database"]["bestand"]
    andere_soort = tmp_path / "andere-soort.tar.gz"
    with tarfile.open(pad, "r:gz") as oud, tarfile.open(andere_soort, "w:gz") as nieuw:
        for lid in oud:
            inhoud = oud.extractfile(lid).read()  # type: ignore[union-attr]
            if lid.name == eigen_bestand:
                lid.name = ander_bestand
            if lid.name == backup.MANIFEST:
                inhoud = json.dumps(
                    manifest | {"database": manifest["database"] | {"soort": ander, "bestand": ander_bestand}}
                ).encode()
            lid.size = len(inhoud)
            nieuw.addfile(lid, io.BytesIO(inhoud))
    with pytest.raises(CommandError, match="installatie met dezelfde database"):
        call_command("backup_terugzetten", str(andere_soort), "--ja", stdout=io.StringIO())

    nieuwer = tmp_path / "nieuwer.tar.gz"
    migraties = manifest["migraties"] | {"regio": [*manifest["migraties"]["regio"], "9999_uit_de_toekomst"]}
    _herpakken(pad, nieuwer, manifest=manifest | {"migraties": migraties})
    with pytest.raises(CommandError, match="nieuwere versie van Regio"):
        call_command("backup_terugzetten", str(nieuwer), "--ja", stdout=io.StringIO())
    _niets_veranderd(kleine_wereld.regio, media, voor, bestanden_voor)


# --- PostgreSQL's programs ------------------------------------------------------------------------------------------


def test_a_failing_pg_dump_is_reported_in_dutch_with_its_own_message(
    kleine_wereld: Wereld, tmp_path: Path, monkeypatch: Any
) -> None:
    postgres_vereist()
    if shutil.which("pg_dump") is None:
        ontbreekt("pg_dump is not installed (Debian: postgresql-client)")
    connection.ensure_connection()
    # The test's own connection stays open; pg_dump gets a database that does not exist.
    monkeypatch.setitem(connection.settings_dict, "NAME", "regio_bestaat_niet")
    backups = tmp_path / "backups"
    backups.mkdir()
    with pytest.raises(CommandError, match="De databasebackup \\(pg_dump\\) is mislukt") as fout:
        call_command("backup_maken", str(backups / "regio.tar.gz"), stdout=io.StringIO())
    assert "regio_bestaat_niet" in str(fout.value), "pg_dump's own message is shown"
    assert not list(backups.iterdir()), "a failed backup leaves no half file behind"


def test_the_postgres_password_goes_through_the_environment_never_the_command_line(
    tmp_path: Path, monkeypatch: Any
) -> None:
    gezien: dict[str, Any] = {}

    def run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        gezien.update(args=args, env=kwargs["env"])
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(backup.shutil, "which", lambda programma: f"/usr/bin/{programma}")
    monkeypatch.setattr(backup.subprocess, "run", run)
    verbinding = SimpleNamespace(
        settings_dict={
            "NAME": "regio",
            "USER": "regio",
            "PASSWORD": "geheim-wachtwoord",
            "HOST": "db",
            "PORT": 5432,
            "OPTIONS": {"sslmode": "require"},
        }
    )
    backup._pg_dumpen(verbinding, tmp_path / "database.dump")  # type: ignore[arg-type]
    assert not any("geheim-wachtwoord" in a for a in gezien["args"])
    assert gezien["env"]["PGPASSWORD"] == "geheim-wachtwoord" and gezien["env"]["PGSSLMODE"] == "require"
    assert gezien["args"][0] == "/usr/bin/pg_dump"
    assert {"--format=custom", "--no-owner", "--no-privileges", "--no-password", "--dbname=regio"} <= set(
        gezien["args"]
    )
    assert gezien["args"][gezien["args"].index("--host") + 1] == "db"
