"""Quick exports: the leader downloads every table of the overview, a program page, the rankings
and a round's completeness as XLSX and CSV, with the page's figures; the public gets only what
its page shows; simulated figures are marked; formula-like text stays text; odd input is a 404,
never a 500."""

import csv
import io
from datetime import date
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dxtrack.evaluation import services as evaluation
from dxtrack.evaluation.models import TargetEvaluation
from dxtrack.outputs import exports
from dxtrack.registry.models import Program, Target, Task, TaskUnit, Unit
from dxtrack.reporting.models import Observation, TaskUpdate
from tests.helpers import Setup, make_program, province

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 1, 15)
OVERVIEW = "/bao-cao-tong-hop/xuat/tong-quan"


@pytest.fixture
def evaluated(db):
    evaluation.evaluation_recompute_all(as_of=AS_OF)


class _Tables(HTMLParser):
    """The cells' text of each <table id=…> of a page, row by row (head, body and foot)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id") or "", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(client, url: str, **params) -> dict[str, list[list[str]]]:
    response = client.get(url, params)
    assert response.status_code == 200
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def csv_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the BOM
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def data_rows(rows: list[list], width: int) -> list[list]:
    """The table's rows: up to the empty line that comes before the notes."""
    out = []
    for row in rows:
        if not row or all(c in (None, "") for c in row):
            break
        out.append(list(row)[:width])
    return out


# -- the overview --------------------------------------------------------------------------------


