"""Readers: one per file format, behind one small interface, chosen by extension from a registry.

A reader turns the bytes of a file into `RawText`: the decoded text that every offset points into.
For .txt that is exactly what `open(path, encoding=detected).read()` returns (newlines translated).
For .pdf the pages' text layers are joined with a line holding a form feed ("\\f") between pages;
for .docx paragraphs and table rows (cells joined by a tab) are lines in document order.
Tables keep their structure beside the raw text (`RawText.tables`, cells with raw offsets): Word
tables from the .docx (a cell merged across columns is written once, a cell merged down the rows only
in its first row), PDF tables found by pdfplumber and located in the page's text.

Every bad input becomes an `InputError` naming the file and the reason, in one line.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from guihua.documents.tables import Cell, Table, locate_cells
from guihua.errors import InputError

MAX_BYTES = 100 * 1024 * 1024  # plans are a few MB at most, even as PDF with images
PAGE_BREAK = "\f"


@dataclass(frozen=True)
class RawText:
    """What a reader gives back."""

    raw: str
    format: str  # "txt" | "docx" | "pdf"
    encoding: str | None  # the detected encoding for text files
    tables: list[Table] = field(default_factory=list)  # tables with cell offsets (docx, pdf)


Reader = Callable[[str, bytes], RawText]
READERS: dict[str, Reader] = {}


def register(*extensions: str) -> Callable[[Reader], Reader]:
    """Register a reader for file extensions (lower case, with the dot)."""

    def deco(func: Reader) -> Reader:
        for ext in extensions:
            READERS[ext] = func
        return func

    return deco


def supported_extensions() -> list[str]:
    return sorted(READERS)


def read_raw(path: str | Path) -> RawText:
    """Check the file (existence, format, size) and hand its bytes to the reader of its format."""
    p = Path(path)
    where = str(path)
    if not p.exists():
        raise InputError(where, "文件不存在")
    if p.is_dir():
        raise InputError(where, "这是一个目录，不是文件")
    ext = p.suffix.lower()
    reader = READERS.get(ext)
    if reader is None:
        shown = ext or "（无扩展名）"
        raise InputError(where, f"不支持的文件格式 {shown}（支持 {'、'.join(supported_extensions())}）")
    try:
        size = p.stat().st_size
        if size == 0:
            raise InputError(where, "文件为空")
        if size > MAX_BYTES:
            raise InputError(
                where, f"文件过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_BYTES // 1024 // 1024} MB），不像一部规划文本"
            )
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(where, f"无法读取文件：{exc.strerror or exc}") from exc
    if not data:
        raise InputError(where, "文件为空")
    return reader(where, data)


# --- text -------------------------------------------------------------------------------------

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"%PDF-", "PDF 文件（请使用 .pdf 扩展名）"),
    (b"PK\x03\x04", "ZIP 压缩包（docx 请使用 .docx 扩展名）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（.doc/.xls，请另存为 .docx）"),
    (b"\x1f\x8b", "gzip 压缩文件"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x7fELF", "可执行程序"),
]


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format `data` starts with, if it is a well-known one."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP 图片"
    return None


def decode_text(where: str, data: bytes) -> tuple[str, str]:
    """Decode bytes of a text file; returns (text with newlines translated, encoding name).

    The encoding name is one `open(path, encoding=name)` accepts and that gives the same text.
    """
    kind = sniff_binary(data)
    if kind:
        raise InputError(where, f"内容是{kind}，不是文本文件")
    text: str | None = None
    encoding = ""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif b"\x00" in data[:4096]:
        encoding = _guess_utf16(data)
        if not encoding:
            raise InputError(where, "含有空字节，是二进制文件而不是文本")
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(where, f"按 {encoding} 解码失败（第 {exc.start} 字节），文件可能已损坏") from exc
    else:
        for candidate in ("utf-8", "gb18030"):
            try:
                text = data.decode(candidate)
            except UnicodeDecodeError:
                continue
            encoding = candidate
            break
        if text is None:
            raise InputError(where, "无法识别文本编码（不是 UTF-8、GB18030/GBK 或 UTF-16），可能不是文本文件")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_plausible_text(where, text)
    return text, encoding


def _common_share(text: str) -> float:
    """Share of characters a plan text is made of: CJK, ASCII, CJK and full-width punctuation."""
    if not text:
        return 0.0
    common = sum(
        1 for ch in text
        if ch.isascii() and (ch.isprintable() or ch in "\n\t\r\f")
        or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
        or "\u2000" <= ch <= "\u206f"
    )
    return common / len(text)


def _guess_utf16(data: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' for BOM-less UTF-16 (NUL bytes beside ASCII characters), else ''."""
    best, best_share = "", 0.0
    sample = data[: 8192 - (8192 % 2)] if len(data) > 8192 else data[: len(data) - len(data) % 2]
    for candidate in ("utf-16-le", "utf-16-be"):
        try:
            share = _common_share(sample.decode(candidate))
        except UnicodeDecodeError:
            continue
        if share > best_share:
            best, best_share = candidate, share
    return best if best_share >= 0.95 else ""


