"""Headers and deployment settings (issue 12): a Content-Security-Policy without inline script
on every page, Permissions-Policy and Referrer-Policy, no inline script in any template, and
`check --deploy` silent with the production settings of docs/deployment.md."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_templates import template_files

ROOT = Path(__file__).resolve().parent.parent.parent

PUBLIC_PAGES = ["/", "/tong-quan/", "/tong-quan/xep-hang/", "/don-vi/", "/tim-kiem/?q=y+te"]
SIGNED_IN_PAGES = ["/bao-cao/", "/bao-cao/quy-tac/", "/nhat-ky/"]


def csp_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def assert_hardened(response, url):
    assert "Content-Security-Policy" in response, url
    policy = csp_of(response)
    assert policy["script-src"] == "script-src 'self'", url
    assert "unsafe-inline" not in response["Content-Security-Policy"], url
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "camera=()" in response["Permissions-Policy"], url
    assert response["Referrer-Policy"] == "same-origin", url


@pytest.mark.parametrize("url", PUBLIC_PAGES + ["/dang-nhap/", "/khong-co-trang-nay/"])
def test_public_pages_carry_the_security_headers(db, client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    assert_hardened(response, url)


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_coordinator_pages_carry_the_security_headers(personas, client, url):
    client.force_login(personas.coordinator)
    response = client.get(url)
    assert response.status_code == 200, url
    assert_hardened(response, url)


@pytest.mark.parametrize("url", ["/quan-tri/", "/quan-tri/auth/user/add/"])
def test_admin_pages_carry_the_security_headers(personas, client, url):
    client.force_login(personas.admin)
    response = client.get(url)
    assert response.status_code == 200, url
    assert_hardened(response, url)


def test_the_api_carries_them_too(db, client):
    assert_hardened(client.get("/api/v1/programs/"), "/api/v1/programs/")


# A <script> element that is not a data block (json_script, type="application/json") and has
# no src: code in the page, which the policy would block.
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def inline_scripts(text: str) -> list[str]:
    found = []
    for match in SCRIPT.finditer(text):
        attributes = match.group(1)
        if "src=" in attributes or "application/json" in attributes:
            continue
        found.append(match.group(0))
    found += [m.group(0) for m in HANDLER.finditer(text)]
    found += ["javascript:"] if "javascript:" in text.lower() else []
    return found


def test_no_template_holds_inline_script():
    offenders = {
        str(path.relative_to(ROOT)): inline_scripts(path.read_text(encoding="utf-8"))
        for path in template_files()
    }
    offenders = {path: found for path, found in offenders.items() if found}
    assert not offenders, f"move these scripts to static files: {offenders}"


def test_the_scan_finds_inline_script():
    assert inline_scripts("<script>alert(1)</script>")
    assert inline_scripts('<button onclick="x()">')
    assert not inline_scripts('<script src="/static/a.js" defer></script>')
    assert not inline_scripts('<script id="d" type="application/json">{}</script>')


# A strong key in place of the docs' placeholder ("...một chuỗi ngẫu nhiên dài...").
SECRET_KEY = "Xq9vT2pL7wR4zN8mB3cF6hJ1dG5sK0yU-" * 2


def deployment_env() -> dict[str, str]:
    """The variables of docs/deployment.md's /etc/dxtrack.env, as that file sets them."""
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    block = text.split("Tạo `/etc/dxtrack.env`", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line)


def run_check(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PYTHONPATH")}
    return subprocess.run(
        [sys.executable, "-m", "dxtrack", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **keep,
            **env,
            "DXTRACK_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        },
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_deployment_docs_set_every_https_setting():
    env = deployment_env()
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "CSRF_TRUSTED_ORIGINS"):
        assert name in env, name


def test_check_deploy_is_silent_with_the_production_settings(tmp_path):
    """The administrator installs with docs/deployment.md's settings: no warning at all."""
    documented = deployment_env()
    env = {k: v for k, v in documented.items() if k not in ("DATABASE_URL", "DXTRACK_VAR_DIR")}
    env["SECRET_KEY"] = SECRET_KEY
    result = run_check(env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_hsts_and_ssl_redirect_are_sent_when_set(db, client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/", secure=False)["Location"].startswith("https://")
    assert client.get("/healthz", secure=False).status_code == 200
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
