"""Where an indicator's 属性 (约束性 / 预期性) comes from: the plan, a proposal, or a review.

`indicators.attribute_source` says which:
- ``plan``: the plan says so (the statements' ``attribute``, read by extraction from indicator
  tables and "约束性指标" in the text);
- ``proposed``: the plan does not say, and the indicator's name matches one of the national
  plan's binding indicators (``data/binding_indicators.txt``: energy, carbon, water, land, forest,
  air and water quality, major pollutants…): proposed as 约束性 until someone reviews it;
- ``review``: a person set it (``guihua indicator --set attribute=…``, the web's indicator form).

`propose_attributes` runs inside the transaction that stores each new plan version
(guihua.store.ingest_repo); it never overrides a reviewed attribute, and every change it makes is
audited. `mark_attribute_reviewed` is the step a review of the attribute takes inside
Store.update_indicator's transaction.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from guihua.store import schema as t
from guihua.store.base import audit

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


SOURCES = ("plan", "proposed", "review")
BINDING = "约束性"
ATTRIBUTE_WORDS = ("约束性", "预期性")
_LIST = Path(__file__).with_name("data") / "binding_indicators.txt"
_BRACKETS = re.compile(r"\([^)]*\)")
_GDP = ("国内生产总值", "地区生产总值", "GDP")


@dataclass(frozen=True)
class BindingIndicator:
    """One binding indicator of the national plans: its name and the ways its name is written."""

    name: str
    patterns: tuple[tuple[str, ...], ...]  # alternatives; each a sequence of words in order
    group: str  # the comment heading its group in the data file


def normalise_name(name: str) -> str:
    """An indicator name for matching: half-width, upper-case, no spaces or bracketed remarks,
    GDP / 国内生产总值 / 地区生产总值 written 生产总值 (PM2.5 inside brackets is kept)."""
    text = unicodedata.normalize("NFKC", name or "").upper()
    text = re.sub(r"\s+", "", text)
    text = _BRACKETS.sub(lambda m: m.group(0) if "PM" in m.group(0) else "", text)
    for word in _GDP:
        text = text.replace(word, "生产总值")
    return text


@lru_cache(maxsize=4)
def load_binding_list(path: str | None = None) -> tuple[BindingIndicator, ...]:
    """The shipped list (or the file at ``path``): one indicator per line, ``name<TAB>patterns``."""
    out: list[BindingIndicator] = []
    group = ""
    for n, line in enumerate(Path(path or _LIST).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            group = line.lstrip("# ").split("：", 1)[0]
            continue
        name, sep, patterns = line.partition("\t")
        if not sep or not patterns.strip():
            raise ValueError(f"{path or _LIST}:{n}: 应为“指标名称<制表符>匹配式”")
        alts = tuple(tuple(normalise_name(w) for w in alt.split("+") if w) for alt in patterns.split("|"))
        out.append(BindingIndicator(name.strip(), alts, group))
    return tuple(out)


def _matches(text: str, words: Sequence[str]) -> bool:
    at = 0
    for w in words:
        i = text.find(w, at)
        if i < 0:
            return False
        at = i + len(w)
    return True


def binding_match(names: Iterable[str]) -> BindingIndicator | None:
    """The national binding indicator that one of ``names`` (an indicator's name and aliases) is."""
    texts = [normalise_name(n) for n in names if n]
    for entry in load_binding_list():
        if any(_matches(text, alt) for text in texts for alt in entry.patterns):
            return entry
    return None


def _plan_attributes(conn: Connection, plan_id: str) -> dict[int, str]:
    """indicator id -> the attribute the current version's statements give it (targets first, most often said)."""
    plan = conn.execute(select(t.plans.c.current_version).where(t.plans.c.id == plan_id)).first()
    if plan is None or plan[0] is None:
        return {}
    version_id = conn.execute(select(t.plan_versions.c.id).where(
        t.plan_versions.c.plan_id == plan_id, t.plan_versions.c.number == plan[0])).scalar_one()
    rows = conn.execute(select(t.statements.c.indicator_id, t.statements.c.attribute, t.statements.c.type)
                        .where(t.statements.c.version_id == version_id, t.statements.c.status != "已驳回",
                               t.statements.c.attribute.is_not(None))).all()
    said: dict[int, Counter[tuple[bool, str]]] = {}
    for ind, attr, kind in rows:
        if ind is not None and attr in ATTRIBUTE_WORDS:
            said.setdefault(ind, Counter())[(kind == "target", attr)] += 1
    return {ind: max(c.items(), key=lambda kv: (kv[0][0], kv[1]))[0][1] for ind, c in said.items()}


def _reviewed(conn: Connection, plan_id: str) -> set[str]:
    """Ids (as text) of the plan's indicators whose attribute a person has changed (audited updates)."""
    rows = conn.execute(select(t.audit_log.c.entity_id).where(
        t.audit_log.c.plan_id == plan_id, t.audit_log.c.entity == "indicator", t.audit_log.c.field == "attribute",
        t.audit_log.c.action == "update")).all()
    return {r[0] for r in rows}


@dataclass(frozen=True)
class AttributeChanges:
    plan: int  # set from the plan
    proposed: int  # proposed from the binding list
    reviewed: int  # marked as reviewed (a person had changed them)


def propose_attributes(conn: Connection, plan_id: str, *, user: str, stamp: str) -> AttributeChanges:
    """Set each indicator's attribute and its source after a new version of the plan is stored.

    In order: a reviewed attribute stays (and is marked ``review`` when the audit log shows a person
    set it); what the plan's statements say wins (``plan``); an attribute already there stays; an
    indicator whose name or alias matches the national binding list is proposed 约束性
    (``proposed``). Everything else is left without an attribute. Each change is audited.
    Runs inside the transaction that stores the new version (guihua.store.ingest_repo).
    """
    counts = Counter[str]()
    said = _plan_attributes(conn, plan_id)
    reviewed = _reviewed(conn, plan_id)
    rows = conn.execute(select(t.indicators).where(t.indicators.c.plan_id == plan_id)
                        .order_by(t.indicators.c.id)).mappings().all()
    for r in rows:
        old = (r["attribute"], r["attribute_source"])
        if old[1] == "review":
            continue
        if str(r["id"]) in reviewed:
            new: tuple[Any, str | None] = (old[0], "review")
        elif r["id"] in said:
            new = (said[r["id"]], "plan")
        elif old[0] is not None:
            new = (old[0], old[1] or "plan")
        elif binding_match([r["name"], *(_aliases(r["aliases_json"]))]) is not None:
            new = (BINDING, "proposed")
        else:
            continue
        if new == old:
            continue
        conn.execute(update(t.indicators).where(t.indicators.c.id == r["id"]).values(
            attribute=new[0], attribute_source=new[1], row_version=t.indicators.c.row_version + 1))
        for field, before, after in (("attribute", old[0], new[0]), ("attribute_source", old[1], new[1])):
            if before != after:
                audit(conn, plan_id, user, "ingest", "indicator", r["id"], field, before, after, at=stamp)
        counts[new[1] or ""] += 1
    return AttributeChanges(counts["plan"], counts["proposed"], counts["review"])


def _aliases(text: str | None) -> list[str]:
    import json

    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [a for a in value if isinstance(a, str)] if isinstance(value, list) else []


def mark_attribute_reviewed(conn: Connection, plan_id: str, indicator_id: int, source: str | None, *, user: str,
                            stamp: str) -> None:
    """Inside the transaction that changes an indicator's attribute (Store.update_indicator): a person
    gave or confirmed it, so its source becomes ``review`` (audited; nothing when it already is)."""
    if source == "review":
        return
    conn.execute(update(t.indicators).where(t.indicators.c.id == indicator_id).values(attribute_source="review"))
    audit(conn, plan_id, user, "review", "indicator", indicator_id, "attribute_source", source, "review", at=stamp)
