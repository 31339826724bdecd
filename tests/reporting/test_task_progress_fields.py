"""The day a task was completed and the money disbursed for it: Sở Y tế's reporter fills both
through the web form, the Excel template and the write API; bad values are refused everywhere
with the same Vietnamese message; another department is refused; every save leaves its history
and audit rows."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dxtrack.core.models import AuditLog
from dxtrack.reporting import excel, rules, services
from dxtrack.reporting.models import TaskUpdate
from tests.helpers import (
    PDF,
    excel_download,
    excel_upload,
    task_update_body,
    workbook_bytes,
    workspace_url,
)

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - timedelta(days=1)
TOMORROW = timezone.localdate() + timedelta(days=1)


def task_url(setup, code="so-y-te"):
    return workspace_url(setup, code) + f"nhiem-vu/{setup.task.pk}/"


def stored(setup) -> TaskUpdate:
    return TaskUpdate.objects.get(task=setup.task, unit=setup.soyte)


def form_data(**extra) -> dict:
    return {
        "progress": "completed",
        "percent_done": "100",
        "narrative": "Đã đưa hệ thống vào vận hành",
        "difficulties": "",
        "proposals": "",
        "expected_completion": "",
        "completed_on": YESTERDAY.isoformat(),
        "disbursed": "1.250.000.000",
        "version": 0,
        "action": "save",
        **extra,
    }


# -- the rule, the same for every path -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "dong"),
    [
        ("1.250.000.000", 1_250_000_000),
        ("1,25 tỷ", 1_250_000_000),
        ("650 triệu đồng", 650_000_000),
        ("1 250 000 000 đồng", 1_250_000_000),
        ("0", 0),
        (1_250_000_000, 1_250_000_000),
        (1.25e9, 1_250_000_000),
    ],
)
def test_money_is_read_as_vietnamese_officers_type_it(typed, dong):
    assert rules.money_parse(typed) == dong


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-5", "không được âm"),
        ("12,5", "số nguyên đồng"),
        ("một tỷ", "không phải là số tiền"),
        (True, "không phải là số tiền"),
        ("1.000.000 tỷ tỷ", "không phải là số tiền"),
        (10**20, "quá lớn"),
    ],
)
def test_a_bad_amount_is_refused_with_its_reason(typed, reason):
    with pytest.raises(ValueError, match=reason):
        rules.money_parse(typed)


def test_a_completed_task_needs_its_day_and_not_a_future_one():
    today = date(2026, 12, 7)

    def messages(progress, day):
        return [
            f.message
            for f in rules.check_task_facts(
                progress=progress, completed_on=day, disbursed=None, today=today
            )[2]
        ]

    assert messages("completed", None) == ["Nhiệm vụ “Đã hoàn thành” cần ghi ngày hoàn thành."]
    assert "ở sau ngày hôm nay (07/12/2026)" in messages("completed", date(2026, 12, 8))[0]
    assert messages("completed", "07/12/2026") == [] and messages("completed", "2026-12-01") == []
    assert "không phải ngày" in messages("completed", "31/02/2026")[0]
    assert "Chỉ ghi ngày hoàn thành khi" in messages("in_progress", date(2026, 12, 1))[0]
    assert messages("in_progress", None) == []


# -- the web form --------------------------------------------------------------------------------


def test_the_reporter_fills_both_fields_in_the_web_form(setup, client_as):
    client = client_as(setup.p.reporter_soyte)
    page = client.get(task_url(setup)).content.decode()
    assert 'name="completed_on"' in page and 'name="disbursed"' in page
    response = client.post(task_url(setup), form_data(disbursed="1,25 tỷ"))
    assert response.status_code == 302
    update = stored(setup)
    assert (update.completed_on, update.disbursed, update.version) == (
        YESTERDAY,
        1_250_000_000,
        1,
    )
    page = client.get(task_url(setup)).content.decode()
    assert 'value="1.250.000.000"' in page and f'value="{YESTERDAY.isoformat()}"' in page
    # History and audit keep both fields, before -> after.
    client.post(task_url(setup), form_data(disbursed="1.300.000.000", version=1))
    update = stored(setup)
    assert update.revisions.last().data["disbursed"] == 1_300_000_000
    assert update.revisions.last().data["completed_on"] == YESTERDAY.isoformat()
    audit = AuditLog.objects.filter(object_type="reporting.taskupdate", object_id=str(update.pk))
    last = audit.order_by("pk").last()
    assert (last.before["disbursed"], last.after["disbursed"]) == (1_250_000_000, 1_300_000_000)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("disbursed", "-1.000", "Kinh phí đã giải ngân “-1.000” không được âm"),
        ("disbursed", "abc", "Kinh phí đã giải ngân “abc” không phải là số tiền"),
        ("completed_on", "", "cần ghi ngày hoàn thành"),
        ("completed_on", TOMORROW.isoformat(), "ở sau ngày hôm nay"),
    ],
)
def test_the_web_form_refuses_a_bad_value_next_to_its_field(
    setup, client_as, field, value, message
):
    response = client_as(setup.p.reporter_soyte).post(task_url(setup), form_data(**{field: value}))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert len(errors) == 1 and message in errors[0]
    assert not TaskUpdate.objects.filter(task=setup.task, unit=setup.soyte).exists()


def test_a_completed_update_saved_without_its_day_cannot_be_sent(setup):
    # An update saved before the day was asked for (as the demo's older rows are).
    update = services.task_update_save(
        acting_user=setup.p.reporter_soyte,
        assignment=setup.a_task,
        data=services.TaskUpdateData(progress="in_progress", percent_done=90),
        files=[("bien-ban.pdf", PDF)],
    )
    TaskUpdate.objects.filter(pk=update.pk).update(progress="completed", percent_done=100)
    update.refresh_from_db()
    with pytest.raises(services.ReportingError) as refused:
        services.task_update_submit(
            acting_user=setup.p.reporter_soyte, update=update, version=update.version
        )
    assert "cần ghi ngày hoàn thành" in refused.value.errors["completed_on"][0]


def test_another_department_cannot_write_the_fields(setup, client_as):
    client = client_as(setup.p.reporter_taichinh)
    assert client.post(task_url(setup), form_data()).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.task_update_save(
            acting_user=setup.p.reporter_taichinh,
            assignment=setup.a_task,
            data=services.TaskUpdateData(
                progress="completed", completed_on=YESTERDAY, disbursed="1 tỷ"
            ),
        )
    assert not TaskUpdate.objects.filter(task=setup.task).exists()


# -- the Excel template --------------------------------------------------------------------------


def _task_columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1]}


def test_the_reporter_fills_both_columns_of_the_excel_template(setup, client_as):
    client = client_as(setup.p.reporter_soyte)
    wb = excel_download(client, setup)
    tasks = wb[excel.SHEET_TASKS]
    col = _task_columns(tasks)
    assert excel.TASK_COMPLETED_ON in col and excel.TASK_DISBURSED in col
    tasks.cell(row=2, column=5, value="Đã hoàn thành")
    tasks.cell(row=2, column=col[excel.TASK_COMPLETED_ON], value=YESTERDAY.strftime("%d/%m/%Y"))
    tasks.cell(row=2, column=col[excel.TASK_DISBURSED], value="2,5 tỷ")
    assert excel_upload(client, setup, workbook_bytes(wb)).status_code == 302
    update = stored(setup)
    assert (update.completed_on, update.disbursed) == (YESTERDAY, 2_500_000_000)
    assert update.revisions.last().via == "excel"
    # The next template carries them back: the day as text, the money as a number.
    tasks = excel_download(client, setup)[excel.SHEET_TASKS]
    assert tasks.cell(row=2, column=col[excel.TASK_COMPLETED_ON]).value == (
        YESTERDAY.strftime("%d/%m/%Y")
    )
    money = tasks.cell(row=2, column=col[excel.TASK_DISBURSED])
    assert (money.value, money.data_type) == (2_500_000_000, "n")


def test_excel_names_the_row_and_column_of_a_bad_amount_and_a_future_day(setup, client_as):
    client = client_as(setup.p.reporter_soyte)
    wb = excel_download(client, setup)
    tasks = wb[excel.SHEET_TASKS]
    col = _task_columns(tasks)
    tasks.cell(row=2, column=5, value="Đã hoàn thành")
    tasks.cell(row=2, column=col[excel.TASK_COMPLETED_ON], value=TOMORROW.strftime("%d/%m/%Y"))
    tasks.cell(row=2, column=col[excel.TASK_DISBURSED], value=-5)
    response = excel_upload(client, setup, workbook_bytes(wb))
    assert response.status_code == 400
    by_column = {e.column: e for e in response.context["errors"]}
    errors = {name: by_column.get(excel._col(excel.TASK_COLUMNS, name)) for name in col}
    assert errors[excel.TASK_DISBURSED].row == 2
    assert "không được âm" in errors[excel.TASK_DISBURSED].reason
    assert "ở sau ngày hôm nay" in errors[excel.TASK_COMPLETED_ON].reason
    assert "dòng 2" in str(errors[excel.TASK_DISBURSED])
    assert not TaskUpdate.objects.filter(task=setup.task, unit=setup.soyte).exists()


# -- the write API -------------------------------------------------------------------------------


def test_the_reporter_sends_both_fields_through_the_api(setup, api):
    client = api(setup.p.reporter_soyte)
    body = task_update_body(
        setup,
        "completed",
        completed_on=YESTERDAY.isoformat(),
        disbursed="1.250.000.000",
        evidence=SimpleUploadedFile("bb.pdf", PDF),
        submit="false",
    )
    response = client.post("/api/v1/task-updates/", body, format="multipart")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["completed_on"], data["disbursed"]) == (YESTERDAY.isoformat(), 1_250_000_000)
    # A field not sent keeps its stored value; a number is accepted as a number.
    response = client.post(
        "/api/v1/task-updates/",
        task_update_body(
            setup, "completed", disbursed=1_300_000_000, version=data["version"], submit=False
        ),
        format="json",
    )
    assert response.status_code in (200, 201), response.content
    update = stored(setup)
    assert (update.completed_on, update.disbursed) == (YESTERDAY, 1_300_000_000)
    assert update.revisions.last().via == "api"


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"disbursed": "12,5"}, "disbursed", "phải là số nguyên đồng"),
        ({"disbursed": [1]}, "disbursed", "Phải là số"),
        ({"disbursed": -1}, "disbursed", "không được âm"),
        ({"completed_on": TOMORROW.isoformat()}, "completed_on", "ở sau ngày hôm nay"),
        ({}, "completed_on", "cần ghi ngày hoàn thành"),
    ],
)
def test_the_api_refuses_a_bad_value_with_the_message(setup, api, extra, field, message):
    body = task_update_body(setup, "completed", **{"completed_on": YESTERDAY.isoformat(), **extra})
    if not extra:
        del body["completed_on"]
    response = api(setup.p.reporter_soyte).post("/api/v1/task-updates/", body, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])
    assert not TaskUpdate.objects.filter(task=setup.task, unit=setup.soyte).exists()


def test_another_department_is_refused_by_the_api(setup, api):
    body = task_update_body(setup, "completed", completed_on=YESTERDAY.isoformat(), disbursed=1)
    response = api(setup.p.reporter_taichinh).post("/api/v1/task-updates/", body, format="json")
    assert response.status_code == 403
    assert not TaskUpdate.objects.filter(task=setup.task).exists()


def test_the_coordinator_reads_both_fields_when_reviewing(setup, client_as):
    update = services.task_update_save(
        acting_user=setup.p.approver_soyte,  # the unit's leader sends straight to the office
        assignment=setup.a_task,
        data=services.TaskUpdateData(
            progress="completed", completed_on=YESTERDAY, disbursed="1,25 tỷ"
        ),
        files=[("bien-ban.pdf", PDF)],
        submit=True,
    )
    assert update.state == "submitted"
    page = client_as(setup.p.coordinator).get(f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/duyet/")
    row = page.content.decode().split(f'id="tu-{update.pk}"')[1].split("</tr>")[0]
    assert f"Hoàn thành ngày {YESTERDAY:%d/%m/%Y}" in row
    assert "Đã giải ngân 1,25 tỷ đồng" in row
