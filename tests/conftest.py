"""Shared fixtures: the Thái Nguyên data loaded once per test database, and the personas.

Personas (DESIGN.md, healthchecks' BaseTestCase): the provincial coordinator (Sở Khoa học và
Công nghệ), a leader, an officer and an approver of Sở Y tế, an officer of another department
(Sở Tài chính) who must be refused Sở Y tế's data, a commune officer (phường Phan Đình Phùng),
an administrator, and the public (anonymous).
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Shared machines are noisy: a property test is judged on its examples, never on its timing.
hypothesis_settings.register_profile("dxtrack", deadline=None, print_blob=True)
hypothesis_settings.load_profile("dxtrack")

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "thai-nguyen"


def demo_documents() -> list[dict]:
    from dxtrack.registry.demo_data import demo_documents as documents

    return documents()


def load_thai_nguyen() -> None:
    from dxtrack.registry.demo_data import load_demo

    load_demo(log=lambda message: None)


def pytest_configure(config):
    """WhiteNoise warns on every request when collectstatic never ran; tests do not need it."""
    from django.conf import settings

    if settings.configured:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_thai_nguyen()


@dataclass
class Personas:
    admin: object
    coordinator: object
    leader: object
    reporter_soyte: object
    approver_soyte: object
    reporter_taichinh: object
    reporter_commune: object


def make_user(username: str, role: str | None, unit_code: str | None = None, **extra):
    from django.contrib.auth import get_user_model

    from dxtrack.registry.models import Role, Unit

    # No password: tests log in with force_login, and hashing one (PBKDF2) costs ~0.3 s a user.
    user = get_user_model().objects.create_user(
        username=username, password=None, email=f"{username}@example.invalid", **extra
    )
    if role:
        unit = Unit.objects.get(code=unit_code) if unit_code else None
        Role.objects.create(user=user, name=role, unit=unit)
    return user


def commune_code(name: str) -> str:
    from dxtrack.registry.models import Unit

    return Unit.objects.get(kind="commune", name=name).code


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
