"""Repairs of extraction damage: each logged with raw offsets, and spans mapping back to raw text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guihua.documents import Document, read_text

# A hard-wrapped text in the layout of a PDF extraction: 20 characters a line, blank lines between.
WRAPPED = (
    "第一章 发展环境\n\n"
    "“十二五”时期是我市发展历程中很不平凡、极\n\n"
    "具挑战、富有成效的五年，经济总量跃过两千亿\n\n"
    "元台阶，城镇化率达到 49.2%，较 2010 年提\n\n"
    "高 4.7 个百分点，人均收入大幅提高，民生持\n\n"
    "续改善，生态环境质量稳步提升，城乡面貌变化\n\n"
    "巨大。\n\n"
    "社会事业全面进步。教育、卫生、文化、体育等\n\n"
    "各项事业协调发展，公共服务能力显著增强，群\n\n"
    "众获得感不断提升。\n"
)


def _repairs(doc: Document, kind: str, applied: bool | None = True) -> list:
    return [r for r in doc.repairs if r.kind == kind and (applied is None or r.applied == applied)]


def _assert_maps_consistent(doc: Document) -> None:
    assert len(doc.offset_map) == len(doc.text) + 1
    assert len(doc.offset_end_map) == len(doc.text)
    last = -1
    for i, ch in enumerate(doc.text):
        s, e = doc.offset_map[i], doc.offset_end_map[i]
        assert 0 <= s < e <= len(doc.raw)
        assert s > last or ch == "‰" or doc.text[i - 1] == "‰"
        last = s
        if e - s == 1 and ch == doc.raw[s]:
            continue
        # a changed character stands for a raw run it was made from
        assert ch in "\n‰ 0123456789." or doc.raw[s:e].strip() == ""


def test_lines_broken_mid_sentence_are_joined_without_spaces() -> None:
    doc = read_text(WRAPPED)
    assert "极具挑战" in doc.text
    assert "跃过两千亿元台阶" in doc.text
    assert "较 2010 年提高 4.7 个百分点" in doc.text
    assert "变化巨大。\n社会事业全面进步" in doc.text  # a paragraph ends at its short last line
    assert doc.text.startswith("第一章 发展环境\n")  # the heading is not joined to the body
    joins = _repairs(doc, "join_line")
    assert joins and all(r.before == "\n\n" and r.after == "" for r in joins)
    _assert_maps_consistent(doc)


def test_an_indented_line_starts_a_new_paragraph() -> None:
    doc = read_text(WRAPPED.replace("\n各项事业", "\n\u3000\u3000各项事业"))
    assert "体育等\n各项事业" in doc.text
    assert "体育等各项事业" in read_text(WRAPPED).text


def test_joined_span_maps_back_to_raw_span_covering_the_break() -> None:
    doc = read_text(WRAPPED)
    i = doc.text.index("极具挑战")
    start, end = doc.raw_span(i, i + 4)
    assert doc.raw[start:end] == "极\n\n具挑战"


def test_unwrapped_text_keeps_its_lines() -> None:
    text = "第一章 发展环境\n城镇化率达到49.2%，较2010年提高4.7个百分点，人均收入大幅提高\n社会事业全面进步。\n"
    doc = read_text(text)
    assert doc.text == text  # no typical line width: lines are paragraphs
    assert not doc.repairs


def test_line_starting_with_punctuation_joins_the_previous_line() -> None:
    doc = read_text("城市污水处理率达到 90%\n。新建燃气站 5 座\n，管网 106 公里。\n")
    assert "90%。新建燃气站 5 座，管网" in doc.text


@pytest.mark.parametrize("raw", ["\n\n21\n\n", "\n\n- 21 -\n\n", "\n\n第 21 页\n\n", "\n\n21/96\n\n", "\n\n— 21 —\n\n"])
def test_page_number_lines_are_dropped_and_logged(raw: str) -> None:
    text = WRAPPED.replace("\n\n具挑战", raw + "具挑战", 1)
    doc = read_text(text)
    assert "极具挑战" in doc.text
    drops = _repairs(doc, "drop_page_number")
    assert len(drops) == 1
    assert doc.raw[drops[0].start:drops[0].end] == raw.strip("\n").strip()
    assert drops[0].line == 5 and drops[0].column == 1


def test_a_year_alone_on_a_line_is_not_a_page_number() -> None:
    doc = read_text("主要指标\n\n2015\n\n基期值。\n")
    assert "2015" in doc.text
    assert not _repairs(doc, "drop_page_number")


def test_running_headers_at_page_edges_are_dropped() -> None:
    pages = []
    for k in range(1, 5):
        pages.append(f"衡阳市国民经济和社会发展规划纲要\n{'推进产业发展。' * k}\n{k}\n")
    doc = read_text("\f\n".join(pages), format="pdf")
    assert "规划纲要" not in doc.text
    assert len(_repairs(doc, "drop_running_header")) == 4
    assert len(_repairs(doc, "drop_page_number")) == 4


# --- per mille --------------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("人口自然增长率为6.87％。。", "6.87‰。"),
    ("婴儿死亡率、5 岁以下儿童死亡率分别降至 5％。、8％。以下。", "5‰、8‰以下"),
    ("人口年均自然增长率控制在 7.5％。左右。", "7.5‰左右"),
    ("出生人口性别比保持在 1.2％。以内，", "1.2‰以内"),
    ("工业固体废物排放量下降3％。，", "3‰，"),
])
def test_percent_full_stop_that_stands_for_per_mille_is_repaired(text: str, value: str) -> None:
    doc = read_text(text)
    assert value in doc.text
    repairs = _repairs(doc, "per_mille")
    assert repairs and all(r.before == "％。" and r.after == "‰" for r in repairs)
    i = doc.text.index("‰")
    start, end = doc.raw_span(i, i + 1)
    assert doc.raw[start:end] == "％。"  # the ‰ covers both raw characters


@pytest.mark.parametrize("text", [
    "城市供水普及率达 98％。新建 5座燃气加气站。",
    "城市污水处理率达 90％。\n建设污水管网 140 公里。",
    "森林覆盖率达到 50％。到 2020 年，建成一批公园。",
])
def test_percent_followed_by_a_full_stop_stays(text: str) -> None:
    doc = read_text(text)
    assert "％。" in doc.text
    assert not _repairs(doc, "per_mille", applied=None)


def test_per_mille_indicator_at_sentence_end_is_only_a_warning() -> None:
    doc = read_text("人口自然增长率控制在 6％。\n加强计划生育服务。")
    assert "6％。" in doc.text
    warnings = _repairs(doc, "per_mille", applied=False)
    assert len(warnings) == 1 and "自然增长率" in warnings[0].message


# --- digits -----------------------------------------------------------------------------------


def test_full_width_digits_become_ascii() -> None:
    doc = read_text("地区生产总值达到２６０１．５７亿元。")
    assert "2601.57亿元" in doc.text
    i = doc.text.index("2601.57")
    start, end = doc.raw_span(i, i + 7)
    assert doc.raw[start:end] == "２６０１．５７"
    assert len(_repairs(doc, "digits")) == 1


def test_spaced_ocr_digits_are_joined() -> None:
    doc = read_text("2 0 0 5年以来，全市新增 1 2 3 4 5 户。第 3 项。")
    assert "2005年以来" in doc.text
    assert "12345 户" in doc.text
    assert "第 3 项" in doc.text  # a single digit is not a spaced run
    i = doc.text.index("2005")
    assert doc.raw[slice(*doc.raw_span(i, i + 4))] == "2 0 0 5"


# --- lost glyphs ------------------------------------------------------------------------------


def test_lost_glyphs_are_flagged_not_changed() -> None:
    text = (
        "文化街区：建设■雁文化博览街，推进蒸水、耒水、■水等支流治理，加大湘江、蒸水、氵米 水等支流\n"
        "治理力度。推广南岳素斋、米扁 粑等特色饮食。提质建设石鼓书院、 雁峰，改造 水航道。\n"
    )
    doc = read_text(text)
    assert doc.text == text  # nothing changed
    flagged = [doc.raw[r.start:r.end] for r in _repairs(doc, "lost_glyph", applied=False)]
    assert flagged.count("■") == 2
    assert "氵米 水" in flagged
    assert any("米扁 粑" in f for f in flagged)
    assert " 雁峰" in flagged
    assert "改造 水航" in flagged
    assert len(flagged) == 6


def test_decomposed_glyph_split_across_a_line_break_is_one_flag() -> None:
    lines = ["推进船山故里、岣嵝峰、四方山·氵", "米 水景区、耒水国家湿地公园、蔡伦竹海建设。"]
    filler = ["推进旅游景区提质升级，打造一批精品旅游线路，完善旅游服务体系和配套"] * 8
    doc = read_text("\n\n".join(filler + [lines[0].rjust(33, "景"), lines[1]]) + "\n")
    flags = _repairs(doc, "lost_glyph", applied=False)
    assert len(flags) == 1
    assert doc.raw[flags[0].start:flags[0].end].replace("\n", "") == "氵米 水"


def test_spaces_in_headings_and_between_numbers_are_not_flagged() -> None:
    doc = read_text("第二章 坚持创新发展 加快转换发展动力\n专 栏 3：科技攻关重大工程\n全市新增 35.3 万人。\n")
    assert not _repairs(doc, "lost_glyph", applied=None)


def test_paragraph_indent_inside_a_line_is_not_a_lost_glyph() -> None:
    # paragraphs joined onto one line keep their two-character indent: nothing vanished there
    doc = read_text("第三章推进产业升级，建设制造强市　　要坚持创新驱动，加快转型。　　新建产业园3个。\n")
    assert not _repairs(doc, "lost_glyph", applied=None)
    doc = read_text("提质建设石鼓书院、 雁峰，改造航道。　　新建产业园3个。\n")
    assert [doc.raw[r.start:r.end] for r in _repairs(doc, "lost_glyph", applied=False)] == [" 雁峰"]


# --- maps on arbitrary text -------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "经济总量跃过两千亿元台阶", "，", "。", "\n", "\n\n", " ", "12", "２０", "6.87％。。", "98％。", "■",
    "2 0 0 5年", "第一章 发展环境", "1、", "专 栏 3：", "\f", "21",
]), max_size=40))
def test_offset_maps_are_monotonic_and_cover_every_kept_character(parts: list[str]) -> None:
    raw = "".join(parts)
    doc = read_text(raw)
    assert len(doc.offset_map) == len(doc.text) + 1
    starts = list(doc.offset_map[:-1])
    assert starts == sorted(starts)
    for i, ch in enumerate(doc.text):
        s, e = doc.raw_span(i, i + 1)
        assert s < e
        if ch not in "\n‰0123456789. ":
            assert doc.raw[s:e] == ch
