import shutil

import pytest

from youthcity.benefits.registry import default_directory, registry


@pytest.fixture
def broken_dir(tmp_path):
    target = tmp_path / "policies"
    shutil.copytree(default_directory(), target)
    path = target / "interview_travel_subsidy.yaml"
    text = path.read_text(encoding="utf-8").replace("expression: has_interview_invitation",
                                                    "expression: has_interview_invitaton")
    path.write_text(text, encoding="utf-8")
    yield target
    registry.reload()


def test_a_broken_policy_file_never_half_loads(city, broken_dir):
    before = registry.get()
    failure = registry.reload(broken_dir)
    assert failure is not None
    assert failure.file.endswith("interview_travel_subsidy.yaml") and failure.line > 1 and failure.column >= 1
    assert "has_interview_invitaton" in failure.message
    assert registry.get() is before  # the previous version stays in force


def test_staff_see_the_load_error_and_the_public_does_not(client, users, broken_dir):
    registry.reload(broken_dir)
    public = client.get("/benefits/policies/").content.decode()
    assert "policy-error" not in public and "interview_travel_subsidy" in public
    client.force_login(users["coordinator"])
    page = client.get("/benefits/policies/").content.decode()
    assert 'data-testid="policy-error"' in page and "interview_travel_subsidy.yaml:" in page


def test_reload_is_for_coordinators(client, users):
    client.force_login(users["hrss_staff"])
    assert client.post("/benefits/policies/reload/").status_code == 403
    client.force_login(users["coordinator"])
    assert client.post("/benefits/policies/reload/").status_code == 302
    assert registry.failure is None


def test_policy_list_flags_amounts_to_be_set_by_the_city(client, city):
    page = client.get("/benefits/policies/").content.decode()
    row = page.split('data-testid="policy-interview_travel_subsidy"')[1].split("</tr>")[0]
    assert "待市里确定" in row and "市人社局" in row
