"""Issue 12, second slice: categories from the rules engine and their refusals, household facts
and documents, the case closed by a lease, homes out of letting, the rent and subsidy ledger,
points rounds, shared-ownership purchase, the scheduled tick."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from tests.housing.conftest import PUBLIC_VALUE, approved, make_applicant, make_project, pdf
from youthcity.core.errors import ServiceError
from youthcity.housing import selectors, services
from youthcity.housing.models import Home, HousingApplication, LeaseEntry

pytestmark = pytest.mark.django_db


def _round(staff, project, **kw):
    return services.round_create(staff=staff, project=project, name="轮次", public_source_name="福彩3D", **kw)


def _lease(staff, project, person, **kw):
    approved(project, staff, [person])
    round_ = _round(staff, project)
    services.round_freeze(staff=staff, round_=round_)
    services.round_draw(staff=staff, round_=round_, public_value=PUBLIC_VALUE)
    offer = round_.offers.get(application__applicant=person)
    services.offer_accept(applicant=person, offer=offer)
    kw.setdefault("start", timezone.localdate())
    return services.lease_sign(staff=staff, offer=offer, **kw)


# --- 1. categories from the rules engine ---------------------------------------------------------


def test_two_categories_where_the_project_forbids_it_are_refused_with_a_reason(project):
    person = make_applicant(category="young_graduate")  # the engine finds young graduate and bachelor+
    with pytest.raises(ServiceError) as exc:
        services.application_submit(
            applicant=person, project=project, categories=["young_graduate", "bachelor_plus"]
        )
    assert exc.value.code == "several_categories" and "一个优先类别" in exc.value.message
    chosen = services.application_submit(applicant=person, project=project, categories=["bachelor_plus"])
    assert chosen.category == "bachelor_plus" and chosen.categories == ["bachelor_plus"]


def test_a_category_the_rules_do_not_find_cannot_be_claimed(project):
    person = make_applicant(category="bachelor_plus")  # hukou in Luoyang: not newly arrived
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=person, project=project, categories=["young_graduate"])
    assert exc.value.code == "not_in_category" and "新来洛高校毕业生" in exc.value.message


def test_where_the_project_allows_it_an_applicant_counts_in_every_category(housing_staff, project):
    project.multiple_categories = True
    project.save()
    app = services.application_submit(applicant=make_applicant(category="young_graduate"), project=project)
    assert app.categories == ["young_graduate", "bachelor_plus"]
    services.application_decide(reviewer=housing_staff, application=app, outcome="approve")
    round_ = _round(housing_staff, project, reserved_share="0.5")
    assert round_.multiple_categories
    round_ = services.round_freeze(staff=housing_staff, round_=round_)
    assert '["bachelor_plus","young_graduate"]' in round_.frozen_list.replace(" ", "")


# --- 2. household facts and documents ------------------------------------------------------------


def test_documents_asked_for_are_required_and_reviewed(client, housing_staff, project):
    project.required_documents = ["id_card", "employment_proof"]
    project.save()
    person = make_applicant()
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=person, project=project, documents={"id_card": pdf()})
    assert exc.value.code == "invalid_documents" and "employment_proof" in exc.value.fields
    app = services.application_submit(
        applicant=person,
        project=project,
        documents={"id_card": pdf(), "employment_proof": pdf("contract.pdf")},
        household_size=3,
        marital_status="married",
        children=1,
    )
    assert app.documents.count() == 2 and app.score == Decimal("55")  # 20 + 20 + 10 + 5
    services.application_decide(
        reviewer=housing_staff, application=app, outcome="request_documents", reason="请补充结婚证"
    )
    client.force_login(person)
    page = client.get(f"/housing/applications/{app.pk}/").content.decode()
    assert "请补充结婚证" in page and 'data-testid="more-documents"' in page
    client.post(
        f"/housing/applications/{app.pk}/",
        {"action": "documents", "m-household_register": pdf("marriage.pdf")},
    )
    app.refresh_from_db()
    assert app.status == "submitted" and app.documents.count() == 3
    document = app.documents.get(document_type="household_register")
    assert client.get(f"/housing/documents/{document.pk}/").status_code == 200
    client.force_login(make_applicant())
    assert client.get(f"/housing/documents/{document.pk}/").status_code == 404
    client.force_login(housing_staff)
    review = client.get(f"/work/housing/applications/{app.pk}/").content.decode()
    assert "户口簿或结婚证" in review and f"/work/housing/documents/{document.pk}/" in review
    assert client.get(f"/work/housing/documents/{document.pk}/").status_code == 200


def test_household_facts_are_checked(project):
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=make_applicant(), project=project, household_size=1, children=1)
    assert "children" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=make_applicant(), project=project, layouts=["别墅"])
    assert "layouts" in exc.value.fields


# --- 3. closing the loop -------------------------------------------------------------------------


def test_a_lease_closes_the_case_and_move_out_returns_the_home(housing_staff, project):
    person = make_applicant()
    other_project = make_project("t-other", homes=1)
    elsewhere = services.application_submit(applicant=person, project=other_project)
    lease = _lease(housing_staff, project, person)
    application = lease.offer.application
    application.refresh_from_db()
    elsewhere.refresh_from_db()
    assert application.status == "housed" and elsewhere.status == "withdrawn" and elsewhere.decision_reason
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=person, project=project)
    assert exc.value.code == "already_housed"
    services.lease_end(staff=housing_staff, lease=lease, moved_out_on=timezone.localdate())
    assert Home.objects.get(pk=lease.home_id).status == "available"
    again = services.application_submit(applicant=person, project=project)  # the closed case no longer blocks
    assert again.status == "submitted"


def test_one_live_application_per_person_and_project(project):
    person = make_applicant()
    services.application_submit(applicant=person, project=project)
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=person, project=project)
    assert exc.value.code == "already_open"


def test_staff_screen_marks_a_home_unavailable_and_back_audited(client, housing_staff, project):
    from auditlog.models import LogEntry

    home = project.homes.order_by("code").first()
    client.force_login(housing_staff)
    assert client.get(f"/work/housing/homes/{home.pk}/").status_code == 200
    refused = client.post(f"/work/housing/homes/{home.pk}/", {"action": "unavailable", "reason": ""})
    assert refused.status_code == 200 and "维修" in refused.content.decode()
    client.post(f"/work/housing/homes/{home.pk}/", {"action": "unavailable", "reason": "卫生间维修"})
    home.refresh_from_db()
    assert home.status == "unavailable" and home.unavailable_reason == "卫生间维修"
    entry = LogEntry.objects.get_for_object(home).order_by("-timestamp").first()
    assert entry.actor_id == housing_staff.pk and "unavailable" in str(entry.changes)
    client.post(f"/work/housing/homes/{home.pk}/", {"action": "available", "reason": ""})
    home.refresh_from_db()
    assert home.status == "available" and home.unavailable_reason == ""
    city_home = Home.objects.filter(project__code="luoyang-rental-yiluo").first()
    assert client.get(f"/work/housing/homes/{city_home.pk}/").status_code == 404


# --- 4. rent and subsidy -------------------------------------------------------------------------


def test_rent_free_months_reduced_rent_and_subsidy_are_separate_entries(client, housing_staff, project):
    person = make_applicant()
    start = timezone.localdate() - dt.timedelta(days=130)  # five lease months begun
    lease = _lease(
        housing_staff,
        project,
        person,
        start=start,
        rent_free_months=3,
        monthly_rent=Decimal("500"),
        monthly_subsidy=Decimal("300"),
    )
    rent = list(lease.entries.filter(kind="rent").order_by("month"))
    subsidy = list(lease.entries.filter(kind="subsidy").order_by("month"))
    assert [e.rent_free for e in rent] == [True, True, True, False, False]
    assert [e.amount for e in rent] == [0, 0, 0, 500, 500] and [e.amount for e in subsidy] == [300, 300]
    assert services.entries_generate(lease=lease, until=timezone.localdate()) == 0  # idempotent
    statement = selectors.statement(lease)
    assert statement["rent_charged"] == 1000 and statement["subsidy_total"] == 600
    overdue = list(selectors.arrears(housing_staff))
    assert [e.pk for e in overdue] == [rent[3].pk]  # the fifth month is not yet due
    client.force_login(person)
    page = client.get(f"/housing/leases/{lease.pk}/").content.decode()
    assert "免租" in page and "补贴" in page and "500.00" in page
    client.force_login(make_applicant())
    assert client.get(f"/housing/leases/{lease.pk}/").status_code == 404
    client.force_login(housing_staff)
    assert "500.00" in client.get("/work/housing/arrears/").content.decode()
    client.post(f"/work/housing/entries/{rent[3].pk}/settle/", {"s-settled_on": timezone.localdate().isoformat()})
    assert not selectors.arrears(housing_staff).exists()
    with pytest.raises(ServiceError) as exc:
        services.entry_settle(staff=housing_staff, entry=rent[3], settled_on=timezone.localdate())
    assert exc.value.code == "already_settled"


def test_payments_outside_scope_or_on_ones_own_lease_are_refused(client, housing_staff, project):
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    lease = _lease(housing_staff, project, make_applicant(), start=timezone.localdate() - dt.timedelta(days=40))
    entry = lease.entries.filter(amount__gt=0).first()
    stranger = staff(Unit.objects.get(code="410305-housing"), username="t_jianxi_housing")
    client.force_login(stranger)
    assert client.post(f"/work/housing/entries/{entry.pk}/settle/", {"s-settled_on": "2026-01-01"}).status_code == 404
    assert client.get("/work/housing/arrears/").status_code == 200
    with pytest.raises(ServiceError):
        services.entry_settle(staff=stranger, entry=entry, settled_on=timezone.localdate())
    tenant_staff = lease.tenant
    with pytest.raises((PermissionDenied, ServiceError)):
        services.entry_settle(staff=tenant_staff, entry=entry, settled_on=timezone.localdate())


# --- 5. points rounds, shared ownership, the tick ------------------------------------------------


def test_a_points_round_orders_by_points(housing_staff, project):
    low = make_applicant(category="technician")  # 15 + 10 = 25 points
    high = make_applicant(category="young_graduate")  # 20 + 20 + 10 = 50 points
    approved(project, housing_staff, [low, high])
    round_ = _round(housing_staff, project, ranking="score")
    services.round_freeze(staff=housing_staff, round_=round_)
    round_ = services.round_draw(staff=housing_staff, round_=round_, public_value=PUBLIC_VALUE)
    turns = dict(round_.entries.values_list("application__applicant", "turn"))
    assert turns[high.pk] == 1 and turns[low.pk] == 2
    assert '"ranking":"score"' in round_.audit.replace(" ", "")


def test_shared_ownership_purchase_is_from_the_rules_and_never_in_a_rental_draw(housing_staff, project):
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=make_applicant(), project=project, purpose="purchase")
    assert exc.value.code == "no_purchase"
    project.shared_ownership = True
    project.eligible_categories = []
    project.save()
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=make_applicant(category="other"), project=project, purpose="purchase")
    assert exc.value.code == "not_eligible" and "共有产权" in exc.value.message
    buyer = services.application_submit(
        applicant=make_applicant(category="bachelor_plus"), project=project, purpose="purchase"
    )
    services.application_decide(reviewer=housing_staff, application=buyer, outcome="approve")
    round_ = _round(housing_staff, project)
    assert not services.round_candidates(round_).filter(pk=buyer.pk).exists()


def test_housing_tick_expires_offers_and_writes_the_months(housing_staff, project, capsys):
    person = make_applicant()
    approved(project, housing_staff, [person])
    round_ = _round(housing_staff, project)
    services.round_freeze(staff=housing_staff, round_=round_)
    services.round_draw(staff=housing_staff, round_=round_, public_value=PUBLIC_VALUE)
    round_.offers.update(deadline=timezone.now() - dt.timedelta(hours=1))
    call_command("housing_tick")
    out = capsys.readouterr().out
    assert "expired=1" in out and "entries=" in out
    assert HousingApplication.objects.get(applicant=person).offers.get().status == "expired"
    assert LeaseEntry.objects.count() == 0


def test_the_project_page_shows_the_engines_reasons_and_offers_the_categories_found(client, project):
    person = make_applicant(category="young_graduate")
    client.force_login(person)
    page = client.get(f"/housing/projects/{project.pk}/").content.decode()
    assert "属于外地来洛人员" in page and 'type="radio"' in page  # a condition's own reason; one category
    project.multiple_categories = True
    project.save()
    page = client.get(f"/housing/projects/{project.pk}/").content.decode()
    assert 'name="categories"' in page and 'type="checkbox" name="categories"' in page
    form = {"household_size": 1, "marital_status": "single", "children": 0, "categories": ["bachelor_plus"]}
    response = client.post(f"/housing/projects/{project.pk}/", form)
    assert response.status_code == 302
    assert HousingApplication.objects.get(applicant=person).categories == ["bachelor_plus"]


def test_the_tick_writes_only_the_months_that_began(housing_staff, project):
    lease = _lease(housing_staff, project, make_applicant(), start=timezone.localdate() - dt.timedelta(days=10))
    LeaseEntry.objects.filter(lease=lease).delete()
    assert services.entries_generate_all() == 1  # one rent month begun, no subsidy
    assert services.entries_generate_all() == 0
    assert services.entries_generate_all(until=timezone.localdate() + dt.timedelta(days=40)) == 1
