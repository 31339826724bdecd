"""Excel round trip: a unit's prefilled template for a round, and its upload (all or nothing).

An upload is checked before openpyxl parses it (`workbook_read`, with `core.uploads.zip_check`):
file size, entries, uncompressed sizes and ratios, each part's size (the sheets, the shared
strings), no DTD or entity in any part; then, while reading, each cell's length and the rows.
Every text written into a workbook is a text cell that Excel never evaluates (`_as_text`).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dxtrack.core import uploads
from dxtrack.core.vn import format_number
from dxtrack.registry.models import Indicator, Program, Unit
from dxtrack.reporting import rules, selectors, services
from dxtrack.reporting.models import Assignment, Observation, Round, TaskUpdate
from dxtrack.reporting.workflow import EDITABLE, Actor

SHEET_HELP = "Hướng dẫn"
SHEET_VALUES = "Chỉ số"
SHEET_TASKS = "Nhiệm vụ"
VALUE_COLUMNS = [
    "Mã",
    "STT",
    "Chỉ số",
    "Đơn vị tính",
    "Giá trị các kỳ trước",
    "Chỉ tiêu",
    "Giá trị kỳ này",
    "Ghi chú, giải trình",
    "Phiên bản",
]
TASK_COLUMNS = [
    "Mã",
    "STT",
    "Nhiệm vụ",
    "Vai trò",
    "Tình trạng",
    "% hoàn thành",
    "Kết quả thực hiện",
    "Khó khăn, vướng mắc",
    "Kiến nghị, đề xuất",
    "Dự kiến hoàn thành (dd/mm/yyyy)",
    "Phiên bản",
    # After "Phiên bản" so that a template downloaded before these two columns still reads.
    "Ngày hoàn thành (dd/mm/yyyy)",
    "Kinh phí đã giải ngân, lũy kế (đồng)",
]
TASK_COMPLETED_ON = "Ngày hoàn thành (dd/mm/yyyy)"
TASK_DISBURSED = "Kinh phí đã giải ngân, lũy kế (đồng)"
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")


def _progress_labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return {str(label): value for value, label in TaskUpdate.Progress.choices}


# The workbook is a Vietnamese form: its list of progress labels is Vietnamese whatever the page's
# language (the model's labels are lazy, translated on the English pages); an upload accepts both.
PROGRESS_BY_LABEL = _progress_labels("vi")
PROGRESS_LABEL_OF = {value: label for label, value in PROGRESS_BY_LABEL.items()}
PROGRESS_BY_ANY_LABEL = {**_progress_labels("en"), **PROGRESS_BY_LABEL}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL_CHARS = 32767  # Excel's own limit of a cell's text
MAX_ENTRIES = 1000  # parts of the package (openpyxl writes 10, Excel about 15)
MAX_RATIO = 100  # uncompressed / compressed, of each part above 1 MiB and of the whole
# Text starting with one of these is a formula (or starts one) to Excel and other spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

INSTRUCTIONS = [
    "Cách điền biểu mẫu",
    "1. Chỉ điền vào các ô nền vàng. Không sửa cột “Mã” và “Phiên bản”, không đổi tên các trang tính.",
    "2. Trang “Chỉ số”: nhập “Giá trị kỳ này” là một số (dấu phẩy thập phân, ví dụ 12,5). Tỷ lệ % nhập "
    "từ 0 đến 100 (không nhập dấu %); số đếm là số nguyên không âm; thứ hạng là số nguyên từ 1.",
    "3. Số liệu lũy kế thấp hơn kỳ trước, hoặc giá trị bất thường so với các kỳ trước của đơn vị, "
    "phải có “Ghi chú, giải trình”.",
    "4. Trang “Nhiệm vụ”: chọn “Tình trạng” trong danh sách; “% hoàn thành” từ 0 đến 100; nhiệm vụ "
    "“Đã hoàn thành” cần “Ngày hoàn thành” (không sau ngày nạp) và tệp minh chứng đính kèm trên "
    "hệ thống trước khi gửi; “Kinh phí đã giải ngân” là số tiền lũy kế bằng đồng (ví dụ "
    "1.250.000.000 hoặc 1,25 tỷ).",
    "5. Để trống dòng nào thì dòng đó không được nạp. Khi nạp, mọi dòng đều được kiểm tra; nếu có "
    "lỗi, hệ thống liệt kê từng lỗi (trang, dòng, cột, lý do) và không lưu gì cả.",
    "6. Nạp tệp tại trang “Báo cáo” của đơn vị, hoặc bằng lệnh: dxtrack submit --round <số kỳ> "
    "--unit <mã đơn vị> <tệp>.xlsx",
]


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"Trang “{self.sheet}”, dòng {self.row}, cột {self.column}: {self.reason}"


class WorkbookInvalid(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__(f"{len(errors)} lỗi")
        self.errors = errors


def _col(columns: list[str], name: str) -> str:
    index = columns.index(name) + 1
    return f"{get_column_letter(index)} ({name})"


def _previous_text(observations) -> str:
    return "; ".join(f"{o.period}: {format_number(o.value)}" for o in observations[:4])


def _targets_text(targets) -> str:
    return "; ".join(
        f"{t.get_comparator_display()} {format_number(t.value)} {t.unit}".strip()
        + (f" (năm {t.year})" if t.year else "")
        for t in targets[:3]
    )


def _value_row(
    n: int,
    a: Assignment,
    item: Observation | None,
    *,
    unit: Unit,
    period: str,
    programs: list[Program],
) -> list[Any]:
    """A row of sheet "Chỉ số": what the unit reported before and the targets, beside the cells
    it fills in."""
    indicator = cast(Indicator, a.indicator)
    previous = selectors.previous_values(indicator=indicator, unit=unit, period=period)
    return [
        f"I-{a.indicator_id}",
        n,
        indicator.name,
        indicator.unit,
        _previous_text(previous),
        _targets_text(selectors.targets_of(indicator=indicator, programs=programs)),
        item.value if item else None,
        item.note if item else None,
        item.version if item else 0,
    ]


def _task_row(n: int, a: Assignment, item: TaskUpdate | None) -> list[Any]:
    """A row of sheet "Nhiệm vụ"."""
    return [
        f"T-{a.task_id}",
        n,
        str(a.task),
        a.get_role_display(),
        PROGRESS_LABEL_OF.get(item.progress, item.progress) if item else None,
        item.percent_done if item else None,
        item.narrative if item else None,
        item.difficulties if item else None,
        item.proposals if item else None,
        item.expected_completion.strftime("%d/%m/%Y")
        if item and item.expected_completion
        else None,
        item.version if item else 0,
        item.completed_on.strftime("%d/%m/%Y") if item and item.completed_on else None,
        item.disbursed if item else None,
    ]


def _as_text(wb: Any) -> None:
    """Every text cell of the workbook stays text: openpyxl writes a string starting with "=" as a
    live formula; such a string (and one starting with + - @, a tab or a CR) is written as a text
    cell with Excel's quote prefix (what typing '=1+1 does), so Excel shows it and never evaluates
    it, and it reads back as the same text. Numbers and dates are not touched."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def template_build(*, rnd: Round, unit: Unit) -> bytes:
    rows = selectors.workspace_rows(rnd=rnd, unit=unit)
    programs = list(rnd.programs.all())
    wb = Workbook()
    help_ws = wb.active
    help_ws.title = SHEET_HELP
    help_ws["A1"] = f"Biểu mẫu báo cáo — {rnd.title}"
    help_ws["A1"].font = Font(bold=True, size=14)
    meta = [
        ("Kỳ báo cáo (mã)", rnd.pk),
        ("Kỳ", rnd.period),
        ("Đơn vị (mã)", unit.code),
        ("Tên đơn vị", unit.name),
        ("Hạn gửi", rnd.due_date.strftime("%d/%m/%Y")),
        (
            "Số liệu tính từ",
            f"{rnd.window_start:%d/%m/%Y} đến {rnd.window_end:%d/%m/%Y} (Nghị định 09/2019/NĐ-CP)",
        ),
    ]
    for i, (label, value) in enumerate(meta, start=3):
        help_ws.cell(row=i, column=1, value=label).font = Font(bold=True)
        help_ws.cell(row=i, column=2, value=value)
    for i, line in enumerate(INSTRUCTIONS, start=3 + len(meta) + 1):
        help_ws.cell(row=i, column=1, value=line).font = Font(bold=(i == 3 + len(meta) + 1))
    help_ws.column_dimensions["A"].width = 30
    help_ws.column_dimensions["B"].width = 60

    values = wb.create_sheet(SHEET_VALUES)
    values.append(VALUE_COLUMNS)
    tasks = wb.create_sheet(SHEET_TASKS)
    tasks.append(TASK_COLUMNS)
    n_values = n_tasks = 0
    for row in rows:
        if row.assignment.kind == Assignment.Kind.INDICATOR:
            n_values += 1
            item = row.item if isinstance(row.item, Observation) else None
            values.append(
                _value_row(
                    n_values,
                    row.assignment,
                    item,
                    unit=unit,
                    period=rnd.period,
                    programs=programs,
                )
            )
        else:
            n_tasks += 1
            update = row.item if isinstance(row.item, TaskUpdate) else None
            tasks.append(_task_row(n_tasks, row.assignment, update))
    for ws, inputs, widths in (
        (values, (7, 8), [10, 5, 60, 14, 28, 28, 16, 40, 9]),
        (tasks, (5, 6, 7, 8, 9, 10, 12, 13), [10, 5, 60, 18, 18, 12, 40, 30, 30, 16, 9, 16, 20]),
    ):
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = HEAD_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for r in range(2, ws.max_row + 1):
            for c in inputs:
                ws.cell(row=r, column=c).fill = INPUT_FILL
                ws.cell(row=r, column=c).protection = Protection(locked=False)
            ws.cell(row=r, column=3).alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "C2"
    if n_tasks:
        choices = DataValidation(
            type="list",
            formula1='"' + ",".join(PROGRESS_BY_LABEL) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Tình trạng",
            error="Chọn một giá trị trong danh sách.",
        )
        tasks.add_data_validation(choices)
        choices.add(f"E2:E{n_tasks + 1}")
        percent = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            showErrorMessage=True,
            error="% hoàn thành phải từ 0 đến 100.",
        )
        tasks.add_data_validation(percent)
        percent.add(f"F2:F{n_tasks + 1}")
        for r in range(2, n_tasks + 2):
            tasks.cell(row=r, column=13).number_format = "#,##0"
    _as_text(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value):
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _version(value):
    if _blank(value):
        return 0
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(value) from None
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


