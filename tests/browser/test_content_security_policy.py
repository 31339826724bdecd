"""The Content-Security-Policy in Chromium (issue 12): the coordinator and a Sở Y tế reporter go
through the main pages of the demo, and the browser reports no violation of the policy: no
script, style or image the pages need is blocked, and none of them runs inline code."""

import re

import pytest

from tests.helpers import BROWSER_CONTEXT, login

pytestmark = pytest.mark.browser

# Collects every violation the page reports (securitypolicyviolation), across navigations.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""
INLINE = """() => {
  const s = document.createElement("script");
  s.textContent = "window.__ran = 1";
  document.head.append(s);
}"""
START = {
    "coordinator": [
        "/",
        "/tong-quan/",
        "/tong-quan/xep-hang/",
        "/don-vi/",
        "/tim-kiem/?q=y+t%E1%BA%BF",
        "/bao-cao/",
        "/nhat-ky/",
        "/quan-tri/",
        "/quan-tri/registry/unit/",
    ],
    "reporter-soyte": ["/", "/bao-cao/", "/tong-quan/"],
}
# From the start pages, the first link of each kind is visited too.
FOLLOW = [
    r"^/chuong-trinh/\d+/$",
    r"^/chi-tieu/\d+/$",
    r"^/don-vi/[^/]+/$",
    r"^/tong-quan/chuong-trinh/\d+/$",
    r"^/tong-quan/chi-so/\d+/$",
    r"^/tong-quan/don-vi/[^/]+/$",
    r"^/bao-cao/ky/\d+/$",
    r"^/bao-cao/ky/\d+/don-vi/[^/]+/$",
    r"^/quan-tri/registry/unit/\d+/change/$",
]


def visit_all(page, base_url: str, starts: list[str]) -> list[str]:
    """Opens the start pages and the first link of each FOLLOW kind, waiting for any chart;
    returns the violations each page reported."""
    violations: list[str] = []
    pending = list(starts)
    found: set[str] = set()
    while pending:
        url = pending.pop(0)
        response = page.goto(base_url + url)
        assert response is not None and response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        page.wait_for_load_state("load")
        if page.locator("canvas").count():
            # The charts are drawn by the static scripts the policy allows.
            page.locator("canvas[data-drawn]").first.wait_for(timeout=10_000)
        violations += [f"{url}: {v}" for v in page.evaluate("() => window.__csp")]
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
        for href in hrefs:
            for pattern in FOLLOW:
                if pattern not in found and re.match(pattern, href or ""):
                    found.add(pattern)
                    pending.append(href)
    return violations


@pytest.mark.parametrize("username", ["coordinator", "reporter-soyte"])
def test_no_page_breaks_the_content_security_policy(browser, demo_server, username):
    context = browser.new_context(**BROWSER_CONTEXT)
    context.add_init_script(WATCH)
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
            else None
        ),
    )
    try:
        login(page, demo_server, username)
        assert "/dang-nhap/" not in page.url, "login failed"
        violations = visit_all(page, demo_server, START[username])
        reported = list(console)
        # The watch works, and inline code is blocked: a script element added by hand.
        page.evaluate(INLINE)
        page.wait_for_function("() => window.__csp.length > 0")
        assert page.evaluate("() => window.__ran") is None
    finally:
        context.close()
    assert not violations, violations
    assert not reported, reported
    assert console, "Chromium's console did not report the blocked inline script"
