from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class MonitoringConfig(domain.DomainConfig):
    name = "youthcity.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and index")
    city_pack_order = 80
    navigation = (
        domain.Nav("workbench", "monitoring:work-home", _("Indicator data"), visible="workbench", order=60),
        domain.Nav("dashboard", "monitoring:dashboard", _("Youth Development Index"), visible="dashboard", order=60),
        domain.Nav("portal", "monitoring:public-latest", _("Youth Development Index"), order=80, icon="bi-graph-up",
                   summary=_("How each district is doing for its young people, year by year.")),
    )
