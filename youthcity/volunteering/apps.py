from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class VolunteeringConfig(domain.DomainConfig):
    name = "youthcity.volunteering"
    label = "volunteering"
    verbose_name = _("Volunteering")
    city_pack_order = 75
    navigation = (
        domain.Nav("portal", "volunteering:projects", _("Volunteering"), order=55),
        domain.Nav(
            "portal", "volunteering:my-record", _("My volunteering record"), visible="signed_in", order=56
        ),
        domain.Nav("portal", "volunteering:verify", _("Verify a certificate"), order=57),
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
        from youthcity.core import navigation

        from .selectors import staff_projects

        navigation.register_check(
            "volunteer_leads", lambda user: user.is_authenticated and staff_projects(user).exists()
        )
