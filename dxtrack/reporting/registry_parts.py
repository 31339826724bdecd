"""What reporting adds to the registry: the values a plan reports, and a target's values on its page.

Registered in `ReportingConfig.ready` (see `dxtrack/registry/extensions.py` for why the registry
calls these through a registration rather than an import).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
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


#: Values a page of the target page lists (an indicator of every commune has thousands).
TARGET_PAGE_SIZE = 50


@dataclass(frozen=True)
class TargetValues:
    """The target page's values, read one page at a time (`page`): the template asks for the
    page in the query (`?trang=`), the last one (the latest values) when none is asked."""

    rows: QuerySet[Observation]
    unit_of_measure: str

    def page(self, number: object = None) -> dict[str, Any]:
        paginator = Paginator(self.rows, TARGET_PAGE_SIZE)
        try:
            wanted = int(str(number)) if number not in (None, "") else paginator.num_pages
        except ValueError:
            wanted = paginator.num_pages
        page = paginator.get_page(wanted)
        return {
            "observations": list(page.object_list),
            "number": page.number,
            "num_pages": paginator.num_pages,
            "count": paginator.count,
            "has_previous": page.has_previous(),
            "has_next": page.has_next(),
            "start": page.start_index(),
            "end": page.end_index(),
        }


def target_observations(*, target: Target, user: Any, **_: Any) -> dict[str, Any]:
    """The target page's values: the indicator's, oldest period first (a year before its
    halves, quarters and months, as `Period` orders them; the raw text would put months first),
    a page at a time, the latest page first; accepted ones only for whoever may not see drafts."""
    return {
        "target_values": TargetValues(
            rows=observations_of_target(target, accepted_only=not permissions.can_see_drafts(user)),
            unit_of_measure=target.indicator.unit,
        )
    }


def observations_of_target(target: Target, *, accepted_only: bool = False) -> QuerySet[Observation]:
    """Only what the page shows: no program (and its plan text), no indicator per value (the
    unit of measure is the target's indicator's)."""
    rows = Observation.objects.filter(indicator_id=target.indicator_id)
    if accepted_only:
        rows = rows.filter(state=Observation.State.ACCEPTED)
    return (
        rows.select_related("unit")
        .only(
            "period",
            "value",
            "of_value",
            "state",
            "simulated",
            "source",
            "text",
            "indicator_id",
            "unit_id",
            "unit__name",
        )
        .order_by(period_order_key("period"), "unit__name", "pk")
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
