from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from youthcity.core.api import api, register_routers

register_routers()

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accounts/", include("youthcity.accounts.urls")),
    path("", include("youthcity.core.urls")),
    path("", include("youthcity.portal.urls")),
    path("", include("youthcity.ledger.urls")),
    path("", include("youthcity.benefits.urls")),
    path("", include("youthcity.stations.urls")),
    path("", include("youthcity.monitoring.urls")),
]
urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})] if settings.DEBUG else []

handler403 = "youthcity.core.views.forbidden"
handler404 = "youthcity.core.views.not_found"
