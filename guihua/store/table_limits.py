"""Limits on imported tables (CSV and XLSX), enforced before anything large is expanded.

An XLSX file is a zip archive: 1 MB can declare a cell of a gigabyte, or ten million rows. Before
openpyxl opens it, `check_xlsx_archive` reads the zip's directory (no decompression) and refuses too
many parts, parts whose declared uncompressed size is too large in sum, or a part that expands far
more than spreadsheets do. Python's zipfile never returns more bytes than a part declares (a part
that lies about its size fails its CRC check instead), so the declared sizes bound what is read.
Then the first sheet's declared dimension is checked, and its rows are read in openpyxl's read-only
mode one at a time, counting rows, columns and cell lengths. A CSV file gets the same limits on its
size, rows and cells. Every refusal is one InputError naming the file (and line or cell) in Chinese.

The defaults (`LIMITS`) are far above what a year of statistics needs: 64 MB per file, 200,000 data
rows, 200 columns, and 32,767 characters per cell, Excel's own maximum.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from guihua.errors import InputError

MB = 1024 * 1024
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384


@dataclass(frozen=True)
class TableLimits:
    max_file_bytes: int = 64 * MB  # the file as uploaded (CSV or XLSX)
    max_uncompressed_bytes: int = 256 * MB  # all parts of an XLSX, as its zip directory declares them
    max_shared_strings_bytes: int = 64 * MB  # xl/sharedStrings.xml, which openpyxl loads whole
    max_ratio: int = 100  # uncompressed / compressed size of one part (checked for parts over 1 MB)
    max_parts: int = 1000  # files inside the XLSX archive
    max_rows: int = 200_000  # data rows (non-empty rows below the header)
    max_columns: int = 200
    max_cell_chars: int = 32_767  # Excel's limit for one cell


LIMITS = TableLimits()


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


#: a file on disk, or the bytes of an upload (name it with `where`)
Source = Path | bytes


def _where(source: Source, where: str | None) -> str:
    return where if where is not None else (str(source) if isinstance(source, Path) else "上传的文件")


def _open(source: Source) -> Path | io.BytesIO:
    return source if isinstance(source, Path) else io.BytesIO(source)


def check_file_size(source: Source, limits: TableLimits = LIMITS, where: str | None = None) -> None:
    size = source.stat().st_size if isinstance(source, Path) else len(source)
    if size > limits.max_file_bytes:
        raise InputError(_where(source, where), f"文件大小 {_mb(size)}，超过上限 {_mb(limits.max_file_bytes)}")


def check_xlsx_archive(source: Source, limits: TableLimits = LIMITS, where: str | None = None) -> None:
    """Refuse an XLSX whose zip directory declares too much (nothing is decompressed here)."""
    path = _where(source, where)
    check_file_size(source, limits, path)
    try:
        with zipfile.ZipFile(_open(source)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(path, f"不是有效的 Excel（.xlsx）文件：{exc}") from exc
    if len(infos) > limits.max_parts:
        raise InputError(path, f"Excel 文件内含 {len(infos)} 个部件，超过上限 {limits.max_parts} 个")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise InputError(path, f"Excel 文件解压后共 {_mb(total)}，超过上限 {_mb(limits.max_uncompressed_bytes)}"
                         "（疑为压缩炸弹，未读取）")
    for i in infos:
        if i.file_size > MB and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            raise InputError(path, f"Excel 文件中的 {i.filename} 压缩比 {ratio}:1，超过上限 {limits.max_ratio}:1"
                             "（疑为压缩炸弹，未读取）")
        if i.filename.lower().endswith("sharedstrings.xml") and i.file_size > limits.max_shared_strings_bytes:
            raise InputError(path, f"Excel 文件的共享字符串（{i.filename}）解压后 {_mb(i.file_size)}，"
                             f"超过上限 {_mb(limits.max_shared_strings_bytes)}")


def check_dimension(where: str, max_row: int | None, max_column: int | None, limits: TableLimits = LIMITS) -> None:
    """Refuse a sheet whose declared dimension (<dimension ref="A1:G100"/>) is beyond the limits."""
    if max_row is not None and max_row > min(limits.max_rows + 1, EXCEL_MAX_ROWS):
        raise InputError(where, f"工作表声明有 {max_row} 行，超过上限 {limits.max_rows} 行数据（另加表头）；"
                         "如有多余的空行，请删除后另存")
    if max_column is not None and max_column > min(limits.max_columns, EXCEL_MAX_COLUMNS):
        raise InputError(where, f"工作表声明有 {max_column} 列（到 {get_column_letter(min(max_column, EXCEL_MAX_COLUMNS))} 列），"
                         f"超过上限 {limits.max_columns} 列；如有多余的空列，请删除后另存")


def limited_rows(rows: Iterable[Sequence[Any]], where: str, limits: TableLimits = LIMITS,
                 first_line: int = 1) -> Iterator[Sequence[Any]]:
    """Pass rows through, refusing more than max_rows non-empty rows after the header, rows wider than
    max_columns (in non-empty cells) and cells longer than max_cell_chars. Lines count from `first_line`;
    at most EXCEL_MAX_ROWS rows (empty ones too) are looked at."""
    data_rows = 0
    for line, row in enumerate(rows, start=first_line):
        if line > EXCEL_MAX_ROWS:
            raise InputError(where, f"超过 {EXCEL_MAX_ROWS} 行（Excel 的上限），不是有效的表格")
        if len(row) > limits.max_columns:
            last = max((j for j, v in enumerate(row) if v not in (None, "")), default=-1)
            if last >= limits.max_columns:
                raise InputError(f"{where}:{line}", f"第 {line} 行有 {last + 1} 列，超过上限 {limits.max_columns} 列")
            row = row[:limits.max_columns]
        empty = True
        for j, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, str):
                if len(v) > limits.max_cell_chars:
                    raise InputError(f"{where}:{line}", f"第 {line} 行第 {get_column_letter(j + 1)} 列的单元格有 {len(v)} 个字符，"
                                     f"超过上限 {limits.max_cell_chars} 个")
                if v.strip():
                    empty = False
            else:
                empty = False
        if not empty and line > first_line:
            data_rows += 1
            if data_rows > limits.max_rows:
                raise InputError(where, f"数据超过 {limits.max_rows} 行（上限），未读取；请分成几个文件导入")
        yield row


def csv_rows(text: str, where: str, delimiter: str = ",", limits: TableLimits = LIMITS) -> list[list[str]]:
    """Every record of a CSV text (a record spanning several physical lines is one), within the limits."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [list(r) for r in limited_rows(reader, where, limits)]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(f"{where}:{reader.line_num}", f"第 {reader.line_num} 行（按物理行计）有单元格超过上限 "
                             f"{limits.max_cell_chars} 个字符") from exc
        raise InputError(where, f"CSV 格式有误（第 {reader.line_num} 行）：{exc}") from exc


def xlsx_rows(source: Source, limits: TableLimits = LIMITS, where: str | None = None) -> list[Sequence[Any]]:
    """The rows of the first sheet (cell values as openpyxl reads them), within the limits.

    `source` is a file, or the bytes of an upload (then `where` names it in messages, e.g. its file name).
    """
    from openpyxl import load_workbook

    path = _where(source, where)
    check_xlsx_archive(source, limits, path)
    try:
        wb = load_workbook(_open(source), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(path, f"无法读取 Excel 文件：{exc}") from exc
    try:
        if not wb.worksheets:
            raise InputError(path, "Excel 文件中没有工作表")
        ws = wb.worksheets[0]
        check_dimension(path, ws.max_row, ws.max_column, limits)
        try:
            return list(limited_rows(ws.iter_rows(values_only=True), path, limits))
        except InputError:
            raise
        except Exception as exc:  # a damaged sheet (bad XML, a part failing its CRC check)
            raise InputError(path, f"无法读取 Excel 文件：{exc}") from exc
    finally:
        wb.close()
