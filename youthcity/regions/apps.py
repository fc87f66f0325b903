from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "youthcity.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from youthcity.core.api import add_router

        from .api import router

        add_router("/", router)
