"""The demo's coordinator keeps what they could do in the admin when values moved to reporting."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from dxtrack.registry.management.commands.demo import Command

pytestmark = pytest.mark.django_db


def test_the_demo_coordinator_edits_the_registry_and_values_but_not_rounds():
    Command(stdout=StringIO()).create_accounts()
    coordinator = get_user_model().objects.get(username="coordinator")
    assert coordinator.has_perm("registry.change_unit")
    assert coordinator.has_perm("reporting.change_observation")  # a value's correction
    assert not coordinator.has_perm("reporting.change_round")  # rounds: the audited pages only
    reporter = get_user_model().objects.get(username="reporter-soyte")
    assert not reporter.has_perm("reporting.change_observation")


def test_the_demo_coordinator_sees_roles_but_does_not_give_them():
    """Separation of duties (issue 12): a coordinator who gave roles made themselves a unit's
    approver, signed off a value and accepted it. Only an administrator gives roles."""
    command = Command(stdout=StringIO())
    command.create_accounts()
    coordinator = get_user_model().objects.get(username="coordinator")
    assert coordinator.has_perm("registry.view_role")
    for codename in ("add_role", "change_role", "delete_role"):
        assert not coordinator.has_perm(f"registry.{codename}")
    assert coordinator.has_perm("registry.change_task") and coordinator.has_perm(
        "registry.change_indicator"
    )
    # A database made by an earlier demo loses them too.
    coordinator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="registry", codename__endswith="_role")
    )
    command.grant_registry_admin(coordinator)
    coordinator = get_user_model().objects.get(username="coordinator")
    assert not coordinator.has_perm("registry.change_role")
