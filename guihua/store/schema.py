"""The database tables (SQLAlchemy Core). Column comments come from guihua.fields.

The migrations in guihua/store/migrations create exactly these tables; a test compares the
migrated database with this metadata. Change a table here AND add a migration.

Conventions: JSON is kept as text (`*_json` or the registry's json fields) written with sorted keys,
so both SQLite and PostgreSQL return it byte for byte; timestamps are ISO 8601 UTC text; every
mutable row has `row_version` for optimistic concurrency.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from guihua import fields as F
from guihua.store.records import PROJECT_STATUSES, REVIEW_STATUSES

metadata = MetaData()
__all__ = ["metadata", "TABLES", "REVIEW_STATUSES", "PROJECT_STATUSES"]



def _c(table: str, name: str, type_: Any, **kw: Any) -> Column[Any]:
    """A column whose comment is the field registry's Chinese label."""
    comment = None
    try:
        comment = F.field(table, name.removesuffix("_json")).label
    except KeyError:
        pass
    return Column(name, type_, comment=comment, **kw)


plans = Table(
    "plans", metadata,
    Column("id", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("region", Text),
    Column("period_start", Integer),
    Column("period_end", Integer),
    Column("current_version", Integer),
    Column("created_at", String(32), nullable=False),
    Column("row_version", Integer, nullable=False, default=1),
)

plan_versions = Table(
    "plan_versions", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("encoding", String(32)),
    Column("sha256", String(64), nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("repairs_json", Text, nullable=False),
    Column("period_start", Integer),
    Column("period_end", Integer),
    Column("period_source", Text),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(100), nullable=False),
    UniqueConstraint("plan_id", "number", name="uq_plan_versions_plan_number"),
)

nodes = Table(
    "nodes", metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("plan_versions.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("key", String(300), nullable=False),
    Column("parent_key", String(300)),
    Column("kind", String(20), nullable=False),
    Column("number", Integer),
    Column("title", Text, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("note", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Index("ix_nodes_version", "version_id"),
)

indicators = Table(
    "indicators", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    _c("indicators", "key", Text, nullable=False),
    _c("indicators", "name", Text, nullable=False),
    _c("indicators", "aliases_json", Text, nullable=False),
    _c("indicators", "unit", Text),
    _c("indicators", "domain", Text),
    _c("indicators", "attribute", String(10)),
    _c("indicators", "attribute_source", String(10)),
    _c("indicators", "origin", String(10), nullable=False),
    _c("indicators", "note", Text),
    Column("created_at", String(32), nullable=False),
    Column("row_version", Integer, nullable=False, default=1),
    UniqueConstraint("plan_id", "key", name="uq_indicators_plan_key"),
    # 0011: one of the plan's 主要指标 (the main indicator table), shown first in reports
    Column("is_main", Boolean, nullable=False, default=False),
)

departments = Table(
    "departments", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    # 0011: 部门 (a department) or 县市区 (a county-level unit); None for departments named before 0011
    Column("kind", String(10)),
)

indicator_departments = Table(
    "indicator_departments", metadata,
    Column("indicator_id", Integer, ForeignKey("indicators.id"), primary_key=True),
    Column("department_id", Integer, ForeignKey("departments.id"), primary_key=True),
)

statements = Table(
    "statements", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("version_id", Integer, ForeignKey("plan_versions.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("indicator_id", Integer, ForeignKey("indicators.id")),
    _c("statements", "status", String(10), nullable=False),
    _c("statements", "type", String(20), nullable=False),
    _c("statements", "kind", String(20), nullable=False),
    _c("statements", "indicator", Text, nullable=False),
    _c("statements", "value", Double),
    _c("statements", "value_max", Double),
    _c("statements", "values_json", Text),
    _c("statements", "unit", Text),
    _c("statements", "comparator", String(4)),
    _c("statements", "year", Integer),
    _c("statements", "base_year", Integer),
    _c("statements", "scope", Text),
    _c("statements", "section", Text),
    _c("statements", "start_offset", Integer, nullable=False),
    _c("statements", "end_offset", Integer, nullable=False),
    _c("statements", "quote", Text, nullable=False),
    _c("statements", "node_key", Text),
    _c("statements", "confidence", Double, nullable=False),
    _c("statements", "note", Text),
    _c("statements", "indicator_key", Text),
    _c("statements", "direction", String(10)),
    _c("statements", "attribute", String(10)),
    Column("extra_json", Text, nullable=False),
    Column("original_json", Text, nullable=False),
    Column("reviewed_by", String(100)),
    Column("reviewed_at", String(32)),
    Column("row_version", Integer, nullable=False, default=1),
    Index("ix_statements_plan_version", "plan_id", "version_id"),
    Index("ix_statements_indicator", "indicator_id"),
)

observations = Table(
    "observations", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("indicator_id", Integer, ForeignKey("indicators.id"), nullable=False),
    _c("observations", "period", String(9), nullable=False),
    Column("year_start", Integer, nullable=False),
    Column("year_end", Integer, nullable=False),
    _c("observations", "measure", String(10), nullable=False),
    _c("observations", "value", Double),
    _c("observations", "values_json", Text),
    _c("observations", "value_text", Text, nullable=False),
    _c("observations", "unit", Text),
    _c("observations", "value_converted", Double),
    _c("observations", "unit_converted", Text),
    _c("observations", "source_indicator", Text),
    _c("observations", "source", Text),
    _c("observations", "quote", Text),
    _c("observations", "note", Text),
    _c("observations", "is_conflict", Boolean, nullable=False, default=False),
    _c("observations", "is_not_comparable", Boolean, nullable=False, default=False),
    _c("observations", "comparability_reason", Text),
    _c("observations", "import_file", Text),
    _c("observations", "import_line", Integer),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("row_version", Integer, nullable=False, default=1),
    Index("ix_observations_indicator", "indicator_id", "year_end"),
    Index("ix_observations_plan", "plan_id"),
)

projects = Table(
    "projects", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("version_id", Integer, ForeignKey("plan_versions.id")),
    _c("projects", "name", Text, nullable=False),
    _c("projects", "full_name", Text),
    _c("projects", "action", Text),
    _c("projects", "category", Text),
    _c("projects", "box", Text),
    _c("projects", "article", Text),
    _c("projects", "places_json", Text, nullable=False),
    Column("start_offset", Integer),
    Column("end_offset", Integer),
    _c("projects", "quote", Text),
    _c("projects", "status", String(10), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("row_version", Integer, nullable=False, default=1),
    # 0004: the project library (one row per project, grouped by normalised full name)
    Column("key", Text),
    Column("start_year", Integer),
    Column("end_year", Integer),
    Column("investment", Double),
    Column("investment_unit", Text),
    Column("responsible", Text),
    Column("note", Text),
    Index("ix_projects_plan", "plan_id"),
    Index("ix_projects_plan_key", "plan_id", "key"),
)

project_mentions = Table(
    "project_mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id"), nullable=False),
    Column("version_id", Integer, ForeignKey("plan_versions.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("full_name", Text),
    Column("action", Text),
    Column("category", Text),
    Column("box", Integer),
    Column("article", Integer),
    Column("places_json", Text, nullable=False),
    Column("counties_json", Text, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("name_start", Integer),
    Column("name_end", Integer),
    Column("quote", Text, nullable=False),
    Column("node_key", Text),
    Column("confidence", Double, nullable=False),
    Index("ix_project_mentions_project", "project_id"),
    Index("ix_project_mentions_version", "version_id"),
)

project_events = Table(
    "project_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id"), nullable=False),
    Column("date", String(10), nullable=False),
    Column("status", String(10)),
    Column("evidence", Text),
    Column("note", Text),
    Column("import_file", Text),
    Column("import_line", Integer),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(100), nullable=False),
    Index("ix_project_events_project", "project_id"),
)

project_links = Table(
    "project_links", metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id"), nullable=False),
    Column("indicator_id", Integer, ForeignKey("indicators.id"), nullable=False),
    Column("status", String(10), nullable=False),
    Column("reason", Text),
    Column("score", Double),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("decided_by", String(100)),
    Column("decided_at", String(32)),
    Column("row_version", Integer, nullable=False, default=1),
    UniqueConstraint("project_id", "indicator_id", name="uq_project_links_project_indicator"),
    Index("ix_project_links_indicator", "indicator_id"),
)

milestone_events = Table(
    "milestone_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("statement_id", Integer, ForeignKey("statements.id")),
    Column("indicator_id", Integer, ForeignKey("indicators.id")),
    Column("event_date", String(10), nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("source", Text),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("row_version", Integer, nullable=False, default=1),
    Index("ix_milestone_events_plan", "plan_id"),
    Index("ix_milestone_events_statement", "statement_id"),
)

# 0007: what a later document (a year's work report) says of the library's projects, for review
project_proposals = Table(
    "project_proposals", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("project_id", Integer, ForeignKey("projects.id")),
    Column("source", Text, nullable=False),
    Column("source_sha256", String(64), nullable=False),
    Column("report_year", Integer),
    Column("event_year", Integer),
    Column("name", Text, nullable=False),
    Column("full_name", Text),
    Column("action", Text),
    Column("status", String(10)),
    Column("status_phrase", Text),
    Column("quote", Text, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("confidence", Double, nullable=False),
    Column("reason", Text),
    Column("decision", String(10), nullable=False),
    Column("event_id", Integer, ForeignKey("project_events.id")),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("decided_at", String(32)),
    Column("decided_by", String(100)),
    Column("row_version", Integer, nullable=False, default=1),
    Index("ix_project_proposals_plan", "plan_id", "decision"),
    Index("ix_project_proposals_project", "project_id"),
)

proposed_actuals = Table(
    "proposed_actuals", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("indicator_id", Integer, ForeignKey("indicators.id")),
    _c("proposed_actuals", "source_indicator", Text, nullable=False),
    _c("proposed_actuals", "period", String(9), nullable=False),
    Column("year_start", Integer, nullable=False),
    Column("year_end", Integer, nullable=False),
    _c("proposed_actuals", "measure", String(10), nullable=False),
    _c("proposed_actuals", "value", Double),
    _c("proposed_actuals", "values_json", Text),
    _c("proposed_actuals", "value_text", Text, nullable=False),
    _c("proposed_actuals", "unit", Text),
    _c("proposed_actuals", "document", Text, nullable=False),
    _c("proposed_actuals", "document_title", Text),
    _c("proposed_actuals", "quote", Text, nullable=False),
    _c("proposed_actuals", "start_offset", Integer, nullable=False),
    _c("proposed_actuals", "end_offset", Integer, nullable=False),
    _c("proposed_actuals", "line", Integer),
    _c("proposed_actuals", "candidates_json", Text),
    _c("proposed_actuals", "problem", Text),
    _c("proposed_actuals", "state", String(10), nullable=False),
    _c("proposed_actuals", "observation_id", Integer),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("reviewed_at", String(32)),
    Column("reviewed_by", String(100)),
    Column("row_version", Integer, nullable=False, default=1),
    Index("ix_proposed_actuals_plan", "plan_id", "state"),
)

# 0011: 目标责任制. Responsibility of a department (or county-level unit) for an indicator, a target
# (a statement of type target) or a project: one 牵头 (lead) and any number of 配合 (co-operating)
# units per entity. `entity` is indicator | target | project; `entity_id` the row id in its table.
responsibilities = Table(
    "responsibilities", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("entity", String(12), nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("department_id", Integer, ForeignKey("departments.id"), nullable=False),
    Column("role", String(4), nullable=False),
    Column("source", Text),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(100), nullable=False),
    UniqueConstraint("entity", "entity_id", "department_id", name="uq_responsibilities_entity_department"),
    Index("ix_responsibilities_plan", "plan_id", "entity"),
    Index("ix_responsibilities_department", "department_id"),
)

# 0011: 年度目标. For a quantitative target (statement), its value for each year of the period:
# proposed from the expected path (`method` linear | compound) or set by 规划办 (`method` manual).
annual_targets = Table(
    "annual_targets", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("statement_id", Integer, ForeignKey("statements.id"), nullable=False),
    Column("indicator_id", Integer, ForeignKey("indicators.id")),
    Column("year", Integer, nullable=False),
    Column("value", Double, nullable=False),
    Column("unit", Text),
    Column("method", String(10), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("row_version", Integer, nullable=False, default=1),
    UniqueConstraint("statement_id", "year", name="uq_annual_targets_statement_year"),
    Index("ix_annual_targets_plan", "plan_id", "year"),
)

# 0011: 填报轮次. A data round of a plan for one year: 规划办 opens it (deadline, covered indicators
# and projects), departments fill and submit their rows, 规划办 approves or returns each row.
rounds = Table(
    "rounds", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("deadline", String(10)),
    Column("state", String(10), nullable=False),
    Column("opened_at", String(32), nullable=False),
    Column("opened_by", String(100), nullable=False),
    Column("closed_at", String(32)),
    Column("closed_by", String(100)),
    Column("row_version", Integer, nullable=False, default=1),
    UniqueConstraint("plan_id", "year", name="uq_rounds_plan_year"),
)

# 0011: one row of a round: an indicator's value (or a project's progress) for the round's year, owed
# by one department (the lead unit). `state`: 未填报 / 填报中 / 已提交 / 已退回 / 已审定. An approved
# indicator row becomes an observation (`observation_id`); only approved values enter the evaluation.
round_rows = Table(
    "round_rows", metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", Integer, ForeignKey("rounds.id"), nullable=False),
    Column("plan_id", String(100), ForeignKey("plans.id"), nullable=False),
    Column("department_id", Integer, ForeignKey("departments.id"), nullable=False),
    Column("indicator_id", Integer, ForeignKey("indicators.id")),
    Column("project_id", Integer, ForeignKey("projects.id")),
    Column("unit", Text),
    Column("value", Double),
    Column("value_text", Text),
    Column("progress", Text),
    Column("note", Text),
    Column("state", String(10), nullable=False),
    Column("comment", Text),
    Column("observation_id", Integer),
    Column("updated_at", String(32)),
    Column("updated_by", String(100)),
    Column("submitted_at", String(32)),
    Column("submitted_by", String(100)),
    Column("decided_at", String(32)),
    Column("decided_by", String(100)),
    Column("row_version", Integer, nullable=False, default=1),
    UniqueConstraint("round_id", "indicator_id", name="uq_round_rows_round_indicator"),
    UniqueConstraint("round_id", "project_id", name="uq_round_rows_round_project"),
    Index("ix_round_rows_round_department", "round_id", "department_id"),
    Index("ix_round_rows_plan_state", "plan_id", "state"),  # 0012: pending values of a plan
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", String(100)),
    _c("audit_log", "at", String(32), nullable=False),
    _c("audit_log", "user", String(100), nullable=False),
    _c("audit_log", "action", String(30), nullable=False),
    _c("audit_log", "entity", String(30), nullable=False),
    _c("audit_log", "entity_id", String(100), nullable=False),
    _c("audit_log", "field", String(50)),
    _c("audit_log", "old", Text),
    _c("audit_log", "new", Text),
    Index("ix_audit_plan", "plan_id"),
    Index("ix_audit_entity", "entity", "entity_id"),
)

# 0012: how often each plan's data and its data rounds have changed (written in the same transaction as
# the audit rows: guihua.store.changes). Readers compare these counters instead of scanning the audit log;
# plan_id "" counts changes that belong to no plan (units, accounts). Derived: never exported.
change_counters = Table(
    "change_counters", metadata,
    Column("plan_id", String(100), primary_key=True),
    Column("data", Integer, nullable=False, default=0),
    Column("rounds", Integer, nullable=False, default=0),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("department", Text),
    Column("password_hash", Text, nullable=False),
    Column("api_token_hash", String(64)),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("row_version", Integer, nullable=False, default=1),
    UniqueConstraint("name", name="uq_users_name"),
    UniqueConstraint("api_token_hash", name="uq_users_api_token_hash"),
)

sessions = Table(
    "sessions", metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Index("ix_sessions_user", "user_id"),
)

#: a plan's tables in insertion order (parents first); export and restore walk this list. Accounts and
#: sessions (users, sessions) belong to the deployment, not to a plan: never exported with one.
TABLES = (plans, plan_versions, nodes, indicators, departments, indicator_departments, statements,
          observations, projects, project_mentions, project_events, project_links, milestone_events,
          project_proposals, proposed_actuals, responsibilities, annual_targets, rounds, round_rows, audit_log)
