"""Printing the overview and the rankings (static/css/print.css): Chromium prints each page to an
A4 PDF; pdfplumber reads the PDF back: the header with the agency, the page's title and the date
is there, the navigation, filter form and download links are not, every chart lies inside the
page's margins, and a table that runs onto another page repeats its header there. The pages are
rendered to PNG with pdftoppm (poppler-utils) into test-artifacts/ for a person to look at."""

import shutil
import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from django.conf import settings

from tests.helpers import ARTIFACTS

pytestmark = pytest.mark.browser

AGENCY = "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"  # settings.REPORT_ISSUER, uppercased by print.css
MM = 72 / 25.4  # PDF points in a millimetre
A4 = (210 * MM, 297 * MM)
MARGIN_LEFT, MARGIN_RIGHT = 20 * MM, 15 * MM  # print.css @page


def printed(page, url: str, name: str):
    """The page at `url` printed by Chromium to A4: (the PDF read back, the page's h1). The PDF
    and its pages as PNG are left in test-artifacts/."""
    page.goto(url)
    page.wait_for_selector("canvas[data-drawn]")
    title = page.locator("main h1").first.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"print-{name}.pdf"
    path.write_bytes(page.pdf(format="A4", print_background=True))
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm not found: install poppler-utils (make pdf-tools)")
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", str(path), str(ARTIFACTS / f"print-{name}")],
        check=True,
        timeout=120,
    )
    assert list(ARTIFACTS.glob(f"print-{name}-*.png"))
    return pdfplumber.open(path), title


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_printed_like_a_document(pdf, title: str) -> str:
    """The checks both pages share; the first page's text."""
    first = pdf.pages[0]
    assert abs(first.width - A4[0]) < 2 and abs(first.height - A4[1]) < 2  # Chromium's A4
    text = flat(first.extract_text())
    assert text.startswith(AGENCY), text[:200]
    # The date of printing, in the province's time (settings.TIME_ZONE).
    now = datetime.now(ZoneInfo(settings.TIME_ZONE))
    days = {f"{d:%d/%m/%Y}" for d in (now, now - timedelta(minutes=5))}
    assert any(f"In ngày {d}" in text for d in days), text[:200]
    assert flat(title) in text
    whole = flat(" ".join(p.extract_text() for p in pdf.pages))
    for screen_only in ("Bỏ qua, đến nội dung chính", "Tải Excel", "Tải CSV", "Đăng nhập"):
        assert screen_only not in whole, screen_only
    assert "Dữ liệu mở" not in whole and "English" not in whole  # the navigation and header
    images = [image for p in pdf.pages for image in p.images]
    assert images, "the chart is missing from the printed page"
    for image in images:  # each chart inside the margins: nothing cut at the right edge
        assert image["x0"] >= MARGIN_LEFT - 1 and image["x1"] <= A4[0] - MARGIN_RIGHT + 1, image
    return text


def test_the_printed_overview_has_the_header_and_the_whole_chart(page, demo_server):
    pdf, title = printed(page, demo_server + "/tong-quan/", "overview")
    text = assert_printed_like_a_document(pdf, title)
    assert "Số chỉ tiêu theo trụ cột và trạng thái" in text  # the chart's table follows it


def test_the_printed_rankings_leave_out_the_filter_form(page, demo_server):
    pdf, title = printed(page, demo_server + "/tong-quan/xep-hang/?group=commune", "rankings")
    page.goto(demo_server + "/tong-quan/xep-hang/?group=commune")
    options = page.locator("form.filters select#group option").all_inner_texts()
    assert len(options) > 1
    text = flat(" ".join(p.extract_text() for p in pdf.pages))
    assert_printed_like_a_document(pdf, title)
    for label in options:  # the other groups are only in the filter's list
        if label.lower() not in title.lower():
            assert label not in text, label
    assert "Phương pháp" in text  # the method stays: it explains the figures
    # The ranking of the communes runs over several pages: each page after the one its caption
    # is on starts with the table's head, and no row is cut across two pages.
    head = "Hạng Đơn vị Điểm Thay đổi Thành phần"
    caption = flat(title.replace("—", ",")).split(",")[0]  # "Xếp hạng xã"
    starts = [i for i, p in enumerate(pdf.pages) if f"{caption}," in flat(p.extract_text())]
    following = pdf.pages[starts[-1] + 1 :]
    assert following, "the ranking fits one page: nothing to check"
    for p in following:  # the head's words first (a narrow heading cell wraps "Thay đổi")
        words = flat(p.extract_text()).split()
        assert set(words[: len(head.split())]) == set(head.split()), " ".join(words[:12])
