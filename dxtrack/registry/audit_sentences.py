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
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dxtrack.core import vn
from dxtrack.core.models import AuditLog, ReviewState
from dxtrack.core.templatetags.vn import period_label, vnnum
from dxtrack.core.text import shorten_text as shorten

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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
OBJECTS: dict[str, StrOrPromise] = {
    "observation": pgettext_lazy("nhật ký", "số liệu"),
    "task_update": pgettext_lazy("nhật ký", "báo cáo tiến độ"),
    "round": pgettext_lazy("nhật ký", "kỳ báo cáo"),
    "assignment": pgettext_lazy("nhật ký", "phân công"),
    "program": pgettext_lazy("nhật ký", "chương trình"),
    "review": pgettext_lazy("nhật ký", "kết quả nhập văn bản"),
    "unit": pgettext_lazy("nhật ký", "đơn vị"),
    "indicator": pgettext_lazy("nhật ký", "chỉ số"),
    "report": pgettext_lazy("nhật ký", "báo cáo tổng hợp"),
    "reminder": pgettext_lazy("nhật ký", "lời nhắc"),
    "evidence": pgettext_lazy("nhật ký", "minh chứng"),
    "api_token": pgettext_lazy("nhật ký", "khoá truy cập API"),
    "user": pgettext_lazy("nhật ký", "tài khoản"),
    "demo": pgettext_lazy("nhật ký", "dữ liệu mô phỏng"),
    "evaluation": pgettext_lazy("nhật ký", "kết quả đánh giá"),
    "amendment": pgettext_lazy("nhật ký", "điều chỉnh chương trình"),
}

#: What the action's last part did, in the past tense.
VERBS: dict[str, StrOrPromise] = {
    "save": _("đã lưu"),
    "submit": _("đã gửi"),
    "send_for_approval": _("đã gửi lãnh đạo đơn vị duyệt"),
    "approve": _("đã ký duyệt"),
    "unit_return": _("đã trả lại cho người nhập (lãnh đạo đơn vị)"),
    "accept": _("đã chấp nhận"),
    "return": _("đã trả lại"),
    "correct": _("đã nhập, sửa"),
    "create": _("đã tạo"),
    "update": _("đã sửa"),
    "delete": _("đã xoá"),
    "open": _("đã mở"),
    "close": _("đã đóng"),
    "reopen": _("đã mở lại"),
    "publish": _("đã công bố"),
    "unpublish": _("đã thôi công bố"),
    "load": _("đã nạp"),
    "add": _("đã thêm"),
    "remove": _("đã gỡ"),
    "issue": _("đã ban hành"),
    "supersede": _("đã thay thế"),
    "recompute": _("đã tính lại"),
    "recompute_all": _("đã tính lại toàn bộ"),
    "send": _("đã gửi"),
    "revoke": _("đã thu hồi"),
    "auto_create": _("đã tự thêm"),
    "alias_add": _("đã thêm tên gọi khác cho"),
    "paragraph_edit": _("đã sửa đoạn văn của"),
}

