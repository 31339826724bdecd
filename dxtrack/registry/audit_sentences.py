"""The audit log read as Vietnamese sentences.

An audit row stores machine text (``observation.accept``, ``{"value": 45.5}``, UTC); the
page shows "coordinator đã chấp nhận số liệu «Tỷ lệ …» của Sở Y tế (Quý IV năm 2026): giá
trị 45,5 → 47" at local time. The action code stays in the row (``data-action``) for tools.

The registry sits below reporting (import-linter), so the few reporting words the sentences
need (task progress) are named here; an unknown action or field still reads as a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from dxtrack.core import vn
from dxtrack.core.models import AuditLog, ReviewState
from dxtrack.core.periods import Period
from dxtrack.core.templatetags.vn import shorten_text as shorten

__all__ = [
    "ACTION_CHOICES",
    "OBJECT_CHOICES",
    "AuditSentence",
    "actions_for",
    "local_time",
    "narrow",
    "sentences",
]

#: What the action's first part names, as the sentence's object ("đã gửi số liệu …").
OBJECTS: dict[str, str] = {
    "observation": "số liệu",
    "task_update": "báo cáo tiến độ",
    "round": "kỳ báo cáo",
    "assignment": "phân công",
    "program": "chương trình",
    "review": "kết quả nhập văn bản",
    "unit": "đơn vị",
    "indicator": "chỉ số",
    "report": "báo cáo tổng hợp",
    "reminder": "lời nhắc",
    "evidence": "minh chứng",
    "api_token": "khoá truy cập API",
    "user": "tài khoản",
    "demo": "dữ liệu mô phỏng",
    "evaluation": "kết quả đánh giá",
}

#: What the action's last part did, in the past tense.
VERBS: dict[str, str] = {
    "save": "đã lưu",
    "submit": "đã gửi",
    "send_for_approval": "đã gửi lãnh đạo đơn vị duyệt",
    "approve": "đã ký duyệt",
    "unit_return": "đã trả lại cho người nhập (lãnh đạo đơn vị)",
    "accept": "đã chấp nhận",
    "return": "đã trả lại",
    "correct": "đã nhập, sửa",
    "create": "đã tạo",
    "update": "đã sửa",
    "delete": "đã xoá",
    "open": "đã mở",
    "close": "đã đóng",
    "reopen": "đã mở lại",
    "publish": "đã công bố",
    "unpublish": "đã thôi công bố",
    "load": "đã nạp",
    "add": "đã thêm",
    "remove": "đã gỡ",
    "issue": "đã ban hành",
    "supersede": "đã thay thế",
    "recompute": "đã tính lại",
    "recompute_all": "đã tính lại toàn bộ",
    "send": "đã gửi",
    "revoke": "đã thu hồi",
    "auto_create": "đã tự thêm",
    "alias_add": "đã thêm tên gọi khác cho",
    "paragraph_edit": "đã sửa đoạn văn của",
}

#: Whole actions that read better as their own phrase than as verb + object.
PHRASES: dict[str, str] = {
    "user.create_demo": "đã tạo tài khoản dùng thử",
    "demo.simulate_round": "đã mô phỏng một kỳ báo cáo",
    "demo.simulation_remove": "đã xoá dữ liệu mô phỏng",
    "review.checklist": "đã đánh dấu danh mục kiểm tra",
    "review.agency_map": "đã gán cơ quan cho",
    "review.agency_keep": "đã giữ tên cơ quan trong",
    "review.indicator_confirm": "đã xác nhận chỉ số trong",
    "review.indicator_create": "đã tạo chỉ số trong",
    "review.indicator_rename": "đã đổi tên chỉ số trong",
    "review.target_create": "đã thêm chỉ tiêu vào",
    "review.target_update": "đã sửa chỉ tiêu trong",
    "review.target_delete": "đã xoá chỉ tiêu khỏi",
    "review.task_create": "đã thêm nhiệm vụ vào",
    "review.task_update": "đã sửa nhiệm vụ trong",
    "review.task_delete": "đã xoá nhiệm vụ khỏi",
    "review.program_update": "đã sửa thông tin văn bản",
    "indicator.responsibility_set": "đã giao trách nhiệm báo cáo",
    "indicator.aggregation_set": "đã đặt cách tổng hợp",
    "reminder.send": "đã gửi lời nhắc",
    "evaluation.recompute_all": "đã tính lại toàn bộ kết quả đánh giá",
    "correct": "đã sửa",
}

#: The filter's "Thao tác" select: a label and the action suffixes it covers.
ACTION_CHOICES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("save", "Lưu", ("save",)),
    ("submit", "Gửi", ("submit", "send_for_approval", "send")),
    ("approve", "Ký duyệt (đơn vị)", ("approve",)),
    ("accept", "Chấp nhận", ("accept",)),
    ("return", "Trả lại", ("return", "unit_return")),
    ("correct", "Nhập, sửa trực tiếp", ("correct",)),
    ("create", "Tạo, thêm", ("create", "add", "load", "auto_create", "alias_add")),
    ("update", "Sửa", ("update", "paragraph_edit", "responsibility_set", "aggregation_set")),
    ("delete", "Xoá, gỡ", ("delete", "remove", "revoke", "simulation_remove")),
    ("state", "Mở, đóng, công bố", ("open", "close", "reopen", "publish", "unpublish", "issue")),
)

#: The filter's "Đối tượng" select.
OBJECT_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (key, label[:1].upper() + label[1:]) for key, label in OBJECTS.items()
)

#: Field names of the before/after pictures, in words.
FIELDS: dict[str, str] = {
    "value": "giá trị",
    "note": "ghi chú",
    "state": "trạng thái",
    "status": "trạng thái",
    "progress": "tình trạng",
    "percent_done": "% hoàn thành",
    "narrative": "kết quả thực hiện",
    "difficulties": "khó khăn",
    "proposals": "kiến nghị",
    "expected_completion": "dự kiến hoàn thành",
    "completed_on": "ngày hoàn thành",
    "disbursed": "kinh phí đã giải ngân",
    "name": "tên",
    "short_name": "tên viết tắt",
    "title": "tên",
    "period": "kỳ",
    "due_date": "hạn gửi",
    "role": "vai trò",
    "aggregation": "cách tổng hợp",
    "comparator": "so sánh",
    "year": "năm",
    "number": "số hiệu",
    "assignments": "số phân công",
}

# Values that are codes: their words (reporting's progress is named here, see the docstring).
VALUES: dict[str, str] = {
    **{str(value): str(label) for value, label in ReviewState.choices},
    "not_started": "Chưa triển khai",
    "in_progress": "Đang triển khai",
    "completed": "Đã hoàn thành",
    "stopped": "Tạm dừng",
    "draft": "Bản nháp",
    "published": "Đã công bố",
    "open": "Đang mở",
    "closed": "Đã đóng",
    "report": "báo cáo",
    "comment": "góp ý",
}

_PERIOD_CODE = re.compile(r"\b(\d{4}[SQ][1-4])\b")
_REPR_TAIL = re.compile(r"\s*\((?P<period>\d{4}(?:[SQ]\d|\d\d)?), (?P<unit>[\w.-]+)\)$")
_TASK_TAIL = re.compile(r"\s*—\s*(?P<unit>[\w.-]+) (?P<period>\d{4}(?:[SQ]\d|\d\d)?)$")
# A load's comment is the extraction file it read ("000.json"): nothing for a reader.
_FILE_NAME = re.compile(r"^[\w./-]+\.(?:json|csv|xlsx?|docx?|pdf|txt)$", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_VALUE = 60
_MAX_CHANGES = 3


@dataclass(frozen=True)
class AuditSentence:
    row: AuditLog
    at: str
    text: str
    changes: list[str]
    comment: str


def local_time(moment: datetime) -> str:
    """dd/mm/yyyy HH:MM in the province's time (settings.TIME_ZONE, Asia/Ho_Chi_Minh)."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def actions_for(choice: str) -> tuple[str, ...]:
    """The action suffixes of a "Thao tác" choice; () for an unknown one."""
    for key, _label, suffixes in ACTION_CHOICES:
        if key == choice:
            return suffixes
    return ()


