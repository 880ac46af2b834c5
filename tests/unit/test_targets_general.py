"""General classes of Chinese plan language the target extractor must read right on documents it was
not built on. Every snippet here is written for its test (an invented place and invented figures)."""

from __future__ import annotations

from guihua.documents import Document, read_text
from guihua.extraction import extract_targets, infer_period
from guihua.extraction.model import Statement
from guihua.extraction.textview import build_view


def doc(text: str) -> Document:
    return read_text(text, "t")


def run(text: str) -> list[Statement]:
    return extract_targets(doc(text)).statements


def find(sts: list[Statement], value: float) -> Statement:
    hits = [s for s in sts if s.value == value]
    assert hits, [(s.indicator, s.value) for s in sts]
    return hits[0]


# --- the plan a title names decides the period, not the plan its review chapter names most ---

SECTOR_PLAN = """云屏县“十五五”文化和旅游发展规划
第一章 发展基础
“十四五”时期，全县文化旅游事业稳步发展。“十四五”期间接待游客人次年均增长9%，“十四五”末旅游总收入达到86亿元。
第二章 主要目标
到2030年，旅游总收入突破130亿元。
"""


def test_title_names_the_plan_even_when_the_review_names_the_previous_one_more() -> None:
    info = infer_period(SECTOR_PLAN)
    assert info.period == (2026, 2030)
    assert "标题" in info.source
    sts = run(SECTOR_PLAN)
    t = find(sts, 130)
    assert (t.type, t.year) == ("target", 2030)
    b = find(sts, 86)
    assert (b.type, b.year) == ("baseline", 2025)


def test_a_year_in_the_title_is_not_read_as_a_plan_name() -> None:
    # "二〇三五年" holds "三五" but names a year, not the third five-year plan
    info = infer_period("某市国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要\n正文。")
    assert info.period == (2026, 2030)


def test_title_wins_over_the_long_name_of_the_previous_plan_in_the_text() -> None:
    text = "某县“十五五”交通运输发展规划\n第一章 发展基础\n第十四个五年规划实施以来，公路里程达到3000公里。\n"
    assert infer_period(text).period == (2026, 2030)


def test_untitled_text_still_counts_mentions() -> None:
    text = "“十四五”时期，城镇化率提高到60%。“十四五”期间新增就业5万人。\n“十三五”时期成绩显著。"
    assert infer_period(text).period == (2021, 2025)


# --- years written in Chinese digits ---

def test_chinese_digit_years_read_as_years_in_the_view() -> None:
    view = build_view("到二〇三〇年，展望二零三五年。一九九八年建县。")
    assert view.text.strip() == "到2030年，展望2035年。1998年建县。"


def test_chinese_digit_numbers_that_are_not_years_stay() -> None:
    # a count in words before 年 is not a year: "二十年", "十二〇" are left as written
    assert build_view("用二十年时间").text.strip() == "用二十年时间"


def test_chinese_digit_deadline_sets_the_target_year() -> None:
    text = "某县“十五五”水利发展规划\n第一章 主要目标\n到二〇二八年，农村自来水普及率达到96%。森林覆盖率达到45%。\n"
    sts = run(text)
    assert find(sts, 96).year == 2028
    assert find(sts, 45).year == 2030


# --- a compound review chapter title: its first part decides ---

BASE_AND_OUTLOOK = """某县国民经济和社会发展第十四个五年规划纲要
第一章 发展基础与发展环境
综合实力明显增强。全县地区生产总值达到215亿元，规模以上工业企业达到96家，新建农村公路320公里。
第二章 主要目标
到2025年，全县地区生产总值达到300亿元。
"""


def test_base_and_environment_chapter_reports_baselines() -> None:
    sts = run(BASE_AND_OUTLOOK)
    for value in (215, 96, 320):
        s = find(sts, value)
        assert (s.type, s.year) == ("baseline", 2020), (value, s)
    t = find(sts, 300)
    assert (t.type, t.year) == ("target", 2025)


