"""Progress reports: value checks, evidence checks, review, history, status and assessment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from youthcity.core.errors import ServiceError
from youthcity.ledger import selectors, services, supervision
from youthcity.ledger.models import Evidence, Measure, ProgressReport, ReportReview, Target

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def housing(published):
    return Target.objects.get(measure__project__plan=published, unit="套")


def submit(users, target, raw, **kw):
    return services.progress_report_submit(user=users["housing_staff"], measure=target.measure,
                                           unit=users["housing_staff"].memberships.first().unit,
                                           narrative=kw.pop("narrative", "进展顺利"), values={target.pk: raw}, **kw)


@pytest.mark.parametrize("raw,code_part", [
    ("30%", "%"),          # a target counted in 套 cannot take a percentage
    ("-5", "负"),
    ("很多", "套"),
])
def test_wrong_values_are_refused_with_the_reason(users, housing, raw, code_part, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ServiceError) as exc:
        submit(users, housing, raw)
    message = " ".join(exc.value.fields[f"target_{housing.pk}"])
    assert code_part in message
    assert not ProgressReport.objects.filter(values__target=housing, values__achieved__lt=0).exists()
    assert ProgressReport.objects.filter(measure=housing.measure).count() == 1  # only the demo report


def test_values_may_carry_their_own_unit_and_chinese_magnitudes(users, housing):
    report = submit(users, housing, "1.2万套")
    assert report.values.get().achieved == 12000


def test_evidence_is_type_and_size_checked(users, housing):
    with pytest.raises(ServiceError) as exc:
        submit(users, housing, "100", files=[SimpleUploadedFile("virus.exe", b"MZ...")])
    assert "evidence" in exc.value.fields
    with pytest.raises(ServiceError):  # a .png that is not a PNG
        submit(users, housing, "100", files=[SimpleUploadedFile("photo.png", b"GIF89a")])
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ServiceError):
        submit(users, housing, "100", files=[big])
    assert ProgressReport.objects.filter(measure=housing.measure).count() == 1 and Evidence.objects.count() == 0
    report = submit(users, housing, "100", files=[SimpleUploadedFile("site.png", PNG)])
    assert report.evidence.get().original_name == "site.png"


def test_other_units_cannot_report(users, housing):
    with pytest.raises(PermissionDenied):
        services.progress_report_submit(user=users["hrss_staff"], measure=housing.measure,
                                        unit=users["hrss_staff"].memberships.first().unit, narrative="x",
                                        values={})


def test_review_accept_return_history_and_status(users, housing, today):
    day = today
    [before] = selectors.measure_states([housing.measure], day=day)
    first = submit(users, housing, "20000")
    with pytest.raises(PermissionDenied):
        services.report_review(user=users["hrss_staff"], report=first, decision="accepted")
    with pytest.raises(ServiceError) as exc:
        services.report_review(user=users["coordinator"], report=first, decision="returned", comment="")
    assert "comment" in exc.value.fields
    services.report_review(user=users["coordinator"], report=first, decision="returned", comment="请附照片")
    with pytest.raises(ServiceError):
        services.report_review(user=users["coordinator"], report=first, decision="accepted")
    second = submit(users, housing, "50000")
    services.report_review(user=users["coordinator"], report=second, decision="accepted", quality=4)
    assert ProgressReport.objects.filter(measure=housing.measure).count() == 3  # history kept (demo + 2)
    assert ReportReview.objects.get(report=first).decision == "returned"
    [after] = selectors.measure_states([housing.measure], day=day)
    target_state = next(t for t in after.targets if t.target.pk == housing.pk)
    assert target_state.achieved == 50000 and target_state.assessment.status == supervision.DONE
    assert after.assessment.progress > before.assessment.progress
    assert users["housing_staff"].notifications.filter(kind="ledger.report_accepted").exists()
    assert users["housing_staff"].notifications.filter(kind="ledger.report_returned").exists()


def test_assessment_moves_when_a_report_is_accepted(users, housing, today):
    def housing_row():
        return next(r for r in selectors.assessment(users["coordinator"], day=today)
                    if r["unit"].code == "ly-housing")
    before = housing_row()
    report = submit(users, housing, "40000")  # the demo reported 32000 (quality 4)
    services.report_review(user=users["coordinator"], report=report, decision="accepted", quality=5)
    after = housing_row()
    assert after["score"].total > before["score"].total
    assert after["quality"] == 90
    assert after["timeliness"] in (100, None)  # None once the plan's last period lies in an earlier year


def test_reminders_before_after_and_escalation_are_sent_once(users, published):
    period = published.periods.order_by("starts_on").first()
    before = services.reminders_send(today=period.due_on - dt.timedelta(days=3))
    assert before["due_soon"] > 0
    assert services.reminders_send(today=period.due_on - dt.timedelta(days=2))["due_soon"] == 0  # deduplicated
    late = services.reminders_send(today=period.due_on + dt.timedelta(days=1))
    assert late["overdue"] > 0 and late["escalated"] == 0
    escalated = services.reminders_send(today=period.due_on + dt.timedelta(days=8))
    assert escalated["escalated"] > 0
    assert users["coordinator"].notifications.filter(kind="ledger.report_escalated").exists()
    overdue = users["hrss_staff"].notifications.filter(kind="ledger.report_overdue").count()
    assert overdue >= 1
    assert services.reminders_send(today=period.due_on + dt.timedelta(days=9)) == {"due_soon": 0, "overdue": 0,
                                                                                  "escalated": 0}
    assert users["hrss_staff"].notifications.filter(kind="ledger.report_overdue").count() == overdue


def test_reminder_command_and_task(users, published, capsys):
    from django.core.management import call_command

    period = published.periods.order_by("starts_on").first()
    call_command("ledger_remind", "--today", (period.due_on - dt.timedelta(days=1)).isoformat())
    assert "due soon:" in capsys.readouterr().out
    from youthcity.ledger.tasks import send_ledger_reminders

    result = send_ledger_reminders.enqueue((period.due_on + dt.timedelta(days=1)).isoformat())
    assert result.return_value["overdue"] > 0


def test_unit_sees_only_its_own_ledger(users, published):
    mine = selectors.unit_measures(users["housing_staff"])
    assert mine.exists()
    assert not mine.exclude(responsibilities__unit__code="ly-housing").exists()
    assert selectors.visible_measures(users["coordinator"], published).count() == Measure.objects.filter(
        project__plan=published).count()
    assert not selectors.visible_plans(users["luolong_coordinator"]).filter(pk=published.pk).exists()


def test_coordinators_review_but_do_not_write_reports_for_units(users, housing):
    with pytest.raises(PermissionDenied):
        services.progress_report_submit(user=users["coordinator"], measure=housing.measure,
                                        unit=users["housing_staff"].memberships.first().unit, narrative="x", values={})


def test_per_year_targets_are_judged_within_the_year(users, published, today):
    target = Target.objects.get(measure__project__plan=published, per_year=True, subject="高校毕业生进入国有企业")
    [state] = selectors.measure_states([target.measure], day=today)
    t = next(s for s in state.targets if s.target.pk == target.pk)
    assert t.achieved is None and t.assessment.expected == supervision.elapsed_share(
        max(published.starts_on, dt.date(today.year, 1, 1)), min(published.ends_on, dt.date(today.year, 12, 31)), today)


def test_periods_cover_the_plan_from_publication_and_never_vanish():
    periods = services.reporting_periods(dt.date(2021, 12, 2), dt.date(2026, 12, 2), "quarterly", dt.date(2026, 5, 20))
    assert periods[0] == (dt.date(2026, 4, 1), dt.date(2026, 6, 30)) and periods[-1][0] == dt.date(2026, 10, 1)
    late = services.reporting_periods(dt.date(2021, 12, 2), dt.date(2026, 12, 2), "monthly", dt.date(2027, 3, 1))
    assert late == [(dt.date(2026, 12, 1), dt.date(2026, 12, 31))]
