"""Quick exports: every table the leaders read on the dashboards, as XLSX and CSV.

Each table is built from the same selector the page reads (`evaluation.selectors.overview`,
`program_dashboard`, `ranking`, `reporting.selectors.completeness`), with the same access rules,
so the file holds the page's figures: the overview's and a program's tables for the programs the
user may see, the ranking of a group and period, a round's completeness for those who follow
rounds. The lists the page cuts (the overview's 50 first, the program's pages of 50) are exported
whole.

A figure read from a simulated value (the demo's history, `Observation.simulated`) carries the
mark "Mô phỏng" in its own column, and the file says the table holds simulated data.

Writers: `csv_rows` streams a CSV (UTF-8 with a BOM, so that Excel reads the Vietnamese; comma
separated, decimal point, ISO dates: a file for machines as well as for Excel) and `xlsx_bytes`
writes a workbook (bold, wrapped header, column widths, frozen header, numbers as numbers with a
Vietnamese display format). Text that a spreadsheet would take as a formula (starting with
= + - @, a tab or a CR) is kept as text: in the workbook by the Excel template's own escape
(`reporting.excel`), in the CSV with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dxtrack.core.comparators import words as comparator_words
from dxtrack.core.models import ReviewState
from dxtrack.core.numbers import format_number
from dxtrack.core.periods import Period
from dxtrack.core.templatetags.vn import period_label
from dxtrack.evaluation import selectors as ev
from dxtrack.evaluation.templatetags.evaluation_labels import component_label
from dxtrack.registry.models import Program
from dxtrack.reporting import selectors as reporting
from dxtrack.reporting.excel import FORMULA_START, _as_text
from dxtrack.reporting.models import Observation, Round, TaskUpdate

# Marked for translation here, translated where a table is built (in the request's language).
SIMULATED = gettext_noop("Mô phỏng")
SIMULATED_NOTE = gettext_noop(
    "Bảng có số liệu mô phỏng (dữ liệu trình diễn), đánh dấu “Mô phỏng” ở cột “Số liệu”: "
    "không dùng cho báo cáo chính thức."
)
SIMULATED_COUNTS_NOTE = gettext_noop(
    "Một số trạng thái được tính từ số liệu mô phỏng (dữ liệu trình diễn): không dùng cho báo "
    "cáo chính thức."
)
HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
#: Excel's limit of a sheet's name.
SHEET_NAME_MAX = 31
Cell = str | int | float | date | None


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    #: "text", "int", "number" (decimals) or "date": how the workbook shows the cell.
    kind: str = "text"


@dataclass
class Table:
    """One exported table: its file name (ASCII), title, columns and rows (cells in order)."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def simulated(self) -> None:
        if _(SIMULATED_NOTE) not in self.notes:
            self.notes.append(_(SIMULATED_NOTE))


# -- the tables ----------------------------------------------------------------------------------


