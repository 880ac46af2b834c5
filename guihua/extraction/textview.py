"""A compact view of a document's text for pattern matching, with a map back to raw offsets.

The view is the repaired text (`Document.text`) with NFKC applied (full-width digits and signs
become ASCII), whitespace removed (PDF line breaks and OCR spaces such as "2 9 0 0 亿元" or
"6 .5 %" disappear), page-number lines dropped and "％。" read as "‰" where the full stop cannot
end a sentence. Paragraph breaks are kept as "\\n": a line break ends a paragraph when the line
before ends a sentence or is a short heading-like line, or when the next line starts a heading. Inside
a line, the two full-width spaces that indent a Chinese paragraph (段首空两格) start a new one (text
whose paragraphs were joined on one line). In text whose sentence ends were stripped, one sentence a
line (almost no line ends with "。" and the lines are of all lengths, not wrapped at one width), a line
end that is not a paragraph break stands for the lost "。" (the view gets a "。" there).
`raw[i]` is the raw offset of view character i, so a span of the view maps to a raw span.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

_PAGE_LINE = re.compile(r"^\s*[-—]?\s*\d{1,3}\s*[-—]?\s*$")
_HEADING_START = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇\d]+[篇章节部分]|专\s*栏|[图表]\s*\d|\d{1,3}\s*[、．]\s*\S|\d{1,3}\.(?!\d)\s*\S|"
    r"[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*、|#+\s|[-*+]\s|\|)"
)
_CAPTION = re.compile(r"^\s*(第[一二三四五六七八九十百零〇\d]+[篇章节]|专\s*栏|[图表]\s*\d)")
_SENTENCE_END = "。！？；:：!?;"
_INLINE_HEADING = re.compile(
    r"(?<=[。！？；!?])(?=第[一二三四五六七八九十百零〇\d]{1,4}[章节篇]|专栏\d{1,3}|\d{1,3}、(?!\d))"
)
_KEEP = set("，；：！？")  # kept full-width: an ASCII comma between digits is a thousands separator
_PER_MILLE_NEXT = set("、,，;；。左以")


@dataclass
class TextView:
    text: str  # the compact view
    raw: Sequence[int]  # raw offset of each character of `text`, plus one past the end
    raw_end: Sequence[int] | None = None  # raw end (exclusive) of what each character stands for

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.raw[start], self.raw[start]
        if self.raw_end is not None:
            return self.raw[start], self.raw_end[end - 1]
        return self.raw[start], self.raw[end - 1] + 1

    def paragraphs(self) -> list[tuple[int, int]]:
        out, start = [], 0
        for m in re.finditer("\n", self.text):
            if m.start() > start:
                out.append((start, m.start()))
            start = m.end()
        if start < len(self.text):
            out.append((start, len(self.text)))
        return out


_STOPS = "。！？!?"
_INDENT = "\u3000\u2003"  # full-width spaces: two of them indent a paragraph


def sentence_per_line(lines: list[str]) -> bool:
    """Text whose sentence-final "。" were stripped, one sentence a line: of enough lines almost none
    ends with a stop, and the lines are not wrapped at one width (a wrapped text has most lines of
    about the same length; a sentence a line gives lengths of every size)."""
    ends = [s.strip() for s in lines if len(s.strip()) > 4]
    if len(ends) < 12:
        return False
    stops = sum(s[-1] in _STOPS for s in ends)
    if stops > 0.03 * len(ends):
        return False
    widths: dict[int, int] = {}
    for s in ends:
        widths[len(s)] = widths.get(len(s), 0) + 1
    longest = sorted(len(s) for s in ends)[int(len(ends) * 0.9)]
    # wrapped text: many lines of (about) the full width of the page
    full = sum(n for w, n in widths.items() if w >= longest - 1)
    return full < 0.3 * len(ends)


def _line_breaks(lines: list[str], by_length: bool = True) -> list[bool]:
    """For each line, whether a paragraph ends after it (`by_length`: a short line ends one, as in
    wrapped text; not in text of one sentence a line, where paragraphs start with their indent)."""
    lengths = sorted(len(s.strip()) for s in lines if len(s.strip()) > 4)
    typical = lengths[int(len(lengths) * 0.75)] if lengths else 40
    out = []
    for i, line in enumerate(lines):
        s = line.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not s:
            out.append(False)
            continue
        if s[-1].isdigit() and nxt.lstrip()[:1].isdigit() and not _HEADING_START.match(nxt):
            out.append(False)  # a number broken across the line ("突破 3 5" / "0 亿元") goes on
            continue
        brk = (
            s[-1] in _SENTENCE_END and by_length
            or len(s) < 0.7 * typical and by_length
            or bool(_HEADING_START.match(nxt))
            or bool(_CAPTION.match(line))
            or bool(_HEADING_START.match(line)) and len(s) < 0.85 * typical
        )
        out.append(brk)
    return out


def _nfkc(ch: str) -> str:
    out = _NFKC.get(ch)
    if out is None:
        out = _NFKC[ch] = unicodedata.normalize("NFKC", ch)
    return out


_NFKC: dict[str, str] = {}
_PER_MILLE = re.compile(r"%。(?=[、,，;；。左]|以[下内上])")
#: "达到0.45.按水资源…": a full stop lost to OCR after a decimal number, not a decimal point
_OCR_STOP = re.compile(r"(?<=\d)\.(?=[\u4e00-\u9fff])")


#: a year written in Chinese digits ("二〇三〇年", "二零二五年", "一九九八年"): read as the same four
#: ASCII digits, so years in words and in digits are one thing to every later rule
_CN_YEAR = re.compile(r"(?<![〇零一二三四五六七八九十百千万两点])(?:一九|二[〇零])[〇零一二三四五六七八九]{2}(?=年)")
_CN_DIGIT = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _in_sentence(text: str, i: int) -> bool:
    """The digits ending at `i` stand inside a sentence (not an article number "1." opening a line)."""
    while i >= 0 and (text[i].isdigit() or text[i] == "."):
        i -= 1
    return i >= 0 and text[i] != "\n"


def build_view(
    text: str, offset_map: Sequence[int] | None = None, offset_end_map: Sequence[int] | None = None,
    raw_text: str | None = None,
) -> TextView:
    """Compact view of `text`; `offset_map[i]` is the raw offset of text[i] (identity if None).

    `offset_end_map[i]`, when given, is the raw end of what text[i] stands for (a repair such as
    "‰" for "％。" covers more than one raw character). `raw_text`, when given, is the text `offset_map`
    points into: a paragraph indent the repair took off a line start is read there.

    The maps are arrays of machine integers and the text is built line by line, so a document of a
    megabyte costs a few bytes a character and no per-character objects outlive their line.
    """
    pieces: list[str] = []
    where = array("q")  # text index of each view character
    lines = text.splitlines(keepends=True)
    content = [ln for ln in lines if not _PAGE_LINE.match(ln)]
    lost_stops = sentence_per_line(content)
    breaks = iter(_line_breaks([ln for ln in content if ln.strip()], by_length=not lost_stops))
    pos = 0
    pending_space = -1  # text position of whitespace between two digit groups
    run = 0  # spaces and tabs in that whitespace (line breaks do not count: PDFs break anywhere)
    last = ""  # the last view character so far
    tail_dot = False  # the view's trailing run of digits and dots holds a "."
    for line in lines:
        if _PAGE_LINE.match(line):
            pos += len(line)
            continue
        has_text = bool(line.strip())
        out: list[str] = []
        indent, gap_at = 0, -1  # full-width spaces in the current gap of the line, where it starts
        if raw_text is not None and offset_map is not None and has_text:
            first = pos + len(line) - len(line.lstrip())
            r = offset_map[first]
            indent = sum(c in _INDENT for c in raw_text[max(0, r - 3):r])
            gap_at = first if indent >= 2 else -1
        for i, ch in enumerate(line):
            p = pos + i
            if ch.isspace():
                if gap_at < 0:
                    gap_at, indent = p, 0
                indent += ch in _INDENT
                if last.isdigit():
                    if pending_space < 0:
                        run = 0
                    pending_space = p
                    run += 2 if ch == "\t" else 0 if ch in "\r\n" else 1
                continue
            if indent >= 2 and last not in ("", "\n") and ch not in "\r\n":
                out.append("\n")  # a paragraph indented inside the line: paragraphs joined on one line
                where.append(gap_at)
                last, tail_dot = "\n", False
            indent, gap_at = 0, -1
            for c in (ch if ch in _KEEP else _nfkc(ch)):
                if c.isspace():
                    continue
                if pending_space >= 0 and c.isdigit() and last.isdigit():
                    # OCR splits numbers ("2 9 0 0", "20 20 年", "35 567 元"): join them; two numbers
                    # apart ("67.7  92.7", a decimal on the left, a wide gap) keep a separator
                    if tail_dot or run >= 2:
                        out.append(" ")
                        where.append(pending_space)
                        last, tail_dot = " ", False
                out.append(c)
                where.append(p)
                if c.isdigit() or c == ".":
                    tail_dot = (tail_dot and (last.isdigit() or last == ".")) or c == "."
                else:
                    tail_dot = False
                last = c
            pending_space = -1
        if has_text and next(breaks, False):
            out.append("\n")
            where.append(pos + len(line.rstrip("\r\n")))
            last, tail_dot = "\n", False
        elif has_text and lost_stops and last not in _SENTENCE_END + "，,、\n" and last:
            out.append("。")  # the stripped sentence end
            where.append(pos + len(line.rstrip()))
            last, tail_dot = "。", False
        pieces.append("".join(out))
        pos += len(line)
    joined = "".join(pieces)
    del pieces
    stops = [m.start() for m in _OCR_STOP.finditer(joined) if _in_sentence(joined, m.start() - 1)]
    if stops:  # same length: the maps stay as they are
        parts_: list[str] = []
        at_ = 0
        for k in stops:
            parts_.append(joined[at_:k])
            parts_.append("。")
            at_ = k + 1
        parts_.append(joined[at_:])
        joined = "".join(parts_)
    if _CN_YEAR.search(joined):  # same length again
        joined = _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGIT), joined)
    # "％。" standing for ‰ (PDF extraction artefact): the stop is followed by a list comma, another
    # stop or a comparator, so it cannot end the sentence there. `covers` is the text index of the
    # last character each view character stands for.
    covers = where
    merged = list(_PER_MILLE.finditer(joined))
    if merged:
        parts: list[str] = []
        w2, e2 = array("q"), array("q")
        at = 0
        for m in merged:
            k = m.start()
            parts.append(joined[at:k])
            w2.extend(where[at:k])
            e2.extend(where[at:k])
            parts.append("‰")
            w2.append(where[k])
            e2.append(where[k + 1])
            at = k + 2
        parts.append(joined[at:])
        w2.extend(where[at:])
        e2.extend(where[at:])
        joined, where, covers = "".join(parts), w2, e2
    # headings run into the text (single-line or badly joined documents): a sentence end followed
    # by 第X章/第X节/专栏N/"N、" starts a new paragraph
    cuts = [m.start() for m in _INLINE_HEADING.finditer(joined)]
    if cuts:
        parts = []
        w3, e3 = array("q"), array("q")
        at = 0
        for cut in cuts:
            parts.append(joined[at:cut])
            w3.extend(where[at:cut])
            e3.extend(covers[at:cut])
            parts.append("\n")
            w3.append(where[cut])
            e3.append(where[cut])
            at = cut
        parts.append(joined[at:])
        w3.extend(where[at:])
        e3.extend(covers[at:])
        joined, where, covers = "".join(parts), w3, e3
    n_text = len(text)
    if offset_map is None:
        raw = array("q", where)
        raw.append(n_text)
        return TextView(joined, raw, array("q", (e + 1 for e in covers)))
    raw = array("q", map(offset_map.__getitem__, where))
    raw.append(offset_map[n_text])
    if offset_end_map is not None and len(offset_end_map) == n_text:
        # a paragraph break after the last line stands at len(text)
        raw_end = array("q", (offset_end_map[e] if e < n_text else offset_map[e] for e in covers))
    else:
        raw_end = array("q", (offset_map[e] + 1 for e in covers))
    return TextView(joined, raw, raw_end)
