"""Staff accounts managed in the app: created and given roles only within the manager's scope,
audited; the new account must choose its own password at first sign-in; an unlock is audited."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from youthcity.accounts import security, staff
from youthcity.accounts.models import Membership, Role, User
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region


@pytest.fixture(autouse=True)
def _clean():
    cache.clear()


def test_a_district_coordinator_creates_staff_in_the_district_and_the_person_must_change_the_password(client,
                                                                                                        users):
    coordinator = users["luolong_coordinator"]
    unit = Unit.objects.get(code="410311-hrss")
    client.force_login(coordinator)
    form = client.get(reverse("accounts:staff-new"))
    assert form.status_code == 200
    offered = set(form.context["form"].fields["unit"].queryset.values_list("code", flat=True))
    assert "410311-hrss" in offered and "ly-hrss" not in offered
    r = client.post(reverse("accounts:staff-new"), {"username": "ll_new", "display_name": "洛龙区 新干事",
                                                    "role": Role.UNIT_STAFF, "unit": unit.pk})
    assert r.status_code == 200
    password = r.context["password"]
    person = User.objects.get(username="ll_new")
    assert person.must_change_password and person.check_password(password)
    assert Membership.objects.filter(user=person, role=Role.UNIT_STAFF, unit=unit, is_active=True).exists()
    entry = LogEntry.objects.get_for_object(person).first()
    assert entry is not None and entry.actor_id == coordinator.pk  # audited, with the actor
    # the temporary password gives no API token
    r = client.post("/api/v1/auth/token", {"username": "ll_new", "password": password},
                    content_type="application/json")
    assert r.status_code == 403 and r.json()["error"]["code"] == "password_change_required"
    # first sign-in: every page sends the person to choose a password
    client.logout()
    client.post(reverse("accounts:login"), {"username": "ll_new", "password": password})
    r = client.get("/work/")
    assert r.status_code == 302 and r.url.startswith(reverse("accounts:password-change"))
    page = client.get(reverse("accounts:password-change"))
    assert "old_password" not in page.context["form"].fields
    done = client.post(reverse("accounts:password-change"), {"new_password1": "Own-pass-2026!",
                                                             "new_password2": "Own-pass-2026!"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert not person.must_change_password
    assert client.get("/work/").status_code == 200


@pytest.mark.parametrize("who,role,scope", [
    ("luolong_coordinator", Role.UNIT_STAFF, ("unit", "ly-hrss")),       # a city unit, outside the district
    ("luolong_coordinator", Role.COORDINATOR, ("region", "410300")),      # above the district
    ("luolong_coordinator", Role.COORDINATOR, ("region", "410305")),      # another district
    ("luolong_coordinator", Role.ADMIN, ("region", "410311")),            # admin only by an admin
    ("coordinator", Role.ADMIN, ("region", "410311")),
    ("hrss_staff", Role.UNIT_STAFF, ("unit", "ly-hrss")),                 # unit staff manage nobody
    ("leader", Role.REVIEWER, ("unit", "ly-hrss")),                       # leaders only read
    ("youth", Role.UNIT_STAFF, ("unit", "410311-hrss")),
])
def test_nobody_grants_a_role_outside_their_scope(users, who, role, scope):
    kind, code = scope
    target = {"unit": Unit.objects.get(code=code)} if kind == "unit" else {"region": Region.objects.get(code=code)}
    with pytest.raises(PermissionDenied):
        staff.staff_account_create(actor=users[who], username=f"x_{who}_{role}", display_name="x", role=role,
                                   **target)
    assert not User.objects.filter(username=f"x_{who}_{role}").exists()
    with pytest.raises(PermissionDenied):
        staff.staff_role_grant(actor=users[who], user=users["league_staff"], role=role, **target)


def test_nobody_grants_or_ends_their_own_roles(users):
    coordinator = users["coordinator"]
    with pytest.raises(PermissionDenied):
        staff.staff_role_grant(actor=coordinator, user=coordinator, role=Role.LEADER,
                               region=Region.objects.get(code="410300"))
    own = Membership.objects.get(user=coordinator, role=Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        staff.staff_role_end(actor=coordinator, membership=own)


def test_ending_a_city_role_is_refused_to_a_district_coordinator_and_allowed_to_the_city(client, users):
    hrss = Membership.objects.get(user=users["hrss_staff"], unit__code="ly-hrss")
    client.force_login(users["luolong_coordinator"])
    assert client.get(reverse("accounts:staff-person", args=[users["hrss_staff"].pk])).status_code == 404
    r = client.post(reverse("accounts:staff-person", args=[users["hrss_staff"].pk]),
                    {"action": "end", "membership": hrss.pk})
    assert r.status_code == 404
    hrss.refresh_from_db()
    assert hrss.is_active
    client.force_login(users["coordinator"])
    r = client.post(reverse("accounts:staff-person", args=[users["hrss_staff"].pk]),
                    {"action": "end", "membership": hrss.pk})
    assert r.status_code == 302
    hrss.refresh_from_db()
    assert not hrss.is_active
    assert LogEntry.objects.get_for_object(hrss).filter(actor=users["coordinator"]).exists()
    # and back
    r = client.post(reverse("accounts:staff-person", args=[users["hrss_staff"].pk]),
                    {"action": "grant", "role": Role.UNIT_STAFF, "unit": hrss.unit_id})
    hrss.refresh_from_db()
    assert r.status_code == 302 and hrss.is_active


def test_the_staff_list_shows_only_the_managers_scope(client, users):
    client.force_login(users["luolong_coordinator"])
    page = client.get(reverse("accounts:staff"))
    names = {m.user.username for m in page.context["memberships"]}
    assert "station_staff" in names and "hrss_staff" not in names and "coordinator" not in names
    client.force_login(users["hrss_staff"])
    assert client.get(reverse("accounts:staff")).status_code == 403


def test_an_admin_of_the_same_scope_unlocks_an_account_and_it_is_audited(client, users):
    person = users["station_staff"]  # works at a station in 洛龙区
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": person.username, "password": "wrong-password"})
    assert security.is_locked(person.username)
    with pytest.raises(PermissionDenied):  # not in the city's hrss staff's scope
        staff.account_unlock(actor=users["hrss_staff"], user=person)
    other = Region.objects.get(code="410305")
    from tests.factories import region_role

    stranger = region_role(other, Role.ADMIN, username="jianxi_admin")
    with pytest.raises(PermissionDenied):  # another district's administrator
        staff.account_unlock(actor=stranger, user=person)
    assert security.is_locked(person.username)
    client.force_login(users["luolong_coordinator"])
    page = client.get(reverse("accounts:staff-person", args=[person.pk]))
    assert page.context["locked"]
    r = client.post(reverse("accounts:staff-person", args=[person.pk]), {"action": "unlock"})
    assert r.status_code == 302
    assert not security.is_locked(person.username)
    entry = LogEntry.objects.get_for_object(person).order_by("-pk").first()
    assert entry.actor_id == users["luolong_coordinator"].pk and "lockout" in entry.changes_dict


def test_a_manager_deactivates_a_leaver_only_when_every_role_is_theirs_to_end(client, users):
    from youthcity.accounts import services
    from youthcity.accounts.models import ApiToken

    person = users["station_staff"]
    _, raw = services.api_token_create(user=person)
    with pytest.raises(PermissionDenied):  # a city department's staff member cannot
        staff.account_deactivate(actor=users["hrss_staff"], user=person)
    # a second role in a city unit: the district coordinator may no longer deactivate the whole account
    extra = Membership.objects.create(user=person, role=Role.REVIEWER, unit=Unit.objects.get(code="ly-hrss"))
    with pytest.raises(PermissionDenied):
        staff.account_deactivate(actor=users["luolong_coordinator"], user=person)
    extra.delete()
    client.force_login(users["luolong_coordinator"])
    assert client.get(reverse("accounts:staff-person", args=[person.pk])).context["can_deactivate"]
    r = client.post(reverse("accounts:staff-person", args=[person.pk]), {"action": "deactivate"})
    assert r.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert not Membership.objects.filter(user=person, is_active=True).exists()
    assert not ApiToken.objects.filter(user=person, revoked_at__isnull=True).exists()
    assert services.api_token_user(raw) is None
    assert LogEntry.objects.get_for_object(person).filter(actor=users["luolong_coordinator"]).exists()
