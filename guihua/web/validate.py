"""Data entry in the web: a form or JSON row handed to the store's import (guihua.store.actuals).

There is one validation path: the web form, the JSON API, the web upload and `guihua import-actuals`
all go through guihua.store.actuals, so they accept and refuse the same inputs with the same
messages. This module only turns a form into a row and the store's refusals into messages by the
form's fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guihua.store.actuals import ActualsError
from guihua.web.errors import NO_CONTROL_MESSAGE

MAX_UPLOAD = 5 * 1024 * 1024
FORM_FIELDS = ("indicator", "year", "value", "unit", "measure", "source", "note")


def form_row(form: Mapping[str, Any]) -> dict[str, Any]:
    """The row the import reads from a form or a JSON body (other keys are left out)."""
    return {f: form.get(f) for f in FORM_FIELDS if form.get(f) is not None}


def field_errors(exc: ActualsError) -> dict[str, str]:
    """{form field: message} from the store's refusal of one row (a whole-row problem goes by the value)."""
    out: dict[str, str] = {}
    for p in exc.details:
        f = p.field if p.field in FORM_FIELDS else "value"
        out[f] = f"{out[f]}；{p.reason}" if f in out else p.reason
    return out


def control_errors(form: Mapping[str, Any]) -> dict[str, str]:
    """{field: message} for form values holding control characters (line breaks and tabs only in
    the source and the note): refused here, before they reach the store."""
    out: dict[str, str] = {}
    for f, v in form.items():
        allowed = "\t\n\r" if f in ("source", "note") else ""
        if isinstance(v, str) and any((ord(ch) < 32 or ord(ch) == 127) and ch not in allowed for ch in v):
            out[f] = NO_CONTROL_MESSAGE
    return out
