"""`dxtrack demo` refuses to run where it could harm a real installation (issue 12): it creates
well-known accounts (admin / demo) and simulated history, so it refuses a production configuration
(DEBUG off without DXTRACK_DEMO=1) and a database holding anyone else's accounts or writes."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from dxtrack.core.demo_guard import require_demo_database
from dxtrack.core.models import AuditLog

pytestmark = pytest.mark.django_db

DEMO_USERS = ["admin", "coordinator", "reporter-soyte", "approver-soyte"]


@pytest.fixture
def demo_allowed(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("DXTRACK_DEMO", "1")


def test_it_refuses_a_production_configuration(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("DXTRACK_DEMO", raising=False)
    with pytest.raises(CommandError, match="DEBUG đang tắt.*DXTRACK_DEMO=1"):
        require_demo_database(demo_usernames=DEMO_USERS)


def test_debug_on_is_a_development_machine(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("DXTRACK_DEMO", raising=False)
    require_demo_database(demo_usernames=DEMO_USERS)


def test_the_loaded_documents_and_the_demo_accounts_are_demo_data(demo_allowed):
    """The Thái Nguyên documents (loaded by commands), the demo's own accounts and what they
    wrote: the demo may run again over them."""
    get_user_model().objects.create_user("admin")
    AuditLog.objects.create(actor_name="reporter-soyte (api)", action="observation.submit")
    AuditLog.objects.create(actor_name="dxtrack token", action="token.create")
    require_demo_database(demo_usernames=DEMO_USERS)


def test_it_refuses_a_database_with_real_accounts(demo_allowed, personas):
    with pytest.raises(CommandError, match="dữ liệu thật.*coordinator-t"):
        require_demo_database(demo_usernames=DEMO_USERS)


def test_it_refuses_a_database_where_real_people_wrote(demo_allowed):
    """The accounts may be gone, their audit rows stay (actor_name)."""
    AuditLog.objects.create(actor_name="nguyen.van.a (web)", action="observation.submit")
    with pytest.raises(CommandError, match="1 dòng nhật ký"):
        require_demo_database(demo_usernames=DEMO_USERS)


def test_the_demo_command_refuses_before_creating_its_accounts(settings, monkeypatch, personas):
    settings.DEBUG = False
    monkeypatch.setenv("DXTRACK_DEMO", "1")
    with pytest.raises(CommandError, match="dữ liệu thật"):
        call_command("demo", "--no-serve")
    assert not get_user_model().objects.filter(username="admin").exists()
