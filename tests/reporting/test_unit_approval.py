"""The unit's leader signs off (ký duyệt) before a report reaches Sở Khoa học và Công nghệ.

Sở Y tế has a reporter and a leader's account (`approver_soyte`): what its reporter sends waits
as `pending_approval` until the leader approves (→ `submitted`, which the coordinator reviews) or
sends it back (→ `draft` with a comment). Phường Phan Đình Phùng has no leader's account: its
reporter's send goes straight to `submitted`.
"""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from dxtrack.core.models import AuditLog
from dxtrack.reporting import selectors, services
from dxtrack.reporting.models import (
    Assignment,
    Notice,
    Observation,
    Round,
    TaskUpdate,
    UnitApprovalPolicy,
    ValueRevision,
)
from tests.helpers import (
    PDF,
    api_client,
    observation_body,
    resave_by_reporter,
    task_update_body,
    value_sent_by_reporter,
    workspace_url,
)

pytestmark = pytest.mark.django_db


def decide(client, obs, decision, comment="", kind="so-lieu"):
    return client.post(
        f"/bao-cao/duyet-don-vi/{kind}/{obs.pk}/",
        {"decision": decision, "comment": comment, "version": obs.version},
    )


# -- the reporter sends, the leader decides -------------------------------------------------------


def test_a_reporters_send_waits_for_the_units_leader(setup):
    obs = value_sent_by_reporter(setup)
    assert obs.state == "pending_approval"
    # Not at the coordinator yet: no submitter, no submission time (timeliness counts from there).
    assert (obs.submitted_by, obs.submitted_at, obs.first_submitted_at) == (None, None, None)
    row = AuditLog.objects.get(action="observation.send_for_approval", object_id=str(obs.pk))
    assert row.actor == setup.p.reporter_soyte
    assert row.after["state"] == "pending_approval" and row.unit_code == "so-y-te"
    assert [r.action for r in ValueRevision.objects.filter(observation=obs)] == [
        "send_for_approval"
    ]


def test_a_pending_item_is_locked_for_the_reporter(setup):
    obs = value_sent_by_reporter(setup)
    with pytest.raises(services.Locked, match="chờ lãnh đạo đơn vị duyệt"):
        resave_by_reporter(setup, obs)
    with pytest.raises(services.Locked):
        services.evidence_attach(
            acting_user=setup.p.reporter_soyte, item=obs, name="a.pdf", content=PDF
        )


def test_the_approver_approves_and_the_item_reaches_the_coordinator(setup, client_as):
    obs = value_sent_by_reporter(setup)
    before = timezone.now()
    response = decide(client_as(setup.p.approver_soyte), obs, "approve")
    assert response.status_code == 302 and response["Location"] == workspace_url(setup)
    obs.refresh_from_db()
    assert obs.state == "submitted" and obs.submitted_by == setup.p.approver_soyte
    assert obs.first_submitted_at >= before and obs.submitted_at == obs.first_submitted_at
    row = AuditLog.objects.get(action="observation.approve", object_id=str(obs.pk))
    assert row.actor == setup.p.approver_soyte
    assert row.before["state"] == "pending_approval" and row.after["state"] == "submitted"
    assert [r.action for r in ValueRevision.objects.filter(observation=obs)] == [
        "send_for_approval",
        "approve",
    ]
    # Now the coordinator reviews it as before.
    services.item_accept(acting_user=setup.p.coordinator, item=obs)
    obs.refresh_from_db()
    assert obs.state == "accepted"


def test_the_leader_and_the_reporter_are_told_the_item_in_words_not_codes(setup, client_as):
    obs = value_sent_by_reporter(setup, value="45,5")
    response = decide(
        client_as(setup.p.approver_soyte), obs, "return", comment="Đề nghị đối chiếu lại"
    )
    told = " ".join(m.message for m in response.wsgi_request._messages)
    assert "45,5 (Quý IV năm 2026, " in told and "2026Q4" not in told and "45.5" not in told
    notice = Notice.objects.get(user=setup.p.reporter_soyte)
    assert "45,5 (Quý IV năm 2026, " in notice.text and "so-y-te" not in notice.text
    english = client_as(setup.p.approver_soyte)
    english.cookies["django_language"] = "en"
    obs = value_sent_by_reporter(setup, assignment=setup.a_count, value="1.234")
    response = decide(english, obs, "approve")
    told = " ".join(m.message for m in response.wsgi_request._messages)
    assert "1,234 (Q4 2026, " in told