def _period_words(code: str) -> str:
    try:
        return Period.parse(code).label_vi
    except ValueError:
        return code


def value_words(value: Any, key: str = "") -> str:
    """One stored value as the page shows it: numbers in Vietnamese, dates dd/mm/yyyy, codes in
    words, lists and pictures summarised, never a Python literal."""
    if value is None or value == "":
        return "(trống)"
    if key == "year":
        return str(value)
    if key == "period":
        return _period_words(str(value))
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, (int, float)):
        return vn.format_number(value)
    if isinstance(value, (list, tuple)):
        return f"{len(value)} mục" if value else "(trống)"
    if isinstance(value, Mapping):
        return f"{len(value)} thông tin"
    text = str(value)
    if text in VALUES:
        return VALUES[text]
    if _DATE.match(text):
        return vn.format_date_short(date.fromisoformat(text))
    if re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        return vn.format_number(float(text))
    return "«" + shorten(text) + "»"


def change_words(before: Any, after: Any) -> list[str]:
    """The fields that changed: "giá trị 45,5 → 47"; a new row lists what it was given."""
    before = before if isinstance(before, Mapping) else {}
    after = after if isinstance(after, Mapping) else {}
    keys = [k for k in after if k in FIELDS] or [k for k in before if k in FIELDS]
    lines = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if key in before and key in after:
            if old == new:
                continue
            lines.append(f"{FIELDS[key]}: {value_words(old, key)} → {value_words(new, key)}")
        elif key in after:
            if new in (None, "", [], {}):
                continue  # a new row's empty fields say nothing
            lines.append(f"{FIELDS[key]}: {value_words(new, key)}")
        else:
            lines.append(f"{FIELDS[key]}: {value_words(old, key)} → (xoá)")
    if len(lines) > _MAX_CHANGES:
        rest = len(lines) - _MAX_CHANGES
        lines = [*lines[:_MAX_CHANGES], f"và {rest} thay đổi khác"]
    return lines


