"""What the hostile-input tests (issue 7) post and how they check it: shared by the apps' test_vijandige_invoer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Text a person (or an attacker) might type: numbers in every notation, markup, control and wide characters,
# NUL, huge strings, numbers too big for any column.
RUIS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "1e309",
            "-1e309",
            "12.500,5,5",
            "12.500,50",
            "-1",
            "0",
            "NaN",
            "Infinity",
            "99999999999999999999999",
            "\x00",
            "tekst\x00met nul",
            "\x1b[31m\x07",
            "\u202eomgekeerd",
            "x" * 100_000,
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\uff12\uff10\uff12\uff16",  # 2026 in wide digits,
        ]
    ),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
VERSIE = st.one_of(
    st.just(0),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from(["99999999999999999999999", "-99999999999999999999999", "1.5", ""]),
    RUIS,
)
VOORBEELDEN = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def stand(modellen: Iterable[type[Model]]) -> list[Any]:
    """Every row of these tables and the number of their history rows: what 'nothing changed' compares."""
    uit: list[Any] = []
    for model in modellen:
        uit.append(list(model._default_manager.order_by("pk").values()))
        historie = getattr(model, "history", None)
        uit.append(historie.count() if historie is not None else None)
    return uit


def versie_gepost(huidig: int, gekozen: str | int) -> str:
    """The hidden version as posted: the one read (when `gekozen` is 0), a stale one (-n), or anything else."""
    if isinstance(gekozen, int):
        return str(huidig + gekozen) if gekozen else str(huidig)
    return gekozen


def geen_500(antwoord: Any) -> None:
    assert antwoord.status_code in (200, 302, 400, 404, 409, 413, 429), antwoord.status_code


def zoals_gepost(data: dict[str, Any]) -> dict[str, Any]:
    """What a view receives of posted form data: text normalised by regio.middleware.InvoerMiddleware (line
    endings, invisible direction and zero-width characters)."""
    from regio.middleware import invoer_normaliseren

    return {k: invoer_normaliseren(v) if isinstance(v, str) else v for k, v in data.items()}
