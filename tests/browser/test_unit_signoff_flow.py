"""The unit's leader signs off (ký duyệt) in Chromium: Sở Y tế's reporter → its leader → the coordinator.

The demo has no reporting round, and a round of 38/KH-UBND gives Sở Y tế nothing to report, so
the coordinator opens one through his pages: 2840/QĐ-UBND for the current quarter (the same
period and due date as test_reporting_cycle's round, so the two never reorder each other's round
lists), where the assignment rule gives Sở Y tế the tasks it leads, plus one percentage indicator
assigned by hand. Sở Y tế has a leader's account (approver-soyte), so its reporter's sends wait
for him.
"""

import pytest

from tests.helpers import (
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


UNIT = "so-y-te"
PROGRAM = "2840/QĐ-UBND"
TITLE = "Ký duyệt nội bộ — Sở Y tế (kiểm thử trình duyệt)"
RETURN_COMMENT = "Đề nghị đối chiếu với số liệu của Trung tâm Kiểm soát bệnh tật trước khi gửi"


@pytest.fixture(scope="module")
def signoff_round(browser, demo_server):
    """The coordinator creates the round, assigns Sở Y tế a percentage indicator, opens it."""
    return coordinator_opens_round(
        browser,
        demo_server,
        program_number=PROGRAM,
        unit=UNIT,
        title=TITLE,
        shot_open="signoff-01-round-open",
    )


def test_a_report_goes_through_the_units_leader_before_the_coordinator(
    page, demo_server, signoff_round
):
    rid, indicator = signoff_round["round"], signoff_round["indicator"]
    workspace = f"{demo_server}/bao-cao/ky/{rid}/don-vi/{UNIT}/"
    value_page = workspace + f"chi-so/{indicator}/"
    review_page = f"{demo_server}/bao-cao/ky/{rid}/tinh-hinh/duyet/"
    status_page = f"{demo_server}/bao-cao/ky/{rid}/tinh-hinh/tien-do/"

    # 1. The reporter fills a value and a task update and sends them: they wait for the leader.
    login(page, demo_server, "reporter-soyte")
    page.goto(demo_server + "/bao-cao/")
    page.locator("#rounds a", has_text=TITLE).click()
    page.wait_for_load_state()
    assert page.url == workspace
    assert "phải được lãnh đạo đơn vị duyệt" in page.locator("#approval-rule").inner_text()
    task_row = page.locator("#owed-tasks tbody tr[data-task]").first
    task = task_row.get_attribute("data-task")
    page.click(f"#owed-values tr[data-indicator='{indicator}'] a")
    assert page.locator("#save-submit").inner_text() == "Lưu và gửi lãnh đạo duyệt"
    page.fill("#id_value", "45,5")
    page.fill("#id_note", "Theo hệ thống thông tin bệnh viện")
    page.click("#save-submit")
    assert "Đã gửi số liệu để lãnh đạo đơn vị duyệt." in flash_messages(page)
    assert "Chờ lãnh đạo đơn vị duyệt" in page.locator("#item-state").inner_text()
    assert page.locator("#value-form").count() == 0  # locked for the reporter while it waits
    screenshot(page, "signoff-02-value-waits-for-leader")
    page.goto(workspace + f"nhiem-vu/{task}/")
    page.select_option("#id_progress", "in_progress")
    page.fill("#id_percent_done", "30")
    page.fill("#id_narrative", "Đã khảo sát hạ tầng tại 3 bệnh viện tuyến tỉnh")
    page.click("#save-submit")
    assert "Đã gửi báo cáo tiến độ để lãnh đạo đơn vị duyệt." in flash_messages(page)
    page.goto(workspace)
    assert "2 mục đang chờ lãnh đạo đơn vị duyệt" in page.locator("#awaiting-approval").inner_text()
    assert page.locator("#pending-approval").count() == 0  # the approve buttons are the leader's
    screenshot(page, "signoff-03-reporter-workspace")

    # 2. The coordinator does not see them as submitted yet.
    switch_user(page, demo_server, "coordinator", review_page)
    assert page.locator("#review-values tbody tr", has_text="Sở Y tế").count() == 0
    assert page.locator("#review-tasks tbody tr", has_text="Sở Y tế").count() == 0
    page.goto(status_page)
    cells = page.locator(f"#completeness tr[data-unit='{UNIT}'] td.num").all_inner_texts()
    # expected, submitted, accepted, returned, waiting for the unit's leader, late
    assert [int(c) for c in cells[1:6]] == [0, 0, 0, 2, 0]
    screenshot(page, "signoff-04-coordinator-sees-nothing-submitted")

    # 3. The leader returns the value with a comment; the task update stays pending.
    switch_user(page, demo_server, "approver-soyte", workspace)
    pending = page.locator("#pending-items tbody tr")
    assert pending.count() == 2
    value_row = page.locator(f"#pending-items tr[data-kind='indicator'][data-item='{indicator}']")
    value_row.locator("textarea").fill(RETURN_COMMENT)
    value_row.locator("button.return-to-reporter").click()
    page.wait_for_load_state()
    assert "Đã trả lại cán bộ kèm ý kiến" in flash_messages(page)
    assert page.locator("#pending-items tbody tr").count() == 1
    screenshot(page, "signoff-05-leader-returned-one")

    # 4. The reporter sees the comment, corrects and sends again.
    switch_user(page, demo_server, "reporter-soyte", workspace)
    assert (
        RETURN_COMMENT
        in page.locator(f"#owed-values tr[data-indicator='{indicator}']").inner_text()
    )
    page.goto(value_page)
    assert RETURN_COMMENT in page.locator("#review-comment").inner_text()
    assert "Ý kiến của lãnh đạo đơn vị (trả lại)" in page.locator("dl.meta").inner_text()
    page.fill("#id_value", "44")
    page.click("#save-submit")
    assert "Đã gửi số liệu để lãnh đạo đơn vị duyệt." in flash_messages(page)
    screenshot(page, "signoff-06-corrected-and-resent")

    # 5. The leader approves both: they reach the coordinator.
    switch_user(page, demo_server, "approver-soyte", workspace)
    assert page.locator("#pending-items tbody tr").count() == 2
    page.click("#approve-all button")
    page.wait_for_load_state()
    assert "Đã duyệt và gửi 2 mục tới Sở Khoa học và Công nghệ." in flash_messages(page)
    assert page.locator("#pending-approval").count() == 0
    screenshot(page, "signoff-07-leader-approved")

    # 6. The coordinator sees them submitted and accepts them.
    switch_user(page, demo_server, "coordinator", review_page)
    value_row = page.locator("#review-values tbody tr", has_text="Sở Y tế")
    assert "Đã gửi" in value_row.inner_text() and "44" in value_row.inner_text()
    screenshot(page, "signoff-08-coordinator-sees-submitted")
    value_row.locator("button.accept").click()
    page.wait_for_load_state()
    assert "Đã chấp nhận" in flash_messages(page)
    page.locator("#review-tasks tbody tr", has_text="Sở Y tế").locator("button.accept").click()
    page.wait_for_load_state()
    assert "Đã chấp nhận" in flash_messages(page)
    page.goto(status_page)
    cells = page.locator(f"#completeness tr[data-unit='{UNIT}'] td.num").all_inner_texts()
    assert [int(c) for c in cells[1:6]] == [2, 2, 0, 0, 0]

    # 7. The item's history and the audit log show each step, with who took it.
    history = text_at(page, value_page, "#history")
    for step in (
        "Gửi lãnh đạo đơn vị duyệt",
        "Lãnh đạo đơn vị trả lại",
        "Lãnh đạo đơn vị duyệt, gửi Sở KH&CN",
        "Chấp nhận",
        RETURN_COMMENT,
    ):
        assert step in history, step
    assert "45,5" in history and "44" in history
    screenshot(page, "signoff-09-history")
    page.goto(demo_server + "/nhat-ky/?text=" + UNIT)
    audit = page.locator("#audit tbody tr")
    steps = [
        ("reporter-soyte", "observation.send_for_approval"),
        ("reporter-soyte", "task_update.send_for_approval"),
        ("approver-soyte", "observation.unit_return"),
        ("approver-soyte", "observation.approve"),
        ("approver-soyte", "task_update.approve"),
        ("coordinator", "observation.accept"),
        ("coordinator", "task_update.accept"),
    ]
    for actor, action in steps:
        row = page.locator(f'#audit tbody tr[data-action="{action}"][data-actor^="{actor}"]')
        assert row.count() >= 1, (actor, action)
    assert audit.count() >= len(steps)
    returned = page.locator('#audit tbody tr[data-action="observation.unit_return"]').first
    assert RETURN_COMMENT in returned.inner_text()
    assert "Chờ lãnh đạo đơn vị duyệt" in returned.inner_text()  # the state in words
    screenshot(page, "signoff-10-audit-log")
