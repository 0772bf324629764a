from django.urls import path

from regio import views, views_beheer, views_koepel, views_uitnodiging

app_name = "regio"

urlpatterns = [
    path("", views.mijn_regios, name="mijn_regios"),
    path("regio/<slug:regio_slug>/", views.regio_detail, name="regio_detail"),
    path("gezondheid/", views.gezondheid, name="gezondheid"),
    path("meldingen/", views.meldingen, name="meldingen"),
    path("organisatie/<int:organisatie_pk>/logboek/", views.logboek, name="logboek"),
    # An organisation's managers manage it themselves (regio/views_beheer.py).
    path("organisatie/<int:organisatie_pk>/leden/", views_beheer.leden, name="leden"),
    path("organisatie/<int:organisatie_pk>/uitnodigen/", views_beheer.uitnodigen, name="uitnodigen"),
    path(
        "organisatie/<int:organisatie_pk>/uitnodigingen/<int:pk>/opnieuw/",
        views_beheer.uitnodiging_opnieuw,
        name="uitnodiging_opnieuw",
    ),
    path(
        "organisatie/<int:organisatie_pk>/uitnodigingen/<int:pk>/intrekken/",
        views_beheer.uitnodiging_intrekken,
        name="uitnodiging_intrekken",
    ),
    path("organisatie/<int:organisatie_pk>/leden/<int:pk>/rol/", views_beheer.lid_rol, name="lid_rol"),
    path(
        "organisatie/<int:organisatie_pk>/leden/<int:pk>/beeindigen/",
        views_beheer.lid_beeindigen,
        name="lid_beeindigen",
    ),
    path("organisatie/<int:organisatie_pk>/mandaten/", views_beheer.mandaten, name="mandaten"),
    path("organisatie/<int:organisatie_pk>/mandaten/nieuw/", views_beheer.mandaat_nieuw, name="mandaat_nieuw"),
    path(
        "organisatie/<int:organisatie_pk>/mandaten/<int:pk>/verlengen/",
        views_beheer.mandaat_verlengen,
        name="mandaat_verlengen",
    ),
    path(
        "organisatie/<int:organisatie_pk>/mandaten/<int:pk>/beeindigen/",
        views_beheer.mandaat_beeindigen,
        name="mandaat_beeindigen",
    ),
    # The koepel's own pages (regio/views_koepel.py): koepel staff only, 404 for everyone else.
    path("koepel/regio-inrichten/", views_koepel.regio_inrichten, name="regio_inrichten"),
    path("koepel/organisaties/zoeken/", views_koepel.organisaties_zoeken, name="organisaties_zoeken"),
    # The link in an invitation's e-mail: open to whoever holds it (regio/views_uitnodiging.py).
    path("uitnodiging/<str:token>/", views_uitnodiging.uitnodiging, name="uitnodiging"),
]
