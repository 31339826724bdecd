"""Validation rules for reported values and task updates: small named rules, in order, as data.

Pure Python apart from Django's gettext (the texts show in English on the English pages), like
the parsers DESIGN.md points to: each rule has a code, a Vietnamese title and description (shown to the coordinator on the rules page), what it applies
to and its outcome:

- ``error``: the value is refused (it cannot even be saved as a draft);
- ``note``: the value is flagged and needs an explanation (ghi chú giải trình) before it can
  be saved; the flag stays on the item for the reviewer;
- ``evidence``: the item cannot be *submitted* without an evidence file.

The per-indicator parameters (measure, range, cumulative) come from `Profile`, derived from the
unit of measure through ``measures.json`` unless the coordinator set an `IndicatorProfile`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import statistics
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dxtrack.core.numbers import group_digits
from dxtrack.core.numbers import parse_typed_number as parse_number

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "MEASURE_LABELS",
    "OUTLIER_MIN_HISTORY",
    "OUTLIER_MZ_THRESHOLD",
    "RULES",
    "RULES_BY_CODE",
    "Finding",
    "Profile",
    "Rule",
    "check_task_facts",
    "check_task_update",
    "check_value",
    "default_profile",
    "measure_for_unit",
    "modified_z",
    "parse_number",
]

#: Iglewicz and Hoaglin (1993): |Mz| > 3.5 marks a potential outlier.
OUTLIER_MZ_THRESHOLD = 3.5
#: Fewer earlier values than this and the outlier rule does not judge.
OUTLIER_MIN_HISTORY = 4

_MEASURES = json.loads((Path(__file__).with_name("measures.json")).read_text(encoding="utf-8"))

MEASURE_LABELS = {
    "percent": _("Tỷ lệ phần trăm"),
    "count": _("Số đếm"),
    "index": _("Chỉ số"),
    "rank": _("Thứ hạng"),
    "amount": _("Đại lượng đo"),
    "rate": _("Tốc độ tăng"),
}


@dataclass(frozen=True)
class Rule:
    code: str
    title: StrOrPromise
    applies_to: StrOrPromise
    description: StrOrPromise
    outcome: str  # error | note | evidence


RULES: list[Rule] = [
    Rule(
        "number",
        _("Giá trị là số"),
        _("Mọi chỉ số"),
        _("Giá trị phải là một số (dấu phẩy hoặc dấu chấm thập phân đều được chấp nhận)."),
        "error",
    ),
    Rule(
        "percent_range",
        _("Tỷ lệ phần trăm trong khoảng 0–100"),
        _("Chỉ số đơn vị tính %"),
        _("Giá trị phải từ 0 đến 100."),
        "error",
    ),
    Rule(
        "count_whole",
        _("Số đếm là số nguyên không âm"),
        _("Chỉ số đếm (doanh nghiệp, người, hệ thống…)"),
        _("Giá trị phải là số nguyên và không âm."),
        "error",
    ),
    Rule(
        "rank_whole",
        _("Thứ hạng là số nguyên từ 1"),
        _("Chỉ số xếp hạng"),
        _("Thứ hạng phải là số nguyên, từ 1 đến giới hạn của chỉ số (mặc định 63)."),
        "error",
    ),
    Rule(
        "index_range",
        _("Chỉ số trong khoảng cho phép"),
        _("Chỉ số tổng hợp (index, điểm)"),
        _(
            "Giá trị phải nằm trong khoảng của chỉ số (mặc định 0–100; điều phối viên có thể đặt khác)."
        ),
        "error",
    ),
    Rule(
        "non_negative",
        _("Đại lượng đo không âm"),
        _("Tốc độ, công suất, số thuê bao/100 dân…"),
        _("Giá trị không được âm."),
        "error",
    ),
    Rule(
        "cumulative_no_fall",
        _("Số liệu lũy kế không giảm"),
        _("Chỉ số được đánh dấu lũy kế"),
        _("Giá trị thấp hơn kỳ trước phải có ghi chú giải trình."),
        "note",
    ),
    Rule(
        "outlier_mz",
        _("Giá trị bất thường so với lịch sử của đơn vị"),
        format_lazy(_("Chỉ số có ít nhất {n} giá trị trước đó của đơn vị"), n=OUTLIER_MIN_HISTORY),
        format_lazy(
            _(
                "Điểm z hiệu chỉnh Mz = 0,6745·(x − trung vị)/MAD (Iglewicz–Hoaglin); |Mz| > "
                "{threshold} bị đánh dấu và cần ghi chú giải trình."
            ),
            threshold=str(OUTLIER_MZ_THRESHOLD).replace(".", ","),
        ),
        "note",
    ),
    Rule(
        "task_percent_range",
        # xgettext:no-python-format
        _("% hoàn thành trong khoảng 0–100"),
        _("Báo cáo tiến độ nhiệm vụ"),
        _("Phần trăm hoàn thành phải từ 0 đến 100; đã hoàn thành thì là 100."),
        "error",
    ),
    Rule(
        "completion_evidence",
        _("Báo cáo hoàn thành phải có minh chứng"),
        _("Báo cáo tiến độ nhiệm vụ"),
        _("Nhiệm vụ báo cáo “Đã hoàn thành” chỉ được gửi khi có ít nhất một tệp minh chứng."),
        "evidence",
    ),
    Rule(
        "task_completed_on",
        _("Ngày hoàn thành của nhiệm vụ đã hoàn thành"),
        _("Báo cáo tiến độ nhiệm vụ"),
        _(
            "Nhiệm vụ báo cáo “Đã hoàn thành” phải ghi ngày hoàn thành, không sau ngày hôm nay; "
            "nhiệm vụ chưa hoàn thành thì để trống."
        ),
        "error",
    ),
    Rule(
        "task_disbursed",
        _("Kinh phí đã giải ngân là số tiền hợp lệ"),
        _("Báo cáo tiến độ nhiệm vụ"),
        _(
            "Lũy kế đến kỳ báo cáo, tính bằng đồng: số nguyên không âm "
            "(ví dụ 1.250.000.000 hoặc 1,25 tỷ)."
        ),
        "error",
    ),
]
RULES_BY_CODE = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class Profile:
    measure: str
    min_value: float | None
    max_value: float | None
    cumulative: bool = False


@dataclass
class Finding:
    """What a rule found: `field` is the form field the message belongs next to."""

    code: str
    field: str
    message: str
    outcome: str
    flag: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.outcome == "error"


@functools.lru_cache(maxsize=1024)
def measure_for_unit(unit: str) -> str:
    key = " ".join((unit or "").lower().split())
    for measure, spec in _MEASURES.items():
        if measure.startswith("_"):
            continue
        if key in spec["units"]:
            return measure
    return "count"


@functools.lru_cache(maxsize=1024)
def default_profile(unit: str, *, cumulative: bool = False) -> Profile:
    measure = measure_for_unit(unit)
    spec = _MEASURES[measure]
    return Profile(measure, spec["min"], spec["max"], cumulative)


def modified_z(x: float, history: list[float]) -> float:
    """Iglewicz–Hoaglin modified z-score of x against the history.

    Mz = 0.6745·(x − median)/MAD. When MAD is 0 (more than half the values equal) the mean
    absolute deviation stands in: Mz = (x − median)/(1.253314·MeanAD); when that is 0 too,
    any other value is infinitely far.
    """
    median = statistics.median(history)
    deviations = [abs(v - median) for v in history]
    mad = statistics.median(deviations)
    if mad > 0:
        return 0.6745 * (x - median) / mad
    mean_ad = statistics.fmean(deviations)
    if mean_ad > 0:
        return (x - median) / (1.253314 * mean_ad)
    return 0.0 if x == median else math.copysign(math.inf, x - median)


def _fmt(x: float) -> str:
    """Up to four decimals as Python rounds them, trailing zeros dropped ("-0" kept): "1.234,5"."""
    return group_digits(f"{x:.4f}".rstrip("0").rstrip("."))


def check_value(
    raw,
    *,
    profile: Profile,
    note: str = "",
    previous: float | None = None,
    previous_period: str = "",
    history: list[float] | None = None,
) -> tuple[float | None, list[Finding]]:
    """Check one indicator value; returns the parsed value and what the rules found."""
    findings: list[Finding] = []
    try:
        value = parse_number(raw)
    except (TypeError, ValueError):
        return None, [
            Finding(
                "number", "value", gettext("“%(raw)s” không phải là số.") % {"raw": raw}, "error"
            )
        ]
    lo, hi = profile.min_value, profile.max_value
    if profile.measure == "percent":
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            findings.append(
                Finding(
                    "percent_range",
                    "value",
                    gettext("Tỷ lệ phải từ %(lo)s đến %(hi)s (%%), nhận được %(value)s.")
                    % {"lo": _fmt(lo or 0), "hi": _fmt(hi or 100), "value": _fmt(value)},
                    "error",
                )
            )
    elif profile.measure == "count":
        if value != int(value) or value < 0:
            findings.append(
                Finding(
                    "count_whole",
                    "value",
                    gettext("Số đếm phải là số nguyên không âm, nhận được %(value)s.")
                    % {"value": _fmt(value)},
                    "error",
                )
            )
    elif profile.measure == "rank":
        if value != int(value) or value < (lo or 1) or (hi is not None and value > hi):
            findings.append(
                Finding(
                    "rank_whole",
                    "value",
                    (
                        gettext(
                            "Thứ hạng phải là số nguyên từ %(lo)s đến %(hi)s, nhận được %(value)s."
                        )
                        if hi is not None
                        else gettext("Thứ hạng phải là số nguyên từ %(lo)s, nhận được %(value)s.")
                    )
                    % {
                        "lo": _fmt(lo or 1),
                        "hi": _fmt(hi) if hi is not None else "",
                        "value": _fmt(value),
                    },
                    "error",
                )
            )
    elif profile.measure == "index":
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            findings.append(
                Finding(
                    "index_range",
                    "value",
                    gettext("Chỉ số phải trong khoảng %(lo)s–%(hi)s, nhận được %(value)s.")
                    % {
                        "lo": _fmt(lo if lo is not None else 0),
                        "hi": _fmt(hi) if hi is not None else "∞",
                        "value": _fmt(value),
                    },
                    "error",
                )
            )
    elif profile.measure == "amount" and (
        value < (lo if lo is not None else 0) or (hi is not None and value > hi)
    ):
        findings.append(
            Finding(
                "non_negative",
                "value",
                gettext("Giá trị không được âm (và không vượt giới hạn), nhận được %(value)s.")
                % {"value": _fmt(value)},
                "error",
            )
        )
    if any(f.blocking for f in findings):
        return value, findings
    has_note = bool((note or "").strip())
    if profile.cumulative and previous is not None and value < previous:
        findings.append(
            Finding(
                "cumulative_no_fall",
                "note",
                gettext(
                    "Số liệu lũy kế giảm từ %(previous)s (%(period)s) xuống %(value)s: "
                    "cần ghi chú giải trình."
                )
                % {"previous": _fmt(previous), "period": previous_period, "value": _fmt(value)},
                "note",
                {
                    "code": "cumulative_no_fall",
                    "previous": previous,
                    "previous_period": previous_period,
                },
            )
        )
    if history and len(history) >= OUTLIER_MIN_HISTORY:
        mz = modified_z(value, history)
        if abs(mz) > OUTLIER_MZ_THRESHOLD:
            # Said plainly: the value, higher or lower, and the range of the unit's earlier
            # values (the score itself is kept in the flag for the reviewer).
            if mz > 0:
                text = gettext(
                    "%(value)s cao hơn nhiều so với các kỳ trước (%(low)s–%(high)s): "
                    "hãy ghi chú giải trình."
                )
            else:
                text = gettext(
                    "%(value)s thấp hơn nhiều so với các kỳ trước (%(low)s–%(high)s): "
                    "hãy ghi chú giải trình."
                )
            findings.append(
                Finding(
                    "outlier_mz",
                    "note",
                    text
                    % {
                        "value": _fmt(value),
                        "low": _fmt(min(history)),
                        "high": _fmt(max(history)),
                    },
                    "note",
                    {
                        "code": "outlier_mz",
                        "mz": None if math.isinf(mz) else round(mz, 3),
                        "median": statistics.median(history),
                        "n": len(history),
                    },
                )
            )
    if not has_note:
        for finding in findings:
            if finding.outcome == "note":
                finding.outcome = "error"  # no explanation given: refused until one is written
    return value, findings


def check_task_update(
    *, progress: str, percent_done, submitting: bool = False, evidence_count: int = 0
) -> tuple[float | None, list[Finding]]:
    findings: list[Finding] = []
    percent = None
    if percent_done not in (None, ""):
        try:
            percent = parse_number(percent_done)
        except (TypeError, ValueError):
            return None, [
                Finding(
                    "task_percent_range",
                    "percent_done",
                    gettext("“%(raw)s” không phải là số.") % {"raw": percent_done},
                    "error",
                )
            ]
        if not 0 <= percent <= 100:
            findings.append(
                Finding(
                    "task_percent_range",
                    "percent_done",
                    gettext("%% hoàn thành phải từ 0 đến 100, nhận được %(value)s.")
                    % {"value": _fmt(percent)},
                    "error",
                )
            )
    if progress == "completed":
        if percent is None:
            percent = 100.0
        elif percent != 100 and not findings:
            findings.append(
                Finding(
                    "task_percent_range",
                    "percent_done",
                    gettext("Nhiệm vụ đã hoàn thành thì %% hoàn thành phải là 100.") % {},
                    "error",
                )
            )
        if submitting and evidence_count == 0:
            findings.append(
                Finding(
                    "completion_evidence",
                    "evidence",
                    gettext(
                        "Báo cáo “Đã hoàn thành” cần ít nhất một tệp minh chứng trước khi gửi."
                    ),
                    "error",
                )
            )
    return percent, findings


# -- a task update's facts: the day it was done and the money disbursed ------------------------

#: The scale words a typed amount may carry ("1,25 tỷ", "650 triệu đồng"), longest first.
MONEY_SCALES = (("triệu", 10**6), ("nghìn", 10**3), ("ngàn", 10**3), ("tỷ", 10**9), ("tỉ", 10**9))
MONEY_SUFFIXES = ("đồng", "vnđ", "vnd", "đ")
#: More than this (a million tỷ đồng) is a typing slip, not a task's spending.
MONEY_MAX = 10**15
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


def money_parse(raw: object) -> int:
    """An amount of money in đồng typed by a person: 1250000000, "1.250.000.000",
    "1 250 000 000 đồng", "1,25 tỷ", "650 triệu"; ValueError with a Vietnamese reason otherwise.
    The result is a whole number of đồng, not negative, at most `MONEY_MAX`."""
    if isinstance(raw, bool):
        raise ValueError(gettext("không phải là số tiền"))
    scale = 1
    if isinstance(raw, int | float):
        number = raw
    else:
        text = " ".join(str(raw).split()).lower()
        for suffix in MONEY_SUFFIXES:
            if text.endswith(suffix):
                text = text[: -len(suffix)].strip()
                break
        for word, size in MONEY_SCALES:
            if text.endswith(word):
                text, scale = text[: -len(word)].strip(), size
                break
        try:
            number = parse_number(text)
        except ValueError:
            raise ValueError(gettext("không phải là số tiền")) from None
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(gettext("không phải là số tiền"))
    # Decimal from the shortest text of the number: 1,25 tỷ is exactly 1 250 000 000 đồng.
    amount = Decimal(repr(number) if isinstance(number, float) else number) * scale
    if amount < 0:
        raise ValueError(gettext("không được âm"))
    if amount != amount.to_integral_value():
        raise ValueError(gettext("phải là số nguyên đồng"))
    if amount > MONEY_MAX:
        raise ValueError(gettext("quá lớn"))
    return int(amount)


def date_parse(raw: object) -> date:
    """A day given as a date, a datetime (a spreadsheet cell) or text dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _given(raw: object) -> bool:
    return raw is not None and not (isinstance(raw, str) and not raw.strip())


