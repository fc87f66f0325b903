from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class OrganizationsConfig(domain.DomainConfig):
    name = "youthcity.organizations"
    label = "organizations"
    verbose_name = _("Organisation units")
    city_pack_order = 20
