"""The unit's workspace, review, history, evidence and the refusals, persona by persona."""

import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from dxtrack.core.models import AuditLog
from dxtrack.registry.models import Program
from dxtrack.reporting import selectors, services
from dxtrack.reporting.models import Evidence, Observation, TaskUpdate, ValueRevision
from tests.helpers import PDF, PNG, accepted_last_quarter, resave_by_reporter, workspace_url

pytestmark = pytest.mark.django_db


def value_url(setup, indicator, code="so-y-te"):
    return workspace_url(setup, code) + f"chi-so/{indicator.pk}/"


def task_url(setup, task, code="so-y-te"):
    return workspace_url(setup, code) + f"nhiem-vu/{task.pk}/"


def obs_of(setup, indicator, unit=None):
    return selectors.reported_observation(
        indicator=indicator, unit=unit or setup.soyte, period="2026Q4"
    )


def test_the_workspace_lists_what_the_unit_owes(setup, client_as):
    page = client_as(setup.p.reporter_soyte).get(workspace_url(setup)).content.decode()
    assert setup.percent.name in page and setup.count.name in page and "Chưa nhập" in page
    assert "Đã gửi 0/4 mục" in page


def test_the_value_form_shows_unit_of_measure_previous_values_and_target(setup, client_as):
    accepted_last_quarter(setup)
    page = client_as(setup.p.reporter_soyte).get(value_url(setup, setup.percent)).content.decode()
    assert 'id="unit-of-measure">%' in page
    assert "37,5" in page and "Quý III năm 2026" in page
    target = setup.percent.targets.first()
    assert str(target.program) in page
    assert '<label for="id_value">' in page


