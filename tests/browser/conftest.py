"""Browser tests: the real `dxtrack demo` served in a subprocess, driven by Debian's Chromium.

The server runs on its own SQLite file in a temporary folder, set up exactly as `make demo`
sets it up, so these tests also prove the demo. They never skip: if Chromium or the server
cannot start, they fail (CI must not go green without them).
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

CHROMIUM = os.getenv("DXTRACK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"dxtrack demo stopped (exit {process.returncode}):\n{log.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(
        f"dxtrack demo did not answer within {seconds} s:\n{log.read_text()[-4000:]}"
    )


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """Base URL of a freshly set-up demo; the server is stopped at the end of the session."""
    var = tmp_path_factory.mktemp("demo-var")
    port = free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DXTRACK_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var}/demo.sqlite3",
        "PYTHONUNBUFFERED": "1",
    }
    log = var / "server.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "dxtrack", "demo"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make browser` (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def login(page, base_url: str, username: str, password: str = "demo") -> None:
    page.goto(f"{base_url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def api(base_url: str, path: str) -> dict:
    with urllib.request.urlopen(base_url + path, timeout=10) as response:
        return json.loads(response.read())


def logout(page, base_url):
    page.goto(base_url + "/")
    page.click("form[action='/dang-xuat/'] button")
    page.wait_for_load_state()


def current_quarter() -> str:
    today = date.today()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def coordinator_opens_round(
    browser,
    base_url: str,
    *,
    program_number: str,
    unit: str,
    title: str = "",
    shot_filled: str | None = None,
    shot_open: str | None = None,
) -> dict:
    """The coordinator creates a round of `program_number` for the current quarter through his pages,
    assigns `unit` one of the program's percentage indicators by hand, and opens the round."""
    program = next(
        p for p in api(base_url, "/api/v1/programs/")["results"] if p["number"] == program_number
    )
    detail = api(base_url, f"/api/v1/programs/{program['id']}/")
    indicator = next(
        t["indicator_id"] for g in detail["goals"] for t in g["targets"] if t["unit"] == "%"
    )
    context = browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    login(page, base_url, "coordinator")
    page.goto(base_url + "/bao-cao/")
    page.click("#new-round")
    page.get_by_label(re.compile(re.escape(program_number))).check()
    page.fill("#id_period", current_quarter())
    page.fill("#id_working_days", "5")
    if title:
        page.fill("#id_title", title)
    if shot_filled:
        screenshot(page, shot_filled)
    page.click("#round-form button[type=submit]")
    page.wait_for_load_state()
    round_id = int(re.search(r"/bao-cao/ky/(\d+)/", page.url).group(1))
    page.fill("#id_unit", unit)
    page.fill("#id_item", f"I-{indicator}")
    page.click("#assignment-form button[type=submit]")
    page.wait_for_load_state()
    assert "Đã thêm phân công" in page.locator("ul.messages").inner_text()
    page.click("#open-round")
    page.wait_for_load_state()
    assert page.locator("#round-state").inner_text() == "Đang mở"
    if shot_open:
        screenshot(page, shot_open)
    context.close()
    return {"round": round_id, "indicator": indicator}