def _simulated_pairs(indicator_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(indicator, period) of the accepted values the demo simulated."""
    return set(
        Observation.objects.filter(
            indicator_id__in=set(indicator_ids), simulated=True, state=ReviewState.ACCEPTED
        ).values_list("indicator_id", "period")
    )


def _simulated_tasks(task_ids: Iterable[int]) -> set[int]:
    """The tasks with an accepted progress report the demo simulated."""
    return set(
        TaskUpdate.objects.filter(
            task_id__in=set(task_ids), simulated=True, state=ReviewState.ACCEPTED
        ).values_list("task_id", flat=True)
    )


def _simulated_units(unit_ids: Iterable[int]) -> set[int]:
    """The units with an accepted value or progress report the demo simulated: their scores
    rest on simulated data."""
    ids = set(unit_ids)
    accepted = {"simulated": True, "state": ReviewState.ACCEPTED, "unit_id__in": ids}
    return set(Observation.objects.filter(**accepted).values_list("unit_id", flat=True)) | set(
        TaskUpdate.objects.filter(**accepted).values_list("unit_id", flat=True)
    )


def _mark(table: Table, simulated: bool) -> str:
    if simulated:
        table.simulated()
        return _(SIMULATED)
    return ""


def _goal(target: Any) -> str:
    comparator = comparator_words(target.comparator, "vi")
    value = format_number(target.value) if target.value is not None else ""
    return " ".join(part for part in (comparator, value, target.unit or "") if part)


def _as_of_note(as_of: date | None) -> str:
    return _("Đánh giá đến ngày %(day)s.") % {"day": f"{as_of:%d/%m/%Y}"} if as_of else ""


def _status_counts(
    name: str, title: str, statuses: Sequence[tuple[str, Any]], pillars: list, key: str
) -> Table:
    columns = [Column(_("Trụ cột"), 36)]
    columns += [Column(str(label), 14, "int") for _s, label in statuses]
    columns.append(Column(_("Tổng"), 10, "int"))
    table = Table(name, title, columns)
    totals = [0] * (len(statuses) + 1)
    for p in pillars:
        counts = list(p[key]) + [p[f"{key}_total"]]
        table.rows.append([str(p["label"]), *counts])
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    table.rows.append([_("Tổng"), *totals])
    return table


def overview_tables(*, user: Any, as_of: date | None) -> dict[str, Table]:
    """The overview's four tables, by their name in the URL."""
    data = ev.overview(user=user, as_of=as_of, full_lists=True)
    note = _as_of_note(data["as_of"])
    targets = _status_counts(
        "chi-tieu-theo-tru-cot",
        _("Số chỉ tiêu theo trụ cột và trạng thái"),
        data["target_statuses"],
        data["pillars"],
        "targets",
    )
    tasks = _status_counts(
        "nhiem-vu-theo-tru-cot",
        _("Số nhiệm vụ theo trụ cột và trạng thái"),
        data["task_statuses"],
        data["pillars"],
        "tasks",
    )
    due = Table(
        "chi-tieu-den-han",
        _("Chỉ tiêu có thời hạn trong 12 tháng tới và trạng thái hiện nay"),
        [
            Column(_("Thời hạn"), 12, "date"),
            Column(_("Chỉ tiêu"), 60),
            Column(_("Mục tiêu"), 24),
            Column(_("Chương trình"), 40),
            Column(_("Trạng thái"), 20),
            Column(_("Số liệu"), 12),
        ],
    )
    due_pairs = _simulated_pairs(t.indicator_id for _d, t, _e in data["due_soon"])
    for deadline, t, evaluation in data["due_soon"]:
        due.rows.append(
            [
                deadline,
                t.subject or t.indicator.name,
                _goal(t),
                str(t.program),
                str(evaluation.label),
                _mark(due, (t.indicator_id, evaluation.latest_period or "") in due_pairs),
            ]
        )
    overdue = Table(
        "nhiem-vu-qua-han",
        _("Nhiệm vụ đã quá thời hạn mà chưa hoàn thành, quá hạn lâu nhất trước"),
        [
            Column(_("Mã"), 10),
            Column(_("Nhiệm vụ"), 60),
            Column(_("Chương trình"), 40),
            Column(_("Thời hạn"), 20),
            Column(_("Giải thích"), 60),
        ],
    )
    for t, evaluation in data["overdue_tasks"]:
        overdue.rows.append(
            [t.code, t.name, str(t.program), t.timeframe or "", evaluation.explanation_text]
        )
    tables = {t.name: t for t in (targets, tasks, due, overdue)}
    any_simulated = _any_simulated()
    for t in tables.values():
        t.notes.append(note)
        if any_simulated and t in (targets, tasks):
            t.notes.append(_(SIMULATED_COUNTS_NOTE))
    return tables


def _any_simulated() -> bool:
    accepted = {"simulated": True, "state": ReviewState.ACCEPTED}
    return (
        Observation.objects.filter(**accepted).exists()
        or TaskUpdate.objects.filter(**accepted).exists()
    )


def _rest_of(program: Program, as_of: date | None, first: dict, kind: str) -> list[Any]:
    """The (target or task, evaluation) rows of the program page's pages after the first, as
    the page shows them (each page is one cached read)."""
    rows: list[Any] = []
    for page in range(2, first[f"{kind}_page"]["num_pages"] + 1):
        pages = {"target_page": page, "task_page": 1}
        if kind == "tasks":
            pages = {"target_page": 1, "task_page": page}
        rows += ev.program_dashboard(program=program, as_of=as_of, **pages)[kind]
    return rows


def program_tables(*, program: Program, as_of: date | None) -> dict[str, Table]:
    """The program page's three tables (its targets and tasks whole, not a page of them)."""
    first = ev.program_dashboard(program=program, as_of=as_of)
    note = _as_of_note(first["as_of"])
    counts = Table(
        "so-chi-tieu-theo-trang-thai",
        _("Số chỉ tiêu theo trạng thái"),
        [Column(_("Trạng thái"), 30), Column(_("Số chỉ tiêu"), 12, "int")],
    )
    counts.rows = [[str(r["label"]), r["n"]] for r in first["target_counts"]]
    targets = Table(
        "chi-tieu",
        _("Trạng thái từng chỉ tiêu, giá trị mới nhất, tỷ lệ so với mục tiêu"),
        [
            Column(_("STT"), 6, "int"),
            Column(_("Chỉ tiêu"), 60),
            Column(_("Mục tiêu"), 24),
            Column(_("Thời hạn"), 10),
            Column(_("Giá trị mới nhất"), 14, "number"),
            Column(_("Kỳ của giá trị"), 16),
            Column(_("Số liệu"), 12),
            Column(_("Tỷ lệ so với mục tiêu (R)"), 14, "number"),
            Column(_("Cần đạt đến nay"), 14, "number"),
            Column(_("Trạng thái"), 20),
            Column(_("Giải thích"), 60),
        ],
    )
    target_rows = list(first["targets"]) + _rest_of(program, as_of, first, "targets")
    simulated = _simulated_pairs(t.indicator_id for t, _e in target_rows)
    for n, (t, evaluation) in enumerate(target_rows, start=1):
        period = evaluation.latest_period or ""
        mark = _mark(targets, (t.indicator_id, period) in simulated)
        targets.rows.append(
            [
                n,
                t.subject or t.indicator.name,
                _goal(t),
                (f"Q{t.quarter}/" if t.quarter else "") + (str(t.year) if t.year else ""),
                evaluation.latest_value,
                _period_label(period),
                mark,
                evaluation.progress_ratio,
                evaluation.expected_now,
                str(evaluation.label),
                evaluation.explanation_text,
            ]
        )
    tasks = Table(
        "nhiem-vu",
        _("Trạng thái từng nhiệm vụ"),
        [
            Column(_("STT"), 6, "int"),
            Column(_("Mã"), 10),
            Column(_("Nhiệm vụ"), 60),
            Column(_("Chủ trì"), 30),
            Column(_("Thời gian"), 20),
            Column(_("% hoàn thành"), 12, "number"),
            Column(_("Số liệu"), 12),
            Column(_("Trạng thái"), 20),
            Column(_("Giải thích"), 60),
        ],
    )
    task_rows = list(first["tasks"]) + _rest_of(program, as_of, first, "tasks")
    simulated_tasks = _simulated_tasks(t.pk for t, _e in task_rows)
    for n, (t, evaluation) in enumerate(task_rows, start=1):
        leads = "; ".join(tu.unit.short_name or tu.unit.name for tu in t.leads())
        tasks.rows.append(
            [
                n,
                t.code,
                t.name,
                leads,
                t.timeframe or "",
                evaluation.percent_done,
                _mark(tasks, t.pk in simulated_tasks),
                str(evaluation.label),
                evaluation.explanation_text,
            ]
        )
    tables = {t.name: t for t in (counts, targets, tasks)}
    for t in tables.values():
        t.notes.append(f"{program}. {note}")
    return tables


def _period_label(code: str) -> str:
    if not code:
        return ""
    return str(period_label(code))  # in the download's language


def _change(row: Any) -> str:
    """The ranking's "Thay đổi" column as the page writes it."""
    if row.change is None:
        return _("mới") if row.previous_rank is None and row.rank else "—"
    if row.change > 0:
        return f"↑ {row.change}"
    if row.change < 0:
        return f"↓ {-row.change}"
    return "="


def _part(component: Any, name: str) -> Any:
    """A scorecard component's number: a stored dict or a computed `ScoreComponent`."""
    return component.get(name) if isinstance(component, dict) else getattr(component, name, None)


def ranking_table(*, group: str, period: Period) -> Table:
    data = ev.ranking(group=group, period=period)
    table = Table(
        f"xep-hang-{group}-{period.code}",
        _("Xếp hạng %(group)s, %(period)s")
        % {"group": str(ev.GROUP_LABELS[group]).lower(), "period": period_label(period.code)},
        [
            Column(_("Hạng"), 8, "int"),
            Column(_("Đơn vị"), 40),
            Column(_("Mã đơn vị"), 24),
            Column(_("Điểm"), 10, "number"),
            Column(_("Thay đổi"), 10),
            Column(_("Thành phần"), 70),
            Column(_("Số liệu"), 12),
        ],
    )
    simulated = _simulated_units(r.unit_id for r in data["rows"])
    for r in data["rows"]:
        card = r.scorecard
        components = "; ".join(
            f"{component_label(c)} {_part(c, 'numerator')}/{_part(c, 'denominator')}"
            for c in (card.components if card is not None else [])
        )
        score = round(r.score, 2) if r.score is not None else None
        mark = _mark(table, r.unit_id in simulated)
        table.rows.append([r.rank, r.unit.name, r.unit.code, score, _change(r), components, mark])
    table.notes.append(str(data["formula"]))
    if data["computed"]:
        table.notes.append(_("Tính tại chỗ, chưa lưu."))
    return table


def completeness_table(*, rnd: Round) -> Table:
    rows = reporting.completeness(rnd=rnd)
    table = Table(
        f"tien-do-gui-bao-cao-ky-{rnd.pk}",
        _("Tình hình gửi báo cáo — %(round)s") % {"round": rnd.title},
        [
            Column(_("Đơn vị"), 40),
            Column(_("Mã đơn vị"), 24),
            Column(_("Phải gửi"), 10, "int"),
            Column(_("Đã gửi"), 10, "int"),
            Column(_("Đã chấp nhận"), 12, "int"),
            Column(_("Bị trả lại"), 10, "int"),
            Column(_("Chờ lãnh đạo đơn vị duyệt"), 14, "int"),
            Column(_("Gửi trễ"), 10, "int"),
            Column(_("Lần gửi gần nhất"), 18),
            Column(_("Đúng hạn?"), 16),
        ],
    )
    for s in rows.values():
        last = timezone.localtime(s.last_submitted_at) if s.last_submitted_at else None
        table.rows.append(
            [
                s.unit.name,
                s.unit.code,
                s.expected,
                s.submitted,
                s.accepted,
                s.returned,
                s.awaiting_approval,
                s.late,
                f"{last:%d/%m/%Y %H:%M}" if last else "",
                s.status_label(rnd),
            ]
        )
    table.notes.append(_("Hạn gửi: %(day)s.") % {"day": f"{rnd.due_date:%d/%m/%Y}"})
    return table


# -- the writers ---------------------------------------------------------------------------------


def _csv_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # OWASP: a spreadsheet shows it, never evaluates it
    return value


class _Line:
    """A file-like target for csv.writer that hands back each line written."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text


def csv_rows(table: Table) -> Iterator[str]:
    """The table as CSV, line by line (for a streaming response): a BOM, the header, the rows,
    then the notes, each on a line of its own after an empty one."""
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")

    def emit(cells: Sequence[Any]) -> str:
        line.text = ""
        writer.writerow([_csv_cell(c) for c in cells])
        return line.text

    yield "\ufeff" + emit([c.header for c in table.columns])
    for row in table.rows:
        yield emit(row)
    notes = [n for n in table.notes if n]
    if notes:
        yield emit([])
        for note in notes:
            yield emit([note])


NUMBER_FORMATS = {"int": "#,##0", "number": "#,##0.0##", "date": "DD/MM/YYYY"}


def xlsx_bytes(table: Table) -> bytes:
    """The table as a one-sheet workbook, the notes below it."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(table.title)
    ws.append([c.header for c in table.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        ws.append([_xlsx_cell(v) for v in row])
    for i, column in enumerate(table.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = column.width
        number_format = NUMBER_FORMATS.get(column.kind)
        if number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = number_format
        elif column.width >= 40:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    first_note = ws.max_row + 2  # after an empty row
    for i, note in enumerate(n for n in table.notes if n):
        ws.cell(row=first_note + i, column=1, value=note)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _as_text(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: Cell) -> Cell:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\ and at most 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip() or "Bảng"
    return cleaned[:SHEET_NAME_MAX].rstrip()


TableBuilder = Callable[[], Table]
