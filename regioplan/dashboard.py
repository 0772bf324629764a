"""The regioplan's part of the dashboard ("Mijn regio's"): what waits for the person, and each plan's status.

regio cannot import regioplan (data flows one way), so the dashboard asks the apps listed in
settings.REGIO_DASHBOARD for their part; this is that part for the regioplan.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from regio.models import Regio
from regioplan import selectors


def onderdeel(request: HttpRequest, regios: list[Regio]) -> SafeString:
    ids = Regio.objects.filter(pk__in=[r.pk for r in regios])
    wachtend = selectors.wacht_op(request.user, ids) if request.user.is_authenticated else []
    per_regio = selectors.plannen_per_status(ids)
    plannen = [(r, p) for r in regios for p in per_regio.get(r.pk, [])]
    html = render_to_string("regioplan/_dashboard.html", {"wachtend": wachtend, "plannen": plannen}, request=request)
    return mark_safe(html)  # noqa: S308 - rendered by our own template with autoescaping
