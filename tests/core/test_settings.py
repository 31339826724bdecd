"""Settings fail loudly on bad values instead of silently falling back to defaults."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from dxtrack import settings as s


@pytest.mark.parametrize(
    "value,expected", [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_envbool_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("X_FLAG", value)
    assert s.envbool("X_FLAG", "false") is expected


def test_envbool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        s.envbool("X_FLAG", "false")


def test_envint_refuses_a_word(monkeypatch):
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        s.envint("X_INT", "1")


def test_database_urls_for_sqlite_and_postgres():
    pg = s.database_from_url("postgres://u:p%40ss@db.local:5433/dx")
    assert (pg["ENGINE"], pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "django.db.backends.postgresql",
        "dx",
        "u",
        "p@ss",
        "db.local",
        "5433",
    )
    lite = s.database_from_url("sqlite:////tmp/dx-test/x.sqlite3")
    assert lite["NAME"] == "/tmp/dx-test/x.sqlite3"


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host:5432/", "sqlite:///"])
def test_unsupported_database_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured):
        s.database_from_url(url)


def test_the_service_refuses_to_start_with_a_bad_setting(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dxtrack", "check"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "perhaps", "DXTRACK_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_a_secret_key_is_generated_once_and_kept_private(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DXTRACK_VAR_DIR": str(tmp_path)}
    code = "from django.conf import settings; print(settings.SECRET_KEY)"

    def run() -> str:
        return subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**env, "DJANGO_SETTINGS_MODULE": "dxtrack.settings"},
        ).stdout

    first, second = run(), run()
    assert first == second and len(first.strip()) > 40
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
