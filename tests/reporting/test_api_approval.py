"""The unit's leader signs off through the write API (an agency's own system, its leader's token).

`POST /api/v1/observations/<id>/approve/` and `/return/`, the same for `/api/v1/task-updates/<id>/`:
Sở Y tế's reporter sends (→ `pending_approval`), its leader's token (`approver_soyte`) approves
(→ `submitted`, the coordinator's) or returns with a comment (→ `draft`, back to the reporter).
Everything else is refused as on the web: a reporter's token, another unit's leader (403), an
unknown item (404), a stale version, a closed round, an item not waiting for the leader (409).
"""

import pytest
from rest_framework.test import APIClient

from dxtrack.core.models import AuditLog
from dxtrack.reporting import services
from dxtrack.reporting.models import IdempotencyKey, Notice, Observation, TaskUpdate, ValueRevision
from tests.helpers import OBSERVATION_FIELDS, api_client, value_sent_by_reporter

pytestmark = pytest.mark.django_db

OBS_KEYS = {
    *OBSERVATION_FIELDS,
    "version",
    "note",
    "round",
    "flags",
    "review_comment",
}
TU_KEYS = {
    "id",
    "task",
    "unit_code",
    "period",
    "progress",
    "percent_done",
    "narrative",
    "difficulties",
    "proposals",
    "expected_completion",
    "completed_on",
    "disbursed",
    "state",
    "version",
    "round",
    "submitted_by",
    "submitted_at",
    "evidence",
    "review_comment",
}


def task_update_sent_by_reporter(setup) -> TaskUpdate:
    data = services.TaskUpdateData(
        progress="in_progress", percent_done=40, narrative="Đang triển khai"
    )
    return services.task_update_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_task, data=data, submit=True
    )


def decide(client, item, verb: str, **body):
    kind = "observations" if isinstance(item, Observation) else "task-updates"
    body.setdefault("version", item.version)
    headers = {}
    if "key" in body:
        headers["HTTP_IDEMPOTENCY_KEY"] = body.pop("key")
    return client.post(f"/api/v1/{kind}/{item.pk}/{verb}/", body, format="json", **headers)


# -- the leader decides ------------------------------------------------------------------------


def test_the_approver_approves_a_reporters_value_and_it_reaches_the_coordinator(setup):
    obs = value_sent_by_reporter(setup)
    assert obs.state == "pending_approval"
    response = decide(api_client(setup.p.approver_soyte), obs, "approve")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert set(data) == OBS_KEYS
    assert (data["id"], data["state"], data["version"]) == (obs.pk, "submitted", obs.version + 1)
    assert data["submitted_by"] == setup.p.approver_soyte.username and data["submitted_at"]
    obs.refresh_from_db()
    assert obs.state == "submitted" and obs.submitted_by == setup.p.approver_soyte
    assert obs.first_submitted_at is not None
    # The coordinator reviews it as any other submitted value.
    services.item_accept(acting_user=setup.p.coordinator, item=obs)
    obs.refresh_from_db()
    assert obs.state == "accepted"


def test_the_approver_returns_a_value_to_the_reporter_with_a_comment(setup):
    obs = value_sent_by_reporter(setup)
    comment = "Đề nghị đối chiếu với số liệu của Trung tâm Kiểm soát bệnh tật"
    response = decide(api_client(setup.p.approver_soyte), obs, "return", comment=comment)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["state"], data["review_comment"], data["submitted_by"]) == ("draft", comment, None)
    # The reporter is told, reads the comment through the API, corrects and sends again.
    assert Notice.objects.filter(
        user=setup.p.reporter_soyte, text__contains="Trung tâm Kiểm soát"
    ).exists()
    reporter = api_client(setup.p.reporter_soyte)
    listing = reporter.get(
        f"/api/v1/indicators/{setup.percent.pk}/observations/?unit_code=so-y-te"
    ).json()
    assert listing["results"][0]["review_comment"] == comment
    again = reporter.post(
        "/api/v1/observations/",
        {
            "indicator": setup.percent.pk,
            "unit_code": "so-y-te",
            "period": "2026Q4",
            "value": 38,
            "version": data["version"],
        },
        format="json",
    )
    assert again.status_code == 200 and again.json()["state"] == "pending_approval"