@dataclass
class ImportResult:
    values: int = 0
    tasks: int = 0
    unchanged: int = 0


@dataclass
class _Upload:
    """What the sheet readers share: the unit's assignments and current items, the errors found
    (every row is checked before anything is saved) and the counts."""

    submit: bool
    assignments: dict[tuple[str, int], Assignment]
    current: dict[tuple[str, int], Observation | TaskUpdate]
    errors: list[CellError] = field(default_factory=list)
    result: ImportResult = field(default_factory=ImportResult)

    @classmethod
    def read(cls, *, rnd: Round, unit: Unit, submit: bool) -> _Upload:
        assignments = {
            (a.kind, _item_id(a)): a
            for a in Assignment.objects.filter(round=rnd, unit=unit).select_related(
                "indicator", "task", "round", "unit"
            )
        }
        current = {
            (row.assignment.kind, _item_id(row.assignment)): row.item
            for row in selectors.workspace_rows(rnd=rnd, unit=unit)
            if row.item is not None
        }
        return cls(submit=submit, assignments=assignments, current=current)


def _item_id(assignment: Assignment) -> int:
    return cast(int, assignment.indicator_id or assignment.task_id)


@dataclass
class _Sheet:
    """One data sheet being read: its rows, and its errors named by row and column."""

    name: str
    columns: list[str]
    prefix: str  # of the codes in column "Mã": "I-" (indicator) or "T-" (task)
    kind: str
    upload: _Upload
    seen: set[int] = field(default_factory=set)

    def bad(self, row: int, column: str, reason: str) -> None:
        self.upload.errors.append(CellError(self.name, row, _col(self.columns, column), reason))

    def rows(self, ws: Any) -> Iterator[tuple[int, list[Any]]]:
        """(row number, cells padded to the sheet's columns) of each data row."""
        for r, row in enumerate(_parsed_rows(ws, min_row=2, max_col=len(self.columns)), start=2):
            if r > MAX_ROWS:
                self.bad(r, "Mã", f"Quá nhiều dòng (tối đa {MAX_ROWS - 1} dòng số liệu).")
                return
            long = [
                (name, len(value))
                for name, value in zip(self.columns, row, strict=False)
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS
            ]
            for name, length in long:
                self.bad(
                    r,
                    name,
                    f"Ô dài {format_number(length)} ký tự, tối đa {format_number(MAX_CELL_CHARS)}.",
                )
            if not long:
                yield r, list(row) + [None] * (len(self.columns) - len(row))

    def assignment(self, r: int, code: object) -> Assignment | None:
        """The assignment a row's code names, once per sheet; None (with the error) if not."""
        text = _text(code)
        number = text[len(self.prefix) :]
        if not text.startswith(self.prefix) or not number.isdigit():
            self.bad(r, "Mã", f"Mã “{text}” không hợp lệ (không sửa cột Mã).")
            return None
        a = self.upload.assignments.get((self.kind, int(number)))
        if a is None:
            self.bad(r, "Mã", f"Mã “{text}” không có trong phân công của đơn vị ở kỳ này.")
        return a

    def first(self, r: int, a: Assignment) -> bool:
        """Whether this is the first row of the assignment (a second is an error)."""
        if a.pk in self.seen:
            self.bad(r, "Mã", "Dòng trùng mã với một dòng phía trên.")
            return False
        self.seen.add(a.pk)
        return True

    def version(self, r: int, value: object) -> int | None:
        try:
            return _version(value)
        except ValueError:
            self.bad(r, "Phiên bản", "Phiên bản phải là số nguyên (không sửa cột này).")
            return None