def test_environment_and_goals_title_is_not_a_review() -> None:
    text = "某县国民经济和社会发展第十四个五年规划纲要\n第二章 发展环境与主要目标\n全县地区生产总值年均增长6%。\n"
    assert find(run(text), 6).type == "target"


# --- a sentence whose number OCR spaced out is not a table row ---

def test_ocr_spaced_number_in_a_sentence_is_one_value_not_table_cells() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第三章 壮大特色产业\n"
            "第一节 做优现代农业坚持以市场为导向，到２０２５年，全县茶叶综合产值突破 3 5\n"
            "0 亿元，建成标准化茶园 1 2 万亩。\n")
    sts = run(text)
    assert sorted(s.value for s in sts if s.value is not None) == [12, 350]
    s = find(sts, 350)
    assert (s.type, s.year, s.unit, s.note) == ("target", 2025, "亿元", None)


def test_short_sentence_glued_to_its_section_heading_is_read() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第五章 增进民生福祉\n"
            "第二节 健全养老服务体系新增养老床位800张。\n")
    s = find(run(text), 800)
    assert (s.type, s.kind, s.unit, s.year) == ("target", "cumulative", "张", 2025)


# --- a structure ratio written with the full-width colon (OCR and Word text) ---

def test_structure_ratio_with_full_width_colons() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第二章 主要目标\n"
            "到2025年，三次产业结构优化为 8 ． 5 ： 3 9 ： 5 2 . 5 。\n")
    s = find(run(text), 8.5)
    assert (s.kind, s.values, s.unit, s.type, s.year) == ("structure", [8.5, 39, 52.5], "比例", "target", 2025)


# --- units of Chinese plans: 斤 (with 万/亿), 个工作日, 个月 ---

def test_jin_working_days_and_months_are_units() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第二章 主要目标\n"
            "到2025年，全县粮食总产量稳定在12.5亿斤以上，工程建设项目审批时间压缩至40个工作日以内，"
            "群众信访事项办理期限缩短到2个月。\n")
    sts = run(text)
    s = find(sts, 12.5)
    assert (s.unit, s.indicator, s.comparator) == ("亿斤", "粮食总产量", ">=")
    s = find(sts, 40)
    assert (s.unit, s.comparator) == ("个工作日", "<=")
    assert "审批时间" in s.indicator
    assert find(sts, 2).unit == "个月"


# --- a work report's 今后五年 is the five years it opens, not the plan its year falls in ---

NEW_TERM_REPORT = """政府工作报告
——2028年1月10日在某市第十届人民代表大会第一次会议上
一、过去五年工作回顾
五年来，全市地区生产总值年均增长5.8%。
二、今后五年的目标任务
今后五年，全市地区生产总值年均增长5%以上，城镇新增就业累计达到40万人。
三、2028年工作安排
今年全市地区生产总值增长5%左右。“十五五”时期，常住人口城镇化率达到72%。
"""


def test_coming_five_years_of_a_work_report_end_four_years_after_it() -> None:
    sts = run(NEW_TERM_REPORT)
    goals = [s for s in sts if s.type == "target" and s.value in (40,)]
    assert goals and all(s.year == 2032 for s in goals)
    growth = [s for s in sts if s.type == "target" and s.kind == "growth" and s.comparator == ">="]
    assert growth and growth[0].year == 2032
    # the year's own target, and a goal of the named plan (十五五: 2026-2030)
    assert [s.year for s in sts if s.comparator == "~"] == [2028]
    assert find(sts, 72).year == 2030


# --- "由2020年的A增加到B": A is the value of the written year, and the year is not in the name ---

def test_start_value_with_its_year_before_a_change() -> None:
    text = ("某县“十五五”乡村振兴规划\n第一章 发展基础\n"
            "农民收入持续增长，农村居民人均可支配收入由2020年的16800元增加到22500元。\n")
    sts = run(text)
    a, b = find(sts, 16800), find(sts, 22500)
    assert (a.type, a.year, a.indicator) == ("baseline", 2020, "农村居民人均可支配收入")
    assert (b.type, b.year) == ("baseline", 2025)
    assert "2020" not in b.indicator


