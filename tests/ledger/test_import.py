"""Import → review → publish, and the bad inputs that must leave nothing behind."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied

from tests.ledger.conftest import plan_bytes
from youthcity.core.errors import ServiceError
from youthcity.ledger import drafts, services
from youthcity.ledger.models import Measure, Plan, PlanImport, Responsibility, Target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_ledger")]


def test_luoyang_plan_imports_as_draft_without_touching_the_ledger(users, city):
    created = services.plan_import_create(user=users["coordinator"], region=city, filename="luoyang_zh.txt",
                                          data=plan_bytes("luoyang_zh.txt"))
    assert len(created) == 2  # the city plan, then Luolong's news-report plan
    main = created[0]
    # 8 targets: the 80% living allowance and the 10–20万元 subsidy are benefits, not work targets;
    # the 青年之家 coverage (全覆盖) is a target
    assert drafts.counts(main.data) == {"projects": 5, "measures": 27, "targets": 8}
    assert main.data["units"]["市人社局"]["unit"] is not None and main.data["units"]["市人社局"]["auto"]
    assert not drafts.unmapped_names(main.data)
    assert Plan.objects.count() == 0 and Measure.objects.count() == 0


@pytest.fixture
def published(users, city):
    drafts_ = services.plan_import_create(user=users["coordinator"], region=city, filename="luoyang_zh.txt",
                                          data=plan_bytes("luoyang_zh.txt"))
    return services.plan_import_publish(user=users["coordinator"], plan_import=drafts_[0])


def test_publish_writes_the_whole_plan_in_one_go(published):
    assert published.projects.count() == 5
    assert Measure.objects.filter(project__plan=published).count() == 27
    assert Target.objects.filter(measure__project__plan=published).count() == 8
    housing = Target.objects.get(measure__project__plan=published, unit="套")
    assert housing.value == 50000 and str(housing.deadline) == "2026-12-02"
    hrss_leads = Responsibility.objects.filter(measure__project__plan=published, unit__code="ly-hrss",
                                               role=Responsibility.Role.LEAD)
    assert hrss_leads.count() == 7  # the employment project: measures 4–10
    assert published.periods.exists()
    assert published.source.status == PlanImport.Status.PUBLISHED


def test_reimport_is_detected_and_explained(published, users, city):
    with pytest.raises(ServiceError) as exc:
        services.plan_import_create(user=users["coordinator"], region=city, filename="again.txt",
                                    data=plan_bytes("luoyang_zh.txt"))
    assert exc.value.code == "duplicate" and "洛阳市建设青年友好型城市行动方案" in exc.value.message
    # Same text in GBK with other line breaks is the same document.
    gbk = plan_bytes("luoyang_zh.txt").decode("utf-8").replace("\n", "\r\n").encode("gb18030")
    with pytest.raises(ServiceError) as exc:
        services.plan_import_create(user=users["coordinator"], region=city, filename="gbk.txt", data=gbk)
    assert exc.value.code == "duplicate"
    assert PlanImport.objects.count() == 2


def test_district_pilot_resolves_district_aliases_and_flags_the_rest(users, luolong):
    [draft] = services.plan_import_create(user=users["luolong_coordinator"], region=luolong,
                                          filename="district_pilot_zh.txt", data=plan_bytes("district_pilot_zh.txt"))
    assert drafts.counts(draft.data)["measures"] == 11
    hrss = draft.data["units"]["区人社局"]
    from youthcity.organizations.models import Unit
    assert Unit.objects.get(pk=hrss["unit"]).code == "410311-hrss"
    unmapped = drafts.unmapped_names(draft.data)
    assert "两乡四办" in unmapped
    with pytest.raises(ServiceError) as exc:
        services.plan_import_publish(user=users["luolong_coordinator"], plan_import=draft)
    assert exc.value.code == "unmapped_units" and "两乡四办" in exc.value.message
    assert Plan.objects.count() == 0
    choices = {name: {"not_unit": True} for name in unmapped}
    draft = services.plan_import_map_units(user=users["luolong_coordinator"], plan_import=draft, choices=choices)
    plan = services.plan_import_publish(user=users["luolong_coordinator"], plan_import=draft)
    assert Measure.objects.filter(project__plan=plan).count() == 11


@pytest.mark.parametrize("filename,data,code", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n ", "empty"),
    ("binary.txt", bytes(range(256)) * 10, "binary"),
    ("big.txt", b"a" * (10 * 1024 * 1024 + 1), "too_large"),
    ("prose.txt", "今天天气很好。".encode(), "no_structure"),
    ("latin1.txt", "Caf\xe9 na\xefve r\xe9sum\xe9 \xe0 la cr\xe8me".encode("latin-1") * 3, "encoding"),
])
def test_bad_files_are_refused_and_nothing_is_stored(users, city, filename, data, code):
    with pytest.raises(ServiceError) as exc:
        services.plan_import_create(user=users["coordinator"], region=city, filename=filename, data=data)
    assert exc.value.code == code, exc.value.message
    assert exc.value.message
    assert PlanImport.objects.count() == 0


def test_scanned_pdf_is_refused(users, city):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ServiceError) as exc:
        services.plan_import_create(user=users["coordinator"], region=city, filename="scan.pdf", data=buf.getvalue())
    assert exc.value.code == "scanned_pdf"
    assert PlanImport.objects.count() == 0


def test_gbk_text_imports(users, city):
    data = plan_bytes("district_pilot_zh.txt").decode("utf-8").encode("gbk")
    [draft] = services.plan_import_create(user=users["coordinator"], region=city, filename="pilot.txt", data=data)
    assert drafts.counts(draft.data)["measures"] == 11


def test_only_coordinators_of_the_region_may_import(users, city, luolong):
    for name in ("hrss_staff", "leader"):
        with pytest.raises(PermissionDenied):
            services.plan_import_create(user=users[name], region=city, filename="p.txt",
                                        data=plan_bytes("district_pilot_zh.txt"))
    with pytest.raises(PermissionDenied):  # a district coordinator cannot import for the city
        services.plan_import_create(user=users["luolong_coordinator"], region=city, filename="p.txt",
                                    data=plan_bytes("district_pilot_zh.txt"))
    assert PlanImport.objects.count() == 0


def test_review_edits_merge_and_split(users, luolong):
    [draft] = services.plan_import_create(user=users["luolong_coordinator"], region=luolong,
                                          filename="district_pilot_zh.txt", data=plan_bytes("district_pilot_zh.txt"))
    user = users["luolong_coordinator"]
    before = drafts.counts(draft.data)
    draft = services.plan_import_merge_measures(user=user, plan_import=draft, project_index=0, measure_index=0)
    assert drafts.counts(draft.data)["measures"] == before["measures"] - 1
    text = draft.data["projects"][0]["measures"][0]["text"]
    half = len(text) // 2
    draft = services.plan_import_split_measure(user=user, plan_import=draft, project_index=0, measure_index=0,
                                               text_with_markers=text[:half] + "\n---\n" + text[half:])
    assert drafts.counts(draft.data) == before
    draft = services.plan_import_edit_measure(
        user=user, plan_import=draft, project_index=0, measure_index=1, number="2", title="人才住房",
        text="筹建人才公寓500套", responsible_units=["区住建局", "新单位"], lists=["practical"],
        targets=[{"subject": "人才公寓", "value": "500", "unit": "套", "comparator": ">=", "baseline": "20",
                  "deadline": "2027-12-31"}])
    measure = draft.data["projects"][0]["measures"][1]
    assert measure["targets"][0]["value"] == 500 and measure["lists"] == ["practical"]
    assert "新单位" in drafts.unmapped_names(draft.data)
    with pytest.raises(ServiceError) as exc:
        services.plan_import_edit_measure(
            user=user, plan_import=draft, project_index=0, measure_index=1, number="2", title="", text="x",
            responsible_units=[], lists=[], targets=[{"subject": "a", "value": "-3", "unit": "", "comparator": ">="}])
    assert set(exc.value.fields) == {"targets-0-value", "targets-0-unit"}
