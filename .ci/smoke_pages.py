"""Production smoke test, the client half: every main page as each kind of person, and the API.

Run by ``.ci/smoke`` against a real application server (gunicorn, DEBUG off, PostgreSQL, the demo
city loaded with --allow-production). Signs in through the login form (CSRF token from the page,
cookies kept by hand because they are Secure), follows redirects, expects 200 everywhere, prints a
table and exits non-zero on any failure. The server sits behind no TLS here, so each request says
``X-Forwarded-Proto: https`` as nginx would.
"""

from __future__ import annotations

import http.client
import json
import re
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

PASSWORD = "YouthCity-demo-2026"
ADMIN_PASSWORD = "YouthCity-admin-2026"

PUBLIC = ["/", "/benefits/", "/benefits/policies/", "/stations/", "/stations/{station}/", "/index/",
          "/accounts/login/", "/accounts/register/", "/healthz", "/api/v1/docs",
          "/accounts/password/reset/", "/housing/", "/careers/", "/careers/bases/", "/careers/employer/register/",
          "/careers/fairs/", "/careers/centres/", "/events/", "/youth-homes/", "/volunteering/", "/volunteering/verify/",
          "/volunteering/leaderboard/", "/volunteering/teams/{team}/"]
YOUTH = ["/", "/accounts/profile/", "/accounts/inbox/", "/benefits/", "/benefits/applications/", "/benefits/package/",
         "/benefits/policies/", "/stations/", "/stations/{station}/", "/stations/my/", "/index/",
         "/accounts/security/", "/accounts/privacy/", "/housing/my/", "/careers/my/", "/events/my/",
         "/volunteering/my/", "/careers/my/bookings/", "/careers/for-you/"]
WORK = ["/work/", "/accounts/inbox/"]
ROLES: dict[str, tuple[str, str, list[str]]] = {
    # who: (username, password, pages beyond the public ones)
    "youth": ("youth", PASSWORD, YOUTH),
    "unit_staff": ("hrss_staff", PASSWORD, [*WORK, "/work/ledger/", "/work/benefits/", "/work/monitoring/"]),
    "reviewer": ("hrss_reviewer", PASSWORD, [*WORK, "/work/benefits/", "/work/benefits/{application}/",
                                             "/work/benefits/parameters/", "/work/benefits/policies/",
                                             "/work/careers/", "/work/careers/rounds/", "/work/careers/fairs/",
                                             "/work/careers/centres/", "/work/careers/centres/new/"]),
    "housing_staff": ("housing_staff", PASSWORD, [*WORK, "/work/housing/", "/work/housing/applications/",
                                               "/work/housing/arrears/"]),
    "employer": ("employer_hr", PASSWORD, ["/careers/employer/", "/careers/employer/positions/new/",
                                           "/careers/employer/subsidies/new/private_enterprise_hiring_subsidy/"]),
    "league_staff": ("luolong_league", PASSWORD, [*WORK, "/work/events/", "/work/events/new/", "/work/youth-homes/"]),
    "volunteer_lead": ("vol_lead", PASSWORD, [*WORK, "/work/volunteering/"]),  # not the team host: its requests page is 404
    "team_leader": ("vol_team_leader", PASSWORD, ["/volunteering/my/", "/volunteering/teams/{team}/requests/"]),
    "station_staff": ("station_staff", PASSWORD, [*WORK, "/work/stations/", "/work/stations/{station}/"]),
    "stats_staff": ("stats_staff", PASSWORD, [*WORK, "/work/monitoring/", "/work/monitoring/indicators/"]),
    "coordinator": ("coordinator", PASSWORD, [*WORK, "/work/ledger/", "/work/ledger/plans/{plan}/",
                                             "/work/ledger/plans/{plan}/versions/", "/work/ledger/plans/{plan}/amend/",
                                             "/work/ledger/plans/{plan}/policy-drafts/",
                                             "/dashboard/ledger/plans/{plan}/evaluation/",
                                             "/work/monitoring/runs/", "/dashboard/", "/dashboard/ledger/",
                                             "/dashboard/ledger/assessment/", "/dashboard/index/",
                                             "/dashboard/youth-homes/", "/accounts/staff/"]),
    "leader": ("leader", PASSWORD, ["/dashboard/", "/dashboard/ledger/", "/dashboard/ledger/assessment/",
                                    "/dashboard/index/", "/dashboard/stations/", "/dashboard/benefits/simulation/",
                                    "/dashboard/housing/", "/dashboard/careers/"]),
    "admin": ("admin", ADMIN_PASSWORD, [*WORK, "/work/audit/", "/work/ledger/", "/work/stations/", "/dashboard/",
                                        "/dashboard/stations/", "/admin/"]),
}


