"""Read, outline and extract a plan file, then store it: the pipeline behind `guihua ingest`.

`ingest_path(store, path, plan_id=...)` -> IngestResult. The file's sha256 is taken over its bytes,
so the same file again changes nothing; a changed file becomes a new version (see
Store.ingest for what carries over).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from guihua.documents import build_outline, read
from guihua.documents.model import Node
from guihua.errors import InputError
from guihua.extraction import extract_targets
from guihua.extraction.projects import extract_projects
from guihua.gazetteer import region_for
from guihua.names import check_name, check_plan_id
from guihua.store.records import IngestResult
from guihua.store.repository import Store


def _nodes(root: Node) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def walk(node: Node, parent: str | None) -> None:
        out.append({"key": node.id, "parent_key": parent, "kind": node.kind, "number": node.number,
                    "title": node.title, "start": node.start, "end": node.end, "note": node.note,
                    "role": node.role})
        for child in node.children:
            walk(child, node.id)

    walk(root, None)
    return out


def _title(raw: str, fallback: str) -> str:
    for line in raw.splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return fallback


def ingest_path(store: Store, path: str | Path, *, plan_id: str, title: str | None = None,
                region: str | None = None, period: tuple[int, int] | None = None,
                user: str = "system") -> IngestResult:
    """Store the plan file at `path` as plan `plan_id` (a new plan, or a new version of it)."""
    p = Path(path)
    check_plan_id(plan_id, "--plan")
    if title is not None:
        check_name(title, "--title")
    if region is not None:
        check_name(region, "--region")
    if not p.is_file():
        raise InputError(str(path), "文件不存在")
    sha = hashlib.sha256(p.read_bytes()).hexdigest()
    if store.has_plan(plan_id):
        current = store.get_plan(plan_id)
        if current.current_version is not None and store.get_version(plan_id).sha256 == sha:
            # the same file again: Store.ingest returns before writing anything
            return store.ingest(plan_id=plan_id, title=title or current.title, region=region, period=period,
                                period_source=None, source=str(path), format="", encoding=None, sha256=sha,
                                raw_text="", repairs=[], nodes=[], statements=[], user=user)
        if period is None and current.period_start and current.period_end:
            period = (current.period_start, current.period_end)
    doc = read(p)
    root = build_outline(doc)
    result = extract_targets(doc, root, period)
    stored = store.ingest(
        plan_id=plan_id, title=title or _title(doc.raw, plan_id), region=region, period=result.period,
        period_source=result.period_source, source=str(path), format=doc.format, encoding=doc.encoding,
        sha256=sha, raw_text=doc.raw, repairs=[r.to_dict() for r in doc.repairs], nodes=_nodes(root),
        statements=result.statements, user=user, projects=extract_projects(doc, root, region_for(region)),
    )
    return stored
