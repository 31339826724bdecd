"""Fixtures of the report tests: the Thái Nguyên demo with the units' accepted Q3 progress
reports on three tasks (one simulated), evaluated as of today, and the coordinator's draft."""

import os
from types import SimpleNamespace

import pytest
from django.utils import timezone

from dxtrack.evaluation.compute import today
from dxtrack.evaluation.services import evaluation_recompute_all
from dxtrack.outputs import pdf, render, services
from dxtrack.registry.models import Program, Task, TaskUnit
from dxtrack.reporting.models import TaskUpdate

PERIOD = "2026Q3"


def accepted_update(task: Task, **fields) -> TaskUpdate:
    """An accepted progress report of the task's lead unit for 2026Q3 (stored without a hook)."""
    lead = task.task_units.filter(role=TaskUnit.Role.LEAD).first()
    assert lead is not None
    fields = {
        "progress": "in_progress",
        "percent_done": 40,
        "state": "accepted",
        "reviewed_at": timezone.now(),
        **fields,
    }
    return TaskUpdate.objects.create(task=task, unit=lead.unit, period=PERIOD, **fields)


@pytest.fixture
def q3(personas):
    """Three tasks of the province's published programs with accepted Q3 reports: words, a
    difficulty and a proposal, a disbursement; the third simulated."""
    tasks = list(
        Task.objects.filter(
            program__status=Program.Status.PUBLISHED, task_units__role=TaskUnit.Role.LEAD
        )
        .distinct()
        .order_by("program__issued_on", "program_id", "order")[:3]
    )
    updates = [
        accepted_update(
            tasks[0],
            narrative="đã đưa 120 thủ tục lên cổng dịch vụ công",
            difficulties="Thiếu kinh phí duy trì hệ thống.",
            proposals='=HYPERLINK("http://x") bổ sung kinh phí',
            disbursed=1_500_000_000,
        ),
        accepted_update(
            tasks[1],
            narrative="hoàn thành khảo sát",
            difficulties="thiếu kinh phí duy trì hệ thống",
        ),
        accepted_update(
            tasks[2], narrative="mô phỏng tiến độ", disbursed=250_000_000, simulated=True
        ),
    ]
    evaluation_recompute_all(as_of=today())
    return SimpleNamespace(tasks=tasks, updates=updates, as_of=today(), personas=personas)


@pytest.fixture
def draft(q3):
    return services.report_create(
        actor=q3.personas.coordinator, kind="quarter", period=PERIOD, as_of=q3.as_of
    )


@pytest.fixture(autouse=True)
def _pdf_only_where_asked(request, monkeypatch):
    """LibreOffice takes seconds to start: a test converts to PDF only when it asks for the
    `libreoffice` fixture; elsewhere a report is issued with its DOCX and XLSX."""
    if "libreoffice" not in request.fixturenames:
        monkeypatch.setattr(render, "soffice_path", lambda: None)


@pytest.fixture(scope="session")
def pdf_converter_dir(tmp_path_factory):
    """The resident PDF converter of this test run: its own folder (never the shared var/pdf),
    stopped at the end so that no LibreOffice outlives the tests."""
    folder = tmp_path_factory.mktemp("pdf", numbered=True)
    previous = os.environ.get("REPORT_PDF_DIR")
    os.environ["REPORT_PDF_DIR"] = str(folder)
    yield folder
    pdf.server_stop(folder)
    if previous is None:
        os.environ.pop("REPORT_PDF_DIR", None)
    else:
        os.environ["REPORT_PDF_DIR"] = previous


@pytest.fixture
def libreoffice(pdf_converter_dir):
    if render.soffice_path() is None:
        pytest.fail("LibreOffice not found: run `make pdf-tools`")
