"""The overview's chart on a phone (issue 16): the pillars' long names on the left of the
horizontal bars wrap onto lines instead of being cut at the screen's edge."""

import pytest

from tests.browser.charts import PILLARS, on_stacked_chart

pytestmark = pytest.mark.browser


def _leftmost_label_edge(browser, width: int) -> tuple[float, list]:
    """The left edge of the widest y-axis label (negative: cut), and the labels as drawn."""
    return on_stacked_chart(
        browser,
        width,
        """() => {
          const chart = document.getElementById("c").chart;
          const scale = chart.scales.y, ctx = chart.ctx;
          ctx.font = Chart.helpers.toFont(scale.options.ticks.font).string;
          let left = Infinity;
          const labels = scale.getLabelItems().map((item) => {
            const lines = [].concat(item.label);
            const widest = Math.max(...lines.map((l) => ctx.measureText(l).width));
            left = Math.min(left, item.options.translation[0] - widest);
            return lines;
          });
          return [left, labels];
        }""",
    )


def test_the_pillar_names_wrap_on_a_phone_and_none_is_cut(browser):
    left, labels = _leftmost_label_edge(browser, 390)
    assert left >= 0, labels
    longest = max(PILLARS, key=len)
    assert [" ".join(lines) for lines in labels] == PILLARS  # every pillar named, none skipped
    assert len(labels[PILLARS.index(longest)]) > 1


def test_the_pillar_names_stay_on_one_line_on_a_desktop(browser):
    left, labels = _leftmost_label_edge(browser, 1366)
    assert left >= 0 and all(len(lines) == 1 for lines in labels), labels