ValuePlan = tuple[Assignment, object, str, int | None]
TaskPlan = tuple[Assignment, services.TaskUpdateData, int | None]


def _values_sheet(ws: Any, upload: _Upload) -> list[ValuePlan]:
    """The rows of sheet "Chỉ số" to save: (assignment, value, note, version)."""
    sheet = _Sheet(SHEET_VALUES, VALUE_COLUMNS, "I-", Assignment.Kind.INDICATOR, upload)
    plan: list[ValuePlan] = []
    for r, row in sheet.rows(ws):
        code, value, note, version = row[0], row[6], _text(row[7]), row[8]
        if _blank(code) and _blank(value):
            continue
        a = sheet.assignment(r, code)
        if a is None or _blank(value) or not sheet.first(r, a):
            continue
        item = cast(Observation | None, upload.current.get((sheet.kind, _item_id(a))))
        given_version = sheet.version(r, version)
        if given_version is None:
            continue
        parsed, findings = services.observation_check(assignment=a, value=value, note=note)
        if item is not None and item.state not in EDITABLE:
            if parsed is not None and parsed == item.value and note == item.note:
                upload.result.unchanged += 1
            else:
                sheet.bad(
                    r, "Giá trị kỳ này", "Số liệu đã gửi hoặc đã được chấp nhận, không thể sửa."
                )
            continue
        current_version = item.version if item else 0
        if current_version != given_version:
            sheet.bad(
                r,
                "Phiên bản",
                f"Số liệu đã được cập nhật sau khi tải biểu mẫu (phiên bản hiện tại "
                f"{current_version}, tệp ghi {given_version}): tải lại biểu mẫu.",
            )
            continue
        for f in findings:
            if f.blocking:
                sheet.bad(
                    r, "Ghi chú, giải trình" if f.field == "note" else "Giá trị kỳ này", f.message
                )
        if item is not None and parsed == item.value and note == item.note and not upload.submit:
            upload.result.unchanged += 1
            continue
        plan.append((a, value, note, given_version if item else None))
    return plan


