"""The English switch: with the language cookie set to "en" the pages read in English, without it
they stay Vietnamese (dxtrack/locale/en, dxtrack.core.middleware.LanguageMiddleware)."""
from pathlib import Path

import pytest
from django.conf import settings

from dxtrack.registry.models import Program
from tests.reporting.conftest import Setup

pytestmark = pytest.mark.django_db


def page(client, url: str, *, english: bool) -> str:
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    else:
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def check(client, url: str, pairs: list[tuple[str, str]]) -> None:
    """Each (English, Vietnamese) pair: the English shows with the cookie, the Vietnamese without."""
    en = page(client, url, english=True)
    assert '<html lang="en">' in en
    for english, vietnamese in pairs:
        assert english in en, (url, english)
        assert vietnamese not in en, (url, vietnamese)
    vi = page(client, url, english=False)
    assert '<html lang="vi">' in vi
    for english, vietnamese in pairs:
        assert vietnamese in vi, (url, vietnamese)
        assert english not in vi, (url, english)


# Every page: the header and the footer.
CHROME = [
    ("<span>Digital transformation of Thái Nguyên province</span>", "<span>Chuyển đổi số tỉnh Thái Nguyên</span>"),
    ("Figures are computed from approved data", "Số liệu tính từ dữ liệu đã duyệt"),
]


def test_home_page(client_as):
    check(client_as(None), "/", CHROME + [
        ("Digital transformation programs and plans", "Các chương trình, kế hoạch chuyển đổi số"),
        ("Date issued", "Ngày ban hành"),
        (">Log in<", ">Đăng nhập<"),
    ])


def test_program_page(client_as):
    program = Program.objects.get(number="38/KH-UBND")
    check(client_as(None), f"/chuong-trinh/{program.pk}/", CHROME + [
        ("Goals and targets", "Mục tiêu và chỉ tiêu"),
        ("Issued by", "Cơ quan ban hành"),
        (f"<dd>{program.kind} No. {program.number}</dd>", f"<dd>{program.kind} số {program.number}</dd>"),
        (">Coordinating<", ">Phối hợp<"),
    ])


def test_unit_page(client_as):
    check(client_as(None), "/don-vi/so-y-te/", CHROME + [
        ("Tasks as lead", "Nhiệm vụ chủ trì"),
        ("Tasks as coordinating unit", "Nhiệm vụ phối hợp"),
        ("Targets responsible for", "Chỉ tiêu phụ trách"),
    ])


def test_login_page(client_as):
    check(client_as(None), "/dang-nhap/", [
        (">Username<", ">Tên đăng nhập<"),
        (">Password<", ">Mật khẩu<"),
    ])


def test_reporting_workspace_of_a_unit_reporter(personas, client_as):
    setup = Setup(personas)
    check(client_as(personas.reporter_soyte), f"/bao-cao/ky/{setup.round.pk}/don-vi/so-y-te/", CHROME + [
        ("items to report this round", "việc phải báo cáo kỳ này"),
        ("Indicator values", "Số liệu chỉ số"),
        ("Task progress", "Tiến độ nhiệm vụ"),
        ("Not entered", "Chưa nhập"),
        ("0/4 items submitted", "Đã gửi 0/4 mục"),
        ("Download the pre-filled Excel form", "Tải biểu mẫu Excel điền sẵn"),
    ])


def test_overview_dashboard(client_as):
    check(client_as(None), "/tong-quan/", CHROME + [
        ("Digital transformation overview by pillar", "Tổng quan chuyển đổi số theo trụ cột"),
        ("Number of targets by pillar and status", "Số chỉ tiêu theo trụ cột và trạng thái"),
        ("Overdue tasks", "Nhiệm vụ quá hạn"),
    ])


def test_the_catalogue_has_no_untranslated_entry():
    """Every msgid has an English msgstr and none is left fuzzy (the .mo ships in the repo)."""
    po = Path(settings.BASE_DIR) / "dxtrack" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    assert po.with_suffix(".mo").exists()
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # [0] is the header
    assert len(entries) > 300
    for entry in entries:
        lines = [line for line in entry.splitlines() if not line.startswith("#~")]
        if not lines:
            continue
        assert not any(line.startswith("#,") and "fuzzy" in line for line in lines), entry
        translations, current = [], None
        for line in lines:
            if line.startswith("msgstr"):
                current = line.split(" ", 1)[1].strip('"')
                translations.append(current)
            elif line.startswith('"') and current is not None:
                translations[-1] += line.strip('"')
            elif not line.startswith('"'):
                current = None
        assert translations and all(translations), entry
