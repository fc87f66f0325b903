from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "youthcity.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and index")

    def ready(self) -> None:
        # Mount the API router, register navigation entries and city-pack loading steps here.
        from youthcity.core.api import add_router

        from .api import router

        add_router("/", router)
