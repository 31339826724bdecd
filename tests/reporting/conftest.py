"""Reporting fixtures: an open round of 38/KH-UBND for 2026Q4, with a few known assignments.

Sở Y tế owes a percentage, a count and a rank indicator and one task; phường Phan Đình Phùng
(the commune persona) owes the percentage indicator and a task. Sở Tài chính owes nothing of
Sở Y tế's: its officer must be refused everywhere.
"""

import pytest

from dxtrack.registry.models import Indicator, Program, Task, Unit
from dxtrack.reporting import services
from dxtrack.reporting.models import Assignment

PERIOD = "2026Q4"


def indicator_with_unit(unit: str) -> Indicator:
    """An indicator of that unit of measure, preferably one 38/KH-UBND sets a target for."""
    rows = Indicator.objects.filter(unit=unit).order_by("pk")
    return rows.filter(targets__program__number="38/KH-UBND").first() or rows.first()


class Setup:
    def __init__(self, personas):
        self.p = personas
        self.program = Program.objects.get(number="38/KH-UBND")
        self.round = services.round_create(
            acting_user=personas.coordinator, programs=[self.program], period=PERIOD, working_days=5
        )
        self.soyte = Unit.objects.get(code="so-y-te")
        self.commune = personas.reporter_commune.dx_role.unit
        self.percent = indicator_with_unit("%")
        self.count = indicator_with_unit("doanh nghiệp")
        self.rank = indicator_with_unit("rank")
        self.task = Task.objects.filter(program=self.program).order_by("order").first()
        self.task2 = Task.objects.filter(program=self.program).order_by("order")[1]
        for unit in (self.soyte, self.commune):
            Assignment.objects.filter(round=self.round, unit=unit).delete()

        def add(unit, **kw):
            return services.assignment_add(
                acting_user=personas.coordinator, rnd=self.round, unit=unit, **kw
            )

        self.a_percent = add(self.soyte, kind="indicator", indicator=self.percent)
        self.a_count = add(self.soyte, kind="indicator", indicator=self.count)
        self.a_rank = add(self.soyte, kind="indicator", indicator=self.rank)
        self.a_task = add(self.soyte, kind="task", task=self.task)
        self.c_percent = add(self.commune, kind="indicator", indicator=self.percent)
        self.c_task = add(self.commune, kind="task", task=self.task2)
        services.round_open(acting_user=personas.coordinator, rnd=self.round)
        self.round.refresh_from_db()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def setup(personas) -> Setup:
    return Setup(personas)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
