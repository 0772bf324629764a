"""Settings from the environment refuse values they cannot read."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_url


def test_booleans_accept_true_and_false_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "ja")
    assert env_bool("X_BOOL") is True
    monkeypatch.setenv("X_BOOL", "false")
    assert env_bool("X_BOOL", default=True) is False


def test_a_boolean_typo_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "yes please")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL")


def test_numbers_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_INT", "12")
    assert env_int("X_INT", 1) == 12
    monkeypatch.setenv("X_INT", "twaalf")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1, minimum=1)


def test_a_url_with_the_wrong_scheme_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_URL", "mysql://db/regio")
    with pytest.raises(ImproperlyConfigured, match="postgres"):
        env_url("X_URL", schemes={"postgres", "sqlite"})
    monkeypatch.setenv("X_URL", "")
    assert env_url("X_URL", schemes={"postgres"}) is None


def test_lists_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    import subprocess
    import sys

    resultaat = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "false"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultaat.returncode != 0
    assert "SECRET_KEY is required" in resultaat.stderr


def test_the_production_settings_pass_djangos_deployment_check(tmp_path: Path) -> None:
    import secrets
    import subprocess
    import sys

    resultaat = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "DEBUG": "false",
            "HTTPS": "true",
            "ALLOWED_HOSTS": "regio.example.nl",
            "REGIO_VAR_DIR": str(tmp_path),
        },
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultaat.returncode == 0, resultaat.stdout + resultaat.stderr
    assert "no issues" in resultaat.stdout
