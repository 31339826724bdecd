"""The read-only API v1 of the registry, in the shapes of DESIGN.md."""

from datetime import date

import pytest

from dxtrack.evaluation.services import evaluation_recompute_all
from dxtrack.registry.models import Program, Task
from dxtrack.registry.services import program_unpublish

pytestmark = pytest.mark.django_db


def test_the_program_list_has_counts_and_budget(client):
    data = client.get("/api/v1/programs/").json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == Program.objects.filter(status="published").count()
    row = next(r for r in data["results"] if r["number"] == "2840/QĐ-UBND")
    program = Program.objects.get(number="2840/QĐ-UBND")
    assert row["counts"] == {
        "goals": program.goals.count(),
        "targets": program.targets.count(),
        "tasks": program.tasks.count(),
    }
    assert row["budget_total_vnd"] == 2389050000000
    assert row["issued_on"] == "2024-11-15"


def test_the_program_detail_has_goals_with_targets_and_tasks_with_unit_codes(client):
    program = Program.objects.get(number="2840/QĐ-UBND")
    data = client.get(f"/api/v1/programs/{program.pk}/").json()
    assert len(data["tasks"]) == program.tasks.count()
    assert sum(len(g["targets"]) for g in data["goals"]) == program.targets.count()
    first = data["tasks"][0]
    assert first["lead"] and all(isinstance(code, str) for code in first["lead"])
    assert {"budget_vnd", "budget_per_year", "budget_source", "end_quarter"} <= set(first)


def test_a_draft_program_is_a_404_for_the_public(client):
    program = Program.objects.get(number="2840/QĐ-UBND")
    program_unpublish(program=program, acting_user=None)
    response = client.get(f"/api/v1/programs/{program.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy.", "errors": {}}


def test_tasks_filter_by_unit_including_its_predecessors(client):
    data = client.get(
        "/api/v1/tasks/", {"unit": "so-khoa-hoc-va-cong-nghe", "page_size": 1000}
    ).json()
    expected = (
        Task.objects.filter(
            task_units__unit__code__in=["so-khoa-hoc-va-cong-nghe", "so-thong-tin-va-truyen-thong"]
        )
        .distinct()
        .count()
    )
    assert data["count"] == expected > 0


def test_tasks_filter_by_program(client):
    program = Program.objects.get(number="2840/QĐ-UBND")
    data = client.get("/api/v1/tasks/", {"program": program.pk}).json()
    assert data["count"] == program.tasks.count()


@pytest.mark.parametrize(
    "params,field", [({"program": "abc"}, "program"), ({"unit": "khong-co"}, "unit")]
)
def test_bad_filters_are_a_400_with_field_errors(client, params, field):
    response = client.get("/api/v1/tasks/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_units_are_paginated_up_to_1000(client):
    data = client.get("/api/v1/units/", {"page_size": 5000}).json()
    assert len(data["results"]) == min(1000, data["count"])
    communes = client.get("/api/v1/units/", {"kind": "commune", "page_size": 200}).json()
    assert communes["count"] == 92
    assert all(len(u["unit_code"]) == 5 for u in communes["results"])


def test_tasks_carry_the_status_the_evaluation_stored(client):

    evaluation_recompute_all(as_of=date(2026, 1, 15))
    program = Program.objects.get(number="2840/QĐ-UBND")
    rows = client.get("/api/v1/tasks/", {"program": program.pk}).json()["results"]
    # No task of the Đề án 2024–2025 is reported done: every one with an end is overdue by
    # 2026; an open-ended one ("Từ năm 2025") has not started as far as anyone reported.
    for row in rows:
        expected = "overdue" if row["end_year"] else "not_started"
        assert row["status"] == expected, row
