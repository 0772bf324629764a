"""The abstract comment: a thread on a document or one of its subjects, shared or internal to one party."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regio.models import Organisatie


class Reactiebasis(models.Model):
    """A comment, or an internal note of one party (only its members read it). A reply carries its thread's
    subject and visibility; the thread's first comment carries whether it is resolved."""

    antwoord_op = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="antwoorden")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    namens = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("namens organisatie")
    )
    # Set for an internal note: only members of this organisation can read it.
    intern_voor = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("intern voor")
    )
    tekst = models.TextField(_("reactie"))
    genoemd = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("genoemd"))
    geplaatst_op = models.DateTimeField(_("geplaatst op"), auto_now_add=True)
    opgelost_op = models.DateTimeField(_("opgelost op"), null=True, blank=True)
    opgelost_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set by the worker once the e-mails about this comment went out; a relay resends rows left unset.
    gemaild_op = models.DateTimeField(null=True, blank=True)

    # The names of the people mentioned, as the thread shows them ("Genoemd: ..."): set by gesprekken.draden.
    genoemde_namen: list[str]

    class Meta:
        abstract = True
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["geplaatst_op", "pk"]


def hoogstens_een_onderwerp(*velden: str, name: str) -> models.CheckConstraint:
    """A thread is about the whole document or about one of its subjects `velden`, never two at once."""
    conditie = Q()
    for i in range(len(velden)):
        conditie |= Q(**{f"{v}__isnull": True for j, v in enumerate(velden) if j != i})
    return models.CheckConstraint(condition=conditie, name=name)
