"""What reporting adds to the registry: the values a plan reports, and a target's values on its page.

Registered in `ReportingConfig.ready` (see `dxtrack/registry/extensions.py` for why the registry
calls these through a registration rather than an import).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from dxtrack.core import permissions
from dxtrack.core.period_order import period_order_key
from dxtrack.registry.models import Program, Target, Unit
from dxtrack.registry.resolve import UnitResolver
from dxtrack.registry.services import IndicatorFinder, LoadReport
from dxtrack.reporting.models import Observation


def program_document_values_load(
    *,
    program: Program,
    data: dict[str, Any],
    province: Unit,
    resolver: UnitResolver,
    report: LoadReport,
) -> None:
    """Inside a plan's load: replace the values the plan reports, then set its targets' baselines."""
    program.observations.all().delete()
    _document_values_load(program, data.get("observations") or [], province, resolver, report)
    _set_baselines(program, province)


def target_observations(*, target: Target, user: Any, **_: Any) -> dict[str, Any]:
    """The target page's values: the indicator's, oldest period first (a year before its
    halves, quarters and months, as `Period` orders them; the raw text would put months first);
    accepted ones only for whoever may not see drafts."""
    return {
        "observations": observations_of_target(
            target, accepted_only=not permissions.can_see_drafts(user)
        )
    }


def observations_of_target(target: Target, *, accepted_only: bool = False) -> QuerySet[Observation]:
    rows = Observation.objects.filter(indicator=target.indicator)
    if accepted_only:
        rows = rows.filter(state=Observation.State.ACCEPTED)
    return rows.select_related("unit", "program").order_by(
        period_order_key("period"), "unit__name", "pk"
    )


def _document_values_load(program, records, province, resolver, report) -> None:
    """Results the plan reports, as accepted values of the unit they describe (the province,
    unless the importer saw another place as the subject: a merged province, the country)."""
    indicators = IndicatorFinder()
    for record in records:
        year = record.get("year")
        if not isinstance(year, int):
            report.skipped.append(
                f"dòng {record.get('line')}: số liệu không rõ năm, chưa nạp "
                f"({(record.get('text') or '')[:60]})"
            )
            continue
        unit = resolver.resolve(record["place"]) if record.get("place") else province
        if unit is None:
            report.skipped.append(
                f"dòng {record.get('line')}: số liệu của {record['place']} "
                f"(không thuộc danh mục đơn vị), chưa nạp"
            )
            continue
        subject = record.get("subject") or record.get("text") or ""
        indicator, is_new = indicators.find(
            texts=[subject, record.get("text") or ""],
            subject=subject,
            unit=record.get("unit") or "",
        )
        report.new_indicators += is_new
        where = f"{program.number or program.title[:60]}, dòng {record.get('line')}"
        Observation.objects.create(
            indicator=indicator,
            unit=unit,
            period=str(year),
            value=float(record["value"]),
            of_value=record.get("of"),
            state=Observation.State.ACCEPTED,
            source_kind=Observation.SourceKind.DOCUMENT,
            source=where,
            program=program,
            line=record.get("line"),
            text=(record.get("text") or "")[:2000],
            submitted_at=timezone.now(),
        )
        report.observations += 1


def _set_baselines(program: Program, province: Unit) -> None:
    """A target's baseline: the first value of the province's series, as sdg-build takes the
    series' first year. Taking the latest value before the plan instead would leave a new plan
    with one point and no measurable progress until the next report."""
    for target in program.targets.select_related("indicator"):
        first = (
            Observation.objects.filter(
                indicator=target.indicator, unit=province, state=Observation.State.ACCEPTED
            )
            .order_by("period", "pk")
            .first()
        )
        if first:
            target.baseline_value, target.baseline_period = first.value, first.period
            target.save(update_fields=["baseline_value", "baseline_period"])
