"""Excel round trip: the prefilled template, an upload refused whole, the corrected one accepted."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from dxtrack.reporting import excel, selectors, services
from dxtrack.reporting.models import Observation, TaskUpdate
from tests.helpers import (
    accepted_last_quarter,
    excel_download,
    excel_upload,
    rows_by_code,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db


def test_the_template_is_prefilled_with_what_the_unit_owes_and_instructions(setup, client_as):
    accepted_last_quarter(setup)
    wb = excel_download(client_as(setup.p.reporter_soyte), setup)
    assert wb.sheetnames == ["Hướng dẫn", "Chỉ số", "Nhiệm vụ"]
    help_text = " ".join(
        str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value
    )
    assert "Chỉ điền vào các ô nền vàng" in help_text and "so-y-te" in help_text
    values = wb["Chỉ số"]
    assert [c.value for c in values[1]] == excel.VALUE_COLUMNS
    codes = rows_by_code(values)
    assert set(codes) == {f"I-{setup.percent.pk}", f"I-{setup.count.pk}", f"I-{setup.rank.pk}"}
    row = codes[f"I-{setup.percent.pk}"]
    assert values.cell(row=row, column=4).value == "%"
    assert "2026Q3: 37,5" in values.cell(row=row, column=5).value
    assert values.cell(row=row, column=6).value  # the target
    tasks = wb["Nhiệm vụ"]
    assert tasks.cell(row=2, column=1).value == f"T-{setup.task.pk}"


def test_a_file_with_three_bad_rows_is_refused_whole_with_three_precise_messages(setup, client_as):
    client = client_as(setup.p.reporter_soyte)
    wb = excel_download(client, setup)
    values, tasks = wb["Chỉ số"], wb["Nhiệm vụ"]
    codes = rows_by_code(values)
    values.cell(row=codes[f"I-{setup.percent.pk}"], column=7, value=140)  # bad: % > 100
    values.cell(row=codes[f"I-{setup.count.pk}"], column=7, value=12.5)  # bad: count not whole
    values.cell(row=codes[f"I-{setup.rank.pk}"], column=7, value=5)  # good
    tasks.cell(row=2, column=5, value="Đang triển khai")
    tasks.cell(row=2, column=6, value=130)  # bad: % done > 100
    tasks.cell(row=2, column=7, value="Đã xây dựng dự thảo")
    response = excel_upload(client, setup, workbook_bytes(wb))
    assert response.status_code == 400
    errors = response.context["errors"]
    assert len(errors) == 3
    by_row = {(e.sheet, e.row): e for e in errors}
    bad_percent = by_row[("Chỉ số", codes[f"I-{setup.percent.pk}"])]
    assert bad_percent.column == "G (Giá trị kỳ này)" and "0 đến 100" in bad_percent.reason
    assert "số nguyên" in by_row[("Chỉ số", codes[f"I-{setup.count.pk}"])].reason
    assert by_row[("Nhiệm vụ", 2)].column == "F (% hoàn thành)"
    page = response.content.decode()
    assert "Tệp có 3 lỗi" in page and 'role="alert"' in page
    # Nothing saved, not even the good row.
    assert not Observation.objects.filter(unit=setup.soyte, period="2026Q4").exists()
    assert not TaskUpdate.objects.filter(unit=setup.soyte).exists()

    # The corrected file is accepted.
    values.cell(row=codes[f"I-{setup.percent.pk}"], column=7, value="45,5")
    values.cell(row=codes[f"I-{setup.count.pk}"], column=7, value=12)
    tasks.cell(row=2, column=6, value=60)
    response = excel_upload(client, setup, workbook_bytes(wb), submit=True)
    assert response.status_code == 302
    saved = {
        o.indicator_id: o for o in Observation.objects.filter(unit=setup.soyte, period="2026Q4")
    }
    assert saved[setup.percent.pk].value == 45.5 and saved[setup.count.pk].value == 12
    # Sở Y tế has a leader's account: a reporter's upload waits for the leader's sign-off.
    assert {o.state for o in saved.values()} == {"pending_approval"}
    update = TaskUpdate.objects.get(unit=setup.soyte, task=setup.task)
    assert (update.percent_done, update.narrative, update.state) == (
        60,
        "Đã xây dựng dự thảo",
        "pending_approval",
    )
    assert {r.via for o in saved.values() for r in o.revisions.all()} == {"excel"}


def test_a_template_of_another_unit_or_round_is_refused(setup, client_as):
    wb = excel_download(client_as(setup.p.reporter_commune), setup, code=setup.commune.code)
    response = excel_upload(client_as(setup.p.reporter_soyte), setup, workbook_bytes(wb))
    assert response.status_code == 400
    assert "đơn vị khác" in response.content.decode()


def test_a_stale_template_row_is_refused(setup, client_as):
    client = client_as(setup.p.reporter_soyte)
    wb = excel_download(client, setup)
    services.observation_save(
        acting_user=setup.p.reporter_soyte, assignment=setup.a_percent, value="10"
    )
    codes = rows_by_code(wb["Chỉ số"])
    wb["Chỉ số"].cell(row=codes[f"I-{setup.percent.pk}"], column=7, value=20)
    response = excel_upload(client, setup, workbook_bytes(wb))
    assert response.status_code == 400 and "Phiên bản" in response.context["errors"][0].column
    assert (
        selectors.reported_observation(
            indicator=setup.percent, unit=setup.soyte, period="2026Q4"
        ).value
        == 10
    )


def test_not_an_excel_file_is_refused_with_a_message(setup, client_as):
    response = excel_upload(client_as(setup.p.reporter_soyte), setup, b"%PDF-1.4 nope")
    assert response.status_code == 400 and "Không đọc được tệp" in response.content.decode()


def test_the_submit_command_does_the_same_from_the_command_line(setup, tmp_path):
    data = excel.template_build(rnd=setup.round, unit=setup.soyte)
    wb = load_workbook(io.BytesIO(data))
    codes = rows_by_code(wb["Chỉ số"])
    wb["Chỉ số"].cell(row=codes[f"I-{setup.percent.pk}"], column=7, value=101)
    path = tmp_path / "bao-cao.xlsx"
    wb.save(path)
    err = StringIO()
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("submit", str(path), round=setup.round.pk, unit="so-y-te", stderr=err)
    assert "dòng" in err.getvalue() and "cột G" in err.getvalue()
    wb["Chỉ số"].cell(row=codes[f"I-{setup.percent.pk}"], column=7, value=99)
    wb.save(path)
    out = StringIO()
    call_command(
        "submit",
        str(path),
        round=setup.round.pk,
        unit="so-y-te",
        user=setup.p.reporter_soyte.username,
        stdout=out,
    )
    assert "Đã gửi 1 số liệu" in out.getvalue()
    obs = selectors.reported_observation(indicator=setup.percent, unit=setup.soyte, period="2026Q4")
    # Sent for the leader's sign-off; it reaches the coordinator (submitted_by) when approved.
    assert (obs.value, obs.state, obs.submitted_by) == (99, "pending_approval", None)
    services.item_approve(acting_user=setup.p.approver_soyte, item=obs, version=obs.version)
    obs.refresh_from_db()
    assert (obs.state, obs.submitted_by) == ("submitted", setup.p.approver_soyte)


def test_the_submit_command_refuses_an_officer_of_another_unit(setup, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(excel.template_build(rnd=setup.round, unit=setup.soyte))
    with pytest.raises(CommandError, match="không phải cán bộ"):
        call_command(
            "submit",
            str(path),
            round=setup.round.pk,
            unit="so-y-te",
            user=setup.p.reporter_taichinh.username,
        )


def test_a_task_row_with_three_bad_cells_lists_all_three_errors(setup, client_as):
    """One upload names every error of a row (status, date, % done), not only the first."""
    client = client_as(setup.p.reporter_soyte)
    wb = excel_download(client, setup)
    tasks = wb["Nhiệm vụ"]
    tasks.cell(row=2, column=5, value="Gần xong")  # not a status of the list
    tasks.cell(row=2, column=10, value="cuối năm")  # not a date
    response = excel_upload(client, setup, workbook_bytes(wb))
    assert response.status_code == 400
    columns = {e.column for e in response.context["errors"] if e.row == 2}
    assert {"E (Tình trạng)", "J (Dự kiến hoàn thành (dd/mm/yyyy))"} <= columns, columns
    assert not TaskUpdate.objects.filter(unit=setup.soyte).exists()


def test_an_edit_to_a_sent_task_update_is_refused_with_why_not_counted_unchanged(setup, client_as):
    client = client_as(setup.p.reporter_soyte)
    wb = excel_download(client, setup)
    tasks = wb["Nhiệm vụ"]
    tasks.cell(row=2, column=5, value="Đang triển khai")
    tasks.cell(row=2, column=6, value=40)
    tasks.cell(row=2, column=7, value="Đã xây dựng dự thảo")
    assert excel_upload(client, setup, workbook_bytes(wb), submit=True).status_code == 302
    update = TaskUpdate.objects.get(unit=setup.soyte, task=setup.task)
    assert update.state == "pending_approval"

    # The same file again: nothing changed, counted "không đổi", no error.
    again = excel_download(client, setup)
    assert excel_upload(client, setup, workbook_bytes(again)).status_code == 302
    # An edit to the sent row: refused with the reason and what to do.
    again["Nhiệm vụ"].cell(row=2, column=6, value=70)
    response = excel_upload(client, setup, workbook_bytes(again))
    assert response.status_code == 400
    (error,) = response.context["errors"]
    assert error.row == 2 and "đã gửi" in error.reason and "trả lại" in error.reason
    update.refresh_from_db()
    assert update.percent_done == 40
