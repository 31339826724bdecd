"""The leader's overview on a phone (QA2 A6): the chart's category names do not overlap, a table
wider than the screen says it goes on to the right, and every main link of the header is on
screen (none cut at the edge as "Báo c")."""

import pytest

from tests.browser.charts import PILLARS, on_stacked_chart
from tests.helpers import login, screenshot

pytestmark = pytest.mark.browser


def _label_boxes(browser, width: int) -> list[tuple[float, float]]:
    """The vertical extent (top, bottom) of each y-axis label."""
    return on_stacked_chart(
        browser,
        width,
        """() => {
          const scale = document.getElementById("c").chart.scales.y;
          const font = Chart.helpers.toFont(scale.options.ticks.font);
          return scale.getLabelItems().map((item) => {
            const height = [].concat(item.label).length * font.lineHeight;
            const middle = item.options.translation[1];
            return [middle - height / 2, middle + height / 2];
          });
        }""",
    )


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
