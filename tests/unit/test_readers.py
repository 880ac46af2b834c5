"""Readers: encodings, formats, and every kind of bad input giving a one-line error with exit code 2."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import pytest

from guihua.cli.main import IO, run
from guihua.documents import build_outline, read
from guihua.documents.readers import MAX_BYTES
from guihua.errors import InputError

PLAN = "第一章 发展环境\n\n1、总体要求。到2020年，地区生产总值年均增长8%左右。\n\n2、主要任务。推进产业升级。\n"


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(argv, IO(stdout=out, stderr=err, environ={}))
    return code, out.getvalue(), err.getvalue()


def _png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(
        b"IEND", b"")


def _docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for i, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if table and i == 0:
            t = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    t.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf_bytes(pages: list[list[str]]) -> bytes:
    reportlab = pytest.importorskip("reportlab")
    assert reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for lines in pages:
        if lines:
            c.setFont("STSong-Light", 11)
            y = 800
            for line in lines:
                c.drawString(40, y, line)
                y -= 18
        else:  # an image-only page: a drawing, no text
            c.rect(100, 100, 300, 300, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


# --- bad input --------------------------------------------------------------------------------


def _bad_file(tmp_path: Path, case: str) -> Path:
    if case == "empty":
        p = tmp_path / "empty.txt"
        p.write_bytes(b"")
    elif case == "random":
        p = tmp_path / "noise.txt"
        p.write_bytes(random.Random(7).randbytes(8192))
    elif case == "png":
        p = tmp_path / "picture.txt"
        p.write_bytes(_png_bytes())
    elif case == "extension":
        p = tmp_path / "plan.xyz"
        p.write_text(PLAN, encoding="utf-8")
    elif case == "pdf_no_text":
        p = tmp_path / "scan.pdf"
        p.write_bytes(_pdf_bytes([[], []]))
    elif case == "huge":
        p = tmp_path / "huge.txt"
        with p.open("wb") as f:  # sparse: no disk space used
            f.truncate(300 * 1024 * 1024)
    elif case == "truncated_docx":
        data = _docx_bytes(["第一章 发展环境", "1、总体要求。"] * 20)
        p = tmp_path / "cut.docx"
        p.write_bytes(data[: len(data) // 2])
    elif case == "missing":
        p = tmp_path / "nowhere.txt"
    elif case == "whitespace":
        p = tmp_path / "blank.txt"
        p.write_text(" \n\n\u3000\n", encoding="utf-8")
    elif case == "not_a_pdf":
        p = tmp_path / "fake.pdf"
        p.write_text(PLAN, encoding="utf-8")
    elif case == "broken_pdf":
        p = tmp_path / "broken.pdf"
        p.write_bytes(_pdf_bytes([["第一章 发展环境"]])[:300])
    else:  # pragma: no cover
        raise AssertionError(case)
    return p


BAD_CASES = {
    "empty": "为空",
    "random": "",
    "png": "PNG",
    "extension": ".xyz",
    "pdf_no_text": "文字层",
    "huge": "过大",
    "truncated_docx": "损坏",
    "missing": "不存在",
    "whitespace": "没有文字",
    "not_a_pdf": "不是有效的 PDF",
    "broken_pdf": "PDF",
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_one_line_naming_file_and_reason(tmp_path: Path, case: str) -> None:
    path = _bad_file(tmp_path, case)
    for command in ("outline", "check"):
        code, out, err = _run([command, str(path)])
        assert code == 2, (case, err)
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert str(path) in lines[0]
        assert BAD_CASES[case] in lines[0]
        assert "Traceback" not in err


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _bad_file(tmp_path, "huge")
    assert path.stat().st_size > MAX_BYTES

    def fail(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("read the file before checking its size")

    monkeypatch.setattr(Path, "read_bytes", fail)
    with pytest.raises(InputError, match="过大"):
        read(path)


def test_random_bytes_give_a_reason(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read(_bad_file(tmp_path, "random"))
    assert info.value.reason  # some reason, in one line
    assert "\n" not in str(info.value)


# --- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gbk", "gb18030"),
    ("gb18030", "gb18030"),
    ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_text_encodings_are_detected_and_offsets_match_open(tmp_path: Path, encoding: str, expected: str,
                                                             newline: str) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.replace("\n", newline).encode(encoding))
    doc = read(path)
    assert doc.encoding == expected
    with open(path, encoding=doc.encoding) as f:
        assert doc.raw == f.read()
    assert "\r" not in doc.raw
    root = build_outline(doc)
    assert [n.number for n in root.walk() if n.kind == "article"] == [1, 2]


def test_markdown_file_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# 第一章 发展环境\n\n1、总体要求。正文。\n", encoding="utf-8")
    doc = read(path)
    assert doc.format == "txt"
    assert [n.kind for n in build_outline(doc).walk()].count("chapter") == 1


# --- docx and pdf -----------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(_docx_bytes(
        ["第一章 发展环境", "1、总体要求。到2020年，地区生产总值年均增长8%左右。", "2、主要任务。推进产业升级。"],
        table=[["指标", "2015年", "2020年"], ["地区生产总值（亿元）", "2601", "4000"]],
    ))
    doc = read(path)
    assert doc.format == "docx" and doc.encoding is None
    lines = doc.raw.splitlines()
    assert lines[0] == "第一章 发展环境"
    assert lines[1] == "指标\t2015年\t2020年"
    assert lines[2] == "地区生产总值（亿元）\t2601\t4000"
    assert lines[3].startswith("1、总体要求")
    root = build_outline(doc)
    assert [n.number for n in root.walk() if n.kind == "article"] == [1, 2]


def test_pdf_text_layer_pages_and_repairs(tmp_path: Path) -> None:
    body = "1、总体要求。到2020年，地区生产总值年均增长8%左右，人口自然增长率控制"
    path = tmp_path / "plan.pdf"
    path.write_bytes(_pdf_bytes([
        ["第一章 发展环境", body, "在6％。以内。", "1"],
        ["第二章 主要任务", "2、推进产业升级。加快发展。", "2"],
    ]))
    doc = read(path)
    assert doc.format == "pdf"
    assert "\f" in doc.raw  # pages are separated
    assert "1、总体要求" in doc.text
    assert "控制在6‰以内" in doc.text  # broken line joined, ％。 -> ‰
    kinds = [r.kind for r in doc.repairs if r.applied]
    assert kinds.count("drop_page_number") == 2
    assert "per_mille" in kinds
    root = build_outline(doc)
    assert [n.title for n in root.walk() if n.kind == "chapter"] == ["发展环境", "主要任务"]
    assert [n.number for n in root.walk() if n.kind == "article"] == [1, 2]


def test_docx_automatic_heading_numbers_are_read(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%2节"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3、"/></w:lvl>'
        '</w:abstractNum>'
    ))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def add(text: str, level: int | None) -> None:
        p = document.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    add("发展环境", 0)
    add("发展基础", 1)
    add("经济实力。稳步提升。", 2)
    add("民生改善。持续改善。", 2)
    add("普通段落。", None)
    add("主要任务", 0)
    add("产业升级。推进。", 2)
    for _ in range(9):
        add("标题", 0)
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    doc = read(path)
    lines = doc.raw.splitlines()
    assert lines[:7] == ["第一章 发展环境", "第一节 发展基础", "1、经济实力。稳步提升。", "2、民生改善。持续改善。",
                         "普通段落。", "第二章 主要任务", "1、产业升级。推进。"]
    assert lines[-1] == "第十一章 标题"
    root = build_outline(doc)
    assert [(n.kind, n.number) for n in root.walk() if n.kind in ("chapter", "section", "article")][:5] == [
        ("chapter", 1), ("section", 1), ("article", 1), ("article", 2), ("chapter", 2)]


def test_chinese_numbers_for_docx_numbering() -> None:
    from guihua.documents.docx_numbering import chinese_number

    assert [chinese_number(n) for n in (1, 10, 11, 20, 21, 100, 105, 110, 1001)] == [
        "一", "十", "十一", "二十", "二十一", "一百", "一百零五", "一百一十", "一千零一"]
