from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "youthcity.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from .audit import track_own_columns_only

        track_own_columns_only()
