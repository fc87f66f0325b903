from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "youthcity.stations"
    label = "stations"
    verbose_name = _("Youth stations")

    def ready(self) -> None:
        from youthcity.accounts.permissions import can_use_dashboard
        from youthcity.core.api import add_router
        from youthcity.core.city_pack import register_step
        from youthcity.core.navigation import register

        from .api import router
        from .city_pack import load_stations

        add_router("/", router)
        register("portal", "stations:list", _("Youth stations (青年驿站)"), order=40)
        register("portal", "stations:my-bookings", _("My stays"),
                 visible=lambda user: user.is_authenticated, order=41)
        register("workbench", "stations:staff-home", _("Youth stations (青年驿站)"),
                 visible=_has_stations, order=40)
        register("dashboard", "stations:dashboard", _("Youth stations (青年驿站)"), visible=can_use_dashboard, order=40)
        register_step("stations", load_stations, order=60)

        from .live import register as register_live_indicators

        register_live_indicators()


def _has_stations(user) -> bool:
    from .selectors import stations_for

    return user.is_authenticated and stations_for(user).exists()
