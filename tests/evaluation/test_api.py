"""API v1: /targets/ and /rankings/ (shapes of DESIGN.md; errors as {"detail", "errors"})."""

from datetime import date

import pytest

from dxtrack.evaluation import services
from dxtrack.registry.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(db):
    services.evaluation_recompute_all(as_of=date(2026, 1, 15))


def test_targets_carry_status_r_expected_value_and_latest(evaluated, client):
    data = client.get("/api/v1/targets/", {"page_size": 1000}).json()
    assert data["count"] > 0 and set(data) >= {"count", "next", "previous", "results"}
    item = data["results"][0]
    for key in (
        "id",
        "program",
        "goal_text",
        "section",
        "indicator_id",
        "indicator_name",
        "comparator",
        "value",
        "unit",
        "year",
        "quarter",
        "scope",
        "status",
        "progress_ratio",
        "expected_now",
        "latest",
    ):
        assert key in item
    with_latest = [r for r in data["results"] if r["latest"]]
    assert with_latest and set(with_latest[0]["latest"]) == {
        "value",
        "period",
        "unit_code",
        "source",
    }


def test_targets_filter_by_program_and_status(evaluated, client):
    program = Program.objects.filter(status="published").first()
    everything = client.get("/api/v1/targets/", {"program": program.pk, "page_size": 1000}).json()
    assert all(r["program"] == program.pk for r in everything["results"])
    achieved = client.get("/api/v1/targets/", {"status": "achieved", "page_size": 1000}).json()
    assert all(r["status"] == "achieved" for r in achieved["results"])


def test_targets_as_of_is_computed_for_that_date_without_storing(evaluated, client):
    past = client.get("/api/v1/targets/", {"as_of": "2020-01-01", "page_size": 1000}).json()
    assert all(r["as_of"] == "2020-01-01" for r in past["results"])
    assert all(r["status"] in ("no_data", "achieved", "missed") for r in past["results"])
    stored = client.get("/api/v1/targets/", {"page_size": 1}).json()["results"][0]
    assert stored["as_of"] == "2026-01-15"


def test_targets_refuse_bad_parameters_with_field_errors(client):
    response = client.get(
        "/api/v1/targets/", {"program": "x", "status": "great", "as_of": "15/01/2026"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"program", "status", "as_of"}


def test_rankings_list_a_group_with_the_method(evaluated, client):
    data = client.get(
        "/api/v1/rankings/", {"period": "2026Q1", "group": "department", "page_size": 1000}
    ).json()
    assert data["group"] == "department" and data["period"] == "2026Q1"
    assert data["previous_period"] == "2025Q4" and "Điểm" in data["method"]
    ranks = [r["rank"] for r in data["results"] if r["rank"] is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert {"unit_code", "unit_name", "score", "previous_rank", "change"} <= set(data["results"][0])


def test_rankings_refuse_a_bad_period_or_group(client):
    response = client.get("/api/v1/rankings/", {"period": "2025Q5", "group": "province"})
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"period", "group"} and body["detail"]


def test_drafts_stay_hidden_from_the_public(evaluated, client):
    draft = Program.objects.create(key="DRAFT-EV", title="Nháp", status="draft")
    response = client.get("/api/v1/targets/", {"program": draft.pk}).json()
    assert response["count"] == 0
