"""Entry point of the `guihua` command.

Each module in this package other than this one that defines `register(subparsers)` adds its
commands; a command's handler is `func(args, io) -> int`. Only `main` calls `sys.exit`.
Errors the core raises on purpose (`GuihuaError`) become one line on stderr and their exit code;
anything else is a bug and exits 1 with a one-line message (the traceback with GUIHUA_DEBUG=1).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from dataclasses import dataclass, field
from typing import TextIO

from guihua import __version__
from guihua.errors import ExitCode, GuihuaError
from guihua.names import check_plan_id


@dataclass
class IO:
    """The CLI's contact with the world, injectable in tests."""

    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guihua", description="guihua（规划）：五年规划纲要的读取、目标抽取、监测与评估。"
    )
    parser.add_argument("--version", action="version", version=f"guihua {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import guihua.cli as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name == "main":
            continue
        module = importlib.import_module(f"guihua.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def run(argv: list[str] | None = None, io: IO | None = None) -> int:
    """Run one command; returns the exit code (never raises for user errors).

    Output goes through guihua.cli.terminal.SafeStream (control characters escaped); a `--plan` is
    checked (guihua.names.check_plan_id) before the command runs.
    """
    from guihua.cli.terminal import safe

    io = io or IO()
    io = IO(stdin=io.stdin, stdout=safe(io.stdout), stderr=safe(io.stderr), environ=io.environ)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return int(exc.code or 0) and int(ExitCode.BAD_INPUT)
    if not getattr(args, "func", None):
        parser.print_help(io.stdout)
        return int(ExitCode.BAD_INPUT)
    try:
        if getattr(args, "plan", None) is not None:
            check_plan_id(args.plan, "--plan")
        return int(args.func(args, io))
    except GuihuaError as exc:
        print(f"guihua: {exc}", file=io.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("guihua: 已中断", file=io.stderr)
        return 130
    except BrokenPipeError:
        return int(ExitCode.OK)
    except Exception as exc:  # a bug: say so in one line, the traceback on request
        if io.environ.get("GUIHUA_DEBUG"):
            raise
        print(f"guihua: 内部错误（请报告）：{type(exc).__name__}: {exc}", file=io.stderr)
        return int(ExitCode.FAILURE)


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
