"""The fields of each statement (type, year, kind, indicator, unit, comparator, direction, attribute)
on sentences written for these tests in the styles of work reports and plans of other places and
years (issue 10). Each test states the rule of plan language it checks."""

from __future__ import annotations

from guihua.documents import read_text
from guihua.extraction import extract_targets, infer_period
from guihua.extraction.model import Statement
from guihua.extraction.textview import build_view


def run(text: str, period: tuple[int, int] | None = None) -> list[Statement]:
    return extract_targets(read_text(text, "t"), period=period).statements


def find(sts: list[Statement], value: float, nth: int = 0) -> Statement:
    hits = [s for s in sts if s.value == value]
    assert len(hits) > nth, [(s.indicator, s.value) for s in sts]
    return hits[nth]


# --- 1. work reports: the year and the type ------------------------------------------------------

UNTITLED_REPORT = "\u3000\u3000".join([
    # paragraphs joined on one line, each opening with the two full-width spaces of its indent
    "某某市市长　张三 各位代表：",
    "现在，我代表市人民政府，向大会报告工作，请予审议。",
    "一、2023年工作回顾",
    "过去一年，全市地区生产总值增长5.2%，新增城镇就业4.1万人。",
    "各位代表，2023年是“十四五”承上启下之年。五年来，常住人口从310万增加到325万。",
    "二、2024年主要任务",
    "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇调查失业率控制在5.5%以内，"
    "新建保障性租赁住房2000套。",
])


def test_report_without_title_takes_its_year_from_the_review_heading() -> None:
    info = infer_period(build_view(UNTITLED_REPORT).text)
    assert info.report_year == 2024  # "2023年工作回顾": the report of 2024
    assert info.period == (2024, 2024) and info.five_year == (2021, 2025)


def test_report_review_gives_baselines_of_the_year_before_and_targets_of_its_year() -> None:
    sts = run(UNTITLED_REPORT)
    b = find(sts, 5.2)
    assert (b.type, b.kind, b.year) == ("baseline", "growth", 2023)
    assert (find(sts, 4.1).type, find(sts, 4.1).year) == ("baseline", 2023)
    t = find(sts, 5)
    assert (t.type, t.kind, t.year, t.comparator) == ("target", "growth", 2024, "~")
    assert (find(sts, 5.5).year, find(sts, 2000).year) == (2024, 2024)


def test_start_of_a_five_year_review_is_five_years_before_the_year_reviewed() -> None:
    sts = run(UNTITLED_REPORT)
    start, end = find(sts, 310), find(sts, 325)
    assert (start.type, start.kind, start.year) == ("baseline", "level", 2018)  # 五年来: 2019-2023
    assert (end.kind, end.year) == ("level", 2023)
    assert start.indicator == end.indicator == "常住人口"


def test_start_of_a_one_year_review_is_two_years_before_the_report() -> None:
    text = ("2022年某某区政府工作报告\n一、2021年工作回顾\n网上办事用户从120万增加到180万，"
            "全年接待游客1000万人次。\n")
    sts = run(text)
    assert (find(sts, 120).year, find(sts, 180).year) == (2020, 2021)


def test_report_restating_the_five_year_plan_gives_targets_of_its_end_year() -> None:
    text = ("2021年某某市政府工作报告\n一、2020年工作回顾\n过去一年，面对复杂严峻的形势，我们统筹推进各项工作，"
            "全市地区生产总值增长2.5%，经济运行稳中向好。\n"
            "二、关于某某市“十四五”规划纲要（草案）的说明\n"
            "展望“十四五”，我们将坚持创新驱动发展，加快建设现代化经济体系，数字经济核心产业规模倍增，"
            "研发经费投入强度达到3%。\n"
            "三、2021年主要任务\n今年要巩固拓展发展成果，推动高质量发展取得新成效，研发经费投入强度达到2.6%。\n")
    sts = run(text)
    assert find(sts, 3).year == 2025 and find(sts, 2).year == 2025
    assert find(sts, 2.6).year == 2021


def test_report_year_from_the_date_line() -> None:
    text = ("政府工作报告\n——2019年1月15日在某某县第十七届人民代表大会第三次会议上\n"
            "一、过去一年的工作\n粮食总产量达到52万吨。\n二、今年的工作\n粮食总产量稳定在50万吨以上。\n")
    sts = run(text)
    assert (find(sts, 52).type, find(sts, 52).year) == ("baseline", 2018)
    assert (find(sts, 50).type, find(sts, 50).year) == ("target", 2019)


