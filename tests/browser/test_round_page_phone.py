"""The coordinator's round page on a phone (390 px): the per-unit summary scrolls inside its own
box and the page is never wider than the screen."""

import pytest

from tests.helpers import login

pytestmark = pytest.mark.browser


def test_the_round_page_fits_a_phone_and_its_summary_scrolls_in_its_box(page, demo_server):
    page.set_viewport_size({"width": 390, "height": 900})
    login(page, demo_server, "coordinator")
    page.goto(f"{demo_server}/bao-cao/")
    round_url = page.evaluate(
        "[...document.querySelectorAll('main a[href^=\"/bao-cao/ky/\"]')]"
        ".map(a => a.getAttribute('href')).find(h => /^\\/bao-cao\\/ky\\/\\d+\\/$/.test(h))"
    )
    assert round_url, "no round linked from the coordinator's reporting page"
    page.goto(f"{demo_server}{round_url}")
    page.wait_for_load_state("networkidle")
    assert page.locator("#unit-summary tbody tr").count() > 1
    box = page.locator("#unit-summary").evaluate(
        "t => { const b = t.parentElement; return {cls: b.className,"
        " overflow: getComputedStyle(b).overflowX, width: b.getBoundingClientRect().width} }"
    )
    assert "table-scroll" in box["cls"] and box["overflow"] == "auto"
    widths = page.evaluate(
        "({doc: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),"
        " inner: window.innerWidth})"
    )
    assert widths["doc"] <= widths["inner"], widths
    assert box["width"] <= widths["inner"]
