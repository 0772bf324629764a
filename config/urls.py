from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Regio · beheer")
admin.site.site_title = _("Regio beheer")
admin.site.index_title = _("Beheer van regio's, organisaties en gebruikers")
# The admin uses the product's own sign-in (rate limits, later 2FA); non-staff get 403.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# allauth's 429 page (its limits on signing in): says the limit and the longest wait.
handler429 = "regio.inloglimieten.te_vaak"

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("account/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("regio.urls")),
    path("", include("regiobeeld.urls")),
    path("", include("regioplan.urls")),
    path("", include("contracten.urls")),
]
