"""Errors the core raises and the exit codes the CLI maps them to.

Only the CLI entry point turns these into exit codes; the core just raises.
Every message names the file, line or field it is about, in Chinese for the user.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # an unexpected internal error (a bug)
    BAD_INPUT = 2  # the user's input (file, row, field, argument) is wrong
    CONFLICT = 3  # a concurrent edit lost: re-read and try again


class GuihuaError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code: ExitCode = ExitCode.FAILURE


class InputError(GuihuaError):
    """A file, row, field or argument the user gave cannot be used.

    `where` names the file (and line/field when known); the message says why.
    """

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class ConflictError(GuihuaError):
    """A write lost against a concurrent writer (stale version number)."""

    exit_code = ExitCode.CONFLICT