def test_an_invalid_value_shows_its_error_next_to_the_field(setup, client_as):
    response = client_as(setup.p.reporter_soyte).post(
        value_url(setup, setup.percent),
        {"value": "150", "note": "", "version": 0, "action": "save"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_value_errors" role="alert"' in page and "0 đến 100" in page
    assert obs_of(setup, setup.percent) is None


def test_save_draft_then_submit_keeps_every_version(setup, client_as):
    client = client_as(setup.p.reporter_soyte)
    client.post(
        value_url(setup, setup.percent), {"value": "40", "note": "", "version": 0, "action": "save"}
    )
    obs = obs_of(setup, setup.percent)
    assert (obs.state, obs.value, obs.version) == ("draft", 40, 1)
    client.post(
        value_url(setup, setup.percent),
        {"value": "42,5", "note": "", "version": 1, "action": "submit"},
    )
    obs.refresh_from_db()
    # Sở Y tế has a leader's account: the reporter's send waits for the leader's sign-off.
    assert (obs.state, obs.value, obs.version) == ("pending_approval", 42.5, 2)
    assert [r.data["value"] for r in ValueRevision.objects.filter(observation=obs)] == [40, 42.5]
    row = AuditLog.objects.filter(
        action="observation.send_for_approval", object_id=str(obs.pk)
    ).get()
    assert row.before == {"value": 40.0, "state": "draft", "version": 1}
    assert row.after == {"value": 42.5, "state": "pending_approval", "version": 2}
    services.item_approve(acting_user=setup.p.approver_soyte, item=obs, version=2)
    obs.refresh_from_db()
    assert (obs.state, obs.value, obs.version) == ("submitted", 42.5, 3)
    row = AuditLog.objects.filter(action="observation.approve", object_id=str(obs.pk)).get()
    assert row.before == {"state": "pending_approval", "version": 2}
    assert row.after == {"state": "submitted", "version": 3}


def test_a_stale_save_gets_a_clear_vietnamese_message_and_stores_nothing(setup, client_as):
    client = client_as(setup.p.reporter_soyte)
    client.post(
        value_url(setup, setup.percent), {"value": "40", "note": "", "version": 0, "action": "save"}
    )
    # Someone else saves version 1 → 2 meanwhile.
    services.observation_save(
        acting_user=setup.p.approver_soyte, assignment=setup.a_percent, value="41", version=1
    )
    response = client.post(
        value_url(setup, setup.percent), {"value": "45", "note": "", "version": 1, "action": "save"}
    )
    assert response.status_code == 409
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert obs_of(setup, setup.percent).value == 41


def test_the_review_cycle_returns_corrects_resubmits_and_accepts(setup, client_as):
    reporter, approver, coordinator = (
        setup.p.reporter_soyte,
        setup.p.approver_soyte,
        setup.p.coordinator,
    )
    obs = services.observation_save(
        acting_user=reporter, assignment=setup.a_percent, value="40", submit=True
    )
    obs = services.item_approve(acting_user=approver, item=obs, version=obs.version)
    client = client_as(coordinator)
    client.post(f"/bao-cao/duyet/so-lieu/{obs.pk}/", {"decision": "return", "comment": ""})
    obs.refresh_from_db()
    assert obs.state == "submitted"  # a return needs a comment
    client.post(
        f"/bao-cao/duyet/so-lieu/{obs.pk}/",
        {
            "decision": "return",
            "comment": "Số liệu chưa khớp báo cáo quý III",
            "version": obs.version,
        },
    )
    obs.refresh_from_db()
    assert (obs.state, obs.review_comment) == ("returned", "Số liệu chưa khớp báo cáo quý III")
    page = client_as(reporter).get(workspace_url(setup)).content.decode()
    assert "Số liệu chưa khớp báo cáo quý III" in page
    services.observation_save(
        acting_user=reporter,
        assignment=setup.a_percent,
        value="38",
        version=obs.version,
        submit=True,
    )
    obs.refresh_from_db()
    assert obs.state == "pending_approval"
    services.item_approve(acting_user=approver, item=obs, version=obs.version)
    obs.refresh_from_db()
    client_as(coordinator).post(
        f"/bao-cao/duyet/so-lieu/{obs.pk}/", {"decision": "accept", "comment": ""}
    )
    obs.refresh_from_db()
    assert obs.state == "accepted" and obs.reviewed_by == coordinator
    actions = [r.action for r in ValueRevision.objects.filter(observation=obs)]
    assert actions == [
        "send_for_approval",
        "approve",
        "return",
        "send_for_approval",
        "approve",
        "accept",
    ]
    page = client_as(reporter).get(value_url(setup, setup.percent)).content.decode()
    assert "Trả lại" in page and "Chấp nhận" in page and "40" in page and "38" in page
    assert set(
        AuditLog.objects.filter(
            object_id=str(obs.pk), object_type="reporting.observation"
        ).values_list("action", flat=True)
    ) >= {
        "observation.send_for_approval",
        "observation.approve",
        "observation.return",
        "observation.accept",
    }


def test_an_accepted_value_cannot_be_changed_by_the_unit(setup):
    obs = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="40", submit=True
    )
    obs = services.item_approve(acting_user=setup.p.approver_soyte, item=obs)
    services.item_accept(acting_user=setup.p.coordinator, item=obs)
    obs.refresh_from_db()
    with pytest.raises(services.Locked):
        resave_by_reporter(setup, obs)


def test_a_task_update_with_completion_needs_evidence_before_submit(setup, client_as):
    client = client_as(setup.p.reporter_soyte)
    data = {
        "progress": "completed",
        "percent_done": "100",
        "narrative": "Đã triển khai xong",
        "difficulties": "Thiếu nhân lực",
        "proposals": "Bổ sung kinh phí",
        "expected_completion": "",
        "completed_on": "2026-10-01",
        "version": 0,
        "action": "submit",
    }
    response = client.post(task_url(setup, setup.task), data)
    assert response.status_code == 400 and "minh chứng" in response.content.decode()
    assert not TaskUpdate.objects.filter(task=setup.task, unit=setup.soyte).exists()
    client.post(task_url(setup, setup.task), {**data, "action": "save"})
    update = TaskUpdate.objects.get(task=setup.task, unit=setup.soyte)
    client.post(
        task_url(setup, setup.task),
        {"action": "evidence", "file": SimpleUploadedFile("bien-ban.pdf", PDF)},
    )
    assert update.evidence.count() == 1
    client.post(
        task_url(setup, setup.task), {**data, "version": update.version + 0, "action": "submit"}
    )
    update.refresh_from_db()
    assert update.state == "pending_approval" and update.difficulties == "Thiếu nhân lực"
    services.item_approve(acting_user=setup.p.approver_soyte, item=update, version=update.version)
    update.refresh_from_db()
    assert update.state == "submitted" and update.evidence.count() == 1


def _docx(extra=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,ok",
    [
        ("a.pdf", PDF, True),
        ("a.png", PNG, True),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, True),
        ("a.docx", _docx(), True),
        ("a.html", b"<html><script>alert(1)</script></html>", False),
        ("a.pdf", b"<html>not a pdf</html>", False),  # name says PDF, content does not
        ("a.png", PDF, False),  # content PDF, name PNG
        ("a.docx", _docx({"word/vbaProject.bin": "x"}), False),  # macro
        ("a.docx", b"PK\x03\x04garbage", False),
    ],
)
def test_evidence_is_checked_by_content(setup, name, content, ok):
    obs = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="40"
    )
    if ok:
        row = services.evidence_attach(
            acting_user=setup.p.reporter_soyte, item=obs, name=name, content=content
        )
        assert row.size == len(content) and len(row.sha256) == 64 and row.sha256 in row.file.name
        # The user's name never reaches the disk: the stored name is the hash and the checked type
        # (not `"a.docx" not in name`, which fails whenever the hash happens to end in "a").
        assert row.file.name.rsplit("/", 1)[-1] == f"{row.sha256}.{name.rsplit('.', 1)[-1]}"
    else:
        with pytest.raises(services.ReportingError):
            services.evidence_attach(
                acting_user=setup.p.reporter_soyte, item=obs, name=name, content=content
            )
        assert not Evidence.objects.filter(observation=obs).exists()


