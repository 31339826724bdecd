"""The dashboards of the demo in Chromium: every number shown is checked against the API."""

import pytest

from tests.helpers import api_json, screenshot

pytestmark = pytest.mark.browser


def all_targets(base_url: str, query: str = "") -> list[dict]:
    return api_json(base_url, f"/api/v1/targets/?page_size=1000{query}", timeout=30)["results"]


def test_the_overview_counts_match_the_api(page, demo_server):
    page.goto(demo_server + "/tong-quan/")
    targets = all_targets(demo_server)
    assert page.locator("#n-targets").inner_text() == str(len(targets))
    for status in ("achieved", "missed", "on_track", "at_risk", "off_track", "no_data"):
        shown = page.locator(f'#target-totals strong[data-status="{status}"]').inner_text()
        assert shown == str(sum(1 for t in targets if t["status"] == status)), status
    footer = page.locator("#pillar-targets tfoot td.num").all_inner_texts()
    assert footer[-1] == str(len(targets))
    page.wait_for_selector("#chart-pillars[data-drawn]")
    screenshot(page, "dashboard-overview")


def test_the_program_dashboard_says_how_many_targets_are_achieved(page, demo_server):
    programs = api_json(demo_server, "/api/v1/programs/", timeout=30)["results"]
    for program in programs:
        page.goto(f"{demo_server}/tong-quan/chuong-trinh/{program['id']}/")
        targets = all_targets(demo_server, f"&program={program['id']}")
        assert page.locator("#n-targets").inner_text() == str(len(targets))
        assert page.locator("#n-achieved").inner_text() == str(
            sum(1 for t in targets if t["status"] == "achieved")
        )
        for t in targets[:10]:
            row = page.locator(f'#program-targets tr[data-target="{t["id"]}"] .status')
            assert row.get_attribute("data-status") == t["status"]
    screenshot(page, "dashboard-program")


def test_the_indicator_page_draws_the_path_and_lists_the_sources(page, demo_server):
    target = next(t for t in all_targets(demo_server) if t["latest"])
    page.goto(f"{demo_server}/tong-quan/chi-so/{target['indicator_id']}/")
    section = page.locator(f'section.target-eval[data-target="{target["id"]}"]')
    assert section.locator(".status").get_attribute("data-status") == target["status"]
    assert page.locator("#indicator-observations tbody tr").count() >= 1
    page.wait_for_selector("#chart-indicator[data-drawn]")
    screenshot(page, "dashboard-indicator")


def test_the_target_page_explains_its_status(page, demo_server):
    target = next(t for t in all_targets(demo_server) if t["status"] == "achieved")
    page.goto(f"{demo_server}/chi-tieu/{target['id']}/")
    assert page.locator("#evaluation .status").get_attribute("data-status") == "achieved"
    assert page.locator("#evaluation-explanation").inner_text() == target["explanation"]
    screenshot(page, "target-evaluation")


@pytest.mark.parametrize("group", ["department", "commune"])
def test_the_ranking_page_matches_the_api(page, demo_server, group):
    data = api_json(demo_server, f"/api/v1/rankings/?group={group}&page_size=1000", timeout=30)
    page.goto(f"{demo_server}/tong-quan/xep-hang/?group={group}&period={data['period']}")
    assert page.locator("#ranking-formula").inner_text() == data["method"]
    rows = page.locator("#ranking tbody tr")
    assert rows.count() == data["count"]
    for item in data["results"][:10]:
        row = page.locator(f'#ranking tr[data-unit="{item["unit_code"]}"] td.num').all_inner_texts()
        assert row[0] == (str(item["rank"]) if item["rank"] else "—")
    screenshot(page, f"dashboard-ranking-{group}")


def test_the_unit_page_shows_its_scorecard(page, demo_server):
    data = api_json(demo_server, "/api/v1/rankings/?group=department&page_size=1000", timeout=30)
    best = data["results"][0]
    page.goto(f"{demo_server}/tong-quan/don-vi/{best['unit_code']}/")
    shown = page.locator("#unit-score").inner_text()
    assert shown == f"{best['score']:.2f}".replace(".", ",")
    screenshot(page, "dashboard-unit")