def _tasks_sheet(ws: Any, upload: _Upload) -> list[TaskPlan]:
    """The rows of sheet "Nhiệm vụ" to save: (assignment, update, version)."""
    sheet = _Sheet(SHEET_TASKS, TASK_COLUMNS, "T-", Assignment.Kind.TASK, upload)
    plan: list[TaskPlan] = []
    for r, row in sheet.rows(ws):
        code, label, percent, expected, version = row[0], row[4], row[5], row[9], row[10]
        if _blank(code) and _blank(label):
            continue
        a = sheet.assignment(r, code)
        if a is None or _blank(label) or not sheet.first(r, a):
            continue
        item = cast(TaskUpdate | None, upload.current.get((sheet.kind, _item_id(a))))
        # Every cell of the row is checked before the row is left out, so one upload lists all
        # its errors (not one per upload).
        errors_before = len(upload.errors)
        progress = PROGRESS_BY_ANY_LABEL.get(_text(label))
        if progress is None:
            sheet.bad(
                r,
                "Tình trạng",
                f"“{_text(label)}” không có trong danh sách: {', '.join(PROGRESS_BY_LABEL)}.",
            )
        given_version = sheet.version(r, version)
        expected_date = None
        try:
            expected_date = _date(expected)
        except ValueError:
            sheet.bad(
                r,
                "Dự kiến hoàn thành (dd/mm/yyyy)",
                f"“{_text(expected)}” không phải ngày dạng dd/mm/yyyy.",
            )
        if progress is None or given_version is None or len(upload.errors) > errors_before:
            continue
        if item is not None and item.state not in EDITABLE:
            if _same_task_update(item, progress=progress, percent=percent, row=row):
                upload.result.unchanged += 1
            else:
                sheet.bad(
                    r,
                    "Tình trạng",
                    "Báo cáo tiến độ này đã gửi hoặc đã được chấp nhận, không sửa được qua Excel; "
                    "nếu cần sửa, đề nghị cơ quan điều phối trả lại rồi gửi lại.",
                )
            continue
        current_version = item.version if item else 0
        if current_version != given_version:
            sheet.bad(
                r,
                "Phiên bản",
                f"Báo cáo đã được cập nhật sau khi tải biểu mẫu (phiên bản hiện tại "
                f"{current_version}, tệp ghi {given_version}): tải lại biểu mẫu.",
            )
        _, findings = rules.check_task_update(
            progress=progress,
            percent_done=percent,
            submitting=upload.submit,
            evidence_count=item.evidence.count() if item is not None else 0,
        )
        completed_on, disbursed = row[11], row[12]
        findings += rules.check_task_facts(
            progress=progress,
            completed_on=completed_on,
            disbursed=disbursed,
            today=timezone.localdate(),
        )[2]
        columns = {
            "evidence": "Tình trạng",
            "completed_on": TASK_COMPLETED_ON,
            "disbursed": TASK_DISBURSED,
        }
        for f in findings:
            if f.blocking:
                sheet.bad(r, columns.get(f.field, "% hoàn thành"), f.message)
        if len(upload.errors) > errors_before:
            continue
        data = services.TaskUpdateData(
            progress=progress,
            percent_done=percent,
            narrative=_text(row[6]),
            difficulties=_text(row[7]),
            proposals=_text(row[8]),
            expected_completion=expected_date,
            note=item.note if item else "",
            completed_on=completed_on,
            disbursed=disbursed,
        )
        plan.append((a, data, given_version if item else None))
    return plan