class Session:
    """One browser: cookies kept by hand (they are Secure, so http.cookiejar would drop them over http)."""

    def __init__(self, host: str, port: int):
        self.host, self.port, self.cookies = host, port, {}
        self.origin = f"https://{host}:{port}"

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                follow: bool = True) -> tuple[int, str, bytes, float]:
        started = time.perf_counter()
        for _ in range(5):
            conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            h = {"X-Forwarded-Proto": "https", "Host": f"{self.host}:{self.port}", **(headers or {})}
            if self.cookies:
                h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
            for header in resp.headers.get_all("Set-Cookie") or []:
                for key, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = morsel.value
            conn.close()
            if follow and resp.status in (301, 302, 303) and resp.headers.get("Location"):
                location = urlsplit(urljoin(self.origin + path, resp.headers["Location"]))
                if location.hostname != self.host:
                    return resp.status, path, data, time.perf_counter() - started
                path = location.path + (f"?{location.query}" if location.query else "")
                method, body = "GET", None
                continue
            return resp.status, path, data, time.perf_counter() - started
        return 599, path, b"redirect loop", time.perf_counter() - started

    def login(self, username: str, password: str) -> bool:
        status, _, page, _ = self.request("GET", "/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            return False
        form = urlencode({"csrfmiddlewaretoken": match.group(1).decode(), "username": username,
                          "password": password}).encode()
        status, final, _, _ = self.request("POST", "/accounts/login/", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
            "Referer": self.origin + "/accounts/login/"})
        return status == 200 and not final.startswith("/accounts/login/")


def api(session: Session, method: str, path: str, token: str | None = None, payload: dict | None = None):
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = None
    if payload is not None:
        body, headers["Content-Type"] = json.dumps(payload).encode(), "application/json"
    status, _, data, elapsed = session.request(method, path, body=body, headers=headers, follow=False)
    try:
        return status, json.loads(data or b"null"), elapsed
    except ValueError:
        return status, None, elapsed


def main(host: str, port: int) -> int:
    rows: list[tuple[str, str, int, str, float]] = []  # who, path, status, note, seconds
    anon = Session(host, port)
    status, stations, _ = api(anon, "GET", "/api/v1/stations")
    ids = {"station": stations[0]["id"] if status == 200 and stations else 0}

    # API first: a token for the coordinator gives the ids the staff pages need.
    status, body, elapsed = api(anon, "POST", "/api/v1/auth/token", payload={"username": "coordinator",
                                                                             "password": PASSWORD})
    rows.append(("api", "POST /api/v1/auth/token", status, "" if status == 201 else str(body)[:60], elapsed))
    token = (body or {}).get("token") if status == 201 else None
    for path in ["/api/v1/me", "/api/v1/plans", "/api/v1/regions", "/api/v1/benefits/policies", "/api/v1/stations",
                 "/api/v1/units", "/api/v1/monitoring/indicators"]:
        status, body, elapsed = api(anon, "GET", path, token=token)
        rows.append(("api", f"GET {path}", status, "" if status == 200 else str(body)[:60], elapsed))
        if path == "/api/v1/plans" and status == 200:
            items = body.get("plans", []) if isinstance(body, dict) else body
            ids["plan"] = items[0]["id"] if items else 0
    reviewer_session = Session(host, port)
    if reviewer_session.login("hrss_reviewer", PASSWORD):
        _, _, page, _ = reviewer_session.request("GET", "/work/benefits/")
        found = re.search(rb'href="/work/benefits/(\d+)/"', page)
        ids["application"] = int(found.group(1)) if found else 0
    _, _, page, _ = anon.request("GET", "/volunteering/leaderboard/")
    found = re.search(rb'href="/volunteering/teams/(\d+)/"', page or b"")
    ids["team"] = int(found.group(1)) if found else 0

    for path in PUBLIC:
        status, final, page, elapsed = anon.request("GET", path.format(**ids))
        rows.append(("anonymous", path.format(**ids), status, "" if final == path.format(**ids) else f"→ {final}",
                     elapsed))
        if path == "/":
            # Static files come from the manifest (hashed names) and are served by WhiteNoise.
            for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js))"', page)[:3]:
                status, _, _, elapsed = anon.request("GET", asset.decode())
                rows.append(("anonymous", asset.decode(), status, "static, hashed", elapsed))
            if not re.search(rb'/static/[^"]+\.[0-9a-f]{12}\.css', page):
                rows.append(("anonymous", "/ links hashed static files", 0, "no manifest names on the page", 0.0))
    for who, (username, password, pages) in ROLES.items():
        session = Session(host, port)
        started = time.perf_counter()
        ok = session.login(username, password)
        rows.append((who, f"sign in as {username}", 200 if ok else 0, "" if ok else "login failed",
                     time.perf_counter() - started))
        if not ok:
            continue
        for path in pages:
            url = path.format(**ids)
            status, final, _, elapsed = session.request("GET", url)
            note = "" if final == url else f"→ {final}"
            if final.startswith("/accounts/login/") and not url.startswith("/accounts/login/"):
                status = 0  # sent back to the login page: not signed in after all
            rows.append((who, url, status, note, elapsed))

    failures = [r for r in rows if r[2] not in (200, 201)]
    width = max(len(r[1]) for r in rows)
    print(f"{'who':<14} {'page':<{width}} {'status':>6} {'ms':>7}  note")
    for who, path, status, note, elapsed in rows:
        flag = "" if status in (200, 201) else "  <-- FAIL"
        print(f"{who:<14} {path:<{width}} {status:>6} {elapsed * 1000:7.0f}  {note}{flag}")
    times = sorted(r[4] for r in rows)
    print(f"\nmedian {times[len(times) // 2] * 1000:.0f} ms, slowest {times[-1] * 1000:.0f} ms")
    print(f"smoke: {len(rows) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1", int(sys.argv[2]) if len(sys.argv) > 2 else 8110))