# --- indicator tables in text: range cells, 〔〕 totals in a year's column, targets in words ---

TABLE_PLAN = """某县“十五五”经济社会发展规划纲要
第二章 主要目标
专栏1 主要指标
指标 单位 2025年 2030年 属性
城镇居民人均可支配收入增长 % 6.1 5.5-6 预期性
全员劳动生产率增长 % 5.3 高于经济增长 预期性
城镇新增就业 万人 — 〔3.5〕 预期性
森林覆盖率 % 62.1 63 约束性
"""


def test_range_cell_is_one_value_with_its_maximum() -> None:
    sts = run(TABLE_PLAN)
    s = find(sts, 5.5)
    assert (s.value_max, s.type, s.kind, s.year, s.unit) == (6, "target", "growth", 2030, "%")
    b = find(sts, 6.1)
    assert (b.type, b.kind, b.year) == ("baseline", "growth", 2025)


def test_target_in_words_keeps_the_row_and_its_baseline() -> None:
    sts = run(TABLE_PLAN)
    b = find(sts, 5.3)
    assert (b.type, b.kind, b.year, b.attribute) == ("baseline", "growth", 2025, "预期性")
    assert "全员劳动生产率" in b.indicator
    assert not [s for s in sts if s.quote.endswith("高于经济增长")]


def test_bracketed_cell_in_a_year_column_is_a_total_over_the_period() -> None:
    s = find(run(TABLE_PLAN), 3.5)
    assert (s.type, s.kind, s.unit, s.year) == ("target", "cumulative", "万人", 2030)
    assert find(run(TABLE_PLAN), 63).kind == "level"


def test_figure_caption_with_a_year_span_is_not_a_table_row() -> None:
    text = TABLE_PLAN + "图 2：某县 2015-2025 年地区生产总值增长图\n"
    assert not [s for s in run(text) if s.value == 2015]


# --- a span of years between the name and 累计 is not part of the name ---

def test_span_of_years_before_cumulative_is_not_in_the_name() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第一章 发展成就\n"
            "全县一般公共预算支出五年累计完成420亿元，城镇新增就业“十三五”期间累计达到3.2万人。\n")
    sts = run(text)
    a, b = find(sts, 420), find(sts, 3.2)
    assert (a.indicator, a.kind, a.type) == ("一般公共预算支出", "cumulative", "baseline")
    assert (b.indicator, b.kind) == ("城镇新增就业", "cumulative")


# --- "N万X全部脱贫": the adverb of completeness is not part of the name ---

def test_all_of_them_adverb_after_a_count_is_dropped() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第一章 发展成就\n"
            "脱贫攻坚取得全面胜利，3.6万农村贫困人口全部脱贫，48个贫困村已全部出列。\n")
    sts = run(text)
    assert find(sts, 3.6).indicator == "农村贫困人口脱贫"
    assert find(sts, 48).indicator == "贫困村出列"


# --- short modifiers listed before one head: one record for each ---

def test_listed_modifiers_share_the_head_of_the_last_item() -> None:
    text = ("某县“十五五”生态环境保护规划\n第二章 主要目标\n"
            "到2030年，煤炭、石油消费量保持零增长，全县主要农作物良种覆盖率和畜禽良种覆盖率分别达到97%和93%。\n")
    sts = run(text)
    zero = sorted(s.indicator for s in sts if s.value == 0)
    assert zero == ["煤炭消费量", "石油消费量"]
    assert all(s.kind == "growth" and s.comparator == "<=" for s in sts if s.value == 0)
    assert find(sts, 97).indicator == "主要农作物良种覆盖率"
    assert find(sts, 93).indicator == "畜禽良种覆盖率"


def test_a_listed_total_is_not_split() -> None:
    text = ("某县“十五五”生态环境保护规划\n第二章 主要目标\n"
            "到2030年，煤炭、石油消费总量控制在120万吨标准煤以内。\n")
    assert len([s for s in run(text) if s.value == 120]) == 1


