"""从规划起草的政策: publishing a plan stores a policy draft for each benefit clause; its region's
coordinators list them (quoted clause, YAML, what is left to the city) and download the YAML."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

from youthcity.core.city_pack import current_pack
from youthcity.engines.drafting import check_drafts_load
from youthcity.ledger.models import PolicyDraft

pytestmark = pytest.mark.django_db


def test_publishing_stores_the_drafts_of_the_benefit_clauses(published):
    drafts = {d.label: d for d in PolicyDraft.objects.filter(plan=published)}
    assert {"（二）4", "（二）5", "（二）6", "（二）7", "（二）8", "（三）14"} <= set(drafts)
    allowance = drafts["（二）5"]
    assert "不低于本地最低工资标准80%的生活补贴" in allowance.clause
    assert "param.minimum_wage.monthly" in allowance.yaml_text
    base = drafts["（二）7"]
    assert base.audience == "employer" and any("规模和效益" in p for p in base.open_parts)
    assert any(w["field"] == "amount" and "10万元~20万元" in w["words"] for w in base.why)


def test_every_stored_draft_loads_with_the_pack(published, tmp_path):
    from youthcity.engines.drafting import draft_plan

    stored = list(PolicyDraft.objects.filter(plan=published))
    assert stored
    for d in stored:
        assert yaml.safe_load(d.yaml_text)["id"] == d.policy_id
    # Load the stored texts through the engine's check (same ids, same files).
    drafts = [type("D", (), {"id": d.policy_id, "yaml_text": d.yaml_text})() for d in stored]
    check_drafts_load(drafts, current_pack().file("policies"))
    assert draft_plan  # the engine is the one that drafted them


def test_the_coordinator_lists_and_downloads_them(client, users, published):
    client.force_login(users["coordinator"])
    before = PolicyDraft.objects.count()
    response = client.get(reverse("ledger:policy-drafts", args=[published.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "从规划起草的政策" in page
    assert "视规模和效益给予10万元~20万元补贴" in page
    assert "待市里确定" in page or "申请方式和所需材料" in page
    assert "下载 YAML" in page
    draft = PolicyDraft.objects.filter(plan=published, label="（二）7").first()
    download = client.get(reverse("ledger:policy-draft-yaml", args=[published.pk, draft.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{draft.policy_id}.yaml"'
    assert download.content.decode() == draft.yaml_text
    assert PolicyDraft.objects.count() == before  # a GET never writes
    plan_page = client.get(reverse("ledger:plan", args=[published.pk])).content.decode()
    assert reverse("ledger:policy-drafts", args=[published.pk]) in plan_page


@pytest.mark.parametrize("username", ["hrss_staff", "leader", "luolong_coordinator", "youth"])
def test_others_are_refused(client, users, published, username):
    client.force_login(users[username])
    draft = PolicyDraft.objects.filter(plan=published).first()
    for url in (reverse("ledger:policy-drafts", args=[published.pk]),
                reverse("ledger:policy-draft-yaml", args=[published.pk, draft.pk])):
        assert client.get(url).status_code in (302, 403, 404), (username, url)


def test_a_draft_of_another_plan_is_not_found(client, users, published):
    from youthcity.ledger.models import Plan

    other = Plan.objects.exclude(pk=published.pk).filter(policy_drafts__isnull=False).first()
    if other is None:
        pytest.skip("the demo publishes one plan with drafts")
    client.force_login(users["coordinator"])
    draft = PolicyDraft.objects.filter(plan=other).first()
    assert client.get(reverse("ledger:policy-draft-yaml", args=[published.pk, draft.pk])).status_code == 404


def test_a_draft_opens_in_the_policy_editor_and_needs_another_person_to_publish(client, users, published):
    """作为政策草稿编辑: the drafted file becomes a policy version draft (checked by the engine, its
    tests run), authored by the coordinator; publishing it is someone else's decision."""
    from youthcity.benefits.models import PolicyVersion

    draft = PolicyDraft.objects.get(plan=published, label="（二）5")
    client.force_login(users["coordinator"])
    page = client.get(reverse("ledger:policy-drafts", args=[published.pk])).content.decode()
    assert "作为政策草稿编辑" in page
    response = client.post(reverse("ledger:policy-draft-start", args=[published.pk, draft.pk]))
    version = PolicyVersion.objects.get(policy_id=draft.policy_id)
    assert response.status_code == 302 and response["Location"] == reverse("benefits:policy-version", args=[version.pk])
    assert version.status == "draft" and version.author == users["coordinator"]
    assert version.yaml_text == draft.yaml_text and "起草" in version.source_note
    assert client.get(reverse("ledger:policy-draft-start", args=[published.pk, draft.pk])).status_code == 405


@pytest.mark.parametrize("username", ["hrss_staff", "luolong_coordinator", "youth"])
def test_others_cannot_open_a_draft_in_the_editor(client, users, published, username):
    from youthcity.benefits.models import PolicyVersion

    draft = PolicyDraft.objects.filter(plan=published).first()
    client.force_login(users[username])
    response = client.post(reverse("ledger:policy-draft-start", args=[published.pk, draft.pk]))
    assert response.status_code in (302, 403, 404)
    assert not PolicyVersion.objects.filter(policy_id=draft.policy_id).exists()
