"""The monitoring evaluation of a plan as the web shows it, cached per plan version and year.

Rejected targets are left out; corrected ones are evaluated with their corrected values.
"""

from __future__ import annotations

import threading

from guihua.monitoring.model import Evaluation
from guihua.web.backend import Backend


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
        return self.backend.evaluate(plan_id, year)
