from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class LedgerConfig(domain.DomainConfig):
    name = "youthcity.ledger"
    label = "ledger"
    verbose_name = _("Plan ledger")
    city_pack_order = 50
    navigation = (
        domain.Nav("workbench", "ledger:home", _("Work ledger (工作台账)"), visible="workbench", order=20),
        domain.Nav("dashboard", "ledger:dashboard", _("Plan ledger"), visible="dashboard", order=20),
        domain.Nav("dashboard", "ledger:assessment", _("Annual assessment"), visible="dashboard", order=21),
    )
