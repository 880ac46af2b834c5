"""The authorization matrix: every state-changing route and every API operation of the app, taken from
its route table, against every kind of caller: anonymous, 只读 viewer, a 部门填报 account of another
department (市统计局), the 部门填报 account that owns the resource (市林业局), 规划办 planner and 管理员 admin.

Who may do what is written here from the roles' definitions (issue 15), independently of the app's
own rule table: a write route the app has and this table lacks fails the test, so a new route cannot
ship without a rule. A refused request must change nothing (the audit log does not grow).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from fastapi.testclient import TestClient

from guihua.store import projects_repo
from guihua.store import proposed_actuals_repo as pr
from guihua.store.report_actuals import import_report
from guihua.store.repository import Store, open_store
from guihua.web.app import create_app, route_table
from tests.conftest import ROOT
from tests.integration.web_fixture import BASE_URL, demo_settings, log_in, password

PLAN = "hengyang-13th"
OWN = "市林业局"
ACTORS = ("anonymous", "viewer", "statistics", "forestry", "planner", "admin")
LOGGED_IN = frozenset(ACTORS) - {"anonymous"}
# the roles' definitions, as the issue gives them
PLANNING = frozenset({"planner", "admin"})  # review targets, edit indicators, decide project links
ENTRY = frozenset({"forestry", "planner", "admin"})  # values, milestone events, project progress: own department only
APPROVE = frozenset({"planner", "admin"})  # accept / reject values read from a bulletin: not a department's own say
ADMIN = frozenset({"admin"})  # accounts


@dataclass
class World:
    """The demo with a 市林业局 indicator, milestone target and project, and one client per actor."""

    store: Store
    clients: dict[str, TestClient]
    forest_key: str
    milestone_id: int
    project_id: int
    link: Any
    review_ids: list[str]
    proposal_ids: list[int]  # values proposed from a 统计公报, waiting for review
    upload_token: str  # an upload of the administrator's waiting for its sheet to be chosen
    round_rows: dict[str, int]  # rows of 市林业局 in the data round of ROUND_YEAR: A, B, C (indicators), P0..P5


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    settings = demo_settings(accounts=("admin", "planner", "forestry", "statistics", "viewer"))
    store = open_store(settings.database_url)
    forest = store.find_indicator(PLAN, "森林覆盖率")
    assert forest is not None
    store.update_indicator(forest.id, {"departments": [OWN]}, user="测试")
    milestone = next(s for s in store.list_statements(PLAN) if s.kind == "milestone" and s.indicator_id)
    store.update_indicator(milestone.indicator_id, {"departments": [OWN]}, user="测试")
    project = store.list_projects(PLAN)[0]
    projects_repo.update_project(store, project.id, {"responsible": f"{OWN}、市发改委"}, user="测试")
    link = projects_repo.list_links(store, plan_id=PLAN)[0]
    store.add_user("spare", "viewer", password("spare"), user="测试")
    import_report(store, PLAN, ROOT / "tests" / "data" / "reports" / "bulletin_2020.txt", user="测试")
    proposal_ids = [p.id for p in pr.list_proposals(store, PLAN) if p.state == pr.PENDING]
    app = create_app(settings)
    clients = {}
    for actor in ACTORS:
        c = TestClient(app, base_url=BASE_URL, raise_server_exceptions=False)
        if actor != "anonymous":
            log_in(c, actor)
        clients[actor] = c
    review_ids = [t["id"] for t in clients["admin"].get(f"/api/plans/{PLAN}/review").json()["targets"]]
    upload_token = _sheet_step(clients["admin"], "管理员")
    assert upload_token is not None
    yield World(store, clients, forest.key, milestone.id, project.id, link, review_ids, proposal_ids, upload_token,
                _round_rows(store))
    for c in clients.values():
        c.close()
    store.dispose()


def _round_rows(store: Store) -> dict[str, int]:
    """A data round of ROUND_YEAR with rows of 市林业局: three indicators (the demo makes it the lead unit of
    森林覆盖率; here of the two others too) and six projects, so that each approval (final) has a row of its own."""
    names = ("森林覆盖率", "人工造林", "封山育林")
    inds = [store.find_indicator(PLAN, n) for n in names]
    for i in inds[1:]:
        assert i is not None
        store.assign("indicator", i.id, OWN, [], user="测试")
    projects = [p for p in store.list_projects(PLAN) if not p.responsible][:6]
    for p in projects:
        store.assign("project", p.id, OWN, [], user="测试")
    store.open_round(PLAN, ROUND_YEAR, None, indicator_ids=[i.id for i in inds if i is not None],
                     project_ids=[p.id for p in projects], user="测试")
    rows = {r.indicator_id or r.project_id: r.id for r in store.round_rows(PLAN, ROUND_YEAR)}
    out = {k: rows[i.id] for k, i in zip("ABC", inds, strict=True) if i is not None}
    out.update({f"P{n}": rows[p.id] for n, p in enumerate(projects)})
    return out


# ------------------------------------------------------------------------------ the write routes
Send = Callable[[TestClient, World, int, str], Any]
ROUND_YEAR = 2018
RY = f"/plans/{PLAN}/rounds/{ROUND_YEAR}"


def _filled(w: World, key: str, n: int) -> Any:
    """Row `key` brought to 填报中 through the store (returned first if it was submitted)."""
    from guihua.store import rounds

    row_id = w.round_rows[key]
    if w.store.get_round_row(row_id).state == "已提交":
        w.store.return_round_rows({row_id: "重来"}, user="测试")
    if w.store.get_round_row(row_id).indicator_id is not None:
        return rounds.fill(w.store, row_id, value=str(40 + n), user="测试")
    return rounds.fill(w.store, row_id, progress=f"进展{n}", user="测试")


def _submitted(w: World, key: str, n: int) -> Any:
    _filled(w, key, n)
    return w.store.submit_round_rows([w.round_rows[key]], user="测试")[0]


def _decision(c: TestClient, w: World, n: int, a: str, action: str, api: bool, key: str) -> Any:
    """Approve or return a submitted row: the allowed prepare one (a refused request is refused first)."""
    row = _submitted(w, key, n) if a in APPROVE else w.store.get_round_row(w.round_rows["A"])
    body = {"comment": f"退回{a}{n}"} if action == "return" else {}
    if api:
        return c.post(f"/api{RY}/rows/{row.id}/{action}", json={**body, "expected_version": row.row_version})
    return c.post(f"{RY}/rows/{row.id}/{action}", data={**body, "version": row.row_version})


def _approve_key(a: str, offset: int) -> str:
    return f"P{offset + (1 if a == 'admin' else 0)}"


def _round_template(w: World, n: int) -> bytes:
    from openpyxl import load_workbook

    from guihua.store.round_templates import template_bytes

    wb = load_workbook(io.BytesIO(template_bytes(w.store, PLAN, ROUND_YEAR, OWN)))
    ws = wb["填报"]
    line = next(k for k in range(4, ws.max_row + 1) if ws.cell(k, 1).value == w.round_rows["A"])
    ws.cell(line, 7).value = 60 + n
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _close(c: TestClient, w: World, n: int, a: str, api: bool) -> Any:
    year = (2009 if api else 2007) + n
    if a in APPROVE:
        forest = w.store.find_indicator(PLAN, "森林覆盖率")
        assert forest is not None
        w.store.open_round(PLAN, year, None, indicator_ids=[forest.id], user="测试")
    version = w.store.get_round(PLAN, year).row_version if a in APPROVE else 1
    if api:
        return c.post(f"/api/plans/{PLAN}/rounds/{year}/close", json={"expected_version": version})
    return c.post(f"/plans/{PLAN}/rounds/{year}/close", data={"version": version})


ROUND_WRITES: dict[tuple[str, str], tuple[frozenset[str], Send]] = {
    ("POST", "/plans/{plan}/rounds"): (APPROVE, lambda c, w, n, a: c.post(
        f"/plans/{PLAN}/rounds", data={"year": str(2011 + n), "coverage": "all"})),
    ("POST", "/api/plans/{plan}/rounds"): (APPROVE, lambda c, w, n, a: c.post(
        f"/api/plans/{PLAN}/rounds", json={"year": 2016 + n})),
    ("POST", "/plans/{plan}/rounds/{year}/close"): (APPROVE, lambda c, w, n, a: _close(c, w, n, a, False)),
    ("POST", "/api/plans/{plan}/rounds/{year}/close"): (APPROVE, lambda c, w, n, a: _close(c, w, n, a, True)),
    ("POST", "/plans/{plan}/rounds/{year}/rows/{row_id}"): (ENTRY, lambda c, w, n, a: c.post(
        f"{RY}/rows/{w.round_rows['A']}", data={"value": str(50 + n / 10),
                                                "version": w.store.get_round_row(w.round_rows["A"]).row_version})),
    ("POST", "/api/plans/{plan}/rounds/{year}/rows/{row_id}"): (ENTRY, lambda c, w, n, a: c.post(
        f"/api{RY}/rows/{w.round_rows['A']}",
        json={"value": str(51 + n / 10), "expected_version": w.store.get_round_row(w.round_rows["A"]).row_version})),
    ("POST", "/plans/{plan}/rounds/{year}/upload"): (ENTRY, lambda c, w, n, a: c.post(
        f"{RY}/upload", files={"file": ("林业.xlsx", _round_template(w, n))})),
    ("POST", "/api/plans/{plan}/rounds/{year}/upload"): (ENTRY, lambda c, w, n, a: c.post(
        f"/api{RY}/upload", files={"file": ("林业.xlsx", _round_template(w, n + 10))})),
    ("POST", "/plans/{plan}/rounds/{year}/rows/{row_id}/return"): (APPROVE, lambda c, w, n, a: _decision(
        c, w, n, a, "return", False, "B")),
    ("POST", "/api/plans/{plan}/rounds/{year}/rows/{row_id}/return"): (APPROVE, lambda c, w, n, a: _decision(
        c, w, n, a, "return", True, "B")),
    ("POST", "/plans/{plan}/rounds/{year}/rows/{row_id}/approve"): (APPROVE, lambda c, w, n, a: _decision(
        c, w, n, a, "approve", False, _approve_key(a, 0))),
    ("POST", "/api/plans/{plan}/rounds/{year}/rows/{row_id}/approve"): (APPROVE, lambda c, w, n, a: _decision(
        c, w, n, a, "approve", True, _approve_key(a, 2))),
    ("POST", "/plans/{plan}/rounds/{year}/approve"): (APPROVE, lambda c, w, n, a: (
        _submitted(w, _approve_key(a, 4), n) if a in APPROVE else None, c.post(
            f"{RY}/approve", data={"department": OWN}))[1]),
    # last of the rounds: a submission leaves row C submitted
    ("POST", "/plans/{plan}/rounds/{year}/submit"): (ENTRY, lambda c, w, n, a: (
        _filled(w, "C", n) if a in ENTRY else None, c.post(f"{RY}/submit", data={"row": str(w.round_rows["C"])}))[1]),
    ("POST", "/api/plans/{plan}/rounds/{year}/submit"): (ENTRY, lambda c, w, n, a: (
        _filled(w, "C", n) if a in ENTRY else None, c.post(f"/api{RY}/submit", json={"rows": [
            {"id": w.round_rows["C"], "expected_version": w.store.get_round_row(w.round_rows["C"]).row_version}]}))[1]),
}


def _csv(source: str) -> bytes:
    return f"indicator,year,value,unit,measure,source,note\n森林覆盖率,2019,50.5,%,level,{source},\n".encode()


def _two_sheets(source: str) -> bytes:
    """A workbook with data on two sheets: the upload stops at the sheet choice (the mapping step)."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "本年"
    first.append(["indicator", "year", "value", "unit", "measure", "source"])
    first.append(["森林覆盖率", 2019, 50.6, "%", "level", source])
    other = wb.create_sheet("上年")
    other.append(["indicator", "year", "value", "unit", "measure", "source"])
    other.append(["森林覆盖率", 2018, 50.0, "%", "level", source])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_step(c: TestClient, source: str) -> str | None:
    """Upload the two-sheet workbook as `c`: the token of its sheet step, None when refused."""
    r = c.post(f"/plans/{PLAN}/entry/upload", files={"file": ("两表.xlsx", _two_sheets(source))})
    m = re.search(r'/entry/upload/([\w-]+)"', r.text) if r.status_code == 422 else None
    return m.group(1) if m else None


def _continue_upload(c: TestClient, w: World, n: int, a: str) -> Any:
    """The sheet step of the caller's own upload; a caller who may not upload tries the administrator's."""
    token = _sheet_step(c, f"续传{a}{n}") or w.upload_token
    return c.post(f"/plans/{PLAN}/entry/upload/{token}", data={"sheet": "本年"})


def _target_v(w: World, tid: str) -> int:
    """The version of a target as a page shows it now (every edit carries the version it read)."""
    return w.store.get_statement(int(tid)).row_version


def _indicator_v(w: World, key: str) -> int:
    found = w.store.find_indicator(PLAN, key)
    assert found is not None
    return found.row_version


def _link_v(w: World) -> int:
    return next(lk.row_version for lk in projects_repo.list_links(w.store, plan_id=PLAN) if lk.id == w.link.id)


def _project_v(w: World) -> int:
    return projects_repo.get_project(w.store, w.project_id).row_version


def _proposal_v(w: World, pid: int) -> int:
    return pr.get_proposal(w.store, pid).row_version


def _units_of(w: World, key: str) -> tuple[int, str, str]:
    """An indicator's id and its 牵头/配合 units as the 责任分工 page shows them (an edit sends them back)."""
    found = w.store.find_indicator(PLAN, key)
    assert found is not None
    r = w.store.responsibilities(PLAN).get(("indicator", found.id))
    return found.id, (r.lead or "") if r else "", "、".join(r.co) if r else ""


