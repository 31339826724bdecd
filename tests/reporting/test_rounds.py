"""Rounds: proposal from the registry, ND 09 window and working-day due date, lock, audited reopen."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from dxtrack.core.models import AuditLog
from dxtrack.registry.models import Program, Unit
from dxtrack.reporting import selectors, services
from dxtrack.reporting.models import Assignment, Round
from tests.helpers import resave_by_reporter

pytestmark = pytest.mark.django_db


def test_a_round_carries_the_nd09_window_and_a_working_day_due_date(personas):
    program = Program.objects.get(number="38/KH-UBND")
    rnd = services.round_create(
        acting_user=personas.coordinator, programs=[program], period="2026Q4", working_days=5
    )
    assert (rnd.window_start, rnd.window_end) == (date(2026, 9, 15), date(2026, 12, 14))
    assert rnd.due_date == date(2026, 12, 21)  # 14/12/2026 is a Monday: 5 working days later
    assert rnd.state == Round.State.DRAFT


def test_a_first_quarter_round_skips_tet(personas):
    program = Program.objects.get(number="38/KH-UBND")
    rnd = services.round_create(
        acting_user=personas.coordinator, programs=[program], period="202701", working_days=15
    )
    # Window 15/12/2026 → 14/01/2027; Tết 2027 is in February, so 15 working days land on 4/2/2027.
    assert rnd.window_start == date(2026, 12, 15) and rnd.due_date > date(2027, 1, 14)


def test_the_proposal_follows_lead_units_to_todays_units(personas):
    program = Program.objects.get(number="38/KH-UBND")
    rnd = services.round_create(
        acting_user=personas.coordinator, programs=[program], period="2026Q4", working_days=5
    )
    khcn = Unit.objects.get(code="so-khoa-hoc-va-cong-nghe")
    # Sở Thông tin và Truyền thông (merged 1/3/2025) leads tasks: Sở KH&CN reports them.
    assert Assignment.objects.filter(round=rnd, unit=khcn, kind="task", role="report").exists()
    assert not Assignment.objects.filter(
        round=rnd, unit__code="so-thong-tin-va-truyen-thong"
    ).exists()
    # UBND cấp huyện (abolished 1/7/2025) leads tasks: the communes that replaced it report them.
    assert Assignment.objects.filter(round=rnd, unit__kind="commune", role="report").exists()
    # No indicator has a responsible unit yet: the coordinating office reports them.
    assert Assignment.objects.filter(round=rnd, unit=khcn, kind="indicator").count() > 10
    # Collectives never get assignments themselves.
    assert not Assignment.objects.filter(round=rnd, unit__kind="collective").exists()
    row = AuditLog.objects.get(action="round.create", object_id=str(rnd.pk))
    assert row.after["assignments"] == rnd.assignments.count()


def test_coordinating_units_get_note_assignments(personas):
    program = Program.objects.get(number="2840/QĐ-UBND")
    proposal = selectors.assignments_proposed(programs=[program], period="2025Q4")
    assert {role for _, kind, role, _ in proposal.items if kind == "task"} == {"report", "note"}


def test_only_the_coordinator_opens_rounds(personas):
    program = Program.objects.get(number="38/KH-UBND")
    for persona in (personas.leader, personas.reporter_soyte, personas.approver_soyte):
        with pytest.raises(PermissionDenied):
            services.round_create(
                acting_user=persona, programs=[program], period="2026Q4", working_days=5
            )


def test_a_bad_period_is_refused_with_a_field_error(personas):
    with pytest.raises(services.ReportingError) as exc:
        services.round_create(
            acting_user=personas.coordinator,
            programs=Program.objects.all()[:1],
            period="2026Q5",
            working_days=5,
        )
    assert "period" in exc.value.errors


def test_the_coordinator_creates_and_edits_a_round_through_the_pages(client_as, personas):
    client = client_as(personas.coordinator)
    program = Program.objects.get(number="38/KH-UBND")
    response = client.post(
        "/bao-cao/ky/moi/",
        {"programs": [program.pk], "period": "2026Q4", "working_days": 5, "title": ""},
    )
    # The round is created in the background (reporting/jobs.py): run the worker once.
    assert response.status_code == 302 and response["Location"].startswith("/bao-cao/ky/tao/")
    call_command("round_jobs", verbosity=0)
    rnd = Round.objects.latest("pk")
    assert client.get(response["Location"], {"di": "1"})["Location"] == f"/bao-cao/ky/{rnd.pk}/"
    commune = personas.reporter_commune.dx_role.unit
    indicator = program.targets.first().indicator
    client.post(
        f"/bao-cao/ky/{rnd.pk}/phan-cong/",
        {"unit": commune.code, "item": f"I-{indicator.pk}", "role": "report"},
    )
    added = Assignment.objects.get(round=rnd, unit=commune, indicator=indicator)
    assert AuditLog.objects.filter(action="assignment.add", object_id=str(added.pk)).exists()
    client.post(f"/bao-cao/ky/{rnd.pk}/phan-cong/{added.pk}/xoa/")
    assert not Assignment.objects.filter(pk=added.pk).exists()
    assert AuditLog.objects.filter(action="assignment.remove", object_id=str(added.pk)).exists()
    client.post(f"/bao-cao/ky/{rnd.pk}/mo/")
    rnd.refresh_from_db()
    assert rnd.state == "open"
    page = client.get(f"/bao-cao/ky/{rnd.pk}/").content.decode()
    assert "Đang mở" in page and "21/12/2026" in page or "ngày 21 tháng 12 năm 2026" in page


def test_a_closed_round_locks_its_data(setup):
    services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="40"
    )
    services.round_close(acting_user=setup.p.coordinator, rnd=setup.round)
    obs = selectors.reported_observation(indicator=setup.percent, unit=setup.soyte, period="2026Q4")
    with pytest.raises(services.Locked):
        resave_by_reporter(setup, obs)
    with pytest.raises(services.Locked):
        services.observation_submit(
            acting_user=setup.p.reporter_soyte, observation=obs, version=obs.version
        )
    with pytest.raises(services.Locked):
        services.task_update_save(
            acting_user=setup.p.reporter_soyte,
            assignment=setup.a_task,
            data=services.TaskUpdateData(progress="in_progress"),
        )
    with pytest.raises(services.Locked):
        services.assignment_add(
            acting_user=setup.p.coordinator,
            rnd=setup.round,
            unit=setup.soyte,
            kind="task",
            task=setup.task2,
        )


def test_the_closed_round_page_refuses_a_save_with_a_clear_message(setup, client_as):
    services.round_close(acting_user=setup.p.coordinator, rnd=setup.round)
    client = client_as(setup.p.reporter_soyte)
    url = f"/bao-cao/ky/{setup.round.pk}/don-vi/so-y-te/chi-so/{setup.percent.pk}/"
    response = client.post(url, {"value": "40", "note": "", "version": 0, "action": "save"})
    assert response.status_code == 409
    assert "đã khoá" in response.content.decode()
    assert "đã khoá" in client.get(f"/bao-cao/ky/{setup.round.pk}/don-vi/so-y-te/").content.decode()


def test_reopening_needs_a_reason_and_is_audited(setup):
    services.round_close(acting_user=setup.p.coordinator, rnd=setup.round)
    with pytest.raises(services.ReportingError):
        services.round_reopen(acting_user=setup.p.coordinator, rnd=setup.round, reason=" ")
    services.round_reopen(
        acting_user=setup.p.coordinator,
        rnd=setup.round,
        reason="Sở Y tế xin bổ sung số liệu theo công văn 123",
    )
    row = AuditLog.objects.filter(action="round.reopen").latest("pk")
    assert row.comment.startswith("Sở Y tế xin bổ sung") and row.before["state"] == "closed"
    assert row.after["state"] == "open" and row.actor == setup.p.coordinator
    services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="41"
    )
