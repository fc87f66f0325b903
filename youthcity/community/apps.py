from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class CommunityConfig(domain.DomainConfig):
    name = "youthcity.community"
    label = "community"
    verbose_name = _("Youth homes and events")
    city_pack_order = 55  # after units and people; before stations (no dependency either way)
    navigation = (
        domain.Nav(
            "portal",
            "community:events",
            _("Events"),
            order=50,
            icon="bi-calendar-event",
            summary=_("Forums, night schools, sports and culture near you; sign up on your phone."),
        ),
        # "My events" and the youth homes are linked from the events page: the portal's top bar
        # has room for about one entry per service.
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
        from youthcity.accounts import permissions
        from youthcity.accounts.models import Role
        from youthcity.core import navigation

        # Roles only (cached per request): a navigation check must not cost a query on every page.
        navigation.register_check(
            "event_staff",
            lambda user: permissions.has_role(user, Role.UNIT_STAFF, Role.COORDINATOR, Role.ADMIN),
        )
