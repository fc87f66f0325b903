"""Scale-out settings: Redis sessions and cache, S3 media, the replica router and its session pinning."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from youthcity.ops.db_router import PIN_COOKIE, ReplicaRouter, ReplicaRoutingMiddleware
from youthcity.regions.models import Region

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
default_storage = storages["default"]
out = {"cache": settings.CACHES["default"]["BACKEND"], "session": settings.SESSION_ENGINE,
       "storage": type(default_storage).__name__, "routers": settings.DATABASE_ROUTERS,
       "databases": sorted(settings.DATABASES)}
if out["storage"] == "S3Storage":
    out["bucket"], out["endpoint"] = default_storage.bucket_name, default_storage.endpoint_url
    out["acl"] = default_storage.default_acl
print(json.dumps(out))
"""


def settings_with(tmp_path, **env) -> dict:
    base = {k: v for k, v in os.environ.items()
            if k not in ("DEBUG", "DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URL", "MEDIA_S3_BUCKET")}
    r = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
                       env={**base, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "youthcity.config.settings",
                            "YOUTHCITY_VAR_DIR": str(tmp_path), **env})
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_one_machine_needs_nothing_but_the_database(tmp_path):
    s = settings_with(tmp_path)
    assert s["cache"].endswith("LocMemCache") and s["session"] == "django.contrib.sessions.backends.db"
    assert s["storage"] == "FileSystemStorage" and s["routers"] == [] and s["databases"] == ["default"]


def test_redis_url_moves_cache_and_sessions_to_redis(tmp_path):
    s = settings_with(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3")
    assert s["cache"].endswith("RedisCache") and s["session"] == "django.contrib.sessions.backends.cached_db"


def test_an_s3_bucket_moves_media_to_object_storage(tmp_path):
    s = settings_with(tmp_path, MEDIA_S3_BUCKET="youthcity-media", MEDIA_S3_ENDPOINT_URL="http://127.0.0.1:9000",
                      MEDIA_S3_ACCESS_KEY_ID="k", MEDIA_S3_SECRET_ACCESS_KEY="s")
    assert (s["storage"], s["bucket"], s["endpoint"], s["acl"]) == (
        "S3Storage", "youthcity-media", "http://127.0.0.1:9000", "private")


def test_a_replica_url_adds_the_replica_and_its_router(tmp_path):
    s = settings_with(tmp_path, DATABASE_URL="postgres://u@127.0.0.1:5432/a",
                      DATABASE_REPLICA_URL="postgres://u@127.0.0.1:5433/a")
    assert s["databases"] == ["default", "replica"] and s["routers"] == ["youthcity.ops.db_router.ReplicaRouter"]


def _through(path: str, *, method: str = "GET", cookies: dict | None = None, write: bool = False):
    """Run a request through the routing middleware; the 'view' reports where a read would go."""
    seen = {}

    def view(request):
        seen["region"] = ReplicaRouter().db_for_read(Region)
        seen["session"] = ReplicaRouter().db_for_read(Session)
        if write:
            ReplicaRouter().db_for_write(Region)
        return HttpResponse("ok")

    middleware = ReplicaRoutingMiddleware(lambda request: middleware.process_view(request, view, (), {}) or view(request))
    middleware.enabled = True
    request = getattr(RequestFactory(), method.lower())(path)
    request.COOKIES.update(cookies or {})
    request.resolver_match = resolve(path)
    response = middleware(request)
    seen["after"] = ReplicaRouter().db_for_read(Region)
    return seen, response


@pytest.mark.parametrize("path", ["/", "/benefits/policies/", "/index/", "/dashboard/", "/dashboard/ledger/"])
def test_read_only_pages_read_from_the_replica(path):
    seen, response = _through(path)
    assert seen == {"region": "replica", "session": "default", "after": "default"}
    assert PIN_COOKIE not in response.cookies


@pytest.mark.parametrize("path", ["/work/", "/accounts/profile/", "/stations/my/", "/benefits/applications/"])
def test_other_pages_read_from_the_primary(path):
    assert _through(path)[0]["region"] == "default"


def test_a_post_pins_the_browser_to_the_primary_for_a_while(settings):
    settings.REPLICA_PIN_SECONDS = 15
    seen, response = _through("/benefits/policies/", method="POST")
    assert seen["region"] == "default"
    assert response.cookies[PIN_COOKIE]["max-age"] == 15


def test_a_get_that_writes_also_pins():
    _, response = _through("/", write=True)
    assert PIN_COOKIE in response.cookies


def test_a_pinned_browser_reads_its_own_writes_on_the_primary():
    seen, response = _through("/benefits/policies/", cookies={PIN_COOKIE: "1"})
    assert seen["region"] == "default" and PIN_COOKIE not in response.cookies


def test_the_replica_is_never_migrated_and_never_written():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "regions") and not router.allow_migrate("replica", "regions")
    assert router.db_for_write(Region) == "default"