# --- "A达到x，B达到y，年均分别增长p%和q%": each rate goes to its subject, in order ---

def test_rates_listed_after_two_subjects_go_to_each_in_order() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第一章 发展成就\n"
            "全县粮食产量达到45万吨，蔬菜产量达到120万吨，年均分别增长2.1%和4.6%。\n")
    sts = run(text)
    a, b = find(sts, 2.1), find(sts, 4.6)
    assert (a.indicator, a.kind, a.type) == ("粮食产量", "growth", "baseline")
    assert (b.indicator, b.kind) == ("蔬菜产量", "growth")


# --- "A和B的X均达到v": the value holds for each place listed ---

def test_value_shared_by_listed_places_gives_one_record_each() -> None:
    text = ("某县“十五五”生态环境保护规划\n第二章 主要目标\n"
            "到2030年，城区和县城污水处理率均达到97%以上，全县森林覆盖率达到58%。\n")
    sts = run(text)
    both = [s for s in sts if s.value == 97]
    assert sorted(s.scope or "" for s in both) == ["县城", "城区"]
    assert all(s.indicator == "污水处理率" and s.comparator == ">=" and s.year == 2030 for s in both)
    assert len([s for s in sts if s.value == 58]) == 1


# --- "新增X n，总数达到m": m is the stock of X, a level ---

REPORT_2026 = """某县人民政府工作报告
——2026年1月8日在某县第十八届人民代表大会第五次会议上
一、2025年工作回顾
全年新增高新技术企业12家，总数达到86家。一般公共预算收入18.4亿元，同口径增长5.2%。
"""


def test_stock_after_an_addition_is_a_level_of_the_things_added() -> None:
    sts = run(REPORT_2026)
    a, b = find(sts, 12), find(sts, 86)
    assert (a.indicator, a.kind, a.year) == ("新增高新技术企业", "cumulative", 2025)
    assert (b.indicator, b.kind, b.type, b.year) == ("高新技术企业", "level", "baseline", 2025)


def test_on_a_comparable_basis_is_not_a_name() -> None:
    s = find(run(REPORT_2026), 5.2)
    assert (s.indicator, s.kind) == ("一般公共预算收入", "growth")


# --- an untitled excerpt: the goals' deadlines outvote the previous plan its review names ---

UNTITLED = """第一章 发展基础
“十四五”时期，全县经济持续发展。“十四五”期间地区生产总值年均增长6.2%，“十四五”末城镇化率达到58%。
第二章 主要目标
到2030年，城镇化率达到63%。到2030年，地区生产总值突破500亿元。“十五五”期间新增城镇就业2万人。
"""


def test_untitled_excerpt_takes_the_plan_its_deadlines_end() -> None:
    info = infer_period(UNTITLED)
    assert info.period == (2026, 2030)
    sts = run(UNTITLED)
    assert (find(sts, 58).type, find(sts, 58).year) == ("baseline", 2025)
    assert (find(sts, 63).type, find(sts, 63).year) == ("target", 2030)


def test_untitled_plan_whose_deadlines_end_its_own_period_keeps_it() -> None:
    text = UNTITLED.replace("到2030年", "到2025年").replace("“十五五”", "“十四五”")
    assert infer_period(text).period == (2021, 2025)


# --- table headers "2020年基数", "2025年规划值", "2020年现状值" name years ---

def test_year_header_with_base_or_plan_value_suffix() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第二章 发展目标\n表1 主要指标\n"
            "指标名称\t2020年基数\t2025年目标\t年均增长（%）\t指标属性\n"
            "一般公共预算收入（亿元）\t12.4\t16.5\t6\t预期性\n")
    sts = run(text)
    b, t, g = find(sts, 12.4), find(sts, 16.5), find(sts, 6)
    assert (b.type, b.year, b.unit) == ("baseline", 2020, "亿元")
    assert (t.type, t.kind, t.year, t.unit) == ("target", "level", 2025, "亿元")
    assert (g.kind, g.unit, g.year) == ("growth", "%", 2025)


