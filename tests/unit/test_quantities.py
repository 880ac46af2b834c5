"""Numbers, units, ranges, ratios and the exclusions of guihua.extraction.quantities."""

from __future__ import annotations

import pytest

from guihua.extraction import parse_chinese_number, scan
from guihua.extraction.textview import build_view


def one(text: str):
    qs = scan(build_view(text).text)
    assert len(qs) == 1, [(q.value, q.unit) for q in qs]
    return qs[0]


@pytest.mark.parametrize("s, value", [
    ("两", 2), ("三十五", 35), ("一千二百", 1200), ("十", 10), ("十二", 12), ("二〇二〇", 2020),
    ("一百零五", 105), ("三万", 30000),
])
def test_chinese_numerals(s: str, value: float) -> None:
    assert parse_chinese_number(s) == value


@pytest.mark.parametrize("text, value, unit", [
    ("达到 2601.57 亿元", 2601.57, "亿元"),
    ("累计完成投资 1.7 万亿元", 1.7, "万亿元"),
    ("超过 8500 美元", 8500, "美元"),
    ("新建学校 35所", 35, "所"),
    ("人口 170 万，", 170, "万"),
    ("降至 5‰", 5, "‰"),
    ("提高 4.7 个百分点", 4.7, "个百分点"),
    ("是 2010 年的 2.13 倍", 2.13, "倍"),
    ("达到 2 9 0 0 亿元", 2900, "亿元"),
    ("增长 6 .5 %", 6.5, "%"),
    ("人均 GDP 达到 35 567 元", 35567, "元"),
    ("达到２９００亿元", 2900, "亿元"),
    ("超过 27,500 元", 27500, "元"),
    ("支持各县市建设一所特殊教育学校", 1, "所"),
    ("比 2010 年翻一番", 2, "倍"),
    ("翻两番", 4, "倍"),
    ("孕产妇死亡率降至 18/10 万以下", 18, "/10万"),
    ("百分之三十", 30, "%"),
    ("带动就业 1.2 万余人", 1.2, "万人"),
    ("增长一倍", 1, "倍"),
    ("化肥农药使用量零增长", 0, "%"),
])
def test_values_and_units(text: str, value: float, unit: str) -> None:
    q = one(text)
    assert q.value == value
    assert q.unit == unit


def test_ranges() -> None:
    q = one("每年扶持 1-2 个")
    assert (q.value, q.value_max, q.unit) == (1, 2, "个")
    q = one("建设 3—5所")
    assert (q.value, q.value_max, q.unit) == (3, 5, "所")
    q = one("增长 6.5%—7%")
    assert (q.value, q.value_max, q.unit) == (6.5, 7, "%")
    q = one("建设3至5所学校")
    assert (q.value, q.value_max) == (3, 5)
    q = one("建设三至五所学校")
    assert (q.value, q.value_max, q.unit) == (3, 5, "所")


def test_ratio() -> None:
    q = one("三次产业结构调整为 11∶45∶44")
    assert q.values == [11, 45, 44] and q.value == 11 and q.form == "ratio"
    q = one("调整为15.2:44.6:40.2。")
    assert q.values == [15.2, 44.6, 40.2]


def test_fraction() -> None:
    q = one("占三分之一")
    assert q.value == pytest.approx(1 / 3, abs=1e-3)


def test_written_comparators() -> None:
    assert one("6%以内").post_comparator == "<="
    assert one("9%左右").post_comparator == "~"
    assert one("50张以上").post_comparator == ">="
    q = one("400 多家知名企业")
    assert (q.value, q.unit, q.post_comparator) == (400, "家", ">=")


def test_per_mille_artefact() -> None:
    view = build_view("分别降至 5％。、8％。、18/10 万以下。城市供水普及率达 98％。新建")
    units = [q.unit for q in scan(view.text)]
    assert units == ["‰", "‰", "/10万", "%"]


@pytest.mark.parametrize("text", [
    "“十三五”时期", "建设“135”园区", "实施 321 工程", "G322 国道", "4G 网络", "IPv6",
    "1000KV 变压器", "2000 吨级航道", "110 千伏变电站", "5700 吨新型干法水泥窑炉",
    "100 兆瓦光伏产业园", "居全省第二", "2016-2020 年", "2015 年", "3月15日", "实施一批项目",
    "进一步加强", "汽车零部件", "5 岁以下儿童", "实施年产 5 万吨项目", "第十三个五年", "到 20 20 年",
])
def test_not_quantities(text: str) -> None:
    qs = scan(build_view(text).text)
    assert qs == [], [(q.value, q.unit) for q in qs]


def test_view_maps_back_to_raw() -> None:
    raw = "森林覆盖率\n\n达到 5 0 %。"
    view = build_view(raw)
    q = scan(view.text)[0]
    s, e = view.raw_span(q.start, q.end)
    assert raw[s:e] == "5 0 %"
