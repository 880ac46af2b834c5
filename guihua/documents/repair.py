"""Repair PDF-extraction damage in a decoded plan text, logging every change with raw offsets.

The result is the repaired text the layers above read, with two maps back to the raw text:
`starts[i]` is the raw offset of text[i], `ends[i]` the raw end of what text[i] stands for.

Line-level repairs (rules about the layout of extracted text):
- page-number lines ("21", "- 21 -", "第 21 页") and running headers repeated at page edges dropped;
- lines broken mid-sentence joined: a line filling the typical line width that does not end a
  sentence is continued by the next line, unless that one starts a heading or numbered item;
  a line starting with punctuation that cannot begin a line (，。、）…) is joined to the previous one;
  leading and trailing spaces of lines are dropped.
Character-level repairs:
- full-width digits -> ASCII; spaced OCR digits "2 0 0 5年" -> "2005年";
- "％。" standing for ‰: repaired where the text after it continues the same clause (another stop,
  a comma or enumeration comma, 左右/以上/以下…), which a percent sign followed by a full stop
  cannot do; where only the indicator (自然增长率, 出生率, 死亡率) suggests ‰, a warning is given.
Warnings (not changed, `applied=False`): lost glyphs ("■", "□", replacement characters), characters
decomposed into components ("氵米 水"), and spaces between Chinese characters inside a sentence,
where a glyph vanished (" 雁峰").
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field

from guihua.documents.markers import SENTENCE_PUNCT, is_heading_line, match_marker, starts_structure
from guihua.documents.model import Offsets, Repair
from guihua.documents.readers import PAGE_BREAK

# --- helpers ----------------------------------------------------------------------------------


def line_width(s: str) -> float:
    """Width in em: ASCII characters count half, everything else (CJK, full-width) one."""
    return len(s) - 0.5 * len(s.encode("ascii", "ignore"))


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF or 0xF900 <= o <= 0xFAFF


SENTENCE_END = "。！？；：!?;:…"
CLOSERS = "”’）)」』】》"
# Punctuation that Chinese typesetting never puts at the start of a line.
NO_LINE_START = "，。、；：？！）」』】》,;:?!"


def ends_sentence(s: str) -> bool:
    s = s.rstrip()
    if not s:
        return True
    last = s[-1]
    if last in SENTENCE_END:
        return True
    if last in CLOSERS and len(s) > 1 and s[-2] in SENTENCE_END:
        return True
    # An ASCII full stop after a non-digit ends a sentence; "2601." + "57" is a number broken in two.
    return last == "." and len(s) > 1 and not s[-2].isdigit()


class _Builder:
    """Accumulates repaired text with its maps to raw offsets."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        # machine integers, not lists of int objects: a map holds one entry per character of a
        # document of a megabyte, and arrays are neither large nor walked by the garbage collector
        self.starts: Offsets = array("q")
        self.ends: Offsets = array("q")
        self.length = 0

    def copy(self, source: str, a: int, b: int, starts: Offsets | None = None,
             ends: Offsets | None = None) -> None:
        """Copy source[a:b]; maps from `starts`/`ends` (indexed like source) or identity."""
        if b <= a:
            return
        self.pieces.append(source[a:b])
        if starts is None or ends is None:
            self.starts.extend(range(a, b))
            self.ends.extend(range(a + 1, b + 1))
        else:
            self.starts.extend(starts[a:b])
            self.ends.extend(ends[a:b])
        self.length += b - a

    def put(self, s: str, raw_start: int, raw_end: int) -> None:
        """Insert replacement text standing for raw[raw_start:raw_end]."""
        if not s:
            return
        self.pieces.append(s)
        self.starts.extend(array("q", [raw_start]) * len(s))
        self.ends.extend(array("q", [raw_end]) * len(s))
        self.length += len(s)

    def text(self) -> str:
        return "".join(self.pieces)


@dataclass
class RepairResult:
    text: str
    starts: Offsets
    ends: Offsets
    repairs: list[Repair] = field(default_factory=list)


class _Log:
    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.items: list[Repair] = []

    def add(self, kind: str, start: int, end: int, after: str, message: str, applied: bool = True,
            before: str | None = None) -> None:
        line = bisect.bisect_right(self.line_starts, start)
        column = start - self.line_starts[line - 1] + 1
        self.items.append(Repair(
            kind=kind, start=start, end=end, line=line, column=column,
            before=self.raw[start:end] if before is None else before, after=after,
            applied=applied, message=message,
        ))


