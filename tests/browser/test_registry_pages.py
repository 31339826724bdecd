"""The demo's registry pages in Chromium: what a visitor and the coordinator see."""

import pytest

from tests.helpers import api_json, login, screenshot

pytestmark = pytest.mark.browser


def program_id(base_url: str, number: str) -> int:
    programs = api_json(base_url, "/api/v1/programs/")["results"]
    return next(p["id"] for p in programs if p["number"] == number)


def test_the_home_page_lists_the_five_programs_with_their_counts(page, demo_server):
    page.goto(demo_server + "/")
    rows = page.locator("#programs tbody tr")
    programs = api_json(demo_server, "/api/v1/programs/")["results"]
    assert rows.count() == len(programs) == 5
    for program in programs:
        row = rows.filter(has_text=program["title"][:40])
        cells = row.locator("td.num").all_inner_texts()
        assert cells == [str(program["counts"][k]) for k in ("goals", "targets", "tasks")]
    screenshot(page, "home")


def test_the_de_an_2024_2025_shows_19_tasks_totalling_2389_05_billion(page, demo_server):
    pk = program_id(demo_server, "2840/QĐ-UBND")
    page.goto(f"{demo_server}/chuong-trinh/{pk}/")
    table = page.locator("#task-table")
    assert table.locator("tbody tr:not(.group)").count() == 19
    assert page.locator("#budget-total").inner_text() == "2.389,05 tỷ đồng"
    stated = page.locator("#budget-parts tbody tr").all_inner_texts()
    assert len(stated) == 3
    for row, amount in zip(stated, ("2.353,65 tỷ đồng", "32,4 tỷ đồng", "3 tỷ đồng"), strict=True):
        assert amount in row, (row, amount)
    assert "khớp với tổng các nhiệm vụ" in page.locator("#kinh-phi").inner_text()
    # The tasks' own split by source agrees with the plan's state-budget part.
    state_budget = table.locator("tfoot tr.part", has_text="Ngân sách nhà nước").inner_text()
    assert "32,4 tỷ đồng" in state_budget
    table.scroll_into_view_if_needed()
    screenshot(page, "program-2840-task-table")


def test_a_historic_agency_shows_what_it_is_now(page, demo_server):
    page.goto(f"{demo_server}/don-vi/so-thong-tin-va-truyen-thong/")
    assert "nay là Sở Khoa học và Công nghệ" in page.locator("#successor-note").inner_text()


def test_search_folds_accents(page, demo_server):
    page.goto(demo_server + "/")
    page.fill("#q", "so khoa hoc")
    page.press("#q", "Enter")
    page.wait_for_load_state()
    assert page.locator("#r-units a", has_text="Sở Khoa học và Công nghệ").count() >= 1


def test_the_coordinator_logs_in_and_sees_the_audit_log(page, demo_server):
    login(page, demo_server, "coordinator")
    page.goto(demo_server + "/nhat-ky/")
    assert page.locator("#audit tbody tr").count() > 0
    # the log reads as sentences; the action code stays only in the row's data-action
    page.goto(demo_server + "/nhat-ky/?action=program.publish")
    published = page.locator('#audit tr[data-action="program.publish"]')
    assert published.count() >= 1
    assert "công bố" in published.first.inner_text()


def test_a_reporter_is_refused_the_audit_log(page, demo_server):
    login(page, demo_server, "reporter-soyte")
    response = page.goto(demo_server + "/nhat-ky/")
    assert response.status == 403
    assert "không có quyền" in page.content()
