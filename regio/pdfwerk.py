"""PDF jobs: request one, make it in the worker, relay what waits. The database row is the source of truth.

- A request records the job (status "wacht") and queues the task after commit. If the broker is down, nothing
  errors: the row waits, the page says so, and the relay (Celery beat) sends it when the broker is back.
- The task takes the row only while it is waiting, so a duplicate delivery does nothing; it re-checks that the
  requester may still see the document; it writes the new file under a fresh random name and removes the old
  one only after the row points to the new one; until then the previous file stays downloadable.
- While it renders, a worker writes a heartbeat on the row every few seconds. A worker killed mid-render leaves
  the row "bezig" with a heartbeat that stops: the relay (every ten seconds) puts it back to "wacht" once the
  heartbeat is older than DOOD_NA and sends it again (three tries, then "mislukt"). A person may ask again for a
  job that waits too long or whose worker died; a job with a living worker is not queued twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from regio import audit, wachtrij
from regio.access import partijen_van
from regio.models import Auditregel, Pdfopdracht
from regio.pdf import Pdfdocument, geheugen_teruggeven, renderer_voor

if TYPE_CHECKING:
    from regio.models import Gebruiker

log = logging.getLogger(__name__)

MAX_POGINGEN = 3
MAP = "pdf"
# A rendering worker beats every HARTSLAG seconds; a job without a beat for DOOD_NA lost its worker. A job sent to
# the queue that nobody took within TRAAG_NA may be asked for again.
HARTSLAG = 5.0
DOOD_NA = dt.timedelta(seconds=20)
TRAAG_NA = dt.timedelta(seconds=60)


def _pad(naam: str) -> Path:
    return Path(settings.MEDIA_ROOT) / naam


def _versturen(opdracht: Pdfopdracht, *, na_commit: bool = False) -> None:
    """Queue the job (now, or after commit); if the broker is down the row waits and the relay sends it later."""
    from regio import tasks

    verstuurd = Pdfopdracht.objects.filter(pk=opdracht.pk)
    if na_commit:
        tasks.pdf_maken.delay_on_commit(opdracht.pk, verstuurd=verstuurd)
    else:
        wachtrij.versturen(tasks.pdf_maken, opdracht.pk, verstuurd=verstuurd)


def opdracht_van(soort: str, object_id: int) -> Pdfopdracht | None:
    return Pdfopdracht.objects.filter(soort=soort, object_id=object_id).first()


def loopt(opdracht: Pdfopdracht, nu: dt.datetime | None = None) -> bool:
    """Whether the job is in hand: queued a moment ago, or being rendered by a worker whose heart beats."""
    nu = nu or timezone.now()
    if opdracht.status == Pdfopdracht.Status.WACHT:
        return opdracht.verstuurd_op is not None and opdracht.verstuurd_op > nu - TRAAG_NA
    if opdracht.status == Pdfopdracht.Status.BEZIG:
        laatst = opdracht.levend_op or opdracht.gestart_op
        return laatst is not None and laatst > nu - DOOD_NA
    return False


@transaction.atomic
def pdf_aanvragen(*, document: Pdfdocument, acting_user: Gebruiker) -> Pdfopdracht:
    """Ask for the document's PDF. A job that is already waiting or busy is not queued twice."""
    if not type(document).mag_lezen(acting_user, document.obj):
        raise PermissionDenied
    opdracht, _nieuw = Pdfopdracht.objects.select_for_update().get_or_create(
        soort=document.soort,
        object_id=document.obj.pk,
        defaults={"regio": document.regio(), "aangevraagd_door": acting_user},
    )
    if not _nieuw and loopt(opdracht):
        return opdracht
    opdracht.status = Pdfopdracht.Status.WACHT
    opdracht.aangevraagd_door = acting_user
    opdracht.aangevraagd_op = timezone.now()
    opdracht.fout = ""
    opdracht.pogingen = 0
    opdracht.verstuurd_op = None
    opdracht.gestart_op = None
    opdracht.levend_op = None
    opdracht.save()
    _versturen(opdracht, na_commit=True)
    partijen = partijen_van(acting_user, opdracht.regio)
    audit.vastleggen(
        soort=Auditregel.Soort.EXPORT,
        wat=f"pdf gevraagd van {document.soort} '{document.titel()}' (versie {document.versie()})",
        gebruiker=acting_user,
        organisatie=partijen[0] if partijen else None,
        regio=opdracht.regio,
        vertrouwelijk=document.vertrouwelijk,
    )
    return opdracht


