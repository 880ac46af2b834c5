"""Targets in the styles of other plans and government work reports (national, provincial, district;
clean, OCR-damaged, single-line, markdown). Snippets are written for these tests."""

from __future__ import annotations

from guihua.documents import Document, read_text
from guihua.extraction import extract_targets
from guihua.extraction.model import Statement


def doc(text: str) -> Document:
    return read_text(text, "t")


def run(text: str, period: tuple[int, int] | None = None) -> list[Statement]:
    return extract_targets(doc(text), period=period).statements


def find(sts: list[Statement], value: float) -> Statement:
    hits = [s for s in sts if s.value == value]
    assert hits, [(s.indicator, s.value) for s in sts]
    return hits[0]


NATIONAL = """中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要
第一章 发展环境
第二节 主要目标
经济发展取得新成效。国内生产总值年均增长保持在合理区间，全员劳动生产率增长高于国内生产总值增长，常住人口城镇化率提高到65%。
民生福祉达到新水平。城镇调查失业率控制在5.5%以内，人均预期寿命提高1岁。
单位国内生产总值能源消耗和二氧化碳排放分别降低13.5%、18%，森林覆盖率提高到24.1%。
"""


def test_national_plan_period_and_targets() -> None:
    res = extract_targets(doc(NATIONAL))
    assert res.period == (2021, 2025)
    assert "十四" in res.period_source
    sts = res.statements
    s = find(sts, 65)
    assert (s.type, s.kind, s.comparator, s.year, s.unit) == ("target", "level", ">=", 2025, "%")
    assert "城镇化率" in s.indicator
    s = find(sts, 5.5)
    assert s.comparator == "<=" and "失业率" in s.indicator
    a, b = find(sts, 13.5), find(sts, 18)
    assert a.kind == b.kind == "change"
    assert "能源消耗" in a.indicator and "二氧化碳排放" in b.indicator
    assert find(sts, 24.1).indicator == "森林覆盖率"


PROVINCIAL_OCR = """某某省国民经济和社会发展第十三个五年规划纲要

第一章 发展基础
第一节 “十二五”发展成就
  全省地区生产总值达到 2 9 0 0 0 亿元，年均增长 9 .5 %。城镇化率
达到 5 0 .1 %，比2010 年提高 6.2 个百分点。
12

第二章 发展目标
  到2020 年，全省地区生产总值超过 4 万亿元，年均增长 7.5%左右；
新建高速公路 1500 公里，新增城镇就业 300 万人。
"""


def test_provincial_ocr_damaged() -> None:
    sts = run(PROVINCIAL_OCR)
    b = find(sts, 29000)
    assert (b.type, b.kind, b.year, b.unit) == ("baseline", "level", 2015, "亿元")
    assert b.indicator == "地区生产总值"
    g = find(sts, 9.5)
    assert (g.type, g.kind) == ("baseline", "growth")
    assert find(sts, 50.1).type == "baseline"
    c = find(sts, 6.2)
    assert (c.kind, c.base_year) == ("change", 2010)
    t = find(sts, 4)
    assert (t.type, t.unit, t.comparator, t.year) == ("target", "万亿元", ">=", 2020)
    assert find(sts, 7.5).comparator == "~"
    assert find(sts, 1500).kind == "cumulative"
    assert find(sts, 300).indicator == "新增城镇就业"


def test_quote_is_raw_span() -> None:
    for s in run(PROVINCIAL_OCR):
        assert PROVINCIAL_OCR[s.start:s.end] == s.quote
        assert s.quote.strip()


DISTRICT_ONE_LINE = (
    "某某区国民经济和社会发展第十三个五年规划纲要（2016-2020年）第五章 社会事业 "
    "第一节 教育 新建幼儿园 12 所、中小学 3-5 所，每个街道至少建设 1 个社区卫生服务中心。"
    "力争2018年创建国家卫生区。2019年以前完成老旧小区改造。"
)


def test_district_single_line() -> None:
    sts = run(DISTRICT_ONE_LINE)
    s = find(sts, 12)
    assert (s.unit, s.kind) == ("所", "cumulative") and "幼儿园" in s.indicator
    r = find(sts, 3)
    assert r.value_max == 5 and r.unit == "所"
    one = find(sts, 1)
    assert one.indicator == "社区卫生服务中心" and one.scope == "每个街道" or one.indicator
    ms = [s for s in sts if s.kind == "milestone"]
    assert {m.year for m in ms} == {2018, 2019}
    assert any("国家卫生区" in m.indicator for m in ms)


