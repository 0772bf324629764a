from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegioplanConfig(AppConfig):
    name = "regioplan"
    verbose_name = _("Regioplan")

    def ready(self) -> None:
        from regioplan import gesprek  # noqa: F401 - registers the plan's comment threads (regio/gesprekken)
