"""Matching published names to a plan's indicators (guihua.store.matching), on a small indicator list
written here: exact names and aliases first, then ranked suggestions for a person to confirm."""

from __future__ import annotations

from guihua.store.matching import IndicatorMatcher, core_name, measure_hint, similarity, suggestion_text
from guihua.store.records import IndicatorInfo


def _ind(i: int, name: str, unit: str | None, aliases: list[str] | None = None, key: str | None = None
         ) -> IndicatorInfo:
    return IndicatorInfo(id=i, plan_id="p", key=key or name, name=name, aliases=aliases or [], unit=unit, domain=None,
                         attribute=None, origin="plan", note=None, departments=[], created_at="", row_version=1)


INDICATORS = [
    _ind(1, "粮食综合生产能力", "万吨"),
    _ind(2, "粮食播种面积", "万亩"),
    _ind(3, "森林覆盖率", "%"),
    _ind(4, "地区生产总值", "亿元", aliases=["经济总量"]),
    _ind(5, "每万人口发明专利拥有量", "件"),
    _ind(6, "城镇居民人均可支配收入", "元"),
    _ind(7, "农村居民人均可支配收入", "元"),
    _ind(8, "居民人均可支配收入", "元"),
    _ind(9, "出栏生猪", "万头"),
]
M = IndicatorMatcher(INDICATORS)


def test_exact_name_alias_and_name_with_its_unit() -> None:
    assert M.find("森林覆盖率") is INDICATORS[2]
    assert M.find("经济总量") is INDICATORS[3]  # an alias
    assert M.find(" 森林 覆盖率 ") is INDICATORS[2]  # spaces are not part of a name
    assert M.find("地区生产总值（亿元）") is INDICATORS[3]
    assert M.find("粮食总产量") is None  # not the same name: a person confirms it


def test_a_bureau_name_gets_the_plan_indicator_first_with_its_unit() -> None:
    cands = M.suggest("粮食总产量", "万吨")
    assert cands and cands[0].indicator.name == "粮食综合生产能力"
    assert cands[0].label == "粮食综合生产能力（万吨）"
    # the same name with an area unit ranks the sown area first: the unit's dimension counts
    assert M.suggest("粮食总产量", "万亩")[0].indicator.name == "粮食播种面积"
    text = suggestion_text("粮食总产量", M.suggest("粮食总产量", "万吨"))
    assert text.startswith("未知指标“粮食总产量”，可能是：粮食综合生产能力（万吨）")


def test_one_word_different_and_words_in_another_order() -> None:
    assert M.suggest("每万人发明专利拥有量", "件")[0].indicator.id == 5
    assert M.suggest("生猪出栏", "万头")[0].indicator.id == 9


def test_a_name_written_inside_another_and_the_whole_area_dropped() -> None:
    assert M.suggest("全体居民人均可支配收入", "元")[0].indicator.id == 8
    assert M.suggest("年末全市森林覆盖率", "%")[0].indicator.id == 3


def test_growth_names_and_synonyms() -> None:
    cands = M.suggest("地区生产总值增速", "%")
    assert cands[0].indicator.id == 4 and cands[0].reason == "同一指标键"
    assert measure_hint("地区生产总值增速") == "growth"
    assert measure_hint("固定资产投资年均增速(十三五)") == "growth"
    assert measure_hint("森林覆盖率") is None
    assert core_name("全市地区生产总值增长率（现价）") == "地区生产总值"
    assert M.suggest("GDP", "亿元")[0].indicator.id == 4  # the synonym lexicon's key


def test_nothing_close_gives_no_suggestion_and_says_so() -> None:
    assert M.suggest("入境游客", "万人次") == []
    assert suggestion_text("入境游客", []) == "未知指标“入境游客”（规划指标及别名中没有，也没有相近的指标）"


def test_similarity_is_symmetric_and_bounded() -> None:
    for a, b in (("粮食总产量", "粮食综合生产能力"), ("生猪出栏", "出栏生猪"), ("森林覆盖率", "森林")):
        s = similarity(a, b)
        assert 0 <= s <= 1 and s == similarity(b, a)
    assert similarity("森林覆盖率", "森林覆盖率") == 1.0
