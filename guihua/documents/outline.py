"""Outline: the structure tree of a read plan (篇 > 章 > 节 > numbered article > paragraph, 专栏 boxes
with their items, figure captions), every node carrying raw offsets.

How it works, in general terms (nothing here knows one document):
1. The repaired text is cut into units: its lines, and in a document without line structure (a
   single line) also at structural markers that follow a sentence end.
2. Each unit starting with a marker (第X篇/章/节/条, 一、, （一）, 1、/1., 专栏, 图) is a candidate
   heading. Numbered candidates are accepted only in sequence (n = previous + 1, or 1 again in a new
   parent), so dates, enumerations and cross references in running text are not headings.
3. Which numbering style is which level is read from the document: 篇 part, 章 chapter, 节 section,
   条 article; the remaining styles (一、 （一） 1、 （1）) take the free levels in the order they first
   appear. A style first seen below the article level stays paragraph text.
4. A table of contents (a run of headings repeated later, optionally under "目录") is kept as one
   paragraph (role "toc") and does not become the tree.
5. A short line without punctuation right after a chapter/section heading continues its title.
6. Inside a 专栏 box, paragraphs are box items; a numbered list inside a box ("1、…，2、…") is not a
   run of articles unless it continues the article sequence with the shape of an article heading.

Every non-whitespace character of the repaired text lies in exactly one leaf (heading paragraphs
carry the headings of chapters, sections, parts and boxes).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from guihua.documents.markers import match_marker
from guihua.documents.model import Document, Node, NodeKind
from guihua.documents.toc import mark_toc
from guihua.documents.units import Unit as _Unit
from guihua.documents.units import split_units
from guihua.documents.units import strip_span as _strip

_STRUCTURAL = ("part", "chapter", "section", "clause", "cn_item", "paren_cn", "num_item", "paren_num")
_FIXED = {"part": "part", "chapter": "chapter", "section": "section", "clause": "article"}
_LEVELS = ("chapter", "section", "article")
_ARABIC = ("num_item", "paren_num")
_DEPTH = {"document": 0, "part": 1, "chapter": 2, "section": 3, "article": 4}
_SPACES = " \t\u3000"
_TITLE_PUNCT = "，。；：！？,;:!?"
_END_PUNCT = "。；！？!?;"
_MAX_TITLE = 40
_MAX_SEPARATED = 80  # a title an indent ends may be long (“关于《…纲要（草案）》的说明”)
_ITEM_TITLE = re.compile(r"[“”\"（）()《》\w\-—+·、/ ]{1,24}?[。：:]")


# --- titles ---------------------------------------------------------------------------------


def _glued_styles(text: str, units: list[_Unit]) -> set[str]:
    """篇/章/节 styles whose headings in this document mostly run into their text unseparated.

    A heading is glued when the text after its marker is one run (no space) that is too long for a
    title, holds a sentence end, or runs on into the next line. In such a document a heading title
    is known only where a paragraph indent ends it.
    """
    seen: dict[str, int] = {}
    glued: dict[str, int] = {}
    for u in units:
        if u.toc or u.marker is None or u.marker.style not in ("part", "chapter", "section"):
            continue
        style = u.marker.style
        seen[style] = seen.get(style, 0) + 1
        rest = text[u.a + u.marker.end:u.b].strip(_SPACES + "：:")
        if (not u.before_indent and rest and not any(ch in _SPACES for ch in rest)
                and (len(rest) > _MAX_TITLE or any(ch in _END_PUNCT for ch in rest) or not u.alone)):
            glued[style] = glued.get(style, 0) + 1
    return {st for st, n in seen.items() if n >= 3 and glued.get(st, 0) > n / 2}


def _split_title(text: str, u: _Unit, kind: str, glued: bool = False) -> tuple[str, int]:
    """(title, text offset where the body starts) of a marker unit of node kind `kind`;
    `glued`: headings of its style run into their text in this document."""
    assert u.marker is not None
    s = text[u.a:u.b]
    i = u.marker.end
    while i < len(s) and (s[i] in _SPACES or s[i] in "：:、.．"):
        i += 1
    rest = s[i:]
    # Markdown bold heading: "**第一章　发展环境**正文…"
    close = rest.find("**")
    if s[:u.marker.start].strip().startswith(("**", "#**")) or (close >= 0 and "**" in s[:u.marker.start]):
        if close >= 0:
            title = rest[:close].strip()
            return _clean(title), u.a + i + close + 2
    rest_md = rest.rstrip("*_# \t\u3000")
    segments = [(m.start(), m.end()) for m in re.finditer(r"[^ \t\u3000]+", rest_md)]
    level = kind in ("part", "chapter", "section")
    if level and len(segments) == 1 and not any(ch in _END_PUNCT for ch in rest_md):
        if glued and not u.before_indent:
            # the heading glued to its first sentence ("第三节形成…环境要转变观念，突破体制障碍"):
            # where the title ends is unknown
            return "", u.a + i
        if len(rest_md) <= (_MAX_SEPARATED if u.before_indent else _MAX_TITLE):
            # a heading standing alone keeps its commas: "第四章优化工业结构，增强国际竞争力"
            return _clean(rest_md), u.b
    title_parts: list[str] = []
    body_at = len(s)
    for k, (x, y) in enumerate(segments):
        seg = rest_md[x:y]
        seg_marker = match_marker(seg) if k > 0 else None
        if seg_marker is not None and seg_marker.style in _STRUCTURAL + ("box",):
            body_at = i + x
            break
        punct = [j for j, ch in enumerate(seg) if ch in _TITLE_PUNCT]
        if not punct:
            title_parts.append(seg)
            continue
        j = punct[0]
        if (level and k == 0 and len(segments) > 1 and len(seg) <= _MAX_TITLE
                and not any(ch in _END_PUNCT + "：:" for ch in seg)):
            # "第四章 优化工业结构，增强国际竞争力 要坚持…": a space ends a title with a comma
            title_parts.append(seg)
            body_at = i + segments[1][0]
            break
        if level and k == 0 and seg[j] in "，,":
            # a run-in heading of a chapter or section: its title runs to the first full stop
            # ("（一）在推动城市发展上聚焦发力，提高带动能力。积极…")
            stop = next((p for p in punct if seg[p] not in "，,"), -1)
            if 0 < stop <= _MAX_TITLE and seg[stop] in "。：:":
                j = stop
        if k == 0 and seg[j] in "。：:" and j <= _MAX_TITLE and u.marker.style not in ("box", "figure"):
            title_parts.append(seg[:j])
            body_at = i + x + j + 1
        elif k == 0 and u.marker.style in ("box", "figure"):
            title_parts.append(seg)
            continue
        else:
            body_at = i + x
        break
    title = " ".join(title_parts)
    if len(title) > _MAX_TITLE:  # no title this long: the heading runs into its text unseparated
        return "", u.a + i
    if body_at >= len(s):
        return _clean(title), u.b
    return _clean(title), u.a + body_at


def _clean(title: str) -> str:
    pieces = title.strip("*_# \t\u3000").split()
    if len(pieces) > 1 and all(len(p) == 1 for p in pieces):
        return "".join(pieces)  # OCR or typesetting spaced every character out: "总　　则", "发 展 环 境"
    return " ".join(pieces)


# --- levels -----------------------------------------------------------------------------------


def _style_levels(text: str, units: list[_Unit]) -> dict[str, str]:
    """Map numbering styles present in the document to node kinds."""
    first_seen: dict[str, int] = {}  # where the style first occurs, or its numbering starts ("1")
    numbers: dict[str, list[int]] = {}
    shaped_one: set[str] = set()  # styles with a unit that has the shape of a heading
    starts_at_one: set[str] = set()  # styles whose numbering has started at 1
    # Numbered lists inside boxes say nothing about levels. A box runs, roughly, to the next
    # 篇/章/节, figure or box, or to a heading that continues a numbering from before the box.
    in_box = False
    for idx, u in enumerate(units):
        if u.toc or u.marker is None:
            continue
        style = u.marker.style
        if style in ("box", "figure", "part", "chapter", "section"):
            in_box = style == "box"
        elif in_box and style in numbers and u.marker.number == numbers[style][-1] + 1:
            in_box = not _heading_shaped(text, u, "")
        if in_box or style not in _STRUCTURAL or u.marker.number is None:
            continue
        numbers.setdefault(style, []).append(u.marker.number)
        if _heading_shaped(text, u, ""):
            shaped_one.add(style)
        if style not in first_seen or (u.marker.number == 1 and style not in starts_at_one):
            first_seen[style] = idx
        if u.marker.number == 1:
            starts_at_one.add(style)

    def counts(style: str) -> bool:  # a numbering runs n, n + 1 somewhere, or starts at 1 repeatedly
        seen = set(numbers[style])
        return any(n + 1 in seen for n in seen) or numbers[style].count(1) >= 2

    # 篇章节条 are levels by name; the other styles when they really number a run of headings.
    present = [st for st in first_seen if st in _FIXED or st in shaped_one or counts(st)]
    present.sort(key=lambda st: first_seen[st])
    mapping: dict[str, str] = {st: _FIXED[st] for st in present if st in _FIXED}
    taken = set(mapping.values())
    free = [lv for lv in _LEVELS if lv not in taken]
    styles = [st for st in present if st not in _FIXED]
    if styles and len(styles) < len(free) and styles[-1] in _ARABIC and "article" in free:
        # Arabic numbering ("1、", "1.") is the article level; the others take the levels from the top.
        mapping[styles[-1]] = "article"
        styles, free = styles[:-1], [lv for lv in free if lv != "article"]
    for st, lv in zip(styles, free, strict=False):
        mapping[st] = lv
    # A style first seen below a fixed level it would sit above is text, not a level.
    for st in [x for x in mapping if x not in _FIXED]:
        above = [_LEVELS.index(mapping[f]) for f in present
                 if f in _FIXED and mapping[f] in _LEVELS and first_seen[f] < first_seen[st]]
        if above and _LEVELS.index(mapping[st]) <= max(above):
            del mapping[st]
    return mapping


# --- the tree ---------------------------------------------------------------------------------


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.root = Node(id="doc", kind="document", start=0, end=len(doc.raw))
        self.open: dict[str, Node] = {}  # kind -> open container (part chapter section article box)
        self.item: Node | None = None  # the open box item
        self.item_end = 0  # text offset where the open box item's text ends so far
        self.last_number: dict[str, int] = {}
        self.last_scope: dict[str, int] = {}
        self.child_ids: dict[int, set[str]] = {}  # id(parent) -> ids of its children

    # containers
    def parent_for(self, kind: str) -> Node:
        order = {
            "part": ("document",),
            "chapter": ("part",),
            "section": ("chapter", "part"),
            "article": ("section", "chapter", "part"),
            "box": ("section", "chapter", "part"),
            "figure": ("article", "section", "chapter", "part"),
            "paragraph": ("article", "section", "chapter", "part"),
        }[kind]
        for k in order:
            if k in self.open:
                return self.open[k]
        return self.root

    def close_from(self, kind: str) -> None:
        depth = _DEPTH[kind]
        for k in list(self.open):
            if k == "box" or _DEPTH.get(k, 99) >= depth:
                del self.open[k]
        self.item, self.item_end = None, 0

    def add(self, parent: Node, kind: NodeKind, a: int, b: int, number: int | None = None, title: str = "",
            role: str = "", note: str = "") -> Node:
        abbr = {"part": "pt", "chapter": "ch", "section": "s", "article": "a", "paragraph": "p",
                "box": "box", "box_item": "i", "figure": "fig"}[kind]
        taken = self.child_ids.setdefault(id(parent), set())
        base = "" if parent.kind == "document" else parent.id + "/"
        node_id = f"{base}{abbr}{number}" if number is not None else f"{base}{abbr}#{len(parent.children) + 1}"
        if node_id in taken:
            node_id = f"{node_id}#{len(parent.children) + 1}"
        a, b = _strip(self.doc.text, a, b)
        start, end = self.doc.raw_span(a, b) if b > a else (self.doc.raw_offset(a),) * 2
        node = Node(id=node_id, kind=kind, start=start, end=end, number=number, title=title, role=role,
                    note=note)
        parent.children.append(node)
        taken.add(node_id)
        return node

    def accept(self, kind: str, number: int | None, scope: Node, shaped: bool) -> bool:
        """Numbered headings are accepted in sequence only."""
        if number is None:
            return kind in ("part", "chapter", "section") and shaped
        last = self.last_number.get(kind)
        new_scope = self.last_scope.get(kind) != id(scope)
        if last is None:
            ok = number == 1 or shaped
        elif number == last + 1:
            ok = True
        elif number == 1 and new_scope:
            ok = True
        elif kind in ("part", "chapter", "section"):
            # 第X篇/章/节 written as a heading line: an excerpt or a lost page may skip numbers
            ok = shaped and number > last
        else:  # a heading lost in extraction: allow a small gap for what looks like a heading
            ok = shaped and last + 1 < number <= last + 2
        if ok:
            self.last_number[kind] = number
            self.last_scope[kind] = id(scope)
        return ok


def _leaves_box(b: _Builder, kind: str, number: int | None, scope: Node, text: str, u: _Unit) -> bool:
    """Inside a box, a numbered line ends the box only when it continues the numbering outside it
    (or starts it afresh in a new parent) and reads like a heading without figures in its title."""
    if number is None:
        return False
    last = b.last_number.get(kind)
    if last is not None and number == last + 1:
        return _heading_shaped(text, u, "")
    fresh = number == 1 and b.last_scope.get(kind) != id(scope)
    return fresh and _heading_shaped(text, u, "") and not any(ch.isdigit() for ch in _head_text(text, u))


def _head_text(text: str, u: _Unit) -> str:
    """The title part of a numbered unit: up to its first punctuation."""
    assert u.marker is not None
    after = text[u.a + u.marker.end:u.b]
    stop = min((after.find(ch) for ch in _TITLE_PUNCT if ch in after), default=len(after))
    return after[:stop]


def _heading_shaped(text: str, u: _Unit, title: str) -> bool:
    """Does a numbered unit look like a heading rather than an enumeration in running text?"""
    assert u.marker is not None
    after = text[u.a + u.marker.end:u.b].lstrip(_SPACES + "：:、.．")
    if u.marker.style in ("part", "chapter", "section"):
        return bool(title) or not after
    if not after:
        return False
    head = after[:41]
    stop = min((head.find(ch) for ch in _TITLE_PUNCT if ch in head), default=-1)
    if stop < 0:
        return len(after) <= 40  # the whole line is a short title
    return head[stop] in "。：:" and stop >= 2


def build_outline(doc: Document) -> Node:
    """The structure tree of `doc`; node offsets are raw offsets."""
    text = doc.text
    units = split_units(text, doc.raw, doc.offset_map)
    mark_toc(text, units)
    levels = _style_levels(text, units)
    glued = _glued_styles(text, units)
    b = _Builder(doc)
    note_missing = "图片缺失，仅存图题" if doc.format in ("txt", "pdf") else ""

    i = 0
    n = len(units)
    while i < n:
        u = units[i]
        i += 1
        if u.toc:
            j = i
            while j < n and units[j].toc:
                j += 1
            b.open.pop("box", None)
            b.item, b.item_end = None, 0
            b.add(b.parent_for("paragraph"), "paragraph", u.a, units[j - 1].b, title="目录", role="toc")
            i = j
            continue
        mk = u.marker
        kind = None
        if mk is not None:
            if mk.style in ("box", "figure"):
                kind = mk.style
            elif mk.style in levels:
                kind = levels[mk.style]
        if kind is None:
            _paragraph(b, u)
            continue
        assert mk is not None
        title, body_at = _split_title(text, u, kind, mk.style in glued)
        if kind == "figure":
            if "box" in b.open:
                del b.open["box"]
                b.item, b.item_end = None, 0
            b.add(b.parent_for("figure"), "figure", u.a, u.b, mk.number, title or text[u.a:u.b], note=note_missing)
            continue
        shaped = _heading_shaped(text, u, title)
        if kind == "box":
            b.close_from("article")
            box = b.add(b.parent_for("box"), "box", u.a, u.b, mk.number, title)
            b.open["box"] = box
            head_end = body_at
            if head_end >= u.b and i < n and _continues_title(text, units[i], u) and not title:
                head_end = units[i].b
                i += 1
            b.add(box, "paragraph", u.a, head_end, role="heading")
            if head_end < u.b:
                b.item = b.add(box, "box_item", head_end, u.b, title=_item_title(text, head_end, u.b))
                b.item_end = u.b
            continue
        parent_kind = "document" if kind == "part" else kind
        scope = b.parent_for(parent_kind) if kind != "part" else b.root
        if "box" in b.open and mk.style not in _FIXED and not _leaves_box(b, kind, mk.number, scope, text, u):
            _paragraph(b, u)  # a numbered list inside a box
            continue
        if not b.accept(kind, mk.number, scope, shaped):
            _paragraph(b, u)
            continue
        if kind == "article":
            b.close_from("article")
            art = b.add(b.parent_for("article"), "article", u.a, u.b, mk.number, title)
            art.label = _marker_label(text, u)
            b.open["article"] = art
            role = "heading" if body_at >= u.b else ""
            b.add(art, "paragraph", u.a, u.b, role=role)
            continue
        # part / chapter / section
        level: NodeKind = "part" if kind == "part" else "chapter" if kind == "chapter" else "section"
        b.close_from(level)
        node = b.add(b.parent_for(level), level, u.a, u.b, mk.number, title)
        node.label = _marker_label(text, u)
        b.open[level] = node
        head_end = min(body_at, u.b)
        if head_end >= u.b and i < n and _continues_title(text, units[i], u):  # a title on two lines
            extra = units[i]
            node.title = _clean(f"{node.title} {text[extra.a:extra.b]}")
            head_end = extra.b
            i += 1
        b.add(node, "paragraph", u.a, head_end, role="heading")
        if head_end < u.b:
            b.add(node, "paragraph", head_end, u.b)
    _fix_spans(b.root)
    return b.root


def _marker_label(text: str, u: _Unit) -> str:
    """The heading's marker as the document writes it: "第三章", "一、", "（二）", "5、"."""
    assert u.marker is not None
    written = text[u.a + u.marker.start:u.a + u.marker.end]
    return re.sub(r"[ \t\u3000]+", "", written).rstrip("：:")


