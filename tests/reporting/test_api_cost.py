"""What one API write costs, and that the cheaper path keeps every behaviour.

The write API is the hot path of the load bench (bench/reporting_bench.py): a POST reads the
token with its user, role and unit in one query, the assignment with its round and the
indicator's rule profile in one, the value and the unit's history in one, and writes the value,
its history row, its audit row and the idempotency key; `last_used_at` is written at most once
a minute.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dxtrack.api.models import ApiToken
from dxtrack.api.shapes import observation_shape
from dxtrack.core.models import AuditLog
from dxtrack.registry.models import Indicator
from dxtrack.reporting import services
from dxtrack.reporting.models import (
    IdempotencyKey,
    IndicatorProfile,
    Observation,
    ValueRevision,
)
from tests.helpers import accepted_value, api_client, observation_body

pytestmark = pytest.mark.django_db

URL = "/api/v1/observations/"


@pytest.fixture
def client(setup):
    return api_client(setup.p.reporter_soyte)


def data_queries(ctx) -> list[str]:
    """The statements that read or write rows (not transaction control)."""
    return [
        q["sql"]
        for q in ctx.captured_queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"))
    ]


def test_a_new_value_costs_nine_statements_and_no_second_read(setup, client):
    client.post(
        URL, observation_body(setup, indicator=setup.count.pk, value=3), format="json"
    )  # token seen
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            URL, observation_body(setup), format="json", HTTP_IDEMPOTENCY_KEY="cost-1"
        )
    assert response.status_code == 201, response.json()
    sql = data_queries(ctx)
    # token+user+role+unit, assignment+round+indicator+profile, idempotency replay, value+history,
    # whether the unit's leader signs off (a reporter's token), then INSERT value, revision, audit
    # row, idempotency key.
    assert len(sql) == 9, "\n".join(sql)
    assert sum(s.startswith("INSERT") for s in sql) == 4
    assert not any(s.startswith("UPDATE") for s in sql)  # last_used_at written a moment ago


def test_an_update_locks_the_value_and_writes_only_what_changes(setup, client):
    created = client.post(URL, observation_body(setup, submit=False), format="json").json()
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            URL, observation_body(setup, value=43, version=created["version"]), format="json"
        )
    assert response.status_code == 200, response.json()
    sql = data_queries(ctx)
    # token, assignment, value+history, the value locked, the unit's sign-off rule, UPDATE,
    # revision, audit row (no key).
    assert len(sql) == 8, "\n".join(sql)
    update = [s for s in sql if s.startswith("UPDATE")]
    assert (
        len(update) == 1
        and '"value"' in update[0]
        and '"unit_id"' not in update[0].split("WHERE")[0]
    )
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in s for s in sql)


def test_the_answer_is_the_row_as_stored(setup, client):
    for payload, status in (
        (observation_body(setup, submit=False, note="nháp"), 201),
        (observation_body(setup, value="43,5", version=1), 200),
    ):
        response = client.post(URL, payload, format="json")
        assert response.status_code == status, response.json()
        stored = Observation.objects.select_related("unit", "submitted_by").get(
            pk=response.json()["id"]
        )
        assert response.json() == observation_shape(stored)
    assert response.json()["state"] == "pending_approval" and response.json()["value"] == 43.5


def test_a_draft_saved_by_a_colleague_is_answered_with_the_right_submitter(setup, client):
    services.observation_save(
        acting_user=setup.p.approver_soyte, assignment=setup.a_percent, value="40", submit=False
    )
    obs = Observation.objects.get(unit=setup.soyte, indicator=setup.percent, period="2026Q4")
    response = client.post(
        URL, observation_body(setup, submit=False, version=obs.version), format="json"
    )
    assert response.status_code == 200
    stored = Observation.objects.select_related("unit", "submitted_by").get(pk=obs.pk)
    assert response.json() == observation_shape(stored)


def test_each_write_keeps_its_history_and_audit_rows(setup, client):
    created = client.post(URL, observation_body(setup, submit=False), format="json").json()
    client.post(URL, observation_body(setup, value=44, version=created["version"]), format="json")
    obs = Observation.objects.get(pk=created["id"])
    assert [
        (r.version, r.action, r.via) for r in ValueRevision.objects.filter(observation=obs)
    ] == [(1, "save", "api"), (2, "send_for_approval", "api")]
    rows = AuditLog.objects.filter(
        object_type="reporting.observation", object_id=str(obs.pk)
    ).order_by("pk")
    assert [r.action for r in rows] == ["observation.save", "observation.send_for_approval"]
    assert rows[1].before == {"value": 42.5, "state": "draft", "version": 1}
    assert rows[1].after == {"value": 44.0, "state": "pending_approval", "version": 2}


def test_the_outlier_rule_reads_the_units_history_through_the_api(setup, client):
    for i, v in enumerate([50, 52, 51, 53, 49]):
        accepted_value(setup.percent, setup.soyte, f"2025Q{i + 1}" if i < 4 else "2026Q1", v)
    # Another unit's history and a value quoted from a document this period do not count.
    accepted_value(setup.percent, setup.commune, "2025Q1", 99)
    accepted_value(setup.percent, setup.soyte, "2026Q4", 98, source_kind="document")
    refused = client.post(URL, observation_body(setup, value=99), format="json")
    assert refused.status_code == 400
    assert "99 cao hơn nhiều so với các kỳ trước (49–53)" in refused.json()["errors"]["note"][0]
    accepted = client.post(
        URL, observation_body(setup, value=99, note="Đã kiểm tra lại"), format="json"
    )
    assert accepted.status_code == 201
    assert (
        accepted.json()["flags"][0]["code"] == "outlier_mz"
        and accepted.json()["flags"][0]["n"] == 5
    )


def test_the_indicators_rule_profile_set_by_the_coordinator_applies_through_the_api(setup, client):
    IndicatorProfile.objects.create(
        indicator=setup.percent, measure="percent", min_value=0, max_value=50
    )
    response = client.post(URL, observation_body(setup, value=60), format="json")
    assert response.status_code == 400 and "50" in response.json()["errors"]["value"][0]


def test_an_unknown_indicator_and_an_unassigned_one_are_told_apart(setup, client):
    unknown = client.post(URL, observation_body(setup, indicator=999999), format="json")
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"indicator": ["Không có chỉ số 999999."]}
    other = Indicator.objects.exclude(
        pk__in=[setup.percent.pk, setup.count.pk, setup.rank.pk]
    ).first()
    unassigned = client.post(URL, observation_body(setup, indicator=other.pk), format="json")
    assert unassigned.status_code == 400
    assert "không được phân công" in unassigned.json()["errors"]["indicator"][0]
    both = client.post(URL, observation_body(setup, indicator=999999, period="x"), format="json")
    assert both.status_code == 400 and set(both.json()["errors"]) == {"indicator", "period"}


def test_last_used_at_is_written_at_most_once_a_minute(setup, client):
    token = ApiToken.objects.get(user=setup.p.reporter_soyte)
    assert token.last_used_at is None
    client.post(URL, observation_body(setup, submit=False), format="json")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as ctx:
        client.get(f"/api/v1/indicators/{setup.percent.pk}/observations/")
    assert not any(q["sql"].startswith("UPDATE") for q in ctx.captured_queries)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    client.get(f"/api/v1/indicators/{setup.percent.pk}/observations/")
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(seconds=30)


def test_a_post_for_a_closed_round_is_refused_inside_the_write(setup, client):
    services.round_close(acting_user=setup.p.coordinator, rnd=setup.round)
    response = client.post(
        URL, observation_body(setup), format="json", HTTP_IDEMPOTENCY_KEY="closed-1"
    )
    assert response.status_code == 409
    assert not Observation.objects.filter(
        unit=setup.soyte, indicator=setup.percent, period="2026Q4"
    ).exists()
    assert not IdempotencyKey.objects.filter(key="closed-1").exists()
