from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class PortalConfig(domain.DomainConfig):
    name = "youthcity.portal"
    label = "portal"
    verbose_name = _("Portal, workbench and dashboard")