def _continues_title(text: str, u: _Unit, head: _Unit) -> bool:
    """A short line without punctuation or marker continues the heading above it, unless it opens
    a paragraph: after an indent inside a line, or with a paragraph indent (about two characters)
    that the heading line does not have (a centred title's lines are both far indented)."""
    s = text[u.a:u.b]
    paragraph_indent = 1.0 <= u.lead <= 4.0 and u.lead != head.lead
    return (
        u.marker is None and not u.toc and not u.indented and not paragraph_indent and len(s) <= 20
        and not any(ch in _TITLE_PUNCT + "、“”（）()" for ch in s)
    )


def _item_title(text: str, a: int, b: int) -> str:
    m = _ITEM_TITLE.match(text, a, b)
    return m.group(0)[:-1].strip() if m else ""


def _paragraph(b: _Builder, u: _Unit) -> None:
    text = b.doc.text
    if "box" in b.open:
        box = b.open["box"]
        title = _item_title(text, u.a, u.b)
        continues = b.item_end > 0 and text[b.item_end - 1] not in "。！？!?；;"
        if b.item is None or (title and not continues):
            b.item = b.add(box, "box_item", u.a, u.b, title=title)
        else:  # continues the open item: widen it
            b.item.end = b.doc.raw_span(u.a, u.b)[1]
        b.item_end = u.b
        return
    b.add(b.parent_for("paragraph"), "paragraph", u.a, u.b)


