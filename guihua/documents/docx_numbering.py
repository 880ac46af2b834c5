"""The text of Word's automatic list numbering ("第一章", "（一）", "1、"), which python-docx leaves out.

Plans written in Word often number their headings with list numbering instead of typing it; the
reader puts the number Word would show in front of the paragraph text, so the outline sees it.
Covers the numbering formats plans use (decimal, Chinese counting, letters, roman); anything it
cannot work out gives no number rather than a wrong one.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (up to 9999)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    zero = False
    for value, name in units:
        digit = n // value % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if value == 10 and digit == 1 and not out else _CN[digit]) + name
    return out


def _roman(n: int) -> str:
    pairs = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
             (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, sym in pairs:
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero", "decimalFullWidth", "decimalHalfWidth"):
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"):
        return chinese_number(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedCircleChinese" or fmt == "decimalEnclosedCircle":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "none":
        return ""
    return None


class Numbering:
    """Counts list numbers through a document, paragraph by paragraph."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[int, str, str]] = {}  # (numId, ilvl) -> start, fmt, text
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (AttributeError, KeyError, NotImplementedError):
            return
        abstract: dict[str, Any] = {a.get(f"{W}abstractNumId"): a for a in root.iter(f"{W}abstractNum")}
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId")
            ref = num.find(f"{W}abstractNumId")
            if num_id is None or ref is None or ref.get(f"{W}val") not in abstract:
                continue
            overrides = {
                int(o.get(f"{W}ilvl", "0")): int(s.get(f"{W}val", "1"))
                for o in num.iter(f"{W}lvlOverride") for s in o.iter(f"{W}startOverride")
            }
            for lvl in abstract[ref.get(f"{W}val")].iter(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                start_el, fmt_el, text_el = lvl.find(f"{W}start"), lvl.find(f"{W}numFmt"), lvl.find(f"{W}lvlText")
                start = overrides.get(ilvl, int(start_el.get(f"{W}val", "1")) if start_el is not None else 1)
                fmt = fmt_el.get(f"{W}val", "decimal") if fmt_el is not None else "decimal"
                text = text_el.get(f"{W}val", "") if text_el is not None else ""
                self.levels[(num_id, ilvl)] = (start, fmt, text)

    @staticmethod
    def _num_pr(paragraph: Any) -> tuple[str, int] | None:
        """(numId, ilvl) from the paragraph's own properties or its style chain."""
        candidates = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            candidates.append(style.element.pPr)
            style = style.base_style
        num_id: str | None = None
        ilvl: int | None = None
        for ppr in candidates:
            if ppr is None:
                continue
            numpr = ppr.find(f"{W}numPr")
            if numpr is None:
                continue
            id_el, lvl_el = numpr.find(f"{W}numId"), numpr.find(f"{W}ilvl")
            if num_id is None and id_el is not None:
                num_id = id_el.get(f"{W}val")
            if ilvl is None and lvl_el is not None:
                ilvl = int(lvl_el.get(f"{W}val", "0"))
        if num_id is None or num_id == "0":
            return None
        return num_id, ilvl or 0

    def label(self, paragraph: Any) -> str:
        """The number Word shows in front of `paragraph` ("" when it has none)."""
        try:
            key = self._num_pr(paragraph)
        except (AttributeError, ValueError, KeyError):
            return ""
        if key is None or key not in self.levels:
            return ""
        num_id, ilvl = key
        counters = self.counters.setdefault(num_id, {})
        start, _, text = self.levels[key]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [lv for lv in counters if lv > ilvl]:
            del counters[deeper]
        out = text
        for lv in range(ilvl, -1, -1):
            placeholder = f"%{lv + 1}"
            if placeholder not in out:
                continue
            level = self.levels.get((num_id, lv))
            if level is None:
                return ""
            value = counters.get(lv, level[0])
            shown = format_number(value, level[1])
            if shown is None:
                return ""
            out = out.replace(placeholder, shown)
        return out
