"""The bundled demo database: the Hengyang 13th five-year plan and real published statistics.

`build_demo_database(url)` is what `make demo`, the web demo and the tests use, so the demo cannot
rot: it ingests data/hengyang-13th-fyp/plan.txt as plan `hengyang-13th` and imports
data/hengyang-13th-fyp/actuals.csv through mapping.csv (sources in SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path

from guihua.store.actuals import ImportSummary, import_actuals
from guihua.store.ingest import ingest_path
from guihua.store.records import IngestResult
from guihua.store.repository import Store, open_store

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "hengyang-13th-fyp"
PLAN_ID = "hengyang-13th"
TITLE = "衡阳市国民经济和社会发展第十三个五年规划纲要"
REGION = "衡阳市"
PERIOD = (2016, 2020)
USER = "demo"


def demo_paths(data_dir: Path = DATA_DIR) -> dict[str, Path]:
    return {"plan": data_dir / "plan.txt", "actuals": data_dir / "actuals.csv", "mapping": data_dir / "mapping.csv"}


def build_demo(url: str | None, data_dir: Path = DATA_DIR) -> tuple[IngestResult, ImportSummary | None]:
    """Build (or bring up to date) the demo database; returns what was ingested and imported.

    Run again on the same database, it changes nothing: the plan file is the same, the actual
    values are imported only into a plan that has none yet, and the annual targets proposed from the
    expected path are the same.
    """
    paths = demo_paths(data_dir)
    store = open_store(url)
    try:
        ingested = ingest_path(store, paths["plan"], plan_id=PLAN_ID, title=TITLE, region=REGION, period=PERIOD,
                               user=USER)
        imported = None
        if not store.list_observations(plan_id=PLAN_ID):
            imported = import_actuals(store, PLAN_ID, paths["actuals"], mapping=paths["mapping"], user=USER)
        if not store.responsibilities(PLAN_ID):
            assign_demo_units(store)
        from guihua.monitoring.annual_source import propose_for_plan

        propose_for_plan(store, PLAN_ID, user=USER)  # 年度目标 from the expected path (writes nothing when unchanged)
        if not store.list_rounds(PLAN_ID):
            build_demo_round(store)
        return ingested, imported
    finally:
        store.dispose()


#: 目标责任制 of the demo: (indicator, 牵头单位, 配合单位), as a 分工方案 of a prefecture-level city reads
DEMO_ASSIGNMENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("地区生产总值", "市发改委", ("市统计局",)),
    ("全社会固定资产投资", "市发改委", ("市统计局", "市住建局")),
    ("一般公共预算收入", "市财政局", ("市税务局",)),
    ("城镇居民人均可支配收入", "市人社局", ("市统计局",)),
    ("农村居民人均可支配收入", "市农业农村局", ("市统计局",)),
    ("城镇化率", "市住建局", ("市自然资源局", "市统计局")),
    ("森林覆盖率", "市林业局", ()),
)
DEMO_UNITS = (("市发改委", "部门"), ("市统计局", "部门"), ("市财政局", "部门"), ("市林业局", "部门"),
              ("耒阳市", "县市区"), ("常宁市", "县市区"), ("衡南县", "县市区"))


def assign_demo_units(store: Store) -> None:
    """Give the demo plan a few realistic responsible units (each indicator with its targets)."""
    for name, kind in DEMO_UNITS:
        store.add_unit(name, kind, user=USER)
    for key, lead, co in DEMO_ASSIGNMENTS:
        ind = store.find_indicator(PLAN_ID, key)
        if ind is None:
            continue
        store.assign("indicator", ind.id, lead, co, user=USER, source="演示")
        for s in store.list_statements(PLAN_ID, type="target", indicator_id=ind.id, include_rejected=False):
            store.assign("target", s.id, lead, co, user=USER, source="演示")


DEMO_ROUND_YEAR = 2019
DEMO_NOTE = "演示数据，非真实统计"


def build_demo_round(store: Store) -> None:
    """Demo only: the round of DEMO_ROUND_YEAR over the demo's 牵头 units (DEMO_ASSIGNMENTS), with rows in
    several states (filled, submitted, returned, not yet filled) so the round pages show something. Its
    values are made up (each row's note says so) and none is approved: the evaluation is unchanged."""
    from guihua.store import rounds

    if not store.lead_units(PLAN_ID):
        return
    store.open_round(PLAN_ID, DEMO_ROUND_YEAR, f"{DEMO_ROUND_YEAR + 1}-03-31", user=USER)
    rows = {r.name: r.id for r in store.round_rows(PLAN_ID, DEMO_ROUND_YEAR)}
    plan = {"城镇化率": ("54.1", None), "森林覆盖率": ("49.8", "submit"), "地区生产总值": ("3372.7", "return")}
    for name, (value, then) in plan.items():
        if name not in rows:
            continue
        rounds.fill(store, rows[name], value=value, note=DEMO_NOTE, user=USER)
        if then is not None:
            store.submit_round_rows([rows[name]], user=USER)
        if then == "return":
            store.return_round_rows({rows[name]: "演示：请核对统计口径后重报"}, user=USER)


def build_demo_database(url: str | None) -> None:
    """Build the demo database at `url` (a SQLAlchemy URL or a SQLite path)."""
    build_demo(url)


#: demo accounts, one per role: (name, role, department)
DEMO_ACCOUNTS = (("admin", "admin", None), ("planner", "planner", None), ("forestry", "department", "市林业局"),
                 ("viewer", "viewer", None))
#: what the demo's department account (市林业局) is responsible for: indicators and one project
DEMO_DEPARTMENT_INDICATORS = ("森林覆盖率", "人工造林", "封山育林")
DEMO_DEPARTMENT_PROJECTS = ("省级林下经济示范基地",)


def create_demo_accounts(url: str | None) -> list[tuple[str, str, str | None, str]]:
    """Demo only: one account per role with a fresh random password each run (printed by `guihua demo`),
    and the demo department (市林业局) made responsible for a few forestry indicators and a project, so its
    account has something to fill in. Returns (name, role label, department, password) per account."""
    import secrets

    from guihua.store.access import parse_role
    from guihua.store.projects_repo import update_project

    store = open_store(url)
    try:
        out = []
        for name, role, department in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(9)
            existing = store.find_user(name)
            if existing is None:
                store.add_user(name, role, password, department=department, user=USER)
            else:
                store.set_password(name, password, user=USER)
                if not existing.is_active:
                    store.set_active(name, True, user=USER)
            out.append((name, parse_role(role).label, department, password))
        for key in DEMO_DEPARTMENT_INDICATORS:
            ind = store.find_indicator(PLAN_ID, key)
            if ind is not None and "市林业局" not in ind.departments:
                current = store.responsibilities(PLAN_ID).get(("indicator", ind.id))
                if current is None or not current.lead:  # 市林业局 leads; units named before co-operate
                    store.assign("indicator", ind.id, "市林业局", ind.departments, user=USER, source="演示")
                else:
                    store.assign("indicator", ind.id, current.lead, [*current.co, "市林业局"], user=USER,
                                 source="演示")
        for p in store.list_projects(PLAN_ID):
            if p.name in DEMO_DEPARTMENT_PROJECTS and not p.responsible:
                update_project(store, p.id, {"responsible": "市林业局"}, user=USER)
        return out
    finally:
        store.dispose()
