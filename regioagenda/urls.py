from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from regioagenda.actors import urls as actors_urls
from regioagenda.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", include("regioagenda.regions.urls")),
    path(_("agenden/<slug:slug>/matrix/"), include("regioagenda.matrix.urls")),
    path(_("agenden/<slug:slug>/konzepte/"), include("regioagenda.sources.urls")),
    path(_("agenden/<slug:slug>/akteure/"), include("regioagenda.actors.urls")),
    path(_("agenden/<slug:slug>/beteiligung/"), include("regioagenda.participation.urls")),
    path("", include((actors_urls.site_urlpatterns, "actors_site"))),
    path("", include("regioagenda.core.urls")),
    path(_("benachrichtigungen/"), include("regioagenda.community.urls")),
    path(_("konto/"), include("regioagenda.accounts.urls")),
    path(_("konto/"), include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "regioagenda.core.views.bad_request"
handler403 = "regioagenda.core.views.permission_denied"
handler404 = "regioagenda.core.views.page_not_found"
handler500 = "regioagenda.core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
