"""The living demo's issued report (`dxtrack demo_report`, run by `dxtrack demo`): the
coordinator's quarterly report of the province for the last full quarter, issued with its files
and marked as resting on simulated figures; run again it changes nothing; `--remove` (the demo's
`--no-sample`) takes it away with the simulation, and without simulated data none is made."""

import io
import re
from io import StringIO

import pdfplumber
import pytest
from django.core.management import call_command
from docx import Document

from dxtrack.core.models import AuditLog
from dxtrack.outputs.management.commands.demo_report import last_full_quarter
from dxtrack.outputs.models import Report
from dxtrack.registry.models import Indicator
from tests.helpers import accepted_value, province

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo_report", "--as", "coordinator-t", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def simulated_value(personas):
    indicator = Indicator.objects.order_by("pk").first()
    return accepted_value(
        indicator, province(), last_full_quarter().code, 50, simulated=True, source_kind="report"
    )


def test_the_demo_issues_the_last_quarters_province_report_marked_simulated(
    personas, simulated_value
):
    output = run()
    report = Report.objects.get()
    assert report.state == Report.State.ISSUED
    assert (report.kind, report.scope, report.period) == (
        "quarter",
        "province",
        last_full_quarter().code,
    )
    assert report.snapshot["simulated_any"] is True
    assert report.created_by == personas.coordinator == report.issued_by
    assert {"docx", "xlsx"} <= {f.format for f in report.files.all()}
    assert AuditLog.objects.filter(action="report.issue", object_id=str(report.pk)).exists()
    assert "mô phỏng" in output


def test_the_demo_report_carries_a_small_number_in_the_offices_format_and_stays_simulated(
    personas, simulated_value, client_as
):
    output = run()
    report = Report.objects.get()
    number = re.fullmatch(r"(\d+)/BC-UBND", report.number)
    assert number and 1 <= int(number.group(1)) < 100
    assert report.number in output
    assert report.snapshot["simulated_any"] is True
    row = client_as(personas.leader).get("/bao-cao-tong-hop/").content.decode()
    assert f"<td>{report.number}</td>" in row
    docx = Document(io.BytesIO(bytes(report.files.get(format="docx").content)))
    assert f"Số: {report.number}" in docx.tables[0].rows[0].cells[0].text
    assert any("mô phỏng" in p.text for p in docx.paragraphs) or any(
        "mô phỏng" in c.text for t in docx.tables for r in t.rows for c in r.cells
    )
    assert (
        "mô phỏng"
        in client_as(personas.leader).get(f"/bao-cao-tong-hop/{report.pk}/").content.decode()
    )


def test_the_demo_reports_pdf_prints_its_number(personas, simulated_value, libreoffice):
    run()
    report = Report.objects.get()
    with pdfplumber.open(io.BytesIO(bytes(report.files.get(format="pdf").content))) as pdf:
        first = pdf.pages[0].extract_text_simple()
    assert f"Số: {report.number}" in first


def test_running_it_again_keeps_the_issued_report(personas, simulated_value):
    run()
    first = Report.objects.get()
    assert "giữ nguyên" in run()
    assert list(Report.objects.all()) == [first]


def test_no_sample_removes_the_reports_made_from_simulated_figures(personas, simulated_value):
    run()
    assert Report.objects.count() == 1
    run("--remove")
    assert not Report.objects.exists()


def test_without_simulated_data_no_report_is_made(personas):
    assert "không lập báo cáo mẫu" in run()
    assert not Report.objects.exists()


def test_a_report_not_resting_on_simulated_figures_is_never_removed(personas):
    Report.objects.create(
        kind="quarter",
        period=last_full_quarter().code,
        as_of=last_full_quarter().end,
        title="Báo cáo thật",
        issuer="UBND tỉnh",
        place="Thái Nguyên",
        signer_title="Chủ tịch",
        snapshot={"simulated_any": False},
    )
    run("--remove")
    assert Report.objects.filter(title="Báo cáo thật").exists()
