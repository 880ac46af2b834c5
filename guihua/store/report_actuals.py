"""Actual values from the documents an office already has: a 统计公报 or a 政府工作报告.

`read_report(doc)` finds what the document reports as achieved, for the year it reports on:

- a 统计公报 (statistical bulletin) of year Y reports facts of Y only ("全年地区生产总值3508.5亿元，
  比上年增长4.0%"): every quantity the target extractor finds is an achieved value of Y, unless
  its sentence names another year;
- a 政府工作报告 delivered early in year Y reviews Y-1 and sets targets for Y: only the statements
  the extractor classes as baselines (achieved, in the review) of Y-1 are taken, never the targets.

Quantities are found by the plan's own extractor (guihua.extraction.extract_targets), so the same
rules read a plan's baselines and a report's achieved values. Its kinds become measures: level ->
level (an annual count "全年新增" too), growth -> growth of Y (an average over years when the
sentence says so: "两年平均增长", "五年来…年均增长", "十三五时期年均增长" -> that period), structure ->
structure. A change ("提高2个百分点"), a running total ("累计") and a milestone are not values of
the indicator itself and are listed as skipped, with the reason.

`import_report` matches each value to the plan's indicators (guihua.store.matching: exact, else the
best suggestion when it is close, else none — a person chooses), checks it as the import would
(guihua.store.actuals.check_table: unit, range, duplicates) and stores it as a proposal (source =
the document and the quote with its offsets), pending review. `accept` writes the actual value
through the same import, so a proposal is held to exactly the rules of a typed-in value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guihua.documents import read
from guihua.documents.model import Document
from guihua.errors import ConflictError, InputError
from guihua.extraction import extract_targets
from guihua.extraction.periods import infer_period, period_of_name
from guihua.extraction.quantities import parse_chinese_number
from guihua.store import proposed_actuals_repo as pr
from guihua.store.actuals import check_table, import_rows
from guihua.store.matching import PRESELECT_SCORE, IndicatorMatcher
from guihua.store.repository import Store
from guihua.store.tables_in import Table, number_text, records_from_dicts

BULLETIN, WORK_REPORT = "统计公报", "政府工作报告"
_SENTENCE_END = re.compile(r"[。！？；;\n]")
_N_YEARS = re.compile(r"([两二三四五六七八九十]|\d{1,2})年(?:来|间|内)?(?:的)?(?:平均|年均)")
_FYP = re.compile(r"(十[一二三四五六七八九]?五)(?:规划)?(?:时期|期间|以来)")
_FIVE_YEARS = re.compile(r"(过去五年|五年来|五年间)")
_SPAN = re.compile(r"((?:19|20)\d\d)\s*[-—–~～至到]\s*((?:19|20)\d\d)\s*年")
_AVERAGE = re.compile(r"(年均|平均)")


@dataclass(frozen=True)
class Achieved:
    """One achieved value a report states, with its raw span."""

    name: str
    period: str
    year_start: int
    year_end: int
    measure: str
    value: float | None
    values: list[float] | None
    unit: str | None
    quote: str
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class Skipped:
    quote: str
    start: int
    reason: str


@dataclass
class ReportReading:
    kind: str
    year: int
    title: str
    achieved: list[Achieved]
    skipped: list[Skipped]


@dataclass
class ReportImport:
    document: str
    kind: str
    year: int
    proposal_ids: list[int]
    matched: int  # with an indicator chosen (exactly or a close suggestion)
    unmatched: int  # a person must choose the indicator
    with_problems: int  # checks of the import found something (unit, duplicate…)
    duplicates: int  # already proposed from this document
    skipped: list[Skipped] = field(default_factory=list)


def document_kind(text: str) -> str | None:
    head = text[:400]
    if "统计公报" in head:
        return BULLETIN
    if "政府工作报告" in head:
        return WORK_REPORT
    return None


def _title(raw: str) -> str:
    for line in raw.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def bulletin_year(text: str) -> int | None:
    """"衡阳市2020年国民经济和社会发展统计公报" -> 2020."""
    m = re.search(r"((?:19|20)\d\d)\s*年[^\n。]{0,40}统计公报", text[:400])
    return int(m.group(1)) if m else None


def _sentence_before(raw: str, start: int) -> str:
    i = start
    while i > 0 and not _SENTENCE_END.match(raw[i - 1]):
        i -= 1
    return raw[i:start]


def _growth_span(before: str, quote: str, year: int) -> tuple[int, int] | None:
    """The years an average growth rate is over, from the words of its sentence; None when unsaid."""
    text = before + quote
    m = _SPAN.search(text)
    if m and int(m.group(1)) < int(m.group(2)) == year:
        return int(m.group(1)), year
    m2 = _N_YEARS.search(text)
    if m2:
        n = int(m2.group(1)) if m2.group(1).isdigit() else int(parse_chinese_number(m2.group(1)) or 0)
        if n >= 2:
            return year - n + 1, year
    m3 = _FYP.search(text)
    if m3:
        p = period_of_name(m3.group(1)[:-1])
        if p and p[1] == year:
            return p
    if _FIVE_YEARS.search(text):
        return year - 4, year
    return None


def read_report(doc: Document, year: int | None = None) -> ReportReading:
    """What a 统计公报 or 政府工作报告 reports as achieved for the year it reports on (see the module doc).

    `year` overrides the year read from the document. InputError when the document is neither kind
    or its year cannot be read.
    """
    kind = document_kind(doc.raw)
    if kind is None:
        raise InputError(doc.source, "不是统计公报或政府工作报告：开头未见“统计公报”或“政府工作报告”")
    if year is None:
        if kind == BULLETIN:
            year = bulletin_year(doc.raw)
        else:
            ry = infer_period(doc.text).report_year
            year = ry - 1 if ry else None
    if year is None:
        raise InputError(doc.source, f"{kind}开头未写明年份，请用 --year 指定所报告的年份")
    result = extract_targets(doc)
    achieved: list[Achieved] = []
    skipped: list[Skipped] = []
    for st in result.statements:
        quote = doc.raw[st.start:st.end]
        before = _sentence_before(doc.raw, st.start)

        def skip(reason: str, quote: str = quote, st: Any = st) -> None:
            skipped.append(Skipped(quote, st.start, reason))

        if kind == WORK_REPORT and st.type != "baseline":
            skip("今年的目标，不是已实现的值")
            continue
        if st.kind in ("milestone", "change"):
            skip("节点任务" if st.kind == "milestone" else "变化量（提高、下降……）不是指标本身的值")
            continue
        if "累计" in before[-12:] + quote:
            skip("累计数不是当年的值")
            continue
        st_year = st.year if st.year is not None else year
        span: tuple[int, int] = (year, year)
        if st.kind == "growth" and _AVERAGE.search(before[-16:] + quote):
            found = _growth_span(before, quote, year)
            if found is None:
                skip("平均增速未写明起止年份")
                continue
            span = found
        elif st_year != year:
            skip(f"是 {st_year} 年的值，不是本报告所报的 {year} 年")
            continue
        measure = {"growth": "growth", "structure": "structure"}.get(st.kind, "level")
        period = str(year) if span[0] == span[1] else f"{span[0]}-{span[1]}"
        achieved.append(Achieved(
            name=st.indicator, period=period, year_start=span[0], year_end=span[1], measure=measure,
            value=st.value if measure != "structure" else None, values=st.values if measure == "structure" else None,
            unit=st.unit if measure != "structure" else None, quote=quote, start=st.start, end=st.end,
            line=doc.raw.count("\n", 0, st.start) + 1))
    return ReportReading(kind, year, _title(doc.raw), achieved, skipped)


def _source(document: str, title: str | None) -> str:
    return f"{title}（{document}）" if title and title != document else document


def _row(p: pr.NewProposal | pr.ProposalInfo, indicator_key: str) -> dict[str, Any]:
    value: Any = ":".join(number_text(v) for v in p.values) if p.values else p.value
    return {"indicator": indicator_key, "year": p.period, "value": value, "unit": p.unit or "", "measure": p.measure,
            "source": _source(p.document, p.document_title), "quote": p.quote}


def import_report(store: Store, plan_id: str, path: str | Path, *, year: int | None = None,
                  user: str = "system") -> ReportImport:
    """Read the report at `path` and store its achieved values as proposals of plan `plan_id`."""
    store.get_plan(plan_id)
    doc = read(path)
    reading = read_report(doc, year)
    document = Path(path).name
    indicators = store.list_indicators(plan_id)
    by_id = {i.id: i for i in indicators}
    matcher = IndicatorMatcher(indicators)
    known = {(p.document, p.start, p.end, p.period, p.measure) for p in pr.list_proposals(store, plan_id)}
    proposals: list[pr.NewProposal] = []
    duplicates = 0
    for a in reading.achieved:
        if (document, a.start, a.end, a.period, a.measure) in known:
            duplicates += 1
            continue
        ind = matcher.find(a.name)
        cands = [] if ind is not None else matcher.suggest(a.name, a.unit, a.measure)
        chosen = ind.id if ind is not None else (
            cands[0].indicator.id if cands and cands[0].score >= PRESELECT_SCORE else None)
        proposals.append(pr.NewProposal(
            source_indicator=a.name, period=a.period, year_start=a.year_start, year_end=a.year_end,
            measure=a.measure, value=a.value, value_text=a.quote, unit=a.unit, document=document, quote=a.quote,
            start=a.start, end=a.end, indicator_id=chosen, values=a.values, document_title=reading.title,
            line=a.line, candidates=[(c.indicator.id, c.score) for c in cands],
            problem=None if chosen is not None else "未确定对应的规划指标，请选择"))
    _check(store, plan_id, proposals, by_id)
    ids = pr.add_proposals(store, plan_id, proposals, user=user) if proposals else []
    matched = sum(1 for p in proposals if p.indicator_id is not None)
    return ReportImport(document=document, kind=reading.kind, year=reading.year, proposal_ids=ids, matched=matched,
                        unmatched=len(proposals) - matched, with_problems=sum(1 for p in proposals if p.problem),
                        duplicates=duplicates, skipped=reading.skipped)


def _check(store: Store, plan_id: str, proposals: list[pr.NewProposal], by_id: dict[int, Any]) -> None:
    """Note on each proposal what the import's checks would refuse (unit, year range, stored duplicate)."""
    chosen = [(k, p) for k, p in enumerate(proposals) if p.indicator_id is not None]
    if not chosen:
        return
    rows = [_row(p, by_id[p.indicator_id].key) for _, p in chosen if p.indicator_id is not None]
    table = Table(name=proposals[0].document, sheet=None, layout="long", header_line=0,
                  records=records_from_dicts(rows, [k + 1 for k, _ in chosen]))
    checked = check_table(store, plan_id, table)
    for problem in checked.problems:
        p = proposals[problem.line - 1]
        p.problem = f"{p.problem}；{problem.reason}" if p.problem else problem.reason


