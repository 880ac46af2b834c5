"""Exported cells never run as formulas (guihua.cells); only http(s) addresses become links
(guihua.reports.links). Expected values from OWASP's CSV-injection advice and the modules' definitions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from guihua.cells import csv_cell, csv_value, needs_protection
from guihua.reports.links import safe_href


def test_formula_starts_are_protected_in_csv() -> None:
    for text in ("=1+2", "=HYPERLINK(\"http://x\",\"点此\")", "+86-10-1234", "-2+3", "@SUM(A1:A2)",
                 "\t=1", "\r=1", "＝1+2", "=cmd|' /C calc'!A0"):
        assert needs_protection(text), text
        assert csv_cell(text) == "'" + text
        assert csv_value(csv_cell(text)) == text
    for text in ("地区生产总值", "4000", "-5", "+3.2", "-1e5", ".5", "", "a=b", " =1", "2016-2020"):
        assert not needs_protection(text), text
        assert csv_cell(text) == text
    assert csv_cell(None) is None and csv_cell(12.5) == 12.5


def test_text_beginning_with_an_apostrophe_survives_the_round_trip() -> None:
    assert csv_cell("'=1") == "''=1"  # one apostrophe more, so importing takes exactly one off
    assert csv_value("''=1") == "'=1"
    assert csv_value("'abc") == "'abc"  # an apostrophe before harmless text is the user's own


@given(st.text())
def test_import_undoes_export(text: str) -> None:
    assert csv_value(csv_cell(text)) == text
    out = csv_cell(text)
    assert not needs_protection(out)  # whatever goes out cannot start a formula


def test_only_http_and_https_addresses_are_links() -> None:
    assert safe_href("http://tjj.hengyang.gov.cn/a.html") == "http://tjj.hengyang.gov.cn/a.html"
    assert safe_href("  HTTPS://example.org/x?y=1  ") == "HTTPS://example.org/x?y=1"
    for bad in ("javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "vbscript:msgbox(1)",
                "//evil.example/x", "/plans/x", "http://", "http:///x", "ht\ntp://x.org", "http://x.org/\x00",
                "http://x.org/\u202e", "统计公报", "", None, "http://[::1"):
        assert safe_href(bad) is None, bad