def _division_csv(lead: str) -> bytes:
    return f"指标或任务,牵头单位,配合单位\n人均地区生产总值,{lead},市统计局\n".encode()


def _edit_form(c: TestClient, w: World, n: int, a: str) -> Any:
    ind, lead, co = _units_of(w, "城镇化率")
    return c.post(f"/plans/{PLAN}/responsibilities/indicator/{ind}",
                  data={"lead": f"表单{a}{n}", "co": "市统计局", "expected_lead": lead, "expected_co": co})


def _edit_api(c: TestClient, w: World, n: int, a: str) -> Any:
    ind, lead, co = _units_of(w, "城镇化率")
    return c.put(f"/api/plans/{PLAN}/responsibilities/indicator/{ind}",
                 json={"lead": f"接口{a}{n}", "co": [], "expected_lead": lead or None,
                       "expected_co": [x for x in co.split("、") if x]})


def _annual(w: World) -> tuple[int, int]:
    """(id, version) of the first annual target (the demo proposes them at build)."""
    a = w.store.list_annual_targets(PLAN)[0]
    return a.id, a.row_version


#: (method, path) -> (who may, how to send it). `n` numbers the attempt so each success is a new change.
WRITES: dict[tuple[str, str], tuple[frozenset[str], Send]] = {
    ("POST", "/plans/{plan}/entry"): (ENTRY, lambda c, w, n, a: c.post(
        f"/plans/{PLAN}/entry", data={"indicator": "森林覆盖率", "year": "2019", "value": "50.1",
                                      "source": f"表单{a}{n}"})),
    ("POST", "/api/plans/{plan}/observations"): (ENTRY, lambda c, w, n, a: c.post(
        f"/api/plans/{PLAN}/observations", json={"indicator": "森林覆盖率", "year": "2019", "value": "50.2",
                                                 "source": f"接口{a}{n}"})),
    ("POST", "/plans/{plan}/entry/upload"): (ENTRY, lambda c, w, n, a: c.post(
        f"/plans/{PLAN}/entry/upload", files={"file": ("a.csv", _csv(f"上传{a}{n}"), "text/csv")})),
    ("POST", "/plans/{plan}/entry/upload/{token}"): (ENTRY, _continue_upload),
    ("POST", "/api/plans/{plan}/observations/upload"): (ENTRY, lambda c, w, n, a: c.post(
        f"/api/plans/{PLAN}/observations/upload", files={"file": ("a.csv", _csv(f"接口上传{a}{n}"), "text/csv")})),
    ("POST", "/plans/{plan}/targets/{target_id}/events"): (ENTRY, lambda c, w, n, a: c.post(
        f"/plans/{PLAN}/targets/{w.milestone_id}/events", data={"date": "2018-06-30", "outcome": "部分完成",
                                                               "evidence": f"文件{a}{n}"})),
    ("POST", "/api/plans/{plan}/targets/{target_id}/events"): (ENTRY, lambda c, w, n, a: c.post(
        f"/api/plans/{PLAN}/targets/{w.milestone_id}/events", json={"date": "2018-07-01", "evidence": f"公告{a}{n}"})),
    ("POST", "/projects/{project_id}/events"): (ENTRY, lambda c, w, n, a: c.post(
        f"/projects/{w.project_id}/events", data={"date": "2018-06", "evidence": f"开工令{a}{n}",
                                                  "version": _project_v(w)})),
    ("POST", "/plans/{plan}/review/{target_id}"): (PLANNING, lambda c, w, n, a: c.post(
        f"/plans/{PLAN}/review/{w.review_ids[n]}",
        data={"action": "reject", "version": _target_v(w, w.review_ids[n])})),
    ("POST", "/api/plans/{plan}/targets/{target_id}/review"): (PLANNING, lambda c, w, n, a: c.post(
        f"/api/plans/{PLAN}/targets/{w.review_ids[20 + n]}/review",
        json={"action": "reject", "expected_version": _target_v(w, w.review_ids[20 + n])})),
    ("POST", "/plans/{plan}/indicators/{key}/edit"): (PLANNING, lambda c, w, n, a: c.post(
        f"/plans/{PLAN}/indicators/人均地区生产总值/edit",
        data={"attribute": ("预期性", "约束性")[n % 2], "version": _indicator_v(w, "人均地区生产总值")})),
    ("POST", "/api/plans/{plan}/indicators/{key}"): (PLANNING, lambda c, w, n, a: c.post(
        f"/api/plans/{PLAN}/indicators/人均地区生产总值",
        json={"attribute": ("预期性", "约束性")[n % 2], "expected_version": _indicator_v(w, "人均地区生产总值")})),
    ("POST", "/projects/{project_id}/links/{link_id}"): (PLANNING, lambda c, w, n, a: c.post(
        f"/projects/{w.link.project_id}/links/{w.link.id}",
        data={"action": ("confirm", "reopen")[n % 2], "version": _link_v(w)})),
    ("POST", "/api/projects/{project_id}/links/{link_id}"): (PLANNING, lambda c, w, n, a: c.post(
        f"/api/projects/{w.link.project_id}/links/{w.link.id}",
        json={"status": ("已移除", "建议")[n % 2], "expected_version": _link_v(w)})),
    ("POST", "/plans/{plan}/proposals/{proposal_id}"): (APPROVE, lambda c, w, n, a: c.post(
        f"/plans/{PLAN}/proposals/{w.proposal_ids[n]}",
        data={"action": "reject", "version": _proposal_v(w, w.proposal_ids[n])})),
    ("POST", "/api/plans/{plan}/proposals/{proposal_id}"): (APPROVE, lambda c, w, n, a: c.post(
        f"/api/plans/{PLAN}/proposals/{w.proposal_ids[len(ACTORS) + n]}",
        json={"action": "reject", "expected_version": _proposal_v(w, w.proposal_ids[len(ACTORS) + n])})),
    # 责任分工: 规划办 and administrators assign; departments and viewers only read
    ("POST", "/plans/{plan}/responsibilities/bulk"): (PLANNING, lambda c, w, n, a: c.post(
        f"/plans/{PLAN}/responsibilities/bulk", data={"by": "chapter", "chapter": "第十三章", "lead": f"批量{a}{n}"})),
    ("POST", "/api/plans/{plan}/responsibilities/bulk"): (PLANNING, lambda c, w, n, a: c.post(
        f"/api/plans/{PLAN}/responsibilities/bulk", json={"chapter": "第十二章", "lead": f"接口批量{a}{n}"})),
    ("POST", "/plans/{plan}/responsibilities/{entity}/{entity_id}"): (PLANNING, _edit_form),
    ("PUT", "/api/plans/{plan}/responsibilities/{entity}/{entity_id}"): (PLANNING, _edit_api),
    ("POST", "/plans/{plan}/responsibilities/upload"): (PLANNING, lambda c, w, n, a: c.post(
        f"/plans/{PLAN}/responsibilities/upload", files={"file": ("分工.csv", _division_csv(f"上传{a}{n}"), "text/csv")})),
    ("POST", "/api/plans/{plan}/responsibilities/import"): (PLANNING, lambda c, w, n, a: c.post(
        f"/api/plans/{PLAN}/responsibilities/import",
        files={"file": ("分工.csv", _division_csv(f"接口上传{a}{n}"), "text/csv")})),
    ("POST", "/plans/{plan}/annual-targets/{annual_id}"): (PLANNING, lambda c, w, n, a: c.post(
        f"/plans/{PLAN}/annual-targets/{_annual(w)[0]}", data={"value": str(10 + n), "version": _annual(w)[1]})),
    ("PUT", "/api/plans/{plan}/annual-targets/{annual_id}"): (PLANNING, lambda c, w, n, a: c.put(
        f"/api/plans/{PLAN}/annual-targets/{_annual(w)[0]}", json={"value": 20 + n, "expected_version": _annual(w)[1]})),
    ("POST", "/admin/users"): (ADMIN, lambda c, w, n, a: c.post(
        "/admin/users", data={"name": f"新账户{n}", "role": "viewer", "password": "a-long-password"})),
    ("POST", "/admin/users/{name}/active"): (ADMIN, lambda c, w, n, a: c.post(
        "/admin/users/spare/active", data={"active": "0" if n % 2 == 1 else "1"})),
    ("POST", "/account/token"): (LOGGED_IN, lambda c, w, n, a: c.post("/account/token")),
    ("POST", "/account/password"): (LOGGED_IN, lambda c, w, n, a: c.post(
        "/account/password", data={"current": password(a), "new": password(a), "again": password(a)})),
    **ROUND_WRITES,
    # last: it ends the session
    ("POST", "/logout"): (LOGGED_IN, lambda c, w, n, a: c.post("/logout")),
}
#: the one write open to anyone: logging in (its own CSRF token and rate limit: test_web_security.py)
PUBLIC_WRITES = {("POST", "/login")}
#: writes that touch no plan's audit trail but the account tables (their audit rows have no plan)
ACCOUNT_WRITES = {("POST", "/account/token"), ("POST", "/account/password"), ("POST", "/logout")}


