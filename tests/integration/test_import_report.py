"""Actual values from a 统计公报 or 政府工作报告 (guihua import-report): read, proposed, reviewed, accepted
through the import's checks (SQLite and PostgreSQL), and on the demo plan end to end.

The documents in tests/data/reports were written for these tests (values invented, see its README).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from guihua.cli.main import IO, run
from guihua.documents import read
from guihua.errors import ConflictError, InputError
from guihua.store import proposed_actuals_repo as pr
from guihua.store.actuals import ActualsError
from guihua.store.exchange import export_plan, restore
from guihua.store.report_actuals import BULLETIN, WORK_REPORT, accept, import_report, read_report, reject
from guihua.store.repository import Store, open_store
from tests.integration.store_helpers import PLAN, ingest

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"
BULLETIN_2020 = REPORTS / "bulletin_2020.txt"
WORK_REPORT_2021 = REPORTS / "work_report_2021.txt"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    yield s
    s.dispose()


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), IO(stdout=out, stderr=err, environ={"USER": "tester"}))
    return code, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------------- reading (no database)

def test_a_bulletin_reports_its_own_year_and_only_values_of_that_year() -> None:
    doc = read(BULLETIN_2020)
    r = read_report(doc)
    assert (r.kind, r.year, r.title) == (BULLETIN, 2020, "某市2020年国民经济和社会发展统计公报")
    got = {(a.name, a.period, a.measure): (a.value, a.values, a.unit) for a in r.achieved}
    assert got[("地区生产总值", "2020", "level")] == (3512.3, None, "亿元")
    assert got[("地区生产总值", "2020", "growth")] == (3.8, None, "%")
    assert got[("地区生产总值", "2019-2020", "growth")] == (5.9, None, "%")  # 两年平均增长: over two years
    assert got[("三次产业结构", "2020", "structure")] == (None, [12.6, 33.1, 54.3], None)
    assert got[("城镇调查失业率", "2020", "level")] == (5.3, None, "%")
    for a in r.achieved:  # provenance: the quote is the raw text at its offsets, on its line
        assert doc.raw[a.start:a.end] == a.quote
        assert doc.raw.splitlines()[a.line - 1].find(a.quote) >= 0
    reasons = {s.quote: s.reason for s in r.skipped}
    assert reasons["2019年末全市森林覆盖率为49.4%"].startswith("是 2019 年的值")
    assert "变化量" in reasons["比上年提高0.3个百分点"]
    assert "累计" in reasons["全年累计新增减税降费18.6亿元"]
    assert not any(a.value == 49.4 for a in r.achieved)


def test_a_work_report_gives_last_years_results_never_this_years_targets() -> None:
    r = read_report(read(WORK_REPORT_2021))
    assert (r.kind, r.year) == (WORK_REPORT, 2020)
    values = {(a.period, a.measure, a.value) for a in r.achieved}
    assert ("2020", "level", 3512.3) in values and ("2020", "growth", 4.6) in values
    assert ("2016-2020", "growth", 7.3) in values  # 五年来…年均增长: the five years reviewed
    assert not any(a.value in (7.5, 5.5) for a in r.achieved)  # 2021's targets
    assert sum("今年的目标" in s.reason for s in r.skipped) == 2
    assert read_report(read(WORK_REPORT_2021), year=2019).year == 2019  # --year overrides


def test_a_document_of_another_kind_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "通知.txt"
    p.write_text("关于做好2020年统计工作的通知\n\n各单位：地区生产总值增长4%。\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_report(read(p))
    assert "不是统计公报或政府工作报告" in err.value.reason


def test_docx_and_pdf_read_as_the_text_does(tmp_path: Path) -> None:
    from docx import Document as Docx

    text = BULLETIN_2020.read_text(encoding="utf-8")
    d = Docx()
    for para in text.split("\n"):
        d.add_paragraph(para)
    d.save(tmp_path / "公报.docx")
    from_docx = read_report(read(tmp_path / "公报.docx"))
    from_txt = read_report(read(BULLETIN_2020))
    assert [(a.name, a.period, a.measure, a.value) for a in from_docx.achieved] == \
        [(a.name, a.period, a.measure, a.value) for a in from_txt.achieved]
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(tmp_path / "公报.pdf"))
    c.setFont("STSong-Light", 10)
    y = 800
    for line in ["某市2020年国民经济和社会发展统计公报", "", "全年全市地区生产总值3512.3亿元，比上年增长3.8%。",
                 "年末全市森林覆盖率49.7%。"]:
        c.drawString(30, y, line)
        y -= 16
    c.save()
    from_pdf = read_report(read(tmp_path / "公报.pdf"))
    assert (from_pdf.kind, from_pdf.year) == (BULLETIN, 2020)
    assert {(a.measure, a.value) for a in from_pdf.achieved} == {("level", 3512.3), ("growth", 3.8), ("level", 49.7)}


# ---------------------------------------------------------------------------- proposals in the store

def test_proposals_carry_their_source_and_wait_for_review(store: Store) -> None:
    before = store.list_observations(plan_id=PLAN)
    r = import_report(store, PLAN, BULLETIN_2020, user="录入员")
    assert (r.kind, r.year, r.document) == (BULLETIN, 2020, "bulletin_2020.txt")
    assert store.list_observations(plan_id=PLAN) == before  # nothing is an actual value before review
    props = pr.list_proposals(store, PLAN)
    assert [p.id for p in props] == r.proposal_ids and all(p.state == pr.PENDING for p in props)
    raw = BULLETIN_2020.read_text(encoding="utf-8")
    assert all(raw[p.start:p.end] == p.quote and p.document == "bulletin_2020.txt" for p in props)
    gdp = store.find_indicator(PLAN, "地区生产总值")
    forest = store.find_indicator(PLAN, "森林覆盖率")
    assert gdp is not None and forest is not None
    by = {(p.source_indicator, p.period, p.measure): p for p in props}
    assert by[("地区生产总值", "2020", "level")].indicator_id == gdp.id  # the same name
    # "年末全市森林覆盖率49.7%": the indicator is named without the time of reading and the whole area
    assert by[("森林覆盖率", "2020", "level")].indicator_id == forest.id
    green = by[("城市建成区绿化覆盖率", "2020", "level")]
    assert green.indicator_id is None  # another indicator of the same unit: never pre-chosen
    lone = by[("城镇调查失业率", "2020", "level")]
    assert lone.indicator_id is None and lone.problem and "请选择" in lone.problem  # the small plan lacks it
    assert r.matched == sum(1 for p in props if p.indicator_id is not None) and r.unmatched == len(props) - r.matched
    assert any(e.action == "propose" and e.user == "录入员" for e in store.audit_log(plan_id=PLAN))
    again = import_report(store, PLAN, BULLETIN_2020, user="录入员")
    assert again.proposal_ids == [] and again.duplicates == len(props)


def test_a_close_name_is_proposed_with_its_suggestion_pre_chosen(store: Store, tmp_path: Path) -> None:
    """全市生产总值 is how many bulletins write 地区生产总值: the same indicator key, offered pre-chosen
    (a person still accepts it); nothing is an actual value before that."""
    bulletin = tmp_path / "简报.txt"
    bulletin.write_text("某市2020年国民经济和社会发展统计公报\n\n一、综合\n\n全年全市生产总值3512.3亿元。\n",
                        encoding="utf-8")
    r = import_report(store, PLAN, bulletin, user="录入员")
    [p] = [p for p in pr.list_proposals(store, PLAN) if p.id in r.proposal_ids]
    gdp = store.find_indicator(PLAN, "地区生产总值")
    assert gdp is not None
    assert p.source_indicator != gdp.name and p.measure == "level" and p.value == 3512.3
    assert p.indicator_id == gdp.id and p.candidates[0][0] == gdp.id and p.state == pr.PENDING


def test_accepting_writes_the_value_through_the_import_and_rejecting_writes_nothing(store: Store) -> None:
    import_report(store, PLAN, BULLETIN_2020, user="录入员")
    by = {(p.source_indicator, p.period, p.measure): p for p in pr.list_proposals(store, PLAN)}
    level = by[("地区生产总值", "2020", "level")]
    done = accept(store, level.id, user="审核员")
    assert done.state == pr.ACCEPTED and done.reviewed_by == "审核员" and done.observation_id is not None
    o = store.get_observation(done.observation_id)
    assert (o.period, o.measure, o.value, o.unit, o.value_converted) == ("2020", "level", 3512.3, "亿元", 3512.3)
    assert o.quote == level.quote and o.source == "某市2020年国民经济和社会发展统计公报（bulletin_2020.txt）"
    assert (o.import_file, o.import_line, o.created_by) == ("bulletin_2020.txt", level.line, "审核员")
    with pytest.raises(ConflictError):
        accept(store, level.id, user="另一人")
    # the checks of the import apply: a wrong indicator is refused with the reason, nothing written
    forest = store.find_indicator(PLAN, "森林覆盖率")
    assert forest is not None
    growth = by[("地区生产总值", "2020", "growth")]
    n = len(store.list_observations(plan_id=PLAN))
    with pytest.raises(ActualsError) as err:
        accept(store, by[("第一产业增加值", "2020", "level")].id, user="审核员", indicator_id=forest.id)
    assert "量纲" in err.value.problems[0][1] and len(store.list_observations(plan_id=PLAN)) == n
    # a proposal without an indicator needs one chosen
    with pytest.raises(InputError):
        accept(store, by[("城镇调查失业率", "2020", "level")].id, user="审核员")
    rejected = reject(store, growth.id, user="审核员")
    assert rejected.state == pr.REJECTED and rejected.observation_id is None
    assert len(store.list_observations(plan_id=PLAN)) == n
    actions = [e.action for e in store.audit_log(plan_id=PLAN, entity="proposed_actual")]
    assert actions.count("accept") == 1 and actions.count("reject") == 1


def test_proposals_survive_export_and_restore_byte_for_byte(new_db: Callable[[], str]) -> None:
    a, b = open_store(new_db()), open_store(new_db())
    try:
        ingest(a)
        import_report(a, PLAN, BULLETIN_2020, user="u")
        first = pr.list_proposals(a, PLAN)[0]
        accept(a, first.id, user="u")
        text = export_plan(a, PLAN)
        restore(b, text, user="u")
        assert export_plan(b, PLAN) == text
        assert pr.list_proposals(b, PLAN) == pr.list_proposals(a, PLAN)
        with pytest.raises(InputError):
            restore(b, text, user="u")
    finally:
        a.dispose()
        b.dispose()


def test_the_cli_lists_what_it_proposed_and_what_it_left(store: Store, db_url: str, tmp_path: Path) -> None:
    code, out, err = _cli("import-report", str(WORK_REPORT_2021), "--plan", PLAN, "--db", db_url, "--user", "甲")
    assert code == 0, err
    assert out.startswith("work_report_2021.txt：政府工作报告，所报年份 2020；新建议")
    assert "「地区生产总值增长7.5%左右」：今年的目标，不是已实现的值" in out
    assert "2016-2020 增速7.3%" in out
    bad = tmp_path / "x.txt"
    bad.write_text("会议纪要\n地区生产总值增长4%。\n", encoding="utf-8")
    code, out, err = _cli("import-report", str(bad), "--plan", PLAN, "--db", db_url)
    assert code == 2 and "不是统计公报或政府工作报告" in err


# ---------------------------------------------------------------------------- the demo, end to end

def test_a_final_year_bulletin_turns_no_data_rows_into_evaluated_ones(tmp_path: Path) -> None:
    """The demo plan at its final year 2020: importing a 2020 bulletin and accepting its values evaluates
    targets that had no data. Expected statuses follow the official reading at the end of the period:
    a ceiling or floor met is 已完成."""
    from guihua.monitoring.status import Status
    from guihua.monitoring.store_source import evaluate_plan_data, load_plan_data
    from guihua.store.demo import PLAN_ID, build_demo

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    build_demo(url)

    def statuses() -> dict[tuple[str, str], Status]:
        ev = evaluate_plan_data(load_plan_data(url, PLAN_ID), 2020)
        return {(i.target.indicator, i.target.kind): i.status for i in ev.items if i.target.kind != "milestone"}

    before = statuses()
    watched = {("城镇调查失业率", "level"): Status.DONE,  # <= 6%: 5.3
               ("空气质量优良天数比率", "level"): Status.DONE,  # >= 90%: 90.6
               ("城镇污水集中处理率", "level"): Status.DONE,  # >= 90%: 95.3
               ("森林覆盖率", "level"): None,  # 50%: 49.7, not met
               ("城市建成区绿化覆盖率", "level"): None}  # 42%: 41.5, not met
    assert all(before[k] == Status.NO_DATA for k in watched)
    store = open_store(url)
    try:
        r = import_report(store, PLAN_ID, BULLETIN_2020, user="录入员")
        for p in pr.list_proposals(store, PLAN_ID, state=pr.PENDING):
            if p.indicator_id is not None and not p.problem:
                accept(store, p.id, user="审核员")
        assert r.proposal_ids
    finally:
        store.dispose()
    after = statuses()
    for k, expected in watched.items():
        assert after[k] != Status.NO_DATA, k
        if expected is not None:
            assert after[k] == expected, (k, after[k])
        else:
            assert after[k] in (Status.BASICALLY_DONE, Status.NOT_DONE), (k, after[k])
    assert sum(s == Status.NO_DATA for s in after.values()) <= sum(s == Status.NO_DATA for s in before.values()) - 5
