"""Evaluation reads for the API, the dashboards and the registry pages. No writes here.

The stored rows are the current evaluation; a request for another date is computed on the fly by
the same service code (nothing is stored).
"""
from __future__ import annotations

import json
import re
from collections import Counter, OrderedDict, defaultdict
from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.db.models import Prefetch

from dxtrack.core.periods import Period
from dxtrack.core.vn import fold
from dxtrack.evaluation import services
from dxtrack.evaluation.methods import (DEFAULT_SCORECARD_WEIGHTS, SCORECARD_COMPONENTS,
                                        STATUS_LABELS_VI, TARGET_STATUSES, TASK_STATUS_LABELS_VI,
                                        TASK_STATUSES)
from dxtrack.evaluation.models import RankingRow, TargetEvaluation, TaskEvaluation, UnitScore
from dxtrack.registry.models import Target, Task, Unit
from dxtrack.registry.selectors import programs_visible_to

PILLARS_FILE = settings.BASE_DIR / "data" / "pillars.json"
OTHER_PILLAR = "khac"


# ---------------------------------------------------------------------------------------
# Current evaluation
# ---------------------------------------------------------------------------------------

def evaluation_as_of() -> date | None:
    row = TargetEvaluation.objects.order_by("-computed_at").values_list("as_of", flat=True).first()
    return row


def target_evaluations(*, targets, as_of: date | None = None) -> dict[int, TargetEvaluation]:
    """Target id → evaluation: the stored one, or (for another `as_of`, or a target not yet
    evaluated) one computed now without storing."""
    targets = list(targets)
    stored = {}
    if as_of is None or as_of == evaluation_as_of():
        stored = {e.target_id: e for e in TargetEvaluation.objects.filter(
            target_id__in=[t.pk for t in targets]).select_related("latest_unit")}
    missing = [t for t in targets if t.pk not in stored]
    if missing:
        when = as_of or evaluation_as_of() or services.today()
        for ev in services.target_evaluations_compute(as_of=when, targets=missing):
            stored[ev.target.pk] = ev
    return stored


def task_evaluations(*, tasks) -> dict[int, TaskEvaluation]:
    tasks = list(tasks)
    stored = {e.task_id: e for e in TaskEvaluation.objects.filter(task_id__in=[t.pk for t in tasks])}
    missing = [t for t in tasks if t.pk not in stored]
    if missing:
        when = evaluation_as_of() or services.today()
        for ev in services.task_evaluations_compute(as_of=when, tasks=Task.objects.filter(
                pk__in=[t.pk for t in missing])):
            stored[ev.task.pk] = ev
    return stored


def target_api_shape(target: Target, ev: TargetEvaluation) -> dict:
    from dxtrack.api.shapes import target_shape_basic

    data = target_shape_basic(target)
    latest = None
    if ev.latest_value is not None:
        latest = {"value": ev.latest_value, "period": ev.latest_period,
                  "unit_code": ev.numbers.get("latest_unit_code"), "source": ev.latest_source or None}
    data.update({"status": ev.status, "status_label": ev.label_vi, "progress_ratio": ev.progress_ratio,
                 "expected_now": ev.expected_now, "latest": latest, "as_of": ev.as_of.isoformat(),
                 "explanation": ev.explanation})
    return data


def targets_for_api(user, *, program: int | None = None):
    visible = programs_visible_to(user).values("pk")
    qs = (Target.objects.filter(program__in=visible).select_related("program", "goal", "indicator")
          .order_by("program__issued_on", "program_id", "goal__order", "order", "pk"))
    if program is not None:
        qs = qs.filter(program_id=program)
    return qs


# ---------------------------------------------------------------------------------------
# Pillars
# ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def pillars() -> list[dict]:
    """The six pillars and their keywords (data/pillars.json), keywords folded once."""
    data = json.loads(PILLARS_FILE.read_text(encoding="utf-8"))
    out = []
    for p in data["pillars"]:
        out.append({"key": p["key"], "label": p["label"],
                    "keywords": [f" {_words(k)} " for k in p["keywords"]]})
    return out


def _words(text: str) -> str:
    """Folded words separated by single spaces, so keywords match whole words only."""
    return " ".join(re.findall(r"[0-9a-z]+", fold(text)))


