"""Targets bound to live measures: binding, refusals, suggestions, reading, history, reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from tests.ledger.conftest import plan_bytes
from tests.stations.conftest import make_station, make_youth
from youthcity.core.errors import ServiceError
from youthcity.ledger import bindings, matching, selectors, services
from youthcity.ledger.models import LiveSnapshot, Measure, PlanImport, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def stays_target(published):
    """A target counted by the platform: stays at youth stations in the city this year."""
    measure = Measure.objects.get(project__plan=published, number="12")  # led by 市住建局 (housing_staff)
    return Target.objects.create(measure=measure, position=99, subject="青年驿站入住", text="青年驿站年接待入住100人次",
                                 value=Decimal(100), unit="人次", per_year=True)


def _progress(target) -> tuple[Decimal | None, Decimal]:
    [state] = selectors.measure_states([target.measure])
    [t] = [t for t in state.targets if t.target.pk == target.pk]
    return t.achieved, t.assessment.progress


def _book_and_check_in(users, station, day):
    from youthcity.stations.services import booking_check_in, booking_create

    guest = make_youth()
    booking, _ = booking_create(person=guest, station=station, check_in=day, check_out=day + dt.timedelta(days=2))
    booking_check_in(booking=booking, staff=users["station_staff"], identity_confirmed=True)
    return booking


def test_a_station_booking_moves_a_bound_targets_progress(users, stays_target, today):
    station = make_station("live1")
    achieved, progress = _progress(stays_target)
    assert achieved is None and progress == 0  # nothing reported, nothing bound
    services.target_bind(user=users["coordinator"], target=stays_target, code="station_stays")
    stays_target.refresh_from_db()
    assert stays_target.live_period == "year" and stays_target.live_region == stays_target.measure.project.plan.region
    before, p_before = _progress(stays_target)
    assert before is not None
    _book_and_check_in(users, station, today)
    after, p_after = _progress(stays_target)
    assert after == before + 1
    assert p_after > p_before or p_before == 1
    # The reading names its source and time; reading wrote nothing.
    [state] = selectors.measure_states([stays_target.measure])
    reading = [t for t in state.targets if t.target.pk == stays_target.pk][0].reading
    assert reading.code == "station_stays" and reading.as_of is not None
    assert not LiveSnapshot.objects.exists()


def test_bound_value_is_the_platforms_not_a_units_report(users, stays_target):
    services.target_bind(user=users["coordinator"], target=stays_target, code="station_stays")
    measure = stays_target.measure
    reporter = users["housing_staff"]
    unit = selectors.reportable_units(reporter, measure).first()
    with pytest.raises(ServiceError) as exc:
        services.progress_report_submit(user=reporter, measure=measure, unit=unit, narrative="驿站接待情况良好。",
                                        values={stays_target.pk: "500"})
    assert f"target_{stays_target.pk}" in exc.value.fields
    # A narrative without the number is accepted.
    report = services.progress_report_submit(user=reporter, measure=measure, unit=unit, narrative="驿站接待情况良好。",
                                             values={})
    assert report.values.count() == 0


def test_unit_staff_and_other_coordinators_cannot_bind(users, stays_target):
    for who in ("housing_staff", "hrss_staff", "luolong_coordinator", "leader"):
        with pytest.raises(PermissionDenied):
            services.target_bind(user=users[who], target=stays_target, code="station_stays")
    services.target_bind(user=users["coordinator"], target=stays_target, code="station_stays")
    with pytest.raises(PermissionDenied):
        services.target_unbind(user=users["luolong_coordinator"], target=stays_target)
    stays_target.refresh_from_db()
    assert stays_target.live_measure == "station_stays"


def test_bad_bindings_are_refused_with_a_reason(users, stays_target, luolong):
    coordinator = users["coordinator"]
    with pytest.raises(ServiceError) as exc:
        services.target_bind(user=coordinator, target=stays_target, code="no_such_measure")
    assert "code" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.target_bind(user=coordinator, target=stays_target, code="station_beds", period="total")
    assert "period" in exc.value.fields  # beds now do not add up over years
    with pytest.raises(ServiceError):
        services.target_unbind(user=coordinator, target=stays_target)  # not bound
    # A district inside the plan's city is fine; the binding is audited with its author.
    services.target_bind(user=coordinator, target=stays_target, code="station_stays", region=luolong, period="total")
    stays_target.refresh_from_db()
    assert (stays_target.live_region, stays_target.live_period, stays_target.live_bound_by) == (
        luolong, "total", coordinator)
    services.target_unbind(user=coordinator, target=stays_target)
    stays_target.refresh_from_db()
    assert stays_target.live_measure == "" and stays_target.live_region is None


def test_snapshots_keep_history_once_a_day(users, stays_target, today):
    services.target_bind(user=users["coordinator"], target=stays_target, code="station_stays")
    call_command("ledger_live_snapshot", "--today", today.isoformat())
    call_command("ledger_live_snapshot", "--today", today.isoformat())
    snaps = list(LiveSnapshot.objects.filter(target=stays_target))
    assert len(snaps) == 1 and snaps[0].measure_code == "station_stays"
    assert selectors.live_history(stays_target) == snaps


def test_period_rules():
    start = dt.date(2022, 3, 1)
    assert bindings.years_for("year", plan_start=start, deadline=dt.date(2030, 1, 1), day=dt.date(2026, 5, 1)) == (2026,)
    assert bindings.years_for("total", plan_start=start, deadline=dt.date(2025, 12, 31),
                              day=dt.date(2026, 5, 1)) == (2022, 2023, 2024, 2025)
    assert bindings.default_period("station_stays", per_year=False) == "total"
    assert bindings.default_period("station_stays", per_year=True) == "year"
    assert bindings.default_period("youth_home_coverage", per_year=False) == "year"


# --- Suggestions ----------------------------------------------------------------------------

SENSIBLE = [
    ("青年驿站床位", "新增青年驿站床位500张", "张", "", "station_beds"),
    ("见习岗位", "每年开发见习岗位3000个", "个", "", "careers_positions"),
    ("实践岗位", "发布各类实践岗位1万个", "个", "", "careers_positions"),
    ("保障性租赁住房", "筹建保障性租赁住房5万套", "套", "", "housing_homes_allocated"),
    ("青年大学生比例", "以总量不低于40%的比例", "%", "面向新就业青年大学生配租保障性租赁住房", "housing_graduate_share"),
    ("注册志愿者", "青年注册志愿者达到2万名", "名", "", "registered_volunteers"),
    ("乡(镇、街道)青年之家覆盖率", "实现青年之家乡镇全覆盖", "%", "", "youth_home_coverage"),
    ("高校毕业生留洛就业创业", "力争每年万名以上高校毕业生留洛就业创业", "名", "", "careers_graduates_staying"),
]
NONSENSE = [
    ("高校毕业生进入机关事业单位", "每年招录2000名以上高校毕业生进入机关事业单位", "名"),
    ("孵化场所", "全市打造孵化场所不少于120个", "个"),
    ("完成投资", "完成投资200亿元", "元"),
    ("新开办企业时间", "新开办企业时间压缩至2小时", "小时"),
    ("青年驿站床位", "新增青年驿站床位500张", "元"),  # right words, wrong unit
    ("公益性岗位", "开发公益性岗位500个", "个"),
    ("青年大学生比例", "录用青年大学生比例不低于40%", "%"),  # a share, but not of housing
]


@pytest.mark.parametrize(("subject", "text", "unit", "context", "code"), SENSIBLE)
def test_sensible_targets_get_the_right_suggestion(subject, text, unit, context, code):
    assert matching.suggest(subject=subject, text=text, unit=unit, context=context)[:1] == [code]


@pytest.mark.parametrize(("subject", "text", "unit"), NONSENSE)
def test_nonsense_gets_no_suggestion(subject, text, unit):
    assert matching.suggest(subject=subject, text=text, unit=unit, context="就业创业政策") == []


def test_every_rule_names_a_registered_measure():
    from youthcity.core import measures

    assert set(matching.RULES) <= {m.code for m in measures.all_measures()}


def test_seed_plans_get_sensible_suggestions_and_no_nonsense(users, empty_ledger, city, luolong):
    """Luoyang's plan, Luolong's news-report plan and the district pilot, as imported."""
    found = {}
    imports = services.plan_import_create(user=users["coordinator"], region=city, filename="luoyang_zh.txt",
                                          data=plan_bytes("luoyang_zh.txt"))
    imports += services.plan_import_create(user=users["luolong_coordinator"], region=luolong,
                                           filename="district_pilot_zh.txt", data=plan_bytes("district_pilot_zh.txt"))
    for imp in imports:
        for p in imp.data["projects"]:
            for m in p["measures"]:
                for t in m["targets"]:
                    codes = [x.code for x in bindings.suggestions(subject=t["subject"], text=t.get("text") or "",
                                                                  unit=t["unit"], context=m["text"])]
                    found.setdefault(t["subject"], set()).update(codes)
    assert found["高校毕业生留洛就业创业"] == {"careers_graduates_staying"}
    assert found["实践岗位"] == {"careers_positions"}
    assert found["保障性租赁住房"] == {"housing_homes_allocated"}
    assert found["青年大学生比例"] == {"housing_graduate_share"}
    assert found["乡(镇、街道)青年之家覆盖率"] == {"youth_home_coverage"}
    for subject in ("高校毕业生进入机关事业单位", "高校毕业生进入国有企业", "孵化场所", "省、市重点项目", "完成投资",
                    "科技产业社区", "新开办企业时间"):
        assert found[subject] == set(), subject


# --- Import review and the pages ------------------------------------------------------------

def test_import_review_proposes_and_publishing_binds(client, users, empty_ledger, city):
    coordinator = users["coordinator"]
    [imp, *_] = services.plan_import_create(user=coordinator, region=city, filename="luoyang_zh.txt",
                                            data=plan_bytes("luoyang_zh.txt"))
    client.force_login(coordinator)
    html = client.get(f"/work/ledger/import/{imp.pk}/").content.decode()
    assert 'data-testid="draft-suggestion"' in html and "保障性租赁住房" in html
    where = next((p, m, t) for p, pr in enumerate(imp.data["projects"]) for m, me in enumerate(pr["measures"])
                 for t, ta in enumerate(me["targets"]) if ta["subject"] == "保障性租赁住房")
    url = f"/work/ledger/import/{imp.pk}/measures/{where[0]}/{where[1]}/targets/{where[2]}/live/"
    assert client.get(url).status_code == 405  # a GET never writes
    assert client.post(url, {"code": "housing_homes_allocated"}).status_code == 302
    imp.refresh_from_db()
    target = imp.data["projects"][where[0]]["measures"][where[1]]["targets"][where[2]]
    assert target["live"] == {"code": "housing_homes_allocated", "period": "total"}
    assert 'data-testid="draft-binding"' in client.get(f"/work/ledger/import/{imp.pk}/").content.decode()
    # Unit staff may not touch the draft.
    client.force_login(users["housing_staff"])
    assert client.post(url, {"code": ""}).status_code == 404
    # Mapping every unit name, then publishing, binds the target to the plan's region.
    from youthcity.ledger import drafts
    choices = {n: {"not_unit": True} for n in drafts.unmapped_names(imp.data)}
    services.plan_import_map_units(user=coordinator, plan_import=imp, choices=choices)
    services.plan_import_publish(user=coordinator, plan_import=PlanImport.objects.get(pk=imp.pk))
    bound = Target.objects.get(measure__project__plan__source=imp, subject="保障性租赁住房")
    assert (bound.live_measure, bound.live_region, bound.live_period, bound.live_bound_by) == (
        "housing_homes_allocated", city, "total", coordinator)


def test_measure_page_binds_shows_provenance_and_unbinds(client, users, stays_target):
    url = f"/work/ledger/measures/{stays_target.measure_id}/"
    client.force_login(users["coordinator"])
    html = client.get(url).content.decode()
    assert 'data-testid="bind-form"' in html
    prefix = f"live{stays_target.pk}"
    response = client.post(f"/work/ledger/targets/{stays_target.pk}/live/", {
        "action": "bind", f"{prefix}-code": "station_stays", f"{prefix}-region": stays_target.measure.project.plan.region_id,
        f"{prefix}-period": "year"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "来自平台，截至" in html and 'data-testid="live-value"' in html
    # The unit's report form no longer asks for the number.
    assert f'name="target_{stays_target.pk}"' not in html
    assert not LiveSnapshot.objects.exists()  # reading the page wrote nothing
    client.post(f"/work/ledger/targets/{stays_target.pk}/live/", {"action": "unbind"})
    stays_target.refresh_from_db()
    assert stays_target.live_measure == ""


def test_unit_staff_get_403_and_other_regions_404(client, users, stays_target):
    url = f"/work/ledger/targets/{stays_target.pk}/live/"
    prefix = f"live{stays_target.pk}"
    data = {"action": "bind", f"{prefix}-code": "station_stays",
            f"{prefix}-region": stays_target.measure.project.plan.region_id, f"{prefix}-period": "year"}
    client.force_login(users["housing_staff"])
    assert client.post(url, data).status_code == 403
    client.force_login(users["luolong_coordinator"])
    assert client.post(url, data).status_code in (403, 404)
    stays_target.refresh_from_db()
    assert stays_target.live_measure == ""


def test_api_and_export_name_the_platform_as_the_source(client, users, stays_target):
    import io

    from openpyxl import load_workbook

    from tests.conftest import bearer

    services.target_bind(user=users["coordinator"], target=stays_target, code="station_stays")
    plan = stays_target.measure.project.plan
    body = client.get(f"/api/v1/plans/{plan.pk}", **bearer(users["coordinator"])).json()
    [t] = [t for p in body["projects"] for m in p["measures"] for t in m["targets"] if t["id"] == stays_target.pk]
    assert t["live"]["measure"] == "station_stays" and t["live"]["period"] == "year" and t["achieved"] is not None
    others = [t for p in body["projects"] for m in p["measures"] for t in m["targets"] if t["id"] != stays_target.pk]
    assert all(t["live"] is None for t in others)
    client.force_login(users["coordinator"])
    book = load_workbook(io.BytesIO(client.get(f"/work/ledger/plans/{plan.pk}/export.xlsx").content))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any("青年驿站入住" in c and "来自平台，截至" in c for c in cells)


def test_matching_never_suggests_across_units():
    from hypothesis import given
    from hypothesis import strategies as st

    words = st.text(alphabet="青年驿站床位岗位见习志愿者住房保障性租赁之家覆盖留毕业生补贴发放活动比例", max_size=12)

    @given(subject=words, text=words, unit=st.sampled_from(["元", "亿元", "小时", "%", "个", "名", "套", "张", "人次", "场"]))
    def check(subject, text, unit):
        for code in matching.suggest(subject=subject, text=text, unit=unit):
            assert unit in matching.RULES[code].units
            assert all(any(w in subject + " " + text for w in group) for group in matching.RULES[code].all_of)

    check()


def test_editing_a_draft_measure_keeps_or_changes_its_binding(client, users, empty_ledger, city):
    coordinator = users["coordinator"]
    [imp, *_] = services.plan_import_create(user=coordinator, region=city, filename="luoyang_zh.txt",
                                            data=plan_bytes("luoyang_zh.txt"))
    p, m = next((p, m) for p, pr in enumerate(imp.data["projects"]) for m, me in enumerate(pr["measures"])
                if any(t["subject"] == "保障性租赁住房" for t in me["targets"]))
    services.plan_import_bind_target(user=coordinator, plan_import=imp, project_index=p, measure_index=m,
                                     target_index=0, code="housing_homes_allocated")
    client.force_login(coordinator)
    url = f"/work/ledger/import/{imp.pk}/measures/{p}/{m}/"
    form = client.get(url)
    assert 'value="housing_homes_allocated" selected' in form.content.decode()
    measure = PlanImport.objects.get(pk=imp.pk).data["projects"][p]["measures"][m]
    post = {"number": measure.get("number") or "", "title": measure.get("title") or "", "text": measure["text"],
            "responsible_units": "\n".join(measure.get("responsible_units", [])),
            "target_rows": str(len(measure["targets"]))}
    for i, t in enumerate(measure["targets"]):
        post.update({f"targets-{i}-{k}": str(t.get(k) or "") for k in ("subject", "value", "unit", "comparator",
                                                                        "deadline", "text", "baseline")})
        post[f"targets-{i}-live"] = (t.get("live") or {}).get("code", "")
    post["targets-1-live"] = "no_such_measure"
    response = client.post(url, post)
    assert response.status_code == 200 and "请选择平台实时指标" in response.content.decode()
    post["targets-1-live"] = "housing_graduate_share"
    assert client.post(url, post).status_code == 302
    targets = PlanImport.objects.get(pk=imp.pk).data["projects"][p]["measures"][m]["targets"]
    assert targets[0]["live"] == {"code": "housing_homes_allocated", "period": "total"}
    assert targets[1]["live"] == {"code": "housing_graduate_share", "period": "year"}
