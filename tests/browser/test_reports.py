"""The quarterly report in Chromium: the coordinator drafts the Q3 report of the province, rewrites
the assessment, previews it, downloads DOCX, PDF and XLSX and issues it; the leader downloads the
issued report. Screenshots of the preview and of the PDF's first pages (pdftoppm) go to
test-artifacts/."""

import io
import subprocess

import pdfplumber
import pytest
from docx import Document
from openpyxl import load_workbook

from tests.helpers import ARTIFACTS, flash_messages, login, switch_user

pytestmark = pytest.mark.browser

ASSESSMENT = "Quý III, các sở, ngành đã tập trung hoàn thành chỉ tiêu dịch vụ công trực tuyến."


def download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return info.value.path().read_bytes()


def pdf_pages_as_png(pdf: bytes, name: str, pages: int = 2) -> list:
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            str(pages),
            str(source),
            str(ARTIFACTS / name),
        ],
        check=True,
        timeout=60,
    )
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def test_the_coordinator_drafts_edits_and_issues_the_q3_report_and_the_leader_downloads_it(
    page, demo_server
):
    login(page, demo_server, "coordinator")
    page.goto(demo_server + "/bao-cao-tong-hop/")
    page.select_option("#id_kind", "quarter")
    page.fill("#id_period", "2026Q3")
    page.select_option("#id_scope", "province")
    page.click("#report-create")
    page.wait_for_selector("#preview")
    assert "Đã lập dự thảo báo cáo." in flash_messages(page)
    assert page.locator("#report-state").get_attribute("data-state") == "draft"

    assessment = page.locator('.paragraph[data-key="III.1"]')
    assessment.locator("summary").click()
    assessment.locator("textarea").fill(ASSESSMENT)
    assessment.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator('.paragraph[data-key="III.1"] p').first.inner_text() == ASSESSMENT
    assert "edited" in (page.locator('.paragraph[data-key="III.1"]').get_attribute("class") or "")
    headings = page.locator("#preview > h2").all_inner_texts()
    assert headings[:5] == [
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG: TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    # The document's first screens (the whole preview, appendices included, is too tall).
    page.locator("#preview .report-head").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-preview.png"))

    docx = Document(io.BytesIO(download(page, "#download-docx")))
    assert ASSESSMENT in [p.text for p in docx.paragraphs]
    workbook = load_workbook(io.BytesIO(download(page, "#download-xlsx")))
    assert workbook.sheetnames == ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV"]
    pdf = download(page, "#download-pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first_pages = " ".join(p.extract_text_simple() for p in document.pages[:6])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first_pages
    assert ASSESSMENT.split(",")[0] in " ".join(first_pages.split())
    assert len(pdf_pages_as_png(pdf, "report-pdf-page")) == 2

    page.fill("#id_number", "15/BC-UBND")
    page.click("#issue")
    page.wait_for_load_state()
    assert page.locator("#report-state").get_attribute("data-state") == "issued"
    assert len(page.locator("#content-hash").inner_text()) == 64
    assert page.locator(".paragraph details").count() == 0  # nothing editable any more

    switch_user(page, demo_server, "leader", demo_server + "/bao-cao-tong-hop/")
    assert page.locator("#new-report").count() == 0
    row = page.locator("#issued tbody tr").first
    assert "15/BC-UBND" in row.inner_text()
    with page.expect_download() as info:
        row.locator("text=DOCX").click()
    issued = Document(io.BytesIO(info.value.path().read_bytes()))
    assert "Số: 15/BC-UBND" in issued.tables[0].rows[0].cells[0].text
    assert ASSESSMENT in [p.text for p in issued.paragraphs]
    page.screenshot(path=str(ARTIFACTS / "report-list-leader.png"))
