"""Browser fixtures: Debian's chromium via Playwright; screenshots go to var/screenshots."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from regio.tweestaps import totp_code
from tests.factories import WACHTWOORD
from tests.personas import Wereld, wereld_bouwen
from tests.servers import CHROMIUM_ARGS, ROOT, chromium_vereist

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = ROOT / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    chromium = chromium_vereist()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def wereld_live(transactional_db: None, live_server: object) -> Wereld:
    return wereld_bouwen()


@pytest.fixture
def nieuwe_pagina(browser, live_server) -> Iterator[Callable[..., object]]:
    contexts = []

    def maak(breedte: int = 1280, *, als: str | None = None) -> object:
        """A page in a browser context of its own (a person at their own computer); with `als` (an e-mail
        address) that person is signed in already, through a session cookie (`sessie_cookie`)."""
        # Dutch, as the users are (Accept-Language, Intl formats in scripts). Headless chromium still draws date
        # fields month-first; tests type dates that read the same either way.
        context = browser.new_context(
            viewport={"width": breedte, "height": 900}, base_url=live_server.url, locale="nl-NL"
        )
        contexts.append(context)
        if als is not None:
            context.add_cookies([sessie_cookie(als, live_server.url)])
        return context.new_page()

    yield maak
    for c in contexts:
        c.close()


def inloggen(pagina, email: str, wachtwoord: str = WACHTWOORD) -> None:
    """Sign in as a person would: the password, then the code from their authenticator app if they have one; and
    someone who must use two-factor authentication but has no app yet sets it up first, as the product asks."""
    pagina.goto("/account/login/")
    pagina.get_by_label("E-mailadres").fill(email)
    pagina.get_by_label("Wachtwoord", exact=True).fill(wachtwoord)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_load_state()
    for _ in range(4):
        pad = urlsplit(pagina.url).path
        if pad == reverse("mfa_authenticate"):
            pagina.get_by_label("Code", exact=True).fill(_totp_code(email, _sleutel_van(email)))
            pagina.get_by_role("button", name="Inloggen").click()
        elif pad == reverse("mfa_activate_totp"):
            # Right after signing in the set-up opens without asking the password again (regio.tweestaps).
            tweestaps_instellen(pagina, email)
        else:
            return
        pagina.wait_for_load_state()


def tweestaps_instellen(pagina, email: str) -> None:
    """On the set-up page of two-factor authentication: add the shown key to the "app", type its code, and go on
    past the recovery codes (shown once) to "Mijn regio's"."""
    sleutel = pagina.locator("#totp-sleutel").inner_text().strip()
    pagina.get_by_label("Code uit uw app").fill(_totp_code(email, sleutel))
    pagina.get_by_role("button", name="Instellen").click()
    pagina.wait_for_load_state()
    pagina.get_by_role("link", name="Verder naar Mijn regio's").click()


def sessie_cookie(email: str, url: str) -> dict[str, str]:
    """A session cookie of `email`, signed in without the login form: the fastest way into a journey whose subject
    is not signing in (`inloggen` is for those that are). It counts as signed in with the password only: a
    decision that asks for two-factor authentication in this session (`tweestaps_voor_besluit`) still asks."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(email__iexact=email))
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


_laatste_code: dict[int, str] = {}


def _sleutel_van(email: str) -> str:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    totp = Authenticator.objects.get(user__email__iexact=email, type=Authenticator.Type.TOTP)
    return decrypt(totp.data["secret"])


def _totp_code(email: str, sleutel: str) -> str:
    """The code the person's app shows now. A code works once: a second sign-in within the same period waits for
    the next code, as a person would."""
    from allauth.mfa import app_settings
    from django.contrib.auth import get_user_model

    persoon = get_user_model().objects.get(email__iexact=email).pk
    code = totp_code(sleutel)
    if _laatste_code.get(persoon) == code:
        time.sleep(app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD + 0.5)
        code = totp_code(sleutel)
    _laatste_code[persoon] = code
    return code


def screenshot(pagina, naam: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pad = SCREENSHOTS / f"{naam}.png"
    pagina.screenshot(path=str(pad), full_page=True)
    return pad


def _alle_grafieken_vragen(pagina) -> None:
    """Ask static/js/grafieken.js to draw every chart now, as printing does (beforeprint)."""
    pagina.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")


def grafieken_tekenen(pagina) -> None:
    """Draw every chart of the page now, and wait until they are drawn (or shown as their table on a narrow screen).
    static/js/grafieken.js draws a chart only when it comes near the screen; printing the page (beforeprint) draws
    them all, so that a screenshot of the whole page and axe-core see every chart."""
    _alle_grafieken_vragen(pagina)
    pagina.wait_for_function(
        "() => [...document.querySelectorAll('[data-grafiek]')].every(e => e.hidden || e.querySelector('.main-svg'))"
    )


def overloop(pagina) -> tuple[int, int] | None:
    """(page width, window width) when the page is wider than the window: it scrolls sideways."""
    breedte, venster = pagina.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return (breedte, venster) if breedte > venster else None


BREEDTES = (1366, 390)  # a laptop, a phone

# Every chart drawn (or shown as its table on a narrow screen) and as wide as its frame: plotly follows a new window
# width a moment after the resize (its handler waits for the resizing to stop), as a person sees it do.
_GRAFIEKEN_PASSEN = """() => [...document.querySelectorAll('[data-grafiek]')].every(e => {
    const svg = e.querySelector('.main-svg');
    return e.hidden || (svg !== null && svg.getBoundingClientRect().width <= e.clientWidth + 1);
})"""


def grafieken_passen(pagina) -> None:
    """Wait until the page's charts are drawn at the window's width; a chart that never fits is left for `overloop`
    to report."""
    from playwright.sync_api import TimeoutError as Verlopen

    # Charts below the fold are drawn only when scrolled to: ask for them all first, or this waited out its 5 s.
    _alle_grafieken_vragen(pagina)
    with contextlib.suppress(Verlopen):
        pagina.wait_for_function(_GRAFIEKEN_PASSEN, timeout=5_000)


def breedtes_vastleggen(pagina, naam: str, deel=None) -> dict[int, tuple[int, int]]:
    """Screenshots at a laptop's and a phone's width, `naam`-<width>.png: of `deel` (a locator) when given, else of
    the whole page. Returns per width where the page scrolls sideways (`overloop`); the window gets its width back."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    eerder = pagina.viewport_size
    te_breed = {}
    for breedte in BREEDTES:
        pagina.set_viewport_size({"width": breedte, "height": eerder["height"]})
        grafieken_passen(pagina)
        if (o := overloop(pagina)) is not None:
            te_breed[breedte] = o
        if deel is None:
            screenshot(pagina, f"{naam}-{breedte}")
        else:
            deel.screenshot(path=str(SCREENSHOTS / f"{naam}-{breedte}.png"))
    pagina.set_viewport_size(eerder)
    return te_breed


AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def toegankelijkheid(pagina) -> list[dict]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    if not pagina.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's DevTools protocol, which the page's Content-Security-Policy does not
        # govern (a <script> tag would be refused, as it should be).
        pagina.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    resultaat = pagina.evaluate(
        """async () => {
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            }));
        }"""
    )
    return list(resultaat)
