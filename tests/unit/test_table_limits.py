"""Imported tables beyond the limits are refused before they are expanded (guihua.store.table_limits).

Bombs are built here: a small XLSX whose one cell expands to 30 MB, sheets declaring or holding more
rows than the limit, a zip part lying about its size, and CSV files too large, too long or too wide.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from guihua.errors import InputError
from guihua.store import table_limits
from guihua.store.actuals import read_table
from guihua.store.table_limits import LIMITS, TableLimits, xlsx_rows

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _xlsx(path: Path, sheet_xml: bytes, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A real workbook (openpyxl) whose first sheet's XML is replaced by `sheet_xml`."""
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", compression) as out:
        for info in src.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            out.writestr(info.filename, data)
    return path


def _sheet(rows_xml: str, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"<worksheet {NS}>{dim}<sheetData>{rows_xml}</sheetData></worksheet>".encode()


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if openpyxl is asked to open a workbook: the refusal must come before."""
    import openpyxl

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("openpyxl.load_workbook was called")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_good_sheet_reads(tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "ok.xlsx", _sheet(
        f'<row r="1">{_inline("A1", "indicator")}{_inline("B1", "year")}</row>'
        f'<row r="2">{_inline("A2", "森林覆盖率")}<c r="B2"><v>2017</v></c></row>', "A1:B2"))
    rows = read_table(p)
    assert rows == [(0, {"indicator": "indicator", "year": "year"}), (2, {"indicator": "森林覆盖率", "year": "2017"})]


def test_one_cell_expanding_to_30_mb_is_refused_unread(tmp_path: Path, no_openpyxl: None) -> None:
    p = _xlsx(tmp_path / "bomb.xlsx", _sheet(f'<row r="1">{_inline("A1", "a" * 30_000_000)}</row>', "A1:A1"))
    assert p.stat().st_size < 200_000
    with pytest.raises(InputError) as err:
        read_table(p)
    assert "压缩比" in err.value.reason and "xl/worksheets/sheet1.xml" in err.value.reason
    assert err.value.where == str(p)


def test_parts_declaring_too_much_in_sum_are_refused(tmp_path: Path, no_openpyxl: None) -> None:
    p = tmp_path / "big.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as zf:  # stored: ratio 1:1, but 3 x 100 MB declared
        for i in range(3):
            zf.writestr(zipfile.ZipInfo(f"xl/media/image{i}.bin"), b"")
    _declare_sizes(p, 100 * 1024 * 1024)
    with pytest.raises(InputError) as err:
        table_limits.check_xlsx_archive(p)
    assert "解压后共 300.0 MB" in err.value.reason


def _declare_sizes(path: Path, size: int, only: str | None = None) -> None:
    """Rewrite the declared uncompressed size of every part (or of the part `only`) in its local header
    and in the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        infos = [i for i in zf.infolist() if only in (None, i.filename)]
    for info in infos:
        struct.pack_into("<I", data, info.header_offset + 22, size)
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if only in (None, data[pos + 46:pos + 46 + name_len].decode()):
            struct.pack_into("<I", data, pos + 24, size)
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


def test_a_part_lying_about_its_size_is_not_expanded(tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "liar.xlsx", _sheet(f'<row r="1">{_inline("A1", "a" * 30_000_000)}</row>'))
    _declare_sizes(p, 4096, only="xl/worksheets/sheet1.xml")  # passes the directory check, fails when read
    table_limits.check_xlsx_archive(p)
    with pytest.raises(InputError) as err:
        read_table(p)
    assert "无法读取 Excel 文件" in err.value.reason and "sheet1.xml" in err.value.reason


def test_a_declared_dimension_beyond_the_row_limit_is_refused(tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "rows.xlsx", _sheet(f'<row r="1">{_inline("A1", "x")}</row>', "A1:A10000000"))
    with pytest.raises(InputError) as err:
        read_table(p)
    assert "声明有 10000000 行" in err.value.reason


def test_a_declared_dimension_beyond_the_column_limit_is_refused(tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "cols.xlsx", _sheet(f'<row r="1">{_inline("A1", "x")}</row>', "A1:XFD1"))
    with pytest.raises(InputError) as err:
        read_table(p)
    assert "16384 列" in err.value.reason and "XFD" in err.value.reason


def test_rows_beyond_the_limit_without_a_dimension_are_refused_while_reading(tmp_path: Path) -> None:
    n = LIMITS.max_rows + 1
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, n + 2))
    p = _xlsx(tmp_path / "many.xlsx", _sheet(rows))
    with pytest.raises(InputError) as err:
        read_table(p)
    assert f"数据超过 {LIMITS.max_rows} 行" in err.value.reason


