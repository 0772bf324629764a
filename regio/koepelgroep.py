"""The admin group of koepel staff ("Koepelmedewerkers") and the model permissions it holds.

One definition for both users of it: the data migration that gives every install the group
(regio/migrations/0010_koepelgroep.py, with the historical models) and the demo loader (with the real ones). A change
to the list reaches existing installs through a new migration that calls `koepelgroep_verzekeren` again.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

KOEPELGROEP = "Koepelmedewerkers"

KOEPEL_MODELLEN = (
    "gemeente",
    "regio",
    "organisatie",
    "organisatiesoort",
    "deelname",
    "lidmaatschap",
    "mandaat",
    "gebruiker",
    "pdfopdracht",  # read-only in the admin
    "auditregel",  # read-only in the admin
)

KOEPEL_RECHTEN = (
    Q(content_type__app_label="regio", content_type__model__in=KOEPEL_MODELLEN)
    | Q(content_type__app_label="account", content_type__model="emailaddress")
    # The indicator catalogue is the koepel's; imports they may only look at (the admin is read-only).
    | Q(content_type__app_label="regiobeeld", content_type__model__in=["indicator", "importbestand"])
    # The goal list is the koepel's; plans they may only look at (the admin is read-only).
    | Q(content_type__app_label="regioplan", content_type__model__in=["doel", "regioplan"])
)


def koepelgroep_verzekeren(groep_model: Any = None, recht_model: Any = None) -> Any:
    """The group of koepel staff with exactly the permissions above: model permissions for the admin only (it
    never opens rows in the app). Made once, whoever asks first; asking again changes nothing but the list.
    The models default to Django's own; a migration passes its historical ones."""
    if groep_model is None or recht_model is None:
        from django.contrib.auth.models import Group, Permission

        groep_model, recht_model = Group, Permission
    groep, _ = groep_model.objects.get_or_create(name=KOEPELGROEP)
    groep.permissions.set(recht_model.objects.filter(KOEPEL_RECHTEN))
    return groep
