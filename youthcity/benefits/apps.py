from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class BenefitsConfig(domain.DomainConfig):
    name = "youthcity.benefits"
    label = "benefits"
    verbose_name = _("Benefits")
    city_pack_order = 40
    navigation = (
        domain.Nav("portal", "benefits:finder", _("Policy finder (政策计算器)"), order=10, icon="bi-search",
                   summary=_("Which benefits you qualify for, how much, and which clause says so.")),
        domain.Nav("portal", "benefits:applications", _("My applications"), visible="signed_in", order=11,
                   icon="bi-folder2-open", summary=_("Where each application stands, and every decision.")),
        domain.Nav("workbench", "benefits:queue", _("Benefit applications"), visible="deciders", order=30),
        domain.Nav("workbench", "benefits:policies", _("Policies"), visible="deciders", order=31),
        domain.Nav("dashboard", "benefits:simulation", _("Benefits microsimulation"), visible="staff_and_leaders", order=30),
    )
