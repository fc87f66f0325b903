from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class RegionsConfig(domain.DomainConfig):
    name = "youthcity.regions"
    label = "regions"
    verbose_name = _("Regions")
    city_pack_order = 10
