"""The documentation keeps up with the code: a command, an option, an environment variable, a field or
a link that is not documented fails here (the datasette habit).

Generated pages (docs/cli.md, docs/fields.md) are compared with a fresh run of their generator;
everything else is found by walking the parser, the field registry, the schema and the source.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from guihua.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
REGENERATE = "run `make docs` (or `.venv/bin/python docs/gen_cli.py > docs/cli.md` and " \
             "`.venv/bin/python docs/gen_fields.py > docs/fields.md`) and commit the result"


def _load(script: str) -> ModuleType:
    path = DOCS / script
    spec = importlib.util.spec_from_file_location(f"guihua_docs_{path.stem}", path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen_cli() -> ModuleType:
    return _load("gen_cli.py")


@pytest.fixture(scope="module")
def parser() -> argparse.ArgumentParser:
    return build_parser()


def _section(markdown: str, heading: str) -> str:
    """The text under the level-2 heading that starts with `heading`, up to the next level-2 heading."""
    m = re.search(rf"^## {re.escape(heading)}[^\n]*\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert m, f"README.md has no section '## {heading}'"
    return m.group(1)


# --------------------------------------------------------------------------- generated pages

def test_cli_reference_is_generated_from_the_parser(gen_cli: ModuleType) -> None:
    path = DOCS / "cli.md"
    assert path.exists(), f"docs/cli.md is missing: {REGENERATE}"
    assert path.read_text(encoding="utf-8") == gen_cli.generate(), \
        f"docs/cli.md differs from what docs/gen_cli.py produces now (a command or option changed): {REGENERATE}"


def test_field_reference_is_generated_from_the_registry() -> None:
    path = DOCS / "fields.md"
    assert path.exists(), f"docs/fields.md is missing: {REGENERATE}"
    assert path.read_text(encoding="utf-8") == _load("gen_fields.py").generate(), \
        f"docs/fields.md differs from what docs/gen_fields.py produces from guihua/fields.py: {REGENERATE}"


def test_generator_covers_every_command_and_option(gen_cli: ModuleType, parser: argparse.ArgumentParser) -> None:
    """The generator itself: each subcommand gets a section naming each of its options and arguments."""
    text = gen_cli.render(parser)
    commands = list(gen_cli.subcommands(parser))
    assert commands, "the parser has no subcommands"
    for name, _, sub in commands:
        m = re.search(rf"^## guihua {re.escape(name)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
        assert m, f"no section for `guihua {name}` in the generated reference"
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS:
                continue
            shown = action.option_strings or [str(action.metavar or action.dest)]
            for s in shown:
                assert s in m.group(1), f"`guihua {name}`: {s} missing from its section"


def test_generator_does_not_depend_on_the_terminal(gen_cli: ModuleType, parser: argparse.ArgumentParser,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    narrow = gen_cli.render(parser)
    monkeypatch.setenv("COLUMNS", "250")
    assert gen_cli.render(parser) == narrow


# --------------------------------------------------------------------------- README

def _readme_commands() -> set[str]:
    """Command names of the rows of README's CLI table ("| `guihua import-actuals FILE ...` | ...")."""
    names = set()
    for line in _section(README.read_text(encoding="utf-8"), "命令行").splitlines():
        m = re.match(r"\|\s*`guihua\s+([^`]*)`", line)
        if not m:
            continue
        words = []
        for word in m.group(1).split():
            if not re.fullmatch(r"[a-z][a-z0-9-]*", word):
                break
            words.append(word)
        names.add(" ".join(words))
    return names


def _leaf_commands(gen_cli: ModuleType, parser: argparse.ArgumentParser) -> list[str]:
    return [name for name, _, sub in gen_cli.subcommands(parser)
            if not any(isinstance(a, argparse._SubParsersAction) for a in sub._actions)]


def test_every_command_is_in_the_readme_table(gen_cli: ModuleType, parser: argparse.ArgumentParser) -> None:
    listed = _readme_commands()
    missing = [name for name in _leaf_commands(gen_cli, parser) if name not in listed]
    assert not missing, f"commands missing from the table under '## 命令行' in README.md: {missing}"


