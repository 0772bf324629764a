"""The koepel's admin: gemeenten, regions, organisations, participations, users, memberships, mandates.

Saves go through the services so that permissions follow memberships and participations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from regio import services
from regio.getallen import getal
from regio.models import (
    Auditregel,
    Deelname,
    Gebruiker,
    Gemeente,
    Lidmaatschap,
    Mandaat,
    Organisatie,
    OrganisatieSoort,
    Pdfopdracht,
    Regio,
)
from regio.pdf import renderer_voor
from regio.selectors import omvangsignaal
from regio.verzoek import ingelogd

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # dev-only (django-stubs); annotations are never evaluated


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "provincie", "inwoners", "inwoners_peildatum"]
    list_filter = ["provincie"]
    search_fields = ["naam", "code"]
    ordering = ["naam"]


# Stacked, not tabular: Django's tabular inlines leave their fields without a label for screen readers.
class DeelnameInline(admin.StackedInline):
    model = Deelname
    extra = 0
    autocomplete_fields = ["organisatie"]


class _MetInwoners(TypedDict):
    inwoners_totaal: int | None  # RegioAdmin.get_queryset: the sum over the region's gemeenten


@admin.register(Regio)
class RegioAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "afbakening", "aantal_inwoners", "omvang"]
    list_filter = ["afbakening", "gemeenten__provincie"]
    search_fields = ["naam", "gemeenten__naam", "deelnames__organisatie__naam"]
    prepopulated_fields = {"slug": ["naam"]}
    # A search field, not the two-box selector: that one has English help and no accessible names.
    autocomplete_fields = ["gemeenten"]
    inlines = [DeelnameInline]

    class Media:
        js = ["js/beheer-zoekvelden.js"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Regio]:
        # A subquery, not a sum over the join: searching or filtering on gemeenten joins them again and
        # would multiply the total.
        totaal = (
            Regio.gemeenten.through.objects.filter(regio_id=OuterRef("pk"))
            .values("regio_id")
            .annotate(totaal=Sum("gemeente__inwoners"))
            .values("totaal")  # type: ignore[misc]  # django-stubs does not see the annotation
        )
        return super().get_queryset(request).annotate(inwoners_totaal=Subquery(totaal))

    @admin.display(description=_("inwoners"), ordering="inwoners_totaal")
    def aantal_inwoners(self, obj: WithAnnotations[Regio, _MetInwoners]) -> str:
        return getal(obj.inwoners_totaal or 0)

    @admin.display(description=_("omvang volgens de leidraad"))
    def omvang(self, obj: WithAnnotations[Regio, _MetInwoners]) -> str:
        signaal = omvangsignaal(obj.inwoners_totaal)
        if signaal.te_klein:
            return str(_("kleiner dan 50.000 inwoners"))
        if signaal.te_groot:
            return str(_("groter dan 200.000 inwoners"))
        return str(_("binnen 50.000-200.000"))

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.regio_toegang_bijwerken(regio=form.instance)

    def delete_model(self, request: HttpRequest, obj: Regio) -> None:
        obj.delete()


@admin.register(OrganisatieSoort)
class OrganisatieSoortAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "volgorde"]
    search_fields = ["naam"]


class LidmaatschapInline(admin.StackedInline):
    model = Lidmaatschap
    extra = 0
    autocomplete_fields = ["gebruiker"]


@admin.register(Organisatie)
class OrganisatieAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "soort", "agb_code", "kvk_nummer", "is_demo"]
    list_filter = ["soort", "is_demo"]
    search_fields = ["naam", "agb_code", "kvk_nummer"]
    list_select_related = ["soort"]

    def save_model(self, request: HttpRequest, obj: Organisatie, form: ModelForm, change: bool) -> None:
        services.organisatie_opslaan(organisatie=obj, acting_user=ingelogd(request))


@admin.register(Deelname)
class DeelnameAdmin(SimpleHistoryAdmin):
    list_display = ["organisatie", "regio", "rol", "van", "tot"]
    list_filter = ["rol", "regio", "organisatie__soort"]
    search_fields = ["organisatie__naam", "regio__naam"]
    autocomplete_fields = ["organisatie", "regio"]
    list_select_related = ["organisatie", "regio"]

    def save_model(self, request: HttpRequest, obj: Deelname, form: ModelForm, change: bool) -> None:
        services.deelname_opslaan(deelname=obj, acting_user=ingelogd(request))

    def delete_model(self, request: HttpRequest, obj: Deelname) -> None:
        services.deelname_verwijderen(deelname=obj, acting_user=ingelogd(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Deelname]) -> None:
        for deelname in queryset.select_related("regio"):
            services.deelname_verwijderen(deelname=deelname, acting_user=ingelogd(request))


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(SimpleHistoryAdmin):
    list_display = ["gebruiker", "organisatie", "rol", "functie"]
    list_filter = ["rol", "organisatie__soort", "organisatie"]
    search_fields = ["gebruiker__naam", "gebruiker__email", "organisatie__naam"]
    autocomplete_fields = ["gebruiker", "organisatie"]
    list_select_related = ["gebruiker", "organisatie"]

    def save_model(self, request: HttpRequest, obj: Lidmaatschap, form: ModelForm, change: bool) -> None:
        services.lidmaatschap_opslaan(lidmaatschap=obj, acting_user=ingelogd(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A membership belongs to one person and one organisation; to move it, end it and make a new one.
        return ["gebruiker", "organisatie"] if obj else []

    def delete_model(self, request: HttpRequest, obj: Lidmaatschap) -> None:
        services.lidmaatschap_beeindigen(lidmaatschap=obj, acting_user=ingelogd(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Lidmaatschap]) -> None:
        for lid in queryset.select_related("gebruiker", "organisatie"):
            services.lidmaatschap_beeindigen(lidmaatschap=lid, acting_user=ingelogd(request))


class GeldigFilter(admin.SimpleListFilter):
    title = _("geldig vandaag")
    parameter_name = "geldig"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("ja", str(_("ja"))), ("nee", str(_("nee")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Mandaat]) -> QuerySet[Mandaat]:
        geldig = Mandaat.objects.geldig_op(timezone.localdate()).values("pk")
        if self.value() == "ja":
            return queryset.filter(pk__in=geldig)
        if self.value() == "nee":
            return queryset.exclude(pk__in=geldig)
        return queryset


@admin.register(Mandaat)
class MandaatAdmin(SimpleHistoryAdmin):
    list_display = [
        "gebruiker",
        "organisatie",
        "regio",
        "onderwerp",
        "geldig_van",
        "geldig_tot",
        "verleend_door",
    ]
    list_filter = [GeldigFilter, "onderwerp", "regio", "organisatie"]
    search_fields = ["gebruiker__naam", "gebruiker__email", "organisatie__naam", "regio__naam"]
    autocomplete_fields = ["gebruiker", "organisatie", "regio"]
    readonly_fields = ["verleend_door", "verleend_op"]
    list_select_related = ["gebruiker", "organisatie", "regio", "verleend_door"]

    def save_model(self, request: HttpRequest, obj: Mandaat, form: ModelForm, change: bool) -> None:
        if not change:
            obj.verleend_door = ingelogd(request)
        services.mandaat_opslaan(mandaat=obj, acting_user=ingelogd(request))

    # Removing a mandate is a change of who may decide: it goes through the service, which writes the log line.
    def delete_model(self, request: HttpRequest, obj: Mandaat) -> None:
        services.mandaat_verwijderen(mandaat=obj, acting_user=ingelogd(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Mandaat]) -> None:
        for mandaat in queryset.select_related("gebruiker", "organisatie", "regio"):
            services.mandaat_verwijderen(mandaat=mandaat, acting_user=ingelogd(request))


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    ordering = ["naam", "email"]
    list_display = ["email", "naam", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active", "lidmaatschappen__organisatie"]
    search_fields = ["email", "naam"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("naam",)}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "naam", "password1", "password2")}),)
    inlines = [LidmaatschapInline]

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: Any, change: bool) -> None:
        # Memberships edited inline go through the same services as on their own admin page.
        for lid in formset.save(commit=False):
            services.lidmaatschap_opslaan(lidmaatschap=lid, acting_user=ingelogd(request))
        for lid in formset.deleted_objects:
            services.lidmaatschap_beeindigen(lidmaatschap=lid, acting_user=ingelogd(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser hands out superuser rights or raw group membership; others use memberships.
            fields += ["is_superuser", "groups"]
        return fields


# What koepel staff see in place of a contract's title, version or error text: contracts are confidential to their
# two parties (ACM), and the koepel gets 404 on every contract in the product too.
VERTROUWELIJK = _("vertrouwelijk (contract)")


class ZonderVertrouwelijkeTekst(admin.ModelAdmin):
    """Rows confidential to a contract's parties (`vertrouwelijk_filter`) show no text of theirs, and searching that
    text does not find them (a search that finds a row would tell that its text holds the words)."""

    vrije_tekst: str  # the field that may name the contract

    def vertrouwelijk_filter(self) -> Q:
        raise NotImplementedError

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Any], search_term: str) -> Any:
        term = search_term.strip()
        if not term:
            return super().get_search_results(request, queryset, search_term)
        geheim = self.vertrouwelijk_filter()
        gevonden, dubbel = super().get_search_results(request, queryset.exclude(geheim), search_term)
        velden = [veld for veld in self.search_fields if veld != self.vrije_tekst]
        zoeken = Q()
        for veld in velden:
            zoeken |= Q(**{f"{veld}__icontains": term})
        return gevonden | queryset.filter(geheim).filter(zoeken), dubbel or any("__" in veld for veld in velden)


@admin.register(Pdfopdracht)
class PdfopdrachtAdmin(ZonderVertrouwelijkeTekst):
    """Read-only: koepel staff see which PDFs wait, fail or were made; the files stay behind the document's access."""

    list_display = ["soort", "document", "regio", "status", "aangevraagd_door", "aangevraagd_op", "klaar_op"]
    list_filter = ["status", "soort", "regio"]
    search_fields = ["regio__naam", "fout"]
    list_select_related = ["regio", "aangevraagd_door"]
    readonly_fields = (
        "soort",
        "document",
        "regio",
        "status",
        "versie",
        "aantal_paginas",
        "waarom_mislukt",
        "aangevraagd_door",
        "aangevraagd_op",
        "klaar_op",
    )
    fields = readonly_fields
    vrije_tekst = "fout"

    def vertrouwelijk_filter(self) -> Q:
        soorten = [soort for soort in settings.REGIO_PDF_DOCUMENTEN if renderer_voor(soort).vertrouwelijk]
        return Q(soort__in=soorten)

    @staticmethod
    def _vertrouwelijk(obj: Pdfopdracht) -> bool:
        return renderer_voor(obj.soort).vertrouwelijk

    @admin.display(description=_("document"))
    def document(self, obj: Pdfopdracht) -> object:
        return VERTROUWELIJK if self._vertrouwelijk(obj) else obj.object_id

    @admin.display(description=_("versie van het document"))
    def versie(self, obj: Pdfopdracht) -> object:
        return VERTROUWELIJK if self._vertrouwelijk(obj) else obj.document_versie

    @admin.display(description=_("waarom mislukt"))
    def waarom_mislukt(self, obj: Pdfopdracht) -> object:
        return VERTROUWELIJK if self._vertrouwelijk(obj) and obj.fout else obj.fout

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Auditregel)
class AuditregelAdmin(ZonderVertrouwelijkeTekst):
    """The log, read-only: nobody changes or removes a line, not even koepel staff. A line about a contract shows
    koepel staff who, when, what kind, for which party and region, but not its text."""

    list_display = ["op", "wie", "soort", "tekst", "organisatie", "regio", "ip"]
    list_filter = ["soort", "organisatie", "regio"]
    search_fields = ["wie", "wat", "organisatie__naam", "regio__naam"]
    list_select_related = ["organisatie", "regio"]
    date_hierarchy = "op"
    readonly_fields = ("op", "soort", "wie", "gebruiker", "organisatie", "regio", "tekst", "ip")
    fields = readonly_fields
    vrije_tekst = "wat"

    def vertrouwelijk_filter(self) -> Q:
        return Q(vertrouwelijk=True)

    @admin.display(description=_("wat"))
    def tekst(self, obj: Auditregel) -> object:
        return VERTROUWELIJK if obj.vertrouwelijk else obj.wat

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
