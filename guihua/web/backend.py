"""The storage the web app reads and writes, behind one small interface.

`Backend` lists exactly what the pages need; `StoreBackend` (store_backend.py) implements it over
guihua.store's repository, on SQLite or PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from guihua.documents import Node
from guihua.monitoring.model import Evaluation
from guihua.web.records import (
    AuditRecord,
    ObservationRecord,
    PlanInfo,
    TargetRecord,
    UploadOutcome,
)


class Backend(Protocol):
    """What the web app needs from storage."""

    def plans(self) -> list[PlanInfo]: ...
    def plan(self, plan_id: str) -> PlanInfo: ...
    def raw_text(self, plan_id: str) -> str: ...
    def outline(self, plan_id: str) -> Node: ...
    def targets(self, plan_id: str) -> list[TargetRecord]: ...
    def observations(self, plan_id: str) -> list[ObservationRecord]: ...
    def audit(self, plan_id: str) -> list[AuditRecord]: ...
    def version(self, plan_id: str) -> int: ...
    # {plan_id: (data changes, data-round changes)}, of one plan or all ("" : changes of no plan)
    def changes(self, plan_id: str | None = None) -> dict[str, tuple[int, int]]: ...
    # expected_version: the version the writer read; a stale one raises guihua.errors.ConflictError
    def review(self, plan_id: str, target_id: str, action: str, changes: dict[str, Any], who: str,
               expected_version: int | None = None) -> TargetRecord: ...
    # allow: None, or the test each row's indicator must pass (a department's scope); rows failing it
    # raise guihua.store.access.AccessDenied and nothing is written
    def add_observations(self, plan_id: str, rows: list[dict[str, Any]], who: str,
                         allow: Callable[[Any], bool] | None = None) -> list[ObservationRecord]: ...
    def import_file(self, plan_id: str, filename: str, content: bytes, who: str, sheet: str | None = None,
                    aliases: dict[str, str] | None = None,
                    allow: Callable[[Any], bool] | None = None) -> UploadOutcome: ...
    def indicator_choices(self, plan_id: str) -> list[dict[str, Any]]: ...
    def proposals(self, plan_id: str, state: str | None = None) -> list[dict[str, Any]]: ...
    def decide_proposal(self, plan_id: str, proposal_id: str, action: str, who: str,
                        indicator_id: int | None = None, expected_version: int | None = None) -> None: ...
    def update_indicator(self, plan_id: str, key: str, changes: dict[str, Any], who: str,
                         expected_version: int | None = None) -> None: ...
    def evaluate(self, plan_id: str, year: int) -> Evaluation: ...


def open_backend(database_url: str | None) -> Backend:
    """The backend for a database URL (None: GUIHUA_DATABASE_URL, else ./guihua.db)."""
    from guihua.store.settings import resolve_url
    from guihua.web.store_backend import StoreBackend

    return StoreBackend(resolve_url(database_url))
