"""Project extraction on general classes of plan and work-report language (sentences written for
these tests, not taken from any document): a county's or district's own facilities, programmes of one
named place, campus and hospital-campus heads, marathon races, 专栏 label lists and project tables."""

from __future__ import annotations

from guihua.documents import build_outline, read_text
from guihua.extraction.projects import ProjectMention, extract_projects

PLAN_HEAD = "第三章 补齐基础设施短板\n\n第二节 公共服务\n\n"
REPORT_HEAD = "政府工作报告\n\n一、2024年工作回顾\n\n（一）文体事业。"


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


BOX = PLAN_HEAD + """专栏 3 重大基础设施工程

（一）交通
续建：丹霞至柳溪高速公路、青桐大桥。
新开工：梅岭隧道。
前期：安平至梅岭城际铁路。
（二）能源
电源：柳溪风电场、金坪光伏电站；梅岭抽水蓄能电站。
（三）园区
产业平台：丹霞物流园、柳溪经济开发区。
城区提质：江北片区、河西片区。
创业计划。创立丹霞—高校天使基金。
"""


def test_status_labels_in_a_box_govern_their_lists() -> None:
    got = mentions(BOX)
    assert got["丹霞至柳溪高速公路"].action == "续建"
    assert got["青桐大桥"].action == "续建"
    assert got["梅岭隧道"].action == "新建"  # 新开工
    assert got["安平至梅岭城际铁路"].action == "前期"


def test_item_labels_in_a_box_list_projects_without_a_verb() -> None:
    got = mentions(BOX)
    for name in ("柳溪风电场", "金坪光伏电站", "梅岭抽水蓄能电站", "丹霞物流园", "柳溪经济开发区"):
        assert got[name].action == "推进", name
        assert got[name].box == 3
    assert not any(name.endswith("片区") for name in got)  # parts of a city are places
    assert not any("基金" in name for name in got)  # a line opening with a verb lists no names


def test_a_rare_word_before_an_administrative_generic_is_a_place() -> None:
    # the segmenter splits the made-up city 岚州市 as 岚 + 州市; a county town's facility is no place
    got = mentions(PLAN_HEAD + "新建岚州市图书馆和中心城区游泳馆。\n")
    assert got["岚州市图书馆"].action == "新建"
    assert "中心城区游泳馆" not in got


REPORT = """政府工作报告

一、2024年工作回顾

（一）重点项目。220千伏柳溪输变电工程建成投运，地铁3号线一期开通运营，丹霞综合保税区封关运营。县第二实验小学建成招生，青桐大桥主桥合龙，梅岭水厂完成主体工程。新建110千伏变电站2座。
"""


def test_status_phrases_of_use_are_composed() -> None:
    got = mentions(REPORT)
    assert got["220千伏柳溪输变电工程"].action == "建成"  # 建成 + 投运
    assert got["220千伏柳溪输变电工程"].status == "建成"
    assert got["地铁3号线一期"].action == "建成"  # 开通 + 运营
    assert got["丹霞综合保税区"].action == "建成"  # 封关 + 运营
    assert got["县第二实验小学"].action == "建成"  # 建成 + 招生


def test_construction_stages_say_the_project_is_under_way() -> None:
    got = mentions(REPORT)
    assert got["青桐大桥"].action == "推进"
    assert got["青桐大桥"].status == "在建"
    assert got["梅岭水厂"].action == "推进"


def test_a_voltage_class_is_no_count_but_needs_a_proper_name_after_it() -> None:
    got = mentions(REPORT)
    assert "220千伏柳溪输变电工程" in got
    assert not any(name.startswith("110千伏变电站") for name in got)


TASKS = """政府工作报告

二、2025年工作安排

（一）抓项目。做好丹霞通用机场、柳溪航运枢纽等项目前期工作。开展丹霞至梅岭城际铁路前期研究。推进柳溪物流园和梅岭产业园建设。建成柳溪、梅岭风电场和丹霞光伏电站。实施220千伏柳溪和梅岭输变电工程。推进县城及小城镇基础设施建设。
"""


def test_preparatory_work_after_a_list_of_names() -> None:
    got = mentions(TASKS)
    assert got["丹霞通用机场"].action == "前期"  # 做好…等项目前期工作
    assert got["柳溪航运枢纽"].action == "前期"
    assert got["丹霞至梅岭城际铁路"].action == "前期"  # 开展…前期研究


