"""How sure a statement is: each reason for doubt lowers its confidence (the review page lists the
least confident first)."""

from __future__ import annotations

# how much each reason for doubt lowers a statement's confidence (from 0.95)
DOUBT_WEIGHTS = {
    "subject carried": 0.2,  # the name comes from an earlier clause ("…，年均增长7.3%")
    "name after number": 0.1,  # the counted noun written after the number ("175个美丽乡村")
    "name from purpose": 0.1,  # money named by what it is spent on ("投资X元完成了…")
    "name cut": 0.1,  # words taken off the phrase before the number (circumstances, examples, comparison)
    "name resolved": 0.05,  # a vague name resolved ("经济总量" -> 地区生产总值)
    "year inferred": 0.1,  # no year written: the plan's end year, the report's year, the year before it
    "report year inferred": 0.05,  # a work report without title or date line (year from its review heading)
}


def doubts(name_from: str, year_written: bool, phrase: str, name: str, reported: str,
           report_year_inferred: bool) -> list[str]:
    """The reasons a statement is uncertain (keys of DOUBT_WEIGHTS)."""
    out = []
    if name_from == "carried":
        out.append("subject carried")
    elif name_from == "after":
        out.append("name after number")
    elif name_from == "purpose":
        out.append("name from purpose")
    elif len(phrase) - len(name) > 6:
        out.append("name cut")
    if reported != name:
        out.append("name resolved")
    if not year_written:
        out.append("year inferred")
    if report_year_inferred:
        out.append("report year inferred")
    return out


def confidence(reasons: list[str]) -> float:
    """0.95 less the weight of each reason, at least 0.3."""
    return round(max(0.3, 0.95 - sum(DOUBT_WEIGHTS[r] for r in reasons)), 2)