def _fix_spans(node: Node) -> None:
    """Containers span from their first to their last child."""
    for child in node.children:
        _fix_spans(child)
    if node.children and node.kind != "document":
        node.start = min(node.start, node.children[0].start)
        node.end = max(node.end, node.children[-1].end)


# --- queries ----------------------------------------------------------------------------------


def locate(root: Node, raw_offset: int) -> list[Node]:
    """Path from the root to the deepest node containing `raw_offset`."""
    path = [root]
    node = root
    while node.children:
        # children are in order and do not overlap: the candidate is the last one starting at or
        # before the offset (a binary search keeps a lookup logarithmic in the number of children)
        k = bisect.bisect_right(node.children, raw_offset, key=_start) - 1
        if k < 0 or not raw_offset < node.children[k].end:
            break
        node = node.children[k]
        path.append(node)
    return path


def _start(node: Node) -> int:
    return node.start


def section_label(path: Iterable[Node]) -> str | None:
    """The eval GUIDELINE's section label of a node path: art:N, box:N, sec:C.S or ch:C."""
    nodes = list(path)
    by_kind: dict[str, Node] = {}
    for node in nodes:
        by_kind.setdefault(node.kind, node)
    for node in reversed(nodes):
        if node.kind == "box" and node.number is not None:
            return f"box:{node.number}"
        if node.kind == "article" and node.number is not None:
            return f"art:{node.number}"
    chapter = by_kind.get("chapter")
    section = by_kind.get("section")
    if chapter is not None and section is not None:
        return f"sec:{chapter.number}.{section.number}"
    if chapter is not None:
        return f"ch:{chapter.number}"
    return None


