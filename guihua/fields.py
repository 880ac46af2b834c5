"""The field registry: every stored field defined once (name, Chinese label, unit, type, description).

guihua.store.schema takes column comments from here, the CLI's `--set field=value` parses values
with the registered type, and `schema_markdown()` writes the schema documentation.

Naming rules: `_id` for keys, `_year` for years, `is_` for booleans, `_json` for JSON text,
`_at` for UTC timestamps (ISO 8601 text), offsets are `start_offset`/`end_offset` into the raw text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # Chinese label shown to users
    type: str  # "str" | "int" | "float" | "bool" | "json" | "floats"
    description: str
    unit: str | None = None


def _f(name: str, label: str, type: str, description: str, unit: str | None = None) -> Field:
    return Field(name, label, type, description, unit)


STATEMENT = (
    _f("type", "类型", "str", "target（目标）或 baseline（基期值）"),
    _f("kind", "种类", "str", "level 水平 / growth 增速 / change 变化 / cumulative 累计 / structure 结构 / milestone 时间节点"),
    _f("indicator", "指标", "str", "指标名称（按原文）"),
    _f("value", "数值", "float", "目标值或基期值（区间时为下限）"),
    _f("value_max", "上限", "float", "区间目标的上限"),
    _f("values", "结构值", "floats", "结构目标的各项值，如 10:40:50"),
    _f("unit", "单位", "str", "原文单位"),
    _f("comparator", "方向", "str", ">= 不低于、<= 不高于、~ 左右、= 等于"),
    _f("year", "年份", "int", "目标年或基期年", "年"),
    _f("base_year", "起始年", "int", "增速或变化的起算年", "年"),
    _f("scope", "范围", "str", "统计范围（如 城镇、农村）"),
    _f("section", "位置", "str", "art:N 条 / box:N 专栏 / sec:C.S 节 / ch:C 章"),
    _f("start_offset", "起点", "int", "原文起始偏移（含）"),
    _f("end_offset", "终点", "int", "原文结束偏移（不含）"),
    _f("quote", "原文", "str", "原文片段 raw[start:end]"),
    _f("node_key", "结构节点", "str", "结构树节点标识"),
    _f("confidence", "置信度", "float", "抽取置信度 0-1（指标名取自前文、年份推断等不确定之处逐项扣减；审核页从低到高列出）"),
    _f("note", "备注", "str", "备注"),
    _f("indicator_key", "指标键", "str", "同一指标不同写法的统一键"),
    _f("direction", "增减方向", "str", "增速与变化量的方向：increase 增长/提高，decrease 下降/减少（数值按原文记为正数）"),
    _f("attribute", "属性", "str", "约束性 / 预期性（规划原文或指标表注明时）"),
    _f("status", "审核状态", "str", "待审核 / 已确认 / 已修改 / 已驳回"),
    _f("row_version", "版本号", "int", "乐观并发控制的版本号，每次修改加一"),
)

INDICATOR = (
    _f("key", "指标键", "str", "规划内唯一的指标键"),
    _f("name", "指标名称", "str", "规范名称"),
    _f("aliases", "别名", "json", "其他写法（原文与统计数据中的名称）"),
    _f("unit", "单位", "str", "指标单位；实际值换算到该单位"),
    _f("domain", "领域", "str", "经济发展 / 创新驱动 / 民生福祉 / 资源环境 …（按所在章建议，可修改）"),
    _f("attribute", "属性", "str", "约束性 / 预期性：规划注明的，否则按国家规划约束性指标清单拟定（见 attribute_source）"),
    _f("attribute_source", "属性来源", "str",
       "plan 规划注明 / proposed 按国家规划约束性指标清单拟定（待审核）/ review 审核确定"),
    _f("departments", "责任部门", "json", "责任单位名称列表"),
    _f("origin", "来源", "str", "plan 规划抽取 / data 统计数据映射新增 / review 审核时新增"),
    _f("note", "备注", "str", "备注"),
)

OBSERVATION = (
    _f("period", "年份或时期", "str", "年份 YYYY，或时期 YYYY-YYYY（如 十三五 年均增速）"),
    _f("measure", "度量", "str", "level 水平值 / growth 增速（%，时期则为年均增速）/ structure 结构比例"),
    _f("value", "数值", "float", "按发布单位的数值"),
    _f("values", "结构值", "floats", "结构比例各项，如 12.6:33.0:54.4"),
    _f("value_text", "原始数值", "str", "文件中的原样文本"),
    _f("unit", "发布单位", "str", "按发布的单位"),
    _f("value_converted", "换算值", "float", "换算到指标单位后的数值"),
    _f("unit_converted", "换算单位", "str", "指标单位"),
    _f("source_indicator", "原指标名", "str", "数据文件中的指标名称"),
    _f("source", "来源", "str", "来源（网址或文件）"),
    _f("quote", "来源原文", "str", "来源中包含该数值的原文"),
    _f("note", "说明", "str", "可靠性与口径说明"),
    _f("is_conflict", "数据冲突", "bool", "同一指标同一年份有不同数值并存"),
    _f("is_not_comparable", "不可比", "bool", "口径或普查调整导致不可直接比较"),
    _f("comparability_reason", "不可比原因", "str", "如 统计范围不同、第七次人口普查调整"),
    _f("import_file", "导入文件", "str", "导入的文件名"),
    _f("import_line", "导入行号", "int", "文件中的行号（表头为第 1 行）"),
)

PROPOSED_ACTUAL = (
    _f("source_indicator", "原指标名", "str", "文件中的指标名称"),
    _f("period", "年份或时期", "str", "年份 YYYY，或时期 YYYY-YYYY"),
    _f("measure", "度量", "str", "level 水平值 / growth 增速 / structure 结构比例"),
    _f("value", "数值", "float", "按文件中单位的数值"),
    _f("values", "结构值", "floats", "结构比例各项"),
    _f("value_text", "原始数值", "str", "文件中的原样数值"),
    _f("unit", "单位", "str", "文件中的单位"),
    _f("document", "来源文件", "str", "统计公报或政府工作报告的文件名"),
    _f("document_title", "文件标题", "str", "文件首行（标题）"),
    _f("quote", "原文", "str", "文件中包含该数值的原文片段"),
    _f("start_offset", "起点", "int", "原文片段在文件原文中的起始偏移（含）"),
    _f("end_offset", "终点", "int", "原文片段在文件原文中的结束偏移（不含）"),
    _f("line", "行号", "int", "原文片段所在的行（第一行为 1）"),
    _f("candidates", "候选指标", "json", "未能确定指标时的候选 [[指标编号, 得分], …]"),
    _f("problem", "问题", "str", "不能直接接受的原因（如 单位量纲不同、已有相同实际值）"),
    _f("state", "审核状态", "str", "待审核 / 已接受 / 已驳回"),
    _f("observation_id", "实际值编号", "int", "接受后写入的实际值"),
)

PROJECT = (
    _f("name", "项目名称", "str", "项目简称"),
    _f("full_name", "项目全称", "str", "项目全称"),
    _f("action", "建设行为", "str", "新建 / 续建 / 改扩建 …"),
    _f("category", "类别", "str", "项目类别"),
    _f("box", "专栏", "str", "所在专栏"),
    _f("article", "条", "str", "所在条"),
    _f("places", "地点", "json", "地点列表"),
    _f("quote", "原文", "str", "原文片段"),
    _f("status", "项目状态", "str", "规划 / 前期 / 在建 / 建成 / 停缓建"),
)

AUDIT = (
    _f("at", "时间", "str", "UTC 时间（ISO 8601）"),
    _f("user", "用户", "str", "操作人"),
    _f("action", "操作", "str", "ingest / review / update / import / restore …"),
    _f("entity", "对象", "str", "plan / plan_version / statement / indicator / observation / project"),
    _f("entity_id", "对象标识", "str", "对象的主键"),
    _f("field", "字段", "str", "改动的字段"),
    _f("old", "原值", "json", "改动前的值（JSON）"),
    _f("new", "新值", "json", "改动后的值（JSON）"),
)

REGISTRY: dict[str, tuple[Field, ...]] = {
    "statements": STATEMENT, "indicators": INDICATOR, "observations": OBSERVATION,
    "projects": PROJECT, "audit_log": AUDIT, "proposed_actuals": PROPOSED_ACTUAL,
}


def field(table: str, name: str) -> Field:
    """The registered field `name` of `table` (KeyError when unknown)."""
    for f in REGISTRY[table]:
        if f.name == name:
            return f
    raise KeyError(name)


def label(table: str, name: str) -> str:
    try:
        return field(table, name).label
    except KeyError:
        return name


def parse_value(f: Field, text: str) -> Any:
    """A value typed by the field's registered type, from text ("" or "null" means empty).

    Raises ValueError with a Chinese reason when the text does not fit the type.
    """
    t = text.strip()
    if t == "" or t.lower() in ("null", "none"):
        return None
    try:
        if f.type == "int":
            return int(t)
        if f.type == "float":
            return float(t.replace(",", ""))
        if f.type == "bool":
            if t.lower() in ("1", "true", "yes", "是"):
                return True
            if t.lower() in ("0", "false", "no", "否"):
                return False
            raise ValueError(t)
        if f.type == "floats":
            import re

            return [float(x) for x in re.split(r"[:：∶,，\s]+", t.strip("[]")) if x]
        if f.type == "json":
            return json.loads(t)
    except ValueError as exc:
        raise ValueError(f"字段 {f.name}（{f.label}）应为 {f.type}，收到“{text}”") from exc
    return t


def schema_markdown() -> str:
    """The schema documentation (one table per stored table) as Markdown."""
    out = ["# 数据字段", ""]
    for table, fields in REGISTRY.items():
        out += [f"## {table}", "", "| 字段 | 名称 | 类型 | 单位 | 说明 |", "| --- | --- | --- | --- | --- |"]
        out += [f"| `{f.name}` | {f.label} | {f.type} | {f.unit or ''} | {f.description} |" for f in fields]
        out.append("")
    return "\n".join(out)