MARKDOWN = """# 某某市国民经济和社会发展第十四个五年规划纲要

## 第三章 主要目标

- 地区生产总值年均增长 6.5% 左右；
- 研发经费投入强度达到 2.5% 以上；
- 单位地区生产总值能耗降低完成省下达任务；
- 空气质量优良天数比率保持在 90% 以上。
"""


def test_markdown_list() -> None:
    sts = run(MARKDOWN)
    assert find(sts, 6.5).kind == "growth"
    assert find(sts, 6.5).comparator == "~"
    assert find(sts, 2.5).comparator == ">="
    s = find(sts, 90)
    assert s.indicator == "空气质量优良天数比率" and s.year == 2025


REPORT = """2021年政府工作报告
——2021年1月20日在某某市第十六届人民代表大会第五次会议上
一、2020年工作回顾
全市地区生产总值增长3.8%，一般公共预算收入完成120亿元，比上年增长2.1%。
二、2021年主要预期目标
今年经济社会发展的主要预期目标是：地区生产总值增长7%左右，城镇调查失业率控制在5.5%以内，新增城镇就业3万人以上。
"""


def test_government_work_report() -> None:
    res = extract_targets(doc(REPORT))
    sts = res.statements
    assert "政府工作报告" in res.period_source
    b = find(sts, 3.8)
    assert b.type == "baseline" and b.year == 2020
    assert find(sts, 120).type == "baseline"
    t = find(sts, 7)
    assert (t.type, t.kind, t.comparator, t.year) == ("target", "growth", "~", 2021)
    assert find(sts, 5.5).comparator == "<="
    assert find(sts, 3).kind == "cumulative"


def test_exclusions_and_ranks() -> None:
    text = ("第一章 目标\n第一节 任务\n1、建设。推进“135”园区建设，实施321工程，改造G322国道，"
            "实现4G网络全覆盖，建设110千伏变电站5座，力争进入全省十强。\n")
    sts = run(text, period=(2016, 2020))
    assert [s.value for s in sts if s.kind != "milestone"] == [5]
    assert find(sts, 5).indicator == "110千伏变电站" or "变电站" in find(sts, 5).indicator
    assert not any("十强" in s.indicator for s in sts)


def test_lists_shared_verb() -> None:
    text = ("第一章 目标\n到2020年，城镇生活垃圾无害化处理率、生活污水集中处理率分别达到 95%和 90%，"
            "婴儿死亡率、孕产妇死亡率分别降至 5‰、15/10万。\n")
    sts = run(text, period=(2016, 2020))
    assert find(sts, 95).indicator == "城镇生活垃圾无害化处理率"
    assert find(sts, 90).indicator == "生活污水集中处理率"
    m = find(sts, 15)
    assert (m.indicator, m.unit, m.comparator) == ("孕产妇死亡率", "/10万", "<=")


TABLE = """某某省国民经济和社会发展第十三个五年规划纲要
表1 “十三五”经济社会发展主要指标
指标 2015年 2020年 年均增长[累计] 属性
（1）地区生产总值（万亿元） 2.9 >4.2 >7.5% 预期性
（2）常住人口城镇化率（%） 50.9 58 [7.1] 预期性
（3）城镇新增就业人数（万人） — — [>300] 预期性
（4）单位地区生产总值能耗降低（%） — — [16] 约束性
"""


def test_indicator_table_rows() -> None:
    sts = run(TABLE)
    b = find(sts, 2.9)
    assert (b.type, b.kind, b.year, b.unit, b.indicator) == ("baseline", "level", 2015, "万亿元", "地区生产总值")
    t = find(sts, 4.2)
    assert (t.type, t.kind, t.year, t.comparator) == ("target", "level", 2020, ">=")
    g = find(sts, 7.5)
    assert (g.kind, g.unit) == ("growth", "%")
    c = find(sts, 7.1)
    assert (c.kind, c.unit) == ("change", "个百分点")
    assert find(sts, 300).kind == "cumulative"
    e = find(sts, 16)
    assert (e.kind, e.indicator) == ("change", "单位地区生产总值能耗")
    for s in sts:
        assert TABLE[s.start:s.end] == s.quote
    assert len([s for s in sts if s.value == 50.9]) == 1  # a row is not read twice


