"""The parameters of routes, typed once: ids within the database's range, plan ids as guihua.names
allows them, text without control characters. Out-of-range and malformed values are a 422 with a
Chinese reason before any route runs (a project id >= 2^63 never reaches SQLite, a NUL never
reaches PostgreSQL), and the OpenAPI document says so.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import Field

from guihua.names import PLAN_ID_MAX

#: the largest id a database row has (SQLite and PostgreSQL BIGINT: a signed 64-bit integer)
MAX_ID = 2**63 - 1
#: the largest row version (a 32-bit INTEGER column)
MAX_VERSION = 2**31 - 1
PLAN_ID_PATTERN = rf"^[A-Za-z0-9_-]{{1,{PLAN_ID_MAX}}}$"
#: one line of text: no control character (C0, DEL)
LINE_PATTERN = r"^[^\x00-\x1f\x7f]*$"
#: free text (notes, evidence): tabs and line breaks allowed, other control characters not
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

PlanId = Annotated[str, Path(pattern=PLAN_ID_PATTERN, description="规划编号（英文字母、数字、-、_）",
                             examples=["hengyang-13th"])]
RowId = Annotated[int, Path(ge=1, le=MAX_ID, description="编号（正整数）")]
KeyText = Annotated[str, Path(min_length=1, max_length=200, pattern=LINE_PATTERN, description="指标名称或键")]
QueryText = Annotated[str | None, Query(max_length=100, pattern=LINE_PATTERN)]
JobId = Annotated[str, Path(max_length=40, pattern=r"^[A-Za-z0-9_-]+$", description="导入任务编号")]


def line(max_length: int, description: str = "", default: Any = ...) -> Any:
    """A body field of one line of text (pydantic Field)."""
    return Field(default, max_length=max_length, pattern=LINE_PATTERN, description=description or None)


def text(max_length: int, description: str = "", default: Any = ...) -> Any:
    """A body field of free text (pydantic Field)."""
    return Field(default, max_length=max_length, pattern=TEXT_PATTERN, description=description or None)


def version_field(description: str = "读取时的版本号 row_version（过期则 409）") -> Any:
    """The version a write read (required: a write without it could overwrite unseen changes)."""
    return Field(..., ge=0, le=MAX_VERSION, description=description)
