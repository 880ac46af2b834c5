"""What can be assigned to responsible units in a plan, and where in the plan's outline each lies.

The assignable entities of a plan (its current version):

- every indicator of the plan; it lies where its first statement (target or baseline, not 已驳回) lies;
- every target (statement of type target, not 已驳回), where its statement lies;
- every project; it lies where its first mention in the current version lies (else nowhere).

A chapter is any node of the outline (a 篇, 章 or 节 ...), named by its key or by its title (with or without
its numbering as written, e.g. "第三章 生态环境" or "生态环境"). An entity lies in a chapter when the node of
its statement or mention is that node or one below it. `domain` selects indicators by `indicators.domain`
and the targets of those indicators.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Connection

from guihua.errors import InputError
from guihua.store import schema as t
from guihua.store.base import loads
from guihua.store.plans_repo import node_info, version_row
from guihua.store.records import NodeInfo

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Assignable:
    """One indicator, target or project of a plan, with where it lies."""

    entity: str  # indicator | target | project
    entity_id: int
    name: str  # indicator name; a target's indicator name; project name
    node_key: str | None  # the outline node it lies in (None: nowhere in the text)
    position: int  # offset in the plan's text (document order); -1 when nowhere
    domain: str | None = None  # indicators, and targets through their indicator
    indicator_id: int | None = None  # a target's indicator
    quote: str = ""  # a target's statement text; a project's full name
    aliases: tuple[str, ...] = ()  # an indicator's key and aliases; a project's full name


@dataclass
class PlanScope:
    """The outline and the assignable entities of a plan version."""

    plan_id: str
    nodes: dict[str, NodeInfo]
    items: list[Assignable] = field(default_factory=list)

    def ancestors(self, node_key: str | None) -> list[NodeInfo]:
        """The node and the nodes above it, outermost first (the document node left out)."""
        out: list[NodeInfo] = []
        seen: set[str] = set()
        while node_key is not None and node_key in self.nodes and node_key not in seen:
            seen.add(node_key)
            node = self.nodes[node_key]
            if node.kind != "document":
                out.append(node)
            node_key = node.parent_key
        return out[::-1]

    def chapter(self, text: str) -> NodeInfo:
        """The node called `text` (key, title, or numbering + title); InputError when none or several."""
        want = _SPACES.sub("", text or "")
        if not want:
            raise InputError("--chapter", "请给出章节（结构树节点的键或标题）")
        if want in self.nodes:
            return self.nodes[want]
        hits = [n for n in self.nodes.values() if n.kind != "document" and want in _names(n)]
        if not hits:
            raise InputError("--chapter", f"规划中没有章节“{text}”（可用节点的键或标题，如“第三章”的标题）")
        if len(hits) > 1:
            listed = "、".join(f"{n.key}（{n.title}）" for n in hits[:8])
            raise InputError("--chapter", f"有多个章节叫“{text}”：{listed}，请用节点的键指明")
        return hits[0]

    def in_chapter(self, text: str) -> list[Assignable]:
        """Every entity lying in the chapter `text` or below it."""
        key = self.chapter(text).key
        return [a for a in self.items if a.node_key is not None and key in {n.key for n in self.ancestors(a.node_key)}]

    def with_domain(self, domain: str) -> list[Assignable]:
        """The indicators of `domain` and their targets."""
        d = (domain or "").strip()
        return [a for a in self.items if a.entity in ("indicator", "target") and a.domain == d]

    def domains(self) -> list[str]:
        return sorted({a.domain for a in self.items if a.domain})

    def chapters(self) -> list[NodeInfo]:
        """The 篇 and 章 of the outline (what a 分工方案 groups by), in document order."""
        return [n for n in self.nodes.values() if n.kind in ("part", "chapter")]


_ORDINAL_WORD = {"part": "篇", "chapter": "章", "section": "节"}


def numbering(n: NodeInfo) -> str:
    """"第十一章" for chapter 11 ("" for a node without a number or of another kind)."""
    from guihua.documents.docx_numbering import chinese_number

    word = _ORDINAL_WORD.get(n.kind)
    return f"第{chinese_number(n.number)}{word}" if word and n.number else ""


def heading(n: NodeInfo) -> str:
    """"第十一章 坚持绿色发展 建设生态文明示范区": a node as a 分工方案 names it."""
    return " ".join(p for p in (numbering(n), n.title.strip()) if p)


def _names(n: NodeInfo) -> set[str]:
    title = _SPACES.sub("", n.title)
    names = {title} if title else set()
    if numbering(n):
        names |= {numbering(n), numbering(n) + title}
    return names


def plan_scope(conn: Connection, plan_id: str, version: int | None = None) -> PlanScope:
    """The assignable entities of a plan (current version unless `version`), in document order."""
    v = version_row(conn, plan_id, version)
    nodes = {r["key"]: node_info(r) for r in conn.execute(
        select(t.nodes).where(t.nodes.c.version_id == v.id).order_by(t.nodes.c.ordinal)).mappings()}
    scope = PlanScope(plan_id, nodes)
    st = t.statements.c
    stmts = conn.execute(select(st.id, st.type, st.indicator, st.indicator_id, st.node_key, st.start_offset, st.quote)
                         .where(st.version_id == v.id, st.status != "已驳回").order_by(st.start_offset, st.id)).all()
    ic = t.indicators.c
    indicators = conn.execute(select(ic.id, ic.key, ic.name, ic.aliases_json, ic.domain)
                              .where(ic.plan_id == plan_id).order_by(ic.id)).all()
    domain = {int(r.id): r.domain for r in indicators}
    first: dict[int, tuple[str | None, int]] = {}
    items: list[Assignable] = []
    for s in stmts:
        if s.indicator_id is not None and int(s.indicator_id) not in first:
            first[int(s.indicator_id)] = (s.node_key, int(s.start_offset))
        if s.type == "target":
            ind = int(s.indicator_id) if s.indicator_id is not None else None
            items.append(Assignable("target", int(s.id), s.indicator, s.node_key, int(s.start_offset),
                                    domain.get(ind) if ind is not None else None, ind, s.quote))
    for r in indicators:
        node_key, pos = first.get(int(r.id), (None, -1))
        names = dict.fromkeys(n for n in (r.key, *(loads(r.aliases_json) or ())) if n and n != r.name)
        items.append(Assignable("indicator", int(r.id), r.name, node_key, pos, r.domain, aliases=tuple(names)))
    items.extend(_projects(conn, plan_id, v.id))
    order = {"indicator": 0, "target": 1, "project": 2}
    items.sort(key=lambda a: (a.position < 0, a.position, order[a.entity], a.entity_id))
    scope.items = items
    return scope


def _projects(conn: Connection, plan_id: str, version_id: int) -> Iterable[Assignable]:
    mc = t.project_mentions.c
    where: dict[int, tuple[str | None, int]] = {}
    for m in conn.execute(select(mc.project_id, mc.node_key, mc.start_offset).where(mc.version_id == version_id)
                          .order_by(mc.start_offset, mc.id)):
        where.setdefault(int(m.project_id), (m.node_key, int(m.start_offset)))
    pc = t.projects.c
    for p in conn.execute(select(pc.id, pc.name, pc.full_name).where(pc.plan_id == plan_id).order_by(pc.id)):
        node_key, pos = where.get(int(p.id), (None, -1))
        full = p.full_name or ""
        yield Assignable("project", int(p.id), p.name, node_key, pos, quote=full,
                         aliases=(full,) if full and full != p.name else ())
