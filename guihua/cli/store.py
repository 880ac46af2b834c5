"""Database commands: ingest, import-actuals, export, restore, review, indicator(s), audit.

Examples:
    guihua ingest data/hengyang-13th-fyp/plan.txt --plan hengyang-13th --region 衡阳市 --period 2016-2020
    guihua import-actuals data/hengyang-13th-fyp/actuals.csv --plan hengyang-13th \\
        --mapping data/hengyang-13th-fyp/mapping.csv
    guihua indicators --plan hengyang-13th --targets
    guihua review 12 --status 已修改 --set value=4100 --user 王芳
    guihua indicator 1 --set departments=市统计局,市发改委 --set attribute=预期性 --user 王芳
    guihua export --plan hengyang-13th --out hengyang.json
    guihua restore hengyang.json --db sqlite:///copy.db
    guihua audit --plan hengyang-13th --limit 20

The database is `--db URL` (SQLAlchemy URL or a SQLite file path), else $GUIHUA_DATABASE_URL, else
./guihua.db.
"""

from __future__ import annotations

import json
import re
from typing import Any

from guihua import fields
from guihua.cli.terminal import cell
from guihua.errors import ExitCode, InputError
from guihua.names import check_name
from guihua.store.records import EDITABLE_INDICATOR_FIELDS, EDITABLE_STATEMENT_FIELDS, REVIEW_STATUSES


def _db(p: Any) -> None:
    p.add_argument("--db", default=None, metavar="URL",
                   help="数据库（SQLAlchemy URL 或 SQLite 文件路径；默认 $GUIHUA_DATABASE_URL，否则 ./guihua.db）")


def _user(p: Any, required: bool = False) -> None:
    p.add_argument("--user", required=required, default=None, help="操作人（记入审计日志）")


