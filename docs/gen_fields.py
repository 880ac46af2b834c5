"""Write the field reference (docs/fields.md) from the field registry guihua/fields.py.

    python docs/gen_fields.py > docs/fields.md        # or: make docs

One registry defines each stored field once (name, Chinese label, type, unit, description); this
script turns it into the documentation, so the documentation cannot drift from the schema.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout without installing
    sys.path.insert(0, str(ROOT))

HEADER = (
    "<!-- 本文件由 docs/gen_fields.py 从 guihua/fields.py 生成，请勿手工修改。"
    "重新生成：make docs（或 python docs/gen_fields.py > docs/fields.md） -->"
)
INTRO = (
    "每个存储字段只在 `guihua/fields.py` 中定义一次（名称、中文名、类型、单位、说明），数据库列注释、"
    "`guihua review --set 字段=值` 的类型检查和本页都由它生成。命名规则与未登记的通用列"
    "（`id`、`plan_id`、`created_at`、`row_version` 等）见 [naming.md](naming.md)。"
)


def generate() -> str:
    from guihua.fields import schema_markdown

    body = schema_markdown().strip("\n").split("\n")
    if body and body[0].startswith("# "):  # keep the registry's title, add the intro under it
        body = [body[0], "", INTRO, *body[1:]]
    else:
        body = ["# 数据字段", "", INTRO, "", *body]
    return "\n".join([HEADER, "", *body]).rstrip("\n") + "\n"


def main() -> None:
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(generate())


if __name__ == "__main__":
    main()
