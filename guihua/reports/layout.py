"""Table column widths sized to their content, and names wrapped only between words.

Widths are measured in em of the table's font: a CJK or full-width character is 1 em, other
characters 0.64 em (the widest of the serif fonts that stand for Times New Roman). Each column gets at
least its longest unbreakable piece (a whole word of a name column, a number, a status) and, when
room is left, up to its longest cell on one line. Name columns are then wrapped at word
boundaries (jieba, guihua.extraction.words), so "城镇生活垃圾无害化处理率" may break before
"处理率" but never inside "无害化".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from guihua.extraction.words import words
from guihua.reports.document import Table

LATIN_EM = 0.64  # Times New Roman digits are 0.5 em; DejaVu Serif, its stand-in where absent, 0.64
_MAX_IDEAL_EM = 26.0


def char_em(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else LATIN_EM


AUTOSPACE_EM = 0.25  # Word and LibreOffice space CJK apart from Latin letters and digits


def text_em(text: str) -> float:
    """Width in em, with the space typesetters put between a CJK character and a Latin letter or digit."""
    total = 0.0
    for i, c in enumerate(text):
        total += char_em(c)
        if i and c.isalnum() and text[i - 1].isalnum() and char_em(c) != char_em(text[i - 1]):
            total += AUTOSPACE_EM
    return total


def pieces(text: str, wrap: bool) -> list[str]:
    """The pieces a line may break between: words for name columns; otherwise Latin runs
    (numbers) stay whole and CJK characters break anywhere, as Word and browsers break them."""
    if wrap:
        out: list[str] = []
        for part in re.split(r"(\s+)", text):
            if part.isspace():
                out.append(part)
            elif part:
                out += _bind(list(words(part)))
        return out
    return [m.group(0) for m in re.finditer(r"[0-9A-Za-z.,:%‰+\-/~]+|\S", text)]


_OPENING = "(（“‘《〈[【"
_CLOSING = ")）”’》〉]】、，。；：,.;:"


def _bind(ws: list[str]) -> list[str]:
    """Words joined where a line must not break: a one-character word stays with the word before it
    ("参保" + "率"), an opening bracket with the word after it, a closing one with the word before."""
    out: list[str] = []
    carry = ""
    for w in ws:
        if w in _OPENING or (len(w) == 1 and w[0] in _OPENING):
            carry += w
            continue
        w = carry + w
        carry = ""
        if out and (len(w) == 1 or w[0] in _CLOSING):
            out[-1] += w
        else:
            out.append(w)
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out


def unbreakable_em(text: str, wrap: bool) -> float:
    return max((text_em(p) for line in text.split("\n") for p in pieces(line, wrap)), default=0.0)


def line_em(text: str) -> float:
    return max((text_em(line) for line in text.split("\n")), default=0.0)


@dataclass
class ColumnPlan:
    widths_em: list[float]  # content width of each column, in em
    fits: bool  # False when even the unbreakable pieces do not fit the width given


def plan_columns(table: Table, available_em: float, comfort_em: float = 8.0) -> ColumnPlan:
    """Column content widths (em) filling `available_em`.

    Every column gets its unbreakable minimum (the status column and `whole_cols` their longest
    line); then name columns (`wrap_cols`) up to `comfort_em` (or their longest name, if shorter);
    then the rest is shared in proportion to what each column still lacks for its longest line.
    `fits` is False when the minimums and the names' comfortable width do not fit."""
    n = len(table.columns)
    whole = set(table.whole_cols) | ({table.status_col} if table.status_col is not None else set())
    mins, ideals = [], []
    for c in range(n):
        wrap = c in table.wrap_cols
        cells = [r.cells[c] for r in table.rows if c < len(r.cells)]
        head = table.columns[c]
        lo = max([line_em(x) if c in whole else unbreakable_em(x, wrap) for x in cells]
                 + [2.0, line_em(head) if len(head) <= 4 else 2.0])
        hi = max([line_em(x) for x in cells] + [line_em(table.columns[c]) if n <= 4 else 2.0, lo])
        mins.append(lo)
        ideals.append(max(lo, min(hi, _MAX_IDEAL_EM)))
    if sum(mins) > available_em:
        scale = available_em / sum(mins)
        return ColumnPlan([m * scale for m in mins], False)
    widths = list(mins)
    room = available_em - sum(widths)
    for c in table.wrap_cols:  # names first, up to a comfortable width
        give = min(max(0.0, min(ideals[c], comfort_em) - widths[c]), room)
        widths[c] += give
        room -= give
    fits = all(widths[c] >= min(ideals[c], comfort_em) - 1e-9 for c in table.wrap_cols)
    want = [max(0.0, i - w) for i, w in zip(ideals, widths, strict=True)]
    if not table.wrap_cols and sum(ideals) < 0.5 * available_em:  # a small table: as wide as its content
        return ColumnPlan([i * 1.2 for i in ideals], True)
    if sum(want) >= room:
        total = sum(want) or 1.0
        return ColumnPlan([w + room * x / total for w, x in zip(widths, want, strict=True)], fits)
    widths = [w + x for w, x in zip(widths, want, strict=True)]
    room -= sum(want)
    total = sum(widths) or 1.0
    return ColumnPlan([w + room * w / total for w in widths], fits)


def wrap_words(text: str, width_em: float) -> str:
    """`text` with line breaks ("\\n") between words so that no line is wider than `width_em`
    (a single word wider than that is left whole on its own line, or, failing that, cut)."""
    out_lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for w in pieces(para, True) if para else []:
            if line and text_em(line + w) > width_em + 1e-9:
                out_lines.append(line.rstrip())
                line = ""
            if not line and w.isspace():
                continue  # no line starts with a space
            while text_em(w) > width_em + 1e-9 and not line:  # a word wider than the column: cut it
                cut = _fit(w, width_em)
                out_lines.append(w[:cut])
                w = w[cut:]
            line += w
        out_lines.append(line)
    return "\n".join(out_lines)


def _fit(word: str, width_em: float) -> int:
    used, i = 0.0, 0
    while i < len(word) and used + char_em(word[i]) <= width_em + 1e-9:
        used += char_em(word[i])
        i += 1
    return max(i, 1)
