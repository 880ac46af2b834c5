"""Units of a repaired text: the pieces the outline reads as headings or paragraphs.

A unit is normally a line. Real text is often damaged, so a line is also cut:
- at a paragraph indent inside it: two or more wide spaces (U+3000, U+2003) between two runs of
  text are the indent of a paragraph joined onto the line before (Chinese paragraphs open with a
  two-character indent), e.g. "第四章优化工业结构，增强国际竞争力　　要坚持以…";
- before a 第X篇/章/节 marker written after a space, a page number or dot leaders, when what follows
  is a short title without sentence punctuation: the entries of a table of contents run together
  ("第一章 发展环境 1 第二章 主要任务 4") or a heading glued after the text before it;
- in a document without line structure (a few lines, or a line of thousands of characters), at
  structural markers that follow a sentence end or stand in a run of titles.
Every cut is found with compiled patterns in one pass over the line, so the cost is linear.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from guihua.documents.markers import SENTENCE_PUNCT, Marker, match_marker

_SPACES = " \t\u3000"
_WIDE = "\u3000\u2003"
_STRUCTURAL = ("part", "chapter", "section", "clause", "cn_item", "paren_cn", "num_item", "paren_num")
_CN = "一二三四五六七八九十百零〇两"
_INLINE_SPLIT = re.compile(r"(?<=[。！？；!?;])[ \t\u3000]*(?=\S)|(?<=[ \t\u3000])(?=\S)")
# Markers that start a heading wherever they stand: "第三章 " with a space after it, "专栏 3：", "图 3：".
_STRONG_MARKER = re.compile(
    rf"第[{_CN}\d]{{1,4}}(?:[篇章节]|部分)(?=[ \u3000])|专[ \u3000]?栏[ \u3000]*\d{{1,3}}[：:]|图[ \u3000]*\d{{1,3}}[：:]"
)
# A numbered item glued to a heading title before it ("…发展环境1、…"): cut there if no sentence
# punctuation stands between the heading and the number.
_GLUED_ITEM = re.compile(r"(?<![\d.．])\d{1,3}、")
_PUNCT = re.compile(f"[{re.escape(SENTENCE_PUNCT)}]")
# Whitespace runs inside a line; those holding two wide spaces are paragraph indents.
_SPACE_RUN = re.compile(r"[ \t\u3000\u2003\u00a0]+")
# A 第X篇/章/节 marker after a space, a page number or leaders (OCR spacing inside the marker allowed).
_TOC_MARKER = re.compile(
    rf"(?<=[\s\d.．…·⋯_\-—])第[ \u3000]?(?:[{_CN}](?:[ \u3000]?[{_CN}]){{0,3}}|\d{{1,3}})[ \u3000]?(?:[篇章节]|部分)"
)
_ENTRY_PUNCT = re.compile(r"[，。；！？,;!?]")
_END_PUNCT = re.compile(r"[。；！？;!?]")
PAGE_END = re.compile(r"(?:[.．。·…⋯\-—_ \t\u3000]{2,}|[ \t\u3000]+|(?<=[\u4e00-\u9fff]))\d{1,4}[ \t\u3000]*$")
_PAGE_END = PAGE_END
_MAX_ENTRY = 60


@dataclass
class Unit:
    a: int  # text offsets, end exclusive, stripped
    b: int
    marker: Marker | None = None
    toc: bool = False
    indented: bool = False  # starts after a paragraph indent inside a line
    # a paragraph by itself: what follows starts a new paragraph (an indent, a blank line, a marker,
    # or any line in a document that does not mark paragraphs by indenting them); False for a line
    # that a non-indented line continues where paragraphs are indented (one sentence per line)
    alone: bool = True
    before_indent: bool = False  # ends where a paragraph indent inside its line begins
    lead: float = 0.0  # width in em of the spaces opening its line (first unit of a line only)


def strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


@dataclass
class _Line:
    a: int  # content, stripped
    b: int
    indent: bool  # opens with a paragraph indent (a wide space, two spaces or a tab)
    after_blank: bool  # a blank line stands before it
    lead: float  # width in em of the spaces before it (wide space 1, space 0.5, tab 2)


def _lead(raw: str, at: int) -> str:
    """The whitespace before raw offset `at` back to the start of its raw line."""
    i = at
    while i > 0 and raw[i - 1] in " \t\u3000\u2003\u00a0":
        i -= 1
    return raw[i:at] if i == 0 or raw[i - 1] == "\n" else ""


def _lines(text: str, raw: str | None, starts: Sequence[int] | None) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    blank = False
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        a, b = strip_span(text, pos, end)
        if b > a:
            # repair drops a line's leading spaces: the indent is read from the raw text
            lead = _lead(raw, starts[a]) if raw is not None and starts is not None else text[pos:a]
            indent = any(ch in _WIDE for ch in lead) or lead.count(" ") >= 2 or "\t" in lead
            width = sum(1.0 if ch in _WIDE else 2.0 if ch == "\t" else 0.5 for ch in lead)
            lines.append(_Line(a, b, indent, blank, width))
            blank = False
        else:
            blank = True
        pos = end + 1
    return lines


def _alone(text: str, lines: list[_Line], k: int, uses_indent: bool) -> bool:
    """Whether line k ends a paragraph: the next line opens a new one (indented, after a blank
    line, or a heading)."""
    if k + 1 >= len(lines) or not uses_indent:
        return True
    nxt = lines[k + 1]
    return nxt.indent or nxt.after_blank or match_marker(text[nxt.a:min(nxt.b, nxt.a + 40)]) is not None


def _has_text(text: str, a: int, b: int, need: int = 2) -> bool:
    """Whether text[a:b] holds `need` characters of text besides a leading structural marker.
    (Looks at no more than it needs: a long run of spaced-out characters stays linear.)"""
    mk = match_marker(text[a:min(b, a + 24)])
    i = a + (mk.end if mk is not None else 0)
    found = 0
    while i < b:
        if not text[i].isspace():
            found += 1
            if found >= need:
                return True
        i += 1
    return False


def _indent_cuts(text: str, a: int, b: int) -> list[tuple[int, int, bool]]:
    """Pieces of line text[a:b] cut at paragraph indents: (start, end, starts after an indent)."""
    out: list[tuple[int, int, bool]] = []
    start, indented = a, False
    for m in _SPACE_RUN.finditer(text, a, b):
        if m.start() == a or m.end() == b or sum(ch in _WIDE for ch in m.group()) < 2:
            continue
        # "第一章　　总　　则": a marker or a character spaced out is not a paragraph before an indent
        nxt = _SPACE_RUN.search(text, m.end(), b)
        after_end = nxt.start() if nxt else b
        if not _has_text(text, start, m.start()) or after_end - m.end() < 2:
            continue
        out.append((start, m.start(), indented))
        start, indented = m.end(), True
    out.append((start, b, indented))
    return out


def _entry_like(text: str, a: int, b: int) -> bool:
    """A short run without sentence punctuation; a comma only before a page number (a contents
    entry "第四章 优化工业结构，增强国际竞争力 12")."""
    if b - a > _MAX_ENTRY or _END_PUNCT.search(text, a, b):
        return False
    return _ENTRY_PUNCT.search(text, a, b) is None or _PAGE_END.search(text[a:b]) is not None


def _toc_cuts(text: str, a: int, b: int) -> list[int]:
    """Where 第X篇/章/节 entries run together on one line (contents, or a heading glued after text)."""
    starts = [m.start() for m in _TOC_MARKER.finditer(text, a, b) if m.start() > a]
    cuts: list[int] = []
    for k, p in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else b
        if _entry_like(text, p, end):
            cuts.append(p)
    return cuts


def _inline_cuts(text: str, a: int, b: int) -> list[int]:
    """Cuts in a line that holds many paragraphs (a document without line structure)."""
    cuts: list[int] = []
    last = a
    punct = [m.start() for m in _PUNCT.finditer(text, a, b)]  # sentence punctuation, in order
    candidates = sorted({m.end() for m in _INLINE_SPLIT.finditer(text, a, b)}
                        | {m.start() for m in _STRONG_MARKER.finditer(text, a, b)}
                        | {m.start() for m in _GLUED_ITEM.finditer(text, a, b)})
    for p in candidates:
        if p <= last or p >= b:
            continue
        mk = match_marker(text, p)
        if mk is None:
            continue
        q = p - 1
        while q > last and text[q] in _SPACES:
            q -= 1
        after_stop = text[q] in "。！？；!?;"
        k = bisect.bisect_left(punct, last)
        title_run = k >= len(punct) or punct[k] >= p  # no sentence punctuation since the last cut
        strong = _STRONG_MARKER.match(text, p) is not None
        if mk.style == "figure" and not after_stop and not strong:
            continue
        if after_stop or strong or (title_run and mk.style in _STRUCTURAL + ("box",)):
            cuts.append(p)
            last = p
    return cuts


def split_units(text: str, raw: str | None = None, starts: Sequence[int] | None = None) -> list[Unit]:
    """The units of `text` in order, each with the structural marker it starts with (if any).

    `raw` and `starts` (raw offset of each text character), when given, tell the indents that the
    repaired text no longer has.
    """
    lines = _lines(text, raw, starts)
    uses_indent = sum(ln.indent for ln in lines) >= max(3, 0.1 * len(lines))
    pieces: list[Unit] = []
    for n, line in enumerate(lines):
        in_line = _indent_cuts(text, line.a, line.b)
        for m, (x, y, indented) in enumerate(in_line):
            bounds = [x, *_toc_cuts(text, x, y), y]
            for k, (p, q) in enumerate(zip(bounds, bounds[1:], strict=False)):
                last_in_piece = k == len(bounds) - 2
                last = m == len(in_line) - 1 and last_in_piece
                pieces.append(Unit(p, q, indented=indented and k == 0,
                                   alone=not last or _alone(text, lines, n, uses_indent),
                                   before_indent=last_in_piece and not last,
                                   lead=line.lead if m == 0 and k == 0 else 0.0))
    inline = len(pieces) <= 3 or any(pc.b - pc.a > 5000 for pc in pieces)
    units: list[Unit] = []
    for pc in pieces:
        bounds = [pc.a, *_inline_cuts(text, pc.a, pc.b), pc.b] if inline else [pc.a, pc.b]
        for k, (x, y) in enumerate(zip(bounds, bounds[1:], strict=False)):
            x, y = strip_span(text, x, y)
            last = k == len(bounds) - 2
            if y > x:
                units.append(Unit(x, y, indented=pc.indented and k == 0, alone=pc.alone or not last,
                                  before_indent=pc.before_indent and last, lead=pc.lead if k == 0 else 0.0))
    for u in units:
        u.marker = match_marker(text[u.a:u.b])
    return units
