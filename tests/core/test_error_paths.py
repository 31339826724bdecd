"""Errors never show the server's paths (issue 12): the 500 page, the 400 page of a refused URL,
and what an upload's refusal says (a plan, an Excel file, an evidence file) name the file as its
sender knows it, never the temporary copy the server read, nor the installation's folders."""

import tempfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dxtrack.core.safe_errors import without_paths
from tests.helpers import Setup, api_client, task_update_body

pytestmark = pytest.mark.django_db

SERVER_FOLDERS = (tempfile.gettempdir(), str(settings.BASE_DIR), "/var/", "/home/", "/opt/")


def assert_no_server_path(content: bytes) -> None:
    text = content.decode("utf-8", "replace")
    for folder in SERVER_FOLDERS:
        assert folder not in text, (folder, text[:2000])
    assert "Traceback" not in text and 'File "' not in text


def test_the_500_page_shows_neither_a_path_nor_a_traceback(monkeypatch):
    class Broken:
        def cursor(self):
            raise OSError(f"{settings.BASE_DIR}/var/dxtrack.sqlite3: disk I/O error")

    monkeypatch.setattr("dxtrack.core.views.connection", Broken())
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 500
    assert "Hệ thống gặp lỗi" in response.content.decode()
    assert_no_server_path(response.content)


def test_a_refused_url_is_a_400_without_a_path(client):
    response = client.get("/chuong-trinh/%00/")
    assert response.status_code == 400
    assert_no_server_path(response.content)


def test_a_broken_excel_file_is_refused_by_its_name(client_as, personas):
    setup = Setup(personas)
    client = client_as(personas.reporter_soyte)
    url = f"/bao-cao/ky/{setup.round.pk}/don-vi/so-y-te/excel/nap/"
    broken = SimpleUploadedFile("so-lieu-quy-4.xlsx", b"PK\x03\x04 not a workbook")
    response = client.post(url, {"file": broken})
    assert response.status_code in (200, 400)
    assert_no_server_path(response.content)


def test_a_broken_evidence_file_is_refused_by_its_name(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    setup = Setup(personas)
    api = api_client(personas.reporter_soyte)
    body = {**task_update_body(setup), "evidence": SimpleUploadedFile("bien-ban.pdf", b"no pdf")}
    response = api.post("/api/v1/task-updates/", body, format="multipart")
    assert response.status_code == 400
    assert "bien-ban.pdf" in response.content.decode()
    assert_no_server_path(response.content)


def test_a_broken_plan_is_refused_by_its_name(client_as, personas):
    client = client_as(personas.coordinator)
    broken = SimpleUploadedFile("ke-hoach-2026.pdf", b"not a pdf at all")
    response = client.post("/chuong-trinh/nhap-van-ban/", {"document": broken})
    assert response.status_code == 400
    assert "ke-hoach-2026.pdf" in response.content.decode()
    assert_no_server_path(response.content)


@pytest.mark.parametrize(
    "message,name,expected",
    [
        (
            "/tmp/tmpk2x9/upload.pdf: tệp .pdf bị hỏng",
            "ke-hoach.pdf",
            "ke-hoach.pdf: tệp .pdf bị hỏng",
        ),
        ("Không đọc được (/var/lib/dxtrack/x.sqlite3)", "", "Không đọc được (x.sqlite3)"),
        ("Xem https://dxtrack.gov.vn/api/v1/docs/ ngày 07/12/2026", "", None),
    ],
)
def test_without_paths_keeps_the_message_and_drops_the_folders(message, name, expected):
    assert without_paths(message, name=name) == (expected or message)
    assert not any(f in without_paths(message, name=name) for f in ("/tmp/", "/var/"))
