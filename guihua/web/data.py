"""The data functions: each page and its JSON twin under /api are built from one of these.

Every function returns plain JSON-able dicts; templates only lay them out.
"""

from __future__ import annotations

import html
import threading
from collections import Counter, OrderedDict, defaultdict
from datetime import date
from typing import Any

from guihua.documents import Node
from guihua.monitoring.export import PROGRESS_FIELDS, progress_record
from guihua.monitoring.model import KIND_LABELS, Evaluation, TargetEvaluation
from guihua.monitoring.status import BEHIND, FINAL_STATUSES, INTERIM_STATUSES, Status
from guihua.web import fmt
from guihua.web.backend import Backend
from guihua.web.evaluation import EvaluationCache
from guihua.web.records import REVIEW_STATES, NotFound, TargetRecord
from guihua.web.search import Doc, SearchIndex, leaf_docs

STATUS_ORDER = [Status.NOT_DONE, Status.LAGGING, Status.BASICALLY_DONE, Status.ON_TRACK, Status.FASTER,
                Status.AHEAD, Status.DONE, Status.NO_DATA]
STATUS_CLASS = {Status.AHEAD: "good", Status.DONE: "good", Status.FASTER: "fine", Status.ON_TRACK: "ok",
                Status.BASICALLY_DONE: "ok", Status.LAGGING: "bad", Status.NOT_DONE: "bad",
                Status.NO_DATA: "none"}
UNSET = "未指定"
MEMO_SIZE = 1024  # results kept by Site._memo (a few per plan page; least recently used go first)


def status_class(status: str | None) -> str:
    if status is None or status not in Status._value2member_map_:
        return "none"
    return STATUS_CLASS.get(Status(status), "none")


