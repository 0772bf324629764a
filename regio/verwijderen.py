"""The page that asks before something is removed: what goes (with what hangs on it) and whose standing agreement,
approval or signature removing it withdraws (regio.goedkeuring.Intrekking, as beside every save button). A plain
page with a form, so it works without JavaScript; the delete itself stays a POST to the same address."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.shortcuts import render

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from regio.goedkeuring import Intrekking
    from regio.models import Regio


def bevestigen(
    request: HttpRequest,
    *,
    regio: Regio,
    kop: str,
    wat: Sequence[str],
    intrekking: Intrekking | None,
    terug_url: str,
    document: str,
    document_url: str,
) -> HttpResponse:
    """`kop`: "Activiteit “X” verwijderen?"; `wat`: every item removing it takes away, as a person reads it;
    `document`/`document_url`: the plan, regiobeeld or contract it is removed from (the breadcrumb)."""
    return render(
        request,
        "_verwijderen.html",
        {
            "regio": regio,
            "kop": kop,
            "wat": wat,
            "intrekking": intrekking,
            "terug_url": terug_url,
            "document": document,
            "document_url": document_url,
        },
    )