# --- line-level repairs -----------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"[ \t\u3000]*(?:"
    r"[-—–－][ \t\u3000]*\d{1,4}[ \t\u3000]*[-—–－]"
    r"|第[ \t\u3000]*\d{1,4}[ \t\u3000]*页(?:[ \t\u3000]*[，,/][ \t\u3000]*共[ \t\u3000]*\d{1,4}[ \t\u3000]*页)?"
    r"|\d{1,4}[ \t\u3000]*/[ \t\u3000]*\d{1,4}"
    r"|\d{1,4}"
    r")[ \t\u3000]*"
)


def _looks_like_page_number(s: str) -> bool:
    if not _PAGE_NUMBER.fullmatch(s):
        return False
    digits = re.findall(r"\d+", s)
    # A bare year on its own line is a date, not a page number.
    return not (len(digits) == 1 and len(digits[0]) == 4 and 1900 <= int(digits[0]) <= 2100)


@dataclass
class _Line:
    start: int  # raw offset of the line
    end: int  # raw offset of its "\n" (or len(raw))
    cs: int  # content start (after leading spaces)
    ce: int  # content end (before trailing spaces)

    def content(self, raw: str) -> str:
        return raw[self.cs:self.ce]


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    n = len(raw)
    strip_chars = " \t\u3000\v\u00a0"
    while pos <= n:
        nl = raw.find("\n", pos)
        end = n if nl < 0 else nl
        cs = pos
        while cs < end and raw[cs] in strip_chars:
            cs += 1
        ce = end
        while ce > cs and raw[ce - 1] in strip_chars:
            ce -= 1
        lines.append(_Line(pos, end, cs, ce))
        if nl < 0:
            break
        pos = nl + 1
    return lines


def _typical_width(raw: str, lines: list[_Line], fmt: str) -> float | None:
    """The width most wrapped lines fill, when the text is hard-wrapped; else None.

    A PDF's text layer is always wrapped: without a clear mode its widest lines give the width.
    """
    widths = [line_width(ln.content(raw)) for ln in lines if ln.ce > ln.cs]
    widths = [w for w in widths if w >= 8]
    if not widths:
        return None
    counts = Counter(round(w) for w in widths)
    mode, _ = counts.most_common(1)[0]
    near = sum(c for w, c in counts.items() if abs(w - mode) <= 1)
    if len(widths) >= 8 and near >= 0.3 * len(widths) and mode >= 12:
        return float(mode)
    if fmt == "pdf":
        ordered = sorted(widths)
        return ordered[int(0.9 * (len(ordered) - 1))]
    return None


def _drop_page_furniture(raw: str, lines: list[_Line], fmt: str, log: _Log) -> set[int]:
    """Indexes of page-number lines and running headers/footers; each logged."""
    dropped: set[int] = set()

    def blank(i: int) -> bool:
        return i < 0 or i >= len(lines) or lines[i].ce <= lines[i].cs or raw[lines[i].cs:lines[i].ce] == PAGE_BREAK

    # Pages: runs of lines between form-feed lines.
    pages: list[list[int]] = [[]]
    for i, ln in enumerate(lines):
        if ln.content(raw) == PAGE_BREAK:
            pages.append([])
        elif ln.ce > ln.cs:
            pages[-1].append(i)
    has_pages = len(pages) > 1
    edges: set[int] = set()
    if has_pages:
        for page in pages:
            edges.update(page[:2] + page[-2:])
    for i, ln in enumerate(lines):
        s = ln.content(raw)
        if not s or not _looks_like_page_number(s):
            continue
        isolated = blank(i - 1) and blank(i + 1)
        if (has_pages and i in edges) or (fmt != "docx" and isolated):
            dropped.add(i)
            log.add("drop_page_number", ln.cs, ln.ce, "", "删除页码行")
    # Running headers/footers: the same short line at the edges of at least 3 pages.
    if has_pages:
        edge_lines = [[i for i in page if i not in dropped] for page in pages]
        candidates: Counter[str] = Counter()
        positions: dict[str, list[int]] = {}
        for page in edge_lines:
            for i in set(page[:1] + page[-1:]):
                key = re.sub(r"\d+", "#", lines[i].content(raw))
                candidates[key] += 1
                positions.setdefault(key, []).append(i)
        for key, count in candidates.items():
            if (count >= 3 and count >= len(pages) / 3 and len(key) <= 40 and not starts_structure(key)
                    and not ends_sentence(key)):
                for i in positions[key]:
                    dropped.add(i)
                    log.add("drop_running_header", lines[i].cs, lines[i].ce, "", "删除页眉页脚")
    return dropped