def test_the_approver_returns_an_item_to_the_reporter_with_a_comment(setup, client_as):
    obs = value_sent_by_reporter(setup)
    client = client_as(setup.p.approver_soyte)
    decide(client, obs, "return", comment="")
    obs.refresh_from_db()
    assert obs.state == "pending_approval"  # a return needs a comment
    decide(
        client, obs, "return", comment="Đề nghị đối chiếu số liệu với Trung tâm Kiểm soát bệnh tật"
    )
    obs.refresh_from_db()
    assert (obs.state, obs.review_comment) == (
        "draft",
        "Đề nghị đối chiếu số liệu với Trung tâm Kiểm soát bệnh tật",
    )
    row = AuditLog.objects.get(action="observation.unit_return", object_id=str(obs.pk))
    assert row.before["state"] == "pending_approval" and row.after["state"] == "draft"
    assert row.comment.startswith("Đề nghị đối chiếu") and row.actor == setup.p.approver_soyte
    # The reporter is told, and sees the comment on the item's page; the leader gets no notice of it.
    assert Notice.objects.filter(
        user=setup.p.reporter_soyte, text__contains="Đề nghị đối chiếu"
    ).exists()
    assert not Notice.objects.filter(user=setup.p.approver_soyte).exists()
    page = (
        client_as(setup.p.reporter_soyte)
        .get(workspace_url(setup) + f"chi-so/{setup.percent.pk}/")
        .content.decode()
    )
    assert (
        "Ý kiến của lãnh đạo đơn vị" in page
        and "Đề nghị đối chiếu" in page
        and 'id="value-form"' in page
    )
    # The reporter corrects and sends again.
    obs = resave_by_reporter(setup, obs, "38", submit=True)
    assert obs.state == "pending_approval" and obs.value == 38


