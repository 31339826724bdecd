"""“Việc của tôi”: the page each role lands on after login, and the coordinator's entry or
correction of a value from the indicator's page.

The landing page reads what waits for the user (reporting's selectors for rounds and items,
evaluation's for the overview's figures); it writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from dxtrack.core import permissions
from dxtrack.core.models import ReviewState
from dxtrack.core.period_picker import PeriodField
from dxtrack.core.periods import Period
from dxtrack.evaluation import selectors as ev
from dxtrack.registry import selectors as registry
from dxtrack.registry.in_force import is_in_force
from dxtrack.registry.models import Indicator, Unit
from dxtrack.reporting import selectors as reporting
from dxtrack.reporting.errors import ReportingError
from dxtrack.reporting.models import Observation, Round, TaskUpdate
from dxtrack.reporting.services.corrections import REASON_MAX, observation_correct

#: A round whose due date is this close (or past) is "closing" on the coordinator's page.
CLOSING_DAYS = 7

# -- reads for the landing page ---------------------------------------------------------------


@dataclass
class UnitRound:
    """What one unit has in one open round: owed (not sent), returned, waiting, accepted."""

    round: Round
    days_left: int
    owed: list[reporting.Row] = field(default_factory=list)
    returned: list[reporting.Row] = field(default_factory=list)
    awaiting_approval: list[reporting.Row] = field(default_factory=list)
    waiting: list[reporting.Row] = field(default_factory=list)
    accepted: int = 0

    @property
    def days_late(self) -> int:
        return -self.days_left

    @property
    def total(self) -> int:
        return (
            len(self.owed)
            + len(self.returned)
            + len(self.awaiting_approval)
            + len(self.waiting)
            + self.accepted
        )


def _days_left(rnd: Round, today: date) -> int:
    return (rnd.due_date - today).days


def unit_work(*, unit: Unit, today: date | None = None) -> list[UnitRound]:
    """The unit's open rounds, soonest due first, each with its items by what is to be done."""
    today = today or timezone.localdate()
    rounds = Round.objects.filter(state=Round.State.OPEN, assignments__unit=unit).distinct()
    result = []
    for rnd in rounds.order_by("due_date", "pk"):
        work = UnitRound(round=rnd, days_left=_days_left(rnd, today))
        for row in reporting.workspace_rows(rnd=rnd, unit=unit):
            if row.assignment.role != row.assignment.Role.REPORT and row.item is None:
                continue  # a coordinating unit's note is optional
            task = row.assignment.task
            if task is not None and not is_in_force(task):
                continue  # repealed by an amendment: nothing is owed any more
            state = row.state
            if state in ("missing", ReviewState.DRAFT):
                work.owed.append(row)
            elif state == ReviewState.RETURNED:
                work.returned.append(row)
            elif state == ReviewState.PENDING_APPROVAL:
                work.awaiting_approval.append(row)
            elif state == ReviewState.SUBMITTED:
                work.waiting.append(row)
            else:
                work.accepted += 1
        result.append(work)
    return result


@dataclass
class RoundOverview:
    """An open round as the coordinator follows it."""

    round: Round
    days_left: int
    to_review: int
    late_units: list[reporting.UnitStatus]
    totals: dict[str, int]
    #: items the coordinator returned, waiting for their unit to correct and send again
    returned: int = 0
    #: units that have not yet sent every item (before the due date: not yet late)
    unsent_units: int = 0


def coordinator_work(*, today: date | None = None) -> list[RoundOverview]:
    """Open rounds, soonest due first: items waiting for review, units late or missing."""
    today = today or timezone.localdate()
    result = []
    for rnd in Round.objects.filter(state=Round.State.OPEN).order_by("due_date", "pk"):
        table = reporting.completeness(rnd=rnd)
        to_review = (
            Observation.objects.filter(round=rnd, state=ReviewState.SUBMITTED).count()
            + TaskUpdate.objects.filter(round=rnd, state=ReviewState.SUBMITTED).count()
        )
        # The units owing most first: who to call.
        late = sorted(
            (s for s in table.values() if s.status(rnd, today) in ("overdue", "late")),
            key=lambda s: (-s.missing, s.unit.name),
        )
        result.append(
            RoundOverview(
                round=rnd,
                days_left=_days_left(rnd, today),
                to_review=to_review,
                late_units=late,
                totals=reporting.completeness_totals(table=table),
                returned=sum(s.returned for s in table.values()),
                unsent_units=sum(1 for s in table.values() if s.expected and not s.complete),
            )
        )
    return result


