"""The koepel keeps the indicator catalogue here; figures and regiobeelden are the regions' own work."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from regiobeeld.models import Importbestand, Indicator, Indicatoralias


class IndicatoraliasInline(admin.TabularInline):
    """The column titles sources use for the indicator: a file with one of them maps itself on import."""

    model = Indicatoralias
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    inlines = [IndicatoraliasInline]
    list_display = ["naam", "code", "eenheid", "aggregatie", "domein", "deel", "bron", "regio", "actief"]
    list_editable = ["deel"]
    list_filter = ["domein", "deel", "aggregatie", "actief", ("regio", admin.EmptyFieldListFilter)]
    search_fields = ["naam", "code", "definitie", "bron"]
    list_select_related = ["regio"]
    fieldsets = (
        (
            None,
            {"fields": ("naam", "code", "definitie", "eenheid", "aggregatie", "domein", "leeftijdsgroep")},
        ),
        (
            "Verhouding",
            {
                "fields": ("teller", "noemer", "factor"),
                "description": "Alleen bij optellen over gemeenten = verhouding: teller gedeeld door noemer, maal de "
                "factor; voor regio, provincie en Nederland de som van de tellers gedeeld door de som van de noemers.",
            },
        ),
        ("Bron", {"fields": ("bron", "licentie")}),
        ("Indeling", {"fields": ("deel", "regio", "volgorde", "actief")}),
    )


@admin.register(Importbestand)
class ImportbestandAdmin(admin.ModelAdmin):
    """Read-only: koepel staff can see what was imported where, and why an import failed."""

    list_display = ["bestandsnaam", "regio", "status", "aantal_waarden", "aangemaakt_door", "aangemaakt_op"]
    list_filter = ["status", "regio"]
    search_fields = ["bestandsnaam", "bron", "regio__naam"]
    list_select_related = ["regio", "aangemaakt_door"]
    exclude = ["bestand"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