# --- 2. names cut at word boundaries --------------------------------------------------------------

def test_lead_words_never_cut_a_word() -> None:
    sts = run("第一章 目标\n到2025年，能源消费总量控制在900万吨标准煤以内，可再生能源占比提高到25%，"
              "在校生人数达到3万人，对外贸易依存度保持在30%左右。\n", period=(2021, 2025))
    assert find(sts, 900).indicator == "能源消费总量"
    assert find(sts, 25).indicator == "可再生能源占比"
    assert find(sts, 3).indicator == "在校生人数"
    assert find(sts, 30).indicator == "对外贸易依存度"


# --- 3. comparisons, qualifiers, inserted circumstances -------------------------------------------

def test_comparison_phrase_is_not_part_of_the_name() -> None:
    sts = run("第一章 目标\n到2025年，单位地区生产总值二氧化碳排放比2020年下降18%，"
              "细颗粒物年均浓度降至30微克/立方米，税收收入与2020年相比增长20%。\n", period=(2021, 2025))
    s = find(sts, 18)
    assert (s.indicator, s.base_year, s.kind) == ("单位地区生产总值二氧化碳排放", 2020, "change")
    assert find(sts, 30).indicator == "细颗粒物年均浓度"
    assert find(sts, 20).indicator == "税收收入"


def test_same_period_comparison_after_a_list_goes_to_each_subject() -> None:
    text = ("2020年某某区政府工作报告\n一、2019年工作回顾\n城镇和农村常住居民人均可支配收入分别达到4.2万元、"
            "2.1万元，分别同比增长6.1%。\n")
    sts = run(text)
    grown = [s for s in sts if s.value == 6.1]
    assert {s.indicator for s in grown} == {"城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"}
    assert all(s.kind == "growth" and s.year == 2019 for s in grown)


def test_inserted_circumstances_and_time_words_are_not_the_name() -> None:
    text = ("2021年某某市政府工作报告\n一、2020年工作回顾\n面对上半年全市工业增加值大幅下降9.5%的局面，"
            "我们迎难而上。税收收入在大规模减税降费的情况下下降2.3%，"
            "一般公共预算收入剔除一次性因素后完成80.6亿元，重点工程完成投资320亿元。\n")
    sts = run(text)
    a = find(sts, 9.5)
    assert (a.indicator, a.kind, a.direction) == ("工业增加值", "change", "decrease")
    assert find(sts, 2.3).indicator == "税收收入"
    assert find(sts, 80.6).indicator == "一般公共预算收入"
    inv = find(sts, 320)
    assert (inv.indicator, inv.kind) == ("重点工程投资", "cumulative")


def test_examples_before_deng_are_not_the_name() -> None:
    sts = run("第一章 目标\n到2025年，建成社区公园等各类公园40座。\n", period=(2021, 2025))
    assert find(sts, 40).indicator == "各类公园"


# --- 4. direction and attribute --------------------------------------------------------------------

def test_direction_of_growth_and_change() -> None:
    sts = run("第一章 目标\n到2025年，单位工业增加值用水量年均下降4%，主要污染物排放总量累计减少10%，"
              "研发人员数量累计提高10%，全社会劳动生产率年均提高6.5%，公共财政收入年均增长7%。\n",
              period=(2021, 2025))
    w = find(sts, 4)
    assert (w.kind, w.direction, w.value, w.comparator) == ("growth", "decrease", 4, ">=")
    down, up = find(sts, 10, 0), find(sts, 10, 1)
    assert (down.kind, down.direction) == ("change", "decrease")
    assert (up.kind, up.direction) == ("change", "increase")
    assert (find(sts, 6.5).kind, find(sts, 6.5).direction) == ("growth", "increase")
    assert find(sts, 7).direction == "increase"
    assert all(s.direction is None for s in sts if s.kind not in ("growth", "change"))


def test_attribute_written_next_to_the_indicator_or_listed() -> None:
    sts = run("第一章 目标\n到2025年，耕地保有量不低于300万亩（约束性），森林覆盖率达到45%，为约束性指标；"
              "居民人均可支配收入年均增长6%，城镇新增就业8万人。其中，城镇新增就业为预期性指标。\n",
              period=(2021, 2025))
    assert find(sts, 300).attribute == "约束性"
    assert find(sts, 45).attribute == "约束性"
    assert find(sts, 6).attribute is None
    assert find(sts, 8).attribute == "预期性"


# --- 5. values without a unit or as words ----------------------------------------------------------

