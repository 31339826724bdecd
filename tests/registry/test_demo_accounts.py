"""The demo's coordinator keeps what they could do in the admin when values moved to reporting."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model

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
