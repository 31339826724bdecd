"""The demo's simulated history (`dxtrack demo`, issue 15): quarterly reporting rounds from
2025Q1 to the last full quarter, in which the units report values and task progress, some late,
some returned and corrected, a few missing, and the coordinator accepts; then the current
quarter's round, open, half done. Deterministic from a seed.

Every value and task update written here has `simulated=True`: the pages show a banner and a
mark beside each figure that rests on them (`dashboards/simulation.py`). The plans' own figures
(values quoted from the documents) are not touched; `history_remove` takes the simulation away.
The plans rank small and medium enterprises but name none: the demo adds a few made-up ones
(data/thai-nguyen/demo_sme.json, "(mô phỏng)" in their names) that report their digital
adoption as contributing units, and takes them away with the rest.

The rounds are created, opened and closed through reporting's services (their assignments come
from the indicators' responsibilities). The items are bulk-written with the effects the services
would leave — the item in its final state with its historic times, its history rows, evidence for
a completed task — because the services take about 20 ms an item with the evaluation hook, and
the simulation writes several thousand (see docs/reporting.md); one audit row a round says what
was simulated, and `dxtrack evaluate` runs once at the end.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from dxtrack.core.audit import audit_record
from dxtrack.core.models import ReviewState
from dxtrack.core.periods import Period
from dxtrack.core.text import fold
from dxtrack.registry.models import (
    Indicator,
    IndicatorResponsibility,
    Program,
    Target,
    Task,
    Unit,
)
from dxtrack.registry.services import (
    ResponsibilityRow,
    indicator_responsibilities_set,
    units_load_registry,
)
from dxtrack.reporting import selectors as reporting_selectors
from dxtrack.reporting.models import (
    Assignment,
    Evidence,
    Observation,
    Round,
    TaskUpdate,
    ValueRevision,
)
from dxtrack.reporting.services import round_close, round_create, round_open

SEED = 2025
# The small and medium enterprises of the demo (the plans name none): simulated units.
SME_FILE = Path(settings.BASE_DIR) / "data" / "thai-nguyen" / "demo_sme.json"
FIRST_PERIOD = "2025Q1"
TITLE_MARK = "(mô phỏng)"
WORKING_DAYS = 5
START = date(2024, 12, 31)  # the values start from their baseline at the end of 2024

# Shares of the assignments of a past round (the rest are sent on time and accepted).
MISSING, LATE, RETURNED = 0.04, 0.12, 0.06
# The current round: how far the units are.
NOW_SENT, NOW_DRAFT = 0.45, 0.2

NARRATIVES = [
    "Đã ban hành kế hoạch triển khai; đang khảo sát hiện trạng, xây dựng yêu cầu kỹ thuật.",
    "Đang triển khai thí điểm tại {n} đơn vị; khối lượng đã thực hiện khoảng {pct}%.",
    "Đã lựa chọn nhà thầu; đang lắp đặt, cấu hình hệ thống và chuyển đổi dữ liệu.",
    "Đang phối hợp với các đơn vị chuẩn hóa dữ liệu, kết nối với nền tảng tích hợp, chia sẻ "
    "dữ liệu (LGSP) của tỉnh.",
    "Đã tổ chức {n} lớp tập huấn cho cán bộ, công chức; đang hoàn thiện tài liệu hướng dẫn.",
    "Đã hoàn thành dự thảo, đang lấy ý kiến các sở, ngành và UBND các xã, phường.",
]
DIFFICULTIES = [
    "",
    "",
    "Kinh phí được giao chậm so với kế hoạch.",
    "Thiếu nhân lực chuyên trách công nghệ thông tin.",
    "Hạ tầng mạng tại một số xã vùng sâu, vùng xa chưa đáp ứng yêu cầu.",
    "Dữ liệu ở các đơn vị chưa đồng bộ, phải rà soát, làm sạch lại.",
    "Việc sắp xếp tổ chức bộ máy sau hợp nhất làm chậm tiến độ.",
]
PROPOSALS = [
    "",
    "",
    "Đề nghị Sở Tài chính sớm bố trí kinh phí năm {year}.",
    "Đề nghị Sở Khoa học và Công nghệ hỗ trợ kỹ thuật, kết nối dữ liệu.",
    "Kiến nghị UBND tỉnh cho phép điều chỉnh thời hạn hoàn thành sang quý {q}.",
    "Đề nghị các doanh nghiệp viễn thông hỗ trợ mở rộng vùng phủ sóng.",
]
RETURN_COMMENTS = [
    "Số liệu chênh lệch lớn so với kỳ trước, đề nghị kiểm tra lại và giải trình.",
    "Đề nghị ghi rõ nguồn số liệu và bổ sung minh chứng.",
    "Tỷ lệ tính chưa đúng mẫu số theo hướng dẫn, đề nghị tính lại.",
]
TASK_RETURN_COMMENTS = [
    "Đề nghị nêu rõ khối lượng đã thực hiện trong kỳ và bổ sung minh chứng.",
    "Tỷ lệ hoàn thành chưa khớp với nội dung báo cáo, đề nghị rà soát lại.",
    "Đề nghị cập nhật số kinh phí đã giải ngân đến cuối kỳ.",
]
VALUE_NOTES = [
    "Tổng hợp từ báo cáo của các phòng chuyên môn.",
    "Số liệu từ hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.",
    "Số liệu từ hệ thống quản lý văn bản và điều hành.",
    "Số liệu do đơn vị thống kê, rà soát.",
]


# -- values --------------------------------------------------------------------------------------


@dataclass
class Trajectory:
    """Where an indicator's province figure starts (end of 2024), where its target puts it at
    the deadline, and how fast it goes there (`pace` 1: exactly on the straight line)."""

    measure: str
    base: float
    goal: float
    deadline: date
    pace: float

    def at(self, day: date, noise: float = 0.0, factor: float = 1.0) -> float:
        span = max((self.deadline - START).days, 1)
        frac = min(max((day - START).days / span, 0.0), 1.25)
        value = (self.base + (self.goal - self.base) * frac * self.pace) * factor * (1 + noise)
        return clip(self.measure, value)


def clip(measure: str, value: float) -> float:
    if measure == "percent":
        return round(min(max(value, 0.0), 100.0), 1)
    if measure in ("count", "rank"):
        return float(max(round(value), 1 if measure == "rank" else 0))
    if measure == "rate":
        return round(value, 2)
    return round(max(value, 0.0), 2)


def _deadline(target: Target) -> date:
    year = target.year or 2030
    if target.quarter:
        return Period.parse(f"{year}Q{target.quarter}").end
    return date(year, 12, 31)


def trajectory_for(
    *, indicator: Indicator, targets: list[Target], quoted: dict[int, float], rng: random.Random
) -> Trajectory:
    """The figure a simulated province would show for `indicator`, from its nearest target."""
    measure = reporting_selectors.indicator_profile(indicator=indicator).measure
    target = min(targets, key=lambda t: (_deadline(t) < date(2025, 12, 31), _deadline(t)))
    comparator, goal = target.comparator, target.value
    decrease = (
        comparator in ("<", "<=", "decrease")
        or indicator.direction == Indicator.Direction.DECREASE
        or measure == "rank"
        or comparator == "top"
    )
    base = target.baseline_value if target.baseline_value is not None else quoted.get(indicator.pk)
    if comparator in ("increase", "decrease"):
        base = base if base is not None else (50.0 if measure == "percent" else 100.0)
        goal = base * (0.85 if decrease else 1.15)
    if base is None or base == goal:
        if measure == "rank" or comparator == "top":
            base = goal + max(6.0, goal)
        elif decrease:
            base = goal * 1.6 + 1
        else:
            base = goal * rng.uniform(0.45, 0.7)
    pace = rng.choice([1.2, 1.1, 1.0, 0.95, 0.85, 0.7, 0.5])
    return Trajectory(measure, float(base), float(goal), _deadline(target), pace)


# -- the writing --------------------------------------------------------------------------------


def _moment(day: date, hour: int, rng: random.Random) -> datetime:
    at = datetime.combine(day, time(hour, rng.randrange(0, 60)))
    return timezone.make_aware(at)


@dataclass
class Writer:
    """Collects the rows of one round and writes them in a few bulk statements."""

    observations: list[Observation] = field(default_factory=list)
    updates: list[TaskUpdate] = field(default_factory=list)
    revisions: list[tuple[Observation | TaskUpdate, dict[str, Any]]] = field(default_factory=list)
    completed: list[TaskUpdate] = field(default_factory=list)

    def history(self, item: Observation | TaskUpdate, *steps: dict[str, Any]) -> None:
        for step in steps:
            self.revisions.append((item, step))

    def flush(self, evidence_file: str, evidence_sha: str, evidence_size: int) -> None:
        Observation.objects.bulk_create(self.observations, batch_size=500)
        TaskUpdate.objects.bulk_create(self.updates, batch_size=500)
        rows = []
        for item, step in self.revisions:
            owner = (
                {"observation": item} if isinstance(item, Observation) else {"task_update": item}
            )
            rows.append(ValueRevision(data=_item_data(item), via="sim", **owner, **step))
        with _historic_times():
            ValueRevision.objects.bulk_create(rows, batch_size=1000)
        Evidence.objects.bulk_create(
            [
                Evidence(
                    task_update=u,
                    file=evidence_file,
                    original_name="bien-ban-nghiem-thu-mo-phong.pdf",
                    content_type="application/pdf",
                    size=evidence_size,
                    sha256=evidence_sha,
                )
                for u in self.completed
            ],
            batch_size=500,
        )


@contextmanager
def _historic_times() -> Iterator[None]:
    """A history row's time is set on creation (`auto_now_add`); the simulated history keeps
    the moments it simulates. Only this command writes while it is off (an UPDATE of every
    row afterwards took 2 s a round)."""
    field = ValueRevision._meta.get_field("at")
    assert isinstance(field, models.DateTimeField)
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def _item_data(item: Observation | TaskUpdate) -> dict[str, Any]:
    if isinstance(item, Observation):
        return {"value": item.value, "note": item.note, "simulated": True}
    return {
        "progress": item.progress,
        "percent_done": item.percent_done,
        "completed_on": item.completed_on.isoformat() if item.completed_on else None,
        "disbursed": item.disbursed,
        "simulated": True,
    }


def _evidence_pdf() -> tuple[str, str, int]:
    """One small PDF every simulated completion points to, stored once under its hash."""
    text = b"Minh chung mo phong - du lieu trinh dien dxtrack, khong phai van ban that."
    stream = b"BT /F1 12 Tf 40 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    content = bytes(out)
    sha = hashlib.sha256(content).hexdigest()
    path = f"evidence/{sha[:2]}/{sha}.pdf"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(content))
    return path, sha, len(content)


@dataclass
class Simulation:
    """One run: the seed's random numbers, the trajectories, and who acts."""

    rng: random.Random
    coordinator: Any
    approvers: dict[int | None, Any]
    reporters: dict[int | None, Any]
    trajectories: dict[int, Trajectory]
    unit_factor: dict[tuple[int, int], float] = field(default_factory=dict)
    task_pace: dict[int, float] = field(default_factory=dict)

    def factor(self, indicator_id: int, unit: Unit, lead_ids: set[int]) -> float:
        """A lead unit reports the province's figure; any other unit its own, around it."""
        if unit.pk in lead_ids:
            return 1.0
        key = (indicator_id, unit.pk)
        if key not in self.unit_factor:
            self.unit_factor[key] = self.rng.uniform(0.8, 1.15)
        return self.unit_factor[key]

    def name(self, unit: Unit) -> str:
        user = self.reporters.get(unit.pk)
        if user is not None:
            return user.get_username()
        return f"Cán bộ {unit.short_name or unit.name} (mô phỏng)"


