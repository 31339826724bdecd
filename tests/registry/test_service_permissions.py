"""Registry services check who acts before they write, as reporting's services do: a page or a
command that forgets its own check still cannot change the registry."""

import copy

import pytest
from django.core.exceptions import PermissionDenied

from dxtrack.core.models import AuditLog
from dxtrack.registry.models import Program
from dxtrack.registry.services import (
    program_load_extraction,
    program_publish,
    program_unpublish,
    units_load_registry,
)
from tests.helpers import SAMPLE_PLAN


def _draft(acting_user=None) -> Program:
    return program_load_extraction(
        data=copy.deepcopy(SAMPLE_PLAN), source_text="", acting_user=acting_user
    ).program


@pytest.mark.parametrize("who", ["reporter_soyte", "approver_soyte", "leader", "reporter_commune"])
def test_only_the_coordinator_or_an_admin_loads_a_plan(personas, who):
    with pytest.raises(PermissionDenied):
        _draft(getattr(personas, who))
    assert not Program.objects.filter(number=SAMPLE_PLAN["document"]["number"]).exists()


def test_the_coordinator_loads_publishes_and_unpublishes(personas):
    program = _draft(personas.coordinator)
    program_publish(program=program, acting_user=personas.coordinator)
    program_unpublish(program=program, acting_user=personas.admin)
    actions = list(
        AuditLog.objects.filter(object_id=str(program.pk)).values_list("action", "actor_name")
    )
    assert ("program.publish", "coordinator-t") in actions
    assert ("program.unpublish", "admin-t") in actions


@pytest.mark.parametrize("who", ["reporter_soyte", "leader"])
def test_other_personas_cannot_publish_or_unpublish(personas, who):
    program = _draft()
    with pytest.raises(PermissionDenied):
        program_publish(program=program, acting_user=getattr(personas, who))
    program.refresh_from_db()
    assert not program.is_published
    program_publish(program=program, acting_user=None)  # the command line
    with pytest.raises(PermissionDenied):
        program_unpublish(program=program, acting_user=getattr(personas, who))
    program.refresh_from_db()
    assert program.is_published


def test_a_reporter_cannot_rewrite_the_unit_registry(personas):
    with pytest.raises(PermissionDenied):
        units_load_registry(data={"units": []}, acting_user=personas.reporter_taichinh)