def test_a_task_update_is_returned_then_approved_through_the_api(setup):
    update = task_update_sent_by_reporter(setup)
    assert update.state == "pending_approval"
    client = api_client(setup.p.approver_soyte)
    response = decide(client, update, "return", comment="Bổ sung kết quả cụ thể")
    assert response.status_code == 200, response.json()
    assert set(response.json()) == TU_KEYS
    assert (response.json()["state"], response.json()["review_comment"]) == (
        "draft",
        "Bổ sung kết quả cụ thể",
    )
    update = services.task_update_submit(
        acting_user=setup.p.reporter_soyte,
        update=TaskUpdate.objects.get(pk=update.pk),
        version=response.json()["version"],
    )
    response = decide(client, update, "approve")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert response.json()["submitted_by"] == setup.p.approver_soyte.username
    assert [r.action for r in ValueRevision.objects.filter(task_update=update)] == [
        "send_for_approval",
        "unit_return",
        "send_for_approval",
        "approve",
    ]


# -- who is refused -------------------------------------------------------------------------------


def test_a_reporters_token_is_refused_with_403(setup):
    obs, update = value_sent_by_reporter(setup), task_update_sent_by_reporter(setup)
    client = api_client(setup.p.reporter_soyte)
    for item in (obs, update):
        assert decide(client, item, "approve").status_code == 403
        response = decide(client, item, "return", comment="x")
        assert response.status_code == 403 and "lãnh đạo của đơn vị" in response.json()["detail"]
    obs.refresh_from_db()
    update.refresh_from_db()
    assert obs.state == update.state == "pending_approval"
    assert not AuditLog.objects.filter(
        action__in=[
            "observation.approve",
            "observation.unit_return",
            "task_update.approve",
            "task_update.unit_return",
        ]
    ).exists()


def test_an_approver_of_another_unit_is_refused_with_403(setup, approver_taichinh):
    obs, update = value_sent_by_reporter(setup), task_update_sent_by_reporter(setup)
    client = api_client(approver_taichinh)
    for item in (obs, update):
        assert decide(client, item, "approve").status_code == 403
        assert decide(client, item, "return", comment="x").status_code == 403
    obs.refresh_from_db()
    assert (obs.state, obs.version) == ("pending_approval", 1)


def test_the_coordinators_session_is_refused_with_403(setup, client_as):
    obs = value_sent_by_reporter(setup)
    client = client_as(setup.p.coordinator)
    response = client.post(
        f"/api/v1/observations/{obs.pk}/approve/",
        {"version": obs.version},
        content_type="application/json",
    )
    assert response.status_code == 403
    obs.refresh_from_db()
    assert obs.state == "pending_approval"


def test_no_token_gets_401(setup):
    obs = value_sent_by_reporter(setup)
    response = APIClient().post(
        f"/api/v1/observations/{obs.pk}/approve/", {"version": 1}, format="json"
    )
    assert response.status_code == 401


def test_an_unknown_item_gets_404(setup):
    client = api_client(setup.p.approver_soyte)
    for kind in ("observations", "task-updates"):
        response = client.post(f"/api/v1/{kind}/999999/approve/", {"version": 1}, format="json")
        assert response.status_code == 404 and response.json()["detail"] == "Không tìm thấy."


# -- conflicts and bad bodies ------------------------------------------------------------------------


def test_a_stale_version_gets_409(setup):
    obs = value_sent_by_reporter(setup)
    response = decide(api_client(setup.p.approver_soyte), obs, "approve", version=obs.version - 1)
    assert response.status_code == 409 and "người khác cập nhật" in response.json()["detail"]
    obs.refresh_from_db()
    assert (obs.state, obs.version) == ("pending_approval", 1)


def test_an_item_not_waiting_for_the_leader_gets_409(setup):
    draft = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_count, value="3"
    )
    response = decide(api_client(setup.p.approver_soyte), draft, "approve")
    assert (
        response.status_code == 409
        and "đang chờ lãnh đạo đơn vị duyệt" in response.json()["detail"]
    )
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_a_closed_round_gets_409(setup):
    obs = value_sent_by_reporter(setup)
    services.round_close(acting_user=setup.p.coordinator, rnd=setup.round)
    response = decide(api_client(setup.p.approver_soyte), obs, "approve")
    assert response.status_code == 409 and "đã khoá" in response.json()["detail"]


