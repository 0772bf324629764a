from django.urls import URLPattern

from contracten.access import ContractActie, contract_vereist
from contracten.gesprek import CONTRACTGESPREK
from contracten.views import (
    aanwezigheid,
    addenda,
    contract,
    deelname,
    export,
    jaarcyclus,
    landelijk,
    monitoring,
    pdf,
    regelvoorstellen,
    sinds,
    uitvoering,
    verdeelmodel,
    vergelijken,
)
from contracten.views.paden import C
from regio.gesprekken import views as gesprekviews

app_name = "contracten"

# R: the region's contracts; C: one contract (each view module builds its paths from these).
urlpatterns: list[URLPattern] = [
    *contract.urlpatterns,
    *deelname.urlpatterns,
    *monitoring.urlpatterns,
    *uitvoering.urlpatterns,
    *verdeelmodel.urlpatterns,
    *pdf.urlpatterns,
    *export.urlpatterns,
    # The koepel's national overview: stages and counts only (ACM), koepel staff only.
    *landelijk.urlpatterns,
    *sinds.urlpatterns,
    *aanwezigheid.urlpatterns,
    # Comments on the contract and its lines: only its two parties reach them (regio/gesprekken).
    *gesprekviews.urlpatterns(CONTRACTGESPREK, C, contract_vereist(ContractActie.BEKIJKEN)),
    *regelvoorstellen.urlpatterns,
    *vergelijken.urlpatterns,
    *addenda.urlpatterns,
    *jaarcyclus.urlpatterns,
]
