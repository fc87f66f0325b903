from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_staff(user) -> bool:
    from youthcity.accounts.permissions import can_use_workbench

    return can_use_workbench(user)


class MonitoringConfig(AppConfig):
    name = "youthcity.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and index")

    def ready(self) -> None:
        from youthcity.core import navigation
        from youthcity.core.api import add_router
        from youthcity.core.city_pack import register_step

        from .api import router
        from .city_pack_step import load_monitoring
        from .live import register_builtin

        add_router("/", router)
        navigation.register("workbench", "monitoring:work-home", _("Indicator data"), visible=_is_staff, order=60)
        navigation.register("dashboard", "monitoring:dashboard", _("Youth Development Index"), order=60)
        navigation.register("portal", "monitoring:public-latest", _("Youth Development Index"), order=80)
        register_step("monitoring", load_monitoring, order=80)
        register_builtin()
