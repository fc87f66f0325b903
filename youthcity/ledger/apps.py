from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "youthcity.ledger"
    label = "ledger"
    verbose_name = _("Plan ledger")

    def ready(self) -> None:
        from youthcity.accounts.permissions import can_use_dashboard, can_use_workbench
        from youthcity.core import navigation
        from youthcity.core.api import add_router
        from youthcity.core.city_pack import register_step

        from .api import router
        from .demo import load_plans

        add_router("/", router)
        navigation.register("workbench", "ledger:home", _("Work ledger (工作台账)"), visible=can_use_workbench, order=20)
        navigation.register("dashboard", "ledger:dashboard", _("Plan ledger"), visible=can_use_dashboard, order=20)
        navigation.register("dashboard", "ledger:assessment", _("Annual assessment"), visible=can_use_dashboard,
                            order=21)
        register_step("ledger.plans", load_plans, order=50)