def _mislukt(pk: int, melding: str) -> None:
    Pdfopdracht.objects.filter(pk=pk, status=Pdfopdracht.Status.BEZIG).update(
        status=Pdfopdracht.Status.MISLUKT, fout=melding, klaar_op=timezone.now()
    )


def pdf_maken(pk: int) -> None:
    """The worker's part. Safe to run twice: only a waiting job is taken."""
    with transaction.atomic():
        opdracht = (
            Pdfopdracht.objects.select_for_update()
            .select_related("aangevraagd_door")
            .filter(pk=pk, status=Pdfopdracht.Status.WACHT)
            .first()
        )
        if opdracht is None:
            return
        opdracht.status = Pdfopdracht.Status.BEZIG
        opdracht.gestart_op = opdracht.levend_op = timezone.now()
        opdracht.pogingen += 1
        opdracht.save(update_fields=["status", "gestart_op", "levend_op", "pogingen"])
    gestart_op = opdracht.gestart_op
    try:
        klasse = renderer_voor(opdracht.soort)
        obj = klasse.ophalen(opdracht.object_id)
    except Exception:
        log.exception("PDF %s: document %s %s not found", pk, opdracht.soort, opdracht.object_id)
        _mislukt(pk, _("Het document bestaat niet meer."))
        return
    if not klasse.mag_lezen(opdracht.aangevraagd_door, obj):
        _mislukt(pk, _("U hebt geen toegang (meer) tot dit document; de pdf is niet gemaakt."))
        return
    document = klasse(obj)
    versie = document.versie()
    try:
        with _hartslag(pk, gestart_op):
            _maken_en_opslaan(pk, gestart_op, document, versie)
    finally:
        # The next job should not start with this one's laid-out pages still in the process (see regio.pdf).
        geheugen_teruggeven()


