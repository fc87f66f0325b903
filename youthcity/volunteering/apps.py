from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class VolunteeringConfig(domain.DomainConfig):
    name = "youthcity.volunteering"
    label = "volunteering"
    verbose_name = _("Volunteering")
    city_pack_order = 57  # after community; before stations (no dependency either way)
    navigation = (
        domain.Nav(
            "portal",
            "volunteering:projects",
            _("Volunteering"),
            order=55,
            icon="bi-people",
            summary=_("Projects and shifts; your hours are recorded by the project lead."),
        ),
        # My record and the public verify page are linked from the volunteering page (the
        # portal's top bar has room for about one entry per service).
        domain.Nav(
            "workbench",
            "volunteering:staff-projects",
            _("Volunteering projects"),
            visible="volunteer_leads",
            order=55,
        ),
    )

    def ready(self) -> None:
        super().ready()
        from youthcity.accounts import permissions
        from youthcity.accounts.models import Role
        from youthcity.core import navigation

        # Roles only (cached per request): a navigation check must not cost a query on every page.
        navigation.register_check(
            "volunteer_leads",
            lambda user: permissions.has_role(user, Role.UNIT_STAFF, Role.COORDINATOR, Role.ADMIN),
        )