class Site:
    """The data of every page, over one backend."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.evaluations = EvaluationCache(backend)
        self._indexes: dict[str, tuple[int, SearchIndex]] = {}
        self._memos: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self._memo_lock = threading.Lock()

    # ------------------------------------------------------------------ helpers
    def versions(self) -> tuple[tuple[str, int], ...]:
        """Every plan with its data version ("" : changes of no plan, such as units and accounts): changes
        whenever anything but a data round's rows is written. One read of the change counters."""
        return tuple(sorted((p, data) for p, (data, _) in self.backend.changes().items()))

    def round_changes(self, plan_id: str) -> int:
        """How often the plan's data rounds have changed (filled, submitted, returned, approved rows)."""
        return self.backend.changes(plan_id).get(plan_id, (0, 0))[1]

    def _memo(self, plan_id: str | None, name: str, args: tuple[Any, ...], make: Any) -> Any:
        """The result of ``make()`` kept until the plan's data changes (callers must not mutate it); the
        least recently used results go first when more than `MEMO_SIZE` are kept."""
        version = self.versions() if plan_id is None else self.backend.version(plan_id)
        key = (name, plan_id, args, version)
        with self._memo_lock:
            hit = self._memos.get(key)
            if hit is not None:
                self._memos.move_to_end(key)
                return hit
        hit = make()
        with self._memo_lock:
            self._memos[key] = hit
            while len(self._memos) > MEMO_SIZE:
                self._memos.popitem(last=False)
        return hit

    def default_year(self, plan_id: str) -> int:
        plan = self.backend.plan(plan_id)
        return min(plan.last_year, max(plan.first_year, date.today().year - 1))

    def year_or_default(self, plan_id: str, year: int | None) -> int:
        plan = self.backend.plan(plan_id)
        if year is None:
            return self.default_year(plan_id)
        if not plan.first_year - 1 <= year <= plan.last_year + 10:
            from guihua.errors import InputError

            raise InputError("year", f"评估年份 {year} 不在规划期 {plan.first_year}-{plan.last_year} 前后")
        return year

    def evaluation(self, plan_id: str, year: int | None = None) -> Evaluation:
        return self.evaluations.get(plan_id, self.year_or_default(plan_id, year))

    def _items(self, ev: Evaluation) -> dict[str, TargetEvaluation]:
        return {i.target.key: i for i in ev.items}

    def _target_row(self, t: TargetRecord, item: TargetEvaluation | None) -> dict[str, Any]:
        """A stored target with its evaluation; the evaluation's fields carry the names of
        `guihua progress --json` (guihua.monitoring.export), null where not evaluated."""
        status = str(item.status) if item else ("已驳回" if t.review == "已驳回" else None)
        row = t.to_dict()
        row.update(dict.fromkeys(PROGRESS_FIELDS))
        if item is not None:
            row.update(progress_record(item))
        else:
            row.update({"target_id": t.id, "indicator": t.indicator, "kind": t.kind, "comparator": t.comparator,
                        "direction": t.direction, "target_value": t.value, "unit": t.unit, "year": t.year,
                        "attribute": t.attribute, "attribute_source": t.attribute_source})
        row.update({
            "indicator": t.indicator,  # the name as the plan writes it (the registry's name is in indicator_key)
            "status": status, "status_class": status_class(status),
            "target_text": fmt.record_text(t),
            "actual_text": (item.actual_text or fmt.quantity(item.actual, t.unit)) if item else None,
            "expected_text": (item.expected_text or fmt.quantity(item.expected, t.unit)) if item else None,
            "baseline_text": fmt.quantity(item.baseline, t.unit) if item and item.baseline is not None else "—",
        })
        return row

    # ------------------------------------------------------------------ plans
    def plans(self) -> dict[str, Any]:
        result: dict[str, Any] = self._memo(None, "plans", (), lambda: self._plans())
        return result

    def _plans(self) -> dict[str, Any]:
        out = []
        for p in self.backend.plans():
            ev = self.evaluation(p.id)
            counts = _ordered_counts(ev)
            out.append({**p.to_dict(), "year": ev.year, "kind": ev.kind, "targets": len(ev.items),
                        "status_counts": counts})
        return {"plans": out}

    def plan_overview(self, plan_id: str, year: int | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self._memo(plan_id, "plan_overview", (year,), lambda: self._plan_overview(plan_id=plan_id, year=year))
        return result

    def _plan_overview(self, plan_id: str, year: int | None = None) -> dict[str, Any]:
        plan = self.backend.plan(plan_id)
        ev = self.evaluation(plan_id, year)
        items = self._items(ev)
        records = self.backend.targets(plan_id)
        by_domain: dict[str, Counter[str]] = defaultdict(Counter)
        by_chapter: dict[str, Counter[str]] = defaultdict(Counter)
        for t in records:
            item = items.get(t.id)
            if item is None:
                continue
            by_domain[t.domain or UNSET][str(item.status)] += 1
            by_chapter[t.chapter or UNSET][str(item.status)] += 1
        review = Counter(t.review for t in records if t.type == "target")
        return {
            "plan": plan.to_dict(), "year": ev.year, "kind": ev.kind, "targets": len(ev.items),
            "baselines": sum(1 for t in records if t.type == "baseline"),
            "observations": len(self.backend.observations(plan_id)),
            "status_counts": _ordered_counts(ev),
            "by_domain": [{"name": k, "counts": dict(v), "total": sum(v.values())} for k, v in by_domain.items()],
            "by_chapter": [{"name": k, "counts": dict(v), "total": sum(v.values())}
                           for k, v in sorted(by_chapter.items(), key=lambda kv: _chapter_order(kv[0]))],
            "review_counts": {s: review.get(s, 0) for s in REVIEW_STATES},
            "warnings": [w.message for w in ev.warnings],
            "statuses": [str(s) for s in (FINAL_STATUSES if ev.kind == "final" else INTERIM_STATUSES)],
        }

    # ------------------------------------------------------------------ targets
    def targets(self, plan_id: str, year: int | None = None, status: str | None = None,
                type: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self._memo(plan_id, "targets", (year, status, type), lambda: self._targets(plan_id=plan_id, year=year, status=status, type=type))
        return result

    def _targets(self, plan_id: str, year: int | None = None, status: str | None = None,
                type: str | None = None) -> dict[str, Any]:
        ev = self.evaluation(plan_id, year)
        items = self._items(ev)
        rows = [self._target_row(t, items.get(t.id)) for t in self.backend.targets(plan_id)]
        if status:
            rows = [r for r in rows if r["status"] == status]
        if type:
            rows = [r for r in rows if r["type"] == type]
        return {"plan": self.backend.plan(plan_id).to_dict(), "year": ev.year, "count": len(rows), "targets": rows}

    def target(self, plan_id: str, target_id: str, year: int | None = None) -> dict[str, Any]:
        t = next((t for t in self.backend.targets(plan_id) if t.id == target_id), None)
        if t is None:
            raise NotFound("目标", target_id)
        ev = self.evaluation(plan_id, year)
        raw = self.backend.raw_text(plan_id)
        a, b = max(0, t.start - 120), min(len(raw), t.end + 120)
        history = [h.to_dict() for h in self.backend.audit(plan_id) if h.entity == "target" and h.entity_id == t.id]
        return {"plan": self.backend.plan(plan_id).to_dict(), "year": ev.year,
                "target": self._target_row(t, self._items(ev).get(t.id)),
                "source": {"start": t.start, "end": t.end, "before": raw[a:t.start], "span": raw[t.start:t.end],
                           "after": raw[t.end:b]},
                "history": history, "events": self.milestone_events(t)}

    def milestone_events(self, t: TargetRecord) -> list[dict[str, Any]] | None:
        """The recorded events of a milestone target, oldest first (None for other kinds)."""
        store = getattr(self.backend, "store", None)
        if t.kind != "milestone" or store is None or not t.id.isdigit():
            return None
        return [{"id": e.id, "date": e.event_date, "outcome": e.outcome, "evidence": e.evidence,
                 "source": e.source, "by": e.created_by, "at": e.created_at, "row_version": e.row_version}
                for e in store.list_milestone_events(statement_id=int(t.id))]

    # ------------------------------------------------------------------ reader
    def reader(self, plan_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._memo(plan_id, "reader", (), lambda: self._reader(plan_id=plan_id))
        return result

    def _reader(self, plan_id: str) -> dict[str, Any]:
        raw = self.backend.raw_text(plan_id)
        root = self.backend.outline(plan_id)
        ev = self.evaluation(plan_id)
        items = self._items(ev)
        marks = []
        for t in sorted(self.backend.targets(plan_id), key=lambda t: (t.start, -t.end)):
            item = items.get(t.id)
            marks.append({"id": t.id, "start": t.start, "end": t.end, "type": t.type, "indicator": t.indicator,
                          "kind": t.kind, "kind_label": KIND_LABELS.get(t.kind, t.kind), "target_text": fmt.record_text(t),
                          "year": t.year, "review": t.review, "status": str(item.status) if item else None})
        blocks = sorted({n.start for n in root.walk() if n.kind != "document"})
        return {"plan": self.backend.plan(plan_id).to_dict(), "outline": _outline(root), "marks": marks,
                "blocks": blocks, "length": len(raw), "text": raw}

    def reader_html(self, data: dict[str, Any]) -> str:
        """The plan text as HTML: anchors at outline nodes, every statement wrapped in a <mark>.

        Paragraphs break where the outline says a node starts; line breaks inside a paragraph (left by
        PDF extraction) are dropped from the display only, so offsets stay those of the raw text.
        """
        raw: str = data["text"]
        events: list[tuple[int, int, str]] = [(b, -2, '<span class="pb"></span>') for b in data["blocks"]]
        for n in _flat(data["outline"]):
            events.append((n["start"], 0, f'<a class="anchor" id="n-{html.escape(n["id"])}"></a>'))
        last_end = -1
        for m in data["marks"]:
            if m["start"] < last_end:
                continue
            last_end = m["end"]
            cls = f"t {m['type']} s-{status_class(m['status'])}"
            events.append((m["start"], 1, f'<mark class="{cls}" data-id="{m["id"]}" tabindex="0">'))
            events.append((m["end"], -1, "</mark>"))
        events.sort(key=lambda e: (e[0], e[1]))
        out, pos = [], 0
        for at, _, tag in events:
            out.append(html.escape(raw[pos:at]).replace("\n", ""))
            out.append(tag)
            pos = at
        out.append(html.escape(raw[pos:]).replace("\n", ""))
        return "".join(out)

    # ------------------------------------------------------------------ indicators
    def indicators(self, plan_id: str, year: int | None = None, domain: str | None = None,
                   status: str | None = None, department: str | None = None, chapter: str | None = None,
                   attribute: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self._memo(plan_id, "indicators", (year, domain, status, department, chapter, attribute), lambda: self._indicators(plan_id=plan_id, year=year, domain=domain, status=status, department=department, chapter=chapter, attribute=attribute))
        return result

    def _indicators(self, plan_id: str, year: int | None = None, domain: str | None = None,
                   status: str | None = None, department: str | None = None, chapter: str | None = None,
                   attribute: str | None = None) -> dict[str, Any]:
        ev = self.evaluation(plan_id, year)
        items = self._items(ev)
        groups: dict[str, list[TargetRecord]] = defaultdict(list)
        for t in self.backend.targets(plan_id):
            if t.review != "已驳回":
                groups[t.indicator_key].append(t)
        cards = []
        facets: dict[str, Counter[str]] = {k: Counter() for k in ("domain", "status", "department", "chapter",
                                                                   "attribute")}
        for key, records in groups.items():
            card = self._indicator_card(key, records, items)
            if card is None:
                continue
            for facet in facets:
                for v in card["statuses" if facet == "status" else facet + "s"]:
                    facets[facet][v] += 1
            if domain and domain not in card["domains"]:
                continue
            if status and status not in card["statuses"]:
                continue
            if department and department not in card["departments"]:
                continue
            if chapter and chapter not in card["chapters"]:
                continue
            if attribute and attribute not in card["attributes"]:
                continue
            cards.append(card)
        cards.sort(key=lambda c: (STATUS_ORDER.index(Status(c["status"])) if c["status"] in Status._value2member_map_
                                  else 99, _chapter_order(c["chapters"][0] if c["chapters"] else ""), c["name"]))
        return {"plan": self.backend.plan(plan_id).to_dict(), "year": ev.year, "kind": ev.kind,
                "filters": {"domain": domain, "status": status, "department": department, "chapter": chapter,
                            "attribute": attribute},
                "facets": {k: sorted(v.items(), key=lambda kv: (_chapter_order(kv[0]), kv[0]))
                           for k, v in facets.items()},
                "count": len(cards), "indicators": cards}

    def _indicator_card(self, key: str, records: list[TargetRecord],
                        items: dict[str, TargetEvaluation]) -> dict[str, Any] | None:
        targets = [t for t in records if t.type == "target"]
        if not targets:
            return None
        evs = [items[t.id] for t in targets if t.id in items]
        statuses = sorted({str(e.status) for e in evs}, key=lambda s: STATUS_ORDER.index(Status(s)))
        worst = statuses[0] if statuses else str(Status.NO_DATA)
        chart_item = (next((e for e in evs if e.path and e.series), None)
                      or next((e for e in evs if e.path or e.series), None))
        names = Counter(t.indicator for t in targets)
        unit = chart_item.target.unit if chart_item else targets[0].unit
        return {
            "key": key, "name": names.most_common(1)[0][0], "unit": unit, "status": worst,
            "status_class": status_class(worst), "statuses": statuses,
            "domains": sorted({t.domain or UNSET for t in targets}),
            "chapters": sorted({t.chapter or UNSET for t in targets}, key=_chapter_order),
            "departments": sorted({d for t in targets for d in (t.department.split("、") if t.department else [UNSET])}),
            "attributes": sorted({t.attribute or UNSET for t in targets}),
            "lead": next((t.lead_unit for t in targets if t.lead_unit), None),  # 牵头单位
            "attribute_proposed": any(t.attribute and t.attribute_source == "proposed" for t in targets),
            "is_main": any(t.is_main for t in targets),
            "targets": [{"id": t.id, "text": fmt.record_text(t),
                         "kind": t.kind, "year": t.year, "status": str(items[t.id].status) if t.id in items else None,
                         "actual_text": _actual_text(items.get(t.id))} for t in targets],
            "chart": _chart(chart_item) if chart_item else None,
            # the version of the indicator record: an edit sends it back (a stale one is a 409)
            "row_version": next((t.indicator_version for t in records if t.indicator_version is not None), None),
        }

    def indicator(self, plan_id: str, key: str, year: int | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self._memo(plan_id, "indicator", (key, year), lambda: self._indicator(plan_id=plan_id, key=key, year=year))
        return result

    def _indicator(self, plan_id: str, key: str, year: int | None = None) -> dict[str, Any]:
        records = [t for t in self.backend.targets(plan_id) if t.indicator_key == key]
        if not records:
            raise NotFound("指标", key)
        ev = self.evaluation(plan_id, year)
        items = self._items(ev)
        rows = [self._target_row(t, items.get(t.id)) for t in records]
        names = {t.indicator for t in records}
        obs: list[dict[str, Any]] = []
        seen: Counter[tuple[str, str]] = Counter()
        evs = [items[t.id] for t in records if t.id in items]
        used = {s.key for e in evs for s in e.sources if s.key}
        from guihua.monitoring.evaluation import classify_observation
        from guihua.monitoring.evaluation import indicator_key as match_key

        keys = {match_key(n) for n in names} | {key}
        for o in self.backend.observations(plan_id):
            name, classified = classify_observation(o.indicator, 1 if "-" in o.year else None, o.value)
            measure: str = classified
            if o.indicator_key is not None:
                if o.indicator_key != key:
                    continue
                measure = "period_growth" if o.measure == "growth" and "-" in o.year else o.measure
            elif name not in keys:
                continue
            seen[(o.year, measure)] += 1
            obs.append({**o.to_dict(), "measure": measure, "used": o.id in used})
        for row in obs:
            row["conflict"] = seen[(row["year"], row["measure"])] > 1
        warnings = sorted({w.message for e in evs for w in e.warnings}
                          | {w.message for w in ev.warnings if w.indicator and match_key(w.indicator) in keys})
        history = [h.to_dict() for h in self.backend.audit(plan_id) if h.indicator_key == key]
        card = self._indicator_card(key, records, items)
        charts = [_chart(e) for e in evs if e.path or e.series]
        return {"plan": self.backend.plan(plan_id).to_dict(), "year": ev.year, "key": key,
                "name": card["name"] if card else records[0].indicator, "card": card,
                "targets": [r for r in rows if r["type"] == "target"],
                "baselines": [r for r in rows if r["type"] == "baseline"],
                "observations": sorted(obs, key=lambda o: (o["year"], o["measure"])),
                "warnings": warnings, "history": history, "charts": charts,
                "projects": self._indicator_projects(plan_id, key)}

    def _indicator_projects(self, plan_id: str, key: str) -> list[dict[str, Any]] | None:
        """The projects linked to the indicator; None when the backend keeps no project library."""
        from guihua.store.repository import Store
        from guihua.web.projects_data import linked_projects

        store = getattr(self.backend, "store", None)
        if not isinstance(store, Store):
            return None
        ind = next((i for i in store.list_indicators(plan_id) if i.key == key), None)
        return linked_projects(store, plan_id, ind.id) if ind is not None else []

    # ------------------------------------------------------------------ review
    def review_queue(self, plan_id: str, state: str = "待审核", year: int | None = None,
                     limit: int = 50) -> dict[str, Any]:
        ev = self.evaluation(plan_id, year)
        items = self._items(ev)
        records = self.backend.targets(plan_id)
        pending = [t for t in records if t.review == state]
        if state == "待审核":
            pending.sort(key=lambda t: t.confidence)  # the least confident first (stable: then in text order)
        rows = [self._target_row(t, items.get(t.id)) for t in pending]
        counts = Counter(t.review for t in records)
        recent = [h.to_dict() for h in self.backend.audit(plan_id) if h.entity == "target"][-10:][::-1]
        return {"plan": self.backend.plan(plan_id).to_dict(), "state": state,
                "counts": {s: counts.get(s, 0) for s in REVIEW_STATES}, "count": len(rows), "targets": rows[:limit],
                "recent": recent}

    # ------------------------------------------------------------------ data entry
    def entry(self, plan_id: str) -> dict[str, Any]:
        plan = self.backend.plan(plan_id)
        indicators: dict[str, str | None] = {}
        # the unit an actual value is entered in: that of a level target when there is one
        for t in sorted(self.backend.targets(plan_id), key=lambda t: t.kind not in ("level", "cumulative")):
            if t.review != "已驳回" and t.type == "target":
                indicators.setdefault(t.indicator, t.unit)
        newest = sorted(self.backend.observations(plan_id), key=lambda o: int("0" + "".join(filter(str.isdigit, o.id))),
                        reverse=True)
        recent = [o.to_dict() for o in newest[:15]]
        return {"plan": plan.to_dict(), "indicators": [{"name": k, "unit": v} for k, v in sorted(indicators.items())],
                "years": list(range(plan.first_year - 1, plan.last_year + 6)), "recent": recent}

    # ------------------------------------------------------------------ search
    def index(self, plan_id: str) -> SearchIndex:
        version = self.backend.version(plan_id)
        hit = self._indexes.get(plan_id)
        if hit and hit[0] == version:
            return hit[1]
        with self._lock:
            hit = self._indexes.get(plan_id)
            if hit and hit[0] == version:
                return hit[1]
            raw = self.backend.raw_text(plan_id)
            docs = leaf_docs(raw, self.backend.outline(plan_id))
            names: dict[str, set[str]] = defaultdict(set)
            for t in self.backend.targets(plan_id):
                if t.review == "已驳回":
                    continue
                label = "目标" if t.type == "target" else "基期值"
                text = fmt.record_text(t)
                docs.append(Doc("target", t.id, f"{t.indicator}（{label} {text}）", t.quote, t.start))
                names[t.indicator_key].add(t.indicator)
            for key, alias in names.items():
                docs.append(Doc("indicator", key, key, "、".join(sorted(alias | {key}))))
            index = SearchIndex(docs)
            self._indexes[plan_id] = (version, index)
            return index

    def search(self, q: str, plan_id: str | None = None, limit: int = 50) -> dict[str, Any]:
        result: dict[str, Any] = self._memo(plan_id, "search", (q, limit), lambda: self._search(q, plan_id, limit))
        return result

    def _search(self, q: str, plan_id: str | None = None, limit: int = 50) -> dict[str, Any]:
        plans = [self.backend.plan(plan_id)] if plan_id else self.backend.plans()
        results = []
        for p in plans:
            for r in self.index(p.id).search(q, limit):
                r["plan_id"] = p.id
                r["url"] = _result_url(p.id, r)
                results.append(r)
        results.sort(key=lambda r: -r["score"])
        return {"q": q, "plan": plan_id, "count": len(results[:limit]), "results": results[:limit]}



def _ordered_counts(ev: Evaluation) -> dict[str, int]:
    counts = ev.counts()
    statuses = FINAL_STATUSES if ev.kind == "final" else INTERIM_STATUSES
    out = {str(s): counts.get(s, 0) for s in statuses}
    for s, n in counts.items():
        out.setdefault(str(s), n)
    return out


def _actual_text(item: TargetEvaluation | None) -> str:
    if item is None:
        return "—"
    return item.actual_text or fmt.quantity(item.actual, item.target.unit)


def _chart(item: TargetEvaluation) -> dict[str, Any]:
    t = item.target
    return {"target_id": t.key, "title": f"{t.indicator} {fmt.record_text(t)}",
            "unit": "指数（基期=100）" if t.kind == "growth" and item.path and item.path[0][1] == 100 else t.unit,
            "status": str(item.status),
            "expected": [[y, round(v, 4)] for y, v in item.path], "actual": [[y, round(v, 4)] for y, v in item.series],
            "target_year": t.year, "target_value": t.value}


def _outline(node: Node) -> dict[str, Any]:
    kids = [_outline(c) for c in node.children if c.kind not in ("paragraph", "box_item")]
    return {"id": node.id, "kind": node.kind, "number": node.number, "title": node.title, "start": node.start,
            "end": node.end, "children": kids}


def _flat(tree: dict[str, Any]) -> list[dict[str, Any]]:
    out = [tree]
    for c in tree["children"]:
        out.extend(_flat(c))
    return out


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _chapter_order(name: str) -> tuple[int, str]:
    """"第十二章" sorts after "第二章"."""
    if name.startswith("第") and name.endswith("章"):
        s = name[1:-1]
        n = 0
        if "十" in s:
            a, _, b = s.partition("十")
            n = (_CN_DIGITS.get(a, 1) if a else 1) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
        else:
            n = _CN_DIGITS.get(s, 0)
        return n, name
    return 999, name


def _result_url(plan_id: str, r: dict[str, Any]) -> str:
    if r["kind"] == "indicator":
        return f"/plans/{plan_id}/indicators/{r['ref']}"
    if r["kind"] == "target":
        return f"/plans/{plan_id}/targets/{r['ref']}"
    return f"/plans/{plan_id}/read#n-{r['ref']}"


BEHIND_STATUSES = [str(s) for s in BEHIND]
