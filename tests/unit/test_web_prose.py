"""The display filter for plan text: PDF line breaks out of Chinese words, source kept elsewhere."""

from markupsafe import Markup

from guihua.web.prose import prose


def test_whitespace_between_cjk_characters_is_dropped() -> None:
    assert prose("城市供水普\n及率达 98%") == "城市供水普及率达 98%"
    assert prose("城市供水普 及率") == "城市供水普及率"
    assert prose("到2020年，\n  森林覆盖率") == "到2020年，森林覆盖率"


def test_other_line_breaks_read_as_one_space() -> None:
    assert prose("GDP\ngrowth") == "GDP growth"
    assert prose("达到\n98%") == "达到98%"
    assert prose("达到 98%") == "达到 98%"
    assert prose(None) == ""


def test_markup_stays_markup_and_breaks_inside_hits_go() -> None:
    out = prose(Markup("供水普\n<mark>及率</mark>\n达"))
    assert isinstance(out, Markup)
    assert out == "供水普<mark>及率</mark>达"
