"""Which targets are indicators, and how report tables are sized and names wrapped (names written for
these tests, not taken from a plan)."""

from __future__ import annotations

import pytest

from guihua.extraction.words import boundaries
from guihua.reports.classify import is_indicator
from guihua.reports.document import Table, TableRow
from guihua.reports.layout import plan_columns, text_em, wrap_words


@pytest.mark.parametrize(("name", "kind", "unit"), [
    ("城镇居民人均住房面积", "level", "平方米"),  # a per-head value
    ("公共交通出行分担率", "level", "%"),  # a rate
    ("服务业增加值", "growth", "%"),  # any growth target
    ("每万人口高技能人才数", "level", "人"),  # per ten thousand people, counted in 人
    ("单位工业增加值用水量", "change", "%"),
    ("粮食产量", "level", "万吨"),
    ("造林面积", "cumulative", "万亩"),
    ("地表水优良水体比例", "level", "%"),
])
def test_measured_quantities_are_indicators(name: str, kind: str, unit: str) -> None:
    assert is_indicator(name, kind, unit)


@pytest.mark.parametrize(("name", "kind", "unit"), [
    ("新建中小学校", "cumulative", "所"),  # things to build
    ("改造老旧小区", "cumulative", "个"),
    ("乡镇综合文化站", "level", "个"),  # a count of facilities
    ("培育龙头企业", "cumulative", "家"),
    ("新建农村公路", "cumulative", "公里"),  # a work verb: a task whatever its unit
])
def test_counts_of_things_to_build_are_tasks(name: str, kind: str, unit: str) -> None:
    assert not is_indicator(name, kind, unit)


def test_names_wrap_only_between_words() -> None:
    name = "规模以上工业企业研究与试验发展经费支出占主营业务收入比重"
    wrapped = wrap_words(name, 7)
    lines = wrapped.split("\n")
    assert "".join(lines) == name and len(lines) > 1
    cuts = [len("".join(lines[:i])) for i in range(1, len(lines))]
    assert set(cuts) <= boundaries(name)  # every break is a word boundary of the segmenter
    assert all(text_em(line) <= 7 for line in lines)


def test_a_one_character_word_stays_with_the_word_before() -> None:
    # "率" alone on a line would read as a cut word: it stays with "参保"
    lines = wrap_words("城乡居民基本医疗保险参保率", 8).split("\n")
    assert not any(line == "率" or line.startswith("率") for line in lines)


def test_columns_get_their_longest_word_and_numbers_stay_whole() -> None:
    t = Table("t", "", ["序号", "指标", "基期值", "完成情况"],
              [TableRow(["1", "城镇生活污水集中收集率", "12345.67", "基本符合预期"], status="基本符合预期"),
               TableRow(["2", "人均预期寿命", "78.5", "滞后"], status="滞后")],
              status_col=3, wrap_cols=(1,))
    plan = plan_columns(t, 30)
    assert plan.fits
    assert plan.widths_em[2] >= text_em("12345.67") and plan.widths_em[3] >= text_em("基本符合预期")
    assert plan.widths_em[1] >= max(text_em(w) for w in ("城镇", "生活", "污水", "集中", "收集率"))
    assert abs(sum(plan.widths_em) - 30) < 1e-6


def test_too_narrow_a_page_is_said_not_to_fit() -> None:
    t = Table("t", "", ["指标", "完成情况"], [TableRow(["城镇居民人均可支配收入", "基本符合预期"], status="基本符合预期")],
              status_col=1, wrap_cols=(0,))
    assert not plan_columns(t, 6).fits


def test_mixed_text_counts_the_space_between_cjk_and_digits() -> None:
    assert text_em("第12章") > text_em("第") + text_em("12") + text_em("章") - 1e-9 + 0.4
