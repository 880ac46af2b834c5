"""Link suggestions between projects and indicators: a general rule on shared terms, tried on lists
written in other plans' styles (not the seed's sentences)."""

from __future__ import annotations

from guihua.extraction.links import (
    IndicatorRef,
    ProjectRef,
    place_of,
    project_key,
    served_terms,
    shared_terms,
    suggest_links,
)


def test_facilities_serve_the_indicators_named_for_what_they_do() -> None:
    assert "供水" in served_terms("城北水厂")
    assert served_terms("河西污水处理厂")[:1] == ["污水处理"]  # the longer head wins over 水厂
    assert "学位" in served_terms("第十二中学")
    assert "床位" in served_terms("区中医医院")


def test_shared_terms_need_a_real_word_not_a_common_one() -> None:
    school = ProjectRef(1, "高新区实验小学", "教育", 7, None)
    assert set(shared_terms(school, "新增义务教育学位")) == {"义务教育", "学位"}
    assert shared_terms(school, "城市建成区绿化覆盖率") == []
    road = ProjectRef(2, "城市快速路改造工程", "交通", 7, None)
    assert shared_terms(road, "城市建设用地") == []  # 城市/建设/改造/工程 are too common to count
    sewage = ProjectRef(3, "江南污水处理厂二期", "环保", 3, None)
    assert shared_terms(sewage, "城镇生活污水处理率") == ["污水处理"]


def test_suggestions_stay_within_the_same_box_or_article() -> None:
    projects = [ProjectRef(1, "城北水厂", "供水", 12, None), ProjectRef(2, "滨江水厂", "供水", None, 40),
                ProjectRef(3, "东区垃圾焚烧发电厂", "环卫", 12, None)]
    indicators = [IndicatorRef(10, "城市供水普及率", 12, None), IndicatorRef(11, "公共供水管网漏损率", None, 41),
                  IndicatorRef(12, "生活垃圾无害化处理率", 12, None), IndicatorRef(13, "供水能力", None, 40)]
    got = {(s.project, s.indicator) for s in suggest_links(projects, indicators)}
    assert got == {(1, 10), (2, 13), (3, 12)}
    reasons = {(s.project, s.indicator): s.reason for s in suggest_links(projects, indicators)}
    assert "专栏 12" in reasons[(1, 10)] and "第 40 条" in reasons[(2, 13)]


def test_keys_and_sections() -> None:
    assert project_key("“智慧城市” 工程") == project_key("智慧城市工程")
    assert place_of("box:22") == (22, None) and place_of("art:5") == (None, 5) and place_of(None) == (None, None)


def test_investment_stated_after_a_name() -> None:
    from guihua.extraction.project_facts import investment_after

    raw = "建成城西水厂（总投资 3.5 亿元）、河东大桥（计划投资8000万元），推进新区学校建设。"
    assert investment_after(raw, raw.index("城西水厂") + 4) == (3.5, "亿元")
    assert investment_after(raw, raw.index("河东大桥") + 4) == (8000.0, "万元")
    assert investment_after(raw, raw.index("学校") + 2) is None
