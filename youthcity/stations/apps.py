from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class StationsConfig(domain.DomainConfig):
    name = "youthcity.stations"
    label = "stations"
    verbose_name = _("Youth stations")
    city_pack_order = 60
    navigation = (
        domain.Nav("portal", "stations:list", _("Youth stations (青年驿站)"), order=40, icon="bi-house-heart",
                   summary=_("Free beds for young people looking for work in the city.")),
        domain.Nav("portal", "stations:my-bookings", _("My stays"), visible="signed_in", order=41,
                   icon="bi-calendar-check", summary=_("Your bookings, check-in codes and changes.")),
        domain.Nav("workbench", "stations:staff-home", _("Youth stations (青年驿站)"), visible="station_staff", order=40),
        domain.Nav("dashboard", "stations:dashboard", _("Youth stations (青年驿站)"), visible="dashboard", order=40),
    )

    def ready(self) -> None:
        super().ready()
        from youthcity.core import navigation

        from .selectors import stations_for

        navigation.register_check("station_staff", lambda user: user.is_authenticated and stations_for(user).exists())