def _indented(raw: str, ln: _Line) -> bool:
    """A line indented like a paragraph's first line (two spaces or a full-width space)."""
    lead = raw[ln.start:ln.cs]
    return "\u3000" in lead or lead.count(" ") >= 2 or "\t" in lead


def _join_lines(raw: str, fmt: str, log: _Log) -> tuple[str, Offsets, Offsets]:
    lines = _split_lines(raw)
    dropped = _drop_page_furniture(raw, lines, fmt, log)
    width = None if fmt == "docx" else _typical_width(raw, lines, fmt)
    full = width * 0.85 if width else None
    out = _Builder()
    prev: _Line | None = None
    prev_text = ""
    for i, ln in enumerate(lines):
        if i in dropped or ln.ce <= ln.cs:
            continue
        s = ln.content(raw)
        if s == PAGE_BREAK:
            continue
        if prev is not None:
            join = False
            reason = ""
            if fmt != "docx" and s[0] in NO_LINE_START and not is_heading_line(prev_text):
                join, reason = True, "行首标点，与上一行相连"
            elif (
                full is not None
                and line_width(prev_text) >= full
                and not ends_sentence(prev_text)
                and not is_heading_line(prev_text)
                and not starts_structure(s)
                and not _indented(raw, ln)
            ):
                join, reason = True, "句中断行，合并"
            if join:
                gap_a, gap_b = prev.ce, ln.cs
                glue = " " if (prev_text[-1].isascii() and prev_text[-1].isalpha()
                               and s[0].isascii() and s[0].isalpha()) else ""
                out.put(glue, gap_a, gap_b)
                log.add("join_line", gap_a, gap_b, glue, reason)
            else:
                out.put("\n", prev.end, prev.end + 1 if prev.end < len(raw) else prev.end)
        out.copy(raw, ln.cs, ln.ce)
        prev = ln
        prev_text = s
    if prev is not None and prev.end < len(raw):
        out.put("\n", prev.end, prev.end + 1)
    return out.text(), out.starts, out.ends


# --- character-level repairs ------------------------------------------------------------------

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CHAR_FIX = re.compile(
    r"(?P<fw>[０-９](?:[０-９]|[．.](?=[０-９]))*)"
    r"|(?P<spaced>(?<![\d.])\d(?:[ \u3000]\d){2,}(?![\d]))"
    r"|(?P<pm>(?P<pmnum>\d+(?:\.\d+)?)[ \t\u3000]*[％%][ \t\u3000]*。)"
)
# What may follow "％。" when it stands for ‰: the clause goes on.
_CONTINUES = re.compile(r"[ \t\u3000]*(?:[。，、；：）)]|左右|以上|以下|以内|之内|上下|至\s*\d|[～~—－-]\s*\d)")
_PER_MILLE_INDICATOR = re.compile(r"自然增长率|出生率|死亡率")
_CLAUSE_START = re.compile(r"[。；！？\n]")


def _fix_characters(text: str, starts: Offsets, ends: Offsets, log: _Log) -> tuple[str, Offsets, Offsets]:
    out = _Builder()
    pos = 0
    for m in _CHAR_FIX.finditer(text):
        a, b = m.span()
        if m.group("fw"):
            out.copy(text, pos, a, starts, ends)
            fixed = m.group("fw").translate(_FULLWIDTH_DIGITS).replace("．", ".")
            for k, ch in enumerate(fixed):
                out.put(ch, starts[a + k], ends[a + k])
            log.add("digits", starts[a], ends[b - 1], fixed, "全角数字改为半角")
            pos = b
        elif m.group("spaced"):
            out.copy(text, pos, a, starts, ends)
            for k in range(a, b):
                if text[k].isdigit():
                    out.put(text[k], starts[k], ends[k])
            fixed = m.group("spaced").replace(" ", "").replace("\u3000", "")
            log.add("digits", starts[a], ends[b - 1], fixed, "去掉数字间的空格（OCR）")
            pos = b
        else:
            value = float(m.group("pmnum"))
            follows = _CONTINUES.match(text, b)
            clause_from = max((x.end() for x in _CLAUSE_START.finditer(text, max(0, a - 80), a)), default=max(0, a - 80))
            indicator = _PER_MILLE_INDICATOR.search(text, clause_from, a)
            sign = a + len(m.group("pmnum"))
            while text[sign] not in "％%":
                sign += 1
            if follows and value <= 1000:
                out.copy(text, pos, sign, starts, ends)
                out.put("‰", starts[sign], ends[b - 1])
                log.add("per_mille", starts[sign], ends[b - 1], "‰",
                        "“％。”后文句子未完，应为千分号‰（PDF 抽取损坏）")
                pos = b
            elif indicator and value <= 60:
                log.add("per_mille", starts[sign], ends[b - 1], "‰",
                        f"“{indicator.group(0)}”通常以‰计，此处“％。”可能是‰，未改动", applied=False)
    out.copy(text, pos, len(text), starts, ends)
    return out.text(), out.starts, out.ends


