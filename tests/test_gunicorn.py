"""docker-compose's web command (gunicorn, production settings) serves the product on PostgreSQL + Redis."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password

from regio import services
from regio.models import Deelname
from tests.factories import WACHTWOORD, GebruikerFactory, OrganisatieFactory, RegioFactory
from tests.servers import (
    BIN,
    openen,
    postgres_vereist,
    proces,
    redis_vereist,
    server_env,
    var_met_static,
    vrije_poort,
    wacht_tot,
)


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_health_static_files_and_sign_in(tmp_path: Path) -> None:
    postgres_vereist()
    redis_vereist()
    env = server_env(REGIO_VAR_DIR=str(var_met_static()))
    org = services.organisatie_opslaan(organisatie=OrganisatieFactory.build(), acting_user=None)
    regio = RegioFactory.create(naam="Gunicornregio")
    services.deelname_opslaan(
        deelname=Deelname(regio=regio, organisatie=org, rol="contractpartij", van="2025-01-01"),
        acting_user=None,
    )
    gebruiker = GebruikerFactory.create(email="gunicorn@voorbeeld.test")
    # The server runs production settings, which do not know the tests' fast hasher.
    gebruiker.password = make_password(WACHTWOORD, hasher="pbkdf2_sha256")
    gebruiker.save()
    services.lid_maken(gebruiker=gebruiker, organisatie=org, rol="lezer", acting_user=None)

    poort = vrije_poort()
    basis = f"http://127.0.0.1:{poort}"
    args = [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{poort}", "--workers", "2"]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with proces(args, env, tmp_path / "gunicorn.log"):
        assert wacht_tot(lambda: openen(opener, f"{basis}/gezondheid/")[0] == 200, seconden=30), (
            tmp_path / "gunicorn.log"
        ).read_text()
        status, body = openen(opener, f"{basis}/gezondheid/")
        assert json.loads(body) == {"database": "ok", "cache": "ok"}

        status, html = openen(opener, f"{basis}/account/login/")
        assert status == 200 and "Inloggen bij Regio" in html
        css = re.search(r'href="(/static/css/regio\.[0-9a-f]+\.css)"', html)
        assert css, "production settings serve hashed static files"
        assert openen(opener, basis + css.group(1))[0] == 200

        token = next(c.value or "" for c in jar if c.name == "csrftoken")
        status, html = openen(
            opener,
            f"{basis}/account/login/",
            {"login": "gunicorn@voorbeeld.test", "password": WACHTWOORD, "csrfmiddlewaretoken": token},
        )
        assert status == 200 and "Gunicornregio" in html