# --- "由A增加到2020年的B": the year before B is B's year, not a name ---

def test_year_after_the_verb_of_change_is_not_the_name() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第一章 发展成就\n"
            "全县一般公共预算收入由2015年的8.2亿元增加到2020年的11.7亿元。\n")
    sts = run(text)
    a, b = find(sts, 8.2), find(sts, 11.7)
    assert (a.year, b.year) == (2015, 2020)
    assert a.indicator == b.indicator == "一般公共预算收入"


# --- "X n，完成年度任务的p%": p is the share of X's quota reached ---

def test_share_of_the_yearly_quota_is_named_for_its_subject() -> None:
    text = REPORT_2026 + "城镇新增就业1.3万人，完成年度任务的108%。\n"
    s = find(run(text), 108)
    assert (s.indicator, s.unit, s.type, s.year) == ("城镇新增就业完成年度任务比例", "%", "baseline", 2025)


# --- "新增风电装机300万千瓦以上" is a target; "装机100万千瓦的电站" describes a plant ---

def test_installed_capacity_target_vs_a_plants_capacity() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第五章 能源\n"
            "新增风电装机300万千瓦以上；建设装机120万千瓦的抽水蓄能电站。\n")
    sts = run(text)
    s = find(sts, 300)
    assert (s.kind, s.unit, s.comparator) == ("cumulative", "万千瓦", ">=")
    assert "风电装机" in s.indicator
    assert not [x for x in sts if x.value == 120]


# --- 每年 governs until a time phrase of its own ---

def test_per_year_does_not_reach_past_a_later_time_phrase() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第六章 教育\n"
            "每年招聘教师200名左右，培训校长50人次，“十四五”期末专任教师本科以上学历比例提高到85%。\n")
    sts = run(text)
    assert find(sts, 200).note == "per year"
    assert find(sts, 50).note == "per year"
    s = find(sts, 85)
    assert (s.note, s.kind, s.year) == (None, "level", 2025)


# --- a section heading glued to its first sentence is not part of the name ---

def test_glued_section_heading_title_is_cut_from_the_name() -> None:
    text = ("某县国民经济和社会发展第十四个五年规划纲要\n第五章 增进民生福祉\n"
            "第三节 健全多层次医疗保障体系城乡居民基本医疗保险参保率稳定在96%以上，\n"
            "新增普惠托位600个。\n")
    sts = run(text)
    assert find(sts, 96).indicator == "城乡居民基本医疗保险参保率"


# --- review chapters titled 发展现状 / 规划背景 / 发展条件 / 基本情况 report baselines ---

def test_status_quo_and_background_chapters_report_baselines() -> None:
    for title in ("发展现状与面临形势", "规划背景", "发展条件", "基本情况"):
        text = (f"某县“十五五”交通运输发展规划\n第一章 {title}\n全县公路总里程达到5200公里。\n"
                "第二章 发展目标\n到2030年，公路总里程达到5800公里。\n")
        sts = run(text)
        assert (find(sts, 5200).type, find(sts, 5200).year) == ("baseline", 2025), title
        assert (find(sts, 5800).type, find(sts, 5800).year) == ("target", 2030), title


# --- a decimal written in Chinese numerals: 百分之五点八 is 5.8, not 5 ---

def test_chinese_decimal_percent_keeps_its_fraction() -> None:
    from guihua.extraction.quantities import scan
    assert [(q.value, q.unit) for q in scan("全年增长百分之六点五左右")] == [(6.5, "%")]
    assert scan("抓好重点工作，一点一滴做起") == []


def test_chinese_numeral_people_and_area_counts() -> None:
    text = ("2027年某县人民政府工作报告\n二、2027年主要预期目标\n"
            "城镇新增就业一点五万人以上，新增高标准农田三万亩。\n")
    sts = run(text)
    s = find(sts, 1.5)
    assert (s.unit, s.indicator, s.year, s.comparator) == ("万人", "城镇新增就业", 2027, ">=")
    assert find(sts, 3).unit == "万亩"