def test_readme_table_names_only_existing_commands(gen_cli: ModuleType, parser: argparse.ArgumentParser) -> None:
    existing = set(gen_cli.command_names(parser))
    stale = sorted(name for name in _readme_commands() if name not in existing)
    assert not stale, f"README.md's CLI table lists commands the parser does not have: {stale}"


def test_readme_quick_start_is_exactly_make_demo_and_make_test() -> None:
    section = _section(README.read_text(encoding="utf-8"), "快速开始")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", section, re.S)
    commands = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    assert [c for c in commands if c] == ["make demo", "make test"]


# --------------------------------------------------------------------------- settings

_ENV_RECEIVERS = {"environ", "env", "environment"}


def _receiver_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def environment_variables(source: str) -> set[str]:
    """Names of the environment variables a module reads.

    Found: `os.getenv("X")`, `<...>environ.get("X")`, `env.get(NAME)`, `environ["X"]`, `"X" in environ`
    (a NAME resolved through the module's string constants), and any string constant GUIHUA_*.
    """
    tree = ast.parse(source)
    constants = {t.id: n.value.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
                 and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                 for t in n.targets if isinstance(t, ast.Name)}

    def text(node: ast.expr | None) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return constants.get(node.id)
        return None

    found: set[str | None] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            func = node.func
            if func.attr == "getenv" or (func.attr in ("get", "setdefault", "pop")
                                         and _receiver_name(func.value) in _ENV_RECEIVERS):
                found.add(text(node.args[0]))
        elif isinstance(node, ast.Subscript) and _receiver_name(node.value) in _ENV_RECEIVERS:
            found.add(text(node.slice))
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops) \
                and any(_receiver_name(c) in _ENV_RECEIVERS for c in node.comparators):
            found.add(text(node.left))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and re.fullmatch(r"GUIHUA_[A-Z0-9_]+", node.value):
            found.add(node.value)
    return {name for name in found if name and re.fullmatch(r"[A-Z][A-Z0-9_]*", name)}


def test_environment_variable_finder_sees_every_form() -> None:
    source = (
        "import os\nENV = 'GUIHUA_A'\nos.getenv('B')\nos.environ.get('C')\nio.environ.get('D', 'x')\n"
        "env.get(ENV)\nos.environ['E']\n'F' in os.environ\nNAME = 'GUIHUA_G'\nd.get('lower_case')\n"
    )
    assert environment_variables(source) == {"GUIHUA_A", "B", "C", "D", "E", "F", "GUIHUA_G"}


def test_every_environment_variable_is_in_the_guide() -> None:
    names: dict[str, str] = {}
    for path in sorted((ROOT / "guihua").rglob("*.py")):
        for name in environment_variables(path.read_text(encoding="utf-8")):
            names.setdefault(name, str(path.relative_to(ROOT)))
    assert "GUIHUA_DATABASE_URL" in names, "the finder no longer sees the database setting"
    guide = (DOCS / "guide.md").read_text(encoding="utf-8")
    missing = {name: where for name, where in sorted(names.items()) if f"`{name}`" not in guide}
    assert not missing, f"environment variables read by guihua but not documented (as `NAME`) in docs/guide.md: {missing}"


def test_every_stored_field_and_column_is_documented() -> None:
    """Each registry field is in docs/fields.md (generated); each other column of the schema in docs/naming.md."""
    from guihua.fields import REGISTRY
    from guihua.store import schema

    fields_md = (DOCS / "fields.md").read_text(encoding="utf-8")
    naming = (DOCS / "naming.md").read_text(encoding="utf-8")
    registered = {table: {f.name for f in fields} for table, fields in REGISTRY.items()}
    assert not [n for names in registered.values() for n in sorted(names) if f"`{n}`" not in fields_md], REGENERATE
    missing = sorted(f"{table.name}.{c.name}" for table in schema.metadata.sorted_tables for c in table.columns
                     if c.name.removesuffix("_json") not in registered.get(table.name, set())
                     and f"`{c.name}`" not in naming)
    assert not missing, f"columns neither in guihua/fields.py nor described (as `name`) in docs/naming.md: {missing}"