#: Whole actions that read better as their own phrase than as verb + object.
PHRASES: dict[str, StrOrPromise] = {
    "user.create_demo": _("đã tạo tài khoản dùng thử"),
    "demo.simulate_round": _("đã mô phỏng một kỳ báo cáo"),
    "demo.simulation_remove": _("đã xoá dữ liệu mô phỏng"),
    "review.checklist": _("đã đánh dấu danh mục kiểm tra"),
    "review.agency_map": _("đã gán cơ quan cho"),
    "review.agency_keep": _("đã giữ tên cơ quan trong"),
    "review.indicator_confirm": _("đã xác nhận chỉ số trong"),
    "review.indicator_create": _("đã tạo chỉ số trong"),
    "review.indicator_rename": _("đã đổi tên chỉ số trong"),
    "review.target_create": _("đã thêm chỉ tiêu vào"),
    "review.target_update": _("đã sửa chỉ tiêu trong"),
    "review.target_delete": _("đã xoá chỉ tiêu khỏi"),
    "review.task_create": _("đã thêm nhiệm vụ vào"),
    "review.task_update": _("đã sửa nhiệm vụ trong"),
    "review.task_delete": _("đã xoá nhiệm vụ khỏi"),
    "review.program_update": _("đã sửa thông tin văn bản"),
    "review.agency_merge": _("đã gộp tên cơ quan trong"),
    "review.agency_split": _("đã tách tên cơ quan trong"),
    "review.version_accept": _("đã nhận phiên bản mới của văn bản trong"),
    # An amendment (điều chỉnh, bổ sung) of a published program, issue 14.
    "amendment.start": _("đã bắt đầu điều chỉnh, bổ sung chương trình"),
    "amendment.target_update": _("đã sửa theo văn bản điều chỉnh chỉ tiêu"),
    "amendment.target_add": _("đã bổ sung theo văn bản điều chỉnh chỉ tiêu"),
    "amendment.target_repeal": _("đã bãi bỏ theo văn bản điều chỉnh chỉ tiêu"),
    "amendment.task_update": _("đã sửa theo văn bản điều chỉnh nhiệm vụ"),
    "amendment.task_add": _("đã bổ sung theo văn bản điều chỉnh nhiệm vụ"),
    "amendment.task_repeal": _("đã bãi bỏ theo văn bản điều chỉnh nhiệm vụ"),
    "amendment.publish": _("đã công bố bản điều chỉnh, bổ sung của chương trình"),
    "program.admin_amendment_discard": _("đã bỏ bản điều chỉnh (chưa công bố) của chương trình"),
    "observation.admin_amendment_merge": _("đã thêm số liệu của văn bản điều chỉnh vào"),
    "indicator.responsibility_set": _("đã giao trách nhiệm báo cáo"),
    "indicator.aggregation_set": _("đã đặt cách tổng hợp"),
    "reminder.send": _("đã gửi lời nhắc"),
    "evaluation.recompute_all": _("đã tính lại toàn bộ kết quả đánh giá"),
    "correct": _("đã sửa"),
}

#: The filter's "Thao tác" select: a label and the action suffixes it covers.
ACTION_CHOICES: tuple[tuple[str, StrOrPromise, tuple[str, ...]], ...] = (
    ("save", _("Lưu"), ("save",)),
    ("submit", _("Gửi"), ("submit", "send_for_approval", "send")),
    ("approve", _("Ký duyệt (đơn vị)"), ("approve",)),
    ("accept", _("Chấp nhận"), ("accept",)),
    ("return", _("Trả lại"), ("return", "unit_return")),
    ("correct", _("Nhập, sửa trực tiếp"), ("correct",)),
    (
        "create",
        _("Tạo, thêm"),
        ("create", "add", "load", "auto_create", "alias_add", "start", "target_add", "task_add"),
    ),
    (
        "update",
        _("Sửa"),
        (
            "update",
            "paragraph_edit",
            "responsibility_set",
            "aggregation_set",
            "target_update",
            "task_update",
        ),
    ),
    (
        "delete",
        _("Xoá, gỡ"),
        (
            "delete",
            "remove",
            "revoke",
            "simulation_remove",
            "target_repeal",
            "task_repeal",
            "admin_amendment_discard",
        ),
    ),
    ("state", _("Mở, đóng, công bố"), ("open", "close", "reopen", "publish", "unpublish", "issue")),
)

#: The filter's "Đối tượng" select.
OBJECT_CHOICES: tuple[tuple[str, StrOrPromise], ...] = tuple(
    (key, capfirst(label)) for key, label in OBJECTS.items()
)