def test_every_write_route_of_the_app_has_a_rule_in_this_matrix(world: World) -> None:
    """A route added without an entry here fails: decide who may call it, then add it."""
    routes = {(m, r.path) for r in route_table(world.clients["admin"].app) for m in r.methods or ()
              if m not in ("GET", "HEAD", "OPTIONS")}
    assert routes - set(WRITES) - PUBLIC_WRITES == set(), "write routes without an authorization rule in the matrix"
    assert (set(WRITES) | PUBLIC_WRITES) - routes == set(), "rules for routes the app no longer has"


def _last_audit(store: Store) -> int:
    newest = store.audit_log(limit=1, newest_first=True)
    return newest[0].id if newest else 0


def _refresh_csrf(client: TestClient) -> None:
    me = client.get("/api/me")
    if me.status_code == 200 and me.json()["csrf_token"]:
        client.headers["x-csrf-token"] = me.json()["csrf_token"]


@pytest.mark.parametrize("route", list(WRITES), ids=lambda r: f"{r[0]} {r[1]}")
def test_write_route_by_every_caller(world: World, route: tuple[str, str]) -> None:
    allowed, send = WRITES[route]
    for n, actor in enumerate(ACTORS):
        client = world.clients[actor]
        _refresh_csrf(client)
        before = _last_audit(world.store)
        r = send(client, world, n, actor)
        if actor == "anonymous":
            assert r.status_code == 401, (actor, r.status_code, r.text[:300])
        elif actor not in allowed:
            assert r.status_code == 403, (actor, r.status_code, r.text[:300])
        else:
            assert r.status_code in (200, 201, 303), (actor, r.status_code, r.text[:300])
        if actor not in allowed:
            assert _last_audit(world.store) == before, f"{actor}: a refused request changed data"
        elif route not in ACCOUNT_WRITES:
            assert _last_audit(world.store) > before, f"{actor}: an accepted request changed nothing"
    if route == ("POST", "/logout"):
        r = world.clients["admin"].get("/api/me")
        assert r.status_code == 401  # logged out: the session no longer opens anything
        for actor in LOGGED_IN:  # back in, for the tests after this one
            log_in(world.clients[actor], actor)