def test_export_fields_and_import_columns_are_documented() -> None:
    """The record `guihua targets` writes (docs/naming.md) and the import file headers (docs/guide.md):
    actual values, mapping files, project status."""
    from guihua.extraction.model import Statement
    from guihua.store.actuals import COLUMNS, MAPPING_COLUMNS
    from guihua.store.project_status import COLUMNS as PROJECT_COLUMNS

    naming = (DOCS / "naming.md").read_text(encoding="utf-8")
    assert not [f for f in Statement.FIELDS if f"`{f}`" not in naming], \
        "fields of the export record (guihua.extraction.model.Statement.FIELDS) missing from docs/naming.md"
    guide = (DOCS / "guide.md").read_text(encoding="utf-8")
    columns = [*COLUMNS, *MAPPING_COLUMNS, *PROJECT_COLUMNS]
    assert not [c for c in columns if f"`{c}`" not in guide], \
        f"import or mapping columns missing from docs/guide.md: {[c for c in columns if f'`{c}`' not in guide]}"


# --------------------------------------------------------------------------- links

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def local_links(markdown: str) -> list[str]:
    """Targets of the Markdown links that point at local files (no scheme, not a bare #anchor)."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)  # links inside code blocks are not links
    targets = [m.group(1) for m in _LINK.finditer(text)]
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:", t, re.I) and not t.startswith("#")]


def test_link_finder() -> None:
    md = "[a](docs/guide.md) [b](https://x.org/y) [c](#top) [d](cli.md#guihua-ingest)\n```\n[e](nope.md)\n```"
    assert local_links(md) == ["docs/guide.md", "cli.md#guihua-ingest"]


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a page (lower case, punctuation dropped, spaces -> '-')."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    seen: dict[str, int] = {}
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def test_anchors() -> None:
    assert anchors("# guihua import-actuals\n## 8. 评估完成情况\n## A\n## A\n```\n# not\n```") == \
        {"guihua-import-actuals", "8-评估完成情况", "a", "a-1"}


@pytest.mark.parametrize("page", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: str(p.relative_to(ROOT)))
def test_local_links_exist(page: Path) -> None:
    """Each link to a local file points at an existing file, and its #anchor (if any) at a heading there."""
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in [*local_links(text), *re.findall(r"\]\((#[^)\s]+)\)", text)]:
        path, _, fragment = target.partition("#")
        file = page.parent / path if path else page
        if not file.exists():
            broken.append(target)
        elif fragment and file.suffix == ".md" and fragment.lower() not in anchors(file.read_text(encoding="utf-8")):
            broken.append(target)
    assert not broken, f"{page.relative_to(ROOT)} links to files or headings that do not exist: {broken}"


# --------------------------------------------------------------------------- architecture

def test_architecture_names_every_package_and_top_level_module() -> None:
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    pkg = ROOT / "guihua"
    parts = [f"guihua/{p.name}/" for p in sorted(pkg.iterdir()) if p.is_dir() and (p / "__init__.py").exists()]
    parts += [f"guihua/{p.name}" for p in sorted(pkg.glob("*.py")) if p.name not in ("__init__.py", "errors.py")]
    missing = [p for p in parts if p not in text]
    assert not missing, f"docs/architecture.md does not describe: {missing}"


def test_architecture_summarises_every_monitoring_method_and_threshold() -> None:
    """Each public function of guihua.monitoring.progress and each field of Thresholds is in docs/architecture.md."""
    import dataclasses
    import inspect

    from guihua.monitoring import progress
    from guihua.monitoring.status import Thresholds

    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    methods = [name for name, f in inspect.getmembers(progress, inspect.isfunction)
               if f.__module__ == progress.__name__ and not name.startswith("_")]
    settings = [f.name for f in dataclasses.fields(Thresholds)]
    missing = [n for n in [*methods, *settings] if f"`{n}`" not in text]
    assert not missing, f"monitoring methods or thresholds not summarised in docs/architecture.md: {missing}"
