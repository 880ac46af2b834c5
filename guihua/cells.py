"""Spreadsheet cells that never run: text a spreadsheet would take for a formula, written as text.

A spreadsheet opening a CSV file, or a cell typed in by hand, treats text beginning with = + - @ (or
a tab or carriage return) as a formula: "=HYPERLINK(...)" becomes a link, "=cmd|' /C calc'!A0" asks
to run a program. Text from plans, data files and users reaches our exports, so every CSV and XLSX
writer of guihua passes its cells through here:

- CSV (OWASP's advice): such a cell gets one leading apostrophe, which spreadsheets show as text and
  hide. `csv_cell` adds it; `csv_value` (used when a CSV is imported) takes it off, so an exported
  file imported again is unchanged. To keep that exact, text that already begins with apostrophes
  followed by such a character gets one more apostrophe too.
- XLSX: the cell is a string cell with the quotePrefix style (Excel's own mark for "typed with a
  leading apostrophe"), never a formula; the text itself is unchanged (`protect_workbook`).

Plain numbers ("-5", "+3.2", "-1e5") are left alone: a spreadsheet reads them as the number they are.
The full-width forms ＝ ＋ － ＠ count too, since some spreadsheets in Chinese locales accept them
as formula signs.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _runs(text: str) -> bool:
    """Whether a spreadsheet could take `text`, apostrophes before it ignored, for a formula."""
    t = text.lstrip("'")
    return t.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(t)


def needs_protection(text: str) -> bool:
    """Whether `text` begins like a formula (= + - @ tab CR, or full-width = + - @) and is not a plain number."""
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as the text it is: "=1+2" -> "'=1+2"; other values unchanged."""
    if isinstance(value, str) and _runs(value):
        return "'" + value
    return value


def csv_value(text: str) -> str:
    """The text `csv_cell` protected: "'=1+2" -> "=1+2"; anything else unchanged."""
    if text.startswith("'") and _runs(text[1:]):
        return text[1:]
    return text


def protect_workbook(wb: Any) -> int:
    """Make every cell of an openpyxl workbook that would run (a formula, or text beginning like
    one) a string cell with the quotePrefix style; returns how many cells were changed."""
    changed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, str) and (cell.data_type == "f" or needs_protection(v)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed
