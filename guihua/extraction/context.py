"""Where a paragraph stands: its outline node, GUIDELINE section label and heading titles.

With an outline tree (guihua.documents.build_outline) the node path comes from `locate`. Without
one (the documents layer not available, or a caller passing text only) a small heading scanner
over the compact view gives the same labels: 第X章 -> "ch:C", 第X节 -> "sec:C.S", a paragraph
opening "N、" -> "art:N", 专栏 N -> "box:N".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from guihua.extraction.quantities import parse_chinese_number

_CN = r"[一二三四五六七八九十百零〇\d]+"
_CHAPTER = re.compile(rf"^第({_CN})章")
_SECTION = re.compile(rf"^第({_CN})节")
_ARTICLE = re.compile(r"^(\d{1,3})[、．.](?!\d)")
_INLINE_ARTICLE = re.compile(r"(?<![\d.])(\d{1,3})、(?!\d)")
_BOX = re.compile(r"^专栏(\d{1,3})")
_FIGURE = re.compile(r"^[图表]\d{1,3}")
_CN_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})、")
_PART = re.compile(rf"^第({_CN})(?:篇|部分)")
_SENTENCE_END = re.compile(r"[。！？；!?;]")


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    v = parse_chinese_number(s)
    return int(v) if v else 0


@dataclass
class Place:
    section: str | None = None
    node_id: str | None = None
    titles: list[str] = field(default_factory=list)  # outermost first
    is_figure: bool = False
    is_heading: bool = False


class HeadingScanner:
    """Tracks chapter/section/article/box while paragraphs are read in order."""

    def __init__(self) -> None:
        self.chapter = 0
        self.section = 0
        self.article = 0
        self.box = 0
        self.titles: dict[str, str] = {}

    def feed(self, para: str) -> Place:
        heading = False
        para = para.lstrip("#*->|·• ")  # markdown heading and list markers
        if m := _PART.match(para):
            self.titles = {"part": para[:40]}
            heading = True
        elif m := _CHAPTER.match(para):
            self.chapter, self.section, self.article, self.box = _num(m.group(1)), 0, 0, 0
            self.titles = {k: v for k, v in self.titles.items() if k == "part"}
            self.titles["chapter"] = para[:40]
            heading = True
        elif (m := _CN_HEADING.match(para)) and not self.chapter and (
                len(para) <= 40 or len(para) <= 100 and not _SENTENCE_END.search(para)):
            # a report's or a short plan's "一、…" parts stand where chapters would
            self.titles = {"chapter": para[:40]}
            self.section, self.article, self.box = 0, 0, 0
            heading = True
        elif m := _SECTION.match(para):
            self.section, self.article, self.box = _num(m.group(1)), 0, 0
            for k in ("section", "article", "box"):
                self.titles.pop(k, None)
            self.titles["section"] = para[:40]
            heading = True
            # an article marker run into the section heading ("第一节现实基础…1、“十二五”发展取得…")
            am = _INLINE_ARTICLE.search(para, m.end(), 60)
            if am:
                self.article = int(am.group(1))
                self.titles["section"] = para[:am.start()]
                self.titles["article"] = para[am.start():am.start() + 40].split("。")[0]
        elif m := _BOX.match(para):
            self.box = int(m.group(1))
            self.titles["box"] = para[:40]
            heading = True
        elif (m := _ARTICLE.match(para)) and self.chapter:
            self.article, self.box = int(m.group(1)), 0
            self.titles.pop("box", None)
            self.titles["article"] = para[:40].split("。")[0]
        place = Place(titles=[self.titles[k] for k in ("part", "chapter", "section", "article", "box")
                              if k in self.titles], is_heading=heading)
        if _FIGURE.match(para):
            place.is_figure = True
        if self.box:
            place.section = f"box:{self.box}"
        elif self.article:
            place.section = f"art:{self.article}"
        elif self.section:
            place.section = f"sec:{self.chapter}.{self.section}"
        elif self.chapter:
            place.section = f"ch:{self.chapter}"
        return place


class OutlinePlaces:
    """Places from an outline tree of guihua.documents (node path by raw offset)."""

    def __init__(self, root: Any, locate: Any, section_label: Any) -> None:
        self.root = root
        self.locate = locate
        self.section_label = section_label

    def at(self, raw_offset: int) -> Place:
        path = list(self.locate(self.root, raw_offset))
        titles = [n.title for n in path if getattr(n, "title", "")
                  and getattr(n, "kind", "") in ("part", "chapter", "section", "article", "box")]
        node = path[-1] if path else None
        try:
            label = self.section_label(path) if path else None
        except Exception:  # a label the outline cannot give: leave it empty
            label = None
        return Place(
            section=label, node_id=getattr(node, "id", None), titles=titles,
            is_figure=any(getattr(n, "kind", "") == "figure" for n in path),
        )
