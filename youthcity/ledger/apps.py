from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "youthcity.ledger"
    label = "ledger"
    verbose_name = _("Plan ledger")

    def ready(self) -> None:
        # Mount the API router, register navigation entries and city-pack loading steps here.
        from youthcity.core.api import add_router

        from .api import router

        add_router("/", router)