def test_values_written_as_words() -> None:
    sts = run("第一章 目标\n到2025年，农村贫困发生率降至0，工业用地规模零增长，城市生活垃圾零填埋，"
              "高新技术产业产值倍增，居民收入翻一番，对违法排污零容忍，实施中等收入群体倍增计划。\n",
              period=(2021, 2025))
    p = find(sts, 0, 0)
    assert (p.indicator, p.unit, p.comparator, p.kind) == ("贫困发生率", "%", "<=", "level")
    assert p.scope == "农村"
    z = find(sts, 0, 1)
    assert (z.kind, z.unit, z.comparator) == ("growth", "%", "<=")
    f = find(sts, 0, 2)
    assert (f.indicator, f.kind, f.unit, f.comparator) == ("城市生活垃圾填埋", "level", None, "<=")
    doubled = [s for s in sts if s.value == 2]
    assert [(s.kind, s.unit, s.direction) for s in doubled] == [("change", "倍", "increase")] * 2
    assert len([s for s in sts if s.value == 0]) == 3  # 零容忍 is an attitude, 倍增计划 a name


# --- 6. damaged text -------------------------------------------------------------------------------

def test_ocr_spacing_full_width_and_lost_full_stops() -> None:
    text = ("某某省国民经济和社会发展第十一个五年规划纲要\n第一章 目标\n"
            "到 2 0 1 0 年，全省生产总值年均增长 9 %左右，城镇化率达到４５％，"
            "灌溉水有效利用系数达到0.5.加快推进节水型社会建设。\n")
    sts = run(text)
    g = find(sts, 9)
    assert (g.kind, g.comparator, g.year) == ("growth", "~", 2010)
    assert find(sts, 45).unit == "%"
    assert find(sts, 0.5).unit == "系数"


SENTENCE_A_LINE = "\n".join([
    "某某省国民经济和社会发展第十个五年计划纲要",
    "第一章 主要目标",
    "今后五年是全省发展的关键时期",
    "必须坚持以发展为主题，以结构调整为主线，以改革开放和科技进步为动力",
    "要抓住机遇，迎接挑战，加快发展",
    "全省各族人民要团结一致，艰苦奋斗，为实现本计划确定的目标而努力",
    "经济保持较快增长",
    "全省总人口控制在6000万人以内",
    "森林覆盖率达到30％，城镇登记失业率控制在4.5％左右",
    "\u3000\u3000“九五”期间，全省经济持续发展",
    "国内生产总值年均增长9.1％",
    "大力发展交通运输业，公路通车里程达到8万公里",
    "加强水利建设",
    "推进城镇化，促进城乡共同进步，逐步形成合理的城镇体系",
    "保护环境，实施可持续发展战略",
    "深化国有企业改革，健全现代企业制度和国有资产管理体制，完善市场体系",
    "扩大对外开放，提高利用外资的水平",
    "提高人民生活水平",
    "加强社会主义精神文明建设和民主法制建设，保持社会稳定",
    "各级政府要切实履行职责，认真组织实施本计划",
]) + "\n"


def test_sentence_ends_stripped_one_sentence_a_line() -> None:
    sts = run(SENTENCE_A_LINE)
    pop = find(sts, 6000)
    assert pop.indicator == "总人口" and pop.comparator == "<=" and "\n" not in pop.quote
    assert find(sts, 30).indicator == "森林覆盖率"
    assert find(sts, 8).indicator == "公路通车里程"
    past = find(sts, 9.1)  # the paragraph opened by "“九五”期间" reviews the plan before
    assert (past.type, past.year) == ("baseline", 2000)


def test_paragraphs_joined_on_one_line_are_split_at_their_indent() -> None:
    view = build_view("一、2023年工作回顾 \u2003\u2003过去一年，粮食产量增长3%。 \u2003\u2003二、2024年主要任务")
    assert view.text.count("\n") == 2


# --- kinds in work reports -------------------------------------------------------------------------

def test_money_spent_or_granted_is_cumulative_and_statistics_are_levels() -> None:
    text = ("2020年某某县政府工作报告\n一、2019年工作回顾\n全年发放城乡低保金2300万元，"
            "争取到上级专项资金3.5亿元，社会消费品零售总额完成86.5亿元，"
            "投资1.5亿元完成了老旧小区改造。\n")
    sts = run(text)
    assert find(sts, 2300).kind == "cumulative"
    assert find(sts, 3.5).kind == "cumulative"
    assert find(sts, 86.5).kind == "level"
    assert find(sts, 1.5).kind == "cumulative"


