"""Logging in and out, sessions, CSRF, cross-site requests, Host names, response headers, and the
escaping of text users typed on every page that shows it."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from guihua.store import project_proposals
from guihua.store.report_actuals import import_report
from guihua.store.repository import open_store
from guihua.web.app import create_app
from tests.conftest import ROOT
from tests.integration.web_fixture import BASE_URL, add_accounts, demo_settings, log_in, login_token, password

PLAN = "hengyang-13th"


@pytest.fixture(scope="module")
def settings() -> Any:
    return demo_settings(accounts=("admin", "planner", "viewer"))


@pytest.fixture(scope="module")
def app(settings: Any) -> Any:
    return create_app(settings)


def _client(app: Any, name: str | None = None) -> TestClient:
    c = TestClient(app, base_url=BASE_URL, raise_server_exceptions=False)
    if name:
        log_in(c, name)
    return c


def _audit_size(settings: Any) -> int:
    store = open_store(settings.database_url)
    try:
        newest = store.audit_log(limit=1, newest_first=True)
        return newest[0].id if newest else 0
    finally:
        store.dispose()


def _first_review(c: TestClient) -> tuple[str, int]:
    """The first target of the review queue: its id and version."""
    t = c.get(f"/api/plans/{PLAN}/review").json()["targets"][0]
    return str(t["id"]), int(t["row_version"])


# ------------------------------------------------------------------------------ login, session, logout
def test_session_cookie_is_httponly_lax_and_expires(app: Any) -> None:
    c = TestClient(app, base_url=BASE_URL)
    token = login_token(c.get("/login").text)
    r = c.post("/login", data={"name": "viewer", "password": password("viewer"), "csrf_token": token},
               follow_redirects=False)
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("guihua_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=43200" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http on the loopback; over HTTPS it is Secure (next test)
    assert password("viewer") not in r.text


def test_session_cookie_is_secure_over_https(app: Any) -> None:
    c = TestClient(app, base_url="https://127.0.0.1")
    token = login_token(c.get("/login").text)
    r = c.post("/login", data={"name": "viewer", "password": password("viewer"), "csrf_token": token},
               follow_redirects=False)
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("guihua_session="))
    assert "Secure" in cookie
    assert r.headers["strict-transport-security"].startswith("max-age=")


def test_wrong_password_and_unknown_name_get_the_same_answer(app: Any) -> None:
    c = _client(app)
    token = login_token(c.get("/login").text)
    a = c.post("/login", data={"name": "viewer", "password": "not-the-password", "csrf_token": token})
    b = c.post("/login", data={"name": "nobody", "password": "not-the-password", "csrf_token": token})
    assert a.status_code == b.status_code == 401
    assert "账户名或密码不正确" in a.text and "账户名或密码不正确" in b.text
    assert "guihua_session" not in a.headers.get("set-cookie", "")


def test_login_form_without_its_token_is_refused(app: Any) -> None:
    c = _client(app)
    r = c.post("/login", data={"name": "viewer", "password": password("viewer"), "csrf_token": "forged-token-123456789"})
    assert r.status_code == 403 and "guihua_session" not in r.headers.get("set-cookie", "")


def test_login_is_rate_limited_per_account(settings: Any) -> None:
    app = create_app(settings)  # its own limiter
    c = _client(app)
    token = login_token(c.get("/login").text)
    codes = [c.post("/login", data={"name": "planner", "password": f"guess-{i}-xx", "csrf_token": token}).status_code
             for i in range(5)]
    assert codes == [401] * 5
    r = c.post("/login", data={"name": "planner", "password": password("planner"), "csrf_token": token})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0 and "过多" in r.text
    # another account is not locked by the failures of this one
    r = c.post("/login", data={"name": "viewer", "password": password("viewer"), "csrf_token": token},
               follow_redirects=False)
    assert r.status_code == 303


def test_login_goes_back_only_to_a_page_of_this_site(app: Any) -> None:
    c = _client(app)
    for target, expected in (("/plans/hengyang-13th/review", "/plans/hengyang-13th/review"),
                             ("https://evil.example/", "/"), ("//evil.example/x", "/"), ("/\\evil.example", "/")):
        token = login_token(c.get("/login").text)
        r = c.post("/login", data={"name": "viewer", "password": password("viewer"), "csrf_token": token,
                                   "next": target}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == expected, target


def test_logout_ends_the_session_on_the_server(app: Any) -> None:
    c = _client(app, "viewer")
    stolen = c.cookies.get("guihua_session")
    r = c.post("/logout", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    replay = TestClient(app, base_url=BASE_URL, raise_server_exceptions=False)
    replay.cookies.set("guihua_session", stolen or "")
    assert replay.get("/api/me").status_code == 401  # the old cookie opens nothing any more


def test_expired_session_opens_nothing(settings: Any) -> None:
    settings_short = type(settings)(database_url=settings.database_url, session_hours=-1)
    c = _client(create_app(settings_short))
    token = login_token(c.get("/login").text)
    c.post("/login", data={"name": "viewer", "password": password("viewer"), "csrf_token": token})
    assert c.get("/api/me").status_code == 401


def test_disabling_an_account_or_changing_its_password_ends_its_sessions(settings: Any, app: Any) -> None:
    store = open_store(settings.database_url)
    try:
        store.add_user("temp", "planner", password("temp"), user="测试")
        c = _client(app, "temp")
        assert c.get("/api/me").json()["user"]["name"] == "temp"
        store.set_password("temp", "another-password", user="测试")
        assert c.get("/api/me").status_code == 401
        log_in(c, "temp", "another-password")
        store.set_active("temp", False, user="测试")
        assert c.get("/api/me").status_code == 401
        r = c.get("/login")
        token = login_token(r.text)
        r = c.post("/login", data={"name": "temp", "password": "another-password", "csrf_token": token})
        assert r.status_code == 401  # a disabled account cannot log in
    finally:
        store.dispose()


def test_own_password_change_through_the_account_page(settings: Any, app: Any) -> None:
    add_accounts(settings.database_url, ("forestry",))
    c = _client(app, "forestry")
    page = c.get("/account")
    assert page.status_code == 200 and "部门填报" in page.text and "市林业局" in page.text
    r = c.post("/account/password", data={"current": "wrong-password", "new": "brand-new-pass", "again": "brand-new-pass"})
    assert r.status_code == 422 and "当前密码不正确" in r.text
    r = c.post("/account/password", data={"current": password("forestry"), "new": "short", "again": "short"})
    assert r.status_code == 422 and "至少 8" in r.text
    r = c.post("/account/password", data={"current": password("forestry"), "new": "brand-new-pass",
                                          "again": "brand-new-pass"}, follow_redirects=False)
    assert r.status_code == 303
    c.headers["x-csrf-token"] = c.get("/api/me").json()["csrf_token"]  # still logged in, with a new session
    assert c.get("/api/me").json()["user"]["name"] == "forestry"
    token_page = c.post("/account/token")
    token = re.search(r'id="new-token">(gh_[^<]+)<', token_page.text)
    assert token_page.status_code == 200 and token
    api = TestClient(app, base_url=BASE_URL, headers={"Authorization": f"Bearer {token.group(1)}"})
    assert api.get("/api/me").json()["user"]["name"] == "forestry"


# ------------------------------------------------------------------------------ CSRF and cross-site
def test_a_cross_site_form_post_changes_nothing(settings: Any, app: Any) -> None:
    """What a page on another site can make a logged-in browser send: the session cookie with a form
    of its making. Without the page's token, or from a foreign Origin, nothing is written."""
    c = _client(app, "planner")
    del c.headers["x-csrf-token"]
    tid, v = _first_review(c)
    before = _audit_size(settings)
    r = c.post(f"/plans/{PLAN}/review/{tid}", data={"action": "reject", "version": v}, follow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.text
    r = c.post(f"/plans/{PLAN}/review/{tid}", data={"action": "reject", "csrf_token": "guessed", "version": v},
               follow_redirects=False)
    assert r.status_code == 403
    page = c.get(f"/plans/{PLAN}/review").text  # even with the real token, a foreign Origin is refused
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    for headers in ({"origin": "http://evil.example"}, {"origin": "null"},
                    {"referer": "http://evil.example/page.html"}, {"sec-fetch-site": "cross-site"}):
        r = c.post(f"/plans/{PLAN}/review/{tid}", data={"action": "reject", "csrf_token": token, "version": v},
                   headers=headers, follow_redirects=False)
        assert r.status_code == 403, headers
    r = c.post(f"/api/plans/{PLAN}/observations", json={"indicator": "森林覆盖率", "year": "2019", "value": "1"})
    assert r.status_code == 403  # the JSON API with the cookie needs the X-CSRF-Token header too
    assert _audit_size(settings) == before
    # the page's own form, from this site, goes through
    r = c.post(f"/plans/{PLAN}/review/{tid}", data={"action": "reject", "csrf_token": token, "version": v},
               headers={"origin": BASE_URL}, follow_redirects=False)
    assert r.status_code == 303 and _audit_size(settings) > before


def test_every_post_form_on_the_pages_carries_the_csrf_token(app: Any) -> None:
    c = _client(app, "admin")
    tid = c.get(f"/api/plans/{PLAN}/targets").json()["targets"]
    milestone = next(t["id"] for t in tid if t["kind"] == "milestone")
    project = c.get(f"/api/plans/{PLAN}/projects").json()["projects"][0]["id"]
    token = c.headers["x-csrf-token"]
    seen = 0
    for url in (f"/plans/{PLAN}/review", f"/plans/{PLAN}/entry", f"/plans/{PLAN}/indicators/城市供水普及率",
                f"/plans/{PLAN}/targets/{milestone}", f"/projects/{project}", "/account", "/admin/users"):
        html = c.get(url).text
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
        assert forms, url
        for form in forms:
            assert f'name="csrf_token" value="{token}"' in form, (url, form[:200])
            assert 'name="who"' not in form  # nobody types who they are
            seen += 1
    assert seen >= 10


# ------------------------------------------------------------------------------ Host and headers
def test_unknown_host_names_are_refused(settings: Any) -> None:
    c = TestClient(create_app(settings), base_url="http://attacker.example", raise_server_exceptions=False)
    r = c.get("/api/plans")
    assert r.status_code == 400 and "attacker.example" in r.json()["detail"]
    assert c.post("/login", data={}).status_code == 400
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        assert c.get("/login", headers={"host": host}).status_code == 200, host
    allowed = type(settings)(database_url=settings.database_url, allowed_hosts=("plan.example.gov.cn",))
    c = TestClient(create_app(allowed), base_url="http://plan.example.gov.cn:8000", raise_server_exceptions=False)
    assert c.get("/login").status_code == 200


def test_security_headers_on_pages_api_errors_and_static(app: Any) -> None:
    c = _client(app, "viewer")
    for url in ("/", "/api/plans", "/nope", "/static/app.css", "/api/docs", "/login"):
        r = c.get(url)
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], url
        assert r.headers["x-content-type-options"] == "nosniff", url
        assert r.headers["x-frame-options"] == "DENY", url
        assert r.headers["referrer-policy"] == "same-origin", url
    assert c.get("/").headers["cache-control"] == "no-store"