def register(sub: Any) -> None:
    p = sub.add_parser("ingest", help="载入规划文件：原文、结构树与抽取的目标（同一文件再次载入不做任何改动）",
                       description="例：guihua ingest plan.txt --plan hengyang-13th --period 2016-2020")
    p.add_argument("path", metavar="PATH", help="规划文件（.txt/.docx/.pdf）")
    p.add_argument("--plan", required=True, help="规划编号，如 hengyang-13th")
    p.add_argument("--title", help="规划标题（默认取正文首行）")
    p.add_argument("--region", help="地区，如 衡阳市")
    p.add_argument("--period", metavar="YYYY-YYYY", help="规划期，如 2016-2020（默认从文中推断）")
    _db(p)
    _user(p)
    p.set_defaults(func=ingest_handler)

    p = sub.add_parser("import-actuals", help="导入实际值（CSV/XLSX）；有错行时列出行、列与原因，不写入任何数据",
                       description="每行一个值（指标、年份、数值、单位、口径、来源、备注，中英文表头均可）或指标为行、"
                                   "年份为列（2016年、2017年……）；表头上方的标题行、下方的注释行自动跳过。"
                                   "未知指标给出可能的对应指标，用 --alias 确认后记为该指标的别名。"
                                   "例：guihua import-actuals 统计局.xlsx --plan hengyang-13th --sheet 主要指标 "
                                   "--alias 粮食总产量=粮食总产")
    p.add_argument("file", metavar="FILE", help="CSV 或 XLSX 文件")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--sheet", metavar="NAME", help="读取的工作表（名称或序号，1 为第一个；默认唯一含数据的工作表）")
    p.add_argument("--alias", action="append", default=[], metavar="名称=指标",
                   help="确认表中的名称就是规划的某个指标（指标名、编号或建议中的写法）；导入成功后记为该指标的别名"
                        "（记入审计日志），下次无需再指定。可重复")
    p.add_argument("--mapping", metavar="FILE", help="映射文件（数据中的指标名 -> 规划指标、单位、度量、可比性）")
    _db(p)
    _user(p)
    p.set_defaults(func=import_handler)

    p = sub.add_parser("export", help="导出一个规划的全部数据为 JSON（含审计日志，可无损恢复）",
                       description="例：guihua export --plan hengyang-13th --out hengyang.json")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--out", required=True, metavar="FILE.json", help="输出文件")
    _db(p)
    p.set_defaults(func=export_handler)

    p = sub.add_parser("restore", help="从导出的 JSON 恢复一个规划（到尚无该规划的数据库）",
                       description="例：guihua restore hengyang.json --db sqlite:///copy.db")
    p.add_argument("file", metavar="FILE.json", help="guihua export 导出的文件")
    _db(p)
    _user(p)
    p.set_defaults(func=restore_handler)

    p = sub.add_parser("review", help="审核一条目标：已确认 / 已修改（附 --set）/ 已驳回 / 待审核",
                       description="例：guihua review 12 --status 已修改 --set value=4100 --user 王芳。"
                                   f"可改字段：{'、'.join(EDITABLE_STATEMENT_FIELDS)}")
    p.add_argument("target_id", metavar="TARGET_ID", type=int, help="目标编号（见 guihua indicators --targets）")
    p.add_argument("--status", required=True, choices=REVIEW_STATUSES, help="审核结果")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", help="改正一个字段（可重复）")
    p.add_argument("--expect-version", type=int, default=None, metavar="N",
                   help="读取时的版本号；他人已修改时报冲突（退出码 3）而不覆盖")
    _user(p, required=True)
    _db(p)
    p.set_defaults(func=review_handler)

    p = sub.add_parser("indicator", help="修改一个指标：名称、别名、单位、领域、属性、责任部门、备注（记入审计日志）",
                       description="例：guihua indicator 1 --set departments=市统计局,市发改委 --set attribute=预期性 "
                                   f"--user 王芳。可改字段：{'、'.join(EDITABLE_INDICATOR_FIELDS)}；"
                                   "aliases 与 departments 用逗号或顿号分隔；is_main=是/否 标记主要指标")
    p.add_argument("indicator_id", metavar="INDICATOR_ID", type=int, help="指标编号（见 guihua indicators）")
    p.add_argument("--set", action="append", default=[], required=True, metavar="FIELD=VALUE",
                   help="修改一个字段（可重复）")
    p.add_argument("--expect-version", type=int, default=None, metavar="N",
                   help="读取时的版本号；他人已修改时报冲突（退出码 3）而不覆盖")
    _user(p, required=True)
    _db(p)
    p.set_defaults(func=indicator_handler)

    p = sub.add_parser("indicators", help="列出规划的指标（单位、领域、属性、责任部门、目标与实际值数）",
                       description="例：guihua indicators --plan hengyang-13th --targets")
    p.add_argument("--plan", required=True, help="规划编号")
    p.add_argument("--targets", action="store_true", help="同时列出每个指标下的目标/基期值（含编号与审核状态）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    _db(p)
    p.set_defaults(func=indicators_handler)

    p = sub.add_parser("audit", help="查看审计日志（谁、何时、改了什么、原值、新值）",
                       description="例：guihua audit --plan hengyang-13th --limit 20")
    p.add_argument("--plan", help="规划编号")
    p.add_argument("--entity", help="对象类型：plan / plan_version / statement / indicator / observation / project")
    p.add_argument("--id", dest="entity_id", help="对象编号")
    p.add_argument("--limit", type=int, default=None, help="最多显示条数（最新的）")
    _db(p)
    p.set_defaults(func=audit_handler)


def _store(args: Any, io: Any) -> Any:
    from guihua.store.repository import open_store
    from guihua.store.settings import resolve_url

    return open_store(resolve_url(args.db, io.environ))


def os_user(io: Any) -> str:
    """The operating-system account running the command ($USER, on Windows $USERNAME)."""
    return io.environ.get("USER") or io.environ.get("USERNAME") or "cli"


def _who(args: Any, io: Any) -> str:
    """The audit log's "who" of a CLI write: the account named by --user (else $GUIHUA_USER) together
    with the operating-system user, as "王芳（系统用户 wang）"; just the system user when no name is given."""
    system = os_user(io)
    name = (args.user or io.environ.get("GUIHUA_USER") or "").strip()
    check_name(name, "--user")  # control or invisible characters are refused, never stored
    who = f"{name}（系统用户 {system}）" if name and name != system else system
    return who[:100]


def _period(text: str | None) -> tuple[int, int] | None:
    from guihua.cli.targets import parse_period

    return parse_period(text)


def ingest_handler(args: Any, io: Any) -> int:
    from guihua.store.ingest import ingest_path

    period = _period(args.period)
    store = _store(args, io)
    try:
        r = ingest_path(store, args.path, plan_id=args.plan, title=args.title, region=args.region, period=period,
                        user=_who(args, io))
    finally:
        store.dispose()
    if not r.changed:
        print(f"{args.plan}：文件与第 {r.version} 版相同，未做任何改动", file=io.stdout)
    else:
        print(f"{args.plan}：已存为第 {r.version} 版；目标/基期值 {r.statements} 条，新建指标 {r.indicators_created} 个"
              + (f"，沿用审核结论 {r.carried_over} 条" if r.version > 1 else ""), file=io.stdout)
    return int(ExitCode.OK)


def parse_aliases(items: list[str]) -> dict[str, str]:
    """`--alias 名称=指标` pairs."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, target = item.partition("=")
        if not sep or not name.strip() or not target.strip():
            raise InputError(f"--alias {item}", "应写作 表中名称=规划指标，如 粮食总产量=粮食总产")
        out[name.strip()] = target.strip()
    return out


def import_handler(args: Any, io: Any) -> int:
    from guihua.store.actuals import ActualsError, import_actuals

    aliases = parse_aliases(args.alias)
    store = _store(args, io)
    try:
        s = import_actuals(store, args.plan, args.file, mapping=args.mapping, sheet=args.sheet, aliases=aliases,
                           user=_who(args, io))
    except ActualsError as exc:
        for line in exc.lines():
            print(line, file=io.stderr)
        print(f"guihua: {exc}", file=io.stderr)
        if exc.unknown():
            print("提示：确认对应关系请加 --alias 表中名称=规划指标（可重复），导入成功后记为该指标的别名，下次无需再指定；"
                  "或用 --mapping 映射文件", file=io.stderr)
        return int(ExitCode.BAD_INPUT)
    finally:
        store.dispose()
    layout = "指标为行、年份为列" if s.layout == "wide" else "每行一个值"
    where = f"（工作表“{s.sheet}”，{layout}）" if s.sheet else f"（{layout}）"
    print(f"已导入 {s.rows} 条实际值{where}（数据冲突 {s.conflicts} 条，标为不可比 {s.not_comparable} 条）",
          file=io.stdout)
    if s.aliases_added:
        print(f"记为别名 {len(s.aliases_added)} 个：{'、'.join(f'{a}→{b}' for a, b in s.aliases_added)}", file=io.stdout)
    if s.indicators_created:
        print(f"新增指标 {len(s.indicators_created)} 个：{'、'.join(s.indicators_created)}", file=io.stdout)
    return int(ExitCode.OK)


def export_handler(args: Any, io: Any) -> int:
    from guihua.store.exchange import write_export

    store = _store(args, io)
    try:
        n = write_export(store, args.plan, args.out)
    finally:
        store.dispose()
    print(f"已导出 {args.plan} 到 {args.out}（{n} 字节）", file=io.stdout)
    return int(ExitCode.OK)


def restore_handler(args: Any, io: Any) -> int:
    from guihua.store.exchange import restore_file

    store = _store(args, io)
    try:
        plan_id = restore_file(store, args.file, user=_who(args, io))
    finally:
        store.dispose()
    print(f"已恢复规划 {plan_id}", file=io.stdout)
    return int(ExitCode.OK)


def parse_sets(items: list[str]) -> dict[str, Any]:
    """`field=value` pairs typed by the field registry (guihua.fields)."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"--set {item}", "应写作 字段=值，如 value=4100")
        if name not in EDITABLE_STATEMENT_FIELDS:
            raise InputError(f"--set {name}", f"不能修改该字段（可改：{'、'.join(EDITABLE_STATEMENT_FIELDS)}）")
        try:
            out[name] = fields.parse_value(fields.field("statements", name), value)
        except ValueError as exc:
            raise InputError(f"--set {name}", str(exc)) from exc
    return out


YES = ("是", "true", "1", "yes")
NO = ("否", "false", "0", "no")


def parse_indicator_sets(items: list[str]) -> dict[str, Any]:
    """`field=value` pairs for an indicator; lists (aliases, departments) split on , ， 、 ；"""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"--set {item}", "应写作 字段=值，如 departments=市统计局,市发改委")
        if name not in EDITABLE_INDICATOR_FIELDS:
            raise InputError(f"--set {name}", f"不能修改该字段（可改：{'、'.join(EDITABLE_INDICATOR_FIELDS)}）")
        if name in ("aliases", "departments"):
            out[name] = [v.strip() for v in re.split(r"[,，、;；]", value) if v.strip()]
        elif name == "is_main":
            flag = value.strip().lower()
            if flag not in YES + NO:
                raise InputError(f"--set {item}", "是否主要指标应写 是 或 否")
            out[name] = flag in YES
        else:
            out[name] = value.strip() or None
    return out


