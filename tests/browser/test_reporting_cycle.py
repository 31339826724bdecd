"""Issue 4 in Chromium: a whole reporting cycle, and a reporter of another unit refused at every step.

The round is opened through the coordinator's pages (which also tests them): 38/KH-UBND for the
current quarter, plus one indicator assigned by hand to phường Phan Đình Phùng.
"""

import pytest

from tests.helpers import (
    PDF,
    coordinator_opens_round,
    flash_messages,
    login,
    screenshot,
    switch_user,
    text_at,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def demo_server(plain_demo_server):
    """This module runs a whole round from nothing: the demo without its simulated history."""
    return plain_demo_server


COMMUNE = "05443"  # phường Phan Đình Phùng (QĐ 19/2025/QĐ-TTg)


@pytest.fixture(scope="module")
def cycle(browser, demo_server):
    """The coordinator creates the round, assigns a percentage indicator to the commune, opens it."""
    return coordinator_opens_round(
        browser,
        demo_server,
        program_number="38/KH-UBND",
        unit=COMMUNE,
        shot_filled="reporting-01-new-round",
        shot_open="reporting-02-round-open",
    )


def test_a_commune_reports_the_coordinator_returns_then_accepts(page, demo_server, cycle):
    rid, indicator = cycle["round"], cycle["indicator"]
    workspace = f"{demo_server}/bao-cao/ky/{rid}/don-vi/{COMMUNE}/"

    # 1. The commune reporter fills a value and a task update, attaches evidence, submits.
    login(page, demo_server, "reporter-phandinhphung")
    page.goto(demo_server + "/bao-cao/")
    page.locator("#rounds a").first.click()
    page.wait_for_load_state()
    assert page.url == workspace
    assert page.locator("#owed-tasks tbody tr[data-task]").count() >= 1
    # The demo commune has no leader's (approver) account: its reporter's send goes straight to
    # the coordinator (submitted), and the page says so.
    assert "gửi thẳng" in page.locator("#approval-rule").inner_text()
    page.click(f"#owed-values tr[data-indicator='{indicator}'] a")
    assert page.locator("#unit-of-measure").inner_text().startswith("%")
    page.fill("#id_value", "145")
    page.click("#save-draft")
    assert "0 đến 100" in page.locator("#id_value_errors[role=alert]").inner_text()
    page.fill("#id_value", "45,5")
    page.fill("#id_note", "Số liệu từ hệ thống một cửa")
    page.click("#save-draft")
    assert "Đã lưu nháp" in flash_messages(page)
    page.set_input_files(
        "#id_evidence_file",
        files=[
            {
                "name": "trang.png",
                "mimeType": "image/png",
                "buffer": b"<html><script>alert(1)</script>",
            }
        ],
    )
    page.click("#evidence-form button[type=submit]")
    assert "PDF, DOCX, XLSX, PNG hoặc JPEG" in page.locator("ul.messages li.error").inner_text()
    page.set_input_files(
        "#id_evidence_file",
        files=[{"name": "bao-cao-quy.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("#evidence-form button[type=submit]")
    assert "bao-cao-quy.pdf" in page.locator("#evidence-list").inner_text()
    screenshot(page, "reporting-03-value-with-evidence")

    page.goto(workspace)
    page.locator("#owed-tasks tbody tr[data-task]", has_text="Báo cáo").locator("a").first.click()
    page.select_option("#id_progress", "in_progress")
    page.fill("#id_percent_done", "60")
    page.fill("#id_narrative", "Đã triển khai nền tảng số cho 100% tổ dân phố")
    page.fill("#id_difficulties", "Thiếu thiết bị đầu cuối")
    page.fill("#id_proposals", "Đề nghị hỗ trợ kinh phí mua thiết bị")
    page.click("#save-draft")
    assert "Đã lưu nháp báo cáo tiến độ" in flash_messages(page)
    task_url = page.url
    page.goto(workspace)
    page.click("#submit-all button")
    assert "Đã gửi 2 mục" in flash_messages(page)
    screenshot(page, "reporting-04-submitted")

    # 2. The coordinator returns the value with a comment and accepts the task update.
    switch_user(
        page, demo_server, "coordinator", f"{demo_server}/bao-cao/ky/{rid}/tinh-hinh/duyet/"
    )
    row = page.locator("#review-values tbody tr", has_text="Phường Phan Đình Phùng")
    row.locator("textarea").fill(
        "Số liệu chưa khớp báo cáo của Văn phòng UBND tỉnh, đề nghị rà soát"
    )
    row.locator("button.return").click()
    assert "Đã trả lại" in flash_messages(page)
    task_row = page.locator("#review-tasks tbody tr", has_text="Phường Phan Đình Phùng")
    task_row.locator("button.accept").click()
    assert "Đã chấp nhận" in flash_messages(page)
    screenshot(page, "reporting-05-review")

    # 3. The reporter sees the comment, corrects and resubmits.
    switch_user(page, demo_server, "reporter-phandinhphung", workspace)
    assert "đề nghị rà soát" in page.locator("#owed-values").inner_text()
    page.click(f"#owed-values tr[data-indicator='{indicator}'] a")
    assert "đề nghị rà soát" in page.locator("#review-comment").inner_text()
    page.fill("#id_value", "44")
    page.click("#save-submit")
    assert "Đã gửi số liệu" in flash_messages(page)
    screenshot(page, "reporting-06-corrected")

    # 4. The coordinator accepts; completeness and the audit log show every step.
    switch_user(
        page, demo_server, "coordinator", f"{demo_server}/bao-cao/ky/{rid}/tinh-hinh/duyet/"
    )
    page.locator("#review-values tbody tr", has_text="Phường Phan Đình Phùng").locator(
        "button.accept"
    ).click()
    assert "Đã chấp nhận" in flash_messages(page)
    history = text_at(
        page, f"{demo_server}/bao-cao/ky/{rid}/don-vi/{COMMUNE}/chi-so/{indicator}/", "#history"
    )
    for step in ("Lưu nháp", "Gửi", "Trả lại", "Chấp nhận"):
        assert step in history
    assert "45,5" in history and "44" in history
    screenshot(page, "reporting-07-history")
    page.goto(f"{demo_server}/bao-cao/ky/{rid}/tinh-hinh/tien-do/")
    cells = page.locator(f"#completeness tr[data-unit='{COMMUNE}'] td").all_inner_texts()
    expected, submitted, accepted = int(cells[0]), int(cells[1]), int(cells[2])
    assert submitted == 2 and accepted == 2 and expected >= 2
    screenshot(page, "reporting-08-completeness")
    page.goto(demo_server + "/nhat-ky/")
    audit = page.locator("#audit tbody tr")
    actions = {audit.nth(i).get_attribute("data-action") for i in range(audit.count())}
    for action in (
        "round.create",
        "assignment.add",
        "round.open",
        "observation.save",
        "evidence.add",
        "observation.submit",
        "task_update.submit",
        "observation.return",
        "task_update.accept",
        "observation.accept",
    ):
        assert action in actions, action
    screenshot(page, "reporting-09-audit-log")
    assert task_url


def test_a_reporter_of_another_unit_is_refused_at_every_step(page, demo_server, cycle):
    rid, indicator = cycle["round"], cycle["indicator"]
    base = f"{demo_server}/bao-cao/ky/{rid}/don-vi/{COMMUNE}/"
    login(page, demo_server, "reporter-soyte")
    for url in (
        base,
        base + f"chi-so/{indicator}/",
        base + "excel/",
        base + "excel/nap/",
        f"{demo_server}/bao-cao/ky/{rid}/tinh-hinh/tien-do/",
        f"{demo_server}/bao-cao/ky/{rid}/tinh-hinh/duyet/",
        f"{demo_server}/bao-cao/ky/moi/",
    ):
        response = page.goto(url)
        assert response.status in (403, 404), url
        text = page.locator("main").inner_text()
        assert any(
            word in text for word in ("không có quyền", "Không tìm thấy", "chỉ được", "Chỉ cơ quan")
        ), (url, text)
    screenshot(page, "reporting-10-refused")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    posts = [
        (base + f"chi-so/{indicator}/", {"value": "1", "version": "9", "action": "save"}),
        (base + "gui/", {}),
        (f"{demo_server}/bao-cao/ky/{rid}/khoa/", {}),
        (
            f"{demo_server}/bao-cao/ky/{rid}/phan-cong/",
            {"unit": "so-y-te", "item": f"I-{indicator}", "role": "report"},
        ),
    ]
    for url, form in posts:
        response = page.request.post(
            url, form=form, headers={"X-CSRFToken": token, "Referer": url}, max_redirects=0
        )
        assert response.status in (403, 404), (url, response.status)
    # The commune's value and the round are unchanged.
    login(page, demo_server, "coordinator")
    page.goto(f"{demo_server}/bao-cao/ky/{rid}/")
    assert page.locator("#round-state").inner_text() == "Đang mở"
