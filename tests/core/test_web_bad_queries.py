"""Every page without path parameters, asked with impossible query values, answers below 500."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

BAD = {
    "year": ["10000", "abc"],
    "plan": ["²", "99999999999999999999"],
    "page": ["99999999999"],
    "check_in": ["9999-12-31"],
    "check_out": ["x"],
    "start": ["9999-12-31"],
    "day": ["9999-12-31"],
    "period": ["x" * 300],
    "days": ["99999999999999999999"],
    "status": ["x"],
    "model": ["x.y"],
    "list": ["x"],
    "fact": ["x"],
    "q": ["x" * 5000],
}


def _plain_paths() -> list[str]:
    paths: list[str] = []

    def walk(patterns, prefix=""):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern) and "<" not in route and "(?P" not in route:
                path = "/" + (prefix + route).lstrip("^").rstrip("$")
                if not path.startswith(("/api/", "/admin/", "/static/", "/media/")) and "\\" not in path:
                    paths.append(path)

    walk(get_resolver().url_patterns)
    return sorted(set(paths))


@pytest.mark.parametrize("username", ["coordinator", "youth"])
def test_pages_survive_impossible_query_values(client, users, username):
    client.force_login(users[username])
    failures = []
    for path in _plain_paths():
        if "logout" in path:
            continue
        for key, values in BAD.items():
            for value in values:
                r = client.get(path, {key: value})
                if r.status_code >= 500:
                    failures.append((path, key, value, r.status_code))
    assert failures == []