def _same_task_update(item: TaskUpdate, *, progress: str, percent: object, row: list[Any]) -> bool:
    """Whether a row says what the stored (sent) task update says: then it is "không đổi",
    else it is an edit the unit can no longer make."""
    try:
        given = None if _blank(percent) else rules.parse_number(percent)
    except (TypeError, ValueError):
        return False
    return (
        progress == item.progress
        and given == item.percent_done
        and _text(row[6]) == item.narrative
        and _text(row[7]) == item.difficulties
        and _text(row[8]) == item.proposals
    )


UNREADABLE = "Không đọc được tệp: cần tệp Excel .xlsx tải từ hệ thống."


def xlsx_limits() -> uploads.ZipLimits:
    """The limits of an uploaded .xlsx before it is parsed (settings EXCEL_MAX_*)."""
    return uploads.ZipLimits(
        max_entries=MAX_ENTRIES,
        max_total_bytes=settings.EXCEL_MAX_UNZIPPED_BYTES,
        max_entry_bytes=settings.EXCEL_MAX_PART_BYTES,
        max_ratio=MAX_RATIO,
        markup=True,
    )


def _file_error(reason: str) -> WorkbookInvalid:
    return WorkbookInvalid([CellError("(tệp)", 0, "-", reason)])


def workbook_read(data: bytes) -> Any:
    """The one reader of an uploaded .xlsx: checked (size, package, parts, markup) before
    openpyxl opens it read-only; WorkbookInvalid with a Vietnamese reason otherwise."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _file_error(f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // uploads.MIB} MB).")
    try:
        uploads.zip_check(data, xlsx_limits())
    except uploads.UploadRefused as exc:
        raise _file_error(UNREADABLE if exc.code == "corrupt" else exc.reason) from None
    try:
        return load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError):
        raise _file_error(UNREADABLE) from None


# What openpyxl raises on a sheet it cannot parse (sheets are parsed while they are read).
PARSE_ERRORS = (
    SyntaxError,  # xml.etree.ElementTree.ParseError
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    EOFError,
    OSError,
    zipfile.BadZipFile,
    zlib.error,
)


def _parsed_rows(ws: Any, **bounds: int) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows (values), as openpyxl parses them; an unparsable sheet is a file error,
    not a server error (only openpyxl's own step is guarded, never the caller's code)."""
    rows = ws.iter_rows(values_only=True, **bounds)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except PARSE_ERRORS:
            raise _file_error(UNREADABLE) from None
        yield row


