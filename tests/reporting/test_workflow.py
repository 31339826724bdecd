"""The item's life in one table (reporting/workflow.py): every write path goes through it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from dxtrack.core.models import AuditLog, ReviewState
from dxtrack.reporting import hooks, services, workflow
from dxtrack.reporting.models import Assignment, Notice
from dxtrack.reporting.workflow import TABLE, Transition

pytestmark = pytest.mark.django_db


def test_the_table_names_every_transition_and_reaches_every_state():
    assert set(TABLE) == set(Transition)
    reached = {step.target for step in TABLE.values() if step.target is not None}
    reached |= {ReviewState.PENDING_APPROVAL, ReviewState.SUBMITTED}  # a send's two targets
    assert reached | {ReviewState.DRAFT} == set(ReviewState)
    assert not any(ReviewState.ACCEPTED in step.sources for step in TABLE.values())


def test_a_save_is_not_a_transition_of_an_existing_item(setup):
    obs = services.observation_save(
        acting_user=setup.p.reporter_commune, assignment=setup.c_percent, value="10"
    )
    with pytest.raises(ValueError):
        workflow.item_transition(
            acting_user=setup.p.reporter_commune, item=obs, transition=Transition.SAVE
        )


def test_an_accept_runs_the_evaluation_hook_once(setup, personas, monkeypatch):
    heard = []
    monkeypatch.setattr(hooks, "_accepted", [*hooks._accepted, lambda *, item: heard.append(item)])
    obs = services.observation_save(
        acting_user=setup.p.reporter_commune, assignment=setup.c_percent, value="10", submit=True
    )
    assert obs.state == ReviewState.SUBMITTED
    accepted = workflow.item_transition(
        acting_user=personas.coordinator,
        item=obs,
        transition=Transition.ACCEPT,
        version=obs.version,
    )
    assert accepted.state == ReviewState.ACCEPTED and heard == [accepted]
    assert AuditLog.objects.filter(action="observation.accept", object_id=str(obs.pk)).count() == 1


def test_a_return_tells_the_unit_where_to_correct_it(setup, personas):
    obs = services.observation_save(
        acting_user=setup.p.reporter_commune, assignment=setup.c_percent, value="10", submit=True
    )
    services.item_return(acting_user=personas.coordinator, item=obs, comment="Thiếu nguồn")
    notice = Notice.objects.get(user=setup.p.reporter_commune)
    assert notice.url == f"/bao-cao/ky/{setup.round.pk}/don-vi/{setup.commune.code}/"
    assert notice.text.startswith("Mục bị trả lại:") and notice.text.endswith("Thiếu nguồn")


@pytest.fixture
def waiting(setup):
    """Only Sở Y tế owes anything, and its reporter's value waits for its leader."""
    Assignment.objects.filter(round=setup.round).exclude(unit=setup.soyte).delete()
    services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="40", submit=True
    )
    return setup


def test_the_leaders_reminder_names_the_coordinator_of_the_settings(waiting):
    day = waiting.round.due_date - timedelta(days=30)
    with override_settings(REPORTING_COORDINATOR_UNIT=waiting.commune.code):
        assert services.reminders_send(today=day) == 1
    assert f"để gửi {waiting.commune.name};" in mail.outbox[0].body


def test_the_reminders_are_translated(waiting):
    day = waiting.round.due_date - timedelta(days=30)
    with translation.override("en"):
        services.reminders_send(today=day)
    assert mail.outbox[0].subject.startswith("[dxtrack] Reports awaiting the unit leader")
    assert "Enter and send your figures at: http" in mail.outbox[0].body
