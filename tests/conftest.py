"""Shared fixtures: the Thái Nguyên data loaded once per test database, and the personas.

Personas (DESIGN.md, healthchecks' BaseTestCase): the provincial coordinator (Sở Khoa học và
Công nghệ), a leader, an officer and an approver of Sở Y tế, an officer of another department
(Sở Tài chính) who must be refused Sở Y tế's data, a commune officer (phường Phan Đình Phùng),
an administrator, and the public (anonymous).
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from dxtrack.outputs import pdf
from dxtrack.registry.demo_data import load_demo
from tests.helpers import commune_code, make_user

# Shared machines are noisy: a property test is judged on its examples, never on its timing.
hypothesis_settings.register_profile("dxtrack", deadline=None, print_blob=True)
hypothesis_settings.load_profile("dxtrack")


def load_thai_nguyen() -> None:
    load_demo(log=lambda message: None)


def pytest_configure(config):
    """WhiteNoise warns on every request when collectstatic never ran; tests do not need it."""
    if settings.configured:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_thai_nguyen()


@pytest.fixture(autouse=True)
def _pages_cache_cleared():
    """Cached pages are keyed by the evaluation stamp's token, which an audited write renews; a
    test's rolled-back rows (SQLite may hand out the same ids again) and its direct ORM writes
    (no audit row) must not meet another test's cached page under the session's token."""
    cache.clear()


@dataclass
class Personas:
    admin: object
    coordinator: object
    leader: object
    reporter_soyte: object
    approver_soyte: object
    reporter_taichinh: object
    reporter_commune: object


@pytest.fixture
def personas(db) -> Personas:
    return Personas(
        admin=make_user("admin-t", None, is_superuser=True, is_staff=True),
        coordinator=make_user("coordinator-t", "coordinator", "so-khoa-hoc-va-cong-nghe"),
        leader=make_user("leader-t", "leader"),
        reporter_soyte=make_user("reporter-soyte-t", "reporter", "so-y-te"),
        approver_soyte=make_user("approver-soyte-t", "approver", "so-y-te"),
        reporter_taichinh=make_user("reporter-taichinh-t", "reporter", "so-tai-chinh"),
        reporter_commune=make_user(
            "reporter-pdp-t", "reporter", commune_code("Phường Phan Đình Phùng")
        ),
    )


@pytest.fixture
def client_as(client):
    """`client_as(user)` logs the test client in as that persona (None: the public)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session", autouse=True)
def _pdf_converter_of_this_run(tmp_path_factory):
    """A report's PDF starts a resident LibreOffice (dxtrack/outputs/pdf.py): in tests it lives in
    a folder of this run, never the shared var/pdf, and is stopped when the run ends."""
    folder = tmp_path_factory.mktemp("pdf-converter")
    previous = os.environ.get("REPORT_PDF_DIR")
    os.environ["REPORT_PDF_DIR"] = str(folder)
    yield
    pdf.server_stop(folder)
    if previous is None:
        os.environ.pop("REPORT_PDF_DIR", None)
    else:
        os.environ["REPORT_PDF_DIR"] = previous