def _workbook_open(data: bytes) -> Any:
    wb = workbook_read(data)
    missing = [
        CellError(name, 0, "-", "Thiếu trang tính này (không đổi tên trang).")
        for name in (SHEET_HELP, SHEET_VALUES, SHEET_TASKS)
        if name not in wb.sheetnames
    ]
    if missing:
        raise WorkbookInvalid(missing)
    return wb


def _workbook_check_owner(wb: Any, *, rnd: Round, unit: Unit) -> None:
    """The file is the template of this round and this unit (sheet "Hướng dẫn")."""
    meta = {
        _text(row[0]): row[1]
        for row in _parsed_rows(wb[SHEET_HELP], min_row=3, max_row=8, max_col=2)
    }
    errors = []
    if _text(meta.get("Kỳ báo cáo (mã)")) != str(rnd.pk):
        errors.append(
            CellError(
                SHEET_HELP,
                3,
                "B",
                f"Tệp là biểu mẫu của kỳ báo cáo khác "
                f"({_text(meta.get('Kỳ báo cáo (mã)'))}), không phải kỳ {rnd.pk}.",
            )
        )
    if _text(meta.get("Đơn vị (mã)")) != unit.code:
        errors.append(
            CellError(
                SHEET_HELP,
                5,
                "B",
                f"Tệp là biểu mẫu của đơn vị khác "
                f"({_text(meta.get('Đơn vị (mã)'))}), không phải {unit.code}.",
            )
        )
    if errors:
        raise WorkbookInvalid(errors)


def workbook_import(
    *,
    acting_user: Actor,
    rnd: Round,
    unit: Unit,
    data: bytes,
    submit: bool = False,
    via: str = "excel",
) -> ImportResult:
    """Validate every row of an uploaded template; save all rows, or nothing (WorkbookInvalid)."""
    wb = _workbook_open(data)
    _workbook_check_owner(wb, rnd=rnd, unit=unit)
    upload = _Upload.read(rnd=rnd, unit=unit, submit=submit)
    plan_values = _values_sheet(wb[SHEET_VALUES], upload)
    plan_tasks = _tasks_sheet(wb[SHEET_TASKS], upload)
    if upload.errors:
        raise WorkbookInvalid(upload.errors)
    result = upload.result
    try:
        with transaction.atomic():
            for a, value, note, version in plan_values:
                services.observation_save(
                    acting_user=acting_user,
                    assignment=a,
                    value=value,
                    note=note,
                    version=version,
                    submit=submit,
                    via=via,
                )
                result.values += 1
            for a, update, version in plan_tasks:
                services.task_update_save(
                    acting_user=acting_user,
                    assignment=a,
                    data=update,
                    version=version,
                    submit=submit,
                    via=via,
                )
                result.tasks += 1
    except services.ReportingError as exc:
        # A race or a lock between checking and saving: nothing was saved.
        raise WorkbookInvalid([CellError("(tệp)", 0, "-", exc.message)]) from None
    return result
