from django.urls import path

from regio.access import RegioActie
from regio.gesprekken import views as gesprekviews
from regiobeeld import (
    views,
    views_aanwezigheid,
    views_export,
    views_historie,
    views_kerncijfers,
    views_organisaties,
    views_pdf,
)
from regiobeeld.access import regiobeeld_vereist
from regiobeeld.gesprek import REGIOBEELDGESPREK

app_name = "regiobeeld"

urlpatterns = [
    # Koepel staff import organisations in bulk, with the figure import's reader (preview, then confirm).
    path(
        "koepel/organisaties/importeren/",
        views_organisaties.organisaties_importeren,
        name="organisaties_importeren",
    ),
    path("regio/<slug:regio_slug>/regiobeeld/", views.lijst, name="lijst"),
    path("regio/<slug:regio_slug>/regiobeeld/nieuw/", views.nieuw, name="nieuw"),
    path("regio/<slug:regio_slug>/regiobeeld/<int:jaar>/", views.detail, name="detail"),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/deel/<slug:soort>/",
        views.deel_bewerken,
        name="deel_bewerken",
    ),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/deel/<slug:soort>/historie/",
        views_historie.deel_historie,
        name="deel_historie",
    ),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/deel/<slug:soort>/herstellen/<int:historie_id>/",
        views_historie.deel_herstellen,
        name="deel_herstellen",
    ),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/sinds-akkoord/<int:pk>/",
        views_historie.sinds_akkoord,
        name="sinds_akkoord",
    ),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/deel/<slug:soort>/aanwezig/",
        views_aanwezigheid.deel_aanwezig,
        name="deel_aanwezig",
    ),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/uitdaging/nieuw/",
        views.uitdaging_bewerken,
        name="uitdaging_nieuw",
    ),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/uitdaging/<int:pk>/",
        views.uitdaging_bewerken,
        name="uitdaging_bewerken",
    ),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/uitdaging/<int:pk>/verwijderen/",
        views.uitdaging_verwijderen,
        name="uitdaging_verwijderen",
    ),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/kerncijfers/",
        views_kerncijfers.kerncijfers_tonen,
        name="kerncijfers",
    ),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/kerncijfers/uitgelicht/",
        views_kerncijfers.uitgelicht,
        name="uitgelicht",
    ),
    path("regio/<slug:regio_slug>/regiobeeld/<int:jaar>/akkoord/", views.akkoord, name="akkoord"),
    # Comments on the regiobeeld, its parts and challenges, and internal notes (regio/gesprekken). Whoever sees the
    # regiobeeld reaches them; only members of a participating party comment (403 for koepel staff).
    *gesprekviews.urlpatterns(
        REGIOBEELDGESPREK, "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/", regiobeeld_vereist(RegioActie.BEKIJKEN)
    ),
    path("regio/<slug:regio_slug>/regiobeeld/<int:jaar>/pdf/", views_pdf.pdf_maken, name="pdf_maken"),
    path("regio/<slug:regio_slug>/regiobeeld/<int:jaar>/pdf/status/", views_pdf.pdf_status, name="pdf_status"),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/pdf/downloaden/",
        views_pdf.pdf_downloaden,
        name="pdf_downloaden",
    ),
    path("regio/<slug:regio_slug>/regiobeeld/<int:jaar>/csv/", views_export.cijfers_csv, name="cijfers_csv"),
    path("regio/<slug:regio_slug>/cijfers/", views.cijfers, name="cijfers"),
    path("regio/<slug:regio_slug>/cijfers/indicator/nieuw/", views.indicator_nieuw, name="indicator_nieuw"),
    path("regio/<slug:regio_slug>/cijfers/import/", views.import_nieuw, name="import_nieuw"),
    path("regio/<slug:regio_slug>/cijfers/import/<int:pk>/", views.import_detail, name="import_detail"),
    path("regio/<slug:regio_slug>/cijfers/import/<int:pk>/status/", views.import_status, name="import_status"),
    path(
        "regio/<slug:regio_slug>/cijfers/import/<int:pk>/bevestigen/",
        views.import_bevestigen,
        name="import_bevestigen",
    ),
    path(
        "regio/<slug:regio_slug>/cijfers/import/<int:pk>/indicator/",
        views.import_indicator,
        name="import_indicator",
    ),
    path(
        "regio/<slug:regio_slug>/cijfers/import/<int:pk>/annuleren/",
        views.import_annuleren,
        name="import_annuleren",
    ),
]
