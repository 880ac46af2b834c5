"""The Jinja2 environment of the pages, with the Chinese number filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from guihua.monitoring.model import KIND_LABELS
from guihua.reports.links import safe_href
from guihua.store.access import can_edit_indicator, can_edit_project
from guihua.web import access, auth, fmt
from guihua.web.data import status_class
from guihua.web.prose import prose
from guihua.web.records import MEASURES

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))


def _json(v: Any) -> Markup:
    text = json.dumps(v, ensure_ascii=False, default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _query(params: dict[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return ("?" + urlencode(merged)) if merged else ""


templates.env.filters.update({
    "num": fmt.number, "qty": lambda v, unit=None: fmt.quantity(v, unit), "tojson_safe": _json,
    "tojson_attr": lambda v: json.dumps(v, ensure_ascii=False, default=str),
    "status_class": status_class, "urlq": lambda s: quote(str(s), safe=""),
})
templates.env.globals.update({"query": _query})


def _default_plan(request: Any) -> str | None:
    plans = request.app.state.site.backend.plans()
    return plans[0].id if plans else None


_KINDS = {**KIND_LABELS, "change": "较基期变化", "milestone": "节点任务", "structure": "结构"}


_DIGITS = "零一二三四五六七八九"


def _cn(n: int | None) -> str:
    """12 -> 十二, 20 -> 二十, 3 -> 三 (numbering of chapters and sections)."""
    if n is None or not 0 < n < 100:
        return str(n or "")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def _link(text: object, fallback: Any = None) -> Markup | str:
    """A source or evidence: a link when it is an http(s) address (guihua.reports.links.safe_href),
    else the text, escaped ("javascript:…", "file:…" and relative paths are never links).
    `fallback` formats what is not a link (e.g. the `prose` filter)."""
    if text is None or text == "":
        return ""
    href = safe_href(str(text))
    if href is None:
        return fallback(text) if fallback is not None else str(text)
    return Markup('<a href="{}" rel="noopener noreferrer nofollow" class="ext">{}</a>').format(href, str(text).strip())


def _unit(u: str | None) -> str:
    return "" if u in (None, "ratio", "比例") else str(u)


templates.env.globals.update({"default_plan": _default_plan})
_FILTERS: dict[str, Any] = {"kind": lambda k: _KINDS.get(k, k or ""),
                            "measure": lambda m: MEASURES.get(m, m or ""), "unit": _unit, "cn": _cn,
                            "prose": prose, "link": _link,
                            "link_prose": lambda t: _link(t, prose)}
templates.env.filters.update(_FILTERS)


# ------------------------------------------------------------------ the account of the page's request
@pass_context
def _account(ctx: Any) -> auth.Account | None:
    return auth.current(ctx["request"])


@pass_context
def _csrf_token(ctx: Any) -> str:
    account = auth.current(ctx["request"])
    return account.csrf or "" if account is not None else ""


@pass_context
def _csrf_field(ctx: Any) -> Markup:
    """The hidden field every POST form carries (guihua.web.access checks it)."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(escape(_csrf_token(ctx)))


@pass_context
def _can(ctx: Any, permission: str) -> bool:
    return access.allowed(ctx["request"], permission)


@pass_context
def _may_edit_indicator(ctx: Any, indicator: Any) -> bool:
    """For an indicator card, or a target (whose `department` lists its indicator's departments with 、)."""
    if isinstance(indicator, dict) and "departments" not in indicator:
        indicator = {"departments": [d for d in (indicator.get("department") or "").split("、") if d]}
    return can_edit_indicator(access.user_of(ctx["request"]), indicator)


@pass_context
def _may_edit_project(ctx: Any, project: Any) -> bool:
    return can_edit_project(access.user_of(ctx["request"]), project)


templates.env.globals.update({"account": _account, "csrf_token": _csrf_token, "csrf_field": _csrf_field,
                              "can": _can, "may_edit_indicator": _may_edit_indicator,
                              "may_edit_project": _may_edit_project})
