"""The leader's overview on a phone (QA2 A6): the chart's category names do not overlap, a table
wider than the screen says it goes on to the right, and every main link of the header is on
screen (none cut at the edge as "Báo c")."""

import json
from pathlib import Path

import pytest

from dxtrack.evaluation.pillars import pillar_labels
from tests.helpers import login, screenshot

ROOT = Path(__file__).resolve().parent.parent.parent
PILLARS = list(pillar_labels().values())

pytestmark = pytest.mark.browser


def _label_boxes(browser, width: int) -> list[tuple[float, float]]:
    """The vertical extent (top, bottom) of each y-axis label of the overview's stacked chart
    drawn by dashboards/charts.js in a box 300 px high, as the overview's CSS sets on a phone."""
    chart = {
        "labels": PILLARS,
        "statuses": ["achieved", "no_data"],
        "status_labels": ["Đạt", "Chưa có số liệu"],
        "values": [[i, 2] for i in range(len(PILLARS))],
    }
    html = (
        '<!doctype html><html><body style="margin:0;font-family:sans-serif">'
        '<div style="position:relative;height:300px;width:100%">'
        '<canvas id="c" data-chart="stacked" data-source="d"></canvas></div>'
        f'<script type="application/json" id="d">{json.dumps(chart)}</script></body></html>'
    )
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.set_content(html)
        page.add_script_tag(path=str(ROOT / "static/vendor/chart.umd.min.js"))
        page.add_script_tag(path=str(ROOT / "dxtrack/dashboards/static/dashboards/charts.js"))
        return page.evaluate(
            """() => {
              const scale = document.getElementById("c").chart.scales.y;
              const font = Chart.helpers.toFont(scale.options.ticks.font);
              return scale.getLabelItems().map((item) => {
                const height = [].concat(item.label).length * font.lineHeight;
                const middle = item.options.translation[1];
                return [middle - height / 2, middle + height / 2];
              });
            }"""
        )
    finally:
        page.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_chart_category_names_do_not_overlap(browser, width):
    boxes = sorted(_label_boxes(browser, width))
    assert len(boxes) == len(PILLARS)
    for (_, bottom), (top, _) in zip(boxes, boxes[1:], strict=False):
        assert bottom <= top + 0.5, boxes


def test_the_overview_on_a_phone_says_to_swipe_and_shows_every_main_link(browser, demo_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        login(page, demo_server, "leader")
        page.goto(demo_server + "/tong-quan/")
        page.wait_for_selector("#chart-pillars[data-drawn]")
        wide = page.locator(".table-scroll.overflows")
        assert wide.count() >= 1
        hint = wide.first.locator(".swipe-hint")
        assert hint.is_visible() and "Vuốt ngang" in hint.inner_text()
        right_edges = page.eval_on_selector_all(
            "header nav a", "links => links.map((a) => a.getBoundingClientRect().right)"
        )
        assert right_edges and max(right_edges) <= 390, right_edges
        screenshot(page, "overview-phone-390")
        page.set_viewport_size({"width": 1366, "height": 900})
        page.reload()
        page.wait_for_selector("#chart-pillars[data-drawn]")
        assert page.locator(".table-scroll.overflows").count() == 0
        screenshot(page, "overview-desktop-1366")
    finally:
        context.close()
