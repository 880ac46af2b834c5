"""Project extraction on lists written in other plans' styles (not the seed's sentences)."""

from __future__ import annotations

import pytest

from guihua.documents import build_outline, read_text
from guihua.extraction.namelists import parse_names
from guihua.extraction.projects import ProjectMention, extract_projects
from guihua.gazetteer import find_places, gazetteer

BOX = """第五章 完善基础设施

第一节 交通

12、构建综合交通网络。加快建设长沙至赣州高速铁路，推进株洲-衡阳城际铁路前期工作，推进农村电网改造升级，建设一批众创空间，新建无害化卫生户厕 35万座。

专栏 5 重大基础设施项目

交通。建成人民路（解放路-中山路）、建设路（学院路-滨江路）和湘江大道北延；新建东区、西区 2 座污水处理厂；推动衡州火车站搬迁改造，完成青山水库除险加固。
文化。建设市图书馆和市博物馆、市科技馆等标志性项目，办好全省第五届运动会。
园区。临港产业园、白石科技园、滨湖物流园等。
"""


@pytest.fixture(scope="module")
def mentions() -> list[ProjectMention]:
    doc = read_text(BOX)
    return extract_projects(doc, build_outline(doc))


def by_name(ms: list[ProjectMention]) -> dict[str, ProjectMention]:
    return {m.name: m for m in ms}


def test_offsets_point_into_raw(mentions: list[ProjectMention]) -> None:
    doc = read_text(BOX)
    assert mentions
    for m in mentions:
        assert doc.raw[m.start:m.end] == m.quote
        assert m.name.replace(" ", "") in doc.raw[m.name_start:m.name_end].replace(" ", "")


def test_route_descriptions_are_left_out_of_names(mentions: list[ProjectMention]) -> None:
    names = by_name(mentions)
    assert {"人民路", "建设路", "湘江大道北延"} <= set(names)
    assert names["人民路"].action == "建成"
    assert "（解放路-中山路）" in names["人民路"].quote


def test_hyphenated_names_kept_whole_and_work_nouns_decide(mentions: list[ProjectMention]) -> None:
    names = by_name(mentions)
    assert names["株洲-衡阳城际铁路"].action == "前期"
    assert names["衡州火车站"].action == "迁建"
    assert names["青山水库"].action == "改扩建"
    assert names["长沙至赣州高速铁路"].action == "新建"  # 加快建设X: the stronger verb decides


def test_shared_head_with_count_completes_names(mentions: list[ProjectMention]) -> None:
    names = by_name(mentions)
    assert names["东区"].full_name == "东区污水处理厂"
    assert names["西区"].full_name == "西区污水处理厂"
    assert names["西区"].box == 5 and names["西区"].category == "交通"


def test_lists_joined_by_he_and_ending_with_deng(mentions: list[ProjectMention]) -> None:
    names = by_name(mentions)
    assert {"市图书馆", "市博物馆", "市科技馆"} <= set(names)
    assert names["全省第五届运动会"].action == "举办"


def test_parks_listed_without_verb_in_a_box(mentions: list[ProjectMention]) -> None:
    names = by_name(mentions)
    for park in ("临港产业园", "白石科技园", "滨湖物流园"):
        assert names[park].action == "推进"


def test_generic_activities_are_not_projects(mentions: list[ProjectMention]) -> None:
    text = " ".join(m.name for m in mentions)
    assert "电网" not in text and "众创空间" not in text and "户厕" not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲山、乙河2座中型水库", [("甲山", "甲山中型水库"), ("乙河", "乙河中型水库")]),
        ("城东、城西等3个污水处理厂", [("城东", "城东污水处理厂"), ("城西", "城西污水处理厂")]),
        ("常宁、耒阳、祁东县儿童福利院",
         [("常宁", "常宁儿童福利院"), ("耒阳", "耒阳儿童福利院"), ("祁东县儿童福利院", None)]),
        ("市体育馆及市游泳馆", [("市体育馆", None), ("市游泳馆", None)]),
        ("滨河路（一环-二环）、解放路", [("滨河路", None), ("解放路", None)]),
        ("南岭至北山高速公路", [("南岭至北山高速公路", None)]),
        ("堤防及生态保护缓冲带", [("堤防及生态保护缓冲带", None)]),
        ("甲区、乙区等县市区审判庭及人民法庭", [("甲区", "甲区审判庭"), ("乙区", "乙区审判庭")]),
        ("东岭光伏电站（一期）、西岭光伏电站（二期）",
         [("东岭光伏电站（一期）", None), ("西岭光伏电站（二期）", None)]),
    ],
)
def test_parse_names(text: str, expected: list[tuple[str, str | None]]) -> None:
    got = parse_names(text)
    assert [(i.name, i.full_name) for i in got.items] == expected


def test_deng_tail_with_non_project_head_declares_nothing() -> None:
    got = parse_names("物流、金融、旅游等新兴服务业")
    assert not got.declared and got.head is None


def test_gazetteer_has_counties_with_short_forms() -> None:
    g = gazetteer("hengyang")
    assert len(g.counties()) == 12
    place = g.lookup("衡南")
    assert place is not None and place.name == "衡南县"
    found = [(m.surface, m.place.county) for m in find_places("新建常宁柏坊码头")]
    assert found == [("常宁", "常宁市"), ("柏坊", "常宁市")]


def test_review_of_last_period_names_no_projects() -> None:
    doc = read_text("第一章 “十二五”发展取得重大成就\n\n建成吉衡铁路、衡桂高速。\n\n第二章 重点任务\n\n建成衡阳至永州铁路。\n")
    names = [m.name for m in extract_projects(doc)]
    assert names == ["衡阳至永州铁路"]


OTHER = """第六章 建设现代基础设施网络

第二节 水利

25、完善水利设施。续建涔天河水库扩建工程，开工建设毛俊水库，推进“河长制”落地，建设一批众创空间。

专栏 9 “十三五”重大项目

能源：新建华能二期2×100万千瓦机组；续建湘潭电厂三期；推进神华永州电厂等项目前期工作。
水利：建设莽山、毛俊等 2 座大型水库；完成洞庭湖区重点垸堤防加固。
社会事业：改扩建市第一人民医院、市中医医院，迁建市妇幼保健院，规划建设市奥林匹克体育中心。
"""


def test_semicolon_lists_and_item_labels_of_another_plan() -> None:
    got = {m.name: m for m in extract_projects(read_text(OTHER))}
    assert got["湘潭电厂三期"].action == "续建"
    assert got["神华永州电厂"].action == "前期"
    assert got["华能二期2×100万千瓦机组"].category == "能源"
    assert got["莽山"].full_name == "莽山大型水库" and got["毛俊"].full_name == "毛俊大型水库"
    assert got["市中医医院"].action == "改扩建"
    assert got["市妇幼保健院"].action == "迁建"
    assert got["市奥林匹克体育中心"].action == "新建"
    assert got["市奥林匹克体育中心"].category == "社会事业"


def test_firm_verbs_outside_boxes_need_no_gazetteer_place() -> None:
    got = {m.name: m for m in extract_projects(read_text(OTHER))}
    # the work written in the name decides over the governing verb (guideline: X扩建 -> 改扩建)
    assert got["涔天河水库扩建工程"].action == "改扩建" and got["涔天河水库扩建工程"].article == 25
    assert got["毛俊水库"].action == "新建"
    assert not any("河长制" in n or "众创空间" in n for n in got)
