"""Project extraction on general classes of plan and work-report language (sentences written for
these tests, not taken from any document): a county's or district's own facilities, programmes of one
named place, campus and hospital-campus heads, marathon races, 专栏 label lists and project tables."""

from __future__ import annotations

from guihua.documents import build_outline, read_text
from guihua.extraction.projects import ProjectMention, extract_projects

PLAN_HEAD = "第三章 补齐基础设施短板\n\n第二节 公共服务\n\n"


def mentions(text: str) -> dict[str, ProjectMention]:
    doc = read_text(text)
    return {m.name: m for m in extract_projects(doc, build_outline(doc))}


def test_county_and_district_own_facilities_are_projects() -> None:
    got = mentions(PLAN_HEAD + "建成县体育馆和县妇幼保健院综合楼，开工建设区人民医院新院区。推进县域医共体建设。\n")
    assert got["县体育馆"].action == "建成"
    assert got["县妇幼保健院综合楼"].action == "建成"
    assert got["区人民医院新院区"].action == "新建"
    assert not any(name.startswith("县域") for name in got)


def test_descriptive_programme_of_one_named_place_is_a_project() -> None:
    got = mentions(PLAN_HEAD + "实施白鹤溪综合治理工程，推进石漠化综合治理工程。\n"
                   "实施长江中游和汉江流域水污染综合治理工程。\n")
    assert got["白鹤溪综合治理工程"].action == "推进"
    assert "石漠化综合治理工程" not in got  # only descriptive words
    assert not any("汉江" in name for name in got)  # a programme over several places


def test_campus_heads_and_marathon_races() -> None:
    got = mentions(PLAN_HEAD + "开工建设师范学院南校区，举办首届云岭山地马拉松赛。\n")
    assert got["师范学院南校区"].action == "新建"
    assert got["首届云岭山地马拉松赛"].action == "举办"
