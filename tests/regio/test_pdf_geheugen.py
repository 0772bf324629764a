"""A PDF worker gives its memory back after each job (regio.pdf.geheugen_teruggeven): WeasyPrint's freed pages of
a long document would otherwise stay with the process until the next job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.regio.pdf_proef import FOUT, ProefPdf


@pytest.mark.django_db
@pytest.mark.parametrize("fout", [False, True])
def test_the_worker_gives_memory_back_after_each_job_made_or_failed(
    wereld: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fout: bool,
) -> None:
    from regio import pdfwerk
    from regio.models import Pdfopdracht

    settings.REGIO_PDF_DOCUMENTEN = {"proef": "tests.regio.pdf_proef.ProefPdf"}
    settings.MEDIA_ROOT = tmp_path
    teruggegeven: list[str] = []
    monkeypatch.setattr(pdfwerk, "geheugen_teruggeven", lambda: teruggegeven.append(Pdfopdracht.objects.get().status))
    FOUT.clear()
    if fout:
        FOUT.append(RuntimeError("kapot"))

    with django_capture_on_commit_callbacks(execute=True):
        pdfwerk.pdf_aanvragen(document=ProefPdf(wereld.regio), acting_user=wereld.bewerker)

    # After the row says how it went: the memory is given back once the job is done, not before.
    assert teruggegeven == [Pdfopdracht.Status.MISLUKT if fout else Pdfopdracht.Status.KLAAR]


def test_the_print_user_agent_sheet_keeps_markers_on_list_items_only_and_drops_the_note_rules() -> None:
    """WeasyPrint computes a style per element for every universal pseudo-element rule of its user-agent sheet:
    regio.pdf narrows them (a third less peak memory for a long plan), and falls back to WeasyPrint's own sheet
    when a new version words them differently."""
    from weasyprint.html import UA

    from regio.pdf import ua_stylesheet_tekst

    smal = ua_stylesheet_tekst(UA)
    assert smal is not None
    regels = [r.strip() for r in smal.splitlines()]
    assert not [r for r in regels if r.startswith("::")]  # no rule left that matches every element
    assert [r for r in regels if "::marker" in r] == [
        "li::marker, summary::marker { font-variant-numeric: tabular-nums; white-space: pre; text-transform: none }"
    ]
    assert "counter(footnote)" not in smal and "counter(note)" not in smal
    assert ua_stylesheet_tekst(UA.replace("::footnote-call {", "::footnote-call{")) is None
    assert ua_stylesheet_tekst("body { margin: 0 }") is None


def test_no_print_template_or_stylesheet_makes_footnotes_or_notes() -> None:
    """The narrowed user-agent sheet leaves out the footnote and note markers: safe only while nothing prints one."""
    from django.conf import settings

    basis = Path(settings.BASE_DIR)
    bestanden = [basis / "static" / "css" / "print.css", *sorted((basis / "templates").glob("**/pdf/*.html"))]
    assert len(bestanden) > 4
    for pad in bestanden:
        tekst = pad.read_text(encoding="utf-8")
        assert "footnote" not in tekst and "float: note" not in tekst, pad
