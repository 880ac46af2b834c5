"""Named projects in the running text of plans and work reports (issue 11).

Every sentence here is written for its rule (a fictional county's report or plan), not taken from a
gold file or a dev document; the expected values follow PROJECTS_GUIDELINE.md.
"""

from __future__ import annotations

import pytest

from guihua.documents import read_text
from guihua.extraction.project_lexicon import project_lexicon
from guihua.extraction.project_states import status_after
from guihua.extraction.projects import ProjectMention, extract_projects, is_work_report
from guihua.extraction.propernames import has_proper_part, proper_words, toponym
from guihua.extraction.words import words
from guihua.gazetteer import region_for, region_named

REPORT_HEAD = "政府工作报告\n\n一、过去一年工作回顾\n\n"


def report(body: str) -> dict[str, ProjectMention]:
    doc = read_text(REPORT_HEAD + body + "\n")
    return {m.name: m for m in extract_projects(doc)}


def plan(body: str) -> dict[str, ProjectMention]:
    doc = read_text("第三章 重点任务\n\n" + body + "\n")
    return {m.name: m for m in extract_projects(doc)}


# ------------------------------------------------------------------ status phrases after a name

def test_status_phrases_after_names_give_action_and_library_status() -> None:
    got = report("青石湾大桥建成通车，白鹭湖污水处理厂投入运营，松林光伏电站项目正式落地，"
                 "东岭至西岗一级公路开工建设。")
    assert got["青石湾大桥"].action == "建成" and got["青石湾大桥"].status == "建成"
    assert got["青石湾大桥"].status_phrase == "建成通车"
    assert got["白鹭湖污水处理厂"].action == "建成"
    assert got["松林光伏电站项目"].action == "前期" and got["松林光伏电站项目"].status == "前期"
    assert got["东岭至西岗一级公路"].action == "新建" and got["东岭至西岗一级公路"].status == "在建"


def test_a_list_as_subject_shares_the_status() -> None:
    got = report("城东农贸市场、南湖游客服务中心相继交付使用。")
    assert {"城东农贸市场", "南湖游客服务中心"} <= set(got)
    assert {got[n].action for n in ("城东农贸市场", "南湖游客服务中心")} == {"建成"}


def test_work_noun_after_the_name_decides_over_the_status() -> None:
    got = report("城南体育馆改扩建完工，人民医院门诊楼完成提质改造，老火车站搬迁项目主体完工。")
    assert got["城南体育馆"].action == "改扩建"
    assert got["人民医院门诊楼"].action == "改扩建"
    assert got["老火车站搬迁项目"].action == "迁建"


def test_adverbs_and_clause_openers_are_not_part_of_the_name() -> None:
    got = report("力争凤凰山隧道年内全线贯通，确保金沙坪水厂按时投产。")
    assert got["凤凰山隧道"].action == "建成"
    assert got["金沙坪水厂"].action == "建成"


def test_status_phrase_lexicon() -> None:
    lex = project_lexicon()
    text = "滨湖大道建成并投入使用"
    st = status_after(text, 0, len(text), lex)
    assert st is not None and text[:st.subject_end] == "滨湖大道" and st.action == "建成"
    text = "北园宾馆完成升级改造"
    st = status_after(text, 0, len(text), lex)
    assert st is not None and text[:st.subject_end] == "北园宾馆" and st.action == "改扩建"
    assert status_after("全县经济持续向好", 0, 8, lex) is None


def test_a_verb_inside_the_subject_does_not_govern_it() -> None:
    # "发展" inside "农业发展园区" is no governing verb: the status phrase at the end decides
    got = report("红星镇农业发展园区完成扩容提质。")
    assert got["红星镇农业发展园区"].action == "改扩建"


# ------------------------------------------------------------------ events

def test_named_events_are_held_whatever_the_verb() -> None:
    got = report("成功举办第三届茶文化旅游节、全省青少年田径锦标赛，集中打造了首届山地自行车邀请赛。")
    assert got["第三届茶文化旅游节"].action == "举办"
    assert got["全省青少年田径锦标赛"].action == "举办"  # carried by the named event beside it
    assert got["首届山地自行车邀请赛"].action == "举办"