def pillar_of(*texts: str) -> str:
    """The first pillar whose keyword occurs in the first text that matches any: the goal's
    section first, then its text (or the task's group, then its name)."""
    for text in texts:
        key = f" {_words(text or '')} "
        for p in pillars():
            if any(k in key for k in p["keywords"]):
                return p["key"]
    return OTHER_PILLAR


def pillar_labels() -> "OrderedDict[str, str]":
    labels = OrderedDict((p["key"], p["label"]) for p in pillars())
    labels[OTHER_PILLAR] = "Khác (chưa phân loại)"
    return labels


def target_pillar(target: Target) -> str:
    return pillar_of(target.goal.section, target.subject, target.goal.text, target.indicator.name)


def task_pillar(task: Task) -> str:
    return pillar_of(task.group, task.name, task.product)


# ---------------------------------------------------------------------------------------
# Dashboards
# ---------------------------------------------------------------------------------------

def _status_rows(counter: Counter, statuses, labels) -> list[dict]:
    return [{"status": s, "label": labels[s], "n": counter.get(s, 0)} for s in statuses]


def overview(user, *, as_of: date | None = None) -> dict:
    """Counts by pillar and status, targets due within a year, overdue tasks."""
    visible = programs_visible_to(user).values("pk")
    targets = list(Target.objects.filter(program__in=visible)
                   .select_related("program", "goal", "indicator"))
    tasks = list(Task.objects.filter(program__in=visible).select_related("program"))
    tev = target_evaluations(targets=targets, as_of=as_of)
    kev = task_evaluations(tasks=tasks)
    when = as_of or evaluation_as_of() or services.today()
    labels = pillar_labels()
    by_pillar = OrderedDict((k, {"key": k, "label": v, "targets": Counter(), "tasks": Counter()})
                            for k, v in labels.items())
    for t in targets:
        by_pillar[target_pillar(t)]["targets"][tev[t.pk].status] += 1
    for t in tasks:
        by_pillar[task_pillar(t)]["tasks"][kev[t.pk].status] += 1
    rows = []
    for p in by_pillar.values():
        if not p["targets"] and not p["tasks"] and p["key"] == OTHER_PILLAR:
            continue
        rows.append({"key": p["key"], "label": p["label"],
                     "targets": [p["targets"].get(s, 0) for s in TARGET_STATUSES],
                     "targets_total": sum(p["targets"].values()),
                     "tasks": [p["tasks"].get(s, 0) for s in TASK_STATUSES],
                     "tasks_total": sum(p["tasks"].values())})
    horizon = when + timedelta(days=settings.EVALUATION_DUE_SOON_DAYS)
    due_soon = []
    for t in targets:
        deadline = services.target_deadline(t)
        if deadline is not None and when <= deadline <= horizon:
            due_soon.append((deadline, t, tev[t.pk]))
    due_soon.sort(key=lambda x: (x[0], x[1].pk))
    overdue = sorted(((t, kev[t.pk]) for t in tasks if kev[t.pk].status == "overdue"),
                     key=lambda x: (-(x[1].numbers.get("days_overdue") or 0), x[0].pk))
    totals_t = Counter(tev[t.pk].status for t in targets)
    totals_k = Counter(kev[t.pk].status for t in tasks)
    return {
        "as_of": when, "pillars": rows,
        "target_statuses": [(s, STATUS_LABELS_VI[s]) for s in TARGET_STATUSES],
        "task_statuses": [(s, TASK_STATUS_LABELS_VI[s]) for s in TASK_STATUSES],
        "target_totals": [totals_t.get(s, 0) for s in TARGET_STATUSES],
        "task_totals": [totals_k.get(s, 0) for s in TASK_STATUSES],
        "n_targets": len(targets), "n_tasks": len(tasks),
        "due_soon": due_soon, "overdue_tasks": overdue,
    }


