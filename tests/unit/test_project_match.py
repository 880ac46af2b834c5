"""Matching a work report's project names to a plan's library, and the report's events (pure)."""

from __future__ import annotations

from guihua.documents import read_text
from guihua.extraction.project_match import SAME, SAME_WITHOUT_PLACE, LibraryEntry, match_project
from guihua.extraction.projects import extract_projects
from guihua.extraction.report_events import report_events, report_year, review_end
from guihua.gazetteer import gazetteer

LIB = [
    LibraryEntry(1, ("衡阳县龙口灌区",)),
    LibraryEntry(2, ("衡南县污水处理厂",)),
    LibraryEntry(3, ("市博物馆",)),
    LibraryEntry(4, ("东洲岛",)),
    LibraryEntry(5, ("湘江大桥", "湘江公铁大桥")),
]


def test_same_full_name() -> None:
    m = match_project(["市博物馆"], LIB)
    assert m is not None and (m.project_id, m.confidence) == (3, SAME)


def test_same_name_once_the_place_is_left_out() -> None:
    m = match_project(["龙口灌区"], LIB, gazetteer("hengyang"))
    assert m is not None and (m.project_id, m.confidence) == (1, SAME_WITHOUT_PLACE)
    assert "去掉地名" in m.reason


def test_different_counties_never_match() -> None:
    assert match_project(["衡东县污水处理厂"], LIB, gazetteer("hengyang")) is None


def test_a_longer_name_of_the_same_kind_matches_with_less_confidence() -> None:
    m = match_project(["市博物馆新馆"], LIB)
    assert m is not None and m.project_id == 3 and m.confidence < SAME_WITHOUT_PLACE


def test_another_kind_of_facility_does_not_match() -> None:
    assert match_project(["东洲岛大桥"], LIB) is None


def test_two_equally_close_projects_lower_the_confidence() -> None:
    lib = [LibraryEntry(1, ("北湖公园",)), LibraryEntry(2, ("北湖公园",))]
    m = match_project(["北湖公园"], lib)
    assert m is not None and m.confidence < SAME and "请核对" in m.reason


REPORT = """某县人民政府工作报告
——2019年2月在某县第五届人民代表大会第四次会议上

一、2018年工作回顾

青石湾大桥建成通车，建成城南污水处理厂，力争凤凰山隧道年内全线贯通的目标基本实现。

二、2019年工作安排

确保白鹭湖公园年内建成开放，建成南山水厂。
"""


def test_events_of_the_reviewed_year() -> None:
    doc = read_text(REPORT)
    assert report_year(doc.raw) == 2019
    end = review_end(doc.raw)
    assert end is not None and doc.raw[end:].lstrip().startswith("二、")
    events = report_events(doc.raw, extract_projects(doc))
    got = {e.mention.name: (e.status, e.year) for e in events}
    assert got == {"青石湾大桥": ("建成", 2018), "城南污水处理厂": ("建成", 2018)}


def test_without_a_tasks_heading_only_stated_facts_count() -> None:
    doc = read_text("某县人民政府工作报告（2019年）\n\n青石湾大桥建成通车，建成城南污水处理厂，确保南山水厂年内投产。\n")
    assert review_end(doc.raw) is None
    got = {e.mention.name for e in report_events(doc.raw, extract_projects(doc))}
    assert got == {"青石湾大桥"}