def test_counts_reached_are_levels_and_counts_done_are_totals() -> None:
    text = ("2020年某某县政府工作报告\n一、2019年工作回顾\n国家高新技术企业增加到65家，"
            "行政审批事项精简到98项，日均新登记市场主体120户，归集政务数据超过2亿条，"
            "比三年前增加18家。\n")
    sts = run(text)
    assert find(sts, 65).kind == "level"
    assert find(sts, 98).kind == "level" and find(sts, 98).indicator == "行政审批事项"
    assert find(sts, 120).kind == "level"
    assert find(sts, 2).kind == "cumulative"
    assert find(sts, 18).kind == "change"


def test_enumerated_items_and_articles_are_not_counts() -> None:
    sts = run("第一章 目标\n到2025年，抓好规划、建设、管理三大环节，把生态保护作为一项重大任务，"
              "建设东、西两条快速通道，建设一所特殊教育学校，早日实现祖国统一大业。\n", period=(2021, 2025))
    values = sorted(s.value for s in sts if s.kind != "milestone" and s.value is not None)
    assert values == [1, 2]


# --- names of counted things ------------------------------------------------------------------------

def test_counted_phrases_after_the_number() -> None:
    text = ("2019年某某区政府工作报告\n一、2018年工作回顾\n全区63户148人建档立卡贫困人口实现脱贫，"
            "完成2.1万户、96万平方米老旧小区改造，完成12条道路的雨污分流改造，"
            "完成8个安置小区的供水、供热、燃气等配套设施，建成30个美丽乡村示范村建设。\n")
    sts = run(text)
    assert find(sts, 63).indicator == find(sts, 148).indicator == "建档立卡贫困人口"
    assert find(sts, 2.1).indicator == find(sts, 96).indicator == "老旧小区改造"
    assert find(sts, 12).indicator == "道路雨污分流改造"
    assert find(sts, 8).indicator == "安置小区配套设施"
    assert find(sts, 30).indicator == "美丽乡村示范村"


def test_owner_written_with_de_before_a_count_is_part_of_the_name() -> None:
    sts = run("第一章 目标\n到2025年，建设沿江高速的三条支线，落实总体方案明确的20项改革任务。\n",
              period=(2021, 2025))
    assert find(sts, 3).indicator == "沿江高速支线"
    assert find(sts, 20).indicator == "改革任务"  # where the tasks were set is not their owner


def test_money_before_a_verb_is_the_investment_in_what_follows() -> None:
    text = ("2019年某某区政府工作报告\n一、2018年工作回顾\n投资3200万元完成了城区三处积水点改造，"
            "投资1.6亿元实施人民医院迁建工程。\n")
    sts = run(text)
    a = find(sts, 3200)
    assert (a.indicator, a.kind) == ("三处积水点改造投资", "cumulative")  # 城区: a scope word
    assert find(sts, 1.6).indicator == "人民医院迁建工程投资"


def test_part_introduced_by_qizhong_takes_the_kind_of_the_whole() -> None:
    sts = run("第一章 目标\n到2025年，公路总里程达到2.6万公里，其中高速公路1200公里。\n", period=(2021, 2025))
    assert find(sts, 1200).kind == "level" == find(sts, 2.6).kind


def test_clause_without_subject_takes_the_object_raised_before() -> None:
    sts = run("第一章 目标\n提高农业机械化水平，综合机械化率，2025年达到75%以上。\n"
              "提高互联网普及率，2025年达到85%。\n", period=(2021, 2025))
    assert find(sts, 85).indicator == "互联网普及率"


def test_held_around_a_value_frames_and_enumerations() -> None:
    sts = run("第一章 目标\n到2025年，城镇登记失业率保持在4%左右，以五项重点改革为突破口，"
              "围绕种子、耕地、农机、科技4个要素发力，新建4个种业基地，建设用地减量20平方公里。\n",
              period=(2021, 2025))
    assert find(sts, 4, 0).comparator == "~"
    assert [s.value for s in sts if s.unit == "项"] == []  # 以…为: a frame
    fours = [s for s in sts if s.value == 4 and s.unit == "个"]
    assert [s.indicator for s in fours] == ["新建种业基地"]  # the 4 listed items are not a count
    assert find(sts, 20).kind == "cumulative"  # 减量: the amount taken away


