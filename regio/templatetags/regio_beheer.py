"""Template tags for the koepel's admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import timezone

from regio.models import WerkerHartslag

register = template.Library()

# The beat schedule records a heartbeat every minute; a few missed beats mean the worker is down.
STIL_NA = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Werkerstatus:
    in_process: bool
    laatst_gezien: dt.datetime | None

    @property
    def actief(self) -> bool:
        return self.in_process or (self.laatst_gezien is not None and timezone.now() - self.laatst_gezien < STIL_NA)


@register.inclusion_tag("admin/_werkerstatus.html")
def werkerstatus() -> dict[str, Werkerstatus]:
    laatste = WerkerHartslag.objects.order_by("-laatst_gezien").values_list("laatst_gezien", flat=True).first()
    return {"status": Werkerstatus(in_process=settings.CELERY_TASK_ALWAYS_EAGER, laatst_gezien=laatste)}
