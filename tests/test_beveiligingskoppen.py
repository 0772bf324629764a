"""Security headers on every response: a Content-Security-Policy that lets no inline or foreign script run."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.parametrize("pad", ["/account/login/", "/gezondheid/"])
def test_every_page_forbids_inline_and_foreign_scripts(pad: str, db: None) -> None:
    beleid = Client().get(pad)["Content-Security-Policy"]
    regels = dict(regel.split(" ", 1) for regel in beleid.split("; "))
    assert regels["script-src"] == "'self'"
    assert regels["default-src"] == "'self'"
    assert regels["object-src"] == "'none'" and regels["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in beleid


def test_a_signed_in_page_carries_it_too(wereld: object) -> None:
    client = Client()
    client.force_login(wereld.bewerker)  # type: ignore[attr-defined]
    antwoord = client.get(reverse("regio:mijn_regios"))
    assert "script-src 'self'" in antwoord["Content-Security-Policy"]
    assert antwoord["X-Content-Type-Options"] == "nosniff"