def test_the_department_account_writes_only_its_own_indicators_and_projects(world: World) -> None:
    """市林业局 may enter 森林覆盖率 (its own) but not 地区生产总值 (not assigned to it), nor record progress
    of a project another unit is responsible for; 市统计局 may not touch 市林业局's."""
    forestry, statistics = world.clients["forestry"], world.clients["statistics"]
    for c in (forestry, statistics):
        _refresh_csrf(c)
    before = _last_audit(world.store)
    r = forestry.post(f"/api/plans/{PLAN}/observations", json={"indicator": "地区生产总值", "year": "2019",
                                                               "value": "3300", "source": "越权"})
    assert r.status_code == 403 and "部门" in r.json()["detail"]
    r = forestry.post(f"/plans/{PLAN}/entry", data={"indicator": "地区生产总值", "year": "2019", "value": "3300"})
    assert r.status_code == 403 and "不是本部门负责的指标" in r.text
    mixed = ("indicator,year,value,unit,measure,source,note\n森林覆盖率,2018,50,%,level,混合,\n"
             "地区生产总值,2018,3000,亿元,level,混合,\n").encode()
    r = forestry.post(f"/api/plans/{PLAN}/observations/upload", files={"file": ("m.csv", mixed, "text/csv")})
    assert r.status_code == 403 and [p["field"] for p in r.json()["problems"]] == ["第 3 行"]
    r = forestry.post(f"/plans/{PLAN}/entry/upload", files={"file": ("m.csv", mixed, "text/csv")})
    assert r.status_code == 403 and "指标“地区生产总值”不是本部门负责的指标" in r.text
    assert re.search(r'<td class="n">3</td>', r.text) and not re.search(r'<td class="n">2</td>', r.text)
    other = next(p for p in world.store.list_projects(PLAN) if p.id != world.project_id and not p.responsible)
    assert forestry.post(f"/projects/{other.id}/events",
                         data={"date": "2018-06", "evidence": "x", "version": other.row_version}).status_code == 403
    other_ms = next(s for s in world.store.list_statements(PLAN) if s.kind == "milestone"
                    and s.indicator_id and OWN not in world.store.get_indicator(s.indicator_id).departments)
    r = forestry.post(f"/api/plans/{PLAN}/targets/{other_ms.id}/events", json={"date": "2018-01-01", "evidence": "x"})
    assert r.status_code == 403
    r = statistics.post(f"/api/plans/{PLAN}/observations", json={"indicator": "森林覆盖率", "year": "2017",
                                                                 "value": "49", "source": "越权"})
    assert r.status_code == 403
    assert _last_audit(world.store) == before  # nothing of it was written
    ok = forestry.post(f"/api/plans/{PLAN}/observations", json={"indicator": "森林覆盖率", "year": "2017",
                                                                "value": "49", "source": "本部门", "who": "别人"})
    assert ok.status_code == 201 and ok.json()["entered_by"] == "forestry"