def _lead_unit_ids() -> dict[int, set[int]]:
    from_registry: dict[int, set[int]] = {}
    for ind, unit_id in IndicatorResponsibility.objects.filter(
        role=IndicatorResponsibility.Role.LEAD, unit__isnull=False
    ).values_list("indicator_id", "unit_id"):
        from_registry.setdefault(ind, set()).add(unit_id)
    return from_registry


def _return_comments(item: Observation | TaskUpdate) -> list[str]:
    return RETURN_COMMENTS if isinstance(item, Observation) else TASK_RETURN_COMMENTS


def _approved(sim: Simulation, unit: Unit, *, version: int, at: datetime) -> dict[str, Any]:
    """The unit's leader signs off and sends to the coordinator."""
    approver = sim.approvers[unit.pk]
    return {
        "version": version,
        "action": "approve",
        "state": "submitted",
        "actor": approver,
        "actor_name": approver.get_username(),
        "at": at,
    }


def _steps_sent(
    sim: Simulation,
    item: Observation | TaskUpdate,
    *,
    unit: Unit,
    saved: datetime,
    sent: datetime,
    signed_off: bool = True,
) -> list[dict[str, Any]]:
    """The history of a unit's save and send, through its leader's sign-off when it has one
    (`signed_off` False: still waiting for it)."""
    who = sim.name(unit)
    steps = [{"version": 1, "action": "save", "state": "draft", "actor_name": who, "at": saved}]
    if unit.pk in sim.approvers:
        steps.append(
            {
                "version": 2,
                "action": "send",
                "state": "pending_approval",
                "actor_name": who,
                "at": saved,
            }
        )
        if signed_off:
            steps.append(_approved(sim, unit, version=3, at=sent))
    else:
        steps.append(
            {"version": 2, "action": "submit", "state": "submitted", "actor_name": who, "at": sent}
        )
    return steps