def test_a_kind_of_event_alone_is_no_project() -> None:
    assert report("开展市级篮球联赛，举办各类文艺演出。") == {}


def test_event_held_in_the_region() -> None:
    got = report("确保第六届全省运动会在我县成功举办。")
    assert got["第六届全省运动会"].action == "举办"


# ------------------------------------------------------------------ firms' upgrades and relocations

def test_firms_listed_before_an_upgrade_or_a_move() -> None:
    got = report("推动宏达机械、永昌水泥等企业完成技术改造，推进恒丰纸业与大成化工等企业退城入园。")
    assert got["宏达机械"].action == "改扩建" and got["永昌水泥"].action == "改扩建"
    assert got["恒丰纸业"].action == "迁建" and got["大成化工"].action == "迁建"


def test_firms_named_only_as_actors_are_no_projects() -> None:
    assert report("支持宏达机械、永昌水泥等企业开拓国际市场。") == {}


# ------------------------------------------------------------------ proper versus descriptive

def test_a_phase_makes_a_descriptive_name_definite() -> None:
    got = report("启动数字乡村一期项目，推进数字乡村建设。")
    assert set(got) == {"数字乡村一期项目"}
    assert got["数字乡村一期项目"].action == "推进"


def test_outside_boxes_each_name_needs_a_proper_part() -> None:
    got = plan("建设桃花江湿地公园和城市绿道，新建一批口袋公园。")
    assert set(got) == {"桃花江湿地公园"}


def test_a_list_declared_projects_carries_its_descriptive_members() -> None:
    got = plan("重点实施青山中学、城北幼儿园、教师培训基地等项目。")
    assert {"青山中学", "城北幼儿园", "教师培训基地"} <= set(got)
    assert {m.action for m in got.values()} == {"推进"}


def test_a_declared_list_without_any_proper_member_names_nothing() -> None:
    assert plan("实施集中供水、道路硬化、危房改造等工程。") == {}


def test_works_on_one_facility_are_a_project() -> None:
    got = plan("实施污水处理厂提标改造工程。")
    assert got["污水处理厂提标改造工程"].action == "改扩建"


def test_proper_parts() -> None:
    assert has_proper_part("长江大桥")
    assert has_proper_part("第五届运动会") and has_proper_part("二期工程")
    assert has_proper_part("“三纵两横”") and has_proper_part("G107 改线")
    assert has_proper_part("东岭至西岗公路")
    assert not has_proper_part("城市公园")
    assert not has_proper_part("体育中心")
    assert not has_proper_part("智慧城市")  # jieba tags 城市 ns and 智慧 nr: listed as common words


def test_toponyms_made_of_a_specific_part_and_a_generic() -> None:
    assert toponym(("青石", "湾", "大桥")) == "青石湾"
    assert toponym(words("银滩水电站")) == "银滩"
    assert toponym(words("沿河风光带")) is None  # a position word opens a description
    assert toponym(words("河湖连通")) is None  # generics only
    assert proper_words("市青龙峡水库") == ["青龙峡"]  # after an administrative prefix


# ------------------------------------------------------------------ programmes and quoted names

def test_quoted_programmes() -> None:
    got = plan("实施“百村千户”工程，大力实施“厕所革命”，全面推行“河长制”，实施“两个一百”等措施。")
    assert got["“百村千户”工程"].action == "推进"
    assert got["“厕所革命”"].action == "推进"
    assert not any("河长制" in n or "两个一百" in n for n in got)


def test_a_list_of_quoted_slogans_names_no_programme() -> None:
    assert plan("推广“互联网+农业”、“订单农业”等模式，发展“空中课堂”、“田间课堂”。") == {}


# ------------------------------------------------------------------ lists

def test_counted_list_of_projects() -> None:
    got = plan("开工建设东湖隧道、西山水厂等5个项目。")
    assert got["东湖隧道"].action == "新建" and got["西山水厂"].action == "新建"


