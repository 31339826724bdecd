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


def download(page, selector: str, name: str = "") -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    if name:
        assert info.value.suggested_filename == name
    return info.value.path().read_bytes()


def box(page, selector: str) -> dict:
    found = page.locator(selector).bounding_box()
    assert found, selector
    return found


def check_phone_layout(page) -> None:
    """The draft's controls at 390 px: each label above its input, the issue form under the
    recompute form, buttons large enough to touch, and no horizontal scroll."""
    page.set_viewport_size({"width": 390, "height": 900})
    for name in ("as_of", "number", "signer_name", "issued_on"):
        label, field = box(page, f'label[for="id_{name}"]'), box(page, f"#id_{name}")
        assert label["y"] + label["height"] <= field["y"] + 1, name
        assert field["x"] + field["width"] <= 390, name
    recompute, issue = box(page, "#recompute"), box(page, "#issue")
    assert recompute["y"] + recompute["height"] <= box(page, "#issue-form")["y"]
    assert min(recompute["height"], issue["height"]) >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "report-draft-390.png"))
    page.locator("#issue-form").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "report-issue-390.png"))
    page.set_viewport_size({"width": 1366, "height": 900})


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
    page.set_viewport_size({"width": 390, "height": 900})
    label, year = box(page, 'label[for="id_period_0"]'), box(page, "#id_period_0")
    assert label["y"] + label["height"] <= year["y"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#report-create-form").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "report-form-390.png"))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.select_option("#id_kind", "quarter")
    # The year + part picker (no code to type); the quarter just ended is preselected.
    assert page.locator("#id_period_1 option:checked").inner_text().startswith("Quý")
    page.select_option("#id_period_0", "2026")
    page.select_option("#id_period_1", "Q3")
    assert page.locator("#id_period").count() == 0
    page.select_option("#id_scope", "province")
    page.click("#report-create")
    page.wait_for_selector("#preview")
    assert "Đã lập dự thảo báo cáo." in flash_messages(page)
    assert page.locator("#report-state").get_attribute("data-state") == "draft"

    ARTIFACTS.mkdir(exist_ok=True)
    check_phone_layout(page)
    targets = page.locator('.paragraph[data-key^="II."][data-key$=".targets"] summary').first
    assert targets.inner_text().startswith("Sửa đoạn: ") and " — chỉ tiêu" in targets.inner_text()

    assessment = page.locator('.paragraph[data-key="III.1"]')
    assert assessment.locator("summary").inner_text() == "Sửa đoạn: Đánh giá chung"
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

    docx = Document(io.BytesIO(download(page, "#download-docx", "BaoCao-CDS-Quy-III-2026-v1.docx")))
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
    assert page.get_attribute("#id_issued_on", "placeholder") == "dd/mm/yyyy"
    page.fill("#id_issued_on", "10/31/2026")  # month first: refused, naming the field
    page.click("#issue")
    page.wait_for_load_state()
    assert "Ngày ban hành “10/31/2026” không phải ngày dạng dd/mm/yyyy" in flash_messages(page)
    assert page.locator("#report-state").get_attribute("data-state") == "draft"
    page.fill("#id_number", "15/BC-UBND")
    page.fill("#id_issued_on", "15/10/2026")
    page.click("#issue")
    page.wait_for_load_state()
    assert page.locator("#report-state").get_attribute("data-state") == "issued"
    assert len(page.locator("#content-hash").inner_text()) == 64
    assert "ngày 15 tháng 10 năm 2026" in page.locator("#preview .place-date").inner_text()
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
