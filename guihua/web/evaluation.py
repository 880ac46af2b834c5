"""The monitoring evaluation of a plan as the web shows it, cached per plan version and year.

Rejected targets are left out; corrected ones are evaluated with their corrected values.
"""

from __future__ import annotations

import threading
from typing import Any

from guihua.monitoring.evaluation import evaluate
from guihua.monitoring.model import Evaluation, ObservationInput
from guihua.monitoring.sources import observation_input, target_inputs
from guihua.web.backend import Backend
from guihua.web.records import ObservationRecord

_PERIOD_MEASURES = {"growth": "period_growth"}


def to_observation(o: ObservationRecord) -> ObservationInput | None:
    obs = observation_input(o.indicator, o.year, o.value, o.unit, note=o.note, source=o.source, quote=o.quote,
                            flags=o.flags, key=o.id)
    if obs is not None and obs.measure == "level" and o.measure and o.measure != "level":
        measure: Any = _PERIOD_MEASURES.get(o.measure, o.measure) if obs.period_start else o.measure
        obs.measure = measure
    return obs


class EvaluationCache:
    """One Evaluation per (plan, version, year), computed on first use."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._cache: dict[tuple[str, int, int], Evaluation] = {}
        self._lock = threading.Lock()

    def get(self, plan_id: str, year: int) -> Evaluation:
        key = (plan_id, self.backend.version(plan_id), year)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        with self._lock:
            hit = self._cache.get(key)
            if hit is None:
                hit = self._compute(plan_id, year)
                self._cache = {k: v for k, v in self._cache.items() if k[0] != plan_id or k[1] == key[1]}
                self._cache[key] = hit
            return hit

    def _compute(self, plan_id: str, year: int) -> Evaluation:
        own = getattr(self.backend, "evaluate", None)
        if own is not None:  # the store's backend evaluates through guihua.monitoring's store adapter
            result: Evaluation = own(plan_id, year)
            return result
        plan = self.backend.plan(plan_id)
        records = [t for t in self.backend.targets(plan_id) if t.review != "已驳回"]
        raw = self.backend.raw_text(plan_id)
        targets, baselines = target_inputs(records, raw)
        by_id = {t.id: t for t in records}
        for t in targets:
            rec = by_id.get(t.key)
            if rec is not None:
                t.binding = rec.attribute
                t.domain = rec.domain
        observations = [o for o in (to_observation(r) for r in self.backend.observations(plan_id)) if o]
        kind = "final" if year >= plan.last_year else (
            "midterm" if year >= (plan.first_year + plan.last_year) // 2 else "annual")
        return evaluate(plan_id=plan.id, plan_title=plan.title, targets=targets, baselines=baselines,
                        observations=observations, year=year, kind=kind, base_year=plan.first_year - 1,
                        last_year=plan.last_year, region=plan.region)
