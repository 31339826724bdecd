"""The English switch: with the language cookie set to "en" the pages read in English, without it
they stay Vietnamese (dxtrack/locale/en, dxtrack.core.middleware.LanguageMiddleware)."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from dxtrack.core.periods import Period
from dxtrack.core.templatetags import vn as filters
from dxtrack.evaluation import selectors as evaluation_selectors
from dxtrack.evaluation.methods import STATUS_LABELS_EN, STATUS_LABELS_VI
from dxtrack.registry.models import Program, Target, Unit
from tests.helpers import Setup, page_text

pytestmark = pytest.mark.django_db


def check(client, url: str, pairs: list[tuple[str, str]]) -> None:
    """Each (English, Vietnamese) pair: the English shows with the cookie, the Vietnamese without."""
    en = page_text(client, url, english=True)
    assert '<html lang="en">' in en
    for english, vietnamese in pairs:
        assert english in en, (url, english)
        assert vietnamese not in en, (url, vietnamese)
    vi = page_text(client, url, english=False)
    assert '<html lang="vi">' in vi
    for english, vietnamese in pairs:
        assert vietnamese in vi, (url, vietnamese)
        assert english not in vi, (url, english)


# Every page: the header and the footer.
CHROME = [
    (
        "<span>Digital transformation of Thái Nguyên province</span>",
        "<span>Chuyển đổi số tỉnh Thái Nguyên</span>",
    ),
    ("Figures are computed from approved data", "Số liệu tính từ dữ liệu đã duyệt"),
]


def test_home_page(client_as):
    check(
        client_as(None),
        "/",
        CHROME
        + [
            (
                "Digital transformation programs and plans",
                "Các chương trình, kế hoạch chuyển đổi số",
            ),
            ("Date issued", "Ngày ban hành"),
            (">Log in<", ">Đăng nhập<"),
        ],
    )


def test_program_page(client_as):
    program = Program.objects.get(number="38/KH-UBND")
    check(
        client_as(None),
        f"/chuong-trinh/{program.pk}/",
        CHROME
        + [
            ("Goals and targets", "Mục tiêu và chỉ tiêu"),
            ("Issued by", "Cơ quan ban hành"),
            (
                f"<dd>{program.kind} No. {program.number}</dd>",
                f"<dd>{program.kind} số {program.number}</dd>",
            ),
            (">Coordinating<", ">Phối hợp<"),
        ],
    )


def test_unit_page(client_as):
    check(
        client_as(None),
        "/don-vi/so-y-te/",
        CHROME
        + [
            ("Tasks as lead", "Nhiệm vụ chủ trì"),
            ("Tasks as coordinating unit", "Nhiệm vụ phối hợp"),
            ("Targets responsible for", "Chỉ tiêu phụ trách"),
            ("<dd>Department</dd>", "<dd>Sở, ban, ngành</dd>"),
        ],
    )


def test_a_commune_page_shows_its_kind_in_english(client_as):
    commune = Unit.objects.filter(kind=Unit.Kind.COMMUNE).order_by("code").first()
    check(
        client_as(None),
        f"/don-vi/{commune.code}/",
        [
            ("<dd>Commune or ward</dd>", "<dd>Xã, phường</dd>"),
        ],
    )


def test_target_page_shows_its_status_and_period_in_english(client_as):
    """The status label comes from evaluation.methods (pure: both languages as data), the period
    label from core.periods; the template filters pick the page's language."""
    targets = Target.objects.filter(program__status=Program.Status.PUBLISHED).order_by("pk")
    evaluations = evaluation_selectors.target_evaluations(targets=targets)
    target, ev = next((t, evaluations[t.pk]) for t in targets if evaluations[t.pk].latest_period)
    period = Period.parse(ev.latest_period)
    check(
        client_as(None),
        f"/chi-tieu/{target.pk}/",
        CHROME
        + [
            (
                f'data-status="{ev.status}">{STATUS_LABELS_EN[ev.status]}</span>',
                f'data-status="{ev.status}">{STATUS_LABELS_VI[ev.status]}</span>',
            ),
            (f"({period.label_en})", f"({period.label_vi})"),
        ],
    )