def test_and_joins_two_names_before_a_generic_build() -> None:
    got = mentions(TASKS)
    assert got["柳溪物流园"].action == "推进"
    assert got["梅岭产业园"].action == "推进"
    assert "小城镇" not in got  # 基础设施 is no head: "县城及小城镇基础设施" is not two names


def test_a_headless_item_takes_the_head_of_the_next_named_item() -> None:
    got = mentions(TASKS)
    assert got["柳溪"].full_name == "柳溪风电场"  # not 柳溪光伏电站
    assert got["梅岭风电场"].action == "建成"
    assert got["丹霞光伏电站"].action == "建成"
    assert got["220千伏柳溪"].full_name == "220千伏柳溪输变电工程"
    assert got["梅岭输变电工程"].action == "推进"


TABLE = PLAN_HEAD + """附表1　重大项目表

序号　项目名称　建设性质　建设年限
1　丹霞至柳溪一级公路　续建　2020—2023
2　柳溪水库　新开工　2022—2025
3　县中医院迁建工程　迁建　2021—2024
合计　　3个

附表2　产业项目

| 序号 | 项目名称 | 建设性质 | 总投资（亿元） |
|---|---|---|---|
| 1 | 梅岭新能源电池产业园 | 新建 | 45 |
| 2 | 丹霞物流园二期 | 改扩建 | 12 |
"""


def test_rows_of_a_project_table_take_the_action_of_the_works_column() -> None:
    doc = read_text(TABLE)
    got = {m.name: m for m in extract_projects(doc, build_outline(doc))}
    assert got["丹霞至柳溪一级公路"].action == "续建"
    assert got["柳溪水库"].action == "新建"  # 新开工
    assert got["县中医院迁建工程"].action == "迁建"
    assert got["梅岭新能源电池产业园"].action == "新建"
    assert got["丹霞物流园二期"].action == "改扩建"
    assert got["丹霞物流园二期"].quote == "2 | 丹霞物流园二期 | 改扩建"
    for m in got.values():
        assert doc.raw[m.start:m.end] == m.quote
    assert not any("合计" in name or name == "3个" for name in got)


BOX_MIXED = PLAN_HEAD + """专栏 4 城乡建设重大工程

（一）能源
油气：丹霞至柳溪天然气支线管道、柳溪天然气门站、城市燃气储气设施。
电网：220千伏丹霞和柳溪输变电工程。
（二）文体
文化体育：柳溪体育中心改造提升工程、丹霞文化艺术中心。
建筑节能：以柳溪新城、丹霞新区为重点，推广绿色建筑。
"""


def test_a_box_line_of_mostly_names_keeps_the_names() -> None:
    got = mentions(BOX_MIXED)
    assert got["丹霞至柳溪天然气支线管道"].action == "推进"
    assert got["柳溪天然气门站"].action == "推进"
    assert "城市燃气储气设施" not in got  # descriptive: no proper part
    assert not any(name in ("柳溪新城", "丹霞新区") for name in got)  # "以…为重点" frames places


def test_completed_names_and_renovation_works_in_a_box() -> None:
    got = mentions(BOX_MIXED)
    assert got["220千伏丹霞"].full_name == "220千伏丹霞输变电工程"
    assert got["220千伏丹霞"].action == "推进"
    assert got["柳溪体育中心改造提升工程"].action == "改扩建"  # 改造提升 is a work noun


GLUED = """第四章 增进民生福祉

第一节 完善公共服务

第二节 推进健康丹霞建设建成县人民医院新院区，完成县中医院改扩建。
争取丹霞至柳溪铁路纳入国家中长期铁路网规划，推动梅岭通用机场列入省民航发展规划。
"""


def test_text_glued_to_a_section_heading_is_read() -> None:
    got = mentions(GLUED)
    assert got["县人民医院新院区"].action == "建成"
    assert got["县中医院"].action == "改扩建"


def test_getting_a_project_into_a_plan_is_preparatory_work() -> None:
    got = mentions(GLUED)
    assert got["丹霞至柳溪铁路"].action == "前期"
    assert got["梅岭通用机场"].action == "前期"
    assert not any("规划" in name for name in got)


REVIEW = """政府工作报告

一、2024年工作回顾

（一）项目建设。丹霞、柳溪2座中型水库建成蓄水，国道207线梅岭段完成路面铺设，新源电子年产10万吨正极材料项目一期投产。举办第三届梅岭杜鹃花节，梅岭古镇创成国家4A级旅游景区。推进柳溪灌区节水改造和丹霞灌区续建配套。
"""


