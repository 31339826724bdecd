"""Model constraints that the database itself enforces."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from dxtrack.registry.models import Program, Role, Task, Unit


@pytest.fixture
def program(db):
    return Program.objects.create(key="t/KH", title="Thử")


@pytest.mark.parametrize(
    "fields",
    [
        {"end_quarter": 5},
        {"budget_vnd": -5},
        {"start_year": 2026, "end_year": 2025},
    ],
)
def test_the_database_refuses_impossible_tasks(program, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(program=program, order=1, name="x", **fields)


def test_a_reporter_role_needs_a_unit(db, django_user_model):
    user = django_user_model.objects.create_user("u1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=user, name="reporter", unit=None)


def test_a_unit_cannot_end_before_it_starts(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(
            code="x-1",
            name="X",
            kind="external",
            valid_from=date(2025, 1, 1),
            valid_to=date(2024, 1, 1),
        )


def test_unit_codes_are_unique(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(code="so-y-te", name="Trùng", kind="department")


def test_the_unit_search_key_folds_accents_and_tone_placement(db):
    unit = Unit.objects.create(
        code="x-hoa", name="Trung tâm Hoà Bình", kind="external", aliases=["TT Uỷ thác"]
    )
    assert "trung tam hoa binh" in unit.search_key and "tt uy thac" in unit.search_key