def check_task_facts(
    *, progress: str, completed_on: object, disbursed: object, today: date
) -> tuple[date | None, int | None, list[Finding]]:
    """The day a task was done and the money disbursed for it, as a unit gives them:
    (day, amount in đồng, findings). A completed task needs its day, not after `today`; a task
    not completed has none. The amount is optional; given, it is a valid sum of money."""
    findings: list[Finding] = []
    day: date | None = None
    amount: int | None = None
    if _given(completed_on):
        try:
            day = date_parse(completed_on)
        except ValueError:
            findings.append(
                Finding(
                    "task_completed_on",
                    "completed_on",
                    gettext("Ngày hoàn thành “%(raw)s” không phải ngày dạng dd/mm/yyyy.")
                    % {"raw": str(completed_on)[:40]},
                    "error",
                )
            )
        else:
            if day > today:
                findings.append(
                    Finding(
                        "task_completed_on",
                        "completed_on",
                        gettext(
                            "Ngày hoàn thành %(day)s ở sau ngày hôm nay (%(today)s): "
                            "chỉ ghi ngày đã hoàn thành thực tế."
                        )
                        % {"day": f"{day:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"},
                        "error",
                    )
                )
            elif progress != "completed":
                findings.append(
                    Finding(
                        "task_completed_on",
                        "completed_on",
                        gettext(
                            "Chỉ ghi ngày hoàn thành khi tình trạng là “Đã hoàn thành”; "
                            "nhiệm vụ chưa hoàn thành thì để trống ô này."
                        ),
                        "error",
                    )
                )
    elif progress == "completed":
        findings.append(
            Finding(
                "task_completed_on",
                "completed_on",
                gettext("Nhiệm vụ “Đã hoàn thành” cần ghi ngày hoàn thành."),
                "error",
            )
        )
    if _given(disbursed):
        try:
            amount = money_parse(disbursed)
        except ValueError as exc:
            findings.append(
                Finding(
                    "task_disbursed",
                    "disbursed",
                    gettext(
                        "Kinh phí đã giải ngân “%(raw)s” %(reason)s: nhập số tiền bằng đồng, "
                        "ví dụ 1.250.000.000 hoặc 1,25 tỷ."
                    )
                    % {"raw": str(disbursed)[:40], "reason": exc},
                    "error",
                )
            )
    return day, amount, findings
