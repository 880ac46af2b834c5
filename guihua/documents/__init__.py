"""Reading plan documents: readers per format, repair of extraction damage, the outline tree.

Public API:
    read(path) -> Document            read a .txt/.md/.docx/.pdf file (InputError on bad input)
    read_text(text, source) -> Document   the same repair pipeline on a string
    build_outline(doc) -> Node        the structure tree (raw offsets)
    locate(root, raw_offset) -> list[Node]   path to the deepest node containing an offset
    section_label(path) -> str | None        "art:N" / "box:N" / "sec:C.S" / "ch:C"
    outline_problems(root) -> list[str]      numbering gaps, figures without images
"""

from __future__ import annotations

from pathlib import Path

from guihua.documents.model import Document, Node, Repair
from guihua.documents.outline import build_outline, locate, outline_problems, section_label
from guihua.documents.readers import READERS, RawText, read_raw
from guihua.documents.repair import repair

__all__ = [
    "Document", "Node", "Repair", "READERS", "build_outline", "locate", "outline_problems", "read",
    "read_text", "section_label",
]


def _document(raw: RawText, source: str) -> Document:
    result = repair(raw.raw, raw.format)
    offset_map = result.starts
    offset_map.append(len(raw.raw))
    return Document(
        source=source, format=raw.format, encoding=raw.encoding, raw=raw.raw, text=result.text,
        offset_map=offset_map, repairs=result.repairs, offset_end_map=result.ends, tables=raw.tables,
    )


def read(path: str | Path) -> Document:
    """Read a plan file; raises InputError naming the file and the reason for any bad input."""
    return _document(read_raw(path), str(path))


def read_text(text: str, source: str = "<text>", format: str = "txt") -> Document:
    """Run the repair pipeline on a string (newlines are translated as a text file's would be)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n")
    return _document(RawText(raw=raw, format=format, encoding=None), source)
