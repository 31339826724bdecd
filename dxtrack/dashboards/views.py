"""Dashboards (tổng quan): server-rendered pages; each chart also has its data as a table."""
from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from dxtrack.core.periods import Period
from dxtrack.evaluation import selectors as ev
from dxtrack.evaluation.models import RankingRow
from dxtrack.registry import selectors as registry
from dxtrack.registry.models import Indicator


def _as_of(request) -> date | None:
    value = request.GET.get("as_of")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404("Ngày không hợp lệ (YYYY-MM-DD).") from None


def overview(request):
    context = ev.overview(request.user, as_of=_as_of(request))
    context["chart"] = {
        "labels": [p["label"] for p in context["pillars"]],
        "statuses": [s for s, _ in context["target_statuses"]],
        "status_labels": [label for _, label in context["target_statuses"]],
        "values": [p["targets"] for p in context["pillars"]],
    }
    return render(request, "dashboards/overview.html", context)


def program(request, pk: int):
    program = registry.program_for_user(request.user, pk)
    context = ev.program_dashboard(program, as_of=_as_of(request))
    context["program"] = program
    context["chart"] = {"labels": [r["label"] for r in context["target_counts"]],
                        "statuses": [r["status"] for r in context["target_counts"]],
                        "values": [r["n"] for r in context["target_counts"]]}
    return render(request, "dashboards/program.html", context)


def indicator(request, pk: int):
    indicator = get_object_or_404(Indicator, pk=pk)
    context = ev.indicator_dashboard(request.user, indicator, as_of=_as_of(request))
    if not context["targets"] and not context["observations"]:
        raise Http404("Không tìm thấy chỉ số.")
    context["indicator"] = indicator
    return render(request, "dashboards/indicator.html", context)


def unit(request, code: str):
    unit = registry.unit_for_code(code)
    context = {"unit": unit, **ev.unit_scorecard(unit)}
    return render(request, "dashboards/unit.html", context)


def rankings(request):
    group = request.GET.get("group") or "department"
    if group not in RankingRow.Group.values:
        raise Http404("Nhóm xếp hạng không hợp lệ.")
    period = ev.default_ranking_period()
    if request.GET.get("period"):
        try:
            period = Period.parse(request.GET["period"])
        except ValueError:
            raise Http404("Kỳ không hợp lệ.") from None
    context = ev.ranking(group=group, period=period)
    context["groups"] = list(ev.GROUP_LABELS.items())
    context["periods"] = ev.ranking_periods()
    context["chart"] = {"labels": [r.unit.short_name or r.unit.name for r in context["rows"] if r.score is not None],
                        "values": [round(r.score, 2) for r in context["rows"] if r.score is not None]}
    return render(request, "dashboards/rankings.html", context)
