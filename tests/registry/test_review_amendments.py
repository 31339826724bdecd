"""A published program amended as a new version (issue 14): the amending document becomes a
draft amendment reviewed in the workspace; publishing it applies the accepted changes to the
published program, keeping the identity of matched targets and tasks, marking removed ones as
repealed, and recording the version in the program's history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxtrack.core.models import AuditLog
from dxtrack.docimport import extract_text
from dxtrack.registry import services
from dxtrack.registry.models import Program, ProgramVersion, Target, Task, Unit
from tests.registry.test_review_versions import HEAD, TABLE, V1  # the same plan

pytestmark = pytest.mark.django_db

# The amended plan: a line more at the top, 85% becomes 90%, the medical records task is gone
# and a new task is added.
V2 = "\n".join(
    HEAD
    + [
        "(Điều chỉnh, bổ sung theo Kế hoạch số 12/KH-UBND)",
        "- Trên 95% hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng năm 2026.",
        "- Tỷ lệ dân số có tài khoản thanh toán điện tử đạt trên 90% năm 2026.",
    ]
    + TABLE
    + [
        "| 1 | Nâng cấp trung tâm dữ liệu | Sở Khoa học và Công nghệ | Sở Tài chính | 2026 |",
        "| 2 | Số hoá hồ sơ học bạ | Sở Giáo dục và Đào tạo | Sở Tài chính | 2027 |",
    ]
)


@pytest.fixture
def published() -> Program:
    program = services.program_load_extraction(data=extract_text(V1), source_text=V1).program
    return services.program_publish(program=program, acting_user=None)


def amend_url(program: Program, rest: str = "dieu-chinh/") -> str:
    return f"/chuong-trinh/{program.pk}/ra-soat/{rest}"


def start(client, program: Program, text: str = V2, **extra):
    data = {"document": SimpleUploadedFile("kh-77-dieu-chinh.md", text.encode())}
    data.update(extra)
    return client.post(amend_url(program), data)


def the_amendment(program: Program) -> Program:
    return Program.objects.get(amends=program)


def publish_amendment(client, amendment: Program, keys: list[str] | None = None):
    changes = client.get(amend_url(amendment, "cong-bo/")).context["changes"]
    chosen = [c.key for c in changes] if keys is None else keys
    return client.post(amend_url(amendment, "cong-bo/"), {"confirm": "on", "change": chosen})


def test_the_amending_document_becomes_a_draft_amendment_linked_to_the_program(
    client_as, personas, published
):
    client = client_as(personas.coordinator)
    response = start(client, published, document_number="12/KH-UBND", document_date="2026-11-30")
    amendment = the_amendment(published)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/chuong-trinh/{amendment.pk}/ra-soat/"
    )
    assert amendment.status == "draft" and amendment.number == "12/KH-UBND"
    # Nothing of the published program changed yet.
    published.refresh_from_db()
    assert published.source_text == V1 and published.targets.filter(value=85).exists()
    page = client.get(amend_url(amendment, ""))
    assert "Bản điều chỉnh, bổ sung của chương trình đã công bố" in page.content.decode()
    row = AuditLog.objects.get(action="amendment.start")
    assert row.after["amendment"] == amendment.pk and row.actor == personas.coordinator


def test_the_change_list_compares_the_amendment_with_the_published_version(
    client_as, personas, published
):
    client = client_as(personas.coordinator)
    start(client, published)
    changes = client.get(amend_url(the_amendment(published), "cong-bo/")).context["changes"]
    listed = {(c.kind, c.op, c.label[:26]) for c in changes}
    assert listed == {
        ("target", "modify", "Tỷ lệ dân số có tài khoản "),
        ("task", "remove", "Triển khai bệnh án điện tử"),
        ("task", "add", "Số hoá hồ sơ học bạ"),
    }
    modified = next(c for c in changes if c.kind == "target")
    assert modified.described == [("giá trị", "85", "90")]


def test_publishing_applies_the_accepted_changes_and_keeps_identities(
    client_as, personas, published
):
    client = client_as(personas.coordinator)
    kept_target = published.targets.get(value=95)
    changed_target = published.targets.get(value=85)
    kept_task = published.tasks.get(name="Nâng cấp trung tâm dữ liệu")
    removed_task = published.tasks.get(name="Triển khai bệnh án điện tử")
    start(client, published, document_number="12/KH-UBND")
    amendment = the_amendment(published)
    response = publish_amendment(client, amendment)
    assert response.status_code == 302
    assert not Program.objects.filter(pk=amendment.pk).exists()
    published.refresh_from_db()
    assert published.status == "published" and published.source_text == V2
    # The modified target is the same row with the new threshold; the others keep their rows.
    changed_target.refresh_from_db()
    assert changed_target.value == 90 and changed_target.program == published
    kept_target.refresh_from_db()
    assert kept_target.goal.line == 7  # follows the amended text
    kept_task.refresh_from_db()
    assert kept_task.repealed_by is None and kept_task.line == 12
    # The removed task is kept, marked as repealed by the version.
    removed_task.refresh_from_db()
    version = ProgramVersion.objects.get(program=published)
    assert removed_task.repealed_by == version and version.number == 2
    assert version.document_number == "12/KH-UBND" and version.created_by == personas.coordinator
    assert version.previous_source_text == V1
    added = published.tasks.get(name="Số hoá hồ sơ học bạ")
    assert [tu.unit.code for tu in added.leads()] == ["so-giao-duc-va-dao-tao"]
    assert {c["op"] for c in version.changes if c["accepted"]} == {"add", "remove", "modify"}


def test_each_step_of_the_amendment_is_audited_before_and_after(client_as, personas, published):
    client = client_as(personas.coordinator)
    start(client, published)
    publish_amendment(client, the_amendment(published))
    update = AuditLog.objects.get(action="amendment.target_update")
    assert update.before["value"] == 85 and update.after["value"] == 90
    repeal = AuditLog.objects.get(action="amendment.task_repeal")
    assert repeal.before["name"] if "name" in repeal.before else repeal.before["lead"]
    assert repeal.after["repealed_by"]
    assert AuditLog.objects.filter(action="amendment.task_add").count() == 1
    summary = AuditLog.objects.get(action="amendment.publish")
    assert summary.after["version"] == 2 and len(summary.after["accepted"]) == 3
    assert summary.actor == personas.coordinator


def test_a_change_not_accepted_is_left_as_it_was(client_as, personas, published):
    client = client_as(personas.coordinator)
    start(client, published)
    amendment = the_amendment(published)
    changes = client.get(amend_url(amendment, "cong-bo/")).context["changes"]
    without_removal = [c.key for c in changes if c.op != "remove"]
    publish_amendment(client, amendment, without_removal)
    task = Task.objects.get(program=published, name="Triển khai bệnh án điện tử")
    assert task.repealed_by is None
    version = published.versions.get()
    assert [c["accepted"] for c in version.changes if c["op"] == "remove"] == [False]


def test_the_program_page_shows_the_version_history_and_repealed_records(
    client_as, personas, published
):
    client = client_as(personas.coordinator)
    start(client, published, document_number="12/KH-UBND")
    publish_amendment(client, the_amendment(published))
    page = client_as(personas.leader).get(f"/chuong-trinh/{published.pk}/").content.decode()
    assert "Lịch sử điều chỉnh" in page and "Phiên bản 2" in page and "12/KH-UBND" in page
    assert "đã bãi bỏ theo 12/KH-UBND" in page
    assert "giá trị: 85 → 90" in page


def test_direct_edits_of_a_published_program_point_to_the_amendment(client_as, personas, published):
    target = published.targets.get(value=85)
    response = client_as(personas.coordinator).post(
        amend_url(published, f"chi-tieu/{target.pk}/"),
        {"comparator": ">", "value": "99", "indicator": target.indicator_id},
    )
    assert "Điều chỉnh chương trình" in response.content.decode()
    target.refresh_from_db()
    assert target.value == 85


@pytest.mark.parametrize("persona", ["reporter_soyte", "leader", "approver_soyte"])
def test_only_the_coordinator_amends_a_program(client_as, personas, published, persona):
    client = client_as(getattr(personas, persona))
    assert client.get(amend_url(published)).status_code == 403
    assert start(client, published).status_code == 403
    assert not Program.objects.filter(amends=published).exists()


@pytest.mark.parametrize("persona", ["reporter_soyte", "leader"])
def test_others_may_not_publish_or_discard_an_amendment(client_as, personas, published, persona):
    start(client_as(personas.coordinator), published)
    amendment = the_amendment(published)
    client = client_as(getattr(personas, persona))
    assert client.post(amend_url(amendment, "cong-bo/"), {"confirm": "on"}).status_code == 403
    assert client.post(amend_url(amendment, "dieu-chinh/bo/")).status_code == 403
    assert Program.objects.get(pk=amendment.pk).status == "draft"
    assert not published.versions.exists()


def test_one_amendment_at_a_time(client_as, personas, published):
    client = client_as(personas.coordinator)
    start(client, published)
    response = start(client, published)
    assert response.status_code == 400
    assert "Đang có bản điều chỉnh chờ rà soát" in response.content.decode()
    assert Program.objects.filter(amends=published).count() == 1


def test_a_draft_is_not_amended_but_edited(client_as, personas):
    draft = services.program_load_extraction(data=extract_text(V1), source_text=V1).program
    response = start(client_as(personas.coordinator), draft)
    assert response.status_code == 400
    assert "bản nháp được sửa trực tiếp" in response.content.decode()


def test_discarding_the_amendment_leaves_the_program_as_it_was(client_as, personas, published):
    client = client_as(personas.coordinator)
    start(client, published)
    amendment = the_amendment(published)
    response = client.post(amend_url(amendment, "dieu-chinh/bo/"))
    assert response.status_code == 302
    assert not Program.objects.filter(pk=amendment.pk).exists()
    published.refresh_from_db()
    assert published.source_text == V1 and not published.versions.exists()
    assert AuditLog.objects.filter(action="program.admin_amendment_discard").exists()


def test_a_second_amendment_is_version_three(client_as, personas, published):
    client = client_as(personas.coordinator)
    start(client, published)
    publish_amendment(client, the_amendment(published))
    third = V2.replace("trên 90%", "trên 92%")
    start(client, published, third)
    publish_amendment(client, the_amendment(published))
    assert list(published.versions.values_list("number", flat=True)) == [2, 3]
    assert Target.objects.filter(program=published, value=92).count() == 1


def test_the_amendment_starts_from_the_program_as_reviewed(client_as, personas, published):
    # Before publication the reviewer had corrected a task's code and deleted a false target.
    published.tasks.filter(name="Nâng cấp trung tâm dữ liệu").update(code="1.1")
    published.targets.get(value=95).delete()
    client = client_as(personas.coordinator)
    start(client, published)
    amendment = the_amendment(published)
    assert amendment.tasks.get(name="Nâng cấp trung tâm dữ liệu").code == "1.1"
    assert not amendment.targets.filter(value=95).exists()
    target = amendment.targets.get()
    assert target.value == 90 and "trên 90%" in target.goal.text  # the amended text, applied
    changes = client.get(amend_url(amendment, "cong-bo/")).context["changes"]
    assert {(c.kind, c.op) for c in changes} == {
        ("target", "modify"),
        ("task", "remove"),
        ("task", "add"),
    }


def test_the_results_the_amending_document_quotes_join_the_program(client_as, personas, published):
    lines = V2.split("\n")
    quoted = "Năm 2025, tỷ lệ dân số có tài khoản thanh toán điện tử đạt 80%."
    text = "\n".join([*lines[:3], "I. KẾT QUẢ THỰC HIỆN NĂM 2025", quoted, *lines[3:]])
    client = client_as(personas.coordinator)
    start(client, published, text)
    amendment = the_amendment(published)
    # Reviewed in the workspace like a draft's results, beside their line.
    listed = client.get(amend_url(amendment, "")).context["space"].observations
    assert [(o.line, o.period, o.value) for o in listed] == [(5, "2025", 80)]
    publish_amendment(client, amendment)
    moved = published.observations.get(period="2025")
    assert moved.value == 80 and moved.pk == listed[0].pk
    row = AuditLog.objects.get(action="observation.admin_amendment_merge")
    assert row.after["moved"] == [moved.pk]


def test_an_agency_left_unresolved_is_mapped_in_the_amendment_and_applied(client_as, personas):
    text = V1.replace("| Sở Y tế | Sở Tài chính |", "| Ban Quản lý Dự án Ma | Sở Tài chính |")
    program = services.program_load_extraction(data=extract_text(text), source_text=text).program
    services.program_publish(program=program, acting_user=None)  # loaded, never reviewed
    client = client_as(personas.coordinator)
    start(client, program, text.replace("Chuyển đổi số năm 2026", "Chuyển đổi số năm 2026 (sửa)"))
    amendment = the_amendment(program)
    refused = publish_amendment(client, amendment)
    assert refused.status_code == 400 and "1 cơ quan chưa xác định" in refused.content.decode()
    health = Unit.objects.get(code="so-y-te")
    client.post(
        amend_url(amendment, "co-quan/gan/"),
        {"written_name": "Ban Quản lý Dự án Ma", "unit": health.pk},
    )
    changes = client.get(amend_url(amendment, "cong-bo/")).context["changes"]
    assert [(c.kind, c.op, c.described) for c in changes] == [
        ("task", "modify", [("cơ quan chủ trì", "Ban Quản lý Dự án Ma", "Sở Y tế")])
    ]
    assert publish_amendment(client, amendment).status_code == 302
    task = program.tasks.get(name="Triển khai bệnh án điện tử")
    assert [tu.unit.code for tu in task.leads()] == ["so-y-te"]


def test_an_amendment_without_a_file_starts_from_the_program_and_is_edited_by_hand(
    client_as, personas, published
):
    original = published.targets.get(value=85).pk
    client = client_as(personas.coordinator)
    nothing = client.post(amend_url(published), {})
    assert nothing.status_code == 400
    assert "hãy tải lên tệp văn bản, hoặc ghi số hiệu" in nothing.content.decode()
    response = client.post(amend_url(published), {"document_number": "15/QĐ-UBND"})
    assert response.status_code == 302
    amendment = the_amendment(published)
    assert amendment.source_text == V1 and amendment.number == "15/QĐ-UBND"
    target = amendment.targets.get(value=85)
    client.post(
        amend_url(amendment, f"chi-tieu/{target.pk}/"),
        {
            "comparator": ">",
            "value": "88",
            "unit": "%",
            "year": "2026",
            "indicator": target.indicator_id,
            "indicator_name": target.indicator.name,
        },
    )
    changes = client.get(amend_url(amendment, "cong-bo/")).context["changes"]
    assert [(c.kind, c.op) for c in changes] == [("target", "modify")]
    publish_amendment(client, amendment)
    assert Target.objects.get(pk=original).value == 88  # the same target, amended
    assert str(published.versions.get()) == "15/QĐ-UBND"
