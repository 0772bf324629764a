from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegiobeeldConfig(AppConfig):
    name = "regiobeeld"
    verbose_name = _("Regiobeeld")

    def ready(self) -> None:
        from regiobeeld import gesprek  # noqa: F401 - registers the regiobeeld's comment threads (regio/gesprekken)
