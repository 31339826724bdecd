"""The citizens' pages: the list with search and filters, a dataset's page, "Cách tính", embeds."""

import pytest

from dxtrack.registry.models import Program
from tests.opendata.conftest import DRAFT_INDICATOR, DRAFT_TITLE, UNACCEPTED_VALUE

pytestmark = pytest.mark.django_db


def test_the_header_links_open_data_for_everyone(client, stamp):
    assert 'href="/du-lieu-mo/"' in client.get("/").content.decode()


def test_the_public_searches_and_filters_the_datasets(client, world):
    everything = client.get("/du-lieu-mo/").content.decode()
    assert "Danh mục đơn vị" in everything and "Creative Commons Attribution 4.0" in everything
    found = client.get("/du-lieu-mo/", {"q": "xep hang"}).content.decode()
    assert "Điểm và xếp hạng" in found and "Danh mục đơn vị" not in found
    program = Program.objects.get(number="38/KH-UBND")
    by_program = client.get("/du-lieu-mo/", {"chuong_trinh": program.pk}).content.decode()
    assert "Danh mục đơn vị" not in by_program and "Chỉ tiêu và trạng thái" in by_program
    by_pillar = client.get("/du-lieu-mo/", {"tru_cot": "khong-co-tru-cot"}).content.decode()
    assert "Chỉ tiêu và trạng thái" in by_pillar  # an unknown pillar is no filter, not an error
    as_xlsx = client.get("/du-lieu-mo/", {"dinh_dang": "xlsx"}).content.decode()
    assert "tai-ve.xlsx" in as_xlsx and "tai-ve.csv" not in as_xlsx


def test_the_dataset_page_explains_fields_previews_rows_and_shows_the_api(client, world):
    page = client.get("/du-lieu-mo/chi-tieu/").content.decode()
    for text in (
        "Tỷ số R",  # a field with its meaning
        'id="preview"',
        "/du-lieu-mo/chi-tieu/tai-ve.csv",
        "/du-lieu-mo/chi-tieu/tai-ve.xlsx",
        "Creative Commons Attribution 4.0",
        "/api/3/action/package_show?id=chi-tieu",
        'href="/api/v1/docs/"',
        "Cách tính",
    ):
        assert text in page, text


def test_drafts_and_unaccepted_values_are_on_no_page(client, world):
    pages = ["/du-lieu-mo/", "/du-lieu-mo/so-lieu/", f"/du-lieu-mo/chi-so-{world.indicator.pk}/"]
    pages.append(f"/du-lieu-mo/nhung/chi-so/{world.indicator.pk}/")
    for url in pages:
        text = client.get(url).content.decode()
        for marker in (DRAFT_TITLE, DRAFT_INDICATOR, str(UNACCEPTED_VALUE)):
            assert marker not in text, (url, marker)
    draft_indicator = world.draft_program.targets.first().indicator
    assert client.get(f"/du-lieu-mo/nhung/chi-so/{draft_indicator.pk}/").status_code == 404
    assert (
        client.get(f"/du-lieu-mo/nhung/chuong-trinh/{world.draft_program.pk}/").status_code == 404
    )


def test_the_method_page_explains_statuses_r_and_scores_in_plain_vietnamese(client, stamp):
    page = client.get("/du-lieu-mo/cach-tinh/").content.decode()
    for text in ("Tỷ số R là gì", "Có khả năng đạt", "Quá hạn", "0,95", "40 × Nhiệm vụ đúng hạn"):
        assert text in page, text


def test_an_embed_may_be_framed_by_the_configured_sites_only(client, stamp, settings):
    settings.OPENDATA_EMBED_FRAME_ANCESTORS = ["'self'", "https://thainguyen.gov.vn"]
    program = Program.objects.get(number="38/KH-UBND")
    response = client.get(f"/du-lieu-mo/nhung/chuong-trinh/{program.pk}/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://thainguyen.gov.vn" in policy
    assert "script-src 'self'" in policy and "X-Frame-Options" not in response
    assert 'id="embed-table"' in response.content.decode()
    ordinary = client.get("/du-lieu-mo/")
    assert "frame-ancestors 'none'" in ordinary["Content-Security-Policy"]
    assert ordinary["X-Frame-Options"] == "DENY"


def test_an_english_reader_gets_the_english_titles(client, stamp):
    client.cookies["django_language"] = "en"
    page = client.get("/du-lieu-mo/chi-tieu/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Targets and their status</h1>" in page
    assert (
        "Targets and their status"
        in client.get("/du-lieu-mo/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_the_list_is_paged_and_keeps_the_search_in_its_links(client, world):
    first = client.get("/du-lieu-mo/").content.decode()
    assert first.count('class="od-dataset"') == 20 and 'href="?trang=2"' in first
    second = client.get("/du-lieu-mo/", {"q": "chi so", "trang": 2}).content.decode()
    assert 'href="?q=chi+so&amp;trang=1"' in second
