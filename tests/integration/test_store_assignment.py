"""Bulk assignment (by chapter, by domain) and the 分工方案 table import, on SQLite and PostgreSQL
(definitions in guihua.store.assignables and guihua.store.assignment_in)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from openpyxl import Workbook
from sqlalchemy import insert

from guihua.errors import ConflictError, InputError, RowErrors
from guihua.store import schema as t
from guihua.store.repository import Store, open_store
from tests.integration.store_helpers import PLAN, RAW, ingest


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    yield s
    s.dispose()


def _ids(store: Store) -> dict[str, int]:
    """Indicator ids by name, target ids by quote, project ids by name."""
    out = {i.name: i.id for i in store.list_indicators(PLAN)}
    out.update({s.quote: s.id for s in store.list_statements(PLAN, type="target")})
    out.update({p.name: p.id for p in store.list_projects(PLAN)})
    return out


def _project_in_chapter2(store: Store) -> int:
    """A project mentioned in 第二章 (a mention row as the projects extractor writes it)."""
    quote = "森林覆盖率达到50%"
    p = store.add_project(PLAN, name="湘江防护林工程", full_name="湘江两岸防护林建设工程", user="t")
    with store.atomic() as conn:
        conn.execute(insert(t.project_mentions).values(
            project_id=p.id, version_id=1, ordinal=0, name=p.name, full_name=p.full_name, places_json="[]",
            counties_json="[]", start_offset=RAW.find(quote), end_offset=RAW.find(quote) + len(quote), quote=quote,
            node_key="ch2", confidence=1.0))
    return p.id


def _state(store: Store) -> dict[tuple[str, int], tuple[str | None, tuple[str, ...]]]:
    return {k: (r.lead, r.co) for k, r in store.responsibilities(PLAN).items()}


# ------------------------------------------------------------------------------------------ bulk

def test_bulk_by_chapter_assigns_every_indicator_target_and_project_in_it(store: Store) -> None:
    project = _project_in_chapter2(store)
    ids = _ids(store)
    done = store.assign_bulk(PLAN, "市林业局", ["市自然资源局"], chapter="生态环境", user="规划办")
    # 第二章: 森林覆盖率, 三次产业结构 and their two targets, and the project mentioned there
    expected = {("indicator", ids["森林覆盖率"]), ("indicator", ids["三次产业结构"]),
                ("target", ids["森林覆盖率达到50%"]), ("target", ids["三次产业结构调整为10:40:50"]),
                ("project", project)}
    assert {(r.entity, r.entity_id) for r in done} == expected
    assert _state(store) == {k: ("市林业局", ("市自然资源局",)) for k in expected}
    # audited per entity
    audits = [a for a in store.audit_log(plan_id=PLAN) if a.action == "assign"]
    assert sorted((a.entity, int(a.entity_id)) for a in audits) == sorted(expected)
    assert {a.new["source"] for a in audits} == {"批量分工：章节“生态环境”"}
    # the indicator's departments follow (who may enter its values)
    assert set(store.get_indicator(ids["森林覆盖率"]).departments) == {"市自然资源局", "市林业局"}


def test_bulk_by_chapter_key_and_by_domain(store: Store) -> None:
    ids = _ids(store)
    store.assign_bulk(PLAN, "市发改委", [], chapter="ch1", user="规划办")
    assert set(_state(store)) == {("indicator", ids["地区生产总值"]), ("target", ids["地区生产总值达到4000亿元"]),
                                  ("target", ids["年均增长9%"])}
    domain = store.get_indicator(ids["森林覆盖率"]).domain
    assert domain is not None
    store.assign_bulk(PLAN, "市生态环境局", ["市林业局"], domain=domain, user="规划办")
    same_domain = [i for i in store.list_indicators(PLAN) if i.domain == domain]
    for ind in same_domain:
        assert _state(store)[("indicator", ind.id)] == ("市生态环境局", ("市林业局",))
        for s in store.list_statements(PLAN, type="target", indicator_id=ind.id):
            assert _state(store)[("target", s.id)] == ("市生态环境局", ("市林业局",))


def test_bulk_keeps_one_lead_and_refuses_bad_selections(store: Store) -> None:
    ids = _ids(store)
    store.assign_bulk(PLAN, "市发改委", ["市统计局"], chapter="ch1", user="a")
    store.assign_bulk(PLAN, "市统计局", ["市发改委"], chapter="ch1", user="a")
    assert _state(store)[("indicator", ids["地区生产总值"])] == ("市统计局", ("市发改委",))
    with pytest.raises(InputError, match="没有章节"):
        store.assign_bulk(PLAN, "市发改委", chapter="第九章", user="a")
    with pytest.raises(InputError, match="没有指标"):
        store.assign_bulk(PLAN, "市发改委", domain="不存在的领域", user="a")
    with pytest.raises(InputError):
        store.assign_bulk(PLAN, "市发改委", chapter="ch1", domain="经济", user="a")
    with pytest.raises(InputError, match="牵头单位"):
        store.assign_bulk(PLAN, "  ", chapter="ch1", user="a")


def test_single_edit_refuses_a_stale_read(store: Store) -> None:
    gdp = _ids(store)["地区生产总值"]
    store.assign("indicator", gdp, "市发改委", ["市统计局"], user="a")
    store.assign("indicator", gdp, "市发改委", ["市财政局"], user="b", expected=("市发改委", ["市统计局"]))
    with pytest.raises(ConflictError):
        store.assign("indicator", gdp, "市商务局", [], user="c", expected=("市发改委", ["市统计局"]))
    assert _state(store)[("indicator", gdp)] == ("市发改委", ("市财政局",))


# ---------------------------------------------------------------------------------------- import

GOOD_CSV = ("序号,指标或任务,牵头单位,配合单位\n"
            "一,第一章 经济发展,,\n"
            "1,地区生产总值（亿元）,市发改委,市统计局、市财政局\n"
            "2,森林覆盖率,市林业局,\n"
            "3,10:40:50,市发改委,市统计局；市工信局\n"
            "4,湘江两岸防护林建设工程,市林业局,市水利局 市自然资源局\n")


def test_import_good_csv_matches_indicator_project_and_target(store: Store) -> None:
    project = _project_in_chapter2(store)
    ids = _ids(store)
    done = store.import_assignments(PLAN, "分工.csv", GOOD_CSV.encode("utf-8-sig"), user="王芳")
    assert len(done) == 4
    assert _state(store) == {
        ("indicator", ids["地区生产总值"]): ("市发改委", ("市统计局", "市财政局")),
        ("indicator", ids["森林覆盖率"]): ("市林业局", ()),
        ("target", ids["三次产业结构调整为10:40:50"]): ("市发改委", ("市统计局", "市工信局")),
        ("project", project): ("市林业局", ("市水利局", "市自然资源局")),
    }
    rows = [a for a in store.audit_log(plan_id=PLAN) if a.action == "assign"]
    assert {a.user for a in rows} == {"王芳"} and len(rows) == 4
    assert {a.new["source"] for a in rows} == {"分工.csv"}  # the audit names the file
    sources = {r.source for r in _raw_rows(store)}
    assert sources == {"分工.csv"}


def _raw_rows(store: Store) -> list[object]:
    with store.engine.connect() as conn:
        return list(conn.execute(t.responsibilities.select()))


def test_import_gb18030_csv_and_xlsx(store: Store) -> None:
    gdp = _ids(store)["地区生产总值"]
    csv = "指标,牵头部门,配合部门\n地区生产总值,市发改委,市统计局\n"
    store.import_assignments(PLAN, "a.csv", csv.encode("gb18030"), user="u")
    assert _state(store)[("indicator", gdp)] == ("市发改委", ("市统计局",))
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "分工"
    ws.append(["衡阳市“十三五”规划主要目标任务分工方案"])
    ws.append(["序号", "指标或任务", "牵头单位", "配合单位"])
    ws.append([1, "地区生产总值", "市统计局", "市发改委,市财政局"])
    buf = io.BytesIO()
    wb.save(buf)
    store.import_assignments(PLAN, "b.xlsx", buf.getvalue(), user="u")
    assert _state(store)[("indicator", gdp)] == ("市统计局", ("市发改委", "市财政局"))


@pytest.mark.parametrize(("row", "reason"), [
    ("粮食产量,市农业农村局,", "B 列（指标或任务）：规划中没有“粮食产量”"),
    ("达到,市发改委,", "B 列（指标或任务）：“达到”不能确定是哪一项"),  # two targets' text holds it
    ("森林覆盖率,,市林业局", "C 列（牵头单位）：缺少牵头单位"),
    ("森林覆盖率,市林业局、市自然资源局,", "C 列（牵头单位）：牵头单位只能有一个"),
    (",市林业局,", "B 列（指标或任务）：缺少指标或任务"),
    ("森林覆盖率,市林业局,市\x1b局", "D 列（配合单位）"),
])
def test_each_bad_row_is_named_and_nothing_is_written(store: Store, row: str, reason: str) -> None:
    data = ("序号,指标或任务,牵头单位,配合单位\n1,地区生产总值,市发改委,市统计局\n2," + row + "\n").encode()
    with pytest.raises(RowErrors) as exc:
        store.import_assignments(PLAN, "分工.csv", data, user="u")
    assert [line for line, _ in exc.value.problems] == [3]
    assert exc.value.problems[0][1].startswith("第 3 行 " + reason.split("：")[0])
    assert reason.split("：", 1)[-1] in exc.value.problems[0][1]
    assert exc.value.path == "分工.csv"
    assert _state(store) == {}  # the good first row was not written either


def test_unit_names_are_kept_as_written(store: Store) -> None:
    gdp = _ids(store)["地区生产总值"]
    data = "指标或任务,牵头单位,配合单位\n地区生产总值（亿元）,市发改委（市粮食局）,市统计局，市财政局；　市商务局\n"
    store.import_assignments(PLAN, "a.csv", data.encode(), user="u")
    assert _state(store)[("indicator", gdp)] == ("市发改委（市粮食局）", ("市统计局", "市财政局", "市商务局"))


def test_the_same_item_twice_and_every_bad_row_listed(store: Store) -> None:
    data = ("指标或任务,牵头单位,配合单位\n地区生产总值,市发改委,\n地区生产总值（亿元）,市统计局,\n"
            "粮食产量,市农业农村局,\n").encode()
    with pytest.raises(RowErrors) as exc:
        store.import_assignments(PLAN, "x.csv", data, user="u")
    assert [line for line, _ in exc.value.problems] == [3, 4]
    assert "与第 2 行是同一指标" in exc.value.problems[0][1]
    assert _state(store) == {}


def test_xlsx_errors_name_the_sheet_and_a_file_without_header_is_refused(store: Store) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "表一"
    ws.append(["指标或任务", "牵头单位"])
    ws.append(["不存在的指标", "市发改委"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(RowErrors) as exc:
        store.import_assignments(PLAN, "f.xlsx", buf.getvalue(), user="u")
    assert exc.value.problems[0][1].startswith("工作表“表一” 第 2 行 A 列（指标或任务）")
    with pytest.raises(InputError, match="找不到表头"):
        store.import_assignments(PLAN, "g.csv", "名称,单位\n地区生产总值,市发改委\n".encode(), user="u")
    with pytest.raises(InputError, match="不支持的文件类型"):
        store.import_assignments(PLAN, "g.pdf", b"%PDF", user="u")


def test_editing_an_indicators_departments_keeps_its_responsible_units_the_same_set(store: Store) -> None:
    gdp = _ids(store)["地区生产总值"]
    store.assign("indicator", gdp, "市发改委", ["市统计局"], user="a")
    ind = store.get_indicator(gdp)
    store.update_indicator(gdp, {"departments": ["市统计局", "市财政局"]}, user="b", expected_version=ind.row_version)
    # 市发改委 (the lead) is no longer listed: no lead; 市财政局 is new: a co unit
    assert _state(store)[("indicator", gdp)] == (None, ("市统计局", "市财政局"))
    last = [a for a in store.audit_log(plan_id=PLAN) if a.action == "assign"][-1]
    assert (last.user, last.old, last.new) == ("b", {"lead": "市发改委", "co": ["市统计局"]},
                                               {"lead": None, "co": ["市统计局", "市财政局"], "source": "责任部门"})
    ind = store.get_indicator(gdp)
    store.update_indicator(gdp, {"departments": ["市统计局", "市财政局", "市发改委"]}, user="c",
                           expected_version=ind.row_version)
    store.assign("indicator", gdp, "市发改委", ["市统计局", "市财政局"], user="c")
    assert _state(store)[("indicator", gdp)] == ("市发改委", ("市统计局", "市财政局"))
    assert set(store.get_indicator(gdp).departments) == {"市发改委", "市统计局", "市财政局"}
