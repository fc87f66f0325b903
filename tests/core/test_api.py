import datetime as dt

from django.utils import timezone

from tests.conftest import bearer
from youthcity.accounts.models import ApiToken


def test_token_for_username_and_password(client, users):
    r = client.post("/api/v1/auth/token", {"username": "hrss_staff", "password": "YouthCity-demo-2026"},
                    content_type="application/json")
    assert r.status_code == 201
    token = r.json()["token"]
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert me["username"] == "hrss_staff" and me["roles"] == ["unit_staff"]
    assert ApiToken.objects.get(user=users["hrss_staff"]).key_hash != token  # only the hash is stored


def test_wrong_password_and_malformed_body_give_json_errors(client, city):
    r = client.post("/api/v1/auth/token", {"username": "hrss_staff", "password": "nope"},
                    content_type="application/json")
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
    r = client.post("/api/v1/auth/token", {"username": "hrss_staff"}, content_type="application/json")
    body = r.json()["error"]
    assert r.status_code == 422 and body["code"] == "invalid" and "password" in body["fields"]
    r = client.post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert r.status_code in (400, 422) and "error" in r.json()


def test_api_lockout_after_repeated_failures(client, city):
    for _ in range(5):
        client.post("/api/v1/auth/token", {"username": "leader", "password": "x"}, content_type="application/json")
    r = client.post("/api/v1/auth/token", {"username": "leader", "password": "YouthCity-demo-2026"},
                    content_type="application/json")
    assert r.status_code == 429 and r.json()["error"]["code"] == "locked_out"


def test_expired_and_revoked_tokens_are_refused(client, users):
    headers = bearer(users["leader"])
    assert client.get("/api/v1/me", **headers).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    r = client.get("/api/v1/me", **headers)
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer yc_forged").status_code == 401


def test_openapi_document_and_docs_page_are_local(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/auth/token" in spec["paths"] and spec["info"]["version"] == "1"
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_server_errors_do_not_leak_tracebacks(client, users, monkeypatch):
    import youthcity.accounts.api as accounts_api

    def boom(user):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(accounts_api, "roles_of", boom)
    r = client.get("/api/v1/me", **bearer(users["leader"]))
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "server_error"
    assert "secret internals" not in r.content.decode() and "Traceback" not in r.content.decode()


def test_region_tree_is_public(client, city):
    tree = client.get("/api/v1/regions").json()
    assert tree[0]["name"] == "洛阳市" and len(tree[0]["children"]) == 14



def test_api_messages_follow_accept_language(client, city):
    body = {"username": "hrss_staff", "password": "nope"}
    zh = client.post("/api/v1/auth/token", body, content_type="application/json").json()["error"]["message"]
    en = client.post("/api/v1/auth/token", body, content_type="application/json",
                     HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").json()["error"]["message"]
    assert zh == "用户名或密码错误。" and en == "The username or password is wrong."


def test_every_api_schema_has_its_own_name():
    """django-ninja names OpenAPI components after the class: two schemas with one name would
    document one operation with the other's fields (housing's applications showed careers')."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import youthcity

    seen: dict[str, str] = {}
    clashes = []
    for info in pkgutil.walk_packages(youthcity.__path__, "youthcity."):
        if not info.name.endswith(".api"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, Schema) and obj.__module__ == module.__name__:
                if name in seen and seen[name] != module.__name__:
                    clashes.append((name, seen[name], module.__name__))
                seen[name] = module.__name__
    assert len(seen) > 20 and not clashes, clashes
