"""No machine text in the Vietnamese pages: every persona's main pages are rendered and their
visible text scanned for period codes ("2026Q4"), file names ("pillars.json") and
``snake_case`` identifiers ("in_progress", "user.create_demo")."""

import html as html_lib
import re

import pytest

from dxtrack.registry.models import Program, Target
from dxtrack.reporting import services
from tests.helpers import Setup

pytestmark = pytest.mark.django_db

MACHINE_TEXT = {
    "period code": re.compile(r"\b20\d\dQ\d\b|\b20\d\dS[12]\b"),
    "file name": re.compile(r"\b[\w-]+\.(?:json|csv|py|yaml|yml)\b"),
    "identifier": re.compile(r"\b[a-z]+(?:_[a-z]+)+\b"),
    "action code": re.compile(r"\b[a-z_]+\.[a-z_]+\b(?<!\.vn)(?<!\.gov)"),
}


def visible_text(page: str) -> str:
    """What a reader sees: no tags, attributes, scripts, styles or JSON islands."""
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html_lib.unescape(page).split())


def offences(text: str) -> list[str]:
    found = []
    for name, pattern in MACHINE_TEXT.items():
        for match in pattern.finditer(text):
            start = max(0, match.start() - 40)
            found.append(f"{name}: …{text[start : match.end() + 40]}…")
    return found


@pytest.fixture
def activity(personas):
    """A round of 2026Q4 where Sở Y tế saved a value and a task progress."""
    setup = Setup(personas)
    services.observation_save(
        acting_user=personas.reporter_soyte, assignment=setup.a_percent, value="45,5"
    )
    services.task_update_save(
        acting_user=personas.reporter_soyte,
        assignment=setup.a_task,
        data=services.TaskUpdateData(progress="in_progress", percent_done="60,5"),
    )
    return setup


def _pages(setup, persona: str) -> list[str]:
    program = Program.objects.filter(status="published").order_by("pk").first()
    target = Target.objects.filter(program=program).first()
    rnd = setup.round
    common = [
        "/",
        f"/chuong-trinh/{program.pk}/",
        f"/chi-tieu/{target.pk}/",
        "/don-vi/",
        "/don-vi/so-y-te/",
        "/tim-kiem/?q=y+t%E1%BA%BF",
        "/tong-quan/",
        f"/tong-quan/chuong-trinh/{program.pk}/",
        f"/tong-quan/chi-so/{target.indicator_id}/",
        "/tong-quan/don-vi/so-y-te/",
        "/tong-quan/xep-hang/",
        "/tong-quan/xep-hang/?group=commune",
    ]
    signed_in = ["/bao-cao/", "/tong-quan/viec-cua-toi/"]
    by_persona = {
        "public": [],
        "coordinator": [
            "/nhat-ky/",
            f"/bao-cao/ky/{rnd.pk}/",
            f"/bao-cao/ky/{rnd.pk}/tinh-hinh/tien-do/",
            f"/bao-cao/ky/{rnd.pk}/tinh-hinh/duyet/",
            "/bao-cao/ky/moi/",
        ],
        "reporter_soyte": [
            f"/bao-cao/ky/{rnd.pk}/don-vi/so-y-te/",
            f"/bao-cao/ky/{rnd.pk}/don-vi/so-y-te/nhiem-vu/{setup.task.pk}/",
        ],
        "approver_soyte": [f"/bao-cao/ky/{rnd.pk}/don-vi/so-y-te/"],
        "reporter_commune": [f"/bao-cao/ky/{rnd.pk}/don-vi/{setup.commune.code}/"],
        "leader": [],
    }
    return common + ([] if persona == "public" else signed_in) + by_persona[persona]


@pytest.mark.parametrize(
    "persona",
    ["public", "coordinator", "leader", "reporter_soyte", "approver_soyte", "reporter_commune"],
)
def test_no_page_of_a_persona_shows_codes_file_names_or_identifiers(
    client_as, personas, activity, persona
):
    client = client_as(None if persona == "public" else getattr(personas, persona))
    problems = {}
    for url in _pages(activity, persona):
        response = client.get(url)
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        if response.status_code != 200:
            continue
        found = offences(visible_text(response.content.decode()))
        if found:
            problems[url] = found[:5]
    assert not problems, problems


def test_the_scanner_catches_what_it_must():
    text = visible_text(
        "<p>in_progress 60,5% · Quý 2026Q4 · Nguồn: 000.json</p><td>user.create_demo</td>"
    )
    kinds = {o.split(":")[0] for o in offences(text)}
    assert kinds == {"period code", "file name", "identifier", "action code"}
    assert (
        offences(visible_text('<a href="/x?period=2026Q4" data-action="a.b">Quý IV năm 2026</a>'))
        == []
    )


def test_a_refused_return_says_why_once(client_as, personas):
    setup = Setup(personas)
    obs = services.observation_save(
        acting_user=personas.reporter_commune, assignment=setup.c_percent, value="10", submit=True
    )
    client = client_as(personas.coordinator)
    page = client.post(
        f"/bao-cao/duyet/so-lieu/{obs.pk}/",
        {"decision": "return", "comment": "", "version": obs.version},
        follow=True,
    ).content.decode()
    assert page.count("Cần ghi rõ lý do trả lại") == 1


def test_the_header_names_the_unit_once_and_links_a_favicon(client_as, personas):
    personas.reporter_soyte.first_name = "Cán bộ báo cáo Sở Y tế"
    personas.reporter_soyte.save()
    page = client_as(personas.reporter_soyte).get("/").content.decode()
    who = re.search(r'<span class="who">(.*?)</span>', page).group(1)
    assert who == "Cán bộ báo cáo Sở Y tế"
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg"', page)
    other = client_as(personas.reporter_taichinh).get("/").content.decode()
    assert re.search(r'<span class="who">reporter-taichinh-t · .*Tài chính.*</span>', other)


def test_names_are_cut_at_a_word_with_the_full_name_on_hover():
    from dxtrack.core.templatetags.vn import shorten, shorten_text

    name = "Kế hoạch chuyển đổi số của tỉnh Thái Nguyên giai đoạn 2026-2030"
    assert shorten_text(name, 45) == "Kế hoạch chuyển đổi số của tỉnh Thái Nguyên…"
    assert not shorten_text(name, 42).endswith("Thái N…")
    assert str(shorten(name, 45)) == (
        f'<span title="{name}">Kế hoạch chuyển đổi số của tỉnh Thái Nguyên…</span>'
    )
    assert shorten("Sở Y tế", 45) == "Sở Y tế"


def test_file_names_are_hidden_and_sources_kept():
    from dxtrack.core.templatetags.vn import hide_file_name

    assert hide_file_name("000.json") == "" and hide_file_name("data/pillars.json") == ""
    assert hide_file_name("Cổng thông tin điện tử tỉnh") == "Cổng thông tin điện tử tỉnh"