def test_the_report_preview_may_be_framed_by_this_site_only(app: Any) -> None:
    """The report page shows its preview in an iframe: that one page may be framed, by this site's pages."""
    c = _client(app, "viewer")
    r = c.get(f"/plans/{PLAN}/reports/preview", params={"kind": "annual", "year": 2017})
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in csp and "frame-ancestors 'none'" not in csp
    script_src = csp.split("script-src")[1].split(";")[0].split()
    # the report's own inline script (hide rows without data) runs, by its hash; no other inline script would
    inline = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert script_src == ["'self'", f"'sha256-{digest}'"]
    assert r.headers["x-frame-options"] == "SAMEORIGIN"
    assert [v for k, v in r.headers.multi_items() if k == "content-security-policy"] == [csp]  # one policy, not two
    page = c.get(f"/plans/{PLAN}/reports")  # the page around it is not framed
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_no_inline_script_in_any_template() -> None:
    """The CSP allows scripts from this site only: every template loads its scripts from /static."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "guihua" / "web" / "templates"
    for path in templates.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (path.name, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), path.name  # no onclick= handlers
        assert "javascript:" not in text, path.name


# ------------------------------------------------------------------------------ escaping of user text
EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
BAD_NAME = f"坏人{EVIL}"[:40]  # an account name is user text too
BAD_FILE = '"><img src=x onerror=alert(3)>.txt'  # a file name is user text too (no "/" in it)
WORK_REPORT = "衡阳市人民政府工作报告\n\n一、2017年工作回顾\n\n过去的一年，怀邵衡铁路建成通车。\n"


@pytest.fixture(scope="module")
def evil(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """User text with markup in every field a user can type that a page shows, and in the names of
    the files read into proposals (a 统计公报's actual values, a work report's project progress)."""
    files = tmp_path_factory.mktemp("evil")
    bulletin, work_report = files / f"公报{BAD_FILE}", files / f"报告{BAD_FILE}"
    bulletin.write_text((ROOT / "tests" / "data" / "reports" / "bulletin_2020.txt").read_text(encoding="utf-8"),
                        encoding="utf-8")
    work_report.write_text(WORK_REPORT, encoding="utf-8")
    store = open_store(settings.database_url)
    try:
        store.add_user(BAD_NAME, "planner", password(BAD_NAME), user="测试")
        proposal = import_report(store, PLAN, bulletin, user="测试").proposal_ids[0]
        project_proposals.ingest_report(store, PLAN, work_report, user="测试")
        proposed = project_proposals.list_proposals(store, PLAN)
        assert proposed, "the work report proposes progress of a project of the plan"
        proposed_project = proposed[0].project_id
    finally:
        store.dispose()
    app = create_app(settings)
    c = _client(app, BAD_NAME)
    c.headers["x-csrf-token"] = c.get("/api/me").json()["csrf_token"]
    targets = c.get(f"/api/plans/{PLAN}/targets").json()["targets"]
    milestone = next(t for t in targets if t["kind"] == "milestone")
    assert c.post(f"/api/plans/{PLAN}/observations", json={"indicator": "森林覆盖率", "year": "2018", "value": "48",
                                                           "source": EVIL, "note": EVIL}).status_code == 201
    version = c.get(f"/api/plans/{PLAN}/indicators/森林覆盖率").json()["card"]["row_version"]
    assert c.post(f"/api/plans/{PLAN}/indicators/森林覆盖率",
                  json={"departments": [f"局{EVIL}"[:40]], "expected_version": version}).status_code == 200
    assert c.post(f"/api/plans/{PLAN}/targets/{milestone['id']}/events",
                  json={"date": "2018-01-02", "evidence": EVIL, "source": EVIL}).status_code == 201
    project = c.get(f"/api/plans/{PLAN}/projects").json()["projects"][1]["id"]
    version = c.get(f"/api/projects/{project}").json()["project"]["row_version"]
    assert c.post(f"/projects/{project}/events", data={"date": "2018-05", "evidence": EVIL, "version": version},
                  follow_redirects=False).status_code == 303
    review = c.get(f"/api/plans/{PLAN}/review").json()["targets"][5]
    assert c.post(f"/api/plans/{PLAN}/targets/{review['id']}/review",
                  json={"action": "correct", "indicator": EVIL[:100],
                        "expected_version": review["row_version"]}).status_code == 200
    # the account's name is shown as the one who decided a proposed value
    pversion = next(p["row_version"] for p in c.get(f"/api/plans/{PLAN}/proposals").json()["proposals"]
                    if p["id"] == proposal)
    assert c.post(f"/api/plans/{PLAN}/proposals/{proposal}",
                  json={"action": "reject", "expected_version": pversion}).status_code == 200
    yield {"client": c, "milestone": milestone["id"], "project": project, "review": review["id"],
           "proposed_project": proposed_project}
    c.close()


@pytest.mark.parametrize("page", ["/plans/{plan}/entry", "/plans/{plan}/indicators/森林覆盖率", "/plans/{plan}/indicators",
                                  "/plans/{plan}/targets/{milestone}", "/projects/{project}",
                                  "/plans/{plan}/review?state=已修改", "/plans/{plan}/targets/{review}",
                                  "/plans/{plan}/targets", "/admin/users", "/account", "/search?q=" + EVIL[:60],
                                  "/plans/{plan}/read", "/plans/{plan}/proposals?state=已驳回",
                                  "/plans/{plan}/proposals", "/projects/{proposed_project}",
                                  "/plans/{plan}/reports/preview?kind=annual&year=2018"])
def test_user_text_is_escaped_on_every_page_that_shows_it(evil: dict[str, Any], page: str) -> None:
    c = evil["client"]
    if page == "/admin/users":
        c = _client(c.app, "admin")
    url = page.format(plan=PLAN, milestone=evil["milestone"], project=evil["project"], review=evil["review"],
                      proposed_project=evil["proposed_project"])
    html = c.get(url).text
    assert "<script>alert(1)" not in html and "<img src=x" not in html, url
    if page not in ("/plans/{plan}/read",):
        assert "&lt;script&gt;alert(1)" in html or "&lt;img src=x" in html, url  # shown, as text
