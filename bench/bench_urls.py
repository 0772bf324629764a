"""The URLs of the load benchmark's server (bench/bench_instellingen.py): the product's, plus two yardsticks.

- `/bench/kaal/`: a trivial Django view (a few bytes of text) behind the product's whole middleware stack: what a
  request costs this server before any page does any work.
- `/bench/beheer/regioplan/activiteit/?regioplan__id__exact=<pk>`: the Django admin's change list of one plan's
  activities, all on one page (200 per page), with the columns a person would want. The product's plan page
  shows the same activities and much more; the admin is the yardstick of "a plain Django list of these rows".

Not part of the product: only bench/last.py serves it.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from regioplan.models import Activiteit


class Benchbeheer(admin.AdminSite):
    site_header = "Bench"


beheer = Benchbeheer(name="benchbeheer")


@admin.register(Activiteit, site=beheer)
class ActiviteitBeheer(admin.ModelAdmin):
    list_display = (
        "titel",
        "prioriteit",
        "voortgang",
        "start_jaar",
        "start_kwartaal",
        "eind_jaar",
        "eind_kwartaal",
        "verantwoordelijke",
    )
    list_select_related = ("verantwoordelijke",)
    list_per_page = 200
    ordering = ("pk",)


def kaal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/kaal/", kaal),
    path("bench/beheer/", beheer.urls),
    path("", include("config.urls")),
]
