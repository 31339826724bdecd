"""Task status (DESIGN.md, Methods): done, overdue, at risk, on schedule, not started."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dxtrack.core.vn import format_date_short
from dxtrack.evaluation.methods import texts
from dxtrack.evaluation.methods.inputs import InvalidInput
from dxtrack.evaluation.methods.texts import (
    TASK_STATUS_LABELS_VI,
    TRACKING_STATUS_LABELS_VI,
    in_both,
)

TASK_STATUSES: tuple[str, ...] = ("done", "overdue", "at_risk", "on_schedule", "not_started")
TRACKING_STATUSES: tuple[str, ...] = ("done_on_time", "done_late", "open_in_time", "open_overdue")

# None/"once": a one-off task with a product; the others repeat every period.
_ONE_OFF = (None, "", "none", "once")
RECURRENCES: tuple[str, ...] = (
    "once",
    "annual",
    "half_yearly",
    "quarterly",
    "monthly",
    "continuous",
)


@dataclass(frozen=True)
class TaskResult:
    """Status of a task as of a date. ``time_elapsed_pct`` counts days inclusively from
    start to end (100 on the end date); ``gap_points`` = time elapsed − % done."""

    status: str
    recurring: bool
    as_of: date
    start: date | None
    end: date | None
    percent_done: float | None
    time_elapsed_pct: float | None
    gap_points: float | None
    at_risk_points: float
    days_remaining: int | None
    days_overdue: int | None
    reported_this_period: bool | None
    explanation_vi: str
    explanation_en: str
    completed_on: date | None = None

    @property
    def label_vi(self) -> str:
        return TASK_STATUS_LABELS_VI[self.status]

    @property
    def done_late(self) -> bool:
        """Done, but on a day after the deadline."""
        return (
            self.status == "done"
            and self.completed_on is not None
            and self.end is not None
            and self.completed_on > self.end
        )

    @property
    def tracking_status(self) -> str:
        """The Government's four-way status (TRACKING_STATUSES)."""
        return tracking_status(status=self.status, done_late=self.done_late)

    @property
    def on_time(self) -> bool:
        """Counts as on time in a unit's scorecard: done by the deadline, or not done but
        neither late nor behind schedule."""
        return self.status in ("on_schedule", "not_started") or (
            self.status == "done" and not self.done_late
        )


def tracking_status(*, status: str, done_late: bool) -> str:
    """Four-way status from the five-way one: done → on time or late; overdue → open and
    overdue; anything else (not started, on schedule, at risk) → open and still in time."""
    if status == "done":
        return "done_late" if done_late else "done_on_time"
    return "open_overdue" if status == "overdue" else "open_in_time"


def tracking_label_vi(code: str) -> str:
    return TRACKING_STATUS_LABELS_VI[code]


# The sentences that explain a task's status, each in both languages side by side.


def task_status(
    *,
    start: date | None,
    end: date | None,
    recurrence: str | None,
    done: bool,
    percent_done: float | None,
    as_of: date,
    reported_this_period: bool | None,
    at_risk_points: float = 20,
    completed_on: date | None = None,
) -> TaskResult:
    """Status of a task (DESIGN.md, Methods), in this order:

    - ``done``: ``done`` is True (the caller passes True only for an approved completion
      with evidence); ``completed_on`` (the day it was finished) after ``end`` makes it done
      late (``TaskResult.tracking_status`` "done_late"), which a scorecard does not count as
      on time.
    - ``not_started``: before ``start``.
    - ``overdue``: after ``end`` and not done.
    - One-off task: ``at_risk`` when % done is more than ``at_risk_points`` behind % of
      time elapsed (no % reported counts as 0); ``not_started`` when nothing is reported
      done yet but it is not that far behind; else ``on_schedule``.
    - Recurring task (``annual``, ``continuous``, …): judged on the current period only.
      ``reported_this_period`` False means the period's report is due and missing →
      ``overdue``; True, or None (not due yet) → ``on_schedule``. % done is not judged,
      since a recurring task has no finish line to be a share of.
    """
    key = recurrence.strip().lower() if isinstance(recurrence, str) else recurrence
    if key not in _ONE_OFF and key not in RECURRENCES:
        raise InvalidInput(
            f"Kiểu lặp lại {recurrence!r} không hợp lệ: phải là một trong {', '.join(RECURRENCES)}",
            f"the recurrence {recurrence!r} is not valid: it must be one of {', '.join(RECURRENCES)}",
        )
    recurring = key not in _ONE_OFF
    if percent_done is not None and not 0 <= percent_done <= 100:
        raise InvalidInput(
            f"Tỷ lệ hoàn thành {percent_done!r} không hợp lệ: phải từ 0 đến 100",
            f"the share done {percent_done!r} is not valid: it must be from 0 to 100",
        )
    if start is not None and end is not None and end < start:
        raise InvalidInput(
            f"Thời gian không hợp lệ: kết thúc {format_date_short(end)} trước bắt đầu {format_date_short(start)}",
            f"the dates are not valid: the end {format_date_short(end)} is before the start "
            f"{format_date_short(start)}",
        )

    elapsed: float | None = None
    if start is not None and end is not None:
        total_days = (end - start).days + 1
        passed = (as_of - start).days + 1
        elapsed = 100.0 * min(total_days, max(0, passed)) / total_days
    gap = elapsed - (percent_done or 0.0) if elapsed is not None and not recurring else None
    days_remaining = (end - as_of).days if end is not None and as_of <= end else None
    days_overdue = (as_of - end).days if end is not None and as_of > end else None

    def result(status: str, explanation: tuple[str, str]) -> TaskResult:
        return TaskResult(
            status=status,
            recurring=recurring,
            as_of=as_of,
            start=start,
            end=end,
            percent_done=percent_done,
            time_elapsed_pct=elapsed,
            gap_points=gap,
            at_risk_points=at_risk_points,
            days_remaining=days_remaining,
            days_overdue=days_overdue,
            reported_this_period=reported_this_period,
            explanation_vi=explanation[0],
            explanation_en=explanation[1],
            completed_on=completed_on if done else None,
        )

    if done:
        if completed_on is not None and end is not None and completed_on > end:
            return result("done", in_both(texts.done_late_text, completed_on=completed_on, end=end))
        return result("done", in_both(texts.done_text))
    if start is not None and as_of < start:
        return result("not_started", in_both(texts.before_start_text, start=start))
    if end is not None and as_of > end:
        return result("overdue", in_both(texts.overdue_text, days=days_overdue, end=end))
    if recurring:
        status = "overdue" if reported_this_period is False else "on_schedule"
        return result(status, in_both(texts.recurring_text, reported=reported_this_period))
    done_share = percent_done or 0.0
    if elapsed is not None and gap is not None and gap > at_risk_points:
        return result(
            "at_risk",
            in_both(
                texts.behind_text, elapsed=elapsed, done=done_share, gap=gap, limit=at_risk_points
            ),
        )
    if not percent_done:
        return result("not_started", in_both(texts.no_progress_text))
    if elapsed is None:
        return result("on_schedule", in_both(texts.no_schedule_text, done=done_share))
    return result("on_schedule", in_both(texts.on_schedule_text, elapsed=elapsed, done=done_share))
