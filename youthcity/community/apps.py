from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class CommunityConfig(domain.DomainConfig):
    name = "youthcity.community"
    label = "community"
    verbose_name = _("Youth homes and events")
    city_pack_order = 70
    navigation = (
        domain.Nav("portal", "community:events", _("Events"), order=50),
        domain.Nav("portal", "community:my-signups", _("My events"), visible="signed_in", order=51),
        domain.Nav("portal", "community:coverage", _("Youth homes (青年之家)"), order=52),
        domain.Nav(
            "workbench",
            "community:staff-events",
            _("Events and youth homes"),
            visible="event_staff",
            order=50,
        ),
        domain.Nav(
            "dashboard", "community:dashboard", _("Youth homes coverage"), visible="dashboard", order=50
        ),
    )

    def ready(self) -> None:
        super().ready()
        from youthcity.core import navigation

        from .selectors import organiser_units

        navigation.register_check(
            "event_staff", lambda user: user.is_authenticated and organiser_units(user).exists()
        )
