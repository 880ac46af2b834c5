"""Output streams that never pass a control character to the terminal.

Names, quotes and sources printed by the CLI come from files and databases; "\\x1b[2J" in one of them
would clear the screen, a lone "\\r" would overwrite what came before, "\\u202e" would reverse it.
`SafeStream` wraps stdout and stderr and writes such characters as visible escapes (see
guihua.names.escape_control), keeping line breaks, tabs and "\\r\\n" line endings (CSV output).
"""

from __future__ import annotations

import io
import re
from typing import Any, TextIO

from guihua.names import escape_control

_LONE_CR = re.compile(r"\r(?!\n)")


class SafeStream(io.TextIOBase):
    """A text stream writing to `raw` with control and invisible characters escaped."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw  # for the few writers that draw on the terminal themselves (the progress bar)

    def write(self, s: str) -> int:
        out = escape_control(s, keep="\n\t\r")
        if "\r" in out:
            out = _LONE_CR.sub(r"\\x0d", out)
        self.raw.write(out)
        return len(s)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return bool(getattr(self.raw, "isatty", lambda: False)())

    def writable(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def safe(stream: TextIO) -> TextIO:
    """`stream` wrapped in a SafeStream (once)."""
    return stream if isinstance(stream, SafeStream) else SafeStream(stream)  # type: ignore[return-value]


def cell(value: object) -> str:
    """A table cell: every control character escaped, tabs and line breaks too (they would split the table)."""
    return escape_control("" if value is None else str(value))