def test_empty_rows_do_not_count_but_a_far_away_cell_is_bounded(tmp_path: Path) -> None:
    limits = TableLimits(max_rows=5)
    far = _xlsx(tmp_path / "far.xlsx", _sheet(
        f'<row r="1">{_inline("A1", "h")}</row><row r="900000">{_inline("A900000", "x")}</row>'))
    assert len(xlsx_rows(far, limits)) == 900000  # one data row after many empty ones: within the limit
    too_many = _xlsx(tmp_path / "six.xlsx", _sheet("".join(
        f'<row r="{i}">{_inline(f"A{i}", "x")}</row>' for i in (1, 2, 3, 10, 20, 30, 40, 50))))
    with pytest.raises(InputError):
        xlsx_rows(too_many, limits)


def test_a_long_cell_is_refused_with_its_place(tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "cell.xlsx", _sheet(
        f'<row r="1">{_inline("A1", "indicator")}{_inline("B1", "note")}</row>'
        f'<row r="2">{_inline("A2", "x")}{_inline("B2", "长" * 40000)}</row>'))
    with pytest.raises(InputError) as err:
        read_table(p)
    assert err.value.where == f"{p}（工作表“Sheet”）:2" and "第 B 列" in err.value.reason and "40000 个字符" in err.value.reason


def test_a_wide_row_is_refused(tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "wide.xlsx", _sheet(f'<row r="1">{_inline("A1", "x")}{_inline("KZ1", "y")}</row>'))
    with pytest.raises(InputError) as err:
        read_table(p)
    assert "312 列" in err.value.reason


def test_csv_limits(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(LIMITS.max_file_bytes + 1)  # sparse: nothing is written, the size is what counts
    with pytest.raises(InputError) as err:
        read_table(big)
    assert "超过上限 64.0 MB" in err.value.reason

    many = tmp_path / "many.csv"
    many.write_text("indicator,year,value\n" + "x,2017,1\n" * (LIMITS.max_rows + 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_table(many)
    assert f"数据超过 {LIMITS.max_rows} 行" in err.value.reason
    many.write_text("indicator,year,value\n" + "x,2017,1\n" * LIMITS.max_rows, encoding="utf-8")
    assert len(read_table(many)) == LIMITS.max_rows + 1

    long = tmp_path / "long.csv"
    long.write_text("indicator,note\nx,\"" + "长" * 40000 + "\"\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_table(long)
    assert err.value.where == f"{long}:2" and "40000 个字符" in err.value.reason
    longer = tmp_path / "longer.csv"  # past the csv module's own field limit
    longer.write_text("indicator,note\nx,\"" + "a" * 200_000 + "\"\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_table(longer)
    assert "超过上限 32767 个字符" in err.value.reason


def test_an_upload_in_memory_gets_the_same_checks(tmp_path: Path, no_openpyxl: None) -> None:
    bomb = _xlsx(tmp_path / "bomb.xlsx", _sheet(f'<row r="1">{_inline("A1", "a" * 30_000_000)}</row>')).read_bytes()
    with pytest.raises(InputError) as err:
        xlsx_rows(bomb, where="统计数据.xlsx")
    assert err.value.where == "统计数据.xlsx" and "压缩比" in err.value.reason