def _finish(
    sim: Simulation,
    item: Observation | TaskUpdate,
    steps: list[dict[str, Any]],
    *,
    outcome: str,
    unit: Unit,
    sent: datetime,
    reviewed: datetime,
) -> list[dict[str, Any]]:
    """A sent item's review: accepted, or returned, corrected, sent again and accepted."""
    coordinator = sim.coordinator
    version = steps[-1]["version"]
    item.first_submitted_at = sent
    item.submitted_at = sent
    if outcome == "returned":
        comment = sim.rng.choice(_return_comments(item))
        back = sent + timedelta(days=2)
        again = back + timedelta(days=sim.rng.randint(1, 4))
        steps += [
            {
                "version": version + 1,
                "action": "return",
                "state": "returned",
                "actor": coordinator,
                "actor_name": coordinator.get_username(),
                "comment": comment,
                "at": back,
            },
            {
                "version": version + 2,
                "action": "submit",
                "state": "submitted",
                "actor_name": sim.name(unit),
                "comment": "Đã kiểm tra, điều chỉnh theo ý kiến của cơ quan điều phối.",
                "at": again,
            },
        ]
        version += 2
        item.review_comment = comment
        item.submitted_at = again
        reviewed = max(reviewed, again + timedelta(days=1))
    steps.append(
        {
            "version": version + 1,
            "action": "accept",
            "state": "accepted",
            "actor": coordinator,
            "actor_name": coordinator.get_username(),
            "at": reviewed,
        }
    )
    item.version = version + 1
    item.state = ReviewState.ACCEPTED
    item.reviewed_by = coordinator
    item.reviewed_at = reviewed
    return steps