def test_yi_shi_er_shi_paragraphs() -> None:
    got = plan("一是建成北环路；二是开工建设南湖大桥；三是推进青龙峡水库前期工作。")
    assert got["北环路"].action == "建成"
    assert got["南湖大桥"].action == "新建"
    assert got["青龙峡水库"].action == "前期"


def test_or_between_two_names_shares_the_head() -> None:
    got = plan("抓紧金沙坪或银滩水电站开发的前期工作。")
    assert got["金沙坪"].full_name == "金沙坪水电站"
    assert {got["金沙坪"].action, got["银滩水电站"].action} == {"前期"}


def test_the_work_noun_after_de_decides() -> None:
    got = plan("加快推进青龙峡水库的前期工作。")
    assert got["青龙峡水库"].action == "前期"


def test_a_work_noun_after_a_pair_joined_by_ji_covers_the_pair_only() -> None:
    got = plan("兴建甲山、乙河、白沙河及黑水河整治等水利工程。")
    assert got["甲山"].action == "新建" and got["乙河"].action == "新建"
    assert got["白沙河"].action == "改扩建" and got["黑水河"].action == "改扩建"


def test_a_batch_of_projects_named_in_the_next_clause() -> None:
    got = plan("建设一批重大科技工程，主要是量子通信干线、新型储能电站、航空发动机试验平台等。")
    assert {"量子通信干线", "新型储能电站", "航空发动机试验平台"} <= set(got)
    assert {m.action for m in got.values()} == {"新建"}


def test_directions_of_a_named_corridor() -> None:
    got = plan("建设北气南运的东、中、西三条输气通道。")
    assert got["东"].full_name == "北气南运东输气通道"
    assert {got[d].action for d in "东中西"} == {"新建"}


def test_quoted_part_of_a_name_also_given_without_quotes() -> None:
    got = plan("建设改造“四纵四横”铁路主通道。")
    m = got["“四纵四横”铁路主通道"]
    assert m.full_name == "四纵四横铁路主通道" and m.action == "改扩建"


def test_a_verb_inside_a_word_governs_nothing() -> None:
    got = plan("持续建设滨江风光带二期。")
    assert got["滨江风光带二期"].action == "新建"  # "持续建设": no 续建 inside 持续


# ------------------------------------------------------------------ documents

def test_a_work_report_names_projects_in_its_review_of_the_year() -> None:
    assert is_work_report(REPORT_HEAD)
    got = report("青石湾大桥建成通车。")
    assert "青石湾大桥" in got


def test_one_sentence_a_line_without_full_stops() -> None:
    lines = ["第二篇 基础设施"] + [f"加强第{i}项工作" for i in range(1, 25)]
    lines[5] = "继续建设北山风电场"
    lines[6] = "推进城乡供水一体化"
    got = {m.name: m for m in extract_projects(read_text("\n".join(lines) + "\n"))}
    assert got["北山风电场"].action == "续建"
    assert "北山风电场" in got["北山风电场"].quote and "供水" not in got["北山风电场"].quote


def test_the_gazetteer_follows_the_documents_region() -> None:
    assert region_named("衡阳市国民经济和社会发展第十三个五年规划纲要") == "hengyang"
    assert region_named("国民经济和社会发展第十个五年计划纲要") is None
    assert region_for("衡阳市") == "hengyang" and region_for("衡阳") == "hengyang"
    assert region_for("海拉尔区") is None and region_for(None) is None
    # a document of another region finds no Hengyang places in its names
    doc = read_text("某某县政府工作报告\n\n建成南岳大道。\n")
    got = {m.name: m for m in extract_projects(doc)}
    assert got["南岳大道"].places == [] and got["南岳大道"].counties == []


@pytest.mark.parametrize("text", ["政府工作报告", "2018年工作回顾", "过去的一年，全县上下"])
def test_work_report_markers(text: str) -> None:
    assert is_work_report(text)