MARKDOWN_TABLE = """# 某某区国民经济和社会发展第十四个五年规划纲要

| 指标 | 2020年 | 2025年 | 年均/累计 | 属性 |
|---|---|---|---|---|
| 地区生产总值增长（%） | 3.8 | — | 6左右 | 预期性 |
| 常住人口城镇化率（%） | 60.1 | 65 | [4.9] | 预期性 |
"""


def test_markdown_table() -> None:
    sts = run(MARKDOWN_TABLE)
    g = find(sts, 6)
    assert (g.type, g.kind, g.comparator, g.indicator, g.year) == ("target", "growth", "~", "地区生产总值", 2025)
    b = find(sts, 60.1)
    assert (b.type, b.year) == ("baseline", 2020)
    assert find(sts, 65).year == 2025


REPORT_NO_HEADINGS = """2022年某某县政府工作报告
过去一年，全县地区生产总值增长8.1%，新增城镇就业6200人。
今年全县地区生产总值比上年增长7%左右，新改建农村公路100公里，力争2023年底前建成县城污水处理厂。
"""


def test_report_review_paragraph_and_targets() -> None:
    sts = run(REPORT_NO_HEADINGS)
    b = find(sts, 8.1)
    assert (b.type, b.kind, b.year) == ("baseline", "growth", 2021)
    assert find(sts, 6200).type == "baseline"
    t = find(sts, 7)
    assert (t.type, t.kind, t.comparator, t.year) == ("target", "growth", "~", 2022)
    road = find(sts, 100)
    assert (road.type, road.kind, road.unit) == ("target", "cumulative", "公里")
    ms = [s for s in sts if s.kind == "milestone"]
    assert [m.year for m in ms] == [2023]


def test_indicator_synonyms_share_a_key() -> None:
    from guihua.extraction import indicator_key

    assert indicator_key("经济总量") == indicator_key("地区生产总值") == indicator_key("GDP")
    assert indicator_key("规模工业增加值") == indicator_key("规模以上工业增加值")
    assert indicator_key("森林覆盖率") == "森林覆盖率"
    sts = run("第一章 目标\n到2020年，经济总量达到4000亿元，人均GDP超过8500美元。\n", period=(2016, 2020))
    assert find(sts, 4000).indicator_key == "地区生产总值"
    assert find(sts, 8500).indicator_key == "人均地区生产总值"


PROVINCIAL_GOALS = """某某省国民经济和社会发展第十三个五年规划纲要
第二章 主要目标
到2020年，全省地区生产总值达到4.4万亿元左右，年均增长8.5%左右；人均地区生产总值超过6万元。单位地区生产总值能耗降低16%，森林覆盖率稳定在59%以上。城镇和农村居民人均可支配收入年均分别增长8.5%和9.5%。2018年现行标准下农村贫困人口全部脱贫，2019年贫困县全部摘帽。
"""


def test_provincial_goals() -> None:
    sts = run(PROVINCIAL_GOALS)
    gdp = find(sts, 4.4)
    assert (gdp.unit, gdp.comparator, gdp.indicator) == ("万亿元", ">=", "地区生产总值")
    g = [s for s in sts if s.value == 8.5]
    assert {s.indicator for s in g} == {"地区生产总值", "城镇居民人均可支配收入"}
    assert find(sts, 9.5).indicator == "农村居民人均可支配收入"
    assert find(sts, 16).kind == "change"
    ms = sorted((m.year, m.indicator) for m in sts if m.kind == "milestone")
    assert [y for y, _ in ms] == [2018, 2019]
    assert "贫困县" in ms[1][1]


REPORT_REVIEW = """2025年政府工作报告
一、2024年工作回顾
过去一年，全年地区生产总值达到3120.5亿元，比上年增长5.6%。城镇居民人均可支配收入48210元，农村居民人均可支配收入25130元。
二、2025年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。
"""


def test_work_report_achievements_belong_to_the_year_before() -> None:
    sts = run(REPORT_REVIEW)
    gdp = find(sts, 3120.5)
    assert (gdp.type, gdp.year) == ("baseline", 2024)  # "全年" in the review is the year reviewed
    assert find(sts, 5.6).year == 2024
    target = find(sts, 6)
    assert (target.type, target.year, target.comparator) == ("target", 2025, "~")


def test_place_word_before_a_population_group_stays_in_the_indicator() -> None:
    sts = run(REPORT_REVIEW)
    assert find(sts, 48210).indicator == "城镇居民人均可支配收入"
    rural = find(sts, 25130)
    assert rural.indicator == "农村居民人均可支配收入" and rural.scope is None
