"""A new version of the same plan (issue 14): the records that still match keep the reviewer's
edits; what the new version adds, removes and modifies is listed for the coordinator to accept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxtrack.core.models import AuditLog
from dxtrack.docimport import extract_text
from dxtrack.registry import services
from dxtrack.registry.models import Program

pytestmark = pytest.mark.django_db

TABLE = [
    "II. NHIỆM VỤ",
    "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |",
    "|---|---|---|---|---|",
]
HEAD = [
    "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
    "KẾ HOẠCH",
    "Chuyển đổi số năm 2026",
    "I. MỤC TIÊU",
    "1. Mục tiêu cụ thể",
]
V1 = "\n".join(
    HEAD
    + [
        "- Trên 95% hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng năm 2026.",
        "- Tỷ lệ dân số có tài khoản thanh toán điện tử đạt trên 85% năm 2026.",
    ]
    + TABLE
    + [
        "| 1 | Nâng cấp trung tâm dữ liệu | Sở Khoa học và Công nghệ | Sở Tài chính | 2026 |",
        "| 2 | Triển khai bệnh án điện tử | Sở Y tế | Sở Tài chính | 2026-2027 |",
    ]
)
# The amended plan: a heading line more (every line moves down), 85% becomes 90%, the data
# centre task is now led by Sở Tài chính, the medical records task is gone, a new one appears.
V2 = "\n".join(
    HEAD
    + [
        "(Sửa đổi, bổ sung theo Kế hoạch số 12/KH-UBND)",
        "- Trên 95% hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng năm 2026.",
        "- Tỷ lệ dân số có tài khoản thanh toán điện tử đạt trên 90% năm 2026.",
    ]
    + TABLE
    + [
        "| 1 | Nâng cấp trung tâm dữ liệu | Sở Tài chính | Sở Khoa học và Công nghệ | 2026 |",
        "| 2 | Số hoá hồ sơ học bạ | Sở Giáo dục và Đào tạo | | 2027 |",
    ]
)


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    """A pending version is kept as a file under VAR_DIR: each test has its own."""
    settings.VAR_DIR = tmp_path


@pytest.fixture
def draft() -> Program:
    return services.program_load_extraction(data=extract_text(V1), source_text=V1).program


def url(program: Program, rest: str = "") -> str:
    return f"/chuong-trinh/{program.pk}/ra-soat/{rest}"


def upload(client, program: Program, text: str):
    return client.post(
        url(program, "phien-ban-moi/"),
        {"action": "upload", "document": SimpleUploadedFile("kh-v2.md", text.encode())},
    )


def test_the_new_version_lists_added_removed_and_modified_records(client_as, personas, draft):
    client = client_as(personas.coordinator)
    assert upload(client, draft, V2).status_code == 302
    changes = client.get(url(draft, "phien-ban-moi/")).context["changes"]
    listed = {(c.kind, c.op, c.label[:30]) for c in changes}
    assert listed == {
        ("target", "modify", "Tỷ lệ dân số có tài khoản than"),
        ("task", "modify", "Nâng cấp trung tâm dữ liệu"),
        ("task", "remove", "Triển khai bệnh án điện tử"),
        ("task", "add", "Số hoá hồ sơ học bạ"),
    }
    modified = next(c for c in changes if c.kind == "target")
    assert modified.described == [("giá trị", "85", "90")]
    # Nothing changed yet.
    assert draft.targets.filter(value=85).exists() and draft.tasks.count() == 2


def test_accepting_keeps_the_reviewers_edits_and_applies_only_what_was_chosen(
    client_as, personas, draft
):
    client = client_as(personas.coordinator)
    # The reviewer had renamed the first target's indicator and corrected the first task's code.
    first = draft.targets.get(value=95)
    first.indicator.name = "Tỷ lệ hồ sơ công việc cấp tỉnh xử lý trên môi trường mạng"
    first.indicator.save()
    draft.tasks.filter(code="1").update(code="1.1")
    upload(client, draft, V2)
    changes = client.get(url(draft, "phien-ban-moi/")).context["changes"]
    keep_removed = next(c.key for c in changes if c.op == "remove")
    chosen = [c.key for c in changes if c.key != keep_removed]
    response = client.post(url(draft, "phien-ban-moi/"), {"action": "accept", "change": chosen})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.source_text == V2 and draft.source_name == "kh-v2.md"
    assert draft.targets.filter(value=90).exists() and not draft.targets.filter(value=85).exists()
    kept = draft.targets.get(value=95)
    assert kept.indicator.name.startswith("Tỷ lệ hồ sơ công việc cấp tỉnh")
    assert kept.goal.line == 7  # follows the new text
    centre = draft.tasks.get(name="Nâng cấp trung tâm dữ liệu")
    assert centre.code == "1.1"  # the reviewer's edit stays
    assert [tu.unit.code for tu in centre.leads()] == ["so-tai-chinh"]
    assert draft.tasks.filter(name="Số hoá hồ sơ học bạ").exists()
    assert draft.tasks.filter(name="Triển khai bệnh án điện tử").exists()  # not accepted
    row = AuditLog.objects.get(action="review.version_accept")
    assert len(row.after["accepted"]) == 3 and len(row.after["not_accepted"]) == 1
    assert row.actor == personas.coordinator


def test_discarding_the_new_version_changes_nothing(client_as, personas, draft):
    client = client_as(personas.coordinator)
    upload(client, draft, V2)
    client.post(url(draft, "phien-ban-moi/"), {"action": "discard"})
    assert client.get(url(draft, "phien-ban-moi/")).context["pending"] is None
    draft.refresh_from_db()
    assert draft.source_text == V1


def test_a_file_of_another_kind_is_refused_in_words(client_as, personas, draft):
    client = client_as(personas.coordinator)
    response = client.post(
        url(draft, "phien-ban-moi/"),
        {"action": "upload", "document": SimpleUploadedFile("kh.xlsx", b"PK\x03\x04")},
        follow=True,
    )
    assert "chỉ nhận văn bản .docx, .pdf, .txt, .md" in response.content.decode()


@pytest.mark.parametrize("persona", ["reporter_soyte", "leader"])
def test_others_may_not_bring_a_new_version(client_as, personas, draft, persona):
    client = client_as(getattr(personas, persona))
    assert upload(client, draft, V2).status_code == 403
    assert client.get(url(draft, "phien-ban-moi/")).status_code == 403


def test_an_added_task_takes_its_place_in_the_plans_order(client_as, personas, draft):
    client = client_as(personas.coordinator)
    upload(client, draft, V2)
    changes = client.get(url(draft, "phien-ban-moi/")).context["changes"]
    client.post(
        url(draft, "phien-ban-moi/"), {"action": "accept", "change": [c.key for c in changes]}
    )
    names = list(draft.tasks.order_by("order").values_list("name", "line"))
    assert names == [("Nâng cấp trung tâm dữ liệu", 12), ("Số hoá hồ sơ học bạ", 13)]