def test_an_upload_waiting_for_its_sheet_belongs_to_the_account_that_sent_it(world: World) -> None:
    """Another account holding the token of the administrator's pending upload gets nothing of it."""
    planner, admin = world.clients["planner"], world.clients["admin"]
    for c in (planner, admin):
        _refresh_csrf(c)
    token = _sheet_step(admin, "归属")
    assert token is not None
    before = _last_audit(world.store)
    r = planner.post(f"/plans/{PLAN}/entry/upload/{token}", data={"sheet": "本年"}, follow_redirects=False)
    assert r.status_code == 422 and "不是本账户上传的" in r.text and "两表.xlsx" not in r.text
    assert _last_audit(world.store) == before
    r = admin.post(f"/plans/{PLAN}/entry/upload/{token}", data={"sheet": "本年"}, follow_redirects=False)
    assert r.status_code == 303 and _last_audit(world.store) > before


# ------------------------------------------------------------------------------ reading
#: reads of what is the caller's own: an import job (GET /api/jobs/{job_id}) is seen by the account
#: that started it only; any other account gets 404, as for an id that names nothing
OWN_READS = {"/api/jobs/{job_id}"}
#: a round's status (every department's rows) is 规划办's and readers': a department account gets 403
#: (it reads its own rows through /todo); one row of another department is 404 to it
PLANNING_READS = {"/api/plans/{plan}/rounds/{year}"}
DEPARTMENT_ROW_READS = {"/api/plans/{plan}/rounds/{year}/rows/{row_id}"}