def test_rankings_page_shows_the_group_in_english(client_as):
    check(
        client_as(None),
        "/tong-quan/xep-hang/?group=commune",
        CHROME
        + [
            (
                '<option value="commune" selected>Commune or ward</option>',
                '<option value="commune" selected>Xã, phường</option>',
            ),
            (
                '<option value="department">Department</option>',
                '<option value="department">Sở, ban, ngành</option>',
            ),
        ],
    )


def test_round_page_shows_its_state_in_english(personas, client_as):
    setup = Setup(personas)
    period = Period.parse(setup.round.period)
    check(
        client_as(personas.coordinator),
        f"/bao-cao/ky/{setup.round.pk}/",
        CHROME
        + [
            ('id="round-state">Open</span>', 'id="round-state">Đang mở</span>'),
            (f"<dd>{period.label_en}</dd>", f"<dd>{period.label_vi}</dd>"),
        ],
    )


def test_not_found_page_is_english(client_as):
    client = client_as(None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = client.get("/don-vi/khong-co-don-vi-nay/")
    assert en.status_code == 404
    assert "Page not found." in en.content.decode() and "Không tìm thấy" not in en.content.decode()
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    vi = client.get("/don-vi/khong-co-don-vi-nay/")
    assert vi.status_code == 404
    assert "Không tìm thấy trang." in vi.content.decode()


def test_numbers_and_dates_follow_english_conventions(client_as):
    """English pages write "5 January 2026" and "2,389.05"; Vietnamese ones keep Nghị định 30/2020."""

    with translation.override("en"):
        assert filters.vndate(date(2026, 1, 5)) == "5 January 2026"
        assert filters.vnnum(2389.05) == "2,389.05"
        assert filters.money(2_389_050_000_000) == "2,389.05 billion VND"
        assert filters.period_label("2025Q4") == "Q4 2025"
        assert filters.comparator_vi(">=") == "at least"
    with translation.override("vi"):
        assert filters.vndate(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
        assert filters.vnnum(2389.05) == "2.389,05"
        assert filters.money(2_389_050_000_000) == "2.389,05 tỷ đồng"
        assert filters.period_label("2025Q4") == "Quý IV năm 2025"
        assert filters.comparator_vi(">=") == "tối thiểu"


def test_login_page(client_as):
    check(
        client_as(None),
        "/dang-nhap/",
        [
            (">Username<", ">Tên đăng nhập<"),
            (">Password<", ">Mật khẩu<"),
        ],
    )


def test_reporting_workspace_of_a_unit_reporter(personas, client_as):
    setup = Setup(personas)
    check(
        client_as(personas.reporter_soyte),
        f"/bao-cao/ky/{setup.round.pk}/don-vi/so-y-te/",
        CHROME
        + [
            ("items to report this round", "việc phải báo cáo kỳ này"),
            ("Indicator values", "Số liệu chỉ số"),
            ("Task progress", "Tiến độ nhiệm vụ"),
            ("Not entered", "Chưa nhập"),
            ("0/4 items submitted", "Đã gửi 0/4 mục"),
            ("Download the pre-filled Excel form", "Tải biểu mẫu Excel điền sẵn"),
        ],
    )


def test_overview_dashboard(client_as):
    check(
        client_as(None),
        "/tong-quan/",
        CHROME
        + [
            ("Digital transformation overview by pillar", "Tổng quan chuyển đổi số theo trụ cột"),
            ("Number of targets by pillar and status", "Số chỉ tiêu theo trụ cột và trạng thái"),
            ("Overdue tasks", "Nhiệm vụ quá hạn"),
        ],
    )


def test_the_catalogue_has_no_untranslated_entry():
    """Every msgid has an English msgstr and none is left fuzzy (the .mo ships in the repo)."""
    po = Path(settings.BASE_DIR) / "dxtrack" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    assert po.with_suffix(".mo").exists()
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # [0] is the header
    assert len(entries) > 300
    for entry in entries:
        lines = [line for line in entry.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid") for line in lines):
            continue  # an obsolete entry (makemessages keeps them as "#~" with their flags)
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
