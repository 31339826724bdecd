"""The dashboards are never stale, whichever way data is written: the web pages, an Excel upload,
the write API, the command line, the admin, a plan load. No writer clears a cache by hand; every
write goes through its audit row (core/freshness.py), and after each write below the cached pages
are byte for byte what a fresh render (cache cleared) gives."""

import copy
import io
import json
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from dxtrack.evaluation import services as evaluation
from dxtrack.registry.models import Program, Unit
from dxtrack.reporting.models import Observation
from tests.helpers import (
    SAMPLE_PLAN,
    admin_change_unit,
    excel_download,
    excel_upload,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|csrftoken=[^;"\s]+')


def pages(setup, *, unit_code: str = "so-y-te") -> list[str]:
    return [
        "/tong-quan/",
        f"/tong-quan/chuong-trinh/{setup.program.pk}/",
        f"/tong-quan/chi-so/{setup.percent.pk}/",
        f"/tong-quan/don-vi/{unit_code}/",
        "/tong-quan/xep-hang/",
    ]


def assert_fresh(client, urls) -> dict[str, bytes]:
    """Each page as served (from the cache if it holds one) equals a render from the data."""
    client.get("/tim-kiem/")  # shows (and so drops) the write's flash message
    served = {url: CSRF.sub(b"", client.get(url).content) for url in urls}
    cache.clear()
    for url in urls:
        assert served[url] == CSRF.sub(b"", client.get(url).content), f"{url} was stale"
    return served


def fill_caches(client, urls) -> dict[str, bytes]:
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = CSRF.sub(b"", response.content)
    return pages


@pytest.fixture
def evaluated(setup):
    evaluation.evaluation_recompute_all(as_of=date.today())
    return setup


def test_a_value_accepted_on_the_web_shows_on_the_cached_indicator_page(evaluated, client_as):
    setup = evaluated
    obs = Observation.objects.create(
        indicator=setup.percent,
        unit=setup.commune,
        period="2026Q4",
        value=61.25,
        round=setup.round,
        state=Observation.State.SUBMITTED,
        source_kind=Observation.SourceKind.REPORT,
    )
    client = client_as(setup.p.coordinator)
    urls = pages(setup, unit_code=setup.commune.code)
    fill_caches(client, urls)
    response = client.post(f"/bao-cao/duyet/so-lieu/{obs.pk}/", {"decision": "accept"})
    assert response.status_code == 302
    served = assert_fresh(client, urls)
    assert "61,25" in served[f"/tong-quan/chi-so/{setup.percent.pk}/"].decode()


def test_an_excel_upload_leaves_no_page_stale(evaluated, client_as):
    setup = evaluated
    reporter = client_as(setup.p.reporter_soyte)
    workbook = excel_download(reporter, setup)
    sheet = next(ws for ws in workbook.worksheets if "Giá trị kỳ này" in [c.value for c in ws[1]])
    row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value
    )  # the first value the unit owes
    header = [c.value for c in sheet[1]]
    sheet.cell(row=row, column=header.index("Giá trị kỳ này") + 1, value=55)
    coordinator = client_as(setup.p.coordinator)
    fill_caches(coordinator, pages(setup))
    reporter = client_as(setup.p.reporter_soyte)
    response = excel_upload(reporter, setup, workbook_bytes(workbook), submit=True)
    assert response.status_code in (200, 302)
    assert Observation.objects.filter(round=setup.round, unit=setup.soyte, value=55).exists()
    assert_fresh(client_as(setup.p.coordinator), pages(setup))


def test_values_written_and_signed_off_through_the_api_leave_no_page_stale(
    evaluated, api, client_as
):
    setup = evaluated
    coordinator = client_as(setup.p.coordinator)
    fill_caches(coordinator, pages(setup))
    body = {"indicator": setup.percent.pk, "unit_code": "so-y-te", "period": "2026Q4", "value": 47}
    created = api(setup.p.reporter_soyte).post("/api/v1/observations/", body, format="json")
    assert created.status_code == 201, created.json()
    assert_fresh(coordinator, pages(setup))
    item = created.json()
    if item.get("state") == "pending_approval":
        signed = api(setup.p.approver_soyte).post(
            f"/api/v1/observations/{item['id']}/approve/",
            {"version": item["version"]},
            format="json",
        )
        assert signed.status_code == 200, signed.json()
    assert_fresh(coordinator, pages(setup))
    obs = Observation.objects.get(pk=item["id"])
    response = coordinator.post(f"/bao-cao/duyet/so-lieu/{obs.pk}/", {"decision": "accept"})
    assert response.status_code == 302
    assert_fresh(coordinator, pages(setup))


def test_a_unit_renamed_in_the_admin_shows_on_the_cached_unit_page(evaluated, client_as):
    setup = evaluated
    admin = client_as(setup.p.admin)
    urls = pages(setup)
    fill_caches(admin, urls)
    unit = Unit.objects.get(code="so-y-te")
    response = admin_change_unit(admin, unit, name="Sở Y tế (tên mới)")
    assert response.status_code == 302, response.content.decode()[:2000]
    served = assert_fresh(admin, urls)
    assert "Sở Y tế (tên mới)" in served["/tong-quan/don-vi/so-y-te/"].decode()


def test_a_plan_loaded_and_published_from_the_command_line_shows_at_once(
    evaluated, client_as, tmp_path
):
    setup = evaluated
    leader, public = client_as(setup.p.leader), client_as(None)
    before_leader = fill_caches(leader, ["/tong-quan/"])["/tong-quan/"]
    public = client_as(None)
    before_public = fill_caches(public, ["/tong-quan/"])["/tong-quan/"]
    path = tmp_path / "ke-hoach.json"
    path.write_text(json.dumps(copy.deepcopy(SAMPLE_PLAN), ensure_ascii=False), "utf-8")
    call_command("load", str(path), stdout=io.StringIO())
    leader = client_as(setup.p.leader)
    served = assert_fresh(leader, ["/tong-quan/"])["/tong-quan/"]
    assert served != before_leader  # the leader's counts include the new draft's target
    public = client_as(None)
    assert assert_fresh(public, ["/tong-quan/"])["/tong-quan/"] == before_public  # a draft
    call_command("publish", SAMPLE_PLAN["document"]["number"], stdout=io.StringIO())
    assert assert_fresh(public, ["/tong-quan/"])["/tong-quan/"] != before_public


def test_a_plan_uploaded_on_the_web_shows_on_the_coordinators_cached_overview(evaluated, client_as):
    setup = evaluated
    coordinator = client_as(setup.p.coordinator)
    before = fill_caches(coordinator, ["/tong-quan/"])["/tong-quan/"]
    text = (
        "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN\nSố: 77/KH-UBND\nKẾ HOẠCH\n"
        "Chuyển đổi số trong các trường học năm 2027\n"
        "I. MỤC TIÊU\n1. Đến năm 2027, 90% trường học sử dụng học bạ số.\n"
    )
    response = coordinator.post(
        "/chuong-trinh/nhap-van-ban/",
        {"document": SimpleUploadedFile("ke-hoach.txt", text.encode())},
    )
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    assert Program.objects.get(number="77/KH-UBND").targets.exists()
    assert assert_fresh(coordinator, ["/tong-quan/"])["/tong-quan/"] != before
