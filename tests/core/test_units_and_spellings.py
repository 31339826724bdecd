"""Units of measure read as words wherever a target or an indicator is shown ("thuộc nhóm 3 dẫn
đầu", never "thuộc nhóm 3 hạng" or "(rank)"), and one agency written several ways is one row of
the review's agencies step (QA2 items A5, A7)."""

import copy
from types import SimpleNamespace

import pytest
from django.utils import translation

from dxtrack.core.templatetags.vn import goal, indicator_label
from dxtrack.registry import services
from dxtrack.registry.models import TaskUnit
from dxtrack.registry.review.selectors import agency_rows, agency_spellings, spelling_key
from tests.helpers import SAMPLE_PLAN


def _target(comparator: str, value: float, unit: str) -> SimpleNamespace:
    return SimpleNamespace(comparator=comparator, value=value, unit=unit)


def test_a_rank_goal_reads_as_the_leading_group():
    assert goal(_target("top", 3, "rank")) == "thuộc nhóm 3 dẫn đầu"
    with translation.override("en"):
        assert goal(_target("top", 3, "rank")) == "among the top 3"


def test_other_goals_read_comparator_value_and_unit_in_words():
    assert goal(_target(">=", 80, "%")) == "tối thiểu 80 %"
    assert goal(_target("<=", 10, "rank")) == "tối đa 10 hạng"
    assert goal(_target("=", 1, "index")) == "bằng 1"


def test_an_indicator_shows_its_unit_as_words_or_not_at_all():
    assert indicator_label(SimpleNamespace(name="Chính quyền số", unit="rank")) == (
        "Chính quyền số (hạng)"
    )
    assert indicator_label(SimpleNamespace(name="Chỉ số DTI", unit="index")) == "Chỉ số DTI"
    assert indicator_label(SimpleNamespace(name="Tỷ lệ", unit="%")) == "Tỷ lệ (%)"
    with translation.override("en"):
        assert indicator_label(SimpleNamespace(name="DTI", unit="rank")) == "DTI (rank)"


def test_spellings_differing_in_case_or_a_leading_cac_share_a_key():
    assert spelling_key("Bộ Công An") == spelling_key("Bộ Công an")
    assert spelling_key("các bộ, ngành, địa phương") == spelling_key("Các bộ, ngành, địa phương")
    assert spelling_key("Các bộ,  ngành, địa phương") == spelling_key("Bộ, ngành, địa phương")
    # A mark can make another word: accents are not folded.
    assert spelling_key("Sở Y tế") != spelling_key("Sở Y tê")


@pytest.mark.django_db
def test_one_agency_written_two_ways_is_one_row():
    program = services.program_load_extraction(
        data=copy.deepcopy(SAMPLE_PLAN), source_text="", source_name="kh-99.md"
    ).program
    first = TaskUnit.objects.filter(task__program=program).select_related("unit").first()
    other_role = (
        TaskUnit.Role.COORDINATOR if first.role == TaskUnit.Role.LEAD else TaskUnit.Role.LEAD
    )
    shouted = first.written_name.upper()
    TaskUnit.objects.create(
        task=first.task, unit=first.unit, role=other_role, written_name=shouted, order=9
    )
    rows = [r for r in agency_rows(program=program) if r.unit.pk == first.unit_id]
    assert len(rows) == 1
    assert set(rows[0].spellings) == {first.written_name, shouted}
    assert agency_spellings(program=program, written_name=shouted) == [
        shouted,
        first.written_name,
    ]
