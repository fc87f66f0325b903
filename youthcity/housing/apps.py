from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class HousingConfig(domain.DomainConfig):
    name = "youthcity.housing"
    label = "housing"
    verbose_name = _("Housing")
    city_pack_order = 60
    navigation = (
        domain.Nav("portal", "housing:projects", _("Talent apartments and rental homes"), order=30),
        domain.Nav("portal", "housing:mine", _("My housing"), visible="signed_in", order=31),
        domain.Nav("workbench", "housing:staff-home", _("Housing"), visible="deciders", order=40),
        domain.Nav(
            "dashboard", "housing:statistics", _("Housing statistics"), visible="staff_and_leaders", order=40
        ),
    )
