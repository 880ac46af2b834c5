"""Word boundaries come from the segmenter's dictionary, on sentences written for these tests."""

from __future__ import annotations

from guihua.extraction.words import boundaries, in_dictionary, is_boundary, words


def test_words_concatenate_to_the_text() -> None:
    text = "全市能源消费总量控制在1500万吨标准煤以内"
    assert "".join(words(text)) == text


def test_a_word_is_never_cut_inside() -> None:
    text = "能源消费总量"
    # "能源" is one word: no boundary between 能 and 源
    assert not is_boundary(text, 1)
    assert is_boundary(text, 2)


def test_boundaries_include_both_ends() -> None:
    text = "细颗粒物年均浓度"
    b = boundaries(text)
    assert 0 in b and len(text) in b


def test_dictionary_knows_common_plan_words() -> None:
    assert in_dictionary("生产总值")
    assert not in_dictionary("源消")