def _task_progress(sim: Simulation, task: Task, unit: Unit, period: Period) -> dict[str, Any]:
    """A task's progress at the end of `period`: its percent on its own pace towards its
    deadline; completed (with the day) once it reaches 100 %."""
    rng = sim.rng
    pace = sim.task_pace.setdefault(task.pk, rng.choice([1.3, 1.1, 1.0, 0.9, 0.7, 0.5]))
    start = date(task.start_year or 2025, 1, 1)
    end_year = task.end_year or (task.start_year or 2025) + 1
    deadline = (
        Period.parse(f"{end_year}Q{task.end_quarter}").end
        if task.end_quarter
        else date(end_year, 12, 31)
    )
    if task.recurrence == Task.Recurrence.CONTINUOUS or (deadline - start).days < 30:
        deadline = max(deadline, date(2030, 12, 31))
    span = max((deadline - start).days, 90)
    percent = min(100.0, max(0.0, (period.end - start).days / span * 100 * pace))
    if task.pk % 11 == 0:  # a few stopped
        percent = min(percent, 35.0)
    data: dict[str, Any] = {"percent_done": round(percent / 5) * 5, "completed_on": None}
    if task.pk % 11 == 0 and percent >= 35.0:
        data["progress"] = TaskUpdate.Progress.STOPPED
    elif data["percent_done"] >= 100:
        data["progress"] = TaskUpdate.Progress.COMPLETED
        data["percent_done"] = 100.0
        day = period.end - timedelta(days=rng.randint(3, 60))
        data["completed_on"] = max(day, period.start)
    elif data["percent_done"] == 0:
        data["progress"] = TaskUpdate.Progress.NOT_STARTED
    else:
        data["progress"] = TaskUpdate.Progress.IN_PROGRESS
    n, pct = rng.randint(2, 12), int(data["percent_done"])
    if data["progress"] == TaskUpdate.Progress.COMPLETED:
        data["narrative"] = (
            f"Đã hoàn thành, đưa vào vận hành từ ngày {data['completed_on']:%d/%m/%Y}; "
            "biên bản nghiệm thu kèm theo."
        )
    else:
        data["narrative"] = rng.choice(NARRATIVES).format(n=n, pct=pct)
    data["difficulties"] = rng.choice(DIFFICULTIES)
    data["proposals"] = rng.choice(PROPOSALS).format(
        year=period.year + 1, q=f"{(period.end.month - 1) // 3 + 1}/{period.year + 1}"
    )
    if task.budget_vnd:
        years = max(1, period.year - (task.start_year or 2025) + 1)
        budget = task.budget_vnd * (years if task.budget_per_year else 1)
        data["disbursed"] = int(budget * min(1.0, pct / 100 * rng.uniform(0.6, 0.95)))
    else:
        data["disbursed"] = None
    return data


