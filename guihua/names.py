"""Identifiers and names people type: what is allowed in them, and how they are shown on a terminal.

- A plan id becomes part of file names (reports, exports) and of web addresses, so it is kept to
  letters, digits, "-" and "_", at most PLAN_ID_MAX characters (`check_plan_id`): "../../x" or
  "a/b" never reach a path.
- Names (indicators, aliases, departments, units, projects' responsible units, users) may not hold
  control characters (a terminal runs "\\x1b[2J"), line breaks or invisible format characters (a
  right-to-left override turns "部门乙\\u202e甲" around on screen): `check_name` refuses them.
- Text from files and databases is printed on terminals through `escape_control`, which writes such
  characters as visible escapes ("\\x1b", "\\u202e") instead of sending them.
"""

from __future__ import annotations

import re
import unicodedata

from guihua.errors import InputError

PLAN_ID_MAX = 64
_PLAN_ID = re.compile(r"[A-Za-z0-9_-]+")
# control (Cc), format (Cf: bidi overrides, zero-width characters, BOM), line and paragraph separators
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def check_plan_id(plan_id: object, where: str = "--plan") -> str:
    """`plan_id` when it is 1..PLAN_ID_MAX letters, digits, "-" or "_"; InputError naming `where` otherwise."""
    if not isinstance(plan_id, str) or not plan_id:
        raise InputError(where, "请给出规划编号")
    if len(plan_id) > PLAN_ID_MAX:
        raise InputError(where, f"规划编号过长（{len(plan_id)} 个字符，最多 {PLAN_ID_MAX} 个）")
    if not _PLAN_ID.fullmatch(plan_id):
        raise InputError(where, f"规划编号“{escape_control(plan_id)}”只能由英文字母、数字、“-”和“_”组成，"
                         "如 hengyang-13th")
    return plan_id


def is_hidden(ch: str) -> bool:
    """Whether `ch` is a control, format (invisible) or line/paragraph separator character."""
    return unicodedata.category(ch) in _HIDDEN_CATEGORIES


def check_name(text: str, field: str) -> str:
    """`text` when it holds no control, line-break or invisible format character; InputError otherwise."""
    for i, ch in enumerate(text):
        if is_hidden(ch):
            raise InputError(field, f"“{escape_control(text)}”第 {i + 1} 个字符是控制字符或不可见字符"
                             f"（U+{ord(ch):04X}），名称中不能含有；请删除后重试")
    return text


def check_names(values: object, field: str) -> None:
    """check_name on a name or on each name of a list (None and non-text values pass)."""
    items = values if isinstance(values, (list, tuple)) else [values]
    for v in items:
        if isinstance(v, str):
            check_name(v, field)


def _escape(ch: str) -> str:
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x20 else f"\\u{n:04x}"


def escape_control(text: str, keep: str = "") -> str:
    """`text` with control, invisible and separator characters written as escapes ("\\x1b", "\\u202e"),
    except those in `keep` (a terminal writer keeps "\\n" and "\\t")."""
    if not any(is_hidden(ch) for ch in text):
        return text
    return "".join(_escape(ch) if is_hidden(ch) and ch not in keep else ch for ch in text)
