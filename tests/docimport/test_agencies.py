"""Agency names in task fields: one string per agency, collectives whole, the duty written after
an agency not part of its name, "X chủ trì, phối hợp với Y" read as lead X and coordinators Y."""

import json
from pathlib import Path

import pytest

from dxtrack.docimport import extract_file
from dxtrack.docimport.agencies import split_agencies, split_roles

CORPUS = Path(__file__).with_name("corpus")


# ---------------------------------------------------------------- collectives


@pytest.mark.parametrize(
    "text, names",
    [
        (
            "các sở, ban, ngành, Ủy ban nhân dân phường, xã, đặc khu, báo, đài và các đơn vị có liên quan",
            [
                "các sở, ban, ngành",
                "Ủy ban nhân dân phường, xã, đặc khu",
                "báo, đài",
                "các đơn vị có liên quan",
            ],
        ),
        (
            "Sở Y tế, báo, đài, cơ quan truyền thông",
            ["Sở Y tế", "báo, đài", "cơ quan truyền thông"],
        ),
        # nouns of two words are agencies of their own: only bare one-word nouns form a group
        ("Sở Tài chính, trường học, bệnh viện", ["Sở Tài chính", "trường học", "bệnh viện"]),
    ],
)
def test_bare_one_word_nouns_listed_together_are_one_collective(text, names):
    assert split_agencies(text) == names


# ---------------------------------------------------------------- duty or purpose after a name


@pytest.mark.parametrize(
    "text, names",
    [
        (
            "các sở, ban, ngành và các đơn vị có liên quan tham mưu hoạt động liên quan đến lĩnh vực phụ trách",
            ["các sở, ban, ngành", "các đơn vị có liên quan"],
        ),
        ("Sở Khoa học và Công nghệ thực hiện theo quy định", ["Sở Khoa học và Công nghệ"]),
        ("Sở Văn hóa, Thể thao và Du lịch tham mưu tổ chức", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Các sở, ngành theo chức năng, nhiệm vụ được giao", ["Các sở, ngành"]),
        # a place after the name is part of it; a verb is matched as written, so "Xây dựng" stays
        (
            "Sở Xây dựng, các bệnh viện có liên quan trên địa bàn tỉnh",
            ["Sở Xây dựng", "các bệnh viện có liên quan trên địa bàn tỉnh"],
        ),
    ],
)
def test_the_duty_written_after_an_agency_is_not_part_of_its_name(text, names):
    assert split_agencies(text) == names


# ---------------------------------------------------------------- one head shared by a list


@pytest.mark.parametrize(
    "text, names",
    [
        ("Các Sở: Tài chính, Nội vụ, Y tế", ["Sở Tài chính", "Sở Nội vụ", "Sở Y tế"]),
        (
            "các Sở: Tài chính, Nội vụ và UBND các xã, phường",
            ["Sở Tài chính", "Sở Nội vụ", "UBND các xã, phường"],
        ),
        (
            "Các Sở: Giáo dục và Đào tạo, Y tế và Văn hóa, Thể thao và Du lịch",
            ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch"],
        ),
        (
            "Các Bộ: Công an, Quốc phòng, Ngoại giao",
            ["Bộ Công an", "Bộ Quốc phòng", "Bộ Ngoại giao"],
        ),
        # lower-case members are a collective, not names sharing a head
        ("Các Sở, ban, ngành tỉnh", ["Các Sở, ban, ngành tỉnh"]),
    ],
)
def test_a_head_written_once_before_a_list_of_names_belongs_to_each(text, names):
    assert split_agencies(text) == names


# ---------------------------------------------------------------- lead and coordinators


@pytest.mark.parametrize(
    "text, lead, coordinators",
    [
        (
            "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính, Công an tỉnh và các đơn vị liên quan.",
            ["Sở Nội vụ"],
            ["Sở Tài chính", "Công an tỉnh", "các đơn vị liên quan"],
        ),
        (
            "Sở Giáo dục và Đào tạo và Sở Y tế chủ trì, phối hợp với các sở, ban, ngành",
            ["Sở Giáo dục và Đào tạo", "Sở Y tế"],
            ["các sở, ban, ngành"],
        ),
        ("Sở Tư pháp phối hợp với Sở Nội vụ", ["Sở Tư pháp"], ["Sở Nội vụ"]),
        (
            "Sở Tài chính chủ trì; phối hợp: Sở Nội vụ, Sở Y tế",
            ["Sở Tài chính"],
            ["Sở Nội vụ", "Sở Y tế"],
        ),
        ("Sở Tài chính; Sở Nội vụ", ["Sở Tài chính", "Sở Nội vụ"], []),
        (
            "Giao Sở Nội vụ là cơ quan chủ trì; Sở Tài chính, Sở Tư pháp phối hợp",
            ["Sở Nội vụ"],
            ["Sở Tài chính", "Sở Tư pháp"],
        ),
        ("Sở Y tế phối hợp", ["Sở Y tế"], []),  # no lead named elsewhere: it is the lead
    ],
)
def test_chu_tri_phoi_hop_gives_the_lead_and_the_coordinators(text, lead, coordinators):
    assert split_roles(text) == (lead, coordinators)


def test_an_agency_given_its_own_duty_in_the_next_bullet_is_a_lead_too():
    lead, coord = split_roles(
        "Sở Văn hóa và Thể thao chủ trì, phối hợp với các sở, ban, ngành, báo, đài.; "
        "Sở Xây dựng đăng tải thông điệp trên bảng quang báo của Thành phố, bảng tin điện tử, tại các nhà chờ."
    )
    assert lead == ["Sở Văn hóa và Thể thao", "Sở Xây dựng"]
    assert coord == ["các sở, ban, ngành", "báo, đài"]


def test_a_list_in_the_next_clause_goes_on_with_the_role_before_it():
    assert split_roles(
        "Sở Y tế chủ trì, phối hợp với Sở Tài chính; Sở Nội vụ; các đơn vị liên quan"
    ) == (
        ["Sở Y tế"],
        ["Sở Tài chính", "Sở Nội vụ", "các đơn vị liên quan"],
    )


def test_a_clause_that_names_no_agency_ends_the_list():
    lead, coord = split_roles(
        "Sở Y tế chủ trì, phối hợp với Sở Tài chính; Duy trì, phát triển các mô hình phòng ngừa, ứng phó"
    )
    assert (lead, coord) == (["Sở Y tế"], ["Sở Tài chính"])


# ---------------------------------------------------------------- on a real plan


def test_the_prose_tasks_of_a_real_plan_give_the_annotated_agencies():
    gold = json.loads((CORPUS / "gold" / "tasks_174-kh-ubnd.json").read_text(encoding="utf-8"))
    got = extract_file(CORPUS / "174-kh-ubnd.md")["tasks"]
    assert len(got) == len(gold)
    for want, task in zip(gold, got, strict=True):
        assert abs(task["line"] - want["line"]) <= 3
        assert (task["lead"], task["coordinators"]) == (want["lead"], want["coordinators"]), want[
            "line"
        ]