def test_a_task_update_goes_through_the_same_steps(setup):
    data = services.TaskUpdateData(
        progress="completed", percent_done=100, narrative="Đã xong", completed_on=date(2026, 10, 1)
    )
    update = services.task_update_save(
        acting_user=setup.p.reporter_soyte,
        assignment=setup.a_task,
        data=data,
        files=[("bien-ban.pdf", PDF)],
        submit=True,
    )
    assert update.state == "pending_approval" and update.first_submitted_at is None
    update = services.item_return_to_reporter(
        acting_user=setup.p.approver_soyte,
        item=update,
        comment="Bổ sung kết quả cụ thể",
        version=update.version,
    )
    assert update.state == "draft" and update.review_comment == "Bổ sung kết quả cụ thể"
    update = services.task_update_submit(
        acting_user=setup.p.reporter_soyte, update=update, version=update.version
    )
    assert update.state == "pending_approval"
    update = services.item_approve(
        acting_user=setup.p.approver_soyte, item=update, version=update.version
    )
    assert update.state == "submitted" and update.first_submitted_at is not None
    assert list(
        AuditLog.objects.filter(object_type="reporting.taskupdate", object_id=str(update.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "task_update.send_for_approval",
        "task_update.unit_return",
        "task_update.send_for_approval",
        "task_update.approve",
    ]
    actions = [r.action for r in ValueRevision.objects.filter(task_update=update)]
    assert actions == ["send_for_approval", "unit_return", "send_for_approval", "approve"]


def test_an_approver_enters_and_submits_directly(setup, client_as):
    client = client_as(setup.p.approver_soyte)
    page = client.get(workspace_url(setup) + f"chi-so/{setup.percent.pk}/").content.decode()
    assert "Lưu và gửi lãnh đạo duyệt" not in page
    response = client.post(
        workspace_url(setup) + f"chi-so/{setup.percent.pk}/",
        {"value": "40", "note": "", "version": 0, "action": "submit"},
        follow=True,
    )
    assert "Đã gửi số liệu." in response.content.decode()
    obs = selectors.reported_observation(indicator=setup.percent, unit=setup.soyte, period="2026Q4")
    assert obs.state == "submitted" and obs.submitted_by == setup.p.approver_soyte
    assert AuditLog.objects.filter(action="observation.submit", object_id=str(obs.pk)).exists()


def test_the_reporters_page_names_the_step(setup, client_as):
    client = client_as(setup.p.reporter_soyte)
    page = client.get(workspace_url(setup) + f"chi-so/{setup.percent.pk}/").content.decode()
    assert "Lưu và gửi lãnh đạo duyệt" in page
    response = client.post(
        workspace_url(setup) + f"chi-so/{setup.percent.pk}/",
        {"value": "40", "note": "", "version": 0, "action": "submit"},
        follow=True,
    )
    page = response.content.decode()
    assert (
        "Đã gửi số liệu để lãnh đạo đơn vị duyệt." in page and "Chờ lãnh đạo đơn vị duyệt" in page
    )
    page = client.get(workspace_url(setup)).content.decode()
    assert 'id="approval-rule"' in page and "phải được lãnh đạo đơn vị duyệt" in page
    assert "1 mục đang chờ lãnh đạo đơn vị duyệt" in page
    assert 'id="pending-approval"' not in page  # the approve buttons are the leader's


# -- the workspace: submit all, approve all ---------------------------------------------------------


def test_submit_all_by_the_reporter_sends_to_the_leader_and_the_leader_approves_all(
    setup, client_as
):
    reporter = client_as(setup.p.reporter_soyte)
    for assignment, value in ((setup.a_percent, "40"), (setup.a_count, "3")):
        services.observation_save(
            acting_user=setup.p.reporter_soyte, assignment=assignment, value=value
        )
    response = reporter.post(workspace_url(setup) + "gui/", follow=True)
    assert "Đã gửi 2 mục để lãnh đạo đơn vị duyệt." in response.content.decode()
    states = set(
        Observation.objects.filter(unit=setup.soyte, period="2026Q4").values_list(
            "state", flat=True
        )
    )
    assert states == {"pending_approval"}

    approver = client_as(setup.p.approver_soyte)
    page = approver.get(workspace_url(setup)).content.decode()
    assert 'id="pending-items"' in page and page.count('class="unit-decision-form"') == 2
    assert 'value="approve"' in page and 'value="return"' in page and 'id="approve-all"' in page
    response = approver.post(workspace_url(setup) + "duyet-tat-ca/", follow=True)
    assert "Đã duyệt và gửi 2 mục" in response.content.decode()
    rows = Observation.objects.filter(unit=setup.soyte, period="2026Q4")
    assert {(o.state, o.submitted_by_id) for o in rows} == {
        ("submitted", setup.p.approver_soyte.pk)
    }
    assert AuditLog.objects.filter(action="observation.approve", unit_code="so-y-te").count() == 2


def test_a_reporter_cannot_approve(setup, client_as):
    obs = value_sent_by_reporter(setup)
    client = client_as(setup.p.reporter_soyte)
    assert decide(client, obs, "approve").status_code == 403
    assert client.post(workspace_url(setup) + "duyet-tat-ca/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.item_approve(acting_user=setup.p.reporter_soyte, item=obs)
    with pytest.raises(PermissionDenied):
        services.unit_approve_all(
            acting_user=setup.p.reporter_soyte, rnd=setup.round, unit=setup.soyte
        )
    obs.refresh_from_db()
    assert obs.state == "pending_approval"
    assert not AuditLog.objects.filter(action="observation.approve").exists()


def test_an_approver_of_another_unit_cannot_approve(setup, client_as, approver_taichinh):
    obs = value_sent_by_reporter(setup)
    client = client_as(approver_taichinh)
    assert decide(client, obs, "approve").status_code in (403, 404)
    assert decide(client, obs, "return", comment="x").status_code in (403, 404)
    assert client.post(workspace_url(setup) + "duyet-tat-ca/").status_code in (403, 404)
    assert client.get(workspace_url(setup)).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.item_approve(acting_user=approver_taichinh, item=obs)
    obs.refresh_from_db()
    assert (obs.state, obs.version) == ("pending_approval", 1)


@pytest.mark.parametrize("persona", ["coordinator", "leader", "admin", "reporter_commune"])
def test_nobody_else_approves_for_the_unit(setup, client_as, persona):
    obs = value_sent_by_reporter(setup)
    assert decide(client_as(getattr(setup.p, persona)), obs, "approve").status_code in (403, 404)
    obs.refresh_from_db()
    assert obs.state == "pending_approval"


def test_only_pending_items_can_be_approved(setup):
    obs = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="40"
    )
    with pytest.raises(services.Locked):
        services.item_approve(acting_user=setup.p.approver_soyte, item=obs)
    with pytest.raises(services.ReportingError):
        services.item_return_to_reporter(
            acting_user=setup.p.approver_soyte,
            item=value_sent_by_reporter(setup, setup.a_count, "3"),
            comment="  ",
        )


def test_a_stale_approval_is_refused(setup):
    obs = value_sent_by_reporter(setup)
    with pytest.raises(services.StaleVersion):
        services.item_approve(acting_user=setup.p.approver_soyte, item=obs, version=obs.version - 1)


def test_a_closed_round_locks_the_approval(setup):
    obs = value_sent_by_reporter(setup)
    services.round_close(acting_user=setup.p.coordinator, rnd=setup.round)
    with pytest.raises(services.Locked):
        services.item_approve(acting_user=setup.p.approver_soyte, item=obs)


# -- what the coordinator sees --------------------------------------------------------------------


def test_the_coordinator_does_not_see_pending_items_as_submitted(setup, client_as):
    obs = value_sent_by_reporter(setup)
    coordinator = client_as(setup.p.coordinator)
    page = coordinator.get(f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/duyet/").content.decode()
    assert f'id="obs-{obs.pk}"' not in page
    coordinator.post(f"/bao-cao/duyet/so-lieu/{obs.pk}/", {"decision": "accept", "comment": ""})
    obs.refresh_from_db()
    assert obs.state == "pending_approval"
    with pytest.raises(services.Locked):
        services.item_accept(acting_user=setup.p.coordinator, item=obs)
    status = selectors.completeness(rnd=setup.round)[setup.soyte.pk]
    assert (status.submitted, status.awaiting_approval, status.missing) == (0, 1, 4)
    assert selectors.review_queue(rnd=setup.round) == ([], [])
    # Completeness shows the new state.
    page = coordinator.get(f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/tien-do/").content.decode()
    assert "Chờ lãnh đạo đơn vị duyệt" in page
    row_html = page.split('data-unit="so-y-te"')[1].split("</tr>")[0]
    # expected, submitted, accepted, returned, waiting for the unit's leader, late
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row_html)] == [
        4,
        0,
        0,
        0,
        1,
        0,
    ]
    data = coordinator.get(f"/api/v1/rounds/{setup.round.pk}/status/").json()
    row = next(u for u in data["units"] if u["unit_code"] == "so-y-te")
    assert (row["submitted"], row["awaiting_approval"]) == (0, 1)

    services.item_approve(acting_user=setup.p.approver_soyte, item=obs)
    page = coordinator.get(f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/duyet/").content.decode()
    assert f'id="obs-{obs.pk}"' in page
    assert [o.pk for o in selectors.review_queue(rnd=setup.round)[0]] == [obs.pk]


def test_timeliness_counts_the_time_the_report_reached_the_coordinator(setup):
    obs = value_sent_by_reporter(setup)
    # Due yesterday: sent to the leader in time is not enough; it reached the coordinator today.
    Round.objects.filter(pk=setup.round.pk).update(
        due_date=timezone.localdate() - timedelta(days=1)
    )
    setup.round.refresh_from_db()
    assert selectors.completeness(rnd=setup.round)[setup.soyte.pk].late == 0
    services.item_approve(acting_user=setup.p.approver_soyte, item=obs)
    status = selectors.completeness(rnd=setup.round)[setup.soyte.pk]
    assert (status.submitted, status.late, status.awaiting_approval) == (1, 1, 0)


# -- whether a unit needs the step ----------------------------------------------------------------------


def test_a_unit_without_an_approver_sends_straight_to_the_coordinator(setup, client_as):
    assert not services.unit_approval_required(unit=setup.commune)
    obs = services.observation_save(
        acting_user=setup.p.reporter_commune, assignment=setup.c_percent, value="20", submit=True
    )
    assert obs.state == "submitted" and obs.submitted_by == setup.p.reporter_commune
    page = (
        client_as(setup.p.reporter_commune)
        .get(workspace_url(setup, setup.commune.code))
        .content.decode()
    )
    assert "Đơn vị chưa có tài khoản lãnh đạo duyệt" in page and "gửi thẳng" in page


def test_an_inactive_approver_does_not_count(setup):
    setup.p.approver_soyte.is_active = False
    setup.p.approver_soyte.save()
    assert value_sent_by_reporter(setup).state == "submitted"


def test_the_global_setting_and_the_units_policy_decide(setup, settings):
    settings.REPORTING_UNIT_APPROVAL = False
    assert not services.unit_approval_required(unit=setup.soyte)
    assert value_sent_by_reporter(setup).state == "submitted"
    UnitApprovalPolicy.objects.create(unit=setup.soyte, approval_required=True)
    assert services.unit_approval_required(unit=setup.soyte)
    assert value_sent_by_reporter(setup, setup.a_count, "3").state == "pending_approval"
    settings.REPORTING_UNIT_APPROVAL = True
    UnitApprovalPolicy.objects.filter(unit=setup.soyte).update(approval_required=False)
    assert value_sent_by_reporter(setup, setup.a_rank, "5").state == "submitted"
    # A policy cannot require a sign-off nobody can give: the commune has no approver.
    UnitApprovalPolicy.objects.create(unit=setup.commune, approval_required=True)
    assert not services.unit_approval_required(unit=setup.commune)


# -- the API ------------------------------------------------------------------------------------------


def test_a_reporters_token_creates_items_waiting_for_the_leader(setup):
    client = api_client(setup.p.reporter_soyte)
    response = client.post("/api/v1/observations/", observation_body(setup), format="json")
    assert response.status_code == 201 and response.json()["state"] == "pending_approval"
    response = client.post(
        "/api/v1/task-updates/",
        task_update_body(setup, percent_done=30),
        format="json",
    )
    assert response.status_code == 201 and response.json()["state"] == "pending_approval"
    assert TaskUpdate.objects.get(pk=response.json()["id"]).first_submitted_at is None


def test_an_approvers_token_submits_directly(setup):
    client = api_client(setup.p.approver_soyte)
    response = client.post("/api/v1/observations/", observation_body(setup), format="json")
    assert response.status_code == 201
    data = response.json()
    assert data["state"] == "submitted" and data["submitted_by"] == setup.p.approver_soyte.username
    response = client.post(
        "/api/v1/task-updates/",
        task_update_body(setup),
        format="json",
    )
    assert response.status_code == 201 and response.json()["state"] == "submitted"


def test_a_commune_reporters_token_submits_directly(setup):
    response = api_client(setup.p.reporter_commune).post(
        "/api/v1/observations/",
        observation_body(setup, unit_code=setup.commune.code, value=20),
        format="json",
    )
    assert response.status_code == 201 and response.json()["state"] == "submitted"


# -- reminders ------------------------------------------------------------------------------------------


def test_the_leader_is_reminded_once_of_items_waiting_for_them(setup):
    Assignment.objects.filter(round=setup.round).exclude(
        unit__in=[setup.soyte, setup.commune]
    ).delete()
    value_sent_by_reporter(setup)
    day = setup.round.due_date - timedelta(days=30)  # long before the due date: only the nudge
    call_command("remind", "--today", day.isoformat(), stdout=StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [setup.p.approver_soyte.email]
    assert "chờ lãnh đạo đơn vị duyệt" in mail.outbox[0].subject
    call_command("remind", "--today", day.isoformat(), stdout=StringIO())
    assert len(mail.outbox) == 1