def _verb_and_object(action: str) -> tuple[str, str]:
    if action in PHRASES:
        head = action.split(".", 1)[0]
        return PHRASES[action], (OBJECTS.get(head, "") if action.startswith("review.") else "")
    head, _, verb = action.rpartition(".")
    return VERBS.get(verb, "đã thực hiện thao tác với"), OBJECTS.get(head, "mục")


def _object_name(row: AuditLog) -> tuple[str, str | None, str | None]:
    """The object's name without the codes its repr carries, the period and the value."""
    text = row.object_repr or ""
    period = value = None
    for pattern in (_REPR_TAIL, _TASK_TAIL):
        match = pattern.search(text)
        if match:
            period = match["period"]
            text = text[: match.start()]
            break
    if row.unit_code and text.startswith(f"{row.unit_code}: "):
        text = text[len(row.unit_code) + 2 :]  # "so-y-te: …" of an assignment
    if row.action.startswith("observation.") and ": " in text:
        text, value = text.rsplit(": ", 1)  # "Tỷ lệ …: 47"
        value = value_words(value)
    text = _PERIOD_CODE.sub(lambda m: _period_words(m.group(1)), text) if period is None else text
    return shorten(text, 90), period, value


def sentence(row: AuditLog, units: Mapping[str, str]) -> AuditSentence:
    verb, noun = _verb_and_object(row.action)
    name, period, value = _object_name(row)
    parts = [row.actor_name or "hệ thống", verb]
    if noun:
        parts.append(noun)
    if name:
        parts.append(f"«{name}»")
    unit_name = units.get(row.unit_code) if row.unit_code else None
    if unit_name and unit_name not in name:
        parts.append(f"của {unit_name}")
    if period:
        parts.append(f"({_period_words(period)})")
    changes = change_words(row.before, row.after)
    if value and not any(c.startswith(f"{FIELDS['value']}:") for c in changes):
        changes.insert(0, f"{FIELDS['value']}: {value}")
    return AuditSentence(
        row=row,
        at=local_time(row.at),
        text=" ".join(parts),
        changes=changes,
        comment="" if _FILE_NAME.match(row.comment.strip()) else row.comment,
    )


def sentences(rows: Iterable[AuditLog], units: Mapping[str, str]) -> list[AuditSentence]:
    return [sentence(row, units) for row in rows]


def narrow(
    rows: QuerySet[AuditLog], *, unit_code: str = "", object_kind: str = "", action: str = ""
) -> QuerySet[AuditLog]:
    """The rows of one unit, one kind of object ("observation") and one kind of action."""
    if unit_code:
        rows = rows.filter(unit_code=unit_code)
    if object_kind in OBJECTS:
        rows = rows.filter(action__startswith=f"{object_kind}.")
    suffixes = actions_for(action)
    if suffixes:
        condition = Q()
        for suffix in suffixes:
            condition |= Q(action__endswith=f".{suffix}") | Q(action=suffix)
        rows = rows.filter(condition)
    return rows
