from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from youthcity.core.api import api, register_routers
from youthcity.core.domain import url_modules

register_routers()

# Every domain app's urls.py is included at the site root (accounts under /accounts/): adding a
# domain adds it to INSTALLED_APPS and nothing here.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("youthcity.core.urls")),
    *[path("accounts/" if module == "youthcity.accounts.urls" else "", include(module)) for module in url_modules()],
]
urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})] if settings.DEBUG else []

handler403 = "youthcity.core.views.forbidden"
handler404 = "youthcity.core.views.not_found"
handler400 = "youthcity.core.views.bad_request"
handler500 = "youthcity.core.views.server_error"
