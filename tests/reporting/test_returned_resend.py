"""A returned item goes back to the coordinator only when the unit edited it or explained it:
"Gửi tất cả" skips the returned items nobody touched, and sending one alone asks for the
explanation. From Sở Y tế's reporter."""

import pytest
from django.core.exceptions import PermissionDenied

from dxtrack.core.models import ReviewState
from dxtrack.reporting import services
from dxtrack.reporting.models import Observation, TaskUpdate
from dxtrack.reporting.services import TaskUpdateData
from tests.helpers import value_sent_by_reporter, workspace_url

pytestmark = pytest.mark.django_db

COMMENT = "Chênh lệch lớn so với quý trước, đề nghị giải trình"


def returned_value(setup, value: str = "40") -> Observation:
    """Sở Y tế's value, sent, signed off by its leader and returned by the coordinator."""
    sent = value_sent_by_reporter(setup, value=value)
    approved = services.item_approve(acting_user=setup.p.approver_soyte, item=sent)
    returned = services.item_return(acting_user=setup.p.coordinator, item=approved, comment=COMMENT)
    assert returned.state == ReviewState.RETURNED
    return returned


def send_all(setup, client_as):
    response = client_as(setup.p.reporter_soyte).post(workspace_url(setup) + "gui/", follow=True)
    return response.content.decode()


def state_of(obs: Observation) -> str:
    obs.refresh_from_db()
    return obs.state


def test_send_all_skips_a_returned_value_nobody_changed_and_says_so(setup, client_as):
    returned = returned_value(setup)
    page = send_all(setup, client_as)
    assert state_of(returned) == ReviewState.RETURNED
    assert "1 mục bị trả lại chưa sửa, chưa gửi lại" in page


def test_send_all_still_sends_the_drafts_next_to_an_unchanged_returned_value(setup, client_as):
    returned = returned_value(setup)
    draft = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_count, value="12"
    )
    page = send_all(setup, client_as)
    assert state_of(draft) == ReviewState.PENDING_APPROVAL
    assert state_of(returned) == ReviewState.RETURNED
    assert "Đã gửi 1 mục" in page


def test_send_all_sends_a_returned_value_once_it_is_edited(setup, client_as):
    returned = returned_value(setup)
    services.observation_save(
        acting_user=setup.p.reporter_soyte,
        assignment=setup.a_percent,
        value="38",
        version=returned.version,
    )
    page = send_all(setup, client_as)
    assert state_of(returned) == ReviewState.PENDING_APPROVAL
    assert "chưa sửa" not in page


def test_send_all_sends_a_returned_value_once_explained_with_the_same_figure(setup, client_as):
    returned = returned_value(setup)
    services.observation_save(
        acting_user=setup.p.reporter_soyte,
        assignment=setup.a_percent,
        value="40",
        note="Số liệu đúng: năm nay bổ sung 3 bệnh viện tuyến huyện",
        version=returned.version,
    )
    send_all(setup, client_as)
    assert state_of(returned) == ReviewState.PENDING_APPROVAL


def test_a_save_with_nothing_changed_does_not_count_as_a_change(setup, client_as):
    returned = returned_value(setup)
    services.observation_save(
        acting_user=setup.p.reporter_soyte,
        assignment=setup.a_percent,
        value="40,0",
        version=returned.version,
    )
    send_all(setup, client_as)
    assert state_of(returned) == ReviewState.RETURNED


def test_sending_an_unchanged_returned_value_alone_asks_for_the_explanation(setup):
    returned = returned_value(setup)
    with pytest.raises(services.ReportingError) as refused:
        services.observation_submit(
            acting_user=setup.p.reporter_soyte, observation=returned, version=returned.version
        )
    assert "ghi chú giải trình" in refused.value.message
    assert "ghi chú giải trình" in refused.value.errors["note"][0]
    assert state_of(returned) == ReviewState.RETURNED


def test_saving_and_sending_the_same_returned_value_on_its_page_asks_for_the_explanation(
    setup, client_as
):
    returned = returned_value(setup)
    response = client_as(setup.p.reporter_soyte).post(
        workspace_url(setup) + f"chi-so/{setup.percent.pk}/",
        {"value": "40", "note": "", "version": returned.version, "action": "submit"},
    )
    assert response.status_code == 400
    assert "ghi chú giải trình" in response.content.decode()
    assert state_of(returned) == ReviewState.RETURNED


def test_a_returned_value_with_its_explanation_is_sent_from_its_page(setup, client_as):
    returned = returned_value(setup)
    response = client_as(setup.p.reporter_soyte).post(
        workspace_url(setup) + f"chi-so/{setup.percent.pk}/",
        {
            "value": "40",
            "note": "Đã đối chiếu, số liệu đúng",
            "version": returned.version,
            "action": "submit",
        },
    )
    assert response.status_code == 302
    assert state_of(returned) == ReviewState.PENDING_APPROVAL


def test_a_returned_task_update_goes_again_only_when_changed(setup):
    reporter = setup.p.reporter_soyte
    data = TaskUpdateData(progress="in_progress", percent_done="30", narrative="Đang triển khai")
    sent = services.task_update_save(
        acting_user=reporter, assignment=setup.a_task, data=data, submit=True
    )
    approved = services.item_approve(acting_user=setup.p.approver_soyte, item=sent)
    returned = services.item_return(acting_user=setup.p.coordinator, item=approved, comment=COMMENT)
    with pytest.raises(services.ReportingError):
        services.task_update_submit(acting_user=reporter, update=returned, version=returned.version)
    data.percent_done = "35"
    services.task_update_save(
        acting_user=reporter, assignment=setup.a_task, data=data, version=returned.version
    )
    sent_again, problems = services.unit_submit_all(
        acting_user=reporter, rnd=setup.round, unit=setup.soyte
    )
    assert (sent_again, problems) == (1, [])
    assert TaskUpdate.objects.get(pk=returned.pk).state == ReviewState.PENDING_APPROVAL


def test_another_departments_officer_still_cannot_send_the_returned_value(setup, personas):
    returned = returned_value(setup)
    with pytest.raises(PermissionDenied):
        services.unit_submit_all(
            acting_user=personas.reporter_taichinh, rnd=setup.round, unit=setup.soyte
        )
    with pytest.raises(PermissionDenied):
        services.observation_submit(
            acting_user=personas.reporter_taichinh, observation=returned, version=returned.version
        )
    assert state_of(returned) == ReviewState.RETURNED
