"""Index runs: only the coordinating office runs and publishes; a run is reproducible from its
framework hash, data snapshot and engine version; the same inputs never give a second run."""

import pytest
from django.core.exceptions import PermissionDenied

from youthcity.core.errors import ServiceError
from youthcity.engines.index import compute
from youthcity.monitoring import selectors, services
from youthcity.monitoring.adapters import dataset_from_snapshot, engine_framework, snapshot_hash
from youthcity.monitoring.models import IndexRun
from youthcity.monitoring.services import ValueRow


def _revise(fw, users, stats, value="40"):
    sub = services.submission_create(user=users["hrss_staff"], framework=fw, rows=[
        ValueRow(indicator="graduate_retention", district="西工区", period="2024", value=value)])[0]
    services.submission_approve(user=stats, submission=sub)


def test_same_inputs_give_the_same_run(fw, users):
    published = IndexRun.objects.get(status="published")
    run, created = services.index_run_create(user=users["coordinator"], framework=fw, replications=published.replications,
                                             seed=published.seed)
    assert not created and run.pk == published.pk


def test_new_approved_data_gives_a_new_reproducible_run(fw, users, stats):
    published = IndexRun.objects.get(status="published")
    _revise(fw, users, stats)
    run, created = services.index_run_create(user=users["coordinator"], framework=fw, replications=200, seed=7)
    assert created and run.status == "draft" and run.data_hash != published.data_hash
    assert run.framework_hash == fw.content_hash and run.engine_version
    before = published.result["scores"]["2024"]["ydi"]["西工区"]
    assert run.result["scores"]["2024"]["ydi"]["西工区"] < before  # retention fell from ~52% to 40%
    # Reproduce from the stored snapshot alone: the same engine input hash and scores.
    framework = engine_framework(run.framework)
    order = list(selectors.districts_of(fw).values_list("name", flat=True))
    again = compute(framework, dataset_from_snapshot(framework, run.snapshot, order))
    assert again.input_hash == run.input_hash and again.to_dict()["scores"] == run.result["scores"]
    assert snapshot_hash(list(reversed(run.snapshot))) == run.data_hash
    # uncertainty is stored per period with intervals that contain the median rank
    for u in run.uncertainty["2024"]["units"]:
        assert u["rank_p05"] <= u["median_rank"] <= u["rank_p95"]
    # and the sensitivity of the latest ranking to each choice (Sobol, N = 500)
    sa = run.sensitivity
    assert sa["period"] == "2024" and sa["n"] == services.SENSITIVITY_N == 500 and sa["seed"] == 7
    factors = {f["factor"]: f for f in sa["factors"]}
    assert set(factors) == {"weights", "normalisation", "aggregation", "imputation", "winsorisation"}
    for f in factors.values():
        assert f["total_ci"][0] <= f["total"] <= f["total_ci"][1] + 1e-9
    assert max(f["total"] for f in factors.values()) > 0.1  # some choice moves the ranks
    shown = selectors.run_report(run, "2024")["sensitivity"]["rows"]
    assert [r["total"] for r in shown] == sorted((r["total"] for r in shown), reverse=True)
    assert all(0 <= r["first"] <= r["total"] <= 100 and r["ci_low"] <= r["ci_high"] for r in shown)


def test_a_run_without_replications_has_no_sensitivity_and_the_page_still_shows(client, fw, users, stats):
    _revise(fw, users, stats, value="41")
    run, _ = services.index_run_create(user=users["coordinator"], framework=fw, replications=0, seed=3)
    assert run.sensitivity == {} and selectors.run_report(run, "2024")["sensitivity"] is None
    client.force_login(users["coordinator"])
    html = client.get(f"/work/monitoring/runs/{run.pk}/").content.decode()
    assert 'data-testid="ranking"' in html and 'data-testid="sensitivity"' not in html


def test_pending_data_does_not_enter_a_run(fw, users):
    services.submission_create(user=users["hrss_staff"], framework=fw, rows=[
        ValueRow(indicator="graduate_retention", district="西工区", period="2024", value="40")])
    published = IndexRun.objects.get(status="published")
    run, created = services.index_run_create(user=users["coordinator"], framework=fw,
                                             replications=published.replications, seed=published.seed)
    assert not created


@pytest.mark.parametrize("who", ["hrss_staff", "stats_staff", "leader", "luolong_coordinator"])
def test_only_the_city_coordinating_office_runs_and_publishes(fw, users, stats, who):
    user = stats if who == "stats_staff" else users[who]
    with pytest.raises(PermissionDenied):
        services.index_run_create(user=user, framework=fw)
    with pytest.raises(PermissionDenied):
        services.index_run_publish(user=user, run=IndexRun.objects.first())


def test_bad_run_settings_are_refused(fw, users):
    with pytest.raises(ServiceError):
        services.index_run_create(user=users["coordinator"], framework=fw, replications=10**6)
    with pytest.raises(ServiceError):
        services.index_run_create(user=users["coordinator"], framework=fw, base_period="2019")


def test_coordinator_runs_and_publishes_on_the_web(client, fw, users, stats):
    _revise(fw, users, stats, value="45")
    client.force_login(users["coordinator"])
    r = client.post("/work/monitoring/runs/", {"base_period": "", "replications": "100"})
    run = IndexRun.objects.get(status="draft")
    assert r.status_code == 302 and r["Location"].endswith(f"/runs/{run.pk}/")
    assert "发布到公开页面" in client.get(f"/work/monitoring/runs/{run.pk}/").content.decode()
    client.post(f"/work/monitoring/runs/{run.pk}/publish/")
    run.refresh_from_db()
    assert run.status == "published" and run.published_by == users["coordinator"]
    assert selectors.published_run("luoyang_ydi", "2024") == run
    client.force_login(users["hrss_staff"])
    assert client.get("/work/monitoring/runs/").status_code == 403
    assert client.post(f"/work/monitoring/runs/{run.pk}/publish/").status_code in (403, 404)


def test_run_page_confirms_reproducibility_and_withdrawal_hides_it(client, users):
    run = IndexRun.objects.get(status="published")
    assert selectors.run_reproduces(run)
    client.force_login(users["coordinator"])
    page = client.get(f"/work/monitoring/runs/{run.pk}/").content.decode()
    assert "完全相同" in page
    client.post(f"/work/monitoring/runs/{run.pk}/withdraw/")
    run.refresh_from_db()
    assert run.status == "withdrawn" and client.get("/index/luoyang_ydi/2024/").status_code == 404
    with pytest.raises(ServiceError):
        services.index_run_withdraw(user=users["coordinator"], run=run)


def test_a_tampered_snapshot_does_not_reproduce(city):
    run = IndexRun.objects.get(status="published")
    run.snapshot[0]["value"] = "99.000000"
    assert not selectors.run_reproduces(run)
