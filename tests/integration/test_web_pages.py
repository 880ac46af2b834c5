"""HTML pages in-process: each renders from the same data as its JSON twin, works offline, never 500s."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from guihua.cli.main import IO, run
from tests.integration.web_fixture import demo_settings, signed_in

PLAN = "hengyang-13th"
PAGES = ["/", f"/plans/{PLAN}", f"/plans/{PLAN}/read", f"/plans/{PLAN}/indicators", f"/plans/{PLAN}/targets",
         f"/plans/{PLAN}/targets/@first", f"/plans/{PLAN}/indicators/地区生产总值", f"/plans/{PLAN}/review",
         f"/plans/{PLAN}/entry", f"/plans/{PLAN}/reports", "/search?q=森林覆盖率", "/api/docs"]
STATIC = Path(__file__).resolve().parents[2] / "guihua" / "web" / "static"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with signed_in(demo_settings(), "admin") as c:
        yield c


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_with_only_local_resources(client: TestClient, url: str) -> None:
    if "@first" in url:
        url = url.replace("@first", client.get(f"/api/plans/{PLAN}/targets").json()["targets"][0]["id"])
    r = client.get(url)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert '<html lang="zh-CN">' in r.text
    refs = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', r.text)
    # what the page loads (scripts, images, styles) is local; the only outside addresses are the
    # http(s) sources of values a reader may follow (<a class="ext">), never loaded by the page itself
    followed = re.findall(r'<a href="([^"]*)" rel="noopener noreferrer nofollow" class="ext">', r.text)
    outside = [u for u in refs if re.match(r"(?i)(https?:)?//", u)]
    assert refs and not [u for u in outside if u not in followed], url
    assert all(re.match(r"(?i)https?://", u) for u in followed), url
    for ref in refs:
        if ref.startswith("/static/"):
            assert client.get(ref).status_code == 200, ref


def test_static_files_call_no_outside_host() -> None:
    pattern = re.compile(r"(?:fonts\.googleapis|fonts\.gstatic|cdn\.|unpkg\.com|jsdelivr|validator\.swagger\.io)")
    for path in STATIC.rglob("*"):
        if path.suffix in (".css", ".html") or (path.suffix == ".js" and "vendor" not in path.parts):
            assert not pattern.search(path.read_text(encoding="utf-8")), path
        if path.suffix == ".css":
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", path.read_text(encoding="utf-8")), path
    assert (STATIC / "vendor" / "chartjs" / "LICENSE.md").exists()
    assert (STATIC / "vendor" / "swagger-ui" / "LICENSE").exists()


def test_overview_counts_match_json_twin(client: TestClient) -> None:
    twin = client.get(f"/api/plans/{PLAN}").json()
    html = client.get(f"/plans/{PLAN}").text
    for status, n in twin["status_counts"].items():
        assert re.search(rf"<b>{n}</b><span>{status}</span>", html), status
    for c in twin["by_chapter"]:
        assert c["name"] in html


def test_dashboard_lists_what_the_twin_lists(client: TestClient) -> None:
    params = {"status": "未完成"}
    twin = client.get(f"/api/plans/{PLAN}/indicators", params=params).json()
    html = client.get(f"/plans/{PLAN}/indicators", params=params).text
    names = re.findall(r'<h2><a href="/plans/[^"]+/indicators/[^"]+">([^<]+)</a></h2>', html)
    assert names == [c["name"] for c in twin["indicators"]]
    assert html.count("data-chart=") == sum(1 for c in twin["indicators"] if c["chart"])


def test_reader_highlights_every_statement_at_its_offsets(client: TestClient) -> None:
    twin = client.get(f"/api/plans/{PLAN}/read").json()
    html = client.get(f"/plans/{PLAN}/read").text
    marks = re.findall(r'<mark class="t [^"]*" data-id="([^"]+)"', html)
    overlapping = 0
    last = -1
    for m in twin["marks"]:
        if m["start"] < last:
            overlapping += 1
        else:
            last = m["end"]
    assert len(marks) == len(twin["marks"]) - overlapping > 100
    raw = twin["text"]
    t = twin["marks"][0]
    assert raw[t["start"]:t["end"]].strip()


def test_bad_form_value_gets_a_message_by_the_field(client: TestClient) -> None:
    r = client.post(f"/plans/{PLAN}/entry", data={"indicator": "森林覆盖率", "year": "20x0", "value": "1"},
                    follow_redirects=False)
    assert r.status_code == 422
    assert re.search(r'name="year"[^>]*aria-invalid="true"', r.text) and "年份“20x0”应写作 2020、2020年 或 2016-2020" in r.text
    t = client.get(f"/api/plans/{PLAN}/review").json()["targets"][2]
    tid, v = t["id"], t["row_version"]
    r = client.post(f"/plans/{PLAN}/review/{tid}", data={"action": "correct", "value": "七", "version": v},
                    follow_redirects=False)
    assert r.status_code == 422 and "“七”不是数字" in r.text
    r = client.post(f"/plans/{PLAN}/review/{tid}", data={"action": "confirm", "who": "王五", "version": v},
                    follow_redirects=False)
    assert r.status_code == 303 and f"done={tid}" in r.headers["location"]


@pytest.mark.parametrize("url", [f"/plans/{PLAN}/indicators?year=x", f"/plans/{PLAN}/indicators?status=x",
                                 "/search?q=" + "字" * 300, f"/plans/{PLAN}/review?state=x", "/plans//read",
                                 f"/plans/{PLAN}/targets/%00", f"/plans/{PLAN}/indicators/%E0%A4%A",
                                 "/search?q=%22%20OR%20", "/search?q=*", "/api/search?q=NEAR(a%20b)"])
def test_odd_requests_never_500(client: TestClient, url: str) -> None:
    assert client.get(url).status_code < 500


def test_openapi_lists_the_twins(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in ("/api/plans", "/api/plans/{plan}/targets", "/api/plans/{plan}/indicators", "/api/search"):
        assert p in paths


def test_serve_refuses_a_busy_port_in_one_line() -> None:
    import io

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        out, err = io.StringIO(), io.StringIO()
        code = run(["serve", "--port", str(port)], IO(stdout=out, stderr=err, environ={}))
    assert code == 2 and "--port" in err.getvalue() and err.getvalue().count("\n") == 1


def test_serve_and_demo_are_documented() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "guihua serve" in readme and "guihua demo" in readme


def test_page_then_twin_then_page_again(client: TestClient) -> None:
    """Results are cached per data version; a page and its JSON twin share them without harm."""
    for _ in range(2):
        assert client.get(f"/plans/{PLAN}/indicators").status_code == 200
        assert client.get(f"/api/plans/{PLAN}/indicators").status_code == 200
    before = client.get(f"/api/plans/{PLAN}").json()["observations"]
    r = client.post(f"/api/plans/{PLAN}/observations", json={"indicator": "森林覆盖率", "year": "2019", "value": "49"})
    assert r.status_code == 201
    assert client.get(f"/api/plans/{PLAN}").json()["observations"] == before + 1  # the cache saw the write


def test_quotes_shown_without_pdf_line_breaks_while_json_keeps_the_source(client: TestClient) -> None:
    """A quote whose source has a line break between two Chinese characters reads joined on the
    indicator page; the JSON twin keeps the exact source text."""
    cjk = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")
    broken = [t for t in client.get(f"/api/plans/{PLAN}/targets").json()["targets"]
              if cjk.search(t.get("quote") or "")]
    assert broken, "the seed has quotes that cross a PDF line break"
    t = broken[0]
    page = client.get(f"/plans/{PLAN}/indicators/{t['indicator_key']}").text
    cells = re.findall(r'<td class="quote">(.*?)</td>', page, flags=re.S)
    assert cells and not [c for c in cells if cjk.search(c)]
    joined = cjk.sub(lambda m: m.group(0)[0] + m.group(0)[-1], t["quote"])
    assert any(joined.split("\n")[0][:6] in c for c in cells)


def test_a_form_sent_from_a_stale_page_is_409_and_shows_what_is_there_now(client: TestClient) -> None:
    """Someone changed the record after the page was opened: the form's submission is refused (409), the
    page says so and shows the record as it is now, and nothing of the stale submission is written."""
    t = next(t for t in client.get(f"/api/plans/{PLAN}/review").json()["targets"]
             if t["type"] == "target" and t["value"] is not None)
    url = f"/plans/{PLAN}/review/{t['id']}"
    r = client.post(url, data={"action": "correct", "value": str(t["value"] + 3), "version": t["row_version"]},
                    follow_redirects=False)
    assert r.status_code == 303
    r = client.post(url, data={"action": "reject", "version": t["row_version"]}, follow_redirects=False)
    assert r.status_code == 409 and 'id="conflict"' in r.text and "已被他人修改" in r.text
    card = r.text[r.text.index('id="conflict"'):r.text.index("</section>", r.text.index('id="conflict"'))]
    assert "已修改" in card and f'name="version" value="{t["row_version"] + 1}"' in card
    assert client.get(f"/api/plans/{PLAN}/targets/{t['id']}").json()["target"]["review"] == "已修改"
    # the indicator's form: the page again with the current attribute and departments
    ind = f"/plans/{PLAN}/indicators/森林覆盖率"
    version = client.get(f"/api{ind}").json()["card"]["row_version"]
    # (the demo already has 市林业局 responsible for it: the first edit adds a unit, so it is a change)
    r = client.post(f"{ind}/edit", data={"attribute": "约束性", "departments": "市林业局、市生态环境局",
                                         "version": version}, follow_redirects=False)
    assert r.status_code == 303
    r = client.post(f"{ind}/edit", data={"attribute": "预期性", "departments": "市统计局", "version": version},
                    follow_redirects=False)
    assert r.status_code == 409 and 'id="conflict"' in r.text and 'value="市林业局、市生态环境局"' in r.text
    assert client.get(f"/api{ind}").json()["card"]["departments"] == ["市林业局", "市生态环境局"]