# --- warnings: lost glyphs --------------------------------------------------------------------

# Components that are not words on their own: a character a font drew from parts ("氵米" for 洣).
_RADICALS = "氵扌亻忄犭纟讠钅饣礻衤艹冫刂阝辶丬攵灬罒彳冖宀疒廴廾夂夊爫丷亠勹匚卩厶彐彡"
# Placeholders and private-use code points where a glyph had no Unicode mapping.
_LOST = re.compile(r"[■□▯◻�\ufffd\ue000-\uf8ff]+")
_DECOMPOSED = re.compile(rf"[{_RADICALS}\u2e80-\u2fdf][\u4e00-\u9fff]{{0,2}}(?:[ \u3000]+[\u4e00-\u9fff])?")
# A space between Chinese characters inside a sentence: a glyph vanished (" 雁峰") or a character
# drawn from two parts left a gap ("米扁 粑" for 糄粑).
_SENTENCE_PUNCT_RE = re.compile(f"[{re.escape(SENTENCE_PUNCT)}]")
_SPACE_IN_TEXT = re.compile(r"(?<=[\u4e00-\u9fff、，。；：“”（）])[ \u3000]+(?=[\u4e00-\u9fff])")


def _flag_lost_glyphs(text: str, starts: Offsets, ends: Offsets, log: _Log) -> None:
    flagged: list[tuple[int, int]] = []

    def add(a: int, b: int, message: str) -> None:
        if any(a < fb and fa < b for fa, fb in flagged):
            return
        flagged.append((a, b))
        log.add("lost_glyph", starts[a], ends[b - 1], "", message, applied=False)

    for m in _LOST.finditer(text):
        add(m.start(), m.end(), "字符丢失（抽取为“■”等占位符），请对照原文")
    for m in _DECOMPOSED.finditer(text):
        add(m.start(), m.end(), "字符被拆成部件（如“氵米”应为一个字），请对照原文")
    line_start = 0
    line_end = -1
    heading_end = 0
    for m in _SPACE_IN_TEXT.finditer(text):
        a = m.start()
        if sum(ch == "\u3000" for ch in m.group()) >= 2:
            continue  # a paragraph indent inside a line (paragraphs joined upstream), not a lost glyph
        if a > line_end:  # the first space of a new line: look at the line once
            line_start = text.rfind("\n", 0, a) + 1
            found = text.find("\n", a)
            line_end = len(text) if found < 0 else found
            punct = _SENTENCE_PUNCT_RE.search(text, line_start, line_end)
            if punct is None:
                heading_end = line_end  # a heading or title line: spaces separate parts
            elif match_marker(text[line_start:punct.start()]) is not None:
                heading_end = punct.start()
            else:
                heading_end = line_start
        if a < heading_end:
            continue
        lo = a
        while lo > max(line_start, a - 2) and "\u4e00" <= text[lo - 1] <= "\u9fff":
            lo -= 1
        hi = m.end()
        while hi < min(len(text), m.end() + 2) and "\u4e00" <= text[hi] <= "\u9fff":
            hi += 1
        add(lo, hi, f"汉字之间多出空格，疑似丢字或字被拆开（“{text[max(line_start, a - 6):m.end() + 6]}”）")


# --- entry point ------------------------------------------------------------------------------


def repair(raw: str, fmt: str = "txt") -> RepairResult:
    """Repair `raw` (the decoded text of a `fmt` file); returns text, maps and the log."""
    log = _Log(raw)
    text, starts, ends = _join_lines(raw, fmt, log)
    text, starts, ends = _fix_characters(text, starts, ends, log)
    _flag_lost_glyphs(text, starts, ends, log)
    log.items.sort(key=lambda r: (r.start, r.end))
    return RepairResult(text=text, starts=starts, ends=ends, repairs=log.items)
