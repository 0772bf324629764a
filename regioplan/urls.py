from django.urls import path

from regio.gesprekken import views as gesprekviews
from regioplan.access import PlanActie, regioplan_vereist
from regioplan.gesprek import PLANGESPREK
from regioplan.views import (
    aanwezigheid,
    activiteiten,
    delen,
    export,
    openbaar,
    pdf,
    plan,
    sinds,
    uitdagingen,
    voorstellen,
)

app_name = "regioplan"

P = "regio/<slug:regio_slug>/regioplan/<int:plan_pk>/"

urlpatterns = [
    path("regio/<slug:regio_slug>/regioplan/", plan.lijst, name="lijst"),
    path("regio/<slug:regio_slug>/regioplan/nieuw/", plan.nieuw, name="nieuw"),
    path(P, plan.detail, name="detail"),
    path(P + "gegevens/", plan.gegevens_bewerken, name="gegevens_bewerken"),
    path(P + "indienen/", plan.indienen, name="indienen"),
    path(P + "terugnemen/", plan.terugnemen, name="terugnemen"),
    path(P + "goedkeuren/", plan.goedkeuren, name="goedkeuren"),
    path(P + "nieuwe-versie/", plan.nieuwe_versie, name="nieuwe_versie"),
    path(P + "vergelijken/", plan.vergelijken, name="vergelijken"),
    path(P + "wijzigingen/", plan.wijzigingen, name="wijzigingen"),
    path(P + "sinds-goedkeuring/<int:pk>/", sinds.sinds_goedkeuring, name="sinds_goedkeuring"),
    path(P + "pdf/", pdf.pdf_maken, name="pdf_maken"),
    path(P + "pdf/status/", pdf.pdf_status, name="pdf_status"),
    path(P + "pdf/downloaden/", pdf.pdf_downloaden, name="pdf_downloaden"),
    path(P + "deel/<slug:soort>/", delen.deel_bewerken, name="deel_bewerken"),
    path(P + "deel/<slug:soort>/aanwezig/", aanwezigheid.deel_aanwezig, name="deel_aanwezig"),
    path(P + "deel/<slug:soort>/historie/", delen.deel_historie, name="deel_historie"),
    path(P + "deel/<slug:soort>/herstellen/<int:historie_id>/", delen.deel_herstellen, name="deel_herstellen"),
    path(P + "uitdaging/<int:pk>/", uitdagingen.uitdaging_bewerken, name="uitdaging_bewerken"),
    path(P + "uitdaging/<int:pk>/verplaatsen/", uitdagingen.uitdaging_verplaatsen, name="uitdaging_verplaatsen"),
    path(P + "uitdagingen/volgorde/", uitdagingen.uitdagingen_ordenen, name="uitdagingen_ordenen"),
    path(P + "activiteit/nieuw/", activiteiten.activiteit_bewerken, name="activiteit_nieuw"),
    path(P + "activiteit/<int:pk>/", activiteiten.activiteit_bewerken, name="activiteit_bewerken"),
    path(P + "activiteit/<int:pk>/aanwezig/", aanwezigheid.activiteit_aanwezig, name="activiteit_aanwezig"),
    path(P + "activiteit/<int:pk>/verwijderen/", activiteiten.activiteit_verwijderen, name="activiteit_verwijderen"),
    path(P + "activiteit/<int:activiteit_pk>/meetpunt/nieuw/", activiteiten.meetpunt_bewerken, name="meetpunt_nieuw"),
    path(P + "meetpunt/<int:pk>/", activiteiten.meetpunt_bewerken, name="meetpunt_bewerken"),
    path(P + "meetpunt/<int:pk>/verwijderen/", activiteiten.meetpunt_verwijderen, name="meetpunt_verwijderen"),
    # Comments on the plan, its parts, challenges and activities, and internal notes (regio/gesprekken).
    *gesprekviews.urlpatterns(PLANGESPREK, P, regioplan_vereist(PlanActie.REAGEREN)),
    path(P + "csv/", export.activiteiten_csv, name="activiteiten_csv"),
    path(P + "voorstellen/", voorstellen.voorstellen, name="voorstellen"),
    path(P + "voorstel/<int:pk>/", voorstellen.voorstel, name="voorstel"),
    path(P + "voorstel/<int:pk>/beslissen/", voorstellen.voorstel_besluiten, name="voorstel_beslissen"),
    path(P + "voorstel/<int:pk>/intrekken/", voorstellen.voorstel_terugtrekken, name="voorstel_intrekken"),
    # Publishing an adopted plan (both contracting parties decide), and the public pages: no sign-in, published only.
    path(P + "publiceren/", openbaar.publiceren, name="publiceren"),
    path(P + "publicatie-intrekken/", openbaar.publicatie_intrekken, name="publicatie_intrekken"),
    path("openbaar/regioplannen/", openbaar.openbaar_lijst, name="openbaar_lijst"),
    path("openbaar/regioplannen/<int:pk>/", openbaar.openbaar_detail, name="openbaar_detail"),
    path("openbaar/regioplannen/<int:pk>/pdf/", openbaar.openbaar_pdf, name="openbaar_pdf"),
]