def test_evidence_over_the_size_limit_is_refused(setup, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    obs = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="40"
    )
    with pytest.raises(services.ReportingError) as exc:
        services.evidence_attach(
            acting_user=setup.p.reporter_soyte, item=obs, name="a.pdf", content=PDF + b"0" * 200
        )
    assert "quá lớn" in str(exc.value.errors)


def test_evidence_is_always_served_as_an_attachment(setup, client_as):
    obs = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="40"
    )
    row = services.evidence_attach(
        acting_user=setup.p.reporter_soyte, item=obs, name="ảnh chụp.png", content=PNG
    )
    response = client_as(setup.p.reporter_soyte).get(f"/bao-cao/minh-chung/{row.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    assert (
        client_as(setup.p.reporter_taichinh).get(f"/bao-cao/minh-chung/{row.pk}/").status_code
        == 403
    )
    assert (
        client_as(setup.p.reporter_commune).get(f"/bao-cao/minh-chung/{row.pk}/").status_code == 403
    )
    assert client_as(setup.p.coordinator).get(f"/bao-cao/minh-chung/{row.pk}/").status_code == 200


# -- permissions, persona by persona ---------------------------------------------------------------


def test_a_reporter_of_another_unit_is_refused_at_every_step(setup, client_as):
    obs = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="40", submit=True
    )
    obs = services.item_approve(acting_user=setup.p.approver_soyte, item=obs)
    other = client_as(setup.p.reporter_taichinh)
    gets = [
        workspace_url(setup),
        value_url(setup, setup.percent),
        task_url(setup, setup.task),
        workspace_url(setup) + "excel/",
        workspace_url(setup) + "excel/nap/",
        f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/tien-do/",
        f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/duyet/",
        "/bao-cao/ky/moi/",
    ]
    for url in gets:
        assert other.get(url).status_code in (403, 404), url
    posts = [
        (value_url(setup, setup.percent), {"value": "1", "version": obs.version, "action": "save"}),
        (workspace_url(setup) + "gui/", {}),
        (f"/bao-cao/duyet/so-lieu/{obs.pk}/", {"decision": "accept"}),
        (f"/bao-cao/ky/{setup.round.pk}/khoa/", {}),
        (
            f"/bao-cao/ky/{setup.round.pk}/phan-cong/",
            {"unit": "so-tai-chinh", "item": f"I-{setup.percent.pk}", "role": "report"},
        ),
    ]
    for url, data in posts:
        assert other.post(url, data).status_code in (403, 404), url
    obs.refresh_from_db()
    assert obs.state == "submitted" and obs.value == 40
    with pytest.raises(PermissionDenied):
        services.observation_save(
            acting_user=setup.p.reporter_taichinh, assignment=setup.a_percent, value="1"
        )