def _status_counts(data: dict[str, Any]) -> dict[str, int]:
    return {s: n for (s, _), n in zip(data["target_statuses"], data["target_totals"], strict=True)}


def leader_overview(*, user, today: date | None = None) -> dict[str, Any]:
    """The overview's headline figures (published programs only) beside the same figures at the
    end of the previous quarter: what changed since the last period."""
    now = ev.overview(user=user)
    today = today or timezone.localdate()
    previous = Period.parse(f"{today.year}Q{(today.month - 1) // 3 + 1}")
    previous_end = previous.start - timedelta(days=1)
    before = ev.overview(user=user, as_of=previous_end)
    counts_now, counts_before = _status_counts(now), _status_counts(before)
    rows = [
        {
            "status": s,
            "label": label,
            "now": counts_now.get(s, 0),
            "before": counts_before.get(s, 0),
            "change": counts_now.get(s, 0) - counts_before.get(s, 0),
        }
        for s, label in now["target_statuses"]
    ]
    return {
        "as_of": now.get("as_of"),
        "previous_end": previous_end,
        "n_targets": now.get("n_targets"),
        "rows": rows,
        "overdue_tasks": now.get("overdue_tasks", [])[:5],
    }


def latest_issued_report() -> Any | None:
    """The newest issued "Báo cáo tổng hợp" (title, number, period, date), read through the app
    registry: outputs is a sibling of dashboards and may not be imported (as opendata/reports.py
    reads it). None without the outputs app or before any report is issued."""
    if not apps.is_installed("dxtrack.outputs"):
        return None
    report = apps.get_model("outputs", "Report")
    return (
        report._default_manager.filter(state="issued")
        .only("pk", "title", "number", "period", "issued_on")
        .order_by("-issued_on", "-issued_at", "-pk")
        .first()
    )


# -- the landing page -------------------------------------------------------------------------


@login_required
def my_work(request):
    """“Việc của tôi”: where login lands. A user with no role reads the public overview."""
    role = permissions.role_of(request.user)
    context: dict[str, Any] = {"role": role, "today": timezone.localdate()}
    if role in permissions.UNIT_ROLES:
        unit = permissions.unit_of(request.user)
        context["unit"] = unit
        context["unit_rounds"] = unit_work(unit=unit)
    elif role in (permissions.COORDINATOR, permissions.ADMIN):
        context["rounds"] = coordinator_work()
        context["closing_days"] = CLOSING_DAYS
        context["drafts"] = ev.draft_programs(user=request.user)
    elif role == permissions.LEADER:
        context["leader"] = leader_overview(user=request.user)
        context["latest_report"] = latest_issued_report()
    else:
        return redirect("dashboard")
    return render(request, "dashboards/my_work.html", context)


# -- the coordinator enters or corrects a value -------------------------------------------------


class ValueCorrectionForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=gettext_lazy("Đơn vị có số liệu")
    )
    period = PeriodField(label=gettext_lazy("Kỳ"), years=range(date.today().year, 2014, -1))
    value = forms.CharField(max_length=40, label=gettext_lazy("Giá trị"))
    reason = forms.CharField(
        max_length=REASON_MAX,
        label=gettext_lazy("Lý do nhập hoặc sửa (ghi vào nhật ký)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        # The units that may report it, and the province itself (a province-level figure).
        unit_field.queryset = registry.responsibility_unit_choices() | Unit.objects.filter(
            kind=Unit.Kind.PROVINCE, valid_to__isnull=True
        )


@login_required
def indicator_value_correct(request, pk: int):
    """The coordinator's form: enter a value a unit sent on paper, or correct one it sent wrong,
    always with a reason (it goes to the value's history and the audit log)."""
    if not permissions.can_review_rounds(request.user):
        raise PermissionDenied(permissions.NOT_ALLOWED)
    indicator = get_object_or_404(Indicator, pk=pk)
    form = ValueCorrectionForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            observation_correct(
                acting_user=request.user,
                indicator=indicator,
                unit=data["unit"],
                period=data["period"],
                value=data["value"],
                reason=data["reason"],
            )
        except ReportingError as error:
            for field, errors in (error.errors or {"__all__": [str(error)]}).items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, gettext("Đã lưu số liệu (đã duyệt) kèm lý do."))
            return redirect("dashboard-indicator", pk=indicator.pk)
    return render(
        request,
        "dashboards/value_correct.html",
        {"indicator": indicator, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
