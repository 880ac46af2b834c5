"""What a read document is: raw text, repaired text with an offset map, repairs, outline nodes.

Offsets everywhere are positions in `Document.raw`, the text as decoded (for .txt what
`open(path, encoding=detected).read()` returns, newlines translated). The repaired text
`Document.text` is what the layers above read; `Document.raw_offset(i)` maps a position in it
back to `raw`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from guihua.documents.tables import Table

# One raw offset per character: an array of machine integers (8 bytes each, not walked by the
# garbage collector), built by the repair step; any sequence of ints will do for a caller.
Offsets = array  # array("q")

NodeKind = Literal[
    "document", "part", "chapter", "section", "article", "paragraph", "box", "box_item", "figure",
]


@dataclass(frozen=True)
class Repair:
    """One change made to the raw text (or one warning about it, when `applied` is False)."""

    kind: str  # e.g. "join_line", "drop_page_number", "per_mille", "lost_glyph", "digits"
    start: int  # raw offsets of what was changed or flagged
    end: int
    line: int  # 1-based raw line of `start`
    column: int  # 1-based raw column of `start`
    before: str
    after: str
    applied: bool = True
    message: str = ""  # Chinese explanation for the user

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "start": self.start, "end": self.end, "line": self.line,
            "column": self.column, "before": self.before, "after": self.after,
            "applied": self.applied, "message": self.message,
        }


@dataclass
class Node:
    """One node of the outline tree. `start`/`end` are raw offsets (end exclusive)."""

    id: str
    kind: NodeKind
    start: int
    end: int
    number: int | None = None
    title: str = ""
    children: list[Node] = field(default_factory=list)
    note: str = ""  # e.g. "图片缺失" for a figure whose image was lost
    role: str = ""  # "heading" for a paragraph that holds its parent's heading, "toc" for a contents list
    label: str = ""  # a heading's marker as written: "第三章", "一、", "（二）" (a report's parts are "一、")

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id, "kind": self.kind, "number": self.number, "title": self.title,
            "start": self.start, "end": self.end,
        }
        if self.note:
            d["note"] = self.note
        if self.role:
            d["role"] = self.role
        if self.label:
            d["label"] = self.label
        d["children"] = [c.to_dict() for c in self.children]
        return d


@dataclass
class Document:
    """A read plan document."""

    source: str  # the path (or a name for text given directly)
    format: str  # "txt" | "docx" | "pdf"
    encoding: str | None  # detected encoding for .txt, None otherwise
    raw: str  # decoded text; all offsets point here
    text: str  # repaired text for the layers above
    offset_map: Sequence[int]  # offset_map[i] = raw offset of text[i]; len == len(text) + 1
    repairs: list[Repair] = field(default_factory=list)
    # offset_end_map[i] = raw end (exclusive) of what text[i] stands for: one past offset_map[i] for a
    # copied character, the end of the replaced raw run for a repair ("‰" for "％。" covers both).
    # Optional: when empty, raw_span falls back to offset_map[end - 1] + 1.
    offset_end_map: Sequence[int] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # tables a reader kept as tables (docx, pdf)

    @property
    def warnings(self) -> list[Repair]:
        """Damage flagged but not changed (lost glyphs and the like)."""
        return [r for r in self.repairs if not r.applied]

    def raw_offset(self, i: int) -> int:
        """Raw offset of position `i` of the repaired text (i may equal len(text))."""
        return self.offset_map[i]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw (start, end) of the repaired span text[start:end] (end exclusive)."""
        if end <= start:
            s = self.offset_map[start]
            return s, s
        if len(self.offset_end_map) == len(self.text):
            return self.offset_map[start], self.offset_end_map[end - 1]
        return self.offset_map[start], self.offset_map[end - 1] + 1

    def line_column(self, raw_offset: int) -> tuple[int, int]:
        """1-based (line, column) of a raw offset."""
        line = self.raw.count("\n", 0, raw_offset) + 1
        column = raw_offset - (self.raw.rfind("\n", 0, raw_offset) + 1) + 1
        return line, column
