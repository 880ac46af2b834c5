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


class RowErrors(InputError):
    """Bad rows in an imported file: `problems` lists (line, reason); nothing was written.

    Lines are numbered as a spreadsheet shows them (the header is line 1).
    """

    def __init__(self, path: str, problems: list[tuple[int, str]]) -> None:
        super().__init__(path, f"{len(problems)} 行有误，未写入任何数据")
        self.path = path
        self.problems = problems

    def lines(self) -> list[str]:
        """One line per problem: "FILE:LINE: reason"."""
        return [f"{self.path}:{line}: {reason}" for line, reason in self.problems]


class ConflictError(GuihuaError):
    """A write lost against a concurrent writer (stale version number)."""

    exit_code = ExitCode.CONFLICT