def accept(store: Store, proposal_id: int, *, user: str, indicator_id: int | None = None,
           expected_version: int | None = None) -> pr.ProposalInfo:
    """Write the proposal as an actual value through the import's checks, then mark it 已接受 (audited).

    ActualsError (nothing written) when the checks refuse it; ConflictError when already decided.
    """
    p = pr.get_proposal(store, proposal_id)
    if p.state != pr.PENDING:
        raise ConflictError(f"实际值建议 {proposal_id}: 已被 {p.reviewed_by or '他人'} 处理（{p.state}）")
    if expected_version is not None and expected_version != p.row_version:
        raise ConflictError(f"实际值建议 {proposal_id}: 已被他人修改（版本 {expected_version} 已过期）；请重新读取")
    ind_id = indicator_id or p.indicator_id
    if ind_id is None:
        raise InputError("indicator", "请先选择对应的规划指标")
    ind = store.get_indicator(ind_id)
    if ind.plan_id != p.plan_id:
        raise InputError("indicator", f"指标 {ind_id} 不属于规划 {p.plan_id}")
    row = _row(p, ind.key)
    row["note"] = f"由 guihua import-report 从 {p.document} 读取（建议 {p.id}）"
    summary = import_rows(store, p.plan_id, [row], name=p.document, lines=[p.line or 0], user=user)
    [obs_id] = summary.observation_ids
    try:
        return pr.decide(store, proposal_id, pr.ACCEPTED, user=user, expected_version=p.row_version,
                         observation_id=obs_id, indicator_id=ind_id)
    except ConflictError:
        store.delete_observation(obs_id, user=user)  # someone decided first: take back what we wrote (audited)
        raise


def reject(store: Store, proposal_id: int, *, user: str, expected_version: int | None = None) -> pr.ProposalInfo:
    """Mark a proposal 已驳回 (audited); nothing is written among the actual values."""
    return pr.decide(store, proposal_id, pr.REJECTED, user=user, expected_version=expected_version)
