from django.urls import path

from regio import views

app_name = "regio"

urlpatterns = [
    path("", views.mijn_regios, name="mijn_regios"),
    path("regio/<slug:regio_slug>/", views.regio_detail, name="regio_detail"),
    path("gezondheid/", views.gezondheid, name="gezondheid"),
    path("meldingen/", views.meldingen, name="meldingen"),
    path("organisatie/<int:organisatie_pk>/logboek/", views.logboek, name="logboek"),
]