def program_dashboard(program, *, as_of: date | None = None) -> dict:
    targets = list(program.targets.select_related("program", "goal", "indicator")
                   .order_by("goal__order", "order"))
    tasks = list(program.tasks.select_related("program").prefetch_related(
        "task_units__unit").order_by("order"))
    tev = target_evaluations(targets=targets, as_of=as_of)
    kev = task_evaluations(tasks=tasks)
    t_count = Counter(tev[t.pk].status for t in targets)
    k_count = Counter(kev[t.pk].status for t in tasks)
    return {
        "targets": [(t, tev[t.pk]) for t in targets],
        "tasks": [(t, kev[t.pk]) for t in tasks],
        "target_counts": _status_rows(t_count, TARGET_STATUSES, STATUS_LABELS_VI),
        "task_counts": _status_rows(k_count, TASK_STATUSES, TASK_STATUS_LABELS_VI),
        "n_achieved": t_count.get("achieved", 0), "n_targets": len(targets),
        "n_done": k_count.get("done", 0), "n_tasks": len(tasks),
        "n_evaluable": len(targets) - t_count.get("no_data", 0),
        "as_of": as_of or evaluation_as_of() or services.today(),
    }


def indicator_dashboard(user, indicator, *, as_of: date | None = None) -> dict:
    """Observations by period with their sources, and each target's line, path and projection."""
    from dxtrack.core import permissions
    from dxtrack.registry.models import Observation

    visible = programs_visible_to(user).values("pk")
    targets = list(indicator.targets.filter(program__in=visible)
                   .select_related("program", "goal", "indicator"))
    tev = target_evaluations(targets=targets, as_of=as_of)
    observations = Observation.objects.filter(indicator=indicator).select_related("unit", "program")
    if not permissions.can_see_drafts(user):
        observations = observations.filter(state="accepted")
    observations = sorted(observations, key=lambda o: (_sort_period(o.period), o.unit.name, o.pk))
    lines = []
    for t in targets:
        ev = tev[t.pk]
        lines.append({"target": t, "evaluation": ev, "path": target_path(ev)})
    series = []
    for p in (tev[targets[0].pk].numbers.get("points", []) if targets else []):
        series.append(p)
    return {"targets": lines, "observations": observations, "series": series,
            "chart": chart_for_indicator(lines, series)}


def _sort_period(code: str):
    try:
        p = Period.parse(code)
        return (p.start, -p.end.toordinal())
    except ValueError:
        return (date.max, 0)


def target_path(ev: TargetEvaluation) -> dict | None:
    """Baseline → threshold at the deadline (straight path), and the projection of the observed
    growth rate from the latest value to the deadline."""
    n = ev.numbers or {}
    base, latest, threshold, deadline = n.get("baseline"), n.get("latest"), n.get("threshold"), n.get("deadline")
    if not base or threshold is None or not deadline:
        return None
    path = {"baseline": base, "target": {"date": deadline, "value": threshold}, "projection": None}
    rate, method = n.get("observed_rate"), n.get("method")
    t_latest, t_deadline = n.get("t_latest"), n.get("t_deadline")
    if latest and rate is not None and t_latest is not None and t_deadline is not None and t_deadline > t_latest:
        years = t_deadline - t_latest
        if method == "cagr":
            value = latest["value"] * (1 + rate) ** years
        else:
            value = latest["value"] + rate * years
        path["projection"] = {"from": latest, "to": {"date": deadline, "value": value}}
    return path


def chart_for_indicator(lines, series) -> dict:
    """JSON for the chart (dates as fractional years on a linear x axis)."""
    from dxtrack.core.periods import fractional_year

    def x(iso):
        return round(fractional_year(date.fromisoformat(iso)), 4)

    data = {"observed": [{"x": x(p["date"]), "y": p["value"], "label": p["period"]} for p in series],
            "targets": []}
    for line in lines:
        path = line["path"]
        if not path:
            continue
        item = {"label": str(line["target"]),
                "path": [{"x": x(path["baseline"]["date"]), "y": path["baseline"]["value"]},
                         {"x": x(path["target"]["date"]), "y": path["target"]["value"]}],
                "target": [{"x": x(path["target"]["date"]), "y": path["target"]["value"]}]}
        if path["projection"]:
            item["projection"] = [{"x": x(path["projection"]["from"]["date"]), "y": path["projection"]["from"]["value"]},
                                  {"x": x(path["projection"]["to"]["date"]), "y": path["projection"]["to"]["value"]}]
        data["targets"].append(item)
    return data