def test_a_return_without_a_comment_gets_400_with_a_field_error(setup):
    obs = value_sent_by_reporter(setup)
    client = api_client(setup.p.approver_soyte)
    for comment in (None, "", "   "):
        body = {} if comment is None else {"comment": comment}
        response = decide(client, obs, "return", **body)
        assert response.status_code == 400
        data = response.json()
        assert data["detail"] == "Dữ liệu gửi lên không hợp lệ."
        assert data["errors"]["comment"] == ["Cần ghi rõ lý do trả lại cho cán bộ."]
    obs.refresh_from_db()
    assert obs.state == "pending_approval"


def test_a_decision_without_a_version_gets_400_with_a_field_error(setup):
    obs = value_sent_by_reporter(setup)
    client = api_client(setup.p.approver_soyte)
    response = client.post(f"/api/v1/observations/{obs.pk}/approve/", {}, format="json")
    assert response.status_code == 400 and response.json()["errors"] == {
        "version": ["Trường này là bắt buộc."]
    }
    response = client.post(
        f"/api/v1/observations/{obs.pk}/approve/", {"version": "một"}, format="json"
    )
    assert response.status_code == 400 and response.json()["errors"] == {
        "version": ["Phải là số nguyên."]
    }
    response = decide(client, obs, "return", comment=["một", "hai"])
    assert response.status_code == 400 and response.json()["errors"] == {
        "comment": ["Phải là chuỗi ký tự."]
    }
    obs.refresh_from_db()
    assert obs.state == "pending_approval"


# -- retries and the audit trail ----------------------------------------------------------------------


def test_a_retried_approval_with_the_same_key_acts_once(setup):
    obs = value_sent_by_reporter(setup)
    client = api_client(setup.p.approver_soyte)
    first = decide(client, obs, "approve", key="duyet-58-2026Q4")
    again = decide(client, obs, "approve", key="duyet-58-2026Q4")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    obs.refresh_from_db()
    assert (obs.state, obs.version) == ("submitted", 2)
    assert AuditLog.objects.filter(action="observation.approve", object_id=str(obs.pk)).count() == 1
    assert [r.action for r in ValueRevision.objects.filter(observation=obs)] == [
        "send_for_approval",
        "approve",
    ]
    assert IdempotencyKey.objects.filter(user=setup.p.approver_soyte).count() == 1
    # Without the key, the retry is a second decision on an item no longer waiting: refused.
    assert decide(client, obs, "approve").status_code == 409
    # The same key for another request (another item, or a return) is a client bug: refused.
    other = value_sent_by_reporter(setup, setup.a_count, "3")
    assert decide(client, other, "approve", key="duyet-58-2026Q4").status_code == 409
    other.refresh_from_db()
    assert other.state == "pending_approval"


def test_a_refused_decision_stores_no_key(setup):
    obs = value_sent_by_reporter(setup)
    client = api_client(setup.p.approver_soyte)
    assert decide(client, obs, "approve", version=7, key="k-1").status_code == 409
    assert not IdempotencyKey.objects.exists()
    assert decide(client, obs, "approve", key="k-2").status_code == 200


def test_the_audit_rows_say_who_before_after_and_that_it_came_through_the_api(setup):
    obs, update = value_sent_by_reporter(setup), task_update_sent_by_reporter(setup)
    client = api_client(setup.p.approver_soyte)
    decide(client, obs, "approve", comment="Đồng ý")
    decide(client, update, "return", comment="Bổ sung minh chứng")
    approve = AuditLog.objects.get(action="observation.approve", object_id=str(obs.pk))
    assert approve.actor == setup.p.approver_soyte and approve.unit_code == "so-y-te"
    assert approve.before["state"] == "pending_approval" and approve.after["state"] == "submitted"
    assert (approve.before["version"], approve.after["version"]) == (1, 2)
    assert approve.comment == "Đồng ý (qua api)"
    returned = AuditLog.objects.get(action="task_update.unit_return", object_id=str(update.pk))
    assert returned.before["state"] == "pending_approval" and returned.after["state"] == "draft"
    assert returned.after["review_comment"] == "Bổ sung minh chứng"
    assert returned.comment == "Bổ sung minh chứng (qua api)"
    assert ValueRevision.objects.get(observation=obs, action="approve").via == "api"
    assert ValueRevision.objects.get(task_update=update, action="unit_return").via == "api"