class _hartslag:
    """While the block runs, a thread writes the time on the job's row every HARTSLAG seconds.

    Only in a real worker: a task run in the web process (eager, `make run` and tests) has no worker to lose, and
    its row may be locked by the request's own transaction."""

    def __init__(self, pk: int, gestart_op: dt.datetime | None) -> None:
        self.pk, self.gestart_op = pk, gestart_op
        self.klaar = threading.Event()
        self.draad = threading.Thread(target=self._kloppen, name=f"pdf-hartslag-{pk}", daemon=True)

    def __enter__(self) -> None:
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            self.draad.start()

    def __exit__(self, *_fout: object) -> None:
        self.klaar.set()
        if self.draad.is_alive():
            self.draad.join(timeout=HARTSLAG * 2)

    def _kloppen(self) -> None:
        try:
            while not self.klaar.wait(HARTSLAG):
                Pdfopdracht.objects.filter(
                    pk=self.pk, status=Pdfopdracht.Status.BEZIG, gestart_op=self.gestart_op
                ).update(levend_op=timezone.now())
        except Exception:  # a missed beat only makes the relay try again; it must not stop the PDF
            log.warning("PDF %s: heartbeat failed", self.pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection


def _maken_en_opslaan(pk: int, gestart_op: dt.datetime | None, document: Pdfdocument, versie: int) -> None:
    try:
        inhoud, paginas = document.maken()
    except SoftTimeLimitExceeded:
        log.error("PDF %s: took longer than the time limit", pk)
        _mislukt(pk, _("Het maken van de pdf duurde te lang en is gestopt. Probeer het later opnieuw."))
        return
    except Exception:
        log.exception("PDF %s: rendering failed", pk)
        _mislukt(
            pk,
            _(
                "Het maken van de pdf is mislukt door een fout in het programma. De beheerder kan de oorzaak in "
                "het logboek vinden. Probeer het later opnieuw."
            ),
        )
        return
    _opslaan(pk, gestart_op, inhoud, paginas, versie)


def _opslaan(pk: int, gestart_op: dt.datetime | None, inhoud: bytes, paginas: int, versie: int) -> None:
    naam = f"{MAP}/{secrets.token_urlsafe(24)}.pdf"
    pad = _pad(naam)
    pad.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = pad.with_suffix(".tmp")
    tijdelijk.write_bytes(inhoud)
    os.replace(tijdelijk, pad)
    with transaction.atomic():
        opdracht = Pdfopdracht.objects.select_for_update().filter(pk=pk).first()
        # Still ours? The relay may have handed a stuck job to another worker meanwhile.
        if opdracht is None or opdracht.status != Pdfopdracht.Status.BEZIG or opdracht.gestart_op != gestart_op:
            pad.unlink(missing_ok=True)
            return
        oud = opdracht.bestand
        opdracht.bestand = naam
        opdracht.status = Pdfopdracht.Status.KLAAR
        opdracht.klaar_op = timezone.now()
        opdracht.aantal_paginas = paginas
        opdracht.document_versie = versie
        opdracht.fout = ""
        opdracht.save()
        if oud and oud != naam:
            transaction.on_commit(lambda: _pad(oud).unlink(missing_ok=True))


def pdf_bestand(opdracht: Pdfopdracht) -> Path | None:
    """The latest finished file, if it is there: also while a new one is being made (until it replaces it)."""
    if not opdracht.bestand:
        return None
    pad = _pad(opdracht.bestand)
    return pad if pad.is_file() else None


def _claimen(opdracht: Pdfopdracht, grens: dt.datetime, nu: dt.datetime) -> bool:
    """Take back a job whose worker died (no beat since `grens`) for one new try. The UPDATE itself checks that the
    job is still the dead one, so of two relay runs that both saw it, only one claims it and sends it."""
    return bool(
        Pdfopdracht.objects.alias(laatst=Coalesce("levend_op", "gestart_op"))
        .filter(pk=opdracht.pk, status=Pdfopdracht.Status.BEZIG, gestart_op=opdracht.gestart_op, laatst__lt=grens)
        .update(status=Pdfopdracht.Status.WACHT, verstuurd_op=nu, levend_op=None)
    )


def _wachtende_claimen(pk: int, grens: dt.datetime, nu: dt.datetime) -> bool:
    """Take a job that waits unsent (or sent long ago and never taken) for sending: once, as `_claimen`."""
    return bool(
        Pdfopdracht.objects.filter(pk=pk, status=Pdfopdracht.Status.WACHT)
        .filter(Q(verstuurd_op__isnull=True) | Q(verstuurd_op__lt=grens))
        .update(verstuurd_op=nu)
    )


def _geclaimd_versturen(pk: int, nu: dt.datetime) -> bool:
    """Send a claimed job; with the broker down the claim is given back, so the page says the job waits for the
    background work and the next round sends it."""
    from regio import tasks

    if wachtrij.versturen(tasks.pdf_maken, pk):
        return True
    Pdfopdracht.objects.filter(pk=pk, status=Pdfopdracht.Status.WACHT, verstuurd_op=nu).update(verstuurd_op=None)
    return False


def wachtende_pdfs_versturen(
    *,
    wacht_langer_dan: dt.timedelta = dt.timedelta(seconds=60),
    bezig_langer_dan: dt.timedelta | None = None,
    nu: dt.datetime | None = None,
) -> dict[str, Any]:
    """The relay: send jobs that wait unsent, and give jobs whose worker died (no heartbeat for `bezig_langer_dan`,
    DOOD_NA by default) another try. Each job is claimed by a conditional UPDATE before it is sent, so a job is sent
    once however many relay runs see it. `nu`: the relay's clock (tests move it)."""
    nu = nu or timezone.now()
    if bezig_langer_dan is None:
        bezig_langer_dan = DOOD_NA
    dood_grens = nu - bezig_langer_dan
    opnieuw: list[int] = []
    dood: models.QuerySet[Pdfopdracht] = Pdfopdracht.objects.alias(laatst=Coalesce("levend_op", "gestart_op")).filter(
        status=Pdfopdracht.Status.BEZIG, laatst__lt=dood_grens
    )
    for opdracht in dood:
        if opdracht.pogingen >= MAX_POGINGEN:
            _mislukt(
                opdracht.pk,
                _("Het maken van de pdf lukte na %(n)s pogingen niet. Probeer het later opnieuw.")
                % {"n": MAX_POGINGEN},
            )
        elif _claimen(opdracht, dood_grens, nu):
            opnieuw.append(opdracht.pk)
    wacht_grens = nu - wacht_langer_dan
    wachtend = [
        pk
        for pk in Pdfopdracht.objects.filter(status=Pdfopdracht.Status.WACHT, aangevraagd_op__lt=wacht_grens)
        .filter(Q(verstuurd_op__isnull=True) | Q(verstuurd_op__lt=wacht_grens))
        .values_list("pk", flat=True)
        if _wachtende_claimen(pk, wacht_grens, nu)
    ]
    verstuurd = [pk for pk in [*opnieuw, *wachtend] if _geclaimd_versturen(pk, nu)]
    return {"verstuurd": len(set(wachtend) & set(verstuurd)), "opnieuw": len(opnieuw)}
