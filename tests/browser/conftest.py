"""Browser tests: the real `dxtrack demo` served in a subprocess, driven by Debian's Chromium.

The server runs on its own SQLite file in a temporary folder, set up exactly as `make demo`
sets it up, so these tests also prove the demo. They never skip: if Chromium or the server
cannot start, they fail (CI must not go green without them).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.helpers import BROWSER_CONTEXT

CHROMIUM = os.getenv("DXTRACK_CHROMIUM", "/usr/bin/chromium")
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


def served_demo(tmp_path_factory, *args: str):
    """Serve `dxtrack demo *args` on its own SQLite file; yields the base URL, then stops it."""
    var = tmp_path_factory.mktemp("demo-var")
    port = free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DXTRACK_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var}/demo.sqlite3",
        "PYTHONUNBUFFERED": "1",
        "DXTRACK_DEMO": "1",  # the demo guard: this is a demo database, served to the tests
    }
    log = var / "server.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "dxtrack", "demo", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
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
def demo_server(tmp_path_factory):
    """The living demo exactly as `make demo` serves it (the plans and the simulated history)."""
    yield from served_demo(tmp_path_factory)


@pytest.fixture(scope="session")
def plain_demo_server(tmp_path_factory):
    """The demo without the simulated history (`dxtrack demo --no-sample`): the plans' own
    figures only, for the tests that run a whole reporting round from nothing (the simulation
    leaves an open round of the current quarter whose items would be theirs)."""
    yield from served_demo(tmp_path_factory, "--no-sample")


@pytest.fixture(scope="session")
def browser():
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
    context = browser.new_context(**BROWSER_CONTEXT)
    page = context.new_page()
    yield page
    context.close()
