"""Dated qualitative commitments ("力争2017年成功创建全国文明城市", "2018年以前实现贫困人口整体脱贫").

GUIDELINE: annotated only when an explicit deadline year is written; one milestone per clause the
deadline governs that holds a commitment verb and no number; ranks are skipped even when dated.
"""

from __future__ import annotations

import re

from guihua.extraction.clauses import governing
from guihua.extraction.context import Place
from guihua.extraction.lexicons import lexicon, scope_prefix
from guihua.extraction.model import Statement
from guihua.extraction.quantities import Quantity
from guihua.extraction.textview import TextView

_COMMIT_VERBS = re.compile(
    r"(实现|建成|完成|形成|构建|创建|通过|普及|消除|达到|达标|覆盖|替代|替换|低于|高于|摘帽|脱贫|建立|"
    r"集聚|建有|基本建成|全面建成|打造成|成为|进入|取消|退出|关闭|淘汰|整体)"
)
_RANK = re.compile(r"(\d+|[一二三四五六七八九十百]+)强|前(\d+|[一二三四五六七八九十]+)(名|位)?|第[一二三四五六七八九十\d]+|排名|位次|方阵")


def milestone_name(body: str) -> tuple[str, str | None]:
    """The commitment of a clause without the whole ("全市"), adverbs and 实现; scope words apart."""
    lex = lexicon()
    s = body
    scope = None
    changed = True
    while changed:
        changed = False
        for w in lex.wholes:
            if s.startswith(w):
                s, changed = s[len(w):], True
        sw = scope_prefix(s)
        if sw and len(s) > len(sw) + 2:
            scope, s, changed = scope or sw, s[len(sw):], True
        m = re.match(r"^(?:力争|成功|确保|争取|(?:全面|基本)?实现|努力|进一步|所有|各|均|都)", s)
        if m and len(s) > m.end() + 2:
            s, changed = s[m.end():], True
    s = re.sub(r"(?<=.)实现", "", s)
    s = re.sub(r"一批|一些|若干|一系列", "", s)
    if scope and len(s) < 5:
        s = scope + s  # "贫困县全部摘帽": the group is the subject of a short commitment
    return s, scope


def milestones(view: TextView, raw: str, place: Place, ss: int, se: int, qs: list[Quantity],
               deadlines: list[tuple[int, int, int]]) -> list[Statement]:
    """One milestone per qualitative commitment clause governed by a deadline."""
    text = view.text
    out: list[Statement] = []
    a = ss
    while a < se:
        b = a
        while b < se and text[b] not in "，,；;。！？!?":
            b += 1
        d = governing(text, ss, deadlines, b)
        clause = text[a:b]
        a0, a = a, b + 1
        if d is None or not clause or any(a0 <= q.start < b for q in qs):
            continue
        if not _COMMIT_VERBS.search(clause) or _RANK.search(clause):
            continue
        body = clause
        if a0 <= d[1] < b:
            body = text[d[2]:b]
        body = re.sub(r"^[，,]", "", body)
        name, scope = milestone_name(body)
        if len(name) < 3:
            continue
        rs, re_ = view.raw_span(a0, b)
        out.append(Statement(
            type="target", kind="milestone", indicator=name, start=rs, end=re_,
            quote=raw[rs:re_], comparator=">=", year=d[0], scope=scope,
            section=place.section, node_id=place.node_id, confidence=0.6,
        ))
    return out
