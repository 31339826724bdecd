"""Separation of duties in the admin (issue 12): only an administrator gives roles, and nobody
changes their own; a task's units changed in the admin are audited before → after.

Before: the demo's coordinator held every registry admin permission, `Role` included, so they
made themselves Sở Y tế's approver, signed off a value, switched back and accepted it.
"""

import pytest
from django.contrib.auth.models import Permission

from dxtrack.core.models import AuditLog
from dxtrack.registry.models import Role, Task, TaskUnit, Unit
from tests.helpers import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_with_every_registry_permission(personas):
    """The coordinator as the demo made them before: staff, every registry admin permission."""
    user = personas.coordinator
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="registry"))
    return user


def role_post(client, role: Role, **changes):
    return client.post(
        f"/quan-tri/registry/role/{role.pk}/change/",
        {"user": role.user_id, "name": role.name, "unit": role.unit_id or "", **changes},
    )


def test_the_coordinator_cannot_make_themselves_a_units_approver(
    personas, client_as, coordinator_with_every_registry_permission
):
    coordinator = coordinator_with_every_registry_permission
    own = coordinator.dx_role
    soyte = Unit.objects.get(code="so-y-te")
    client = client_as(coordinator)
    response = role_post(client, own, name="approver", unit=soyte.pk)
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.name == "coordinator" and own.unit.code == "so-khoa-hoc-va-cong-nghe"
    assert not AuditLog.objects.filter(action="role.admin_update").exists()


def test_the_coordinator_cannot_give_change_or_remove_anyones_role(
    personas, client_as, coordinator_with_every_registry_permission
):
    client = client_as(coordinator_with_every_registry_permission)
    reporter_role = personas.reporter_soyte.dx_role
    assert role_post(client, reporter_role, name="approver").status_code == 403
    assert (
        client.post(
            f"/quan-tri/registry/role/{reporter_role.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    response = client.post(
        "/quan-tri/registry/role/add/",
        {
            "user": personas.admin.pk,
            "name": "approver",
            "unit": Unit.objects.get(code="so-y-te").pk,
        },
    )
    assert response.status_code == 403
    reporter_role.refresh_from_db()
    assert reporter_role.name == "reporter"
    assert not Role.objects.filter(user=personas.admin).exists()
    # They still see who holds which role.
    assert client.get("/quan-tri/registry/role/").status_code == 200


def test_an_administrator_gives_roles_but_never_changes_their_own(personas, client_as):
    admin = personas.admin
    client = client_as(admin)
    reporter_role = personas.reporter_soyte.dx_role
    assert role_post(client, reporter_role, name="approver").status_code == 302
    reporter_role.refresh_from_db()
    assert reporter_role.name == "approver"
    row = AuditLog.objects.get(action="role.admin_update", object_id=str(reporter_role.pk))
    assert (row.before, row.after) == ({"name": "reporter"}, {"name": "approver"})

    # Their own role: not given, not changed, not removed, not even by taking another's row.
    soyte = Unit.objects.get(code="so-y-te").pk
    response = client.post(
        "/quan-tri/registry/role/add/", {"user": admin.pk, "name": "approver", "unit": soyte}
    )
    assert response.status_code == 200 and "tự thay đổi vai trò" in response.content.decode()
    assert not Role.objects.filter(user=admin).exists()
    response = role_post(client, reporter_role, user=admin.pk)
    assert response.status_code == 200 and "tự thay đổi vai trò" in response.content.decode()
    own = Role.objects.create(user=admin, name="coordinator")
    assert role_post(client, own, name="approver", unit=soyte).status_code == 403
    assert (
        client.post(f"/quan-tri/registry/role/{own.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    response = client.post(
        "/quan-tri/registry/role/",
        {"action": "delete_selected", "_selected_action": [own.pk], "post": "yes"},
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.name == "coordinator"


def test_a_tasks_units_changed_in_the_admin_are_audited_before_and_after(personas, client_as):
    task = Task.objects.filter(task_units__role="lead").order_by("pk").first()
    lead = task.task_units.get(role="lead")
    old_code = lead.unit.code
    new_unit = Unit.objects.exclude(pk__in=task.task_units.values("unit")).get(code="so-y-te")
    client = client_as(personas.admin)
    url = f"/quan-tri/registry/task/{task.pk}/change/"
    data = admin_form_data(client.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("task_units-") and key.endswith("-id") and value == str(lead.pk)
    )
    data[f"task_units-{index}-unit"] = str(new_unit.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert TaskUnit.objects.get(pk=lead.pk).unit == new_unit

    row = AuditLog.objects.get(action="task.admin_update", object_id=str(task.pk))
    assert row.actor == personas.admin
    assert {"unit": old_code, "role": "lead", "written_name": lead.written_name} in row.before[
        "units"
    ]
    assert {"unit": "so-y-te", "role": "lead", "written_name": lead.written_name} in row.after[
        "units"
    ]
    assert {"unit": old_code, "role": "lead", "written_name": lead.written_name} not in row.after[
        "units"
    ]
