"""Evaluation writes: store the statuses, scorecards and rankings that `compute` gives.

- `evaluation_recompute_all(as_of=…)`: everything, in bulk (a handful of queries whatever the
  size of the data), in one transaction with its audit row.
- `evaluation_on_item_accepted(item=…)`: the hook reporting calls *inside* its accept
  transaction (registered in `EvaluationConfig.ready`); recompute only what that value affects
  (the targets of its indicator and of the indicators that use it as a denominator, the task,
  the scorecards of the units concerned, their groups' rankings), so the next read in the same
  request already sees the new status.
- `evaluation_on_data_changed(action=…, object_type=…)`: the listener of every audited write
  (`core.freshness`, registered in `EvaluationConfig.ready`): a new stamp token, and the running
  sums forgotten when the write may have changed accepted values behind the incremental path.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import uuid4

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dxtrack.core.audit import audit_record
from dxtrack.core.periods import Period
from dxtrack.evaluation import rollups
from dxtrack.evaluation.compute import (
    GROUPS,
    RANK_FIELDS,
    group_members,
    period_or_none,
    ranked_heirs,
    ranking_compute,
    ranking_row,
    ranking_values,
    scoring_periods,
    target_evaluation_build,
    target_evaluations_compute,
    task_data_load,
    task_evaluation_build,
    task_evaluations_compute,
    today,
    unit_families,
    unit_predecessors,
    unit_scores_compute,
)
from dxtrack.evaluation.models import (
    EvaluationStamp,
    RankingRow,
    TargetEvaluation,
    TaskEvaluation,
    UnitScore,
)
from dxtrack.evaluation.pillars import task_pillar
from dxtrack.evaluation.series import Series, province_unit, series_load
from dxtrack.evaluation.stamp import stamp_forget, stamp_read
from dxtrack.registry.models import Indicator, Target, Task, TaskUnit
from dxtrack.reporting.models import Observation, TaskUpdate

# ---------------------------------------------------------------------------------------
# Freshness: the stamp and the running sums (core.freshness; docs/architecture.md)
# ---------------------------------------------------------------------------------------

# A reported item's steps before acceptance (saved, sent for approval, approved to the
# coordinator, submitted, returned) change no registry row, no accepted value and no stored
# result: nothing the dashboards cache is computed from. They are the most frequent writes, and the
# reporting API keeps their statements to a minimum (tests/reporting/test_api_cost.py), so they
# leave the stamp as it is. Their accept renews it in the accept hook, with the date of the
# statuses it stored (renewing it here too would add an UPDATE to every accept). Every other
# write renews it here, a new kind of write included.
REPORTED_ITEMS = frozenset({"observation", "task_update"})

# Writes that can change accepted values without the accept hook (the incremental path), by
# audit action: after them the running sums (rollups.py) are forgotten, and the next accept
# rebuilds its indicator's from the observations.
# - a plan loaded (its figures are accepted values), published or unpublished;
# - an admin create, edit or delete (`<model>.admin_…`) of a row that holds accepted values, or
#   that they are summed by or cascade from: observations, indicators (their aggregation;
#   deleting one deletes its values), programs (deleting one deletes its figures), units, targets.
# Not the accept transition (the hook has just regrouped that period: forgetting there would make
# every next accept regroup everything), nor evaluation's own recompute (it rebuilds the sums),
# nor any other write (drafts, submissions, returns, rounds, tasks and their updates, users):
# none of them touches an accepted value.
ROLLUPS_FORGOTTEN_AFTER = frozenset({"program.load", "program.publish", "program.unpublish"})
ADMIN_MODELS_FORGETTING_ROLLUPS = frozenset(
    {"observation", "indicator", "program", "unit", "target"}
)

# Writes after which the stored results are recomputed at once, as of their date: publishing an
# amendment changes what counts (targets and tasks repealed, added or changed; registry.in_force),
# and every scorecard and ranking that counted a repealed record would otherwise count it until
# the nightly `dxtrack evaluate`. A rare, deliberate act; the full recompute takes ≈ 1–2 s at
# province scale (docs/evaluation.md). Its audit row is written last in `amendment_publish`,
# after every change is applied.
RECOMPUTED_AFTER = frozenset({"amendment.publish"})


def renews_stamp(*, action: str) -> bool:
    """False only for a reported item's own steps (see REPORTED_ITEMS); an admin edit of one
    renews it."""
    model, _, verb = action.partition(".")
    return model not in REPORTED_ITEMS or verb.startswith("admin_")


def forgets_rollups(*, action: str) -> bool:
    """True when the audited write `action` may have changed accepted values behind the
    incremental path (see ROLLUPS_FORGOTTEN_AFTER)."""
    model, _, verb = action.partition(".")
    if action in ROLLUPS_FORGOTTEN_AFTER:
        return True
    return verb.startswith("admin_") and model in ADMIN_MODELS_FORGETTING_ROLLUPS


def evaluation_on_data_changed(*, action: str, object_type: str) -> None:
    """The listener of every audited write (`core.freshness.data_changed`, registered in
    `EvaluationConfig.ready`), in the write's transaction: the dashboards' caches are keyed by
    the stamp, so a new token makes every page read afresh (`renews_stamp`); the running sums
    are forgotten when the write may have changed accepted values (`forgets_rollups`)."""
    if renews_stamp(action=action):
        stamp_bump()
    if forgets_rollups(action=action):
        rollups.rollups_forget()
    if action in RECOMPUTED_AFTER:
        stamp = stamp_read()
        if stamp is not None and stamp[1] is not None:  # results are stored: as of their date
            evaluation_recompute_all(as_of=stamp[1])


def stamp_bump(*, as_of: date | None = None) -> None:
    """A new token for the stored results (same transaction as the write); `as_of` when target
    evaluations were stored. Dashboard caches are keyed by the token (selectors.cache_key).

    Called for audited writes (`evaluation_on_data_changed`) and by evaluation's own writes
    of stored results, which also record the date they were computed for: the recompute and
    the accept hook (the hook may run without an audit row of its own, as in the tests)."""
    fields: dict[str, object] = {"token": uuid4().hex, "updated_at": timezone.now()}
    if as_of is not None:
        fields["as_of"] = as_of
    if not EvaluationStamp.objects.filter(pk=1).update(version=F("version") + 1, **fields):
        EvaluationStamp.objects.create(pk=1, version=1, **fields)
    stamp_forget()  # a request that wrote reads the new token (stamp.py)


_TARGET_FIELDS = [
    "as_of",
    "status",
    "progress_ratio",
    "expected_now",
    "latest_value",
    "latest_period",
    "latest_unit",
    "latest_source",
    "numbers",
    "explanation",
    "explanation_en",
    "pillar",
    "deadline",
    "computed_at",
]


def _store_targets(evaluations: list[TargetEvaluation]) -> None:
    now = timezone.now()
    for ev in evaluations:
        ev.computed_at = now
    TargetEvaluation.objects.bulk_create(
        evaluations,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["target"],
        update_fields=_TARGET_FIELDS,
    )


def _store_tasks(evaluations: list[TaskEvaluation]) -> None:
    now = timezone.now()
    for ev in evaluations:
        ev.computed_at = now
        ev.pillar = task_pillar(ev.task)
        ev.days_overdue = (ev.numbers or {}).get("days_overdue")
    TaskEvaluation.objects.bulk_create(
        evaluations,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["task"],
        update_fields=[
            "as_of",
            "status",
            "tracking_status",
            "percent_done",
            "numbers",
            "explanation",
            "explanation_en",
            "pillar",
            "days_overdue",
            "computed_at",
        ],
    )


def _store_scores(scores: list[UnitScore]) -> None:
    now = timezone.now()
    for s in scores:
        s.computed_at = now
    UnitScore.objects.bulk_create(
        scores,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["unit", "period"],
        update_fields=[
            "as_of",
            "score",
            "components",
            "numbers",
            "formula",
            "formula_en",
            "computed_at",
        ],
    )


def _rankings_store(
    *,
    periods: list[Period],
    as_of: date,
    groups: Sequence[str] = GROUPS,
    members: dict[str, set[int]] | None = None,
) -> int:
    """Re-rank `groups` for `periods` (oldest first) from the stored scores."""
    n = 0
    for period in sorted(periods):
        when = min(period.end, as_of)
        in_group = members or group_members(period)
        scores = dict(UnitScore.objects.filter(period=period.code).values_list("unit_id", "score"))
        previous: dict[str, dict[int, int | None]] = defaultdict(dict)
        for group, unit_id, rank in (
            RankingRow.objects.filter(group__in=groups, period=period.previous().code)
            .order_by()
            .values_list("group", "unit_id", "rank")
        ):
            previous[group][unit_id] = rank
        rows = []
        for group in groups:
            rows += ranking_compute(
                group=group,
                period=period,
                scores={u: scores.get(u) for u in in_group[group] if u in scores},
                previous=previous[group],
                as_of=when,
            )
        RankingRow.objects.filter(group__in=groups, period=period.code)._raw_delete(
            RankingRow.objects.db
        )
        RankingRow.objects.bulk_create(rows, batch_size=1000)
        n += len(rows)
    return n


def _rankings_update(
    *, period: Period, as_of: date, groups: Sequence[str], members: dict[str, set[int]]
) -> bool:
    """Re-rank `groups` for `period` from the stored scores, writing only the rows that differ
    from the stored ones (an accepted value usually moves a few places, if any). True when a row
    was written or removed."""
    when = min(period.end, as_of)
    ranked = set().union(*(members[g] for g in groups))
    scores = dict(
        UnitScore.objects.filter(period=period.code, unit_id__in=ranked)
        .order_by()
        .values_list("unit_id", "score")
    )
    previous: dict[str, dict[int, int | None]] = defaultdict(dict)
    existing: dict[tuple[str, int], tuple] = {}
    for pk, group, code, unit_id, *values in (
        RankingRow.objects.filter(
            group__in=groups, period__in=[period.code, period.previous().code]
        )
        .order_by()
        .values_list("pk", "group", "period", "unit_id", *RANK_FIELDS)
    ):
        if code == period.code:
            existing[(group, unit_id)] = (pk, tuple(values))
        else:
            previous[group][unit_id] = values[1]
    changed = []
    for group in groups:
        ranking = ranking_values(
            period=period,
            scores={u: scores.get(u) for u in members[group] if u in scores},
            previous=previous[group],
            as_of=when,
        )
        for unit_id, values in ranking.items():
            old = existing.pop((group, unit_id), None)
            if old is None or old[1] != values:
                changed.append(ranking_row(group, period, unit_id, values))
    if changed:
        RankingRow.objects.bulk_create(
            changed,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["group", "period", "unit"],
            update_fields=RANK_FIELDS,
        )
    if existing:  # units no longer in the group
        RankingRow.objects.filter(pk__in=[pk for pk, _ in existing.values()]).delete()
    return bool(changed or existing)


def _json_same(a: object, b: object) -> bool:
    return json.loads(json.dumps(a)) == b


def _score_differs(old: UnitScore | None, new: UnitScore) -> bool:
    return (
        old is None
        or old.score != new.score
        or old.as_of != new.as_of
        or old.formula != new.formula
        or old.formula_en != new.formula_en
        or not _json_same(new.components, old.components)
        or not _json_same(new.numbers, old.numbers)
    )


# ---------------------------------------------------------------------------------------
# Write actions
# ---------------------------------------------------------------------------------------


@transaction.atomic
def evaluation_recompute_all(
    *, as_of: date | None = None, acting_user: User | None = None
) -> dict[str, Any]:
    """Recompute and store every target, task, scorecard and ranking as of `as_of` (default
    today), replacing the stored ones; one transaction with its audit row."""
    as_of = as_of or today()
    targets = list(
        Target.objects.select_related("program", "goal", "indicator").defer("program__source_text")
    )
    province = province_unit()
    # Evaluated as of today, the grouping of every unit value is also today's rollups.
    grouped: list[dict] | None = [] if as_of >= today() else None
    series = series_load(
        as_of=as_of, province=province, collect=grouped.append if grouped is not None else None
    )
    if grouped is not None:
        rollups.rollups_store(grouped, province_id=province.pk if province is not None else None)
    target_evals = target_evaluations_compute(
        as_of=as_of, targets=targets, series=series, province=province
    )
    TargetEvaluation.objects.exclude(target_id__in=[t.pk for t in targets]).delete()
    _store_targets(target_evals)

    tasks = list(Task.objects.select_related("program").defer("program__source_text"))
    data = task_data_load(as_of=as_of)
    task_evals = [task_evaluation_build(task=t, data=data, as_of=as_of) for t in tasks]
    _store_tasks(task_evals)

    cache = {(ev.target_id, as_of): ev.status for ev in target_evals}
    periods = scoring_periods(as_of)
    UnitScore.objects.exclude(period__in=[p.code for p in periods]).delete()
    RankingRow.objects.exclude(period__in=[p.code for p in periods]).delete()
    n_scores = 0
    for period in periods:
        scores = unit_scores_compute(
            period=period, as_of=as_of, series=series, task_data=data, target_cache=cache
        )
        UnitScore.objects.filter(period=period.code).delete()
        _store_scores(scores)
        n_scores += len(scores)
    n_rows = _rankings_store(periods=periods, as_of=as_of)
    stamp_bump(as_of=as_of)
    summary = {
        "as_of": as_of.isoformat(),
        "targets": len(target_evals),
        "tasks": len(task_evals),
        "scores": n_scores,
        "ranking_rows": n_rows,
        "periods": [p.code for p in periods],
    }
    audit_record(
        actor=acting_user,
        action="evaluation.recompute_all",
        object_type="evaluation",
        object_id=as_of.isoformat(),
        after=summary,
    )
    return summary


def _affected_periods(code: str | None, as_of: date) -> list[Period]:
    periods = {Period.for_date("quarter", as_of)}
    p = period_or_none(code) if code else None
    if p is not None and UnitScore.objects.filter(period=p.code).exists():
        periods.add(p)
    return sorted(periods)


def _unchanged_by_targets(
    *,
    stored: dict[int, UnitScore],
    ids: list[int],
    fams: dict[int, set[int]],
    targets: Sequence[Target],
    series: Series | None,
    when: date,
) -> bool:
    """True when every unit's stored scorecard was judged on `when` and already holds, for each
    of `targets` its family owns, the status that target has on `when` now: the value moved no
    status, so (tasks and reports being untouched by it) recomputing would give the same cards."""
    if any(u not in stored or stored[u].as_of != when for u in ids):
        return False
    if series is None:  # only without targets: `_rescore` loads the series its targets read
        return not targets
    status = {
        t.pk: target_evaluation_build(target=t, series=series, as_of=when).status for t in targets
    }
    for u in ids:
        held = (stored[u].numbers or {}).get("target_status", {})
        for t in targets:
            if t.owner_id in fams[u] and held.get(str(t.pk)) != status[t.pk]:
                return False
    return True


def _rescore(
    *,
    unit_ids: set[int],
    periods: list[Period],
    as_of: date,
    targets: Sequence[Target] = (),
    series: Series | None = None,
    only_targets: bool = False,
) -> None:
    """Recompute the scorecards of `unit_ids` and of the units whose family holds them; store
    those that differ from the stored ones and re-rank their groups only then.

    The statuses of the targets a unit owns are taken from its stored scorecard, except those
    of `targets` (the ones the new value can move), which are recomputed: an accepted value
    changes nothing else. A scorecard equal to the stored one (score, components, numbers,
    formula, date) is not written, and a group whose scores did not change keeps its ranking,
    which is what re-ranking it would give. `only_targets`: the new value can change nothing but
    the statuses of `targets` (a value outside a reporting round), so a period where none of them
    moved is left as it is without recomputing its cards."""
    affected = {t.pk for t in targets}
    if targets and (series is None or not series.covers({t.indicator_id for t in targets})):
        series = series_load(as_of=as_of, indicator_ids={t.indicator_id for t in targets})
    preds = unit_predecessors()
    reranked: set[str] = set()
    for period in periods:
        when = min(period.end, as_of)
        ranked_in = ranked_heirs(unit_ids, period, preds)
        ids = list(ranked_in)
        if not ids:
            continue
        fams = unit_families(ids, preds=preds)
        stored = {
            s.unit_id: s for s in UnitScore.objects.filter(unit_id__in=ids, period=period.code)
        }
        if (
            only_targets
            and period.previous().code not in reranked
            and _unchanged_by_targets(
                stored=stored, ids=ids, fams=fams, targets=targets, series=series, when=when
            )
        ):
            continue
        cache = {}
        for card in stored.values():
            for t, status in (card.numbers or {}).get("target_status", {}).items():
                if int(t) not in affected:
                    cache[(int(t), when)] = status
        scores = unit_scores_compute(
            period=period, as_of=as_of, unit_ids=ids, series=series, target_cache=cache, preds=preds
        )
        changed = [card for card in scores if _score_differs(stored.get(card.unit_id), card)]
        if changed:
            _store_scores(changed)
        changed_ids = {card.unit_id for card in changed}
        # The "change" column follows the previous ranks.
        moved = ids if period.previous().code in reranked else changed_ids
        groups = [g for g in GROUPS if any(g in ranked_in[u] for u in moved)]
        if groups and _rankings_update(
            period=period, as_of=as_of, groups=groups, members=group_members(period, groups)
        ):
            reranked.add(period.code)


def evaluation_on_observation_accepted(*, observation: Observation) -> None:
    """Called inside the accept transaction: the statuses of the targets this value can move,
    then the scorecards of the reporting unit and of the targets' owners, then their rankings."""
    as_of = today()
    ids = {observation.indicator_id} | set(
        Indicator.objects.filter(denominator_id=observation.indicator_id)
        .order_by()
        .values_list("pk", flat=True)
    )
    targets = list(
        Target.objects.filter(indicator_id__in=ids)
        .select_related("program", "goal", "indicator")
        .defer("program__source_text")
    )
    series = None
    if targets:
        province = province_unit()
        province_id = province.pk if province is not None else None
        changed = (
            []
            if observation.unit_id == province_id
            else [(observation.indicator_id, observation.period)]
        )
        sums = rollups.rollups_for_today(
            indicator_ids=ids, province_id=province_id, changed=changed
        )
        series = series_load(as_of=as_of, indicator_ids=ids, province=province, rollups=sums)
        _store_targets(
            target_evaluations_compute(
                as_of=as_of, targets=targets, series=series, province=province
            )
        )
    else:  # no target reads it now; a rollup kept for later would miss this value
        rollups.rollup_forget(indicator_id=observation.indicator_id)
    units = {observation.unit_id} | {t.owner_id for t in targets if t.owner_id}
    rnd = observation.round
    round_period = rnd.period if rnd is not None else observation.period
    _rescore(
        unit_ids=units,
        periods=_affected_periods(round_period, as_of),
        as_of=as_of,
        targets=targets,
        series=series,
        only_targets=not observation.round_id,
    )
    stamp_bump(as_of=as_of if targets else None)


def evaluation_on_task_update_accepted(*, task_update: TaskUpdate) -> None:
    """Called inside the accept transaction: the task's status, then the scorecards of its lead
    units and of the reporting unit, then their rankings."""
    as_of = today()
    task = (
        Task.objects.select_related("program")
        .defer("program__source_text")
        .get(pk=task_update.task_id)
    )
    _store_tasks(task_evaluations_compute(as_of=as_of, tasks=Task.objects.filter(pk=task.pk)))
    units = {task_update.unit_id} | set(
        TaskUnit.objects.filter(task=task, role=TaskUnit.Role.LEAD).values_list(
            "unit_id", flat=True
        )
    )
    _rescore(unit_ids=units, periods=_affected_periods(task_update.period, as_of), as_of=as_of)
    stamp_bump()


def evaluation_on_item_accepted(*, item: Observation | TaskUpdate) -> None:
    """The reporting accept hook (registered in `EvaluationConfig.ready`)."""
    if isinstance(item, Observation):
        evaluation_on_observation_accepted(observation=item)
    else:
        evaluation_on_task_update_accepted(task_update=item)
