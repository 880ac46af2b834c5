"""Lossless export and restore of one plan as JSON: document versions, outline, statements with
their original extraction, indicators and departments, actual values, projects and the audit log.

`export_plan(store, plan_id)` returns the JSON text; `restore(store, text)` loads it into a database
that does not hold the plan yet, keeping every id, timestamp and audit entry. Exporting the restored
plan gives a byte-identical file: keys are sorted, JSON columns are decoded into objects and written
back with the store's canonical encoding, and the export carries no time of its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from guihua.errors import InputError
from guihua.names import check_plan_id
from guihua.store import migrate
from guihua.store import schema as t
from guihua.store.base import dumps
from guihua.store.repository import Store

FORMAT = "guihua-plan-export"
FORMAT_VERSION = 1
_JSON_COLUMNS = {
    "plan_versions": ("repairs_json",),
    "indicators": ("aliases_json",),
    "statements": ("values_json", "extra_json", "original_json"),
    "observations": ("values_json",),
    "projects": ("places_json",),
    "project_mentions": ("places_json", "counties_json"),
    "proposed_actuals": ("values_json", "candidates_json"),
    "audit_log": ("old", "new"),
}


def export_data(store: Store, plan_id: str) -> dict[str, Any]:
    """The export as a dict (what export_plan writes)."""
    tables = store.dump_plan(plan_id)
    for name, cols in _JSON_COLUMNS.items():
        for row in tables.get(name, []):
            for c in cols:
                if row.get(c) is not None:
                    row[c] = json.loads(row[c])
    for rows in tables.values():
        for row in rows:
            for k, v in row.items():
                if isinstance(v, bool) or v is None:
                    continue
                if k.startswith("is_"):
                    row[k] = bool(v)
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_revision": migrate.head(),
            "plan_id": plan_id, "tables": tables}


def export_plan(store: Store, plan_id: str) -> str:
    """The plan as JSON text (UTF-8, sorted keys, one trailing newline)."""
    return json.dumps(export_data(store, plan_id), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def write_export(store: Store, plan_id: str, out: str | Path) -> int:
    """Write the export to `out` atomically (temporary file, then rename); returns bytes written."""
    data = export_plan(store, plan_id).encode("utf-8")
    p = Path(out)
    if not p.parent.is_dir():
        raise InputError(str(out), f"目录“{p.parent}”不存在")
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(p)
    return len(data)


def load_export(text: str, where: str = "restore") -> dict[str, Any]:
    """Parse and check an export's text; InputError names what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}:{exc.lineno}", f"不是有效的 JSON：{exc.msg}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(where, f"不是 guihua 导出文件（缺少 format = {FORMAT}）")
    if data.get("format_version") != FORMAT_VERSION:
        raise InputError(where, f"不支持的导出格式版本 {data.get('format_version')}（支持 {FORMAT_VERSION}）")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise InputError(where, "缺少 tables")
    plan_id = check_plan_id(data.get("plan_id"), f"{where}:plan_id")
    for name, rows in tables.items():
        if name == "indicator_departments":
            continue
        if name not in t.metadata.tables:
            raise InputError(where, f"未知的表 {name}")
        known = set(t.metadata.tables[name].c.keys())
        if name == "responsibilities":  # the department by name, not by id
            known = (known - {"department_id"}) | {"department"}
        elif name == "round_rows":  # the department by name too
            known = (known - {"department_id"}) | {"department"}
        elif name == "departments":
            known = {"name", "kind"}
        if not isinstance(rows, list):
            raise InputError(f"{where}:{name}", "应为记录列表")
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InputError(f"{where}:{name}[{i}]", "应为记录（JSON 对象）")
            extra = set(row) - known
            if extra:
                raise InputError(f"{where}:{name}[{i}]", f"未知字段 {', '.join(sorted(extra))}")
            own = row.get("id") if name == "plans" else row.get("plan_id", plan_id)
            if own is not None and own != plan_id:
                raise InputError(f"{where}:{name}[{i}]", f"记录属于规划“{own}”，不是导出文件的规划“{plan_id}”")
    return data


def restore(store: Store, text: str, *, user: str = "system", where: str = "restore") -> str:
    """Load an export into the store (one transaction); returns the plan id."""
    data = load_export(text, where)
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, rows in data["tables"].items():
        cols = _JSON_COLUMNS.get(name, ())
        out = []
        for row in rows:
            r = dict(row)
            for c in cols:
                if r.get(c) is not None:
                    r[c] = dumps(r[c])
            out.append(r)
        tables[name] = out
    return store.load_plan(tables, user=user)


def restore_file(store: Store, path: str | Path, *, user: str = "system") -> str:
    p = Path(path)
    if not p.is_file():
        raise InputError(str(path), "文件不存在")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "不是 UTF-8 文本") from exc
    return restore(store, text, user=user, where=str(path))
