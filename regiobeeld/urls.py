from django.urls import path

from regiobeeld import views, views_aanwezigheid, views_export, views_pdf

app_name = "regiobeeld"

urlpatterns = [
    path("regio/<slug:regio_slug>/regiobeeld/", views.lijst, name="lijst"),
    path("regio/<slug:regio_slug>/regiobeeld/nieuw/", views.nieuw, name="nieuw"),
    path("regio/<slug:regio_slug>/regiobeeld/<int:jaar>/", views.detail, name="detail"),
    path(
        "regio/<slug:regio_slug>/regiobeeld/<int:jaar>/deel/<slug:soort>/",
        views.deel_bewerken,
        name="deel_bewerken",
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
    path("regio/<slug:regio_slug>/regiobeeld/<int:jaar>/akkoord/", views.akkoord, name="akkoord"),
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
        "regio/<slug:regio_slug>/cijfers/import/<int:pk>/annuleren/",
        views.import_annuleren,
        name="import_annuleren",
    ),
]
