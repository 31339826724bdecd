"""The coordinator uploads a plan document and gets a draft program to review."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from dxtrack.core.models import AuditLog
from dxtrack.registry.models import Program

pytestmark = pytest.mark.django_db

PLAN_LINES = [
    "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
    "Số: 77/KH-UBND",
    "Thái Nguyên, ngày 10 tháng 3 năm 2026",
    "KẾ HOẠCH",
    "Chuyển đổi số năm 2026",
    "I. MỤC TIÊU",
    "1. Mục tiêu cụ thể",
    "- Trên 95% hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng.",
    "- Tỷ lệ dân số có tài khoản thanh toán điện tử đạt trên 85%.",
]


def docx_bytes(lines) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, name, content):
    return client.post(
        "/chuong-trinh/nhap-van-ban/", {"document": SimpleUploadedFile(name, content)}
    )


def test_the_coordinator_imports_a_docx_as_a_draft_program(client_as, personas):
    response = upload(client_as(personas.coordinator), "ke-hoach-77.docx", docx_bytes(PLAN_LINES))
    assert response.status_code == 302
    program = Program.objects.get(number="77/KH-UBND")
    assert program.status == "draft" and program.source_name == "ke-hoach-77.docx"
    assert program.targets.filter(comparator=">", value=85).exists()
    assert AuditLog.objects.filter(
        action="program.load", object_id=str(program.pk), actor=personas.coordinator
    ).exists()


@pytest.mark.parametrize("persona", ["reporter_soyte", "leader", "reporter_commune"])
def test_others_may_not_import(client_as, personas, persona):
    client = client_as(getattr(personas, persona))
    assert client.get("/chuong-trinh/nhap-van-ban/").status_code == 403
    assert upload(client, "x.docx", docx_bytes(PLAN_LINES)).status_code == 403
    assert not Program.objects.filter(number="77/KH-UBND").exists()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("ke-hoach.exe", b"MZ\x90\x00", "chỉ nhận văn bản"),
        ("ke-hoach.docx", b"not a zip at all", "ke-hoach.docx"),
        ("ke-hoach.pdf", b"%PDF-1.4 broken", "ke-hoach.pdf"),
        ("ke-hoach.txt", b"", "ke-hoach.txt"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_saved(
    client_as, personas, name, content, message
):
    before = Program.objects.count()
    response = upload(client_as(personas.coordinator), name, content)
    assert response.status_code == 400
    assert message in response.content.decode() and "Traceback" not in response.content.decode()
    assert Program.objects.count() == before


def test_a_file_over_the_limit_is_refused(client_as, personas, settings):
    settings.PLAN_UPLOAD_MAX_BYTES = 1024
    response = upload(client_as(personas.coordinator), "lon.txt", ("Mục tiêu " * 500).encode())
    assert response.status_code == 400 and "quá lớn" in response.content.decode()