def _read_status(path: str, actor: str) -> int:
    if path in OWN_READS:
        return 404
    if actor == "statistics" and path in PLANNING_READS:
        return 403
    if actor == "statistics" and path in DEPARTMENT_ROW_READS:
        return 404
    return 200


def _sample(path: str, world: World) -> str:
    values = {"plan": PLAN, "key": world.forest_key, "target_id": str(world.milestone_id),
              "project_id": str(world.project_id), "name": "final.html", "job_id": "another-accounts-job",
              "year": str(ROUND_YEAR), "row_id": str(world.round_rows["A"])}
    for k, v in values.items():
        path = path.replace("{" + k + "}", v)
    return path + ("?q=森林" if path.endswith("/search") else "")


def test_every_api_read_needs_a_login_by_default_and_any_account_may_read(world: World) -> None:
    reads = sorted({r.path for r in route_table(world.clients["admin"].app) if "GET" in (r.methods or ())
                    and r.path.startswith("/api")})
    assert "/api/openapi.json" in reads and "/api/docs" in reads
    for path in reads:
        url = _sample(path, world)
        r = world.clients["anonymous"].get(url, follow_redirects=False)
        if path == "/api/docs":  # a page (the API docs): to the login form, then back
            assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fapi%2Fdocs"
        else:
            assert r.status_code == 401, (url, r.status_code)
        for actor in ("viewer", "statistics"):
            r = world.clients[actor].get(url)
            assert r.status_code == _read_status(path, actor), (actor, url, r.status_code, r.text[:200])


