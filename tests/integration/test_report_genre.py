"""The report follows the genre of an evaluation an office hands in: its sections in order with
continuous numbering, coverage before judgement, the plan's main indicators with 属性, one row per
indicator, problems from the evidence with drafted (marked) suggestions — in HTML, DOCX and XLSX alike.

The plans here are small ones written for these tests; expected values come from the definitions
(the genre, the selection rules in guihua.reports.classify), not from the program's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guihua.monitoring.evaluation import evaluate
from guihua.monitoring.model import BaselineInput, Evaluation, ObservationInput, TargetInput
from guihua.reports.context import Heading, PlanContext
from guihua.reports.document import DRAFT_MARK
from guihua.reports.model import Alert, build_report
from guihua.reports.render import write_reports
from tests.integration.report_readers import (
    docx_tables,
    docx_text,
    html_rows,
    html_tables,
    read_html,
    xlsx_tables,
    xlsx_text,
)

# A plan text laid out as offsets: chapter 1 holds the goals article (0-1000), chapter 2 the rest.
HEADINGS = [Heading("chapter", "第一章 总体要求", 0, 1000), Heading("article", "奋斗目标", 100, 900),
            Heading("chapter", "第二章 建设美丽家园", 1000, 3000), Heading("box", "专栏 2 生态工程", 2000, 2500)]
CONTEXT = PlanContext(HEADINGS, frozenset(), {"单位地区生产总值能耗": ["市发展改革委"]})
T = TargetInput


def _plan(year: int, kind: str, observations: list[ObservationInput]) -> Evaluation:
    targets = [
        # the goals article: the main indicators of a plan without an indicator table
        T("g1", "地区生产总值", "growth", ">=", 8, "%", 2020, start=150, section="art:5", chapter="第一章 总体要求"),
        T("g2", "森林覆盖率", "level", ">=", 60, "%", 2020, start=200, section="art:5", chapter="第一章 总体要求",
          binding="约束性"),
        T("g3", "单位地区生产总值能耗", "change", ">=", 15, "%", 2020, start=250, section="art:5",
          chapter="第一章 总体要求", binding="约束性"),
        T("g4", "城镇登记失业率", "level", "<=", 4.5, "%", 2020, start=300, section="art:5",
          chapter="第一章 总体要求", binding="预期性"),
        # the same goal restated in chapter 2: one row, both places
        T("c1", "森林覆盖率", "level", ">=", 60, "%", 2020, start=1200, section="art:30", chapter="第二章 建设美丽家园",
          binding="约束性"),
        # another indicator outside the goals, and a count of things to build (a task, not an indicator)
        T("c2", "污水处理率", "level", ">=", 95, "%", 2020, start=1300, section="art:31", chapter="第二章 建设美丽家园"),
        T("b1", "新建污水处理厂", "cumulative", ">=", 12, "座", 2020, start=2100, section="box:2",
          chapter="第二章 建设美丽家园"),
        T("m1", "建成国家森林城市", "milestone", ">=", None, None, 2018, start=1400, section="art:32",
          chapter="第二章 建设美丽家园"),
    ]
    baselines = [BaselineInput("森林覆盖率", "level", 50, "%", 2015), BaselineInput("城镇登记失业率", "level", 4.0, "%", 2015)]
    return evaluate(plan_id="demo-plan", plan_title="某市国民经济和社会发展第十三个五年规划纲要", targets=targets,
                    baselines=baselines, observations=observations, year=year, kind=kind, base_year=2015,
                    last_year=2020)


Obs = ObservationInput
DATA_2018 = [Obs("森林覆盖率", "level", 52, "%", 2018), Obs("城镇登记失业率", "level", 4.1, "%", 2018),
             Obs("森林覆盖率", "level", 51, "%", 2017)]


@pytest.fixture(scope="module")
def midterm(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    report = build_report(_plan(2018, "midterm", DATA_2018), context=CONTEXT, generated="2019-03-01")
    out = tmp_path_factory.mktemp("genre")
    return {p.suffix[1:]: p for p in write_reports(report, out, ["html", "docx", "xlsx"])}


def test_sections_in_the_genres_order_numbered_without_gaps(midterm: dict[str, Path]) -> None:
    heads = read_html(midterm["html"]).headings
    body = [h for h in heads if not h.startswith("附")]
    assert body == ["一、总体评价", "二、主要指标完成情况", "三、重点任务进展", "四、重大项目推进情况",
                    "五、存在的主要问题", "六、推进规划后期实施的建议（建议稿）"]
    appendices = [h for h in heads if h.startswith("附表")]
    assert appendices == [f"附表{n}　{t}" for n, t in zip("一二三四", ("主要指标计算过程", "其他指标完成情况",
                                                                   "量化任务完成情况", "数据来源"), strict=True)]
    text = docx_text(midterm["docx"])
    for h in body + appendices:
        assert h in text
    assert all(h in xlsx_text(midterm["xlsx"]) for h in body)


def test_an_empty_section_says_why(midterm: dict[str, Path]) -> None:
    html = read_html(midterm["html"])
    # no project library was given: 四、重大项目推进情况 says so in one sentence
    empty = [t for cls, t in html.paragraphs if cls == "empty"]
    assert any("未接入项目库" in t for t in empty)


def test_main_indicators_are_the_goals_with_their_attribute_one_row_each(midterm: dict[str, Path]) -> None:
    rows = html_rows(midterm["html"], "main")
    names = [cells[1] for _, cells in rows]
    # the four targets of the goals article, in plan order; 森林覆盖率 once though stated twice
    assert names == ["地区生产总值", "森林覆盖率", "单位地区生产总值能耗", "城镇登记失业率"]
    forest = next(cells for _, cells in rows if cells[1] == "森林覆盖率")
    assert forest[2] == "约束性" and "第5条" in forest[7] and "第30条" in forest[7]
    attributes = {cells[1]: cells[2] for _, cells in rows}
    assert attributes == {"地区生产总值": "—", "森林覆盖率": "约束性", "单位地区生产总值能耗": "约束性",
                          "城镇登记失业率": "预期性"}
    other = [cells[1] for _, cells in html_rows(midterm["html"], "other")]
    tasks = [cells[1] for _, cells in html_rows(midterm["html"], "tasks")]
    assert other == ["污水处理率"] and tasks == ["新建污水处理厂"]
    assert "建成国家森林城市" not in names + other + tasks  # a milestone: 重点任务进展


def test_the_three_formats_hold_the_same_tables_and_drafts(midterm: dict[str, Path]) -> None:
    h, d, x = html_tables(midterm["html"]), docx_tables(midterm["docx"]), xlsx_tables(midterm["xlsx"])
    assert sorted(h) == sorted(d) == sorted(x)
    drafts = [t for cls, t in read_html(midterm["html"]).paragraphs if cls == "draft"]
    assert drafts and all(t.startswith(DRAFT_MARK) for t in drafts)
    for t in drafts:
        assert t in docx_text(midterm["docx"]).replace("\n", "") and t in xlsx_text(midterm["xlsx"])


def test_coverage_comes_before_judgement_and_problems_come_from_evidence() -> None:
    report = build_report(_plan(2018, "midterm", DATA_2018), context=CONTEXT)
    first, second = report.overview.split("\n")[:2]
    # 6 indicator rows (5 distinct targets + 污水处理率), 2 with data, 2 binding; then the judgement
    assert "量化指标 5 项" in first and "约束性指标 2 项" in first and "有数据可评估的指标 2 项" in first
    assert "滞后" not in first and "多数指标尚无数据" in second
    c = report.coverage
    assert (c.indicators, c.main, c.binding, c.evaluable, c.tasks, c.milestones) == (5, 4, 2, 2, 1, 1)
    # 森林覆盖率: 50 -> 60 by 2020 on a straight line: 50 + 10 x 3/5 = 56 due in 2018, 52 observed -> 滞后
    codes = [p.code for p in report.problems]
    assert codes[0] == "lagging_binding" and "森林覆盖率" in report.problems[0].title
    assert "差距 -4" in report.problems[0].text and "应达56" in report.problems[0].text
    # 8 points left over 2 years: 4 points a year
    assert "余下 2 年需年均提高 4 个百分点" in report.problems[0].text
    assert "data_gap" in codes and "单位地区生产总值能耗" in report.problems[codes.index("data_gap")].text


def test_no_data_means_no_judgement_and_no_false_comfort() -> None:
    report = build_report(_plan(2018, "midterm", []), context=CONTEXT)
    text = report.overview + " ".join(p.text for s in report.body for p in s.walk() if hasattr(p, "text"))
    assert "不对规划实施进度作出判断" in report.overview
    for comfort in ("无滞后", "没有滞后", "均符合预期"):
        assert comfort not in text
    problems = next(s for s in report.body if s.id == "problems")
    assert any("监测数据不全" == getattr(b, "title", "") for b in problems.blocks)


def test_final_report_words_and_next_plan_advice() -> None:
    ev = _plan(2020, "final", [Obs("森林覆盖率", "level", 58, "%", 2020), Obs("城镇登记失业率", "level", 4.2, "%", 2020)])
    report = build_report(ev, context=CONTEXT)
    assert report.title.endswith("终期评估报告")
    assert next(s for s in report.body if s.id == "advice").title == "对下一个五年规划的建议（建议稿）"
    assert "规划期内（2016—2020 年）" in report.overview
    # 58 < 60 at the end: 森林覆盖率 (binding) 基本完成 or 未完成, never lagging vocabulary
    forest = next(r for r in report.main_rows if r.indicator == "森林覆盖率")
    assert forest.status in ("基本完成", "未完成")


def test_alerts_have_their_slot_numbered_in_sequence() -> None:
    ev = _plan(2018, "midterm", DATA_2018)
    none = build_report(ev, context=CONTEXT)
    assert "alerts" not in [s.id for s in none.body]
    empty = build_report(ev, context=CONTEXT, alerts=[])
    ids = [s.id for s in empty.body]
    assert ids == ["overview", "main", "tasks", "projects", "alerts", "problems", "advice"]
    warned = build_report(ev, context=CONTEXT, alerts=[Alert("red", "behind", "森林覆盖率", "约束性指标滞后于序时进度",
                                                             "市林业局", "g2")])
    table = next(b for s in warned.body if s.id == "alerts" for b in s.blocks if hasattr(b, "rows"))
    assert table.rows[0].cells == ["1", "红色", "森林覆盖率", "约束性指标滞后于序时进度", "市林业局"]


def test_indicator_table_rows_come_first_when_the_plan_has_one() -> None:
    targets = [T("t1", "地区生产总值", "growth", ">=", 7, "%", 2020, start=50, note="table row", section="box:1"),
               T("t2", "研发经费投入强度", "level", ">=", 2.5, "%", 2020, start=60, note="table row", section="box:1"),
               T("s1", "地区生产总值", "growth", ">=", 7, "%", 2020, start=150, section="art:5"),
               T("s2", "人均公园绿地面积", "level", ">=", 12, "平方米", 2020, start=160, section="art:5")]
    ev = evaluate(plan_id="p", plan_title="某规划", targets=targets, baselines=[], observations=[], year=2018,
                  kind="midterm", base_year=2015, last_year=2020)
    report = build_report(ev, context=PlanContext([Heading("article", "主要目标", 100, 900)]))
    assert report.basis == "table"
    assert [(r.indicator, r.where) for r in report.main_rows] == [("地区生产总值", "专栏1；第5条"),
                                                                  ("研发经费投入强度", "专栏1")]
    assert [r.indicator for r in report.other_rows] == ["人均公园绿地面积"]