def unit_scorecard(unit: Unit) -> dict:
    """The unit's scorecards, newest first, with its ranks."""
    scores = list(UnitScore.objects.filter(unit=unit))
    scores.sort(key=lambda s: _sort_period(s.period), reverse=True)
    ranks = defaultdict(list)
    for row in RankingRow.objects.filter(unit=unit):
        ranks[row.period].append(row)
    history = [{"score": s, "ranks": ranks.get(s.period, [])} for s in scores]
    return {"current": history[0] if history else None, "history": history,
            "chart": {"labels": [h["score"].period for h in reversed(history)],
                      "scores": [h["score"].score for h in reversed(history)]}}


GROUP_LABELS = OrderedDict(RankingRow.Group.choices)


def ranking(*, group: str, period: Period) -> dict:
    """A group's ranking for a period: the stored rows, or computed now when not stored."""
    rows = list(RankingRow.objects.filter(group=group, period=period.code).select_related("unit"))
    computed = False
    if not rows:
        computed = True
        as_of = evaluation_as_of() or services.today()
        members = set(Unit.objects.filter(services.group_units_filter(group, period.end))
                      .values_list("pk", flat=True))
        prev = {}
        stored_prev = dict(RankingRow.objects.filter(group=group, period=period.previous().code)
                           .values_list("unit_id", "rank"))
        if stored_prev:
            prev = stored_prev
        elif members:
            prev_scores = services.unit_scores_compute(period=period.previous(), as_of=as_of,
                                                       unit_ids=list(members))
            prev_rows = services.ranking_compute(group=group, period=period.previous(),
                                                 scores={s.unit_id: s.score for s in prev_scores},
                                                 previous=None, as_of=as_of)
            prev = {r.unit_id: r.rank for r in prev_rows}
        scores = services.unit_scores_compute(period=period, as_of=as_of, unit_ids=list(members)) if members else []
        rows = services.ranking_compute(group=group, period=period,
                                        scores={s.unit_id: s.score for s in scores}, previous=prev,
                                        as_of=min(period.end, as_of))
        units = Unit.objects.in_bulk([r.unit_id for r in rows])
        score_by_unit = {s.unit_id: s for s in scores}
        for r in rows:
            r.unit = units[r.unit_id]
            r.scorecard = score_by_unit.get(r.unit_id)
    else:
        cards = {s.unit_id: s for s in UnitScore.objects.filter(period=period.code,
                                                                unit_id__in=[r.unit_id for r in rows])}
        for r in rows:
            r.scorecard = cards.get(r.unit_id)
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.name))
    return {"group": group, "group_label": GROUP_LABELS[group], "period": period,
            "previous_period": period.previous(), "rows": rows, "computed": computed,
            "weights": settings.SCORECARD_WEIGHTS, "components": SCORECARD_COMPONENTS,
            "formula": scorecard_formula_text()}


def scorecard_formula_text() -> str:
    w = settings.SCORECARD_WEIGHTS
    terms = " + ".join(f"{w[k]:g} × {SCORECARD_COMPONENTS[k]}" for k in SCORECARD_COMPONENTS)
    return (f"Điểm (0–100) = ({terms}) / {sum(w.values()):g}; mỗi thành phần là tỷ lệ × 100. "
            "Thành phần không có gì để đánh giá trong kỳ được bỏ qua và trọng số còn lại được chuẩn hóa lại. "
            "Đồng điểm thì đồng hạng (1, 2, 2, 4).")


def ranking_periods() -> list[Period]:
    codes = set(RankingRow.objects.values_list("period", flat=True).distinct())
    periods = [p for p in (services._period_or_none(c) for c in codes) if p]
    return sorted(periods, reverse=True)


def default_ranking_period() -> Period:
    periods = ranking_periods()
    when = evaluation_as_of() or services.today()
    current = Period.for_date("quarter", when)
    return current if current in periods or not periods else periods[0]


def target_page_context(target: Target) -> dict:
    ev = target_evaluations(targets=[target])[target.pk]
    return {"evaluation": ev, "path": target_path(ev)}


assert set(DEFAULT_SCORECARD_WEIGHTS) == set(SCORECARD_COMPONENTS)
