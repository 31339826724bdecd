"""The overview's stacked chart (dashboards/charts.js) drawn alone in a page of a given width, for
tests that measure how its labels are laid out."""

import json
from pathlib import Path

from dxtrack.evaluation.pillars import pillar_labels

ROOT = Path(__file__).resolve().parent.parent.parent
PILLARS = list(pillar_labels().values())  # the overview's labels, the longest 38 characters


def on_stacked_chart(browser, width: int, script: str):
    """Draw the overview's stacked chart of the pillars in a box 300 px high (as the overview's CSS
    sets on a phone) in a `width`-px wide page, and return what `script` evaluates there."""
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
        return page.evaluate(script)
    finally:
        page.close()