def test_work_report_review_phrases() -> None:
    got = mentions(REVIEW)
    assert got["丹霞"].full_name == "丹霞中型水库"
    assert got["丹霞"].action == "建成"  # 建成 + 蓄水
    assert got["国道207线梅岭段"].action == "推进"  # a construction stage
    assert got["新源电子年产10万吨正极材料项目一期"].action == "建成"  # 项目 before its phase
    assert got["第三届梅岭杜鹃花节"].action == "举办"
    assert not any("创成" in name for name in got)  # an honour is no project


def test_irrigation_district_works() -> None:
    got = mentions(REVIEW)
    assert got["柳溪灌区"].action == "改扩建"  # 节水改造
    assert got["丹霞灌区"].action == "续建"  # 续建配套


PLAN_LISTS = PLAN_HEAD + (
    "实施G319丹霞至柳溪段、S228梅岭段等国省道提质改造工程。加快梅岭水库、柳溪河引水工程等重点水源工程建设。"
    "完成丹霞北站片区、柳溪老城片区城市更新。实施“智慧丹霞”工程和“海绵城市”建设试点。\n")


def test_a_work_noun_in_the_tail_of_a_list_covers_its_items() -> None:
    got = mentions(PLAN_LISTS)
    assert got["G319丹霞至柳溪段"].action == "改扩建"
    assert got["S228梅岭段"].action == "改扩建"
    assert got["丹霞北站片区"].action == "改扩建"  # 城市更新 of a named area


def test_programmes_are_complete_names() -> None:
    got = mentions(PLAN_LISTS)
    assert got["柳溪河引水工程"].full_name is None  # not completed with the tail's head
    assert got["梅岭水库"].action == "推进"
    assert any(name.startswith("“智慧丹霞”") for name in got)  # 工程和…: the programme's name ends


ENUMERATED = PLAN_HEAD + """专栏 9 乡村振兴重点工程

1.农村公路：（1）丹霞至柳溪旅游公路；（2）梅岭环湖公路。
2.水利设施：①柳溪水库除险加固工程；②梅岭灌区续建配套与节水改造。
3.重点项目：丹霞乡村振兴示范区建设项目，建设内容包括道路、供水和污水处理设施。
"""


def test_enumerators_are_no_part_of_names() -> None:
    got = mentions(ENUMERATED)
    assert got["丹霞至柳溪旅游公路"].action == "推进"
    assert got["梅岭环湖公路"].action == "推进"
    assert got["柳溪水库除险加固工程"].action == "改扩建"
    assert not any(name[0] in "(（1" for name in got)


def test_a_work_noun_after_a_name_is_no_governing_verb() -> None:
    got = mentions(ENUMERATED)
    assert got["梅岭灌区"].action == "续建"  # 续建配套与节水改造 closes the name


def test_a_verb_in_a_noun_compound_governs_nothing() -> None:
    got = mentions(ENUMERATED)
    assert "丹霞乡村振兴示范区建设项目" in got
    assert not any("内容" in name or "供水" in name for name in got)  # 建设内容包括…


def test_transfers_between_two_regions_are_named_projects() -> None:
    got = mentions(PLAN_HEAD + "建成引黄入梅调水工程，开工建设北煤南运铁路通道。推进生态补水工程。\n")
    assert got["引黄入梅调水工程"].action == "建成"
    assert got["北煤南运铁路通道"].action == "新建"
    assert "生态补水工程" not in got  # only descriptive words


def test_verbs_joined_by_a_list_mark_govern_together() -> None:
    got = mentions(PLAN_HEAD + "新建、改扩建丹霞小学和柳溪中学。\n")
    assert got["丹霞小学"].action == "新建"  # 新建或改扩建 -> 新建 (guideline)
    assert got["柳溪中学"].action == "新建"


def test_an_event_of_a_named_level_is_a_named_event() -> None:
    got = mentions(REPORT_HEAD + "举办了第二届丹霞山歌节、全国青少年无线电测向锦标赛等体育赛事。承办市级球类联赛。\n")
    assert got["全国青少年无线电测向锦标赛"].action == "举办"
    assert "市级球类联赛" not in got  # a kind of event


def test_a_park_facility_and_its_phase_after_and() -> None:
    got = mentions(PLAN_HEAD + "推进丹霞工业园污水处理厂和标准厂房二期建设。新建标准厂房5万平方米。\n")
    assert got["丹霞工业园污水处理厂"].action == "推进"
    assert got["标准厂房二期"].action == "推进"
    assert not any(name.startswith("标准厂房5") for name in got)  # an amount, not a project