def _round_items(
    sim: Simulation,
    rnd: Round,
    writer: Writer,
    *,
    leads: dict[int, set[int]],
    current: bool,
) -> dict[str, int]:
    """The units' items of one round, as they went (`current`: the open round, half done)."""
    rng = sim.rng
    period = Period.parse(rnd.period)
    counts = {"values": 0, "tasks": 0, "missing": 0, "late": 0, "returned": 0}
    assignments = (
        Assignment.objects.filter(round=rnd, role=Assignment.Role.REPORT)
        .select_related("unit", "indicator", "task")
        .order_by("pk")
    )
    shown: dict[int, int] = {}
    for a in assignments:
        roll = rng.random()
        if current and a.unit.pk in sim.reporters:
            # A unit with a demo account shows each kind of work on its landing page: a value
            # returned with the coordinator's comment, one waiting for the leader's sign-off,
            # a draft, and the rest still owed.
            n = shown[a.unit.pk] = shown.get(a.unit.pk, 0) + 1
            outcome = {1: "returned_now", 2: "sent", 3: "draft"}.get(n, "owed")
            if outcome == "owed":
                counts["missing"] += 1
                continue
        elif current:
            if roll > NOW_SENT + NOW_DRAFT:
                counts["missing"] += 1
                continue
            outcome = "sent" if roll < NOW_SENT else "draft"
        elif roll < MISSING:
            counts["missing"] += 1
            continue
        elif roll < MISSING + LATE:
            outcome = "late"
        elif roll < MISSING + LATE + RETURNED:
            outcome = "returned"
        else:
            outcome = "on_time"
        early = rnd.window_end + timedelta(days=1)
        if outcome == "late":
            sent_day = rnd.due_date + timedelta(days=rng.randint(2, 20))
            counts["late"] += 1
        else:
            sent_day = early + timedelta(days=rng.randint(0, max((rnd.due_date - early).days, 0)))
        if current:
            sent_day = min(sent_day, timezone.localdate())
        saved = _moment(sent_day - timedelta(days=rng.randint(0, 2)), 9, rng)
        sent = _moment(sent_day, 15, rng)
        reviewed = _moment(sent_day + timedelta(days=rng.randint(1, 5)), 10, rng)
        counts["returned"] += outcome == "returned"
        item: Observation | TaskUpdate
        if a.kind == Assignment.Kind.INDICATOR:
            assert a.indicator is not None
            trajectory = sim.trajectories.get(a.indicator.pk)
            if trajectory is None:
                continue
            value = trajectory.at(
                period.end,
                noise=rng.gauss(0, 0.015),
                factor=sim.factor(a.indicator.pk, a.unit, leads.get(a.indicator.pk, set())),
            )
            item = Observation(
                indicator=a.indicator,
                unit=a.unit,
                period=rnd.period,
                value=value,
                source_kind=Observation.SourceKind.REPORT,
                source=f"Báo cáo {period.label_vi} (mô phỏng)",
                round=rnd,
                note=rng.choice(VALUE_NOTES),
                simulated=True,
            )
            writer.observations.append(item)
            counts["values"] += 1
        else:
            assert a.task is not None
            data = _task_progress(sim, a.task, a.unit, period)
            item = TaskUpdate(
                task=a.task, unit=a.unit, round=rnd, period=rnd.period, simulated=True, **data
            )
            writer.updates.append(item)
            counts["tasks"] += 1
            if item.progress == TaskUpdate.Progress.COMPLETED:
                writer.completed.append(item)
        item.submitted_by = sim.reporters.get(a.unit.pk)
        if outcome == "draft":
            item.state = ReviewState.DRAFT
            writer.history(
                item,
                {
                    "version": 1,
                    "action": "save",
                    "state": "draft",
                    "actor_name": sim.name(a.unit),
                    "at": saved,
                },
            )
            continue
        steps = _steps_sent(sim, item, unit=a.unit, saved=saved, sent=sent, signed_off=not current)
        if current:
            # The open round: sent, waiting for the unit's leader or for the coordinator.
            if outcome == "returned_now" and steps[-1]["state"] == "pending_approval":
                steps.append(_approved(sim, a.unit, version=3, at=sent))
            item.state = steps[-1]["state"]
            item.version = steps[-1]["version"]
            if item.state == ReviewState.SUBMITTED:
                item.first_submitted_at = item.submitted_at = sent
            if outcome == "returned_now":
                comment = _return_comments(item)[0]
                item.version += 1
                item.state = ReviewState.RETURNED
                item.review_comment = comment
                steps.append(
                    {
                        "version": item.version,
                        "action": "return",
                        "state": "returned",
                        "actor": sim.coordinator,
                        "actor_name": sim.coordinator.get_username(),
                        "comment": comment,
                        "at": sent + timedelta(hours=2),
                    }
                )
            writer.history(item, *steps)
            continue
        writer.history(
            item,
            *_finish(sim, item, steps, outcome=outcome, unit=a.unit, sent=sent, reviewed=reviewed),
        )
    return counts


