"""Running aggregates of the units' accepted values, per indicator and period (the incremental path).

The province series of a summed or averaged indicator is, for each period, the SUM/AVG of every
unit's accepted value (series.py). At national scale one indicator has ≈ 170 000 unit values, so
grouping them again after each accepted value costs ≈ 70 ms. One accepted value changes one period
of one indicator: the incremental path keeps, per indicator, each period's (total, count, last
review) in an `IndicatorRollup` row, regroups only the period the value belongs to (≈ 8 000 rows,
by index) and reads the other periods from the row.

Why it stays right:
- A rollup is the same GROUP BY as `series_load` without its as-of cutoff; it is only read for
  today's evaluation, where the cutoff (the start of tomorrow) lets every accepted value through.
  Periods are kept whether or not they have ended; the reader drops those that have not.
- Refreshing locks the indicator's rollup row before regrouping: an accept of the same indicator
  in another transaction waits, and its own GROUP BY (a new statement) then sees this commit.
- An accepted value only ever changes through the reporting app's accept, which calls the
  incremental path. Every other write that can touch accepted values (a plan loaded or published,
  an admin edit or deletion) writes its audit row, whose freshness listener
  (`services.evaluation_on_data_changed`, see `services.forgets_rollups`) forgets all rollups;
  the next accept rebuilds its indicator's rollup from the observations. `dxtrack evaluate` (as
  of today) rebuilds them all from the grouping it does anyway.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from dxtrack.evaluation.models import IndicatorRollup
from dxtrack.evaluation.series import grouped_unit_values
from dxtrack.registry.models import Indicator
from dxtrack.reporting.models import Observation

PLAIN = (Indicator.Aggregation.SUM, Indicator.Aggregation.MEAN)


def _accepted_unit_values(province_id: int | None):
    rows = Observation.objects.filter(state=Observation.State.ACCEPTED)
    return rows.exclude(unit_id=province_id) if province_id is not None else rows


def _entry(row) -> list:
    last = row["last"]
    return [float(row["total"]), int(row["n"]), last.isoformat() if last else None]


def rollups_forget() -> None:
    """Drop every rollup (a write the incremental path did not see may have changed any)."""
    IndicatorRollup.objects.all().delete()


def rollup_forget(*, indicator_id: int) -> None:
    IndicatorRollup.objects.filter(indicator_id=indicator_id).delete()


def rollups_store(rows, *, province_id: int | None) -> None:
    """Replace all rollups by `rows` (grouped rows of every period, from `series_load(collect=…)`)."""
    by_indicator: dict[int, dict] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator_id"], {})[row["period"]] = _entry(row)
    plain = set(Indicator.objects.filter(aggregation__in=PLAIN).values_list("pk", flat=True))
    now = timezone.now()
    IndicatorRollup.objects.all().delete()
    IndicatorRollup.objects.bulk_create(
        [
            IndicatorRollup(
                indicator_id=ind,
                province_id=province_id,
                periods=by_indicator.get(ind, {}),
                updated_at=now,
            )
            for ind in sorted(plain)
        ],
        batch_size=500,
    )


def _build(indicator_ids, province_id) -> None:
    """Store the rollups of `indicator_ids` from one GROUP BY over their accepted unit values.

    Another transaction may store the same indicator first: its row wins (the caller then
    regroups the period it changed under the row's lock, which is what makes it right)."""
    periods: dict[int, dict] = {ind: {} for ind in indicator_ids}
    for row in grouped_unit_values(
        _accepted_unit_values(province_id).filter(indicator_id__in=indicator_ids)
    ):
        periods[row["indicator_id"]][row["period"]] = _entry(row)
    now = timezone.now()
    for ind, entries in periods.items():
        try:
            with transaction.atomic():
                IndicatorRollup.objects.create(
                    indicator_id=ind, province_id=province_id, periods=entries, updated_at=now
                )
        except IntegrityError:
            pass


def rollups_for_today(*, indicator_ids, province_id: int | None, changed=()) -> dict[int, dict]:
    """Indicator id → {period: (total, count, last review ISO)} for the summed and averaged ones
    of `indicator_ids`, current in this transaction: missing rollups are built, and each
    (indicator id, period) of `changed` is regrouped under the row's lock. Must run inside the
    transaction that changed the values."""
    plain = set(
        Indicator.objects.filter(pk__in=indicator_ids, aggregation__in=PLAIN).values_list(
            "pk", flat=True
        )
    )
    if not plain:
        return {}
    rows = {
        r.indicator_id: r
        for r in IndicatorRollup.objects.select_for_update().filter(indicator_id__in=plain)
    }
    stale = {ind for ind, r in rows.items() if r.province_id != province_id}
    if stale:
        IndicatorRollup.objects.filter(indicator_id__in=stale).delete()
    missing = plain - (set(rows) - stale)
    if missing:
        _build(sorted(missing), province_id)
        rows.update(
            {
                r.indicator_id: r
                for r in IndicatorRollup.objects.select_for_update().filter(
                    indicator_id__in=missing
                )
            }
        )
    for ind, period in changed:
        if ind in rows:
            _regroup(rows[ind], period, province_id)
    return {ind: rows[ind].periods for ind in plain}


def _regroup(rollup: IndicatorRollup, period: str, province_id: int | None) -> None:
    grouped = list(
        grouped_unit_values(
            _accepted_unit_values(province_id).filter(
                indicator_id=rollup.indicator_id, period=period
            )
        )
    )
    if grouped:
        rollup.periods[period] = _entry(grouped[0])
    else:
        rollup.periods.pop(period, None)
    rollup.updated_at = timezone.now()
    rollup.save(update_fields=["periods", "updated_at"])
