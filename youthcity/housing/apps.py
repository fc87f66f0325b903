from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class HousingConfig(domain.DomainConfig):
    name = "youthcity.housing"
    label = "housing"
    verbose_name = _("Housing")
    city_pack_order = 60
    navigation = (
        domain.Nav(
            "portal",
            "housing:projects",
            _("Talent apartments and rental homes"),
            order=30,
            icon="bi-building",
            summary=_("Apply for a home; homes are allocated in a public draw anyone can check."),
        ),
        domain.Nav(
            "portal",
            "housing:mine",
            _("My housing"),
            visible="signed_in",
            order=31,
            icon="bi-key",
            summary=_("Your applications, offers and lease."),
        ),
        domain.Nav("workbench", "housing:staff-home", _("Housing"), visible="deciders", order=40),
        domain.Nav(
            "dashboard", "housing:statistics", _("Housing statistics"), visible="staff_and_leaders", order=40
        ),
    )

    def ready(self) -> None:
        super().ready()
        hide_round_secret_from_the_audit_trail()


def hide_round_secret_from_the_audit_trail() -> None:
    """The operator's secret stays unknown until the draw reveals it: the audit trail (which
    administrators read) records a round's columns except ``secret``."""
    from auditlog.registry import auditlog

    from .models import AllocationRound

    entry = auditlog._registry.get(AllocationRound)
    if entry is None:
        return
    entry["exclude_fields"] = [*entry["exclude_fields"], "secret"]
    if entry["include_fields"]:
        entry["include_fields"] = [name for name in entry["include_fields"] if name != "secret"]