def _trajectories(rng: random.Random) -> dict[int, Trajectory]:
    targets: dict[int, list[Target]] = {}
    published = Target.objects.filter(program__status=Program.Status.PUBLISHED)
    for t in published.select_related("indicator").order_by("pk"):
        targets.setdefault(t.indicator_id, []).append(t)
    quoted: dict[int, float] = {}
    for ind, value in (
        Observation.objects.filter(source_kind=Observation.SourceKind.DOCUMENT)
        .order_by("period", "pk")
        .values_list("indicator_id", "value")
    ):
        quoted[ind] = value  # the latest figure a plan quotes
    indicators = Indicator.objects.filter(pk__in=list(targets)).select_related("profile")
    return {
        i.pk: trajectory_for(indicator=i, targets=targets[i.pk], quoted=quoted, rng=rng)
        for i in indicators.order_by("pk")
    }


def _actors() -> tuple[Any, dict[int | None, Any], dict[int | None, Any]]:
    users = get_user_model()
    coordinator = (
        users.objects.filter(is_active=True, dx_role__name="coordinator").order_by("pk").first()
    )
    if coordinator is None:
        raise RuntimeError("Cần một tài khoản cơ quan điều phối trước khi mô phỏng.")
    approvers: dict[int | None, Any] = {}
    reporters: dict[int | None, Any] = {}
    for user in users.objects.filter(
        is_active=True, dx_role__name__in=["approver", "reporter"]
    ).select_related("dx_role"):
        target = approvers if user.dx_role.name == "approver" else reporters
        target.setdefault(user.dx_role.unit_id, user)
    return coordinator, approvers, reporters


