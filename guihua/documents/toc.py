"""Tables of contents: a run of heading entries at the start of a document, repeated by the text.

The contents are kept as one paragraph (role "toc") and never become the tree. An entry is a unit
with a heading marker and a short title (perhaps dot leaders and a page number); a run counts as
contents when its first entry comes again later and it either stands under a "目录" title, or most
entries end with a page number, or it lists several entries of the top level (real headings in a
row list each level once). Entries run together on one line are cut apart by `units` first.
"""

from __future__ import annotations

import re

from guihua.documents.units import PAGE_END, Unit

_STRUCTURAL = ("part", "chapter", "section", "clause", "cn_item", "paren_cn", "num_item", "paren_num")
_TOC_TOP = ("part", "chapter", "section", "cn_item")
_TOC_LINE_END = re.compile(r"(?:[.．。·…⋯\-—_ \t\u3000]{2,}|[ \t\u3000]+)\d{1,4}[ \t\u3000]*$")
_TITLES = ("目录", "目次", "目錄")
_MAX_START = 500  # units before the contents (cover, title, foreword)
_MAX_ENTRIES = 1000


def mark_toc(text: str, units: list[Unit]) -> None:
    """Set `toc` on the units of a table of contents."""
    n = len(units)
    later: dict[tuple[str, int | None], list[int]] = {}  # heading key -> unit indexes, in order
    for idx, u in enumerate(units):
        if u.marker is not None:
            later.setdefault((u.marker.style, u.marker.number), []).append(idx)
    i = 0
    # contents come before the text, and list at most a few hundred headings: both bounds keep
    # the search linear in the document's length
    while i <= max(40, min(n // 10, _MAX_START)):
        if i >= n:
            break
        u = units[i]
        label = re.sub(r"[ \t\u3000]", "", text[u.a:u.b])
        starts_with_title = label in _TITLES
        j = i + 1 if starts_with_title else i
        k = j
        while k < n and k - j < _MAX_ENTRIES and _toc_entry(text, units[k]):
            if k > j and _same_heading(units[k], units[j]):
                break  # the contents end where their first entry comes again
            k += 1
        run = units[j:k]
        if len(run) >= 3 or (starts_with_title and run):
            first = run[0].marker
            assert first is not None
            repeated = later[(first.style, first.number)][-1] >= k
            paged = sum(bool(_TOC_LINE_END.search(text[v.a:v.b])) for v in run) >= 0.6 * len(run)
            several = first.style in _TOC_TOP and sum(
                v.marker is not None and v.marker.style == first.style for v in run) >= 2
            if repeated and (starts_with_title or paged or several):
                for v in units[i:k]:
                    v.toc = True
                i = k
                continue
        i += 1


def _same_heading(u: Unit, v: Unit) -> bool:
    return (u.marker is not None and v.marker is not None and u.marker.style == v.marker.style
            and u.marker.number == v.marker.number)


def _toc_entry(text: str, u: Unit) -> bool:
    """A contents entry: a heading marker and a short title, perhaps dot leaders and a page number."""
    if u.marker is None or u.marker.style not in _STRUCTURAL + ("box", "figure"):
        return False
    s = text[u.a:u.b]
    if len(s) > 60 or any(ch in "。；！？" for ch in s):
        return False
    return "，" not in s or PAGE_END.search(s) is not None  # a title with a comma, then its page