def test_years_and_listed_examples_inside_names_and_shares_of_a_whole() -> None:
    text = ("2019年某某区政府工作报告\n一、2018年工作回顾\n发放2018年度耕地地力保护补贴1.2亿元，"
            "新能源、新材料、生物医药三大产业产值增长15%，进口额占全国同类产品的12%。\n")
    sts = run(text)
    assert find(sts, 1.2).indicator == "发放耕地地力保护补贴"
    assert find(sts, 15).indicator == "三大产业产值"
    assert "全国" in find(sts, 12).indicator


def test_growth_names_the_quantity_that_grows_in_the_documents_words() -> None:
    national = ("中华人民共和国国民经济和社会发展第十一个五年规划纲要\n第一章 目标\n"
                "国内生产总值年均增长7.5%，经济增长速度预期为年均8%左右，工业增加值增速保持在10%。\n")
    sts = run(national)
    assert find(sts, 8).indicator == "国内生产总值" and find(sts, 8).kind == "growth"
    assert find(sts, 10).indicator == "工业增加值"
    city = "某某市国民经济和社会发展第十一个五年规划纲要\n第一章 目标\n地区生产总值年均增长9%，经济增长速度保持在9%左右。\n"
    assert {s.indicator for s in run(city)} == {"地区生产总值"}


def test_zero_inside_a_word_is_not_a_value() -> None:
    sts = run("第一章 目标\n到2025年，实现了欠薪清零目标，安全生产零事故。\n", period=(2021, 2025))
    assert [s.indicator for s in sts if s.value == 0] == ["安全生产事故"]


# --- lexicons ---------------------------------------------------------------------------------------

def test_scopes_by_rule_every_unit_of_a_kind_and_joined_scopes() -> None:
    from guihua.extraction.lexicons import scope_prefix

    assert scope_prefix("每个街道建设1个养老服务中心") == "每个街道"
    assert scope_prefix("每家医院配备") == "每家医院"
    assert scope_prefix("其他县（市）区新增") == "其他县（市）区"
    assert scope_prefix("城区及各县城污水处理率") == "城区及各县城"
    assert scope_prefix("森林覆盖率") is None
    sts = run("第一章 目标\n到2025年，市区和各县城生活垃圾无害化处理率达到100%。\n", period=(2021, 2025))
    s = find(sts, 100)
    assert (s.indicator, s.scope) == ("生活垃圾无害化处理率", "市区和各县城")


def test_every_lexicon_file_says_what_it_is_for() -> None:
    from guihua.extraction.lexicons import LEXICON_DIR

    for path in sorted(LEXICON_DIR.iterdir()):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#") and len(first) > 20, path.name


# --- 7. confidence ------------------------------------------------------------------------------------

def test_uncertain_statements_say_so_in_their_confidence() -> None:
    sts = run("第一章 目标\n到2025年，地区生产总值达到5000亿元，年均增长6%；新建污水处理厂8座。"
              "粮食产量稳定在300万吨以上。\n", period=(2021, 2025))
    written, carried = find(sts, 5000), find(sts, 6)
    assert carried.indicator == "地区生产总值" and carried.confidence < written.confidence
    after = find(sts, 8)
    assert after.confidence < written.confidence  # the counted noun follows the number
    no_year = find(sts, 300)  # "到2025年" governs only its own sentence
    assert no_year.year == 2025 and no_year.confidence < written.confidence
    assert written.confidence == 0.95


def test_report_year_inferred_from_a_heading_lowers_confidence() -> None:
    titled = run("2024年某某市政府工作报告\n一、2023年工作回顾\n全年地区生产总值增长5.2%。\n")
    untitled = run("各位代表：现在，我代表市人民政府向大会报告工作。\n一、2023年工作回顾\n全年地区生产总值增长5.2%。\n")
    assert find(titled, 5.2).year == find(untitled, 5.2).year == 2023
    assert find(untitled, 5.2).confidence < find(titled, 5.2).confidence


def test_report_year_from_the_year_reviewed_after_guoqu_yinian() -> None:
    text = ("各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议。\n"
            "过去一年，面对复杂形势，全县上下攻坚克难。2019年全县地区生产总值增长6.8%，"
            "2019年粮食产量达到45万吨，为2020年全面建成小康社会打下基础。\n"
            "今年全县地区生产总值增长6%左右。\n")
    info = infer_period(build_view(text).text)
    assert info.report_year == 2020
    sts = run(text)
    assert (find(sts, 6.8).type, find(sts, 6.8).year) == ("baseline", 2019)
    assert (find(sts, 6).type, find(sts, 6).year) == ("target", 2020)
