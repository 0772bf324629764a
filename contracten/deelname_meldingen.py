"""E-mail to a practice that is invited to a contract or one of its packages. Run by the worker.

The message names what the practice is asked to join and links to its invitation page; it carries no amounts.
It goes to the practice's active managers (they decide). Rows are marked sent in the same transaction and rows
already marked are skipped, so running it twice sends nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contracten.models import Praktijkdeelname
from regio.models import Lidmaatschap, Rol


def uitnodiging_url(deelname: Praktijkdeelname) -> str:
    pad = reverse("contracten:uitnodiging", args=[deelname.contract.regio.slug, deelname.pk])
    return f"{settings.REGIO_BASIS_URL}{pad}"


def uitnodiging_mailen(pks: list[int]) -> int:
    """Tell the managers of each invited practice, once per invitation. Withdrawn or already decided
    invitations are not mailed."""
    from contracten.deelname import omschrijving

    with transaction.atomic():
        rijen = list(
            Praktijkdeelname.objects.select_for_update(of=("self",))
            .filter(pk__in=pks, gemaild_op__isnull=True, besluit=Praktijkdeelname.Besluit.UITGENODIGD)
            .select_related("contract__regio", "contract__huisartsenorganisatie", "pakket", "praktijk")
        )
        leden = Lidmaatschap.objects.filter(
            organisatie_id__in={r.praktijk_id for r in rijen}, rol=Rol.BEHEERDER, gebruiker__is_active=True
        ).select_related("gebruiker")
        per_praktijk: dict[int, list[str]] = {}
        for lid in leden:
            per_praktijk.setdefault(lid.organisatie_id, []).append(lid.gebruiker.email)
        berichten = []
        with translation.override(settings.LANGUAGE_CODE):
            for r in rijen:
                ontvangers = sorted(per_praktijk.get(r.praktijk_id, []))
                if not ontvangers:
                    continue
                wat = omschrijving(r.contract, r.pakket)
                onderwerp = _("[Regio] %(praktijk)s is uitgenodigd voor %(wat)s") % {
                    "praktijk": r.praktijk.naam,
                    "wat": wat,
                }
                tekst = _(
                    "Goedendag,\n\n%(org)s nodigt %(praktijk)s uit om mee te doen met %(wat)s.\n\n"
                    "Lees waar het om gaat en geef het besluit van uw praktijk door (meedoen of niet, met de "
                    "datum van het besluit): %(url)s\n\n"
                    "(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
                ) % {
                    "org": r.contract.huisartsenorganisatie.naam,
                    "praktijk": r.praktijk.naam,
                    "wat": wat,
                    "url": uitnodiging_url(r),
                }
                berichten.append((onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, ontvangers))
        verstuurd = send_mass_mail(berichten, fail_silently=False) if berichten else 0
        Praktijkdeelname.objects.filter(pk__in=[r.pk for r in rijen]).update(gemaild_op=timezone.now())
    return verstuurd
