"""The store's public API: `open_store` and the `Store` class.

All SQL of guihua lives in the store's entity modules, one per entity (plans_repo, indicators_repo,
statements_repo, ingest_repo, observations_repo, projects_repo, milestones_repo, audit_repo, dump_repo,
responsibility_repo, annual_targets_repo, round_status_repo, rounds_repo),
each adding its methods to `Store` as a mixin over `guihua.store.base.StoreBase`.

Open a store with `open_store(url)` (migrates the database to the newest revision) and use the
`Store` methods; they return plain records from guihua.store.records, never database rows.

    from guihua.store.repository import open_store
    store = open_store("sqlite:///guihua.db")          # or postgresql+psycopg://...
    plan = store.get_plan("hengyang-13th")
    for ind in store.list_indicators(plan.id):
        obs = store.list_observations(indicator_id=ind.id)
    s = store.list_statements(plan.id, type="target")[0]
    store.review_statement(s.id, "已修改", changes={"value": 4100.0}, user="王芳",
                           expected_version=s.row_version)

Rules every writer follows:
- Each public write runs in one transaction: all of it is written or none of it.
- Every change of a stored value appends to the audit log (who, when, entity, field, old, new);
  the log itself is append-only (the database refuses UPDATE/DELETE on it).
- Optimistic concurrency: mutable rows carry `row_version`. Pass the version you read as
  `expected_version`; when someone else changed the row meanwhile, `ConflictError` is raised and
  nothing is written. Without `expected_version` the version read inside the transaction is used.
- Unknown ids and invalid values raise `InputError` (Chinese message naming the field).

Review statuses (`REVIEW_STATUSES`), defined:
- 待审核: not reviewed. Setting it again reopens a statement and restores the original extraction.
- 已确认: the extraction is right as extracted. Refused with changes, and refused while current
  values differ from the original (use 已修改 to accept corrected values).
- 已修改: corrected. The changes are applied; the result must differ from the original extraction
  (otherwise use 已确认). The original stays in `original` beside the corrected values.
- 已驳回: not a real target/baseline. Refused with changes; values are kept as they are.
"""

from __future__ import annotations

from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from guihua.errors import InputError
from guihua.store import migrate
from guihua.store.annual_targets_repo import AnnualTargetsMixin
from guihua.store.audit_repo import AuditMixin
from guihua.store.base import create_store_engine, dumps, now
from guihua.store.dump_repo import DumpMixin
from guihua.store.indicators_repo import IndicatorsMixin
from guihua.store.ingest_repo import IngestMixin
from guihua.store.milestones_repo import MilestonesMixin
from guihua.store.observations_repo import ObservationsMixin
from guihua.store.plans_repo import PlansMixin
from guihua.store.projects_repo import ProjectsMixin
from guihua.store.responsibility_repo import ResponsibilityMixin
from guihua.store.round_status_repo import RoundStatusMixin
from guihua.store.rounds_repo import RoundsMixin
from guihua.store.schema import PROJECT_STATUSES, REVIEW_STATUSES
from guihua.store.settings import resolve_url
from guihua.store.statements_repo import StatementsMixin
from guihua.store.users_repo import UsersMixin

__all__ = ["REVIEW_STATUSES", "PROJECT_STATUSES", "Store", "open_store", "create_store_engine", "now", "dumps"]


class Store(PlansMixin, IngestMixin, StatementsMixin, IndicatorsMixin, ObservationsMixin, ProjectsMixin,
            MilestonesMixin, AuditMixin, DumpMixin, UsersMixin, ResponsibilityMixin, AnnualTargetsMixin,
            RoundStatusMixin, RoundsMixin):
    """One database. Thread-safe to share; each method opens its own transaction."""


def open_store(url: str | None = None, *, migrate_db: bool = True) -> Store:
    """The store at `url` (`--db` value, $GUIHUA_DATABASE_URL or ./guihua.db), migrated to head."""
    resolved = resolve_url(url)
    try:
        engine = create_store_engine(resolved)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise InputError("--db", f"数据库地址“{resolved}”无法识别：{exc}") from exc
    try:
        if migrate_db:
            migrate.upgrade(engine)
        else:
            with engine.connect():
                pass
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise InputError("--db", f"无法打开数据库“{engine.url.render_as_string(hide_password=True)}”：{reason}") from exc
    return Store(engine)
