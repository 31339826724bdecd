"""The overview's chart on a phone (issue 16): the pillars' long names on the left of the
horizontal bars wrap onto lines instead of being cut at the screen's edge."""

import json
from pathlib import Path

import pytest

from dxtrack.evaluation.pillars import pillar_labels

ROOT = Path(__file__).resolve().parent.parent.parent
PILLARS = list(pillar_labels().values())  # the overview's labels, the longest 38 characters

pytestmark = pytest.mark.browser


def _leftmost_label_edge(browser, width: int) -> tuple[float, list]:
    """The overview's stacked chart drawn by dashboards/charts.js in a `width`-px wide page: the
    left edge of its widest y-axis label (negative: cut), and the labels as drawn."""
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
            }"""
        )
    finally:
        page.close()


def test_the_pillar_names_wrap_on_a_phone_and_none_is_cut(browser):
    left, labels = _leftmost_label_edge(browser, 390)
    assert left >= 0, labels
    longest = max(PILLARS, key=len)
    assert [" ".join(lines) for lines in labels] == PILLARS  # every pillar named, none skipped
    assert len(labels[PILLARS.index(longest)]) > 1


def test_the_pillar_names_stay_on_one_line_on_a_desktop(browser):
    left, labels = _leftmost_label_edge(browser, 1366)
    assert left >= 0 and all(len(lines) == 1 for lines in labels), labels
