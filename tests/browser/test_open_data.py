"""A citizen finds and downloads open data: home → "Dữ liệu mở" → search → a dataset's page →
CSV and XLSX downloaded and reopened → "Cách tính" → the issued reports; on a laptop (1366 px) and a phone (390 px),
never wider than the screen, and axe-core finds no WCAG 2.0 A/AA violation on any of them."""

import csv
import io
import json
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook

from tests.helpers import BROWSER_CONTEXT, api_json, screenshot

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe.min.js"


def overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa']}});
            return r.violations.map(v => v.id + ': ' + v.nodes.length + ' × '
                + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | '));
        }"""
    )


def check(page, name: str, width: int, problems: list[str]) -> None:
    page.wait_for_load_state("networkidle")
    extra = overflow(page)
    if extra > 0:
        problems.append(f"{name} at {width} px: {extra} px wider than the screen")
    problems.extend(f"{name} at {width} px: {v}" for v in axe_violations(page))
    screenshot(page, f"open-data-{width}-{name}")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_visitor_finds_downloads_and_understands_open_data(browser, demo_server, width):
    # bypass_csp: axe-core is injected as an inline script, which the site's CSP forbids.
    context = browser.new_context(
        **{**BROWSER_CONTEXT, "viewport": {"width": width, "height": 900}},
        accept_downloads=True,
        bypass_csp=True,
    )
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto(demo_server + "/")
        check(page, "home", width, problems)
        page.locator("header.top nav a", has_text="Dữ liệu mở").click()
        page.wait_for_url("**/du-lieu-mo/")
        check(page, "list", width, problems)
        assert page.locator("#bao-cao-da-ban-hanh h2").inner_text() == "Báo cáo đã ban hành"

        page.fill("#od-q", "chỉ tiêu")
        page.locator("#dataset-search button[type=submit]").click()
        page.wait_for_url("**/du-lieu-mo/?q=*")
        assert "Chỉ tiêu và trạng thái thực hiện" in page.locator("#datasets").inner_text()
        check(page, "search", width, problems)

        page.locator("#datasets a", has_text="Chỉ tiêu và trạng thái thực hiện").click()
        page.wait_for_url("**/du-lieu-mo/chi-tieu/")
        check(page, "dataset", width, problems)
        preview_rows = page.locator("#preview tbody tr").count()
        assert preview_rows > 0

        with page.expect_download() as csv_download:
            page.click("#download-csv")
        text = Path(csv_download.value.path()).read_bytes()
        assert text.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
        assert rows[0][:2] == ["Mã chỉ tiêu", "Văn bản"] and len(rows) > preview_rows

        with page.expect_download() as xlsx_download:
            page.click("#download-xlsx")
        workbook = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
        sheet_rows = list(workbook["Dữ liệu"].iter_rows(values_only=True))
        assert len(sheet_rows) == len(rows)
        assert [str(c) for c in sheet_rows[1][:2]] == rows[1][:2]

        page.locator("main a", has_text="Cách tính").last.click()
        page.wait_for_url("**/du-lieu-mo/cach-tinh/")
        assert "Tỷ số R là gì" in page.locator("main").inner_text()
        check(page, "method", width, problems)

        page.goto(demo_server + "/du-lieu-mo/bao-cao-da-ban-hanh/")
        assert "Báo cáo đã ban hành" in page.locator("h1").inner_text()
        assert page.locator("#bao-cao-da-ban-hanh").count() == 1
        check(page, "issued-reports", width, problems)
        # the demo's issued report of the last quarter, marked simulated, as it was issued
        row = page.locator("#issued-reports tbody tr").first
        assert "mô phỏng" in row.inner_text()
        with page.expect_download() as pdf_download:
            row.locator("a", has_text="PDF").click()
        pdf_bytes = Path(pdf_download.value.path()).read_bytes()
        assert pdf_bytes.startswith(b"%PDF")
        with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
            first_page = pdf.pages[0].extract_text() or ""
        assert "BÁO CÁO" in first_page and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first_page
    finally:
        context.close()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_an_embedded_chart_draws_without_inline_script_and_fits_a_phone(browser, demo_server):
    program = next(
        p
        for p in api_json(demo_server, "/api/v1/programs/")["results"]
        if p["status"] == "published"
    )
    context = browser.new_context(
        **{**BROWSER_CONTEXT, "viewport": {"width": 390, "height": 900}}, bypass_csp=True
    )
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto(f"{demo_server}/du-lieu-mo/nhung/chuong-trinh/{program['id']}/")
        page.wait_for_function("window.Chart && Chart.getChart('chart-program')")
        assert page.locator("#embed-table tbody tr").count() > 0
        assert page.locator("header.top").count() == 0  # no site header inside a frame
        check(page, "embed-program", 390, problems)
    finally:
        context.close()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
