from django.urls import URLPattern

from contracten.views import contract, deelname, export, monitoring, pdf, regelvoorstellen, verdeelmodel, vergelijken

app_name = "contracten"

# R: the region's contracts; C: one contract (each view module builds its paths from these).
urlpatterns: list[URLPattern] = [
    *contract.urlpatterns,
    *deelname.urlpatterns,
    *monitoring.urlpatterns,
    *verdeelmodel.urlpatterns,
    *pdf.urlpatterns,
    *export.urlpatterns,
    *regelvoorstellen.urlpatterns,
    *vergelijken.urlpatterns,
]