def outline_problems(root: Node) -> list[str]:
    """Gaps in numbering and figures without images, in Chinese, one line each."""
    problems: list[str] = []
    names = {"part": "篇", "chapter": "章", "article": "条", "box": "专栏", "figure": "图"}
    for kind, name in names.items():
        numbers = [n.number for n in root.walk() if n.kind == kind and n.number is not None]
        if not numbers:
            continue
        expected = set(range(1, max(numbers) + 1))
        missing = sorted(expected - set(numbers))
        if missing:
            shown = "、".join(str(x) for x in missing[:20])
            problems.append(f"{name}编号缺失：{shown}（现有 {min(numbers)}–{max(numbers)}，共 {len(numbers)} 个）")
    for chapter in (n for n in root.walk() if n.kind == "chapter"):
        numbers = [c.number for c in chapter.children if c.kind == "section" and c.number is not None]
        if numbers and sorted(numbers) != list(range(1, len(numbers) + 1)):
            problems.append(f"第{chapter.number}章的节编号不连续：{numbers}")
    figures = [n for n in root.walk() if n.kind == "figure" and n.note]
    if figures:
        shown = "、".join(str(f.number) for f in figures)
        problems.append(f"图 {shown} 只有图题，图片缺失（共 {len(figures)} 幅）")
    return problems
