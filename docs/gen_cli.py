"""Write the CLI reference (docs/cli.md) from the argparse parser, so it can never drift from the code.

    python docs/gen_cli.py > docs/cli.md        # or: make docs

It walks guihua.cli.main.build_parser(): every subcommand (and nested subcommand) with its help,
description, usage, positional arguments and options (default, choices, required). The output
depends only on the parser, never on the terminal width or the environment, so
tests/unit/test_docs.py can compare docs/cli.md with a fresh run.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout without installing
    sys.path.insert(0, str(ROOT))

WIDTH = 100  # fixed usage width: the output must not depend on the terminal
HEADER = (
    "<!-- 本文件由 docs/gen_cli.py 从命令行解析器生成，请勿手工修改。"
    "重新生成：make docs（或 python docs/gen_cli.py > docs/cli.md） -->"
)


def subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    """(name, help, parser) of every subcommand, depth first, in the order the parser lists them.

    Nested subcommands come out as "outer inner". Aliases are skipped (they share a parser).
    """
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {a.dest: a.help or "" for a in action._choices_actions}
        seen: set[int] = set()
        for name, sub in action.choices.items():
            if id(sub) in seen:
                continue
            seen.add(id(sub))
            full = f"{prefix}{name}"
            yield full, helps.get(name, ""), sub
            yield from subcommands(sub, prefix=f"{full} ")


def command_names(parser: argparse.ArgumentParser) -> list[str]:
    """The names of every subcommand ("outline", "check", ...; nested ones as "outer inner")."""
    return [name for name, _, _ in subcommands(parser)]


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix="")
    return formatter.format_help().strip()


def _help_text(action: argparse.Action, prog: str) -> str:
    text = action.help or ""
    if text == argparse.SUPPRESS:
        return ""
    if "%" in text:  # argparse's own expansion: %(default)s, %(prog)s ...
        params = {k: v for k, v in vars(action).items() if v is not argparse.SUPPRESS}
        params["prog"] = prog
        if params.get("choices") is not None:
            params["choices"] = ", ".join(str(c) for c in params["choices"])
        try:
            text = text % params
        except (KeyError, TypeError, ValueError):
            pass
    return text


def _cell(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).replace("|", "\\|").strip()


def _name(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"`{action.metavar or action.dest}`"
    names = ", ".join(action.option_strings)
    if action.nargs == 0:
        return f"`{names}`"
    metavar = action.metavar
    if metavar is None:
        metavar = "{" + ",".join(str(c) for c in action.choices) + "}" if action.choices else action.dest.upper()
    if isinstance(metavar, tuple):
        metavar = " ".join(metavar)
    return f"`{names} {metavar}`"


def _default(action: argparse.Action) -> str:
    if action.nargs == 0 or action.default in (None, argparse.SUPPRESS) or action.required:
        return ""
    if isinstance(action.default, list | tuple):
        return _cell(", ".join(str(v) for v in action.default))
    return f"`{_cell(action.default)}`"


def _arguments(parser: argparse.ArgumentParser) -> list[str]:
    rows = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        if action.help == argparse.SUPPRESS:
            continue
        required = "是" if (action.required or not action.option_strings) else ""
        choices = ", ".join(f"`{c}`" for c in action.choices) if action.choices else ""
        rows.append(f"| {_name(action)} | {required} | {_default(action)} | {_cell(choices)} | "
                    f"{_cell(_help_text(action, parser.prog))} |")
    if not rows:
        return ["无参数。", ""]
    return ["| 参数 | 必填 | 默认 | 取值 | 说明 |", "| --- | --- | --- | --- | --- |", *rows, ""]


def _description(text: str | None, help_line: str) -> list[str]:
    """The description as Markdown: one paragraph, or a text block when it has several lines."""
    if not text or text.strip() == help_line.strip():
        return []
    text = textwrap.dedent(text).strip("\n")
    if "\n" not in text.strip():
        return [text.strip(), ""]
    first, _, rest = text.partition("\n")
    rest = textwrap.dedent(rest).strip("\n")
    return [first.strip(), "", "```text", rest, "```", ""]


def anchor(name: str) -> str:
    """The GitHub-style anchor of the heading `guihua NAME`."""
    return "guihua-" + name.replace(" ", "-")


def render(parser: argparse.ArgumentParser) -> str:
    """The whole CLI reference as Markdown."""
    commands = list(subcommands(parser))
    out = [HEADER, "", "# 命令行参考", ""]
    out += _description(parser.description, "")
    out += ["用法：", "", "```text", _usage(parser), "```", "", "全局选项：", ""]
    out += _arguments(parser)
    out += ["## 命令一览", "", "| 命令 | 作用 |", "| --- | --- |"]
    out += [f"| [`guihua {name}`](#{anchor(name)}) | {_cell(help_line)} |" for name, help_line, _ in commands]
    out.append("")
    out += [
        "输入有误（文件、参数、数据行）时，命令只在标准错误输出一行说明（指明文件、行号或字段）并以退出码 2 结束；"
        "退出码 1 表示程序内部错误（设置环境变量 `GUIHUA_DEBUG=1` 可看到完整的调用栈）。",
        "",
    ]
    for name, help_line, sub in commands:
        out += [f"## guihua {name}", ""]
        if help_line:
            out += [_cell(help_line), ""]
        out += _description(sub.description, help_line)
        out += ["```text", _usage(sub), "```", ""]
        out += _arguments(sub)
    return "\n".join(out).rstrip("\n") + "\n"


def generate() -> str:
    from guihua.cli.main import build_parser

    return render(build_parser())


def main() -> None:
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(generate())


if __name__ == "__main__":
    main()
