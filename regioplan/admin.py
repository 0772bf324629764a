"""The koepel keeps the goal list here; plans themselves are the regions' own work, read-only in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from regioplan.models import Doel, Goedkeuring, Regioplan


@admin.register(Doel)
class DoelAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "bron", "volgorde", "actief"]
    list_filter = ["actief", "bron"]
    search_fields = ["naam", "omschrijving", "bron"]
    list_editable = ["volgorde", "actief"]


class GoedkeuringInline(admin.TabularInline):
    model = Goedkeuring
    fields = ("organisatie", "gebruiker", "versie", "gegeven_op", "ingetrokken_op", "ingetrokken_omdat")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Regioplan)
class RegioplanAdmin(admin.ModelAdmin):
    """Read-only: koepel staff see which region has which plan in which state; only the parties write it."""

    list_display = ["titel", "regio", "looptijd", "volgnummer", "status", "bijgewerkt_op"]
    list_filter = ["status", "regio"]
    search_fields = ["titel", "regio__naam"]
    list_select_related = ["regio"]
    inlines = [GoedkeuringInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