# -- the simulated small and medium enterprises ---------------------------------------------------


def _sme_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SME_FILE.read_text("utf-8"))
    return data


def _named(words: list[str], name: str) -> bool:
    """One of the folded `words` occurs in the folded `name` as whole words (as the
    responsibilities file's rules match)."""
    folded = fold(name)
    return any(re.search(rf"(?<![a-z0-9]){re.escape(fold(w))}(?![a-z0-9])", folded) for w in words)


def sme_units_add() -> dict[str, int]:
    """The demo's small and medium enterprises (data/thai-nguyen/demo_sme.json; the plans name
    none, so the names are made up and carry "(mô phỏng)") and the indicators they report as
    contributing units, so that the SME ranking group has units reporting every quarter.
    Written through the registry's services (audited); an indicator with no responsibility yet
    is left to the registry's rule."""
    data = _sme_data()
    counts = units_load_registry(data={"units": data["units"]})
    by_code = {
        u.code: u for u in Unit.objects.filter(code__in=[row["code"] for row in data["units"]])
    }
    indicators = list(
        Indicator.objects.filter(targets__program__status=Program.Status.PUBLISHED)
        .distinct()
        .order_by("pk")
    )
    given = 0
    for rule in data["responsibilities"]:
        codes = list(by_code) if rule["contributing"] == "all" else rule["contributing"]
        for indicator in indicators:
            if not _named(rule["match"], indicator.name):
                continue
            existing = [
                ResponsibilityRow(role=r.role, unit=r.unit, group=r.group, note=r.note)
                for r in IndicatorResponsibility.objects.filter(indicator=indicator)
                .select_related("unit")
                .order_by("pk")
            ]
            if not existing:
                continue
            have = {r.unit.pk for r in existing if r.unit is not None}
            added = [
                ResponsibilityRow(
                    role=IndicatorResponsibility.Role.CONTRIBUTING,
                    unit=by_code[code],
                    note=rule.get("note", ""),
                )
                for code in codes
                if by_code[code].pk not in have
            ]
            if added:
                indicator_responsibilities_set(
                    indicator=indicator,
                    rows=existing + added,
                    acting_user=None,
                    comment="Doanh nghiệp nhỏ và vừa mô phỏng (dxtrack demo).",
                )
                given += len(added)
    return {"sme_units": counts["created"], "sme_responsibilities": given}


def _sme_units_remove() -> int:
    """Take the simulated SMEs away with their responsibilities (the indicators' other
    responsibilities stay); a unit something real now points to is kept. Returns how many."""
    codes = [row["code"] for row in _sme_data()["units"]]
    smes = list(Unit.objects.filter(code__in=codes, is_sme=True))
    if not smes:
        return 0
    ids = {u.pk for u in smes}
    touched = Indicator.objects.filter(responsibilities__unit__in=smes).distinct().order_by("pk")
    for indicator in touched:
        kept = [
            ResponsibilityRow(role=r.role, unit=r.unit, group=r.group, note=r.note)
            for r in IndicatorResponsibility.objects.filter(indicator=indicator)
            .select_related("unit")
            .order_by("pk")
            if r.unit_id not in ids
        ]
        indicator_responsibilities_set(
            indicator=indicator,
            rows=kept,
            acting_user=None,
            comment="Xoá doanh nghiệp nhỏ và vừa mô phỏng (dxtrack demo --no-sample).",
        )
    removed = 0
    for unit in smes:
        try:
            with transaction.atomic():
                unit.delete()
        except models.ProtectedError:
            continue
        removed += 1
    return removed


def history_exists() -> bool:
    return (
        Observation.objects.filter(simulated=True).exists()
        or TaskUpdate.objects.filter(simulated=True).exists()
    )


