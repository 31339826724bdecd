"""The review workspace on a coordinator's phone (390 × 844) and laptop (1366 × 900), as the QA
walkthrough of session 6 met it: the header and demo banner leave room for the page, the source
text shows Vietnamese letters with two marks in a font that has them, a jump to a source line
offers the way back to the record, the agencies and a new version's changes are cards whose
actions are on screen, and a checkbox sits beside its words. Uses Quyết định 2530/QĐ-TTg (an
annotated corpus plan with grouped tasks and agencies the catalogue does not know)."""

import re
from pathlib import Path

import pytest

from tests.helpers import BROWSER_CONTEXT, login, screenshot

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "tests" / "docimport" / "corpus" / "2530-qd-ttg.md"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**{**BROWSER_CONTEXT, "viewport": PHONE})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def box(page, selector: str) -> dict:
    """The element's box on screen (viewport coordinates)."""
    return page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"
    )


def first_line(page, selector: str) -> dict:
    """The box of the first line of an inline element (a label wrapping under its checkbox)."""
    return page.locator(selector).first.evaluate(
        "e => { const r = e.getClientRects()[0];"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"
    )


def upload_plan(page, base: str) -> str:
    """Uploads the plan; the workspace's address."""
    page.goto(base + "/chuong-trinh/nhap-van-ban/")
    page.set_input_files("#id_document", str(PLAN))
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    program = re.search(r"/chuong-trinh/(\d+)/", page.url)
    assert program, page.url
    return f"{base}/chuong-trinh/{program.group(1)}/ra-soat/"


def test_the_review_pages_work_on_a_phone(phone, demo_server, tmp_path):
    page = phone
    login(page, demo_server, "coordinator")
    workspace = upload_plan(page, demo_server)
    page.goto(workspace)

    # The header and the demo banner leave most of the first screen to the page; the banner
    # still says the data is simulated.
    banner = box(page, "#sim-banner")
    assert banner["bottom"] < 0.3 * PHONE["height"], banner
    assert page.locator("#sim-banner strong").is_visible()
    assert "Dữ liệu mô phỏng" in page.locator("#sim-banner").inner_text()
    screenshot(page, "review-phone-workspace")

    # Fonts that hold ề, ộ precomposed: not DejaVu Sans Mono first; textareas in the body font.
    mono = page.eval_on_selector("#source", "e => getComputedStyle(e).fontFamily")
    assert mono.startswith('"Liberation Mono"'), mono

    # Tasks stand under their group's heading.
    assert page.locator("#nhiem-vu + ol .task-group h4").count() > 0

    # A record's "Dòng" button takes the reader down to the source; a link leads back.
    task = page.locator("li.rec[id^=task-]").first
    task_id = task.get_attribute("id")
    task.locator("button.show-lines").click()
    page.wait_for_timeout(300)
    back = page.locator("#back-to-record a")
    assert back.is_visible()
    link = box(page, "#back-to-record a")
    assert link["top"] >= 0 and link["bottom"] <= PHONE["height"], link
    assert box(page, f"#{task_id}")["bottom"] < 0, "the record should be out of sight"
    back.click()
    page.wait_for_timeout(300)
    record = box(page, f"#{task_id}")
    assert -2 <= record["top"] < PHONE["height"] / 2, record
    assert not page.locator("#back-to-record").is_visible()
    assert overflow(page) <= 0

    # Agencies: each written name is a card; its actions are on screen, not in a side scroll.
    page.click("#nav-agencies")
    page.wait_for_load_state()
    row = page.locator("#agencies tbody tr.unresolved").first
    keep = row.locator("td.agency-actions button")
    keep.scroll_into_view_if_needed()
    action = keep.evaluate(
        "e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; }"
    )
    assert action[0] >= 0 and action[1] <= PHONE["width"], action
    assert overflow(page) <= 0
    screenshot(page, "review-phone-agencies")

    # A corrected file: its changes are cards, the box beside the change, details on screen.
    corrected = tmp_path / "2530-qd-ttg-sua.md"
    corrected.write_text(
        PLAN.read_text(encoding="utf-8").replace("đạt tối thiểu 80%.", "đạt tối thiểu 85%."),
        encoding="utf-8",
    )
    page.click("#nav-version")
    page.wait_for_load_state()
    page.set_input_files("#id_document", str(corrected))
    page.click("#version-form button[type=submit]")
    page.wait_for_load_state()
    change = page.locator("#changes tbody tr").first
    tick, label = (
        box(page, "#changes tbody tr td.change-box input"),
        box(page, "#changes tbody tr th label"),
    )
    assert abs((tick["top"] + tick["bottom"]) / 2 - (label["top"] + label["bottom"]) / 2) < 14
    assert tick["right"] <= label["left"]
    detail = change.locator("td[data-label]").nth(1)
    assert "80 → 85" in detail.inner_text()
    assert detail.evaluate("e => e.getBoundingClientRect().right") <= PHONE["width"]
    assert overflow(page) <= 0
    screenshot(page, "review-phone-changes")
    page.click("#discard-version")
    page.wait_for_load_state()

    # The edit form of a target: the checkbox beside its words, the value as typed (no ".0").
    page.goto(workspace)
    page.locator("a.edit-target").first.click()
    page.wait_for_load_state()
    assert not page.input_value("#id_value").endswith(".0")
    tick, label = box(page, "#id_new_indicator"), first_line(page, "label[for=id_new_indicator]")
    assert tick["right"] <= label["left"] and abs(tick["top"] - label["top"]) < 14, (tick, label)

    # The document's title is typed in the page's font, not a monospace one.
    page.click("#nav-metadata")
    page.wait_for_load_state()
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.eval_on_selector("#id_title", "e => getComputedStyle(e).fontFamily") == body_font

    # On a laptop the workspace is two panes: the page itself stays one screen high.
    page.set_viewport_size(LAPTOP)
    page.goto(workspace)
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollHeight") < 2 * LAPTOP["height"]
    assert not page.locator("#back-to-record").is_visible()
