"""Plan amendments as versions: what changed and why, reports made under each version, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from youthcity.core.errors import ServiceError
from youthcity.ledger import services
from youthcity.ledger.models import Measure, Plan, PlanVersion, ProgressReport, Responsibility, Target
from youthcity.organizations.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(published):
    return Target.objects.filter(measure__project__plan=published, subject="保障性租赁住房").get()


def test_an_amendment_changes_the_target_and_keeps_what_and_why(users, published, target):
    old_report = ProgressReport.objects.filter(measure=target.measure).first()
    assert old_report.plan_version == 1
    version = services.plan_amend(user=users["coordinator"], plan=published, reason="省里下达任务调整为4万套",
                                  targets={target.pk: {"value": Decimal(40000), "deadline": dt.date(2027, 6, 30)}})
    target.refresh_from_db()
    published.refresh_from_db()
    assert target.value == 40000 and target.deadline == dt.date(2027, 6, 30)
    assert published.version == 2 and version.number == 2 and version.reason == "省里下达任务调整为4万套"
    fields = {c["field"]: (c["before"], c["after"]) for c in version.changes}
    assert fields["目标值"][1] == "40000套" and fields["完成时限"][1] == "2027-06-30"
    assert LogEntry.objects.get_for_object(target).exists()
    # A report made now names version 2; the earlier one keeps version 1.
    report = services.progress_report_submit(user=users["housing_staff"], measure=target.measure,
                                             unit=Unit.objects.get(code="ly-housing"), narrative="新开工5000套。",
                                             values={target.pk: "37000"})
    assert report.plan_version == 2
    old_report.refresh_from_db()
    assert old_report.plan_version == 1


def test_changing_the_lead_unit_and_the_plans_end(users, published):
    measure = Measure.objects.filter(project__plan=published, number="9").get()
    league = Unit.objects.get(code="ly-league")
    version = services.plan_amend(user=users["coordinator"], plan=published, reason="职责调整",
                                  leads={measure.pk: league.pk}, ends_on=published.ends_on + dt.timedelta(days=365))
    lead = Responsibility.objects.get(measure=measure, role=Responsibility.Role.LEAD)
    assert lead.unit == league
    assert Responsibility.objects.filter(measure=measure, unit__code="ly-hrss", role="co").exists()
    assert {c["field"] for c in version.changes} == {"牵头单位", "方案结束日期"}
    published.refresh_from_db()
    last = published.periods.order_by("-ends_on").first()
    assert last.starts_on <= published.ends_on <= last.ends_on  # the calendar now reaches the new end


def test_refusals_leave_the_plan_untouched(users, published, target):
    with pytest.raises(ServiceError) as exc:
        services.plan_amend(user=users["coordinator"], plan=published, reason=" ",
                            targets={target.pk: {"value": Decimal(1), "deadline": None}})
    assert "reason" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.plan_amend(user=users["coordinator"], plan=published, reason="无变化",
                            targets={target.pk: {"value": target.value, "deadline": target.deadline}})
    assert exc.value.code == "unchanged"
    with pytest.raises(ServiceError) as exc:
        services.plan_amend(user=users["coordinator"], plan=published, reason="负数",
                            targets={target.pk: {"value": Decimal(-1), "deadline": None}})
    assert f"target_{target.pk}" in exc.value.fields
    other = Target.objects.exclude(measure__project__plan=published).first()
    with pytest.raises(ServiceError):
        services.plan_amend(user=users["coordinator"], plan=published, reason="别的方案",
                            targets={other.pk: {"value": Decimal(1), "deadline": None}})
    for name in ("leader", "hrss_staff", "luolong_coordinator"):
        with pytest.raises(PermissionDenied):
            services.plan_amend(user=users[name], plan=published, reason="越权",
                                targets={target.pk: {"value": Decimal(1), "deadline": None}})
    target.refresh_from_db()
    assert target.value == 50000
    assert Plan.objects.get(pk=published.pk).version == 1 and not PlanVersion.objects.exists()


def test_the_amendment_and_diff_pages(client, users, published, target):
    client.force_login(users["coordinator"])
    url = f"/work/ledger/plans/{published.pk}/amend/"
    page = client.get(url).content.decode()
    assert f'name="t{target.pk}-value"' in page
    # The form sent back as it came (every target and lead unit as they are) records nothing.
    import re
    fields = dict(re.findall(r'name="(t\d+-value)" value="([^"]*)"', page))
    fields.update(re.findall(r'name="(t\d+-deadline)" value="([^"]*)"', page))
    same = client.post(url, {"reason": "核对", "ends_on": published.ends_on.isoformat(), **fields}, follow=True)
    assert "没有任何修改" in same.content.decode() and not PlanVersion.objects.exists()
    bad = client.post(url, {"reason": "调整", f"t{target.pk}-value": "abc"})
    assert bad.status_code == 200 and "amend-errors" in bad.content.decode()
    response = client.post(url, {"reason": "省里下达任务调整", f"t{target.pk}-value": "40000",
                                 f"t{target.pk}-deadline": "2027-06-30", "ends_on": published.ends_on.isoformat()})
    assert response.status_code == 302 and response["Location"].endswith(f"/plans/{published.pk}/versions/")
    diff = client.get(response["Location"]).content.decode()
    assert "省里下达任务调整" in diff and "40000套" in diff and "50000套" in diff and "第2版" in diff
    # Unit staff see the versions of a plan they work on, but cannot amend it; leaders neither.
    client.force_login(users["housing_staff"])
    assert client.get(f"/work/ledger/plans/{published.pk}/versions/").status_code == 200
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"reason": "x"}).status_code in (403, 404)
    client.force_login(users["luolong_coordinator"])
    assert client.get(f"/work/ledger/plans/{published.pk}/versions/").status_code == 404
