"""docker-compose.yml runs the same commands the smoke tests exercise (Docker itself does not run in CI)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from tests.servers import ROOT


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_web_worker_beat_postgres_and_redis() -> None:
    services = _compose()["services"]
    assert {"web", "worker", "beat", "db", "redis", "migrate"} <= set(services)
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")


def test_web_and_worker_run_the_commands_the_smoke_tests_start() -> None:
    services = _compose()["services"]
    assert services["web"]["command"][:2] == ["gunicorn", "config.wsgi"]  # tests/test_gunicorn.py
    assert services["worker"]["command"][:4] == [
        "celery",
        "-A",
        "config",
        "worker",
    ]  # tests/test_achtergrondwerk.py


def test_docker_compose_config_accepts_the_file_when_compose_is_installed() -> None:
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode:
        pytest.skip("docker compose is not installed here; the structure is checked above")
    resultaat = subprocess.run(
        [docker, "compose", "config", "--quiet"],
        cwd=ROOT,
        env={"POSTGRES_PASSWORD": "x", "SECRET_KEY": "x", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultaat.returncode == 0, resultaat.stderr
