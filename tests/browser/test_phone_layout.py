"""Every main page, for every persona, on a phone (390 px, and the narrowest 360 px) and on a
laptop (1366 px): the page is never wider than the screen (tables scroll inside their own box),
and axe-core finds no WCAG 2.0 A/AA violation. Officers in 92 communes report from phones."""

import json
from pathlib import Path

import pytest

from tests.helpers import BROWSER_CONTEXT, api_json, login, screenshot

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe.min.js"

PUBLIC_PAGES = [
    "/",
    "/tong-quan/",
    "/tong-quan/xep-hang/?group=department",
    "/tong-quan/xep-hang/?group=commune",
    "/don-vi/",
    "/tim-kiem/?q=y+t%E1%BA%BF",
    "/dang-nhap/",
]
# Pages reached by following the first link of a kind from a page (ids differ per demo).
FOLLOWED = [
    ("/", "main a[href^='/chuong-trinh/']"),
    ("/tong-quan/", "main a[href^='/tong-quan/chuong-trinh/']"),
    ("/don-vi/", "main a[href^='/don-vi/']:not([href='/don-vi/'])"),
]
PERSONAS = {
    "coordinator": ["/bao-cao/", "/nhat-ky/"],
    "reporter-soyte": ["/bao-cao/"],
    "approver-soyte": ["/bao-cao/"],
    "reporter-phandinhphung": ["/bao-cao/"],
    "leader": ["/tong-quan/"],
}


@pytest.fixture
def page(browser):
    """A page that lets the test inject axe-core despite the site's CSP (no inline scripts)."""
    context = browser.new_context(**BROWSER_CONTEXT, bypass_csp=True)
    yield context.new_page()
    context.close()


def overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa']}});
            return r.violations.map(v => v.id + ': ' + v.nodes.length + ' × '
                + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | '));
        }"""
    )
    return list(result)


def visit(page, url: str, problems: list[str], *, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    extra = overflow(page)
    if extra > 0:
        problems.append(f"{url} at {width} px: {extra} px wider than the screen")
    if width == 390:
        for violation in axe_violations(page):
            problems.append(f"{url}: {violation}")
        screenshot(page, f"phone-{name}")


def followed_urls(page, base: str) -> list[str]:
    urls = []
    for start, selector in FOLLOWED:
        page.goto(base + start)
        href = page.locator(selector).first.get_attribute("href")
        assert href, f"no link {selector} on {start}"
        urls.append(href)
    target = api_json(base, "/api/v1/targets/?page_size=1", timeout=30)["results"][0]
    urls += [f"/chi-tieu/{target['id']}/", f"/tong-quan/chi-so/{target['indicator_id']}/"]
    return urls


def slug(url: str) -> str:
    return url.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")[:60] or "home"


def test_public_pages_fit_a_phone_and_pass_axe(page, demo_server):
    problems: list[str] = []
    urls = PUBLIC_PAGES + followed_urls(page, demo_server)
    for url in urls:
        for width in (1366, 390, 360):
            visit(page, demo_server + url, problems, name=f"public-{slug(url)}", width=width)
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("username", sorted(PERSONAS))
def test_each_personas_pages_fit_a_phone_and_pass_axe(page, demo_server, username):
    login(page, demo_server, username)
    problems: list[str] = []
    landing = page.url.removeprefix(demo_server)
    for url in [landing, *PERSONAS[username]]:
        for width in (1366, 390):
            visit(page, demo_server + url, problems, name=f"{username}-{slug(url)}", width=width)
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
