"""The API's documentation page in Chromium (issue 12): Swagger UI, served from static/vendor,
draws every operation of the schema under the site's Content-Security-Policy with no violation
reported (no inline script, nothing from outside the site)."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.helpers import BROWSER_CONTEXT

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_swagger_ui_shows_every_operation_with_no_policy_violation(live_api, settings):
    settings.DEBUG = False
    requests_outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**BROWSER_CONTEXT)
            page = context.new_page()
            page.add_init_script(WATCH)
            page.on(
                "request",
                lambda r: (
                    None if r.url.startswith(live_api.url) else requests_outside.append(r.url)
                ),
            )
            response = page.goto(f"{live_api.url}/api/v1/docs/")
            assert response is not None and response.status == 200
            page.locator(".opblock").first.wait_for(timeout=30_000)
            operations = page.locator(".opblock").count()
            title = page.locator("h1").first.inner_text()
            violations = page.evaluate("() => window.__csp")
        finally:
            browser.close()
    assert title == "Tài liệu API v1"
    assert operations >= 14
    assert violations == []
    assert [u for u in requests_outside if not u.startswith("data:")] == []
