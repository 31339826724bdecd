"""Open data fixtures: the evaluation stamp (downloads are cached and tagged under it), a live
server for the real CKAN client (the API tests' `live_api`, which keeps the suite's data), and
a small published world with a draft program and unaccepted values that must stay hidden."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from dxtrack.evaluation.services import stamp_bump
from dxtrack.registry.models import Indicator, Program, Task
from dxtrack.reporting.models import Observation, TaskUpdate
from tests.api.conftest import fresh_throttle, live_api  # noqa: F401 -- shared fixtures
from tests.helpers import accepted_value, add_target, make_program, province

# Markers a test looks for in every answer: none may appear anywhere.
DRAFT_TITLE = "Kế hoạch nháp chưa công bố Zeta"
DRAFT_INDICATOR = "Chỉ số chỉ có trong bản nháp Zeta"
UNACCEPTED_VALUE = 98765.4321
DRAFT_DISBURSED = 777_777_777
ACCEPTED_VALUE = 12345.678


@dataclass
class World:
    indicator: Indicator
    accepted: Observation
    draft_program: Program


@pytest.fixture
def stamp(db):
    stamp_bump()


@pytest.fixture
def world(db, stamp) -> World:
    """A published indicator with one accepted value, a value of it submitted and one still a
    draft, a task update not accepted, and a draft program with its own indicator."""
    program = Program.objects.get(number="38/KH-UBND")
    indicator = program.targets.select_related("indicator").first().indicator
    accepted = accepted_value(
        indicator, province(), "2026Q2", ACCEPTED_VALUE, reviewed_at=timezone.now()
    )
    for state, period in (("submitted", "2026Q3"), ("draft", "2026Q4"), ("returned", "2026Q1")):
        Observation.objects.create(
            indicator=indicator,
            unit=province(),
            period=period,
            value=UNACCEPTED_VALUE,
            state=state,
            source_kind="report",
        )
    task = Task.objects.filter(program=program).first()
    TaskUpdate.objects.create(
        task=task,
        unit=province(),
        period="2026Q3",
        disbursed=DRAFT_DISBURSED,
        percent_done=12.5,
        state="submitted",
    )
    draft = make_program(key="nhap-zeta", number="77/KH-NHAP", title=DRAFT_TITLE, status="draft")
    add_target(draft, Indicator.objects.create(name=DRAFT_INDICATOR, unit="%"))
    accepted_value(draft.targets.first().indicator, province(), "2025", 55.5, program=draft)
    stamp_bump()
    return World(indicator=indicator, accepted=accepted, draft_program=draft)


def an_hour_later():
    return timezone.now() + timedelta(hours=1)
