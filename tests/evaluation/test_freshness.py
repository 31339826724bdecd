"""Freshness of computed data (core/freshness.py): every write renews the stamp the dashboards'
caches are keyed by, through its audit row, and forgets evaluation's running sums only when it may
have changed accepted values behind the incremental path (services.forgets_rollups)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from dxtrack.evaluation import services
from dxtrack.evaluation.models import EvaluationStamp, IndicatorRollup
from dxtrack.registry import services as registry
from dxtrack.registry.models import Unit
from dxtrack.reporting import services as reporting
from dxtrack.reporting.models import Observation
from tests.helpers import (
    accepted_value,
    admin_change_unit,
    indicator_target,
    make_program,
    open_round_assigning,
)

pytestmark = pytest.mark.django_db


def token() -> str | None:
    stamp = EvaluationStamp.objects.filter(pk=1).first()
    return stamp.token if stamp else None


@pytest.fixture
def program(db):
    return make_program(
        key="TEST-FRESH",
        number="97/KH-TEST",
        title="Kế hoạch thử độ tươi của số liệu",
        status="draft",
    )


def accepted_behind_the_hook(indicator, unit, period: str, value: float) -> Observation:
    """A unit's accepted value and the hook alone, which builds the indicator's running sum."""
    obs = accepted_value(
        indicator, unit, period, value, source="báo cáo thử", reviewed_at=timezone.now()
    )
    services.evaluation_on_observation_accepted(observation=obs)
    return obs


def test_a_unit_renamed_through_the_registry_renews_the_stamp(personas):
    before = token()
    unit = Unit.objects.get(code="so-y-te")
    registry.units_load_registry(
        data={"units": [{"code": unit.code, "name": "Sở Y tế tỉnh", "kind": unit.kind}]},
        acting_user=personas.admin,
    )
    assert token() not in (None, before)


def test_a_published_plan_renews_the_stamp_and_forgets_the_running_sums(program, personas):
    target = indicator_target(program, "Chỉ số thử công bố")
    commune = Unit.objects.filter(kind="commune").first()
    accepted_behind_the_hook(target.indicator, commune, "2025", 10)
    assert IndicatorRollup.objects.filter(indicator=target.indicator).exists()
    before = token()
    registry.program_publish(program=program, acting_user=personas.coordinator)
    assert token() != before
    assert not IndicatorRollup.objects.exists()


def test_an_admin_edit_renews_the_stamp(client_as, personas):
    unit = Unit.objects.get(code="so-y-te")
    before = token()
    response = admin_change_unit(client_as(personas.admin), unit, name=unit.name)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert token() not in (None, before)


def test_an_admin_edit_of_a_value_forgets_the_running_sums(program, personas):
    target = indicator_target(program, "Chỉ số thử quản trị")
    commune = Unit.objects.filter(kind="commune").first()
    obs = accepted_behind_the_hook(target.indicator, commune, "2025", 10)
    before = token()
    obs.value = 70
    request = RequestFactory().post("/")
    request.user = personas.admin
    admin.site._registry[Observation].save_model(request, obs, None, True)
    assert token() != before
    assert not IndicatorRollup.objects.filter(indicator=target.indicator).exists()


def test_an_accept_renews_the_stamp_and_keeps_the_running_sums(program, personas):
    """The accept's own indicator is regrouped by the hook; another indicator's running sum is
    left as it was (forgetting every sum on each accept would make the next accepts regroup)."""
    target = indicator_target(program, "Chỉ số thử duyệt")
    other = indicator_target(program, "Chỉ số thử khác")
    commune = personas.reporter_commune.dx_role.unit
    accepted_behind_the_hook(other.indicator, commune, "2025", 5)
    kept = IndicatorRollup.objects.get(indicator=other.indicator)
    assignment = open_round_assigning(personas, program, commune, target.indicator, "2026Q3")
    obs = reporting.observation_save(
        acting_user=personas.reporter_commune, assignment=assignment, value="60", submit=True
    )
    before = token()
    reporting.item_accept(acting_user=personas.coordinator, item=obs)
    assert token() != before
    assert IndicatorRollup.objects.get(indicator=other.indicator).updated_at == kept.updated_at
    assert IndicatorRollup.objects.get(indicator=target.indicator).periods["2026Q3"][:2] == [60, 1]


@pytest.mark.parametrize(
    ("action", "forgets"),
    [
        ("program.load", True),
        ("program.publish", True),
        ("program.unpublish", True),
        ("observation.admin_update", True),
        ("indicator.admin_delete", True),
        ("unit.admin_update", True),
        ("target.admin_create", True),
        ("program.admin_delete", True),
        ("observation.accept", False),
        ("task_update.accept", False),
        ("observation.submit", False),
        ("evaluation.recompute_all", False),
        ("unit.update", False),
        ("round.create", False),
        ("task.admin_update", False),
    ],
)
def test_only_writes_that_can_change_accepted_values_forget_the_running_sums(action, forgets):
    assert services.forgets_rollups(action=action) is forgets


@pytest.mark.parametrize(
    ("action", "renews"),
    [
        ("observation.save", False),
        ("observation.send_for_approval", False),
        ("observation.submit", False),
        ("task_update.return", False),
        ("observation.accept", False),  # the accept hook renews it, with its date
        ("task_update.accept", False),
        ("observation.admin_update", True),
        ("unit.update", True),
        ("program.load", True),
        ("round.create", True),
        ("evaluation.recompute_all", True),
    ],
)
def test_every_write_but_a_reported_items_own_steps_renews_the_stamp(action, renews):
    assert services.renews_stamp(action=action) is renews
