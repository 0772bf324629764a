from django.urls import path

from regioplan.views import activiteiten, delen, export, pdf, plan, reacties, uitdagingen, voorstellen

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
    path(P + "pdf/", pdf.pdf_maken, name="pdf_maken"),
    path(P + "pdf/status/", pdf.pdf_status, name="pdf_status"),
    path(P + "pdf/downloaden/", pdf.pdf_downloaden, name="pdf_downloaden"),
    path(P + "deel/<slug:soort>/", delen.deel_bewerken, name="deel_bewerken"),
    path(P + "deel/<slug:soort>/historie/", delen.deel_historie, name="deel_historie"),
    path(P + "deel/<slug:soort>/herstellen/<int:historie_id>/", delen.deel_herstellen, name="deel_herstellen"),
    path(P + "uitdaging/<int:pk>/", uitdagingen.uitdaging_bewerken, name="uitdaging_bewerken"),
    path(P + "uitdaging/<int:pk>/verplaatsen/", uitdagingen.uitdaging_verplaatsen, name="uitdaging_verplaatsen"),
    path(P + "uitdagingen/volgorde/", uitdagingen.uitdagingen_ordenen, name="uitdagingen_ordenen"),
    path(P + "activiteit/nieuw/", activiteiten.activiteit_bewerken, name="activiteit_nieuw"),
    path(P + "activiteit/<int:pk>/", activiteiten.activiteit_bewerken, name="activiteit_bewerken"),
    path(P + "activiteit/<int:pk>/verwijderen/", activiteiten.activiteit_verwijderen, name="activiteit_verwijderen"),
    path(P + "activiteit/<int:activiteit_pk>/meetpunt/nieuw/", activiteiten.meetpunt_bewerken, name="meetpunt_nieuw"),
    path(P + "meetpunt/<int:pk>/", activiteiten.meetpunt_bewerken, name="meetpunt_bewerken"),
    path(P + "meetpunt/<int:pk>/verwijderen/", activiteiten.meetpunt_verwijderen, name="meetpunt_verwijderen"),
    path(P + "reactie/nieuw/", reacties.reactie_nieuw, name="reactie_nieuw"),
    path(P + "reactie/<int:pk>/oplossen/", reacties.reactie_oplossen, name="reactie_oplossen"),
    path(P + "csv/", export.activiteiten_csv, name="activiteiten_csv"),
    path(P + "voorstellen/", voorstellen.voorstellen, name="voorstellen"),
    path(P + "voorstel/<int:pk>/", voorstellen.voorstel, name="voorstel"),
    path(P + "voorstel/<int:pk>/beslissen/", voorstellen.voorstel_besluiten, name="voorstel_beslissen"),
    path(P + "voorstel/<int:pk>/intrekken/", voorstellen.voorstel_terugtrekken, name="voorstel_intrekken"),
]