def indicator_handler(args: Any, io: Any) -> int:
    changes = parse_indicator_sets(args.set)
    store = _store(args, io)
    try:
        ind = store.update_indicator(args.indicator_id, changes, user=_who(args, io), expected_version=args.expect_version)
    finally:
        store.dispose()
    print(f"指标 {ind.id}「{ind.name}」已更新（版本 {ind.row_version}）：单位 {ind.unit or '—'}，领域 {ind.domain or '—'}，"
          f"属性 {ind.attribute or '—'}，责任部门 {'、'.join(ind.departments) or '—'}"
          f"{'，主要指标' if ind.is_main else ''}", file=io.stdout)
    return int(ExitCode.OK)


def review_handler(args: Any, io: Any) -> int:
    changes = parse_sets(args.set)
    store = _store(args, io)
    try:
        s = store.review_statement(args.target_id, args.status, changes=changes, user=_who(args, io),
                                   expected_version=args.expect_version)
    finally:
        store.dispose()
    print(f"目标 {s.id}「{s.indicator}」：{s.status}（版本 {s.row_version}）", file=io.stdout)
    return int(ExitCode.OK)


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def indicators_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        inds = store.list_indicators(args.plan)
        stmts = store.list_statements(args.plan)
        obs = store.list_observations(plan_id=args.plan)
    finally:
        store.dispose()
    by_ind: dict[int | None, list[Any]] = {}
    for s in stmts:
        by_ind.setdefault(s.indicator_id, []).append(s)
    n_obs: dict[int, int] = {}
    for o in obs:
        n_obs[o.indicator_id] = n_obs.get(o.indicator_id, 0) + 1
    from guihua.monitoring.wording import target_text

    if args.json:
        rows = []
        for i in inds:
            d = {k: getattr(i, k) for k in ("id", "key", "name", "aliases", "unit", "domain", "attribute",
                                            "attribute_source", "origin", "departments", "row_version")}
            d["observations"] = n_obs.get(i.id, 0)
            d["statements"] = [{"id": s.id, "type": s.type, "kind": s.kind, "value": s.value, "unit": s.unit,
                                "year": s.year, "status": s.status, "quote": s.quote} for s in by_ind.get(i.id, [])]
            rows.append(d)
        io.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return int(ExitCode.OK)
    io.stdout.write("\t".join(["编号", "指标", "单位", "领域", "属性", "责任部门", "目标", "基期", "实际值"]) + "\n")
    for i in inds:
        ss = by_ind.get(i.id, [])
        io.stdout.write("\t".join(cell(c) for c in [
            i.id, i.name, i.unit, i.domain,
            (i.attribute or "") + ("（拟定）" if i.attribute and i.attribute_source == "proposed" else ""),
            "、".join(i.departments),
            sum(1 for s in ss if s.type == "target"), sum(1 for s in ss if s.type == "baseline"),
            n_obs.get(i.id, 0)]) + "\n")
        if args.targets:
            for s in ss:
                label = "目标" if s.type == "target" else "基期"
                text = (target_text(s.kind, s.comparator, s.value, value_max=s.value_max, values=s.values,
                                    unit=s.unit, direction=s.direction, quote=s.quote)
                        if s.type == "target" else f"{_fmt(s.value)}{_fmt(s.unit)}")
                io.stdout.write(f"\t  #{s.id} {label} {s.kind} {text}"
                                f" {_fmt(s.year)}年 [{s.status}] {s.quote.replace(chr(10), '')}\n")
    return int(ExitCode.OK)


def audit_handler(args: Any, io: Any) -> int:
    store = _store(args, io)
    try:
        entries = store.audit_log(plan_id=args.plan, entity=args.entity, entity_id=args.entity_id,
                                  limit=args.limit, newest_first=args.limit is not None)
    finally:
        store.dispose()
    if args.limit is not None:
        entries = list(reversed(entries))
    io.stdout.write("\t".join(["编号", "时间", "用户", "操作", "对象", "字段", "原值", "新值"]) + "\n")
    for e in entries:
        old = "" if e.old is None else json.dumps(e.old, ensure_ascii=False)
        new = "" if e.new is None else json.dumps(e.new, ensure_ascii=False)
        io.stdout.write("\t".join(cell(c) for c in [e.id, e.at, e.user, e.action, f"{e.entity}:{e.entity_id}",
                                                      e.field, old[:80], new[:80]]) + "\n")
    return int(ExitCode.OK)