#: Field names of the before/after pictures, in words.
FIELDS: dict[str, StrOrPromise] = {
    "value": _("giá trị"),
    "note": _("ghi chú"),
    "state": _("trạng thái"),
    "status": _("trạng thái"),
    "progress": _("tình trạng"),
    "percent_done": _("% hoàn thành"),
    "narrative": _("kết quả thực hiện"),
    "difficulties": _("khó khăn"),
    "proposals": _("kiến nghị"),
    "expected_completion": _("dự kiến hoàn thành"),
    "completed_on": _("ngày hoàn thành"),
    "disbursed": _("kinh phí đã giải ngân"),
    "name": _("tên"),
    "short_name": _("tên viết tắt"),
    "title": _("tên"),
    "period": _("kỳ"),
    "due_date": _("hạn gửi"),
    "role": _("vai trò"),
    "aggregation": _("cách tổng hợp"),
    "comparator": _("so sánh"),
    "year": _("năm"),
    "number": _("số hiệu"),
    "assignments": _("số phân công"),
    "repealed_by": _("bãi bỏ theo"),
    "document_number": _("số hiệu văn bản điều chỉnh"),
    "document_date": _("ngày văn bản điều chỉnh"),
    "version": _("phiên bản"),
    "accepted": _("thay đổi được áp dụng"),
}

# Values that are codes: their words (reporting's progress is named here, see the docstring).
VALUES: dict[str, StrOrPromise] = {
    **{str(value): label for value, label in ReviewState.choices},
    "not_started": _("Chưa triển khai"),
    "in_progress": _("Đang triển khai"),
    "completed": _("Đã hoàn thành"),
    "stopped": _("Tạm dừng"),
    "draft": _("Bản nháp"),
    "published": _("Đã công bố"),
    "open": _("Đang mở"),
    "closed": _("Đã đóng"),
    "issued": _("Đã ban hành"),
    "report": _("báo cáo"),
    "comment": _("góp ý"),
}

#: The actor of the rows no person wrote (loads, the nightly evaluation).
_SYSTEM = "hệ thống"
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
    """The period in the page's language ("Quý IV năm 2026", "Q4 2026")."""
    return str(period_label(code))


def value_words(value: Any, key: str = "") -> str:
    """One stored value as the page shows it: numbers in Vietnamese, dates dd/mm/yyyy, codes in
    words, lists and pictures summarised, never a Python literal."""
    if value is None or value == "":
        return gettext("(trống)")
    if key == "year":
        return str(value)
    if key == "period":
        return _period_words(str(value))
    if isinstance(value, bool):
        return gettext("có") if value else gettext("không")
    if isinstance(value, (int, float)):
        return str(vnnum(value))
    if isinstance(value, (list, tuple)):
        if not value:
            return gettext("(trống)")
        return ngettext("%(n)s mục", "%(n)s mục", len(value)) % {"n": len(value)}
    if isinstance(value, Mapping):
        return ngettext("%(n)s thông tin", "%(n)s thông tin", len(value)) % {"n": len(value)}
    text = str(value)
    if text in VALUES:
        return str(VALUES[text])
    if _DATE.match(text):
        return vn.format_date_short(date.fromisoformat(text))
    if re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        return str(vnnum(float(text)))
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
            lines.append(f"{FIELDS[key]}: {value_words(old, key)} → {gettext('(xoá)')}")
    if len(lines) > _MAX_CHANGES:
        rest = len(lines) - _MAX_CHANGES
        more = ngettext("và %(n)s thay đổi khác", "và %(n)s thay đổi khác", rest) % {"n": rest}
        lines = [*lines[:_MAX_CHANGES], more]
    return lines


def _verb_and_object(action: str) -> tuple[str, str]:
    if action in PHRASES:
        head = action.split(".", 1)[0]
        return str(PHRASES[action]), (
            str(OBJECTS.get(head, "")) if action.startswith("review.") else ""
        )
    head, _sep, verb = action.rpartition(".")
    return (
        str(VERBS.get(verb, _("đã thực hiện thao tác với"))),
        str(OBJECTS.get(head, pgettext_lazy("nhật ký", "mục"))),
    )


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
    actor = row.actor_name or _SYSTEM
    parts = [gettext("hệ thống") if actor == _SYSTEM else actor, verb]
    if noun:
        parts.append(noun)
    if name:
        parts.append(f"«{name}»")
    unit_name = units.get(row.unit_code) if row.unit_code else None
    if unit_name and unit_name not in name:
        parts.append(gettext("của %(unit)s") % {"unit": unit_name})
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