def test_a_commune_officer_sees_only_the_commune(setup, client_as):
    client = client_as(setup.p.reporter_commune)
    assert client.get(workspace_url(setup, setup.commune.code)).status_code == 200
    assert client.get(workspace_url(setup)).status_code == 403
    assert client.get(f"/bao-cao/ky/{setup.round.pk}/").status_code == 302


@pytest.mark.parametrize(
    "persona,status",
    [
        ("coordinator", 200),
        ("leader", 200),
        ("admin", 200),
        ("reporter_soyte", 403),
        ("approver_soyte", 403),
    ],
)
def test_completeness_is_for_the_coordinator_and_leaders(setup, client_as, persona, status):
    response = client_as(getattr(setup.p, persona)).get(
        f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/tien-do/"
    )
    assert response.status_code == status


def test_leaders_read_but_do_not_review_or_write(setup, client_as):
    obs = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="40", submit=True
    )
    leader = client_as(setup.p.leader)
    assert leader.get(workspace_url(setup)).status_code == 200
    assert (
        leader.post(f"/bao-cao/duyet/so-lieu/{obs.pk}/", {"decision": "accept"}).status_code == 403
    )
    assert (
        leader.post(
            value_url(setup, setup.percent), {"value": "1", "version": 2, "action": "save"}
        ).status_code
        == 403
    )


def test_the_approver_of_the_unit_may_submit_for_it(setup):
    obs = services.observation_save(
        acting_user=setup.p.approver_soyte, assignment=setup.a_percent, value="40", submit=True
    )
    assert obs.state == "submitted"


def test_the_public_is_sent_to_the_login_page(setup, client_as):
    assert client_as(None).get(workspace_url(setup)).status_code == 302


def test_a_draft_round_is_invisible_to_units(personas, client_as):
    rnd = services.round_create(
        acting_user=personas.coordinator,
        programs=[Program.objects.get(number="38/KH-UBND")],
        period="2027Q1",
        working_days=5,
    )
    assert (
        client_as(personas.reporter_soyte).get(f"/bao-cao/ky/{rnd.pk}/don-vi/so-y-te/").status_code
        == 404
    )


def test_completeness_counts_expected_submitted_accepted_and_lateness(setup, client_as):
    obs = services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="40", submit=True
    )
    obs = services.item_approve(acting_user=setup.p.approver_soyte, item=obs)
    services.item_accept(acting_user=setup.p.coordinator, item=obs)
    services.observation_save(
        acting_user=setup.p.approver_soyte, assignment=setup.a_count, value="3", submit=True
    )
    # The commune has no leader's account: its reporter's send reaches the coordinator directly.
    late = services.observation_save(
        acting_user=setup.p.reporter_commune, assignment=setup.c_percent, value="20", submit=True
    )
    assert late.state == "submitted"
    Observation.objects.filter(pk=late.pk).update(
        first_submitted_at=datetime(2026, 12, 28, 3, tzinfo=UTC)
    )
    table = selectors.completeness(rnd=setup.round)
    soyte, commune = table[setup.soyte.pk], table[setup.commune.pk]
    assert (soyte.expected, soyte.submitted, soyte.accepted, soyte.late) == (4, 2, 1, 0)
    assert (commune.expected, commune.submitted, commune.late) == (2, 1, 1)
    page = (
        client_as(setup.p.leader)
        .get(f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/tien-do/")
        .content.decode()
    )
    assert setup.soyte.name in page and setup.commune.name in page
