"""Housing pages: the applicant's phone pages, the staff workbench (scoped 404s), public results
with masked identities, leaders' statistics; Chinese text, GETs that never write."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from tests.housing.conftest import PUBLIC_VALUE, approved, make_applicant, make_project
from youthcity.housing import services
from youthcity.housing.models import HousingApplication, HousingProject, OfferStatus

pytestmark = pytest.mark.django_db


def test_projects_page_lists_the_demo_projects_in_chinese(client, city):
    page = client.get("/housing/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "洛龙区人才公寓" in text and "示例数据" in text and "人才公寓与保障性租赁住房" in text


def test_apply_from_the_project_page(client, city):
    person = make_applicant(category="young_graduate")
    project = HousingProject.objects.get(code="luolong-talent")
    client.force_login(person)
    page = client.get(f"/housing/projects/{project.pk}/")
    assert "新来洛高校毕业生" in page.content.decode()
    form = {"household_size": 2, "marital_status": "married", "children": 0, "note": "", "layouts": ["一室一厅"]}
    response = client.post(f"/housing/projects/{project.pk}/", form)
    app = HousingApplication.objects.get(applicant=person)
    assert response.status_code == 302 and response["Location"] == f"/housing/applications/{app.pk}/"
    assert app.categories == ["young_graduate"] and app.layouts == ["一室一厅"] and app.household_size == 2
    status = client.get(f"/housing/applications/{app.pk}/").content.decode()
    assert "申请已提交" in status and 'aria-current="step"' in status
    again = client.post(f"/housing/projects/{project.pk}/", form)
    assert (
        again.status_code == 200
        and "您已有一份" in again.content.decode()
        or "已有" in again.content.decode()
    )


def test_someone_elses_application_is_not_found(client, city):
    owner, other = make_applicant(), make_applicant()
    app = services.application_submit(
        applicant=owner, project=HousingProject.objects.get(code="luolong-talent")
    )
    client.force_login(other)
    assert client.get(f"/housing/applications/{app.pk}/").status_code == 404


def test_staff_flow_pages_and_scoped_404s(client, housing_staff, city):
    from youthcity.accounts.models import User

    project = make_project("t-views", homes=2)
    people = [make_applicant() for _ in range(3)]
    approved(project, housing_staff, people)
    client.force_login(housing_staff)
    assert client.get("/work/housing/").status_code == 200
    decided = client.get("/work/housing/applications/?status=approved").content.decode()
    assert "共 3 件申请" in decided and decided.count('href="/work/housing/applications/') >= 3
    assert client.get(f"/work/housing/projects/{project.pk}/").status_code == 200
    response = client.post(
        f"/work/housing/projects/{project.pk}/rounds/new/",
        {
            "name": "第一轮",
            "reserve_category": "young_graduate",
            "reserved_share": "0.4",
            "reserved_count": "",
            "public_source_kind": "lottery",
            "public_source_name": "福彩3D 第1期",
            "offer_days": 7,
            "pool_order": "reserve_first",
        },
    )
    assert response.status_code == 302
    round_ = project.rounds.get()
    url = f"/work/housing/rounds/{round_.pk}/"
    assert client.post(url, {"action": "freeze"}).status_code == 302
    assert client.post(url, {"action": "draw", "d-public_value": PUBLIC_VALUE}).status_code == 302
    round_.refresh_from_db()
    assert round_.status == "drawn"
    again = client.post(url, {"action": "draw", "d-public_value": "1 2 3"})
    assert again.status_code == 200
    # the public page masks names and ids and links the audit file
    public = client.get(f"/housing/rounds/{round_.pk}/").content.decode()
    assert "测试renter" not in public and "H***" in public or "***" in public
    audit = client.get(f"/housing/rounds/{round_.pk}/audit.json")
    assert audit.status_code == 200 and audit.content == round_.audit.encode()
    # a city-level project is not found for district staff
    city_project = HousingProject.objects.get(code="luoyang-rental-yiluo")
    assert client.get(f"/work/housing/projects/{city_project.pk}/").status_code == 404
    client.force_login(User.objects.get(username="housing_staff"))
    assert client.get(f"/work/housing/projects/{city_project.pk}/").status_code == 200


def test_offer_accept_and_lease_pages(client, housing_staff, city):
    project = make_project("t-lease", homes=1)
    person = make_applicant()
    approved(project, housing_staff, [person])
    round_ = services.round_create(
        staff=housing_staff, project=project, name="R", public_source_name="福彩3D"
    )
    services.round_freeze(staff=housing_staff, round_=round_)
    services.round_draw(staff=housing_staff, round_=round_, public_value=PUBLIC_VALUE)
    offer = round_.offers.get()
    client.force_login(make_applicant())
    assert client.post(f"/housing/offers/{offer.pk}/accept/").status_code == 404  # not theirs
    client.force_login(person)
    page = client.get("/housing/my/").content.decode()
    assert "接受" in page, page[page.find("<main") :][:3000]
    assert client.post(f"/housing/offers/{offer.pk}/accept/").status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    client.force_login(housing_staff)
    response = client.post(
        f"/work/housing/offers/{offer.pk}/lease/",
        {
            "start": "2026-12-01",
            "months": 12,
            "rent_free_months": 40,
            "monthly_rent": "0",
            "monthly_subsidy": "800",
        },
    )
    assert response.status_code == 200  # 40 > 36 months: refused on the form
    response = client.post(
        f"/work/housing/offers/{offer.pk}/lease/",
        {
            "start": "2026-12-01",
            "months": 12,
            "rent_free_months": 36,
            "monthly_rent": "0",
            "monthly_subsidy": "800",
        },
    )
    assert response.status_code == 302
    client.force_login(person)
    page = client.get("/housing/my/").content.decode()
    assert "生效中" in page and "800" in page


def test_excel_import_page_shows_row_errors(client, housing_staff, city):
    project = make_project("t-xlsx", homes=0)
    book = Workbook()
    ws = book.active
    ws.append(["楼栋", "房号", "面积", "户型", "月租金", "是否带家具"])
    ws.append(["1号楼", "101", 0, "一室", 500, "是"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "homes.xlsx"
    client.force_login(housing_staff)
    page = client.post(f"/work/housing/projects/{project.pk}/", {"file": data})
    assert page.status_code == 200
    assert "第2行" in page.content.decode() and "面积须为" in page.content.decode()
    assert not project.homes.exists()


def test_statistics_page_for_leaders(client, users, city):
    client.force_login(users["leader"])
    page = client.get("/dashboard/housing/")
    assert page.status_code == 200 and "配租给新来洛高校毕业生的比例" in page.content.decode()


def test_a_get_never_writes(client, housing_staff, city):
    from youthcity.housing.models import AllocationRound

    client.force_login(housing_staff)
    before = AllocationRound.objects.count()
    project = HousingProject.objects.get(code="luolong-talent")
    client.get(f"/work/housing/projects/{project.pk}/rounds/new/")
    client.get("/work/housing/")
    assert AllocationRound.objects.count() == before


def test_a_decision_reads_in_words_for_staff_and_applicant(client, housing_staff, city):
    """The decision record says 已批准, never the outcome's code ("approve")."""
    project = make_project("t-decision-words", homes=1)
    [person] = [make_applicant()]
    approved(project, housing_staff, [person])
    from youthcity.housing.models import HousingApplication

    application = HousingApplication.objects.get(applicant=person, project=project)
    client.force_login(housing_staff)
    staff_page = client.get(f"/work/housing/applications/{application.pk}/").content.decode()
    client.force_login(person)
    own_page = client.get(f"/housing/applications/{application.pk}/").content.decode()
    for html in (staff_page, own_page):
        assert "已批准" in html and "· approve" not in html