def test_the_public_downloads_the_overviews_pillar_table_with_the_pages_figures(evaluated, client):
    page = page_tables(client, "/tong-quan/")["pillar-targets"]
    response = client.get(f"{OVERVIEW}/chi-tieu-theo-tru-cot/csv/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="chi-tieu-theo-tru-cot.csv"'
    rows = csv_of(response)
    assert rows[0] == page[0]  # the same Vietnamese headers
    assert rows[0][0] == "Trụ cột"
    assert data_rows(rows[1:], len(page[0])) == page[1:]  # body and the total line, cell by cell
    assert any("Đánh giá đến ngày" in " ".join(r) for r in rows)


def test_the_xlsx_keeps_numbers_as_numbers_under_a_bold_frozen_header(evaluated, client):
    page = page_tables(client, "/tong-quan/")["pillar-tasks"]
    ws = xlsx_of(client.get(f"{OVERVIEW}/nhiem-vu-theo-tru-cot/xlsx/"))
    header = [c.value for c in ws[1]]
    assert header == page[0] and all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2" and ws.column_dimensions["A"].width >= 30
    rows = data_rows([[c.value for c in r] for r in ws.iter_rows(min_row=2)], len(header))
    assert all(isinstance(n, int) for row in rows for n in row[1:])
    assert [[str(c) for c in row] for row in rows] == page[1:]
    assert ws.cell(row=2, column=2).number_format == "#,##0"


def test_the_overview_lists_are_exported_whole_not_cut_at_fifty(evaluated, client):
    page = client.get("/tong-quan/", {"tat_ca": "1"}).content.decode()
    n_due = int(page.split('id="n-due-soon">')[1].split("<")[0])
    n_overdue = int(page.split('id="n-overdue">')[1].split("<")[0])
    due = csv_of(client.get(f"{OVERVIEW}/chi-tieu-den-han/csv/"))
    overdue = csv_of(client.get(f"{OVERVIEW}/nhiem-vu-qua-han/csv/"))
    assert len(data_rows(due[1:], 5)) == n_due
    assert len(data_rows(overdue[1:], 5)) == n_overdue


def test_the_public_export_leaves_out_a_draft_program_the_coordinator_sees(
    evaluated, client_as, personas
):
    draft = make_program(key="nhap-xuat", number="99/KH-NHAP", title="Dự thảo", status="draft")
    Task.objects.create(program=draft, order=1, name="Nhiệm vụ của dự thảo", end_year=2020)
    evaluation.evaluation_recompute_all(as_of=AS_OF)

    def total(user) -> int:
        rows = csv_of(client_as(user).get(f"{OVERVIEW}/nhiem-vu-theo-tru-cot/csv/"))
        exported = int(next(r for r in rows[1:] if r and r[0] == "Tổng")[-1])
        shown = page_tables(client_as(user), "/tong-quan/")["pillar-tasks"][-1][-1]
        assert str(exported) == shown  # each persona's file holds what its page shows
        return exported

    published = Task.objects.filter(program__status=Program.Status.PUBLISHED).count()
    assert total(None) == published
    assert total(personas.coordinator) >= published


# -- a program page ------------------------------------------------------------------------------


def test_a_program_export_has_every_target_with_the_pages_values(evaluated, client):
    program = max(Program.objects.filter(status="published"), key=lambda p: p.targets.count())
    page = page_tables(client, f"/tong-quan/chuong-trinh/{program.pk}/")["program-targets"]
    ws = xlsx_of(client.get(f"/bao-cao-tong-hop/xuat/chuong-trinh/{program.pk}/chi-tieu/xlsx/"))
    header = [c.value for c in ws[1]]
    rows = data_rows([[c.value for c in r] for r in ws.iter_rows(min_row=2)], len(header))
    assert len(rows) == program.targets.count()  # every page of 50, not the first
    latest = header.index("Giá trị mới nhất")
    status = header.index("Trạng thái")
    evaluations = TargetEvaluation.objects.filter(target__program=program)
    assert sorted(str(r[status]) for r in rows) == sorted(str(e.label) for e in evaluations)
    # The page's first rows, figure by figure: its latest value and status.
    for shown, row in zip(page[1:], rows, strict=False):
        if row[latest] is not None:
            assert isinstance(row[latest], (int, float))
            assert shown[2].startswith(exports.format_number(row[latest]))
        assert shown[5] == row[status]


def test_a_draft_program_cannot_be_exported_by_the_public(evaluated, client_as, personas):
    draft = make_program(key="nhap-2", number="98/KH-NHAP", title="Dự thảo hai", status="draft")
    url = f"/bao-cao-tong-hop/xuat/chuong-trinh/{draft.pk}/nhiem-vu/csv/"
    assert client_as(None).get(url).status_code == 404
    assert client_as(personas.coordinator).get(url).status_code == 200


def test_a_simulated_value_is_marked_in_the_export(evaluated, client):
    target = Target.objects.filter(
        program__status="published", indicator__observations__isnull=True
    ).first()
    Observation.objects.create(
        indicator=target.indicator,
        unit=province(),
        period="2025",
        value=12,
        state="accepted",
        source_kind="report",
        simulated=True,
    )
    evaluation.evaluation_recompute_all(as_of=AS_OF)
    latest = TargetEvaluation.objects.get(target=target).latest_period
    url = f"/bao-cao-tong-hop/xuat/chuong-trinh/{target.program_id}/chi-tieu/csv/"
    rows = csv_of(client.get(url))
    header = rows[0]
    marked = [r for r in rows[1:] if len(r) == len(header) and r[header.index("Số liệu")]]
    assert latest == "2025"  # the simulated value is the target's only one
    assert marked and all(r[header.index("Số liệu")] == exports.SIMULATED for r in marked)
    assert all(r[header.index("Kỳ của giá trị")] == "Năm 2025" for r in marked)
    assert any(exports.SIMULATED_NOTE in " ".join(r) for r in rows)


def test_formula_like_text_is_written_as_text(evaluated, client):
    program = Program.objects.filter(status="published").first()
    task = Task.objects.create(
        program=program, order=999, name='=HYPERLINK("http://x","bấm")', end_year=2030
    )
    TaskUnit.objects.create(
        task=task, unit=Unit.objects.get(code="so-y-te"), role="lead", written_name="-Sở Y tế"
    )
    evaluation.evaluation_recompute_all(as_of=AS_OF)
    base = f"/bao-cao-tong-hop/xuat/chuong-trinh/{program.pk}/nhiem-vu"
    rows = csv_of(client.get(f"{base}/csv/"))
    assert ["'" + task.name] == [c for r in rows for c in r if "HYPERLINK" in c]
    ws = xlsx_of(client.get(f"{base}/xlsx/"))
    cells = [
        c for r in ws.iter_rows() for c in r if isinstance(c.value, str) and "HYPER" in c.value
    ]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [(task.name, "s", True)]
    assert not [c for r in ws.iter_rows() for c in r if c.data_type == "f"]


# -- rankings and completeness -------------------------------------------------------------------


def test_the_rankings_export_equals_the_ranking_table(evaluated, client):
    params = {"group": "commune", "period": "2025Q4"}
    page = page_tables(client, "/tong-quan/xep-hang/", **params)["ranking"]
    response = client.get("/bao-cao-tong-hop/xuat/xep-hang/csv/", params)
    rows = csv_of(response)
    assert 'filename="xep-hang-commune-2025Q4.csv"' in response["Content-Disposition"]
    body = data_rows(rows[1:], 7)
    assert len(body) == len(page) - 1
    for shown, row in zip(page[1:], body, strict=True):
        rank, unit, score = shown[0], shown[1], shown[2]
        assert (row[0] or "—", row[1]) == (rank, unit)
        assert (exports.format_number(float(row[3]), 2) if row[3] else "—") == score


def test_a_round_completeness_is_for_the_coordinator_not_for_a_unit(client_as, personas):
    setup = Setup(personas)
    url = f"/bao-cao-tong-hop/xuat/ky/{setup.round.pk}/tien-do/xlsx/"
    assert client_as(None).get(url).status_code == 403
    assert client_as(personas.reporter_soyte).get(url).status_code == 403
    page = page_tables(
        client_as(personas.coordinator), f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/tien-do/"
    )["completeness"]
    ws = xlsx_of(client_as(personas.leader).get(url))
    header = [c.value for c in ws[1]]
    rows = data_rows([[c.value for c in r] for r in ws.iter_rows(min_row=2)], len(header))
    assert len(rows) == len(page) - 1
    by_unit = {r[0]: r for r in rows}
    for shown in page[1:]:
        row = by_unit[shown[0]]
        assert [str(n) for n in row[2:8]] == shown[1:7]  # expected, sent, accepted, …
        assert row[9] == shown[8]


@pytest.mark.parametrize(
    "url",
    [
        f"{OVERVIEW}/chi-tieu-theo-tru-cot/pdf/",
        f"{OVERVIEW}/khong-co/csv/",
        f"{OVERVIEW}/chi-tieu-theo-tru-cot/csv/?as_of=2026-13-40",
        "/bao-cao-tong-hop/xuat/chuong-trinh/999999/chi-tieu/csv/",
        "/bao-cao-tong-hop/xuat/xep-hang/csv/?group=nope",
        "/bao-cao-tong-hop/xuat/xep-hang/xlsx/?period=Quy%20V",
        "/bao-cao-tong-hop/xuat/ky/999999/tien-do/csv/",
        "/bao-cao-tong-hop/xuat/ky/99999999999999999999999/tien-do/csv/",
        "/bao-cao-tong-hop/xuat/chuong-trinh/99999999999999999999999/chi-tieu/xlsx/",
        "/bao-cao-tong-hop/xuat/xep-hang/csv/?period=2026Q9",
    ],
)
def test_odd_input_is_a_vietnamese_404_never_a_500(evaluated, client_as, personas, url):
    response = client_as(personas.coordinator).get(url)
    assert response.status_code == 404


def test_every_dashboard_table_has_its_download_links(evaluated, client):
    page = client.get("/tong-quan/").content.decode()
    for name in ("chi-tieu-theo-tru-cot", "nhiem-vu-theo-tru-cot", "chi-tieu-den-han"):
        assert f"/xuat/tong-quan/{name}/xlsx/" in page and f"/xuat/tong-quan/{name}/csv/" in page
    assert page.count("Tải Excel") == 4 and page.count("Tải CSV") == 4
    ranking = client.get("/tong-quan/xep-hang/").content.decode()
    assert "/bao-cao-tong-hop/xuat/xep-hang/xlsx/?group=department" in ranking


def test_an_accepted_simulated_task_report_marks_the_task(evaluated, client):
    task = Task.objects.filter(
        program__status="published", task_units__role=TaskUnit.Role.LEAD
    ).first()
    lead = task.task_units.filter(role=TaskUnit.Role.LEAD).first().unit
    TaskUpdate.objects.create(
        task=task,
        unit=lead,
        period="2025Q4",
        progress="in_progress",
        percent_done=30,
        state="accepted",
        reviewed_at=timezone.now(),
        simulated=True,
    )
    table = exports.program_tables(program=task.program, as_of=None)["nhiem-vu"]
    header = [c.header for c in table.columns]
    row = next(r for r in table.rows if r[header.index("Mã")] == task.code and r[2] == task.name)
    assert row[header.index("Số liệu")] == exports.SIMULATED
    assert exports.SIMULATED_NOTE in table.notes
