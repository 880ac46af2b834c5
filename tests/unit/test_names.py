"""Plan ids, names and terminal output (guihua.names, guihua.cli.terminal), from their definitions."""

from __future__ import annotations

import io

import pytest

from guihua.cli.terminal import SafeStream, cell
from guihua.errors import InputError
from guihua.names import PLAN_ID_MAX, check_name, check_plan_id, escape_control


def test_plan_ids_are_letters_digits_dash_and_underscore() -> None:
    for good in ("hengyang-13th", "p", "A_b-9", "x" * PLAN_ID_MAX):
        assert check_plan_id(good) == good
    for bad in ("../../x", "a/b", "a\\b", "..", ".", "", "衡阳十三五", "a b", "a.b", "x\x1b", "x" * (PLAN_ID_MAX + 1),
                "x\n", None, 12):
        with pytest.raises(InputError) as err:
            check_plan_id(bad)
        assert err.value.where == "--plan"
    with pytest.raises(InputError) as err:
        check_plan_id("../../x")
    assert "只能由英文字母、数字、“-”和“_”组成" in err.value.reason


def test_names_refuse_control_and_invisible_characters() -> None:
    assert check_name("市统计局", "departments") == "市统计局"
    assert check_name("规模以上工业增加值（亿元）", "name")
    for bad, code in (("\x1b[2J坏", "U+001B"), ("部门乙\u202e甲", "U+202E"), ("a\nb", "U+000A"), ("a\tb", "U+0009"),
                      ("零宽\u200b空格", "U+200B"), ("\x9b31m", "U+009B"), ("行\u2028分隔", "U+2028")):
        with pytest.raises(InputError) as err:
            check_name(bad, "name")
        assert code in err.value.reason and err.value.where == "name"
        assert bad not in err.value.reason  # the message itself shows the escapes, not the characters


def test_escapes_are_visible() -> None:
    assert escape_control("\x1b[31m红") == "\\x1b[31m红"
    assert escape_control("a\u202eb") == "a\\u202eb"
    assert escape_control("a\x7fb\x9bc") == "a\\u007fb\\u009bc"
    assert escape_control("a\tb\nc") == "a\\x09b\\x0ac"
    assert escape_control("a\tb\nc", keep="\t\n") == "a\tb\nc"
    assert escape_control("普通文字 100%") == "普通文字 100%"
    assert cell("a\tb") == "a\\x09b" and cell(None) == "" and cell(3) == "3"


def test_safe_stream_keeps_lines_tabs_and_crlf_only() -> None:
    raw = io.StringIO()
    s = SafeStream(raw)
    s.write("名称\t值\r\n")
    s.write("\x1b]0;title\x07假\r真\n")
    assert raw.getvalue() == "名称\t值\r\n\\x1b]0;title\\x07假\\x0d真\n"
    assert "\x1b" not in raw.getvalue()
