"""Dashboards (tổng quan): server-rendered pages; each chart also has its data as a table.

The data part of the overview, program and ranking pages is rendered once per evaluation and
cached (`_cached_body`): the key holds the token of the stored results (selectors.cache_key), so
any write (a recompute, an accepted value, a registry or admin change: each renews the token
through its audit row, core/freshness.py) makes the next request render afresh. Pages for another date
(`?as_of=`) are computed and rendered every time.
"""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from dxtrack.core.period_text import parse_period_text
from dxtrack.core.periods import Period
from dxtrack.evaluation import selectors as ev
from dxtrack.evaluation.models import RankingRow
from dxtrack.evaluation.pillars import pillar_labels_en
from dxtrack.registry import selectors as registry
from dxtrack.registry.models import Indicator
from dxtrack.reporting.models import Observation, Round


def _as_of(request) -> date | None:
    value = request.GET.get("as_of")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404(gettext("Ngày không hợp lệ (YYYY-MM-DD).")) from None


def _page(request, name: str) -> int:
    value = request.GET.get(name, "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _cached_body(request, template: str, build, *key_parts, cacheable: bool = True) -> str:
    """The rendered `template` with the context `build()` returns, from the cache when the
    stored results have not changed since it was rendered."""

    def render_body():
        return str(render_to_string(template, build(), request=request))

    if not cacheable:
        return mark_safe(render_body())
    key = ev.cache_key(parts=("html", template, get_language(), *key_parts))
    return mark_safe(ev.cached(key=key, build=render_body))


def overview(request):
    full = request.GET.get("tat_ca") == "1"
    as_of = _as_of(request)

    def build():
        context = ev.overview(user=request.user, as_of=as_of, full_lists=full)
        context["full_lists"] = full
        if (get_language() or "").startswith("en"):  # the pillars' names in English
            names = pillar_labels_en()
            context["pillars"] = [
                {**p, "label": names.get(p["key"], p["label"])} for p in context["pillars"]
            ]
        context["chart"] = {
            "labels": [p["label"] for p in context["pillars"]],
            "statuses": [s for s, _ in context["target_statuses"]],
            "status_labels": [label for _, label in context["target_statuses"]],
            "values": [p["targets"] for p in context["pillars"]],
        }
        return context

    # Headline figures are the published programs' for everyone (issue 15), so one cached body
    # serves every reader (a publication renews the stamp, hence the key); the coordinator's
    # drafts are listed apart, below them.
    body = _cached_body(
        request, "dashboards/_overview_body.html", build, "published", full, cacheable=as_of is None
    )
    return render(
        request,
        "dashboards/overview.html",
        {"body": body, "drafts": ev.draft_programs(user=request.user)},
    )


def program(request, pk: int):
    program = registry.program_for_user(user=request.user, pk=pk)
    as_of = _as_of(request)
    target_page, task_page = _page(request, "trang_chi_tieu"), _page(request, "trang_nhiem_vu")

    def build():
        context = ev.program_dashboard(
            program=program, as_of=as_of, target_page=target_page, task_page=task_page
        )
        context["program"] = program
        context["chart"] = {
            "labels": [r["label"] for r in context["target_counts"]],
            "statuses": [r["status"] for r in context["target_counts"]],
            "values": [r["n"] for r in context["target_counts"]],
        }
        return context

    body = _cached_body(
        request,
        "dashboards/_program_body.html",
        build,
        program.pk,
        target_page,
        task_page,
        cacheable=as_of is None,
    )
    return render(request, "dashboards/program.html", {"body": body, "program": program})


def _label_observations(observations) -> None:
    """Give each value of the page its state and source kind in words (`state_label`,
    `source_kind_label`), translated once per page: `get_state_display` translates every choice
    again on every row, which was half the rendering time of a 200-row page."""
    states = {code: str(label) for code, label in Observation.State.choices}
    kinds = {code: str(label) for code, label in Observation.SourceKind.choices}
    for o in observations:
        o.state_label = states.get(o.state, o.state)
        o.source_kind_label = kinds.get(o.source_kind, o.source_kind)


def indicator(request, pk: int):
    indicator = get_object_or_404(Indicator, pk=pk)
    context = ev.indicator_dashboard(
        user=request.user, indicator=indicator, as_of=_as_of(request), page=_page(request, "trang")
    )
    if not context["targets"] and not context["observations"]:
        raise Http404(gettext("Không tìm thấy chỉ số."))
    context["indicator"] = indicator
    context["responsibilities"] = registry.indicator_responsibilities(indicator=indicator)
    _label_observations(context["observations"])
    return render(request, "dashboards/indicator.html", context)


def unit(request, code: str):
    unit = registry.unit_for_code(code=code)
    context = {"unit": unit, **ev.unit_scorecard(unit=unit)}
    return render(request, "dashboards/unit.html", context)


def _ranking_day() -> date:
    """The day rankings are judged on: the stored results' date, else today."""
    return ev.evaluation_as_of() or timezone.localdate()


def provisional_periods(periods: list[Period], day: date) -> set[str]:
    """Codes of the periods whose scores are still provisional ("tạm tính"): the period has not
    ended on `day`, or a round of it is still open."""
    open_rounds = set(Round.objects.filter(state=Round.State.OPEN).values_list("period", flat=True))
    return {p.code for p in periods if p.end >= day or p.code in open_rounds}


def rankings(request):
    group = request.GET.get("group") or "department"
    if group not in RankingRow.Group.values:
        raise Http404(gettext("Nhóm xếp hạng không hợp lệ."))
    day = _ranking_day()
    period = ev.default_ranking_period(day)
    if request.GET.get("period"):
        try:
            period = parse_period_text(request.GET["period"])
        except ValueError:
            raise Http404(gettext("Kỳ không hợp lệ.")) from None

    def build():
        context = ev.ranking(group=group, period=period)
        context["groups"] = list(ev.GROUP_LABELS.items())
        context["periods"] = ev.ranking_periods()
        context["provisional"] = provisional_periods([*context["periods"], period], day)
        context["chart"] = {
            "labels": [
                r.unit.short_name or r.unit.name for r in context["rows"] if r.score is not None
            ],
            "values": [round(r.score, 2) for r in context["rows"] if r.score is not None],
        }
        return context

    body = _cached_body(
        request, "dashboards/_rankings_body.html", build, group, period.code, day.isoformat()
    )
    return render(
        request,
        "dashboards/rankings.html",
        {"body": body, "group_label": ev.GROUP_LABELS[group], "period": period},
    )
