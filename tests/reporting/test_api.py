"""Write API: 201, 400 with field errors, 403 for another unit, idempotent retry, 409 stale/locked."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from dxtrack.api.models import ApiToken
from dxtrack.reporting import services
from dxtrack.reporting.models import IdempotencyKey, Observation, TaskUpdate
from tests.helpers import (
    OBSERVATION_FIELDS,
    PDF,
    observation_body,
    task_update_body,
    token_for,
)

pytestmark = pytest.mark.django_db


def test_the_token_is_printed_once_and_only_its_hash_is_kept(setup):
    token = token_for(setup.p.reporter_soyte)
    row = ApiToken.objects.get(user=setup.p.reporter_soyte)
    assert row.digest == ApiToken.hash(token) and token not in json.dumps(
        list(ApiToken.objects.values()), default=str
    )


def test_a_unit_posts_a_value_and_gets_201_with_the_design_shape(setup, api):
    response = api(setup.p.reporter_soyte).post(
        "/api/v1/observations/", observation_body(setup), format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    for key in OBSERVATION_FIELDS:
        assert key in data
    # A reporter's token: Sở Y tế's leader signs off before the value reaches the coordinator.
    assert (data["unit_code"], data["value"], data["state"], data["source"]) == (
        "so-y-te",
        42.5,
        "pending_approval",
        "api",
    )
    assert data["submitted_by"] is None and data["submitted_at"] is None
    listing = (
        api(setup.p.reporter_soyte)
        .get(f"/api/v1/indicators/{setup.percent.pk}/observations/?unit_code=so-y-te")
        .json()
    )
    assert listing["count"] == 1 and listing["results"][0]["id"] == data["id"]


def test_an_invalid_value_gets_400_with_field_errors(setup, api):
    response = api(setup.p.reporter_soyte).post(
        "/api/v1/observations/", observation_body(setup, value=140), format="json"
    )
    assert response.status_code == 400
    data = response.json()
    assert (
        data["detail"] == "Dữ liệu gửi lên không hợp lệ."
        and "0 đến 100" in data["errors"]["value"][0]
    )
    response = api(setup.p.reporter_soyte).post(
        "/api/v1/observations/", {"value": 1}, format="json"
    )
    assert set(response.json()["errors"]) >= {"indicator", "unit_code", "period"}
    response = api(setup.p.reporter_soyte).post(
        "/api/v1/observations/", observation_body(setup, period="2026Q9"), format="json"
    )
    assert response.status_code == 400 and "period" in response.json()["errors"]
    assert not Observation.objects.filter(unit=setup.soyte, period="2026Q4").exists()


def test_an_unassigned_indicator_is_refused_with_400(setup, api):
    response = api(setup.p.reporter_soyte).post(
        "/api/v1/observations/", observation_body(setup, period="2026Q3"), format="json"
    )
    assert (
        response.status_code == 400
        and "không được phân công" in response.json()["errors"]["indicator"][0]
    )


def test_another_units_data_gets_403(setup, api):
    response = api(setup.p.reporter_taichinh).post(
        "/api/v1/observations/", observation_body(setup), format="json"
    )
    assert response.status_code == 403
    assert not Observation.objects.filter(unit=setup.soyte, period="2026Q4").exists()
    response = api(setup.p.reporter_taichinh).post(
        "/api/v1/task-updates/",
        task_update_body(setup),
        format="json",
    )
    assert response.status_code == 403


def test_no_token_gets_401(setup):
    response = APIClient().post("/api/v1/observations/", observation_body(setup), format="json")
    assert response.status_code in (401, 403)
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token dxt_wrong")
    assert (
        bad.post("/api/v1/observations/", observation_body(setup), format="json").status_code == 401
    )


def test_a_retried_request_returns_the_first_response_and_stores_nothing_twice(setup, api):
    client = api(setup.p.reporter_soyte)
    first = client.post(
        "/api/v1/observations/",
        observation_body(setup),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-123",
    )
    again = client.post(
        "/api/v1/observations/",
        observation_body(setup),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-123",
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    obs = Observation.objects.get(unit=setup.soyte, indicator=setup.percent, period="2026Q4")
    assert obs.version == 1 and obs.revisions.count() == 1
    assert IdempotencyKey.objects.count() == 1
    other = client.post(
        "/api/v1/observations/",
        observation_body(setup, value=1),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-123",
    )
    assert other.status_code == 409


def test_a_stale_version_gets_409(setup, api):
    client = api(setup.p.reporter_soyte)
    created = client.post(
        "/api/v1/observations/", observation_body(setup, submit=False), format="json"
    ).json()
    assert created["state"] == "draft" and created["version"] == 1
    ok = client.post(
        "/api/v1/observations/",
        observation_body(setup, value=43, version=1, submit=False),
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.post(
        "/api/v1/observations/", observation_body(setup, value=44, version=1), format="json"
    )
    assert stale.status_code == 409 and "người khác cập nhật" in stale.json()["detail"]
    assert Observation.objects.get(pk=created["id"]).value == 43


def test_a_closed_round_gets_409(setup, api):
    services.round_close(acting_user=setup.p.coordinator, rnd=setup.round)
    response = api(setup.p.reporter_soyte).post(
        "/api/v1/observations/", observation_body(setup), format="json"
    )
    assert response.status_code == 409 and "đã khoá" in response.json()["detail"]


def test_a_task_update_through_the_api(setup, api):
    client = api(setup.p.reporter_soyte)
    data = task_update_body(
        setup,
        percent_done=40,
        narrative="Đang xây dựng",
        difficulties="Thiếu kinh phí",
        proposals="Bổ sung vốn",
        expected_completion="2027-06-30",
    )
    response = client.post("/api/v1/task-updates/", data, format="json", HTTP_IDEMPOTENCY_KEY="t-1")
    assert response.status_code == 201, response.json()
    assert (
        response.json()["percent_done"] == 40
        and response.json()["expected_completion"] == "2027-06-30"
    )
    assert (
        client.post("/api/v1/task-updates/", data, format="json", HTTP_IDEMPOTENCY_KEY="t-1").json()
        == response.json()
    )
    assert TaskUpdate.objects.filter(task=setup.task, unit=setup.soyte).count() == 1


def test_a_completion_claim_through_the_api_needs_evidence(setup, api):
    client = api(setup.p.reporter_soyte)
    data = task_update_body(setup, "completed", completed_on="2026-10-01")
    response = client.post("/api/v1/task-updates/", data, format="json")
    assert response.status_code == 400 and "minh chứng" in response.json()["errors"]["evidence"][0]
    response = client.post(
        "/api/v1/task-updates/",
        {**data, "evidence": SimpleUploadedFile("bb.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201 and response.json()["evidence"][0]["name"] == "bb.pdf"
    assert response.json()["percent_done"] == 100


def test_the_round_status_shows_completeness(setup, api, client_as):
    api(setup.p.approver_soyte).post(
        "/api/v1/observations/", observation_body(setup), format="json"
    )
    data = api(setup.p.reporter_soyte).get(f"/api/v1/rounds/{setup.round.pk}/status/").json()
    assert [u["unit_code"] for u in data["units"]] == ["so-y-te"]  # a unit sees its own row
    assert data["units"][0]["expected"] == 4 and data["units"][0]["submitted"] == 1
    client_as(setup.p.coordinator)
    staff = client_as(setup.p.coordinator).get(f"/api/v1/rounds/{setup.round.pk}/status/").json()
    assert len(staff["units"]) > 2 and staff["due_date"] == setup.round.due_date.isoformat()


def test_the_public_sees_only_accepted_values(setup, api):
    obs = services.observation_save(
        acting_user=setup.p.approver_soyte, assignment=setup.a_percent, value="40", submit=True
    )
    rows = (
        APIClient()
        .get(f"/api/v1/indicators/{setup.percent.pk}/observations/?unit_code=so-y-te")
        .json()
    )
    assert rows["count"] == 0
    services.item_accept(acting_user=setup.p.coordinator, item=obs)
    rows = (
        APIClient()
        .get(f"/api/v1/indicators/{setup.percent.pk}/observations/?unit_code=so-y-te")
        .json()
    )
    assert rows["count"] == 1
