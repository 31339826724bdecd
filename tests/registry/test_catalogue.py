"""Linking targets and results of different plans through the shared indicator catalogue."""

import copy

import pytest

from dxtrack.registry.catalogue import catalogue_match, load_catalogue, unit_kind
from dxtrack.registry.models import Indicator
from dxtrack.registry.services import program_load_extraction


@pytest.mark.parametrize(
    "text,unit,code",
    [
        ("Phấn đấu kinh tế số chiếm trên 20% GRDP.", "%", "kinh-te-so-grdp"),
        (
            "Tỷ trọng giá trị tăng thêm của kinh tế số trong GRDP của tỉnh năm 2023 là 31,4%",
            "%",
            "kinh-te-so-grdp",
        ),
        (
            "Tỷ trọng kinh tế số trong từng ngành, lĩnh vực đạt tối thiểu 10%.",
            "%",
            "kinh-te-so-nganh",
        ),
        ("thuộc nhóm 15 tỉnh, thành phố dẫn đầu cả nước về chuyển đổi số", "rank", "dti-xep-hang"),
        ("Chỉ số DTI năm 2022 đạt 0,64", "index", "dti"),
        (
            "thuộc nhóm 10 tỉnh dẫn đầu về an toàn, an ninh mạng",
            "rank",
            "an-toan-an-ninh-mang-xep-hang",
        ),
        ("Phấn đấu có trên 700 doanh nghiệp số.", "doanh nghiệp", "doanh-nghiep-so"),
    ],
)
def test_the_catalogue_names_what_a_sentence_measures(text, unit, code):
    assert catalogue_match([text], unit).code == code


def test_a_percentage_never_lands_on_a_rank_indicator():
    entry = catalogue_match(["Chỉ số DTI xếp thứ 8/63"], "%")
    assert entry is None or unit_kind(entry.unit) == "%"


def test_a_dti_component_rank_is_not_the_overall_rank():
    assert (
        catalogue_match(["Về các thành phần chính của DTI: Chính quyền số: xếp thứ 7/63"], "rank")
        is None
    )


def test_every_catalogue_entry_is_well_formed():
    entries = load_catalogue()
    assert len({e.code for e in entries}) == len(entries)
    assert all(e.patterns and all(e.patterns) for e in entries)


PLAN = {
    "document": {"number": "7/KH-UBND", "title": "Kế hoạch CĐS", "issued_on": "2024-06-01"},
    "targets": [
        {
            "line": 5,
            "text": "Trên 90% hồ sơ công việc tại cấp tỉnh; trên 80% tại cấp huyện",
            "measures": [
                {
                    "subject": "hồ sơ công việc tại cấp tỉnh",
                    "comparator": ">",
                    "value": 90,
                    "unit": "%",
                    "year": 2025,
                    "scope": "cấp tỉnh",
                },
                {
                    "subject": "hồ sơ công việc tại cấp huyện",
                    "comparator": ">",
                    "value": 80,
                    "unit": "%",
                    "year": 2025,
                    "scope": "cấp huyện",
                },
            ],
        },
        {
            "line": 7,
            "text": "Kinh tế số chiếm trên 20% GRDP.",
            "measures": [
                {
                    "subject": "Kinh tế số chiếm",
                    "comparator": ">",
                    "value": 20,
                    "unit": "%",
                    "year": 2025,
                }
            ],
        },
    ],
    "observations": [
        {
            "line": 2,
            "text": "Tỷ trọng kinh tế số trong GRDP năm 2023 là 31,4%",
            "subject": "Tỷ trọng kinh tế số",
            "value": 31.4,
            "unit": "%",
            "year": 2023,
            "of": None,
        },
    ],
    "tasks": [],
}


def test_the_scopes_of_one_statement_are_separate_indicators(db):
    program = program_load_extraction(data=copy.deepcopy(PLAN), source_text="").program
    first, second = program.targets.filter(goal__line=5).order_by("order")
    assert first.indicator != second.indicator
    assert "(cấp huyện)" in second.indicator.name


def test_a_result_becomes_the_baseline_of_the_target_it_measures(db):
    program = program_load_extraction(data=copy.deepcopy(PLAN), source_text="").program
    target = program.targets.get(goal__line=7)
    assert target.indicator.code == "kinh-te-so-grdp"
    assert (target.baseline_value, target.baseline_period) == (31.4, "2023")


def test_a_second_plan_reuses_the_catalogue_indicator(db):
    program_load_extraction(data=copy.deepcopy(PLAN), source_text="")
    other = copy.deepcopy(PLAN)
    other["document"]["number"] = "8/KH-UBND"
    program_load_extraction(data=other, source_text="")
    assert Indicator.objects.filter(code="kinh-te-so-grdp").count() == 1
    assert Indicator.objects.get(code="kinh-te-so-grdp").targets.count() >= 2