def test_a_project_that_does_not_take_your_category_says_so_before_the_form(client, city):
    """No form (and no uploads to lose) when the project takes none of the person's categories; the
    page names the project's categories, the person's, and projects that take them. The service
    still refuses a POST."""
    project = make_project("t-only-grads")
    project.eligible_categories = ["young_graduate", "bachelor_plus"]
    project.save()
    open_to_all = make_project("t-open-all")
    person = make_applicant(category="other")
    client.force_login(person)
    html = client.get(f"/housing/projects/{project.pk}/").content.decode()
    assert 'data-testid="not-eligible"' in html and 'data-testid="apply-form"' not in html
    assert "新来洛高校毕业生" in html and "其他青年" in html and "不能申请" in html
    assert f"/housing/projects/{open_to_all.pk}/" in html and "/accounts/profile/" in html
    form = {"household_size": 1, "marital_status": "single", "children": 0, "note": ""}
    response = client.post(f"/housing/projects/{project.pk}/", form)
    assert response.status_code == 200 and not HousingApplication.objects.filter(applicant=person).exists()
    client.force_login(make_applicant(category="young_graduate"))
    html = client.get(f"/housing/projects/{project.pk}/").content.decode()
    assert 'data-testid="apply-form"' in html and 'data-testid="not-eligible"' not in html
