from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegioConfig(AppConfig):
    name = "regio"
    verbose_name = _("Regio's en partijen")

    def ready(self) -> None:
        from regio import (
            audit,  # noqa: F401 - connects the sign-in receivers
            inloglimieten,
            tweestaps,  # noqa: F401 - connects setting up the app as a use of it in this session
        )

        inloglimieten.installeren()
