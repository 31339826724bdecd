"""The province-level time series of indicators, as of a date (read-only; used by services).

One query reads the province unit's own accepted values; one grouped query sums/averages the
accepted values of the other units for `sum`/`mean` indicators; `weighted` indicators are read
unit by unit with their denominator and combined by `methods.aggregate`. Only values whose
period ended by the date and that were accepted by then count (a value with no review time —
a figure a plan itself reports — counts from the start).

For each indicator and each date the series keeps *candidates* (the province value(s) and the
aggregate) and `points_as_of` picks one: a province-level value beats an aggregate of units; among
province values, a periodic report or API value beats a figure quoted in a document, then the
longer period (the year figure over its fourth quarter), then the latest accepted, then the
newest row. Values that disagree are reported as conflicts in the result's numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Avg, Count, Max, Q, Sum
from django.utils import timezone

from dxtrack.core.periods import Period
from dxtrack.evaluation.methods import Point, aggregate
from dxtrack.registry.models import Indicator, IndicatorResponsibility, Unit
from dxtrack.reporting.models import Observation

_SOURCE_PRIORITY = {"report": 2, "api": 2, "document": 1}
_KIND_LENGTH = {"year": 4, "half": 3, "quarter": 2, "month": 1}


@dataclass(frozen=True)
class Candidate:
    when: date
    value: float
    period: str
    level: str  # "province" or "aggregate"
    unit_code: str
    source: str
    obs_id: int | None
    accepted_on: date | None  # None: counts from the start
    n_units: int = 1
    method: str = ""

    def sort_key(self):
        return (
            1 if self.level == "province" else 0,
            _SOURCE_PRIORITY.get(self.source_kind, 0),
            _KIND_LENGTH.get(_kind(self.period), 0),
            self.accepted_on or date.min,
            self.obs_id or 0,
        )

    @property
    def source_kind(self) -> str:
        return self.source.split(":", 1)[0] if self.level == "province" else "aggregate"

    def as_json(self) -> dict:
        return {
            "period": self.period,
            "value": self.value,
            "level": self.level,
            "unit_code": self.unit_code,
            "source": self.source_text,
            "observation": self.obs_id,
            "n_units": self.n_units,
            "method": self.method or None,
        }

    @property
    def source_text(self) -> str:
        return self.source.split(":", 1)[1] if self.level == "province" else self.source


def _kind(code: str) -> str:
    try:
        return Period.parse(code).kind
    except ValueError:
        return ""


@dataclass
class Series:
    """Candidates per indicator id, keyed by date."""

    as_of: date
    by_indicator: dict[int, dict[date, list[Candidate]]] = field(default_factory=dict)
    loaded: frozenset[int] | None = None  # the indicators read; None: all of them

    def covers(self, indicator_ids) -> bool:
        return self.loaded is None or set(indicator_ids) <= self.loaded

    def points_as_of(self, indicator_id: int, as_of: date):
        """(points, chosen candidates by date, conflicts) for one indicator at a date ≤ self.as_of."""
        chosen: dict[date, Candidate] = {}
        conflicts = []
        for when, cands in sorted(self.by_indicator.get(indicator_id, {}).items()):
            if when > as_of:
                break
            usable = [c for c in cands if c.accepted_on is None or c.accepted_on <= as_of]
            if not usable:
                continue
            best = max(usable, key=Candidate.sort_key)
            chosen[when] = best
            others = sorted(
                {c.value for c in usable if c.level == "province" and c.value != best.value}
            )
            if best.level == "province" and others:
                conflicts.append({"period": best.period, "used": best.value, "ignored": others})
        points = [Point(when, c.value) for when, c in chosen.items()]
        return points, chosen, conflicts


def province_unit() -> Unit | None:
    return Unit.objects.filter(code=settings.PROVINCE_UNIT_CODE).first()


def accepted_cutoff(as_of: date) -> datetime:
    """Start of the day after `as_of`, local time: a value reviewed before it counts."""
    return timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))


def ended_periods(codes, as_of: date) -> dict[str, date]:
    """Period code → end date, for the codes whose period ended by `as_of` (bad codes skipped)."""
    ended = {}
    for code in codes:
        try:
            end = Period.parse(code).end
        except ValueError:
            continue
        if end <= as_of:
            ended[code] = end
    return ended


class _EndedPeriods(dict):
    """Period code → end date for the codes whose period ended by `as_of`, parsed on first use
    (`code in ended`, `ended[code]`)."""

    def __init__(self, as_of: date):
        super().__init__()
        self.as_of = as_of
        self._seen: dict[str, date | None] = {}

    def __contains__(self, code) -> bool:
        if code not in self._seen:
            self._seen[code] = ended_periods([code], self.as_of).get(code)
            if self._seen[code] is not None:
                dict.__setitem__(self, code, self._seen[code])
        return self._seen[code] is not None

    def __getitem__(self, code):
        if code in self:
            return dict.__getitem__(self, code)
        raise KeyError(code)


def grouped_unit_values(rows):
    """Per indicator and period, the SUM/AVG/count/last review of `rows` (accepted unit values).

    The SQL SUM/AVG over the units that reported: what `methods.aggregate` computes for sum and
    mean (tests check they agree). One accepted row per indicator, unit and period is the
    reporting app's invariant (a resubmission replaces the row's value)."""
    return (
        rows.values("indicator_id", "period")
        .order_by()
        .annotate(total=Sum("value"), mean=Avg("value"), n=Count("*"), last=Max("reviewed_at"))
    )


def rollup_rows(rollups: dict, indicator_ids):
    """The rows `grouped_unit_values` would give, from stored rollups (AVG is total / count in
    both PostgreSQL and SQLite, so the mean is the same number)."""
    for ind in indicator_ids:
        for period, (total, n, last) in rollups.get(ind, {}).items():
            if n:
                yield {
                    "indicator_id": ind,
                    "period": period,
                    "total": total,
                    "mean": total / n,
                    "n": n,
                    "last": datetime.fromisoformat(last) if last else None,
                }


def _put_lead_values(base, rows, ends, put, day) -> None:
    """A province-level indicator's figure reported by its lead unit (the registry's
    `IndicatorResponsibility`: Sở Y tế for the share of people with an electronic health record)
    is the province's figure: it is a province candidate like the province unit's own value."""
    province_level = [pk for pk, how, _ in rows if how == "province"]
    if not province_level:
        return
    leads: dict[int, set[int]] = defaultdict(set)
    codes: dict[int, str] = {}
    for ind, unit_id, code in IndicatorResponsibility.objects.filter(
        indicator_id__in=province_level,
        role=IndicatorResponsibility.Role.LEAD,
        unit__isnull=False,
    ).values_list("indicator_id", "unit_id", "unit__code"):
        leads[ind].add(unit_id)
        codes[unit_id] = code
    if not leads:
        return
    obs_rows = (
        base.filter(indicator_id__in=list(leads), unit_id__in=list(codes))
        .values_list(
            "id",
            "indicator_id",
            "unit_id",
            "period",
            "value",
            "source_kind",
            "source",
            "reviewed_at",
        )
        .order_by()
    )
    for obs_id, ind, unit_id, period, value, kind, source, reviewed in obs_rows:
        if period not in ends or unit_id not in leads[ind]:
            continue
        put(
            ind,
            Candidate(
                when=ends[period],
                value=value,
                period=period,
                level="province",
                unit_code=codes[unit_id],
                source=f"{kind}:{source}",
                obs_id=obs_id,
                accepted_on=day(reviewed),
            ),
        )


def series_load(
    *,
    as_of: date,
    indicator_ids=None,
    period_codes=None,
    province=False,
    rollups=None,
    collect=None,
) -> Series:
    """The series of every indicator (or of `indicator_ids`) as of `as_of`: a few queries, each
    reading the accepted rows once (periods that have not ended are dropped while reading, so
    no separate pass lists the periods). `province`: the province unit when already read.

    `rollups`: indicator id → {period: (total, count, last review)} for summed and averaged
    indicators, read instead of grouping their unit values (rollups.py; only valid for today).
    `collect(row)`: receives every grouped row (every period, ended or not) to store as rollups."""
    series = Series(as_of=as_of)
    if province is False:
        province = province_unit()
    base = Observation.objects.filter(state=Observation.State.ACCEPTED).filter(
        Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=accepted_cutoff(as_of))
    )
    fields = ("pk", "aggregation", "denominator_id")
    if indicator_ids is not None:
        indicator_ids = set(indicator_ids)
        if not indicator_ids:
            series.loaded = frozenset()
            return series
        rows = list(Indicator.objects.filter(pk__in=indicator_ids).values_list(*fields))
        # A weighted indicator needs its denominator's values too.
        extra = {d for _, _, d in rows if d is not None} - indicator_ids
        if extra:
            rows += list(Indicator.objects.filter(pk__in=extra).values_list(*fields))
            indicator_ids |= extra
        indicator_ids = sorted(indicator_ids)
        series.loaded = frozenset(indicator_ids)
        base = base.filter(indicator_id__in=indicator_ids)
    else:
        rows = list(Indicator.objects.values_list(*fields))
    if period_codes is not None:
        ends = ended_periods(period_codes, as_of)
        if not ends:
            return series
        base = base.filter(period__in=list(ends))
    else:
        ends = _EndedPeriods(as_of)
    tz = timezone.get_current_timezone()

    def put(indicator_id: int, cand: Candidate) -> None:
        series.by_indicator.setdefault(indicator_id, {}).setdefault(cand.when, []).append(cand)

    def day(dt):
        return None if dt is None else timezone.localtime(dt, tz).date()

    if province is not None:
        obs_rows = (
            base.filter(unit_id=province.pk)
            .values_list(
                "id", "indicator_id", "period", "value", "source_kind", "source", "reviewed_at"
            )
            .order_by()
        )
        for obs_id, ind, period, value, kind, source, reviewed in obs_rows:
            if period not in ends:
                continue
            put(
                ind,
                Candidate(
                    when=ends[period],
                    value=value,
                    period=period,
                    level="province",
                    unit_code=province.code,
                    source=f"{kind}:{source}",
                    obs_id=obs_id,
                    accepted_on=day(reviewed),
                ),
            )

    _put_lead_values(base, rows, ends, put, day)

    plain = [pk for pk, how, _ in rows if how in ("sum", "mean")]
    weighted = {pk: denom for pk, how, denom in rows if how == "weighted" and denom}
    how = {pk: agg for pk, agg, _ in rows}
    others = base.exclude(unit_id=province.pk) if province is not None else base
    if plain:
        if rollups is not None:
            grouped = rollup_rows(rollups, plain)
        else:
            grouped = grouped_unit_values(others.filter(indicator_id__in=plain))
        for row in grouped:
            if collect is not None:
                collect(row)
            if row["period"] not in ends:
                continue
            method = how[row["indicator_id"]]
            value = row["total"] if method == "sum" else row["mean"]
            put(
                row["indicator_id"],
                Candidate(
                    when=ends[row["period"]],
                    value=float(value),
                    period=row["period"],
                    level="aggregate",
                    unit_code=province.code if province else "",
                    obs_id=None,
                    source=f"Tổng hợp từ {row['n']} đơn vị ({'tổng' if method == 'sum' else 'trung bình'})",
                    accepted_on=day(row["last"]),
                    n_units=row["n"],
                    method=method,
                ),
            )
    if weighted:
        wanted = set(weighted) | set(weighted.values())
        values: dict[tuple[int, str], dict[int, tuple[int, float, datetime | None]]] = defaultdict(
            dict
        )
        for obs_id, ind, unit_id, period, value, reviewed in (
            others.filter(indicator_id__in=wanted)
            .values_list("id", "indicator_id", "unit_id", "period", "value", "reviewed_at")
            .order_by("id")
        ):
            if period in ends:
                values[(ind, period)][unit_id] = (obs_id, value, reviewed)  # newest row wins
        for ind, denom in weighted.items():
            for (i, period), units in list(values.items()):
                if i != ind:
                    continue
                weights = values.get((denom, period), {})
                pairs = [
                    (v, weights[u][1] if u in weights else None) for u, (_, v, _) in units.items()
                ]
                weighted_value = aggregate(pairs, "weighted")
                if weighted_value is None:
                    continue
                reviews = [r for _, _, r in units.values() if r] + [
                    r for u in units if u in weights and (r := weights[u][2])
                ]
                n = sum(1 for _, w in pairs if w is not None)
                put(
                    ind,
                    Candidate(
                        when=ends[period],
                        value=weighted_value,
                        period=period,
                        level="aggregate",
                        unit_code=province.code if province else "",
                        obs_id=None,
                        source=f"Bình quân gia quyền của {n} đơn vị theo chỉ số mẫu số #{denom}",
                        accepted_on=day(max(reviews)) if reviews else None,
                        n_units=n,
                        method="weighted",
                    ),
                )
    return series
