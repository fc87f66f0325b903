"""Live measures from benefit applications and payments (registered by the app, see core.measures)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from youthcity.applications.models import ApplicationStatus
from youthcity.core.measures import LiveMeasure

from .models import BenefitApplication, Disbursement


def benefits_paid(region, period: str) -> float | None:
    """Money paid in the year to young people living in ``region`` (元)."""
    if not str(period).isdigit():
        return None
    total = Disbursement.objects.filter(
        paid_on__year=int(period),
        application__applicant__youth_profile__current_region__path__startswith=region.path,
    ).aggregate(total=Sum("amount"))["total"]
    return float(total or 0)


def benefit_approvals(region, period: str) -> int | None:
    """Applications approved in the year for young people living in ``region``."""
    if not str(period).isdigit():
        return None
    return BenefitApplication.objects.filter(
        status=ApplicationStatus.APPROVED, decided_at__year=int(period),
        applicant__youth_profile__current_region__path__startswith=region.path,
    ).count()


MEASURES = [
    LiveMeasure("benefits_paid", benefits_paid, _("Benefits paid to young people"), "元",
                aggregation=_("sum paid in the year")),
    LiveMeasure("benefit_approvals", benefit_approvals, _("Benefit applications approved"), _("applications"),
                aggregation=_("approved in the year")),
]
