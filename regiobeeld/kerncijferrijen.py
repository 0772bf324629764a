"""The rows of a key-figures table as HTML, joined in Python: fifty indicators with eight cells and a form each cost
some 100 ms through template loops, a few here (as the parties' rows of the regiobeeld page)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from regiobeeld.kerncijfers import Kerncijfer, Sortering

_RIJ = (
    '<tr id="rij-{}{}"><th scope="row">{}{}</th><td class="getal">{}{}{}{}</td><td class="getal">{}</td>'
    '<td class="getal">{}</td><td class="getal"><span aria-hidden="true" title="{}">{}</span>'
    '<span class="visueel-verborgen">{}</span></td><td class="verloop">{}</td><td class="getal jaar">{}</td>'
    '<td class="tekstcel bron">{}</td>{}</tr>'
)
_FORMULIER = (
    '<td><form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    '<input type="hidden" name="indicator" value="{}"><input type="hidden" name="uitgelicht" value="{}">{}'
    '<button type="submit" class="knop knop--klein" aria-pressed="{}">{}<span class="visueel-verborgen">: {}</span>'
    "</button></form></td>"
)


def _formulier(r: Kerncijfer, actie: str, csrf: str, sortering: Sortering) -> SafeString:
    volgorde = (
        format_html(
            '<input type="hidden" name="sorteer" value="{}"><input type="hidden" name="richting" value="{}">',
            sortering.kolom,
            "op" if sortering.oplopend else "af",
        )
        if sortering.kolom
        else ""
    )
    return format_html(
        _FORMULIER,
        actie,
        csrf,
        r.indicator.code,
        "0" if r.uitgelicht else "1",
        volgorde,
        "true" if r.uitgelicht else "false",
        "★ " + _("Uitgelicht") if r.uitgelicht else "☆ " + _("Uitlichten"),
        r.indicator.naam,
    )


def rijen(
    kerncijfers: list[Kerncijfer],
    *,
    achtervoegsel: str = "",
    actie: str = "",
    csrf: str = "",
    sortering: Sortering | None = None,
) -> SafeString:
    """The <tr>s of a table; with `actie` (the highlight URL) each row gets its highlight button."""
    illustratief = format_html(' <span class="label label--signaal">{}</span>', _("illustratief"))
    onvolledig = format_html('<br><span class="hulptekst">{}</span>', _("(niet alle gemeenten)"))
    volgorde = sortering or Sortering()
    return format_html_join(
        "",
        _RIJ,
        (
            (
                r.indicator.code,
                achtervoegsel,
                r.indicator.naam,
                illustratief if r.illustratief else "",
                r.regio,
                format_html('<br><span class="hulptekst">{}</span>', r.regio_per) if r.regio_per else "",
                "" if r.volledig else onvolledig,
                format_html(
                    '<br><span class="label label--signaal">{}</span> <span class="hulptekst">{}</span>',
                    _("oude waarde"),
                    r.behouden,
                )
                if r.behouden
                else "",
                r.provincie,
                r.nederland,
                r.verschil_uitleg,
                r.verschil,
                r.verschil_uitleg,
                r.trend or format_html('<span class="hulptekst">{}</span>', r.trend_tekst),
                r.jaar,
                r.bron,
                _formulier(r, actie, csrf, volgorde) if actie else mark_safe(""),
            )
            for r in kerncijfers
        ),
    )
