"""Issue 15 in Chromium: each demo persona logs in and lands on “Việc của tôi”, which shows their
own work in the living demo (the simulated history and the current quarter's open round); the
reporter fills a value and corrects a returned one, a commune reports task progress, the unit's
leader signs off, the coordinator accepts, and the leader reads the overview with every
simulated figure marked. Screenshots in test-artifacts/persona-*.png."""

import re

import pytest

from tests.helpers import flash_messages, login, screenshot

pytestmark = pytest.mark.browser

LANDING = "/tong-quan/viec-cua-toi/"


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("reporter-soyte", ["Sở Y tế", "Hạn gửi", "Bị trả lại, cần sửa", "Cần nhập và gửi"]),
        ("approver-soyte", ["Sở Y tế", "Chờ tôi duyệt"]),
        ("reporter-phandinhphung", ["Phường Phan Đình Phùng", "Cần nhập và gửi"]),
        ("coordinator", ["mục chờ duyệt", "đã gửi"]),
        ("leader", ["Chỉ tiêu theo trạng thái: hiện nay và cuối kỳ trước"]),
    ],
)
def test_each_persona_lands_on_their_own_work(page, demo_server, username, expected):
    login(page, demo_server, username)
    assert page.url == demo_server + LANDING
    main = page.locator("main").inner_text()
    for text in expected:
        assert text in main, f"{username}: {text!r} not on the landing page"
    assert page.locator("#sim-banner").is_visible()
    screenshot(page, f"persona-{username}-landing")


def test_the_reporter_fills_a_value_and_corrects_the_returned_one(page, demo_server):
    login(page, demo_server, "reporter-soyte")
    days = page.locator(".my-round .due").first.inner_text()
    assert re.search(r"còn \d+ ngày|hạn là hôm nay|quá hạn \d+ ngày", days)

    # A value still owed: entered and sent (to the unit's leader, Sở Y tế signs off).
    page.locator("ul.owed li", has_text="Chưa nhập").locator("a[href*='/chi-so/']").first.click()
    page.fill("#id_value", "145")
    page.click("#save-submit")
    assert "0 đến 100" in page.locator("#id_value_errors[role=alert]").inner_text()
    page.fill("#id_value", "68,5")
    page.fill("#id_note", "Số liệu từ hệ thống hồ sơ sức khỏe điện tử")
    page.click("#save-submit")
    assert "Đã gửi số liệu để lãnh đạo đơn vị duyệt" in flash_messages(page)
    screenshot(page, "persona-reporter-value-sent")

    # The returned value: the coordinator's comment shows; corrected and sent again.
    page.goto(demo_server + LANDING)
    returned = page.locator("ul.returned li").first
    comment = returned.locator("em").inner_text()
    assert comment
    returned.locator("a").first.click()
    assert comment in page.locator("#review-comment").inner_text()
    page.fill("#id_value", "55")
    page.click("#save-submit")
    page.goto(demo_server + LANDING)
    assert "Bị trả lại, cần sửa" not in page.locator("main").inner_text()
    assert "đang chờ lãnh đạo đơn vị duyệt" in page.locator("main").inner_text()
    screenshot(page, "persona-reporter-after")


def test_the_approver_signs_off_from_the_landing_page(page, demo_server):
    login(page, demo_server, "approver-soyte")
    waiting = page.locator("ul.awaiting-approval li")
    before = waiting.count()
    assert before >= 1
    waiting.first.locator("a").first.click()
    page.locator("button.approve").click()
    assert "Đã duyệt, gửi Sở KH&CN" in flash_messages(page)
    page.goto(demo_server + LANDING)
    assert page.locator("ul.awaiting-approval li").count() == before - 1
    screenshot(page, "persona-approver-after")


def test_the_coordinator_reviews_from_the_landing_page(page, demo_server):
    login(page, demo_server, "coordinator")
    link = page.locator(".my-round a[href$='/tinh-hinh/duyet/']").first
    waiting = int(re.search(r"(\d+) mục chờ duyệt", link.inner_text()).group(1))
    assert waiting >= 1
    link.click()
    row = page.locator("#review-values tbody tr", has_text="Sở Y tế").first
    row.locator("button.accept").click()
    assert "Đã chấp nhận" in flash_messages(page)
    page.goto(demo_server + LANDING)
    text = page.locator(".my-round a[href$='/tinh-hinh/duyet/']").first.inner_text()
    assert int(re.search(r"(\d+) mục chờ duyệt", text).group(1)) == waiting - 1
    screenshot(page, "persona-coordinator-after")


def test_a_commune_reports_task_progress_from_its_landing_page(page, demo_server):
    login(page, demo_server, "reporter-phandinhphung")
    owed = page.locator("ul.owed li a[href*='/nhiem-vu/']")
    before = owed.count()
    assert before >= 1
    owed.first.click()
    page.select_option("#id_progress", "in_progress")
    page.fill("#id_percent_done", "40")
    page.fill("#id_narrative", "Đã số hóa 40% hồ sơ thủ tục hành chính tại bộ phận một cửa")
    page.fill("#id_difficulties", "Thiếu máy quét tài liệu")
    page.fill("#id_proposals", "Đề nghị hỗ trợ kinh phí mua máy quét")
    page.click("#save-submit")
    assert "Đã gửi báo cáo tiến độ" in flash_messages(page)
    page.goto(demo_server + LANDING)
    assert page.locator("ul.owed li a[href*='/nhiem-vu/']").count() == before - 1
    screenshot(page, "persona-commune-after")


def test_the_leader_reads_the_overview_with_simulated_figures_marked(page, demo_server):
    login(page, demo_server, "leader")
    changes = page.locator("#leader-changes tbody tr")
    assert changes.count() == 6
    page.locator("main a[href='/tong-quan/']").click()
    page.wait_for_load_state()
    assert page.locator("#sim-banner").is_visible()
    assert page.locator("main .sim").count() >= 1
    assert page.locator("#drafts").count() == 0
    screenshot(page, "persona-leader-overview")
    page.goto(demo_server + "/tong-quan/xep-hang/?group=commune")
    assert page.locator("#sim-banner").is_visible()
    assert page.locator("td .sim").count() >= 1
    screenshot(page, "persona-leader-rankings")
