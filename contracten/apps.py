from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractenConfig(AppConfig):
    name = "contracten"
    verbose_name = _("Contracten")

    def ready(self) -> None:
        from contracten import gesprek  # noqa: F401 - registers the contract's comment threads (regio/gesprekken)
