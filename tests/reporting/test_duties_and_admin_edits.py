"""Issue 12: nobody both signs off an item for the unit and accepts it; a value corrected in the
admin is versioned, kept in its history and audited; the review forms follow no `next` off the
site; a removed evidence file leaves the disk.

Sở Y tế's reporter sends, its leader (`approver_soyte`) signs off, Sở KH&CN's coordinator
accepts. The attack of the review: the leader's account made coordinator after signing off.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from dxtrack.core import permissions
from dxtrack.core.models import AuditLog
from dxtrack.registry.management.commands.demo import Command
from dxtrack.registry.models import Role, Unit
from dxtrack.reporting import services
from dxtrack.reporting.models import Evidence, Observation, ValueRevision
from tests.helpers import PDF, admin_form_data, value_sent_by_reporter

pytestmark = pytest.mark.django_db

TWO_PEOPLE = "hai người khác nhau"


def approved_by_leader(setup) -> Observation:
    obs = value_sent_by_reporter(setup)
    return services.item_approve(acting_user=setup.p.approver_soyte, item=obs, version=obs.version)


def made_coordinator(user):
    """The user's role switched to Sở KH&CN's coordinator (as the coordinator did in the admin)."""
    Role.objects.filter(user=user).update(
        name="coordinator", unit=Unit.objects.get(code="so-khoa-hoc-va-cong-nghe")
    )
    return type(user).objects.get(pk=user.pk)


# -- separation of duties ---------------------------------------------------------------------------


def test_the_leader_who_signed_off_cannot_accept_after_becoming_coordinator(setup):
    obs = approved_by_leader(setup)
    switched = made_coordinator(setup.p.approver_soyte)
    assert permissions.can_review_rounds(switched)
    with pytest.raises(PermissionDenied, match=TWO_PEOPLE):
        services.item_accept(acting_user=switched, item=obs, version=obs.version)
    obs.refresh_from_db()
    assert obs.state == "submitted"
    assert not AuditLog.objects.filter(action="observation.accept").exists()
    # Another person of the coordinator accepts it.
    services.item_accept(acting_user=setup.p.coordinator, item=obs, version=obs.version)
    obs.refresh_from_db()
    assert obs.state == "accepted"


def test_the_rule_holds_for_a_user_with_both_powers_at_once(setup, monkeypatch):
    obs = approved_by_leader(setup)
    leader = setup.p.approver_soyte
    # Both the unit's sign-off and the coordinator's review: the rule is not the roles' doing.
    monkeypatch.setattr(
        permissions, "can_review_rounds", lambda user: user.pk == leader.pk or user.is_superuser
    )
    assert permissions.can_approve_for(leader, setup.soyte)
    with pytest.raises(PermissionDenied, match=TWO_PEOPLE):
        services.item_accept(acting_user=leader, item=obs, version=obs.version)
    obs.refresh_from_db()
    assert obs.state == "submitted"


def test_the_leader_who_sent_the_value_directly_cannot_accept_it(setup):
    obs = services.observation_save(
        acting_user=setup.p.approver_soyte, assignment=setup.a_percent, value="40", submit=True
    )
    assert obs.state == "submitted"
    switched = made_coordinator(setup.p.approver_soyte)
    with pytest.raises(PermissionDenied, match=TWO_PEOPLE):
        services.item_accept(acting_user=switched, item=obs, version=obs.version)


def test_the_review_page_refuses_the_accept_in_words(setup, client_as):
    obs = approved_by_leader(setup)
    switched = made_coordinator(setup.p.approver_soyte)
    response = client_as(switched).post(
        f"/bao-cao/duyet/so-lieu/{obs.pk}/", {"decision": "accept", "version": obs.version}
    )
    assert response.status_code == 403 and TWO_PEOPLE in response.content.decode()
    obs.refresh_from_db()
    assert obs.state == "submitted"


# -- a value corrected in the admin ----------------------------------------------------------------


def test_a_value_corrected_in_the_admin_is_versioned_kept_and_audited(setup, client_as):
    obs = approved_by_leader(setup)
    coordinator = setup.p.coordinator
    coordinator.is_staff = True
    coordinator.save()
    Command().grant_registry_admin(coordinator)
    client = client_as(type(coordinator).objects.get(pk=coordinator.pk))
    url = f"/quan-tri/reporting/observation/{obs.pk}/change/"
    data = admin_form_data(client.get(url))
    # The old form's workflow columns posted too: a state set by hand is not an accept.
    data.update(value="55", state="accepted", version=str(obs.version), flags="[]")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    stored = Observation.objects.get(pk=obs.pk)
    assert stored.value == 55
    assert stored.state == "submitted"  # only the accept path accepts
    assert stored.version == obs.version + 1
    revision = ValueRevision.objects.filter(observation=obs).latest("pk")
    assert (revision.version, revision.action, revision.via) == (
        obs.version + 1,
        "admin_update",
        "admin",
    )
    assert revision.actor == coordinator and revision.data["value"] == 55
    row = AuditLog.objects.get(action="observation.admin_update", object_id=str(obs.pk))
    assert row.actor == coordinator
    assert (row.before["value"], row.after["value"]) == (40, 55)
    assert (row.before["version"], row.after["version"]) == (obs.version, obs.version + 1)
    assert "state" not in row.after


# -- no redirect off the site -------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil.example"])
def test_the_review_forms_follow_no_next_off_the_site(setup, client_as, target):
    sent = value_sent_by_reporter(setup)
    response = client_as(setup.p.approver_soyte).post(
        f"/bao-cao/duyet-don-vi/so-lieu/{sent.pk}/",
        {"decision": "approve", "version": sent.version, "next": target},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"] and response["Location"].startswith("/bao-cao/")
    sent.refresh_from_db()
    response = client_as(setup.p.coordinator).post(
        f"/bao-cao/duyet/so-lieu/{sent.pk}/",
        {"decision": "return", "comment": "Sai", "version": sent.version, "next": target},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"] and response["Location"].startswith("/bao-cao/")


def test_the_review_forms_still_go_back_to_the_page_of_the_site(setup, client_as):
    sent = value_sent_by_reporter(setup)
    response = client_as(setup.p.approver_soyte).post(
        f"/bao-cao/duyet-don-vi/so-lieu/{sent.pk}/",
        {"decision": "approve", "version": sent.version, "next": "/bao-cao/?x=1"},
    )
    assert response.status_code == 302 and response["Location"] == "/bao-cao/?x=1"


# -- evidence removed --------------------------------------------------------------------------------


def draft_with_evidence(setup, assignment, content: bytes = PDF):
    obs = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=assignment, value="40"
    )
    evidence = services.evidence_attach(
        acting_user=setup.p.reporter_soyte, item=obs, name="bien-ban.pdf", content=content
    )
    return obs, evidence


def test_a_removed_evidence_file_leaves_the_disk(setup, django_capture_on_commit_callbacks):
    _, evidence = draft_with_evidence(setup, setup.a_percent)
    path, pk = Path(settings.MEDIA_ROOT) / evidence.file.name, evidence.pk
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(acting_user=setup.p.reporter_soyte, evidence=evidence)
    assert not path.exists()
    assert not Evidence.objects.filter(pk=pk).exists()
    row = AuditLog.objects.get(action="evidence.remove", object_id=str(pk))
    assert row.before["file"] == evidence.file.name and row.after == {"file_deleted": True}
    assert "đã xoá" in row.comment


def test_a_file_another_evidence_holds_stays(setup, django_capture_on_commit_callbacks):
    _, first = draft_with_evidence(setup, setup.a_percent)
    _, second = draft_with_evidence(setup, setup.a_count)
    assert first.file.name == second.file.name  # stored once per content
    path, pk = Path(settings.MEDIA_ROOT) / first.file.name, first.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(acting_user=setup.p.reporter_soyte, evidence=first)
    assert path.exists()
    row = AuditLog.objects.get(action="evidence.remove", object_id=str(pk))
    assert row.after == {"file_deleted": False} and "giữ" in row.comment
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(acting_user=setup.p.reporter_soyte, evidence=second)
    assert not path.exists()


def test_a_refused_removal_keeps_the_file(setup, django_capture_on_commit_callbacks):
    obs, evidence = draft_with_evidence(setup, setup.a_percent)
    services.observation_submit(
        acting_user=setup.p.reporter_soyte, observation=obs, version=obs.version
    )
    path = Path(settings.MEDIA_ROOT) / evidence.file.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.Locked):
        services.evidence_remove(
            acting_user=setup.p.reporter_soyte, evidence=Evidence.objects.get(pk=evidence.pk)
        )
    assert path.exists()