def simulated_periods(today: date, first: str = FIRST_PERIOD) -> list[Period]:
    """The quarters from `first` to the last one that has ended by `today`."""
    last_full = Period.for_date("quarter", today).previous()
    periods, p = [], Period.parse(first)
    while p.start <= last_full.start:
        periods.append(p)
        p = Period.for_date("quarter", p.end + timedelta(days=1))
    return periods


def history_simulate(
    *,
    seed: int = SEED,
    today: date | None = None,
    first: str = FIRST_PERIOD,
    log: Callable[[str], None] = print,
) -> dict[str, int]:
    """Write the simulated history (nothing if there is one already); returns the counts."""
    if history_exists():
        log("Đã có dữ liệu mô phỏng: giữ nguyên.")
        return {}
    today = today or timezone.localdate()
    smes = sme_units_add()
    rng = random.Random(seed)
    coordinator, approvers, reporters = _actors()
    sim = Simulation(
        rng=rng,
        coordinator=coordinator,
        approvers=approvers,
        reporters=reporters,
        trajectories=_trajectories(rng),
    )
    programs = list(Program.objects.filter(status=Program.Status.PUBLISHED).order_by("pk"))
    leads = _lead_unit_ids()
    evidence = _evidence_pdf()
    totals = {"rounds": 0, "values": 0, "tasks": 0, "missing": 0, "late": 0, "returned": 0}
    totals.update(smes)
    periods = simulated_periods(today, first)
    current = Period.for_date("quarter", today)
    for period in [*periods, current]:
        is_current = period == current
        with transaction.atomic():
            rnd = round_create(
                acting_user=coordinator,
                programs=programs,
                period=period.code,
                working_days=WORKING_DAYS,
                title=f"Báo cáo {period.label_vi} {TITLE_MARK}",
            )
            rnd = round_open(acting_user=coordinator, rnd=rnd)
            writer = Writer()
            counts = _round_items(sim, rnd, writer, leads=leads, current=is_current)
            writer.flush(*evidence)
            if not is_current:
                rnd = round_close(acting_user=coordinator, rnd=rnd)
            opened = _moment(rnd.window_end - timedelta(days=7), 8, rng)
            Round.objects.filter(pk=rnd.pk).update(
                opened_at=opened,
                closed_at=None
                if is_current
                else _moment(rnd.due_date + timedelta(days=30), 17, rng),
            )
            audit_record(
                actor=coordinator,
                action="demo.simulate_round",
                obj=rnd,
                after={"seed": seed, "simulated": True, **counts},
                comment="Dữ liệu mô phỏng để trình diễn (dxtrack demo), không phải số liệu thật.",
            )
        totals["rounds"] += 1
        for key, n in counts.items():
            totals[key] += n
    return totals


@transaction.atomic
def history_remove(*, log: Callable[[str], None] = print) -> dict[str, int]:
    """Take the simulated history away (`dxtrack demo --no-sample`): its items and its rounds."""
    rounds = Round.objects.filter(title__endswith=TITLE_MARK)
    counts = {
        "values": Observation.objects.filter(simulated=True).count(),
        "tasks": TaskUpdate.objects.filter(simulated=True).count(),
        "rounds": rounds.count(),
        "sme_units": Unit.objects.filter(
            code__in=[row["code"] for row in _sme_data()["units"]]
        ).count(),
    }
    if not any(counts.values()):
        return counts
    Evidence.objects.filter(task_update__simulated=True).delete()
    Observation.objects.filter(simulated=True).delete()
    TaskUpdate.objects.filter(simulated=True).delete()
    rounds.delete()
    counts["sme_units"] = _sme_units_remove()
    audit_record(
        actor=None,
        action="demo.simulation_remove",
        object_type="reporting.round",
        after=counts,
        comment="Xoá dữ liệu mô phỏng (dxtrack demo --no-sample).",
    )
    log(
        f"Đã xoá dữ liệu mô phỏng: {counts['values']} số liệu, {counts['tasks']} báo cáo tiến độ, "
        f"{counts['rounds']} kỳ báo cáo, {counts['sme_units']} doanh nghiệp nhỏ và vừa mô phỏng."
    )
    return counts
