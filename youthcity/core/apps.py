from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "youthcity.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from django.contrib import admin

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .audit import track_own_columns_only

        track_own_columns_only()
        admin.site.site_header = _("YouthCity administration")
        admin.site.site_title = _("YouthCity administration")
        admin.site.index_title = _("Records by application")