def test_pages_send_anonymous_visitors_to_the_login_form(world: World) -> None:
    r = world.clients["anonymous"].get(f"/plans/{PLAN}/indicators?status=滞后", follow_redirects=False)
    assert r.status_code == 303
    login = urlsplit(r.headers["location"])
    # back to the very address asked for (as the browser sent it, percent-encoded) after logging in
    assert login.path == "/login" and parse_qs(login.query)["next"] == [f"/plans/{PLAN}/indicators?status={quote('滞后')}"]
    assert world.clients["anonymous"].get("/login").status_code == 200


def test_only_administrators_see_the_accounts(world: World) -> None:
    assert world.clients["admin"].get("/admin/users").status_code == 200
    for actor in ("viewer", "statistics", "planner"):
        assert world.clients[actor].get("/admin/users").status_code == 403
    assert world.clients["anonymous"].get("/admin/users", follow_redirects=False).status_code == 303


def test_open_data_mode_lets_anonymous_visitors_read_but_not_write(tmp_path: Any) -> None:
    settings = demo_settings(tmp_path, accounts=())
    settings.public_read = True
    with TestClient(create_app(settings), base_url=BASE_URL, raise_server_exceptions=False) as c:
        for url in ("/", f"/plans/{PLAN}", "/api/plans", "/api/docs", "/api/openapi.json"):
            assert c.get(url, follow_redirects=False).status_code == 200, url
        r = c.post(f"/api/plans/{PLAN}/observations", json={"indicator": "森林覆盖率", "year": "2019", "value": "1"})
        assert r.status_code == 401
        assert c.get("/account", follow_redirects=False).status_code == 303  # one's account needs a login


def test_api_token_instead_of_a_session(world: World) -> None:
    """A program sends `Authorization: Bearer`; it needs no CSRF token, and a wrong token is a 401."""
    token = world.store.new_api_token("planner", user="测试")
    with TestClient(world.clients["admin"].app, base_url=BASE_URL, raise_server_exceptions=False) as c:
        target = world.review_ids[40]
        r = c.post(f"/api/plans/{PLAN}/targets/{target}/review",
                   json={"action": "confirm", "expected_version": _target_v(world, target)},
                   headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200, r.text
        history = c.get(f"/api/plans/{PLAN}/targets/{target}", headers={"Authorization": f"Bearer {token}"}).json()
        assert history["history"][-1]["who"] == "planner"
        r = c.post(f"/api/plans/{PLAN}/targets/{target}/review",
                   json={"action": "reject", "expected_version": _target_v(world, target)},
                   headers={"Authorization": "Bearer gh_not-a-token"})
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
        viewer_token = world.store.new_api_token("viewer", user="测试")
        r = c.post(f"/api/plans/{PLAN}/targets/{target}/review",
                   json={"action": "reject", "expected_version": _target_v(world, target)},
                   headers={"Authorization": f"Bearer {viewer_token}"})
        assert r.status_code == 403


def test_openapi_documents_401_and_403_on_every_write(world: World) -> None:
    spec = world.clients["viewer"].get("/api/openapi.json").json()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method != "get":
                assert {"401", "403"} <= set(op["responses"]), (method, path)


def test_upload_buffer_is_not_needed_to_refuse(world: World) -> None:
    """An anonymous upload is refused with 401 like any other write (and writes nothing)."""
    before = _last_audit(world.store)
    r = world.clients["anonymous"].post(f"/api/plans/{PLAN}/observations/upload",
                                        files={"file": ("a.csv", io.BytesIO(_csv("匿名")), "text/csv")})
    assert r.status_code == 401 and _last_audit(world.store) == before
