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