def check_plausible_text(where: str, text: str) -> None:
    """Reject decoded text that is really binary noise or holds no words at all."""
    if not text.strip():
        raise InputError(where, "只有空白，没有文字内容")
    sample = text[:4000] + text[len(text) // 2:len(text) // 2 + 4000]
    controls = sum(
        1 for ch in sample if ch not in "\n\t\f\v" and unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")
    )
    if controls > max(3, len(sample) // 200):
        raise InputError(where, "含有大量控制字符或无效字符，不像文本文件（是否为二进制文件？）")
    if _common_share(sample) < 0.8:
        raise InputError(where, "大量罕见字符，不像文本文件（编码无法识别或是二进制文件）")
    letters = sum(1 for ch in sample if ch.isalnum())
    if letters < max(1, len(sample.strip()) // 10):
        raise InputError(where, "几乎没有文字，不像一份规划文本")


@register(".txt", ".text", ".md", ".markdown")
def read_text_file(where: str, data: bytes) -> RawText:
    text, encoding = decode_text(where, data)
    return RawText(raw=text, format="txt", encoding=encoding)


# --- docx -------------------------------------------------------------------------------------


@register(".docx")
def read_docx(where: str, data: bytes) -> RawText:
    if not data.startswith(b"PK"):
        kind = sniff_binary(data)
        raise InputError(where, f"不是有效的 docx 文件（内容是{kind or '其他格式'}，不是 zip 包）")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            bad = zf.testzip()
            names = set(zf.namelist())
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise InputError(where, "docx 文件已损坏（zip 包不完整或被截断）") from exc
    if bad is not None:
        raise InputError(where, f"docx 文件已损坏（包内 {bad} 校验失败）")
    if "word/document.xml" not in names:
        raise InputError(where, "不是有效的 docx 文件（缺少 word/document.xml）")
    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph

        from guihua.documents.docx_numbering import Numbering

        document = docx.Document(io.BytesIO(data))
        numbering = Numbering(document)
        lines: list[str] = []
        tables: list[Table] = []
        pos = 0  # raw offset where the next line starts
        for element in document.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraph = Paragraph(element, document)
                label = numbering.label(paragraph)  # Word's automatic numbering, e.g. "第一章"
                glue = "" if not label or label[-1] in "、.．)）:：" else " "
                lines.append(_one_line(f"{label}{glue}{paragraph.text}"))
                pos += len(lines[-1]) + 1
            elif tag == "tbl":
                table = Table(source="docx")
                previous: list[object] = []
                for row in DocxTable(element, document).rows:
                    row_cells = row.cells
                    texts: list[str] = []
                    cells: list[Cell] = []
                    at = pos
                    for col, cell in enumerate(row_cells):
                        if col and cell._tc is row_cells[col - 1]._tc:  # merged across columns
                            last = cells[-1]
                            cells[-1] = Cell(last.text, last.start, last.end, last.col, last.span + 1, last.merged)
                            continue
                        if col < len(previous) and cell._tc is previous[col]:  # merged down: written once
                            above = next(c for c in reversed(table.rows[-1]) if c.col <= col)
                            cells.append(Cell(above.text, above.start, above.end, col, 1, merged=True))
                            texts.append("")
                        else:
                            text = _one_line(" ".join(p.text for p in cell.paragraphs).strip())
                            cells.append(Cell(text, at, at + len(text), col))
                            texts.append(text)
                        at += len(texts[-1]) + 1
                    previous = [c._tc for c in row_cells]
                    table.rows.append(cells)
                    lines.append("\t".join(texts))
                    pos += len(lines[-1]) + 1
                tables.append(table)
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise InputError(where, f"docx 文件无法解析（{type(exc).__name__}）") from exc
    raw = "\n".join(lines) + "\n"
    if not raw.strip():
        raise InputError(where, "docx 中没有文字内容")
    return RawText(raw=raw, format="docx", encoding=None, tables=tables)


def _one_line(s: str) -> str:
    """Line breaks inside a paragraph or cell as the raw text has them (\\r and \\r\\n become \\n)."""
    return s.replace("\r\n", "\n").replace("\r", "\n")


# --- pdf --------------------------------------------------------------------------------------


@register(".pdf")
def read_pdf(where: str, data: bytes) -> RawText:
    if not data.lstrip()[:5] == b"%PDF-":
        kind = sniff_binary(data)
        raise InputError(where, f"不是有效的 PDF 文件（内容是{kind or '其他格式'}）")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:
                raise InputError(where, "PDF 已加密，无法读取文字") from exc
            if not ok:
                raise InputError(where, "PDF 已加密（需要密码），无法读取文字")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise InputError(where, f"PDF 文件已损坏或无法解析（{type(exc).__name__}）") from exc
    if not pages:
        raise InputError(where, "PDF 没有页面")
    pages = [p.replace("\r\n", "\n").replace("\r", "\n").replace(PAGE_BREAK, "\n") for p in pages]
    if not any(p.strip() for p in pages):
        raise InputError(where, f"PDF 没有文字层（{len(pages)} 页都是图像，可能是扫描件），请先做文字识别（OCR）")
    texts = [p.rstrip("\n") for p in pages]
    raw = f"\n{PAGE_BREAK}\n".join(texts) + "\n"
    bounds: list[tuple[int, int]] = []
    at = 0
    for t in texts:
        bounds.append((at, at + len(t)))
        at += len(t) + 3
    return RawText(raw=raw, format="pdf", encoding=None, tables=_pdf_tables(data, raw, bounds))


# What an indicator table's page shows in its text: two year columns side by side, or an attribute.
_TABLE_CUE = re.compile(r"(?:19|20)\d\d\s*年[^\n]{0,40}?(?:19|20)\d\d\s*年|约束性|预期性")


def _pdf_tables(data: bytes, raw: str, bounds: list[tuple[int, int]]) -> list[Table]:
    """Tables pdfplumber finds on each page (ruled tables), their cells located in the page's text.

    A table the text layer does not let us place is left out; the text lines are still read."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    tables: list[Table] = []
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page, (lo, hi) in zip(pdf.pages, bounds, strict=False):
                if not _TABLE_CUE.search(raw, lo, hi):
                    continue  # laying out a page is slow: only pages that may hold an indicator table
                for found in page.find_tables():
                    rows, _missing = locate_cells(raw, lo, hi, found.extract())
                    if any(rows):
                        tables.append(Table(rows=rows, source="pdf"))
    except Exception:  # pdfplumber raises many kinds on odd files; the text was read already
        return tables
    return tables
